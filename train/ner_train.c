/*
 * ner_train.c — trains the NER tagger's model (data/models/ner.bin) from CoNLL-2003 files.
 *
 * An averaged structured perceptron: each training sentence is decoded with constrained Viterbi
 * under the current weights and, where the best path differs from the gold one, the gold features
 * and transitions are rewarded and the predicted ones penalised. The averaged weights (computed
 * with the usual lazy-sum trick) are pruned of features that quantise to zero and written as int16.
 * Feature extraction is the tagger's own (nm_ner_prepare / nm_ner_features in src/ner.c).
 *
 * Two stages (see ner.h): stage 1 on local features; stage 2 adds the history features computed
 * from stage-1 labels. The stage-1 labels that stage 2 learns from are jackknifed (each half of the
 * training documents tagged by a stage-1 model trained on the other half), so stage 2 learns how
 * much to trust stage 1 on unseen text rather than on its own training data.
 *
 * Deterministic: sentences are visited in a fixed pseudo-random order (fixed seed), ties resolve to
 * the lowest label, keys are written sorted — the same data always gives the same bytes.
 *
 * usage: ner_train TRAIN DEV EPOCHS1 EPOCHS2 OUT.bin
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner.h"

#define L NM_NER_NLABELS
/* folds of the jackknife that produces stage 2's training history */
#define FOLDS 2

typedef struct corpus {
    char *text;                 /* all tokens, NUL-separated */
    size_t text_len, text_cap;
    nm_ner_word *words;         /* s points into text after loading */
    uint32_t *word_off;
    uint8_t *gold;
    size_t nw, wcap;
    uint32_t *sent_begin;       /* sentence i = words [sent_begin[i], sent_begin[i+1]) */
    uint32_t *sent_doc;
    size_t ns, scap;
    /* features: token t has rows feat[fbeg[t] .. fbeg[t+1]) (row index, or UINT32_MAX if unknown) */
    uint32_t *feat, *fbeg;
    size_t nfeat_total, feat_cap;
} corpus;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) { fprintf(stderr, "ner_train: out of memory\n"); exit(3); }
    return q;
}

static void push_sentence(corpus *c, uint32_t doc)
{
    if (c->ns + 2 > c->scap) {
        c->scap = c->scap ? c->scap * 2 : 1024;
        c->sent_begin = xrealloc(c->sent_begin, c->scap * sizeof *c->sent_begin);
        c->sent_doc = xrealloc(c->sent_doc, c->scap * sizeof *c->sent_doc);
    }
    c->sent_doc[c->ns] = doc;
    c->ns++;
    c->sent_begin[c->ns] = (uint32_t)c->nw;
}

static void load(corpus *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(3); }
    memset(c, 0, sizeof *c);
    c->scap = 1024;
    c->sent_begin = xrealloc(NULL, c->scap * sizeof *c->sent_begin);
    c->sent_doc = xrealloc(NULL, c->scap * sizeof *c->sent_doc);
    c->sent_begin[0] = 0;
    char line[4096];
    uint32_t doc = 0;
    size_t in_sent = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (!n) {
            if (in_sent) { push_sentence(c, doc); in_sent = 0; }
            continue;
        }
        if (!strncmp(line, "-DOCSTART-", 10)) {
            if (in_sent) { push_sentence(c, doc); in_sent = 0; }
            doc++;
            continue;
        }
        char *sp = strchr(line, ' ');
        char *last = strrchr(line, ' ');
        if (!sp) { fprintf(stderr, "%s: malformed line: %s\n", path, line); exit(3); }
        int lab = nm_ner_label_parse(last + 1, strlen(last + 1));
        if (lab < 0) { fprintf(stderr, "%s: bad tag: %s\n", path, line); exit(3); }
        size_t tl = (size_t)(sp - line);
        if (c->text_len + tl + 1 > c->text_cap) {
            c->text_cap = (c->text_cap + tl + 1) * 2;
            c->text = xrealloc(c->text, c->text_cap);
        }
        if (c->nw + 1 > c->wcap) {
            c->wcap = c->wcap ? c->wcap * 2 : 4096;
            c->words = xrealloc(c->words, c->wcap * sizeof *c->words);
            c->word_off = xrealloc(c->word_off, c->wcap * sizeof *c->word_off);
            c->gold = xrealloc(c->gold, c->wcap);
        }
        memcpy(c->text + c->text_len, line, tl);
        c->word_off[c->nw] = (uint32_t)c->text_len;
        c->words[c->nw].n = (uint32_t)tl;
        c->text_len += tl;
        c->text[c->text_len++] = 0;
        c->gold[c->nw] = (uint8_t)lab;
        c->nw++;
        in_sent = 1;
    }
    if (in_sent) push_sentence(c, doc);
    fclose(f);
    for (size_t i = 0; i < c->nw; i++) c->words[i].s = c->text + c->word_off[i];
}

/* ---- the weight table being trained ---- */
typedef struct table {
    uint32_t *keys;      /* per row */
    uint32_t *slots;     /* open addressing: row + 1 */
    uint32_t mask;
    size_t nrows, cap;
    float *w;            /* rows × L: weights */
    double *wa;          /* the time-weighted sum of updates (double: the sums outgrow float precision) */
    float trans[L + 1][L];
    double trans_a[L + 1][L];
} table;

static uint32_t table_find(const table *t, uint32_t key)
{
    uint32_t s = (key * 2654435761u) & t->mask;
    for (;;) {
        uint32_t r = t->slots[s];
        if (!r) return UINT32_MAX;
        if (t->keys[r - 1] == key) return r - 1;
        s = (s + 1) & t->mask;
    }
}

static uint32_t table_add(table *t, uint32_t key)
{
    uint32_t r = table_find(t, key);
    if (r != UINT32_MAX) return r;
    if ((t->nrows + 1) * 2 > (size_t)t->mask + 1) {
        uint32_t ncap = (t->mask + 1) * 2;
        uint32_t *ns = calloc(ncap, sizeof *ns);
        if (!ns) exit(3);
        for (size_t i = 0; i < t->nrows; i++) {
            uint32_t s = (t->keys[i] * 2654435761u) & (ncap - 1);
            while (ns[s]) s = (s + 1) & (ncap - 1);
            ns[s] = (uint32_t)i + 1;
        }
        free(t->slots);
        t->slots = ns;
        t->mask = ncap - 1;
    }
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 65536;
        t->keys = xrealloc(t->keys, t->cap * sizeof *t->keys);
    }
    t->keys[t->nrows] = key;
    uint32_t s = (key * 2654435761u) & t->mask;
    while (t->slots[s]) s = (s + 1) & t->mask;
    t->slots[s] = (uint32_t)t->nrows + 1;
    return (uint32_t)t->nrows++;
}

/* Features of every token (row indices into t). With hist (stage-1 labels of every token), the
 * stage-2 history features are added. */
static void extract(const nm_ner_model *m, nm_ner_work *wk, corpus *c, table *t, int add, const uint8_t *hist)
{
    free(c->fbeg);
    free(c->feat);
    c->fbeg = xrealloc(NULL, (c->nw + 1) * sizeof *c->fbeg);
    c->feat_cap = c->nw * 48 + 64;
    c->feat = xrealloc(NULL, c->feat_cap * sizeof *c->feat);
    c->nfeat_total = 0;
    uint64_t fs[NM_NER_MAXF + NM_NER_MAXH];
    size_t s = 0;
    while (s < c->ns) {
        size_t e = s;
        while (e < c->ns && c->sent_doc[e] == c->sent_doc[s]) e++;
        nm_ner_doc_reset(wk);
        nm_ner_hist_reset(wk);
        for (size_t k = s; k < e; k++) {
            nm_ner_doc_add(wk, c->words + c->sent_begin[k], c->sent_begin[k + 1] - c->sent_begin[k]);
            if (hist) nm_ner_hist_add(wk, c->words + c->sent_begin[k], hist + c->sent_begin[k], c->sent_begin[k + 1] - c->sent_begin[k]);
        }
        for (size_t k = s; k < e; k++) {
            uint32_t b = c->sent_begin[k], n = c->sent_begin[k + 1] - b;
            if (nm_ner_prepare(m, wk, c->words + b, n) != 0) exit(3);
            for (uint32_t i = 0; i < n; i++) {
                c->fbeg[b + i] = (uint32_t)c->nfeat_total;
                uint32_t nf = nm_ner_features(wk, n, i, fs);
                if (hist) nf += nm_ner_hist_features(wk, c->words + b, hist + b, n, i, fs + nf);
                if (c->nfeat_total + nf > c->feat_cap) {
                    c->feat_cap *= 2;
                    c->feat = xrealloc(c->feat, c->feat_cap * sizeof *c->feat);
                }
                for (uint32_t f = 0; f < nf; f++) {
                    uint32_t key = nm_ner_key(fs[f]);
                    c->feat[c->nfeat_total++] = add ? table_add(t, key) : table_find(t, key);
                }
            }
        }
        s = e;
    }
    c->fbeg[c->nw] = (uint32_t)c->nfeat_total;
}

/* Viterbi over sentence [b, b+n) with weights w and transitions tr. */
static void decode(const corpus *c, uint32_t b, uint32_t n, const float *w, float tr[L + 1][L], uint8_t *out,
                   float *score, uint8_t *back)
{
    for (uint32_t i = 0; i < n; i++) {
        float e[L] = {0};
        for (uint32_t f = c->fbeg[b + i]; f < c->fbeg[b + i + 1]; f++) {
            uint32_t r = c->feat[f];
            if (r == UINT32_MAX) continue;
            const float *row = w + (size_t)r * L;
            for (int l = 0; l < L; l++) e[l] += row[l];
        }
        for (int l = 0; l < L; l++) {
            if (i == 0) {
                score[l] = nm_ner_allowed(L, l) ? e[l] + tr[L][l] : -1e30f;
                back[l] = 0;
                continue;
            }
            float best = -1e30f;
            int arg = 0;
            for (int p = 0; p < L; p++) {
                if (!nm_ner_allowed(p, l)) continue;
                float s = score[(size_t)(i - 1) * L + p] + tr[p][l];
                if (s > best) { best = s; arg = p; }
            }
            score[(size_t)i * L + l] = best + e[l];
            back[(size_t)i * L + l] = (uint8_t)arg;
        }
    }
    int best = 0;
    for (int l = 1; l < L; l++)
        if (score[(size_t)(n - 1) * L + l] > score[(size_t)(n - 1) * L + best]) best = l;
    for (uint32_t i = n; i-- > 0;) {
        out[i] = (uint8_t)best;
        best = back[(size_t)i * L + best];
    }
}

/* Entity-level counts (exact span and type) for one sentence. */
static void count_chunks(const uint8_t *gold, const uint8_t *pred, uint32_t n, long *tp, long *ng, long *np)
{
    for (uint32_t i = 0; i < n; i++) {
        if (nm_ner_is_begin(gold[i])) {
            (*ng)++;
            uint32_t e = i + 1;
            while (e < n && gold[e] == gold[i] + 1) e++;
            if (pred[i] == gold[i]) {
                uint32_t pe = i + 1;
                while (pe < n && pred[pe] == pred[i] + 1) pe++;
                if (pe == e) (*tp)++;
            }
        }
        if (nm_ner_is_begin(pred[i])) (*np)++;
    }
}

static double evaluate(const corpus *c, const float *w, float tr[L + 1][L], uint8_t *out, float *score, uint8_t *back)
{
    long tp = 0, ng = 0, np = 0;
    for (size_t s = 0; s < c->ns; s++) {
        uint32_t b = c->sent_begin[s], n = c->sent_begin[s + 1] - b;
        if (!n) continue;
        decode(c, b, n, w, tr, out, score, back);
        count_chunks(c->gold + b, out, n, &tp, &ng, &np);
    }
    double p = np ? (double)tp / np : 0, r = ng ? (double)tp / ng : 0;
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Labels of every token of c under weights w. */
static void predict(const corpus *c, const float *w, float tr[L + 1][L], uint8_t *labels, float *score, uint8_t *back)
{
    for (size_t s = 0; s < c->ns; s++) {
        uint32_t b = c->sent_begin[s], n = c->sent_begin[s + 1] - b;
        if (n) decode(c, b, n, w, tr, labels + b, score, back);
    }
}

typedef struct trained {
    float *aw;                 /* averaged weights, rows × L */
    float atr[L + 1][L];
} trained;

/* Train on the sentences of tr whose document parity is not skip_parity (-1: all) and report the
 * F1 on dev after each epoch (dev may be NULL). */
static void train(const corpus *tr, const corpus *dev, size_t nrows, int epochs, int skip_parity, trained *out,
                  float *score, uint8_t *back, uint8_t *pred, const char *name)
{
    float *w = calloc(nrows * L, sizeof(float));
    double *wa = calloc(nrows * L, sizeof(double));
    float trans[L + 1][L];
    double trans_a[L + 1][L];
    memset(trans, 0, sizeof trans);
    memset(trans_a, 0, sizeof trans_a);
    out->aw = calloc(nrows * L, sizeof(float));
    uint32_t *order = malloc(tr->ns * sizeof *order);
    if (!w || !wa || !out->aw || !order) { fprintf(stderr, "ner_train: out of memory\n"); exit(3); }
    size_t no = 0;
    for (size_t s = 0; s < tr->ns; s++)
        if (skip_parity < 0 || (int)(tr->sent_doc[s] % FOLDS) != skip_parity) order[no++] = (uint32_t)s;
    uint64_t rng = 0x2545F4914F6CDD1DULL;
    double cnt = 1;
    for (int ep = 1; ep <= epochs; ep++) {
        for (size_t s = no; s > 1; s--) { /* Fisher-Yates with a fixed xorshift generator */
            rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
            size_t j = rng % s;
            uint32_t x = order[s - 1]; order[s - 1] = order[j]; order[j] = x;
        }
        long errs = 0;
        for (size_t oi = 0; oi < no; oi++, cnt++) {
            uint32_t s = order[oi], b = tr->sent_begin[s], n = tr->sent_begin[s + 1] - b;
            if (!n) continue;
            decode(tr, b, n, w, trans, pred, score, back);
            const uint8_t *gold = tr->gold + b;
            if (!memcmp(pred, gold, n)) continue;
            errs++;
            for (uint32_t i = 0; i < n; i++) {
                int gp = i ? gold[i - 1] : L, pp = i ? pred[i - 1] : L;
                if (gold[i] != pred[i] || gp != pp) {
                    trans[gp][gold[i]] += 1; trans_a[gp][gold[i]] += cnt;
                    trans[pp][pred[i]] -= 1; trans_a[pp][pred[i]] -= cnt;
                }
                if (gold[i] == pred[i]) continue;
                for (uint32_t f = tr->fbeg[b + i]; f < tr->fbeg[b + i + 1]; f++) {
                    size_t r = (size_t)tr->feat[f] * L;
                    w[r + gold[i]] += 1; wa[r + gold[i]] += cnt;
                    w[r + pred[i]] -= 1; wa[r + pred[i]] -= cnt;
                }
            }
        }
        for (size_t i = 0; i < nrows * L; i++) out->aw[i] = (float)(w[i] - wa[i] / cnt);
        for (int p = 0; p <= L; p++)
            for (int l = 0; l < L; l++) out->atr[p][l] = (float)(trans[p][l] - trans_a[p][l] / cnt);
        if (dev) fprintf(stderr, "%s epoch %d: %ld sentences wrong; dev F1 %.4f\n", name, ep, errs,
                         evaluate(dev, out->aw, out->atr, pred, score, back));
    }
    free(w);
    free(wa);
    free(order);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static float max_abs(const float *v, size_t n)
{
    float m = 0;
    for (size_t i = 0; i < n; i++) if (fabsf(v[i]) > m) m = fabsf(v[i]);
    return m > 0 ? m : 1;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: ner_train TRAIN DEV EPOCHS1 EPOCHS2 OUT.bin\n");
        return 2;
    }
    int epochs1 = atoi(argv[3]), epochs2 = atoi(argv[4]);
    char err[256];
    nm_ner_model *m = nm_ner_new(err, sizeof err);
    if (!m) { fprintf(stderr, "ner_train: %s\n", err); return 3; }
    nm_ner_work wk;
    nm_ner_work_init(&wk);
    corpus tr, dev;
    load(&tr, argv[1]);
    load(&dev, argv[2]);
    table t;
    memset(&t, 0, sizeof t);
    t.mask = (1u << 20) - 1;
    t.slots = calloc((size_t)t.mask + 1, sizeof *t.slots);
    size_t maxn = 1;
    for (size_t s = 0; s < tr.ns; s++) if (tr.sent_begin[s + 1] - tr.sent_begin[s] > maxn) maxn = tr.sent_begin[s + 1] - tr.sent_begin[s];
    for (size_t s = 0; s < dev.ns; s++) if (dev.sent_begin[s + 1] - dev.sent_begin[s] > maxn) maxn = dev.sent_begin[s + 1] - dev.sent_begin[s];
    float *score = malloc(maxn * L * sizeof(float));
    uint8_t *back = malloc(maxn * L), *pred = malloc(maxn);
    uint8_t *tr_hist = calloc(tr.nw + 1, 1), *dev_hist = calloc(dev.nw + 1, 1);
    if (!score || !back || !pred || !tr_hist || !dev_hist) return 3;

    /* stage 1: all of train; and the two halves for the jackknifed history */
    extract(m, &wk, &tr, &t, 1, NULL);
    extract(m, &wk, &dev, &t, 1, NULL);
    size_t rows1 = t.nrows;
    fprintf(stderr, "train: %zu sentences, %zu tokens; dev: %zu sentences; %zu stage-1 features\n", tr.ns, tr.nw, dev.ns, rows1);
    trained s1, half;
    train(&tr, &dev, rows1, epochs1, -1, &s1, score, back, pred, "stage 1");
    predict(&dev, s1.aw, s1.atr, dev_hist, score, back);
    for (int parity = 0; parity < FOLDS; parity++) {
        /* train without the documents of this parity, tag them */
        train(&tr, NULL, rows1, epochs1, parity, &half, score, back, pred, "half");
        for (size_t s = 0; s < tr.ns; s++) {
            uint32_t b = tr.sent_begin[s], n = tr.sent_begin[s + 1] - b;
            if (n && (int)(tr.sent_doc[s] % FOLDS) == parity) decode(&tr, b, n, half.aw, half.atr, tr_hist + b, score, back);
        }
        free(half.aw);
    }
    /* stage 2: local + history features */
    extract(m, &wk, &tr, &t, 1, tr_hist);
    extract(m, &wk, &dev, &t, 1, dev_hist);
    size_t rows = t.nrows;
    fprintf(stderr, "stage 2: %zu features\n", rows);
    trained s2;
    train(&tr, &dev, rows, epochs2, -1, &s2, score, back, pred, "stage 2");

    /* quantise each stage with its own scale; keep rows with any surviving weight */
    float scale[2] = {max_abs(s1.aw, rows1 * L) / 32767.0f, max_abs(s2.aw, rows * L) / 32767.0f};
    /* prune: a feature whose weights all stay below NER_PRUNE quantisation steps is dropped (rare
     * features with tiny averaged weights: smaller model, fewer cache misses, same accuracy) */
    const char *pe = getenv("NER_PRUNE");
    long prune = pe ? atol(pe) : 0;
    uint32_t *keep = malloc(rows * sizeof *keep);
    size_t nk = 0;
    for (size_t r = 0; r < rows; r++) {
        int any = 0;
        for (int l = 0; l < L; l++) {
            if (r < rows1 && labs(lrintf(s1.aw[r * L + l] / scale[0])) > prune) any = 1;
            if (labs(lrintf(s2.aw[r * L + l] / scale[1])) > prune) any = 1;
        }
        if (any) keep[nk++] = t.keys[r];
    }
    qsort(keep, nk, sizeof *keep, cmp_u32);
    FILE *out = fopen(argv[5], "wb");
    if (!out) { perror(argv[5]); return 3; }
    uint32_t nf = (uint32_t)nk, nl = L;
    fwrite("NMNER002", 1, 8, out);
    fwrite(&nf, 4, 1, out);
    fwrite(&nl, 4, 1, out);
    fwrite(scale, 4, 2, out);
    fwrite(s1.atr, sizeof(float), (L + 1) * L, out);
    fwrite(s2.atr, sizeof(float), (L + 1) * L, out);
    fwrite(keep, 4, nk, out);
    for (size_t i = 0; i < nk; i++) {
        uint32_t r = table_find(&t, keep[i]);
        int16_t q[2 * L];
        for (int l = 0; l < L; l++) {
            long v1 = r < rows1 ? lrintf(s1.aw[(size_t)r * L + l] / scale[0]) : 0;
            long v2 = lrintf(s2.aw[(size_t)r * L + l] / scale[1]);
            q[l] = (int16_t)(v1 > 32767 ? 32767 : v1 < -32767 ? -32767 : v1);
            q[L + l] = (int16_t)(v2 > 32767 ? 32767 : v2 < -32767 ? -32767 : v2);
        }
        fwrite(q, 2, 2 * L, out);
    }
    if (fclose(out) != 0) { perror(argv[5]); return 3; }
    fprintf(stderr, "wrote %s: %zu of %zu features kept\n", argv[5], nk, rows);
    nm_ner_work_free(&wk);
    nm_ner_free(m);
    return 0;
}
