/*
 * quotes.h — the quotations layer: who said what, and where.
 *
 * The quotes stage (quotes.c) pairs quote marks, attaches each quotation to a cue verb and a
 * speaker phrase by syntactic position (quote, cue, speaker / speaker, cue, quote / colon intro /
 * "according to X"), finds reported speech without marks, and resolves the speaker phrase to an
 * entity of the entity layer. Later stages (claims, events, key points) read nm_quote_set.
 */
#ifndef NM_QUOTES_H
#define NM_QUOTES_H

#include <stdint.h>

#include "doc.h"

typedef enum {
    NM_QUOTE_DIRECT = 0, /* a quoted sentence or more (also multi-paragraph and block quotes) */
    NM_QUOTE_PARTIAL,    /* a quoted fragment inside a reporting sentence */
    NM_QUOTE_POST,       /* the text of an embedded social-media post */
    NM_QUOTE_INDIRECT,   /* reported speech without quote marks: the reported clause */
} nm_quote_kind;

typedef struct nm_quote {
    uint32_t start, end;     /* bytes of the content, quote marks excluded */
    const char *text;        /* the content as written out (arena; pieces of a multi-paragraph
                                quote joined by a space), NUL-terminated */
    uint32_t sent;           /* sentence (doc->sents index) where the quote starts */
    uint32_t para;           /* paragraph where the quote starts */
    uint8_t kind;            /* nm_quote_kind */
    int32_t group;           /* fragments of one interrupted quote ("A," he said. "B.") share it */
    int32_t entity;          /* speaker entity (nm_entity_set index) or -1 */
    const char *name;        /* speaker name (entity's canonical name or the name in the text);
                                NULL for an unnamed source or an unknown speaker */
    nm_span speaker;         /* the speaker phrase as written ("he", "a senior official") */
    nm_span cue;             /* cue verb ("said", "according to", ":") */
    nm_span addressee;       /* "journalists" in "told journalists" */
} nm_quote;

typedef struct nm_quote_set {
    NM_VEC(nm_quote) v;      /* in text order */
} nm_quote_set;

static inline const char *nm_quote_kind_name(int k)
{
    static const char *const names[] = {"direct", "partial", "post", "indirect"};
    return k >= 0 && k <= NM_QUOTE_INDIRECT ? names[k] : "direct";
}

#endif
