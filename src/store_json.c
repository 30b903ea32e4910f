/*
 * store_json.c — one-pass JSON parser into an arena for the store's ingest path (store_json.h).
 *
 * Children of an open array or object are collected on a growable scratch stack and copied into
 * the arena when the container closes, so each container is one arena allocation. Nesting is
 * bounded (recursion), strings are unescaped (\uXXXX with surrogate pairs to UTF-8).
 */
#include "store_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 256 };

typedef struct parser {
    const char *p, *end;
    nm_arena *a;
    nm_sj *stack;         /* children of the open containers */
    const char **kstack;  /* their keys (objects) */
    size_t n, cap;
    int failed;
} parser;

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t')) ps->p++;
}

static int push(parser *ps, const nm_sj *v, const char *key)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 256;
        nm_sj *s = realloc(ps->stack, cap * sizeof *s);
        if (!s) return -1;
        ps->stack = s;
        const char **k = realloc(ps->kstack, cap * sizeof *k);
        if (!k) return -1;
        ps->kstack = k;
        ps->cap = cap;
    }
    ps->stack[ps->n] = *v;
    ps->kstack[ps->n] = key;
    ps->n++;
    return 0;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* At the opening quote: the unescaped string in the arena (decoded length <= encoded length). */
static const char *parse_string(parser *ps, uint32_t *len)
{
    const char *p = ++ps->p, *q = p;
    int escaped = 0;
    while (q < ps->end && *q != '"') {
        if (*q == '\\') {
            escaped = 1;
            if (++q >= ps->end) return NULL;
        } else if ((unsigned char)*q < 0x20) {
            return NULL; /* a raw control character */
        }
        q++;
    }
    if (q >= ps->end) return NULL;
    size_t raw = (size_t)(q - p);
    char *out = nm_arena_alloc(ps->a, raw + 1);
    if (!out) return NULL;
    size_t o = 0;
    if (!escaped) {
        memcpy(out, p, raw);
        o = raw;
    } else {
        while (p < q) {
            if (*p != '\\') { out[o++] = *p++; continue; }
            p++;
            char c = *p++;
            switch (c) {
            case '"': out[o++] = '"'; break;
            case '\\': out[o++] = '\\'; break;
            case '/': out[o++] = '/'; break;
            case 'b': out[o++] = '\b'; break;
            case 'f': out[o++] = '\f'; break;
            case 'n': out[o++] = '\n'; break;
            case 'r': out[o++] = '\r'; break;
            case 't': out[o++] = '\t'; break;
            case 'u': {
                unsigned cp, lo;
                if (q - p < 4 || hex4(p, &cp)) return NULL;
                p += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && q - p >= 6 && p[0] == '\\' && p[1] == 'u' && !hex4(p + 2, &lo) &&
                    lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                } else if (cp >= 0xD800 && cp < 0xE000) {
                    cp = 0xFFFD; /* a lone surrogate */
                }
                /* 6 escaped bytes (12 for a pair) always hold the 1-4 UTF-8 bytes */
                o += put_utf8(out + o, cp);
                break;
            }
            default: return NULL;
            }
        }
    }
    out[o] = 0;
    ps->p = q + 1;
    *len = (uint32_t)o;
    return out;
}

static int parse_value(parser *ps, nm_sj *v, int depth);

static int parse_container(parser *ps, nm_sj *v, int depth, int object)
{
    if (depth >= MAX_DEPTH) return -1;
    ps->p++;
    size_t base = ps->n;
    skip_ws(ps);
    char close = object ? '}' : ']';
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
    } else {
        for (;;) {
            const char *key = NULL;
            skip_ws(ps);
            if (object) {
                uint32_t kl;
                if (ps->p >= ps->end || *ps->p != '"' || !(key = parse_string(ps, &kl))) return -1;
                skip_ws(ps);
                if (ps->p >= ps->end || *ps->p != ':') return -1;
                ps->p++;
            }
            nm_sj child;
            if (parse_value(ps, &child, depth + 1) || push(ps, &child, key)) return -1;
            skip_ws(ps);
            if (ps->p >= ps->end) return -1;
            if (*ps->p == ',') { ps->p++; continue; }
            if (*ps->p == close) { ps->p++; break; }
            return -1;
        }
    }
    size_t k = ps->n - base;
    v->type = object ? NM_SJ_OBJ : NM_SJ_ARR;
    v->n = (uint32_t)k;
    v->u.items = NULL;
    v->keys = NULL;
    if (k) {
        v->u.items = nm_arena_alloc(ps->a, k * sizeof *v->u.items);
        if (!v->u.items) return -1;
        memcpy(v->u.items, ps->stack + base, k * sizeof *v->u.items);
        if (object) {
            v->keys = nm_arena_alloc(ps->a, k * sizeof *v->keys);
            if (!v->keys) return -1;
            memcpy(v->keys, ps->kstack + base, k * sizeof *v->keys);
        }
    }
    ps->n = base;
    return 0;
}

static int literal(parser *ps, const char *word, size_t n)
{
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n)) return -1;
    ps->p += n;
    return 0;
}

static int parse_number(parser *ps, nm_sj *v)
{
    const char *s = ps->p;
    int real = 0;
    while (ps->p < ps->end) {
        char c = *ps->p;
        if (c == '.' || c == 'e' || c == 'E') real = 1;
        else if (!((c >= '0' && c <= '9') || c == '-' || c == '+')) break;
        ps->p++;
    }
    size_t n = (size_t)(ps->p - s);
    if (!n || n > 63) return -1;
    char tmp[64];
    memcpy(tmp, s, n);
    tmp[n] = 0;
    char *e;
    if (!real) {
        errno = 0;
        long long i = strtoll(tmp, &e, 10);
        if (*e) return -1;
        if (errno != ERANGE) { v->type = NM_SJ_INT; v->u.i = i; return 0; }
        /* beyond 64 bits: kept as a real */
    }
    double d = strtod(tmp, &e);
    if (*e) return -1;
    v->type = NM_SJ_REAL;
    v->u.d = d;
    return 0;
}

static int parse_value(parser *ps, nm_sj *v, int depth)
{
    memset(v, 0, sizeof *v);
    skip_ws(ps);
    if (ps->p >= ps->end) return -1;
    switch (*ps->p) {
    case '{': return parse_container(ps, v, depth, 1);
    case '[': return parse_container(ps, v, depth, 0);
    case '"': {
        uint32_t n;
        const char *s = parse_string(ps, &n);
        if (!s) return -1;
        v->type = NM_SJ_STR;
        v->u.s = s;
        v->n = n;
        return 0;
    }
    case 't': v->type = NM_SJ_TRUE; return literal(ps, "true", 4);
    case 'f': v->type = NM_SJ_FALSE; return literal(ps, "false", 5);
    case 'n': v->type = NM_SJ_NULL; return literal(ps, "null", 4);
    default: return parse_number(ps, v);
    }
}

nm_sj *nm_sj_parse(nm_arena *a, const char *s, size_t n)
{
    parser ps = {.p = s, .end = s + n, .a = a};
    nm_sj *root = nm_arena_alloc(a, sizeof *root);
    int rc = root ? parse_value(&ps, root, 0) : -1;
    if (!rc) {
        skip_ws(&ps);
        if (ps.p != ps.end) rc = -1;
    }
    free(ps.stack);
    free(ps.kstack);
    return rc ? NULL : root;
}

const nm_sj *nm_sj_get(const nm_sj *obj, const char *key)
{
    if (!obj || obj->type != NM_SJ_OBJ) return NULL;
    for (uint32_t i = 0; i < obj->n; i++)
        if (!strcmp(obj->keys[i], key)) return &obj->u.items[i];
    return NULL;
}

void nm_sj_write(nm_json *j, const nm_sj *v)
{
    if (!v) { nm_json_null(j); return; }
    switch (v->type) {
    case NM_SJ_NULL: nm_json_null(j); break;
    case NM_SJ_FALSE: nm_json_bool(j, 0); break;
    case NM_SJ_TRUE: nm_json_bool(j, 1); break;
    case NM_SJ_INT: nm_json_int(j, v->u.i); break;
    case NM_SJ_REAL: nm_json_num(j, v->u.d); break;
    case NM_SJ_STR: nm_json_str(j, v->u.s, v->n); break;
    case NM_SJ_ARR:
        nm_json_arr_begin(j);
        for (uint32_t i = 0; i < v->n; i++) nm_sj_write(j, &v->u.items[i]);
        nm_json_arr_end(j);
        break;
    case NM_SJ_OBJ:
        nm_json_obj_begin(j);
        for (uint32_t i = 0; i < v->n; i++) {
            nm_json_key(j, v->keys[i]);
            nm_sj_write(j, &v->u.items[i]);
        }
        nm_json_obj_end(j);
        break;
    default: nm_json_null(j);
    }
}
