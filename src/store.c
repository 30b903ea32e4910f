/*
 * store.c — writing analysed articles into the corpus store (see store.h, docs/store.md).
 *
 * nm_store_add puts each article under a SAVEPOINT inside the writer's batch transaction, so a
 * bad record is rolled back alone; ingest uses nm_store_add_unguarded (no savepoint: a savepoint
 * made every INSERT open and close a statement journal) and, in the rare case an insert fails,
 * rolls the batch back and redoes it with nm_store_add (cmd_store.c). A crash (kill -9) loses at most the uncommitted batch, which the next
 * run re-ingests: ext_id and content_hash are UNIQUE, so nothing lands twice. The batch is
 * full-text indexed just before it commits, in the same transaction.
 *
 * Entities are resolved across articles here: an entity of one article joins the stored entity
 * with the same normalised canonical name and type; a surname-only PERSON ("Trump") joins the
 * most mentioned stored person with that surname, preferring one who holds the same role; a full
 * name arriving after its surname-only entity upgrades that entity's name. The look-ups read the
 * writer's in-memory copy of the entity tables (store_entmap.h), and an article's rows go in by
 * multi-row INSERTs (store_rows.h): both only to make ingest cheaper, the rows are the same.
 */
#include "store.h"
#include "store_entmap.h"
#include "store_rows.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "doc.h"
#include "entities.h"
#include "json_out.h"
#include "keypoints.h"
#include "quantities.h"
#include "quotes.h"
#include "stage.h"
#include "timex.h"

enum {
    S_ART_BY_ID, S_ALIAS_BY_ID, S_ART_BY_HASH, S_INS_ALIAS, S_INS_ART, S_FTS_ARTICLES,
    S_ENT_FLUSH, S_INS_ROLE, S_DATA_VERSION, S_FTS_QUOTES, S_FTS_QUOTES_JSON, S_FTS_QUOTE, S_INS_EVENT,
    S_INS_CLAIM, S_INS_CLAIM_ST, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO, S_MAX_IDS, S_NSTMT
};

static const char *const SQL[S_NSTMT] = {
    [S_ART_BY_ID] = "SELECT id FROM articles WHERE ext_id = ?1",
    [S_ALIAS_BY_ID] = "SELECT article_id FROM article_aliases WHERE ext_id = ?1",
    [S_ART_BY_HASH] = "SELECT id FROM articles WHERE content_hash = ?1",
    [S_INS_ALIAS] = "INSERT OR IGNORE INTO article_aliases(ext_id, article_id, title) VALUES (?1, ?2, ?3)",
    [S_INS_ART] = "INSERT INTO articles(ext_id, content_hash, title, url, date, date_source, source, text, "
                  "sentences, editor_keypoints, minhash, shingles, chars, tokens) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?12, ?13, ?14, ?15)",
    /* full-text indexing of a batch's rows, just before its COMMIT (see nm_store_commit) */
    [S_FTS_ARTICLES] = "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id > ?1",
    /* a new entity is created with its first article's counts (R_ENT); later changes to its row
     * (counts, country, sector, a fuller name) are kept in the writer's entity map and written once
     * per transaction by S_ENT_FLUSH (flush_entities) */
    [S_ENT_FLUSH] = "UPDATE entities SET name = ?2, mentions = ?3, articles = ?4, country = ?5, sector = ?6 WHERE id = ?1",
    [S_INS_ROLE] = "INSERT INTO entity_roles(entity_id, title, of, count) VALUES (?1, ?2, ?3, 1) "
                   "ON CONFLICT(entity_id, title, of) DO UPDATE SET count = count + 1",
    [S_FTS_QUOTES] = "INSERT INTO quotes_fts(rowid, text) SELECT id, text FROM quotes_text WHERE id > ?1",
    /* the transaction's quotes (consecutive ids from ?1) from memory, as a JSON array of their
     * texts: one statement, because FTS5 flushes its pending terms into a new segment at every
     * statement savepoint, which a multi-row INSERT opens */
    [S_FTS_QUOTES_JSON] = "INSERT INTO quotes_fts(rowid, text) SELECT ?1 + key, value FROM json_each(?2)",
    [S_FTS_QUOTE] = "INSERT INTO quotes_fts(rowid, text) VALUES (?1, ?2)",
    [S_INS_EVENT] = "INSERT INTO events(article_id, idx, start, end, sentence, text, code, root, quad, goldstein, "
                    "source_id, source_code, target_id, target_code, date, place, negated, mood, reported_by_id) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    [S_INS_CLAIM] = "INSERT INTO claims(article_id, idx, about) VALUES (?1, ?2, ?3)",
    [S_INS_CLAIM_ST] = "INSERT INTO claim_statements(article_id, claim_idx, idx, quote_idx, event_idx, source_id, "
                       "source_name, stance) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_SAVEPOINT] = "SAVEPOINT article",
    [S_RELEASE] = "RELEASE article",
    [S_ROLLBACK_TO] = "ROLLBACK TO article",
    /* changes when another connection commits: the writer's entity map is then reloaded */
    [S_DATA_VERSION] = "PRAGMA data_version",
    [S_MAX_IDS] = "SELECT coalesce((SELECT max(id) FROM articles), 0), coalesce((SELECT max(id) FROM quotes), 0)",
};

/* The tables written by multi-row INSERTs (store_rows.h), an article's rows at a time; the
 * ids of new entities and quotes are given explicitly (the largest + 1, which SQLite would
 * choose), so rows can wait in a batch. OR FAIL, not the default ABORT: a multi-row statement
 * that may abort opens a statement journal, which copied every 16 KB page it touched (more than
 * the batching saved); a failed article is rolled back whole by the caller anyway. */
enum { R_ENT, R_NAME, R_AE, R_QUOTE, R_TIMEX, R_QUANT, R_KP, R_N };
static const struct { const char *head; int ncols; } ROWS[R_N] = {
    [R_ENT] = {"INSERT OR FAIL INTO entities(id, name, type, country, sector, mentions, articles) VALUES ", 7},
    [R_NAME] = {"INSERT OR IGNORE INTO entity_names(key, entity_id) VALUES ", 2},
    [R_AE] = {"INSERT OR FAIL INTO article_entities(article_id, entity_id, mentions, spans) VALUES ", 4},
    [R_QUOTE] = {"INSERT OR FAIL INTO quotes(id, article_id, idx, start, end, sentence, paragraph, kind, speaker_id, "
                 "speaker_text, cue, addressee, text) VALUES ", 13},
    [R_TIMEX] = {"INSERT OR FAIL INTO timex(article_id, idx, start, end, text, type, value, mod) VALUES ", 8},
    [R_QUANT] = {"INSERT OR FAIL INTO quantities(article_id, idx, start, end, text, value, unit, object, mod) VALUES ", 9},
    [R_KP] = {"INSERT OR FAIL INTO keypoints(article_id, idx, sentence, start, end, score, text) VALUES ", 7},
};

struct nm_store {
    sqlite3 *db;
    int readonly;
    sqlite3_stmt *st[S_NSTMT];
    /* rows up to these ids were full-text indexed when the open transaction began */
    int64_t fts_articles_done, fts_quotes_done;
    /* the open transaction's new quotes (id, text), indexed at commit from memory: reading their
     * text back through the quotes_text view (each quote re-reads its article's text and counts
     * code points up to its span) cost more than indexing them. Texts are concatenated in qtext;
     * qtext_failed (out of memory) falls back to the view for this transaction. */
    struct pending_quote { int64_t id; size_t off, len; } *pq;
    size_t pq_n, pq_cap;
    nm_buf qtext;
    int qtext_failed;
    /* the writer's cache of resolved entities: "TYPE\tcanonical name" -> entities.id. Names are
     * unique per type (an entity is only created when no stored one has the name), so a hit is
     * what the look-up would answer first. Emptied when a rollback may have undone an insert. */
    struct ent_slot { char *key; int64_t id; } *ents;
    size_t ents_cap, ents_n;
    /* the entity tables as the writer sees them (store_entmap.h): the look-ups read this, never
     * SQLite; its dirty entities are written by flush_entities before a commit or a savepoint */
    nm_entmap em;
    int64_t data_version; /* PRAGMA data_version when em was last known to match the database */
    nm_rows rows[R_N];
    int64_t next_quote_id; /* the id of the next quote (the largest + 1) */
};

static int64_t read_data_version(nm_store *s);

static uint64_t str_hash(const char *k)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *k; k++) { h ^= (unsigned char)*k; h *= 0x100000001b3ULL; }
    return h;
}

static void ent_cache_clear(nm_store *s)
{
    for (size_t i = 0; i < s->ents_cap; i++) free(s->ents[i].key);
    free(s->ents);
    s->ents = NULL;
    s->ents_cap = s->ents_n = 0;
    nm_entmap_clear(&s->em);
}

static int64_t ent_cache_get(const nm_store *s, const char *key)
{
    if (!s->ents_cap) return 0;
    for (size_t i = str_hash(key) & (s->ents_cap - 1); s->ents[i].key; i = (i + 1) & (s->ents_cap - 1))
        if (!strcmp(s->ents[i].key, key)) return s->ents[i].id;
    return 0;
}

static void ent_cache_put(nm_store *s, const char *key, int64_t id)
{
    if ((s->ents_n + 1) * 2 > s->ents_cap) {
        size_t ncap = s->ents_cap ? s->ents_cap * 2 : 4096;
        struct ent_slot *nv = calloc(ncap, sizeof *nv);
        if (!nv) return; /* a cache: going without is fine */
        for (size_t i = 0; i < s->ents_cap; i++) {
            if (!s->ents[i].key) continue;
            size_t h = str_hash(s->ents[i].key) & (ncap - 1);
            while (nv[h].key) h = (h + 1) & (ncap - 1);
            nv[h] = s->ents[i];
        }
        free(s->ents);
        s->ents = nv;
        s->ents_cap = ncap;
    }
    size_t h = str_hash(key) & (s->ents_cap - 1);
    while (s->ents[h].key) {
        if (!strcmp(s->ents[h].key, key)) { s->ents[h].id = id; return; }
        h = (h + 1) & (s->ents_cap - 1);
    }
    char *k = strdup(key);
    if (!k) return;
    s->ents[h].key = k;
    s->ents[h].id = id;
    s->ents_n++;
}

sqlite3 *nm_store_db(nm_store *s) { return s->db; }

nm_store *nm_store_open(const char *path, int readonly, char *err, size_t errlen)
{
    nm_store *s = calloc(1, sizeof *s);
    if (!s) { snprintf(err, errlen, "out of memory"); return NULL; }
    s->readonly = readonly;
    nm_entmap_init(&s->em);
    for (int i = 0; i < R_N; i++) nm_rows_init(&s->rows[i], ROWS[i].head, "", ROWS[i].ncols);
    int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        nm_store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 10000);
    char *msg = NULL;
    /* page_size (only effective on a new database): articles of 2-4 KB pack badly into 4 KB pages
     * (one row per page, the rest wasted); 16 KB pages hold them with little slack and keep
     * inserts into index pages cheap (64 KB pages made the writer slower).
     * WAL: readers never block the writer, and a killed writer leaves the last committed state.
     * synchronous=NORMAL is durable against a process crash (the WAL is in the OS cache); only a
     * power loss can drop the last transactions, never corrupt the database. */
    const char *pragmas = readonly ? "PRAGMA query_only = 1; PRAGMA cache_size = -32000; PRAGMA mmap_size = 268435456;"
                                   : "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                                     "PRAGMA foreign_keys = OFF;"
                                     "PRAGMA cache_size = -64000; PRAGMA temp_store = MEMORY;"
                                     /* checkpoints every 16 MB of WAL, on the writer thread while the
                                      * workers analyse: with 64 MB, a corpus-sized ingest left its
                                      * whole database in the WAL for close to copy (~80 ms with
                                      * nothing else running). close truncates the WAL */
                                     "PRAGMA wal_autocheckpoint = 1000;";
    if (sqlite3_exec(s->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        nm_store_close(s);
        return NULL;
    }
    if (readonly) {
        sqlite3_stmt *st;
        int version = 0;
        if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
        } else {
            snprintf(err, errlen, "%s is not a newsmill database (%s)", path, sqlite3_errmsg(s->db));
            nm_store_close(s);
            return NULL;
        }
        if (version < 1) {
            snprintf(err, errlen, "%s is not a newsmill database (no schema)", path);
            nm_store_close(s);
            return NULL;
        }
        if (version != nm_store_schema_version()) {
            snprintf(err, errlen, "%s has schema version %d; this newsmill reads version %d (run ingest to migrate)",
                     path, version, nm_store_schema_version());
            nm_store_close(s);
            return NULL;
        }
        return s;
    }
    if (nm_store_migrate(s->db, err, errlen) != 0) {
        nm_store_close(s);
        return NULL;
    }
    for (int i = 0; i < S_NSTMT; i++) {
        if (sqlite3_prepare_v3(s->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
            snprintf(err, errlen, "preparing statement %d: %s", i, sqlite3_errmsg(s->db));
            nm_store_close(s);
            return NULL;
        }
    }
    s->data_version = read_data_version(s);
    return s;
}

void nm_store_close(nm_store *s)
{
    if (!s) return;
    for (int i = 0; i < S_NSTMT; i++) sqlite3_finalize(s->st[i]);
    for (int i = 0; i < R_N; i++) nm_rows_free(&s->rows[i]);
    ent_cache_clear(s);
    free(s->pq);
    nm_buf_free(&s->qtext);
    if (s->db) {
        if (!s->readonly) sqlite3_exec(s->db, "PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
        sqlite3_close(s->db);
    }
    free(s);
}

static int64_t read_data_version(nm_store *s)
{
    sqlite3_stmt *st = s->st[S_DATA_VERSION];
    sqlite3_reset(st);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return v;
}

/* Write the entities whose rows the map changed (counts, country, sector, name) since the last
 * flush: once per entity per transaction instead of an UPDATE per article naming it. */
static int flush_entities(nm_store *s, char *err, size_t errlen)
{
    nm_entmap *m = &s->em;
    sqlite3_stmt *st = s->st[S_ENT_FLUSH];
    for (size_t i = 0; i < m->ndirty; i++) {
        nm_entmap_ent *e = nm_entmap_get(m, m->dirty[i]);
        if (!e) continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, e->id);
        sqlite3_bind_text(st, 2, e->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, e->mentions);
        sqlite3_bind_int64(st, 4, e->articles);
        if (e->country) sqlite3_bind_text(st, 5, e->country, -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, 5);
        if (e->sector) sqlite3_bind_text(st, 6, e->sector, -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, 6);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            snprintf(err, errlen, "updating entity counts: %s", sqlite3_errmsg(s->db));
            return -1;
        }
        e->dirty = 0;
    }
    m->ndirty = 0;
    return 0;
}

static void pending_quotes_clear(nm_store *s)
{
    s->pq_n = 0;
    s->qtext.len = 0;
    s->qtext.oom = 0;
    s->qtext_failed = 0;
}

/* Remember a new quote for the commit's full-text indexing. */
static void pending_quote_add(nm_store *s, int64_t id, const char *text, size_t n)
{
    if (s->qtext_failed) return;
    if (s->pq_n == s->pq_cap) {
        size_t cap = s->pq_cap ? s->pq_cap * 2 : 1024;
        struct pending_quote *v = realloc(s->pq, cap * sizeof *v);
        if (!v) { s->qtext_failed = 1; return; }
        s->pq = v;
        s->pq_cap = cap;
    }
    size_t off = s->qtext.len;
    nm_buf_put(&s->qtext, text, n);
    if (s->qtext.oom) { s->qtext_failed = 1; return; }
    s->pq[s->pq_n++] = (struct pending_quote){id, off, n};
}

int nm_store_begin(nm_store *s, char *err, size_t errlen)
{
    pending_quotes_clear(s);
    char *msg = NULL;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot start a transaction: %s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    /* another connection committed since this writer's last transaction: what the entity map
     * and the cache hold may be stale */
    int64_t version = read_data_version(s);
    if (version != s->data_version) ent_cache_clear(s);
    s->data_version = version;
    sqlite3_stmt *st = s->st[S_MAX_IDS];
    sqlite3_reset(st);
    if (sqlite3_step(st) == SQLITE_ROW) {
        s->fts_articles_done = sqlite3_column_int64(st, 0);
        s->fts_quotes_done = sqlite3_column_int64(st, 1);
        s->next_quote_id = s->fts_quotes_done + 1;
    }
    sqlite3_reset(st);
    return 0;
}

/* The batch's new articles and quotes go into the full-text indexes in two statements at commit
 * time, inside the same transaction. Indexing them one by one, under each article's SAVEPOINT,
 * made FTS5 flush a tiny index segment per savepoint: the writer's biggest cost. */
static int index_batch(nm_store *s, char *err, size_t errlen)
{
    static const int which[2] = {S_FTS_ARTICLES, S_FTS_QUOTES};
    int64_t from[2] = {s->fts_articles_done, s->fts_quotes_done};
    int nsql = s->qtext_failed ? 2 : 1; /* the quotes from memory unless that failed */
    int consecutive = 1;
    for (size_t i = 1; i < s->pq_n && consecutive; i++) consecutive = s->pq[i].id == s->pq[0].id + (int64_t)i;
    if (nsql == 1 && s->pq_n && consecutive) {
        nm_buf b;
        nm_buf_init(&b);
        nm_json j;
        nm_json_init(&j, &b, 0);
        nm_json_arr_begin(&j);
        for (size_t i = 0; i < s->pq_n; i++) nm_json_str(&j, s->pq[i].len ? s->qtext.p + s->pq[i].off : "", s->pq[i].len);
        nm_json_arr_end(&j);
        int rc = SQLITE_NOMEM;
        if (!b.oom) {
            sqlite3_stmt *st = s->st[S_FTS_QUOTES_JSON];
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, s->pq[0].id);
            sqlite3_bind_text(st, 2, b.p, (int)b.len, SQLITE_STATIC);
            rc = sqlite3_step(st);
            sqlite3_reset(st);
        }
        nm_buf_free(&b);
        if (rc != SQLITE_DONE) {
            snprintf(err, errlen, "full-text indexing failed: %s", rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(s->db));
            return -1;
        }
    }
    for (size_t i = 0; nsql == 1 && !consecutive && i < s->pq_n; i++) {
        sqlite3_stmt *st = s->st[S_FTS_QUOTE];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, s->pq[i].id);
        sqlite3_bind_text(st, 2, s->pq[i].len ? s->qtext.p + s->pq[i].off : "", (int)s->pq[i].len, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            snprintf(err, errlen, "full-text indexing failed: %s", sqlite3_errmsg(s->db));
            return -1;
        }
    }
    for (int k = 0; k < nsql; k++) {
        sqlite3_stmt *st = s->st[which[k]];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, from[k]);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            snprintf(err, errlen, "full-text indexing failed: %s", sqlite3_errmsg(s->db));
            return -1;
        }
    }
    return 0;
}

int nm_store_commit(nm_store *s, char *err, size_t errlen)
{
    char *msg = NULL;
    int indexed = flush_entities(s, err, errlen) || index_batch(s, err, errlen) ? -1 : 0;
    pending_quotes_clear(s);
    if (indexed) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        ent_cache_clear(s);
        return -1;
    }
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "commit failed: %s", msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        ent_cache_clear(s);
        return -1;
    }
    return 0;
}

/* ---- small helpers over prepared statements ---- */

static sqlite3_stmt *stmt(nm_store *s, int i)
{
    sqlite3_reset(s->st[i]);
    sqlite3_clear_bindings(s->st[i]);
    return s->st[i];
}

static int64_t lookup_id(sqlite3_stmt *st)
{
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return id;
}

static int run(nm_store *s, sqlite3_stmt *st, char *err, size_t errlen)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0) sqlite3_bind_int64(st, i, id);
    else sqlite3_bind_null(st, i);
}

/* JSON accessors that tolerate missing or mistyped keys (stages are still being built). */
#define IS_OBJ(v) nm_sj_is((v), NM_SJ_OBJ)
#define IS_STR(v) nm_sj_is((v), NM_SJ_STR)
#define IS_INT(v) nm_sj_is((v), NM_SJ_INT)
#define IS_TRUE(v) nm_sj_is((v), NM_SJ_TRUE)
#define INTVAL(v) ((v)->u.i)

static const char *jstr(const nm_sj *o, const char *k) { return nm_sj_str(nm_sj_get(o, k)); }

static const char *jnonempty(const nm_sj *o, const char *k)
{
    const char *v = jstr(o, k);
    return v && *v ? v : NULL;
}

static int jint(const nm_sj *o, const char *k, int64_t *out)
{
    const nm_sj *v = nm_sj_get(o, k);
    if (nm_sj_is(v, NM_SJ_INT)) { *out = v->u.i; return 1; }
    if (nm_sj_is(v, NM_SJ_REAL)) { *out = (int64_t)v->u.d; return 1; }
    return 0;
}

static void bind_jint(sqlite3_stmt *st, int i, const nm_sj *o, const char *k)
{
    int64_t v;
    if (jint(o, k, &v)) sqlite3_bind_int64(st, i, v);
    else sqlite3_bind_null(st, i);
}

static void bind_jnum(sqlite3_stmt *st, int i, const nm_sj *o, const char *k)
{
    const nm_sj *v = nm_sj_get(o, k);
    if (nm_sj_is_number(v)) sqlite3_bind_double(st, i, nm_sj_number(v));
    else sqlite3_bind_null(st, i);
}

/* The same into a multi-row insert's value (NULL when missing). */
static void row_jint(nm_rows_val *v, const nm_sj *o, const char *k)
{
    int64_t i;
    if (jint(o, k, &i)) nm_rows_int(v, i);
}

static void row_jnum(nm_rows_val *v, const nm_sj *o, const char *k)
{
    const nm_sj *x = nm_sj_get(o, k);
    if (nm_sj_is_number(x)) nm_rows_double(v, nm_sj_number(x));
}

static const nm_sj *jarr(const nm_sj *o, const char *k)
{
    const nm_sj *v = nm_sj_get(o, k);
    return nm_sj_is(v, NM_SJ_ARR) ? v : NULL;
}

/* ---- name keys ---- */

void nm_store_name_key(const char *name, char *out, size_t outlen)
{
    if (!outlen) return;
    out[0] = '\0';
    if (!name) return;
    /* ASCII needs no Unicode folding (the loop below lowers A-Z): most names are ASCII, and
     * utf8proc_map was most of the writer's entity cost */
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)name; *p && ascii; p++) ascii = *p < 0x80;
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = ascii ? -1
                               : utf8proc_map((const utf8proc_uint8_t *)name, 0, &folded,
                                              UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                  UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
    const char *src = n >= 0 ? (const char *)folded : name;
    size_t o = 0;
    int pending_space = 0;
    for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
        unsigned char c = *p;
        if (c == '.' || c == '\'') continue; /* U.S. = US, O'Brien = OBrien */
        int word = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!word) { pending_space = o > 0; continue; }
        if (pending_space) {
            if (o + 1 < outlen) out[o++] = ' ';
            pending_space = 0;
        }
        if (o + 1 < outlen) out[o++] = (char)((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
    }
    out[o] = '\0';
    free(folded);
    /* a leading article or courtesy title is not part of the name: "the Kremlin", "Mr Blair" */
    static const char *const LEADING[] = {"the ", "mr ", "mrs ", "ms ", "miss ", "dr ", "sir ", "dame ", "prof ", NULL};
    for (int i = 0; LEADING[i]; i++) {
        size_t l = strlen(LEADING[i]);
        if (o > l && !strncmp(out, LEADING[i], l)) {
            memmove(out, out + l, o - l + 1);
            break;
        }
    }
}

static const char *last_word(const char *key)
{
    const char *sp = strrchr(key, ' ');
    return sp ? sp + 1 : key;
}

/* ---- items ---- */

/* The JSON "entities" array as nm_store_entity (strings stay in the JSON tree). */
static void entities_from_json(nm_store_item *it)
{
    const nm_sj *ents = jarr(it->doc, "entities");
    size_t n = ents ? nm_sj_size(ents) : 0;
    if (!n) return;
    it->ents = nm_arena_zalloc(&it->arena, n * sizeof *it->ents);
    for (size_t i = 0; i < n; i++) {
        const nm_sj *e = nm_sj_at(ents, i);
        nm_store_entity *x = &it->ents[it->nents++];
        x->id = jstr(e, "id");
        x->type = jnonempty(e, "type");
        x->name = jnonempty(e, "name");
        x->country = jnonempty(e, "country");
        x->sector = jnonempty(e, "sector");
        const nm_sj *ms = jarr(e, "mentions");
        size_t nm = ms ? nm_sj_size(ms) : 0;
        x->m = nm ? nm_arena_zalloc(&it->arena, nm * sizeof *x->m) : NULL;
        for (size_t k = 0; k < nm; k++) {
            const nm_sj *mo = nm_sj_at(ms, k);
            int64_t a, b;
            if (!jint(mo, "start", &a) || !jint(mo, "end", &b) || a < 0 || b < a || b > UINT32_MAX) continue;
            nm_store_mention *m = &x->m[x->nm++];
            m->start = (uint32_t)a;
            m->end = (uint32_t)b;
            m->text = jstr(mo, "text");
            const char *kind = jstr(mo, "kind");
            /* without a kind, a capitalised mention counts as a name */
            m->name = kind ? !strcmp(kind, "name")
                           : (m->text && ((*m->text >= 'A' && *m->text <= 'Z') || (unsigned char)*m->text >= 0x80));
        }
        const nm_sj *rs = jarr(e, "roles");
        size_t nr = rs ? nm_sj_size(rs) : 0;
        x->r = nr ? nm_arena_zalloc(&it->arena, nr * sizeof *x->r) : NULL;
        for (size_t k = 0; k < nr; k++) {
            const char *title = jnonempty(nm_sj_at(rs, k), "title");
            if (!title) continue;
            x->r[x->nr].title = title;
            x->r[x->nr].of = jstr(nm_sj_at(rs, k), "of");
            x->nr++;
        }
    }
}

/* Fill the item from its parsed JSON (it->doc, in it->arena): fingerprints and id.
 * with_entities: read the "entities" key (the JSON route). */
static int item_finish(nm_store_item *it, const char *source, int with_entities)
{
    const nm_sj *doc = it->doc;
    const nm_sj *text = nm_sj_get(doc, "text");
    if (!IS_STR(text)) return -1;
    if (with_entities) entities_from_json(it);
    const char *t = nm_sj_str(text);
    size_t n = (size_t)text->n;
    nm_store_fingerprint(t, n, it->minhash, &it->nshingles, &it->hash);
    const char *id = jstr(doc, "id");
    if (id && *id) {
        it->ext_id = strdup(id);
    } else {
        char tmp[40];
        snprintf(tmp, sizeof tmp, "sha:%016llx", (unsigned long long)it->hash);
        it->ext_id = strdup(tmp);
    }
    it->source = source ? strdup(source) : NULL;
    return it->ext_id ? 0 : -1;
}

int nm_store_item_init(nm_store_item *it, json_t *doc, const char *source)
{
    memset(it, 0, sizeof *it);
    nm_arena_init(&it->arena);
    char *s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    it->doc = s ? nm_sj_parse(&it->arena, s, strlen(s)) : NULL;
    free(s);
    if (!it->doc || item_finish(it, source, 1)) {
        nm_store_item_free(it);
        return -1;
    }
    return 0;
}

/* The entity layer's result (entities.h) as nm_store_entity, copied into the item's arena. */
static void entities_from_doc(nm_store_item *it, const nm_doc *d)
{
    static const char *const TYPES[] = {NULL, "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC"};
    const nm_entity_set *set = d->entities;
    if (!set || !set->ents.n) return;
    nm_arena *ar = &it->arena;
    it->ents = nm_arena_zalloc(ar, set->ents.n * sizeof *it->ents);
    for (size_t i = 0; i < set->ents.n; i++) {
        const nm_entity *e = &set->ents.v[i];
        nm_store_entity *x = &it->ents[it->nents++];
        char id[24];
        int il = snprintf(id, sizeof id, "E%zu", i + 1);
        x->id = nm_arena_strndup(ar, id, (size_t)il);
        x->type = e->type < sizeof TYPES / sizeof TYPES[0] ? TYPES[e->type] : NULL;
        x->name = e->name && *e->name ? nm_arena_strndup(ar, e->name, strlen(e->name)) : NULL;
        x->country = e->country[0] ? nm_arena_strndup(ar, e->country, strnlen(e->country, sizeof e->country)) : NULL;
        x->sector = e->sector[0] ? nm_arena_strndup(ar, e->sector, strnlen(e->sector, sizeof e->sector)) : NULL;
        x->m = e->mentions.n ? nm_arena_zalloc(ar, e->mentions.n * sizeof *x->m) : NULL;
        for (size_t k = 0; k < e->mentions.n; k++) {
            if (e->mentions.v[k] >= set->mentions.n) continue;
            const nm_mention *mm = &set->mentions.v[e->mentions.v[k]];
            if (mm->end < mm->start || mm->end > d->len) continue;
            nm_store_mention *m = &x->m[x->nm++];
            m->start = nm_doc_cp(d, mm->start);
            m->end = nm_doc_cp(d, mm->end);
            m->text = nm_arena_strndup(ar, d->text + mm->start, mm->end - mm->start);
            m->name = mm->kind == NM_MENTION_NAME;
        }
        x->r = e->roles.n ? nm_arena_zalloc(ar, e->roles.n * sizeof *x->r) : NULL;
        for (size_t k = 0; k < e->roles.n; k++) {
            const nm_ent_role *ro = &e->roles.v[k];
            if (!ro->title || !*ro->title) continue;
            x->r[x->nr].title = nm_arena_strndup(ar, ro->title, strlen(ro->title));
            x->r[x->nr].of = ro->of ? nm_arena_strndup(ar, ro->of, strlen(ro->of)) : NULL;
            x->nr++;
        }
    }
}

/* Append "sentences" ([{start, end}] of the body sentences, in code points) to root, whose items
 * and keys arrays have room for one more. 0 or -1 (out of memory). */
static int add_sentences(nm_store_item *it, nm_sj *root, nm_sj *items, const char **keys, const nm_doc *d)
{
    static const char *const span_keys[2] = {"start", "end"};
    size_t n = 0;
    for (size_t i = 0; i < d->sents.n; i++) n += d->sents.v[i].body_index >= 0;
    nm_sj *objs = nm_arena_alloc(&it->arena, (n ? n : 1) * sizeof *objs);
    nm_sj *ints = nm_arena_alloc(&it->arena, (n ? n : 1) * 2 * sizeof *ints);
    if (!objs || !ints) return -1;
    size_t k = 0;
    for (size_t i = 0; i < d->sents.n; i++) {
        const nm_sentence *se = &d->sents.v[i];
        if (se->body_index < 0) continue;
        ints[2 * k] = (nm_sj){.type = NM_SJ_INT, .u.i = (int64_t)nm_doc_cp(d, se->start)};
        ints[2 * k + 1] = (nm_sj){.type = NM_SJ_INT, .u.i = (int64_t)nm_doc_cp(d, se->end)};
        objs[k] = (nm_sj){.type = NM_SJ_OBJ, .n = 2, .u.items = &ints[2 * k], .keys = (const char **)span_keys};
        k++;
    }
    items[root->n] = (nm_sj){.type = NM_SJ_ARR, .n = (uint32_t)n, .u.items = objs};
    keys[root->n] = "sentences";
    root->n++;
    return 0;
}

/* ---- direct readers: a stage's result put into the item's tree as the nodes its JSON would
 * parse to (only the keys the writer reads), without rendering it and parsing it back. Stages
 * without a direct reader keep the JSON route (new annotation kinds slot in unchanged). The values
 * must equal what the round trip gives: the stored rows are compared against the JSON route. ---- */

static nm_sj sj_int(int64_t v) { return (nm_sj){.type = NM_SJ_INT, .u.i = v}; }

/* A copy of s in the item's arena as a string node, or a null node (as nm_json_cstr writes NULL). */
static int sj_str(nm_arena *a, nm_sj *out, const char *s, size_t n)
{
    if (!s) { *out = (nm_sj){.type = NM_SJ_NULL}; return 0; }
    char *c = nm_arena_strndup(a, s, n);
    if (!c) return -1;
    *out = (nm_sj){.type = NM_SJ_STR, .n = (uint32_t)n, .u.s = c};
    return 0;
}

static int sj_cstr(nm_arena *a, nm_sj *out, const char *s) { return sj_str(a, out, s, s ? strlen(s) : 0); }

/* The node a number written by nm_json_num becomes through store_json's parser: null when not
 * finite, an integer for whole numbers below 1e15, else the "%.15g" text read back (an integer
 * when it has no '.' or exponent, as "-0"). */
static nm_sj sj_json_number(double v)
{
    if (!isfinite(v)) return (nm_sj){.type = NM_SJ_NULL};
    if (v > -1e15 && v < 1e15 && v == (double)(int64_t)v && !(v == 0 && signbit(v))) return sj_int((int64_t)v);
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    if (!strpbrk(tmp, ".eE")) {
        errno = 0;
        long long i = strtoll(tmp, NULL, 10);
        if (errno != ERANGE) return sj_int(i);
    }
    return (nm_sj){.type = NM_SJ_REAL, .u.d = strtod(tmp, NULL)};
}

/* The number a quantity's "value" becomes through its JSON (quantities.c's number(): whole
 * numbers in 64 bits exactly, the rest through nm_json_num). */
static nm_sj sj_quantity_number(double v)
{
    if (v < 9e18 && v > -9e18 && v == (double)(int64_t)v) return sj_int((int64_t)v);
    return sj_json_number(v);
}

/* An array node of n objects with nkeys keys each (keys shared); objs[i].u.items to be filled. */
static nm_sj *sj_object_array(nm_arena *a, nm_sj *arr, size_t n, const char *const *keys, size_t nkeys)
{
    nm_sj *objs = nm_arena_alloc(a, (n ? n : 1) * sizeof *objs);
    nm_sj *vals = nm_arena_alloc(a, (n ? n : 1) * nkeys * sizeof *vals);
    if (!objs || !vals) return NULL;
    for (size_t i = 0; i < n; i++)
        objs[i] = (nm_sj){.type = NM_SJ_OBJ, .n = (uint32_t)nkeys, .u.items = &vals[i * nkeys], .keys = (const char **)keys};
    *arr = (nm_sj){.type = NM_SJ_ARR, .n = (uint32_t)n, .u.items = objs};
    return vals;
}

/* start, end (code points) and text of a byte span, as nm_json_span_fields writes them. */
static int sj_span(nm_arena *a, nm_sj *v, const nm_doc *d, uint32_t s, uint32_t e)
{
    v[0] = sj_int((int64_t)nm_doc_cp(d, s));
    v[1] = sj_int((int64_t)nm_doc_cp(d, e));
    return sj_str(a, &v[2], d->text + s, e - s);
}

static int timex_direct(nm_arena *a, nm_sj *arr, const nm_doc *d)
{
    static const char *const keys[] = {"start", "end", "text", "type", "value", "mod"};
    static const char *const TYPE_NAMES[] = {"DATE", "TIME", "DURATION", "SET"}; /* as timex.c writes them */
    const nm_timex_set *set = d->timex;
    size_t n = set ? set->v.n : 0;
    nm_sj *vals = sj_object_array(a, arr, n, keys, 6);
    if (!vals) return -1;
    for (size_t i = 0; i < n; i++) {
        const nm_timex *x = &set->v.v[i];
        nm_sj *v = &vals[i * 6];
        if (x->end < x->start || x->end > d->len || x->type >= 4) return -1; /* a stage bug: the article is reported, not stored with wrong spans */
        if (sj_span(a, v, d, x->start, x->end) || sj_cstr(a, &v[3], TYPE_NAMES[x->type]) ||
            sj_cstr(a, &v[4], x->value) || sj_cstr(a, &v[5], x->mod))
            return -1;
    }
    return 0;
}

static int quantities_direct(nm_arena *a, nm_sj *arr, const nm_doc *d)
{
    static const char *const keys[] = {"start", "end", "text", "value", "unit", "object", "mod"};
    const nm_quantity_set *set = d->quantities;
    size_t n = set ? set->v.n : 0;
    nm_sj *vals = sj_object_array(a, arr, n, keys, 7);
    if (!vals) return -1;
    for (size_t i = 0; i < n; i++) {
        const nm_quantity *q = &set->v.v[i];
        nm_sj *v = &vals[i * 7];
        if (q->end < q->start || q->end > d->len) return -1;
        v[3] = sj_quantity_number(q->value);
        if (sj_span(a, v, d, q->start, q->end) || sj_cstr(a, &v[4], q->unit) || sj_cstr(a, &v[5], q->object) ||
            sj_cstr(a, &v[6], q->mod))
            return -1;
    }
    return 0;
}

/* A text span, or a null node when it is not set (as quotes.c's span_or_null writes it). */
static int sj_span_or_null(nm_arena *a, nm_sj *out, const nm_doc *d, nm_span sp)
{
    if (!sp.set) { *out = (nm_sj){.type = NM_SJ_NULL}; return 0; }
    if (sp.end < sp.start || sp.end > d->len) return -1;
    return sj_str(a, out, d->text + sp.start, sp.end - sp.start);
}

/* A quote's "speaker" as quotes.c writes it: {"entity": "E3", "name": ...} for a resolved
 * entity, {"entity": null, "name": ...} for a name only, null otherwise. */
static int sj_speaker(nm_arena *a, nm_sj *out, const nm_doc *d, const nm_quote *z)
{
    static const char *const keys[] = {"entity", "name"};
    const nm_entity *en = z->entity >= 0 ? nm_entity_by_index(d, z->entity) : NULL;
    if (!en && !z->name) { *out = (nm_sj){.type = NM_SJ_NULL}; return 0; }
    nm_sj *v = nm_arena_alloc(a, 2 * sizeof *v);
    if (!v) return -1;
    *out = (nm_sj){.type = NM_SJ_OBJ, .n = 2, .u.items = v, .keys = (const char **)keys};
    if (!en) {
        v[0] = (nm_sj){.type = NM_SJ_NULL};
        return sj_cstr(a, &v[1], z->name);
    }
    char id[16];
    int il = snprintf(id, sizeof id, "E%d", z->entity + 1);
    return sj_str(a, &v[0], id, (size_t)il) || sj_cstr(a, &v[1], en->name) ? -1 : 0;
}

static int quotes_direct(nm_arena *a, nm_sj *arr, const nm_doc *d)
{
    static const char *const keys[] = {"text", "start", "end", "kind", "speaker", "speaker_text",
                                       "cue", "addressee", "sentence", "paragraph"};
    enum { NK = sizeof keys / sizeof keys[0] };
    const nm_quote_set *qs = d->quotes;
    size_t n = qs ? qs->v.n : 0;
    nm_sj *vals = sj_object_array(a, arr, n, keys, NK);
    if (!vals) return -1;
    for (size_t i = 0; i < n; i++) {
        const nm_quote *z = &qs->v.v[i];
        nm_sj *v = &vals[i * NK];
        if (z->end < z->start || z->end > d->len) return -1;
        v[1] = sj_int((int64_t)nm_doc_cp(d, z->start));
        v[2] = sj_int((int64_t)nm_doc_cp(d, z->end));
        int32_t bi = z->sent < d->sents.n ? d->sents.v[z->sent].body_index : -1;
        v[8] = bi >= 0 ? sj_int(bi) : (nm_sj){.type = NM_SJ_NULL};
        v[9] = sj_int((int64_t)z->para);
        if (sj_cstr(a, &v[0], z->text) || sj_cstr(a, &v[3], nm_quote_kind_name(z->kind)) ||
            sj_speaker(a, &v[4], d, z) || sj_span_or_null(a, &v[5], d, z->speaker) ||
            sj_span_or_null(a, &v[6], d, z->cue) || sj_span_or_null(a, &v[7], d, z->addressee))
            return -1;
    }
    return 0;
}

static int keypoints_direct(nm_arena *a, nm_sj *arr, const nm_doc *d)
{
    static const char *const keys[] = {"text", "sentence", "start", "end", "score"};
    const nm_keypoint_set *set = d->keypoints;
    size_t n = set ? set->v.n : 0;
    nm_sj *vals = sj_object_array(a, arr, n, keys, 5);
    if (!vals) return -1;
    for (size_t i = 0; i < n; i++) {
        const nm_keypoint *kp = &set->v.v[i];
        nm_sj *v = &vals[i * 5];
        if (kp->sent >= d->sents.n) return -1;
        v[1] = sj_int(d->sents.v[kp->sent].body_index);
        v[2] = sj_int((int64_t)nm_doc_cp(d, kp->start));
        v[3] = sj_int((int64_t)nm_doc_cp(d, kp->end));
        v[4] = sj_json_number(round(kp->score * 1000.0) / 1000.0); /* as keypoints.c rounds it */
        /* nm_json_kstr writes a NULL text as "" */
        if (sj_str(a, &v[0], kp->text ? kp->text : "", kp->text ? kp->text_len : 0)) return -1;
    }
    return 0;
}

/* The stages read directly, with their readers. */
typedef struct direct_reader {
    const nm_stage *stage;
    int (*read)(nm_arena *a, nm_sj *arr, const nm_doc *d);
} direct_reader;

static const direct_reader DIRECT_READERS[] = {
    {&nm_stage_timex, timex_direct},
    {&nm_stage_quantities, quantities_direct},
    {&nm_stage_quotes, quotes_direct},
    {&nm_stage_keypoints, keypoints_direct},
};
enum { N_DIRECT = sizeof DIRECT_READERS / sizeof DIRECT_READERS[0] };

/* The direct reader of a stage, or NULL (JSON route). */
static const direct_reader *direct_reader_of(const nm_stage *st)
{
    for (size_t i = 0; i < N_DIRECT; i++)
        if (DIRECT_READERS[i].stage == st) return &DIRECT_READERS[i];
    return NULL;
}

int nm_store_item_from_doc(nm_store_item *it, const nm_doc *d, const char *source)
{
    memset(it, 0, sizeof *it);
    nm_arena_init(&it->arena);
    nm_buf b;
    nm_buf_init(&b);
    nm_json j;
    nm_json_init(&j, &b, 0);
    nm_json_obj_begin(&j);
    nm_json_kcstr(&j, "id", d->id);
    nm_json_kcstr(&j, "title", d->title);
    nm_json_kcstr(&j, "url", d->url);
    nm_json_key(&j, "date");
    nm_json_obj_begin(&j);
    if (d->date.y) {
        char v[16];
        int vl = snprintf(v, sizeof v, "%04d-%02d-%02d", d->date.y, d->date.m, d->date.d);
        nm_json_kstr(&j, "value", v, (size_t)vl);
        nm_json_kcstr(&j, "source", d->date.source);
    }
    nm_json_obj_end(&j);
    /* "sentences" joins the tree below, built directly (rendering and re-parsing a few dozen
     * integer pairs per article cost more than storing them) */
    nm_json_key(&j, "structure");
    nm_json_obj_begin(&j);
    nm_json_key(&j, "key_points");
    nm_json_arr_begin(&j);
    for (size_t i = 0; i < d->key_points.n; i++) {
        nm_json_obj_begin(&j);
        nm_json_kstr(&j, "text", d->text + d->key_points.v[i].start, d->key_points.v[i].end - d->key_points.v[i].start);
        nm_json_obj_end(&j);
    }
    nm_json_arr_end(&j);
    nm_json_obj_end(&j);
    nm_json_key(&j, "stats");
    nm_json_obj_begin(&j);
    nm_json_kint(&j, "chars", (int64_t)d->ncp);
    nm_json_kint(&j, "tokens", (int64_t)d->toks.n);
    nm_json_obj_end(&j);
    for (const nm_stage *const *st = nm_stages; *st; st++) {
        if (*st == &nm_stage_entities) continue; /* read from the entity layer below */
        if (direct_reader_of(*st)) continue;     /* read directly below */
        nm_json_key(&j, (*st)->json_key);
        (*st)->json(d, &j);
    }
    nm_json_obj_end(&j);
    nm_sj *root = b.oom ? NULL : nm_sj_parse(&it->arena, b.p, b.len);
    nm_buf_free(&b);
    /* the text (the bulk of the bytes) joins the tree directly rather than being escaped into the
     * JSON and unescaped back: the normalised text is valid UTF-8 (the text layer guarantees it) */
    if (root && root->type == NM_SJ_OBJ) {
        nm_sj *items = nm_arena_alloc(&it->arena, (root->n + 2 + N_DIRECT) * sizeof *items);
        const char **keys = nm_arena_alloc(&it->arena, (root->n + 2 + N_DIRECT) * sizeof *keys);
        char *text = nm_arena_strndup(&it->arena, d->text, d->len);
        if (!items || !keys || !text) {
            root = NULL;
        } else {
            if (root->n) {
                memcpy(items, root->u.items, root->n * sizeof *items);
                memcpy(keys, root->keys, root->n * sizeof *keys);
            }
            items[root->n] = (nm_sj){.type = NM_SJ_STR, .n = (uint32_t)d->len, .u.s = text};
            keys[root->n] = "text";
            root->u.items = items;
            root->keys = keys;
            root->n++;
            if (add_sentences(it, root, items, keys, d)) root = NULL;
            for (const nm_stage *const *st = nm_stages; root && *st; st++) {
                const direct_reader *r = direct_reader_of(*st);
                if (!r) continue;
                if (r->read(&it->arena, &items[root->n], d)) {
                    root = NULL;
                    break;
                }
                keys[root->n] = (*st)->json_key;
                root->n++;
            }
        }
    }
    it->doc = root;
    if (!it->doc || item_finish(it, source, 0)) {
        nm_store_item_free(it);
        return -1;
    }
    entities_from_doc(it, d);
    return 0;
}

void nm_store_item_free(nm_store_item *it)
{
    if (!it) return;
    nm_arena_free(&it->arena);
    free(it->ext_id);
    free(it->source);
    memset(it, 0, sizeof *it);
}

int nm_store_has_id(nm_store *s, const char *ext_id)
{
    sqlite3_stmt *st = stmt(s, S_ART_BY_ID);
    sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_STATIC);
    if (lookup_id(st)) return 1;
    st = stmt(s, S_ALIAS_BY_ID);
    sqlite3_bind_text(st, 1, ext_id, -1, SQLITE_STATIC);
    return lookup_id(st) != 0;
}

long long nm_store_count(nm_store *s)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM articles", -1, &st, NULL) != SQLITE_OK) return -1;
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* ---- entities ---- */

typedef struct local_entity {
    const char *local_id;   /* "E3" */
    int64_t global;         /* entities.id, 0 when unresolved */
    int64_t mentions;
    int first_of_global;    /* first local entity mapped to this global one in the article */
    int created;            /* the global entity was created for it, with its own mention count */
} local_entity;

/* The best entity of a name form's postings in the entity map, ranked as the SQL look-ups of
 * rounds 1-3 did: the highest (same canonical name, holds the role, mentions before this article),
 * the lowest id among equals; entities created by the current article (id >= new_from) rank as
 * unmentioned. surname_only: only people stored under one word ("Trump"), ranked by mentions.
 * 0 when there is none. */
static int64_t best_candidate(nm_store *s, const char *key, const char *type, const char *name, const char *role,
                              int64_t new_from, int surname_only)
{
    nm_entmap *m = &s->em;
    int64_t best = 0, best_rank[3] = {0, 0, 0};
    for (int32_t i = nm_entmap_first(m, key); i >= 0; i = m->nodes[i].next) {
        const nm_entmap_ent *e = nm_entmap_get(m, m->nodes[i].id);
        if (!e || strcmp(e->type, type)) continue;
        if (surname_only && strchr(e->name, ' ')) continue;
        int64_t rank[3] = {!surname_only && !strcmp(e->name, name),
                           !surname_only && nm_entmap_has_role(m, e, role),
                           e->id >= new_from ? 0 : e->mentions};
        int cmp = 0;
        for (int k = 0; k < 3 && !cmp; k++) cmp = rank[k] > best_rank[k] ? 1 : rank[k] < best_rank[k] ? -1 : 0;
        if (!best || cmp > 0 || (cmp == 0 && e->id < best)) {
            best = e->id;
            memcpy(best_rank, rank, sizeof rank);
        }
    }
    return best;
}

/* Record the name form (key, id), adding its row when it is new. 0 or -1. */
static int add_name_form(nm_store *s, const char *key, int64_t id, char *err, size_t errlen)
{
    const char *stored = NULL;
    int fresh = nm_entmap_add_name(&s->em, key, id, &stored);
    if (fresh < 0) { snprintf(err, errlen, "out of memory"); return -1; }
    if (!fresh) return 0;
    nm_rows_val *v = nm_rows_add(&s->rows[R_NAME], s->db, err, errlen);
    if (!v) return -1;
    nm_rows_text(&v[0], stored, -1); /* the map's copy lives until the rows are written */
    nm_rows_int(&v[1], id);
    return 0;
}

/* The stored entity for a name; a new one is created with mentions (and one article) counted,
 * and *created set. The entity map must be loaded. */
static int64_t resolve_entity(nm_store *s, const char *name, const char *type, const char *role, const char *country,
                              const char *sector, int64_t mentions, int64_t new_from, int *created, char *err,
                              size_t errlen)
{
    *created = 0;
    /* the cache first: only entities with a non-empty key are ever cached */
    char ckey[512]; /* "TYPE\tname", truncated as snprintf would (without its cost per entity) */
    size_t tl = strnlen(type, sizeof ckey - 2), nl = strnlen(name, sizeof ckey - 2 - tl);
    memcpy(ckey, type, tl);
    ckey[tl] = '\t';
    memcpy(ckey + tl + 1, name, nl);
    ckey[tl + 1 + nl] = 0;
    int64_t cached = ent_cache_get(s, ckey);
    if (cached) return cached; /* its name forms were written when it was cached */
    char key[256];
    nm_store_name_key(name, key, sizeof key);
    if (!key[0]) return 0;
    int person = !strcmp(type, "PERSON");
    const char *surname = last_word(key);
    int multi = surname != key;
    int64_t id = best_candidate(s, key, type, name, role, new_from, 0);
    if (!id && person && multi) {
        /* a surname-only person stored earlier ("Trump") becomes this fuller name */
        id = best_candidate(s, surname, "PERSON", name, NULL, new_from, 1);
        nm_entmap_ent *e = id ? nm_entmap_get(&s->em, id) : NULL;
        if (e && nm_entmap_rename(&s->em, e, name)) { snprintf(err, errlen, "out of memory"); return -1; }
    }
    if (!id) {
        /* the id SQLite would give it (the map holds every entity), so the row can wait in R_ENT */
        id = s->em.max_id + 1;
        if (nm_entmap_add_entity(&s->em, id, name, type, country, sector, mentions, 1)) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        const nm_entmap_ent *e = nm_entmap_get(&s->em, id); /* its strings live until the rows are written */
        nm_rows_val *v = nm_rows_add(&s->rows[R_ENT], s->db, err, errlen);
        if (!e || !v) return -1;
        nm_rows_int(&v[0], id);
        nm_rows_text(&v[1], e->name, -1);
        nm_rows_text(&v[2], e->type, -1);
        nm_rows_text(&v[3], e->country, -1);
        nm_rows_text(&v[4], e->sector, -1);
        nm_rows_int(&v[5], mentions);
        nm_rows_int(&v[6], 1);
        *created = 1;
    }
    if (add_name_form(s, key, id, err, errlen)) return -1;
    if (person && multi && add_name_form(s, surname, id, err, errlen)) return -1;
    ent_cache_put(s, ckey, id);
    return id;
}

/* Mention spans of one entity in one article, compactly: sorted, then per mention the zigzag
 * varint of (start - previous end) and the varint of the length. */
typedef struct span_pair { uint32_t start, end; } span_pair;
static int cmp_span(const void *a, const void *b)
{
    const span_pair *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

static size_t put_varint(unsigned char *out, uint64_t v)
{
    size_t n = 0;
    do {
        unsigned char c = v & 0x7f;
        v >>= 7;
        out[n++] = (unsigned char)(c | (v ? 0x80 : 0));
    } while (v);
    return n;
}

static int get_varint(const unsigned char *b, size_t n, size_t *i, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; *i < n && shift < 64; shift += 7) {
        unsigned char c = b[(*i)++];
        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return 1;
    }
    return 0;
}

size_t nm_store_decode_spans(const unsigned char *b, size_t n, uint32_t *out, size_t max)
{
    size_t i = 0, k = 0;
    int64_t prev_end = 0;
    while (i < n && k < max) {
        uint64_t z, len;
        if (!get_varint(b, n, &i, &z) || !get_varint(b, n, &i, &len)) break;
        int64_t d = (z & 1) ? -(int64_t)((z + 1) >> 1) : (int64_t)(z >> 1);
        int64_t start = prev_end + d;
        if (start < 0 || start > UINT32_MAX || len > UINT32_MAX - (uint64_t)start) break;
        out[2 * k] = (uint32_t)start;
        out[2 * k + 1] = (uint32_t)(start + (int64_t)len);
        prev_end = start + (int64_t)len;
        k++;
    }
    return k;
}

static size_t encode_spans(span_pair *v, size_t n, unsigned char *out)
{
    qsort(v, n, sizeof *v, cmp_span);
    size_t o = 0;
    int64_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && v[i].start == v[i - 1].start && v[i].end == v[i - 1].end) continue;
        int64_t d = (int64_t)v[i].start - prev_end;
        o += put_varint(out + o, d >= 0 ? (uint64_t)d << 1 : ((uint64_t)(-d) << 1) - 1);
        o += put_varint(out + o, v[i].end >= v[i].start ? v[i].end - v[i].start : 0);
        prev_end = v[i].end >= v[i].start ? v[i].end : v[i].start;
    }
    return o;
}

static int is_pronoun_key(const char *k)
{
    static const char *const P[] = {"he", "she", "they", "it", "his", "her", "its", "their", "him", "them", "we", "i", "you", NULL};
    for (int i = 0; P[i]; i++)
        if (!strcmp(k, P[i])) return 1;
    return 0;
}

static int store_entities(nm_store *s, int64_t art, const nm_store_entity *ents, local_entity *loc, size_t n,
                          char *err, size_t errlen)
{
    size_t total = 0;
    if (nm_entmap_load(&s->em, s->db)) {
        snprintf(err, errlen, "cannot read the entities: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    /* entities from this id on are created by this article (best_candidate) */
    int64_t new_from = s->em.max_id + 1;
    for (size_t i = 0; i < n; i++) {
        const nm_store_entity *e = &ents[i];
        total += e->nm;
        loc[i].local_id = e->id;
        if (!e->name || !e->type) continue;
        const char *role = e->nr ? e->r[0].title : NULL;
        loc[i].mentions = e->nm ? (int64_t)e->nm : 1;
        int64_t id = resolve_entity(s, e->name, e->type, role, e->country, e->sector, loc[i].mentions, new_from,
                                    &loc[i].created, err, errlen);
        if (id < 0) return -1;
        loc[i].global = id;
        nm_entmap_ent *me = id ? nm_entmap_get(&s->em, id) : NULL;
        for (size_t r = 0; r < e->nr; r++) {
            sqlite3_stmt *st = stmt(s, S_INS_ROLE);
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, e->r[r].title, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, e->r[r].of ? e->r[r].of : "", -1, SQLITE_STATIC);
            if (run(s, st, err, errlen)) return -1;
            if (me && nm_entmap_add_role(&s->em, me, e->r[r].title)) { snprintf(err, errlen, "out of memory"); return -1; }
        }
        /* name forms already written for this entity (its canonical name and surname by
         * resolve_entity): each distinct form is inserted once, not once per mention */
        char ck[256];
        nm_store_name_key(e->name, ck, sizeof ck);
        uint64_t seen[32];
        size_t nseen = 0;
        seen[nseen++] = str_hash(ck);
        seen[nseen++] = str_hash(last_word(ck));
        int person = !strcmp(e->type, "PERSON");
        for (size_t m = 0; m < e->nm; m++) {
            /* proper-name mentions ("Mr Trump", "Lavrov") become aliases; pronouns and
             * descriptions ("the minister") do not */
            const char *t = e->m[m].text;
            if (!e->m[m].name || !t) continue;
            char key[256];
            nm_store_name_key(t, key, sizeof key);
            if (!key[0] || is_pronoun_key(key) || strlen(key) < 2) continue;
            uint64_t kh = str_hash(key);
            int dup = 0;
            for (size_t k = 0; k < nseen && !dup; k++) dup = seen[k] == kh;
            if (dup) continue;
            if (nseen < sizeof seen / sizeof seen[0]) seen[nseen++] = kh;
            if (person) {
                /* a person's alias must be part of the canonical name ("Trump" of "Donald Trump") */
                size_t kl = strlen(key), cl = strlen(ck);
                if (kl > cl || strcmp(ck + cl - kl, key) || (kl < cl && ck[cl - kl - 1] != ' ')) continue;
            }
            if (add_name_form(s, key, id, err, errlen)) return -1;
        }
    }
    /* one article_entities row and one count update per global entity */
    for (size_t i = 0; i < n; i++) {
        if (!loc[i].global) continue;
        size_t first = i;
        for (size_t k = 0; k < i; k++)
            if (loc[k].global == loc[i].global) { first = k; break; }
        if (first != i) { loc[first].mentions += loc[i].mentions; continue; }
        loc[i].first_of_global = 1;
    }
    span_pair *pairs = malloc((total + 1) * sizeof *pairs);
    unsigned char *enc = malloc(total * 20 + 1);
    if (!pairs || !enc) {
        free(pairs);
        free(enc);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t enc_used = 0; /* each global entity's spans have their own part of enc until the rows are written */
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!loc[i].first_of_global) continue;
        size_t np = 0;
        for (size_t k = i; k < n; k++) {
            if (loc[k].global != loc[i].global) continue;
            for (size_t m = 0; m < ents[k].nm; m++) pairs[np++] = (span_pair){ents[k].m[m].start, ents[k].m[m].end};
        }
        size_t elen = encode_spans(pairs, np, enc + enc_used);
        nm_rows_val *v = nm_rows_add(&s->rows[R_AE], s->db, err, errlen);
        if (!v) { rc = -1; break; }
        nm_rows_int(&v[0], art);
        nm_rows_int(&v[1], loc[i].global);
        nm_rows_int(&v[2], loc[i].mentions);
        if (elen) nm_rows_blob(&v[3], enc + enc_used, (int)elen);
        enc_used += elen;
        /* created for this article: counted already, unless other local entities joined it;
         * the row is rewritten from the map at the next flush */
        int64_t own = ents[i].nm ? (int64_t)ents[i].nm : 1;
        if (loc[i].created && loc[i].mentions == own) continue;
        nm_entmap_ent *me = nm_entmap_get(&s->em, loc[i].global);
        if (!me) continue; /* cannot happen: every resolved entity is in the map */
        if (loc[i].created) { /* only the other local entities' mentions: the article is counted */
            me->mentions += loc[i].mentions - own;
        } else {
            me->mentions += loc[i].mentions;
            me->articles += 1;
            /* coalesce(country, ?): the first one given stays */
            if (!me->country && ents[i].country) me->country = nm_arena_strndup(&s->em.strings, ents[i].country, strlen(ents[i].country));
            if (!me->sector && ents[i].sector) me->sector = nm_arena_strndup(&s->em.strings, ents[i].sector, strlen(ents[i].sector));
        }
        if (nm_entmap_touch(&s->em, me)) { snprintf(err, errlen, "out of memory"); rc = -1; }
    }
    /* the article's new entities, name forms and mentions, while enc and the map's strings live */
    for (int r = R_ENT; r <= R_AE; r++)
        if (!rc && nm_rows_flush(&s->rows[r], s->db, err, errlen)) rc = -1;
    free(pairs);
    free(enc);
    if (rc) return -1;
    return 0;
}

/* The stored entity an {"entity": "E3", "name": ...} reference (or a bare "E3") points to. */
static int64_t entity_ref(const nm_sj *ref, const local_entity *loc, size_t n)
{
    const char *lid = IS_STR(ref) ? nm_sj_str(ref) : jstr(ref, "entity");
    if (!lid) {
        const nm_sj *v = nm_sj_get(ref, "entity");
        if (IS_INT(v)) {
            int64_t k = INTVAL(v);
            return k >= 1 && (size_t)k <= n ? loc[k - 1].global : 0;
        }
        return 0;
    }
    if (lid[0] == 'E') {
        char *end;
        long k = strtol(lid + 1, &end, 10);
        if (!*end && k >= 1 && (size_t)k <= n && loc[k - 1].local_id && !strcmp(loc[k - 1].local_id, lid))
            return loc[k - 1].global;
    }
    for (size_t i = 0; i < n; i++)
        if (loc[i].local_id && !strcmp(loc[i].local_id, lid)) return loc[i].global;
    return 0;
}

/* ---- spans: annotation text is stored only when it differs from the text at its offsets ---- */

typedef struct span_map {
    const char *text;  /* the article text (UTF-8) */
    uint32_t *byte;    /* byte[i] = byte offset of code point i; byte[ncp] = length */
    uint32_t ncp;
} span_map;

static int span_map_init(span_map *m, const nm_sj *doc)
{
    const nm_sj *t = nm_sj_get(doc, "text");
    m->text = nm_sj_str(t);
    size_t n = t ? t->n : 0;
    m->byte = malloc((n + 1) * sizeof *m->byte);
    m->ncp = 0;
    if (!m->byte) return -1;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)m->text[i] & 0xC0) != 0x80) m->byte[m->ncp++] = (uint32_t)i;
    m->byte[m->ncp] = (uint32_t)n;
    return 0;
}

/* The object's "text", or NULL when it is exactly the text between its "start" and "end". */
static const char *text_unless_span(const span_map *m, const nm_sj *o)
{
    const char *t = jstr(o, "text");
    int64_t a, b;
    if (!t || !jint(o, "start", &a) || !jint(o, "end", &b) || a < 0 || b < a || (uint64_t)b > m->ncp) return t;
    size_t bs = m->byte[a], be = m->byte[b];
    size_t tl = nm_sj_get(o, "text")->n;
    return (tl == be - bs && !memcmp(m->text + bs, t, tl)) ? NULL : t;
}

/* ---- the article ---- */

static char *sentences_blob(const nm_sj *sents, size_t *len)
{
    size_t n = sents ? nm_sj_size(sents) : 0;
    *len = 0;
    if (!n) return NULL;
    span_pair *v = malloc(n * sizeof *v);
    unsigned char *b = malloc(n * 20);
    if (!v || !b) { free(v); free(b); return NULL; }
    for (size_t i = 0; i < n; i++) {
        int64_t a = 0, e = 0;
        const nm_sj *o = nm_sj_at(sents, i);
        jint(o, "start", &a);
        jint(o, "end", &e);
        v[i] = (span_pair){(uint32_t)(a < 0 ? 0 : a), (uint32_t)(e < a ? a : e)};
    }
    *len = encode_spans(v, n, b);
    free(v);
    return (char *)b;
}

static char *editor_keypoints(const nm_sj *doc)
{
    const nm_sj *kp = jarr(nm_sj_get(doc, "structure"), "key_points");
    if (!kp || !nm_sj_size(kp)) return NULL;
    nm_buf b;
    nm_buf_init(&b);
    nm_json j;
    nm_json_init(&j, &b, 0);
    nm_json_arr_begin(&j);
    for (size_t i = 0; i < nm_sj_size(kp); i++) {
        const nm_sj *t = nm_sj_get(nm_sj_at(kp, i), "text");
        if (IS_STR(t)) nm_json_str(&j, t->u.s, t->n);
    }
    nm_json_arr_end(&j);
    if (b.oom) { nm_buf_free(&b); return NULL; }
    return nm_buf_take(&b, NULL);
}

static int insert_article(nm_store *s, const nm_store_item *it, int64_t *art_out, char *err, size_t errlen)
{
    const nm_sj *doc = it->doc;
    const nm_sj *date = nm_sj_get(doc, "date");
    char *ekp = editor_keypoints(doc);
    size_t sblen;
    char *sblob = sentences_blob(jarr(doc, "sentences"), &sblen);
    unsigned char mh[NM_MINHASH_K * 2]; /* 16-bit values, little-endian */
    for (int k = 0; k < NM_MINHASH_K; k++) {
        mh[k * 2] = (unsigned char)it->minhash[k];
        mh[k * 2 + 1] = (unsigned char)(it->minhash[k] >> 8);
    }
    const nm_sj *stats = nm_sj_get(doc, "stats");
    sqlite3_stmt *st = stmt(s, S_INS_ART);
    sqlite3_bind_text(st, 1, it->ext_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, it->hash);
    bind_text(st, 3, jstr(doc, "title"));
    bind_text(st, 4, jstr(doc, "url"));
    bind_text(st, 5, jstr(date, "value"));
    bind_text(st, 6, jstr(date, "source"));
    bind_text(st, 7, it->source);
    const nm_sj *text = nm_sj_get(doc, "text");
    sqlite3_bind_text(st, 8, nm_sj_str(text), (int)(size_t)text->n, SQLITE_STATIC);
    if (sblob) sqlite3_bind_blob(st, 9, sblob, (int)sblen, SQLITE_STATIC);
    bind_text(st, 11, ekp);
    sqlite3_bind_blob(st, 12, mh, sizeof mh, SQLITE_STATIC);
    sqlite3_bind_int64(st, 13, it->nshingles);
    bind_jint(st, 14, stats, "chars");
    bind_jint(st, 15, stats, "tokens");
    int rc = run(s, st, err, errlen);
    free(ekp);
    free(sblob);
    if (rc) return -1;
    *art_out = sqlite3_last_insert_rowid(s->db);
    return 0;
}

static int insert_annotations(nm_store *s, int64_t art, const nm_store_item *it, char *err, size_t errlen)
{
    const nm_sj *doc = it->doc;
    size_t ne = it->nents;
    local_entity *loc = ne ? calloc(ne, sizeof *loc) : NULL;
    if (ne && !loc) { snprintf(err, errlen, "out of memory"); return -1; }
    int rc = -1;
    span_map sm = {0};
    if (span_map_init(&sm, doc)) { snprintf(err, errlen, "out of memory"); goto out; }
    if (ne && store_entities(s, art, it->ents, loc, ne, err, errlen)) goto out;

    nm_rows_val *v;
    const nm_sj *arr = jarr(doc, "keypoints");
    for (size_t i = 0; arr && i < nm_sj_size(arr); i++) {
        const nm_sj *k = nm_sj_at(arr, i);
        if (!jstr(k, "text")) continue;
        if (!(v = nm_rows_add(&s->rows[R_KP], s->db, err, errlen))) goto out;
        nm_rows_int(&v[0], art);
        nm_rows_int(&v[1], (int64_t)i);
        row_jint(&v[2], k, "sentence");
        row_jint(&v[3], k, "start");
        row_jint(&v[4], k, "end");
        row_jnum(&v[5], k, "score");
        nm_rows_text(&v[6], text_unless_span(&sm, k), -1);
    }

    arr = jarr(doc, "quotes");
    for (size_t i = 0; arr && i < nm_sj_size(arr); i++) {
        const nm_sj *q = nm_sj_at(arr, i);
        const char *text = jstr(q, "text");
        if (!text) continue;
        const nm_sj *sp = nm_sj_get(q, "speaker");
        int64_t spk = IS_OBJ(sp) || IS_STR(sp) ? entity_ref(sp, loc, ne) : 0;
        const char *sptext = jnonempty(q, "speaker_text");
        if (!sptext && IS_OBJ(sp)) sptext = jnonempty(sp, "name");
        if (!(v = nm_rows_add(&s->rows[R_QUOTE], s->db, err, errlen))) goto out;
        int64_t qid = s->next_quote_id++; /* the id SQLite would give it */
        nm_rows_int(&v[0], qid);
        nm_rows_int(&v[1], art);
        nm_rows_int(&v[2], (int64_t)i);
        row_jint(&v[3], q, "start");
        row_jint(&v[4], q, "end");
        row_jint(&v[5], q, "sentence");
        row_jint(&v[6], q, "paragraph");
        nm_rows_text(&v[7], jstr(q, "kind"), -1);
        if (spk > 0) nm_rows_int(&v[8], spk);
        nm_rows_text(&v[9], sptext, -1);
        nm_rows_text(&v[10], jnonempty(q, "cue"), -1);
        const nm_sj *ad = nm_sj_get(q, "addressee");
        nm_rows_text(&v[11], IS_STR(ad) ? nm_sj_str(ad) : (IS_OBJ(ad) ? jstr(ad, "name") : NULL), -1);
        nm_rows_text(&v[12], text_unless_span(&sm, q), -1);
        pending_quote_add(s, qid, text, nm_sj_get(q, "text")->n);
    }

    arr = jarr(doc, "events");
    for (size_t i = 0; arr && i < nm_sj_size(arr); i++) {
        const nm_sj *e = nm_sj_at(arr, i);
        const nm_sj *src = nm_sj_get(e, "source"), *tgt = nm_sj_get(e, "target");
        const nm_sj *rep = nm_sj_get(e, "reported_by");
        sqlite3_stmt *st = stmt(s, S_INS_EVENT);
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        bind_jint(st, 3, e, "start");
        bind_jint(st, 4, e, "end");
        bind_jint(st, 5, e, "sentence");
        bind_text(st, 6, text_unless_span(&sm, e));
        bind_text(st, 7, jstr(e, "code"));
        bind_text(st, 8, jstr(e, "root"));
        bind_jint(st, 9, e, "quad");
        bind_jnum(st, 10, e, "goldstein");
        bind_id(st, 11, IS_OBJ(src) ? entity_ref(src, loc, ne) : 0);
        bind_text(st, 12, IS_OBJ(src) ? jstr(src, "code") : NULL);
        bind_id(st, 13, IS_OBJ(tgt) ? entity_ref(tgt, loc, ne) : 0);
        bind_text(st, 14, IS_OBJ(tgt) ? jstr(tgt, "code") : NULL);
        bind_text(st, 15, jstr(e, "date"));
        const nm_sj *place = nm_sj_get(e, "place");
        bind_text(st, 16, IS_STR(place) ? nm_sj_str(place) : (IS_OBJ(place) ? jstr(place, "name") : NULL));
        const nm_sj *neg = nm_sj_get(e, "negated");
        sqlite3_bind_int(st, 17, IS_TRUE(neg));
        bind_text(st, 18, jstr(e, "mood"));
        bind_id(st, 19, (IS_OBJ(rep) || IS_STR(rep)) ? entity_ref(rep, loc, ne) : 0);
        if (run(s, st, err, errlen)) goto out;
    }

    arr = jarr(doc, "timex");
    for (size_t i = 0; arr && i < nm_sj_size(arr); i++) {
        const nm_sj *t = nm_sj_at(arr, i);
        if (!(v = nm_rows_add(&s->rows[R_TIMEX], s->db, err, errlen))) goto out;
        nm_rows_int(&v[0], art);
        nm_rows_int(&v[1], (int64_t)i);
        row_jint(&v[2], t, "start");
        row_jint(&v[3], t, "end");
        nm_rows_text(&v[4], text_unless_span(&sm, t), -1);
        nm_rows_text(&v[5], jstr(t, "type"), -1);
        nm_rows_text(&v[6], jstr(t, "value"), -1);
        nm_rows_text(&v[7], jstr(t, "mod"), -1);
    }

    arr = jarr(doc, "quantities");
    for (size_t i = 0; arr && i < nm_sj_size(arr); i++) {
        const nm_sj *q = nm_sj_at(arr, i);
        if (!(v = nm_rows_add(&s->rows[R_QUANT], s->db, err, errlen))) goto out;
        nm_rows_int(&v[0], art);
        nm_rows_int(&v[1], (int64_t)i);
        row_jint(&v[2], q, "start");
        row_jint(&v[3], q, "end");
        nm_rows_text(&v[4], text_unless_span(&sm, q), -1);
        row_jnum(&v[5], q, "value");
        nm_rows_text(&v[6], jstr(q, "unit"), -1);
        nm_rows_text(&v[7], jstr(q, "object"), -1);
        nm_rows_text(&v[8], jstr(q, "mod"), -1);
    }

    arr = jarr(doc, "claims");
    for (size_t i = 0; arr && i < nm_sj_size(arr); i++) {
        const nm_sj *c = nm_sj_at(arr, i);
        sqlite3_stmt *st = stmt(s, S_INS_CLAIM);
        sqlite3_bind_int64(st, 1, art);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        const nm_sj *about = nm_sj_get(c, "about");
        char *about_s = NULL;
        if (about && !IS_STR(about)) {
            nm_buf ab;
            nm_buf_init(&ab);
            nm_json aj;
            nm_json_init(&aj, &ab, 0);
            nm_sj_write(&aj, about);
            about_s = ab.oom ? (nm_buf_free(&ab), NULL) : nm_buf_take(&ab, NULL);
        }
        bind_text(st, 3, IS_STR(about) ? nm_sj_str(about) : about_s);
        int r = run(s, st, err, errlen);
        free(about_s);
        if (r) goto out;
        const nm_sj *sts = jarr(c, "statements");
        for (size_t k = 0; sts && k < nm_sj_size(sts); k++) {
            const nm_sj *so = nm_sj_at(sts, k);
            const nm_sj *src = nm_sj_get(so, "source");
            st = stmt(s, S_INS_CLAIM_ST);
            sqlite3_bind_int64(st, 1, art);
            sqlite3_bind_int64(st, 2, (int64_t)i);
            sqlite3_bind_int64(st, 3, (int64_t)k);
            bind_jint(st, 4, so, "quote");
            bind_jint(st, 5, so, "event");
            bind_id(st, 6, (IS_OBJ(src) || IS_STR(src)) ? entity_ref(src, loc, ne) : 0);
            bind_text(st, 7, IS_OBJ(src) ? jstr(src, "name") : (IS_STR(src) ? nm_sj_str(src) : NULL));
            bind_text(st, 8, jstr(so, "stance"));
            if (run(s, st, err, errlen)) goto out;
        }
    }
    for (int r = R_QUOTE; r <= R_KP; r++)
        if (nm_rows_flush(&s->rows[r], s->db, err, errlen)) goto out;
    rc = 0;
out:
    if (rc)
        for (int r = 0; r < R_N; r++) nm_rows_discard(&s->rows[r]);
    free(sm.byte);
    free(loc);
    return rc;
}

enum { NOT_KNOWN = 100 };

/* Known id or known content (an alias row): the answer, or NOT_KNOWN to go on and insert. */
static int add_known(nm_store *s, const nm_store_item *it, char *err, size_t errlen)
{
    if (nm_store_has_id(s, it->ext_id)) return NM_STORE_KNOWN_ID;
    sqlite3_stmt *st = stmt(s, S_ART_BY_HASH);
    sqlite3_bind_int64(st, 1, it->hash);
    int64_t same = lookup_id(st);
    if (!same) return NOT_KNOWN;
    st = stmt(s, S_INS_ALIAS);
    sqlite3_bind_text(st, 1, it->ext_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, same);
    bind_text(st, 3, jstr(it->doc, "title"));
    if (run(s, st, err, errlen)) return NM_STORE_ERROR;
    return NM_STORE_SAME_CONTENT;
}

int nm_store_add(nm_store *s, const nm_store_item *it, char *err, size_t errlen)
{
    int known = add_known(s, it, err, errlen);
    if (known != NOT_KNOWN) return known;
    /* the rows match the entity map before the savepoint, so undoing the article only needs the
     * map dropped (it is reloaded from the database) */
    if (flush_entities(s, err, errlen)) return NM_STORE_ERROR;
    if (run(s, s->st[S_SAVEPOINT], err, errlen)) return NM_STORE_ERROR;
    size_t pq_before = s->pq_n, qtext_before = s->qtext.len;
    int64_t quote_id_before = s->next_quote_id;
    int64_t art = 0;
    if (insert_article(s, it, &art, err, errlen) || insert_annotations(s, art, it, err, errlen)) {
        char ignore[64];
        run(s, s->st[S_ROLLBACK_TO], ignore, sizeof ignore);
        run(s, s->st[S_RELEASE], ignore, sizeof ignore);
        ent_cache_clear(s); /* it may name entities the rollback removed */
        s->pq_n = pq_before; /* its quotes are gone too */
        s->qtext.len = qtext_before;
        s->next_quote_id = quote_id_before;
        return NM_STORE_ERROR;
    }
    if (run(s, s->st[S_RELEASE], err, errlen)) return NM_STORE_ERROR;
    return NM_STORE_ADDED;
}

int nm_store_add_unguarded(nm_store *s, const nm_store_item *it, char *err, size_t errlen)
{
    int known = add_known(s, it, err, errlen);
    if (known != NOT_KNOWN) return known;
    int64_t art = 0;
    if (insert_article(s, it, &art, err, errlen) || insert_annotations(s, art, it, err, errlen)) return NM_STORE_ERROR;
    return NM_STORE_ADDED;
}

void nm_store_rollback(nm_store *s)
{
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    ent_cache_clear(s); /* entities and name forms written in the transaction are gone */
    pending_quotes_clear(s);
    for (int r = 0; r < R_N; r++) nm_rows_discard(&s->rows[r]);
}
