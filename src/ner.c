/*
 * ner.c — the named-entity tagger (see ner.h): feature extraction shared with the trainer, the
 * embedded model's hash table, and constrained Viterbi decoding.
 *
 * Features are hashed (64-bit, then a 32-bit key) rather than interned as strings so that tagging
 * needs no allocation and no string building per token; the model keeps only the features that the
 * trainer found useful, so a lookup miss simply contributes nothing.
 */
#include "ner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "resources.h"

static const char *const LABEL_NAMES[NM_NER_NLABELS] = {"O",     "B-PER", "I-PER",  "B-ORG", "I-ORG",
                                                        "B-LOC", "I-LOC", "B-MISC", "I-MISC"};

const char *nm_ner_label_name(int label)
{
    return label >= 0 && label < NM_NER_NLABELS ? LABEL_NAMES[label] : "O";
}

int nm_ner_label_parse(const char *s, size_t n)
{
    if (n == 1 && s[0] == 'O') return NM_NER_O;
    if (n < 3 || s[1] != '-' || (s[0] != 'B' && s[0] != 'I' && s[0] != 'E' && s[0] != 'S' && s[0] != 'L' && s[0] != 'U'))
        return -1;
    const char *t = s + 2;
    size_t tn = n - 2;
    int cls = 0;
    if (tn == 3 && !memcmp(t, "PER", 3)) cls = 1;
    else if (tn == 3 && !memcmp(t, "ORG", 3)) cls = 2;
    else if (tn == 3 && !memcmp(t, "LOC", 3)) cls = 3;
    else if (tn == 4 && !memcmp(t, "MISC", 4)) cls = 4;
    else return -1;
    int begin = s[0] == 'B' || s[0] == 'S' || s[0] == 'U';
    return begin ? 2 * cls - 1 : 2 * cls;
}

int nm_ner_allowed(int prev, int cur)
{
    if (cur == NM_NER_O || nm_ner_is_begin(cur)) return 1;
    /* I-X continues B-X or I-X only */
    return prev != NM_NER_NLABELS && prev != NM_NER_O && nm_ner_class(prev) == nm_ner_class(cur);
}

/* ---- model ---- */

/* The first words of the country, city and region names, so that a capitalised word that begins
 * none of them needs one look-up, not three per candidate name. NULL when out of memory or when a
 * first word would not read back as written (the filter must never drop a match). */
static void build_dict_table(nm_ner_model *m);

static nm_lexicon *first_words(const nm_ner_model *m)
{
    const nm_lexicon *lists[3] = {m->countries, m->cities, m->regions};
    size_t cap = 1, len = 0;
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < nm_lexicon_size(lists[l]); i++) cap += strlen(nm_lexicon_key(lists[l], i)) + 1;
    char *text = malloc(cap);
    if (!text) return NULL;
    for (int l = 0; l < 3; l++)
        for (size_t i = 0; i < nm_lexicon_size(lists[l]); i++) {
            const char *k = nm_lexicon_key(lists[l], i);
            size_t kl = strcspn(k, " ");
            memcpy(text + len, k, kl);
            len += kl;
            text[len++] = '\n';
        }
    nm_lexicon *heads = nm_lexicon_parse(text, len, NM_LEX_EXACT);
    free(text);
    for (int l = 0; heads && l < 3; l++)
        for (size_t i = 0; i < nm_lexicon_size(lists[l]); i++) {
            const char *k = nm_lexicon_key(lists[l], i);
            if (!nm_lexicon_has(heads, k, strcspn(k, " "))) { nm_lexicon_free(heads); return NULL; }
        }
    return heads;
}

nm_ner_model *nm_ner_new(char *err, size_t errlen)
{
    nm_ner_model *m = calloc(1, sizeof *m);
    if (!m) { if (err) snprintf(err, errlen, "out of memory"); return NULL; }
    m->countries = nm_lexicon_load("lexicons/countries.txt", NM_LEX_EXACT);
    m->cities = nm_lexicon_load("lexicons/gazetteer-cities.txt", NM_LEX_EXACT);
    m->regions = nm_lexicon_load("lexicons/gazetteer-regions.txt", NM_LEX_EXACT);
    m->firstnames = nm_lexicon_load("lexicons/gazetteer-firstnames.txt", NM_LEX_EXACT);
    m->orgwords = nm_lexicon_load("lexicons/gazetteer-orgwords.txt", NM_LEX_EXACT);
    m->titles = nm_lexicon_load("lexicons/titles.txt", NM_LEX_FOLD);
    m->words = nm_lexicon_load("lexicons/gazetteer-words.txt", NM_LEX_FOLD);
    if (m->titles) {
        /* first words of the titles, so most words need one look-up, not four */
        size_t nt = nm_lexicon_size(m->titles), cap = 1, len = 0;
        for (size_t i = 0; i < nt; i++) cap += strlen(nm_lexicon_key(m->titles, i)) + 1;
        char *heads = malloc(cap);
        if (heads) {
            for (size_t i = 0; i < nt; i++) {
                const char *k = nm_lexicon_key(m->titles, i);
                size_t kl = strcspn(k, " ");
                memcpy(heads + len, k, kl);
                len += kl;
                heads[len++] = '\n';
            }
            m->title_heads = nm_lexicon_parse(heads, len, NM_LEX_FOLD);
            free(heads);
        }
    }
    if (m->countries && m->cities && m->regions) m->gaz_heads = first_words(m);
    if (m->words) build_dict_table(m);
    if (!m->countries || !m->cities || !m->regions || !m->firstnames || !m->orgwords || !m->titles || !m->title_heads || !m->words) {
        if (err) snprintf(err, errlen, "cannot load the NER gazetteers (data/lexicons/gazetteer-*.txt, titles.txt, countries.txt)");
        nm_ner_free(m);
        return NULL;
    }
    return m;
}

void nm_ner_free(nm_ner_model *m)
{
    if (!m) return;
    nm_lexicon_free(m->countries);
    nm_lexicon_free(m->cities);
    nm_lexicon_free(m->regions);
    nm_lexicon_free(m->firstnames);
    nm_lexicon_free(m->orgwords);
    nm_lexicon_free(m->titles);
    nm_lexicon_free(m->title_heads);
    nm_lexicon_free(m->gaz_heads);
    nm_lexicon_free(m->words);
    free(m->dict);
    free(m->slot_tag);
    free(m->slot_w);
    free(m->dense);
    free(m->dense2);
    free(m->freq);
    free(m->freq_slots);
    free(m->freq_chars);
    free(m->owned);
    free(m);
}

static int build_fast_tables(nm_ner_model *m);
static int build_freq_table(nm_ner_model *m, const char *list, size_t len);

/* The dictionary class nm_ner_prepare gives a word: bit 0 'w' (common word), bit 1 'P' (proper
 * noun) in the entry's value. */
static uint8_t dict_class_of(const char *value)
{
    return !value ? 0 : (uint8_t)((strchr(value, 'w') ? 1 : 0) | (strchr(value, 'P') ? 2 : 0));
}

/* One slot of the dictionary-class table: a key of `words` (NULL = empty slot), its case-folded
 * lexicon hash and its class. Why a table of its own: the lexicon's slots are private, and a rare
 * word's look-up is a cache miss; with the hash known here nm_ner_prepare fetches the slot two
 * words ahead. Semantics are the lexicon's (ASCII case folded, the first entry of a key wins). */
enum { DICT_INLINE = 13 };
typedef struct nm_ner_dict_slot {
    uint64_t hash;
    const char *key;                               /* points into `words`, which outlives the table */
    uint16_t len;
    uint8_t cls;
    char inl[DICT_INLINE];                         /* a copy of a short key, so a hit reads one line */
} nm_ner_dict_slot;

static int fold_eq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return 0;
    }
    return 1;
}

static uint8_t dict_find(const nm_ner_model *m, uint64_t h, const char *s, uint32_t len)
{
    for (uint32_t i = (uint32_t)h & m->dict_mask; m->dict[i].key; i = (i + 1) & m->dict_mask) {
        const nm_ner_dict_slot *d = &m->dict[i];
        if (d->hash == h && d->len == len && fold_eq(len <= DICT_INLINE ? d->inl : d->key, s, len)) return d->cls;
    }
    return 0;
}

/* Fills m->dict from m->words (on failure leaves it NULL: the lexicon is used instead). */
static void build_dict_table(nm_ner_model *m)
{
    if (nm_lexicon_fold_mode(m->words) != NM_LEX_FOLD) return;
    size_t n = nm_lexicon_size(m->words), cap = 1024;
    while (cap < n * 2) cap *= 2;
    if (cap > ((size_t)1 << 30)) return;
    m->dict = aligned_alloc(sizeof *m->dict, cap * sizeof *m->dict); /* a slot never straddles two lines */
    if (m->dict) memset(m->dict, 0, cap * sizeof *m->dict);
    if (!m->dict) return;
    m->dict_mask = (uint32_t)(cap - 1);
    for (size_t k = 0; k < n; k++) {
        const char *key = nm_lexicon_key(m->words, k);
        size_t len = strlen(key);
        uint64_t h = nm_lexicon_hash(key, len, NM_LEX_FOLD);
        uint32_t i = (uint32_t)h & m->dict_mask;
        while (m->dict[i].key && !(m->dict[i].hash == h && m->dict[i].len == len && fold_eq(m->dict[i].key, key, len)))
            i = (i + 1) & m->dict_mask;
        if (m->dict[i].key) continue; /* a key seen before: the first entry wins */
        if (len > UINT16_MAX) continue;  /* no word is that long: such a key never matches one */
        m->dict[i] = (nm_ner_dict_slot){.hash = h, .key = key, .len = (uint16_t)len, .cls = dict_class_of(nm_lexicon_value(m->words, k))};
        if (len <= DICT_INLINE) memcpy(m->dict[i].inl, key, len);
    }
}

enum { TAG_PAD = 16 };

/* A zeroed table for random access, on huge pages where the system allows it: the weight table is
 * a few megabytes probed at random, and with 4 KB pages most probes would also miss the TLB.
 * Freed with free(). */
static void *table_alloc(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    if (bytes < huge) return calloc(1, bytes);
    bytes = (bytes + huge - 1) & ~(huge - 1);
    void *p = NULL;
    if (posix_memalign(&p, huge, bytes) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* advice only: no huge pages is fine */
#endif
    memset(p, 0, bytes);
    return p;
}

/* The slot tag of a key: its top byte (the slot comes from the low bits), never 0. */
static inline uint8_t key_tag(uint32_t key) { return (uint8_t)((key >> 24) | 1u); }
static inline uint32_t slot_key(const nm_ner_model *m, uint32_t s)
{
    uint32_t k;
    memcpy(&k, m->slot_w + (size_t)s * NM_NER_SLOT, sizeof k);
    return k;
}

/* Model file: "NMNER002", u32 nfeat, u32 nlabels, f32 scale[2], f32 trans[2][(L+1)*L],
 * u32 keys[nfeat] (sorted), i16 w[nfeat][2L] (stage 1, stage 2), little-endian. */
int nm_ner_set_weights(nm_ner_model *m, const void *bytes, size_t len, char *err, size_t errlen)
{
    const unsigned char *p = bytes;
    const size_t L = NM_NER_NLABELS;
    size_t head = 8 + 4 + 4 + 8 + 4 * 2 * (L + 1) * L;
    if (len < head || memcmp(p, "NMNER002", 8) != 0) {
        if (err) snprintf(err, errlen, "NER model: bad header");
        return -1;
    }
    uint32_t nfeat, nl;
    memcpy(&nfeat, p + 8, 4);
    memcpy(&nl, p + 12, 4);
    memcpy(m->scale, p + 16, 8);
    if (nl != L || len != head + (size_t)nfeat * 4 + (size_t)nfeat * 2 * L * 2 || ((uintptr_t)p & 3)) {
        if (err) snprintf(err, errlen, "NER model: size or label count mismatch");
        return -1;
    }
    memcpy(m->trans, p + 24, 4 * 2 * (L + 1) * L);
    for (int st = 0; st < 2; st++)
        for (int a = 0; a < (int)L; a++)
            for (int b = 0; b < 12; b++) {
                /* a, b: predecessor and label (fwd); label and predecessor (col) */
                if (b < 8) m->vtrans[st].fwd[b / 4][a][b % 4] = nm_ner_allowed(a, b) ? m->trans[st][a][b] : -__builtin_inff();
                m->vtrans[st].col[a][b] = b < (int)L && nm_ner_allowed(b, a) ? m->trans[st][b][a] : -__builtin_inff();
            }
    m->nfeat = nfeat;
    m->keys = (const uint32_t *)(p + head);
    m->w = (const int16_t *)(p + head + (size_t)nfeat * 4);
    /* load factor at most 2/3: short probes, and the key array stays small enough for the cache */
    uint32_t cap = 1024;
    while ((uint64_t)cap * 2 < (uint64_t)nfeat * 3) cap *= 2;
    free(m->slot_tag);
    free(m->slot_w);
    /* TAG_PAD mirrored tags past the end, so a probe can read TAG_PAD tags from any slot; and one
     * extra record, all zero, that a miss reads instead of branching */
    m->slot_tag = calloc((size_t)cap + TAG_PAD, sizeof *m->slot_tag);
    m->slot_w = table_alloc(((size_t)cap + 1) * NM_NER_SLOT * sizeof *m->slot_w);
    if (!m->slot_tag || !m->slot_w) {
        free(m->slot_tag);
        free(m->slot_w);
        m->slot_tag = NULL;
        m->slot_w = NULL;
        if (err) snprintf(err, errlen, "out of memory");
        return -1;
    }
    m->mask = cap - 1;
    for (uint32_t i = 0; i < nfeat; i++) {
        uint32_t k = m->keys[i], s = (k * 2654435761u) & m->mask;
        while (m->slot_tag[s] && slot_key(m, s) != k) s = (s + 1) & m->mask;
        if (m->slot_tag[s]) continue; /* a duplicate key: the first row wins, as before */
        m->slot_tag[s] = key_tag(k);
        if (s < TAG_PAD) m->slot_tag[cap + s] = key_tag(k);
        int16_t *rec = m->slot_w + (size_t)s * NM_NER_SLOT;
        memcpy(rec, &k, sizeof k);
        memcpy(rec + 2, m->w + (size_t)i * 2 * L, 2 * L * sizeof *rec);
    }
    if (build_fast_tables(m) != 0) {
        if (err) snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

nm_ner_model *nm_ner_load(char *err, size_t errlen)
{
    nm_ner_model *m = nm_ner_new(err, errlen);
    if (!m) return NULL;
    size_t len = 0;
    const char *bytes = nm_resource("models/ner.bin", &len);
    if (!bytes) {
        if (err) snprintf(err, errlen, "NER model data/models/ner.bin is not embedded (run make train)");
        nm_ner_free(m);
        return NULL;
    }
    if (nm_ner_set_weights(m, bytes, len, err, errlen) != 0) { nm_ner_free(m); return NULL; }
    /* the frequent-word table is only a shortcut: without the list, tagging is the same, slower */
    const char *list = nm_resource("models/ner-words.txt", &len);
    if (list && build_freq_table(m, list, len) != 0) {
        if (err) snprintf(err, errlen, "out of memory");
        nm_ner_free(m);
        return NULL;
    }
    return m;
}

static inline uint32_t slot_of(const nm_ner_model *m, uint32_t key) { return (key * 2654435761u) & m->mask; }

/* The weight row of key, or NULL, probing from slot s on: scans the tag array, reading a record
 * only when its tag matches. */
static inline const int16_t *probe_from(const nm_ner_model *m, uint32_t key, uint32_t s)
{
    uint8_t tag = key_tag(key), tg;
    while ((tg = m->slot_tag[s])) {
        if (tg == tag && slot_key(m, s) == key) return m->slot_w + (size_t)s * NM_NER_SLOT + 2;
        s = (s + 1) & m->mask;
    }
    return NULL;
}

static inline const int16_t *probe(const nm_ner_model *m, uint32_t key) { return probe_from(m, key, slot_of(m, key)); }

/* The slot of key's first tag match before an empty slot, or m->mask + 1 (the zero record) when
 * there is none; sets *sure when no further slot can hold the key. With SSE2, 16 tags are compared
 * at once and the result is computed without branches that depend on the data: whether a feature
 * is in the model is a coin toss the branch predictor would lose. */
static inline uint32_t tag_candidate(const nm_ner_model *m, uint32_t key, int *sure)
{
    uint32_t s = slot_of(m, key), zero = m->mask + 1;
    uint8_t tag = key_tag(key);
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(m->slot_tag + s));
    uint32_t eq = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)tag)));
    uint32_t empty = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
    uint32_t before = (empty & (0u - empty)) - 1u; /* the slots before the first empty one; all if none */
    uint32_t cand = eq & before;
    *sure = empty != 0 && (cand & (cand - 1)) == 0; /* at most one match, and the run ends here */
    uint32_t pos = (s + (uint32_t)__builtin_ctz(cand | 0x10000u)) & m->mask;
    return cand ? pos : zero;
#else
    uint8_t tg;
    while ((tg = m->slot_tag[s]) && tg != tag) s = (s + 1) & m->mask;
    *sure = 0;
    return tg ? s : zero;
#endif
}

/* Look up n features at once: rows[f] is the weight row of feature f, or a row of zeros when the
 * model does not have it. In phases, so that the cache misses overlap: prefetch every tag, find
 * each candidate record and prefetch it, then check the keys. */
static void lookup_feats(const nm_ner_model *m, const uint64_t *feats, uint32_t n, const int16_t **rows)
{
    uint32_t cand[NM_NER_MAXF + NM_NER_MAXH], keys[NM_NER_MAXF + NM_NER_MAXH];
    uint8_t sure[NM_NER_MAXF + NM_NER_MAXH];
    const int16_t *zero_row = m->slot_w + (size_t)(m->mask + 1) * NM_NER_SLOT + 2;
    for (uint32_t f = 0; f < n; f++) {
        keys[f] = nm_ner_key(feats[f]);
        __builtin_prefetch(&m->slot_tag[slot_of(m, keys[f])]);
    }
    for (uint32_t f = 0; f < n; f++) {
        int ok;
        cand[f] = tag_candidate(m, keys[f], &ok);
        sure[f] = (uint8_t)ok;
        const int16_t *rec = m->slot_w + (size_t)cand[f] * NM_NER_SLOT;
        __builtin_prefetch(rec);
        __builtin_prefetch(rec + NM_NER_SLOT - 1);
    }
    for (uint32_t f = 0; f < n; f++) {
        uint32_t s = cand[f];
        /* the candidate is the key (or the zero record when the run ended without a match) */
        if (slot_key(m, s) == keys[f] || (sure[f] && s == m->mask + 1)) {
            rows[f] = m->slot_w + (size_t)s * NM_NER_SLOT + 2;
            continue;
        }
        const int16_t *r = probe(m, keys[f]); /* a tag collision or a long run: rare */
        rows[f] = r ? r : zero_row;
    }
}

/* Look up n features at once. Returns n: rows[f] as lookup_feats (zero rows add nothing). */
static uint32_t rows_of(const nm_ner_model *m, const uint64_t *feats, uint32_t n, const int16_t **rows)
{
    lookup_feats(m, feats, n, rows);
    return n;
}

/* ---- work memory ---- */

void nm_ner_work_init(nm_ner_work *w) { memset(w, 0, sizeof *w); }

void nm_ner_work_free(nm_ner_work *w)
{
    free(w->ti);
    free(w->chars);
    free(w->doc_lower);
    free(w->doc_cap);
    free(w->hist_keys);
    free(w->hist_cnt);
    free(w->emit2);
    free(w->em);
    free(w->wc);
    free(w->wc_slots);
    free(w->wc_of);
    free(w->acc);
    memset(w, 0, sizeof *w);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap : 256;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

/* ---- the per-document word cache (see "fast emission scores" below) ---- */

enum { WS_SELF, WS_AS_M1, WS_AS_M2, WS_AS_P1, WS_AS_P2, WS_N };

typedef struct nm_ner_wentry {
    uint64_t h;          /* h_word */
    const char *s;       /* the word as written (the cache key, with h) */
    uint32_t n;
    uint8_t dict;        /* its nm_ner_tokinfo.dict and .lex (dictionary and gazetteer look-ups saved) */
    uint8_t lex;
    /* frequent-word table only: the word's nm_ner_tokinfo (lower-case form in model->freq_chars,
     * lex filled, no document or gazetteer values) and its lower_hash */
    nm_ner_tokinfo ti;
    uint64_t lh;
    int32_t sum[WS_N][2 * NM_NER_NLABELS];
} nm_ner_wentry;

/* The entry of word (whose h_word is h) in an open-addressing table of entries v (slots hold
 * index+1, 0 = empty), or NULL. Used for the document's cache and the model's frequent words. */
static inline const nm_ner_wentry *entry_find(const nm_ner_wentry *v, const uint32_t *slots, uint32_t mask,
                                              const nm_ner_word *word, uint64_t h)
{
    uint32_t s = (uint32_t)h & mask, e;
    while ((e = slots[s])) {
        const nm_ner_wentry *x = &v[e - 1];
        if (x->h == h && x->n == word->n && memcmp(x->s, word->s, word->n) == 0) return x;
        s = (s + 1) & mask;
    }
    return NULL;
}

/* The frequent-word table's entry of word, or NULL. */
static inline const nm_ner_wentry *freq_find(const nm_ner_model *m, const nm_ner_word *word, uint64_t h)
{
    return m->nfreq ? entry_find(m->freq, m->freq_slots, m->freq_mask, word, h) : NULL;
}

/* ---- text normalisation: typographic quotes/dashes as in CoNLL's ASCII ---- */

/* Append the normalised form of word (quotes, apostrophes, dashes → ASCII) to w->chars. */
static void put_norm(nm_ner_work *w, const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
            unsigned char c3 = (unsigned char)s[i + 2];
            char r = 0;
            if (c3 == 0x98 || c3 == 0x99) r = '\'';            /* ‘ ’ */
            else if (c3 == 0x9C || c3 == 0x9D || c3 == 0x9E) r = '"'; /* “ ” „ */
            else if (c3 == 0x93 || c3 == 0x94) r = '-';           /* – — */
            if (r) { w->chars[w->chars_len++] = r; i += 3; continue; }
        } else if (c == 0xC2 && i + 1 < n && ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB)) {
            w->chars[w->chars_len++] = '"';                       /* « » */
            i += 2;
            continue;
        }
        w->chars[w->chars_len++] = (char)c;
        i++;
    }
}

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}
static inline uint64_t hstr(const char *s, size_t n) { return nm_hash_bytes(s, n, NM_HASH_SEED); }
static inline uint64_t feat1(uint32_t tmpl, uint64_t a) { return mix64(a + 0x9E3779B97F4A7C15ULL * (tmpl + 1)); }
static inline uint64_t feat2(uint32_t tmpl, uint64_t a, uint64_t b) { return mix64(feat1(tmpl, a) ^ (b * 0xff51afd7ed558ccdULL)); }

/* ---- document memory ---- */

void nm_ner_doc_reset(nm_ner_work *w)
{
    if (w->doc_lower) memset(w->doc_lower, 0, (size_t)(w->doc_mask + 1) * sizeof(uint64_t));
    if (w->doc_cap) memset(w->doc_cap, 0, (size_t)(w->doc_mask + 1) * sizeof(uint64_t));
    w->doc_n = 0;
}

static void doc_set_insert(uint64_t *set, uint32_t mask, uint64_t h)
{
    uint32_t s = (uint32_t)h & mask;
    while (set[s] && set[s] != h) s = (s + 1) & mask;
    set[s] = h;
}

static int doc_set_has(const uint64_t *set, uint32_t mask, uint64_t h)
{
    if (!set) return 0;
    uint32_t s = (uint32_t)h & mask;
    while (set[s]) {
        if (set[s] == h) return 1;
        s = (s + 1) & mask;
    }
    return 0;
}

static uint64_t lower_hash(const char *s, uint32_t n)
{
    uint64_t h = NM_HASH_SEED;
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        h ^= c; h *= 0x100000001b3ULL;
    }
    return h | 1;
}

static int doc_grow(nm_ner_work *w, uint32_t need)
{
    if (w->doc_lower && (uint64_t)need * 2 <= (uint64_t)w->doc_mask + 1) return 0;
    uint32_t cap = w->doc_mask ? (w->doc_mask + 1) * 2 : 4096;
    while ((uint64_t)cap < (uint64_t)need * 2) cap *= 2;
    uint64_t *nl = calloc(cap, sizeof *nl), *nc = calloc(cap, sizeof *nc);
    if (!nl || !nc) { free(nl); free(nc); return -1; }
    if (w->doc_lower)
        for (uint32_t i = 0; i <= w->doc_mask; i++) {
            if (w->doc_lower[i]) doc_set_insert(nl, cap - 1, w->doc_lower[i]);
            if (w->doc_cap[i]) doc_set_insert(nc, cap - 1, w->doc_cap[i]);
        }
    free(w->doc_lower);
    free(w->doc_cap);
    w->doc_lower = nl;
    w->doc_cap = nc;
    w->doc_mask = cap - 1;
    return 0;
}

void nm_ner_doc_add(nm_ner_work *w, const nm_ner_word *words, uint32_t n)
{
    if (doc_grow(w, w->doc_n + n) != 0) return; /* out of memory: the document features stay off */
    /* a sentence in capitals (a headline) says nothing about how a word is normally written */
    uint32_t caps = 0, alpha = 0;
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = words[i].n ? (unsigned char)words[i].s[0] : 0;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            alpha++;
            int all = 1;
            for (uint32_t k = 0; k < words[i].n; k++)
                if (words[i].s[k] >= 'a' && words[i].s[k] <= 'z') { all = 0; break; }
            caps += all;
        }
    }
    if (alpha >= 3 && caps * 10 >= alpha * 8) return;
    for (uint32_t i = 0; i < n; i++) {
        if (!words[i].n) continue;
        unsigned char c = (unsigned char)words[i].s[0];
        uint64_t h = lower_hash(words[i].s, words[i].n);
        if (c >= 'a' && c <= 'z') { doc_set_insert(w->doc_lower, w->doc_mask, h); w->doc_n++; }
        else if (c >= 'A' && c <= 'Z' && i > 0) {
            unsigned char pc = words[i - 1].n ? (unsigned char)words[i - 1].s[0] : 0;
            /* after a quote mark or colon a capital may just start a sentence */
            if (pc != '"' && pc != ':' && pc != 0xE2) { doc_set_insert(w->doc_cap, w->doc_mask, h); w->doc_n++; }
        }
    }
}

/* ---- sentence preparation ---- */

static inline int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* How many tokens from i can form a name: a capitalised word, then capitalised words, numbers or
 * short lower-case connectors ("Bosnia and Herzegovina", "Rio de Janeiro"), at most 5. */
static uint32_t name_run(const nm_ner_word *words, uint32_t n, uint32_t i)
{
    uint32_t k = 1;
    while (k < 5 && i + k < n) {
        const nm_ner_word *t = &words[i + k];
        unsigned char c = t->n ? (unsigned char)t->s[0] : 0;
        int connector = t->n <= 3 && c >= 'a' && c <= 'z';
        if (!((c >= 'A' && c <= 'Z') || c >= 0xC3 || (c >= '0' && c <= '9') || connector || c == '.' || c == '-' || c == '&'))
            break;
        k++;
    }
    return k;
}

/* Longest gazetteer entry starting at token i (up to max tokens, joined by spaces); 0 if none. */
static uint32_t gaz_match_val(const nm_lexicon *lx, const nm_ner_word *words, uint32_t n, uint32_t i, uint32_t max,
                              char *buf, size_t cap, const char **val)
{
    uint32_t best = 0;
    size_t len = 0;
    for (uint32_t k = 0; k < max && i + k < n; k++) {
        const nm_ner_word *t = &words[i + k];
        if (len + t->n + 1 > cap) break;
        if (k) buf[len++] = ' ';
        memcpy(buf + len, t->s, t->n);
        len += t->n;
        const char *v = nm_lexicon_get(lx, buf, len);
        if (v) { best = k + 1; if (val) *val = v; }
    }
    return best;
}

static uint32_t gaz_match(const nm_lexicon *lx, const nm_ner_word *words, uint32_t n, uint32_t i, uint32_t max, char *buf,
                          size_t cap)
{
    return gaz_match_val(lx, words, n, i, max, buf, cap, NULL);
}

/* The keys gaz_match_val tries from token i (the first 1, 2 ... max tokens joined by spaces, while
 * they fit in buf), built once in buf: key k is buf[0..lens[k]) with exact-case hash h[k]. Returns
 * how many. */
static uint32_t name_prefixes(const nm_ner_word *words, uint32_t n, uint32_t i, uint32_t max, char *buf, size_t cap,
                              uint64_t *h, size_t *lens)
{
    uint32_t count = 0;
    size_t len = 0;
    uint64_t hash = NM_HASH_SEED;
    for (uint32_t k = 0; k < max && i + k < n; k++) {
        const nm_ner_word *t = &words[i + k];
        if (len + t->n + 1 > cap) break;
        if (k) {
            buf[len++] = ' ';
            hash = nm_lexicon_hash_more(hash, " ", 1, NM_LEX_EXACT);
        }
        memcpy(buf + len, t->s, t->n);
        len += t->n;
        hash = nm_lexicon_hash_more(hash, t->s, t->n, NM_LEX_EXACT);
        h[count] = hash;
        lens[count] = len;
        count++;
    }
    return count;
}

/* gaz_match_val over keys built by name_prefixes. */
static uint32_t gaz_match_prefixes(const nm_lexicon *lx, const char *buf, const uint64_t *h, const size_t *lens,
                                   uint32_t count, const char **val)
{
    uint32_t best = 0;
    for (uint32_t k = 0; k < count; k++) {
        const char *v = nm_lexicon_get_hashed(lx, h[k], NM_LEX_EXACT, buf, lens[k]);
        if (v) { best = k + 1; *val = v; }
    }
    return best;
}

static void mark_gaz(nm_ner_tokinfo *ti, uint32_t i, uint32_t len, int g)
{
    for (uint32_t k = 0; k < len; k++) {
        uint32_t v = k == 0 ? 1u : 2u;
        uint32_t cur = (ti[i + k].gaz >> (2 * g)) & 3u;
        if (!cur) ti[i + k].gaz |= v << (2 * g);
    }
}

/* The NM_NER_LEX_* facts `want` about word alone (only those; KNOWN not set). GAZ_HEAD is also set
 * when there is no first-word filter or the word holds a space (it could then match more than an
 * entry's first word), so a clear bit always means no match. */
static uint32_t word_lex(const nm_ner_model *m, const nm_ner_word *word, uint32_t want)
{
    uint32_t lex = 0;
    uint64_t hw = nm_lexicon_hash(word->s, word->n, NM_LEX_EXACT);
    if ((want & NM_NER_LEX_GAZ_HEAD) &&
        (!m->gaz_heads || memchr(word->s, ' ', word->n) || nm_lexicon_get_hashed(m->gaz_heads, hw, NM_LEX_EXACT, word->s, word->n)))
        lex |= NM_NER_LEX_GAZ_HEAD;
    if ((want & NM_NER_LEX_FIRSTNAME) && nm_lexicon_get_hashed(m->firstnames, hw, NM_LEX_EXACT, word->s, word->n))
        lex |= NM_NER_LEX_FIRSTNAME;
    if ((want & NM_NER_LEX_ORGWORD) && nm_lexicon_get_hashed(m->orgwords, hw, NM_LEX_EXACT, word->s, word->n))
        lex |= NM_NER_LEX_ORGWORD;
    if ((want & NM_NER_LEX_TITLE_HEAD) && nm_lexicon_has(m->title_heads, word->s, word->n)) lex |= NM_NER_LEX_TITLE_HEAD;
    return lex;
}

/* Mark tokens of an all-capitals sentence (CoNLL headlines) so features can tell. */
static void mark_caps_sentence(nm_ner_work *w, uint32_t n)
{
    uint32_t alpha = 0, caps = 0;
    for (uint32_t i = 0; i < n; i++) {
        const nm_ner_tokinfo *t = &w->ti[i];
        if (t->lower_len && is_lower((unsigned char)w->chars[t->lower_off])) {
            alpha++;
            caps += t->allcaps;
        }
    }
    if (alpha >= 3 && caps * 10 >= alpha * 8)
        for (uint32_t i = 0; i < n; i++) w->ti[i].docflags |= 0x80;
}

int nm_ner_prepare(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, uint32_t n)
{
    size_t chars = 0;
    for (uint32_t i = 0; i < n; i++) chars += (size_t)words[i].n * 3 + 4;
    if (grow((void **)&w->ti, &w->ti_cap, n + 1, sizeof *w->ti) || grow((void **)&w->chars, &w->chars_cap, chars + 1, 1))
        return -1;
    w->chars_len = 0;
    char shape[64], gbuf[256];
    /* the dictionary hashes of the rare words two on, computed when their slots are fetched ahead
     * (dict_h_for: which word's hash each holds) */
    uint64_t dict_h[4] = {0};
    uint32_t dict_h_for[4] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX};
    /* first the normalised words and their hashes (kept in lower_off/lower_len/h_word until the
     * second pass), so the frequent-word table's slots can be fetched ahead */
    for (uint32_t i = 0; i < n; i++) {
        nm_ner_tokinfo *t = &w->ti[i];
        uint32_t off = (uint32_t)w->chars_len;
        put_norm(w, words[i].s, words[i].n);
        t->lower_off = off;
        t->lower_len = (uint32_t)w->chars_len - off;
        t->h_word = hstr(w->chars + off, t->lower_len);
        if (m->nfreq) __builtin_prefetch(&m->freq_slots[(uint32_t)t->h_word & m->freq_mask]);
    }
    for (uint32_t i = 0; i < n; i++) {
        nm_ner_tokinfo *t = &w->ti[i];
        uint32_t off = t->lower_off, len = t->lower_len;
        uint64_t h_word = t->h_word;
        memset(t, 0, sizeof *t);
        const char *s = w->chars + off;
        t->h_word = h_word;
        if (m->nfreq && i + 2 < n) {
            /* the entry two words on; not a frequent word: its dictionary slot */
            uint32_t e = m->freq_slots[(uint32_t)w->ti[i + 2].h_word & m->freq_mask];
            if (e) __builtin_prefetch(&m->freq[e - 1]);
            else if (m->dict) {
                const nm_ner_tokinfo *t2 = &w->ti[i + 2];
                dict_h[(i + 2) & 3] = nm_lexicon_hash(w->chars + t2->lower_off, t2->lower_len, NM_LEX_FOLD);
                dict_h_for[(i + 2) & 3] = i + 2;
                __builtin_prefetch(&m->dict[(uint32_t)dict_h[(i + 2) & 3] & m->dict_mask]);
            }
        }
        const nm_ner_wentry *fx = freq_find(m, &words[i], t->h_word);
        if (fx) {
            /* a frequent word: its word-level values were computed at load */
            *t = fx->ti;
            t->lower_off = (uint32_t)w->chars_len;
            memcpy(w->chars + w->chars_len, m->freq_chars + fx->ti.lower_off, len);
            w->chars_len += len;
            t->docflags = (uint8_t)(doc_set_has(w->doc_lower, w->doc_mask, fx->lh) |
                                    (doc_set_has(w->doc_cap, w->doc_mask, fx->lh) << 1));
            continue;
        }
        /* lower-case form, digits folded to 0 */
        uint32_t loff = (uint32_t)w->chars_len;
        int letters = 0, uppers = 0;
        for (uint32_t k = 0; k < len; k++) {
            unsigned char c = (unsigned char)s[k];
            if (is_upper(c)) { uppers++; letters++; c = (unsigned char)(c + 32); }
            else if (is_lower(c)) letters++;
            else if (is_digit(c)) { t->digit = 1; c = '0'; }
            w->chars[w->chars_len++] = (char)c;
        }
        t->lower_off = loff;
        t->lower_len = len;
        t->h_lower = hstr(w->chars + loff, len);
        t->cap = len && (is_upper((unsigned char)s[0]) || (unsigned char)s[0] >= 0xC3);
        if (len && (unsigned char)s[0] >= 0xC3) {
            /* non-ASCII initial: capitalised when the code point's upper-case Latin-1/Latin-A range */
            unsigned char c1 = (unsigned char)s[0], c2 = len > 1 ? (unsigned char)s[1] : 0;
            t->cap = (c1 == 0xC3 && c2 >= 0x80 && c2 <= 0x9E) || (c1 == 0xD0 && c2 >= 0x90 && c2 <= 0xAF);
        }
        t->allcaps = letters > 0 && uppers == letters;
        /* shape: X x d and punctuation, runs collapsed; short shape: first 4 classes uncollapsed */
        size_t sl = 0;
        char prev = 0;
        for (uint32_t k = 0; k < len && sl < sizeof shape - 1; k++) {
            unsigned char c = (unsigned char)s[k];
            char ch = is_upper(c) ? 'X' : is_lower(c) ? 'x' : is_digit(c) ? 'd' : c >= 0x80 ? 'u' : (char)c;
            if (c >= 0x80 && c < 0xC0) continue; /* continuation byte */
            if (ch != prev) shape[sl++] = ch;
            prev = ch;
        }
        t->h_shape = hstr(shape, sl);
        t->h_short = hstr(shape, sl > 3 ? 3 : sl) ^ ((uint64_t)(len > 6 ? 7 : len) << 56);
        uint64_t lh = lower_hash(words[i].s, words[i].n);
        t->docflags = (uint8_t)(doc_set_has(w->doc_lower, w->doc_mask, lh) | (doc_set_has(w->doc_cap, w->doc_mask, lh) << 1));
        const nm_ner_wentry *known = w->wc_live && w->wc_slots ? entry_find(w->wc, w->wc_slots, w->wc_mask, &words[i], t->h_word) : NULL;
        if (known) {
            t->dict = known->dict;
            t->lex = known->lex;
        }
        else if (letters && m->dict && len <= UINT16_MAX) {
            uint64_t h = dict_h_for[i & 3] == i ? dict_h[i & 3] : nm_lexicon_hash(s, len, NM_LEX_FOLD);
            t->dict = dict_find(m, h, s, len);
        }
        else if (letters)
            t->dict = dict_class_of(nm_lexicon_get(m->words, s, len));
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!words[i].n) continue;
        unsigned char c = (unsigned char)words[i].s[0];
        uint32_t len, lex = w->ti[i].lex;
        if (!(is_upper(c) || c >= 0xC3)) {
            /* lower-case words only for titles ("president", "foreign minister"), and only when the
             * word can start one */
            if (is_lower(c) && !lex) w->ti[i].lex = (uint8_t)(lex = NM_NER_LEX_KNOWN | word_lex(m, &words[i], NM_NER_LEX_TITLE_HEAD));
            if ((lex & NM_NER_LEX_TITLE_HEAD) && (len = gaz_match(m->titles, words, n, i, 4, gbuf, sizeof gbuf)))
                mark_gaz(w->ti, i, len, NM_GAZ_TITLE);
            continue;
        }
        /* the lex bits a word's own path needs (lower-case words: the title head only) */
        if (!lex) w->ti[i].lex = (uint8_t)(lex = NM_NER_LEX_KNOWN | word_lex(m, &words[i], NM_NER_LEX_GAZ_HEAD | NM_NER_LEX_TITLE_HEAD |
                                                                                     NM_NER_LEX_FIRSTNAME | NM_NER_LEX_ORGWORD));
        if (lex & NM_NER_LEX_GAZ_HEAD) {
            uint32_t run = name_run(words, n, i);
            const char *val = NULL;
            /* the candidate names from token i, hashed once for all the exact-case gazetteers */
            uint64_t ph[5];
            size_t plen[5];
            uint32_t np = name_prefixes(words, n, i, run, gbuf, sizeof gbuf, ph, plen);
            if ((len = gaz_match_prefixes(m->countries, gbuf, ph, plen, np, &val))) {
                int g = NM_GAZ_COUNTRY;
                if (strstr(val, "demonym")) g = NM_GAZ_DEMONYM;
                else if (strstr(val, "capital") || strstr(val, "seat")) g = NM_GAZ_CAPITAL;
                else if (strstr(val, "igo")) g = NM_GAZ_IGO;
                mark_gaz(w->ti, i, len, g);
            }
            if ((len = gaz_match_prefixes(m->cities, gbuf, ph, plen, np, &val))) mark_gaz(w->ti, i, len, NM_GAZ_CITY);
            if ((len = gaz_match_prefixes(m->regions, gbuf, ph, plen, np, &val))) mark_gaz(w->ti, i, len, NM_GAZ_REGION);
        }
        if (lex & NM_NER_LEX_FIRSTNAME) mark_gaz(w->ti, i, 1, NM_GAZ_FIRSTNAME);
        if (lex & NM_NER_LEX_ORGWORD) mark_gaz(w->ti, i, 1, NM_GAZ_ORGWORD);
        if ((lex & NM_NER_LEX_TITLE_HEAD) && (len = gaz_match(m->titles, words, n, i, 4, gbuf, sizeof gbuf)))
            mark_gaz(w->ti, i, len, NM_GAZ_TITLE);
    }
    mark_caps_sentence(w, n);
    return 0;
}

/* ---- features ---- */

enum {
    F_BIAS, F_WORD, F_LOWER, F_SHAPE, F_SHORT, F_PRE, F_SUF = F_PRE + 5, F_LM1 = F_SUF + 5, F_LP1, F_LM2, F_LP2,
    F_BI_M1, F_BI_P1, F_SH_M1, F_SH_P1, F_SH_TRI, F_INIT, F_CAPSENT, F_GAZ, F_GAZ_M1, F_GAZ_P1, F_DOC,
    F_LM1_SH, F_LP1_SH, F_WM1, F_WP1, F_LEN /* unused; kept so the feature hashes stay stable */, F_GAZ_ALL, F_CAPWIN, F_SH_M2, F_SH_P2, F_DICT, F_DICT_M1, F_DICT_P1,
};

static const uint64_t H_START = 0x5354415254ULL, H_END = 0x454e44ULL;

uint32_t nm_ner_features(const nm_ner_work *w, uint32_t n, uint32_t i, uint64_t *out)
{
    const nm_ner_tokinfo *ti = w->ti, *t = &ti[i];
    uint32_t k = 0;
    uint64_t lm1 = i > 0 ? ti[i - 1].h_lower : H_START, lp1 = i + 1 < n ? ti[i + 1].h_lower : H_END;
    uint64_t lm2 = i > 1 ? ti[i - 2].h_lower : H_START, lp2 = i + 2 < n ? ti[i + 2].h_lower : H_END;
    uint64_t sm1 = i > 0 ? ti[i - 1].h_shape : H_START, sp1 = i + 1 < n ? ti[i + 1].h_shape : H_END;
    uint64_t wm1 = i > 0 ? ti[i - 1].h_word : H_START, wp1 = i + 1 < n ? ti[i + 1].h_word : H_END;
    out[k++] = feat1(F_BIAS, 0);
    out[k++] = feat1(F_WORD, t->h_word);
    out[k++] = feat1(F_LOWER, t->h_lower);
    out[k++] = feat1(F_SHAPE, t->h_shape);
    out[k++] = feat1(F_SHORT, t->h_short);
    const char *lw = w->chars + t->lower_off;
    uint32_t ln = t->lower_len;
    for (uint32_t a = 1; a <= 4 && a < ln; a++) {
        out[k++] = feat1(F_PRE + a, hstr(lw, a));
        out[k++] = feat1(F_SUF + a, hstr(lw + ln - a, a));
    }
    out[k++] = feat1(F_LM1, lm1);
    out[k++] = feat1(F_LP1, lp1);
    out[k++] = feat1(F_LM2, lm2);
    out[k++] = feat1(F_LP2, lp2);
    out[k++] = feat2(F_BI_M1, lm1, t->h_lower);
    out[k++] = feat2(F_BI_P1, t->h_lower, lp1);
    out[k++] = feat1(F_SH_M1, sm1);
    out[k++] = feat1(F_SH_P1, sp1);
    out[k++] = feat2(F_SH_TRI, feat2(0, sm1, t->h_shape), sp1);
    out[k++] = feat2(F_LM1_SH, lm1, t->h_shape);
    out[k++] = feat2(F_LP1_SH, lp1, t->h_shape);
    out[k++] = feat2(F_WM1, wm1, t->h_shape);
    out[k++] = feat2(F_WP1, wp1, t->h_shape);
    if (i == 0) out[k++] = feat1(F_INIT, t->h_shape);
    /* headline / all-capitals sentence context: recorded in docflags bit 7 by nm_ner_tag's caller */
    if (t->docflags & 0x80) out[k++] = feat1(F_CAPSENT, t->h_lower);
    for (int g = 0; g < NM_GAZ_N; g++) {
        uint32_t v = (t->gaz >> (2 * g)) & 3u;
        if (v) out[k++] = feat1(F_GAZ, (uint64_t)(g * 4 + v));
        if (i > 0 && ((ti[i - 1].gaz >> (2 * g)) & 3u)) out[k++] = feat1(F_GAZ_M1, (uint64_t)(g * 4 + ((ti[i - 1].gaz >> (2 * g)) & 3u)));
        if (i + 1 < n && ((ti[i + 1].gaz >> (2 * g)) & 3u)) out[k++] = feat1(F_GAZ_P1, (uint64_t)(g * 4 + ((ti[i + 1].gaz >> (2 * g)) & 3u)));
    }
    if (t->gaz) out[k++] = feat1(F_GAZ_ALL, t->gaz);
    /* capitalisation of the window: "X x X", names in runs */
    {
        uint64_t cw = 0;
        for (int dlt = -2; dlt <= 2; dlt++) {
            int64_t j = (int64_t)i + dlt;
            uint64_t c = j < 0 || j >= (int64_t)n ? 3 : ti[j].allcaps ? 2 : ti[j].cap ? 1 : 0;
            cw = cw * 4 + c;
        }
        out[k++] = feat1(F_CAPWIN, cw);
    }
    /* is it an English word, a proper noun, both? (with how it is written here) */
    out[k++] = feat1(F_DICT, (uint64_t)(t->dict * 16 + t->cap * 4 + t->allcaps * 2 + (i == 0)));
    out[k++] = feat1(F_DICT_M1, (uint64_t)(i > 0 ? ti[i - 1].dict * 2 + ti[i - 1].cap : 9) * 8 + t->dict);
    out[k++] = feat1(F_DICT_P1, (uint64_t)(i + 1 < n ? ti[i + 1].dict * 2 + ti[i + 1].cap : 9) * 8 + t->dict);
    out[k++] = feat1(F_SH_M2, i > 1 ? ti[i - 2].h_short : H_START);
    out[k++] = feat1(F_SH_P2, i + 2 < n ? ti[i + 2].h_short : H_END);
    /* document memory, only informative for capitalised words */
    if (t->cap) out[k++] = feat1(F_DOC, (uint64_t)((t->docflags & 3) | (i == 0) << 2 | t->allcaps << 3));
    return k;
}

/* ---- stage-1 history ---- */

void nm_ner_hist_reset(nm_ner_work *w)
{
    if (w->hist_keys) memset(w->hist_keys, 0, (size_t)(w->hist_mask + 1) * sizeof *w->hist_keys);
    w->hist_n = 0;
}

static int word_capitalised(const nm_ner_word *t)
{
    unsigned char c = t->n ? (unsigned char)t->s[0] : 0;
    return is_upper(c) || (c >= 0xC3 && c < 0xF8);
}

static int hist_grow(nm_ner_work *w, uint32_t need)
{
    if (w->hist_keys && (uint64_t)need * 2 <= (uint64_t)w->hist_mask + 1) return 0;
    uint32_t cap = w->hist_mask ? (w->hist_mask + 1) * 2 : 1024;
    while ((uint64_t)cap < (uint64_t)need * 2) cap *= 2;
    uint64_t *nk = calloc(cap, sizeof *nk);
    uint16_t (*nc)[5] = calloc(cap, sizeof *nc);
    if (!nk || !nc) { free(nk); free(nc); return -1; }
    if (w->hist_keys)
        for (uint32_t i = 0; i <= w->hist_mask; i++) {
            if (!w->hist_keys[i]) continue;
            uint32_t s = (uint32_t)w->hist_keys[i] & (cap - 1);
            while (nk[s]) s = (s + 1) & (cap - 1);
            nk[s] = w->hist_keys[i];
            memcpy(nc[s], w->hist_cnt[i], sizeof nc[s]);
        }
    free(w->hist_keys);
    free(w->hist_cnt);
    w->hist_keys = nk;
    w->hist_cnt = nc;
    w->hist_mask = cap - 1;
    return 0;
}

void nm_ner_hist_add(nm_ner_work *w, const nm_ner_word *words, const uint8_t *labels, uint32_t n)
{
    if (hist_grow(w, w->hist_n + n) != 0) return; /* out of memory: no history for this sentence */
    for (uint32_t i = 0; i < n; i++) {
        if (!word_capitalised(&words[i])) continue;
        uint64_t h = lower_hash(words[i].s, words[i].n);
        uint32_t s = (uint32_t)h & w->hist_mask;
        while (w->hist_keys[s] && w->hist_keys[s] != h) s = (s + 1) & w->hist_mask;
        if (!w->hist_keys[s]) {
            w->hist_keys[s] = h;
            memset(w->hist_cnt[s], 0, sizeof w->hist_cnt[s]);
            w->hist_n++;
        }
        uint16_t *c = &w->hist_cnt[s][nm_ner_class(labels[i])];
        if (*c < UINT16_MAX) (*c)++;
    }
}

enum { F_P1 = 200, F_P1CTX, F_HIST, F_HISTMAJ };

/* The history features of word i as (template, small integer value) pairs: hashed by
 * nm_ner_hist_features, read from dense rows by tagging (all four templates have small values). */
static uint32_t hist_values(const nm_ner_work *w, const nm_ner_word *words, const uint8_t *labels, uint32_t n, uint32_t i,
                            uint32_t *tmpl, uint32_t *val)
{
    uint32_t k = 0;
    int own = labels[i], prev = i ? labels[i - 1] : NM_NER_NLABELS, next = i + 1 < n ? labels[i + 1] : NM_NER_NLABELS;
#define HIST_FEAT(t, v) (tmpl[k] = (t), val[k++] = (uint32_t)(v))
    HIST_FEAT(F_P1, own);
    HIST_FEAT(F_P1CTX, (prev * 16 + next) * 16 + own);
    if (!word_capitalised(&words[i]) || !w->hist_keys) return k;
    uint64_t h = lower_hash(words[i].s, words[i].n);
    uint32_t s = (uint32_t)h & w->hist_mask;
    while (w->hist_keys[s] && w->hist_keys[s] != h) s = (s + 1) & w->hist_mask;
    if (!w->hist_keys[s]) return k;
    uint32_t others[5], tot = 0, cls = (uint32_t)nm_ner_class(own);
    for (uint32_t c = 0; c < 5; c++) {
        others[c] = w->hist_cnt[s][c] - (c == cls && w->hist_cnt[s][c] ? 1u : 0u);
        tot += others[c];
    }
    if (!tot) return k;
    uint32_t maj = 0;
    for (uint32_t c = 0; c < 5; c++) {
        if (others[c] > others[maj]) maj = c;
        if (others[c]) HIST_FEAT(F_HIST, c * 2 + (others[c] * 2 >= tot));
    }
    HIST_FEAT(F_HISTMAJ, maj * 8 + cls);
#undef HIST_FEAT
    return k;
}

uint32_t nm_ner_hist_features(const nm_ner_work *w, const nm_ner_word *words, const uint8_t *labels, uint32_t n,
                              uint32_t i, uint64_t *out)
{
    uint32_t tmpl[NM_NER_MAXH], val[NM_NER_MAXH];
    uint32_t k = hist_values(w, words, labels, n, i, tmpl, val);
    for (uint32_t f = 0; f < k; f++) out[f] = feat1(tmpl[f], val[f]);
    return k;
}

/* ---- fast emission scores (tagging only) ----
 *
 * The emission score of a word is the sum of the weight rows of its nm_ner_features. Tagging gets
 * the same integer sums with far fewer hash-table probes (the probes' cache misses are most of the
 * tagger's time):
 *  - templates whose value is a small integer (bias, gazetteer flags, capitalisation window,
 *    dictionary class, document flags) read dense arrays filled at load time;
 *  - the features that depend on one word only (the word, its lower-case form, shapes, affixes)
 *    and those a word gives its neighbours (previous/next lower-case form and shape) are summed once
 *    per distinct word of the document, in a per-document cache (news repeats its words);
 *  - only the pair features (bigrams, shape trigram, word+shape) and rare ones are probed per word.
 * Integer addition is exact and order-free, so the scores are identical to the plain sum, which
 * nm_ner_selfcheck verifies (tests/test_nerperf.c). Any change to nm_ner_features must be mirrored
 * in fast_emissions below. */

enum { ROW = 2 * NM_NER_NLABELS };
enum {
    D_BIAS = 0, D_GAZ = 1, D_GAZ_M1 = D_GAZ + 4 * NM_GAZ_N, D_GAZ_P1 = D_GAZ_M1 + 4 * NM_GAZ_N,
    D_CAPWIN = D_GAZ_P1 + 4 * NM_GAZ_N, D_DICT = D_CAPWIN + 1024, D_DICT_M1 = D_DICT + 64, D_DICT_P1 = D_DICT_M1 + 80,
    D_DOC = D_DICT_P1 + 80, D_N = D_DOC + 16
};
/* Dense rows of the history templates F_P1, F_P1CTX, F_HIST, F_HISTMAJ (values < count, see
 * hist_values): base row and count of each. */
static const uint32_t D2_BASE[4] = {0, 16, 16 + 2560, 16 + 2560 + 16}, D2_COUNT[4] = {16, 2560, 16, 64};
enum { D2_N = 16 + 2560 + 16 + 64 };


/* Keep the cache below this many words (~6 MB); it is cleared when a sentence would overflow it, and
 * a longer sentence is scored the plain way. */
#define WC_LIMIT 16384u

static const int16_t *row_of(const nm_ner_model *m, uint64_t feat)
{
    return probe(m, nm_ner_key(feat));
}

/* Row additions. The first 16 lanes are a separate loop because gcc -O2 vectorizes only loops whose
 * trip count is a multiple of the vector width (18 lanes would stay scalar). */
static inline void add_row16(int32_t *restrict acc, const int16_t *restrict r)
{
    for (int l = 0; l < 16; l++) acc[l] += r[l];
    for (int l = 16; l < ROW; l++) acc[l] += r[l];
}

static inline void add_row32(int32_t *restrict acc, const int32_t *restrict r)
{
    for (int l = 0; l < 16; l++) acc[l] += r[l];
    for (int l = 16; l < ROW; l++) acc[l] += r[l];
}

static void add_rows(int32_t *acc, const int16_t *const *rows, uint32_t nr)
{
    for (uint32_t f = 0; f < nr; f++) add_row16(acc, rows[f]);
}

/* sum of the rows of feats[0..n) into acc */
static void sum_feats(const nm_ner_model *m, const uint64_t *feats, uint32_t n, int32_t *acc)
{
    const int16_t *rows[NM_NER_MAXF + NM_NER_MAXH];
    add_rows(acc, rows, rows_of(m, feats, n, rows));
}

static int build_fast_tables(nm_ner_model *m)
{
    static const struct { uint32_t tmpl, base, count; } DENSE[] = {
        {F_BIAS, D_BIAS, 1},         {F_GAZ, D_GAZ, 4 * NM_GAZ_N},     {F_GAZ_M1, D_GAZ_M1, 4 * NM_GAZ_N},
        {F_GAZ_P1, D_GAZ_P1, 4 * NM_GAZ_N}, {F_CAPWIN, D_CAPWIN, 1024}, {F_DICT, D_DICT, 64},
        {F_DICT_M1, D_DICT_M1, 80},  {F_DICT_P1, D_DICT_P1, 80},       {F_DOC, D_DOC, 16},
    };
    free(m->dense);
    m->dense = calloc((size_t)D_N * ROW, sizeof *m->dense);
    if (!m->dense) return -1;
    for (size_t t = 0; t < sizeof DENSE / sizeof DENSE[0]; t++)
        for (uint32_t v = 0; v < DENSE[t].count; v++) {
            const int16_t *r = row_of(m, feat1(DENSE[t].tmpl, v));
            if (r) memcpy(m->dense + (size_t)(DENSE[t].base + v) * ROW, r, ROW * sizeof *r);
        }
    /* the history templates: stage-2 lanes only */
    free(m->dense2);
    m->dense2 = calloc((size_t)D2_N * NM_NER_NLABELS, sizeof *m->dense2);
    if (!m->dense2) return -1;
    for (uint32_t t = 0; t < 4; t++)
        for (uint32_t v = 0; v < D2_COUNT[t]; v++) {
            const int16_t *r = row_of(m, feat1(F_P1 + t, v));
            if (r) memcpy(m->dense2 + (size_t)(D2_BASE[t] + v) * NM_NER_NLABELS, r + NM_NER_NLABELS, NM_NER_NLABELS * sizeof *r);
        }
    uint64_t f[2];
    memset(m->edge_sum, 0, sizeof m->edge_sum);
    f[0] = feat1(F_LM1, H_START), f[1] = feat1(F_SH_M1, H_START);
    sum_feats(m, f, 2, m->edge_sum[0]);
    f[0] = feat1(F_LM2, H_START), f[1] = feat1(F_SH_M2, H_START);
    sum_feats(m, f, 2, m->edge_sum[1]);
    f[0] = feat1(F_LP1, H_END), f[1] = feat1(F_SH_P1, H_END);
    sum_feats(m, f, 2, m->edge_sum[2]);
    f[0] = feat1(F_LP2, H_END), f[1] = feat1(F_SH_P2, H_END);
    sum_feats(m, f, 2, m->edge_sum[3]);
    return 0;
}

static void wc_reset(nm_ner_work *w)
{
    if (w->wc_slots) memset(w->wc_slots, 0, (size_t)(w->wc_mask + 1) * sizeof *w->wc_slots);
    w->wc_n = 0;
}

/* Room for `need` cache entries (at most WC_LIMIT). Returns 0, or -1 when out of memory. */
static int wc_reserve(nm_ner_work *w, uint32_t need)
{
    if (need > w->wc_cap) {
        uint32_t cap = w->wc_cap ? w->wc_cap : 256;
        while (cap < need) cap *= 2;
        if (cap > WC_LIMIT) cap = WC_LIMIT;
        nm_ner_wentry *e = realloc(w->wc, (size_t)cap * sizeof *e);
        if (!e) return -1;
        w->wc = e;
        w->wc_cap = cap;
    }
    if (!w->wc_slots || (uint64_t)w->wc_cap * 2 > (uint64_t)w->wc_mask + 1) {
        uint32_t ns = 512;
        while (ns < w->wc_cap * 2) ns *= 2;
        uint32_t *sl = calloc(ns, sizeof *sl);
        if (!sl) return -1;
        for (uint32_t i = 0; i < w->wc_n; i++) {
            uint32_t s = (uint32_t)w->wc[i].h & (ns - 1);
            while (sl[s]) s = (s + 1) & (ns - 1);
            sl[s] = i + 1;
        }
        free(w->wc_slots);
        w->wc_slots = sl;
        w->wc_mask = ns - 1;
    }
    return 0;
}

/* Fill entry x of a word whose nm_ner_tokinfo is t (its lower-case form in chars): the summed
 * weight rows of its word-only features and of those it gives its neighbours. */
static void wentry_fill(const nm_ner_model *m, const char *chars, const nm_ner_word *word, const nm_ner_tokinfo *t,
                        nm_ner_wentry *x)
{
    x->h = t->h_word;
    x->s = word->s;
    x->n = word->n;
    x->dict = t->dict;
    x->lex = t->lex;
    memset(x->sum, 0, sizeof x->sum);
    /* the bias is every word's, so it rides with the word's own sum */
    if (m->dense) add_row16(x->sum[WS_SELF], m->dense + D_BIAS * ROW);
    /* all of the word's features in one batch, so their cache misses overlap */
    uint64_t f[20];
    uint8_t group[20];
    uint32_t k = 0;
#define WC_FEAT(g, feat) (group[k] = (uint8_t)(g), f[k++] = (feat))
    WC_FEAT(WS_SELF, feat1(F_WORD, t->h_word));
    WC_FEAT(WS_SELF, feat1(F_LOWER, t->h_lower));
    WC_FEAT(WS_SELF, feat1(F_SHAPE, t->h_shape));
    WC_FEAT(WS_SELF, feat1(F_SHORT, t->h_short));
    const char *lw = chars + t->lower_off;
    uint32_t ln = t->lower_len;
    for (uint32_t a = 1; a <= 4 && a < ln; a++) {
        WC_FEAT(WS_SELF, feat1(F_PRE + a, hstr(lw, a)));
        WC_FEAT(WS_SELF, feat1(F_SUF + a, hstr(lw + ln - a, a)));
    }
    WC_FEAT(WS_AS_M1, feat1(F_LM1, t->h_lower));
    WC_FEAT(WS_AS_M1, feat1(F_SH_M1, t->h_shape));
    WC_FEAT(WS_AS_M2, feat1(F_LM2, t->h_lower));
    WC_FEAT(WS_AS_M2, feat1(F_SH_M2, t->h_short));
    WC_FEAT(WS_AS_P1, feat1(F_LP1, t->h_lower));
    WC_FEAT(WS_AS_P1, feat1(F_SH_P1, t->h_shape));
    WC_FEAT(WS_AS_P2, feat1(F_LP2, t->h_lower));
    WC_FEAT(WS_AS_P2, feat1(F_SH_P2, t->h_short));
#undef WC_FEAT
    const int16_t *rows[20];
    lookup_feats(m, f, k, rows);
    for (uint32_t j = 0; j < k; j++) add_row16(x->sum[group[j]], rows[j]);
}

/* The entry of word i of the prepared sentence: from the frequent-word table, else from the
 * document's cache, summed there on first sight. The caller has reserved room in the cache. */
static const nm_ner_wentry *wc_entry(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *word,
                                     const nm_ner_tokinfo *t)
{
    if (t->freq) return t->freq;
    uint32_t s = (uint32_t)t->h_word & w->wc_mask, e;
    while ((e = w->wc_slots[s])) {
        const nm_ner_wentry *x = &w->wc[e - 1];
        if (x->h == t->h_word && x->n == word->n && memcmp(x->s, word->s, word->n) == 0) return x;
        s = (s + 1) & w->wc_mask;
    }
    uint32_t idx = w->wc_n++;
    w->wc_slots[s] = idx + 1;
    nm_ner_wentry *x = &w->wc[idx];
    wentry_fill(m, w->chars, word, t, x);
    return x;
}

/* Most frequent training words in the table: ~4 MB, a few milliseconds at load, and ~85% of
 * news tokens (the rest repeat within their document or are rare). */
#define FREQ_MAX 10000u

/* Build the frequent-word table from list (ner-words.txt: one word a line, most frequent first;
 * lines starting "# " are comments). The words must outlive the model (an embedded resource).
 * Returns 0, or -1 when out of memory. */
static int build_freq_table(nm_ner_model *m, const char *list, size_t len)
{
    nm_ner_word *words = malloc(FREQ_MAX * sizeof *words);
    if (!words) return -1;
    uint32_t n = 0;
    for (size_t p = 0; p < len && n < FREQ_MAX;) {
        const char *nl = memchr(list + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - list) : len;
        size_t wl = e - p;
        if (wl && wl < 64 && !(wl >= 2 && list[p] == '#' && list[p + 1] == ' ')) {
            words[n].s = list + p;
            words[n].n = (uint32_t)wl;
            n++;
        }
        p = e + 1;
    }
    uint32_t ns = 1;
    while (ns < 2 * n + 2) ns *= 2;
    nm_ner_work tw;
    nm_ner_work_init(&tw);
    m->freq = table_alloc((size_t)(n ? n : 1) * sizeof *m->freq);
    m->freq_slots = calloc(ns, sizeof *m->freq_slots);
    size_t nchars = 1;
    for (uint32_t i = 0; i < n; i++) nchars += words[i].n;
    m->freq_chars = malloc(nchars);
    /* the words prepared as one "sentence": only their word-level values are used */
    if (!m->freq || !m->freq_slots || !m->freq_chars || nm_ner_prepare(m, &tw, words, n) != 0) {
        nm_ner_work_free(&tw);
        free(words);
        return -1;
    }
    m->freq_mask = ns - 1;
    uint32_t count = 0;
    size_t clen = 0;
    for (uint32_t i = 0; i < n; i++) {
        const nm_ner_tokinfo *t = &tw.ti[i];
        if (entry_find(m->freq, m->freq_slots, m->freq_mask, &words[i], t->h_word)) continue; /* a duplicate */
        uint32_t s = (uint32_t)t->h_word & m->freq_mask;
        while (m->freq_slots[s]) s = (s + 1) & m->freq_mask;
        nm_ner_wentry *x = &m->freq[count];
        wentry_fill(m, tw.chars, &words[i], t, x);
        x->ti = *t;
        x->ti.gaz = 0;
        x->ti.docflags = 0;
        x->ti.lex = (uint8_t)(NM_NER_LEX_KNOWN | word_lex(m, &words[i], NM_NER_LEX_GAZ_HEAD | NM_NER_LEX_TITLE_HEAD |
                                                                             NM_NER_LEX_FIRSTNAME | NM_NER_LEX_ORGWORD));
        x->ti.lower_off = (uint32_t)clen;
        memcpy(m->freq_chars + clen, tw.chars + t->lower_off, t->lower_len);
        clen += t->lower_len;
        x->lh = lower_hash(words[i].s, words[i].n);
        x->ti.freq = x;
        x->lex = x->ti.lex;
        m->freq_slots[s] = ++count;
    }
    m->nfreq = count;
    nm_ner_work_free(&tw);
    free(words);
    return 0;
}

/* Emission sums (both stages) of every word of the prepared sentence, the plain way. */
static void plain_emissions(const nm_ner_model *m, const nm_ner_work *w, uint32_t n, int32_t (*acc)[ROW])
{
    uint64_t feats[NM_NER_MAXF];
    for (uint32_t i = 0; i < n; i++) {
        memset(acc[i], 0, sizeof acc[i]);
        sum_feats(m, feats, nm_ner_features(w, n, i, feats), acc[i]);
    }
}

/* The same sums, the fast way (see above). Returns 0, or -1 when the sentence is too long for the
 * cache or memory is short (then use plain_emissions). */
static int fast_emissions(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, uint32_t n,
                          int32_t (*acc)[ROW])
{
    if (n > WC_LIMIT) return -1;
    if (w->wc_n + n > WC_LIMIT) wc_reset(w);
    if (wc_reserve(w, w->wc_n + n) != 0) return -1;
    if (grow((void **)&w->wc_of, &w->wc_of_cap, n, sizeof *w->wc_of)) return -1;
    const nm_ner_tokinfo *ti = w->ti;
    for (uint32_t i = 0; i < n; i++) w->wc_of[i] = wc_entry(m, w, &words[i], &ti[i]);
    const nm_ner_wentry *const *we = w->wc_of;
    const int16_t *dense = m->dense;
    enum { AHEAD = 3 };
    for (uint32_t i = 0; i < n; i++) {
        const nm_ner_tokinfo *t = &ti[i];
        int32_t *a = acc[i];
        if (i + AHEAD < n) {
            /* the sums of the word AHEAD on (table entries are scattered over a few megabytes) */
            const char *ahead = (const char *)we[i + AHEAD]->sum;
            for (size_t line = 0; line < sizeof we[0]->sum; line += 64) __builtin_prefetch(ahead + line);
        }
        const int32_t *self = we[i]->sum[WS_SELF];
        memcpy(a, self, sizeof acc[i]); /* includes the bias row */
        add_row32(a, i > 0 ? we[i - 1]->sum[WS_AS_M1] : m->edge_sum[0]);
        add_row32(a, i > 1 ? we[i - 2]->sum[WS_AS_M2] : m->edge_sum[1]);
        add_row32(a, i + 1 < n ? we[i + 1]->sum[WS_AS_P1] : m->edge_sum[2]);
        add_row32(a, i + 2 < n ? we[i + 2]->sum[WS_AS_P2] : m->edge_sum[3]);
        /* pair and rare features: probed */
        uint64_t lm1 = i > 0 ? ti[i - 1].h_lower : H_START, lp1 = i + 1 < n ? ti[i + 1].h_lower : H_END;
        uint64_t sm1 = i > 0 ? ti[i - 1].h_shape : H_START, sp1 = i + 1 < n ? ti[i + 1].h_shape : H_END;
        uint64_t wm1 = i > 0 ? ti[i - 1].h_word : H_START, wp1 = i + 1 < n ? ti[i + 1].h_word : H_END;
        uint64_t f[12];
        uint32_t k = 0;
        f[k++] = feat2(F_BI_M1, lm1, t->h_lower);
        f[k++] = feat2(F_BI_P1, t->h_lower, lp1);
        f[k++] = feat2(F_SH_TRI, feat2(0, sm1, t->h_shape), sp1);
        f[k++] = feat2(F_LM1_SH, lm1, t->h_shape);
        f[k++] = feat2(F_LP1_SH, lp1, t->h_shape);
        f[k++] = feat2(F_WM1, wm1, t->h_shape);
        f[k++] = feat2(F_WP1, wp1, t->h_shape);
        if (i == 0) f[k++] = feat1(F_INIT, t->h_shape);
        if (t->docflags & 0x80) f[k++] = feat1(F_CAPSENT, t->h_lower);
        if (t->gaz) f[k++] = feat1(F_GAZ_ALL, t->gaz);
        sum_feats(m, f, k, a);
        /* small-integer templates: dense rows */
        for (int g = 0; g < NM_GAZ_N; g++) {
            uint32_t v = (t->gaz >> (2 * g)) & 3u;
            if (v) add_row16(a, dense + (size_t)(D_GAZ + g * 4 + v) * ROW);
            if (i > 0 && (v = (ti[i - 1].gaz >> (2 * g)) & 3u)) add_row16(a, dense + (size_t)(D_GAZ_M1 + g * 4 + v) * ROW);
            if (i + 1 < n && (v = (ti[i + 1].gaz >> (2 * g)) & 3u)) add_row16(a, dense + (size_t)(D_GAZ_P1 + g * 4 + v) * ROW);
        }
        uint32_t cw = 0;
        for (int dlt = -2; dlt <= 2; dlt++) {
            int64_t j = (int64_t)i + dlt;
            uint32_t c = j < 0 || j >= (int64_t)n ? 3 : ti[j].allcaps ? 2 : ti[j].cap ? 1 : 0;
            cw = cw * 4 + c;
        }
        add_row16(a, dense + (size_t)(D_CAPWIN + cw) * ROW);
        add_row16(a, dense + (size_t)(D_DICT + t->dict * 16 + t->cap * 4 + t->allcaps * 2 + (i == 0)) * ROW);
        add_row16(a, dense + (size_t)(D_DICT_M1 + (i > 0 ? ti[i - 1].dict * 2 + ti[i - 1].cap : 9) * 8 + t->dict) * ROW);
        add_row16(a, dense + (size_t)(D_DICT_P1 + (i + 1 < n ? ti[i + 1].dict * 2 + ti[i + 1].cap : 9) * 8 + t->dict) * ROW);
        if (t->cap) add_row16(a, dense + (size_t)(D_DOC + ((t->docflags & 3) | (i == 0) << 2 | t->allcaps << 3)) * ROW);
    }
    return 0;
}

/* ---- decoding ---- */

/* Constrained Viterbi over emission scores sc[n][L], which it overwrites with the path scores (the
 * best score of a path ending in each label at each position); ties go to the lower label. trans is
 * m->trans[stage], vt m->vtrans[stage] (the same numbers).
 *
 * Why no back-pointers: the forward pass then needs only the maximum over the predecessors, not
 * which one it was (a max is a few vector instructions; an argmax is a chain of compares), and the
 * backward pass recovers the predecessor of the one label chosen per position from the kept scores
 * with exactly the sums the forward pass maximised: the first predecessor (in order) whose sum is
 * the maximum, as a scan with strict '>' finds. The kept score is the maximum either way (up to the
 * sign of a zero, which no comparison sees), so the labels are those of the classic decoder. A
 * forbidden transition is -infinity, so it is never the maximum: every label has an allowed
 * predecessor with a finite score. */
static void viterbi(float *sc, uint32_t n, const float trans[NM_NER_NLABELS + 1][NM_NER_NLABELS],
                    const nm_ner_vtrans *vt, uint8_t *out)
{
    enum { L = NM_NER_NLABELS };
    for (int l = 0; l < L; l++) sc[l] = nm_ner_allowed(L, l) ? sc[l] + trans[L][l] : -1e30f;
#if defined(__SSE2__)
    /* forward: labels 0-7 in two vectors, label 8 (I-MISC: predecessors 7 and 8) on its own */
    __m128 pa = _mm_loadu_ps(sc), pb = _mm_loadu_ps(sc + 4);
    float p8 = sc[8];
    const float t78 = trans[7][8], t88 = trans[8][8];
    for (uint32_t i = 1; i < n; i++) {
        float *cur = sc + (size_t)i * L;
        /* each predecessor's score in all lanes */
        __m128 b0 = _mm_shuffle_ps(pa, pa, _MM_SHUFFLE(0, 0, 0, 0)), b1 = _mm_shuffle_ps(pa, pa, _MM_SHUFFLE(1, 1, 1, 1));
        __m128 b2 = _mm_shuffle_ps(pa, pa, _MM_SHUFFLE(2, 2, 2, 2)), b3 = _mm_shuffle_ps(pa, pa, _MM_SHUFFLE(3, 3, 3, 3));
        __m128 b4 = _mm_shuffle_ps(pb, pb, _MM_SHUFFLE(0, 0, 0, 0)), b5 = _mm_shuffle_ps(pb, pb, _MM_SHUFFLE(1, 1, 1, 1));
        __m128 b6 = _mm_shuffle_ps(pb, pb, _MM_SHUFFLE(2, 2, 2, 2)), b7 = _mm_shuffle_ps(pb, pb, _MM_SHUFFLE(3, 3, 3, 3));
        __m128 b8 = _mm_set1_ps(p8);
        __m128 m[2];
        for (int h = 0; h < 2; h++) {
            /* the maximum over the nine predecessors as a tree: short dependency chains */
            const float (*t)[4] = vt->fwd[h];
            __m128 m01 = _mm_max_ps(_mm_add_ps(b0, _mm_loadu_ps(t[0])), _mm_add_ps(b1, _mm_loadu_ps(t[1])));
            __m128 m23 = _mm_max_ps(_mm_add_ps(b2, _mm_loadu_ps(t[2])), _mm_add_ps(b3, _mm_loadu_ps(t[3])));
            __m128 m45 = _mm_max_ps(_mm_add_ps(b4, _mm_loadu_ps(t[4])), _mm_add_ps(b5, _mm_loadu_ps(t[5])));
            __m128 m67 = _mm_max_ps(_mm_add_ps(b6, _mm_loadu_ps(t[6])), _mm_add_ps(b7, _mm_loadu_ps(t[7])));
            m[h] = _mm_max_ps(_mm_max_ps(_mm_max_ps(m01, m23), _mm_max_ps(m45, m67)), _mm_add_ps(b8, _mm_loadu_ps(t[8])));
        }
        float sb = _mm_cvtss_f32(b7) + t78, si = p8 + t88;
        pa = _mm_add_ps(m[0], _mm_loadu_ps(cur));
        pb = _mm_add_ps(m[1], _mm_loadu_ps(cur + 4));
        p8 = (si > sb ? si : sb) + cur[8];
        _mm_storeu_ps(cur, pa);
        _mm_storeu_ps(cur + 4, pb);
        cur[8] = p8;
    }
#else
    for (uint32_t i = 1; i < n; i++) {
        const float *prev = sc + (size_t)(i - 1) * L;
        float *cur = sc + (size_t)i * L;
        for (int l = 0; l < L; l++) {
            float best = prev[0] + vt->col[l][0];
            for (int p = 1; p < L; p++)
                if (prev[p] + vt->col[l][p] > best) best = prev[p] + vt->col[l][p];
            cur[l] += best;
        }
    }
#endif
    const float *last = sc + (size_t)(n - 1) * L;
    int best = 0;
    for (int l = 1; l < L; l++)
        if (last[l] > last[best]) best = l;
    /* backward: the predecessor of each chosen label */
    for (uint32_t i = n; i-- > 1;) {
        out[i] = (uint8_t)best;
        const float *prev = sc + (size_t)(i - 1) * L, *col = vt->col[best];
#if defined(__SSE2__)
        __m128 s0 = _mm_add_ps(_mm_loadu_ps(prev), _mm_loadu_ps(col));
        __m128 s1 = _mm_add_ps(_mm_loadu_ps(prev + 4), _mm_loadu_ps(col + 4));
        float s8 = prev[8] + col[8];
        __m128 mx = _mm_max_ps(s0, s1);
        mx = _mm_max_ps(mx, _mm_shuffle_ps(mx, mx, _MM_SHUFFLE(2, 3, 0, 1)));
        mx = _mm_max_ps(mx, _mm_shuffle_ps(mx, mx, _MM_SHUFFLE(1, 0, 3, 2)));
        float m8 = _mm_cvtss_f32(mx);
        if (s8 > m8) m8 = s8;
        __m128 mv = _mm_set1_ps(m8);
        uint32_t eq = (uint32_t)_mm_movemask_ps(_mm_cmpeq_ps(s0, mv)) | (uint32_t)_mm_movemask_ps(_mm_cmpeq_ps(s1, mv)) << 4 |
                      (uint32_t)(s8 == m8) << 8;
        best = __builtin_ctz(eq | 0x200u); /* eq is never 0: m8 is one of the sums */
#else
        int arg = 0;
        float top = prev[0] + col[0];
        for (int p = 1; p < L; p++)
            if (prev[p] + col[p] > top) { top = prev[p] + col[p]; arg = p; }
        best = arg;
#endif
    }
    out[0] = (uint8_t)best;
}

static void clear_labels(uint8_t *labels, const nm_ner_range *sents, size_t nsents)
{
    for (size_t s = 0; s < nsents; s++)
        if (sents[s].e > sents[s].b) memset(labels + sents[s].b, 0, sents[s].e - sents[s].b);
}

int nm_ner_tag_document(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, size_t nwords,
                        const nm_ner_range *sents, size_t nsents, uint8_t *labels)
{
    enum { L = NM_NER_NLABELS };
    clear_labels(labels, sents, nsents);
    size_t maxn = 1;
    for (size_t s = 0; s < nsents; s++)
        if (sents[s].e > sents[s].b && sents[s].e - sents[s].b > maxn) maxn = sents[s].e - sents[s].b;
    if (grow((void **)&w->emit2, &w->emit2_cap, nwords * L + 1, sizeof *w->emit2) ||
        grow((void **)&w->em, &w->em_cap, maxn * L, sizeof *w->em))
        return -1;
    nm_ner_doc_reset(w);
    for (size_t s = 0; s < nsents; s++)
        if (sents[s].e > sents[s].b) nm_ner_doc_add(w, words + sents[s].b, sents[s].e - sents[s].b);
    nm_ner_hist_reset(w);
    wc_reset(w);
    if (grow((void **)&w->acc, &w->acc_cap, maxn, sizeof *w->acc)) return -1;
    w->wc_live = 1;
    /* stage 1, keeping the stage-2 scores of the same local features */
    for (size_t s = 0; s < nsents; s++) {
        uint32_t b = sents[s].b, n = sents[s].e > b ? sents[s].e - b : 0;
        if (!n) continue;
        if (nm_ner_prepare(m, w, words + b, n) != 0) { w->wc_live = 0; clear_labels(labels, sents, nsents); return -1; }
        if (!m->dense || fast_emissions(m, w, words + b, n, w->acc) != 0) plain_emissions(m, w, n, w->acc);
        for (uint32_t i = 0; i < n; i++) {
            const int32_t *acc = w->acc[i];
            for (int l = 0; l < L; l++) {
                w->em[(size_t)i * L + l] = (float)acc[l] * m->scale[0];
                w->emit2[(size_t)(b + i) * L + l] = acc[L + l];
            }
        }
        viterbi(w->em, n, m->trans[0], &m->vtrans[0], labels + b);
        nm_ner_hist_add(w, words + b, labels + b, n);
    }
    w->wc_live = 0;
    /* stage 2: add the history features */
    for (size_t s = 0; s < nsents; s++) {
        uint32_t b = sents[s].b, n = sents[s].e > b ? sents[s].e - b : 0;
        if (!n) continue;
        for (uint32_t i = 0; i < n; i++) {
            int32_t acc[L];
            memcpy(acc, w->emit2 + (size_t)(b + i) * L, sizeof acc);
            uint32_t tmpl[NM_NER_MAXH], val[NM_NER_MAXH];
            uint32_t nh = hist_values(w, words + b, labels + b, n, i, tmpl, val);
            for (uint32_t f = 0; f < nh; f++) {
                uint32_t t = tmpl[f] - F_P1;
                const int16_t *r;
                if (m->dense2 && val[f] < D2_COUNT[t]) r = m->dense2 + (size_t)(D2_BASE[t] + val[f]) * L;
                else if ((r = row_of(m, feat1(tmpl[f], val[f])))) r += L; /* not reached: the values are small */
                else continue;
                for (int l = 0; l < L; l++) acc[l] += r[l];
            }
            for (int l = 0; l < L; l++) w->em[(size_t)i * L + l] = (float)acc[l] * m->scale[1];
        }
        viterbi(w->em, n, m->trans[1], &m->vtrans[1], labels + b);
    }
    return 0;
}

int nm_ner_selfcheck(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, uint32_t n)
{
    if (!n) return 0;
    if (!m->dense || grow((void **)&w->acc, &w->acc_cap, n, sizeof *w->acc)) return -1;
    int32_t (*plain)[ROW] = malloc((size_t)n * sizeof *plain);
    if (!plain) return -1;
    nm_ner_doc_reset(w);
    nm_ner_doc_add(w, words, n);
    wc_reset(w);
    int bad = -1;
    if (nm_ner_prepare(m, w, words, n) == 0 && fast_emissions(m, w, words, n, w->acc) == 0) {
        plain_emissions(m, w, n, plain);
        bad = 0;
        for (uint32_t i = 0; i < n; i++) bad += memcmp(plain[i], w->acc[i], sizeof plain[i]) != 0;
    }
    free(plain);
    return bad;
}

int nm_ner_tag(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, uint32_t n, uint8_t *labels)
{
    nm_ner_range r = {0, n};
    if (!n) return 0;
    return nm_ner_tag_document(m, w, words, n, &r, 1, labels);
}
