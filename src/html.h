/*
 * html.h — HTML input: from a page's bytes to the article text and its metadata.
 *
 * The text is plain UTF-8 with one paragraph per line (blank line between blocks), ready for the
 * same document model as plain-text input.
 */
#ifndef NM_HTML_H
#define NM_HTML_H

#include <stddef.h>

#include "doc.h"

typedef struct nm_html_page {
    const char *text; size_t text_len; /* in the doc's arena */
    const char *title;                 /* NULL when absent */
    const char *url;
    int date_y, date_m, date_d;         /* 0 when absent */
    const char *date_source;
} nm_html_page;

/* Extract the article from HTML bytes into doc's arena. Never fails: a page with no text gives
 * an empty text and a warning in doc. */
void nm_html_extract(nm_doc *doc, const char *html, size_t n, nm_html_page *page);

#endif
