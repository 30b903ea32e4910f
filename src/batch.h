/*
 * batch.h — run a function over many records on N threads, consuming results in input order.
 *
 * The calling thread reads records; workers call `work` on each; `emit` is called for each
 * result strictly in input order on one thread, so output needs no locking. Used by analyze,
 * quotes, extract and ingest.
 */
#ifndef NM_BATCH_H
#define NM_BATCH_H

#include <stddef.h>

#include "input.h"

typedef struct nm_batch_result {
    char *out;        /* malloc'd bytes for emit (may be NULL) */
    size_t out_len;
    char *messages;   /* malloc'd warnings/errors text for stderr (may be NULL) */
    void *data;       /* anything else the caller wants to pass from work to emit */
    int failed;       /* this record failed */
} nm_batch_result;

typedef struct nm_batch {
    int threads;                                                    /* >= 1 */
    void *ctx;
    void (*work)(void *ctx, nm_record *rec, nm_batch_result *res);   /* on a worker thread */
    int (*emit)(void *ctx, const nm_record *rec, nm_batch_result *res); /* in order; nonzero stops */
} nm_batch;

typedef struct nm_batch_stats {
    size_t records, failed, files_failed;
    size_t bytes_in;
    int stopped; /* emit asked to stop (e.g. output write error) */
} nm_batch_stats;

/* Read every record of every path and process them. Bad records and unreadable files are reported
 * on stderr ("newsmill: LABEL: problem") and counted. */
void nm_batch_run(const nm_batch *b, char **paths, int npaths, nm_in_format fmt, size_t max_bytes,
                  nm_batch_stats *stats);

#endif
