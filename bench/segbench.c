/*
 * segbench.c — throughput of newsmill's text layer alone (normalisation, paragraphs, structure,
 * tokenisation and sentence segmentation), without the analysis stages and without JSON output.
 *
 * Why: the acceptance bar "segmentation+tokenization >= 50 MB/s per core" cannot be read off the
 * whole `analyze` run, whose time grows as stages are added. bench/run.sh compiles this file
 * against libnewsmill.a and runs it on the same articles as the full benchmark.
 *
 * It also times one full pass stage by stage (text layer, each stage of nm_stages, JSON rendering)
 * so the benchmark can show what share of the pipeline each stage costs (the issues set budgets
 * such as "quotes <= 20% of the pipeline").
 *
 * usage: segbench FILE.jsonl[.gz] [ROUNDS]
 * Reads every record into memory first (reading is not timed), then runs the text layer over all
 * of them ROUNDS times (default 3) on one thread, then the profiled full pass. Prints two lines of
 * JSON: the best text-layer round (wall and CPU seconds), then the per-stage CPU seconds of the
 * full pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc.h"
#include "input.h"
#include "segment.h"
#include "stage.h"
#include "structure.h"
#include "text.h"

typedef struct text_item {
    char *body;
    size_t len;
    int y, m, d; /* publication date, y == 0 when the record has none */
} text_item;

enum { MAX_STAGES = 32 };

static double clock_seconds(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this (single-threaded) process: on a shared machine, wall time mostly measures the
 * neighbours; "MB/s per core" is bytes per CPU-second. */
static double now_seconds(void) { return clock_seconds(CLOCK_PROCESS_CPUTIME_ID); }
static double wall_seconds(void) { return clock_seconds(CLOCK_MONOTONIC); }

/* Run the text layer over one article the way nm_analyze does, minus HTML and the stages. */
static size_t text_layer(const nm_engine *eng, const text_item *it, size_t *sentences)
{
    nm_doc *d = calloc(1, sizeof *d);
    if (!d) return 0;
    nm_arena_init(&d->arena);
    d->eng = eng;
    nm_text_normalize(d, it->body, it->len);
    nm_text_paragraphs(d);
    nm_structure(d);
    nm_segment(d);
    size_t ntok = d->toks.n;
    *sentences += d->sents.n;
    nm_arena_free(&d->arena);
    free(d);
    return ntok;
}

/* One full analysis as nm_analyze does it, with the time of each step added to secs:
 * secs[0] text layer, secs[1 + i] stage i, secs[1 + nstages] JSON rendering. */
static void profiled_pass(const nm_engine *eng, const text_item *it, double *secs, size_t nstages)
{
    nm_doc *d = calloc(1, sizeof *d);
    if (!d) return;
    nm_arena_init(&d->arena);
    d->eng = eng;
    if (it->y) {
        d->date.y = it->y; d->date.m = it->m; d->date.d = it->d;
        d->date.source = "given";
    }
    double t = now_seconds();
    nm_text_normalize(d, it->body, it->len);
    nm_text_paragraphs(d);
    nm_structure(d);
    nm_segment(d);
    double t1 = now_seconds();
    secs[0] += t1 - t;
    for (size_t i = 0; i < nstages; i++) {
        t = t1;
        nm_stages[i]->run(d);
        t1 = now_seconds();
        secs[1 + i] += t1 - t;
    }
    char *out = NULL;
    size_t len = 0;
    t = now_seconds();
    if (nm_doc_render(d, NM_FORMAT_JSONL, &out, &len) == 0) free(out);
    secs[1 + nstages] += now_seconds() - t;
    nm_doc_free(d);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: segbench FILE.jsonl[.gz] [ROUNDS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    if (rounds < 1) rounds = 1;
    char err[512];
    nm_engine *eng = nm_engine_new(NULL, err, sizeof err);
    if (!eng) {
        fprintf(stderr, "segbench: %s\n", err);
        return 3;
    }
    nm_reader *rd = nm_reader_open(argv[1], NM_IN_JSONL, (size_t)256 << 20, err, sizeof err);
    if (!rd) {
        fprintf(stderr, "segbench: %s: %s\n", argv[1], err);
        nm_engine_free(eng);
        return 3;
    }
    text_item *items = NULL;
    size_t n = 0, cap = 0, bytes = 0;
    for (;;) {
        nm_record rec;
        int rc = nm_reader_next(rd, &rec, err, sizeof err);
        if (rc == 0) break;
        if (rc > 0 && rec.art.kind == NM_INPUT_TEXT) {
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                text_item *grown = realloc(items, cap * sizeof *items);
                if (!grown) { nm_record_free(&rec); break; }
                items = grown;
            }
            items[n].body = malloc(rec.art.body_len + 1);
            if (items[n].body) {
                memcpy(items[n].body, rec.art.body, rec.art.body_len);
                items[n].len = rec.art.body_len;
                items[n].y = 0;
                if (rec.art.date) nm_parse_ymd(rec.art.date, rec.art.date_len, &items[n].y, &items[n].m, &items[n].d);
                bytes += rec.art.body_len;
                n++;
            }
        }
        nm_record_free(&rec);
    }
    nm_reader_close(rd);

    double best = 1e30, best_wall = 1e30;
    size_t tokens = 0, sentences = 0;
    for (int r = 0; r < rounds; r++) {
        size_t t = 0, s = 0;
        double t0 = now_seconds(), w0 = wall_seconds();
        for (size_t i = 0; i < n; i++) t += text_layer(eng, &items[i], &s);
        double dt = now_seconds() - t0, dw = wall_seconds() - w0;
        if (dt < best) best = dt;
        if (dw < best_wall) best_wall = dw;
        tokens = t;
        sentences = s;
    }
    if (best <= 0) best = 1e-9;

    /* the text-layer line first and flushed: it stands even if a stage crashes below */
    printf("{\"articles\": %zu, \"bytes\": %zu, \"tokens\": %zu, \"sentences\": %zu, \"seconds\": %.4f, "
           "\"cpu_seconds\": %.4f, \"mb_per_cpu_s\": %.2f, \"tokens_per_cpu_s\": %.0f}\n",
           n, bytes, tokens, sentences, best_wall, best, (double)bytes / 1e6 / best, (double)tokens / best);
    fflush(stdout);

    size_t nstages = 0;
    while (nstages < MAX_STAGES - 2 && nm_stages[nstages]) nstages++;
    double secs[MAX_STAGES] = {0};
    for (size_t i = 0; i < n; i++) profiled_pass(eng, &items[i], secs, nstages);
    printf("{\"stages\": {\"text layer\": %.4f", secs[0]);
    for (size_t i = 0; i < nstages; i++) printf(", \"%s\": %.4f", nm_stages[i]->name, secs[1 + i]);
    printf(", \"render\": %.4f}}\n", secs[1 + nstages]);
    for (size_t i = 0; i < n; i++) free(items[i].body);
    free(items);
    nm_engine_free(eng);
    return 0;
}
