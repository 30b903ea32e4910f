/*
 * ner.h — the named-entity tagger: a linear-chain model (averaged structured perceptron, trained by
 * train/ner_train.c) over hashed lexical, shape, affix, context, gazetteer and document features,
 * decoded with constrained Viterbi into IOB2 tags of CoNLL's four types.
 *
 * Two stages, as in Ratinov & Roth's "extended prediction history": stage 1 tags each sentence from
 * local features; stage 2 re-tags it with, in addition, what stage 1 said about the same word
 * elsewhere in the document ("Clinton" was PER twice, so this all-capitals CLINTON is too). Both
 * stages share one feature table whose rows hold the two weight vectors, so stage 2 costs only
 * the few history features plus a second Viterbi pass.
 *
 * The model is embedded (data/models/ner.bin), loaded once into nm_engine and read-only afterwards.
 * Feature extraction lives here (not in the trainer) so training and tagging can never disagree.
 * Per-call scratch memory is an nm_ner_work owned by the caller (one per thread/document), so
 * tagging never allocates per token.
 */
#ifndef NM_NER_H
#define NM_NER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lexicon.h"

enum {
    NM_NER_O = 0,
    NM_NER_B_PER, NM_NER_I_PER,
    NM_NER_B_ORG, NM_NER_I_ORG,
    NM_NER_B_LOC, NM_NER_I_LOC,
    NM_NER_B_MISC, NM_NER_I_MISC,
    NM_NER_NLABELS
};
/* A weight-table record: the key (2 int16), then 2 × NM_NER_NLABELS weights. */
enum { NM_NER_SLOT = 2 + 2 * NM_NER_NLABELS };
/* Entity class of a label: 0 none, 1 PER, 2 ORG, 3 LOC, 4 MISC; and whether it begins an entity. */
static inline int nm_ner_class(int label) { return (label + 1) / 2; }
static inline int nm_ner_is_begin(int label) { return label > 0 && (label & 1); }
const char *nm_ner_label_name(int label);           /* "O", "B-PER" ... */
int nm_ner_label_parse(const char *s, size_t n);    /* IOB2 or IOB1 tag → label, -1 if unknown */

/* Gazetteers the features use (data/lexicons/). */
enum {
    NM_GAZ_COUNTRY = 0, NM_GAZ_DEMONYM, NM_GAZ_CAPITAL, NM_GAZ_IGO, NM_GAZ_CITY, NM_GAZ_REGION,
    NM_GAZ_FIRSTNAME, NM_GAZ_ORGWORD, NM_GAZ_TITLE, NM_GAZ_N
};

/* A stage's transitions laid out for the decoder (see ner.c viterbi), -infinity where IOB2 forbids
 * them: fwd[h][prev] the transitions from prev to labels 4h..4h+3, and col[cur] those from each
 * predecessor (0..8, then padding) to cur. */
typedef struct nm_ner_vtrans {
    float fwd[2][NM_NER_NLABELS][4];
    float col[NM_NER_NLABELS][12];
} nm_ner_vtrans;

typedef struct nm_ner_model {
    nm_lexicon *countries, *cities, *regions, *firstnames, *orgwords, *titles;
    nm_lexicon *title_heads;                       /* first words of titles (derived at load) */
    nm_lexicon *gaz_heads;                         /* first words of countries, cities, regions (derived
                                                    * at load; NULL: no such filter) */
    nm_lexicon *words;                             /* English dictionary: common word / proper noun */
    struct nm_ner_dict_slot *dict;                 /* `words` as a table of dictionary classes by
                                                    * case-folded hash (built at load, so tagging can
                                                    * fetch a rare word's slot ahead); NULL: use `words` */
    uint32_t dict_mask;
    /* weights: nfeat rows of 2 × NM_NER_NLABELS int16 (stage 1, then stage 2), keyed by a 32-bit
     * feature hash */
    uint32_t nfeat;
    const uint32_t *keys;
    const int16_t *w;
    float scale[2];                                /* weight = w * scale[stage] */
    float trans[2][NM_NER_NLABELS + 1][NM_NER_NLABELS]; /* [stage][prev][cur]; row NLABELS = sentence start */
    nm_ner_vtrans vtrans[2];                       /* the same, laid out for the decoder */
    /* The look-up table tagging uses: open addressing by key, one byte of the key per slot in
     * slot_tag (0 = empty; a small array, so probes and most misses stay in cache), and per slot a
     * record in slot_w of the 32-bit key (2 int16) followed by its weight row, so a hit costs one
     * access to memory for key and weights together. */
    uint8_t *slot_tag;                             /* mask + 1 tags, then 16 copies of the first */
    int16_t *slot_w;                               /* mask + 2 records of NM_NER_SLOT int16; the
                                                    * last, all zero, is what a miss reads */
    uint32_t mask;
    /* Tagging's shortcuts (built by nm_ner_set_weights from the same weights, see ner.c "fast
     * emission scores"): rows of the templates whose values are small integers, as dense arrays,
     * and the sentence-edge context rows summed per position. */
    int16_t *dense;
    int16_t *dense2;                               /* stage-2 halves of the history templates' rows */
    int32_t edge_sum[4][2 * NM_NER_NLABELS];
    /* The frequent-word table (see ner.c): the per-word feature sums of the most frequent training
     * words (data/models/ner-words.txt), computed once at load, shared read-only by all documents
     * and threads. Empty (nfreq 0) for a model without the word list (the trainer's). */
    struct nm_ner_wentry *freq;
    uint32_t *freq_slots;                          /* index+1 into freq, 0 = empty */
    uint32_t nfreq, freq_mask;
    char *freq_chars;                              /* their lower-case forms */
    void *owned;                                   /* malloc'd model bytes (trainer), else NULL */
} nm_ner_model;

/* Load the gazetteers only (what feature extraction needs). NULL on failure. */
nm_ner_model *nm_ner_new(char *err, size_t errlen);
/* Attach weights from model bytes (embedded resource or a file read by the trainer; the bytes must
 * outlive the model and be 4-byte aligned). Returns 0, or -1 with a message. */
int nm_ner_set_weights(nm_ner_model *m, const void *bytes, size_t len, char *err, size_t errlen);
/* Gazetteers + the embedded data/models/ner.bin. */
nm_ner_model *nm_ner_load(char *err, size_t errlen);
void nm_ner_free(nm_ner_model *m);

/* One input word (bytes, not NUL-terminated). */
typedef struct nm_ner_word {
    const char *s;
    uint32_t n;
} nm_ner_word;

/* Per-token precomputed values of the current sentence. */
typedef struct nm_ner_tokinfo {
    uint64_t h_word, h_lower, h_shape, h_short;   /* hashes of the normalised word, its lower-case form, shape */
    uint32_t lower_off, lower_len;                /* lower-case form in work->chars */
    uint32_t gaz;                                 /* 2 bits per gazetteer: 1 = begins a match, 2 = inside */
    uint8_t cap, allcaps, digit, docflags;
    uint8_t dict;                                 /* 0 unknown, 1 common word, 2 proper noun, 3 both */
    uint8_t lex;                                  /* gazetteer facts about the word alone, once known
                                                   * (NM_NER_LEX_*) */
    const struct nm_ner_wentry *freq;             /* its frequent-word table entry, or NULL */
} nm_ner_tokinfo;

/* nm_ner_tokinfo.lex: KNOWN says the other bits are valid. GAZ_HEAD: the word may begin a country,
 * city or region name; TITLE_HEAD: a title; FIRSTNAME, ORGWORD: it is one. */
enum { NM_NER_LEX_KNOWN = 1, NM_NER_LEX_GAZ_HEAD = 2, NM_NER_LEX_TITLE_HEAD = 4, NM_NER_LEX_FIRSTNAME = 8, NM_NER_LEX_ORGWORD = 16 };

/* Scratch memory, reused across sentences and documents (grows, never shrinks). */
typedef struct nm_ner_work {
    nm_ner_tokinfo *ti;
    size_t ti_cap;
    char *chars;
    size_t chars_cap, chars_len;
    /* document memory: hashes of lower-case words seen lower-case / capitalised mid-sentence */
    uint64_t *doc_lower, *doc_cap;
    uint32_t doc_mask, doc_n;
    /* stage-1 history: per lower-cased capitalised word, how often stage 1 gave each class */
    uint64_t *hist_keys;
    uint16_t (*hist_cnt)[5];
    uint32_t hist_mask, hist_n;
    /* per document word: stage-2 scores of the local features (kept from pass 1) */
    int32_t *emit2;
    size_t emit2_cap;
    float *em;           /* per sentence word: emission scores */
    size_t em_cap;
    /* per distinct word of the document: the summed weight rows of its word-only features (see
     * ner.c "fast emission scores") */
    struct nm_ner_wentry *wc;
    uint32_t wc_n, wc_cap;
    uint32_t *wc_slots;  /* index+1 into wc, 0 = empty */
    uint32_t wc_mask;
    int wc_live;         /* the cache belongs to the document being tagged (prepare may read it) */
    const struct nm_ner_wentry **wc_of; /* per sentence word: its entry (frequent-word table or cache) */
    size_t wc_of_cap;
    int32_t (*acc)[2 * NM_NER_NLABELS]; /* per sentence word: summed weights, both stages */
    size_t acc_cap;
} nm_ner_work;

void nm_ner_work_init(nm_ner_work *w);
void nm_ner_work_free(nm_ner_work *w);
/* Document memory: reset, then add every sentence of the document before tagging it. */
void nm_ner_doc_reset(nm_ner_work *w);
void nm_ner_doc_add(nm_ner_work *w, const nm_ner_word *words, uint32_t n);

/* Prepare sentence words[0..n) (fills w->ti). Returns 0, or -1 when out of memory. */
int nm_ner_prepare(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, uint32_t n);
/* Feature hashes of token i of the prepared sentence; returns the count (≤ NM_NER_MAXF). */
#define NM_NER_MAXF 80
uint32_t nm_ner_features(const nm_ner_work *w, uint32_t n, uint32_t i, uint64_t *out);
/* The 32-bit key a feature hash is stored under. */
static inline uint32_t nm_ner_key(uint64_t h)
{
    uint32_t k = (uint32_t)(h ^ (h >> 32));
    return k ? k : 1;
}
/* Whether the transition prev → cur is allowed in IOB2 (prev = NM_NER_NLABELS: sentence start). */
int nm_ner_allowed(int prev, int cur);

/* Stage-1 history (used by nm_ner_tag_document; public for the trainer): reset per document, add
 * every sentence with its stage-1 labels, then the history features of word i of a sentence. */
void nm_ner_hist_reset(nm_ner_work *w);
void nm_ner_hist_add(nm_ner_work *w, const nm_ner_word *words, const uint8_t *labels, uint32_t n);
#define NM_NER_MAXH 8
uint32_t nm_ner_hist_features(const nm_ner_work *w, const nm_ner_word *words, const uint8_t *labels, uint32_t n,
                              uint32_t i, uint64_t *out);

/* A sentence: words [b, e) of the document's word array. */
typedef struct nm_ner_range {
    uint32_t b, e;
} nm_ner_range;

/* Tag a whole document (both stages, with document memory): labels[i] = NM_NER_* for every word
 * inside a sentence (others untouched). Returns 0, or -1 when out of memory (labels then O). */
int nm_ner_tag_document(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, size_t nwords,
                        const nm_ner_range *sents, size_t nsents, uint8_t *labels);
/* Self-check of the tagger's fast scoring path: tags words[0..n) as one sentence both ways and
 * returns how many words' emission scores differ between the fast path and the plain sum over
 * nm_ner_features (0 when they agree, as they must), or -1 when out of memory. For tests. */
int nm_ner_selfcheck(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, uint32_t n);
/* Tag n words as a document of one sentence. Returns 0, or -1 when out of memory (labels all O). */
int nm_ner_tag(const nm_ner_model *m, nm_ner_work *w, const nm_ner_word *words, uint32_t n, uint8_t *labels);

/* Tag a CoNLL column stream (cmd_tag.c): every line of in is written to out, token lines with one
 * more column, the IOB2 tag. Returns 0, -1 on a read error, -2 when out of memory or out failed. */
int nm_ner_tag_conll(const nm_ner_model *m, FILE *in, FILE *out);

#endif
