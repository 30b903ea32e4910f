/*
 * actors.h — actor recognition for event coding: which noun phrases of a sentence name a political
 * actor, and what its CAMEO actor code is (country + sector: USAGOV, RUSMIL, IGOEUREEC, ---REB).
 *
 * Works from dictionaries alone, PETRARCH-style, so it does not depend on a parser or on the entity
 * layer: the built-in lexicons (countries.txt, cameo-agents.txt, cameo-actors.txt, cameo-igos.txt)
 * plus any PETRARCH/TABARI actor and agent dictionaries the user loads (--actors / --agents). When
 * the entity layer has tagged a person with a country and sector, that code is used as well.
 *
 * The dictionary is a hash table of folded phrases (words joined by one space); recognition is a
 * longest-match scan over tokens, so a sentence costs a few hash look-ups per token.
 */
#ifndef NM_ACTORS_H
#define NM_ACTORS_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef enum {
    NM_ACT_COUNTRY = 1, /* a country or IGO code on its own: "Russia", "Kremlin", "Russian" */
    NM_ACT_ACTOR,       /* a named actor with a full code: "Obama" → USAGOV, "Hamas" → PSEREB */
    NM_ACT_AGENT,       /* a sector word: "government" → GOV, "troops" → MIL */
} nm_actor_kind;

enum {
    NM_ACT_CASE_ANY = 0,   /* any case */
    NM_ACT_CASE_CAP = 1,   /* some token of the phrase must be capitalised (Turkey, Chad) */
    NM_ACT_CASE_EXACT = 2, /* exact case (US, UN: "us" is a pronoun) */
};

typedef struct nm_actor_code {
    const char *code;      /* "USAGOV"; for agents the sector ("GOV") */
    int32_t from, to;      /* valid dates as YYYYMMDD; 0 = open */
} nm_actor_code;

typedef struct nm_actor_def {
    const char *phrase;    /* folded key */
    const char *orig;      /* as written in the dictionary (for exact-case checks) */
    uint8_t kind;          /* nm_actor_kind */
    uint8_t casing;        /* NM_ACT_CASE_* */
    uint8_t agent_prefix;  /* agents: "NGO~" (goes before the country) rather than "~GOV" */
    uint8_t stem;          /* PETRARCH entries without a final '_': Eriador also matches Eriadorian */
    uint8_t user;          /* from a user dictionary: wins over the built-in lexicons */
    uint8_t city;          /* a capital or seat used as a metonym ("Moscow"): "students in Moscow" are not RUSEDU */
    uint8_t demonym;       /* a nationality adjective ("British", "Iranian"): before a plain noun it is a modifier */
    uint8_t ncodes;
    uint16_t plen;         /* strlen(phrase) */
    nm_actor_code codes[6];
} nm_actor_def;

typedef struct nm_actor_dict nm_actor_dict;

nm_actor_dict *nm_actor_dict_new(void);
void nm_actor_dict_free(nm_actor_dict *ad);
/* Add the built-in lexicons (embedded resources). Returns 0, or -1 with a message in err. */
int nm_actor_dict_add_builtin(nm_actor_dict *ad, char *err, size_t errlen);
/* Read a PETRARCH/TABARI actor dictionary (NAME [CODE], +SYNONYM lines, dated code blocks
 * [CODE <YYMMDD], comments '#' and <!-- -->). Never fails on content; returns the number of
 * entries added, or -1 when out of memory. */
int nm_actor_dict_read_actors(nm_actor_dict *ad, const char *text, size_t len);
/* The dictionaries' line reader, shared by every PETRARCH/TABARI reader: the next line with content
 * as [result, result + *n) from text[*pos...], '#' comments removed, blanks trimmed, "<!-- -->"
 * blocks skipped (*in_comment, initially 0, carries an open block across lines); NULL at the end. */
const char *nm_dict_next_entry(const char *text, size_t len, size_t *pos, size_t *n, int *in_comment);
/* Read a PETRARCH/TABARI agent dictionary (NAME {PLURAL} [~CODE] or [CODE~], !MACRO! = A, B). */
int nm_actor_dict_read_agents(nm_actor_dict *ad, const char *text, size_t len);
size_t nm_actor_dict_size(const nm_actor_dict *ad);
/* The CAMEO code of an IGO short code from countries.txt ("EU" → IGOEUREEC), or NULL. */
const char *nm_actor_igo_code(const nm_actor_dict *ad, const char *igo);

/* Longest dictionary phrase starting at token i (tokens [i, end)); returns its length in tokens
 * (0: none) and the definition in *out. */
uint32_t nm_actor_match(const nm_actor_dict *ad, const nm_doc *d, uint32_t i, uint32_t end,
                        const nm_actor_def **out);
/* Folded tokens of one document, computed once by a caller that matches at every token (the
 * events stage), so that matching neither re-folds nor re-hashes a token per position. */
typedef struct nm_actor_tok_cache {
    const char *buf;        /* the folded tokens (nm_actor_fold), each NUL-terminated */
    const uint32_t *off;    /* per token: offset of its folded form in buf */
    const uint8_t *len;     /* per token: length of its folded form */
    const uint64_t *hash;   /* per token: nm_hash_bytes(folded, len, NM_HASH_SEED) */
    uint32_t max_len;       /* only tokens with nm_tok_len < max_len (<= 256) are cached */
} nm_actor_tok_cache;
/* nm_actor_match with the document's folded tokens (tc may be NULL); same result. */
uint32_t nm_actor_match_cached(const nm_actor_dict *ad, const nm_doc *d, uint32_t i, uint32_t end,
                               const nm_actor_tok_cache *tc, const nm_actor_def **out);
/* The k-th code of def valid on date ymd (YYYYMMDD, 0 = any), or NULL when none is left. */
const char *nm_actor_code_at(const nm_actor_def *def, int32_t ymd, int k);

/* Fold a token into buf (ASCII lower case, curly apostrophe → '), returns the length. */
size_t nm_actor_fold(const char *s, size_t n, char *buf, size_t cap);

#endif
