/*
 * text.h — the text layer: input bytes → normalised text → paragraphs.
 *
 * Normalisation: invalid UTF-8 bytes become U+FFFD (counted), NUL bytes U+FFFD (counted), other
 * control characters a space, CR LF and lone CR a line feed; then Unicode NFC. The code-point map
 * doc->cp is built for offset output.
 */
#ifndef NM_TEXT_H
#define NM_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* Fill doc->text, doc->len, doc->cp from raw bytes. */
void nm_text_normalize(nm_doc *doc, const char *raw, size_t n);
/* A metadata string (id, title, author) made safe: invalid UTF-8 replaced, control characters and
 * line breaks turned into spaces, runs of spaces collapsed, trimmed. NULL when nothing is left. */
char *nm_text_clean_line(nm_arena *a, const char *s, size_t n);

/* Parse "YYYY-MM-DD" (at least 10 bytes; more are ignored) into a valid calendar date. */
int nm_parse_ymd(const char *s, size_t n, int *y, int *m, int *d);

/* Split doc->text into paragraphs (doc->paras): blank lines always separate paragraphs; a single
 * line break does too, unless the text is hard-wrapped (see text.c). */
void nm_text_paragraphs(nm_doc *doc);

/* Decode one UTF-8 code point at s[*i] (s is valid UTF-8), advancing *i. */
static inline uint32_t nm_utf8_next(const char *s, uint32_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    if (u[0] < 0x80) { (*i)++; return u[0]; }
    if (u[0] < 0xE0) { *i += 2; return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F); }
    if (u[0] < 0xF0) { *i += 3; return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F); }
    *i += 4;
    return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) | ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}
/* Decode the code point ending just before byte i (s valid UTF-8), moving *i back to its start. */
uint32_t nm_utf8_prev(const char *s, uint32_t *i);

/* Character classes over code points. */
int nm_cp_is_space(uint32_t c);     /* includes NBSP and other Unicode spaces */
int nm_cp_is_letter(uint32_t c);
int nm_cp_is_upper(uint32_t c);
int nm_cp_is_lower(uint32_t c);
int nm_cp_is_digit(uint32_t c);     /* decimal digits */
int nm_cp_is_dquote(uint32_t c);    /* " “ ” „ ‟ « » */
int nm_cp_is_squote(uint32_t c);    /* ' ‘ ’ ‚ ‹ › */
int nm_cp_is_dash(uint32_t c);      /* - – — ― */

#endif
