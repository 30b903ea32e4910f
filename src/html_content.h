/*
 * html_content.h — main-content extraction over the page tree (see html_content.c).
 */
#ifndef NM_HTML_CONTENT_H
#define NM_HTML_CONTENT_H

#include "buf.h"
#include "html_dom.h"

/* Append the article body to out: one block per line, blank lines between blocks. Marks dropped
 * nodes in dom (drop flags), so run it after the metadata reader has looked at the tree. */
void nm_html_content(nm_hdom *dom, nm_buf *out);

#endif
