/*
 * cmd_store.c — `newsmill ingest`: analyse articles into the corpus store (store.h).
 *
 * Workers analyse each record and turn it into the JSON the store reads: every stage's key from
 * the stage's own JSON writer (the same JSON every user sees, so new annotation kinds slot in),
 * the text and sentences straight from the document model (rendering and re-parsing the whole
 * text would cost more than storing it); the in-order emit callback is the single writer, grouping articles into transactions. Records whose id is already stored are
 * skipped before analysis, so re-running an interrupted ingest only analyses what is missing.
 * The query commands are in cmd_store_query.c.
 */
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cli.h"
#include "newsmill.h"
#include "store.h"

static const char INGEST_USAGE[] =
    "usage: newsmill ingest [OPTIONS] DB [FILE|DIR|-]...\n"
    "\n"
    "Analyse news articles and store them, with everything found in them, in the SQLite database DB\n"
    "(created if missing; schema in docs/store.md). Inputs are JSON Lines, text, HTML or WARC files\n"
    "(optionally gzip-compressed), directories of them (searched recursively), or '-' for stdin.\n"
    "An article already stored (same id, or the same text under another id) is not added twice, so\n"
    "an interrupted ingest is completed by running the same command again.\n"
    "\n"
    "  -j, --threads N         analysis threads (default 1)\n"
    "  --input txt|jsonl|html|warc  input format (default: by extension, then by content)\n"
    "  --date YYYY-MM-DD       publication date for inputs that do not give one\n"
    "  --batch N               articles per transaction (default 500)\n"
    "  --quiet                 no progress line and no summary\n"
    "  --max-bytes N           reject records larger than N bytes\n"
    "  --lexicon, --verbs, --actors, --agents FILE  as for analyze\n"
    "\n"
    "Exit status: 0 all records stored; 1 some records or files failed (reported, the rest stored);\n"
    "2 usage error; 3 fatal error (database not writable).\n";

/* ---- a read-only set of 64-bit hashes (ids already stored), shared by the workers ---- */
typedef struct id_set {
    uint64_t *slots; /* 0 = empty */
    size_t mask;
} id_set;

static uint64_t id_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 0x100000001b3ULL; }
    return h ? h : 1;
}

static int id_set_load(id_set *set, sqlite3 *db)
{
    memset(set, 0, sizeof *set);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM article_aliases)", -1,
                           &st, NULL) != SQLITE_OK)
        return -1;
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    size_t cap = 16;
    while (cap < (size_t)n * 2 + 16) cap <<= 1;
    set->slots = calloc(cap, sizeof(uint64_t));
    if (!set->slots) return -1;
    set->mask = cap - 1;
    if (sqlite3_prepare_v2(db, "SELECT ext_id FROM articles UNION ALL SELECT ext_id FROM article_aliases", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        uint64_t h = id_hash(t, (size_t)sqlite3_column_bytes(st, 0));
        size_t i = h & set->mask;
        while (set->slots[i] && set->slots[i] != h) i = (i + 1) & set->mask;
        set->slots[i] = h;
    }
    sqlite3_finalize(st);
    return 0;
}

static int id_set_has(const id_set *set, const char *s, size_t n)
{
    if (!set->slots) return 0;
    uint64_t h = id_hash(s, n);
    for (size_t i = h & set->mask; set->slots[i]; i = (i + 1) & set->mask)
        if (set->slots[i] == h) return 1;
    return 0;
}

/* ---- inputs: directories are expanded into their article files, in name order ---- */
typedef struct path_list {
    char **v;
    int n, cap;
} path_list;

static int path_push(path_list *l, char *p)
{
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 16;
        char **nv = realloc(l->v, (size_t)nc * sizeof *nv);
        if (!nv) { free(p); return -1; }
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = p;
    return 0;
}

static int article_file(const char *name)
{
    static const char *const EXT[] = {".jsonl", ".json", ".txt", ".html", ".htm", ".warc", ".ndjson", NULL};
    char base[512];
    snprintf(base, sizeof base, "%s", name);
    size_t n = strlen(base);
    if (n > 3 && !strcmp(base + n - 3, ".gz")) base[n - 3] = '\0';
    n = strlen(base);
    for (int i = 0; EXT[i]; i++) {
        size_t e = strlen(EXT[i]);
        if (n > e && !strcasecmp(base + n - e, EXT[i])) return 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Returns the number of unreadable directories (reported). */
static int expand(const char *path, path_list *out, int depth)
{
    struct stat sb;
    if (strcmp(path, "-") == 0 || stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        /* files (and missing paths: the reader reports them) go through as given */
        return path_push(out, strdup(path)) ? 1 : 0;
    }
    if (depth > 32) return 0;
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "newsmill: %s: cannot read directory: %s\n", path, strerror(errno));
        return 1;
    }
    path_list names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        size_t need = strlen(path) + strlen(de->d_name) + 2;
        char *full = malloc(need);
        if (!full) continue;
        snprintf(full, need, "%s/%s", path, de->d_name);
        path_push(&names, full);
    }
    closedir(d);
    qsort(names.v, (size_t)names.n, sizeof(char *), cmp_str);
    int bad = 0;
    for (int i = 0; i < names.n; i++) {
        struct stat cs;
        if (stat(names.v[i], &cs) == 0 && S_ISDIR(cs.st_mode)) bad += expand(names.v[i], out, depth + 1);
        else if (article_file(names.v[i])) path_push(out, strdup(names.v[i]));
        free(names.v[i]);
    }
    free(names.v);
    return bad;
}

/* Records in the inputs, for the progress line's ETA: JSON Lines are counted by lines, other
 * files as one record each; 0 when unknown (stdin, WARC). */
static size_t count_records(char **paths, int n)
{
    size_t total = 0;
    static char buf[1 << 16];
    for (int i = 0; i < n; i++) {
        const char *p = paths[i];
        if (!strcmp(p, "-")) return 0;
        if (strstr(p, ".warc")) return 0;
        if (!strstr(p, ".json") && !strstr(p, ".ndjson")) { total++; continue; }
        char err[256];
        nm_source *src = nm_source_open(p, err, sizeof err);
        if (!src) continue;
        long r;
        char last = '\n';
        while ((r = nm_source_read(src, buf, sizeof buf)) > 0) {
            for (long k = 0; k < r; k++) total += buf[k] == '\n';
            last = buf[r - 1];
        }
        if (last != '\n') total++;
        nm_source_close(src);
    }
    return total;
}

/* ---- the ingest run ---- */
enum { R_NEW, R_SKIPPED };

typedef struct ingest_result {
    int kind;
    nm_store_item item;
} ingest_result;

typedef struct ingest_ctx {
    nm_engine *eng;
    nm_store *store;
    const char *date;
    id_set known;
    int batch;
    int in_tx, pending;
    double t0, last_commit, last_progress;
    size_t total, done, added, known_ids, same_content, errors, worker_failed, store_failed;
    int progress;
    int fatal;
    struct writer_queue *queue; /* results on their way to the writer thread */
    /* the open transaction's stored items, kept until it commits: articles go in without a
     * savepoint each, so when one fails the transaction is rolled back and these are redone */
    struct held { ingest_result *r; char *label; } *held;
    size_t nheld, held_cap;
} ingest_ctx;

static void release_held(ingest_ctx *c)
{
    for (size_t i = 0; i < c->nheld; i++) {
        nm_store_item_free(&c->held[i].r->item);
        free(c->held[i].r);
        free(c->held[i].label);
    }
    c->nheld = 0;
}

/* Keep r until the transaction commits. 0, or -1 (out of memory: the caller keeps r). */
static int hold(ingest_ctx *c, ingest_result *r, const char *label)
{
    if (c->nheld == c->held_cap) {
        size_t cap = c->held_cap ? c->held_cap * 2 : 64;
        struct held *v = realloc(c->held, cap * sizeof *v);
        if (!v) return -1;
        c->held = v;
        c->held_cap = cap;
    }
    char *l = strdup(label);
    if (!l) return -1;
    c->held[c->nheld++] = (struct held){r, l};
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void work(void *vctx, nm_record *rec, nm_batch_result *res)
{
    ingest_ctx *c = vctx;
    ingest_result *r = calloc(1, sizeof *r);
    if (!r) { res->failed = 1; return; }
    res->data = r;
    if (rec->art.id && id_set_has(&c->known, rec->art.id, rec->art.id_len)) {
        r->kind = R_SKIPPED;
        return;
    }
    if (!rec->art.date && c->date) {
        rec->art.date = c->date;
        rec->art.date_len = strlen(c->date);
    }
    nm_doc *doc = nm_analyze(c->eng, &rec->art);
    const char *source = NULL;
    if (rec->json) {
        json_t *sv = json_object_get((json_t *)rec->json, "source");
        if (json_is_string(sv)) source = json_string_value(sv);
    }
    int ok = doc && nm_store_item_from_doc(&r->item, doc, source) == 0;
    nm_doc_free(doc);
    if (!ok) {
        res->failed = 1;
        nm_buf m;
        nm_buf_init(&m);
        nm_buf_printf(&m, "newsmill: %s: could not be analysed (%s); skipped\n", rec->label,
                      !doc ? "out of memory" : "a stage wrote invalid JSON");
        res->messages = nm_buf_take(&m, NULL);
        free(r);
        res->data = NULL;
        return;
    }
    r->kind = R_NEW;
}

static void progress_line(ingest_ctx *c, int final)
{
    double t = now_s(), el = t - c->t0;
    double rate = el > 0 ? c->done / el : 0;
    char eta[32] = "";
    if (c->total > c->done && rate > 0) {
        double s = (c->total - c->done) / rate;
        snprintf(eta, sizeof eta, ", ETA %d:%02d", (int)s / 60, (int)s % 60);
    }
    if (c->total) fprintf(stderr, "\r%zu/%zu articles, %.0f/s%s, %zu errors   ", c->done, c->total, rate, eta, c->errors);
    else fprintf(stderr, "\r%zu articles, %.0f/s, %zu errors   ", c->done, rate, c->errors);
    if (final) fputc('\n', stderr);
    c->last_progress = t;
}

static int commit(ingest_ctx *c)
{
    if (!c->in_tx) return 0;
    char err[512];
    c->in_tx = 0;
    c->pending = 0;
    c->last_commit = now_s();
    int rc = nm_store_commit(c->store, err, sizeof err);
    release_held(c);
    if (rc) {
        fprintf(stderr, "newsmill: %s\n", err);
        c->fatal = 1;
        return -1;
    }
    return 0;
}

/* Store one analysed record (on the writer thread). */
static int write_one(ingest_ctx *c, const char *label, ingest_result *r)
{
    c->done++;
    int rc = 0;
    if (!r) {
        c->errors++;
        c->worker_failed++;
    } else if (r->kind == R_SKIPPED) {
        c->known_ids++;
    } else {
        char err[512];
        if (!c->in_tx) {
            if (nm_store_begin(c->store, err, sizeof err)) {
                fprintf(stderr, "newsmill: %s\n", err);
                c->fatal = 1;
                rc = -1;
                goto out;
            }
            c->in_tx = 1;
        }
        int a = nm_store_add_unguarded(c->store, &r->item, err, sizeof err);
        if (a == NM_STORE_ERROR) {
            /* the transaction holds part of this article: roll it back, redo the articles it
             * held (each under its own savepoint now), then try this one alone */
            nm_store_rollback(c->store);
            if (nm_store_begin(c->store, err, sizeof err)) {
                fprintf(stderr, "newsmill: %s\n", err);
                c->in_tx = 0;
                release_held(c);
                c->fatal = 1;
                rc = -1;
                goto out;
            }
            for (size_t i = 0; i < c->nheld; i++) {
                char herr[512];
                if (nm_store_add(c->store, &c->held[i].r->item, herr, sizeof herr) == NM_STORE_ERROR) {
                    c->errors++;
                    c->store_failed++;
                    if (c->added) c->added--;
                    fprintf(stderr, "newsmill: %s: not stored: %s\n", c->held[i].label, herr);
                }
            }
            a = nm_store_add(c->store, &r->item, err, sizeof err);
        }
        if (a == NM_STORE_ADDED) c->added++, c->pending++;
        else if (a == NM_STORE_KNOWN_ID) c->known_ids++;
        else if (a == NM_STORE_SAME_CONTENT) c->same_content++, c->pending++;
        else {
            c->errors++;
            c->store_failed++;
            fprintf(stderr, "newsmill: %s: not stored: %s\n", label, err);
        }
        if (a != NM_STORE_ERROR && a != NM_STORE_KNOWN_ID) {
            if (hold(c, r, label) == 0) r = NULL;
            else rc = commit(c); /* cannot keep it: commit now so it need not be redone */
        }
        if (!rc && (c->pending >= c->batch || now_s() - c->last_commit > 2.0)) rc = commit(c);
    }
out:
    if (r) {
        nm_store_item_free(&r->item);
        free(r);
    }
    if (c->progress && now_s() - c->last_progress > 0.25) progress_line(c, 0);
    return rc;
}

/* ---- the writer thread ----
 * emit (called in input order on the reading thread) only queues the result; one writer thread
 * stores them in the same order. So a commit's fsync or a batch's full-text indexing never stops
 * the reading thread from feeding the analysis workers. */
enum { QCAP = 256, WRITER_WAKE_BATCH = 16 };

typedef struct qitem {
    ingest_result *r;
    char label[320];
} qitem;

typedef struct writer_queue {
    qitem items[QCAP];
    size_t head, n;
    int closed, failed;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    ingest_ctx *c;
} writer_queue;

static void *writer_main(void *arg)
{
    writer_queue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->n && !q->closed) pthread_cond_wait(&q->not_empty, &q->mu);
        if (!q->n) break;
        qitem it = q->items[q->head];
        q->head = (q->head + 1) % QCAP;
        q->n--;
        pthread_cond_signal(&q->not_full);
        pthread_mutex_unlock(&q->mu);
        int rc = write_one(q->c, it.label, it.r);
        pthread_mutex_lock(&q->mu);
        if (rc) q->failed = 1;
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

static int emit(void *vctx, const nm_record *rec, nm_batch_result *res)
{
    writer_queue *q = ((ingest_ctx *)vctx)->queue;
    ingest_result *r = res->data;
    res->data = NULL;
    pthread_mutex_lock(&q->mu);
    while (q->n == QCAP && !q->failed) pthread_cond_wait(&q->not_full, &q->mu);
    int failed = q->failed;
    if (!failed) {
        qitem *it = &q->items[(q->head + q->n) % QCAP];
        it->r = r;
        snprintf(it->label, sizeof it->label, "%s", rec->label);
        q->n++;
        /* the writer is woken for a group of results, not for each: every sleep and wake-up of
         * the writer cost kernel time on both threads (close wakes it for the last ones) */
        if (q->n >= WRITER_WAKE_BATCH) pthread_cond_signal(&q->not_empty);
    }
    pthread_mutex_unlock(&q->mu);
    if (failed && r) {
        nm_store_item_free(&r->item);
        free(r);
    }
    return failed ? -1 : 0;
}

static int ingest_extra(void *vctx, const char *opt, const char *val)
{
    int *opts = vctx; /* [0] batch, [1] quiet */
    if (!strcmp(opt, "--batch")) {
        if (!val) return 1;
        char *end;
        long n = strtol(val, &end, 10);
        if (*end || n < 1 || n > 1000000) {
            fprintf(stderr, "newsmill: --batch must be a number from 1 to 1000000\n");
            return -1;
        }
        opts[0] = (int)n;
        return 1;
    }
    if (!strcmp(opt, "--quiet") || !strcmp(opt, "-q")) { opts[1] = 1; return 0; }
    return -1;
}

int nm_cmd_ingest(int argc, char **argv)
{
    nm_cli_common o;
    int opts[2] = {500, 0};
    int rc = nm_cli_parse(argc, argv, &o, INGEST_USAGE, ingest_extra, opts);
    if (rc) { free(o.paths); return rc; }
    if (o.npaths < 1 || !strcmp(o.paths[0], "-")) {
        fputs(INGEST_USAGE, stderr);
        free(o.paths);
        return NM_EXIT_USAGE;
    }
    const char *dbpath = o.paths[0];
    path_list inputs = {0};
    int bad_dirs = 0;
    if (o.npaths == 1) path_push(&inputs, strdup("-"));
    for (int i = 1; i < o.npaths; i++) bad_dirs += expand(o.paths[i], &inputs, 0);

    char err[512];
    int status = NM_EXIT_OK;
    ingest_ctx c;
    memset(&c, 0, sizeof c);
    c.batch = opts[0];
    c.date = o.date;
    /* Before SQLite initialises (the first open): no global memory statistics, whose mutex and
     * memory barrier every SQLite malloc and free took (a few per cent of the writer's time). A
     * no-op when SQLite is already initialised (the tests call ingest several times). */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    c.store = nm_store_open(dbpath, 0, err, sizeof err);
    if (!c.store) {
        fprintf(stderr, "newsmill: %s\n", err);
        status = NM_EXIT_FATAL;
        goto done;
    }
    if (id_set_load(&c.known, nm_store_db(c.store))) {
        fprintf(stderr, "newsmill: %s: cannot read stored ids: %s\n", dbpath, sqlite3_errmsg(nm_store_db(c.store)));
        status = NM_EXIT_FATAL;
        goto done;
    }
    c.eng = nm_engine_new(&o.engine, err, sizeof err);
    if (!c.eng) {
        fprintf(stderr, "newsmill: cannot start: %s\n", err);
        status = NM_EXIT_FATAL;
        goto done;
    }
    c.progress = !opts[1] && isatty(2);
    if (c.progress) c.total = count_records(inputs.v, inputs.n);
    c.t0 = c.last_commit = now_s();
    long long before = nm_store_count(c.store);
    writer_queue *q = calloc(1, sizeof *q);
    pthread_t writer;
    if (!q) {
        fprintf(stderr, "newsmill: out of memory\n");
        status = NM_EXIT_FATAL;
        goto done;
    }
    q->c = &c;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    if (pthread_create(&writer, NULL, writer_main, q) != 0) {
        fprintf(stderr, "newsmill: cannot start the writer thread\n");
        free(q);
        status = NM_EXIT_FATAL;
        goto done;
    }
    /* workers analyse, emit queues in input order, the writer thread stores */
    c.queue = q;
    nm_batch b = {o.threads, &c, work, emit};
    nm_batch_stats st;
    nm_batch_run(&b, inputs.v, inputs.n, o.input, o.max_bytes, &st);
    pthread_mutex_lock(&q->mu);
    q->closed = 1;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
    pthread_join(writer, NULL);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    free(q);
    c.queue = NULL;
    commit(&c);
    release_held(&c);
    free(c.held);
    /* st.failed counts unreadable records and failed analyses; the writer's failures come on top */
    size_t bad_records = st.failed + c.store_failed;
    size_t nrecords = st.records + (st.failed - c.worker_failed);
    c.errors = bad_records;
    if (c.progress) progress_line(&c, 1);
    long long after = nm_store_count(c.store);
    double el = now_s() - c.t0;
    if (!opts[1])
        fprintf(stderr,
                "newsmill: ingest: %zu records in %.1f s (%.0f/s): %zu added, %zu already stored, %zu same text as a "
                "stored article, %zu failed, %zu unreadable inputs; %s now holds %lld articles (%+lld)\n",
                nrecords, el, el > 0 ? nrecords / el : 0.0, c.added, c.known_ids,
                c.same_content, bad_records, st.files_failed + (size_t)bad_dirs, dbpath, after, after - before);
    if (c.fatal || st.stopped) status = NM_EXIT_FATAL;
    else if (bad_records || st.files_failed || bad_dirs) status = NM_EXIT_PARTIAL;
done:
    nm_store_close(c.store);
    nm_engine_free(c.eng);
    free(c.known.slots);
    for (int i = 0; i < inputs.n; i++) free(inputs.v[i]);
    free(inputs.v);
    free(o.paths);
    return status;
}
