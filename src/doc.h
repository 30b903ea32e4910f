/*
 * doc.h — the document model shared by every stage of the pipeline.
 *
 * One nm_doc holds one article: its normalised text and every annotation over it. The text is
 * UTF-8; all internal spans are byte offsets into doc->text, converted to Unicode code points
 * only when written out (nm_doc_cp). Everything is allocated in doc->arena.
 *
 * Pipeline order (see pipeline.c): text → tokens → paragraphs/sentences → structure →
 * entities → quotes, time, quantities → events, claims → key points.
 */
#ifndef NM_DOC_H
#define NM_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "newsmill.h"

/* ---- tokens ---- */
enum {
    NM_TF_ALPHA = 1 << 0,       /* contains a letter */
    NM_TF_DIGIT = 1 << 1,       /* contains a digit */
    NM_TF_UPPER = 1 << 2,       /* first character is an upper-case letter */
    NM_TF_ALLCAPS = 1 << 3,     /* all letters upper case (and at least one) */
    NM_TF_PUNCT = 1 << 4,       /* punctuation or symbol only */
    NM_TF_QUOTE = 1 << 5,       /* a quotation mark (" “ ” « » „ ‘ ’ ' used as a quote) */
    NM_TF_SPACE_BEFORE = 1 << 6,
    NM_TF_NEWLINE_BEFORE = 1 << 7,
    NM_TF_PARA_START = 1 << 8,  /* first token of a paragraph */
    NM_TF_SENT_START = 1 << 9,  /* first token of a sentence */
    NM_TF_ABBREV = 1 << 10,     /* word with a final period kept inside the token (Gen., U.S.) */
    NM_TF_NONASCII = 1 << 11,
    NM_TF_LOWER = 1 << 12,      /* first character is a lower-case letter */
};

typedef struct nm_token {
    uint32_t start, end;  /* byte offsets into doc->text */
    uint32_t sent;        /* sentence index (doc->sents) */
    uint16_t flags;       /* NM_TF_* */
    uint8_t pos;          /* coarse part of speech, filled by the tagger if any (0 = unknown) */
    uint8_t ner;          /* entity tag, filled by the entity stage (0 = O) */
} nm_token;

/* ---- paragraphs and sentences ---- */
typedef enum {
    NM_ROLE_BODY = 0,
    NM_ROLE_TITLE,
    NM_ROLE_HEADING,
    NM_ROLE_KEYPOINTS_LABEL, /* "KEY POINTS", "Story highlights" */
    NM_ROLE_KEYPOINT,        /* a line of an existing key-points block */
    NM_ROLE_POST,            /* the text of an embedded social-media post */
    NM_ROLE_POST_ATTRIB,     /* its "— Name (@handle) date" line */
    NM_ROLE_BYLINE,
    NM_ROLE_DATELINE,        /* only used for the dateline span inside the first body paragraph */
} nm_role;

typedef struct nm_paragraph {
    uint32_t start, end;           /* byte span, trimmed */
    uint32_t sent_begin, sent_end; /* sentences [begin, end) */
    uint8_t role;                  /* nm_role */
    uint8_t bullet;                /* starts with a list bullet */
    uint8_t blank_before;          /* preceded by a blank line (or is the first paragraph) */
} nm_paragraph;

typedef struct nm_sentence {
    uint32_t start, end;         /* byte span, trimmed */
    uint32_t tok_begin, tok_end; /* tokens [begin, end) */
    uint32_t para;
    int32_t body_index;          /* index among body sentences (the JSON "sentences" array), or -1 */
    uint8_t role;                /* nm_role, inherited from the paragraph */
} nm_sentence;

typedef struct nm_span {
    uint32_t start, end; /* bytes; start == end == 0 with set == 0 means absent */
    int set;
} nm_span;

typedef struct nm_post {
    nm_span text, author, handle, date, attribution;
    uint32_t para_begin, para_end; /* paragraphs of the post text */
} nm_post;

typedef struct nm_date {
    int y, m, d;            /* y == 0: unknown */
    const char *source;     /* "given", "dateline", "post", "text", NULL */
} nm_date;

/* Stage results: each stage defines its own struct in its header; the document holds pointers. */
struct nm_entity_set;
struct nm_quote_set;
struct nm_timex_set;
struct nm_quantity_set;
struct nm_event_set;
struct nm_claim_set;
struct nm_keypoint_set;

struct nm_doc {
    nm_arena arena;
    const nm_engine *eng;

    const char *id;      /* NUL-terminated copies in the arena, NULL when absent */
    const char *url;
    const char *title;   /* from metadata, or the text of the title paragraph */
    nm_span title_span;  /* when the title is part of the text */
    nm_date date;        /* reference (publication) date */

    char *text;          /* normalised UTF-8 text, NUL-terminated */
    uint32_t len;        /* bytes */
    uint32_t *cp;        /* cp[i] = code point index of byte i; cp[len] = number of code points */
    uint32_t ncp;

    NM_VEC(nm_token) toks;
    NM_VEC(nm_paragraph) paras;
    NM_VEC(nm_sentence) sents;
    uint32_t nbody;      /* number of body sentences */

    /* structure */
    nm_span dateline;
    nm_span keypoints_label;
    NM_VEC(nm_span) headings;
    NM_VEC(nm_span) key_points;
    NM_VEC(nm_post) posts;
    NM_VEC(nm_span) bylines;

    /* input problems */
    uint32_t invalid_bytes, nul_bytes;
    NM_VEC(const char *) warnings;

    struct nm_entity_set *entities;
    struct nm_quote_set *quotes;
    struct nm_timex_set *timex;
    struct nm_quantity_set *quantities;
    struct nm_event_set *events;
    struct nm_claim_set *claims;
    struct nm_keypoint_set *keypoints;
};

/* Code-point offset of byte offset b. */
static inline uint32_t nm_doc_cp(const nm_doc *d, uint32_t b) { return d->cp[b > d->len ? d->len : b]; }

/* Record a warning (printf-style); kept in the arena, reported in JSON and on stderr by the CLI. */
void nm_doc_warn(nm_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Token helpers */
static inline const char *nm_tok_str(const nm_doc *d, const nm_token *t) { return d->text + t->start; }
static inline uint32_t nm_tok_len(const nm_token *t) { return t->end - t->start; }
/* Text a[0,n) equals the NUL-terminated ASCII word s, ASCII case-insensitively: what
 * n == strlen(s) && strncasecmp(a, s, n) == 0 says, without library calls (these probes run for
 * most tokens in several stages). Inline, so strlen of a literal is a constant and most probes stop
 * at the length check. */
static inline __attribute__((always_inline)) int nm_text_is_ci(const char *a, size_t n, const char *s)
{
    /* s not a literal (a word list walked in a loop): no strlen, which would read all of s; the
     * first differing byte, usually the first, ends the comparison, and s must end at n */
    int known = __builtin_constant_p(__builtin_strlen(s));
    if (known && __builtin_strlen(s) != n) return 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char x = (unsigned char)a[k], y = (unsigned char)s[k];
        if (!known && !y) return 0;
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return 0;
    }
    return known || !s[n];
}

/* Compare token text with a C string: exact, or ASCII case-insensitive. Inline for the reason
 * nm_text_is_ci is: a literal's length is a constant, and a word list needs no strlen. */
static inline __attribute__((always_inline)) int nm_tok_is(const nm_doc *d, const nm_token *t, const char *s)
{
    const char *a = d->text + t->start;
    size_t n = t->end - t->start;
    if (__builtin_constant_p(__builtin_strlen(s))) return __builtin_strlen(s) == n && memcmp(a, s, n) == 0;
    for (size_t k = 0; k < n; k++)
        if (a[k] != s[k] || !s[k]) return 0;
    return !s[n];
}
/* The first n bytes of a and b are equal, ASCII case-insensitively (strncasecmp without the locale
 * and the call). */
static inline __attribute__((always_inline)) int nm_ascii_ieq(const char *a, const char *b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char x = (unsigned char)a[k], y = (unsigned char)b[k];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return 0;
    }
    return 1;
}

/* The first token whose end is after byte b: the token holding b, or the next one (d->toks.n when
 * none). */
static inline uint32_t nm_tok_at_byte(const nm_doc *d, uint32_t b)
{
    size_t lo = 0, hi = d->toks.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->toks.v[mid].end <= b) lo = mid + 1;
        else hi = mid;
    }
    return (uint32_t)lo;
}

static inline int nm_tok_is_ci(const nm_doc *d, const nm_token *t, const char *s)
{
    return nm_text_is_ci(d->text + t->start, t->end - t->start, s);
}
/* Whether the sentence is a body sentence (the material later stages summarise). */
static inline int nm_sent_is_body(const nm_sentence *s) { return s->role == NM_ROLE_BODY; }

#endif
