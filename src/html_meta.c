/*
 * html_meta.c — page metadata: title, publication and modification dates, authors, site name,
 * language, canonical URL, description, main image.
 *
 * Publication date, in order of trust (the first that gives a valid, plausible date wins, and its
 * source is recorded): JSON-LD datePublished; <meta> tags (article:published_time and the other
 * publishers' names, see DATE_METAS); itemprop=datePublished; <time datetime> marked as the
 * publication time, then the first <time datetime> in the body; a date in the URL path; a visible
 * date line ("Published Nov. 19, 2019") in a date-like element. Modified dates are read only from
 * the structured sources (dateModified, article:modified_time) — "updated" lines are never taken as
 * the publication date, the classic mistake of naive extractors.
 */
#include "html_meta.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "text.h"

/* ---- dates ---- */

static int month_of(const char *s, size_t n)
{
    static const char *const M[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3) return 0;
    for (int i = 0; i < 12; i++)
        if (strncasecmp(s, M[i], 3) == 0) {
            /* the rest must be the month's letters or an abbreviation ("Sept", "Nov.") */
            static const char *const FULL[] = {"january", "february", "march", "april", "may", "june", "july",
                                               "august", "september", "october", "november", "december"};
            if (n > strlen(FULL[i]) || strncasecmp(s, FULL[i], n) != 0) {
                if (!(i == 8 && n == 4 && strncasecmp(s, "sept", 4) == 0)) return 0;
            }
            return i + 1;
        }
    return 0;
}

static int valid_ymd(int y, int m, int d)
{
    static const int md[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1990 || y > 2099 || m < 1 || m > 12 || d < 1 || d > md[m - 1]) return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    return 1;
}

static int num_at(const char *s, size_t n, size_t i, size_t len, int *v)
{
    if (i + len > n) return 0;
    int x = 0;
    for (size_t k = 0; k < len; k++) {
        if (!isdigit((unsigned char)s[i + k])) return 0;
        x = x * 10 + (s[i + k] - '0');
    }
    if (i + len < n && isdigit((unsigned char)s[i + len])) return 0;
    *v = x;
    return 1;
}

int nm_html_parse_date(const char *s, size_t n, int *Y, int *M, int *D)
{
    if (!s) return 0;
    /* ISO: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD at the start (after spaces) */
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i])) i++;
    int y, m, d;
    if (i + 10 <= n && num_at(s, n, i, 4, &y) && (s[i + 4] == '-' || s[i + 4] == '/' || s[i + 4] == '.')) {
        char sep = s[i + 4];
        size_t j = i + 5, ml = (j + 1 < n && isdigit((unsigned char)s[j + 1])) ? 2 : 1;
        if (num_at(s, n, j, ml, &m) && j + ml < n && s[j + ml] == sep) {
            size_t k = j + ml + 1, dl = (k + 1 < n && isdigit((unsigned char)s[k + 1])) ? 2 : 1;
            if (num_at(s, n, k, dl, &d) && valid_ymd(y, m, d)) { *Y = y; *M = m; *D = d; return 1; }
        }
    }
    if (i + 8 <= n && num_at(s, n, i, 8, &y)) {
        int yy = y / 10000, mm = y / 100 % 100, dd = y % 100;
        if (valid_ymd(yy, mm, dd)) { *Y = yy; *M = mm; *D = dd; return 1; }
    }
    /* textual: "November 19, 2019", "Nov. 19 2019", "19 November 2019", "Tue, 19 Nov 2019",
     * numeric "11/19/2019" (US order unless the first number cannot be a month) */
    for (size_t p = 0; p < n; p++) {
        if (p && isalnum((unsigned char)s[p - 1])) continue;
        if (isalpha((unsigned char)s[p])) {
            size_t q = p;
            while (q < n && isalpha((unsigned char)s[q])) q++;
            int mon = month_of(s + p, q - p);
            if (!mon) continue;
            size_t r = q;
            while (r < n && (s[r] == '.' || s[r] == ' ' || s[r] == ',')) r++;
            size_t dl = (r + 1 < n && isdigit((unsigned char)s[r + 1])) ? 2 : 1;
            if (num_at(s, n, r, dl, &d)) {
                size_t t = r + dl;
                if (t + 1 < n && (!strncasecmp(s + t, "st", 2) || !strncasecmp(s + t, "nd", 2) ||
                                  !strncasecmp(s + t, "rd", 2) || !strncasecmp(s + t, "th", 2)))
                    t += 2;
                while (t < n && (s[t] == ',' || s[t] == ' ' || s[t] == '.')) t++;
                if (num_at(s, n, t, 4, &y) && valid_ymd(y, mon, d)) { *Y = y; *M = mon; *D = d; return 1; }
            }
        } else if (isdigit((unsigned char)s[p])) {
            size_t dl = (p + 1 < n && isdigit((unsigned char)s[p + 1])) ? 2 : 1;
            int a;
            if (!num_at(s, n, p, dl, &a)) continue;
            size_t q = p + dl;
            /* "19 November 2019", "19. November 2019" */
            size_t r = q;
            while (r < n && (s[r] == ' ' || s[r] == '.' || s[r] == '-')) r++;
            size_t e = r;
            while (e < n && isalpha((unsigned char)s[e])) e++;
            int mon = e > r ? month_of(s + r, e - r) : 0;
            if (mon) {
                while (e < n && (s[e] == ' ' || s[e] == '.' || s[e] == ',' || s[e] == '-')) e++;
                if (num_at(s, n, e, 4, &y) && valid_ymd(y, mon, a)) { *Y = y; *M = mon; *D = a; return 1; }
                continue;
            }
            if (q < n && (s[q] == '/' || s[q] == '.' || s[q] == '-')) {
                char sep = s[q];
                size_t bl = (q + 2 < n && isdigit((unsigned char)s[q + 2])) ? 2 : 1;
                int b;
                if (num_at(s, n, q + 1, bl, &b) && q + 1 + bl < n && s[q + 1 + bl] == sep &&
                    num_at(s, n, q + 2 + bl, 4, &y)) {
                    /* dots and dashes: day first (European); slashes: month first unless impossible */
                    if (sep == '/' && a <= 12 && valid_ymd(y, a, b)) { *Y = y; *M = a; *D = b; return 1; }
                    if (valid_ymd(y, b, a)) { *Y = y; *M = b; *D = a; return 1; }
                }
            }
        }
    }
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int url_date(const char *u, int *Y, int *M, int *D)
{
    if (!u) return 0;
    size_t n = strlen(u);
    for (size_t i = 0; i + 8 <= n; i++) {
        if (u[i] != '/' && u[i] != '-' && u[i] != '_') continue;
        int y, m, d;
        size_t j = i + 1;
        if (num_at(u, n, j, 4, &y) && j + 4 < n && (u[j + 4] == '/' || u[j + 4] == '-' || u[j + 4] == '_')) {
            char sep = u[j + 4];
            if (num_at(u, n, j + 5, 2, &m) && j + 7 < n && u[j + 7] == sep && num_at(u, n, j + 8, 2, &d) &&
                valid_ymd(y, m, d)) {
                *Y = y; *M = m; *D = d;
                return 1;
            }
        }
        /* "/2019/nov/18/" */
        if (num_at(u, n, j, 4, &y) && j + 4 < n && u[j + 4] == '/') {
            size_t k = j + 5, e = k;
            while (e < n && isalpha((unsigned char)u[e])) e++;
            int mon = e > k ? month_of(u + k, e - k) : 0;
            if (mon && e < n && u[e] == '/' && (num_at(u, n, e + 1, 2, &d) || num_at(u, n, e + 1, 1, &d)) &&
                valid_ymd(y, mon, d)) {
                *Y = y; *M = mon; *D = d;
                return 1;
            }
        }
        if (num_at(u, n, j, 8, &y)) {
            int yy = y / 10000, mm = y / 100 % 100, dd = y % 100;
            if (valid_ymd(yy, mm, dd)) { *Y = yy; *M = mm; *D = dd; return 1; }
        }
    }
    return 0;
}

/* ---- helpers ---- */

static char *clean(nm_arena *a, const char *s)
{
    return s ? nm_text_clean_line(a, s, strlen(s)) : NULL;
}

static char *node_text(const nm_hdom *dom, const nm_hnode *e)
{
    nm_buf b;
    nm_buf_init(&b);
    nm_htext(dom, e, &b, 1024);
    char *r = b.len ? nm_text_clean_line(dom->arena, b.p, b.len) : NULL;
    nm_buf_free(&b);
    return r;
}

/* Metadata gathered before the decision: each field with the best source seen so far. */
typedef struct meta_acc {
    const char *og_title, *tw_title, *ld_headline, *title_tag, *h1;
    const char *site, *ld_publisher;
    const char *desc, *og_desc;
    const char *image, *ld_image;
    const char *canonical, *og_url;
    const char *lang, *og_locale;
    const char *ld_pub, *ld_mod, *ld_body;
    const char *meta_pub; int meta_pub_rank;
    const char *meta_mod;
    const char *itemprop_pub, *itemprop_mod;
    const char *time_pub, *time_first;
    const char *authors[24]; int nauthors;
    int author_tier[24];     /* AUTHOR_* : where each candidate came from */
    int author_nodes;        /* author elements examined (bounded: each costs a subtree walk) */
} meta_acc;

/* Author sources, most trusted first; only the best tier that yields a clean name is used, so a
 * page's JSON-LD author is not diluted by rel=author links in a "more from" list. */
enum { AUTHOR_JSONLD = 0, AUTHOR_META, AUTHOR_ITEMPROP, AUTHOR_LINK, AUTHOR_TIERS };

/* Meta names that carry the publication date, most trusted first. */
static const char *const DATE_METAS[] = {
    "article:published_time", "og:published_time", "article:published", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "published_time", "published-date", "sailthru.date",
    "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
    "dc.date", "dcterms.date", "date", "article.published", "og:pubdate", "cxenseparse:recs:publishtime",
    "originalpublicationdate", "article_date_original", "displaydate", "dc.date.published", "citation_publication_date",
    "citation_date", "rnews:datepublished", "datecreated", NULL};

static void add_author(meta_acc *m, const char *s, int tier)
{
    if (s && *s && m->nauthors < 24) {
        m->author_tier[m->nauthors] = tier;
        m->authors[m->nauthors++] = s;
    }
}

/* Inside a comment thread (commenters are not the article's authors)? */
static int in_comments(const nm_hnode *e)
{
    for (; e; e = e->parent)
        if (e->cls && e->cls[0] && strstr(e->cls, "comment")) return 1;
    return 0;
}

/* ---- JSON-LD ---- */

static const char *json_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_array(v) && json_array_size(v) > 0 && json_is_string(json_array_get(v, 0)))
        return json_string_value(json_array_get(v, 0));
    return NULL;
}

static const char *json_name_or_url(json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_object(v)) {
        const char *s = json_str(v, "name");
        if (!s) s = json_str(v, "url");
        return s;
    }
    if (json_is_array(v) && json_array_size(v) > 0) return json_name_or_url(json_array_get(v, 0));
    return NULL;
}

static int type_is_article(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    const char *s = NULL;
    if (json_is_string(t)) s = json_string_value(t);
    else if (json_is_array(t)) {
        for (size_t i = 0; i < json_array_size(t); i++)
            if (json_is_string(json_array_get(t, i))) {
                const char *x = json_string_value(json_array_get(t, i));
                if (strstr(x, "Article") || strstr(x, "BlogPosting") || strstr(x, "Report")) return 2;
            }
        return 0;
    }
    if (!s) return 0;
    if (strstr(s, "Article") || strstr(s, "BlogPosting") || strstr(s, "Report") || !strcmp(s, "LiveBlogPosting")) return 2;
    if (strstr(s, "WebPage") || !strcmp(s, "CreativeWork") || !strcmp(s, "VideoObject")) return 1;
    return 0;
}

static void ld_object(nm_arena *a, json_t *o, meta_acc *m, int depth)
{
    if (depth > 8) return;
    if (json_is_array(o)) {
        for (size_t i = 0; i < json_array_size(o); i++) ld_object(a, json_array_get(o, i), m, depth + 1);
        return;
    }
    if (!json_is_object(o)) return;
    json_t *g = json_object_get(o, "@graph");
    if (g) ld_object(a, g, m, depth + 1);
    int kind = type_is_article(o);
    if (kind) {
        const char *p = json_str(o, "datePublished");
        if (!p) p = json_str(o, "dateCreated");
        /* an article's date beats a WebPage's; keep the first of the better kind */
        if (p && (!m->ld_pub || kind == 2)) {
            if (!m->ld_pub || kind == 2) m->ld_pub = nm_arena_strndup(a, p, strlen(p));
        }
        const char *md = json_str(o, "dateModified");
        if (md && !m->ld_mod) m->ld_mod = nm_arena_strndup(a, md, strlen(md));
        if (kind == 2) {
            const char *h = json_str(o, "headline");
            if (!h) h = json_str(o, "name");
            if (h && !m->ld_headline) m->ld_headline = clean(a, h);
            const char *ab = json_str(o, "articleBody");
            if (ab && !m->ld_body) m->ld_body = nm_arena_strndup(a, ab, strlen(ab));
            const char *dsc = json_str(o, "description");
            if (dsc && !m->desc) m->desc = clean(a, dsc);
            json_t *au = json_object_get(o, "author");
            if (!au) au = json_object_get(o, "creator");
            if (json_is_array(au)) {
                for (size_t i = 0; i < json_array_size(au); i++) {
                    json_t *x = json_array_get(au, i);
                    const char *nm = json_is_object(x) ? json_str(x, "name") : json_is_string(x) ? json_string_value(x) : NULL;
                    add_author(m, clean(a, nm), AUTHOR_JSONLD);
                }
            } else if (au) {
                const char *nm = json_is_object(au) ? json_str(au, "name") : json_is_string(au) ? json_string_value(au) : NULL;
                add_author(m, clean(a, nm), AUTHOR_JSONLD);
            }
            json_t *im = json_object_get(o, "image");
            const char *iu = json_name_or_url(im);
            if (json_is_object(im) || (json_is_array(im) && json_is_object(json_array_get(im, 0)))) {
                json_t *io = json_is_array(im) ? json_array_get(im, 0) : im;
                iu = json_str(io, "url");
                if (!iu) iu = json_str(io, "contentUrl");
            }
            if (iu && !m->ld_image) m->ld_image = clean(a, iu);
        }
        json_t *pub = json_object_get(o, "publisher");
        if (json_is_object(pub) && !m->ld_publisher) {
            const char *pn = json_str(pub, "name");
            if (pn) m->ld_publisher = clean(a, pn);
        }
    }
}

static void read_jsonld(const nm_hdom *dom, meta_acc *m)
{
    for (size_t i = 0; i < dom->jsonld.n; i++) {
        json_error_t je;
        json_t *o = json_loadb(dom->jsonld.v[i], dom->jsonld_len.v[i], JSON_DECODE_ANY, &je);
        if (!o) continue;
        ld_object(dom->arena, o, m, 0);
        json_decref(o);
    }
}

/* ---- the tree ---- */

static int ieq(const char *a, const char *b) { return a && b && strcasecmp(a, b) == 0; }

static int date_meta_rank(const char *name)
{
    for (int i = 0; DATE_METAS[i]; i++)
        if (strcasecmp(DATE_METAS[i], name) == 0) return i + 1;
    return 0;
}

static void read_tree(const nm_hdom *dom, meta_acc *m)
{
    nm_arena *a = dom->arena;
    int in_body = 0;
    for (nm_hnode *e = dom->root; e; e = nm_hnext(dom->root, e, 0)) {
        if (e->tag == H_TEXT) continue;
        if (e->tag == H_BODY) in_body = 1;
        if (e->tag == H_HTML && !m->lang) m->lang = nm_hattr_get(e, "lang");
        if (e->tag == H_TITLE && !m->title_tag && !in_body) { m->title_tag = node_text(dom, e); continue; }
        if (e->tag == H_H1 && !m->h1) m->h1 = node_text(dom, e);
        if (e->tag == H_META) {
            const char *key = nm_hattr_get(e, "property");
            if (!key) key = nm_hattr_get(e, "name");
            if (!key) key = nm_hattr_get(e, "itemprop");
            if (!key) key = nm_hattr_get(e, "http-equiv");
            const char *val = nm_hattr_get(e, "content");
            if (!key || !val || !*val) continue;
            if (ieq(key, "og:title")) m->og_title = clean(a, val);
            else if (ieq(key, "twitter:title")) m->tw_title = clean(a, val);
            else if (ieq(key, "og:site_name")) m->site = clean(a, val);
            else if (ieq(key, "description")) { if (!m->desc) m->desc = clean(a, val); }
            else if (ieq(key, "og:description")) m->og_desc = clean(a, val);
            else if (ieq(key, "og:image") || ieq(key, "og:image:url") || ieq(key, "og:image:secure_url")) { if (!m->image) m->image = clean(a, val); }
            else if (ieq(key, "twitter:image") || ieq(key, "twitter:image:src")) { if (!m->image) m->image = clean(a, val); }
            else if (ieq(key, "og:url")) m->og_url = clean(a, val);
            else if (ieq(key, "og:locale")) m->og_locale = val;
            else if (ieq(key, "content-language") || ieq(key, "language") || ieq(key, "dc.language")) { if (!m->lang) m->lang = val; }
            else if (ieq(key, "article:modified_time") || ieq(key, "og:updated_time") || ieq(key, "datemodified") ||
                     ieq(key, "dcterms.modified") || ieq(key, "last-modified")) { if (!m->meta_mod) m->meta_mod = val; }
            else if (ieq(key, "author") || ieq(key, "article:author") || ieq(key, "sailthru.author") ||
                     ieq(key, "parsely-author") || ieq(key, "dc.creator") || ieq(key, "byl") || ieq(key, "dcterms.creator"))
                add_author(m, clean(a, val), AUTHOR_META);
            else {
                int r = date_meta_rank(key);
                if (r && (!m->meta_pub || r < m->meta_pub_rank)) {
                    int y, mo, d;
                    if (nm_html_parse_date(val, strlen(val), &y, &mo, &d)) { m->meta_pub = val; m->meta_pub_rank = r; }
                }
            }
            continue;
        }
        if (e->tag == H_LINK) {
            const char *rel = nm_hattr_get(e, "rel");
            if (rel && ieq(rel, "canonical") && !m->canonical) m->canonical = clean(a, nm_hattr_get(e, "href"));
            continue;
        }
        if (e->nattr) {
            const char *ip = nm_hattr_get(e, "itemprop");
            if (ip) {
                const char *v = nm_hattr_get(e, "content");
                if (!v) v = nm_hattr_get(e, "datetime");
                if (!strcmp(ip, "datePublished") && !m->itemprop_pub) m->itemprop_pub = v ? v : node_text(dom, e);
                else if (!strcmp(ip, "dateModified") && !m->itemprop_mod) m->itemprop_mod = v ? v : node_text(dom, e);
                else if ((!strcmp(ip, "author") || !strcmp(ip, "creator")) && m->author_nodes++ < 32) {
                    /* the author's name: a nested itemprop=name, else the text */
                    const char *nm = NULL;
                    for (nm_hnode *c = e; c; c = nm_hnext(e, c, 0))
                        if (c != e && c->nattr && ieq(nm_hattr_get(c, "itemprop"), "name")) {
                            nm = nm_hattr_get(c, "content");
                            if (!nm) nm = node_text(dom, c);
                            break;
                        }
                    if (!nm && e->tag == H_META) nm = v;
                    if (!nm && e->tag != H_LINK) nm = node_text(dom, e);
                    if (!in_comments(e)) add_author(m, clean(a, nm), AUTHOR_ITEMPROP);
                }
            }
            if (e->tag == H_TIME) {
                const char *dt = nm_hattr_get(e, "datetime");
                if (dt) {
                    int pub = nm_hattr_get(e, "pubdate") || ieq(ip, "datePublished") ||
                              (e->cls[0] && (strstr(e->cls, "publish") || strstr(e->cls, "posted")));
                    if (pub && !m->time_pub) m->time_pub = dt;
                    int upd = e->cls[0] && (strstr(e->cls, "update") || strstr(e->cls, "modif"));
                    if (!m->time_first && in_body && !upd) m->time_first = dt;
                }
            }
            const char *rel = nm_hattr_get(e, "rel");
            if (e->tag == H_A && rel && ieq(rel, "author") && m->author_nodes++ < 32 && !in_comments(e))
                add_author(m, node_text(dom, e), AUTHOR_LINK);
        }
    }
}

/* A visible date line: a short text in an element whose class says date/time/published. */
static int visible_date(const nm_hdom *dom, int *y, int *mo, int *d)
{
    nm_hnode *body = dom->root;
    int looked = 0;
    for (nm_hnode *e = body; e && looked < 64; e = nm_hnext(body, e, 0)) {
        if (e->tag == H_TEXT || !e->cls[0]) continue;
        if (!(strstr(e->cls, "date") || strstr(e->cls, "time") || strstr(e->cls, "publish") || strstr(e->cls, "posted") ||
              strstr(e->cls, "byline") || strstr(e->cls, "meta")))
            continue;
        if (strstr(e->cls, "update") || strstr(e->cls, "modif")) continue;
        looked++;
        /* today's date in the masthead, dates of related stories and comments are not this page's */
        int elsewhere = 0;
        int up = 0;
        for (const nm_hnode *p = e->parent; p && !elsewhere; p = p->parent, up++)
            elsewhere = p->tag == H_NAV || p->tag == H_FOOTER || p->tag == H_ASIDE ||
                        /* near ancestors only: page-wide layout classes ("has-sidebar") say nothing */
                        (up < 6 && p->cls[0] &&
                         (strstr(p->cls, "masthead") || strstr(p->cls, "site-header") || strstr(p->cls, "related") ||
                          strstr(p->cls, "comment-list") || strstr(p->cls, "commentlist") || strstr(p->cls, "comments-area")));
        if (elsewhere) continue;
        nm_buf b;
        nm_buf_init(&b);
        nm_htext(dom, e, &b, 200);
        int ok = b.len && b.len < 200 && nm_html_parse_date(b.p, b.len, y, mo, d);
        /* "Updated ..." lines are not the publication date */
        if (ok && b.len >= 7 && strncasecmp(b.p + (b.p[0] == ' '), "updated", 7) == 0) ok = 0;
        nm_buf_free(&b);
        if (ok) return 1;
    }
    return 0;
}

/* ---- authors ---- */

static int is_name_word(const char *s, size_t n)
{
    static const char *const PARTICLES[] = {"de", "da", "del", "della", "van", "von", "der", "den", "la", "le",
                                            "bin", "al", "el", "di", "du", "dos", "ter", "y", NULL};
    unsigned char c = (unsigned char)s[0];
    if (c >= 0x80) return 1; /* non-ASCII initial: accept (Ł, Ö, ...) */
    if (isupper(c)) {
        for (size_t i = 0; i < n; i++)
            if (isdigit((unsigned char)s[i]) || s[i] == '@' || s[i] == '/' || s[i] == ':') return 0;
        return 1;
    }
    for (int i = 0; PARTICLES[i]; i++)
        if (strlen(PARTICLES[i]) == n && strncmp(PARTICLES[i], s, n) == 0) return 1;
    return 0;
}

/* A clean person name from s[0..n), or NULL: "By Jane Doe" → "Jane Doe"; "Email the author",
 * dates, URLs, site names → NULL. */
static const char *person_name(nm_arena *a, const char *s, size_t n, const char *site)
{
    while (n && (*s == ' ' || *s == ',' || *s == '|' || *s == '-')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == '.' || s[n - 1] == '|')) n--;
    if (n >= 3 && strncasecmp(s, "by ", 3) == 0) { s += 3; n -= 3; }
    while (n && *s == ' ') { s++; n--; }
    if (n < 4 || n > 60) return NULL;
    /* whole words only: "Moreno", "Pressley" and "Dailey" are names */
    static const char *const JUNK_WORDS[] = {
        "email", "e-mail", "author", "authors", "staff", "editor", "editors", "contributor", "contributors",
        "correspondent", "reporter", "reporters", "news", "desk", "team", "admin", "press", "associated", "reuters",
        "agency", "updated", "published", "follow", "twitter", "view", "posts", "more", "share", "writer", "writers",
        "media", "group", "online", "business", "insider", "international", "magazine", "journal", "daily",
        "weekly", "official", "guest", "sponsored", "newsroom", "bureau", "the", "of", "for", "on", "at", "in", NULL};
    static const char *const JUNK_PARTS[] = {"http", "www.", ".com", "@", NULL};
    char low[64];
    size_t ln = n < 63 ? n : 63;
    for (size_t i = 0; i < ln; i++) low[i] = (char)tolower((unsigned char)s[i]);
    low[ln] = '\0';
    for (int i = 0; JUNK_PARTS[i]; i++)
        if (strstr(low, JUNK_PARTS[i])) return NULL;
    for (size_t i = 0; i < ln;) {
        while (i < ln && (low[i] == ' ' || low[i] == '.' || low[i] == ',')) i++;
        size_t st = i;
        while (i < ln && low[i] != ' ' && low[i] != '.' && low[i] != ',') i++;
        for (int k = 0; JUNK_WORDS[k] && i > st; k++)
            if (strlen(JUNK_WORDS[k]) == i - st && memcmp(low + st, JUNK_WORDS[k], i - st) == 0) return NULL;
    }
    if (site && strncasecmp(site, s, n) == 0 && strlen(site) == n) return NULL;
    int words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t st = i;
        while (i < n && s[i] != ' ') i++;
        if (i > st) {
            if (!is_name_word(s + st, i - st)) return NULL;
            words++;
        }
    }
    if (words < 2 || words > 5) return NULL;
    return nm_arena_strndup(a, s, n);
}

/* "TOM KRISHER" → "Tom Krisher" (ASCII letters; names with lower case are left alone). */
static void fix_caps(char *s)
{
    int lower = 0, upper = 0;
    for (char *p = s; *p; p++) {
        if (*p >= 'a' && *p <= 'z') lower++;
        if (*p >= 'A' && *p <= 'Z') upper++;
    }
    if (lower || upper < 4) return;
    int start = 1;
    for (char *p = s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z' && !start) *p = (char)(*p + 32);
        start = *p == ' ' || *p == '-' || *p == '\'' || *p == '.';
    }
}

/* Does a word of the name also appear in the site name ("CNN Business" on CNN)? */
static int shares_site_word(const char *name, const char *site)
{
    if (!site) return 0;
    for (const char *p = name; *p;) {
        while (*p == ' ') p++;
        const char *st = p;
        while (*p && *p != ' ') p++;
        size_t n = (size_t)(p - st);
        if (n < 3) continue;
        for (const char *q = site; *q;) {
            while (*q && !isalnum((unsigned char)*q)) q++;
            const char *qs = q;
            while (*q && isalnum((unsigned char)*q)) q++;
            if ((size_t)(q - qs) == n && strncasecmp(st, qs, n) == 0) return 1;
        }
    }
    return 0;
}

/* First and last word equal: "Troy L. Smith" and "Troy Smith" are one person. */
static int same_person(const char *a, const char *b)
{
    const char *ae = strchr(a, ' '), *be = strchr(b, ' ');
    const char *al = strrchr(a, ' '), *bl = strrchr(b, ' ');
    if (!ae || !be) return strcasecmp(a, b) == 0;
    return ae - a == be - b && strncasecmp(a, b, (size_t)(ae - a)) == 0 && strcasecmp(al, bl) == 0;
}

static void set_authors(nm_arena *a, meta_acc *m, nm_html_page *page)
{
    for (int tier = 0; tier < AUTHOR_TIERS && page->nauthors == 0; tier++) {
        for (int i = 0; i < m->nauthors && page->nauthors < NM_HTML_MAX_AUTHORS; i++) {
            if (m->author_tier[i] != tier) continue;
            const char *s = m->authors[i];
            /* "Jane Doe and John Roe", "Jane Doe, John Roe", "Finian Cunningham. Sputnik" */
            size_t n = strlen(s);
            size_t st = 0;
            for (size_t k = 0; k <= n; k++) {
                int and_sep = k + 5 <= n && strncmp(s + k, " and ", 5) == 0;
                int dot_sep = k + 2 <= n && s[k] == '.' && s[k + 1] == ' ' && k >= st + 3 &&
                              isalpha((unsigned char)s[k - 1]) && isalpha((unsigned char)s[k - 2]);
                int cut = k == n || s[k] == ',' || s[k] == ';' || s[k] == '&' || s[k] == '|' || and_sep || dot_sep;
                if (!cut) continue;
                const char *nm = person_name(a, s + st, k - st, page->site_name);
                if (nm && !shares_site_word(nm, page->site_name) && page->nauthors < NM_HTML_MAX_AUTHORS) {
                    fix_caps((char *)nm);
                    int dup = 0;
                    for (int j = 0; j < page->nauthors; j++)
                        if (same_person(page->authors[j], nm)) dup = 1;
                    if (!dup) page->authors[page->nauthors++] = nm;
                }
                st = k + (and_sep ? 5 : dot_sep ? 2 : 1);
                if (and_sep) k += 4;
                if (dot_sep) k += 1;
            }
        }
    }
}

/* ---- title ---- */

/* The title without " | Site" / " - Site" / "Site: " decorations. */
static const char *clean_title(nm_arena *a, const char *t, const char *site, int from_title_tag)
{
    if (!t) return NULL;
    static const char *const SEPS[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " // ", NULL};
    size_t n = strlen(t);
    for (int k = 0; SEPS[k]; k++) {
        const char *last = NULL;
        for (const char *p = strstr(t, SEPS[k]); p; p = strstr(p + 1, SEPS[k])) last = p;
        if (!last) continue;
        const char *first = strstr(t, SEPS[k]);
        size_t sl = strlen(SEPS[k]);
        const char *tail = last + sl;
        size_t head_len = (size_t)(last - t);
        /* the site name at the end (most common), or at the start */
        if (site && strncasecmp(tail, site, strlen(site)) == 0) return nm_arena_strndup(a, t, head_len);
        if (site && strncasecmp(t, site, strlen(site)) == 0 && (size_t)(first - t) == strlen(site))
            return nm_arena_strndup(a, first + sl, n - (size_t)(first - t) - sl);
        /* otherwise drop a short last part (a site name is short) when the head is substantial */
        if ((from_title_tag || k == 0) && strlen(tail) < 40 && head_len >= 20) /* k 0: " | " */
            return nm_arena_strndup(a, t, head_len);
    }
    return t;
}

/* ---- entry ---- */

static int take_date(const char *s, nm_html_page *p, const char *source)
{
    int y, m, d;
    if (!s || !nm_html_parse_date(s, strlen(s), &y, &m, &d)) return 0;
    p->date_y = y; p->date_m = m; p->date_d = d;
    p->date_source = source;
    return 1;
}

static const char *ymd(nm_arena *a, const char *s)
{
    int y, m, d;
    if (!s || !nm_html_parse_date(s, strlen(s), &y, &m, &d)) return NULL;
    char b[16];
    snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
    return nm_arena_strndup(a, b, 10);
}

void nm_html_meta(const nm_hdom *dom, const char *page_url, nm_html_page *page)
{
    nm_arena *a = dom->arena;
    meta_acc m;
    memset(&m, 0, sizeof m);
    read_jsonld(dom, &m);
    read_tree(dom, &m);

    page->site_name = m.site ? m.site : m.ld_publisher;
    if (page->site_name) {
        /* "LinkNaija | Nigeria's popular news platform" → "LinkNaija"; "@politifact" → "politifact" */
        const char *sn = page->site_name;
        if (sn[0] == '@' && sn[1]) sn++;
        const char *bar = strstr(sn, " | ");
        page->site_name = bar ? nm_arena_strndup(a, sn, (size_t)(bar - sn)) : sn;
    }
    const char *t = m.og_title ? m.og_title : m.ld_headline ? m.ld_headline : m.tw_title ? m.tw_title : m.title_tag;
    if (!t) t = m.h1;
    /* og:title and the JSON-LD headline rarely carry the site name: from them only the site name
     * and " | Section" tails are cut, while a <title> also loses short " - Site" tails */
    page->title = clean_title(a, t, page->site_name, t == m.title_tag || t == m.tw_title);
    page->description = m.desc ? m.desc : m.og_desc;
    page->jsonld_body = m.ld_body;
    page->image = m.image ? m.image : m.ld_image;
    page->url = m.canonical ? m.canonical : m.og_url;
    const char *lang = m.lang ? m.lang : m.og_locale;
    if (lang) {
        char l[16];
        size_t k = 0;
        while (lang[k] && k < 15 && isalpha((unsigned char)lang[k])) { l[k] = (char)tolower((unsigned char)lang[k]); k++; }
        l[k] = '\0';
        if (k >= 2 && k <= 3) page->language = nm_arena_strndup(a, l, k);
    }
    if (!take_date(m.ld_pub, page, "html:json-ld") && !take_date(m.meta_pub, page, "html:meta") &&
        !take_date(m.itemprop_pub, page, "html:itemprop") && !take_date(m.time_pub, page, "html:time")) {
        int y, mo, d;
        const char *u = page_url ? page_url : page->url;
        /* a full date in the URL path is more reliable than an unmarked <time> (often "updated") */
        if (url_date(u, &y, &mo, &d) || (u != page->url && url_date(page->url, &y, &mo, &d))) {
            page->date_y = y; page->date_m = mo; page->date_d = d;
            page->date_source = "html:url";
        } else if (take_date(m.time_first, page, "html:time")) {
        } else if (visible_date(dom, &y, &mo, &d)) {
            page->date_y = y; page->date_m = mo; page->date_d = d;
            page->date_source = "html:text";
        }
    }
    /* A timestamp in UTC ("2019-11-19T04:58:46Z") may fall on the next day of the publisher's own
     * calendar; when the URL path carries a date one day off, the URL has the local date. */
    if (page->date_source && strcmp(page->date_source, "html:url") != 0 && strcmp(page->date_source, "html:text") != 0) {
        int y, mo, d;
        const char *u = page_url ? page_url : page->url;
        if (url_date(u, &y, &mo, &d) || (u != page->url && url_date(page->url, &y, &mo, &d))) {
            long diff = days_from_civil(page->date_y, page->date_m, page->date_d) - days_from_civil(y, mo, d);
            if (diff == 1 || diff == -1) {
                page->date_y = y; page->date_m = mo; page->date_d = d;
                page->date_source = "html:url";
            }
        }
    }
    page->modified = ymd(a, m.ld_mod ? m.ld_mod : m.meta_mod ? m.meta_mod : m.itemprop_mod);
    set_authors(a, &m, page);
}
