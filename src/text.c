/*
 * text.c — normalisation of input bytes and paragraph splitting (see text.h).
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when invalid. Rejects overlongs,
 * surrogates and code points above U+10FFFF. */
static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return (n >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && s[1] < 0xA0) return 0;
        if (c == 0xED && s[1] >= 0xA0) return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && s[1] < 0x90) return 0;
        if (c == 0xF4 && s[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

/* Code points at or above U+0300 can change under NFC; punctuation and currency blocks cannot, and
 * they are the common non-ASCII characters in news (curly quotes, dashes), so they skip the work. */
static int may_need_nfc(uint32_t c)
{
    if (c < 0x300) return 0;
    if (c >= 0x2010 && c <= 0x2027) return 0;
    if (c >= 0x2030 && c <= 0x205E) return 0;
    if (c >= 0x20A0 && c <= 0x20C0) return 0;
    return 1;
}

void nm_text_normalize(nm_doc *doc, const char *raw, size_t n)
{
    const unsigned char *s = (const unsigned char *)raw;
    /* worst case: every byte becomes U+FFFD (3 bytes) */
    char *out = nm_arena_alloc(&doc->arena, n * 3 + 1);
    size_t o = 0;
    int nfc = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7F) { out[o++] = (char)c; i++; continue; }
        if (c < 0x80) {
            if (c == '\n' || c == '\t') out[o++] = (char)c;
            else if (c == '\r') { out[o++] = '\n'; if (i + 1 < n && s[i + 1] == '\n') i++; }
            else if (c == 0) { memcpy(out + o, "\xEF\xBF\xBD", 3); o += 3; doc->nul_bytes++; }
            else out[o++] = ' ';
            i++;
            continue;
        }
        size_t l = utf8_valid_len(s + i, n - i);
        if (!l) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            doc->invalid_bytes++;
            i++;
            continue;
        }
        uint32_t j = 0;
        uint32_t cp = nm_utf8_next((const char *)s + i, &j);
        if (cp == 0x2028 || cp == 0x2029) { out[o++] = '\n'; i += l; continue; }
        if (!nfc && may_need_nfc(cp)) nfc = 1;
        memcpy(out + o, s + i, l);
        o += l;
        i += l;
    }
    out[o] = '\0';
    if (nfc) {
        utf8proc_uint8_t *nf = NULL;
        utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)out, (utf8proc_ssize_t)o, &nf,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (r >= 0 && nf) {
            out = nm_arena_strndup(&doc->arena, (const char *)nf, (size_t)r);
            o = (size_t)r;
        } else {
            nm_doc_warn(doc, "NFC normalisation failed (%s); text kept unnormalised", utf8proc_errmsg(r));
        }
        free(nf);
    }
    if (o > UINT32_MAX - 1) o = UINT32_MAX - 1; /* offsets are 32-bit; the CLI caps input size well below */
    doc->text = out;
    doc->len = (uint32_t)o;
    doc->cp = nm_arena_alloc(&doc->arena, (o + 1) * sizeof(uint32_t));
    uint32_t k = 0;
    for (size_t i = 0; i < o; i++) {
        if (((unsigned char)out[i] & 0xC0) != 0x80 && i > 0) k++;
        doc->cp[i] = k;
    }
    doc->ncp = o ? k + 1 : 0;
    doc->cp[o] = doc->ncp;
    if (doc->invalid_bytes) nm_doc_warn(doc, "%u invalid UTF-8 byte(s) replaced by U+FFFD", doc->invalid_bytes);
    if (doc->nul_bytes) nm_doc_warn(doc, "%u NUL byte(s) replaced by U+FFFD", doc->nul_bytes);
}

char *nm_text_clean_line(nm_arena *a, const char *raw, size_t n)
{
    const unsigned char *s = (const unsigned char *)raw;
    char *out = nm_arena_alloc(a, n * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x20 || c == 0x7F) c = ' ';
        if (c == ' ') {
            if (o > 0 && out[o - 1] != ' ') out[o++] = ' ';
            i++;
            continue;
        }
        if (c < 0x80) { out[o++] = (char)c; i++; continue; }
        size_t l = utf8_valid_len(s + i, n - i);
        if (!l) { memcpy(out + o, "\xEF\xBF\xBD", 3); o += 3; i++; continue; }
        memcpy(out + o, s + i, l);
        o += l;
        i += l;
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = '\0';
    return o ? out : NULL;
}

int nm_parse_ymd(const char *s, size_t n, int *y, int *m, int *dd)
{
    if (!s || n < 10) return 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
        else if (s[i] < '0' || s[i] > '9') return 0;
    }
    int Y = atoi(s), M = (s[5] - '0') * 10 + (s[6] - '0'), D = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (M < 1 || M > 12 || D < 1 || D > mdays[M - 1]) return 0;
    int leap = (Y % 4 == 0 && Y % 100 != 0) || Y % 400 == 0;
    if (M == 2 && D == 29 && !leap) return 0;
    *y = Y; *m = M; *dd = D;
    return 1;
}

uint32_t nm_utf8_prev(const char *s, uint32_t *i)
{
    uint32_t j = *i;
    if (j == 0) return 0;
    do { j--; } while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
    *i = j;
    uint32_t k = j;
    return nm_utf8_next(s, &k);
}

int nm_cp_is_space(uint32_t c)
{
    if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    return c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0xFEFF;
}

int nm_cp_is_letter(uint32_t c)
{
    if (c < 0x80) return (c | 32) >= 'a' && (c | 32) <= 'z';
    utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

int nm_cp_is_upper(uint32_t c)
{
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

int nm_cp_is_lower(uint32_t c)
{
    if (c < 0x80) return c >= 'a' && c <= 'z';
    return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_LL;
}

int nm_cp_is_digit(uint32_t c)
{
    if (c < 0x80) return c >= '0' && c <= '9';
    return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ND;
}

int nm_cp_is_dquote(uint32_t c)
{
    return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F || c == 0xAB || c == 0xBB;
}

int nm_cp_is_squote(uint32_t c)
{
    return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B || c == 0x2039 || c == 0x203A;
}

int nm_cp_is_dash(uint32_t c) { return c == '-' || (c >= 0x2012 && c <= 0x2015); }

/* ---- paragraphs ---- */

typedef struct { uint32_t start, end; int blank_before; } line_t;

static int line_is_bullet(const char *t, uint32_t s, uint32_t e)
{
    if (s >= e) return 0;
    unsigned char c = (unsigned char)t[s];
    if ((c == '-' || c == '*') && s + 1 < e && t[s + 1] == ' ') return 1;
    uint32_t i = s;
    uint32_t cp = nm_utf8_next(t, &i);
    /* an em dash opens a post's attribution line ("— Name (@handle) date"), never joined to the
     * previous line */
    if ((cp == 0x2022 || cp == 0x2013 || cp == 0x2014 || cp == 0x25AA || cp == 0x25CF || cp == 0x25E6) && i < e &&
        t[i] == ' ')
        return 1;
    return 0;
}

/* Does the line end like the end of a sentence (or of a heading we must not join)? */
static int line_ends_sentence(const char *t, uint32_t s, uint32_t e)
{
    while (e > s) {
        uint32_t i = e;
        uint32_t c = nm_utf8_prev(t, &i);
        if (nm_cp_is_dquote(c) || nm_cp_is_squote(c) || c == ')') { e = i; continue; }
        return c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026;
    }
    return 1;
}

void nm_text_paragraphs(nm_doc *doc)
{
    const char *t = doc->text;
    uint32_t n = doc->len;
    NM_VEC(line_t) lines = {0};
    int blank = 1;
    for (uint32_t i = 0; i < n;) {
        uint32_t e = i;
        while (e < n && t[e] != '\n') e++;
        uint32_t s = i, le = e;
        /* trim Unicode spaces at both ends */
        while (s < le) { uint32_t k = s; uint32_t c = nm_utf8_next(t, &k); if (!nm_cp_is_space(c)) break; s = k; }
        while (le > s) { uint32_t k = le; uint32_t c = nm_utf8_prev(t, &k); if (!nm_cp_is_space(c)) break; le = k; }
        if (s == le) blank = 1;
        else {
            line_t L = {s, le, blank};
            NM_VEC_PUSH(&doc->arena, lines, L);
            blank = 0;
        }
        i = e + 1;
    }
    /* Hard-wrapped text (e.g. wire copy broken at ~70 columns): most blocks between blank lines
     * have several lines and lines are short. There a single line break is a space. */
    size_t joined_candidates = 0, multi = 0, blanks = 0;
    uint32_t maxlen = 0;
    for (size_t k = 0; k < lines.n; k++) {
        uint32_t l = lines.v[k].end - lines.v[k].start;
        if (l > maxlen) maxlen = l;
        if (k > 0 && lines.v[k].blank_before) blanks++;
        /* only long lines tell: headings, labels and bullets are short lines in any layout */
        if (k > 0 && !lines.v[k].blank_before && lines.v[k - 1].end - lines.v[k - 1].start >= 50 &&
            !line_is_bullet(t, lines.v[k].start, lines.v[k].end)) {
            multi++;
            if (!line_ends_sentence(t, lines.v[k - 1].start, lines.v[k - 1].end)) joined_candidates++;
        }
    }
    int hardwrapped = blanks > 0 && maxlen <= 100 && multi >= 3 && joined_candidates * 3 >= multi;
    for (size_t k = 0; k < lines.n; k++) {
        line_t L = lines.v[k];
        int join = 0;
        if (k > 0 && !L.blank_before && doc->paras.n > 0 && !line_is_bullet(t, L.start, L.end)) {
            nm_paragraph *prev = &doc->paras.v[doc->paras.n - 1];
            if (hardwrapped) join = 1;
            /* a line that plainly continues the previous one: no end punctuation there and a
             * lower-case start here */
            else {
                uint32_t i = L.start;
                uint32_t c = nm_utf8_next(t, &i);
                if (nm_cp_is_lower(c) && !line_ends_sentence(t, prev->start, prev->end)) join = 1;
            }
        }
        if (join) {
            doc->paras.v[doc->paras.n - 1].end = L.end;
        } else {
            nm_paragraph p = {0};
            p.start = L.start;
            p.end = L.end;
            p.bullet = (uint8_t)line_is_bullet(t, L.start, L.end);
            p.blank_before = (uint8_t)L.blank_before;
            NM_VEC_PUSH(&doc->arena, doc->paras, p);
        }
    }
}
