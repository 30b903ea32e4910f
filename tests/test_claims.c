/*
 * test_claims.c — disputed claims: one proposition stated by several sources, each with its
 * stance (asserts, denies, questions), built from the events stage. Texts are written for these
 * tests in the style of wire stories.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "claims.h"

static const char *DISPUTE =
    "MOSCOW (Wire) -- Moscow accused Kyiv of launching a drone attack on a government building in Smolensk.\n\n"
    "Russian Foreign Minister Sergei Lavrov said Ukraine had tried to attack the building with 40 drones.\n\n"
    "Ukrainian President Volodymyr Zelensky called the alleged attack a fabrication.\n\n"
    "Separately, France and Germany met in Paris to discuss energy prices.";

static int has_statement(const nm_claim *cl, const char *code_prefix, int stance)
{
    for (size_t i = 0; i < cl->statements.n; i++) {
        const nm_claim_statement *st = &cl->statements.v[i];
        if (st->stance == stance && st->source.set && st->source.code &&
            !strncmp(st->source.code, code_prefix, strlen(code_prefix)))
            return 1;
    }
    return 0;
}

static void one_claim_asserted_and_denied(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(DISPUTE, "2025-12-30");
    const nm_claim_set *cs = d->claims;
    assert_non_null(cs);
    assert_int_equal(cs->v.n, 1);
    const nm_claim *cl = &cs->v.v[0];
    assert_true(has_statement(cl, "RUS", NM_STANCE_ASSERTS));   /* Moscow, Lavrov */
    assert_true(has_statement(cl, "UKR", NM_STANCE_DENIES));    /* Zelensky */
    assert_false(has_statement(cl, "UKR", NM_STANCE_ASSERTS));
    assert_true(cl->statements.n >= 3);
    /* the claim is about Ukraine's attack */
    const nm_event *first = &d->events->v.v[cl->first_event];
    assert_int_equal(strncmp(first->source.code, "UKR", 3), 0);
    assert_true(atoi(first->root) >= 18);
    nm_doc_free(d);
}

static void json_statements(void **state)
{
    (void)state;
    json_t *j = nm_test_json(DISPUTE, "2025-12-30");
    json_t *claims = json_object_get(j, "claims");
    assert_int_equal(json_array_size(claims), 1);
    json_t *cl = json_array_get(claims, 0);
    assert_true(json_is_string(json_object_get(cl, "about")));
    json_t *sts = json_object_get(cl, "statements");
    int denies = 0, asserts = 0;
    size_t nevents = json_array_size(json_object_get(j, "events"));
    for (size_t i = 0; i < json_array_size(sts); i++) {
        json_t *st = json_array_get(sts, i);
        const char *stance = json_string_value(json_object_get(st, "stance"));
        json_t *ev = json_object_get(st, "event");
        assert_true(json_is_null(ev) || (size_t)json_integer_value(ev) < nevents);
        assert_non_null(json_object_get(st, "source"));
        if (!strcmp(stance, "denies")) {
            denies++;
            assert_string_equal(json_string_value(json_object_get(st, "text")), "fabrication");
            assert_int_equal(json_integer_value(json_object_get(st, "sentence")), 2);
        }
        if (!strcmp(stance, "asserts")) asserts++;
    }
    assert_int_equal(denies, 1);
    assert_true(asserts >= 2);
    json_decref(j);
}

static void pronoun_denial_takes_previous_speaker(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Syria accused Israel of an air strike on a depot near Homs, state media said.\n\n"
                            "Israeli Prime Minister Benjamin Netanyahu spoke to reporters in Jerusalem.\n\n"
                            "He denied the accusations.",
                            NULL);
    const nm_claim_set *cs = d->claims;
    assert_int_equal(cs->v.n, 1);
    assert_true(has_statement(&cs->v.v[0], "SYR", NM_STANCE_ASSERTS));
    assert_true(has_statement(&cs->v.v[0], "ISR", NM_STANCE_DENIES));
    nm_doc_free(d);
}

static void doubts_are_questions(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Iran accused Israel of sabotage at the plant, state television reported.\n\n"
                            "Germany questioned the claims on Tuesday.",
                            NULL);
    const nm_claim_set *cs = d->claims;
    int questioned = 0;
    for (size_t k = 0; k < cs->v.n; k++) questioned |= has_statement(&cs->v.v[k], "DEU", NM_STANCE_QUESTIONS);
    assert_true(questioned);
    nm_doc_free(d);
}

static void no_dispute_no_claim(void **state)
{
    (void)state;
    const char *texts[] = {"Russia attacked Ukraine on Monday. Trump hosted Zelensky in Florida.",
                           "France and Germany signed an agreement. Italy praised the deal."};
    for (size_t i = 0; i < 2; i++) {
        nm_doc *d = nm_test_doc(texts[i], NULL);
        assert_int_equal(d->claims->v.n, 0);
        nm_doc_free(d);
    }
}

static void briefing_lists_claims(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(DISPUTE, "2025-12-30");
    char *out;
    size_t len;
    assert_int_equal(nm_doc_render(d, NM_FORMAT_TEXT, &out, &len), 0);
    assert_non_null(strstr(out, "Disputed claims"));
    assert_non_null(strstr(out, "denies: \"fabrication\""));
    free(out);
    nm_doc_free(d);
}

static int has_event(const nm_doc *d, const char *src3, const char *tgt3, const char *root, const char *date)
{
    const nm_event_set *s = d->events;
    for (size_t i = 0; s && i < s->v.n; i++) {
        const nm_event *e = &s->v.v[i];
        if (strcmp(e->root, root) || strncmp(e->source.code, src3, 3)) continue;
        if (tgt3 && !(e->target.set && !strncmp(e->target.code, tgt3, 3))) continue;
        if (date && strcmp(e->date, date)) continue;
        return 1;
    }
    return 0;
}

/* The shared seed article (skipped when ../shared is not there): the events and the disputed
 * claim the issue lists. */
static void seed_article(void **state)
{
    (void)state;
    char *text = nm_test_read_file(nm_test_shared("seed/000_0969f0addae08510.txt"), NULL);
    if (!text) skip();
    nm_doc *d = nm_test_doc(text, "2025-12-29");
    assert_true(has_event(d, "USA", "RUS", "04", "2025-12-29"));  /* Trump-Putin call */
    assert_true(has_event(d, "USA", "UKR", "04", "2025-12-28"));  /* hosted Zelensky at Mar-a-Lago */
    assert_true(has_event(d, "RUS", "UKR", "11", NULL));          /* Moscow accused Kyiv */
    assert_true(has_event(d, "UKR", "RUS", "11", NULL));          /* Zelensky accused Russia */
    assert_true(has_event(d, "RUS", NULL, "13", NULL));           /* retaliatory strikes */
    assert_true(has_event(d, "RUS", NULL, "19", NULL));           /* captured Dibrova */
    assert_true(has_event(d, "RUS", "GBR", "11", NULL));          /* Grushko: Britain's influence */
    const nm_claim_set *cs = d->claims;
    int found = 0;
    for (size_t k = 0; k < cs->v.n; k++) {
        const nm_claim *cl = &cs->v.v[k];
        if (has_statement(cl, "RUS", NM_STANCE_ASSERTS) && has_statement(cl, "UKR", NM_STANCE_DENIES)) found++;
    }
    assert_int_equal(found, 1);
    nm_doc_free(d);
    free(text);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(seed_article),
    cmocka_unit_test(one_claim_asserted_and_denied),
    cmocka_unit_test(json_statements),
    cmocka_unit_test(pronoun_denial_takes_previous_speaker),
    cmocka_unit_test(doubts_are_questions),
    cmocka_unit_test(no_dispute_no_claim),
    cmocka_unit_test(briefing_lists_claims),
};

NM_TEST_GROUP(claims, tests)
