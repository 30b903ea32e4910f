/*
 * html.c — HTML to article text. For now a tag-stripping reader: block elements become paragraph
 * breaks, script/style/nav/header/footer/aside content is dropped, character references are decoded,
 * <title> is kept. Main-content extraction with a real HTML5 parser replaces this (issue 8).
 */
#include "html.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "text.h"

static const char *const SKIP_TAGS[] = {"script", "style", "noscript", "nav", "header", "footer",
                                        "aside", "form", "template", "svg", "head", NULL};
static const char *const BLOCK_TAGS[] = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li",
                                         "ul", "ol", "blockquote", "section", "article", "tr", "table",
                                         "pre", "hr", "figure", "figcaption", "dd", "dt", NULL};

static int in_list(const char *name, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(*list, name, n) == 0) return 1;
    return 0;
}

/* Append the UTF-8 encoding of code point c. */
static void put_cp(nm_buf *b, uint32_t c)
{
    char u[4];
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c < 0x80) { u[0] = (char)c; nm_buf_put(b, u, 1); }
    else if (c < 0x800) { u[0] = (char)(0xC0 | (c >> 6)); u[1] = (char)(0x80 | (c & 63)); nm_buf_put(b, u, 2); }
    else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 63)); u[2] = (char)(0x80 | (c & 63));
        nm_buf_put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 63));
        u[2] = (char)(0x80 | ((c >> 6) & 63)); u[3] = (char)(0x80 | (c & 63));
        nm_buf_put(b, u, 4);
    }
}

static const struct { const char *name; uint32_t cp; } ENTITIES[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
    {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB}, {"raquo", 0xBB}, {"copy", 0xA9},
    {"euro", 0x20AC}, {"pound", 0xA3}, {"eacute", 0xE9}, {NULL, 0}};

/* Decode a character reference at s (after '&'); returns bytes consumed (0 = not a reference). */
static size_t decode_entity(const char *s, size_t n, nm_buf *b)
{
    if (n >= 2 && s[0] == '#') {
        size_t i = 1;
        uint32_t v = 0;
        int hex = (i < n && (s[i] == 'x' || s[i] == 'X'));
        if (hex) i++;
        size_t ds = i;
        while (i < n && i < 10 && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i]))) {
            char c = s[i];
            v = v * (hex ? 16 : 10) + (uint32_t)(isdigit((unsigned char)c) ? c - '0' : (tolower((unsigned char)c) - 'a' + 10));
            i++;
        }
        if (i == ds) return 0;
        if (i < n && s[i] == ';') i++;
        put_cp(b, v);
        return i;
    }
    for (int k = 0; ENTITIES[k].name; k++) {
        size_t l = strlen(ENTITIES[k].name);
        if (n > l && strncmp(s, ENTITIES[k].name, l) == 0 && s[l] == ';') {
            put_cp(b, ENTITIES[k].cp);
            return l + 1;
        }
    }
    return 0;
}

void nm_html_extract(nm_doc *doc, const char *h, size_t n, nm_html_page *page)
{
    memset(page, 0, sizeof *page);
    nm_buf out, title;
    nm_buf_init(&out);
    nm_buf_init(&title);
    int skip_depth = 0, in_title = 0;
    char skip_name[16] = "";
    for (size_t i = 0; i < n;) {
        char c = h[i];
        if (c == '<') {
            /* comments */
            if (n - i >= 4 && strncmp(h + i, "<!--", 4) == 0) {
                const char *e = NULL;
                for (size_t k = i + 4; k + 2 < n; k++)
                    if (h[k] == '-' && h[k + 1] == '-' && h[k + 2] == '>') { e = h + k; break; }
                i = e ? (size_t)(e - h) + 3 : n;
                continue;
            }
            size_t j = i + 1;
            int closing = 0;
            if (j < n && h[j] == '/') { closing = 1; j++; }
            size_t ns = j;
            while (j < n && (isalnum((unsigned char)h[j]) || h[j] == '-')) j++;
            size_t nl = j - ns;
            /* find the end of the tag, respecting quoted attribute values */
            char q = 0;
            while (j < n && (q || h[j] != '>')) {
                if (q) { if (h[j] == q) q = 0; }
                else if (h[j] == '"' || h[j] == '\'') q = h[j];
                j++;
            }
            size_t end = j < n ? j + 1 : n;
            if (nl == 0) { /* "<" not starting a tag, e.g. "a < b" or <!DOCTYPE> */
                if (ns < n && (h[ns] == '!' || h[ns] == '?')) { i = end; continue; }
                if (!skip_depth) nm_buf_putc(in_title ? &title : &out, '<');
                i++;
                continue;
            }
            const char *name = h + ns;
            if (skip_depth) {
                if (closing && nl == strlen(skip_name) && strncasecmp(name, skip_name, nl) == 0) skip_depth--;
                else if (!closing && nl == strlen(skip_name) && strncasecmp(name, skip_name, nl) == 0 &&
                         h[end - 2] != '/')
                    skip_depth++;
                i = end;
                continue;
            }
            if (nl == 5 && strncasecmp(name, "title", 5) == 0) { in_title = !closing; i = end; continue; }
            if (!closing && in_list(name, nl, SKIP_TAGS) && nl < sizeof skip_name && h[end - 2] != '/') {
                memcpy(skip_name, name, nl);
                skip_name[nl] = '\0';
                skip_depth = 1;
                i = end;
                continue;
            }
            if (in_list(name, nl, BLOCK_TAGS)) nm_buf_put(&out, "\n\n", 2);
            i = end;
            continue;
        }
        if (skip_depth) { i++; continue; }
        nm_buf *dst = in_title ? &title : &out;
        if (c == '&') {
            size_t used = decode_entity(h + i + 1, n - i - 1, dst);
            if (used) { i += used + 1; continue; }
        }
        /* collapse whitespace: newlines in HTML source are spaces */
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ' && dst->len && (dst->p[dst->len - 1] == ' ' || dst->p[dst->len - 1] == '\n')) { i++; continue; }
        nm_buf_putc(dst, c);
        i++;
    }
    page->text = nm_arena_strndup(&doc->arena, out.p ? out.p : "", out.len);
    page->text_len = out.len;
    if (title.len) page->title = nm_text_clean_line(&doc->arena, title.p, title.len);
    if (!out.len) nm_doc_warn(doc, "HTML page has no text");
    nm_buf_free(&out);
    nm_buf_free(&title);
}
