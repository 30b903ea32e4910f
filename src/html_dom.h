/*
 * html_dom.h — the compact page tree the HTML extractor works on (internal to html*.c).
 *
 * Built from the SAX events of libxml2's HTML parser (see html_dom.c for why that parser) into the
 * document's arena: elements with the few attributes extraction needs, text nodes pointing into
 * one text pool. Script, style, comment and SVG contents are removed by a byte-level pre-pass
 * before parsing (JSON-LD scripts are kept aside for the metadata reader).
 */
#ifndef NM_HTML_DOM_H
#define NM_HTML_DOM_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Tags the extractor treats specially; everything else is H_OTHER (name kept). */
typedef enum {
    H_OTHER = 0, H_TEXT, H_HTML, H_HEAD, H_BODY, H_TITLE, H_META, H_LINK, H_P, H_DIV, H_SPAN, H_A, H_BR,
    H_H1, H_H2, H_H3, H_H4, H_H5, H_H6, H_UL, H_OL, H_LI, H_DL, H_DT, H_DD, H_BLOCKQUOTE, H_PRE, H_TABLE,
    H_TR, H_TD, H_TH, H_ARTICLE, H_SECTION, H_MAIN, H_NAV, H_HEADER, H_FOOTER, H_ASIDE, H_FORM, H_BUTTON,
    H_INPUT, H_SELECT, H_TEXTAREA, H_LABEL, H_FIGURE, H_FIGCAPTION, H_IMG, H_TIME, H_IFRAME, H_NOSCRIPT,
    H_HR, H_STRONG, H_B, H_EM, H_I, H_CENTER, H_FONT, H_SUP, H_SUB, H_SMALL, H_ADDRESS, H_CITE, H_Q,
    H_CODE, H_U, H_ABBR, H_MARK, H_DEL, H_INS, H_OPTION, H_VIDEO, H_AUDIO, H_PICTURE, H_SOURCE, H_OBJECT,
    H_MENU, H_DIALOG, H__COUNT
} nm_htag;

typedef struct nm_hattr {
    const char *name, *value;
} nm_hattr;

typedef struct nm_hnode nm_hnode;
struct nm_hnode {
    uint16_t tag;        /* nm_htag */
    uint16_t nattr;
    uint32_t text_off, text_len; /* H_TEXT: bytes in nm_hdom.pool */
    const char *name;    /* element name (lower case) */
    const char *cls;     /* class and id, lower case, space separated ("" when none) */
    nm_hattr *attr;
    nm_hnode *parent, *first, *last, *next, *prev;
    /* filled by the content scorer */
    uint32_t chars, link_chars; /* visible non-space bytes below, and those inside links */
    uint32_t nparas;            /* paragraph-like descendants with real text */
    float score;
    uint8_t drop;               /* boilerplate: never output */
    uint8_t scored;
    uint8_t clsf;               /* cached class-name verdict (html_content.c) */
};

typedef struct nm_hdom {
    nm_arena *arena;
    nm_hnode *root;      /* a synthetic document node */
    char *pool;          /* all text, entity-decoded UTF-8 (malloc'd; nm_hdom_free) */
    size_t pool_len, pool_cap;
    NM_VEC(const char *) jsonld;   /* NUL-terminated JSON-LD script bodies (arena) */
    NM_VEC(size_t) jsonld_len;
    size_t nelems;
} nm_hdom;

/* Parse UTF-8 HTML into dom (allocations in arena, text pool malloc'd). Never fails; a tree with
 * no elements is possible. */
void nm_hdom_parse(nm_hdom *dom, nm_arena *arena, const char *html, size_t n);
void nm_hdom_free(nm_hdom *dom);

/* Attribute value or NULL. */
const char *nm_hattr_get(const nm_hnode *e, const char *name);
/* Depth-first successor of e within the subtree of root (NULL at the end); skip_children skips e's. */
nm_hnode *nm_hnext(const nm_hnode *root, const nm_hnode *e, int skip_children);
/* Append the whitespace-collapsed text of e's subtree to out (nm_buf), stopping once out holds
 * max bytes or more (metadata readers only need a short text: this keeps them linear). */
struct nm_buf;
void nm_htext(const nm_hdom *dom, const nm_hnode *e, struct nm_buf *out, size_t max);
/* Whether word occurs in the class/id string, also as part of a name:
 * nm_hcls_has("article-body main", "body") is true. */
int nm_hcls_has(const char *cls, const char *word);

#endif
