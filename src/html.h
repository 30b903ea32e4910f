/*
 * html.h — HTML input: from a page's bytes to the article text and its metadata.
 *
 * The text is plain UTF-8 with one paragraph per line (blank line between blocks), ready for the
 * same document model as plain-text input. Pipeline: charset → UTF-8 (html_charset.c), pre-pass and
 * parse into a compact tree (html_dom.c), metadata (html_meta.c), main content (html_content.c).
 */
#ifndef NM_HTML_H
#define NM_HTML_H

#include <stddef.h>

#include "doc.h"

enum { NM_HTML_MAX_AUTHORS = 8 };

typedef struct nm_html_page {
    const char *text; size_t text_len; /* in the doc's arena */
    const char *title;                 /* cleaned of the site name; NULL when absent */
    const char *url;                   /* canonical URL (link rel=canonical, og:url), else NULL */
    int date_y, date_m, date_d;         /* publication date, 0 when absent */
    const char *date_source;           /* "html:json-ld", "html:meta", "html:time", "html:url", "html:text" */
    const char *modified;              /* YYYY-MM-DD or NULL */
    const char *authors[NM_HTML_MAX_AUTHORS];
    int nauthors;
    const char *site_name, *language, *description, *image;
    const char *charset;               /* what the bytes were decoded from */
    const char *jsonld_body;           /* JSON-LD articleBody, for pages whose body is not in the markup */
} nm_html_page;

/* Extract the article from HTML bytes into doc's arena. Never fails: a page with no text gives
 * an empty text and a warning in doc. page_url (may be NULL) is where the page came from; it helps
 * date the page (URL patterns) and resolve relative image links. */
void nm_html_extract(nm_doc *doc, const char *html, size_t n, nm_html_page *page);
void nm_html_extract_url(nm_doc *doc, const char *html, size_t n, const char *page_url, nm_html_page *page);

#endif
