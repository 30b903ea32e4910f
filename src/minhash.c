/*
 * minhash.c — content fingerprints for the corpus store: an exact hash of the normalised text
 * (idempotent ingest: the same article under another id is not stored twice) and a MinHash
 * signature over word 4-shingles (near-duplicates: syndicated copies with small edits, a changed
 * headline, a trimmed tail). MinHash rather than SimHash because it estimates Jaccard overlap and
 * containment directly, which stays reliable on the short wire briefs where a two-word edit moves
 * a 64-bit SimHash by more bits than a safe threshold allows.
 */
#include "store.h"

#include <pthread.h>
#include <string.h>

/* SplitMix64 finaliser: a cheap, well-mixed 64-bit hash step. */
static uint64_t mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static int is_word_byte(unsigned char c) { return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
static unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c; }

int64_t nm_store_content_hash(const char *s, size_t n)
{
    /* FNV-1a over the words (ASCII case folded) separated by single spaces: whitespace and
     * punctuation-only differences do not change the hash. */
    uint64_t h = 0xcbf29ce484222325ULL;
    int in_word = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_word_byte(c)) {
            if (!in_word && any) { h ^= ' '; h *= 0x100000001b3ULL; }
            h ^= fold(c);
            h *= 0x100000001b3ULL;
            in_word = 1;
            any = 1;
        } else {
            in_word = 0;
        }
    }
    return (int64_t)mix64(h);
}

/* Per-function salts and odd multipliers, generated once from SplitMix64 (deterministic). */
static uint64_t SALT[NM_MINHASH_K], MULT[NM_MINHASH_K];
static pthread_once_t params_once = PTHREAD_ONCE_INIT;
/* K cheap hash functions derived from one well-mixed shingle hash: xor a per-function salt,
 * multiply by a per-function odd constant (a 64-bit multiplicative hash family), keep the minimum.
 * This loop is most of a signature's cost: on x86-64 CPUs with AVX-512 a copy compiled for it
 * (eight 64-bit products per instruction) is chosen once, at the first signature; the results
 * are the same integers either way. */
#define FOLD_BODY                                                  \
    for (int k = 0; k < NM_MINHASH_K; k++) {                       \
        uint64_t v = (sh ^ SALT[k]) * MULT[k];                     \
        minv[k] = v < minv[k] ? v : minv[k];                       \
    }
static void fold_generic(uint64_t *minv, uint64_t sh) { FOLD_BODY }
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#ifdef __clang__
__attribute__((target("avx512f,avx512dq")))
#else
__attribute__((target("avx512f,avx512dq"), optimize("tree-vectorize")))
#endif
static void fold_avx512(uint64_t *minv, uint64_t sh) { FOLD_BODY }
/* AVX2 has no 64-bit product or unsigned 64-bit minimum: the compiler builds them from 32-bit
 * products and signed compares, still ~2x fewer instructions than the scalar loop (CPUs without
 * AVX-512, and valgrind, which does not run AVX-512). */
#ifdef __clang__
__attribute__((target("avx2")))
#else
__attribute__((target("avx2"), optimize("tree-vectorize")))
#endif
static void fold_avx2(uint64_t *minv, uint64_t sh) { FOLD_BODY }
#endif
static void (*fold_shingle)(uint64_t *minv, uint64_t sh) = fold_generic; /* set once, in init_params */

static void init_params(void)
{
    for (int k = 0; k < NM_MINHASH_K; k++) {
        SALT[k] = mix64(0x5EED0000ULL + (uint64_t)k);
        MULT[k] = mix64(0xC0FFEE00ULL + (uint64_t)k) | 1;
    }
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) fold_shingle = fold_avx512;
    else if (__builtin_cpu_supports("avx2")) fold_shingle = fold_avx2;
#endif
}

/* The signature, and when content is not NULL nm_store_content_hash of the same text computed
 * in the same pass over its words (ingest needs both; one pass instead of two). */
static void minhash_words(const char *s, size_t n, uint32_t sig[NM_MINHASH_K], uint32_t *nshingles, int64_t *content)
{
    pthread_once(&params_once, init_params);
    uint64_t ch = 0xcbf29ce484222325ULL; /* the content hash, as in nm_store_content_hash */
    uint64_t minv[NM_MINHASH_K];
    for (int k = 0; k < NM_MINHASH_K; k++) minv[k] = UINT64_MAX;
    enum { W = 4 };
    uint64_t win[W] = {0};
    uint32_t words = 0, shingles = 0;
    size_t i = 0;
    for (;;) {
        while (i < n && !is_word_byte((unsigned char)s[i])) i++;
        if (i >= n) break;
        uint64_t h = 0xcbf29ce484222325ULL;
        if (content) {
            if (words) { ch ^= ' '; ch *= 0x100000001b3ULL; }
            while (i < n && is_word_byte((unsigned char)s[i])) {
                unsigned char c = fold((unsigned char)s[i++]);
                h ^= c;
                h *= 0x100000001b3ULL;
                ch ^= c;
                ch *= 0x100000001b3ULL;
            }
        } else {
            while (i < n && is_word_byte((unsigned char)s[i])) {
                h ^= fold((unsigned char)s[i++]);
                h *= 0x100000001b3ULL;
            }
        }
        memmove(win, win + 1, sizeof win - sizeof win[0]);
        win[W - 1] = h;
        words++;
        if (words < W) continue;
        uint64_t sh = mix64(win[0] ^ mix64(win[1] ^ mix64(win[2] ^ mix64(win[3]))));
        shingles++;
        fold_shingle(minv, sh);
    }
    if (words > 0 && words < W) { /* very short text: the whole text is one shingle */
        uint64_t sh = 0;
        for (uint32_t w = W - words; w < W; w++) sh = mix64(sh ^ win[w]);
        shingles = 1;
        for (int k = 0; k < NM_MINHASH_K; k++) minv[k] = (sh ^ SALT[k]) * MULT[k];
    }
    /* 16 bits per value keep the stored signature small; chance agreements (1 in 65536) do not
     * move a Jaccard estimate measurably */
    for (int k = 0; k < NM_MINHASH_K; k++) sig[k] = shingles ? (uint32_t)(minv[k] >> 48) : 0;
    *nshingles = shingles;
    if (content) *content = (int64_t)mix64(ch);
}

void nm_minhash(const char *s, size_t n, uint32_t sig[NM_MINHASH_K], uint32_t *nshingles)
{
    minhash_words(s, n, sig, nshingles, NULL);
}

void nm_store_fingerprint(const char *s, size_t n, uint32_t sig[NM_MINHASH_K], uint32_t *nshingles, int64_t *content)
{
    minhash_words(s, n, sig, nshingles, content);
}

double nm_minhash_jaccard(const uint32_t *a, const uint32_t *b)
{
    int same = 0;
    for (int k = 0; k < NM_MINHASH_K; k++) same += a[k] == b[k];
    return (double)same / NM_MINHASH_K;
}

double nm_minhash_containment(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
    if (!na || !nb) return 0;
    double j = nm_minhash_jaccard(a, b);
    /* |A∩B| = J (|A|+|B|) / (1+J); containment of the smaller in the larger */
    double inter = j * ((double)na + (double)nb) / (1.0 + j);
    double small = na < nb ? na : nb;
    double c = inter / small;
    return c > 1 ? 1 : c;
}
