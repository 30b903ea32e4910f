/*
 * buf.c — growable byte buffer (see buf.h).
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nm_buf_init(nm_buf *b) { b->p = NULL; b->len = b->cap = 0; b->oom = 0; }

void nm_buf_free(nm_buf *b)
{
    free(b->p);
    nm_buf_init(b);
}

void nm_buf_reserve(nm_buf *b, size_t extra)
{
    if (b->oom || b->len + extra + 1 <= b->cap) return;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->len + extra + 1) nc *= 2;
    char *p = realloc(b->p, nc);
    if (!p) { b->oom = 1; return; }
    b->p = p;
    b->cap = nc;
}

void nm_buf_put(nm_buf *b, const void *s, size_t n)
{
    nm_buf_reserve(b, n);
    if (b->oom) return;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void nm_buf_puts(nm_buf *b, const char *s) { nm_buf_put(b, s, strlen(s)); }

void nm_buf_putc(nm_buf *b, char c)
{
    if (b->len + 2 > b->cap) nm_buf_reserve(b, 1);
    if (b->oom) return;
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

void nm_buf_vprintf(nm_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n < 0) { va_end(ap2); return; }
    if ((size_t)n < sizeof tmp) {
        nm_buf_put(b, tmp, (size_t)n);
    } else {
        nm_buf_reserve(b, (size_t)n);
        if (!b->oom) {
            vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
            b->len += (size_t)n;
        }
    }
    va_end(ap2);
}

void nm_buf_printf(nm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nm_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *nm_buf_take(nm_buf *b, size_t *len)
{
    if (!b->p) nm_buf_put(b, "", 0);
    char *p = b->p;
    if (len) *len = b->len;
    nm_buf_init(b);
    return p;
}
