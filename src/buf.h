/*
 * buf.h — a growable byte buffer (malloc-backed) for building output strings.
 *
 * Renderers write into one of these so that worker threads can format documents in parallel and
 * the writer thread only copies finished bytes to the output in input order.
 */
#ifndef NM_BUF_H
#define NM_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct nm_buf {
    char *p;
    size_t len, cap;
    int oom; /* set when an allocation failed; later appends are dropped */
} nm_buf;

void nm_buf_init(nm_buf *b);
void nm_buf_free(nm_buf *b);
void nm_buf_reserve(nm_buf *b, size_t extra);
void nm_buf_put(nm_buf *b, const void *s, size_t n);
void nm_buf_puts(nm_buf *b, const char *s);
void nm_buf_putc(nm_buf *b, char c);
void nm_buf_printf(nm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nm_buf_vprintf(nm_buf *b, const char *fmt, va_list ap);
/* Detach the contents as a NUL-terminated malloc'd string; the buffer is reset. */
char *nm_buf_take(nm_buf *b, size_t *len);

#endif
