/*
 * tokenize.c — the tokenizer (see tokenize.h). One left-to-right pass per paragraph, no
 * allocation but the token array; abbreviations come from data/lexicons/abbreviations.txt.
 */
#include "tokenize.h"

#include <string.h>

#include "engine.h"
#include "text.h"

static inline uint32_t cp_at(const char *t, uint32_t i, uint32_t end, uint32_t *next)
{
    if (i >= end) { *next = i; return 0; }
    uint32_t k = i;
    uint32_t c = nm_utf8_next(t, &k);
    *next = k;
    return c;
}

static inline int is_word_cp(uint32_t c)
{
    if (c < 0x80) return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9');
    if (c == 0xFFFD) return 0;
    return nm_cp_is_letter(c) || nm_cp_is_digit(c) || (c >= 0x300 && c <= 0x36F);
}

uint16_t nm_token_shape_flags(const char *s, uint32_t n)
{
    uint16_t f = 0;
    int letters = 0, upper = 0;
    for (uint32_t i = 0; i < n;) {
        uint32_t c = nm_utf8_next(s, &i);
        if (c >= 0x80) f |= NM_TF_NONASCII;
        if (nm_cp_is_letter(c)) {
            f |= NM_TF_ALPHA;
            letters++;
            if (nm_cp_is_upper(c)) upper++;
        } else if (nm_cp_is_digit(c)) {
            f |= NM_TF_DIGIT;
        }
    }
    if (n) {
        uint32_t i = 0;
        uint32_t c = nm_utf8_next(s, &i);
        if (nm_cp_is_upper(c)) f |= NM_TF_UPPER;
        else if (nm_cp_is_lower(c)) f |= NM_TF_LOWER;
        if (nm_cp_is_dquote(c) || nm_cp_is_squote(c)) f |= NM_TF_QUOTE;
    }
    if (letters && upper == letters) f |= NM_TF_ALLCAPS;
    if (!(f & (NM_TF_ALPHA | NM_TF_DIGIT))) f |= NM_TF_PUNCT;
    return f;
}

static void push(nm_doc *doc, uint32_t s, uint32_t e, uint16_t extra)
{
    nm_token t = {0};
    t.start = s;
    t.end = e;
    t.flags = (uint16_t)(nm_token_shape_flags(doc->text + s, e - s) | extra);
    NM_VEC_PUSH(&doc->arena, doc->toks, t);
}

/* Is word[s,e) followed by '.' an abbreviation that keeps its period? */
static int keeps_period(const nm_doc *doc, uint32_t s, uint32_t e, int internal_period)
{
    if (internal_period) return 1;                 /* U.S. e.g. a.m. */
    const char *t = doc->text;
    uint32_t i = s;
    uint32_t c = nm_utf8_next(t, &i);
    if (i == e && nm_cp_is_upper(c)) return 1;     /* initial: J. */
    if (e - s > 15) return 0;
    char w[20];
    memcpy(w, t + s, e - s);
    w[e - s] = '.';
    const nm_engine *eng = doc->eng;
    return nm_lexicon_has(eng->abbrev, w, e - s + 1) || nm_lexicon_has(eng->abbrev_final, w, e - s + 1);
}

void nm_tokenize_range(nm_doc *doc, uint32_t start, uint32_t end, int para_start)
{
    const char *t = doc->text;
    uint32_t i = start;
    uint16_t pre = para_start ? NM_TF_PARA_START : 0;
    while (i < end) {
        uint32_t nx;
        uint32_t c = cp_at(t, i, end, &nx);
        if (nm_cp_is_space(c)) {
            pre |= (c == '\n') ? (NM_TF_NEWLINE_BEFORE | NM_TF_SPACE_BEFORE) : NM_TF_SPACE_BEFORE;
            i = nx;
            continue;
        }
        uint32_t s = i;
        if (is_word_cp(c)) {
            uint32_t j = nx, seg_start = s;
            int internal_period = 0;
            uint32_t prev = c;
            for (;;) {
                uint32_t n1;
                uint32_t d = cp_at(t, j, end, &n1);
                if (j >= end) break;
                if (is_word_cp(d)) { prev = d; j = n1; continue; }
                uint32_t n2;
                uint32_t after = cp_at(t, n1, end, &n2);
                int prev_digit = nm_cp_is_digit(prev), after_digit = nm_cp_is_digit(after);
                int after_word = n1 < end && is_word_cp(after);
                if ((d == '-' || d == 0x2010 || d == 0x2011) && after_word) {
                    seg_start = n1; /* "non-U.S.": the segment rule below restarts after a hyphen */
                    prev = after;
                    j = n2;
                    continue;
                }
                if ((d == '\'' || d == 0x2019) && nm_cp_is_letter(prev) && n1 < end && nm_cp_is_letter(after)) {
                    prev = after; j = n2; continue;
                }
                if (d == '.' && after_word) {
                    if (prev_digit && after_digit) { prev = after; j = n2; continue; }
                    /* U.S / e.g / a.m: short segments between periods; "dangerous.The" is two words */
                    if (nm_cp_is_letter(prev) && nm_cp_is_letter(after) && j - seg_start <= 2) {
                        internal_period = 1;
                        seg_start = n1;
                        prev = after;
                        j = n2;
                        continue;
                    }
                }
                if ((d == ',' ) && prev_digit && after_digit) {
                    /* thousands separator: exactly three digits follow */
                    uint32_t k = n1, nd = 0;
                    while (k < end && t[k] >= '0' && t[k] <= '9') { k++; nd++; }
                    if (nd == 3) { prev = after; j = n2; continue; }
                }
                if ((d == ':' || d == '/') && prev_digit && after_digit) { prev = after; j = n2; continue; }
                if (d == '&' && nm_cp_is_upper(prev) && nm_cp_is_upper(after)) { prev = after; j = n2; continue; }
                break;
            }
            uint32_t e = j;
            if (e < end && t[e] == '.' && keeps_period(doc, s, e, internal_period)) {
                push(doc, s, e + 1, pre | NM_TF_ABBREV);
                pre = 0;
                i = e + 1;
                continue;
            }
            /* possessive / clitic 's: Putin's → Putin 's */
            if (e - s > 2 && (t[e - 1] == 's' || t[e - 1] == 'S')) {
                if (t[e - 2] == '\'') {
                    push(doc, s, e - 2, pre);
                    push(doc, e - 2, e, 0);
                    pre = 0;
                    i = e;
                    continue;
                }
                if (e - s > 4 && (unsigned char)t[e - 4] == 0xE2 && (unsigned char)t[e - 3] == 0x80 &&
                    (unsigned char)t[e - 2] == 0x99) {
                    push(doc, s, e - 4, pre);
                    push(doc, e - 4, e, 0);
                    pre = 0;
                    i = e;
                    continue;
                }
            }
            /* n't: don't → do n't */
            if (e - s > 3 && t[e - 1] == 't' && t[e - 2] == '\'' && t[e - 3] == 'n') {
                push(doc, s, e - 3, pre);
                push(doc, e - 3, e, 0);
                pre = 0;
                i = e;
                continue;
            }
            push(doc, s, e, pre);
            pre = 0;
            i = e;
            continue;
        }
        /* handles, hashtags */
        if ((c == '@' || c == '#') && nx < end) {
            uint32_t n2;
            uint32_t d = cp_at(t, nx, end, &n2);
            if (is_word_cp(d) || d == '_') {
                uint32_t j = nx;
                while (j < end) {
                    uint32_t n3;
                    uint32_t e2 = cp_at(t, j, end, &n3);
                    if (!(is_word_cp(e2) || e2 == '_')) break;
                    j = n3;
                }
                push(doc, s, j, pre);
                pre = 0;
                i = j;
                continue;
            }
        }
        /* URLs */
        if ((end - i > 8 && (strncmp(t + i, "http://", 7) == 0 || strncmp(t + i, "https://", 8) == 0)) ||
            (end - i > 4 && strncmp(t + i, "www.", 4) == 0)) {
            uint32_t j = i;
            while (j < end && t[j] != ' ' && t[j] != '\n' && t[j] != '\t') j++;
            while (j > i && (t[j - 1] == '.' || t[j - 1] == ',' || t[j - 1] == ')' || t[j - 1] == '"')) j--;
            push(doc, s, j, pre);
            pre = 0;
            i = j;
            continue;
        }
        /* runs of the same punctuation: ... -- !! ?? */
        if (c == '.' || c == '-' || c == '!' || c == '?') {
            uint32_t j = nx;
            while (j < end && (t[j] == (char)c || ((c == '!' || c == '?') && (t[j] == '!' || t[j] == '?')))) j++;
            push(doc, s, j, pre);
            pre = 0;
            i = j;
            continue;
        }
        push(doc, s, nx, pre);
        pre = 0;
        i = nx;
    }
}

void nm_tokenize(nm_doc *doc)
{
    for (size_t p = 0; p < doc->paras.n; p++) {
        nm_paragraph *P = &doc->paras.v[p];
        nm_tokenize_range(doc, P->start, P->end, 1);
    }
}
