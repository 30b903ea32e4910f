/*
 * lexicon.c — open-addressing hash of lexicon entries (see lexicon.h).
 */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "resources.h"

/* What a probe needs of an entry, in one place: a look-up that hits touches its slot, this entry
 * and the key bytes, nothing else. */
typedef struct lex_entry {
    uint64_t hash;
    const char *key, *val;
    uint32_t len;
} lex_entry;

/* A slot: the upper half of the key's hash as a tag, so a probe rejects other keys without leaving
 * the (small, 8-byte) slot array; index+1 into entries, 0 = empty. */
typedef struct lex_slot {
    uint32_t tag, idx1;
} lex_slot;

struct nm_lexicon {
    char **keys, **vals;   /* entries in file order */
    lex_entry *entries;    /* the same entries, with hash and length */
    size_t n;
    lex_slot *slots;
    size_t nslots;         /* power of two */
    int fold;
    char *store;           /* one allocation holding all strings */
};

static inline unsigned char fold_c(unsigned char c, int fold)
{
    return (fold && c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static uint64_t key_hash(const char *k, size_t n, int fold) { return nm_lexicon_hash_more(NM_HASH_SEED, k, n, fold); }

static int key_eq(const char *a, const char *b, size_t n, int fold)
{
    if (!fold) return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (fold_c((unsigned char)a[i], 1) != fold_c((unsigned char)b[i], 1)) return 0;
    return 1;
}

nm_lexicon *nm_lexicon_parse(const char *text, size_t len, int fold)
{
    nm_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) return NULL;
    lx->fold = fold;
    lx->store = malloc(len + 1);
    size_t cap = 64;
    lx->keys = malloc(cap * sizeof(char *));
    lx->vals = malloc(cap * sizeof(char *));
    if (!lx->store || !lx->keys || !lx->vals) { nm_lexicon_free(lx); return NULL; }
    memcpy(lx->store, text, len);
    lx->store[len] = '\0';
    char *p = lx->store, *end = lx->store + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        *le = '\0';
        char *hash = strchr(p, '#');
        /* '#' starts a comment only at line start or after whitespace, so "C#" stays an entry */
        while (hash && hash != p && hash[-1] != ' ' && hash[-1] != '\t') hash = strchr(hash + 1, '#');
        if (hash) *hash = '\0';
        char *tab = strchr(p, '\t');
        char *val = "";
        if (tab) { *tab = '\0'; val = tab + 1; }
        /* trim */
        char *ke = p + strlen(p);
        while (ke > p && (ke[-1] == ' ' || ke[-1] == '\r' || ke[-1] == '\t')) *--ke = '\0';
        while (*p == ' ') p++;
        if (tab) {
            char *ve = val + strlen(val);
            while (ve > val && (ve[-1] == ' ' || ve[-1] == '\r' || ve[-1] == '\t')) *--ve = '\0';
            while (*val == ' ' || *val == '\t') val++;
        }
        if (*p) {
            if (lx->n == cap) {
                cap *= 2;
                char **nk = realloc(lx->keys, cap * sizeof(char *));
                if (nk) lx->keys = nk;
                char **nv = realloc(lx->vals, cap * sizeof(char *));
                if (nv) lx->vals = nv;
                if (!nk || !nv) { nm_lexicon_free(lx); return NULL; }
            }
            lx->keys[lx->n] = p;
            lx->vals[lx->n] = val;
            lx->n++;
        }
        p = le + 1;
    }
    lx->nslots = 16;
    while (lx->nslots < lx->n * 2 + 1) lx->nslots *= 2;
    lx->slots = calloc(lx->nslots, sizeof *lx->slots);
    lx->entries = malloc((lx->n + 1) * sizeof *lx->entries);
    if (!lx->slots || !lx->entries) { nm_lexicon_free(lx); return NULL; }
    for (size_t i = 0; i < lx->n; i++) {
        lex_entry *e = &lx->entries[i];
        size_t kl = strlen(lx->keys[i]);
        e->key = lx->keys[i];
        e->val = lx->vals[i];
        e->len = (uint32_t)kl;
        e->hash = key_hash(lx->keys[i], kl, fold);
        size_t s = e->hash & (lx->nslots - 1);
        int dup = 0;
        while (lx->slots[s].idx1) {
            /* first entry wins, so an earlier line is never silently overridden */
            const lex_entry *o = &lx->entries[lx->slots[s].idx1 - 1];
            if (o->hash == e->hash && o->len == kl && key_eq(o->key, e->key, kl, fold)) {
                dup = 1;
                break;
            }
            s = (s + 1) & (lx->nslots - 1);
        }
        if (!dup) {
            lx->slots[s].tag = (uint32_t)(e->hash >> 32);
            lx->slots[s].idx1 = (uint32_t)(i + 1);
        }
    }
    return lx;
}

nm_lexicon *nm_lexicon_load(const char *resource_name, int fold)
{
    size_t len;
    const char *t = nm_resource(resource_name, &len);
    if (!t) return NULL;
    return nm_lexicon_parse(t, len, fold);
}

void nm_lexicon_free(nm_lexicon *lx)
{
    if (!lx) return;
    free(lx->keys);
    free(lx->vals);
    free(lx->slots);
    free(lx->entries);
    free(lx->store);
    free(lx);
}

static const char *get_hashed(const nm_lexicon *lx, uint64_t h, const char *key, size_t keylen)
{
    uint32_t tag = (uint32_t)(h >> 32);
    size_t s = h & (lx->nslots - 1);
    while (lx->slots[s].idx1) {
        if (lx->slots[s].tag == tag) {
            const lex_entry *e = &lx->entries[lx->slots[s].idx1 - 1];
            if (e->hash == h && e->len == keylen && key_eq(e->key, key, keylen, lx->fold)) return e->val;
        }
        s = (s + 1) & (lx->nslots - 1);
    }
    return NULL;
}

const char *nm_lexicon_get(const nm_lexicon *lx, const char *key, size_t keylen)
{
    if (!lx || !lx->n) return NULL;
    return get_hashed(lx, key_hash(key, keylen, lx->fold), key, keylen);
}

const char *nm_lexicon_get_hashed(const nm_lexicon *lx, uint64_t hash, int hash_fold, const char *key, size_t keylen)
{
    if (!lx || !lx->n) return NULL;
    if (hash_fold != lx->fold) hash = key_hash(key, keylen, lx->fold);
    return get_hashed(lx, hash, key, keylen);
}

int nm_lexicon_fold_mode(const nm_lexicon *lx) { return lx ? lx->fold : NM_LEX_EXACT; }

size_t nm_lexicon_size(const nm_lexicon *lx) { return lx ? lx->n : 0; }
const char *nm_lexicon_key(const nm_lexicon *lx, size_t i) { return lx->keys[i]; }
const char *nm_lexicon_value(const nm_lexicon *lx, size_t i) { return lx->vals[i]; }
