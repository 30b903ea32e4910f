/*
 * test_badinput.c — bad input never crashes, hangs or silently drops data.
 *
 * Runs the real `newsmill analyze` binary (NM_BIN, else the newsmill next to this test runner, so
 * the sanitizer run tests the sanitizer binary) on inputs written at test time into a temporary
 * folder: empty input, binary data, invalid UTF-8, NUL bytes, a 100 MB single line, malformed JSON
 * lines, a JSON line without `text`. Each must give a message on stderr naming the record and the
 * problem, the good records must still be output in order, and the exit status must follow
 * src/cli.h (0 ok, 1 some records failed, 2 usage, 3 fatal). A few library-level cases check that
 * pathological text (huge sentences, all byte values, thousands of quote marks) stays linear.
 */
#include "harness.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

static char bin_path[PATH_MAX];
static char tmp_dir[64]; /* a fresh folder per test, made by setup, removed by teardown */

/* Find the binary once; skip the test when it is not built. */
static const char *newsmill_bin(void)
{
    if (bin_path[0]) return bin_path;
    const char *env = getenv("NM_BIN");
    if (env && *env) {
        /* the Makefile passes a path relative to the source tree; the runs happen in tmp_dir */
        if (!realpath(env, bin_path)) return NULL;
    } else {
        char self[PATH_MAX - 16];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0) return NULL;
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (!slash) return NULL;
        *slash = '\0';
        snprintf(bin_path, sizeof bin_path, "%s/newsmill", self);
    }
    if (access(bin_path, X_OK) != 0) { bin_path[0] = '\0'; return NULL; }
    return bin_path;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp_dir, sizeof tmp_dir, "%s", "/tmp/nm-badinput-XXXXXX");
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_file(const char *name)
{
    static char buf[4][PATH_MAX];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmp_dir, name);
    return buf[k];
}

static void write_file(const char *name, const void *data, size_t n)
{
    FILE *f = fopen(tmp_file(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

typedef struct run_result {
    int status;   /* exit status (124 after the time limit), or -1 when killed by a signal */
    char *out;    /* stdout and stderr (malloc'd) */
    size_t out_len;
    char *err;
} run_result;

/* Run `newsmill ARGS` (ARGS is shell text; files are in tmp_dir, which is the working directory)
 * with stdin from stdin_name (or /dev/null). */
static run_result run(const char *args, const char *stdin_name)
{
    run_result r = {0};
    const char *bin = newsmill_bin();
    if (!bin) skip();
    char cmd[PATH_MAX * 3];
    /* a regression that loops must fail the test, not hang it or fill the disk: cap the run's
     * time and the size of anything it writes (ulimit -f counts 1 KiB blocks: 400 MB) */
    snprintf(cmd, sizeof cmd, "cd '%s' && ulimit -f 409600 && timeout -k 5 300 '%s' %s < %s > stdout.out 2> stderr.out",
             tmp_dir, bin, args, stdin_name ? stdin_name : "/dev/null");
    int st = system(cmd);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = nm_test_read_file(tmp_file("stdout.out"), &r.out_len);
    size_t elen;
    r.err = nm_test_read_file(tmp_file("stderr.out"), &elen);
    assert_non_null(r.out);
    assert_non_null(r.err);
    return r;
}

static void run_free(run_result *r)
{
    free(r->out);
    free(r->err);
}

static void expect_in(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) {
        print_message("expected \"%s\" in:\n%s\n", needle, hay);
        fail();
    }
}

static size_t count_lines(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == '\n';
    return k;
}

/* The ids of the JSON Lines output, joined by commas; each line must parse. */
static void output_ids(const run_result *r, char *ids, size_t cap)
{
    ids[0] = '\0';
    const char *p = r->out, *end = r->out + r->out_len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        assert_non_null(nl);
        json_error_t je;
        json_t *j = json_loadb(p, (size_t)(nl - p), 0, &je);
        assert_non_null(j);
        const char *id = json_string_value(json_object_get(j, "id"));
        size_t used = strlen(ids);
        snprintf(ids + used, cap - used, "%s%s", used ? "," : "", id ? id : "null");
        json_decref(j);
        p = nl + 1;
    }
}

static void empty_input(void **state)
{
    (void)state;
    write_file("empty.txt", "", 0);
    write_file("blank.txt", " \n\t\n  ", 6);
    write_file("good.txt", "OSLO: The council met on Friday.", 32);
    run_result r = run("analyze --format jsonl empty.txt blank.txt good.txt", NULL);
    assert_int_equal(r.status, 1);
    expect_in(r.err, "newsmill: empty.txt: empty text");
    expect_in(r.err, "newsmill: blank.txt: empty text");
    char ids[256];
    output_ids(&r, ids, sizeof ids);
    assert_string_equal(ids, "good.txt"); /* the rest of the batch still processed */
    run_free(&r);

    r = run("analyze --format jsonl", NULL); /* empty stdin */
    assert_int_equal(r.status, 1);
    expect_in(r.err, "(stdin)");
    expect_in(r.err, "empty");
    assert_int_equal(r.out_len, 0);
    run_free(&r);

    write_file("empty.jsonl", "\n\n", 2);
    r = run("analyze --format jsonl empty.jsonl", NULL);
    assert_int_equal(r.status, 1);
    expect_in(r.err, "empty.jsonl: no articles");
    run_free(&r);
}

static void binary_data(void **state)
{
    (void)state;
    unsigned char junk[8192];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
        if (i % 7 == 0) junk[i] = 0;
    }
    write_file("blob.txt", junk, sizeof junk);
    write_file("blob.bin", junk, sizeof junk);
    write_file("good.txt", "OSLO: The council met on Friday.", 32);
    run_result r = run("analyze --format jsonl blob.txt blob.bin good.txt", NULL);
    assert_int_equal(r.status, 1);
    expect_in(r.err, "newsmill: blob.txt: looks like binary data");
    expect_in(r.err, "newsmill: blob.bin: looks like binary data");
    char ids[256];
    output_ids(&r, ids, sizeof ids);
    assert_string_equal(ids, "good.txt");
    run_free(&r);
}

static void invalid_utf8_and_nul_bytes(void **state)
{
    (void)state;
    /* a few bad bytes in real text: kept as U+FFFD, counted, warned about, not rejected */
    static const char text[] = "Talks \xFF\xFE resumed in Oslo. The\0 minister \xC3 said \"yes\".";
    write_file("bad-bytes.txt", text, sizeof text - 1);
    run_result r = run("analyze --format jsonl bad-bytes.txt", NULL);
    assert_int_equal(r.status, 0);
    expect_in(r.err, "newsmill: bad-bytes.txt: warning: 3 invalid UTF-8 byte(s) replaced");
    expect_in(r.err, "newsmill: bad-bytes.txt: warning: 1 NUL byte(s) replaced");
    json_error_t je;
    json_t *j = json_loadb(r.out, r.out_len, 0, &je);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(j, "warnings")), 2);
    expect_in(json_string_value(json_object_get(j, "text")), "Talks \xEF\xBF\xBD\xEF\xBF\xBD resumed");
    assert_true(json_array_size(json_object_get(j, "sentences")) >= 2);
    json_decref(j);
    run_free(&r);

    /* the same inside JSON Lines: a raw bad byte and an escaped NUL */
    static const char lines[] = "{\"id\":\"u1\",\"text\":\"Bad \xFF byte here.\"}\n"
                                "{\"id\":\"u2\",\"text\":\"Escaped \\u0000 NUL here.\"}\n";
    write_file("bad-bytes.jsonl", lines, sizeof lines - 1);
    r = run("analyze --format jsonl bad-bytes.jsonl", NULL);
    assert_int_equal(r.status, 0);
    expect_in(r.err, "bad-bytes.jsonl:1 (id u1): warning: 1 invalid UTF-8 byte(s)");
    expect_in(r.err, "bad-bytes.jsonl:2 (id u2): warning: 1 NUL byte(s)");
    char ids[64];
    output_ids(&r, ids, sizeof ids);
    assert_string_equal(ids, "u1,u2");
    run_free(&r);
}

/* A 100 MB line between two good records: rejected by --max-bytes without holding it, reported
 * with its line number; the neighbours are analysed. The same file as one text input too. */
static void huge_single_line(void **state)
{
    (void)state;
    FILE *f = fopen(tmp_file("huge.jsonl"), "wb");
    assert_non_null(f);
    fputs("{\"id\":\"before\",\"text\":\"The first article is short.\"}\n{\"id\":\"huge\",\"text\":\"", f);
    static char chunk[1 << 20];
    for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = "word "[i % 5];
    for (int i = 0; i < 100; i++) assert_int_equal(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    fputs("\"}\n{\"id\":\"after\",\"text\":\"The last article is short too.\"}\n", f);
    assert_int_equal(fclose(f), 0);

    run_result r = run("analyze --format jsonl --max-bytes 1000000 huge.jsonl", NULL);
    assert_int_equal(r.status, 1);
    expect_in(r.err, "newsmill: huge.jsonl:2: line longer than the limit of 1000000 bytes (--max-bytes)");
    char ids[64];
    output_ids(&r, ids, sizeof ids);
    assert_string_equal(ids, "before,after");
    run_free(&r);

    r = run("analyze --format jsonl --input txt --max-bytes 1000000 huge.jsonl", NULL);
    assert_int_equal(r.status, 1);
    expect_in(r.err, "newsmill: huge.jsonl: input larger than the limit");
    assert_int_equal(r.out_len, 0);
    run_free(&r);
}

static void malformed_json_lines(void **state)
{
    (void)state;
    static const char lines[] =
        "{\"id\":\"g1\",\"text\":\"Good one. It has two sentences.\"}\n"
        "{\"text\": \"unterminated\n"
        "not json at all\n"
        "[1, 2, 3]\n"
        "{\"id\": \"x7\", \"title\": \"A record without text\"}\n"
        "{\"id\": 8, \"text\": 42}\n"
        "\n"
        "{\"id\":\"g2\",\"text\":\"Good two.\",\"date\":\"2026-02-30\"}\n"
        "{\"id\":\"g3\",\"html\":\"<p>Good <b>three</b>.</p>\"}\n"
        "{\"id\":\"w\",\"text\":\" \\n \"}\n"
        "{\"id\":\"last\",\"text\":\"No newline at the end.\"}";
    write_file("mixed.jsonl", lines, sizeof lines - 1);
    run_result r = run("analyze --format jsonl mixed.jsonl", NULL);
    assert_int_equal(r.status, 1);
    expect_in(r.err, "newsmill: mixed.jsonl:2: malformed JSON");
    expect_in(r.err, "newsmill: mixed.jsonl:3: malformed JSON");
    expect_in(r.err, "newsmill: mixed.jsonl:4: JSON value is not an object");
    expect_in(r.err, "newsmill: mixed.jsonl:5 (id x7): record has no \"text\"");
    expect_in(r.err, "newsmill: mixed.jsonl:6 (id 8): \"text\" is not a string");
    expect_in(r.err, "mixed.jsonl:8 (id g2): warning: date \"2026-02-30\" is not a valid");
    expect_in(r.err, "newsmill: mixed.jsonl:10 (id w): empty text");
    char ids[128];
    output_ids(&r, ids, sizeof ids);
    assert_string_equal(ids, "g1,g2,g3,last");
    char *single = malloc(r.out_len + 1);
    assert_non_null(single);
    memcpy(single, r.out, r.out_len);
    size_t single_len = r.out_len;
    run_free(&r);

    /* two threads: the same output in the same order, the same status */
    r = run("analyze --format jsonl -j 2 mixed.jsonl", NULL);
    assert_int_equal(r.status, 1);
    assert_int_equal(r.out_len, single_len);
    assert_memory_equal(r.out, single, single_len);
    run_free(&r);
    free(single);

    /* the same lines on stdin: labels name stdin */
    r = run("analyze --format jsonl --input jsonl -", "mixed.jsonl");
    assert_int_equal(r.status, 1);
    expect_in(r.err, "newsmill: (stdin):5 (id x7): record has no \"text\"");
    run_free(&r);
}

static void deeply_nested_json(void **state)
{
    (void)state;
    size_t depth = 200000;
    char *s = malloc(depth * 2 + 64);
    assert_non_null(s);
    size_t n = 0;
    n += (size_t)sprintf(s, "{\"id\":\"deep\",\"text\":");
    for (size_t i = 0; i < depth; i++) s[n++] = '[';
    for (size_t i = 0; i < depth; i++) s[n++] = ']';
    n += (size_t)sprintf(s + n, "}\n{\"id\":\"ok\",\"text\":\"Fine.\"}\n");
    write_file("deep.jsonl", s, n);
    free(s);
    run_result r = run("analyze --format jsonl deep.jsonl", NULL);
    assert_int_equal(r.status, 1);
    expect_in(r.err, "newsmill: deep.jsonl:1");
    char ids[64];
    output_ids(&r, ids, sizeof ids);
    assert_string_equal(ids, "ok");
    run_free(&r);
}

static void missing_and_corrupt_files(void **state)
{
    (void)state;
    /* a gzip file cut in half: what was readable is analysed, the damage is reported */
    const char *gz_path = tmp_file("cut.jsonl.gz");
    gzFile gz = gzopen(gz_path, "wb");
    assert_non_null(gz);
    for (int i = 0; i < 2000; i++) gzprintf(gz, "{\"id\":\"r%d\",\"text\":\"Record %d says %d things. Then it stops.\"}\n", i, i, i * 7919);
    assert_int_equal(gzclose(gz), Z_OK);
    struct stat st;
    assert_int_equal(stat(gz_path, &st), 0);
    assert_int_equal(truncate(gz_path, st.st_size / 2), 0);
    write_file("good.txt", "OSLO: The council met on Friday.", 32);
    run_result r = run("analyze --format jsonl no-such-file.txt cut.jsonl.gz good.txt", NULL);
    assert_int_equal(r.status, 1);
    expect_in(r.err, "newsmill: no-such-file.txt: cannot open");
    expect_in(r.err, "cut.jsonl.gz:");
    expect_in(r.err, "read error");
    size_t lines = count_lines(r.out, r.out_len);
    assert_true(lines > 100 && lines < 2000); /* the readable part, then good.txt */
    expect_in(r.out, "{\"id\":\"good.txt\"");
    expect_in(r.out, "{\"id\":\"r0\"");
    run_free(&r);
}

static void exit_statuses(void **state)
{
    (void)state;
    write_file("good.txt", "OSLO: The council met on Friday.", 32);
    static const char *const usage_errors[] = {
        "analyze --bogus good.txt",         "analyze --date 2026-13-01 good.txt", "analyze --date yesterday good.txt",
        "analyze -j 0 good.txt",            "analyze --format xml good.txt",      "analyze --input pdf good.txt",
        "analyze --max-bytes 0 good.txt",   "analyze --date",                     "no-such-command",
    };
    for (size_t i = 0; i < sizeof usage_errors / sizeof usage_errors[0]; i++) {
        run_result r = run(usage_errors[i], NULL);
        if (r.status != 2) print_message("%s: status %d\n", usage_errors[i], r.status);
        assert_int_equal(r.status, 2);
        assert_int_equal(r.out_len, 0);
        assert_true(strlen(r.err) > 0);
        run_free(&r);
    }
    run_result r = run("analyze --format jsonl good.txt", NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(count_lines(r.out, r.out_len), 1);
    assert_int_equal(strlen(r.err), 0);
    run_free(&r);

    r = run("analyze --format jsonl -o no-such-dir/out.jsonl good.txt", NULL);
    assert_int_equal(r.status, 3);
    expect_in(r.err, "no-such-dir/out.jsonl");
    run_free(&r);

    r = run("analyze --format jsonl -o /dev/full good.txt", NULL);
    assert_int_equal(r.status, 3);
    expect_in(r.err, "error writing output");
    run_free(&r);
}

/* Library level: pathological texts stay linear and produce a whole document. */
static void pathological_texts(void **state)
{
    (void)state;
    size_t n = 3u << 20;
    char *s = malloc(n + 1);
    assert_non_null(s);
    /* 1. one 3 MB line without any sentence punctuation (about 600,000 tokens) */
    for (size_t i = 0; i < n; i++) s[i] = "word "[i % 5];
    s[n] = '\0';
    nm_doc *d = nm_test_doc(s, NULL);
    assert_true(d->toks.n > 500000);
    assert_true(d->nbody >= 1);
    nm_doc_free(d);
    /* 2. 50,000 quote marks of every kind and nothing else */
    static const char *const marks[] = {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xC2\xAB", "\xC2\xBB", "'", "\xE2\x80\x98"};
    size_t o = 0;
    for (size_t i = 0; o + 8 < n && i < 50000; i++) {
        const char *m = marks[i % 7];
        memcpy(s + o, m, strlen(m));
        o += strlen(m);
        if (i % 11 == 0) s[o++] = ' ';
    }
    s[o] = '\0';
    d = nm_test_doc(s, NULL);
    assert_true(d->len > 0);
    nm_doc_free(d);
    /* 3. every byte value, many times over: replaced and counted, never a crash */
    for (size_t i = 0; i < 256 * 256; i++) s[i] = (char)(i % 255 + 1); /* no NUL: nm_test_doc takes a C string */
    s[256 * 256] = '\0';
    d = nm_test_doc(s, NULL);
    assert_true(d->invalid_bytes > 0);
    assert_true(nm_doc_warning_count(d) > 0);
    char *out;
    size_t len;
    assert_int_equal(nm_doc_render(d, NM_FORMAT_JSONL, &out, &len), 0);
    json_error_t je;
    json_t *j = json_loadb(out, len, 0, &je);
    assert_non_null(j);
    json_decref(j);
    free(out);
    nm_doc_free(d);
    /* 4. 20,000 one-character paragraphs and bullets */
    o = 0;
    for (size_t i = 0; i < 20000; i++) {
        const char *p = i % 3 == 0 ? "- x\n" : i % 3 == 1 ? "\xE2\x80\xA2 y.\n\n" : "Z\n";
        memcpy(s + o, p, strlen(p));
        o += strlen(p);
    }
    s[o] = '\0';
    d = nm_test_doc(s, NULL);
    assert_true(d->paras.n > 1000);
    nm_doc_free(d);
    free(s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
static const struct CMUnitTest tests[] = {
    T(empty_input),         T(binary_data),        T(invalid_utf8_and_nul_bytes),
    T(huge_single_line),    T(malformed_json_lines), T(deeply_nested_json),
    T(missing_and_corrupt_files), T(exit_statuses), T(pathological_texts),
};
#undef T
NM_TEST_GROUP(badinput, tests)
