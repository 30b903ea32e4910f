/*
 * test_schema.c — the output of `analyze` keeps its documented contract: every test article
 * (tests/fixtures/articles, tests/golden, examples, and ../shared's seed and corpus sample when
 * present) validates against docs/schema.json, and the offsets mean what docs/output.md says
 * (code points into `text`; a sentence's `text` is exactly that slice; stats agree with the arrays).
 * Also checks that documents broken in typical ways are rejected, so the check cannot pass vacuously.
 */
#include "harness.h"
#include "schema_check.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"

static json_t *load_schema(void)
{
    json_error_t je;
    json_t *s = json_load_file(nm_test_path("docs/schema.json"), 0, &je);
    if (!s) print_message("docs/schema.json: line %d: %s\n", je.line, je.text);
    assert_non_null(s);
    return s;
}

static json_t *render(nm_doc *d, nm_format fmt)
{
    char *out;
    size_t len;
    assert_int_equal(nm_doc_render(d, fmt, &out, &len), 0);
    json_error_t je;
    json_t *j = json_loadb(out, len, 0, &je);
    if (!j) print_message("output is not JSON: %s\n", je.text);
    assert_non_null(j);
    free(out);
    return j;
}

/* Byte offset of every code point of s (plus one past the end), so slices can be compared. */
static size_t *cp_index(const char *s, size_t n, size_t *ncp)
{
    size_t *ix = malloc((n + 1) * sizeof *ix), k = 0;
    assert_non_null(ix);
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) ix[k++] = i;
    ix[k] = n;
    *ncp = k;
    return ix;
}

typedef struct doc_view {
    const char *text;
    size_t *ix;
    size_t ncp;
    const char *label;
} doc_view;

static json_int_t jint(const json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* start/end within the text; with want_text, o.text must equal the slice. */
static void check_span(const doc_view *v, const json_t *o, int want_text, const char *what)
{
    json_int_t s = jint(o, "start"), e = jint(o, "end");
    if (s < 0 || e < s || (size_t)e > v->ncp) {
        print_message("%s: %s has bad offsets [%lld, %lld) for %zu characters\n", v->label, what, (long long)s, (long long)e, v->ncp);
        fail();
    }
    if (!want_text) return;
    const json_t *t = json_object_get(o, "text");
    size_t b0 = v->ix[s], b1 = v->ix[e];
    if (json_string_length(t) != b1 - b0 || memcmp(json_string_value(t), v->text + b0, b1 - b0) != 0) {
        print_message("%s: %s text \"%s\" is not the slice [%lld, %lld) \"%.*s\"\n", v->label, what, json_string_value(t),
                      (long long)s, (long long)e, (int)(b1 - b0), v->text + b0);
        fail();
    }
}

static void check_spans_in(const doc_view *v, const json_t *arr, int want_text, const char *what)
{
    size_t i;
    const json_t *o;
    json_array_foreach(arr, i, o) check_span(v, o, want_text, what);
}

/* The meaning of the offsets and counts, beyond what the schema can say. */
static void check_semantics(const json_t *j, const char *label)
{
    doc_view v;
    const json_t *text = json_object_get(j, "text");
    v.text = json_string_value(text);
    v.label = label;
    v.ix = cp_index(v.text, json_string_length(text), &v.ncp);
    const json_t *stats = json_object_get(j, "stats");
    const json_t *paras = json_object_get(j, "paragraphs"), *sents = json_object_get(j, "sentences");
    assert_int_equal(jint(stats, "chars"), v.ncp);
    assert_int_equal(jint(stats, "bytes"), json_string_length(text));
    assert_int_equal(jint(stats, "sentences"), json_array_size(sents));
    assert_int_equal(jint(stats, "paragraphs"), json_array_size(paras));

    check_spans_in(&v, paras, 0, "paragraph");
    json_int_t prev_end = 0;
    size_t i;
    const json_t *s;
    json_array_foreach(sents, i, s) {
        check_span(&v, s, 1, "sentence");
        assert_true(jint(s, "start") >= prev_end); /* in order, not overlapping */
        prev_end = jint(s, "end");
        json_int_t p = jint(s, "paragraph");
        assert_true(p >= 0 && (size_t)p < json_array_size(paras));
        const json_t *P = json_array_get(paras, (size_t)p);
        assert_true(jint(s, "start") >= jint(P, "start") && jint(s, "end") <= jint(P, "end"));
        assert_string_equal(json_string_value(json_object_get(P, "role")), "body");
    }
    const json_t *st = json_object_get(j, "structure");
    const char *singles[] = {"title", "dateline", "key_points_label"};
    for (size_t k = 0; k < 3; k++) {
        const json_t *sp = json_object_get(st, singles[k]);
        if (json_is_object(sp)) check_span(&v, sp, 1, singles[k]);
    }
    check_spans_in(&v, json_object_get(st, "bylines"), 1, "byline");
    check_spans_in(&v, json_object_get(st, "headings"), 1, "heading");
    check_spans_in(&v, json_object_get(st, "key_points"), 1, "key point");
    const json_t *post;
    json_array_foreach(json_object_get(st, "posts"), i, post) {
        check_span(&v, post, 1, "post");
        if (json_is_object(json_object_get(post, "attribution"))) check_span(&v, json_object_get(post, "attribution"), 1, "post attribution");
    }
    /* stage facts: offsets inside the text, sentence indices inside `sentences` */
    const char *stage_keys[] = {"timex", "quantities", "quotes", "events"};
    for (size_t k = 0; k < 4; k++) check_spans_in(&v, json_object_get(j, stage_keys[k]), 0, stage_keys[k]);
    const json_t *ent;
    json_array_foreach(json_object_get(j, "entities"), i, ent) check_spans_in(&v, json_object_get(ent, "mentions"), 0, "mention");
    const char *with_sentence[] = {"quotes", "events", "keypoints"};
    for (size_t k = 0; k < 3; k++) {
        const json_t *o;
        size_t n;
        json_array_foreach(json_object_get(j, with_sentence[k]), n, o) {
            const json_t *si = json_object_get(o, "sentence");
            if (json_is_integer(si)) assert_true((size_t)json_integer_value(si) < json_array_size(sents));
        }
    }
    free(v.ix);
}

static int validate_doc(const json_t *schema, nm_doc *d, const char *label)
{
    json_t *j = render(d, NM_FORMAT_JSONL);
    json_t *pretty = render(d, NM_FORMAT_JSON);
    assert_true(json_equal(j, pretty)); /* --format json is the same object, indented */
    char err[512];
    int n = nm_schema_validate(schema, j, err, sizeof err);
    if (n) print_message("%s: %d schema problem(s), first: %s\n", label, n, err);
    assert_int_equal(n, 0);
    check_semantics(j, label);
    json_decref(pretty);
    json_decref(j);
    return 1;
}

static nm_doc *analyze_text(const char *text, size_t len, const char *date, const char *id)
{
    nm_article a;
    memset(&a, 0, sizeof a);
    a.body = text;
    a.body_len = len;
    a.id = id;
    a.id_len = strlen(id);
    if (date) { a.date = date; a.date_len = strlen(date); }
    return nm_analyze(nm_test_engine(), &a);
}

/* Validate every *.txt in a source-tree folder, with and without a publication date. */
static int validate_folder(const json_t *schema, const char *rel)
{
    DIR *dir = opendir(nm_test_path(rel));
    if (!dir) return 0;
    int count = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0) continue;
        char rel_file[512];
        snprintf(rel_file, sizeof rel_file, "%s/%s", rel, e->d_name);
        size_t len;
        char *text = nm_test_read_file(nm_test_path(rel_file), &len);
        assert_non_null(text);
        for (int with_date = 0; with_date < 2; with_date++) {
            nm_doc *d = analyze_text(text, len, with_date ? "2026-04-09" : NULL, e->d_name);
            count += validate_doc(schema, d, rel_file);
            nm_doc_free(d);
        }
        free(text);
    }
    closedir(dir);
    return count;
}

static void fixtures_validate(void **state)
{
    (void)state;
    json_t *schema = load_schema();
    int n = validate_folder(schema, "tests/fixtures/articles");
    assert_true(n >= 10); /* the fixtures are there and were all checked */
    validate_folder(schema, "tests/golden");
    assert_true(validate_folder(schema, "examples") >= 2);
    json_decref(schema);
}

static void odd_inputs_validate(void **state)
{
    (void)state;
    json_t *schema = load_schema();
    /* explicit lengths: some contain NUL bytes */
#define ODD(s) {s, sizeof(s) - 1}
    static const struct { const char *text; size_t len; } odd[] = {
        ODD(""),                                        /* empty */
        ODD(" \n\n\t "),                                /* whitespace only */
        ODD("Bad \xFF\xFE bytes and a \xC3 cut sequence."), /* invalid UTF-8 */
        ODD("A\0NUL inside."),                          /* NUL byte */
        ODD("\xE2\x80\x9CNever closed quote runs on. And on."),
        ODD("- one\n- two\n- three"),
        ODD("\xE2\x80\x94 Someone (@someone) May 1, 2026"),
    };
#undef ODD
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        nm_doc *d = analyze_text(odd[i].text, odd[i].len, NULL, "odd");
        char label[32];
        snprintf(label, sizeof label, "odd input %zu", i);
        validate_doc(schema, d, label);
        if (i == 2 || i == 3) assert_true(nm_doc_warning_count(d) > 0);
        nm_doc_free(d);
    }
    /* HTML input and metadata */
    nm_article a;
    memset(&a, 0, sizeof a);
    const char *html = "<html><head><title>Dam deal</title></head><body><p>VIENTIANE (AFP) &mdash; Two ministers met.</p>"
                       "<p>&ldquo;It works,&rdquo; one said.</p><script>var x = 1;</script></body></html>";
    a.body = html;
    a.body_len = strlen(html);
    a.kind = NM_INPUT_HTML;
    a.url = "https://example.invalid/dam";
    a.url_len = strlen(a.url);
    a.date = "not a date";
    a.date_len = strlen(a.date);
    nm_doc *d = nm_analyze(nm_test_engine(), &a);
    validate_doc(schema, d, "html");
    nm_doc_free(d);
    json_decref(schema);
}

static void seed_validates(void **state)
{
    (void)state;
    size_t len;
    char *text = nm_test_read_file(nm_test_shared("seed/000_0969f0addae08510.txt"), &len);
    if (!text) skip();
    json_t *schema = load_schema();
    nm_doc *d = analyze_text(text, len, NULL, "seed");
    validate_doc(schema, d, "seed");
    nm_doc_free(d);
    json_decref(schema);
    free(text);
}

/* The first 100 records of the corpus sample, read as the CLI reads them. */
static void corpus_sample_validates(void **state)
{
    (void)state;
    char err[512];
    nm_reader *rd = nm_reader_open(nm_test_shared("data/corpus/news-sample.jsonl"), NM_IN_AUTO, (size_t)64 << 20, err, sizeof err);
    if (!rd) skip();
    json_t *schema = load_schema();
    int n = 0;
    nm_record rec;
    while (n < 100 && nm_reader_next(rd, &rec, err, sizeof err) == 1) {
        nm_doc *d = nm_analyze(nm_test_engine(), &rec.art);
        validate_doc(schema, d, rec.label);
        nm_doc_free(d);
        nm_record_free(&rec);
        n++;
    }
    nm_reader_close(rd);
    assert_int_equal(n, 100);
    json_decref(schema);
}

/* The example in docs/output.md is a real, valid output: the prose cannot drift from the schema. */
static void documented_example_validates(void **state)
{
    (void)state;
    char *md = nm_test_read_file(nm_test_path("docs/output.md"), NULL);
    assert_non_null(md);
    const char *open_mark = strstr(md, "```json\n");
    assert_non_null(open_mark);
    const char *start = open_mark + 8, *end = strstr(start, "\n```");
    assert_non_null(end);
    json_error_t je;
    json_t *j = json_loadb(start, (size_t)(end - start), 0, &je);
    if (!j) print_message("docs/output.md example: line %d: %s\n", je.line, je.text);
    assert_non_null(j);
    json_t *schema = load_schema();
    char err[512];
    int n = nm_schema_validate(schema, j, err, sizeof err);
    if (n) print_message("docs/output.md example: %s\n", err);
    assert_int_equal(n, 0);
    check_semantics(j, "docs/output.md example");
    json_decref(schema);
    json_decref(j);
    free(md);
}

/* A valid output, broken in one way at a time: each must be rejected. */
static void broken_documents_are_rejected(void **state)
{
    (void)state;
    json_t *schema = load_schema();
    nm_doc *d = nm_test_doc("KEY POINTS\n- Ships were diverted.\nANTWERP, Feb. 17 - Dock workers struck on Tuesday. "
                            "\"We are against losing jobs,\" De Smet said.", "2026-02-17");
    json_t *good = render(d, NM_FORMAT_JSONL);
    nm_doc_free(d);
    char err[512];
    assert_int_equal(nm_schema_validate(schema, good, err, sizeof err), 0);
    assert_true(json_array_size(json_object_get(good, "sentences")) >= 2);

    static const char *const breakages[] = {
        "delete sentences",  "sentence start is a string", "unknown paragraph role", "extra key in a sentence",
        "bad date value",    "entity without fields",      "keypoints not an array", "unknown timex type",
        "negative token count", "title is a number",       "post without author",    "claim with a bad stance",
    };
    for (size_t k = 0; k < sizeof breakages / sizeof breakages[0]; k++) {
        json_t *bad = json_deep_copy(good);
        json_t *s0 = json_array_get(json_object_get(bad, "sentences"), 0);
        switch (k) {
        case 0: json_object_del(bad, "sentences"); break;
        case 1: json_object_set_new(s0, "start", json_string("0")); break;
        case 2: json_object_set_new(json_array_get(json_object_get(bad, "paragraphs"), 0), "role", json_string("lede")); break;
        case 3: json_object_set_new(s0, "bogus", json_true()); break;
        case 4: json_object_set_new(json_object_get(bad, "date"), "value", json_string("17/02/2026")); break;
        case 5: json_array_append_new(json_object_get(bad, "entities"), json_pack("{s:i}", "id", 1)); break;
        case 6: json_object_set_new(bad, "keypoints", json_object()); break;
        case 7:
            json_array_append_new(json_object_get(bad, "timex"),
                                  json_pack("{s:i,s:i,s:s,s:s,s:s,s:n}", "start", 0, "end", 4, "text", "KEY ", "type", "WEEKDAY",
                                            "value", "2026", "mod"));
            break;
        case 8: json_object_set_new(json_object_get(bad, "stats"), "tokens", json_integer(-1)); break;
        case 9: json_object_set_new(bad, "title", json_integer(7)); break;
        case 10:
            json_array_append_new(json_object_get(json_object_get(bad, "structure"), "posts"),
                                  json_pack("{s:i,s:i,s:s}", "start", 0, "end", 1, "text", "K"));
            break;
        case 11:
            json_array_append_new(json_object_get(bad, "claims"),
                                  json_pack("{s:s,s:[{s:n,s:s}]}", "about", "x", "statements", "source", "stance", "maybe"));
            break;
        }
        int n = nm_schema_validate(schema, bad, err, sizeof err);
        if (n == 0) print_message("not rejected: %s\n", breakages[k]);
        assert_true(n > 0);
        json_decref(bad);
    }
    json_decref(good);
    json_decref(schema);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(fixtures_validate),
    cmocka_unit_test(odd_inputs_validate),
    cmocka_unit_test(seed_validates),
    cmocka_unit_test(corpus_sample_validates),
    cmocka_unit_test(documented_example_validates),
    cmocka_unit_test(broken_documents_are_rejected),
};
NM_TEST_GROUP(schema, tests)
