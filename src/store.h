/*
 * store.h — the corpus store: analysed articles kept in one SQLite database (schema and queries in
 * docs/store.md), written by `newsmill ingest` and read by search, quotes, entities, timeline,
 * stories and export.
 *
 * The store consumes each document's JSON output (the keys the stages write), so new annotation
 * kinds slot in without touching the stages; only the foundation keys and the entities (the
 * contracts in doc.h and entities.h) are read from the document model, to save rendering and
 * re-parsing the bulk of the JSON. One writer: an nm_store handle is used by one thread at a time.
 */
#ifndef NM_STORE_H
#define NM_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "arena.h"
#include "newsmill.h"
#include "store_json.h"

enum { NM_MINHASH_K = 64 };

/* ---- fingerprints (minhash.c) ---- */
/* Hash of the text's words, ASCII case folded: whitespace and punctuation do not matter. */
int64_t nm_store_content_hash(const char *s, size_t n);
/* MinHash signature over word 4-shingles, 16-bit values (stored as 2 bytes each); *nshingles =
 * number of shingles (0 for an empty text). */
void nm_minhash(const char *s, size_t n, uint32_t sig[NM_MINHASH_K], uint32_t *nshingles);
/* Estimated Jaccard similarity of two signatures, and containment of the smaller set. */
/* Both of the above in one pass over the text's words (the same values). */
void nm_store_fingerprint(const char *s, size_t n, uint32_t sig[NM_MINHASH_K], uint32_t *nshingles, int64_t *content);
double nm_minhash_jaccard(const uint32_t *a, const uint32_t *b);
double nm_minhash_containment(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb);

/* ---- schema (store_schema.c) ---- */
/* The schema version this binary writes (PRAGMA user_version after migration). */
int nm_store_schema_version(void);
/* Bring the database to the current version, one migration per transaction. 0 or -1 (+err). */
int nm_store_migrate(sqlite3 *db, char *err, size_t errlen);
/* The same up to version target at most (tests build older databases with it). */
int nm_store_migrate_to(sqlite3 *db, int target, char *err, size_t errlen);

/* ---- the store ---- */
typedef struct nm_store nm_store;

/* Open (creating and migrating when writable). readonly: queries only, never creates the file. */
nm_store *nm_store_open(const char *path, int readonly, char *err, size_t errlen);
void nm_store_close(nm_store *s);
sqlite3 *nm_store_db(nm_store *s);

/* Entities of a document, as the store reads them (from the JSON "entities" key, or straight
 * from the entity layer's contract in entities.h, which skips rendering and re-parsing the
 * largest part of a document's JSON). Offsets in code points. */
typedef struct nm_store_mention {
    uint32_t start, end;
    const char *text;
    int name;                     /* a proper name (not a pronoun or a description) */
} nm_store_mention;

typedef struct nm_store_role { const char *title, *of; } nm_store_role;

typedef struct nm_store_entity {
    const char *id, *type, *name, *country, *sector; /* id: the document's "E3" */
    nm_store_mention *m;
    size_t nm;
    nm_store_role *r;
    size_t nr;
} nm_store_entity;

/* A document prepared for insertion (built on a worker thread, inserted by the writer). */
typedef struct nm_store_item {
    const nm_sj *doc;             /* the analysed document's JSON object (in arena) */
    nm_store_entity *ents;        /* its entities (strings in doc or in arena) */
    size_t nents;
    nm_arena arena;
    char *ext_id;                 /* the article's id (given, or derived from the content hash) */
    char *source;                 /* the input record's "source" field, if any */
    int64_t hash;                 /* nm_store_content_hash of the text */
    uint32_t minhash[NM_MINHASH_K];
    uint32_t nshingles;
} nm_store_item;

/* Take ownership of doc (a newsmill JSON document) and compute the fingerprints. source may be
 * NULL. Returns 0, or -1 when doc lacks "text". */
int nm_store_item_init(nm_store_item *it, json_t *doc, const char *source);
/* The same from an analysed document without rendering and re-parsing its text: the foundation
 * keys (id, title, url, date, text, sentences, structure.key_points, stats) are taken from the
 * document model, every stage's key from the stage's own JSON writer. Returns 0 or -1. */
int nm_store_item_from_doc(nm_store_item *it, const nm_doc *doc, const char *source);
void nm_store_item_free(nm_store_item *it);

/* Result of nm_store_add. */
enum { NM_STORE_ADDED = 0, NM_STORE_KNOWN_ID = 1, NM_STORE_SAME_CONTENT = 2, NM_STORE_ERROR = -1 };

/* Transactions: the writer groups many articles per transaction. */
int nm_store_begin(nm_store *s, char *err, size_t errlen);
int nm_store_commit(nm_store *s, char *err, size_t errlen);
/* Insert one article with all its annotations (atomically: a failed article leaves no rows).
 * Inside a transaction opened with nm_store_begin. */
int nm_store_add(nm_store *s, const nm_store_item *it, char *err, size_t errlen);
/* The same without a savepoint (cheaper: no statement journal per INSERT), for a writer that
 * keeps its transaction's items: after NM_STORE_ERROR the transaction holds part of the article,
 * so the caller must nm_store_rollback and redo the transaction's other items. */
int nm_store_add_unguarded(nm_store *s, const nm_store_item *it, char *err, size_t errlen);
/* Roll back the open transaction (and forget what the writer cached from it). */
void nm_store_rollback(nm_store *s);
/* Is there an article with this external id? (for skipping known records before analysis) */
int nm_store_has_id(nm_store *s, const char *ext_id);
/* Number of articles. */
long long nm_store_count(nm_store *s);

/* Decode article_entities.spans into (start, end) code point pairs: writes at most max pairs
 * into out (2 * max values) and returns the number of pairs (stops at a malformed byte). */
size_t nm_store_decode_spans(const unsigned char *b, size_t n, uint32_t *out, size_t max);

/* Normalised key of an entity name: case folded, diacritics and periods removed, a leading "the"
 * dropped, whitespace collapsed. Writes at most outlen bytes (NUL-terminated). */
void nm_store_name_key(const char *name, char *out, size_t outlen);

/* The store's commands (ingest, search, entities, timeline, stories, export) are declared in cli.h. */
/* `newsmill quotes DB --speaker NAME ...`: the quotes command dispatches here when its first
 * argument is a store (nm_store_is_db). argc/argv start at the command name. */
int nm_store_cmd_quotes(int argc, char **argv);
int nm_store_is_db(const char *path);

#endif
