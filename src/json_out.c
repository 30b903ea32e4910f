/*
 * json_out.c — streaming JSON writer (see json_out.h).
 */
#include "json_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Inline appends: the same bytes as nm_buf_put/nm_buf_putc (nothing once the buffer is out of
 * memory), without a call per piece of punctuation (rendering writes many small pieces). */
static inline void put(nm_buf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        nm_buf_reserve(b, n);
        if (b->oom) return;
    }
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static inline void putc_(nm_buf *b, char c)
{
    if (b->oom) return;
    if (b->len + 2 > b->cap) {
        nm_buf_reserve(b, 1);
        if (b->oom) return;
    }
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

void nm_json_init(nm_json *j, nm_buf *b, int pretty)
{
    memset(j, 0, sizeof *j);
    j->b = b;
    j->pretty = pretty;
    j->first[0] = 1;
}

/* A newline and the indentation of every depth in one append (rendering is a hot path). */
static const char NEWLINE_INDENT[2 + 2 * NM_JSON_MAX_DEPTH] =
    "\n                                                                "
    "                                                                ";

static void newline(nm_json *j)
{
    if (!j->pretty) return;
    put(j->b, NEWLINE_INDENT, 1 + 2 * (size_t)j->depth);
}

/* Called before every value or key: writes the separating comma and indentation. */
static void sep(nm_json *j)
{
    if (j->after_key) { j->after_key = 0; return; }
    if (j->depth > 0) {
        if (!j->first[j->depth]) putc_(j->b, ',');
        newline(j);
    }
    j->first[j->depth] = 0;
}

static void open(nm_json *j, char c)
{
    sep(j);
    putc_(j->b, c);
    if (j->depth < NM_JSON_MAX_DEPTH - 1) j->depth++;
    j->first[j->depth] = 1;
}

static void close_(nm_json *j, char c)
{
    int empty = j->first[j->depth];
    if (j->depth > 0) j->depth--;
    if (!empty) newline(j);
    putc_(j->b, c);
}

void nm_json_obj_begin(nm_json *j) { open(j, '{'); }
void nm_json_obj_end(nm_json *j) { close_(j, '}'); }
void nm_json_arr_begin(nm_json *j) { open(j, '['); }
void nm_json_arr_end(nm_json *j) { close_(j, ']'); }

/* Bytes that JSON strings must escape: control characters, '"' and '\\'. */
static int needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

/* Length of the prefix of s[0,n) that needs no escaping. Eight bytes at a time (the article's
 * text is written whole): a word holding a byte below 0x20, '"' or '\\' is found with the
 * "has a byte less than / equal to" bit tricks, which never miss one; that word is then
 * scanned byte by byte. */
static size_t clean_prefix(const char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
        uint64_t hit = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash);
        if (hit & highs) break;
    }
    while (i < n && !needs_escape((unsigned char)s[i])) i++;
    return i;
}

void nm_json_escape(nm_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t clean = clean_prefix(s, n);
    if (b->len + n + 3 > b->cap) nm_buf_reserve(b, n + 2);
    if (clean == n) { /* the common case: nothing to escape, one copy */
        if (b->oom) return;
        char *o = b->p + b->len;
        o[0] = '"';
        if (n) memcpy(o + 1, s, n);
        o[n + 1] = '"';
        b->len += n + 2;
        b->p[b->len] = '\0';
        return;
    }
    putc_(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': put(b, "\\\"", 2); break;
        case '\\': put(b, "\\\\", 2); break;
        case '\n': put(b, "\\n", 2); break;
        case '\r': put(b, "\\r", 2); break;
        case '\t': put(b, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            put(b, u, 6);
        }
        }
    }
    put(b, s + run, n - run);
    putc_(b, '"');
}

void nm_json_key(nm_json *j, const char *key)
{
    sep(j);
    nm_buf *b = j->b;
    size_t n = strlen(key), clean = 0;
    while (clean < n && !needs_escape((unsigned char)key[clean])) clean++;
    if (clean == n && !b->oom) { /* the usual key: "key": written in one piece */
        size_t total = n + 3 + (j->pretty ? 1 : 0);
        j->after_key = 1;
        if (b->len + total + 1 > b->cap) nm_buf_reserve(b, total);
        if (b->oom) return;
        char *o = b->p + b->len;
        o[0] = '"';
        memcpy(o + 1, key, n);
        o[n + 1] = '"';
        o[n + 2] = ':';
        if (j->pretty) o[n + 3] = ' ';
        b->len += total;
        b->p[b->len] = '\0';
        return;
    }
    nm_json_escape(b, key, n);
    put(b, j->pretty ? ": " : ":", j->pretty ? 2 : 1);
    j->after_key = 1;
}

void nm_json_str(nm_json *j, const char *s, size_t n)
{
    sep(j);
    nm_json_escape(j->b, s ? s : "", s ? n : 0);
}

void nm_json_cstr(nm_json *j, const char *s)
{
    if (!s) { nm_json_null(j); return; }
    nm_json_str(j, s, strlen(s));
}

/* Decimal digits of v, as printf's "%lld" writes them, without printf (a hot path). */
static void put_int(nm_buf *b, int64_t v)
{
    char d[24];
    size_t k = sizeof d;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        d[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) d[--k] = '-';
    put(b, d + k, sizeof d - k);
}

void nm_json_int(nm_json *j, int64_t v)
{
    sep(j);
    put_int(j->b, v);
}

void nm_json_num(nm_json *j, double v)
{
    sep(j);
    if (!isfinite(v)) { put(j->b, "null", 4); return; }
    /* whole numbers below 1e15 print as "%.15g" prints them: plain digits (not -0, which is "-0") */
    if (v > -1e15 && v < 1e15 && v == (double)(int64_t)v && !(v == 0 && signbit(v))) {
        put_int(j->b, (int64_t)v);
        return;
    }
    nm_buf_printf(j->b, "%.15g", v); /* exact for integers up to 2^53, no noise digits */
}

void nm_json_bool(nm_json *j, int v) { sep(j); put(j->b, v ? "true" : "false", v ? 4 : 5); }
void nm_json_null(nm_json *j) { sep(j); put(j->b, "null", 4); }

void nm_json_kstr(nm_json *j, const char *k, const char *s, size_t n) { nm_json_key(j, k); nm_json_str(j, s, n); }
void nm_json_kcstr(nm_json *j, const char *k, const char *s) { nm_json_key(j, k); nm_json_cstr(j, s); }
void nm_json_kint(nm_json *j, const char *k, int64_t v) { nm_json_key(j, k); nm_json_int(j, v); }
void nm_json_knum(nm_json *j, const char *k, double v) { nm_json_key(j, k); nm_json_num(j, v); }
void nm_json_kbool(nm_json *j, const char *k, int v) { nm_json_key(j, k); nm_json_bool(j, v); }
void nm_json_knull(nm_json *j, const char *k) { nm_json_key(j, k); nm_json_null(j); }
