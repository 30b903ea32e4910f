/*
 * test_golden.c — whole-article golden tests.
 *
 * Each tests/golden/NAME.txt is analysed as the CLI would (id = file name) and its JSON output is
 * compared with NAME.expect.json by containment: every key in the expectation must be present
 * with an equal value; an expected array's elements must each match some element of the actual
 * array (in order of appearance). Stages can grow their output without breaking older goldens,
 * while everything a golden states is checked exactly.
 */
#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int contains(json_t *want, json_t *got, char *path, size_t cap);

static int array_contains(json_t *want, json_t *got, char *path, size_t cap)
{
    if (!json_is_array(got)) return 0;
    size_t from = 0;
    for (size_t i = 0; i < json_array_size(want); i++) {
        json_t *w = json_array_get(want, i);
        size_t k = from;
        char sub[1024];
        for (; k < json_array_size(got); k++) {
            snprintf(sub, sizeof sub, "%s", path);
            if (contains(w, json_array_get(got, k), sub, sizeof sub)) break;
        }
        if (k == json_array_size(got)) {
            char *dump = json_dumps(w, JSON_COMPACT);
            size_t l = strlen(path);
            snprintf(path + l, cap - l, "[no element matches %s]", dump ? dump : "?");
            free(dump);
            return 0;
        }
        from = k + 1;
    }
    return 1;
}

static int contains(json_t *want, json_t *got, char *path, size_t cap)
{
    if (json_is_object(want)) {
        if (!json_is_object(got)) return 0;
        const char *key;
        json_t *w;
        json_object_foreach(want, key, w) {
            size_t l = strlen(path);
            snprintf(path + l, cap - l, ".%s", key);
            if (!contains(w, json_object_get(got, key), path, cap)) return 0;
            path[l] = '\0';
        }
        return 1;
    }
    if (json_is_array(want)) return array_contains(want, got, path, cap);
    return got && json_equal(want, got);
}

static void golden_articles(void **state)
{
    (void)state;
    DIR *dir = opendir(nm_test_path("tests/golden"));
    assert_non_null(dir);
    int checked = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0) continue;
        char rel[512], exp[512];
        snprintf(rel, sizeof rel, "tests/golden/%s", de->d_name);
        snprintf(exp, sizeof exp, "tests/golden/%.*s.expect.json", (int)(n - 4), de->d_name);
        char *text = nm_test_read_file(nm_test_path(rel), NULL);
        assert_non_null(text);
        json_error_t je;
        json_t *want = json_load_file(nm_test_path(exp), 0, &je);
        if (!want) fail_msg("%s: %s", exp, je.text);
        nm_article a;
        memset(&a, 0, sizeof a);
        a.body = text;
        a.body_len = strlen(text);
        a.id = de->d_name;
        a.id_len = n;
        nm_doc *d = nm_analyze(nm_test_engine(), &a);
        char *out;
        size_t len;
        assert_int_equal(nm_doc_render(d, NM_FORMAT_JSONL, &out, &len), 0);
        json_t *got = json_loadb(out, len, 0, &je);
        assert_non_null(got);
        char path[4096] = "";
        if (!contains(want, got, path, sizeof path)) fail_msg("%s: output differs at %s", rel, path);
        json_decref(got);
        json_decref(want);
        free(out);
        nm_doc_free(d);
        free(text);
        checked++;
    }
    closedir(dir);
    assert_true(checked > 0);
}

/* The checker itself must reject a mismatch, or every golden would pass vacuously. */
static void containment_rejects_mismatch(void **state)
{
    (void)state;
    json_t *got = json_pack("{s:[{s:s},{s:s}],s:i}", "a", "t", "x", "t", "y", "n", 3);
    json_t *ok = json_pack("{s:[{s:s}],s:i}", "a", "t", "y", "n", 3);
    json_t *bad1 = json_pack("{s:[{s:s}]}", "a", "t", "z");
    json_t *bad2 = json_pack("{s:i}", "n", 4);
    json_t *bad3 = json_pack("{s:[{s:s},{s:s}]}", "a", "t", "y", "t", "x"); /* wrong order */
    char p[1024] = "";
    assert_true(contains(ok, got, p, sizeof p));
    p[0] = '\0';
    assert_false(contains(bad1, got, p, sizeof p));
    p[0] = '\0';
    assert_false(contains(bad2, got, p, sizeof p));
    p[0] = '\0';
    assert_false(contains(bad3, got, p, sizeof p));
    json_decref(got); json_decref(ok); json_decref(bad1); json_decref(bad2); json_decref(bad3);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(containment_rejects_mismatch),
    cmocka_unit_test(golden_articles),
};
NM_TEST_GROUP(golden, tests)
