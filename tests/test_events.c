/*
 * test_events.c — CAMEO event coding: actors (countries, metonyms, agents, named leaders, user
 * PETRARCH dictionaries), patterns (verbs, nouns, passive, coordination, gerund complements),
 * flags (negation, mood, reported_by), provenance and restraint. Texts are written for these tests.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actors.h"
#include "events.h"
#include "petrarch_verbs.h"

static void dump(const nm_doc *d)
{
    const nm_event_set *s = d->events;
    for (size_t i = 0; s && i < s->v.n; i++) {
        const nm_event *e = &s->v.v[i];
        print_message("  event %s %s -> %s \"%.*s\"\n", e->code, e->source.code ? e->source.code : "?",
                      e->target.set && e->target.code ? e->target.code : "-", (int)(e->end - e->start), d->text + e->start);
    }
}

/* The first event with this source code, target code ("" = none) and code prefix, or NULL. */
static const nm_event *find(const nm_doc *d, const char *src, const char *tgt, const char *code_prefix)
{
    const nm_event_set *s = d->events;
    for (size_t i = 0; s && i < s->v.n; i++) {
        const nm_event *e = &s->v.v[i];
        if (strcmp(e->source.code ? e->source.code : "", src)) continue;
        if (*tgt ? !(e->target.set && e->target.code && !strcmp(e->target.code, tgt)) : e->target.set) continue;
        if (strncmp(e->code, code_prefix, strlen(code_prefix))) continue;
        return e;
    }
    dump(d);
    return NULL;
}

static size_t count(const nm_doc *d) { return d->events ? d->events->v.n : 0; }

static void metonymy_and_gerund_complement(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Moscow accused Kyiv of launching a drone attack on a military airfield in Crimea.", "2025-12-30");
    const nm_event *acc = find(d, "RUS", "UKR", "112");
    assert_non_null(acc);
    assert_int_equal(acc->quad, 3);
    assert_true(acc->goldstein < 0);
    assert_string_equal(acc->date, "2025-12-30");
    /* the attack is Kyiv's, alleged by Moscow: not asserted by the newspaper */
    const nm_event_set *s = d->events;
    int found = 0;
    for (size_t i = 0; i < s->v.n; i++) {
        const nm_event *e = &s->v.v[i];
        if (!strncmp(e->root, "19", 2) && !strcmp(e->source.code, "UKR")) {
            found = 1;
            assert_true(e->reporter.set);
            assert_string_equal(e->reporter.code, "RUS");
            assert_int_equal(e->alleged_by, (int)(acc - s->v.v));
        }
    }
    assert_true(found);
    nm_doc_free(d);
}

/* An event in a "DURATION after/before" clause is dated from the sentence's date. */
static void offset_clauses_move_the_date(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The French president spoke with the Chinese premier on Monday, a day after President "
                            "Macron met the German chancellor.", "2026-03-04");
    const nm_event *main_ev = find(d, "FRAGOV", "CHNGOV", "04");
    const nm_event *met = find(d, "FRAGOV", "DEUGOV", "04");
    assert_non_null(main_ev);
    assert_non_null(met);
    assert_string_equal(main_ev->date, "2026-03-02");
    assert_string_equal(met->date, "2026-03-01");
    nm_doc_free(d);
    d = nm_test_doc("France criticized Germany on Monday, two weeks before Germany accused France of spying.",
                    "2026-03-04");
    const nm_event *acc = find(d, "DEU", "FRA", "112");
    assert_non_null(acc);
    assert_string_equal(acc->date, "2026-03-16");
    nm_doc_free(d);
    /* a main clause after an "after" phrase keeps the sentence's date */
    d = nm_test_doc("A day after the election France criticized Germany on Monday.", "2026-03-04");
    const nm_event *cr = find(d, "FRA", "DEU", "111");
    assert_non_null(cr);
    assert_string_equal(cr->date, "2026-03-02");
    nm_doc_free(d);
}

/* "international troops in Ukraine": where the troops are, not whose. */
static void foreign_forces_in_a_country(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("France called for international troops in Ukraine.", "2026-03-04");
    const nm_event_set *s = d->events;
    for (size_t i = 0; s && i < s->v.n; i++)
        if (s->v.v[i].target.set) assert_true(strncmp(s->v.v[i].target.code, "UKR", 3));
    nm_doc_free(d);
    d = nm_test_doc("France criticized soldiers in Ukraine.", "2026-03-04");
    assert_non_null(find(d, "FRA", "UKRMIL", "111"));
    nm_doc_free(d);
}

static void titled_people_and_leaders(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Iraq's national security adviser met with Syrian President Bashar Assad on Tuesday.", NULL);
    assert_non_null(find(d, "IRQGOV", "SYRGOV", "04"));
    nm_doc_free(d);
    d = nm_test_doc("Trump hosted Zelensky at his estate in Florida on Sunday.", "2025-12-29");
    const nm_event *e = find(d, "USAGOV", "UKRGOV", "043");
    assert_non_null(e);
    assert_non_null(e->place_end ? e : NULL);
    assert_int_equal(strncmp(d->text + e->place_start, "Florida", 7), 0);
    nm_doc_free(d);
    /* a surname seen after a title keeps its code later in the article */
    d = nm_test_doc("Fooland's Foreign Minister Anna Quill arrived on Monday. Later, Quill condemned Russia.", NULL);
    assert_non_null(find(d, "---GOV", "RUS", "111"));
    nm_doc_free(d);
}

static void agents_combine_with_countries(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Soldiers from Ukraine shelled Russian troops near the border.", NULL);
    assert_non_null(find(d, "UKRMIL", "RUSMIL", "19"));
    nm_doc_free(d);
    d = nm_test_doc("Russian police arrested students in Moscow today.", NULL);
    assert_non_null(find(d, "RUSCOP", "---EDU", "173"));
    nm_doc_free(d);
}

static void passive_voice(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Iraq was criticized by France on Tuesday.", NULL);
    assert_non_null(find(d, "FRA", "IRQ", "111"));
    assert_null(d->events->v.n > 1 ? d : NULL);
    nm_doc_free(d);
}

static void coordination(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The United States, Russia and Switzerland met in Geneva.", NULL);
    assert_int_equal(count(d), 6); /* every ordered pair of the three */
    assert_non_null(find(d, "CHE", "RUS", "04"));
    nm_doc_free(d);
    d = nm_test_doc("Britain and France condemned Iran and Syria.", NULL);
    assert_int_equal(count(d), 4);
    assert_non_null(find(d, "FRA", "SYR", "111"));
    nm_doc_free(d);
}

static void negation_mood_and_threats(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Obama said he would not provide support to Israel.", NULL);
    const nm_event *e = find(d, "USAGOV", "ISR", "12");
    assert_non_null(e);
    assert_true(e->negated);
    assert_int_equal(e->mood, NM_MOOD_HYPOTHETICAL);
    nm_doc_free(d);
    d = nm_test_doc("Russia threatened to attack Ukraine.", NULL);
    assert_non_null(find(d, "RUS", "UKR", "138"));
    nm_doc_free(d);
    /* a conflict that did not happen is no event; the asserted one is */
    d = nm_test_doc("Russia did not attack Ukraine on Monday.", NULL);
    if (count(d)) dump(d);
    assert_int_equal(count(d), 0);
    nm_doc_free(d);
    d = nm_test_doc("Russia attacked Ukraine on Monday.", NULL);
    assert_non_null(find(d, "RUS", "UKR", "18"));
    nm_doc_free(d);
    d = nm_test_doc("China will send aid to Nepal next week.", NULL);
    e = find(d, "CHN", "NPL", "07");
    assert_non_null(e);
    assert_int_equal(e->mood, NM_MOOD_FUTURE);
    nm_doc_free(d);
}

static void reported_events(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Russian Foreign Minister Sergei Lavrov said Ukraine had attacked a power plant in Belgorod.", NULL);
    const nm_event *e = find(d, "UKR", "", "18");
    if (!e) e = find(d, "UKR", "RUS", "18");
    assert_non_null(e);
    assert_true(e->reporter.set);
    assert_string_equal(e->reporter.code, "RUSGOV");
    nm_doc_free(d);
}

static void nominal_events(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Four civilians were killed in Israeli shelling of the Gaza Strip on Friday.", NULL);
    assert_non_null(find(d, "ISR", "PSE", "19"));
    nm_doc_free(d);
}

static void restraint(void **state)
{
    (void)state;
    const char *texts[] = {"The weather in Paris was mild on Sunday.", "A protester demolished the building.",
                           "The tanks head back from the border after the skirmish went wrong.",
                           "China's coal mines are among the most dangerous in the world."};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        nm_doc *d = nm_test_doc(texts[i], NULL);
        if (count(d)) dump(d);
        assert_int_equal(count(d), 0);
        nm_doc_free(d);
    }
}

static void json_shape_and_offsets(void **state)
{
    (void)state;
    const char *text = "Kremlin aide Yury Ushakov said on Monday that Russia had captured the village of Dibrova.\n\n"
                       "The White House rejected the proposal from the Kremlin.";
    json_t *j = nm_test_json(text, "2025-12-29");
    assert_non_null(j);
    json_t *evs = json_object_get(j, "events");
    assert_true(json_is_array(evs));
    assert_true(json_array_size(evs) >= 1);
    int rejected = 0;
    for (size_t i = 0; i < json_array_size(evs); i++) {
        json_t *e = json_array_get(evs, i);
        const char *keys[] = {"source", "target", "code", "root", "quad", "goldstein", "text", "start", "end",
                              "sentence", "date", "place", "negated", "mood", "reported_by"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) assert_non_null(json_object_get(e, keys[k]));
        /* the span points at the text (ASCII here, so code points are bytes) */
        size_t st = (size_t)json_integer_value(json_object_get(e, "start"));
        size_t en = (size_t)json_integer_value(json_object_get(e, "end"));
        const char *t = json_string_value(json_object_get(e, "text"));
        assert_int_equal(en - st, strlen(t));
        assert_memory_equal(text + st, t, en - st);
        const char *root = json_string_value(json_object_get(e, "root"));
        assert_int_equal(strlen(root), 2);
        assert_int_equal(strncmp(root, json_string_value(json_object_get(e, "code")), 2), 0);
        json_t *src = json_object_get(e, "source");
        if (!strcmp(root, "12")) {
            rejected = 1;
            assert_string_equal(json_string_value(json_object_get(src, "code")), "USA");
            assert_string_equal(json_string_value(json_object_get(json_object_get(e, "target"), "code")), "RUS");
            assert_int_equal(json_integer_value(json_object_get(e, "sentence")), 1);
        }
    }
    assert_true(rejected);
    json_decref(j);
}

static void huge_sentence_stays_linear(void **state)
{
    (void)state;
    size_t reps = 2500;
    const char *unit = "Russia attacked Ukraine and ";
    size_t ul = strlen(unit);
    char *text = malloc(reps * ul + 16);
    for (size_t i = 0; i < reps; i++) memcpy(text + i * ul, unit, ul);
    strcpy(text + reps * ul, "stopped.");
    nm_doc *d = nm_test_doc(text, NULL);
    assert_non_null(d->events);
    nm_doc_free(d);
    free(text);
}

/* ---- user PETRARCH/TABARI dictionaries ---- */

static char *write_temp(const char *content)
{
    char *path = strdup("/tmp/nm-test-dict-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(content);
    assert_int_equal(write(fd, content, n), (ssize_t)n);
    close(fd);
    return path;
}

/* An engine with the user files of o; the test fails with the engine's message if it does not start. */
static nm_engine *engine_with(const nm_options *o)
{
    char err[256];
    nm_engine *eng = nm_engine_new(o, err, sizeof err);
    if (!eng) fail_msg("engine: %s", err);
    return eng;
}

static void petrarch_dictionaries(void **state)
{
    (void)state;
    char *actors = write_temp("<!-- test actors -->\n"
                              "ZORLAND  [ZOR] # a made-up country\n"
                              "+ZORLANDI\n"
                              "QUUXIA_ [QUX]\n"
                              "SAM_SMALLWOOD [SMW]\n"
                              "\t[SMWGOV 19950601 - 19991231]\n"
                              "\t[SMWREB >20000101]\n"
                              "THE_TRIO_ [TRA/TRB/TRC] # a compound entry: three actors at once\n"
                              "OLDLAND\n"
                              "\t[OLD < 950601]\n"
                              "\t[OLDGOV > 950601]\n"
                              "BROKEN [\n"
                              "+ORPHAN\n");
    char *agents = write_temp("!PERSON! = MAN, MEN, WOMAN, WOMEN\n"
                              "POLICE {} [~COP] # jon\n"
                              "TROOP {TROOPS} [~MIL]\n"
                              "MSF {} [NGO~]\n"
                              "CONGRESS!PERSON! [~LEG]\n");
    nm_options o;
    memset(&o, 0, sizeof o);
    o.actors_path = actors;
    o.agents_path = agents;
    nm_engine *eng = engine_with(&o);
    const char *texts[] = {"Zorland restored diplomatic ties with Quuxia.", "Zorlandi police arrested Quuxia troops.",
                           "Sam Smallwood condemned Zorland.", "Sam Smallwood condemned Zorland.",
                           "A Zorland congressman criticized Quuxia.",
                           "The Trio restored diplomatic ties with Quuxia.", "The Trio restored diplomatic ties with Quuxia.",
                           "The Trio restored diplomatic ties with Quuxia.",
                           "Oldland criticized Quuxia.", "Oldland criticized Quuxia.",
                           "Zorland (ZL) and Quuxia met on Monday."};
    const char *dates[] = {"1999-01-01", NULL, "1998-05-05", "2003-05-05", NULL, NULL, NULL, NULL,
                           "1994-03-01", "1996-03-01", NULL};
    /* compound entries give one event per alternative; "[CODE < DATE]" with blanks is a date
     * restriction; an acronym in parentheses does not break coordination */
    const char *want[][3] = {{"ZOR", "QUX", "06"}, {"ZORCOP", "QUXMIL", "17"}, {"SMWGOV", "ZOR", "11"},
                             {"SMWREB", "ZOR", "11"}, {"ZORLEG", "QUX", "11"},
                             {"TRA", "QUX", "06"}, {"TRB", "QUX", "06"}, {"TRC", "QUX", "06"},
                             {"OLD", "QUX", "11"}, {"OLDGOV", "QUX", "11"}, {"QUX", "ZOR", "04"}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        nm_article a;
        memset(&a, 0, sizeof a);
        a.body = texts[i];
        a.body_len = strlen(texts[i]);
        if (dates[i]) { a.date = dates[i]; a.date_len = strlen(dates[i]); }
        nm_doc *d = nm_analyze(eng, &a);
        if (!find(d, want[i][0], want[i][1], want[i][2])) print_message("case %zu: %s\n", i, texts[i]);
        assert_non_null(find(d, want[i][0], want[i][1], want[i][2]));
        /* a dated code applies only in its range */
        if (i == 8) assert_null(find(d, "OLDGOV", "QUX", "11"));
        if (i == 9) assert_null(find(d, "OLD", "QUX", "11"));
        nm_doc_free(d);
    }
    nm_engine_free(eng);
    /* a missing file is an error, reported */
    char err[256];
    o.actors_path = "/nonexistent/actors.txt";
    assert_null(nm_engine_new(&o, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/actors.txt"));
    unlink(actors);
    unlink(agents);
    free(actors);
    free(agents);
}

static void country_modifiers_of_things_are_not_actors(void **state)
{
    (void)state;
    /* control: a sector word makes the nationality an actor */
    nm_doc *d = nm_test_doc("Japanese officials will visit Saudi Arabia this month.", NULL);
    assert_non_null(find(d, "JPNGOV", "SAU", "04"));
    nm_doc_free(d);
    const char *none[] = {"Japanese customers will visit Saudi Arabia this month.",
                          "A British team toured New Zealand and Australia in 1888.",
                          "Canada's largest textile producer has been negotiating with U.S. textile companies."};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        d = nm_test_doc(none[i], NULL);
        if (count(d)) { print_message("%s\n", none[i]); dump(d); }
        assert_int_equal(count(d), 0);
        nm_doc_free(d);
    }
}

static void stateless_companies_are_not_actors(void **state)
{
    (void)state;
    /* control: an unknown-country government with a known target is kept */
    nm_doc *d = nm_test_doc("The government criticized the United States on Monday.", NULL);
    assert_non_null(find(d, "---GOV", "USA", "11"));
    nm_doc_free(d);
    d = nm_test_doc("The company criticized the United States on Monday.", NULL);
    if (count(d)) dump(d);
    assert_int_equal(count(d), 0);
    nm_doc_free(d);
}

static void concessions_and_complement_clauses(void **state)
{
    (void)state;
    /* "allowed that ..." concedes a point: no easing of restrictions (083) */
    nm_doc *d = nm_test_doc("Israel allowed that Egypt is not a threat.", NULL);
    if (count(d)) dump(d);
    assert_int_equal(count(d), 0);
    nm_doc_free(d);
    d = nm_test_doc("Israel allowed Egypt to reopen the crossing.", NULL);
    assert_non_null(find(d, "ISR", "EGY", "08"));
    nm_doc_free(d);
    /* "that" before a name opens a clause: Scotland is not the target of the announcement */
    d = nm_test_doc("Britain announced last year that Scotland's regiments would be merged.", NULL);
    if (count(d)) dump(d);
    assert_int_equal(count(d), 0);
    nm_doc_free(d);
}

static void sectors_distribute_over_countries(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Lawmakers and officials in France and Germany criticized Russia.", NULL);
    assert_int_equal(count(d), 4);
    assert_non_null(find(d, "FRALEG", "RUS", "11"));
    assert_non_null(find(d, "DEULEG", "RUS", "11"));
    assert_non_null(find(d, "FRAGOV", "RUS", "11"));
    assert_non_null(find(d, "DEUGOV", "RUS", "11"));
    nm_doc_free(d);
}

static void countries_in_sport_reports_are_teams(void **state)
{
    (void)state;
    const char *none[] = {"New Zealand visited Wales in 1953 and lost 8-3 to Cardiff.",
                          "The first South Africa tour of New Zealand started the greatest rivalry in rugby."};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        nm_doc *d = nm_test_doc(none[i], NULL);
        if (count(d)) dump(d);
        assert_int_equal(count(d), 0);
        nm_doc_free(d);
    }
    /* control: a vote count is no score */
    nm_doc *d = nm_test_doc("Russia visited Syria after the council voted 13-2.", NULL);
    assert_non_null(find(d, "RUS", "SYR", "04"));
    nm_doc_free(d);
}

static void inline_dateline_is_not_an_actor(void **state)
{
    (void)state;
    /* the city of a dateline the structure layer left in the sentence is where, not who */
    nm_doc *d = nm_test_doc("Officials met on Monday. BEIRUT - Syria intervened to halt months of fighting by the militia.", NULL);
    for (size_t i = 0; i < count(d); i++) assert_string_not_equal(d->events->v.v[i].source.code, "LBN");
    nm_doc_free(d);
    d = nm_test_doc("ROME - Israeli Foreign Minister Shimon Peres discussed the Middle East with Palestinian officials.", NULL);
    assert_non_null(find(d, "ISRGOV", "PSEGOV", "04"));
    assert_null(find(d, "ITA", "PSEGOV", "04"));
    nm_doc_free(d);
}

static void dictionary_reader_is_lenient(void **state)
{
    (void)state;
    nm_actor_dict *ad = nm_actor_dict_new();
    const char *junk = "[[[\n+\n]]]\n<!--\nunterminated\n#\n!X! =\nNAME [CODE <]\nOTHER [A/B/C/D/E/F/G/H]\n";
    assert_true(nm_actor_dict_read_actors(ad, junk, strlen(junk)) >= 0);
    assert_true(nm_actor_dict_read_agents(ad, junk, strlen(junk)) >= 0);
    size_t before = nm_actor_dict_size(ad);
    const char *ok = "ALPHA_BETA [ABX]\n";
    assert_int_equal(nm_actor_dict_read_actors(ad, ok, strlen(ok)), 1);
    assert_int_equal(nm_actor_dict_size(ad), before + 1);
    nm_actor_dict_free(ad);
}

static void user_pattern_lexicon(void **state)
{
    (void)state;
    char *lex = write_temp("# user patterns\nsnub\t1231\nn:rebuke\t111\n");
    nm_options o;
    memset(&o, 0, sizeof o);
    o.event_lexicon_path = lex;
    nm_engine *eng = engine_with(&o);
    nm_article a;
    memset(&a, 0, sizeof a);
    a.body = "France snubbed Italy at the summit.";
    a.body_len = strlen(a.body);
    nm_doc *d = nm_analyze(eng, &a);
    assert_non_null(find(d, "FRA", "ITA", "1231"));
    nm_doc_free(d);
    nm_engine_free(eng);
    unlink(lex);
    free(lex);
}

/* ---- PETRARCH/TABARI verb dictionaries (--verbs) ---- */

typedef struct collected {
    char text[4096];
    size_t len;
} collected;

static int collect_pattern(void *ctx, const char *pattern, const char *code)
{
    collected *c = ctx;
    int n = snprintf(c->text + c->len, sizeof c->text - c->len, "%s\t%s\n", pattern, code);
    if (n > 0 && (size_t)n < sizeof c->text - c->len) c->len += (size_t)n;
    return 0;
}

/* A dictionary written for this test, in PETRARCH's format: synsets, a block default, irregular
 * forms, a phrasal verb, adjacency ('_') and gaps (space), markers, dual and lettered codes, a
 * pattern that needs context before the verb (skipped) and a TABARI-style block without header. */
static const char VERBS_DICT[] =
    "<!-- test verbs -->\n"
    "&MONEY\n+DOLLARS\n+SWISS FRANCS\n+&METAL\n\n"
    "&METAL\n+GOLD_\n\n"
    "--- DONATE  [070]  ---\n"
    "DONATE  # a comment\n"
    "GIVE {GAVE GIVEN}\n"
    "- * &MONEY [0711] # money\n"
    "- * + (TO BORDER) [154:150]\n"
    "- SAID * BLANKETS [073]\n"
    "\n"
    "--- SNUB [---] ---\n"
    "+BRUSH_OFF {+BRUSHED_OFF}\n"
    "- *_ENVOY [1231A]\n"
    "- * [:111]\n"
    "SCOLD [111]\n"
    "- * $ SHARPLY [112]\n";

static void verb_dictionary_translation(void **state)
{
    (void)state;
    collected c = {.len = 0};
    nm_verbs_stats st = {0};
    assert_int_equal(nm_petrarch_verbs_read(VERBS_DICT, strlen(VERBS_DICT), collect_pattern, &c, &st), 0);
    c.text[c.len] = 0;
    const char *want =
        "donate\t070\n"
        "give|gave|given\t070\n"
        "donate * dollars\t0711\n"
        "donate * swiss francs\t0711\n"
        "donate * gold\t0711\n"
        "give|gave|given * dollars\t0711\n"
        "give|gave|given * swiss francs\t0711\n"
        "give|gave|given * gold\t0711\n"
        "donate ** to * border\t154\n"
        "give|gave|given ** to * border\t154\n"
        "brush|brushed off\t---\n"
        "brush|brushed off envoy\t1231\n"
        "scold\t111\n"
        "scold ** sharply\t112\n";
    if (strcmp(c.text, want)) print_message("got:\n%s", c.text);
    assert_string_equal(c.text, want);
    assert_int_equal(st.patterns, 14);
    /* "- SAID * BLANKETS" needs a word before the verb; "- * [:111]" adds nothing after it */
    assert_int_equal(st.skipped, 1);
    /* the nesting bound counts synsets inside synsets, not synsets side by side */
    static const char MANY[] = "&A\n+X\n--- V [010] ---\nV\n- * &A &A &A &A &A [011]\n";
    collected c2 = {.len = 0};
    assert_int_equal(nm_petrarch_verbs_read(MANY, strlen(MANY), collect_pattern, &c2, NULL), 0);
    c2.text[c2.len] = 0;
    assert_string_equal(c2.text, "v\t010\nv * x * x * x * x * x\t011\n");
}

static void verb_dictionary_codes_events(void **state)
{
    (void)state;
    char *verbs = write_temp("--- CONDEMN [122] ---\nCONDEMN\n- * $ BITTERLY [123]\n\n"
                             "--- VISIT [---] ---\nVISIT\n");
    nm_options o;
    memset(&o, 0, sizeof o);
    o.event_verbs_path = verbs;
    nm_engine *eng = engine_with(&o);
    const char *texts[] = {"France condemned Italy on Monday.", "France condemned Italy bitterly on Monday.",
                           "France visited Italy on Monday.", "France criticized Italy on Monday."};
    /* the dictionary's code replaces the built-in one (111); "**" lets the gap hold the target;
     * "[---]" says the verb is no event; verbs it does not list keep the built-in coding */
    const char *want[] = {"122", "123", NULL, "111"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        nm_article a;
        memset(&a, 0, sizeof a);
        a.body = texts[i];
        a.body_len = strlen(texts[i]);
        nm_doc *d = nm_analyze(eng, &a);
        if (want[i]) assert_non_null(find(d, "FRA", "ITA", want[i]));
        else assert_int_equal(count(d), 0);
        nm_doc_free(d);
    }
    nm_engine_free(eng);
    /* a missing file or a directory is an error that names the file, not an empty dictionary */
    char err[256];
    const char *bad[] = {"/nonexistent/verbs.txt", "/tmp"};
    for (size_t i = 0; i < 2; i++) {
        o.event_verbs_path = bad[i];
        assert_null(nm_engine_new(&o, err, sizeof err));
        assert_non_null(strstr(err, "verb dictionary"));
        assert_non_null(strstr(err, bad[i]));
    }
    /* without the dictionary the built-in coding holds */
    nm_doc *d = nm_test_doc("France visited Italy on Monday.", NULL);
    assert_true(count(d) > 0);
    nm_doc_free(d);
    unlink(verbs);
    free(verbs);
}

/* The root (first two digits) of a CAMEO code as 0-99, or -1. */
static int root_of(const char *code)
{
    if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return -1;
    return (code[0] - '0') * 10 + (code[1] - '0');
}

/* Root-code F1 of an engine over one suite of the PETRARCH development cases (../shared): the
 * root codes of each case's events, matched as multisets. -1 when the data is missing. */
static double suite_root_f1(const nm_engine *eng, const char *suite)
{
    size_t len;
    char *data = nm_test_read_file(nm_test_shared("data/events/petrarch-dev.jsonl"), &len);
    if (!data) return -1;
    size_t tp = 0, npred = 0, ngold = 0;
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        json_t *rec = json_loads(line, 0, NULL);
        if (!rec) continue;
        const char *text = json_string_value(json_object_get(rec, "text"));
        const char *date = json_string_value(json_object_get(rec, "date"));
        const char *su = json_string_value(json_object_get(rec, "suite"));
        if (text && su && !strcmp(su, suite)) {
            int gold[100] = {0}, pred[100] = {0};
            json_t *ev;
            size_t k;
            json_array_foreach(json_object_get(rec, "events"), k, ev) {
                int r = root_of(json_string_value(json_object_get(ev, "code")));
                if (r >= 0) gold[r]++;
                ngold++;
            }
            char ymd[11] = "";
            if (date && strlen(date) == 8) snprintf(ymd, sizeof ymd, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
            nm_article a;
            memset(&a, 0, sizeof a);
            a.body = text;
            a.body_len = strlen(text);
            if (ymd[0]) { a.date = ymd; a.date_len = 10; }
            nm_doc *d = nm_analyze(eng, &a);
            for (size_t e = 0; d && d->events && e < d->events->v.n; e++) {
                int r = root_of(d->events->v.v[e].code);
                if (r >= 0) pred[r]++;
                npred++;
            }
            nm_doc_free(d);
            for (int r = 0; r < 100; r++) tp += (size_t)(gold[r] < pred[r] ? gold[r] : pred[r]);
        }
        json_decref(rec);
    }
    free(data);
    return npred + ngold ? 2.0 * (double)tp / (double)(npred + ngold) : 0;
}

/* The event-coding suites as guards: the GSR wire sentences with the built-in CAMEO coding, and the
 * unit tests with all three of their own dictionaries (their codes are the suite's WEIS-style ones,
 * docs/events.md): the reviewer's floors are .65 and .60; these sit below today's .835 and .833. */
static void petrarch_suites(void **state)
{
    (void)state;
    double gsr = suite_root_f1(nm_test_engine(), "petr2-gsr");
    if (gsr < 0) skip();
    print_message("GSR root F1 %.3f\n", gsr);
    assert_true(gsr >= 0.78);
    static const char *const files[3] = {"actors", "agents", "verbs"};
    char dicts[3][512];
    for (int i = 0; i < 3; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "data/events/petrarch-validate-dicts/PETR.Validate.%s.txt", files[i]);
        snprintf(dicts[i], sizeof dicts[i], "%s", nm_test_shared(rel)); /* nm_test_shared's buffer is reused */
    }
    nm_options o;
    memset(&o, 0, sizeof o);
    o.actors_path = dicts[0];
    o.agents_path = dicts[1];
    o.event_verbs_path = dicts[2];
    nm_engine *eng = engine_with(&o);
    double unit = suite_root_f1(eng, "petr-unittest");
    print_message("unit tests with their dictionaries: root F1 %.3f\n", unit);
    assert_true(unit >= 0.78);
    nm_engine_free(eng);
}

static void briefing_timeline(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Trump hosted Zelensky on Sunday. Russia accused Ukraine of aggression on Monday.", "2025-12-30");
    char *out;
    size_t len;
    assert_int_equal(nm_doc_render(d, NM_FORMAT_TEXT, &out, &len), 0);
    assert_non_null(strstr(out, "Events (timeline)"));
    assert_non_null(strstr(out, "hosted"));
    assert_non_null(strstr(out, "accused"));
    free(out);
    nm_doc_free(d);
}


/* No event, with a control that does give one. */
static void expect_none(const char *text)
{
    nm_doc *d = nm_test_doc(text, "2024-05-02");
    if (count(d)) {
        print_message("expected no event in: %s\n", text);
        dump(d);
    }
    assert_int_equal(count(d), 0);
    nm_doc_free(d);
}

static void expect_event(const char *text, const char *src, const char *tgt, const char *code)
{
    nm_doc *d = nm_test_doc(text, "2024-05-02");
    const nm_event *e = find(d, src, tgt, code);
    if (!e) print_message("expected %s %s -> %s in: %s\n", code, src, tgt, text);
    assert_non_null(e);
    nm_doc_free(d);
}

/* Held-out news showed these misreadings; each rule is general and has a control. */
static void targets_must_be_actors(void **state)
{
    (void)state;
    /* a place inside the object of a cooperation verb is not its target */
    expect_none("The prime minister launched a fund to allow school clubs in England to open longer.");
    /* control: a visit to a place does target it */
    expect_event("Chancellor Olaf Scholz arrived in Indonesia on Monday.", "DEUGOV", "IDN", "042");
    /* an actor after "as" or "like" inside the object is an example, not the target */
    expect_none("Erdogan attacked the proclamation of the Golan Heights as Israeli territory.");
    /* the maker of a thing handed over gets nothing */
    expect_none("The White House released a summary of a call made by President Donald Trump.");
    /* a meeting verb with a thing as its object is no meeting */
    expect_none("Poland would meet its financial obligations to the United States.");
    expect_event("Poland met the United States on Friday.", "POL", "USA", "04");
    /* a meeting's place is where, not whom */
    expect_none("The IMF Interim Committee will meet formally in Washington next Thursday.");
    /* talks with what belongs to an actor are not talks with the actor */
    expect_none("The Finance Secretary negotiated with the Philippines' commercial creditors.");
    /* an actor acting for its own country does not act on it */
    expect_none("Last year President Donald Trump withdrew the United States from the treaty.");
    /* the subject of the statement's own clause is no target of the statement */
    expect_none("The attorney declared the government would ask for a jail term.");
}

static void modifiers_are_not_actors(void **state)
{
    (void)state;
    /* a nationality before a plain noun, a sector word used as an adjective, a city or country
     * before a noun after a determiner other than "the", a nationality inside a name */
    expect_none("Germany banned the Iranian airline from flying over the European nation.");
    expect_none("Saudi Arabia was insisting on official prices, the sources said.");
    expect_none("Some U.S. brokers are taking orders from the Japanese at lower prices.");
    expect_none("Thailand's Thai Raksa Chart Party withdrew from the race for prime minister.");
    expect_none("European demand for U.S. soybeans pushed prices higher.");
    expect_none("Workers at the plant went on strike in America last week.");
    expect_none("NATO forces are monitoring a deployment of Soviet attack submarines in the Atlantic.");
    /* controls: weapons and detainees keep their nationality; sector words stay actors */
    expect_event("Mr Smith and three other freed British detainees were released by UK police.", "GBRCOP", "GBR", "084");
    expect_event("Israeli tank shelling killed four people in Gaza on Friday.", "ISR", "", "19");
    expect_event("The government criticized the United States on Monday.", "---GOV", "USA", "11");
}

static void subjects_and_appositions(void **state)
{
    (void)state;
    /* the phrase right before the verb is its subject */
    expect_event("Iwasaki made it clear Japan welcomed the steps taken by President Xi Jinping.", "JPN", "CHNGOV", "04");
    /* an unknown name before the verb: no event for the phrase further back */
    expect_none("The government announced today Nakasone will visit Washington.");
    /* an apposition after a comma is no coordinated actor */
    nm_doc *d = nm_test_doc("Officials said Iran, Iraq's enemy in the war, had attacked two tankers near Kuwait.", "1987-03-02");
    assert_non_null(find(d, "IRN", "KWT", "1"));
    const nm_event_set *s = d->events;
    for (size_t i = 0; i < s->v.n; i++) assert_string_not_equal(s->v.v[i].source.code, "IRQ");
    nm_doc_free(d);
    /* a comma list closed by "and", with a two-word name inside, is one group */
    d = nm_test_doc("The United States, Japan, West Germany and France agreed to stabilise exchange rates.", "1987-03-02");
    assert_non_null(find(d, "USA", "DEU", "03"));
    assert_non_null(find(d, "DEU", "FRA", "03"));
    nm_doc_free(d);
    /* the antecedent of a closed relative clause is the passive subject */
    expect_event("Italy, which refused to join the pact, was invited back by Treasury Secretary James Baker.", "---GOV", "ITA", "02");
    /* a possessor names whose thing acts */
    expect_none("The government's proposals have met with disapproval from rights groups.");
    /* "no evidence to support" states no event */
    expect_none("Officials said there is no evidence to support the President's claims.");
    /* a month before its day is no verb */
    expect_none("Caracas, march 12 - president Jaime Lusinchi defended the accord his government signed.");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(metonymy_and_gerund_complement),
    cmocka_unit_test(offset_clauses_move_the_date),
    cmocka_unit_test(foreign_forces_in_a_country),
    cmocka_unit_test(titled_people_and_leaders),
    cmocka_unit_test(agents_combine_with_countries),
    cmocka_unit_test(passive_voice),
    cmocka_unit_test(coordination),
    cmocka_unit_test(negation_mood_and_threats),
    cmocka_unit_test(reported_events),
    cmocka_unit_test(nominal_events),
    cmocka_unit_test(restraint),
    cmocka_unit_test(json_shape_and_offsets),
    cmocka_unit_test(huge_sentence_stays_linear),
    cmocka_unit_test(petrarch_dictionaries),
    cmocka_unit_test(dictionary_reader_is_lenient),
    cmocka_unit_test(country_modifiers_of_things_are_not_actors),
    cmocka_unit_test(stateless_companies_are_not_actors),
    cmocka_unit_test(concessions_and_complement_clauses),
    cmocka_unit_test(sectors_distribute_over_countries),
    cmocka_unit_test(countries_in_sport_reports_are_teams),
    cmocka_unit_test(inline_dateline_is_not_an_actor),
    cmocka_unit_test(user_pattern_lexicon),
    cmocka_unit_test(verb_dictionary_translation),
    cmocka_unit_test(verb_dictionary_codes_events),
    cmocka_unit_test(petrarch_suites),
    cmocka_unit_test(briefing_timeline),
    cmocka_unit_test(targets_must_be_actors),
    cmocka_unit_test(modifiers_are_not_actors),
    cmocka_unit_test(subjects_and_appositions),
};

NM_TEST_GROUP(events, tests)
