/*
 * json_out.c — streaming JSON writer (see json_out.h).
 */
#include "json_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void nm_json_init(nm_json *j, nm_buf *b, int pretty)
{
    memset(j, 0, sizeof *j);
    j->b = b;
    j->pretty = pretty;
    j->first[0] = 1;
}

static void newline(nm_json *j)
{
    if (!j->pretty) return;
    nm_buf_putc(j->b, '\n');
    for (int i = 0; i < j->depth; i++) nm_buf_put(j->b, "  ", 2);
}

/* Called before every value or key: writes the separating comma and indentation. */
static void sep(nm_json *j)
{
    if (j->after_key) { j->after_key = 0; return; }
    if (j->depth > 0) {
        if (!j->first[j->depth]) nm_buf_putc(j->b, ',');
        newline(j);
    }
    j->first[j->depth] = 0;
}

static void open(nm_json *j, char c)
{
    sep(j);
    nm_buf_putc(j->b, c);
    if (j->depth < NM_JSON_MAX_DEPTH - 1) j->depth++;
    j->first[j->depth] = 1;
}

static void close_(nm_json *j, char c)
{
    int empty = j->first[j->depth];
    if (j->depth > 0) j->depth--;
    if (!empty) newline(j);
    nm_buf_putc(j->b, c);
}

void nm_json_obj_begin(nm_json *j) { open(j, '{'); }
void nm_json_obj_end(nm_json *j) { close_(j, '}'); }
void nm_json_arr_begin(nm_json *j) { open(j, '['); }
void nm_json_arr_end(nm_json *j) { close_(j, ']'); }

void nm_json_escape(nm_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    nm_buf_reserve(b, n + 2);
    nm_buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        nm_buf_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': nm_buf_put(b, "\\\"", 2); break;
        case '\\': nm_buf_put(b, "\\\\", 2); break;
        case '\n': nm_buf_put(b, "\\n", 2); break;
        case '\r': nm_buf_put(b, "\\r", 2); break;
        case '\t': nm_buf_put(b, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            nm_buf_put(b, u, 6);
        }
        }
    }
    nm_buf_put(b, s + run, n - run);
    nm_buf_putc(b, '"');
}

void nm_json_key(nm_json *j, const char *key)
{
    sep(j);
    nm_json_escape(j->b, key, strlen(key));
    nm_buf_put(j->b, j->pretty ? ": " : ":", j->pretty ? 2 : 1);
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

void nm_json_int(nm_json *j, int64_t v)
{
    sep(j);
    nm_buf_printf(j->b, "%lld", (long long)v);
}

void nm_json_num(nm_json *j, double v)
{
    sep(j);
    if (!isfinite(v)) { nm_buf_puts(j->b, "null"); return; }
    nm_buf_printf(j->b, "%.15g", v); /* exact for integers up to 2^53, no noise digits */
}

void nm_json_bool(nm_json *j, int v) { sep(j); nm_buf_puts(j->b, v ? "true" : "false"); }
void nm_json_null(nm_json *j) { sep(j); nm_buf_puts(j->b, "null"); }

void nm_json_kstr(nm_json *j, const char *k, const char *s, size_t n) { nm_json_key(j, k); nm_json_str(j, s, n); }
void nm_json_kcstr(nm_json *j, const char *k, const char *s) { nm_json_key(j, k); nm_json_cstr(j, s); }
void nm_json_kint(nm_json *j, const char *k, int64_t v) { nm_json_key(j, k); nm_json_int(j, v); }
void nm_json_knum(nm_json *j, const char *k, double v) { nm_json_key(j, k); nm_json_num(j, v); }
void nm_json_kbool(nm_json *j, const char *k, int v) { nm_json_key(j, k); nm_json_bool(j, v); }
void nm_json_knull(nm_json *j, const char *k) { nm_json_key(j, k); nm_json_null(j); }
