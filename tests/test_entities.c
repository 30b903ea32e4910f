/*
 * test_entities.c — the entity layer on a wire story written for this test (fictional people):
 * one entity per person with the full name, roles from pre-modifiers and appositives, actor codes,
 * pronouns and descriptions, metonyms, the JSON shape, and the seed article when it is present.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"

static const char STORY[] =
    "GENEVA (Wire) \xE2\x80\x94 Norwegian Foreign Minister Ingrid Halvorsen met Brazilian President Carlos Mendes on "
    "Tuesday, the Norwegian foreign ministry said.\n\n"
    "Mendes told reporters that the talks had been useful. He said a new agreement on forest protection could be "
    "signed in March.\n\n"
    "Halvorsen\xE2\x80\x99s chief of staff Peter Lund, who joined the meeting, said Oslo was ready to provide funding.\n\n"
    "Anna Weber, a spokeswoman for the European Commission, said Brussels welcomed the talks. She added that the "
    "Commission would send experts.\n\n"
    "The Brazilian president later flew to Paris, where he met Canadian Prime Minister Mark Doyle.\n";

static int32_t find_entity(const nm_doc *d, const char *name)
{
    const nm_entity_set *es = d->entities;
    for (size_t i = 0; i < es->ents.n; i++)
        if (!strcmp(es->ents.v[i].name, name)) return (int32_t)i;
    return -1;
}

static int count_named(const nm_doc *d, const char *name)
{
    int n = 0;
    for (size_t i = 0; i < d->entities->ents.n; i++) n += !strcmp(d->entities->ents.v[i].name, name);
    return n;
}

static const nm_ent_role *role_with(const nm_entity *e, const char *title)
{
    for (size_t i = 0; i < e->roles.n; i++)
        if (!strcmp(e->roles.v[i].title, title)) return &e->roles.v[i];
    return NULL;
}

/* First token whose text is s, from token `from`. */
static uint32_t tok_index(const nm_doc *d, const char *s, uint32_t from)
{
    for (uint32_t t = from; t < d->toks.n; t++)
        if (nm_tok_is(d, &d->toks.v[t], s)) return t;
    fail_msg("token %s not found", s);
    return 0;
}

static void people_have_full_names_and_roles(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, "2026-03-03");
    struct { const char *name, *title, *of, *country, *sector; } want[] = {
        {"Ingrid Halvorsen", "Foreign Minister", "Norway", "NOR", "GOV"},
        {"Carlos Mendes", "President", "Brazil", "BRA", "GOV"},
        {"Peter Lund", "chief of staff", "Ingrid Halvorsen", "NOR", "GOV"},
        {"Anna Weber", "spokeswoman", "European Commission", "EU", NULL},
        {"Mark Doyle", "Prime Minister", "Canada", "CAN", "GOV"},
    };
    int persons = 0;
    for (size_t i = 0; i < d->entities->ents.n; i++) persons += d->entities->ents.v[i].type == NM_ENT_PERSON;
    assert_int_equal(persons, 5);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(count_named(d, want[i].name), 1);
        const nm_entity *e = nm_entity_by_index(d, find_entity(d, want[i].name));
        assert_non_null(e);
        assert_int_equal(e->type, NM_ENT_PERSON);
        const nm_ent_role *r = role_with(e, want[i].title);
        if (!r) fail_msg("%s has no role %s", want[i].name, want[i].title);
        assert_non_null(r->of);
        assert_string_equal(r->of, want[i].of);
        assert_string_equal(e->country, want[i].country);
        if (want[i].sector) assert_string_equal(e->sector, want[i].sector);
    }
    /* "Mendes" joined "Carlos Mendes" */
    const nm_entity *mendes = nm_entity_by_index(d, find_entity(d, "Carlos Mendes"));
    assert_true(mendes->mentions.n >= 3);
    nm_doc_free(d);
}

static void places_are_not_people(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, NULL);
    const char *places[] = {"Oslo", "Paris", "Brussels"};
    for (size_t i = 0; i < 3; i++) {
        int32_t k = find_entity(d, places[i]);
        assert_true(k >= 0);
        assert_int_not_equal(nm_entity_by_index(d, k)->type, NM_ENT_PERSON);
    }
    const nm_entity *oslo = nm_entity_by_index(d, find_entity(d, "Oslo"));
    assert_int_equal(oslo->type, NM_ENT_GPE);
    assert_string_equal(oslo->country, "NOR");
    /* demonyms are NORP, the commission an IGO */
    const nm_entity *nor = nm_entity_by_index(d, find_entity(d, "Norwegian"));
    assert_int_equal(nor->type, NM_ENT_NORP);
    const nm_entity *ec = nm_entity_by_index(d, find_entity(d, "European Commission"));
    assert_int_equal(ec->type, NM_ENT_ORG);
    assert_string_equal(ec->country, "EU");
    assert_string_equal(ec->sector, "IGO");
    nm_doc_free(d);
}

static void pronouns_descriptions_and_resolve(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, NULL);
    int32_t mendes = find_entity(d, "Carlos Mendes"), weber = find_entity(d, "Anna Weber");
    uint32_t he = tok_index(d, "He", 0);
    const nm_mention *m = nm_mention_at(d, he);
    assert_non_null(m);
    assert_int_equal(m->kind, NM_MENTION_PRONOUN);
    assert_int_equal(m->entity, mendes);
    assert_int_equal(nm_entity_resolve(d, he, he + 1), mendes);
    uint32_t she = tok_index(d, "She", 0);
    assert_int_equal(nm_entity_resolve(d, she, she + 1), weber);
    /* the head decides: "the Norwegian foreign ministry" is not the Norwegian foreign minister; with
     * a common-noun head the name inside stands for the actor (Norwegian: NOR) */
    uint32_t the0 = tok_index(d, "the", 0);
    int32_t ministry = nm_entity_resolve(d, the0, the0 + 4);
    assert_int_not_equal(ministry, find_entity(d, "Ingrid Halvorsen"));
    assert_int_equal(nm_entity_by_index(d, ministry)->type, NM_ENT_NORP);
    /* "The Brazilian president" names a unique role */
    uint32_t the = tok_index(d, "The", she);
    assert_int_equal(nm_entity_resolve(d, the, the + 3), mendes);
    /* and "he" after it refers to him, not to the last person named */
    uint32_t he2 = tok_index(d, "he", the);
    assert_int_equal(nm_entity_resolve(d, he2, he2 + 1), mendes);
    /* names resolve to their entity, a surname alone too */
    uint32_t lund = tok_index(d, "Lund", 0);
    assert_int_equal(nm_entity_resolve(d, lund - 1, lund + 1), find_entity(d, "Peter Lund"));
    uint32_t oslo = tok_index(d, "Oslo", 0);
    assert_int_equal(nm_entity_resolve(d, oslo, oslo + 1), find_entity(d, "Oslo"));
    /* nothing to resolve */
    uint32_t talks = tok_index(d, "talks", 0);
    assert_int_equal(nm_entity_resolve(d, talks, talks + 1), -1);
    assert_int_equal(nm_entity_resolve(d, 5, 5), -1);
    assert_int_equal(nm_entity_resolve(d, (uint32_t)d->toks.n + 5, (uint32_t)d->toks.n + 9), -1);
    nm_doc_free(d);
}

/* The first-person pronoun opening a sentence, with its clitic, is not a name. */
static void first_person_is_not_a_name(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The harbor board met on Tuesday.\n"
                            "I'm doing the soundings and the dredging plans myself, the engineer wrote.\n"
                            "\"I'm sure the crews would want to come back to get some work,\" Lena Ortiz told the "
                            "Harbor Gazette.\n"
                            "\"I've also seen what happened to the old pier and I'm sorry for that as well.\"\n"
                            "I'm a surveyor. I've worked on this coast for years.\n", NULL);
    for (size_t i = 0; i < d->entities->ents.n; i++) {
        const char *n = d->entities->ents.v[i].name;
        assert_false(n[0] == 'I' && (n[1] == 0 || n[1] == '\''));
    }
    assert_true(find_entity(d, "Lena Ortiz") >= 0);
    nm_doc_free(d);
}

/* A word opening a title ("Defence Secretary") is not an organisation of its own; the person keeps
 * the whole title. */
static void title_words_are_not_organisations(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The Harbor group will include Secretary of State Mara Quint, Defence Secretary Olek Brandt, "
                            "special envoy Dana Whit, and Chairman of the Joint Chiefs of Staff General Ivo Kern.\n", NULL);
    assert_int_equal(count_named(d, "Defence"), 0);
    int32_t q = find_entity(d, "Olek Brandt");
    assert_true(q >= 0);
    assert_non_null(role_with(&d->entities->ents.v[q], "Defence Secretary"));
    /* a known institution before a title stays: "Joint Chiefs of Staff" */
    assert_true(find_entity(d, "Joint Chiefs of Staff") >= 0);
    nm_doc_free(d);
}

/* A name the tagger takes for a person that the text calls a company is an organisation; a person
 * described by a title keeps being one. */
static void companies_are_not_people(void **state)
{
    (void)state;
    const char *cases[] = {
        ("The biggest toy firm, Halvorsen Brekke, has reported a small fall in sales. Halvorsen said it was "
         "cautious.\n"),
        "Shares in Tarrow rose after Tarrow, the Dutch oil company, said its output grew. Tarrow's profits doubled.\n",
        "Analysts said Velgard's profits fell. Velgard, the Swedish truck maker, cut jobs.\n",
    };
    const char *names[] = {"Halvorsen Brekke", "Tarrow", "Velgard"};
    for (int i = 0; i < 3; i++) {
        nm_doc *d = nm_test_doc(cases[i], NULL);
        int32_t e = find_entity(d, names[i]);
        assert_true(e >= 0);
        assert_int_equal(d->entities->ents.v[e].type, NM_ENT_ORG);
        nm_doc_free(d);
    }
    /* well-known companies are in the actor list with their country (data/lexicons/actors.txt) */
    nm_doc *k = nm_test_doc("Sony said its profits rose.\n", NULL);
    int32_t sony = find_entity(k, "Sony");
    assert_true(sony >= 0);
    assert_int_equal(k->entities->ents.v[sony].type, NM_ENT_ORG);
    assert_string_equal(k->entities->ents.v[sony].country, "JPN");
    nm_doc_free(k);
    nm_doc *d = nm_test_doc("Bank president Kenji Morowa said the bank's profits rose. Morowa's profits were not "
                            "disclosed.\n", NULL);
    int32_t e = find_entity(d, "Kenji Morowa");
    assert_true(e >= 0);
    assert_int_equal(d->entities->ents.v[e].type, NM_ENT_PERSON);
    nm_doc_free(d);
}

/* "Tarrow Holdings Ltd" and "Tarrow Holdings" are one company; a name with a legal form is a
 * company whatever the tagger called its short forms. */
static void legal_forms_join_short_names(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Tarrow Holdings Ltd reported a loss. Analysts said Tarrow Holdings would recover. Tarrow "
                            "Holdings shares fell.\n", NULL);
    assert_int_equal(d->entities->ents.n, 1);
    assert_int_equal(d->entities->ents.v[0].type, NM_ENT_ORG);
    nm_doc_free(d);
    d = nm_test_doc("NEW YORK, March 31 - Brindle Gantry Corp said its output rose in 1986. Brindle Gantry said its "
                    "gains came from Alaska. Brindle Gantry said costs fell.\n", NULL);
    int32_t e = find_entity(d, "Brindle Gantry");
    if (e < 0) e = find_entity(d, "Brindle Gantry Corp");
    assert_true(e >= 0);
    assert_int_equal(d->entities->ents.v[e].type, NM_ENT_ORG);
    assert_int_equal(count_named(d, "Brindle Gantry") + count_named(d, "Brindle Gantry Corp"), 1);
    nm_doc_free(d);
    /* a place before "AG" is an attorney general's state, not a company's name */
    d = nm_test_doc("Texas AG Ken Paxton sued. Texas officials said Exxon Corp was sued.\n", NULL);
    for (size_t i = 0; i < d->entities->ents.n; i++)
        if (!strcmp(d->entities->ents.v[i].name, "Texas AG"))
            for (size_t m = 0; m < d->entities->mentions.n; m++)
                if (d->entities->mentions.v[m].entity == (int32_t)i)
                    assert_true(d->entities->mentions.v[m].tok_end - d->entities->mentions.v[m].tok_begin == 2);
    nm_doc_free(d);
}

/* A one-word region that is also a common word gives no country: "the Gulf", "the West". */
static void common_word_regions_have_no_country(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Oil prices in the Gulf rose on Monday. Voters in Alaska cast ballots.\n", NULL);
    int32_t g = find_entity(d, "Gulf");
    assert_true(g >= 0);
    assert_string_equal(d->entities->ents.v[g].country, "");
    int32_t a = find_entity(d, "Alaska");
    assert_true(a >= 0);
    assert_string_equal(d->entities->ents.v[a].country, "USA");
    nm_doc_free(d);
}

/* A place followed by lower-case words and a facility word is that facility only when the words
 * between modify it: not a clause ("closed its gate station"). */
static void facilities_need_a_noun_phrase(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Transco said South closed its gate station on Friday. The Texas refinery reopened.\n", NULL);
    for (size_t i = 0; i < d->entities->ents.n; i++) {
        const nm_entity *e = &d->entities->ents.v[i];
        if (e->type == NM_ENT_FAC) assert_string_equal(e->name, "Texas refinery");
    }
    assert_true(find_entity(d, "Texas refinery") >= 0);
    nm_doc_free(d);
}

static void unclear_pronoun_stays_unattached(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The weather was cold. She said nothing.", NULL);
    uint32_t she = tok_index(d, "She", 0);
    assert_int_equal(nm_entity_resolve(d, she, she + 1), -1);
    nm_doc_free(d);
}

static void json_shape_and_offsets(void **state)
{
    (void)state;
    json_t *root = nm_test_json(STORY, NULL);
    json_t *ents = json_object_get(root, "entities");
    assert_true(json_is_array(ents));
    assert_true(json_array_size(ents) >= 8);
    const char *text = json_string_value(json_object_get(root, "text"));
    size_t i;
    json_t *e;
    json_array_foreach(ents, i, e) {
        char id[32];
        snprintf(id, sizeof id, "E%zu", i + 1);
        assert_string_equal(json_string_value(json_object_get(e, "id")), id);
        assert_non_null(json_string_value(json_object_get(e, "type")));
        assert_non_null(json_string_value(json_object_get(e, "name")));
        assert_true(json_is_array(json_object_get(e, "roles")));
        json_t *ms = json_object_get(e, "mentions");
        assert_true(json_array_size(ms) >= 1);
        size_t k;
        json_t *m;
        json_array_foreach(ms, k, m) {
            /* offsets are code points: walk the UTF-8 text to the start */
            json_int_t s = json_integer_value(json_object_get(m, "start")), en = json_integer_value(json_object_get(m, "end"));
            const char *p = text;
            for (json_int_t c = 0; c < s; c++) { p++; while ((*p & 0xC0) == 0x80) p++; }
            const char *mt = json_string_value(json_object_get(m, "text"));
            assert_memory_equal(p, mt, strlen(mt));
            assert_true(en > s);
            assert_true(json_is_integer(json_object_get(m, "sentence")) || json_is_null(json_object_get(m, "sentence")));
        }
    }
    json_decref(root);
}

static void briefing_lists_people(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, NULL);
    char *out;
    size_t len;
    assert_int_equal(nm_doc_render(d, NM_FORMAT_TEXT, &out, &len), 0);
    assert_non_null(strstr(out, "People"));
    assert_non_null(strstr(out, "Ingrid Halvorsen \xE2\x80\x94 Foreign Minister (Norway)"));
    free(out);
    nm_doc_free(d);
}

static void huge_sentence_is_fine(void **state)
{
    (void)state;
    size_t n = 10000;
    char *text = malloc(n * 12 + 2);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(text + len, i % 2 ? "Smith " : "he ");
    text[len] = 0;
    nm_doc *d = nm_test_doc(text, NULL);
    assert_non_null(d->entities);
    nm_doc_free(d);
    free(text);
}

/* The seed article: its seventeen people, each once, with full name and role. */
static void seed_article_people(void **state)
{
    (void)state;
    size_t len;
    char *text = nm_test_read_file(nm_test_shared("seed/000_0969f0addae08510.txt"), &len);
    if (!text) skip();
    nm_doc *d = nm_test_doc(text, "2025-12-29");
    struct { const char *name, *title; } want[] = {
        {"Donald Trump", "President"}, {"Vladimir Putin", "President"}, {"Volodymyr Zelensky", "President"},
        {"Karoline Leavitt", "Press Secretary"}, {"Yury Ushakov", "foreign policy aide"},
        {"Sergei Lavrov", "Foreign Minister"}, {"Marco Rubio", "Secretary of State"},
        {"Pete Hegseth", "Defence Secretary"}, {"Steve Witkoff", "special envoy"}, {"Jared Kushner", "businessman"},
        {"Dan Kane", "Chairman of the Joint Chiefs of Staff"}, {"Rustem Umerov", "Security Council Secretary"},
        {"Andrey Gnatov", "Chief of the General Staff"}, {"Sergey Kislitsa", "First Deputy Foreign Minister"},
        {"Alexander Grushko", "Deputy Foreign Minister"}, {"Ursula von der Leyen", "President"},
        {"Emmanuel Macron", "President"},
    };
    int persons = 0;
    for (size_t i = 0; i < d->entities->ents.n; i++) persons += d->entities->ents.v[i].type == NM_ENT_PERSON;
    assert_int_equal(persons, 17);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (count_named(d, want[i].name) != 1) fail_msg("%s: %d entities", want[i].name, count_named(d, want[i].name));
        const nm_entity *e = nm_entity_by_index(d, find_entity(d, want[i].name));
        assert_int_equal(e->type, NM_ENT_PERSON);
        if (!role_with(e, want[i].title)) fail_msg("%s lacks role %s", want[i].name, want[i].title);
    }
    const char *capitals[][2] = {{"Moscow", "RUS"}, {"Kremlin", "RUS"}, {"Kyiv", "UKR"}};
    for (size_t i = 0; i < 3; i++) {
        const nm_entity *e = nm_entity_by_index(d, find_entity(d, capitals[i][0]));
        assert_non_null(e);
        assert_string_equal(e->country, capitals[i][1]);
    }
    assert_string_equal(nm_entity_by_index(d, find_entity(d, "Donald Trump"))->country, "USA");
    assert_string_equal(nm_entity_by_index(d, find_entity(d, "TASS"))->sector, "MED");
    nm_doc_free(d);
    free(text);
}

/* Role patterns beyond the plain pre-modifier (a second story written for this test). */
static const char OFFICIALS[] =
    "LUSAKA (Wire) \xE2\x80\x94 Opposition leader Grace Mwale said on Monday the count had been rigged.\n\n"
    "Mwale, 61, a former finance minister, told supporters she would go to court.\n\n"
    "Zambia's ambassador to Kenya, Peter Banda, said the embassy was closed.\n\n"
    "Energy Secretary Tom Whitfield, the cabinet's longest-serving member, called for calm. Police spokesman "
    "Daniel Phiri said 12 people had been arrested.\n\n"
    "British Chancellor of the Exchequer Helen Marsh welcomed the talks, as did Joseph Tembo, a teacher in "
    "Lusaka.\n\n"
    "Kenya's foreign ministry spokesman Paul Otieno said Nairobi would send observers. The U.N. humanitarian "
    "chief, Sara Lind, warned of shortages.\n";

static void role_patterns(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(OFFICIALS, NULL);
    struct { const char *name, *title, *of; } want[] = {
        {"Grace Mwale", "Opposition leader", NULL},          /* pre-modifier at the sentence start */
        {"Grace Mwale", "former finance minister", NULL},    /* appositive after an age; "former" stays */
        {"Peter Banda", "ambassador", "Zambia"},             /* "X's TITLE to Y, Name," */
        {"Tom Whitfield", "Energy Secretary", NULL},         /* a portfolio belongs to the title */
        {"Daniel Phiri", "Police spokesman", NULL},
        {"Helen Marsh", "Chancellor", "Exchequer"},          /* "TITLE of the ORG Name" */
        {"Joseph Tembo", "teacher", NULL},                   /* "a teacher in Lusaka" */
        {"Paul Otieno", "foreign ministry spokesman", "Kenya"}, /* lower-case modifiers after a qualifier */
        {"Sara Lind", "humanitarian chief", "U.N."},          /* "The U.N. humanitarian chief, Sara Lind," */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int32_t k = find_entity(d, want[i].name);
        if (k < 0) fail_msg("no entity %s", want[i].name);
        const nm_entity *e = nm_entity_by_index(d, k);
        assert_int_equal(e->type, NM_ENT_PERSON);
        const nm_ent_role *r = role_with(e, want[i].title);
        if (!r) fail_msg("%s lacks role %s", want[i].name, want[i].title);
        if (want[i].of) {
            assert_non_null(r->of);
            assert_string_equal(r->of, want[i].of);
        }
    }
    /* "she" is Grace Mwale (female first name, the subject before) */
    uint32_t she = tok_index(d, "she", 0);
    assert_int_equal(nm_entity_resolve(d, she, she + 1), find_entity(d, "Grace Mwale"));
    /* the dateline city in capitals is a place */
    const nm_entity *lusaka = nm_entity_by_index(d, find_entity(d, "LUSAKA") >= 0 ? find_entity(d, "LUSAKA") : find_entity(d, "Lusaka"));
    assert_non_null(lusaka);
    assert_int_equal(lusaka->type, NM_ENT_GPE);
    assert_string_equal(lusaka->country, "ZMB");
    nm_doc_free(d);
}

static void kremlin_aide_and_metonyms(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Kremlin aide Yury Orlov said the talks were useful. The Kremlin aide added that Moscow "
                            "was ready, and the White House said it agreed.",
                            NULL);
    int32_t orlov = find_entity(d, "Yury Orlov");
    assert_true(orlov >= 0);
    uint32_t the = tok_index(d, "The", 0);
    assert_int_equal(nm_entity_resolve(d, the, the + 3), orlov);
    uint32_t moscow = tok_index(d, "Moscow", 0);
    const nm_entity *m = nm_entity_by_index(d, nm_entity_resolve(d, moscow, moscow + 1));
    assert_non_null(m);
    assert_string_equal(m->country, "RUS");
    uint32_t wh = tok_index(d, "White", 0);
    const nm_entity *w = nm_entity_by_index(d, nm_entity_resolve(d, wh - 1, wh + 2));
    assert_non_null(w);
    assert_string_equal(w->country, "USA");
    assert_string_equal(w->sector, "GOV");
    const nm_entity *k = nm_entity_by_index(d, find_entity(d, "Kremlin"));
    assert_non_null(k);
    assert_string_equal(k->country, "RUS");
    assert_string_equal(k->sector, "GOV");
    nm_doc_free(d);
}

/* Appositive and pre-modifier patterns added for issue 3 (a story written for this test). */
static const char MORE_OFFICIALS[] =
    "OTTAWA (Wire) \xE2\x80\x94 Former Canadian prime minister Robert Lacombe criticised the plan on Friday.\n\n"
    "Senator Helen Ward, a Vermont Democrat, said she would vote against it. Governor Tom Bryce, a Republican, "
    "backed it.\n\n"
    "Nina Petrova, a spokeswoman for the Russian foreign ministry, declined to comment.\n\n"
    "Aaron Stein, a professor of economics at McGill University, said costs would rise.\n\n"
    "Competition and Markets Authority chief executive Rachel Morgan said the rules were clear.\n\n"
    "Lena Fox, a senior counsel at the Civil Liberties Union, said the group would sue.\n\n"
    "Frank Ortiz, the head of the African Union observer mission, said the vote was fair.\n\n"
    "Democrat Jill Hanes and Assemblywoman Rosa Diaz voted no.\n\n"
    "Paul Dreyer, the company's product manager for the drug, said supplies were limited.\n";

static void more_role_patterns(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(MORE_OFFICIALS, "2026-03-06");
    struct { const char *name, *title, *of; } want[] = {
        {"Robert Lacombe", "former prime minister", "Canada"},     /* "former" before the qualifier */
        {"Helen Ward", "Democrat", "Vermont"},                      /* party membership */
        {"Tom Bryce", "Republican", NULL},
        {"Nina Petrova", "spokeswoman", "Russian foreign ministry"}, /* of-phrase to the comma */
        {"Aaron Stein", "professor of economics", "McGill University"},
        {"Rachel Morgan", "chief executive", "Competition and Markets Authority"},
        {"Lena Fox", "senior counsel", "Civil Liberties Union"},    /* title prefix kept */
        {"Frank Ortiz", "head", "African Union observer mission"},
        {"Rosa Diaz", "Assemblywoman", NULL},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (count_named(d, want[i].name) != 1) fail_msg("%s: %d entities", want[i].name, count_named(d, want[i].name));
        const nm_entity *e = nm_entity_by_index(d, find_entity(d, want[i].name));
        assert_int_equal(e->type, NM_ENT_PERSON);
        const nm_ent_role *r = role_with(e, want[i].title);
        if (!r) fail_msg("%s lacks role %s", want[i].name, want[i].title);
        if (want[i].of) {
            if (!r->of) fail_msg("%s: role %s has no of", want[i].name, want[i].title);
            assert_string_equal(r->of, want[i].of);
        }
    }
    /* an of-phrase that names no body is not an organisation: "for the drug" */
    const nm_entity *dreyer = nm_entity_by_index(d, find_entity(d, "Paul Dreyer"));
    assert_non_null(dreyer);
    assert_int_equal(dreyer->roles.n, 1);
    assert_null(dreyer->roles.v[0].of);
    /* a party word before a name is not part of it */
    assert_int_equal(count_named(d, "Jill Hanes"), 1);
    assert_int_equal(count_named(d, "Democrat Jill Hanes"), 0);
    /* the of-phrase still gives the country */
    assert_string_equal(nm_entity_by_index(d, find_entity(d, "Nina Petrova"))->country, "RUS");
    nm_doc_free(d);
}

/* The hand-annotated stories in tests/fixtures/entities (*.txt + *.gold: person, title
 * alternatives, of alternatives or "-"): every person one entity, every stated role attached. */
static void fixture_stories_roles(void **state)
{
    (void)state;
    static const char *const STORIES[] = {"summit", "election", "court", "company", "war"};
    int total = 0, right = 0;
    for (size_t s = 0; s < sizeof STORIES / sizeof STORIES[0]; s++) {
        char rel[128];
        snprintf(rel, sizeof rel, "tests/fixtures/entities/%s.txt", STORIES[s]);
        char *text = nm_test_read_file(nm_test_path(rel), NULL);
        snprintf(rel, sizeof rel, "tests/fixtures/entities/%s.gold", STORIES[s]);
        char *gold = nm_test_read_file(nm_test_path(rel), NULL);
        if (!text || !gold) { free(text); free(gold); skip(); }
        nm_doc *d = nm_test_doc(text, "2026-03-03");
        for (char *line = strtok(gold, "\n"); line; line = strtok(NULL, "\n")) {
            if (line[0] == '#' || !line[0]) continue;
            char *title = strchr(line, '\t');
            assert_non_null(title);
            *title++ = 0;
            char *of = strchr(title, '\t');
            assert_non_null(of);
            *of++ = 0;
            total++;
            if (count_named(d, line) != 1) fail_msg("%s: %s: %d entities", STORIES[s], line, count_named(d, line));
            const nm_entity *e = nm_entity_by_index(d, find_entity(d, line));
            assert_int_equal(e->type, NM_ENT_PERSON);
            int ok = 0;
            for (size_t k = 0; k < e->roles.n && !ok; k++) {
                char alts[256];
                snprintf(alts, sizeof alts, "|%s|", title);
                char key[160];
                snprintf(key, sizeof key, "|%s|", e->roles.v[k].title);
                if (!strcasestr(alts, key)) continue;
                snprintf(alts, sizeof alts, "|%s|", of);
                snprintf(key, sizeof key, "|%s|", e->roles.v[k].of ? e->roles.v[k].of : "");
                ok = strstr(alts, "|-|") || strcasestr(alts, key);
            }
            if (!ok) fprintf(stderr, "%s: %s lacks role %s (of %s)\n", STORIES[s], line, title, of);
            right += ok;
        }
        nm_doc_free(d);
        free(text);
        free(gold);
    }
    /* the acceptance bar is 90%; these stories are all attached today */
    assert_true(total >= 40);
    assert_int_equal(right, total);
}

/* Acronyms join their full names; "they" after an organisation's speech verb; "the president"
 * when two presidents are in the story but only one was just named (a story written for this test). */
static const char ACRONYMS[] =
    "Aid plan agreed in Geneva\n\n"
    "GENEVA (Wire) \xE2\x80\x94 The European Union and the United Nations agreed an aid plan on Monday, officials said.\n\n"
    "The World Anti-Doping Agency said it would appeal a ruling. Wada said the ruling was flawed.\n\n"
    "The EU said they would send more money. The U.N. said food would arrive within a week.\n\n"
    "French President Claire Dubois met Kenyan President Samuel Otieno in Paris.\n\n"
    "Aid workers arrived in Nairobi on Tuesday. Otieno thanked donors.\n\n"
    "Local officials welcomed the aid. The president said the money would help farmers.\n\n"
    "Smith and Jones said they were leaving. Heavy snow fell in England and Scotland, and Britain's "
    "roads were closed.\n";

static void acronyms_plural_pronouns_and_recent_descriptions(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(ACRONYMS, "2026-03-09");
    /* one entity each, canonical = the full name, all forms as mentions */
    int32_t eu = find_entity(d, "European Union"), un = find_entity(d, "United Nations"), wada = find_entity(d, "World Anti-Doping Agency");
    assert_true(eu >= 0 && un >= 0 && wada >= 0);
    assert_int_equal(find_entity(d, "EU"), -1);
    assert_int_equal(find_entity(d, "U.N."), -1);
    assert_int_equal(find_entity(d, "Wada"), -1);
    uint32_t t = tok_index(d, "EU", 0);
    assert_int_equal(nm_entity_resolve(d, t, t + 1), eu);
    t = tok_index(d, "U.N.", 0);
    assert_int_equal(nm_entity_resolve(d, t, t + 1), un);
    /* "Wada" is the agency, not a person */
    t = tok_index(d, "Wada", 0);
    assert_int_equal(nm_entity_resolve(d, t, t + 1), wada);
    assert_int_equal(nm_entity_by_index(d, wada)->type, NM_ENT_ORG);
    /* "The EU said they": the EU */
    uint32_t they = tok_index(d, "they", 0);
    assert_int_equal(nm_entity_resolve(d, they, they + 1), eu);
    /* "Smith and Jones said they": two people, left unattached */
    uint32_t they2 = tok_index(d, "they", they + 1);
    const nm_mention *m = nm_mention_at(d, they2);
    assert_non_null(m);
    assert_int_equal(m->entity, -1);
    /* parts of a state share its code but are separate places, and neither is the state */
    int32_t england = find_entity(d, "England"), scotland = find_entity(d, "Scotland"), britain = find_entity(d, "Britain");
    assert_true(england >= 0 && scotland >= 0 && britain >= 0);
    assert_true(england != scotland && england != britain && scotland != britain);
    assert_string_equal(nm_entity_by_index(d, scotland)->country, "GBR");
    /* two presidents; Otieno was just named, Dubois three sentences back */
    uint32_t pres = tok_index(d, "president", tok_index(d, "Local", 0));
    assert_int_equal(nm_entity_resolve(d, pres - 1, pres + 1), find_entity(d, "Samuel Otieno"));
    nm_doc_free(d);
}

/* Members of a national delegation take its country from "led by", "represented by" lists. */
static void delegation_members_get_the_country(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Talks open in Istanbul\n\n"
                            "ISTANBUL (Wire) \xE2\x80\x94 Peace talks opened in Istanbul on Monday.\n\n"
                            "The Russian delegation, led by presidential aide Vladimir Medinsky, arrived in the morning.\n\n"
                            "The Ukrainian side was represented by Defence Minister Rustem Umerov and his deputy Serhiy Kyslytsya.\n\n"
                            "Donald Trump was joined by Marco Rubio.\n",
                            "2026-03-10");
    assert_string_equal(nm_entity_by_index(d, find_entity(d, "Vladimir Medinsky"))->country, "RUS");
    assert_string_equal(nm_entity_by_index(d, find_entity(d, "Rustem Umerov"))->country, "UKR");
    const nm_entity *deputy = nm_entity_by_index(d, find_entity(d, "Serhiy Kyslytsya"));
    assert_string_equal(deputy->country, "UKR");
    /* "his deputy": his = the person just named */
    const nm_ent_role *dr = role_with(deputy, "deputy");
    assert_non_null(dr);
    assert_non_null(dr->of);
    assert_string_equal(dr->of, "Rustem Umerov");
    /* no country named: none invented */
    assert_string_equal(nm_entity_by_index(d, find_entity(d, "Marco Rubio"))->country, "");
    nm_doc_free(d);
}

static const struct CMUnitTest entity_tests[] = {
    cmocka_unit_test(first_person_is_not_a_name),
    cmocka_unit_test(companies_are_not_people),
    cmocka_unit_test(legal_forms_join_short_names),
    cmocka_unit_test(common_word_regions_have_no_country),
    cmocka_unit_test(facilities_need_a_noun_phrase),
    cmocka_unit_test(title_words_are_not_organisations),
    cmocka_unit_test(kremlin_aide_and_metonyms),
    cmocka_unit_test(role_patterns),
    cmocka_unit_test(more_role_patterns),
    cmocka_unit_test(fixture_stories_roles),
    cmocka_unit_test(acronyms_plural_pronouns_and_recent_descriptions),
    cmocka_unit_test(delegation_members_get_the_country),
    cmocka_unit_test(people_have_full_names_and_roles),
    cmocka_unit_test(places_are_not_people),
    cmocka_unit_test(pronouns_descriptions_and_resolve),
    cmocka_unit_test(unclear_pronoun_stays_unattached),
    cmocka_unit_test(json_shape_and_offsets),
    cmocka_unit_test(briefing_lists_people),
    cmocka_unit_test(huge_sentence_is_fine),
    cmocka_unit_test(seed_article_people),
};
NM_TEST_GROUP(entities, entity_tests)
