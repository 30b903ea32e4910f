/*
 * html_meta.h — page metadata from the tree and its JSON-LD (see html_meta.c).
 */
#ifndef NM_HTML_META_H
#define NM_HTML_META_H

#include <stddef.h>

#include "html.h"
#include "html_dom.h"

/* Fill the metadata fields of page (title, dates, authors, site, language, URL, description,
 * image). page_url (may be NULL) is where the page was fetched from. */
void nm_html_meta(const nm_hdom *dom, const char *page_url, nm_html_page *page);
/* Parse a date written in any common web form (ISO 8601, "Nov. 19, 2019", "19 November 2019",
 * "11/19/2019", RFC 1123 ...) found in s; 1 and *y,*m,*d on success. */
int nm_html_parse_date(const char *s, size_t n, int *y, int *m, int *d);

#endif
