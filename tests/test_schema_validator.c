/*
 * test_schema_validator.c — the JSON Schema subset validator used by test_schema.c (API and the
 * supported keywords in schema_check.h), and tests that it accepts what it should and, above all,
 * rejects what it should: a validator that passes everything would make the schema test worthless.
 */
#include "harness.h"
#include "schema_check.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64 };

typedef struct vctx {
    const json_t *root;  /* the whole schema, for $ref */
    int errors;
    int quiet;           /* inside anyOf/oneOf trials: count, do not record messages */
    char *err;
    size_t errlen;
    char path[1024];     /* JSON pointer of the instance being checked */
    size_t pathlen;
} vctx;

static void problem(vctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(vctx *c, const char *fmt, ...)
{
    c->errors++;
    if (c->quiet || c->errors > 1 || !c->err || !c->errlen) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s: %s", c->pathlen ? c->path : "(root)", msg);
}

static size_t path_push_key(vctx *c, const char *key)
{
    size_t old = c->pathlen;
    int n = snprintf(c->path + old, sizeof c->path - old, "/%s", key);
    if (n > 0) c->pathlen = old + (size_t)n < sizeof c->path ? old + (size_t)n : sizeof c->path - 1;
    return old;
}

static size_t path_push_index(vctx *c, size_t i)
{
    char k[32];
    snprintf(k, sizeof k, "%zu", i);
    return path_push_key(c, k);
}

static void path_pop(vctx *c, size_t old)
{
    c->pathlen = old;
    c->path[old] = '\0';
}

static int is_integer(const json_t *v)
{
    if (json_is_integer(v)) return 1;
    if (json_is_real(v)) {
        double d = json_real_value(v);
        return isfinite(d) && floor(d) == d;
    }
    return 0;
}

static int has_type(const json_t *v, const char *t)
{
    if (!strcmp(t, "object")) return json_is_object(v);
    if (!strcmp(t, "array")) return json_is_array(v);
    if (!strcmp(t, "string")) return json_is_string(v);
    if (!strcmp(t, "integer")) return is_integer(v);
    if (!strcmp(t, "number")) return json_is_number(v);
    if (!strcmp(t, "boolean")) return json_is_boolean(v);
    if (!strcmp(t, "null")) return json_is_null(v);
    return -1;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

/* Resolve a local JSON pointer ("#/$defs/span") against the root schema. */
static const json_t *resolve_ref(const json_t *root, const char *ref)
{
    if (ref[0] != '#') return NULL;
    const json_t *cur = root;
    const char *p = ref + 1;
    while (*p == '/') {
        p++;
        char tok[256];
        size_t n = 0;
        while (*p && *p != '/' && n + 1 < sizeof tok) {
            if (p[0] == '~' && p[1] == '1') { tok[n++] = '/'; p += 2; }
            else if (p[0] == '~' && p[1] == '0') { tok[n++] = '~'; p += 2; }
            else tok[n++] = *p++;
        }
        tok[n] = '\0';
        if (json_is_object(cur)) cur = json_object_get(cur, tok);
        else if (json_is_array(cur)) cur = json_array_get(cur, (size_t)strtoul(tok, NULL, 10));
        else return NULL;
        if (!cur) return NULL;
    }
    return *p ? NULL : cur;
}

static size_t utf8_length(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
    return k;
}

static void check(vctx *c, const json_t *schema, const json_t *inst, int depth);

/* Whether inst validates against schema, without recording messages. */
static int trial(vctx *c, const json_t *schema, const json_t *inst, int depth)
{
    int saved_errors = c->errors, saved_quiet = c->quiet;
    c->quiet = 1;
    check(c, schema, inst, depth);
    int ok = c->errors == saved_errors;
    c->errors = saved_errors;
    c->quiet = saved_quiet;
    return ok;
}

static void check_type(vctx *c, const json_t *want, const json_t *inst)
{
    if (json_is_string(want)) {
        int r = has_type(inst, json_string_value(want));
        if (r < 0) problem(c, "schema: unknown type \"%s\"", json_string_value(want));
        else if (!r) problem(c, "expected %s, got %s", json_string_value(want), type_name(inst));
        return;
    }
    if (!json_is_array(want)) { problem(c, "schema: \"type\" must be a string or an array"); return; }
    size_t i;
    const json_t *t;
    json_array_foreach(want, i, t) {
        if (json_is_string(t) && has_type(inst, json_string_value(t)) == 1) return;
    }
    problem(c, "type %s is not one of the allowed types", type_name(inst));
}

static void check_object(vctx *c, const json_t *schema, const json_t *inst, int depth)
{
    const json_t *props = json_object_get(schema, "properties");
    const json_t *req = json_object_get(schema, "required");
    const json_t *addl = json_object_get(schema, "additionalProperties");
    if (props && !json_is_object(props)) { problem(c, "schema: \"properties\" must be an object"); props = NULL; }
    if (req) {
        size_t i;
        const json_t *name;
        if (!json_is_array(req)) problem(c, "schema: \"required\" must be an array");
        else json_array_foreach(req, i, name) {
            if (json_is_string(name) && !json_object_get(inst, json_string_value(name)))
                problem(c, "required property \"%s\" is missing", json_string_value(name));
        }
    }
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)inst, key, val) {
        const json_t *ps = props ? json_object_get(props, key) : NULL;
        if (!ps && addl) {
            if (json_is_false(addl)) { problem(c, "property \"%s\" is not allowed", key); continue; }
            if (json_is_object(addl)) ps = addl;
        }
        if (ps) {
            size_t old = path_push_key(c, key);
            check(c, ps, val, depth + 1);
            path_pop(c, old);
        }
    }
}

static void check(vctx *c, const json_t *schema, const json_t *inst, int depth)
{
    if (depth > MAX_DEPTH) { problem(c, "schema: nesting deeper than %d (a $ref loop?)", MAX_DEPTH); return; }
    if (json_is_true(schema)) return;
    if (json_is_false(schema)) { problem(c, "no value is allowed here"); return; }
    if (!json_is_object(schema)) { problem(c, "schema: a schema must be an object or a boolean"); return; }
    const char *kw;
    const json_t *v;
    int object_done = 0;
    json_object_foreach((json_t *)schema, kw, v) {
        if (!strcmp(kw, "$schema") || !strcmp(kw, "$id") || !strcmp(kw, "$comment") || !strcmp(kw, "title") ||
            !strcmp(kw, "description") || !strcmp(kw, "examples") || !strcmp(kw, "default") || !strcmp(kw, "$defs"))
            continue;
        if (!strcmp(kw, "$ref")) {
            const json_t *target = json_is_string(v) ? resolve_ref(c->root, json_string_value(v)) : NULL;
            if (!target) problem(c, "schema: cannot resolve $ref %s", json_is_string(v) ? json_string_value(v) : "(not a string)");
            else check(c, target, inst, depth + 1);
        } else if (!strcmp(kw, "type")) {
            check_type(c, v, inst);
        } else if (!strcmp(kw, "enum")) {
            size_t i;
            const json_t *e;
            int found = 0;
            if (!json_is_array(v)) { problem(c, "schema: \"enum\" must be an array"); continue; }
            json_array_foreach(v, i, e) found |= json_equal((json_t *)e, (json_t *)inst);
            if (!found) {
                if (json_is_string(inst)) problem(c, "\"%s\" is not one of the allowed values", json_string_value(inst));
                else problem(c, "value is not one of the allowed values");
            }
        } else if (!strcmp(kw, "const")) {
            if (!json_equal((json_t *)v, (json_t *)inst)) problem(c, "value differs from the constant");
        } else if (!strcmp(kw, "properties") || !strcmp(kw, "required") || !strcmp(kw, "additionalProperties")) {
            if (json_is_object(inst) && !object_done) {
                object_done = 1;
                check_object(c, schema, inst, depth);
            }
        } else if (!strcmp(kw, "items")) {
            if (!json_is_array(inst)) continue;
            size_t i;
            const json_t *e;
            json_array_foreach(inst, i, e) {
                size_t old = path_push_index(c, i);
                check(c, v, e, depth + 1);
                path_pop(c, old);
            }
        } else if (!strcmp(kw, "minItems") || !strcmp(kw, "maxItems")) {
            if (!json_is_integer(v)) { problem(c, "schema: \"%s\" must be an integer", kw); continue; }
            if (!json_is_array(inst)) continue;
            json_int_t n = (json_int_t)json_array_size(inst), lim = json_integer_value(v);
            if (kw[1] == 'i' ? n < lim : n > lim)
                problem(c, "array has %lld items, %s is %lld", (long long)n, kw, (long long)lim);
        } else if (!strcmp(kw, "minimum") || !strcmp(kw, "maximum")) {
            if (!json_is_number(v)) { problem(c, "schema: \"%s\" must be a number", kw); continue; }
            if (!json_is_number(inst)) continue;
            double x = json_number_value(inst), lim = json_number_value(v);
            if (kw[1] == 'i' ? x < lim : x > lim) problem(c, "%g is outside the %s %g", x, kw, lim);
        } else if (!strcmp(kw, "minLength") || !strcmp(kw, "maxLength")) {
            if (!json_is_integer(v)) { problem(c, "schema: \"%s\" must be an integer", kw); continue; }
            if (!json_is_string(inst)) continue;
            size_t n = utf8_length(json_string_value(inst), json_string_length(inst));
            json_int_t lim = json_integer_value(v);
            if (kw[1] == 'i' ? (json_int_t)n < lim : (json_int_t)n > lim)
                problem(c, "string has %zu characters, %s is %lld", n, kw, (long long)lim);
        } else if (!strcmp(kw, "pattern")) {
            if (!json_is_string(v)) { problem(c, "schema: \"pattern\" must be a string"); continue; }
            if (!json_is_string(inst)) continue;
            regex_t re;
            if (regcomp(&re, json_string_value(v), REG_EXTENDED | REG_NOSUB) != 0) {
                problem(c, "schema: pattern %s is not a POSIX extended regex", json_string_value(v));
                continue;
            }
            if (regexec(&re, json_string_value(inst), 0, NULL, 0) != 0)
                problem(c, "\"%.60s\" does not match %s", json_string_value(inst), json_string_value(v));
            regfree(&re);
        } else if (!strcmp(kw, "anyOf") || !strcmp(kw, "oneOf")) {
            if (!json_is_array(v) || json_array_size(v) == 0) { problem(c, "schema: \"%s\" must be a non-empty array", kw); continue; }
            size_t i, matched = 0;
            const json_t *sub;
            json_array_foreach(v, i, sub) matched += (size_t)trial(c, sub, inst, depth + 1);
            if (kw[0] == 'a' && matched == 0) {
                problem(c, "matches none of the anyOf alternatives");
            } else if (kw[0] == 'o' && matched != 1) {
                problem(c, "matches %zu of the oneOf alternatives, not exactly one", matched);
            }
        } else {
            problem(c, "schema: unsupported keyword \"%s\"", kw);
        }
    }
}

int nm_schema_validate(const json_t *schema, const json_t *instance, char *err, size_t errlen)
{
    vctx c;
    memset(&c, 0, sizeof c);
    c.root = schema;
    c.err = err;
    c.errlen = errlen;
    if (err && errlen) err[0] = '\0';
    check(&c, schema, instance, 0);
    return c.errors;
}

/* ---- tests of the validator itself ---- */

static int validate_str(const char *schema_text, const char *instance_text, char *err, size_t errlen)
{
    json_error_t je;
    json_t *s = json_loads(schema_text, 0, &je);
    json_t *i = json_loads(instance_text, JSON_DECODE_ANY, &je);
    assert_non_null(s);
    assert_non_null(i);
    int n = nm_schema_validate(s, i, err, errlen);
    json_decref(s);
    json_decref(i);
    return n;
}

#define ACCEPTS(schema, inst) do { char e_[512]; int n_ = validate_str(schema, inst, e_, sizeof e_); \
    if (n_) { print_message("unexpected: %s\n", e_); } assert_int_equal(n_, 0); } while (0)
#define REJECTS(schema, inst) do { char e_[512]; assert_true(validate_str(schema, inst, e_, sizeof e_) > 0); } while (0)

static void types(void **state)
{
    (void)state;
    ACCEPTS("{\"type\":\"integer\"}", "3");
    ACCEPTS("{\"type\":\"integer\"}", "3.0");
    REJECTS("{\"type\":\"integer\"}", "3.5");
    REJECTS("{\"type\":\"integer\"}", "\"3\"");
    ACCEPTS("{\"type\":\"number\"}", "3.5");
    ACCEPTS("{\"type\":[\"string\",\"null\"]}", "null");
    REJECTS("{\"type\":[\"string\",\"null\"]}", "false");
    ACCEPTS("{\"type\":\"boolean\"}", "true");
    REJECTS("{\"type\":\"object\"}", "[]");
    REJECTS("{\"type\":\"array\"}", "{}");
}

static void objects(void **state)
{
    (void)state;
    const char *s = "{\"type\":\"object\",\"required\":[\"a\"],\"additionalProperties\":false,"
                    "\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"string\"}}}";
    ACCEPTS(s, "{\"a\":1}");
    ACCEPTS(s, "{\"a\":1,\"b\":\"x\"}");
    REJECTS(s, "{\"b\":\"x\"}");           /* missing required */
    REJECTS(s, "{\"a\":1,\"c\":2}");       /* not allowed */
    REJECTS(s, "{\"a\":\"1\"}");           /* wrong type inside */
    ACCEPTS("{\"properties\":{\"a\":{\"type\":\"integer\"}}}", "{\"z\":true}"); /* open by default */
    REJECTS("{\"additionalProperties\":{\"type\":\"integer\"}}", "{\"z\":true}");
    /* keywords for other types do not apply: required on null passes */
    ACCEPTS("{\"type\":[\"object\",\"null\"],\"required\":[\"x\"]}", "null");
    REJECTS("{\"type\":[\"object\",\"null\"],\"required\":[\"x\"]}", "{}");
}

static void arrays_numbers_strings(void **state)
{
    (void)state;
    ACCEPTS("{\"items\":{\"type\":\"integer\",\"minimum\":0}}", "[0,1,2]");
    REJECTS("{\"items\":{\"type\":\"integer\",\"minimum\":0}}", "[0,-1]");
    REJECTS("{\"maxItems\":2}", "[1,2,3]");
    REJECTS("{\"minItems\":1}", "[]");
    REJECTS("{\"maximum\":5}", "6");
    ACCEPTS("{\"minLength\":2,\"maxLength\":2}", "\"\xC3\xA9\xC3\xA9\""); /* two code points, four bytes */
    REJECTS("{\"minLength\":1}", "\"\"");
    ACCEPTS("{\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}", "\"2025-12-29\"");
    REJECTS("{\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"}", "\"2025-12-2\"");
    ACCEPTS("{\"enum\":[\"a\",\"b\"]}", "\"b\"");
    REJECTS("{\"enum\":[\"a\",\"b\"]}", "\"c\"");
    REJECTS("{\"const\":1}", "2");
}

static void refs_and_combinators(void **state)
{
    (void)state;
    const char *s = "{\"$defs\":{\"pos\":{\"type\":\"integer\",\"minimum\":1}},"
                    "\"properties\":{\"n\":{\"$ref\":\"#/$defs/pos\"},"
                    "\"m\":{\"anyOf\":[{\"type\":\"null\"},{\"$ref\":\"#/$defs/pos\"}]},"
                    "\"k\":{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}}}";
    ACCEPTS(s, "{\"n\":1,\"m\":null}");
    ACCEPTS(s, "{\"m\":4}");
    REJECTS(s, "{\"n\":0}");
    REJECTS(s, "{\"m\":0}");
    REJECTS(s, "{\"k\":1}");   /* 1 is both integer and number: oneOf needs exactly one */
    ACCEPTS(s, "{\"k\":1.5}");
}

static void schema_errors_are_reported(void **state)
{
    (void)state;
    char e[512];
    assert_true(validate_str("{\"$ref\":\"#/$defs/nope\"}", "1", e, sizeof e) > 0);
    assert_non_null(strstr(e, "cannot resolve"));
    assert_true(validate_str("{\"format\":\"date\"}", "1", e, sizeof e) > 0);
    assert_non_null(strstr(e, "unsupported keyword"));
    assert_true(validate_str("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}", "1", e, sizeof e) > 0);
}

static void error_names_the_path(void **state)
{
    (void)state;
    char e[512];
    assert_true(validate_str("{\"properties\":{\"s\":{\"items\":{\"properties\":{\"start\":{\"type\":\"integer\"}}}}}}",
                             "{\"s\":[{\"start\":1},{\"start\":\"x\"}]}", e, sizeof e) > 0);
    assert_non_null(strstr(e, "/s/1/start"));
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(types),
    cmocka_unit_test(objects),
    cmocka_unit_test(arrays_numbers_strings),
    cmocka_unit_test(refs_and_combinators),
    cmocka_unit_test(schema_errors_are_reported),
    cmocka_unit_test(error_names_the_path),
};
NM_TEST_GROUP(schema_validator, tests)
