/*
 * html.c — HTML page → article text and metadata (the entry point of html*.c).
 *
 * Steps: bytes → UTF-8 (html_charset.c) → pre-pass and parse into a compact tree (html_dom.c) →
 * metadata (html_meta.c) → main content (html_content.c). The text keeps one block per line with
 * blank lines between blocks, which the document model reads as paragraphs.
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html_charset.h"
#include "html_content.h"
#include "html_dom.h"
#include "html_meta.h"
#include "text.h"

void nm_html_extract_url(nm_doc *doc, const char *html, size_t n, const char *page_url, nm_html_page *page)
{
    memset(page, 0, sizeof *page);
    char used[96];
    size_t ulen = 0;
    char *utf8 = nm_html_to_utf8(html, n, NULL, &ulen, used, sizeof used);
    if (utf8) {
        html = utf8;
        n = ulen;
    }
    if (memchr(html, 0, n)) { /* libxml2 stops at a NUL byte */
        char *fixed = nm_utf8_repair(html, n, &ulen);
        if (fixed) {
            free(utf8);
            utf8 = fixed;
            html = fixed;
            n = ulen;
        }
    }
    page->charset = used[0] ? nm_arena_strndup(&doc->arena, used, strlen(used)) : NULL;
    nm_hdom dom;
    nm_hdom_parse(&dom, &doc->arena, html, n);
    nm_html_meta(&dom, page_url, page);
    nm_buf out;
    nm_buf_init(&out);
    nm_html_content(&dom, &out);
    /* pages built by JavaScript may carry the article only in their JSON-LD */
    if (out.len < 200 && page->jsonld_body && strlen(page->jsonld_body) > out.len + 100) {
        out.len = 0;
        nm_buf_puts(&out, page->jsonld_body);
    }
    page->text = nm_arena_strndup(&doc->arena, out.p ? out.p : "", out.len);
    page->text_len = out.len;
    if (out.oom) nm_doc_warn(doc, "out of memory while extracting the HTML text; text truncated");
    if (!out.len) nm_doc_warn(doc, "HTML page has no article text");
    nm_buf_free(&out);
    nm_hdom_free(&dom);
    free(utf8);
}

void nm_html_extract(nm_doc *doc, const char *html, size_t n, nm_html_page *page)
{
    nm_html_extract_url(doc, html, n, doc->url, page);
}
