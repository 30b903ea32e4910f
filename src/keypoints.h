/*
 * keypoints.h — the key-points layer: the three to five body sentences a reader must know, scored
 * by a learned linear model (data/models/keypoints.txt, trained by train/keypoints_train.c) and
 * lightly compressed (compress.c) by removing only material that can go: a dateline, a leading
 * "Meanwhile,", a short parenthetical, a trailing attribution ", officials said on Monday".
 *
 * The feature extractor and the selector are exported so that the trainer computes exactly the
 * features and the output the stage computes at run time.
 */
#ifndef NM_KEYPOINTS_H
#define NM_KEYPOINTS_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

/* The sentence features of the scorer, in model order. Names are the model file's keys. */
#define NM_KP_FEATURES(X)                                                                      \
    X(bias) X(pos0) X(pos1) X(pos2) X(pos3) X(pos4) X(pos5_6) X(pos7_9) X(pos10_14) X(pos15)   \
    X(relpos) X(inv_pos) X(len_le8) X(len9_14) X(len15_22) X(len23_32) X(len33) X(log_len)     \
    X(centrality) X(bigram_centrality) X(name_salience) X(top_name) X(title_overlap)           \
    X(has_title) X(has_quote) X(starts_quote) X(has_digit) X(starts_pronoun)                   \
    X(starts_connective) X(question) X(attribution) X(colon) X(last_tenth) X(first_person)    \
    X(no_final_punct) X(para_first) X(stopword_ratio) X(dash_clause) X(novelty)   \
    X(lead_centrality) X(lead_salience) X(lead_len)

enum {
#define NM_KP_ENUM_(name) NM_KPF_##name,
    NM_KP_FEATURES(NM_KP_ENUM_)
#undef NM_KP_ENUM_
    NM_KP_NFEAT
};

/* Name of feature i (the model file key). */
const char *nm_kp_feature_name(int i);

/* The linear scorer: one weight per feature. */
typedef struct nm_keypoint_model {
    double w[NM_KP_NFEAT];
} nm_keypoint_model;

/* Parse a model file ("name<TAB>weight" lines, '#' comments). Unknown names are ignored,
 * missing ones are 0. Returns 0, or -1 if no weight was found. */
int nm_kp_model_parse(nm_keypoint_model *m, const char *text, size_t len);

/* One key point. */
typedef struct nm_keypoint {
    uint32_t sent;          /* index into doc->sents */
    uint32_t start, end;    /* bytes: the kept material of the sentence */
    const char *text;       /* the (compressed) text, NUL-terminated, in the arena */
    size_t text_len;
    double score;           /* the model's score */
} nm_keypoint;

typedef struct nm_keypoint_set {
    NM_VEC(nm_keypoint) v;  /* in reading order */
} nm_keypoint_set;

/* Per body sentence b (0 .. doc->nbody-1): its sentence index, whether it may be a key point at
 * all (not boilerplate, not a fragment), and its features (feats[b * NM_KP_NFEAT + f]).
 * feats and eligible are allocated in the document arena. Returns doc->nbody. */
typedef struct nm_kp_sentences {
    uint32_t n;
    uint32_t *sent;
    uint8_t *eligible;
    float *feats;
    uint64_t *content_hash; /* per token of the document: hash of a content word, 0 otherwise */
} nm_kp_sentences;
void nm_kp_features(nm_doc *doc, nm_kp_sentences *out);

/* Compress sentence s safely (see compress.c): writes the text into the arena and the span of
 * kept material. Never returns an empty text for a non-empty sentence. */
void nm_kp_compress(nm_doc *doc, uint32_t s, const char **text, size_t *len, uint32_t *start, uint32_t *end);

/* Choose the key points of doc with model m (the stage's run, also used by the trainer). */
nm_keypoint_set *nm_kp_select(nm_doc *doc, const nm_keypoint_model *m);

#endif
