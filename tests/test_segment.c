/*
 * test_segment.c — sentence boundaries on news text.
 */
#include "harness.h"

#include <string.h>

static void expect_sentences(const char *text, const char *const *want, size_t n)
{
    nm_doc *d = nm_test_doc(text, NULL);
    if (d->nbody != n) {
        for (size_t i = 0; i < d->nbody; i++) print_message("  got [%zu] %s\n", i, nm_test_sentence(d, i));
    }
    assert_int_equal(d->nbody, n);
    for (size_t i = 0; i < n; i++) assert_string_equal(nm_test_sentence(d, i), want[i]);
    nm_doc_free(d);
}

static void titles_and_abbreviations(void **state)
{
    (void)state;
    const char *want[] = {"Gen. Dan Kane met Sen. Mary Ortiz on Jan. 5 in St. Louis.",
                          "Dr. Ruth Evans of Acme Inc. was there too."};
    expect_sentences("Gen. Dan Kane met Sen. Mary Ortiz on Jan. 5 in St. Louis. Dr. Ruth Evans of Acme Inc. was there too.",
                     want, 2);
}

static void abbreviation_at_sentence_end(void **state)
{
    (void)state;
    const char *want[] = {"The firm moved its headquarters to the U.S.", "The decision surprised analysts."};
    expect_sentences("The firm moved its headquarters to the U.S. The decision surprised analysts.", want, 2);
}

static void us_inside_sentence(void **state)
{
    (void)state;
    const char *want[] = {"The U.S. Senate passed the bill on Tuesday."};
    expect_sentences("The U.S. Senate passed the bill on Tuesday.", want, 1);
}

static void initials_decimals_times(void **state)
{
    (void)state;
    const char *want[] = {"John F. Kennedy won 49.7 percent at 3.30 p.m. local time.", "Turnout was 63.1%."};
    expect_sentences("John F. Kennedy won 49.7 percent at 3.30 p.m. local time. Turnout was 63.1%.", want, 2);
}

static void quote_ends_sentence(void **state)
{
    (void)state;
    const char *want[] = {"\xE2\x80\x9CWe are ready,\xE2\x80\x9D he said.",
                          ("\xE2\x80\x9C" "Are you?\xE2\x80\x9D she asked."),
                          "\xE2\x80\x9CYes.\xE2\x80\x9D",
                          "Talks resumed."};
    expect_sentences("\xE2\x80\x9CWe are ready,\xE2\x80\x9D he said. \xE2\x80\x9C" "Are you?\xE2\x80\x9D she asked. "
                     "\xE2\x80\x9CYes.\xE2\x80\x9D Talks resumed.",
                     want, 4);
}

static void straight_quotes(void **state)
{
    (void)state;
    const char *want[] = {"\"It is over.\"", "He left the room."};
    expect_sentences("\"It is over.\" He left the room.", want, 2);
}

static void ellipsis(void **state)
{
    (void)state;
    const char *want[] = {"We waited... and waited.", "Nothing came..."};
    expect_sentences("We waited... and waited. Nothing came...", want, 2);
}

static void headings_are_not_merged(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("OSLO: The council met on Friday.\nBudget fight looms\nThe vote is set for May.\n", NULL);
    assert_int_equal(d->nbody, 2);
    assert_string_equal(nm_test_sentence(d, 0), "OSLO: The council met on Friday.");
    assert_string_equal(nm_test_sentence(d, 1), "The vote is set for May.");
    assert_int_equal(d->headings.n, 1);
    nm_doc_free(d);
}

static void wire_dateline_with_date(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("NEW YORK, June 18 - Sen. Ann Lee said the U.S. economy grew. Markets rose.", NULL);
    assert_int_equal(d->nbody, 2);
    assert_true(d->dateline.set);
    assert_int_equal(d->dateline.end - d->dateline.start, strlen("NEW YORK, June 18"));
    nm_doc_free(d);
}

static void offsets_are_code_points(void **state)
{
    (void)state;
    json_t *j = nm_test_json("Caf\xC3\xA9 owners protested. \xE2\x80\x9C" "Enough,\xE2\x80\x9D one said.", NULL);
    json_t *s = json_array_get(json_object_get(j, "sentences"), 1);
    assert_int_equal(json_integer_value(json_object_get(s, "start")), 23);
    assert_int_equal(json_integer_value(json_object_get(s, "end")), 42);
    json_decref(j);
}

static void hyphenated_abbreviation(void **state)
{
    (void)state;
    const char *want[] = {"Exports to non-U.S. buyers rose 4 pct.", "Imports fell."};
    expect_sentences("Exports to non-U.S. buyers rose 4 pct. Imports fell.", want, 2);
}

static void possessive_split(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Putin\xE2\x80\x99s aide and Kyiv's envoy met.", NULL);
    /* Putin ’s aide and Kyiv 's envoy met . */
    assert_int_equal(d->toks.n, 9);
    assert_true(nm_tok_is(d, &d->toks.v[0], "Putin"));
    assert_true(nm_tok_is(d, &d->toks.v[1], "\xE2\x80\x99s"));
    assert_true(nm_tok_is(d, &d->toks.v[5], "'s"));
    nm_doc_free(d);
}

static void ellipsis_opening_a_quote(void **state)
{
    (void)state;
    const char *want[] = {"\"It was hard,\" she said.", "\"... Receiving the love meant a lot.\"",
                          "Spc. Hasan Lee was arrested."};
    expect_sentences("\"It was hard,\" she said. \"... Receiving the love meant a lot.\" Spc. Hasan Lee was arrested.",
                     want, 3);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(ellipsis_opening_a_quote),
    cmocka_unit_test(hyphenated_abbreviation), cmocka_unit_test(possessive_split),
    cmocka_unit_test(titles_and_abbreviations), cmocka_unit_test(abbreviation_at_sentence_end),
    cmocka_unit_test(us_inside_sentence),       cmocka_unit_test(initials_decimals_times),
    cmocka_unit_test(quote_ends_sentence),      cmocka_unit_test(straight_quotes),
    cmocka_unit_test(ellipsis),                 cmocka_unit_test(headings_are_not_merged),
    cmocka_unit_test(wire_dateline_with_date),  cmocka_unit_test(offsets_are_code_points),
};
NM_TEST_GROUP(segment, tests)
