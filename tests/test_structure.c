/*
 * test_structure.c — article structure: key-points blocks, posts, headings, title, byline, dateline,
 * in both layouts news text comes in (one paragraph per line, or blank-line separated blocks).
 */
#include "harness.h"

#include <string.h>

static void span_is(const nm_doc *d, nm_span sp, const char *want)
{
    assert_true(sp.set);
    assert_int_equal(sp.end - sp.start, strlen(want));
    assert_memory_equal(d->text + sp.start, want, strlen(want));
}

static void keypoints_block_then_single_newline_body(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Key points:\n- Rates rise.\n- Markets fall.\nThe central bank raised rates on Monday.\n"
                            "Markets fell sharply after the announcement.\nAnalysts had expected the move.\n", NULL);
    assert_int_equal(d->key_points.n, 2);
    span_is(d, d->key_points.v[0], "Rates rise.");
    assert_int_equal(d->nbody, 3);
    nm_doc_free(d);
}

static void post_attribution_in_blank_line_layout(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The minister posted a message on Friday evening after the vote in parliament ended.\n\n"
                            "We won the vote tonight. Thank you all for your support and patience.\n"
                            "\xE2\x80\x94 Anna Berg (@AnnaBergMP) May 2, 2025\n\n"
                            "Opposition leaders said they would challenge the result in the courts next week.\n", NULL);
    assert_int_equal(d->posts.n, 1);
    span_is(d, d->posts.v[0].author, "Anna Berg");
    span_is(d, d->posts.v[0].handle, "@AnnaBergMP");
    span_is(d, d->posts.v[0].text, "We won the vote tonight. Thank you all for your support and patience.");
    assert_int_equal(d->nbody, 2);
    nm_doc_free(d);
}

static void hard_wrapped_paragraphs_are_joined(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The company said on Tuesday that its quarterly profit rose by\n"
                            "twelve percent, helped by strong demand for its cloud services\n"
                            "in Europe and Asia.\n\n"
                            "Its shares rose four percent in early trading in New York as\n"
                            "investors welcomed the results and the upbeat forecast for the\n"
                            "rest of the year.\n", NULL);
    assert_int_equal(d->paras.n, 2);
    assert_int_equal(d->nbody, 2);
    nm_doc_free(d);
}

static void title_byline_heading(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Storm Closes Ports Along the Coast\n\nBy Maria Lopez\n\n"
                            "LISBON, Feb 3 (Reuters) - A storm closed ports on Monday.\n\nWhat comes next\n\n"
                            "Forecasters expect calmer weather by Thursday.\n", NULL);
    assert_non_null(d->title);
    assert_string_equal(d->title, "Storm Closes Ports Along the Coast");
    assert_int_equal(d->bylines.n, 1);
    assert_int_equal(d->headings.n, 1);
    span_is(d, d->headings.v[0], "What comes next");
    span_is(d, d->dateline, "LISBON, Feb 3 (Reuters)");
    assert_int_equal(d->nbody, 2);
    nm_doc_free(d);
}

static void prose_is_not_structure(void **state)
{
    (void)state;
    /* lines ending in periods are body text; a short last line is not a heading */
    nm_doc *d = nm_test_doc("Officials met in Geneva on Monday.\nThey agreed to meet again.\nNo date was set\n", NULL);
    assert_int_equal(d->headings.n, 0);
    assert_null(d->title);
    assert_int_equal(d->nbody, 3);
    nm_doc_free(d);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(keypoints_block_then_single_newline_body),
    cmocka_unit_test(post_attribution_in_blank_line_layout),
    cmocka_unit_test(hard_wrapped_paragraphs_are_joined),
    cmocka_unit_test(title_byline_heading),
    cmocka_unit_test(prose_is_not_structure),
};
NM_TEST_GROUP(structure, tests)
