/*
 * html_charset.h — character-encoding detection and conversion to UTF-8 for HTML input
 * (shared by the HTML extractor and the WARC reader, which knows the HTTP charset).
 */
#ifndef NM_HTML_CHARSET_H
#define NM_HTML_CHARSET_H

#include <stddef.h>

/* Whether s[0..n) is valid UTF-8. */
int nm_utf8_valid(const char *s, size_t n);
/* A malloc'd copy with NUL bytes and bytes outside well-formed UTF-8 replaced by U+FFFD. */
char *nm_utf8_repair(const char *s, size_t n, size_t *outlen);
/* The charset parameter of an HTTP Content-Type value, lower case, into out; 1 if found. */
int nm_charset_from_content_type(const char *ct, size_t n, char *out, size_t outlen);
/* The charset declared by a <meta> tag in the first 8 KB of a page, lower case; 1 if found. */
int nm_html_meta_charset(const char *h, size_t n, char *out, size_t outlen);
/* The page as UTF-8: NULL when the bytes can be used as they are (already UTF-8), else a malloc'd
 * NUL-terminated converted copy (*outlen bytes). http_charset may be NULL. `used` (optional)
 * receives a description of the decision, e.g. "iso-8859-1 (meta)". */
char *nm_html_to_utf8(const char *h, size_t n, const char *http_charset, size_t *outlen, char *used, size_t usedlen);

#endif
