/*
 * test_store.c — the corpus store: fingerprints, entity resolution across articles, idempotent
 * and atomic inserts, the ingest command on good and bad input, and the query commands (search,
 * quotes by any name form, entities, timeline, stories, export).
 *
 * Documents are written here as the JSON the analysis stages emit, so the store is tested with
 * filled entity, quote, event, claim and key-point arrays whatever state the stages are in.
 */
#include "harness.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "store.h"

/* ---- helpers ---- */

static char tmpdir[256];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* The test databases go with the run (at exit, so a failing test's files stay until then). */
static void remove_tmpdir(void)
{
    if (tmpdir[0]) nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *tmp_path(const char *name)
{
    static char buf[64][512];
    static int k;
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp/nm-store-test-XXXXXX");
        if (!mkdtemp(tmpdir)) fail_msg("mkdtemp failed");
        atexit(remove_tmpdir);
    }
    char *b = buf[k++ % 64];
    snprintf(b, 512, "%s/%s", tmpdir, name);
    return b;
}

static void remove_db(const char *p)
{
    char x[600];
    unlink(p);
    snprintf(x, sizeof x, "%s-wal", p);
    unlink(x);
    snprintf(x, sizeof x, "%s-shm", p);
    unlink(x);
}

static nm_store *fresh_store(const char *name)
{
    const char *p = tmp_path(name);
    remove_db(p);
    char err[256];
    nm_store *s = nm_store_open(p, 0, err, sizeof err);
    if (!s) fail_msg("open: %s", err);
    return s;
}

static int add_json(nm_store *s, const char *json)
{
    json_error_t je;
    json_t *doc = json_loads(json, 0, &je);
    if (!doc) fail_msg("test JSON is invalid: %s (%s)", je.text, json);
    nm_store_item it;
    assert_int_equal(nm_store_item_init(&it, doc, "test"), 0);
    char err[256];
    assert_int_equal(nm_store_begin(s, err, sizeof err), 0);
    int rc = nm_store_add(s, &it, err, sizeof err);
    assert_int_equal(nm_store_commit(s, err, sizeof err), 0);
    nm_store_item_free(&it);
    return rc;
}

static long long q_int(nm_store *s, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(nm_store_db(s), sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(nm_store_db(s)));
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static char *q_text(nm_store *s, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(nm_store_db(s), sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(nm_store_db(s)));
    char *v = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

/* Run a command in-process with stdout captured; returns its output (malloc'd), *rc its status. */
static char *capture(int (*cmd)(int, char **), int argc, char **argv, int *rc)
{
    static char out[600];
    snprintf(out, sizeof out, "%s", tmp_path("capture.txt"));
    fflush(stdout);
    int saved = dup(1);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    close(fd);
    *rc = cmd(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    char *text = nm_test_read_file(out, NULL);
    return text ? text : strdup("");
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Two articles about one event: "Donald Trump" in the first, "Trump" in the second. */
static const char DOC_CALL[] =
    "{\"id\":\"wire-1\",\"title\":\"Trump and Putin speak by phone\",\"url\":null,"
    "\"date\":{\"value\":\"2025-12-29\",\"source\":\"given\"},"
    "\"text\":\"President Donald Trump spoke with Vladimir Putin on Monday. \\\"It was a good call,\\\" Trump said.\","
    "\"sentences\":[{\"start\":0,\"end\":59},{\"start\":60,\"end\":93}],"
    "\"structure\":{\"key_points\":[]},"
    "\"entities\":[{\"id\":\"E1\",\"type\":\"PERSON\",\"name\":\"Donald Trump\","
    "\"mentions\":[{\"start\":10,\"end\":22,\"text\":\"Donald Trump\"},{\"start\":82,\"end\":87,\"text\":\"Trump\"}],"
    "\"roles\":[{\"title\":\"President\",\"of\":null}],\"country\":\"USA\",\"sector\":\"GOV\"},"
    "{\"id\":\"E2\",\"type\":\"PERSON\",\"name\":\"Vladimir Putin\",\"mentions\":[{\"start\":34,\"end\":48,\"text\":\"Vladimir Putin\"}],"
    "\"roles\":[],\"country\":\"RUS\",\"sector\":\"GOV\"}],"
    "\"quotes\":[{\"text\":\"It was a good call,\",\"start\":61,\"end\":80,\"kind\":\"direct\","
    "\"speaker\":{\"entity\":\"E1\",\"name\":\"Donald Trump\"},\"speaker_text\":\"Trump\",\"cue\":\"said\",\"addressee\":null,"
    "\"sentence\":1,\"paragraph\":0}],"
    "\"timex\":[{\"start\":52,\"end\":58,\"text\":\"Monday\",\"type\":\"DATE\",\"value\":\"2025-12-29\",\"mod\":null}],"
    "\"quantities\":[],"
    "\"events\":[{\"source\":{\"entity\":\"E1\",\"name\":\"Donald Trump\",\"code\":\"USAGOV\"},"
    "\"target\":{\"entity\":\"E2\",\"name\":\"Vladimir Putin\",\"code\":\"RUSGOV\"},\"code\":\"040\",\"root\":\"04\","
    "\"quad\":1,\"goldstein\":1.0,\"text\":\"spoke with\",\"start\":23,\"end\":33,\"sentence\":0,\"date\":\"2025-12-29\","
    "\"place\":null,\"negated\":false,\"mood\":\"asserted\",\"reported_by\":null}],"
    "\"claims\":[{\"about\":\"drone attack on the residence\",\"statements\":["
    "{\"quote\":0,\"source\":{\"entity\":\"E2\",\"name\":\"Vladimir Putin\"},\"stance\":\"asserts\"},"
    "{\"event\":0,\"source\":{\"entity\":\"E1\",\"name\":\"Donald Trump\"},\"stance\":\"denies\"}]}],"
    "\"keypoints\":[{\"text\":\"President Donald Trump spoke with Vladimir Putin on Monday.\",\"sentence\":0,\"start\":0,\"end\":59,\"score\":0.9}]}";

static const char DOC_TRUMP_LATER[] =
    "{\"id\":\"wire-2\",\"title\":\"Trump hosts talks\",\"date\":{\"value\":\"2025-12-30\",\"source\":\"given\"},"
    "\"text\":\"Trump hosted the talks at his Florida club. \\\"We are very close,\\\" Mr Trump told reporters.\","
    "\"entities\":[{\"id\":\"E1\",\"type\":\"PERSON\",\"name\":\"Trump\",\"mentions\":[{\"start\":0,\"end\":5,\"text\":\"Trump\"},"
    "{\"start\":65,\"end\":73,\"text\":\"Mr Trump\"}],\"roles\":[{\"title\":\"President\"}]}],"
    "\"quotes\":[{\"text\":\"We are very close,\",\"start\":45,\"end\":63,\"kind\":\"direct\",\"speaker\":{\"entity\":\"E1\",\"name\":\"Trump\"},"
    "\"cue\":\"told\",\"addressee\":\"reporters\",\"sentence\":1}],"
    "\"events\":[],\"timex\":[],\"quantities\":[],\"claims\":[],\"keypoints\":[]}";

/* ---- fingerprints ---- */

static void content_hash_ignores_spacing_and_case(void **state)
{
    (void)state;
    const char *a = "The ship limped back to its dock.\n\nAnalysts shrugged.";
    const char *b = "the ship  limped back to its DOCK   analysts shrugged";
    const char *c = "The ship limped back to its dock. Analysts cheered.";
    assert_true(nm_store_content_hash(a, strlen(a)) == nm_store_content_hash(b, strlen(b)));
    assert_true(nm_store_content_hash(a, strlen(a)) != nm_store_content_hash(c, strlen(c)));
    /* the one-pass fingerprint gives the same content hash and signature */
    const char *texts[] = {a, b, c, "", "...", "One two", "Ünïcode wörds, MIXED case; and 42 numbers here."};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        uint32_t s1[NM_MINHASH_K], s2[NM_MINHASH_K], n1, n2;
        int64_t h;
        nm_minhash(texts[i], strlen(texts[i]), s1, &n1);
        nm_store_fingerprint(texts[i], strlen(texts[i]), s2, &n2, &h);
        assert_true(h == nm_store_content_hash(texts[i], strlen(texts[i])));
        assert_int_equal(n1, n2);
        assert_memory_equal(s1, s2, sizeof s1);
    }
}

static void minhash_separates_copies_from_other_stories(void **state)
{
    (void)state;
    const char *orig =
        "The central bank raised its key interest rate by a quarter point on Tuesday, the third increase this year, "
        "citing persistent inflation in services and a tight labour market. The governor said further moves would "
        "depend on the data and that the bank stood ready to act. Markets had expected the decision, and the currency "
        "was little changed after the announcement. Economists said one more rise was likely before the summer.";
    const char *copy = /* syndicated copy: two words changed, a tail sentence dropped */
        "The central bank raised its main interest rate by a quarter point on Tuesday, the third increase this year, "
        "citing persistent inflation in services and a tight labour market. The governor said further moves would "
        "depend on the data and that the bank stood ready to act. Markets had anticipated the decision, and the currency "
        "was little changed after the announcement.";
    const char *other =
        "Heavy rain flooded hundreds of homes in the river valley overnight, and emergency crews evacuated two villages. "
        "The regional government said the water level was expected to peak on Thursday and asked residents to stay away "
        "from the banks. Forecasters warned of more storms at the weekend.";
    uint32_t so[NM_MINHASH_K], sc[NM_MINHASH_K], sx[NM_MINHASH_K], no, nc, nx;
    nm_minhash(orig, strlen(orig), so, &no);
    nm_minhash(copy, strlen(copy), sc, &nc);
    nm_minhash(other, strlen(other), sx, &nx);
    assert_true(no > 50 && nc > 40 && nx > 30);
    assert_true(nm_minhash_containment(so, no, sc, nc) >= 0.8);
    assert_true(nm_minhash_jaccard(so, sx) < 0.1);
    assert_true(nm_minhash_containment(so, no, sx, nx) < 0.2);
    /* deterministic */
    uint32_t again[NM_MINHASH_K], na;
    nm_minhash(orig, strlen(orig), again, &na);
    assert_memory_equal(so, again, sizeof so);
    /* an empty text has no shingles */
    nm_minhash("", 0, sx, &nx);
    assert_int_equal(nx, 0);
}

static void name_keys_fold_forms(void **state)
{
    (void)state;
    char k[64];
    nm_store_name_key("U.S.", k, sizeof k);
    assert_string_equal(k, "us");
    nm_store_name_key("Mr. Trump", k, sizeof k);
    assert_string_equal(k, "trump");
    nm_store_name_key("the Kremlin", k, sizeof k);
    assert_string_equal(k, "kremlin");
    nm_store_name_key("Volodymyr  Zelenskyy", k, sizeof k);
    assert_string_equal(k, "volodymyr zelenskyy");
    nm_store_name_key("Sergei Lavrov", k, sizeof k);
    assert_string_equal(k, "sergei lavrov");
    nm_store_name_key("Jos\xC3\xA9 Mar\xC3\xADn", k, sizeof k); /* José Marín */
    assert_string_equal(k, "jose marin");
    nm_store_name_key("", k, sizeof k);
    assert_string_equal(k, "");
}

/* ---- inserts ---- */

static void article_and_annotations_are_stored(void **state)
{
    (void)state;
    nm_store *s = fresh_store("a.db");
    assert_int_equal(add_json(s, DOC_CALL), NM_STORE_ADDED);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM entities"), 2);
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM events"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM timex"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM claims"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM claim_statements"), 2);
    assert_int_equal(q_int(s, "SELECT count(*) FROM keypoints"), 1);
    /* spans equal to the text are not stored twice, and come back through substr */
    assert_int_equal(q_int(s, "SELECT count(*) FROM keypoints WHERE text IS NULL"), 1);
    char *t = q_text(s, "SELECT text FROM quotes_text");
    assert_string_equal(t, "It was a good call,");
    free(t);
    t = q_text(s, "SELECT substr(a.text, t.start + 1, t.end - t.start) FROM timex t JOIN articles a ON a.id = t.article_id");
    assert_string_equal(t, "Monday");
    free(t);
    t = q_text(s, "SELECT text FROM quotes");
    assert_null(t); /* the quote's text is its span 61..80: not stored twice */
    free(t);
    /* mention spans survive their compact encoding */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(nm_store_db(s), "SELECT ae.spans, ae.mentions FROM article_entities ae JOIN entities e ON "
                                        "e.id = ae.entity_id WHERE e.name = 'Donald Trump'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    uint32_t v[8];
    size_t k = nm_store_decode_spans(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), v, 4);
    assert_int_equal(k, 2);
    assert_int_equal(v[0], 10);
    assert_int_equal(v[1], 22);
    assert_int_equal(v[2], 82);
    assert_int_equal(v[3], 87);
    assert_int_equal(sqlite3_column_int(st, 1), 2);
    sqlite3_finalize(st);
    /* full-text indexes over articles and quotes */
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'putin'"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'good AND call'"), 1);
    assert_int_equal(q_int(s, "PRAGMA user_version"), nm_store_schema_version());
    nm_store_close(s);
}

/* A database at schema version `version` with the rows of sql, closed again; its path. */
static const char *old_database(const char *name, int version, const char *sql)
{
    const char *p = tmp_path(name);
    remove_db(p);
    sqlite3 *db;
    char err[256];
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(nm_store_migrate_to(db, version, err, sizeof err), 0);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    return p;
}

/* A version 1 database is upgraded in place, its rows kept, its full-text indexes configured to
 * merge less often during bulk ingest. */
static void version_1_database_is_migrated(void **state)
{
    (void)state;
    const char *p = old_database("v1.db", 1,
        "INSERT INTO articles(id, ext_id, content_hash, title, text) VALUES (1, 'a', 11, 'Rates', 'Rates rose 2% on Monday.');"
        "INSERT INTO articles_fts(rowid, title, text) VALUES (1, 'Rates', 'Rates rose 2% on Monday.');"
        "INSERT INTO timex VALUES (1, 0, 17, 23, NULL, 'DATE', '2026-01-05', NULL);");
    /* version 1 merges at FTS5's default */
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM articles_fts_config WHERE k = 'automerge'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    char err[256];
    nm_store *s = nm_store_open(p, 0, err, sizeof err); /* migrates */
    assert_non_null(s);
    assert_int_equal(q_int(s, "PRAGMA user_version"), nm_store_schema_version());
    assert_int_equal(q_int(s, "SELECT v FROM articles_fts_config WHERE k = 'automerge'"), 16);
    assert_int_equal(q_int(s, "SELECT v FROM quotes_fts_config WHERE k = 'automerge'"), 16);
    assert_int_equal(q_int(s, "SELECT count(*) FROM timex WHERE article_id = 1 AND value = '2026-01-05'"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'monday'"), 1);
    nm_store_close(s);
}

/* Version 3 rebuilds the quotes index without per-quote sizes: a version 2 database keeps its
 * quotes searchable, and the index stays in step with new quotes. */
static void version_2_database_is_migrated(void **state)
{
    (void)state;
    const char *p = old_database("v2.db", 2,
        "INSERT INTO articles(id, ext_id, content_hash, title, text) VALUES (1, 'a', 11, 'Rates', "
        "'\"Rates will fall,\" she said.');"
        "INSERT INTO quotes(id, article_id, idx, start, end, kind) VALUES (1, 1, 0, 1, 16, 'direct');"
        "INSERT INTO quotes_fts(rowid, text) VALUES (1, 'Rates will fall,');");
    char err[256];
    nm_store *s = nm_store_open(p, 0, err, sizeof err); /* migrates */
    assert_non_null(s);
    assert_int_equal(q_int(s, "PRAGMA user_version"), nm_store_schema_version());
    assert_int_equal(q_int(s, "SELECT count(*) FROM sqlite_master WHERE name = 'quotes_fts_docsize'"), 0);
    assert_int_equal(q_int(s, "SELECT v FROM quotes_fts_config WHERE k = 'automerge'"), 16);
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'falling'"), 1);
    nm_store_close(s);
    s = nm_store_open(p, 0, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(add_json(s, DOC_CALL), NM_STORE_ADDED);
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'call'"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'fall'"), 1);
    assert_int_equal(sqlite3_exec(nm_store_db(s), "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)",
                                  NULL, NULL, NULL), SQLITE_OK);
    nm_store_close(s);
}

static void same_id_or_same_text_is_not_added_twice(void **state)
{
    (void)state;
    nm_store *s = fresh_store("b.db");
    assert_int_equal(add_json(s, DOC_CALL), NM_STORE_ADDED);
    assert_int_equal(add_json(s, DOC_CALL), NM_STORE_KNOWN_ID);
    /* the same text under another id: recorded as a copy, not stored again */
    char *copy = strdup(DOC_CALL);
    memcpy(strstr(copy, "wire-1"), "wire-9", 6);
    assert_int_equal(add_json(s, copy), NM_STORE_SAME_CONTENT);
    assert_int_equal(add_json(s, copy), NM_STORE_KNOWN_ID);
    free(copy);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM article_aliases"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes"), 1);
    assert_int_equal(q_int(s, "SELECT mentions FROM entities WHERE name = 'Donald Trump'"), 2);
    assert_true(nm_store_has_id(s, "wire-9"));
    assert_false(nm_store_has_id(s, "wire-3"));
    nm_store_close(s);
}

static void entities_resolve_across_articles(void **state)
{
    (void)state;
    nm_store *s = fresh_store("c.db");
    assert_int_equal(add_json(s, DOC_CALL), NM_STORE_ADDED);
    assert_int_equal(add_json(s, DOC_TRUMP_LATER), NM_STORE_ADDED);
    /* "Trump" of the second article is the Donald Trump of the first */
    assert_int_equal(q_int(s, "SELECT count(*) FROM entities WHERE type = 'PERSON'"), 2);
    assert_int_equal(q_int(s, "SELECT articles FROM entities WHERE name = 'Donald Trump'"), 2);
    assert_int_equal(q_int(s, "SELECT count(DISTINCT speaker_id) FROM quotes"), 1);
    assert_int_equal(q_int(s, "SELECT count FROM entity_roles r JOIN entities e ON e.id = r.entity_id WHERE e.name = 'Donald Trump'"), 2);
    nm_store_close(s);

    /* the other order: a surname-only person stored first takes the full name when it arrives */
    s = fresh_store("d.db");
    assert_int_equal(add_json(s, DOC_TRUMP_LATER), NM_STORE_ADDED);
    assert_int_equal(add_json(s, DOC_CALL), NM_STORE_ADDED);
    assert_int_equal(q_int(s, "SELECT count(*) FROM entities WHERE type = 'PERSON'"), 2);
    char *name = q_text(s, "SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker_id LIMIT 1");
    assert_string_equal(name, "Donald Trump");
    free(name);
    assert_int_equal(q_int(s, "SELECT count(DISTINCT speaker_id) FROM quotes"), 1);
    nm_store_close(s);
}

static void a_failing_article_leaves_no_rows(void **state)
{
    (void)state;
    nm_store *s = fresh_store("e.db");
    json_t *doc = json_loads(DOC_CALL, 0, NULL);
    nm_store_item it;
    assert_int_equal(nm_store_item_init(&it, doc, NULL), 0);
    char err[256];
    /* a trigger makes the events insert fail after the article and its entities went in */
    assert_int_equal(sqlite3_exec(nm_store_db(s), "CREATE TEMP TRIGGER boom BEFORE INSERT ON events "
                                  "BEGIN SELECT RAISE(ABORT, 'boom'); END", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(nm_store_begin(s, err, sizeof err), 0);
    assert_int_equal(nm_store_add(s, &it, err, sizeof err), NM_STORE_ERROR);
    assert_non_null(strstr(err, "boom"));
    assert_int_equal(nm_store_commit(s, err, sizeof err), 0);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles"), 0);
    assert_int_equal(q_int(s, "SELECT count(*) FROM entities"), 0);
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes"), 0);
    /* the failed article's quote, inserted before the failure, is not indexed at commit */
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'good'"), 0);
    sqlite3_exec(nm_store_db(s), "DROP TRIGGER boom", NULL, NULL, NULL);
    assert_int_equal(nm_store_begin(s, err, sizeof err), 0);
    assert_int_equal(nm_store_add(s, &it, err, sizeof err), NM_STORE_ADDED);
    assert_int_equal(nm_store_commit(s, err, sizeof err), 0);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles"), 1);
    /* quotes are indexed from the writer's memory: the index agrees with quotes_text */
    assert_int_equal(q_int(s, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'good AND call'"), 1);
    assert_int_equal(sqlite3_exec(nm_store_db(s), "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)",
                                  NULL, NULL, NULL), SQLITE_OK);
    nm_store_item_free(&it);
    nm_store_close(s);
}

/* A parsed value written back as compact JSON (malloc'd), for comparing trees. */
static char *sj_text(const nm_sj *v)
{
    nm_buf b;
    nm_buf_init(&b);
    nm_json j;
    nm_json_init(&j, &b, 0);
    nm_sj_write(&j, v);
    return nm_buf_take(&b, NULL);
}

/* The store's JSON reader: escapes, surrogate pairs, numbers, nesting; malformed input refused. */
static void store_json_parses_and_refuses(void **state)
{
    (void)state;
    nm_arena a;
    nm_arena_init(&a);
    const char *src = " {\"s\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\", \"i\": -42, \"r\": 2.5e1,"
                      " \"big\": 123456789012345678901234, \"t\": true, \"f\": false, \"z\": null,"
                      " \"arr\": [1, [], {}, [\"x\"]], \"o\": {\"k\": \"v\"}} ";
    const nm_sj *v = nm_sj_parse(&a, src, strlen(src));
    assert_non_null(v);
    assert_string_equal(nm_sj_str(nm_sj_get(v, "s")), "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
    assert_int_equal(nm_sj_get(v, "s")->n, 12);
    assert_true(nm_sj_is(nm_sj_get(v, "i"), NM_SJ_INT));
    assert_int_equal(nm_sj_get(v, "i")->u.i, -42);
    assert_true(nm_sj_is(nm_sj_get(v, "r"), NM_SJ_REAL));
    assert_true(nm_sj_number(nm_sj_get(v, "r")) == 25.0);
    assert_true(nm_sj_is(nm_sj_get(v, "big"), NM_SJ_REAL));
    assert_true(nm_sj_is(nm_sj_get(v, "t"), NM_SJ_TRUE));
    assert_true(nm_sj_is(nm_sj_get(v, "f"), NM_SJ_FALSE));
    assert_true(nm_sj_is(nm_sj_get(v, "z"), NM_SJ_NULL));
    assert_null(nm_sj_get(v, "missing"));
    const nm_sj *arr = nm_sj_get(v, "arr");
    assert_int_equal(nm_sj_size(arr), 4);
    assert_string_equal(nm_sj_str(nm_sj_at(nm_sj_at(arr, 3), 0)), "x");
    assert_null(nm_sj_at(arr, 4));
    assert_string_equal(nm_sj_str(nm_sj_get(nm_sj_get(v, "o"), "k")), "v");
    char *back = sj_text(nm_sj_get(v, "arr"));
    assert_string_equal(back, "[1,[],{},[\"x\"]]");
    free(back);
    static const char *const bad[] = {"", "{", "{\"a\" 1}", "[1,]x", "[1 2]", "\"abc", "{\"a\":tru}", "[\"\\q\"]",
                                      "\"\\u12\"", "{} {}", "-", "[\"a\nb\"]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_null(nm_sj_parse(&a, bad[i], strlen(bad[i])));
    /* nesting deeper than the limit is refused, not a stack overflow */
    size_t depth = 100000;
    char *deep = malloc(depth * 2 + 1);
    assert_non_null(deep);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    assert_null(nm_sj_parse(&a, deep, depth * 2));
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    assert_non_null(nm_sj_parse(&a, deep, 400));
    free(deep);
    nm_arena_free(&a);
}

/* The worker's shortcut (entities and text from the document model) gives what the JSON gives. */
static void item_from_doc_matches_the_json(void **state)
{
    (void)state;
    const char *text = "President Maria Lopez of Chile met Prime Minister Anthony Albanese in Canberra on Monday. "
                       "\"We agreed on a great deal,\" Lopez told reporters. Albanese said the talks went well. "
                       "The deal, worth about $5.25 billion over three years, cuts tariffs on 1,200 products by 12.5 percent "
                       "from early next year, officials said on Tuesday.";
    json_t *j = nm_test_json(text, "2024-02-05");
    nm_doc *d = nm_test_doc(text, "2024-02-05");
    nm_store_item a, b;
    assert_int_equal(nm_store_item_init(&a, j, NULL), 0);
    assert_int_equal(nm_store_item_from_doc(&b, d, NULL), 0);
    nm_doc_free(d);
    assert_true(a.hash == b.hash);
    assert_memory_equal(a.minhash, b.minhash, sizeof a.minhash);
    assert_string_equal(nm_sj_str(nm_sj_get(a.doc, "text")), nm_sj_str(nm_sj_get(b.doc, "text")));
    assert_string_equal(nm_sj_str(nm_sj_get(nm_sj_get(a.doc, "date"), "value")),
                        nm_sj_str(nm_sj_get(nm_sj_get(b.doc, "date"), "value")));
    const nm_sj *sa = nm_sj_get(a.doc, "sentences"), *sb = nm_sj_get(b.doc, "sentences");
    assert_int_equal(nm_sj_size(sa), nm_sj_size(sb));
    for (size_t i = 0; i < nm_sj_size(sa); i++) {
        assert_int_equal(nm_sj_get(nm_sj_at(sa, i), "start")->u.i, nm_sj_get(nm_sj_at(sb, i), "start")->u.i);
        assert_int_equal(nm_sj_get(nm_sj_at(sa, i), "end")->u.i, nm_sj_get(nm_sj_at(sb, i), "end")->u.i);
    }
    /* the direct readers write only the keys the writer reads: each of those equals the JSON's */
    static const char *const same_keys[] = {"quotes", "events", "timex", "quantities", "claims", "keypoints"};
    for (size_t k = 0; k < sizeof same_keys / sizeof same_keys[0]; k++) {
        const nm_sj *xa = nm_sj_get(a.doc, same_keys[k]), *xb = nm_sj_get(b.doc, same_keys[k]);
        assert_true(nm_sj_is(xb, NM_SJ_ARR));
        assert_int_equal(nm_sj_size(xa), nm_sj_size(xb));
        for (size_t i = 0; i < nm_sj_size(xb); i++) {
            const nm_sj *ob = nm_sj_at(xb, i);
            assert_true(nm_sj_is(ob, NM_SJ_OBJ));
            for (size_t f = 0; f < ob->n; f++) {
                char *ja = sj_text(nm_sj_get(nm_sj_at(xa, i), ob->keys[f])), *jb = sj_text(&ob->u.items[f]);
                assert_string_equal(ja, jb);
                free(ja);
                free(jb);
            }
        }
    }
    assert_true(nm_sj_size(nm_sj_get(a.doc, "sentences")) >= 3);
    assert_true(nm_sj_size(nm_sj_get(b.doc, "quotes")) >= 1);
    assert_true(nm_sj_size(nm_sj_get(b.doc, "timex")) >= 2);
    assert_true(nm_sj_size(nm_sj_get(b.doc, "quantities")) >= 2);
    assert_true(nm_sj_size(nm_sj_get(b.doc, "keypoints")) >= 1);
    assert_int_equal(a.nents, b.nents);
    for (size_t i = 0; i < a.nents; i++) {
        assert_string_equal(a.ents[i].id, b.ents[i].id);
        assert_string_equal(a.ents[i].name, b.ents[i].name);
        assert_string_equal(a.ents[i].type, b.ents[i].type);
        assert_int_equal(a.ents[i].nm, b.ents[i].nm);
        assert_int_equal(a.ents[i].nr, b.ents[i].nr);
        for (size_t k = 0; k < a.ents[i].nm; k++) {
            assert_int_equal(a.ents[i].m[k].start, b.ents[i].m[k].start);
            assert_int_equal(a.ents[i].m[k].end, b.ents[i].m[k].end);
            assert_string_equal(a.ents[i].m[k].text, b.ents[i].m[k].text);
            assert_int_equal(a.ents[i].m[k].name, b.ents[i].m[k].name);
        }
    }
    nm_store_item_free(&a);
    nm_store_item_free(&b);
}

static void a_document_without_text_is_refused(void **state)
{
    (void)state;
    nm_store_item it;
    assert_int_equal(nm_store_item_init(&it, json_loads("{\"id\":\"x\"}", 0, NULL), NULL), -1);
}

static void readonly_open_rejects_other_files(void **state)
{
    (void)state;
    const char *p = tmp_path("not-a-db.txt");
    write_file(p, "hello, this is not SQLite\n");
    char err[256];
    assert_null(nm_store_open(p, 1, err, sizeof err));
    assert_false(nm_store_is_db(p));
    assert_null(nm_store_open(tmp_path("missing.db"), 1, err, sizeof err));
}

/* ---- the commands ---- */

static void ingest_is_idempotent_and_skips_bad_records(void **state)
{
    (void)state;
    const char *db = tmp_path("ingest.db");
    remove_db(db);
    const char *in = tmp_path("in.jsonl");
    write_file(in,
               "{\"id\":\"a1\",\"date\":\"2024-05-02\",\"title\":\"Port strike ends\",\"text\":\"Dock workers in Rotterdam "
               "ended a three-day strike on Thursday after the port operator agreed to raise wages by 4 percent.\"}\n"
               "{\"id\":\"a2\",\"text\": this line is not JSON\n"
               "{\"id\":\"a3\",\"date\":\"2024-05-03\",\"title\":\"Floods in the valley\",\"text\":\"Heavy rain flooded "
               "hundreds of homes in the river valley, and crews evacuated two villages, officials said.\"}\n"
               "{\"id\":\"a4\",\"title\":\"Copy\",\"text\":\"Dock workers in Rotterdam ended a three-day strike on "
               "Thursday after the port operator agreed to raise wages by 4 percent.\"}\n");
    char *argv[] = {"ingest", "--quiet", (char *)db, (char *)in, (char *)tmp_path("missing.jsonl"), NULL};
    int rc = nm_cmd_ingest(5, argv);
    assert_int_equal(rc, NM_EXIT_PARTIAL); /* the bad line and the missing file were reported */
    char err[256];
    nm_store *s = nm_store_open(db, 0, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(nm_store_count(s), 2);
    assert_int_equal(q_int(s, "SELECT count(*) FROM article_aliases WHERE ext_id = 'a4'"), 1);
    nm_store_close(s);
    /* the same command again adds nothing */
    char *argv2[] = {"ingest", "--quiet", (char *)db, (char *)in, NULL};
    rc = nm_cmd_ingest(4, argv2);
    assert_int_equal(rc, NM_EXIT_PARTIAL);
    s = nm_store_open(db, 0, err, sizeof err);
    assert_int_equal(nm_store_count(s), 2);
    assert_int_equal(q_int(s, "SELECT count(*) FROM article_aliases"), 1);
    assert_int_equal(q_int(s, "SELECT count(*) FROM (SELECT ext_id FROM articles GROUP BY content_hash HAVING count(*) > 1)"), 0);
    nm_store_close(s);
    /* search finds the stored text */
    char *sargv[] = {"search", (char *)db, "rotterdam", "--format", "jsonl", NULL};
    char *out = capture(nm_cmd_search, 5, sargv, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"id\":\"a1\""));
    assert_null(strstr(out, "\"id\":\"a3\""));
    free(out);
}

/* Ingest stores articles without a savepoint each: when one fails half-way, the batch is rolled
 * back and redone, so the others land whole and the failed one leaves no rows. */
static void ingest_redoes_the_batch_around_a_failing_article(void **state)
{
    (void)state;
    const char *db = tmp_path("redo.db");
    remove_db(db);
    char err[256];
    nm_store *s = nm_store_open(db, 0, err, sizeof err);
    assert_non_null(s);
    /* a trigger that makes the second article fail after its row and entities went in */
    assert_int_equal(sqlite3_exec(nm_store_db(s), "CREATE TRIGGER boom BEFORE INSERT ON article_entities "
                                  "WHEN (SELECT ext_id FROM articles WHERE id = NEW.article_id) = 'r2' "
                                  "BEGIN SELECT RAISE(ABORT, 'boom'); END", NULL, NULL, NULL), SQLITE_OK);
    nm_store_close(s);
    const char *in = tmp_path("redo.jsonl");
    write_file(in,
               "{\"id\":\"r1\",\"date\":\"2024-05-02\",\"text\":\"Prime Minister Anthony Albanese visited Jakarta on "
               "Monday. He met President Joko Widodo.\"}\n"
               "{\"id\":\"r2\",\"date\":\"2024-05-02\",\"text\":\"Chancellor Olaf Scholz spoke in Berlin on Tuesday "
               "about energy prices.\"}\n"
               "{\"id\":\"r3\",\"date\":\"2024-05-03\",\"text\":\"Finance Minister Jim Chalmers said in Canberra on "
               "Wednesday that inflation was easing.\"}\n");
    char *argv[] = {"ingest", "--quiet", (char *)db, (char *)in, NULL};
    assert_int_equal(nm_cmd_ingest(4, argv), NM_EXIT_PARTIAL);
    s = nm_store_open(db, 0, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(nm_store_count(s), 2);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles WHERE ext_id IN ('r1', 'r3')"), 2);
    assert_int_equal(q_int(s, "SELECT count(*) FROM article_entities WHERE article_id NOT IN (SELECT id FROM articles)"), 0);
    assert_int_equal(q_int(s, "SELECT count(*) FROM timex WHERE article_id NOT IN (SELECT id FROM articles)"), 0);
    assert_int_equal(q_int(s, "SELECT count(*) FROM entities WHERE name LIKE '%Scholz%'"), 0);
    assert_true(q_int(s, "SELECT count(*) FROM article_entities") >= 2);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Chalmers'"), 1);
    nm_store_close(s);
}

static void ingest_reads_directories(void **state)
{
    (void)state;
    const char *db = tmp_path("dir.db");
    remove_db(db);
    char dir[600];
    snprintf(dir, sizeof dir, "%s/articles", tmpdir[0] ? tmpdir : "/tmp");
    tmp_path("x");
    snprintf(dir, sizeof dir, "%s/articles", tmpdir);
    mkdir(dir, 0700);
    char sub[700], f1[800], f2[800], f3[800];
    snprintf(sub, sizeof sub, "%s/more", dir);
    mkdir(sub, 0700);
    snprintf(f1, sizeof f1, "%s/one.txt", dir);
    snprintf(f2, sizeof f2, "%s/two.txt", sub);
    snprintf(f3, sizeof f3, "%s/notes.bin", dir);
    write_file(f1, "Voters in the northern region go to the polls on Sunday to elect a new assembly.\n");
    write_file(f2, "The airline cancelled forty flights after a software fault grounded its fleet on Monday.\n");
    write_file(f3, "not an article");
    char *argv[] = {"ingest", "--quiet", (char *)db, dir, NULL};
    assert_int_equal(nm_cmd_ingest(4, argv), 0);
    char err[256];
    nm_store *s = nm_store_open(db, 1, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(nm_store_count(s), 2);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles WHERE ext_id IN ('one.txt', 'two.txt')"), 2);
    nm_store_close(s);
}

static void queries_answer_from_the_store(void **state)
{
    (void)state;
    nm_store *s = fresh_store("q.db");
    assert_int_equal(add_json(s, DOC_CALL), NM_STORE_ADDED);
    assert_int_equal(add_json(s, DOC_TRUMP_LATER), NM_STORE_ADDED);
    nm_store_close(s);
    const char *db = tmp_path("q.db");
    int rc;
    /* quotes under any name form, newest first */
    char *qa[] = {"quotes", (char *)db, "--speaker", "Trump", "--format", "jsonl", NULL};
    char *out = capture(nm_store_cmd_quotes, 6, qa, &rc);
    assert_int_equal(rc, 0);
    char *first = strstr(out, "We are very close"), *second = strstr(out, "It was a good call");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second);
    free(out);
    char *qb[] = {"quotes", (char *)db, "--speaker", "Donald Trump", "--about", "close", "--format", "jsonl", NULL};
    out = capture(nm_store_cmd_quotes, 8, qb, &rc);
    assert_non_null(strstr(out, "We are very close"));
    assert_null(strstr(out, "good call"));
    free(out);
    char *qc[] = {"quotes", (char *)db, "--speaker", "Donald Trump", "--to", "2025-12-29", NULL};
    out = capture(nm_store_cmd_quotes, 6, qc, &rc);
    assert_non_null(strstr(out, "good call"));
    assert_null(strstr(out, "very close"));
    free(out);
    char *qd[] = {"quotes", (char *)db, "--speaker", "Vladimir Putin", NULL};
    out = capture(nm_store_cmd_quotes, 4, qd, &rc);
    assert_null(strstr(out, "good call"));
    free(out);
    /* entities with roles and counts */
    char *ea[] = {"entities", (char *)db, "--type", "PERSON", "--top", "1", "--format", "jsonl", NULL};
    out = capture(nm_cmd_entities, 8, ea, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"name\":\"Donald Trump\""));
    assert_non_null(strstr(out, "\"articles\":2"));
    assert_non_null(strstr(out, "President"));
    assert_null(strstr(out, "Putin"));
    free(out);
    /* timeline with the actor under another name form */
    char *ta[] = {"timeline", (char *)db, "--actor", "Putin", "--format", "jsonl", NULL};
    out = capture(nm_cmd_timeline, 6, ta, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"date\":\"2025-12-29\""));
    assert_non_null(strstr(out, "\"code\":\"040\""));
    assert_non_null(strstr(out, "\"event\":\"spoke with\""));
    free(out);
    char *tb[] = {"timeline", (char *)db, "--from", "2026", NULL};
    out = capture(nm_cmd_timeline, 4, tb, &rc);
    assert_null(strstr(out, "040"));
    free(out);
    /* search with an entity filter and dates */
    char *sa[] = {"search", (char *)db, "talks", "--entity", "Donald Trump", "--format", "jsonl", NULL};
    out = capture(nm_cmd_search, 7, sa, &rc);
    assert_non_null(strstr(out, "wire-2"));
    free(out);
    char *sb[] = {"search", (char *)db, "trump", "--from", "2025-12-30", "--format", "jsonl", NULL};
    out = capture(nm_cmd_search, 7, sb, &rc);
    assert_non_null(strstr(out, "wire-2"));
    assert_null(strstr(out, "wire-1"));
    free(out);
    /* export: nested JSON lines and CSV tables */
    char *xa[] = {"export", (char *)db, NULL};
    out = capture(nm_cmd_export, 2, xa, &rc);
    assert_int_equal(rc, 0);
    char *line2 = strchr(out, '\n');
    assert_non_null(line2);
    *line2 = '\0';
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "wire-1");
    assert_int_equal(json_array_size(json_object_get(j, "quotes")), 1);
    assert_int_equal(json_array_size(json_object_get(j, "events")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "keypoints"), 0), "text")),
                        "President Donald Trump spoke with Vladimir Putin on Monday.");
    json_decref(j);
    free(out);
    char *xb[] = {"export", (char *)db, "--format", "csv", "--table", "mentions", NULL};
    out = capture(nm_cmd_export, 6, xb, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "article,entity,name,start,end\r\n"));
    assert_non_null(strstr(out, "wire-1,1,Donald Trump,82,87\r\n"));
    free(out);
    char *xc[] = {"export", (char *)db, "--format", "csv", NULL};
    out = capture(nm_cmd_export, 4, xc, &rc);
    assert_non_null(strstr(out, "\"President Donald Trump spoke with Vladimir Putin on Monday. \"\"It was a good call,\"\" Trump said.\""));
    free(out);
}

static void stories_group_copies_and_keep_others_apart(void **state)
{
    (void)state;
    nm_store *s = fresh_store("s.db");
    const char *base =
        "The central bank raised its key interest rate by a quarter point on Tuesday, the third increase this year, "
        "citing persistent inflation in services and a tight labour market. The governor said further moves would "
        "depend on the data and that the bank stood ready to act. Markets had expected the decision, and the currency "
        "was little changed after the announcement. Economists said one more rise was likely before the summer.";
    const char *near =
        "The central bank raised its main interest rate by a quarter point on Tuesday, the third increase this year, "
        "citing persistent inflation in services and a tight labour market. The governor said further moves would "
        "depend on the data and that the bank stood ready to act. Markets had anticipated the decision, and the currency "
        "was little changed after the announcement.";
    const char *other =
        "Heavy rain flooded hundreds of homes in the river valley overnight, and emergency crews evacuated two villages. "
        "The regional government said the water level was expected to peak on Thursday and asked residents to stay away "
        "from the banks. Forecasters warned of more storms at the weekend.";
    const char *texts[] = {base, near, other, base};
    const char *ids[] = {"bank-1", "bank-copy", "flood-1", "bank-exact"};
    for (int i = 0; i < 4; i++) {
        json_t *doc = json_pack("{s:s, s:s, s:{s:s}, s:s, s:[{s:s, s:i, s:i, s:i, s:f}], s:[{s:s, s:[{s:s, s:s}, {s:s, s:s}]}]}",
                                "id", ids[i], "title", ids[i], "date", "value", "2024-03-05", "text", texts[i],
                                "keypoints", "text", i == 2 ? "Floods hit the valley." : "The bank raised rates.",
                                "sentence", 0, "start", 0, "end", 5, "score", 0.5,
                                "claims", "about", "rates", "statements", "source", "Governor", "stance", "asserts",
                                "source", "Union", "stance", "denies");
        nm_store_item it;
        assert_int_equal(nm_store_item_init(&it, doc, NULL), 0);
        char err[256];
        nm_store_begin(s, err, sizeof err);
        int rc = nm_store_add(s, &it, err, sizeof err);
        nm_store_commit(s, err, sizeof err);
        assert_int_equal(rc, i == 3 ? NM_STORE_SAME_CONTENT : NM_STORE_ADDED);
        nm_store_item_free(&it);
    }
    nm_store_close(s);
    const char *db = tmp_path("s.db");
    char *argv[] = {"stories", (char *)db, "--format", "jsonl", NULL};
    int rc;
    char *out = capture(nm_cmd_stories, 4, argv, &rc);
    assert_int_equal(rc, 0);
    /* one story: the original, its near-duplicate and its exact copy; the flood is not in it */
    char *nl = strchr(out, '\n');
    assert_non_null(nl);
    assert_null(strchr(nl + 1, '{'));
    *nl = '\0';
    json_t *j = json_loads(out, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "size")), 3);
    json_t *arts = json_object_get(j, "articles");
    assert_int_equal(json_array_size(arts), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(arts, 0), "relation")), "original");
    assert_null(strstr(out, "flood-1"));
    assert_non_null(strstr(out, "\"relation\":\"copy\""));
    assert_non_null(strstr(out, "\"relation\":\"near-duplicate\""));
    assert_int_equal(json_array_size(json_object_get(j, "key_points")), 1);
    assert_true(json_array_size(json_object_get(j, "disputed_claims")) >= 1);
    json_decref(j);
    free(out);
    /* --all lists the flood on its own */
    char *argv2[] = {"stories", (char *)db, "--all", NULL};
    out = capture(nm_cmd_stories, 3, argv2, &rc);
    assert_non_null(strstr(out, "flood-1"));
    assert_non_null(strstr(out, "S2  1 article"));
    free(out);
}

/* ---- the writer's batches and entity map ---- */

/* An article with n people, each quoted once with a time expression: "Ann Pell007 said
 * "alpha007 beta" on Monday. " per person, so every table gets more rows than one multi-row
 * INSERT holds. The JSON is malloc'd. */
static char *many_rows_doc(const char *id, int n)
{
    nm_buf text, ents, quotes, timex;
    nm_buf_init(&text);
    nm_buf_init(&ents);
    nm_buf_init(&quotes);
    nm_buf_init(&timex);
    nm_buf_printf(&text, "Report %s. ", id); /* articles of other ids have other texts */
    for (int i = 0; i < n; i++) {
        size_t name_at = text.len; /* ASCII: byte offsets are code point offsets */
        nm_buf_printf(&text, "Ann Pell%03d said \"", i);
        size_t quote_at = text.len;
        nm_buf_printf(&text, "alpha%03d beta\" on ", i);
        size_t day_at = text.len;
        nm_buf_printf(&text, "Monday. ");
        nm_buf_printf(&ents, "%s{\"id\":\"E%d\",\"type\":\"PERSON\",\"name\":\"Ann Pell%03d\",\"mentions\":[{\"start\":%zu,"
                      "\"end\":%zu,\"text\":\"Ann Pell%03d\"}],\"roles\":[]}", i ? "," : "", i + 1, i, name_at, name_at + 11, i);
        nm_buf_printf(&quotes, "%s{\"text\":\"alpha%03d beta\",\"start\":%zu,\"end\":%zu,\"kind\":\"direct\","
                      "\"speaker\":{\"entity\":\"E%d\",\"name\":\"Ann Pell%03d\"},\"cue\":\"said\",\"sentence\":%d}",
                      i ? "," : "", i, quote_at, quote_at + 13, i + 1, i, i);
        nm_buf_printf(&timex, "%s{\"start\":%zu,\"end\":%zu,\"text\":\"Monday\",\"type\":\"DATE\",\"value\":\"2025-12-29\"}",
                      i ? "," : "", day_at, day_at + 6);
    }
    nm_buf doc;
    nm_buf_init(&doc);
    nm_buf_printf(&doc, "{\"id\":\"%s\",\"title\":\"Many people\",\"date\":{\"value\":\"2025-12-29\",\"source\":\"given\"},"
                  "\"text\":", id);
    nm_json j;
    nm_json_init(&j, &doc, 0);
    nm_json_str(&j, text.p, text.len);
    nm_buf_printf(&doc, ",\"entities\":[%.*s],\"quotes\":[%.*s],\"timex\":[%.*s],\"events\":[],"
                  "\"quantities\":[],\"claims\":[],\"keypoints\":[]}",
                  (int)ents.len, ents.p, (int)quotes.len, quotes.p, (int)timex.len, timex.p);
    nm_buf_free(&text);
    nm_buf_free(&ents);
    nm_buf_free(&quotes);
    nm_buf_free(&timex);
    return nm_buf_take(&doc, NULL);
}

static nm_store_item many_rows_item(const char *id, int n)
{
    char *json = many_rows_doc(id, n);
    json_error_t je;
    json_t *doc = json_loads(json, 0, &je);
    if (!doc) fail_msg("many_rows_doc JSON is invalid: %s", je.text);
    free(json);
    nm_store_item it;
    assert_int_equal(nm_store_item_init(&it, doc, NULL), 0);
    return it;
}

/* Every row of the many-rows article, in place: the spans hold the texts they should, each quote
 * is its own person's, ids are consecutive and the quotes are searchable. */
static void check_many_rows(nm_store *s, const char *id, int n)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM timex t JOIN articles a ON a.id = t.article_id WHERE a.ext_id = '%s' "
             "AND substr(a.text, t.start + 1, t.end - t.start) = 'Monday' AND t.text IS NULL", id);
    assert_int_equal(q_int(s, sql), n);
    snprintf(sql, sizeof sql, "SELECT count(DISTINCT t.idx) FROM timex t JOIN articles a ON a.id = t.article_id "
             "WHERE a.ext_id = '%s' AND t.idx BETWEEN 0 AND %d", id, n - 1);
    assert_int_equal(q_int(s, sql), n);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
             "JOIN entities e ON e.id = q.speaker_id WHERE a.ext_id = '%s' AND e.name = printf('Ann Pell%%03d', q.idx) "
             "AND substr(a.text, q.start + 1, q.end - q.start) = printf('alpha%%03d beta', q.idx) AND q.text IS NULL", id);
    assert_int_equal(q_int(s, sql), n);
    snprintf(sql, sizeof sql, "SELECT max(q.id) - min(q.id) + 1 FROM quotes q JOIN articles a ON a.id = q.article_id "
             "WHERE a.ext_id = '%s'", id);
    assert_int_equal(q_int(s, sql), n);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
             "JOIN entities e ON e.id = ae.entity_id WHERE a.ext_id = '%s' AND ae.mentions = 1 AND ae.spans IS NOT NULL", id);
    assert_int_equal(q_int(s, sql), n);
    /* the last person's mention span (each row's blob is its own entity's) */
    snprintf(sql, sizeof sql, "SELECT ae.spans, instr(a.text, e.name) - 1 FROM article_entities ae "
             "JOIN articles a ON a.id = ae.article_id JOIN entities e ON e.id = ae.entity_id "
             "WHERE a.ext_id = '%s' AND e.name = 'Ann Pell%03d'", id, n - 1);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(nm_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    uint32_t span[2];
    assert_int_equal(nm_store_decode_spans(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), span, 1), 1);
    assert_int_equal(span[0], sqlite3_column_int(st, 1));
    assert_int_equal(span[1], sqlite3_column_int(st, 1) + 11);
    sqlite3_finalize(st);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.ext_id = '%s' "
             "AND q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH printf('alpha%03d', %d))", id, n - 1, n - 1);
    assert_int_equal(q_int(s, sql), 1);
}

static void many_rows_of_a_kind_are_all_stored(void **state)
{
    (void)state;
    nm_store *s = fresh_store("many.db");
    char err[256];
    enum { N = 71 }; /* two full statements of 32 rows and 7 more */
    nm_store_item a = many_rows_item("many-1", N), b = many_rows_item("many-2", N);
    assert_int_equal(nm_store_begin(s, err, sizeof err), 0);
    assert_int_equal(nm_store_add(s, &a, err, sizeof err), NM_STORE_ADDED);
    assert_int_equal(nm_store_add_unguarded(s, &b, err, sizeof err), NM_STORE_ADDED);
    assert_int_equal(nm_store_commit(s, err, sizeof err), 0);
    check_many_rows(s, "many-1", N);
    check_many_rows(s, "many-2", N);
    /* the second article's people are the first's: counted twice, stored once */
    assert_int_equal(q_int(s, "SELECT count(*) FROM entities"), N);
    assert_int_equal(q_int(s, "SELECT count(*) FROM entities WHERE articles = 2 AND mentions = 2"), N);
    assert_int_equal(q_int(s, "SELECT count(*) FROM entity_names"), 2 * N); /* full name and surname */
    assert_int_equal(sqlite3_exec(nm_store_db(s), "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)",
                                  NULL, NULL, NULL), SQLITE_OK);
    nm_store_item_free(&a);
    nm_store_item_free(&b);
    nm_store_close(s);
}

/* An article failing half-way through a transaction takes only its own rows and counts with it:
 * the entities of the articles around it are those of a store that never saw it. */
static void a_failed_article_mid_transaction_leaves_the_others_whole(void **state)
{
    (void)state;
    enum { N = 40 };
    nm_store_item m1 = many_rows_item("mid-1", N), m2 = many_rows_item("mid-2", N), m3 = many_rows_item("mid-3", N);
    char err[256];
    /* the people are stored before, so the transaction's articles change their counts */
    char *m0 = many_rows_doc("mid-0", N);
    nm_store *s = fresh_store("mid.db");
    assert_int_equal(add_json(s, m0), NM_STORE_ADDED);
    assert_int_equal(sqlite3_exec(nm_store_db(s), "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.timex "
                                  "WHEN NEW.article_id = (SELECT id FROM articles WHERE ext_id = 'mid-2') "
                                  "BEGIN SELECT RAISE(ABORT, 'boom'); END", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(nm_store_begin(s, err, sizeof err), 0);
    assert_int_equal(nm_store_add(s, &m1, err, sizeof err), NM_STORE_ADDED);
    assert_int_equal(nm_store_add(s, &m2, err, sizeof err), NM_STORE_ERROR);
    assert_int_equal(nm_store_add(s, &m3, err, sizeof err), NM_STORE_ADDED);
    assert_int_equal(nm_store_commit(s, err, sizeof err), 0);
    nm_store *ref = fresh_store("mid-ref.db");
    assert_int_equal(add_json(ref, m0), NM_STORE_ADDED);
    free(m0);
    assert_int_equal(nm_store_begin(ref, err, sizeof err), 0);
    assert_int_equal(nm_store_add(ref, &m1, err, sizeof err), NM_STORE_ADDED);
    assert_int_equal(nm_store_add(ref, &m3, err, sizeof err), NM_STORE_ADDED);
    assert_int_equal(nm_store_commit(ref, err, sizeof err), 0);
    static const char *const SAME[] = {
        "SELECT group_concat(id || ':' || name || ':' || mentions || ':' || articles, ';') FROM entities",
        "SELECT group_concat(key || ':' || entity_id, ';') FROM entity_names",
        "SELECT group_concat(id || ':' || article_id || ':' || idx, ';') FROM quotes",
    };
    for (size_t i = 0; i < sizeof SAME / sizeof SAME[0]; i++) {
        char *a = q_text(s, SAME[i]), *b = q_text(ref, SAME[i]);
        assert_non_null(a);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    check_many_rows(s, "mid-3", N);
    assert_int_equal(q_int(s, "SELECT count(*) FROM articles WHERE ext_id = 'mid-2'"), 0);
    assert_int_equal(sqlite3_exec(nm_store_db(s), "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)",
                                  NULL, NULL, NULL), SQLITE_OK);
    nm_store_close(ref);
    nm_store_close(s);
    nm_store_item_free(&m1);
    nm_store_item_free(&m2);
    nm_store_item_free(&m3);
}

/* The writer keeps the entities in memory: what another connection stored in the meantime must
 * still be found ("Trump" joins the Donald Trump the other writer added). */
static void another_writers_entities_are_seen(void **state)
{
    (void)state;
    const char *db = tmp_path("two-writers.db");
    remove_db(db);
    char err[256];
    nm_store *a = nm_store_open(db, 0, err, sizeof err);
    assert_non_null(a);
    char *first = many_rows_doc("other-1", 3); /* loads a's entity map */
    assert_int_equal(add_json(a, first), NM_STORE_ADDED);
    free(first);
    nm_store *b = nm_store_open(db, 0, err, sizeof err);
    assert_non_null(b);
    assert_int_equal(add_json(b, DOC_CALL), NM_STORE_ADDED);
    nm_store_close(b);
    assert_int_equal(add_json(a, DOC_TRUMP_LATER), NM_STORE_ADDED);
    assert_int_equal(q_int(a, "SELECT count(*) FROM entities WHERE name LIKE '%Trump%'"), 1);
    assert_int_equal(q_int(a, "SELECT articles FROM entities WHERE name = 'Donald Trump'"), 2);
    assert_int_equal(q_int(a, "SELECT count(*) FROM entities"), 5);
    nm_store_close(a);
}

static void usage_errors(void **state)
{
    (void)state;
    char *a[] = {"search", NULL};
    int rc;
    char *out = capture(nm_cmd_search, 1, a, &rc);
    assert_int_equal(rc, NM_EXIT_USAGE);
    free(out);
    char *b[] = {"entities", "x.db", "--bogus", NULL};
    out = capture(nm_cmd_entities, 3, b, &rc);
    assert_int_equal(rc, NM_EXIT_USAGE);
    free(out);
    char *c[] = {"timeline", "x.db", "--from", "last week", NULL};
    out = capture(nm_cmd_timeline, 4, c, &rc);
    assert_int_equal(rc, NM_EXIT_USAGE);
    free(out);
    char *d[] = {"entities", (char *)tmp_path("none.db"), NULL};
    out = capture(nm_cmd_entities, 2, d, &rc);
    assert_int_equal(rc, NM_EXIT_FATAL);
    free(out);
}

static const struct CMUnitTest store_tests[] = {
    cmocka_unit_test(content_hash_ignores_spacing_and_case),
    cmocka_unit_test(minhash_separates_copies_from_other_stories),
    cmocka_unit_test(name_keys_fold_forms),
    cmocka_unit_test(article_and_annotations_are_stored),
    cmocka_unit_test(version_1_database_is_migrated),
    cmocka_unit_test(version_2_database_is_migrated),
    cmocka_unit_test(same_id_or_same_text_is_not_added_twice),
    cmocka_unit_test(entities_resolve_across_articles),
    cmocka_unit_test(a_failing_article_leaves_no_rows),
    cmocka_unit_test(store_json_parses_and_refuses),
    cmocka_unit_test(item_from_doc_matches_the_json),
    cmocka_unit_test(ingest_redoes_the_batch_around_a_failing_article),
    cmocka_unit_test(a_document_without_text_is_refused),
    cmocka_unit_test(readonly_open_rejects_other_files),
    cmocka_unit_test(ingest_is_idempotent_and_skips_bad_records),
    cmocka_unit_test(ingest_reads_directories),
    cmocka_unit_test(queries_answer_from_the_store),
    cmocka_unit_test(stories_group_copies_and_keep_others_apart),
    cmocka_unit_test(many_rows_of_a_kind_are_all_stored),
    cmocka_unit_test(a_failed_article_mid_transaction_leaves_the_others_whole),
    cmocka_unit_test(another_writers_entities_are_seen),
    cmocka_unit_test(usage_errors),
};

NM_TEST_GROUP(store, store_tests)
