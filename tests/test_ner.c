/*
 * test_ner.c — the NER tagger (src/ner.c) and `newsmill tag --conll` (src/cmd_tag.c): labels,
 * tagging of plain sentences, the CoNLL round trip, malformed and huge input, and (when the shared
 * data is present) the quality on a slice of CoNLL-2003 eng.testa.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "ner.h"

static nm_ner_model *model(void)
{
    char err[256];
    nm_ner_model *m = nm_ner_load(err, sizeof err);
    if (!m) fail_msg("model: %s", err);
    return m;
}

static void labels_round_trip(void **state)
{
    (void)state;
    for (int l = 0; l < NM_NER_NLABELS; l++) {
        const char *name = nm_ner_label_name(l);
        assert_int_equal(nm_ner_label_parse(name, strlen(name)), l);
    }
    assert_int_equal(nm_ner_label_parse("I-PER", 5), NM_NER_I_PER);
    assert_int_equal(nm_ner_label_parse("S-LOC", 5), NM_NER_B_LOC);
    assert_int_equal(nm_ner_label_parse("X-FOO", 5), -1);
    assert_int_equal(nm_ner_label_parse("", 0), -1);
    assert_true(nm_ner_allowed(NM_NER_B_PER, NM_NER_I_PER));
    assert_false(nm_ner_allowed(NM_NER_O, NM_NER_I_PER));
    assert_false(nm_ner_allowed(NM_NER_B_ORG, NM_NER_I_PER));
    assert_false(nm_ner_allowed(NM_NER_NLABELS, NM_NER_I_LOC));
}

/* Tag a space-separated sentence; returns the labels as "O B-PER ..." in out. */
static void tag_words(const nm_ner_model *m, const char *sentence, char *out, size_t cap)
{
    nm_ner_word w[64];
    uint8_t lab[64];
    uint32_t n = 0;
    for (const char *p = sentence; *p && n < 64;) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *e = strchr(p, ' ');
        if (!e) e = p + strlen(p);
        w[n].s = p;
        w[n].n = (uint32_t)(e - p);
        n++;
        p = e;
    }
    nm_ner_work wk;
    nm_ner_work_init(&wk);
    nm_ner_doc_reset(&wk);
    nm_ner_doc_add(&wk, w, n);
    assert_int_equal(nm_ner_tag(m, &wk, w, n, lab), 0);
    nm_ner_work_free(&wk);
    out[0] = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i) strncat(out, " ", cap - strlen(out) - 1);
        strncat(out, nm_ner_label_name(lab[i]), cap - strlen(out) - 1);
    }
}

static void tags_people_places_organisations(void **state)
{
    (void)state;
    nm_ner_model *m = model();
    char got[512];
    tag_words(m, "Prime Minister Jacinda Holt met union leaders in Wellington on Friday .", got, sizeof got);
    assert_string_equal(got, "O O B-PER I-PER O O O O B-LOC O O O");
    tag_words(m, "Investors sold shares of Northwind Corp in New York on Monday .", got, sizeof got);
    assert_string_equal(got, "O O O O B-ORG I-ORG O B-LOC I-LOC O O O");
    tag_words(m, "The German government criticised the decision .", got, sizeof got);
    assert_string_equal(got, "O B-MISC O O O O O");
    nm_ner_free(m);
}

static char *tag_conll_string(const nm_ner_model *m, const char *input, int *rc)
{
    FILE *in = tmpfile(), *out = tmpfile();
    assert_non_null(in);
    assert_non_null(out);
    fputs(input, in);
    rewind(in);
    *rc = nm_ner_tag_conll(m, in, out);
    long n = ftell(out);
    rewind(out);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    size_t got = fread(buf, 1, (size_t)n, out);
    buf[got] = 0;
    fclose(in);
    fclose(out);
    return buf;
}

static void conll_round_trip(void **state)
{
    (void)state;
    nm_ner_model *m = model();
    int rc;
    char *out = tag_conll_string(m,
                                 "-DOCSTART- -X- O O\n\nMaria NNP B-NP B-PER\nLopez NNP I-NP I-PER\nspoke VBD B-VP O\n"
                                 "in IN B-PP O\nMadrid NNP B-NP B-LOC\n. . O O\n\n",
                                 &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(out, "-DOCSTART- -X- O O\n\nMaria NNP B-NP B-PER B-PER\nLopez NNP I-NP I-PER I-PER\n"
                             "spoke VBD B-VP O O\nin IN B-PP O O\nMadrid NNP B-NP B-LOC B-LOC\n. . O O O\n\n");
    free(out);
    nm_ner_free(m);
}

static void conll_malformed_lines(void **state)
{
    (void)state;
    nm_ner_model *m = model();
    int rc;
    /* leading blanks, tabs, a CR, a line of spaces, a NUL byte, no final newline, no DOCSTART */
    static const char input[] = "  Paris\tNNP\r\n \t \nfoo\nbar\x01 baz\n\n\n-DOCSTART-\nLondon";
    FILE *in = tmpfile(), *out = tmpfile();
    fwrite(input, 1, sizeof input - 1, in);
    fputc('\0', in);
    fputs("x\n", in);
    rewind(in);
    rc = nm_ner_tag_conll(m, in, out);
    assert_int_equal(rc, 0);
    long n = ftell(out);
    assert_true(n > 0);
    rewind(out);
    char buf[512];
    size_t got = fread(buf, 1, sizeof buf - 1, out);
    buf[got] = 0;
    /* every token line gets one tag; blank and DOCSTART lines stay as they are */
    assert_memory_equal(buf, "  Paris\tNNP ", 12);
    assert_non_null(strstr(buf, "\n\nfoo "));          /* the blank line kept, empty */
    assert_non_null(strstr(buf, " baz O\n\n\n-DOCSTART-\nLondon"));
    fclose(in);
    fclose(out);
    nm_ner_free(m);
}

static void conll_huge_sentence(void **state)
{
    (void)state;
    nm_ner_model *m = model();
    size_t n = 10000;
    char *in = malloc(n * 12 + 16);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(in + len, i % 3 ? "word%zu\n" : "Name%zu\n", i % 97);
    in[len] = 0;
    int rc;
    char *out = tag_conll_string(m, in, &rc);
    assert_int_equal(rc, 0);
    size_t lines = 0;
    for (char *p = out; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, n);
    free(in);
    free(out);
    nm_ner_free(m);
}

/* eng.testa, first documents: the tagger must stay well above chance (the full score is measured
 * with ner-score; this guards against a broken model or feature drift). */
static void conll_dev_slice(void **state)
{
    (void)state;
    size_t len;
    char *text = nm_test_read_file(nm_test_shared("data/ner/conll2003/eng.testa"), &len);
    if (!text) skip();
    /* the first ~5000 lines */
    size_t cut = 0, lines = 0;
    while (cut < len && lines < 5000) lines += text[cut++] == '\n';
    while (cut < len && !(text[cut] == '\n' && cut > 0 && text[cut - 1] == '\n')) cut++;
    text[cut] = 0;
    nm_ner_model *m = model();
    int rc;
    char *out = tag_conll_string(m, text, &rc);
    assert_int_equal(rc, 0);
    size_t tokens = 0, right = 0;
    for (char *p = out; *p;) {
        char *e = strchr(p, '\n');
        if (!e) break;
        *e = 0;
        char *last = strrchr(p, ' ');
        if (last && strncmp(p, "-DOCSTART-", 10)) {
            *last = 0;
            char *gold = strrchr(p, ' ');
            if (gold) {
                tokens++;
                right += !strcmp(gold + 1, last + 1);
            }
        }
        p = e + 1;
    }
    print_message("eng.testa slice: %zu tokens, accuracy %.4f\n", tokens, tokens ? (double)right / tokens : 0.0);
    assert_true(tokens > 1000);
    assert_true(right * 100 >= tokens * 96);
    free(out);
    free(text);
    nm_ner_free(m);
}

static void engine_shares_the_model(void **state)
{
    (void)state;
    const nm_engine *e = nm_test_engine();
    assert_non_null(e->ner);
    assert_true(e->ner->nfeat > 1000);
    assert_true(e->ner->nfeat < 2000000);
}

static const struct CMUnitTest ner_tests[] = {
    cmocka_unit_test(labels_round_trip),
    cmocka_unit_test(tags_people_places_organisations),
    cmocka_unit_test(conll_round_trip),
    cmocka_unit_test(conll_malformed_lines),
    cmocka_unit_test(conll_huge_sentence),
    cmocka_unit_test(conll_dev_slice),
    cmocka_unit_test(engine_shares_the_model),
};
NM_TEST_GROUP(ner, ner_tests)
