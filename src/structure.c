/*
 * structure.c — roles of paragraphs (see structure.h).
 *
 * Every rule looks at one paragraph and its neighbours; none needs the sentences. The order
 * matters: key-points blocks and posts first (their lines look like headings), then title and
 * byline at the top, then headings, then the dateline of the first body paragraph.
 */
#include "structure.h"

#include <string.h>

#include "engine.h"
#include "text.h"

static uint32_t first_cp(const nm_doc *d, const nm_paragraph *p)
{
    uint32_t i = p->start;
    return p->start < p->end ? nm_utf8_next(d->text, &i) : 0;
}

static uint32_t last_cp(const nm_doc *d, const nm_paragraph *p)
{
    uint32_t i = p->end;
    return p->end > p->start ? nm_utf8_prev(d->text, &i) : 0;
}

static int word_count(const nm_doc *d, uint32_t s, uint32_t e)
{
    int n = 0, in = 0;
    for (uint32_t i = s; i < e;) {
        uint32_t c = nm_utf8_next(d->text, &i);
        int sp = nm_cp_is_space(c);
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

/* Share of words (of 4+ letters) that start with a capital: high in headlines. */
static double capitalised_share(const nm_doc *d, uint32_t s, uint32_t e)
{
    int words = 0, caps = 0;
    uint32_t i = s;
    while (i < e) {
        while (i < e && d->text[i] == ' ') i++;
        uint32_t ws = i;
        while (i < e && d->text[i] != ' ') i++;
        if (i - ws >= 4) {
            words++;
            uint32_t k = ws;
            if (nm_cp_is_upper(nm_utf8_next(d->text, &k))) caps++;
        }
    }
    return words ? (double)caps / words : 0.0;
}

static int is_end_punct(uint32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ',' || nm_cp_is_dquote(c) ||
           c == 0x2019 || c == '\'' || c == 0x2026 || c == ')';
}

/* Lower-cased copy of [s,e) without a trailing colon, for label look-ups. */
static size_t label_key(const nm_doc *d, uint32_t s, uint32_t e, char *out, size_t cap)
{
    while (e > s && (d->text[e - 1] == ':' || d->text[e - 1] == ' ')) e--;
    size_t n = e - s;
    if (n >= cap) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = d->text[s + i];
        out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[n] = '\0';
    return n;
}

/* ---- key points ---- */
static void find_keypoints(nm_doc *d)
{
    for (uint32_t p = 0; p < d->paras.n; p++) {
        nm_paragraph *P = &d->paras.v[p];
        if (P->role != NM_ROLE_BODY || P->end - P->start > 40) continue;
        char key[48];
        size_t kl = label_key(d, P->start, P->end, key, sizeof key);
        if (!kl || !nm_lexicon_has(d->eng->keypoint_labels, key, kl)) continue;
        uint32_t q = p + 1;
        if (q < d->paras.n && d->paras.v[q].bullet) {
            while (q < d->paras.n && d->paras.v[q].bullet) q++;
        } else {
            /* unbulleted block: short lines up to the next blank line */
            while (q < d->paras.n && q - p <= 5 && !(q > p + 1 && d->paras.v[q].blank_before) &&
                   word_count(d, d->paras.v[q].start, d->paras.v[q].end) <= 35)
                q++;
        }
        if (q == p + 1) continue;
        P->role = NM_ROLE_KEYPOINTS_LABEL;
        d->keypoints_label = (nm_span){P->start, P->end, 1};
        for (uint32_t k = p + 1; k < q; k++) {
            nm_paragraph *K = &d->paras.v[k];
            K->role = NM_ROLE_KEYPOINT;
            uint32_t s = K->start;
            if (K->bullet) {
                uint32_t i = s;
                nm_utf8_next(d->text, &i);
                while (i < K->end && d->text[i] == ' ') i++;
                s = i;
            }
            nm_span sp = {s, K->end, 1};
            NM_VEC_PUSH(&d->arena, d->key_points, sp);
        }
        p = q - 1;
    }
}

/* ---- embedded posts ---- */

/* Parse "Name (@handle) Date" starting at s (after the dash). Returns 1 and fills post on success. */
static int parse_attribution(const nm_doc *d, uint32_t s, uint32_t e, nm_post *post)
{
    const char *t = d->text;
    while (s < e && t[s] == ' ') s++;
    const char *open = NULL;
    for (uint32_t i = s; i + 2 < e; i++) {
        if (t[i] == '(' && t[i + 1] == '@') { open = t + i; break; }
    }
    if (!open) return 0;
    uint32_t o = (uint32_t)(open - t);
    uint32_t ae = o;
    while (ae > s && t[ae - 1] == ' ') ae--;
    if (ae == s || ae - s > 80) return 0;
    uint32_t h = o + 1, he = h + 1;
    while (he < e && t[he] != ')' && t[he] != ' ') he++;
    if (he >= e || t[he] != ')') return 0;
    post->author = (nm_span){s, ae, 1};
    post->handle = (nm_span){h, he, 1};
    uint32_t ds = he + 1;
    while (ds < e && (t[ds] == ' ' || t[ds] == ',')) ds++;
    if (e - ds >= 3 && strncmp(t + ds, "on ", 3) == 0) ds += 3;
    if (ds < e) post->date = (nm_span){ds, e, 1};
    return 1;
}

/* A dash that opens an attribution line: — – - -- followed by a space. Returns bytes consumed. */
static uint32_t dash_len(const nm_doc *d, uint32_t s, uint32_t e)
{
    const char *t = d->text;
    if (e - s >= 4 && (unsigned char)t[s] == 0xE2 && (unsigned char)t[s + 1] == 0x80 &&
        ((unsigned char)t[s + 2] == 0x94 || (unsigned char)t[s + 2] == 0x93) && t[s + 3] == ' ')
        return 4;
    if (e - s >= 3 && t[s] == '-' && t[s + 1] == '-' && t[s + 2] == ' ') return 3;
    if (e - s >= 2 && t[s] == '-' && t[s + 1] == ' ') return 2;
    return 0;
}

static void find_posts(nm_doc *d)
{
    for (uint32_t p = 0; p < d->paras.n; p++) {
        nm_paragraph *P = &d->paras.v[p];
        if (P->role != NM_ROLE_BODY) continue;
        nm_post post;
        memset(&post, 0, sizeof post);
        const char *t = d->text;
        /* "— Name (@handle) December 29, 2025" on its own line, after the post's text */
        uint32_t dl = dash_len(d, P->start, P->end);
        if (dl && p > 0 && parse_attribution(d, P->start + dl, P->end, &post)) {
            nm_paragraph *T = &d->paras.v[p - 1];
            if (T->role != NM_ROLE_BODY) continue;
            T->role = NM_ROLE_POST;
            P->role = NM_ROLE_POST_ATTRIB;
            P->bullet = 0;
            post.text = (nm_span){T->start, T->end, 1};
            post.attribution = (nm_span){P->start, P->end, 1};
            post.para_begin = p - 1;
            post.para_end = p;
            NM_VEC_PUSH(&d->arena, d->posts, post);
            continue;
        }
        /* "A post shared by Name (@handle) on Date" (Instagram) */
        if (P->end - P->start > 17 && strncmp(t + P->start, "A post shared by ", 17) == 0 && p > 0 &&
            parse_attribution(d, P->start + 17, P->end, &post)) {
            nm_paragraph *T = &d->paras.v[p - 1];
            if (T->role != NM_ROLE_BODY) continue;
            T->role = NM_ROLE_POST;
            P->role = NM_ROLE_POST_ATTRIB;
            post.text = (nm_span){T->start, T->end, 1};
            post.attribution = (nm_span){P->start, P->end, 1};
            post.para_begin = p - 1;
            post.para_end = p;
            NM_VEC_PUSH(&d->arena, d->posts, post);
            continue;
        }
        /* the whole post in one paragraph: "text — Name (@handle) date" */
        for (uint32_t i = P->start + 1; i + 4 < P->end; i++) {
            if (t[i - 1] != ' ') continue;
            uint32_t l = dash_len(d, i, P->end);
            if (!l || !parse_attribution(d, i + l, P->end, &post)) continue;
            /* date required here, so that prose with "(@handle)" is not taken for a post */
            if (!post.date.set) break;
            uint32_t te = i;
            while (te > P->start && t[te - 1] == ' ') te--;
            post.text = (nm_span){P->start, te, 1};
            post.attribution = (nm_span){i, P->end, 1};
            post.para_begin = p;
            post.para_end = p + 1;
            P->role = NM_ROLE_POST;
            NM_VEC_PUSH(&d->arena, d->posts, post);
            break;
        }
    }
}

/* ---- title and byline ---- */

static int title_like(const nm_doc *d, const nm_paragraph *P)
{
    int w = word_count(d, P->start, P->end);
    if (w == 0 || w > 20 || P->bullet) return 0;
    uint32_t lc = last_cp(d, P);
    if (!is_end_punct(lc) || lc == '?' || lc == '!') return nm_cp_is_upper(first_cp(d, P)) || nm_cp_is_digit(first_cp(d, P));
    /* a headline with a final period: mostly capitalised words */
    return lc == '.' && w >= 3 && capitalised_share(d, P->start, P->end) >= 0.7;
}

static void find_title_byline(nm_doc *d)
{
    uint32_t p = 0;
    while (p < d->paras.n && d->paras.v[p].role != NM_ROLE_BODY) p++;
    if (p >= d->paras.n) return;
    nm_paragraph *P = &d->paras.v[p];
    if (d->title) {
        size_t tl = strlen(d->title);
        if (tl == P->end - P->start && strncasecmp(d->title, d->text + P->start, tl) == 0) {
            P->role = NM_ROLE_TITLE;
            d->title_span = (nm_span){P->start, P->end, 1};
            p++;
        }
    } else if (p == 0 && d->paras.n >= 3 && title_like(d, P) &&
               (d->paras.v[1].blank_before || last_cp(d, P) != '.')) {
        P->role = NM_ROLE_TITLE;
        d->title_span = (nm_span){P->start, P->end, 1};
        d->title = nm_arena_strndup(&d->arena, d->text + P->start, P->end - P->start);
        p++;
    }
    /* a byline in the first paragraphs: "By Jane Doe" / "By JANE DOE, Reuters" */
    for (uint32_t q = p; q < d->paras.n && q < p + 3; q++) {
        nm_paragraph *B = &d->paras.v[q];
        if (B->role != NM_ROLE_BODY) continue;
        if (B->end - B->start > 3 && strncmp(d->text + B->start, "By ", 3) == 0 &&
            word_count(d, B->start, B->end) <= 8 && last_cp(d, B) != '.') {
            B->role = NM_ROLE_BYLINE;
            nm_span sp = {B->start, B->end, 1};
            NM_VEC_PUSH(&d->arena, d->bylines, sp);
        }
    }
}

/* ---- headings ---- */

static void find_headings(nm_doc *d)
{
    int seen_body = 0;
    for (uint32_t p = 0; p < d->paras.n; p++) {
        nm_paragraph *P = &d->paras.v[p];
        if (P->role != NM_ROLE_BODY) continue;
        if (!seen_body) { seen_body = 1; continue; } /* the first body paragraph is never a heading */
        if (P->bullet || p + 1 >= d->paras.n) continue;
        nm_paragraph *N = &d->paras.v[p + 1];
        if (N->role != NM_ROLE_BODY && N->role != NM_ROLE_POST) continue;
        int w = word_count(d, P->start, P->end);
        if (w == 0 || w > 12 || P->end - P->start > 100) continue;
        uint32_t fc = first_cp(d, P), lc = last_cp(d, P);
        if (!(nm_cp_is_upper(fc) || nm_cp_is_digit(fc)) || is_end_punct(lc)) continue;
        if (nm_cp_is_lower(first_cp(d, N))) continue;
        nm_paragraph *B = &d->paras.v[p - 1];
        if (last_cp(d, B) == ':') continue; /* a list item introduced by a colon */
        P->role = NM_ROLE_HEADING;
        nm_span sp = {P->start, P->end, 1};
        NM_VEC_PUSH(&d->arena, d->headings, sp);
    }
}

/* ---- dateline ---- */

static int is_agency(const nm_doc *d, uint32_t s, uint32_t e)
{
    return nm_lexicon_has(d->eng->datelines, d->text + s, e - s);
}

/* Length of a separator after a dateline: ":" "-" "--" "—" "–" with spaces; 0 if none. */
static uint32_t dateline_sep(const nm_doc *d, uint32_t i, uint32_t e, uint32_t *after)
{
    const char *t = d->text;
    uint32_t j = i;
    while (j < e && t[j] == ' ') j++;
    uint32_t k = j;
    if (k < e && t[k] == ':') k++;
    else if (k < e && t[k] == '-') { while (k < e && t[k] == '-') k++; }
    else if (e - k >= 3 && (unsigned char)t[k] == 0xE2 && (unsigned char)t[k + 1] == 0x80 &&
             ((unsigned char)t[k + 2] == 0x94 || (unsigned char)t[k + 2] == 0x93)) k += 3;
    else return 0;
    if (k >= e || t[k] != ' ') return 0;
    while (k < e && t[k] == ' ') k++;
    *after = k;
    return k - i;
}

static void find_dateline(nm_doc *d)
{
    const char *t = d->text;
    for (uint32_t p = 0; p < d->paras.n; p++) {
        nm_paragraph *P = &d->paras.v[p];
        if (P->role != NM_ROLE_BODY) continue;
        uint32_t s = P->start, e = P->end, i = s, after = 0;
        /* "(CNN)" / "(Reuters) -" */
        if (t[i] == '(') {
            uint32_t c = i + 1;
            while (c < e && c - i < 20 && t[c] != ')') c++;
            if (c < e && t[c] == ')' && is_agency(d, i + 1, c)) {
                d->dateline = (nm_span){s, c + 1, 1};
                return;
            }
            return;
        }
        /* PLACE in capitals (WASHINGTON, NEW YORK, KYIV) or a capitalised place before (Agency) */
        uint32_t caps = 0, letters = 0;
        while (i < e && i - s < 40) {
            unsigned char c = (unsigned char)t[i];
            if (c >= 'A' && c <= 'Z') { caps++; letters++; }
            else if (c >= 'a' && c <= 'z') letters++;
            else if (!(c == ' ' || c == '.' || c == '\'' || c == '-' || c >= 0x80)) break;
            if (c == '-' && i + 1 < e && t[i + 1] == ' ') break;
            i++;
        }
        while (i > s && t[i - 1] == ' ') i--;
        uint32_t place_end = i;
        if (place_end == s) return;
        int all_caps = letters >= 3 && caps == letters;
        /* ", June 18" / ", Ukraine" */
        uint32_t j = place_end;
        if (j < e && t[j] == ',') {
            uint32_t k = j + 1;
            while (k < e && k - j < 30 && t[k] != '(' && t[k] != ':' && t[k] != '-' && (unsigned char)t[k] != 0xE2 &&
                   t[k] != ',')
                k++;
            while (k > j && t[k - 1] == ' ') k--;
            if (all_caps) j = k;
        }
        /* " (Reuters)" */
        uint32_t m = j;
        while (m < e && t[m] == ' ') m++;
        int agency = 0;
        if (m < e && t[m] == '(') {
            uint32_t c = m + 1;
            while (c < e && c - m < 20 && t[c] != ')') c++;
            if (c < e && is_agency(d, m + 1, c)) { agency = 1; j = c + 1; }
        }
        if (!all_caps && !agency) return;
        if (!dateline_sep(d, j, e, &after)) return;
        d->dateline = (nm_span){s, j, 1};
        return;
    }
}

void nm_structure(nm_doc *d)
{
    find_keypoints(d);
    find_posts(d);
    find_title_byline(d);
    find_headings(d);
    find_dateline(d);
}
