/*
 * store_rows.c — multi-row INSERTs for the ingest writer (see store_rows.h): pending rows are
 * written by the fewest statements of 32, 16, 8, 4, 2 and 1 rows, each prepared once.
 */
#include "store_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nm_rows_init(nm_rows *r, const char *head, const char *tail, int ncols)
{
    memset(r, 0, sizeof *r);
    r->head = head;
    r->tail = tail;
    r->ncols = ncols > NM_ROWS_COLS_MAX ? NM_ROWS_COLS_MAX : ncols;
}

void nm_rows_free(nm_rows *r)
{
    for (int k = 0; k < NM_ROWS_SIZES; k++) sqlite3_finalize(r->st[k]);
    memset(r->st, 0, sizeof r->st);
    r->n = 0;
}

void nm_rows_text(nm_rows_val *v, const char *s, int len)
{
    if (!s) { v->kind = SQLITE_NULL; return; }
    v->kind = SQLITE_TEXT;
    v->u.p = s;
    v->len = len < 0 ? (int)strlen(s) : len;
}

void nm_rows_blob(nm_rows_val *v, const void *p, int len)
{
    if (!p) { v->kind = SQLITE_NULL; return; }
    v->kind = SQLITE_BLOB;
    v->u.p = p;
    v->len = len;
}

/* The statement inserting 1 << k rows, prepared on first use. */
static sqlite3_stmt *statement(nm_rows *r, sqlite3 *db, int k, char *err, size_t errlen)
{
    if (r->st[k]) return r->st[k];
    int rows = 1 << k;
    size_t cap = strlen(r->head) + strlen(r->tail) + (size_t)rows * ((size_t)r->ncols * 2 + 4) + 1;
    char *sql = malloc(cap);
    if (!sql) { snprintf(err, errlen, "out of memory"); return NULL; }
    size_t o = (size_t)snprintf(sql, cap, "%s", r->head);
    for (int i = 0; i < rows; i++) {
        sql[o++] = i ? ',' : '(';
        if (i) sql[o++] = '(';
        for (int c = 0; c < r->ncols; c++) {
            if (c) sql[o++] = ',';
            sql[o++] = '?';
        }
        sql[o++] = ')';
    }
    snprintf(sql + o, cap - o, "%s", r->tail);
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &r->st[k], NULL) != SQLITE_OK) {
        snprintf(err, errlen, "preparing a multi-row insert: %s", sqlite3_errmsg(db));
        r->st[k] = NULL;
    }
    free(sql);
    return r->st[k];
}

static void bind(sqlite3_stmt *st, int i, const nm_rows_val *v)
{
    switch (v->kind) {
    case SQLITE_INTEGER: sqlite3_bind_int64(st, i, v->u.i); break;
    case SQLITE_FLOAT: sqlite3_bind_double(st, i, v->u.d); break;
    case SQLITE_TEXT: sqlite3_bind_text(st, i, v->u.p, v->len, SQLITE_STATIC); break;
    case SQLITE_BLOB: sqlite3_bind_blob(st, i, v->u.p, v->len, SQLITE_STATIC); break;
    default: sqlite3_bind_null(st, i); break;
    }
}

int nm_rows_flush(nm_rows *r, sqlite3 *db, char *err, size_t errlen)
{
    int done = 0, rc = 0;
    while (done < r->n && !rc) {
        int k = NM_ROWS_SIZES - 1;
        while ((1 << k) > r->n - done) k--;
        sqlite3_stmt *st = statement(r, db, k, err, errlen);
        if (!st) { rc = -1; break; }
        int rows = 1 << k;
        for (int i = 0; i < rows; i++)
            for (int c = 0; c < r->ncols; c++)
                bind(st, i * r->ncols + c + 1, &r->v[(done + i) * r->ncols + c]);
        int s = sqlite3_step(st);
        sqlite3_reset(st);
        if (s != SQLITE_DONE) {
            snprintf(err, errlen, "%s", sqlite3_errmsg(db));
            rc = -1;
        }
        done += rows;
    }
    r->n = 0;
    return rc;
}

nm_rows_val *nm_rows_add(nm_rows *r, sqlite3 *db, char *err, size_t errlen)
{
    if (r->n == NM_ROWS_MAX && nm_rows_flush(r, db, err, errlen)) return NULL;
    nm_rows_val *v = &r->v[r->n * r->ncols];
    for (int c = 0; c < r->ncols; c++) v[c].kind = SQLITE_NULL;
    r->n++;
    return v;
}
