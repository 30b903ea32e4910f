/*
 * lexicon.h — word lists and word→value maps read from data files.
 *
 * Format (all of newsmill's lexicons): UTF-8 text, one entry per line; '#' starts a comment;
 * blank lines are ignored; an optional value follows the first TAB ("Gen.<TAB>title").
 * Look-ups are exact or ASCII-case-insensitive, chosen when the lexicon is loaded.
 * Once loaded a lexicon is immutable and safe to share between threads.
 */
#ifndef NM_LEXICON_H
#define NM_LEXICON_H

#include <stddef.h>
#include <stdint.h>

typedef struct nm_lexicon nm_lexicon;

enum { NM_LEX_EXACT = 0, NM_LEX_FOLD = 1 };

/* Parse text (len bytes). Never fails on content: malformed lines are taken as written.
 * Returns NULL only when out of memory. */
nm_lexicon *nm_lexicon_parse(const char *text, size_t len, int fold);
/* Load an embedded resource (see resources.h); NULL if it does not exist. */
nm_lexicon *nm_lexicon_load(const char *resource_name, int fold);
void nm_lexicon_free(nm_lexicon *lx);

/* The value of key (NULL-terminated, "" when the entry has no value), or NULL when absent. */
const char *nm_lexicon_get(const nm_lexicon *lx, const char *key, size_t keylen);
static inline int nm_lexicon_has(const nm_lexicon *lx, const char *key, size_t keylen)
{
    return nm_lexicon_get(lx, key, keylen) != NULL;
}
/* Look-ups that hash a key once for several lexicons (the NER gazetteers probe one token in many):
 * hash with nm_lexicon_hash in the fold mode of the lexicons, then probe each with
 * nm_lexicon_get_hashed; a lexicon of the other fold mode rehashes the key itself, so the result is
 * always that of nm_lexicon_get. nm_lexicon_hash_more extends a hash, so the keys "New",
 * "New York", "New York City" are hashed incrementally. */
static inline uint64_t nm_lexicon_hash_more(uint64_t h, const char *key, size_t keylen, int fold)
{
    for (size_t i = 0; i < keylen; i++) {
        unsigned char c = (unsigned char)key[i];
        if (fold && c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}
static inline uint64_t nm_lexicon_hash(const char *key, size_t keylen, int fold)
{
    return nm_lexicon_hash_more(0xcbf29ce484222325ULL, key, keylen, fold);
}
const char *nm_lexicon_get_hashed(const nm_lexicon *lx, uint64_t hash, int hash_fold, const char *key, size_t keylen);
int nm_lexicon_fold_mode(const nm_lexicon *lx);   /* NM_LEX_EXACT or NM_LEX_FOLD */
size_t nm_lexicon_size(const nm_lexicon *lx);
/* Iterate entries in file order: i from 0 to size-1. */
const char *nm_lexicon_key(const nm_lexicon *lx, size_t i);
const char *nm_lexicon_value(const nm_lexicon *lx, size_t i);

/* FNV-1a, shared by the hash tables of the project. */
static inline uint64_t nm_hash_bytes(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 0x100000001b3ULL; }
    return h;
}
#define NM_HASH_SEED 0xcbf29ce484222325ULL

#endif
