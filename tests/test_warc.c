/*
 * test_warc.c — WARC input: HTML responses become articles, other records are skipped and counted,
 * truncated and corrupt files give every complete record and then one clear error.
 * Fixtures: tests/fixtures/warc/ (built by make-fixtures.sh from tests/fixtures/html/).
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "warc.h"

typedef struct warc_result {
    int articles, errors;
    char urls[8][160];
    char dates[8][16];
    char last_error[512];
} warc_result;

static void read_all(const char *path, warc_result *r)
{
    memset(r, 0, sizeof *r);
    char err[512];
    nm_reader *rd = nm_reader_open(path, NM_IN_AUTO, 1 << 20, err, sizeof err);
    assert_non_null(rd);
    for (int guard = 0; guard < 1000; guard++) {
        nm_record rec;
        int rc = nm_reader_next(rd, &rec, err, sizeof err);
        if (rc == 0) { nm_record_free(&rec); break; }
        if (rc < 0) {
            r->errors++;
            snprintf(r->last_error, sizeof r->last_error, "%.200s: %.300s", rec.label, err);
        } else {
            assert_int_equal(rec.art.kind, NM_INPUT_HTML);
            if (r->articles < 8) {
                snprintf(r->urls[r->articles], sizeof r->urls[0], "%.*s", (int)rec.art.url_len, rec.art.url);
                snprintf(r->dates[r->articles], sizeof r->dates[0], "%.*s", (int)rec.art.date_len, rec.art.date);
            }
            r->articles++;
        }
        nm_record_free(&rec);
    }
    nm_reader_close(rd);
}

static void html_responses_become_articles(void **state)
{
    (void)state;
    warc_result r;
    read_all(nm_test_path("tests/fixtures/warc/sample.warc"), &r);
    /* 3 HTML responses; warcinfo, request, metadata, an image and a 404 page are skipped */
    assert_int_equal(r.articles, 3);
    assert_int_equal(r.errors, 0);
    assert_string_equal(r.urls[0], "https://news.example.com/world/2026/03/01/harbour-bridge");
    assert_string_equal(r.dates[0], "2026-03-02");
    assert_string_equal(r.urls[1], "https://local.example.org/news/council-budget-vote");
    assert_string_equal(r.urls[2], "https://presse.example.fr/2026/03/04/cafe-prix");
}

static void gzip_members_read_the_same(void **state)
{
    (void)state;
    warc_result r;
    read_all(nm_test_path("tests/fixtures/warc/sample.warc.gz"), &r);
    assert_int_equal(r.articles, 3);
    assert_int_equal(r.errors, 0);
    assert_string_equal(r.urls[2], "https://presse.example.fr/2026/03/04/cafe-prix");
}

static void truncated_file_keeps_complete_records(void **state)
{
    (void)state;
    warc_result r;
    read_all(nm_test_path("tests/fixtures/warc/truncated.warc"), &r);
    assert_int_equal(r.articles, 2);
    assert_int_equal(r.errors, 1);
    assert_non_null(strstr(r.last_error, "truncated"));
}

/* The payload: chunked + gzip + latin-1 record decoded to UTF-8 text, through the extractor. */
static void payload_decoded_to_utf8(void **state)
{
    (void)state;
    char err[512];
    nm_reader *rd = nm_reader_open(nm_test_path("tests/fixtures/warc/sample.warc.gz"), NM_IN_AUTO, 1 << 20, err, sizeof err);
    assert_non_null(rd);
    nm_record rec;
    int found = 0;
    while (nm_reader_next(rd, &rec, err, sizeof err) == 1) {
        nm_doc *d = nm_analyze(nm_test_engine(), &rec.art);
        if (strstr(d->text, "Le prix du caf\xC3\xA9 a augment\xC3\xA9")) found |= 1;
        if (strstr(d->text, "The measure passed 5-2.")) found |= 2; /* the chunked one */
        if (d->url && strstr(d->url, "cafe-prix")) {
            /* the page states no date: the URL path gives it, not the crawl date */
            assert_int_equal(d->date.d, 4);
        }
        nm_doc_free(d);
        nm_record_free(&rec);
    }
    nm_record_free(&rec);
    nm_reader_close(rd);
    assert_int_equal(found, 3);
}

static char *write_temp(const char *data, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/nm-warc-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    return path;
}

static void truncated_gzip_member(void **state)
{
    (void)state;
    size_t n = 0;
    char *gz = nm_test_read_file(nm_test_path("tests/fixtures/warc/sample.warc.gz"), &n);
    assert_non_null(gz);
    assert_true(n > 3000);
    char path[64];
    snprintf(path, sizeof path, "/tmp/nm-warc-cut-XXXXXX.warc.gz");
    int fd = mkstemps(path, 8);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, gz, 3000), 3000); /* cut inside the council page's gzip member */
    close(fd);
    free(gz);
    warc_result r;
    read_all(path, &r);
    unlink(path);
    assert_int_equal(r.articles, 1);
    assert_int_equal(r.errors, 1);
    assert_non_null(strstr(r.last_error, "truncated"));
}

static void corrupt_files_fail_cleanly(void **state)
{
    (void)state;
    static const char *const BAD[] = {
        "WARC/1.0\r\nWARC-Type: response\r\n",                                           /* header cut */
        "WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>",       /* no length */
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999\r\n\r\nHTTP/1.1",  /* length past the end */
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: -5\r\n\r\n",
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\nGARBAGE AFTER RECORD",
        NULL};
    for (int i = 0; BAD[i]; i++) {
        char *p = write_temp(BAD[i], strlen(BAD[i]));
        char err[512];
        nm_reader *rd = nm_reader_open(p, NM_IN_WARC, 1 << 20, err, sizeof err);
        assert_non_null(rd);
        int errors = 0, guard = 0;
        for (; guard < 100; guard++) {
            nm_record rec;
            int rc = nm_reader_next(rd, &rec, err, sizeof err);
            nm_record_free(&rec);
            if (rc == 0) break;
            if (rc < 0) errors++;
        }
        assert_true(guard < 100); /* no endless loop */
        assert_int_equal(errors, 1);
        nm_reader_close(rd);
        unlink(p);
    }
}

static void skipped_records_are_counted(void **state)
{
    (void)state;
    char err[256];
    nm_source *src = nm_source_open(nm_test_path("tests/fixtures/warc/sample.warc.gz"), err, sizeof err);
    assert_non_null(src);
    nm_warc *w = nm_warc_open(src, 1 << 20);
    nm_record rec;
    int n = 0;
    memset(&rec, 0, sizeof rec);
    while (nm_warc_next(w, "sample.warc.gz", &rec, err, sizeof err) == 1) {
        n++;
        nm_record_free(&rec);
    }
    nm_record_free(&rec);
    const nm_warc_stats *st = nm_warc_get_stats(w);
    assert_int_equal(n, 3);
    assert_int_equal(st->html, 3);
    assert_int_equal(st->skipped_other, 3);    /* warcinfo, request, metadata */
    assert_int_equal(st->skipped_non_html, 1); /* the PNG */
    assert_int_equal(st->skipped_status, 1);   /* the 404 */
    assert_int_equal(st->errors, 0);
    nm_warc_close(w);
    nm_source_close(src);
}

/* `newsmill extract` on a WARC: one JSON object per article with the metadata keys. */
static void extract_command_writes_jsonl(void **state)
{
    (void)state;
    char out[64];
    snprintf(out, sizeof out, "/tmp/nm-extract-test-XXXXXX");
    int fd = mkstemp(out);
    assert_true(fd >= 0);
    close(fd);
    char *argv[] = {"extract", "--format", "jsonl", "-o", out, (char *)nm_test_path("tests/fixtures/warc/sample.warc"), NULL};
    int rc = nm_cmd_extract(6, argv);
    assert_int_equal(rc, 0);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char line[1 << 15];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t je;
        json_t *o = json_loads(line, 0, &je);
        assert_non_null(o);
        static const char *const KEYS[] = {"id", "url", "title", "date", "date_source", "authors", "site_name",
                                           "language", "description", "image", "text", NULL};
        for (int k = 0; KEYS[k]; k++) assert_non_null(json_object_get(o, KEYS[k]));
        if (n == 0) {
            assert_string_equal(json_string_value(json_object_get(o, "date")), "2026-03-01");
            assert_string_equal(json_string_value(json_object_get(o, "date_source")), "html:json-ld");
            assert_string_equal(json_string_value(json_array_get(json_object_get(o, "authors"), 0)), "Maria Lindqvist");
            assert_non_null(strstr(json_string_value(json_object_get(o, "text")), "PORTVILLE"));
        }
        json_decref(o);
        n++;
    }
    fclose(f);
    unlink(out);
    assert_int_equal(n, 3);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(skipped_records_are_counted),
    cmocka_unit_test(extract_command_writes_jsonl),
    cmocka_unit_test(html_responses_become_articles),
    cmocka_unit_test(gzip_members_read_the_same),
    cmocka_unit_test(truncated_file_keeps_complete_records),
    cmocka_unit_test(truncated_gzip_member),
    cmocka_unit_test(payload_decoded_to_utf8),
    cmocka_unit_test(corrupt_files_fail_cleanly),
};

NM_TEST_GROUP(warc, tests)
