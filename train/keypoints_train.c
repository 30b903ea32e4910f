/*
 * keypoints_train.c — trains the key-points scorer (data/models/keypoints.txt).
 *
 * Reads CNN stories with their human highlights and BBC articles with their editors' extractive
 * summaries (JSONL, gzip or plain), runs the newsmill pipeline on each article, and takes the
 * stage's own sentence features (nm_kp_features) and compressed sentence texts (nm_kp_compress)
 * so that training sees exactly what the stage sees at run time.
 *
 * Targets (the "ROUGE oracle"): for a CNN story, each candidate sentence's ROUGE precision against
 * the joined highlights (mean of unigram and bigram precision of the compressed sentence), divided
 * by the best sentence's value in that story. Precision rather than F1 or recall, because the
 * highlights are short (about 32 words) and summary-level F1 rewards dense sentences: on 5-fold
 * cross-validation precision targets beat F1 targets by about 2 ROUGE-1 points.
 * BBC articles (--bbc, weighted by --bbc-weight) come in one of two ways. With --bbc-title (what
 * scripts/train-keypoints.sh uses) the article is read without its title and the target is the
 * sentence's precision against the BBC headline, normalised like CNN's: a headline is short and
 * abstractive like a CNN highlight. Without it the target is 1 for the editor's summary sentences
 * and 0 otherwise; that lowered the cross-validated CNN scores at every weight tried (0.02-0.3),
 * since those summaries keep ~40% of the sentences, a different task.
 * Model: weighted ridge regression (closed form, Gaussian elimination in double precision), so
 * the same data give the same weights, bit for bit, with no random state.
 *
 * Cross-validation (--folds K --cv-preds FILE): the CNN stories are split into K folds by their
 * order in the file; each fold is predicted by a model trained on BBC plus the other folds, with
 * the stage's own selection (nm_kp_select). The predictions are written as JSONL
 * {"id","keypoints":[...]} for ../shared/tools/rouge.
 *
 * usage: keypoints_train --cnn CNN.jsonl.gz [--bbc BBC.jsonl.gz] [--bbc-weight W] [--lambda L]
 *                        [--bbc-title] [--target 0|1|2|3] [--no-normalise] [--dump CANDIDATES.jsonl]
 *                        [--folds K --cv-preds FILE] [--out MODEL]
 * (--target: 0 F1, 1 precision (default), 2 recall, 3 mean of precision and F1; --dump writes each
 * CNN story's candidates with their compressed text and features, for selection experiments.)
 */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "doc.h"
#include "keypoints.h"
#include "newsmill.h"

typedef struct {
    char *id, *title, *body;
    char **refs;    /* highlights / summary sentences */
    size_t nrefs;
    int is_bbc;
} article;

typedef struct {
    float f[NM_KP_NFEAT];
    double y, weight;
    int fold; /* -1: BBC, always in training */
} example;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "keypoints_train: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *p = xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

/* Read a (possibly gzip-compressed) JSONL file of articles. */
static article *read_articles(const char *path, int is_bbc, size_t *count)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        fprintf(stderr, "keypoints_train: cannot open %s\n", path);
        exit(2);
    }
    size_t cap = 1 << 20, len = 0;
    char *buf = xmalloc(cap);
    int r;
    while ((r = gzread(gz, buf + len, (unsigned)(cap - len - 1))) > 0) {
        len += (size_t)r;
        if (cap - len < 4096) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) { fprintf(stderr, "keypoints_train: out of memory\n"); exit(2); }
            buf = nb;
        }
    }
    gzclose(gz);
    buf[len] = 0;
    size_t n = 0, acap = 256;
    article *v = xmalloc(acap * sizeof *v);
    for (char *line = buf; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        if (o && json_is_object(o)) {
            const char *id = json_string_value(json_object_get(o, "id"));
            const char *body = json_string_value(json_object_get(o, "article"));
            const char *title = json_string_value(json_object_get(o, "title"));
            json_t *hl = json_object_get(o, "highlights");
            if (id && body && json_is_array(hl)) {
                if (n == acap) {
                    acap *= 2;
                    article *nv = realloc(v, acap * sizeof *v);
                    if (!nv) { fprintf(stderr, "keypoints_train: out of memory\n"); exit(2); }
                    v = nv;
                }
                article *a = &v[n++];
                a->id = xstrdup(id);
                a->body = xstrdup(body);
                a->title = title ? xstrdup(title) : NULL;
                a->is_bbc = is_bbc;
                a->nrefs = json_array_size(hl);
                a->refs = xmalloc((a->nrefs + 1) * sizeof *a->refs);
                for (size_t i = 0; i < a->nrefs; i++) {
                    const char *h = json_string_value(json_array_get(hl, i));
                    a->refs[i] = xstrdup(h ? h : "");
                }
            }
        }
        json_decref(o);
        line = nl ? nl + 1 : NULL;
    }
    free(buf);
    *count = n;
    return v;
}

/* ---- ROUGE as in the scorer (lower-cased a-z0-9 runs; no stemming here) ---- */

typedef struct {
    uint64_t *v;
    size_t n;
} grams;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Unigram and bigram hashes of text, each sorted. */
static void text_grams(const char *s, grams *uni, grams *bi)
{
    size_t cap = strlen(s) / 2 + 2;
    uni->v = xmalloc(cap * sizeof(uint64_t));
    bi->v = xmalloc(cap * sizeof(uint64_t));
    uni->n = bi->n = 0;
    uint64_t prev = 0;
    for (const char *p = s; *p;) {
        while (*p && !isalnum((unsigned char)*p)) p++;
        if (!*p) break;
        uint64_t h = 1469598103934665603ULL;
        while (*p && isalnum((unsigned char)*p)) {
            h ^= (unsigned char)tolower((unsigned char)*p++);
            h *= 1099511628211ULL;
        }
        uni->v[uni->n++] = h;
        if (prev) bi->v[bi->n++] = prev * 1000003ULL ^ h;
        prev = h;
    }
    qsort(uni->v, uni->n, sizeof(uint64_t), cmp_u64);
    qsort(bi->v, bi->n, sizeof(uint64_t), cmp_u64);
}

static size_t overlap(const grams *a, const grams *b)
{
    size_t i = 0, j = 0, c = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i] == b->v[j]) { c++; i++; j++; }
        else if (a->v[i] < b->v[j]) i++;
        else j++;
    }
    return c;
}

/* Which per-sentence quantity the scorer learns: F1 (0), precision (1) or recall (2). */
static int g_target = 1;
static int g_normalise = 1; /* divide each story's targets by its best sentence's */
static int g_bbc_title = 0;  /* BBC target: precision against the headline (article read untitled) */

static double f1(size_t hit, size_t npred, size_t nref)
{
    if (!hit || !npred || !nref) return 0;
    double p = (double)hit / (double)npred, r = (double)hit / (double)nref;
    if (g_target == 1) return p;
    if (g_target == 2) return r;
    if (g_target == 3) return (p + 2 * p * r / (p + r)) / 2;
    return 2 * p * r / (p + r);
}

/* Mean of R1 and R2 F1 of text against the reference grams. */
static double rouge12(const char *text, const grams *ru, const grams *rb, double *r1, double *r2)
{
    grams u, b;
    text_grams(text, &u, &b);
    double a = f1(overlap(&u, ru), u.n, ru->n), c = f1(overlap(&b, rb), b.n, rb->n);
    free(u.v);
    free(b.v);
    if (r1) *r1 = a;
    if (r2) *r2 = c;
    return (a + c) / 2;
}

static char *join_refs(const article *a)
{
    size_t n = 1;
    for (size_t i = 0; i < a->nrefs; i++) n += strlen(a->refs[i]) + 1;
    char *s = xmalloc(n);
    s[0] = 0;
    for (size_t i = 0; i < a->nrefs; i++) {
        strcat(s, a->refs[i]);
        strcat(s, " ");
    }
    return s;
}

/* Normalised a-z0-9 form of text: tokens joined by single spaces, with a leading space. */
static char *normal_form(const char *s)
{
    size_t n = strlen(s);
    char *o = xmalloc(n + 3), *q = o;
    *q++ = ' ';
    for (const char *p = s; *p;) {
        while (*p && !isalnum((unsigned char)*p)) p++;
        if (!*p) break;
        while (*p && isalnum((unsigned char)*p)) *q++ = (char)tolower((unsigned char)*p++);
        *q++ = ' ';
    }
    *q = 0;
    return o;
}

/* Write every candidate of a story (compressed text and features) as one JSONL line, for
 * experiments with selection strategies outside the trainer. */
static void dump_candidates(const nm_engine *eng, const article *a, FILE *f);

static nm_doc *analyze(const nm_engine *eng, const article *a)
{
    nm_article art = {0};
    art.id = a->id;
    art.id_len = strlen(a->id);
    art.body = a->body;
    art.body_len = strlen(a->body);
    if (a->title && !(a->is_bbc && g_bbc_title)) {
        art.title = a->title;
        art.title_len = strlen(a->title);
    }
    return nm_analyze(eng, &art);
}

/* Add the examples of one article. */
static void add_examples(const nm_engine *eng, const article *a, int fold, double weight, example **ex,
                         size_t *nex, size_t *cap)
{
    nm_doc *d = analyze(eng, a);
    nm_kp_sentences ks;
    nm_kp_features(d, &ks);
    char *ref = join_refs(a);
    grams ru, rb;
    text_grams(ref, &ru, &rb);
    char *refnorm = normal_form(ref);
    size_t first = *nex;
    double best = 0;
    for (uint32_t b = 0; b < ks.n; b++) {
        if (!ks.eligible[b]) continue;
        const char *text;
        size_t len;
        uint32_t st, en;
        nm_kp_compress(d, ks.sent[b], &text, &len, &st, &en);
        double y;
        if (a->is_bbc && g_bbc_title) {
            grams tu, tb;
            text_grams(a->title, &tu, &tb);
            y = rouge12(text, &tu, &tb, NULL, NULL);
            free(tu.v);
            free(tb.v);
        } else if (a->is_bbc) {
            /* the summary copies sentences verbatim: membership by normalised text */
            const nm_sentence *S = &d->sents.v[ks.sent[b]];
            char *raw = xmalloc(S->end - S->start + 1);
            memcpy(raw, d->text + S->start, S->end - S->start);
            raw[S->end - S->start] = 0;
            char *sn = normal_form(raw);
            y = strlen(sn) > 8 && strstr(refnorm, sn) ? 1.0 : 0.0;
            free(sn);
            free(raw);
        } else {
            y = rouge12(text, &ru, &rb, NULL, NULL);
        }
        if (*nex == *cap) {
            *cap = *cap ? *cap * 2 : 4096;
            example *nv = realloc(*ex, *cap * sizeof **ex);
            if (!nv) { fprintf(stderr, "keypoints_train: out of memory\n"); exit(2); }
            *ex = nv;
        }
        example *e = &(*ex)[(*nex)++];
        memcpy(e->f, ks.feats + (size_t)b * NM_KP_NFEAT, sizeof e->f);
        e->y = y;
        e->weight = weight;
        e->fold = fold;
        if (y > best) best = y;
    }
    /* per-story scale: what matters is which sentences are best within the story */
    if (g_normalise && (!a->is_bbc || g_bbc_title) && best > 0)
        for (size_t i = first; i < *nex; i++) (*ex)[i].y /= best;
    free(refnorm);
    free(ru.v);
    free(rb.v);
    free(ref);
    nm_doc_free(d);
}

static void dump_candidates(const nm_engine *eng, const article *a, FILE *f)
{
    nm_doc *d = analyze(eng, a);
    nm_kp_sentences ks;
    nm_kp_features(d, &ks);
    json_t *o = json_object(), *arr = json_array();
    json_object_set_new(o, "id", json_string(a->id));
    json_object_set_new(o, "n", json_integer(ks.n));
    for (uint32_t b = 0; b < ks.n; b++) {
        if (!ks.eligible[b]) continue;
        const char *text;
        size_t len;
        uint32_t st, en;
        nm_kp_compress(d, ks.sent[b], &text, &len, &st, &en);
        json_t *c = json_object(), *fv = json_array();
        json_object_set_new(c, "b", json_integer(b));
        json_object_set_new(c, "text", json_stringn(text, len));
        for (int k = 0; k < NM_KP_NFEAT; k++) json_array_append_new(fv, json_real(ks.feats[(size_t)b * NM_KP_NFEAT + k]));
        json_object_set_new(c, "f", fv);
        json_array_append_new(arr, c);
    }
    json_object_set_new(o, "cands", arr);
    char *line = json_dumps(o, JSON_COMPACT);
    fprintf(f, "%s\n", line);
    free(line);
    json_decref(o);
    nm_doc_free(d);
}

/* Weighted ridge regression on the examples whose fold != skip. Bias is not penalised. */
static void fit(const example *ex, size_t nex, int skip, double lambda, nm_keypoint_model *m)
{
    enum { K = NM_KP_NFEAT };
    static double A[K][K + 1];
    memset(A, 0, sizeof A);
    double wsum = 0;
    for (size_t i = 0; i < nex; i++) {
        const example *e = &ex[i];
        if (e->fold == skip && skip >= 0) continue;
        double w = e->weight;
        wsum += w;
        for (int r = 0; r < K; r++) {
            if (e->f[r] == 0) continue;
            double wr = w * e->f[r];
            for (int c = 0; c < K; c++) A[r][c] += wr * e->f[c];
            A[r][K] += wr * e->y;
        }
    }
    for (int r = 0; r < K; r++) A[r][r] += lambda * wsum * (r == NM_KPF_bias ? 1e-6 : 1.0);
    /* Gaussian elimination with partial pivoting */
    for (int c = 0; c < K; c++) {
        int piv = c;
        for (int r = c + 1; r < K; r++)
            if (fabs(A[r][c]) > fabs(A[piv][c])) piv = r;
        if (piv != c)
            for (int k = 0; k <= K; k++) {
                double t = A[c][k];
                A[c][k] = A[piv][k];
                A[piv][k] = t;
            }
        if (fabs(A[c][c]) < 1e-12) continue;
        for (int r = 0; r < K; r++) {
            if (r == c) continue;
            double q = A[r][c] / A[c][c];
            if (q == 0) continue;
            for (int k = c; k <= K; k++) A[r][k] -= q * A[c][k];
        }
    }
    for (int r = 0; r < K; r++) m->w[r] = fabs(A[r][r]) < 1e-12 ? 0 : A[r][K] / A[r][r];
}

static void write_model(const nm_keypoint_model *m, const char *path, size_t ncnn, size_t nbbc, double bw,
                        double lambda)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "keypoints_train: cannot write %s\n", path);
        exit(2);
    }
    fprintf(f, "# keypoints.txt — the key-points scorer: one weight per sentence feature (see src/keypoints.h).\n");
    fprintf(f, "# Generated by train/keypoints_train.c (scripts/train-keypoints.sh); do not edit by hand.\n");
    fprintf(f, "# Weighted ridge regression on ROUGE-oracle targets: %zu CNN stories (highlights),\n", ncnn);
    if (nbbc && bw > 0)
        fprintf(f, "# %zu BBC articles (%s, weight %g); lambda %g.\n", nbbc,
                g_bbc_title ? "headline targets" : "extractive-summary labels", bw, lambda);
    else
        fprintf(f, "# BBC articles not used (weight 0); lambda %g.\n", lambda);
    for (int k = 0; k < NM_KP_NFEAT; k++) fprintf(f, "%s\t%.6f\n", nm_kp_feature_name(k), m->w[k]);
    fclose(f);
}

int main(int argc, char **argv)
{
    const char *cnn_path = NULL, *bbc_path = NULL, *out = NULL, *cv_path = NULL, *dump_path = NULL;
    double bbc_weight = 0.0, lambda = 0.03;
    int folds = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--cnn") && i + 1 < argc) cnn_path = argv[++i];
        else if (!strcmp(argv[i], "--bbc") && i + 1 < argc) bbc_path = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--cv-preds") && i + 1 < argc) cv_path = argv[++i];
        else if (!strcmp(argv[i], "--folds") && i + 1 < argc) folds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--bbc-weight") && i + 1 < argc) bbc_weight = atof(argv[++i]);
        else if (!strcmp(argv[i], "--lambda") && i + 1 < argc) lambda = atof(argv[++i]);
        else if (!strcmp(argv[i], "--target") && i + 1 < argc) g_target = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--no-normalise")) g_normalise = 0;
        else if (!strcmp(argv[i], "--bbc-title")) g_bbc_title = 1;
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump_path = argv[++i];
        else {
            fprintf(stderr, "usage: keypoints_train --cnn FILE [--bbc FILE] [--bbc-weight W] [--lambda L] "
                            "[--folds K --cv-preds FILE] [--out MODEL]\n");
            return 2;
        }
    }
    if (!cnn_path) {
        fprintf(stderr, "keypoints_train: --cnn is required\n");
        return 2;
    }
    char err[256];
    nm_engine *eng = nm_engine_new(NULL, err, sizeof err);
    if (!eng) {
        fprintf(stderr, "keypoints_train: %s\n", err);
        return 2;
    }
    size_t ncnn = 0, nbbc = 0;
    article *cnn = read_articles(cnn_path, 0, &ncnn);
    article *bbc = bbc_path ? read_articles(bbc_path, 1, &nbbc) : NULL;
    fprintf(stderr, "keypoints_train: %zu CNN stories, %zu BBC articles\n", ncnn, nbbc);

    if (dump_path) {
        FILE *f = fopen(dump_path, "w");
        if (!f) {
            fprintf(stderr, "keypoints_train: cannot write %s\n", dump_path);
            return 2;
        }
        for (size_t i = 0; i < ncnn; i++) dump_candidates(eng, &cnn[i], f);
        fclose(f);
    }
    example *ex = NULL;
    size_t nex = 0, cap = 0;
    for (size_t i = 0; i < nbbc; i++) add_examples(eng, &bbc[i], -1, bbc_weight, &ex, &nex, &cap);
    int K = folds > 1 ? folds : 1;
    for (size_t i = 0; i < ncnn; i++) add_examples(eng, &cnn[i], (int)(i * (size_t)K / ncnn), 1.0, &ex, &nex, &cap);
    fprintf(stderr, "keypoints_train: %zu sentence examples\n", nex);

    if (folds > 1 && cv_path) {
        FILE *cv = fopen(cv_path, "w");
        if (!cv) {
            fprintf(stderr, "keypoints_train: cannot write %s\n", cv_path);
            return 2;
        }
        double s1 = 0, s2 = 0;
        for (int k = 0; k < folds; k++) {
            nm_keypoint_model m;
            fit(ex, nex, k, lambda, &m);
            for (size_t i = 0; i < ncnn; i++) {
                if ((int)(i * (size_t)K / ncnn) != k) continue;
                nm_doc *d = analyze(eng, &cnn[i]);
                nm_keypoint_set *set = nm_kp_select(d, &m);
                json_t *o = json_object(), *arr = json_array();
                json_object_set_new(o, "id", json_string(cnn[i].id));
                size_t tl = 1;
                for (size_t p = 0; p < set->v.n; p++) tl += set->v.v[p].text_len + 1;
                char *joined = xmalloc(tl);
                joined[0] = 0;
                for (size_t p = 0; p < set->v.n; p++) {
                    json_array_append_new(arr, json_stringn(set->v.v[p].text, set->v.v[p].text_len));
                    strncat(joined, set->v.v[p].text, set->v.v[p].text_len);
                    strcat(joined, " ");
                }
                json_object_set_new(o, "keypoints", arr);
                char *line = json_dumps(o, JSON_COMPACT);
                fprintf(cv, "%s\n", line);
                free(line);
                json_decref(o);
                char *ref = join_refs(&cnn[i]);
                grams ru, rb;
                text_grams(ref, &ru, &rb);
                double r1, r2;
                int saved_target = g_target;
                g_target = 0;
                rouge12(joined, &ru, &rb, &r1, &r2);
                g_target = saved_target;
                s1 += r1;
                s2 += r2;
                free(ru.v);
                free(rb.v);
                free(ref);
                free(joined);
                nm_doc_free(d);
            }
        }
        fclose(cv);
        fprintf(stderr, "keypoints_train: %d-fold CV (unstemmed, approximate) R1 %.2f R2 %.2f\n", folds,
                100 * s1 / (double)ncnn, 100 * s2 / (double)ncnn);
    }
    if (out) {
        nm_keypoint_model m;
        fit(ex, nex, -2, lambda, &m);
        write_model(&m, out, ncnn, nbbc, bbc_weight, lambda);
    }
    free(ex);
    for (size_t i = 0; i < ncnn; i++) {
        free(cnn[i].id); free(cnn[i].body); free(cnn[i].title);
        for (size_t r = 0; r < cnn[i].nrefs; r++) free(cnn[i].refs[r]);
        free(cnn[i].refs);
    }
    for (size_t i = 0; i < nbbc; i++) {
        free(bbc[i].id); free(bbc[i].body); free(bbc[i].title);
        for (size_t r = 0; r < bbc[i].nrefs; r++) free(bbc[i].refs[r]);
        free(bbc[i].refs);
    }
    free(cnn);
    free(bbc);
    nm_engine_free(eng);
    return 0;
}
