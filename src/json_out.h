/*
 * json_out.h — a small streaming JSON writer over nm_buf.
 *
 * Tracks nesting so callers never place commas by hand; "pretty" indents by two spaces. Strings are
 * expected to be valid UTF-8 (the document text is validated on the way in) and are escaped per
 * RFC 8259; non-ASCII is written as-is.
 */
#ifndef NM_JSON_OUT_H
#define NM_JSON_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum { NM_JSON_MAX_DEPTH = 64 };

typedef struct nm_json {
    nm_buf *b;
    int pretty;
    int depth;
    unsigned char first[NM_JSON_MAX_DEPTH]; /* no element written yet at this level */
    int after_key;
} nm_json;

void nm_json_init(nm_json *j, nm_buf *b, int pretty);
void nm_json_obj_begin(nm_json *j);
void nm_json_obj_end(nm_json *j);
void nm_json_arr_begin(nm_json *j);
void nm_json_arr_end(nm_json *j);
void nm_json_key(nm_json *j, const char *key);
void nm_json_str(nm_json *j, const char *s, size_t n);
void nm_json_cstr(nm_json *j, const char *s); /* NULL writes null */
void nm_json_int(nm_json *j, int64_t v);
void nm_json_num(nm_json *j, double v);
void nm_json_bool(nm_json *j, int v);
void nm_json_null(nm_json *j);

/* key + value shorthands */
void nm_json_kstr(nm_json *j, const char *key, const char *s, size_t n);
void nm_json_kcstr(nm_json *j, const char *key, const char *s);
void nm_json_kint(nm_json *j, const char *key, int64_t v);
void nm_json_knum(nm_json *j, const char *key, double v);
void nm_json_kbool(nm_json *j, const char *key, int v);
void nm_json_knull(nm_json *j, const char *key);

/* Escape s into b as a JSON string literal, quotes included. */
void nm_json_escape(nm_buf *b, const char *s, size_t n);

#endif
