/*
 * test_text.c — the text layer below sentences: normalisation (UTF-8 repair, NFC, line ends),
 * code-point offsets, paragraphs, the lexicon format, and the batch runner's input order.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "text.h"

static void invalid_bytes_replaced_and_counted(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("ok \xff\xfe then \xc3( end.", NULL);
    assert_int_equal(d->invalid_bytes, 3);
    assert_non_null(strstr(d->text, "ok \xEF\xBF\xBD\xEF\xBF\xBD then \xEF\xBF\xBD( end."));
    assert_int_equal(nm_doc_warning_count(d), 1);
    nm_doc_free(d);
}

static void nul_bytes_and_controls(void **state)
{
    (void)state;
    nm_article a;
    memset(&a, 0, sizeof a);
    static const char raw[] = "a\0b\x01" "c\r\nd\re";
    a.body = raw;
    a.body_len = sizeof raw - 1;
    nm_doc *d = nm_analyze(nm_test_engine(), &a);
    assert_int_equal(d->nul_bytes, 1);
    assert_string_equal(d->text, "a\xEF\xBF\xBD" "b c\nd\ne");
    nm_doc_free(d);
}

static void nfc_composes_and_offsets_count_code_points(void **state)
{
    (void)state;
    /* "Zoe\u0308" (e + combining diaeresis) becomes "Zo\u00eb": 3 code points, 4 bytes */
    nm_doc *d = nm_test_doc("Zoe\xCC\x88 left. Then \xE2\x80\x9Cwe\xE2\x80\x9D went.", NULL);
    assert_memory_equal(d->text, "Zo\xC3\xAB left.", 10);
    assert_int_equal(d->sents.n, 2);
    assert_int_equal(nm_doc_cp(d, d->sents.v[1].start), 10);
    assert_int_equal(d->ncp, 10 + strlen("Then ") + 1 + 2 + 1 + strlen(" went."));
    nm_doc_free(d);
}

static void blank_lines_and_single_lines(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("First line.\nSecond line.\n\n\nThird.\n", NULL);
    assert_int_equal(d->paras.n, 3);
    assert_true(d->paras.v[0].blank_before);
    assert_false(d->paras.v[1].blank_before);
    assert_true(d->paras.v[2].blank_before);
    nm_doc_free(d);
}

static void lexicon_format(void **state)
{
    (void)state;
    const char src[] = "# a comment\nGen.\ttitle\n  C#  \nkey points # trailing comment\n\nGen.\tsecond\n";
    nm_lexicon *ex = nm_lexicon_parse(src, sizeof src - 1, NM_LEX_EXACT);
    nm_lexicon *fo = nm_lexicon_parse(src, sizeof src - 1, NM_LEX_FOLD);
    assert_int_equal(nm_lexicon_size(ex), 4);
    assert_string_equal(nm_lexicon_get(ex, "Gen.", 4), "title"); /* the first entry wins */
    assert_true(nm_lexicon_has(ex, "C#", 2));                      /* '#' inside a word is not a comment */
    assert_true(nm_lexicon_has(ex, "key points", 10));
    assert_false(nm_lexicon_has(ex, "KEY POINTS", 10));
    assert_true(nm_lexicon_has(fo, "KEY POINTS", 10));
    assert_false(nm_lexicon_has(ex, "Gen", 3));
    nm_lexicon_free(ex);
    nm_lexicon_free(fo);
}

static void ymd_dates(void **state)
{
    (void)state;
    int y, m, d;
    assert_true(nm_parse_ymd("2024-02-29", 10, &y, &m, &d));
    assert_int_equal(d, 29);
    assert_false(nm_parse_ymd("2025-02-29", 10, &y, &m, &d)); /* not a leap year */
    assert_false(nm_parse_ymd("2025-13-01", 10, &y, &m, &d));
    assert_false(nm_parse_ymd("2025-1-01", 9, &y, &m, &d));
    assert_true(nm_parse_ymd("2000-02-29", 10, &y, &m, &d));
    assert_false(nm_parse_ymd("1900-02-29", 10, &y, &m, &d));
}

static void invalid_given_date_is_a_warning(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The council met.", "2025-02-30");
    assert_int_equal(d->date.source == NULL || strcmp(d->date.source, "given") != 0, 1);
    int found = 0;
    for (size_t i = 0; i < nm_doc_warning_count(d); i++)
        if (strstr(nm_doc_warning(d, i), "not a valid")) found = 1;
    assert_true(found);
    nm_doc_free(d);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(invalid_bytes_replaced_and_counted),
    cmocka_unit_test(nul_bytes_and_controls),
    cmocka_unit_test(nfc_composes_and_offsets_count_code_points),
    cmocka_unit_test(blank_lines_and_single_lines),
    cmocka_unit_test(lexicon_format),
    cmocka_unit_test(ymd_dates),
    cmocka_unit_test(invalid_given_date_is_a_warning),
};
NM_TEST_GROUP(text, tests)
