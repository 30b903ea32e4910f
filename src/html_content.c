/*
 * html_content.c — main-content extraction: which part of a page is the article body.
 *
 * 1. Drop what is never article text: navigation, forms, buttons, hidden elements, and blocks whose
 *    class/id names say boilerplate (share, related, comments, cookie/consent, newsletter, ads ...).
 * 2. Score containers by the paragraphs they hold (text length, commas), discounted by link
 *    density, with bonuses for <article>, itemprop=articleBody and content-like class names.
 * 3. Take the best container (and siblings that score nearly as well), then write its blocks —
 *    paragraphs, headings, list items, block quotes, embedded posts — one per line with a blank
 *    line between blocks, skipping link lists and short boilerplate lines inside it.
 * 4. If that yields almost nothing, fall back to all remaining body blocks.
 */
#include "html_content.h"

#include <string.h>
#include <strings.h>

#include "buf.h"

static int is_block(int tag)
{
    switch (tag) {
    case H_P: case H_DIV: case H_H1: case H_H2: case H_H3: case H_H4: case H_H5: case H_H6: case H_UL:
    case H_OL: case H_LI: case H_DL: case H_DT: case H_DD: case H_BLOCKQUOTE: case H_PRE: case H_TABLE:
    case H_TR: case H_TD: case H_TH: case H_ARTICLE: case H_SECTION: case H_MAIN: case H_HEADER:
    case H_FOOTER: case H_ASIDE: case H_NAV: case H_FORM: case H_FIGURE: case H_FIGCAPTION: case H_HR:
    case H_ADDRESS: case H_CENTER: case H_BODY: case H_HTML: case H_MENU:
        return 1;
    default:
        return 0;
    }
}

/* Whether cls has a name part equal to (exact) or starting with (prefix) w[0..n). */
static int cls_part_match(const char *cls, const char *w, size_t n, int prefix)
{
    const char *p = cls;
    while (*p) {
        while (*p == ' ' || *p == '-' || *p == '_') p++;
        const char *st = p;
        while (*p && *p != ' ' && *p != '-' && *p != '_') p++;
        size_t l = (size_t)(p - st);
        if ((prefix ? l >= n : l == n) && l && memcmp(st, w, n) == 0) return 1;
    }
    return 0;
}

static int cls_any(const char *cls, const char *const *words)
{
    for (; *words; words++) {
        const char *w = *words;
        if (w[0] == '=' || w[0] == '^') {
            if (cls_part_match(cls, w + 1, strlen(w + 1), w[0] == '^')) return 1;
        } else if (strstr(cls, w)) {
            return 1;
        }
    }
    return 0;
}

/* Boilerplate names. A pattern matches the lower-cased class/id string as a substring, except
 * that a pattern starting with '=' must equal a whole name part (parts are split at space, '-'
 * and '_'), and one starting with '^' must begin a part: short words like "tags" or "pager"
 * are parts of too many innocent names ("pagebuilder-pagerow") to match anywhere. */
static const char *const BOILER_STRONG[] = {
    "comment", "related", "^share", "sharing", "social", "cookie", "consent", "gdpr", "newsletter", "subscri",
    "outbrain", "taboola", "disqus", "breadcrumb", "^promo", "sponsor", "recommend", "signup", "sign-up",
    "=popup", "=modal", "paywall", "more-stories", "read-more", "readmore", "most-popular", "mostpopular",
    "trending", "sidebar", "skyscraper", "advert", "=login", "^follow", "toolbar", "=byline", "author-bio",
    "=tags", "=tag", "=topics", "pagination", "=pager", "=print", "=rating", "navigation", "=nav", "=navbar",
    "masthead", "site-header", "site-footer", "footer", "copyright", "caption", "credit", "author-box", "authorbox", "about-author", "author-info", "=bio", "^widget",
    "=banner", "=dateline", "=timestamp", "post-meta", "entry-meta", "article-meta", "inline-ad",
    "ad-container", "ad-slot", "adslot", "adunit", "ad-unit", "=dfp", "=hidden", "visually-hidden", "=sr-only",
    "screen-reader", "=ad", "=ads", "=adv", "advertisement", "=sponsored", "rollover", "tooltip", "popover",
    NULL};
/* Names that mark boilerplate only for small blocks. */
static const char *const BOILER_WEAK[] = {"header", "^menu", "=extra", "^tool", "=meta", "^contact", "utility",
                                          "=rail", "=aside", "^teaser", "=card", "=list", NULL};
/* Names that suggest the article body. */
static const char *const CONTENT_NAMES[] = {"article", "body", "content", "entry", "post", "story", "text",
                                            "main", "blog", "hentry", NULL};
static const char *const BODY_NAMES[] = {"articlebody", "article-body", "article__body", "article_body",
                                         "story-body", "storybody", "entry-content", "post-content",
                                         "article-content", "articlecontent", "story-content", "post-body",
                                         "article-text", "articletext", "story-text", "body-text", "postbody",
                                         "entry-body", "article__content", "content-body", "text-body",
                                         "main-content", "rich-text", "richtext", NULL};

/* Pass 1: elements never part of an article, by tag and attributes. */
static int drop_by_tag(const nm_hnode *e)
{
    switch (e->tag) {
    case H_HEAD: case H_TITLE: case H_META: case H_LINK: case H_NAV: case H_ASIDE: case H_BUTTON:
    case H_INPUT: case H_SELECT: case H_TEXTAREA: case H_IFRAME: case H_NOSCRIPT: case H_MENU: case H_DIALOG:
    case H_FIGCAPTION: case H_OPTION: case H_LABEL: case H_VIDEO: case H_AUDIO: case H_OBJECT: case H_H1:
        return 1;
    default: break;
    }
    if (e->tag == H_OTHER && e->name && (!strcmp(e->name, "style") || !strcmp(e->name, "script"))) return 1;
    /* a <time> standing on its own is the page's date line, not article text */
    if (e->tag == H_TIME && e->parent && (e->parent->tag == H_DIV || e->parent->tag == H_SECTION ||
                                          e->parent->tag == H_ARTICLE || e->parent->tag == H_HEADER ||
                                          e->parent->tag == H_MAIN || e->parent->tag == H_BODY))
        return 1;
    for (uint16_t i = 0; i < e->nattr; i++) {
        const char *n = e->attr[i].name, *v = e->attr[i].value;
        if (n[0] == 'h' && !strcmp(n, "hidden")) return 1;
        if (n[0] == 'a' && !strcmp(n, "aria-hidden") && !strcmp(v, "true")) return 1;
        if (n[0] == 's' && !strcmp(n, "style") &&
            (strstr(v, "display:none") || strstr(v, "display: none") || strstr(v, "visibility:hidden")))
            return 1;
        if (n[0] == 'r' && !strcmp(n, "role") &&
            (!strcmp(v, "navigation") || !strcmp(v, "complementary") || !strcmp(v, "contentinfo") ||
             !strcmp(v, "menu") || !strcmp(v, "dialog") || !strcmp(v, "banner") || !strcmp(v, "alert")))
            return 1;
    }
    return 0;
}

enum { CLS_DONE = 1, CLS_STRONG = 2, CLS_WEAK = 4, CLS_CONTENT = 8, CLS_BODY = 16, CLS_EMBED = 32 };

/* What an element's class/id names say, computed once per element. */
static unsigned cls_flags(nm_hnode *e)
{
    if (!(e->clsf & CLS_DONE)) {
        unsigned f = CLS_DONE;
        if (e->cls[0]) {
            if (cls_any(e->cls, BOILER_STRONG)) f |= CLS_STRONG;
            else if (cls_any(e->cls, BOILER_WEAK)) f |= CLS_WEAK;
            if (cls_any(e->cls, CONTENT_NAMES)) f |= CLS_CONTENT;
            if (cls_any(e->cls, BODY_NAMES)) f |= CLS_BODY;
            if (strstr(e->cls, "embed") || strstr(e->cls, "tweet") || strstr(e->cls, "instagram-media")) f |= CLS_EMBED;
        }
        if (e->nattr) {
            const char *ip = nm_hattr_get(e, "itemprop");
            if (ip && strstr(ip, "articleBody")) f |= CLS_BODY;
        }
        e->clsf = (uint8_t)f;
    }
    return e->clsf;
}


/* Pre-order list of the live (not dropped) elements under root. */
typedef NM_VEC(nm_hnode *) node_vec;

static void collect(nm_arena *a, nm_hnode *root, node_vec *v)
{
    v->n = 0;
    for (nm_hnode *e = root; e; e = nm_hnext(root, e, e->drop)) {
        if (e->drop) continue;
        NM_VEC_PUSH(a, *v, e);
    }
}

static uint32_t text_chars(const nm_hdom *dom, const nm_hnode *t)
{
    uint32_t c = 0;
    const char *s = dom->pool + t->text_off;
    for (uint32_t i = 0; i < t->text_len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r' && (ch & 0xC0) != 0x80) c++;
    }
    return c;
}

/* chars / link_chars of every live node (children first: reverse pre-order). */
static void count(const nm_hdom *dom, node_vec *v)
{
    for (size_t i = 0; i < v->n; i++) v->v[i]->chars = v->v[i]->link_chars = 0;
    for (size_t i = v->n; i-- > 0;) {
        nm_hnode *e = v->v[i];
        if (e->tag == H_TEXT) e->chars = text_chars(dom, e);
        if (e->tag == H_A) e->link_chars = e->chars;
        if (e->parent) {
            e->parent->chars += e->chars;
            e->parent->link_chars += e->link_chars;
        }
    }
}

static float link_density(const nm_hnode *e) { return e->chars ? (float)e->link_chars / (float)e->chars : 0.f; }

/* Pass 2: boilerplate by class/id name, once sizes are known. */
static void drop_by_name(node_vec *v, uint32_t total)
{
    for (size_t i = 0; i < v->n; i++) {
        nm_hnode *e = v->v[i];
        if (e->tag == H_TEXT || !e->cls[0] || e->tag == H_BODY || e->tag == H_HTML) continue;
        if (e->parent && e->parent->drop) { e->drop = 1; continue; } /* pre-order: parents first */
        if (e->chars == 0) continue; /* nothing to lose or keep */
        unsigned f = cls_flags(e);
        if (f & (CLS_BODY | CLS_EMBED)) continue;
        int strong = (f & CLS_STRONG) != 0;
        int weak = (f & CLS_WEAK) != 0;
        if (!strong && !weak) continue;
        int contentish = (f & CLS_CONTENT) != 0;
        /* a big block with a content-like name (e.g. "article-content has-sidebar") stays */
        if (contentish && e->chars > total / 4) continue;
        /* layout wrappers named after what sits beside them ("has-sidebar", "elementor-widget-wrap",
         * "page-ad-margins") hold most of the page's text: names alone cannot condemn them */
        if (e->chars * 10 > total * 4 && link_density(e) < 0.35f) continue;
        if (weak && (e->chars > 300 && link_density(e) < 0.5f)) continue;
        e->drop = 1;
    }
}

static uint32_t count_commas(const nm_hdom *dom, const nm_hnode *e)
{
    uint32_t c = 0;
    for (const nm_hnode *t = e->first; t; t = t->next) {
        if (t->tag != H_TEXT) continue;
        const char *s = dom->pool + t->text_off;
        for (uint32_t i = 0; i < t->text_len; i++) c += s[i] == ',';
    }
    return c;
}

/* Whether e holds no block children (it is a paragraph in its own right). */
static int is_leaf_block(const nm_hnode *e)
{
    for (const nm_hnode *c = e->first; c; c = c->next)
        if (!c->drop && is_block(c->tag) && c->tag != H_HR) return 0;
    return 1;
}

static float tag_prior(const nm_hnode *e)
{
    switch (e->tag) {
    case H_DIV: case H_ARTICLE: case H_MAIN: case H_SECTION: return 5;
    case H_PRE: case H_TD: case H_BLOCKQUOTE: return 3;
    case H_ADDRESS: case H_OL: case H_UL: case H_DL: case H_DD: case H_DT: case H_LI: case H_FORM: return -3;
    case H_H1: case H_H2: case H_H3: case H_H4: case H_H5: case H_H6: case H_TH: return -5;
    default: return 0;
    }
}

static float name_weight(nm_hnode *e)
{
    float w = 0;
    unsigned f = cls_flags(e);
    if (e->tag == H_ARTICLE) w += 15;
    if (f & CLS_BODY) w += 40;
    if (f & CLS_CONTENT) w += 15;
    if (f & CLS_WEAK) w -= 15;
    return w;
}

static void add_score(nm_hnode *e, float s)
{
    if (!e->scored) {
        e->scored = 1;
        e->score = tag_prior(e) + name_weight(e);
    }
    e->score += s;
}

/* The paragraphs: leaf blocks with enough text. Their scores flow to the ancestors. */
static void score(const nm_hdom *dom, node_vec *v)
{
    for (size_t i = 0; i < v->n; i++) {
        nm_hnode *e = v->v[i];
        if (e->tag == H_TEXT || !is_block(e->tag)) continue;
        if (e->tag == H_UL || e->tag == H_OL || e->tag == H_TABLE || e->tag == H_TR || e->tag == H_DL) continue;
        uint32_t own;
        nm_hnode *first_scored = e->parent;
        if (is_leaf_block(e)) {
            own = e->chars - e->link_chars;
        } else {
            /* text written straight into a container between its blocks (<div>text<br>text<div>..)
             * is a paragraph of that container */
            own = 0;
            for (const nm_hnode *c = e->first; c; c = c->next)
                if (!c->drop && (c->tag == H_TEXT || !is_block(c->tag))) own += c->chars - c->link_chars;
            first_scored = e;
        }
        if (own < 25) continue;
        float s = 1.f + (float)count_commas(dom, e) + (float)(own / 100 > 3 ? 3 : own / 100);
        int level = 0;
        for (nm_hnode *a = first_scored; a && level < 5; a = a->parent, level++) {
            if (a->tag == H_OTHER && a->name && a->name[0] == '#') break;
            float div = level == 0 ? 1.f : level == 1 ? 2.f : (float)level * 3.f;
            add_score(a, s / div);
            a->nparas++;
        }
    }
}

/* ---- output ---- */

typedef struct writer {
    const nm_hdom *dom;
    nm_buf *out;
    nm_buf para;     /* the block being collected */
} writer;

static int boiler_line(const char *s, size_t n)
{
    static const char *const LINES[] = {"advertisement", "advertisement:", "continue reading", "read more", "share",
                                        "share this", "share this article", "story continues below",
                                        "story continues below advertisement", "related", "related articles",
                                        "related stories", "skip to content", "sign up", "subscribe", "loading...",
                                        "scroll to continue with content", "ad", "click here", "follow us", "comments",
                                        "read next", "recommended", "you may also like", "more", "image", "photo",
                                        "close", "play", "video", "menu", "print", "email", "tweet", "facebook",
                                        "twitter", "whatsapp", "linkedin", "pinterest", "reddit", "advert",
                                        "this slideshow requires javascript.", "breaking news", "listen",
                                        "listen to this article", "view comments", "comment", "next", "previous",
                                        "learn more", "related news", "related content", "related posts",
                                        "related coverage", "more stories", "top stories", "trending now", "most read",
                                        "most popular", "editor's picks", "recommended for you", NULL};
    for (int i = 0; LINES[i]; i++)
        if (strlen(LINES[i]) == n && strncasecmp(LINES[i], s, n) == 0) return 1;
    /* counters and icons: "6", "12 >", "|" — no letters in a very short line */
    if (n < 8) {
        int letters = 0;
        for (size_t i = 0; i < n; i++) letters += ((unsigned char)s[i] >= 0x80) || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z');
        if (!letters) return 1;
    }
    return 0;
}

/* Short paragraphs that ask the reader to do something are the site talking, not the story. */
static int boiler_phrase(const char *s, size_t n)
{
    static const char *const PHRASES[] = {"subscribe to", "sign up for", "newsletter", "may be reached at",
                                          "follow us on", "click here to", "all rights reserved",
                                          "this material may not be published", "have a tip?",
                                          "get the latest updates", "download our app", "filed under:",
                                          "if you enjoyed this article", NULL};
    if (n > 200) return 0;
    /* date and byline lines: "Posted: Fri 6:45 PM, Feb 16, 2018", "Updated 10:43", "By JANE DOE STAFF" */
    if (n < 80 && (strncasecmp(s, "posted", 6) == 0 || strncasecmp(s, "updated", 7) == 0 ||
                   strncasecmp(s, "published", 9) == 0 || strncasecmp(s, "last updated", 12) == 0))
        return 1;
    if (n < 60 && strncmp(s, "By ", 3) == 0 && s[n - 1] != '.' && s[3] >= 'A' && s[3] <= 'Z') return 1;
    char low[208];
    for (size_t i = 0; i < n; i++) low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    low[n] = '\0';
    for (int i = 0; PHRASES[i]; i++)
        if (strstr(low, PHRASES[i])) return 1;
    /* "Follow us on Facebook, Twitter and Instagram" */
    static const char *const NETWORKS[] = {"facebook", "twitter", "instagram", "youtube", "linkedin", "whatsapp", NULL};
    int nets = 0;
    for (int i = 0; NETWORKS[i]; i++) nets += strstr(low, NETWORKS[i]) != NULL;
    return nets >= 2 && (strstr(low, "follow") || strstr(low, "like us") || strstr(low, "join us") || strstr(low, "find us"));
}

static void flush(writer *w)
{
    nm_buf *p = &w->para;
    size_t s = 0, e = p->len;
    while (s < e && (p->p[s] == ' ' || p->p[s] == '\n')) s++;
    while (e > s && (p->p[e - 1] == ' ' || p->p[e - 1] == '\n')) e--;
    if (e > s && !boiler_line(p->p + s, e - s) && !boiler_phrase(p->p + s, e - s)) {
        if (w->out->len) nm_buf_put(w->out, "\n\n", 2);
        /* a line break inside a block stays a single line break; trim spaces around it */
        for (size_t i = s; i < e; i++) {
            char c = p->p[i];
            if (c == '\n') {
                while (w->out->len && w->out->p[w->out->len - 1] == ' ') w->out->len--;
                if (w->out->len && w->out->p[w->out->len - 1] == '\n') continue;
                nm_buf_putc(w->out, '\n');
                while (i + 1 < e && p->p[i + 1] == ' ') i++;
                continue;
            }
            nm_buf_putc(w->out, c);
        }
    }
    p->len = 0;
}

static void put_text(writer *w, const nm_hnode *t)
{
    const char *s = w->dom->pool + t->text_off;
    nm_buf *p = &w->para;
    for (uint32_t i = 0; i < t->text_len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            if (p->len && p->p[p->len - 1] != ' ' && p->p[p->len - 1] != '\n') nm_buf_putc(p, ' ');
        } else {
            nm_buf_putc(p, (char)c);
        }
    }
}

/* Whether a block inside the chosen region is a link list or navigation remnant to skip. */
static int skip_in_region(const nm_hnode *e)
{
    if (e->drop) return 1;
    if (e->tag == H_TEXT) return 0;
    if (e->chars == 0) return e->tag != H_BR && e->tag != H_IMG;
    float ld = link_density(e);
    if ((e->tag == H_UL || e->tag == H_OL) && ld > 0.6f) return 1;
    /* a heading that is a link (product round-ups, "Read: ..." cross-heads) is still a heading;
     * link lists are caught by their list or by their container */
    int heading = e->tag >= H_H2 && e->tag <= H_H6 && !(e->parent && e->parent->tag == H_LI);
    if (is_block(e->tag) && e->tag != H_P && !heading && ld > 0.65f && e->chars < 400) return 1;
    if (e->tag == H_P && ld > 0.8f && e->chars < 200) return 1;
    return 0;
}

static void write_region(writer *w, const nm_hnode *root)
{
    const nm_hnode *e = root;
    while (e) {
        int skip = skip_in_region(e);
        if (!skip) {
            if (e->tag == H_TEXT) put_text(w, e);
            else if (e->tag == H_BR) nm_buf_putc(&w->para, '\n');
            else if (e->tag == H_TD || e->tag == H_TH) nm_buf_putc(&w->para, ' '); /* a row is one line */
            else if (is_block(e->tag)) flush(w);
        }
        /* descend, or move on and close the blocks we leave */
        if (!skip && e->first) { e = e->first; continue; }
        while (e && e != root) {
            if (is_block(e->tag) && e->tag != H_TD && e->tag != H_TH) flush(w);
            if (e->next) { e = e->next; break; }
            e = e->parent;
            if (e == root) { e = NULL; break; }
        }
        if (e == root) e = NULL;
    }
    flush(w);
}

static nm_hnode *find_tag(nm_hnode *root, int tag)
{
    for (nm_hnode *e = root; e; e = nm_hnext(root, e, 0))
        if (e->tag == tag) return e;
    return NULL;
}

void nm_html_content(nm_hdom *dom, nm_buf *out)
{
    nm_arena *a = dom->arena;
    nm_hnode *body = find_tag(dom->root, H_BODY);
    if (!body) body = dom->root;
    for (nm_hnode *e = body; e; e = nm_hnext(body, e, e->drop))
        if (e->tag != H_TEXT && e != body && drop_by_tag(e)) e->drop = 1;
    node_vec v = {0};
    collect(a, body, &v);
    count(dom, &v);
    drop_by_name(&v, body->chars);
    collect(a, body, &v);
    count(dom, &v);
    score(dom, &v);

    /* the best candidate */
    nm_hnode *top = NULL;
    float best = 0;
    for (size_t i = 0; i < v.n; i++) {
        nm_hnode *e = v.v[i];
        if (!e->scored) continue;
        e->score *= 1.f - link_density(e);
        if (!top || e->score > best) { top = e; best = e->score; }
    }
    writer w = {dom, out, {0}};
    nm_buf_init(&w.para);
    if (top) {
        /* a lone child says nothing about its parent's siblings: look from the outermost wrapper */
        while (top->parent && top->parent != body && top->parent->chars <= top->chars + 20 &&
               top->parent->tag != H_OTHER)
            top = top->parent;
        nm_hnode *parent = top->parent;
        float threshold = best * 0.2f > 10.f ? best * 0.2f : 10.f;
        if (!parent) write_region(&w, top);
        else {
            for (nm_hnode *s = parent->first; s; s = s->next) {
                if (s->drop) continue;
                int take = s == top;
                if (!take && s->tag != H_TEXT) {
                    float bonus = (top->cls[0] && s->cls[0] && !strcmp(top->cls, s->cls)) ? best * 0.2f : 0.f;
                    if (s->scored && s->score + bonus >= threshold) take = 1;
                    /* the article continued in a sibling block of the same kind (sections split by
                     * figures), whose paragraphs sit too deep to have scored it */
                    else if (bonus > 0 && s->chars > 100 && link_density(s) < 0.3f) take = 1;
                    else if (s->tag == H_P) {
                        float ld = link_density(s);
                        if (s->chars > 80 && ld < 0.25f) take = 1;
                    }
                }
                if (take) write_region(&w, s);
            }
        }
    }
    if (out->len < 200) {
        out->len = 0;
        write_region(&w, body);
    }
    nm_buf_free(&w.para);
}
