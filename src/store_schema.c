/*
 * store_schema.c — the corpus store's schema as numbered migrations (documented in docs/store.md).
 *
 * PRAGMA user_version holds the number of migrations applied. Each migration runs in its own
 * transaction together with the version bump, so a crash mid-migration leaves the previous
 * version intact. Never edit a released migration: add the next one.
 *
 * Space matters (the store must stay under 3x the input text): the text is stored once, the
 * full-text indexes are external-content FTS5 tables over it, annotation spans are integer code
 * point offsets into it and their text columns are NULL when they equal the span's text
 * (substr(articles.text, start + 1, end - start) gives it back), and tables keyed by
 * (article, index) are WITHOUT ROWID.
 */
#include <stdio.h>

#include "store.h"

static const char *const MIGRATIONS[] = {
    /* 1: the initial schema */
    "CREATE TABLE articles(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  ext_id TEXT NOT NULL UNIQUE,\n"          /* the article's id in the input */
    "  content_hash INTEGER NOT NULL UNIQUE,\n" /* normalised-text hash: one copy per content */
    "  title TEXT, url TEXT,\n"
    "  date TEXT, date_source TEXT,\n"          /* reference date YYYY-MM-DD and where it came from */
    "  source TEXT,\n"                          /* the input record's \"source\" field */
    "  text TEXT NOT NULL,\n"
    "  sentences BLOB,\n"                       /* body sentence spans, encoded as article_entities.spans */
    "  editor_keypoints TEXT,\n"                /* JSON [text] from the article's own box */
    "  minhash BLOB, shingles INTEGER,\n"       /* near-duplicate signature */
    "  chars INTEGER, tokens INTEGER\n"
    ");\n"
    "CREATE INDEX articles_date ON articles(date);\n"
    "CREATE TABLE keypoints(\n"                 /* newsmill's key points, in reading order */
    "  article_id INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER, start INTEGER, end INTEGER,\n"
    "  score REAL, text TEXT,\n"               /* text NULL: the span's text (compressed points keep theirs) */
    "  PRIMARY KEY(article_id, idx)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE article_aliases(\n"           /* other ids of the same content */
    "  ext_id TEXT PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id), title TEXT\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE entities(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL, type TEXT NOT NULL,\n"
    "  country TEXT, sector TEXT,\n"
    "  mentions INTEGER NOT NULL DEFAULT 0, articles INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE TABLE entity_names(\n"              /* every normalised name form of an entity (the lookup) */
    "  key TEXT NOT NULL, entity_id INTEGER NOT NULL, PRIMARY KEY(key, entity_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE entity_roles(\n"
    "  entity_id INTEGER NOT NULL, title TEXT NOT NULL, of TEXT NOT NULL DEFAULT '',\n"
    "  count INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(entity_id, title, of)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE article_entities(\n"          /* the mentions of an entity in an article */
    "  article_id INTEGER NOT NULL, entity_id INTEGER NOT NULL, mentions INTEGER NOT NULL,\n"
    "  spans BLOB,\n"                           /* mention spans: varint pairs (start - previous end, length) */
    "  PRIMARY KEY(article_id, entity_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX article_entities_entity ON article_entities(entity_id);\n" /* search --entity, stories */
    "CREATE TABLE quotes(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  article_id INTEGER NOT NULL, idx INTEGER NOT NULL,\n"
    "  start INTEGER, end INTEGER, sentence INTEGER, paragraph INTEGER,\n"
    "  kind TEXT, speaker_id INTEGER, speaker_text TEXT, cue TEXT, addressee TEXT,\n"
    "  text TEXT,\n"                            /* NULL: the same as the span's text */
    "  UNIQUE(article_id, idx)\n"
    ");\n"
    "CREATE INDEX quotes_speaker ON quotes(speaker_id);\n"
    "CREATE TABLE events(\n"
    "  article_id INTEGER NOT NULL, idx INTEGER NOT NULL,\n"
    "  start INTEGER, end INTEGER, sentence INTEGER, text TEXT,\n"
    "  code TEXT, root TEXT, quad INTEGER, goldstein REAL,\n"
    "  source_id INTEGER, source_code TEXT, target_id INTEGER, target_code TEXT,\n"
    "  date TEXT, place TEXT, negated INTEGER, mood TEXT, reported_by_id INTEGER,\n"
    "  PRIMARY KEY(article_id, idx)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX events_date ON events(date);\n"
    "CREATE INDEX events_source ON events(source_id);\n"
    "CREATE INDEX events_target ON events(target_id);\n"
    "CREATE TABLE timex(\n"
    "  article_id INTEGER NOT NULL, idx INTEGER NOT NULL,\n"
    "  start INTEGER, end INTEGER, text TEXT, type TEXT, value TEXT, mod TEXT,\n"
    "  PRIMARY KEY(article_id, idx)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE quantities(\n"
    "  article_id INTEGER NOT NULL, idx INTEGER NOT NULL,\n"
    "  start INTEGER, end INTEGER, text TEXT, value REAL, unit TEXT, object TEXT, mod TEXT,\n"
    "  PRIMARY KEY(article_id, idx)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE claims(\n"
    "  article_id INTEGER NOT NULL, idx INTEGER NOT NULL, about TEXT,\n"
    "  PRIMARY KEY(article_id, idx)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE claim_statements(\n"
    "  article_id INTEGER NOT NULL, claim_idx INTEGER NOT NULL, idx INTEGER NOT NULL,\n"
    "  quote_idx INTEGER, event_idx INTEGER, source_id INTEGER, source_name TEXT, stance TEXT,\n"
    "  PRIMARY KEY(article_id, claim_idx, idx)\n"
    ") WITHOUT ROWID;\n"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', detail=column,\n"
    "  tokenize='porter unicode61 remove_diacritics 2');\n"
    "CREATE VIEW quotes_text(id, text) AS SELECT q.id, coalesce(q.text, substr(a.text, q.start + 1, q.end - q.start))\n"
    "  FROM quotes q JOIN articles a ON a.id = q.article_id;\n"
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes_text', content_rowid='id', detail=none,\n"
    "  tokenize='porter unicode61 remove_diacritics 2');\n",

    /* 2: cheaper full-text indexing during ingest (docs/store.md, "Ingest throughput"): a bulk
     * ingest commits every few hundred articles, each commit writes one FTS segment, and with
     * FTS5's default automerge (4) every fourth commit re-reads and rewrites the level's segments.
     * Waiting for 16 per level saved ~15 % of the indexing work in the 300-article benchmark;
     * queries barely notice the extra segments (crisismerge still bounds them). */
    "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16);\n"
    "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('automerge', 16);\n",

    /* 3: the quotes index keeps no per-quote token counts (columnsize=0): they serve only bm25
     * ranking, which nothing does on quotes (quotes --about filters by MATCH and orders by date),
     * and writing one docsize row per quote was a fifth of indexing the quotes at ingest. The
     * index is rebuilt from quotes_text with the same settings otherwise. */
    "DROP TABLE quotes_fts;\n"
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes_text', content_rowid='id', detail=none,\n"
    "  columnsize=0, tokenize='porter unicode61 remove_diacritics 2');\n"
    "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('automerge', 16);\n"
    "INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');\n",
};

int nm_store_schema_version(void) { return (int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]); }

int nm_store_migrate(sqlite3 *db, char *err, size_t errlen)
{
    return nm_store_migrate_to(db, nm_store_schema_version(), err, errlen);
}

int nm_store_migrate_to(sqlite3 *db, int target, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        return -1;
    }
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (target > nm_store_schema_version()) target = nm_store_schema_version();
    if (version > nm_store_schema_version()) {
        snprintf(err, errlen, "database schema version %d is newer than this newsmill (%d)", version,
                 nm_store_schema_version());
        return -1;
    }
    for (int v = version; v < target; v++) {
        char *msg = NULL;
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
        /* IMMEDIATE: two processes migrating at once serialise instead of both applying it */
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK) goto fail;
        /* re-check inside the lock: another process may have migrated meanwhile */
        if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) goto fail_rollback;
        int now = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_finalize(st);
        if (now > v) {
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
            v = now - 1;
            continue;
        }
        if (sqlite3_exec(db, MIGRATIONS[v], NULL, NULL, &msg) != SQLITE_OK) goto fail_rollback;
        if (sqlite3_exec(db, bump, NULL, NULL, &msg) != SQLITE_OK) goto fail_rollback;
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) goto fail_rollback;
        continue;
    fail_rollback:
        snprintf(err, errlen, "migration %d failed: %s", v + 1, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    fail:
        snprintf(err, errlen, "migration %d failed: %s", v + 1, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}
