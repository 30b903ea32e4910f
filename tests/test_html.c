/*
 * test_html.c — HTML input: main-content extraction, metadata, charsets, dates, robustness.
 * Fixtures in tests/fixtures/html/ are pages written for these tests.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "html.h"
#include "html_meta.h"

/* Extract a page (bytes) into a fresh bare document; caller frees with nm_doc_free. */
static nm_doc *extract(const char *html, size_t n, const char *url, nm_html_page *page)
{
    nm_doc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    nm_arena_init(&d->arena);
    nm_html_extract_url(d, html, n, url, page);
    return d;
}

static nm_doc *extract_fixture(const char *name, const char *url, nm_html_page *page)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/html/%s", name);
    size_t n = 0;
    char *h = nm_test_read_file(nm_test_path(rel), &n);
    assert_non_null(h);
    nm_doc *d = extract(h, n, url, page);
    free(h);
    return d;
}

static int has(const nm_html_page *p, const char *s) { return strstr(p->text, s) != NULL; }

/* Attributes written without a space between them ('id="a"class="b"') are copied without one: the
 * cleaned copy of a page never outgrows the page (the fuzzer found a heap overflow when each kept
 * attribute got a space). Under the sanitizer build an overflow aborts this test. */
static void adjacent_attributes_do_not_overflow(void **state)
{
    (void)state;
    size_t cap = 16 + 200 * 16, n = 0;
    char *h = malloc(cap);
    assert_non_null(h);
    n += (size_t)snprintf(h + n, cap - n, "<p");
    for (int i = 0; i < 200; i++) n += (size_t)snprintf(h + n, cap - n, "%sid=\"a%d\"", i ? "" : " ", i % 10);
    h[n++] = '>';
    nm_html_page page;
    nm_doc *d = extract(h, n, "https://example.com/a", &page);
    nm_doc_free(d);
    free(h);
}

static void keeps_article_blocks(void **state)
{
    (void)state;
    nm_html_page p;
    nm_doc *d = extract_fixture("bridge.html", NULL, &p);
    assert_true(has(&p, "The harbour bridge reopened to traffic on Sunday"));
    assert_true(has(&p, "\xE2\x80\x9CThis bridge carries our city,\xE2\x80\x9D")); /* entities decoded */
    assert_true(has(&p, "\n\nDelays and overruns\n\n"));                          /* heading as its own block */
    assert_true(has(&p, "\n\nTwo lanes will open in each direction from Monday.\n\n")); /* list items */
    assert_true(has(&p, "Engineers expect the repaired deck"));                     /* block quote */
    assert_true(has(&p, "Crossing the bridge again this morning"));                 /* embedded post */
    assert_true(has(&p, "Traffic counts will be published next month"));
    /* paragraphs are separated by blank lines, never run together */
    assert_true(has(&p, "officials said.\n\nMayor Ana Ruiz"));
    nm_doc_free(d);
}

static void drops_boilerplate(void **state)
{
    (void)state;
    nm_html_page p;
    nm_doc *d = extract_fixture("bridge.html", NULL, &p);
    static const char *const NOT[] = {"cookies", "Accept", "Home", "Sport", "Share on Facebook", "Tweet",
                                      "Advertisement", "Related stories", "Ferry fares", "12 comments",
                                      "I drove over it", "Most read", "Storm warning", "All rights reserved",
                                      "not text", "color: red", "Harbour bridge reopens", NULL};
    for (int i = 0; NOT[i]; i++) {
        if (has(&p, NOT[i])) print_message("unexpected \"%s\" in:\n%s\n", NOT[i], p.text);
        assert_false(has(&p, NOT[i]));
    }
    nm_doc_free(d);
}

static void metadata_from_json_ld_and_meta(void **state)
{
    (void)state;
    nm_html_page p;
    nm_doc *d = extract_fixture("bridge.html", NULL, &p);
    assert_string_equal(p.title, "Harbour bridge reopens after two-year repair");
    /* JSON-LD datePublished beats article:published_time (2026-02-27) */
    assert_int_equal(p.date_y, 2026);
    assert_int_equal(p.date_m, 3);
    assert_int_equal(p.date_d, 1);
    assert_string_equal(p.date_source, "html:json-ld");
    assert_string_equal(p.modified, "2026-03-01");
    assert_int_equal(p.nauthors, 1); /* "Email the author" is not a person */
    assert_string_equal(p.authors[0], "Maria Lindqvist");
    assert_string_equal(p.site_name, "Example News");
    assert_string_equal(p.language, "en");
    assert_string_equal(p.url, "https://news.example.com/world/2026/03/01/harbour-bridge");
    assert_string_equal(p.image, "https://news.example.com/img/bridge.jpg");
    assert_non_null(strstr(p.description, "reopened to traffic"));
    nm_doc_free(d);
}

static void byline_authors_and_title_cleaning(void **state)
{
    (void)state;
    nm_html_page p;
    nm_doc *d = extract_fixture("council.html", NULL, &p);
    assert_string_equal(p.title, "Council approves budget after late-night vote"); /* " - Valley Courier" gone */
    assert_int_equal(p.nauthors, 2);
    assert_string_equal(p.authors[0], "Jane Doe");
    assert_string_equal(p.authors[1], "John Roe");
    assert_string_equal(p.date_source, "html:meta");
    assert_int_equal(p.date_d, 2);
    assert_false(has(&p, "Staff writers"));
    assert_false(has(&p, "newsletter"));
    assert_false(has(&p, "Obituaries"));
    assert_true(has(&p, "The measure passed 5-2."));
    nm_doc_free(d);
}

static void charset_meta_windows_1252(void **state)
{
    (void)state;
    /* "café – déjà" in windows-1252, declared only by <meta> */
    const char h[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>"
                     "<body><p>Le caf\xE9 \x96 d\xE9j\xE0 vu, a long enough paragraph to be the article body here.</p></body></html>";
    nm_html_page p;
    nm_doc *d = extract(h, sizeof h - 1, NULL, &p);
    assert_true(has(&p, "Le caf\xC3\xA9 \xE2\x80\x93 d\xC3\xA9j\xC3\xA0 vu"));
    nm_doc_free(d);
}

static void charset_boms(void **state)
{
    (void)state;
    const char u8[] = "\xEF\xBB\xBF<p>Na\xC3\xAFve text with a byte order mark, long enough to count as a paragraph.</p>";
    nm_html_page p;
    nm_doc *d = extract(u8, sizeof u8 - 1, NULL, &p);
    assert_true(has(&p, "Na\xC3\xAFve text"));
    assert_false(has(&p, "\xEF\xBB\xBF"));
    nm_doc_free(d);
    /* UTF-16LE with BOM */
    const char *ascii = "<p>Sixteen-bit text arrives from an old newsroom system, and it is read correctly.</p>";
    size_t n = strlen(ascii);
    char *u16 = malloc(2 + 2 * n);
    u16[0] = (char)0xFF;
    u16[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++) { u16[2 + 2 * i] = ascii[i]; u16[3 + 2 * i] = 0; }
    d = extract(u16, 2 + 2 * n, NULL, &p);
    assert_true(has(&p, "Sixteen-bit text arrives"));
    nm_doc_free(d);
    free(u16);
}

static void valid_utf8_wins_over_wrong_declaration(void **state)
{
    (void)state;
    const char h[] = "<meta charset=\"windows-1252\"><p>Z\xC3\xBCrich and S\xC3\xA3o Paulo signed the accord on Tuesday, officials said.</p>";
    nm_html_page p;
    nm_doc *d = extract(h, sizeof h - 1, NULL, &p);
    assert_true(has(&p, "Z\xC3\xBCrich and S\xC3\xA3o Paulo"));
    nm_doc_free(d);
    /* declared UTF-8 with one stray latin-1 byte: the good characters stay intact */
    const char h2[] = "<meta charset=\"utf-8\"><p>A stray \xB7 byte first, then Z\xC3\xBCrich and S\xC3\xA3o Paulo signed the accord.</p>";
    d = extract(h2, sizeof h2 - 1, NULL, &p);
    assert_true(has(&p, "Z\xC3\xBCrich and S\xC3\xA3o Paulo")); /* not "ZÃ¼rich" */
    nm_doc_free(d);
    /* a NUL byte does not end the page; fragments without <html>/<body> keep every block */
    const char h3[] = "<p>The first part of the story is long enough to count here.</p>\0"
                      "<p>The second part comes after a NUL byte and is kept as well.</p>";
    d = extract(h3, sizeof h3 - 1, NULL, &p);
    assert_true(has(&p, "The first part of the story"));
    assert_true(has(&p, "The second part comes after a NUL byte"));
    nm_doc_free(d);
}

static void date_formats(void **state)
{
    (void)state;
    static const struct { const char *s; int y, m, d; } CASES[] = {
        {"2019-11-19T10:30:00-05:00", 2019, 11, 19}, {"2019/11/19", 2019, 11, 19}, {"20191119", 2019, 11, 19},
        {"November 19, 2019", 2019, 11, 19}, {"Published Nov. 19, 2019 at 3:04 p.m.", 2019, 11, 19},
        {"19 November 2019", 2019, 11, 19}, {"Tue, 19 Nov 2019 10:00:00 GMT", 2019, 11, 19},
        {"Sept. 3, 2020", 2020, 9, 3}, {"11/19/2019", 2019, 11, 19}, {"19.11.2019", 2019, 11, 19},
        {"25/12/2018", 2018, 12, 25}, {NULL, 0, 0, 0}};
    for (int i = 0; CASES[i].s; i++) {
        int y = 0, m = 0, d = 0;
        assert_true(nm_html_parse_date(CASES[i].s, strlen(CASES[i].s), &y, &m, &d));
        assert_int_equal(y, CASES[i].y);
        assert_int_equal(m, CASES[i].m);
        assert_int_equal(d, CASES[i].d);
    }
    int y, m, d;
    assert_false(nm_html_parse_date("2019-13-45", 10, &y, &m, &d));
    assert_false(nm_html_parse_date("February 30, 2019", 17, &y, &m, &d));
    assert_false(nm_html_parse_date("no date here", 12, &y, &m, &d));
}

static void date_from_url_and_visible_line(void **state)
{
    (void)state;
    const char h[] = "<html><body><div class=\"date\">Updated March 9, 2025</div>"
                     "<p>Flood waters receded across the valley on Monday as crews cleared the roads, officials said.</p></body></html>";
    nm_html_page p;
    nm_doc *d = extract(h, sizeof h - 1, "https://example.com/news/2025/07/14/floods-recede", &p);
    assert_string_equal(p.date_source, "html:url");
    assert_int_equal(p.date_m, 7);
    assert_int_equal(p.date_d, 14);
    nm_doc_free(d);
    /* no URL: an "Updated" line is not a publication date, a "Published" one is */
    d = extract(h, sizeof h - 1, NULL, &p);
    assert_int_equal(p.date_y, 0);
    nm_doc_free(d);
    const char h2[] = "<html><body><span class=\"post-date\">Posted on 4 June 2024</span>"
                      "<p>Flood waters receded across the valley on Monday as crews cleared the roads, officials said.</p></body></html>";
    d = extract(h2, sizeof h2 - 1, NULL, &p);
    assert_string_equal(p.date_source, "html:text");
    assert_int_equal(p.date_y, 2024);
    assert_int_equal(p.date_m, 6);
    assert_int_equal(p.date_d, 4);
    nm_doc_free(d);
    /* today's date in the masthead is not the story's */
    const char h3[] = "<html><body><div class=\"masthead\"><span class=\"date\">Tuesday, March 10, 2026</span></div>"
                      "<div class=\"story\"><span class=\"post-date\">March 2, 2026</span>"
                      "<p>Flood waters receded across the valley on Monday as crews cleared the roads, officials said.</p></div></body></html>";
    d = extract(h3, sizeof h3 - 1, NULL, &p);
    assert_int_equal(p.date_m, 3);
    assert_int_equal(p.date_d, 2);
    nm_doc_free(d);
}

static void utc_timestamp_reconciled_with_url(void **state)
{
    (void)state;
    const char h[] = "<html><head><meta property=\"article:published_time\" content=\"2019-11-19T04:58:46Z\"></head>"
                     "<body><p>Markets closed higher on Monday evening after a late rally in technology shares.</p></body></html>";
    nm_html_page p;
    nm_doc *d = extract(h, sizeof h - 1, "https://example.com/2019/11/18/markets-close", &p);
    assert_int_equal(p.date_d, 18);
    nm_doc_free(d);
}

static void json_ld_body_when_markup_has_none(void **state)
{
    (void)state;
    const char h[] = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Dam opens\","
                     "\"articleBody\":\"The new dam on the Vell river opened on Thursday after six years of work, the "
                     "regional water authority said. It will supply forty thousand homes.\"}</script></head>"
                     "<body><div id=\"app\"></div></body></html>";
    nm_html_page p;
    nm_doc *d = extract(h, sizeof h - 1, NULL, &p);
    assert_true(has(&p, "The new dam on the Vell river opened on Thursday"));
    assert_string_equal(p.title, "Dam opens");
    nm_doc_free(d);
}

static void analyze_uses_page_date_and_text(void **state)
{
    (void)state;
    size_t n = 0;
    char *h = nm_test_read_file(nm_test_path("tests/fixtures/html/bridge.html"), &n);
    assert_non_null(h);
    nm_article a;
    memset(&a, 0, sizeof a);
    a.body = h;
    a.body_len = n;
    a.kind = NM_INPUT_HTML;
    a.date = "2026-03-05"; /* e.g. a crawl date: the page's own date wins */
    a.date_len = 10;
    nm_doc *d = nm_analyze(nm_test_engine(), &a);
    assert_int_equal(d->date.y, 2026);
    assert_int_equal(d->date.d, 1);
    assert_string_equal(d->date.source, "html:json-ld");
    assert_string_equal(d->title, "Harbour bridge reopens after two-year repair");
    assert_true(d->paras.n >= 8);
    assert_non_null(strstr(d->text, "PORTVILLE"));
    nm_doc_free(d);
    free(h);
}

static void bad_input_never_crashes(void **state)
{
    (void)state;
    nm_html_page p;
    nm_doc *d = extract("", 0, NULL, &p);
    assert_int_equal(p.text_len, 0);
    assert_true(d->warnings.n >= 1);
    nm_doc_free(d);
    const char *junk[] = {"<", "<<<<>>>>", "<p", "<!--", "<script>", "<a href='x", "</p></div></body>",
                          "<html><body><p>unterminated <b>bold <i>italic", "\x00\x01\xFF<p>\xC3</p>",
                          "<svg><p>inside svg</p>", "<table><td><td><tr><p>x</table>", NULL};
    for (int i = 0; junk[i]; i++) {
        d = extract(junk[i], strlen(junk[i]), NULL, &p);
        nm_doc_free(d);
    }
    /* deep nesting and one enormous paragraph: linear work, no recursion overflow */
    size_t depth = 50000;
    char *deep = malloc(depth * 5 + 64);
    size_t o = 0;
    for (size_t i = 0; i < depth; i++) { memcpy(deep + o, "<div>", 5); o += 5; }
    memcpy(deep + o, "deep text", 9);
    o += 9;
    d = extract(deep, o, NULL, &p);
    nm_doc_free(d);
    free(deep);
    /* deep nesting of elements every metadata reader looks into */
    static const char *const NEST[] = {"<div class=\"date byline\" itemprop=\"author\">", "<time datetime=\"2020-01-01\">",
                                       "<a rel=\"author\">", "<span itemprop=\"author\" class=\"comment\">", NULL};
    for (int k = 0; NEST[k]; k++) {
        size_t tl = strlen(NEST[k]), reps = 20000;
        char *nest = malloc(reps * tl + 16);
        for (size_t i = 0; i < reps; i++) memcpy(nest + i * tl, NEST[k], tl);
        memcpy(nest + reps * tl, "Jane Doe", 8);
        d = extract(nest, reps * tl + 8, NULL, &p);
        nm_doc_free(d);
        free(nest);
    }
    size_t big = 4 << 20;
    char *huge = malloc(big + 16);
    memcpy(huge, "<p>", 3);
    for (size_t i = 3; i < big; i++) huge[i] = (i % 7) ? 'a' : ' ';
    d = extract(huge, big, NULL, &p);
    assert_true(p.text_len > big / 2);
    nm_doc_free(d);
    free(huge);
}

/* Every page of the development benchmark gives text (skipped without ../shared). */
static void benchmark_pages_have_text(void **state)
{
    (void)state;
    const char *gt = nm_test_shared("data/html/article-extraction-benchmark/ground-truth.jsonl");
    FILE *f = fopen(gt, "r");
    if (!f) skip();
    char line[1 << 16];
    int pages = 0;
    while (fgets(line, sizeof line, f) && pages < 20) {
        char *id = strstr(line, "\"id\": \"");
        if (!id) continue;
        id += 7;
        char rel[256];
        snprintf(rel, sizeof rel, "data/html/article-extraction-benchmark/html/%.64s.html.gz", id);
        gzFile gz = gzopen(nm_test_shared(rel), "rb");
        if (!gz) continue;
        size_t cap = 4 << 20, n = 0;
        char *b = malloc(cap);
        int r;
        while ((r = gzread(gz, b + n, (unsigned)(cap - n))) > 0) n += (size_t)r;
        gzclose(gz);
        nm_html_page p;
        nm_doc *d = extract(b, n, NULL, &p);
        assert_true(p.text_len > 200);
        nm_doc_free(d);
        free(b);
        pages++;
    }
    fclose(f);
    assert_true(pages > 0);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(adjacent_attributes_do_not_overflow),
    cmocka_unit_test(keeps_article_blocks),
    cmocka_unit_test(drops_boilerplate),
    cmocka_unit_test(metadata_from_json_ld_and_meta),
    cmocka_unit_test(byline_authors_and_title_cleaning),
    cmocka_unit_test(charset_meta_windows_1252),
    cmocka_unit_test(charset_boms),
    cmocka_unit_test(valid_utf8_wins_over_wrong_declaration),
    cmocka_unit_test(date_formats),
    cmocka_unit_test(date_from_url_and_visible_line),
    cmocka_unit_test(utc_timestamp_reconciled_with_url),
    cmocka_unit_test(json_ld_body_when_markup_has_none),
    cmocka_unit_test(analyze_uses_page_date_and_text),
    cmocka_unit_test(bad_input_never_crashes),
    cmocka_unit_test(benchmark_pages_have_text),
};

NM_TEST_GROUP(html, tests)
