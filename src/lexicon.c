/*
 * lexicon.c — open-addressing hash of lexicon entries (see lexicon.h).
 */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "resources.h"

struct nm_lexicon {
    char **keys, **vals;   /* entries in file order */
    uint32_t *lens;        /* key lengths */
    uint64_t *hashes;      /* key hashes, compared before the bytes */
    size_t n;
    uint32_t *slots;       /* index+1 into keys, 0 = empty */
    size_t nslots;         /* power of two */
    int fold;
    char *store;           /* one allocation holding all strings */
};

static inline unsigned char fold_c(unsigned char c, int fold)
{
    return (fold && c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static uint64_t key_hash(const char *k, size_t n, int fold)
{
    uint64_t h = NM_HASH_SEED;
    for (size_t i = 0; i < n; i++) { h ^= fold_c((unsigned char)k[i], fold); h *= 0x100000001b3ULL; }
    return h;
}

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
    lx->slots = calloc(lx->nslots, sizeof(uint32_t));
    lx->lens = malloc((lx->n + 1) * sizeof(uint32_t));
    lx->hashes = malloc((lx->n + 1) * sizeof(uint64_t));
    if (!lx->slots || !lx->lens || !lx->hashes) { nm_lexicon_free(lx); return NULL; }
    for (size_t i = 0; i < lx->n; i++) {
        size_t kl = strlen(lx->keys[i]);
        lx->lens[i] = (uint32_t)kl;
        lx->hashes[i] = key_hash(lx->keys[i], kl, fold);
        size_t s = lx->hashes[i] & (lx->nslots - 1);
        int dup = 0;
        while (lx->slots[s]) {
            /* first entry wins, so an earlier line is never silently overridden */
            uint32_t o = lx->slots[s] - 1;
            if (lx->hashes[o] == lx->hashes[i] && lx->lens[o] == kl && key_eq(lx->keys[o], lx->keys[i], kl, fold)) {
                dup = 1;
                break;
            }
            s = (s + 1) & (lx->nslots - 1);
        }
        if (!dup) lx->slots[s] = (uint32_t)(i + 1);
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
    free(lx->lens);
    free(lx->hashes);
    free(lx->store);
    free(lx);
}

const char *nm_lexicon_get(const nm_lexicon *lx, const char *key, size_t keylen)
{
    if (!lx || !lx->n) return NULL;
    uint64_t h = key_hash(key, keylen, lx->fold);
    size_t s = h & (lx->nslots - 1);
    while (lx->slots[s]) {
        uint32_t i = lx->slots[s] - 1;
        if (lx->hashes[i] == h && lx->lens[i] == keylen && key_eq(lx->keys[i], key, keylen, lx->fold)) return lx->vals[i];
        s = (s + 1) & (lx->nslots - 1);
    }
    return NULL;
}

size_t nm_lexicon_size(const nm_lexicon *lx) { return lx ? lx->n : 0; }
const char *nm_lexicon_key(const nm_lexicon *lx, size_t i) { return lx->keys[i]; }
const char *nm_lexicon_value(const nm_lexicon *lx, size_t i) { return lx->vals[i]; }
