/*
 * test_perfmisc.c — the fast paths of the JSON writer and of the time layer's word look-ups must
 * give exactly what the plain code gave: integers and whole numbers written without printf match
 * printf's "%lld" / "%.15g", strings without escapes are copied verbatim and the others escaped,
 * the first-letter/length pre-check of the time and number words never rejects a real key, and the
 * JSON Lines reader's fast path reads a record as json_loadb does or leaves it to json_loadb.
 */
#include "harness.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "engine.h"
#include "input.h"
#include "json_out.h"
#include "time_num.h"

static void ints_and_numbers_match_printf(void **state)
{
    (void)state;
    static const int64_t INTS[] = {0, 7, -7, 10, 99, 100, 123456789, -123456789, INT64_MAX, INT64_MIN};
    static const double NUMS[] = {0.0, -0.0, 1.0, -1.0, 3.0, 2.5, -0.125, 1e14, 999999999999999.0,
                                  1e15, -1e15, 1e16, 1e-7, 12345.678, 4503599627370496.0};
    for (size_t i = 0; i < sizeof INTS / sizeof *INTS; i++) {
        nm_buf b;
        nm_buf_init(&b);
        nm_json j;
        nm_json_init(&j, &b, 0);
        nm_json_int(&j, INTS[i]);
        char want[64];
        snprintf(want, sizeof want, "%lld", (long long)INTS[i]);
        assert_string_equal(b.p, want);
        nm_buf_free(&b);
    }
    for (size_t i = 0; i < sizeof NUMS / sizeof *NUMS; i++) {
        nm_buf b;
        nm_buf_init(&b);
        nm_json j;
        nm_json_init(&j, &b, 0);
        nm_json_num(&j, NUMS[i]);
        char want[64];
        snprintf(want, sizeof want, "%.15g", NUMS[i]);
        assert_string_equal(b.p, want);
        nm_buf_free(&b);
    }
    nm_buf b;
    nm_buf_init(&b);
    nm_json j;
    nm_json_init(&j, &b, 0);
    nm_json_num(&j, NAN);
    assert_string_equal(b.p, "null");
    nm_buf_free(&b);
}

static void strings_keys_and_indentation(void **state)
{
    (void)state;
    nm_buf b;
    nm_buf_init(&b);
    nm_json j;
    nm_json_init(&j, &b, 1);
    nm_json_obj_begin(&j);
    nm_json_kcstr(&j, "plain", "Mayor said \xe2\x80\x9cyes\xe2\x80\x9d");
    nm_json_kcstr(&j, "esc", "a \"b\" \\ c\nd\te\x01");
    nm_json_kcstr(&j, "we\"ird", "");
    nm_json_key(&j, "list");
    nm_json_arr_begin(&j);
    nm_json_arr_begin(&j);
    nm_json_int(&j, -3);
    nm_json_bool(&j, 1);
    nm_json_null(&j);
    nm_json_arr_end(&j);
    nm_json_arr_end(&j);
    nm_json_obj_end(&j);
    assert_string_equal(b.p, "{\n"
                             "  \"plain\": \"Mayor said \xe2\x80\x9cyes\xe2\x80\x9d\",\n"
                             "  \"esc\": \"a \\\"b\\\" \\\\ c\\nd\\te\\u0001\",\n"
                             "  \"we\\\"ird\": \"\",\n"
                             "  \"list\": [\n"
                             "    [\n"
                             "      -3,\n"
                             "      true,\n"
                             "      null\n"
                             "    ]\n"
                             "  ]\n"
                             "}");
    nm_buf_free(&b);

    /* compact mode, and a long string that makes the buffer grow */
    nm_buf_init(&b);
    nm_json_init(&j, &b, 0);
    char *big = malloc(5001);
    assert_non_null(big);
    memset(big, 'x', 5000);
    big[5000] = '\0';
    nm_json_obj_begin(&j);
    nm_json_kcstr(&j, "k", big);
    nm_json_kint(&j, "n", 42);
    nm_json_obj_end(&j);
    assert_int_equal(b.len, 5000 + strlen("{\"k\":\"\",\"n\":42}"));
    assert_memory_equal(b.p, "{\"k\":\"xxx", 9);
    assert_string_equal(b.p + b.len - 10, "x\",\"n\":42}");
    free(big);
    nm_buf_free(&b);
}

/* A byte that needs escaping is found at every position of the eight-byte blocks, and bytes that
 * only look close to one (space, DEL, '#', ']', UTF-8 bytes) are copied as they are. */
static void escapes_found_at_every_position(void **state)
{
    (void)state;
    static const char SPECIAL[] = {'\x01', '\x1f', '"', '\\', '\n'};
    static const char *const ESCAPED[] = {"\\u0001", "\\u001f", "\\\"", "\\\\", "\\n"};
    for (size_t c = 0; c < sizeof SPECIAL; c++) {
        for (size_t pos = 0; pos < 24; pos++) {
            char in[25], want[64];
            for (size_t k = 0; k < 24; k++) in[k] = (char)(" \x7f#]\xc3\xa9\xff!"[k % 8]);
            in[pos] = SPECIAL[c];
            in[24] = '\0';
            size_t w = 0;
            want[w++] = '"';
            memcpy(want + w, in, pos);
            w += pos;
            memcpy(want + w, ESCAPED[c], strlen(ESCAPED[c]));
            w += strlen(ESCAPED[c]);
            memcpy(want + w, in + pos + 1, 23 - pos);
            w += 23 - pos;
            want[w++] = '"';
            want[w] = '\0';
            nm_buf b;
            nm_buf_init(&b);
            nm_json_escape(&b, in, 24);
            assert_string_equal(b.p, want);
            nm_buf_free(&b);
        }
    }
}

/* Every key of the time-words and number lexicons passes the pre-check, in any letter case. */
static void word_precheck_never_rejects_a_key(void **state)
{
    (void)state;
    const nm_engine *eng = nm_test_engine();
    assert_non_null(eng);
    const nm_time_res *r = eng->time_res;
    assert_non_null(r);
    assert_true(r->word_shapes_ready);
    const nm_lexicon *lists[] = {r->words, r->numbers};
    size_t checked = 0;
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < nm_lexicon_size(lists[l]); i++) {
            const char *k = nm_lexicon_key(lists[l], i);
            size_t n = strlen(k);
            assert_true(nm_time_may_be_word(r, k, n));
            char up[128];
            if (n < sizeof up) {
                for (size_t c = 0; c <= n; c++) up[c] = (k[c] >= 'a' && k[c] <= 'z') ? (char)(k[c] - 32) : k[c];
                assert_true(nm_time_may_be_word(r, up, n));
            }
            checked++;
        }
    }
    assert_true(checked > 50);
    /* and it does reject something: a 16-letter word starting with 'q' is no time or number word */
    assert_false(nm_time_may_be_word(r, "qqqqqqqqqqqqqqqq", 16) && nm_time_may_be_word(r, "zzzzzzzzzzzzzzzz", 16));
    /* number words still read through the pre-check */
    double v = 0;
    assert_int_equal(nm_num_word(r, "Twenty-One", 10, &v), 'C');
    assert_true(v == 21);
    assert_int_equal(nm_num_word(r, "21st", 4, &v), 'O');
    assert_true(v == 21);
}

/* The stages whose look-ups were made faster still find the same things in a story. */
static void stages_still_find_their_facts(void **state)
{
    (void)state;
    json_t *j = nm_test_json("WARSAW, March 3 (Reuters) - Poland will spend 4.5 billion zlotys on new trains "
                             "by the end of 2027, Infrastructure Minister Anna Kowalski said on Tuesday.\n\n"
                             "\xe2\x80\x9cThe railways are the backbone of the country,\xe2\x80\x9d Kowalski told "
                             "reporters. She said twenty-one lines would be rebuilt over the next three years.\n\n"
                             "According to the ministry, the first contracts will be signed in mid-April.",
                             "2026-03-03");
    assert_non_null(j);
    json_t *timexes = json_object_get(j, "timex");
    assert_true(json_is_array(timexes));
    int end_2027 = 0, mid_april = 0;
    size_t i;
    json_t *t;
    json_array_foreach(timexes, i, t) {
        const char *val = json_string_value(json_object_get(t, "value"));
        const char *mod = json_string_value(json_object_get(t, "mod"));
        if (val && !strcmp(val, "2027") && mod && !strcmp(mod, "END")) end_2027 = 1;
        if (val && !strcmp(val, "2026-04") && mod && !strcmp(mod, "MID")) mid_april = 1;
    }
    assert_true(end_2027);
    assert_true(mid_april);
    json_t *quotes = json_object_get(j, "quotes");
    assert_true(json_is_array(quotes));
    int direct_by_kowalski = 0;
    json_array_foreach(quotes, i, t) {
        const char *text = json_string_value(json_object_get(t, "text"));
        json_t *sp = json_object_get(t, "speaker");
        const char *name = json_is_object(sp) ? json_string_value(json_object_get(sp, "name")) : json_string_value(sp);
        if (text && strstr(text, "backbone") && name && strstr(name, "Kowalski")) direct_by_kowalski = 1;
    }
    assert_true(direct_by_kowalski);
    json_decref(j);
}

/* The JSON Lines fast path (input.c) takes the usual flat records, gives json_loadb's object, and
 * leaves everything else, malformed or merely unusual, to json_loadb. */
static void jsonl_fast_path_matches_jansson(void **state)
{
    (void)state;
    static const char *const TAKEN[] = {
        "{}",
        " \t{ } \r",
        "{\"id\": \"a1\", \"title\": \"T\", \"date\": null, \"url\": null, \"text\": \"Body\\n\\nMore \\\"q\\\" \\\\ \\/\"}",
        "{\"id\":7,\"text\":\"x\"}",
        "{\"id\":-0,\"n\":0,\"m\":-123456789012345678,\"text\":\"x\"}",
        "{\"a\":true,\"b\":false,\"c\":null}",
        "{\"text\":\"\\b\\f\\r\\t \\u0041\\u00e9\\u20AC\\u0000 end\"}",
        "{\"text\":\"caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80\"}",
        "{\"text\":\"first\",\"text\":\"second\"}",
        "{\"k\xc3\xa9y\":\"v\"}",
        "{\"text\":\"\"}\n",
    };
    for (size_t i = 0; i < sizeof TAKEN / sizeof *TAKEN; i++) {
        if (nm_jsonl_fast_check(TAKEN[i], strlen(TAKEN[i])) != 1) fail_msg("not taken or different: %s", TAKEN[i]);
    }
    static const char *const LEFT[] = {
        "", "   ", "[1,2]", "\"s\"", "7", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":1}x",
        "{\"a\":1} {}", "{\"a\" 1}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":1E3}",
        "{\"a\":-1.0}", "{\"a\":1234567890123456789}", "{\"a\":99999999999999999999}", "{\"a\":nul}",
        "{\"a\":nullx}", "{\"a\":True}", "{\"a\":truee}", "{\"a\":null1}", "{\"a\":[1]}", "{\"a\":{}}",
        "{\"a\":\"x}", "{\"a\":\"x\\\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ude00\"}", "{\"a\":\"tab\there\"}",
        "{\"a\":\"nl\nhere\"}", "{\"k\\u0000\":1}", "{\"k\\n\":1}", "{\"a\":\"\xc0\xaf\"}", "{\"a\":\"\xed\xa0\x80\"}",
        "{\"a\":\"\xf4\x90\x80\x80\"}", "{\"a\":\"\xe0\x80\xaf\"}", "{\"a\":\"\xf0\x80\x80\xaf\"}", "{\"a\":\"\x80\"}",
        "{\"a\":\"\xe2\x80\"}", "\xef\xbb\xbf{}", "{'a':1}", "{a:1}", "{\"a\":1 \"b\":2}", "{\"a\"::1}",
        "{\"a\":1}\x0c", "\x0c{}", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":-x}", "{\"a\":Infinity}", "{\"a\":NaN}",
    };
    for (size_t i = 0; i < sizeof LEFT / sizeof *LEFT; i++) {
        if (nm_jsonl_fast_check(LEFT[i], strlen(LEFT[i])) != 0) fail_msg("taken: %s", LEFT[i]);
    }
    /* every cut of a record: taken and equal, or left */
    const char *rec = TAKEN[2];
    for (size_t n = 0; n <= strlen(rec); n++) assert_true(nm_jsonl_fast_check(rec, n) >= 0);
    /* an embedded NUL byte in the line (the reader replaces raw NULs, but the rule holds anyway) */
    assert_int_equal(nm_jsonl_fast_check("{\"a\":\"x\0y\"}", 11), 0);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(ints_and_numbers_match_printf),
    cmocka_unit_test(strings_keys_and_indentation),
    cmocka_unit_test(escapes_found_at_every_position),
    cmocka_unit_test(word_precheck_never_rejects_a_key),
    cmocka_unit_test(stages_still_find_their_facts),
    cmocka_unit_test(jsonl_fast_path_matches_jansson),
};
NM_TEST_GROUP(perfmisc, tests)
