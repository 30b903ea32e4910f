/*
 * store_rows.h — multi-row INSERTs for the ingest writer: an article's rows of one table are
 * collected and written by statements of up to NM_ROWS_MAX rows ("INSERT … VALUES (…), (…)").
 *
 * Why: each single-row INSERT paid SQLite's per-statement work (reset, program start, cursor
 * open and close, the transaction checks) on top of the row's b-tree insert: about a third of
 * the writer's cost per row (docs/store.md, "Ingest throughput"). The rows and their order are
 * unchanged, so the database is identical.
 *
 * Values are kept by pointer (text and blobs are bound SQLITE_STATIC when the rows are
 * written): what they point to must live until nm_rows_flush. One writer thread per batch.
 */
#ifndef NM_STORE_ROWS_H
#define NM_STORE_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

enum { NM_ROWS_MAX = 32, NM_ROWS_COLS_MAX = 14, NM_ROWS_SIZES = 6 /* 1, 2, 4, 8, 16, 32 rows */ };

typedef struct nm_rows_val {
    uint8_t kind; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB */
    int len;
    union { int64_t i; double d; const void *p; } u;
} nm_rows_val;

typedef struct nm_rows {
    const char *head;                    /* "INSERT INTO t(a, b, c) VALUES " */
    const char *tail;                    /* appended after the rows ("" or an ON CONFLICT clause) */
    int ncols;
    sqlite3_stmt *st[NM_ROWS_SIZES];     /* prepared on first use */
    nm_rows_val v[NM_ROWS_MAX * NM_ROWS_COLS_MAX];
    int n;                               /* complete rows pending */
} nm_rows;

/* head and tail must outlive r (string literals). ncols <= NM_ROWS_COLS_MAX. */
void nm_rows_init(nm_rows *r, const char *head, const char *tail, int ncols);
/* Finalize the statements (pending rows are dropped). */
void nm_rows_free(nm_rows *r);
/* Drop the pending rows (after a rollback). */
static inline void nm_rows_discard(nm_rows *r) { r->n = 0; }

/* The values of a new row (ncols of them, all NULL), or NULL when writing the full batch
 * first failed (err filled). */
nm_rows_val *nm_rows_add(nm_rows *r, sqlite3 *db, char *err, size_t errlen);
static inline void nm_rows_int(nm_rows_val *v, int64_t i) { v->kind = SQLITE_INTEGER; v->u.i = i; }
static inline void nm_rows_double(nm_rows_val *v, double d) { v->kind = SQLITE_FLOAT; v->u.d = d; }
/* s NULL: NULL. len -1: up to the NUL. */
void nm_rows_text(nm_rows_val *v, const char *s, int len);
void nm_rows_blob(nm_rows_val *v, const void *p, int len);

/* Write the pending rows. 0, or -1 with err (the rows are dropped either way). */
int nm_rows_flush(nm_rows *r, sqlite3 *db, char *err, size_t errlen);

#endif
