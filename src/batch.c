/*
 * batch.c — ordered parallel processing of records (see batch.h).
 *
 * A ring of slots: the reader fills slot seq % N when it is free, workers claim filled slots in
 * sequence order, and the reader thread itself emits finished slots in order whenever the next one
 * is done. One mutex and two condition variables; records never wait on each other except for order.
 */
#include "batch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

typedef struct slot {
    int state;
    nm_record rec;
    nm_batch_result res;
} slot;

typedef struct ring {
    const nm_batch *b;
    slot *slots;
    size_t nslots;
    size_t next_fill, next_claim, next_emit;
    int closing;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    nm_batch_stats *stats;
} ring;

static void emit_one(ring *r, slot *s)
{
    if (s->res.messages) {
        fputs(s->res.messages, stderr);
        free(s->res.messages);
    }
    if (s->res.failed) r->stats->failed++;
    if (!r->stats->stopped && r->b->emit(r->b->ctx, &s->rec, &s->res) != 0) r->stats->stopped = 1;
    free(s->res.out);
    nm_record_free(&s->rec);
    memset(&s->res, 0, sizeof s->res);
    s->state = SLOT_FREE;
}

static void *worker(void *arg)
{
    ring *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->closing && (r->next_claim == r->next_fill))
            pthread_cond_wait(&r->work_cv, &r->mu);
        if (r->next_claim == r->next_fill && r->closing) break;
        slot *s = &r->slots[r->next_claim % r->nslots];
        r->next_claim++;
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&r->mu);
        r->b->work(r->b->ctx, &s->rec, &s->res);
        pthread_mutex_lock(&r->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&r->done_cv);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* Emit every finished slot at the head of the order. Called with the lock held; emits unlocked. */
static void drain(ring *r, int wait_all)
{
    for (;;) {
        if (r->next_emit == r->next_fill) return;
        slot *s = &r->slots[r->next_emit % r->nslots];
        if (s->state != SLOT_DONE) {
            if (!wait_all && r->next_fill - r->next_emit < r->nslots) return;
            pthread_cond_wait(&r->done_cv, &r->mu);
            continue;
        }
        pthread_mutex_unlock(&r->mu);
        emit_one(r, s);
        pthread_mutex_lock(&r->mu);
        r->next_emit++;
    }
}

static void report(const char *label, const char *err)
{
    fprintf(stderr, "newsmill: %s: %s\n", label, err);
}

void nm_batch_run(const nm_batch *b, char **paths, int npaths, nm_in_format fmt, size_t max_bytes,
                  nm_batch_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    int nt = b->threads < 1 ? 1 : b->threads;
    ring r;
    memset(&r, 0, sizeof r);
    r.b = b;
    r.stats = stats;
    /* records in flight: enough that the workers still have work while the reading thread waits
     * for one long article at the head of the order or is descheduled (4 per worker left them idle
     * now and then: -j 2 on the corpus 1.17 s, with 8 per worker 1.15 s) */
    r.nslots = nt == 1 ? 1 : (size_t)nt * 8;
    r.slots = calloc(r.nslots, sizeof(slot));
    if (!r.slots) { fprintf(stderr, "newsmill: out of memory\n"); stats->stopped = 1; return; }
    pthread_t *tids = NULL;
    int started = 0;
    if (nt > 1) {
        pthread_mutex_init(&r.mu, NULL);
        pthread_cond_init(&r.work_cv, NULL);
        pthread_cond_init(&r.done_cv, NULL);
        tids = calloc((size_t)nt, sizeof(pthread_t));
        for (int i = 0; tids && i < nt; i++)
            if (pthread_create(&tids[i], NULL, worker, &r) == 0) started++;
        if (!started) nt = 1; /* fall back to sequential work */
    }
    char err[512];
    for (int f = 0; f < npaths && !stats->stopped; f++) {
        nm_reader *rd = nm_reader_open(paths[f], fmt, max_bytes, err, sizeof err);
        if (!rd) {
            report(paths[f], err);
            stats->files_failed++;
            continue;
        }
        size_t seen = 0; /* records and bad records in this file */
        for (;; seen++) {
            nm_record rec;
            int rc = nm_reader_next(rd, &rec, err, sizeof err);
            if (rc == 0) break;
            if (rc < 0) {
                report(rec.label, err);
                stats->failed++;
                nm_record_free(&rec);
                continue;
            }
            stats->records++;
            stats->bytes_in += rec.art.body_len;
            if (nt == 1) {
                slot *s = &r.slots[0];
                s->rec = rec;
                b->work(b->ctx, &s->rec, &s->res);
                emit_one(&r, s);
                if (stats->stopped) break;
                continue;
            }
            pthread_mutex_lock(&r.mu);
            /* wait for the slot this record goes into to be emitted */
            while (r.next_fill - r.next_emit >= r.nslots) drain(&r, 0);
            slot *s = &r.slots[r.next_fill % r.nslots];
            s->rec = rec;
            s->state = SLOT_READY;
            r.next_fill++;
            pthread_cond_signal(&r.work_cv);
            drain(&r, 0);
            int stop = stats->stopped;
            pthread_mutex_unlock(&r.mu);
            if (stop) break;
        }
        /* an input with no article at all (an empty or blank-lines-only JSONL file) is not silently ok */
        if (seen == 0 && !stats->stopped) {
            report(strcmp(paths[f], "-") ? paths[f] : "(stdin)", "no articles in this input");
            stats->files_failed++;
        }
        nm_reader_close(rd);
    }
    if (nt > 1) {
        pthread_mutex_lock(&r.mu);
        drain(&r, 1);
        r.closing = 1;
        pthread_cond_broadcast(&r.work_cv);
        pthread_mutex_unlock(&r.mu);
        for (int i = 0; i < started; i++) pthread_join(tids[i], NULL);
        pthread_mutex_destroy(&r.mu);
        pthread_cond_destroy(&r.work_cv);
        pthread_cond_destroy(&r.done_cv);
    }
    free(tids);
    free(r.slots);
}
