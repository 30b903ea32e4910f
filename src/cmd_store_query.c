/*
 * cmd_store_query.c — the corpus store's query commands: search, quotes (on a database),
 * entities, timeline, stories and export (see docs/store.md).
 *
 * Each prints a readable table on a terminal-style layout, or one JSON object per row with
 * `--format jsonl`. Queries are single indexed SQL statements so that each answers well within
 * 100 ms on a corpus of thousands of articles; `stories` groups articles in memory from compact
 * per-article fingerprints and entity lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "json_out.h"
#include "store.h"

/* ---- options shared by the query commands ---- */
typedef struct qopts {
    const char *db;
    nm_buf query;         /* remaining positional words, space separated */
    int jsonl;
    const char *from, *to, *entity, *type, *actor, *speaker, *about, *table;
    int limit, raw, all;
} qopts;

enum { Q_FROM = 1, Q_TO = 2, Q_ENTITY = 4, Q_TYPE = 8, Q_ACTOR = 16, Q_SPEAKER = 32, Q_ABOUT = 64, Q_TABLE = 128,
       Q_RAW = 256, Q_ALL = 512, Q_WORDS = 1024 };

static int bad_date(const char *opt, const char *v)
{
    size_t n = strlen(v);
    int ok = n == 4 || n == 7 || n == 10;
    for (size_t i = 0; ok && i < n; i++) ok = (i == 4 || i == 7) ? v[i] == '-' : (v[i] >= '0' && v[i] <= '9');
    if (!ok) fprintf(stderr, "newsmill: %s must be YYYY, YYYY-MM or YYYY-MM-DD, not '%s'\n", opt, v);
    return !ok;
}

/* Returns 0, or an exit status. */
static int parse_qopts(int argc, char **argv, const char *usage, unsigned allowed, qopts *q)
{
    memset(q, 0, sizeof *q);
    nm_buf_init(&q->query);
    q->limit = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **target = NULL;
        unsigned need = 0;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(usage, stdout); nm_buf_free(&q->query); exit(0); }
        if (a[0] != '-' || !strcmp(a, "-")) {
            if (!q->db) q->db = a;
            else if (allowed & Q_WORDS) {
                if (q->query.len) nm_buf_putc(&q->query, ' ');
                nm_buf_puts(&q->query, a);
            } else {
                fprintf(stderr, "newsmill: unexpected argument '%s' (see --help)\n", a);
                return NM_EXIT_USAGE;
            }
            continue;
        }
        if (!strcmp(a, "--format")) {
            if (!v) goto novalue;
            if (!strcmp(v, "jsonl")) q->jsonl = 1;
            else if (!strcmp(v, "table") || !strcmp(v, "text")) q->jsonl = 0;
            else if (!strcmp(v, "csv") && (allowed & Q_TABLE)) q->jsonl = 2;
            else { fprintf(stderr, "newsmill: --format must be table or jsonl%s, not '%s'\n", (allowed & Q_TABLE) ? " or csv" : "", v); return NM_EXIT_USAGE; }
            i++;
            continue;
        }
        if (!strcmp(a, "--limit") || !strcmp(a, "--top") || !strcmp(a, "-n")) {
            if (!v) goto novalue;
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 0 || n > 100000000) { fprintf(stderr, "newsmill: %s must be a number\n", a); return NM_EXIT_USAGE; }
            q->limit = (int)n;
            i++;
            continue;
        }
        if (!strcmp(a, "--from")) target = &q->from, need = Q_FROM;
        else if (!strcmp(a, "--to")) target = &q->to, need = Q_TO;
        else if (!strcmp(a, "--entity")) target = &q->entity, need = Q_ENTITY;
        else if (!strcmp(a, "--type")) target = &q->type, need = Q_TYPE;
        else if (!strcmp(a, "--actor")) target = &q->actor, need = Q_ACTOR;
        else if (!strcmp(a, "--speaker")) target = &q->speaker, need = Q_SPEAKER;
        else if (!strcmp(a, "--about")) target = &q->about, need = Q_ABOUT;
        else if (!strcmp(a, "--table")) target = &q->table, need = Q_TABLE;
        else if (!strcmp(a, "--raw") && (allowed & Q_RAW)) { q->raw = 1; continue; }
        else if (!strcmp(a, "--all") && (allowed & Q_ALL)) { q->all = 1; continue; }
        if (!target || !(allowed & need)) {
            fprintf(stderr, "newsmill: unknown option %s (see --help)\n", a);
            return NM_EXIT_USAGE;
        }
        if (!v) goto novalue;
        *target = v;
        i++;
        if ((need == Q_FROM || need == Q_TO) && bad_date(a, v)) return NM_EXIT_USAGE;
        continue;
    novalue:
        fprintf(stderr, "newsmill: option %s needs a value\n", a);
        return NM_EXIT_USAGE;
    }
    if (!q->db) {
        fputs(usage, stderr);
        return NM_EXIT_USAGE;
    }
    return 0;
}

static nm_store *open_db(const qopts *q)
{
    char err[512];
    nm_store *s = nm_store_open(q->db, 1, err, sizeof err);
    if (!s) fprintf(stderr, "newsmill: %s\n", err);
    return s;
}

/* An upper bound for --to that includes every finer date inside it ("2019-09" → "2019-09~"). */
static void to_bound(const char *to, char *out, size_t n) { snprintf(out, n, "%s~", to ? to : ""); }

/* Turn plain words into an FTS5 query: every run of letters and digits becomes a quoted term
 * (so "U.S." or "al-Assad" are not syntax; the index keeps column-level detail, which has no
 * phrases), AND/OR/NOT and a trailing * are kept. --raw passes the query to FTS5 as it is. */
static int word_byte(unsigned char c) { return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

static char *fts_query(const char *in, int raw)
{
    if (raw) return strdup(in);
    nm_buf b;
    nm_buf_init(&b);
    const unsigned char *p = (const unsigned char *)in;
    while (*p) {
        while (*p && (*p == ' ' || *p == '\t')) p++;
        if (!*p) break;
        const unsigned char *w = p;
        while (*p && *p != ' ' && *p != '\t') p++;
        size_t n = (size_t)(p - w);
        if ((n == 2 && !strncmp((const char *)w, "OR", 2)) ||
            (n == 3 && (!strncmp((const char *)w, "AND", 3) || !strncmp((const char *)w, "NOT", 3)))) {
            if (b.len) nm_buf_putc(&b, ' ');
            nm_buf_put(&b, w, n);
            continue;
        }
        int star = n > 1 && w[n - 1] == '*';
        for (size_t i = 0; i < n;) {
            while (i < n && !word_byte(w[i])) i++;
            size_t st = i;
            while (i < n && word_byte(w[i])) i++;
            if (i == st) continue;
            if (b.len) nm_buf_putc(&b, ' ');
            nm_buf_putc(&b, '"');
            nm_buf_put(&b, w + st, i - st);
            nm_buf_putc(&b, '"');
            if (star && i >= n - 1) nm_buf_putc(&b, '*');
        }
    }
    if (!b.len) nm_buf_puts(&b, "\"\"");
    return nm_buf_take(&b, NULL);
}

/* ---- output: a table or JSON lines, from a statement's columns ---- */
typedef struct col {
    const char *name;   /* JSON key (and table heading) */
    int width;          /* table width in characters; 0 = the rest of the line; -1 = JSON only */
} col;

/* Print s in at most w code points (control characters as spaces, "…" when cut), padded when pad. */
static size_t utf8_len(unsigned char c) { return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }

static void put_cell(nm_buf *b, const char *s, int w, int pad)
{
    if (!s) s = "";
    const unsigned char *p = (const unsigned char *)s;
    int cps = 0;
    for (const unsigned char *t = p; *t && (w <= 0 || cps <= w); cps++) {
        size_t len = utf8_len(*t), k = 0;
        while (k < len && t[k]) k++; /* a truncated sequence stops at the NUL */
        t += k;
    }
    int limit = (w > 0 && cps > w) ? w - 1 : -1, used = 0;
    while (*p && (limit < 0 || used < limit)) {
        size_t len = utf8_len(*p), k = 0;
        while (k < len && p[k]) k++;
        if (*p < 0x20) nm_buf_putc(b, ' ');
        else nm_buf_put(b, p, k);
        p += k;
        used++;
    }
    if (limit >= 0) { nm_buf_puts(b, "\xE2\x80\xA6"); used++; }
    if (pad && w > 0)
        for (; used < w; used++) nm_buf_putc(b, ' ');
}

static void json_column(nm_json *j, sqlite3_stmt *st, int i, const char *name)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: nm_json_kint(j, name, sqlite3_column_int64(st, i)); break;
    case SQLITE_FLOAT: nm_json_knum(j, name, sqlite3_column_double(st, i)); break;
    case SQLITE_NULL: nm_json_knull(j, name); break;
    default: nm_json_kstr(j, name, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
    }
}

/* Run st and print its rows with the given columns. Returns rows printed, or -1 on error. */
static long print_rows(sqlite3 *db, sqlite3_stmt *st, const col *cols, int ncols, int jsonl, FILE *out)
{
    nm_buf b;
    nm_buf_init(&b);
    long rows = 0;
    int last = ncols - 1;
    while (last > 0 && cols[last].width < 0) last--;
    if (!jsonl) {
        for (int i = 0; i <= last; i++) {
            if (cols[i].width < 0) continue;
            put_cell(&b, cols[i].name, cols[i].width, i < last);
            if (i < last) nm_buf_puts(&b, "  ");
        }
        nm_buf_putc(&b, '\n');
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        if (jsonl) {
            nm_json j;
            nm_json_init(&j, &b, 0);
            nm_json_obj_begin(&j);
            for (int i = 0; i < ncols; i++) json_column(&j, st, i, cols[i].name);
            nm_json_obj_end(&j);
            nm_buf_putc(&b, '\n');
        } else {
            for (int i = 0; i <= last; i++) {
                if (cols[i].width < 0) continue;
                put_cell(&b, (const char *)sqlite3_column_text(st, i), cols[i].width, i < last);
                if (i < last) nm_buf_puts(&b, "  ");
            }
            nm_buf_putc(&b, '\n');
        }
        if (b.len > 1 << 16) {
            fwrite(b.p, 1, b.len, out);
            b.len = 0;
        }
    }
    fwrite(b.p, 1, b.len, out);
    nm_buf_free(&b);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "newsmill: query failed: %s\n", sqlite3_errmsg(db));
        return -1;
    }
    return rows;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "newsmill: cannot prepare query: %s\n", sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

static void bind_opt(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (!i) return;
    if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

static void bind_int_opt(sqlite3_stmt *st, const char *name, long long v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i) sqlite3_bind_int64(st, i, v);
}

/* Bind :name_key and :surname_key for a person/entity name: every stored entity that has the
 * name as one of its forms, plus surname-only persons for a full name ("Donald Trump" also finds
 * an entity stored only as "Trump"). */
static void bind_name(sqlite3_stmt *st, const char *prefix, const char *name)
{
    char key[256], pname[64];
    nm_store_name_key(name, key, sizeof key);
    snprintf(pname, sizeof pname, ":%s_key", prefix);
    bind_opt(st, pname, name ? key : NULL);
    const char *sp = strrchr(key, ' ');
    snprintf(pname, sizeof pname, ":%s_surname", prefix);
    bind_opt(st, pname, name && sp ? sp + 1 : NULL);
}

#define NAME_SET(p)                                                                                       \
    "(SELECT entity_id FROM entity_names WHERE key = :" p "_key UNION "                                   \
    "SELECT e.id FROM entity_names n JOIN entities e ON e.id = n.entity_id WHERE n.key = :" p "_surname " \
    "AND e.type = 'PERSON' AND instr(e.name, ' ') = 0)"

static int finish(nm_store *s, sqlite3_stmt *st, long rows)
{
    sqlite3_finalize(st);
    nm_store_close(s);
    return rows < 0 ? NM_EXIT_FATAL : NM_EXIT_OK;
}

/* ---- search ---- */
enum { RANK_LIMIT = 1000 };
static const char SEARCH_USAGE[] =
    "usage: newsmill search DB QUERY... [--from DATE] [--to DATE] [--entity NAME] [--limit N] [--format table|jsonl]\n"
    "\n"
    "Full-text search over the stored articles (titles and text), best matches first, with a snippet\n"
    "around the matching words. Words are all required; OR and NOT work between words, word* matches\n"
    "a prefix, and --raw passes QUERY to SQLite FTS5 as it is. --entity keeps articles that mention\n"
    "the entity (any of its name forms). Dates: YYYY, YYYY-MM or YYYY-MM-DD. Default limit 20.\n"
    "A query matching more than 1000 articles lists the newest matches instead of the best.\n";

int nm_cmd_search(int argc, char **argv)
{
    qopts q;
    int rc = parse_qopts(argc, argv, SEARCH_USAGE, Q_FROM | Q_TO | Q_ENTITY | Q_RAW | Q_WORDS, &q);
    if (rc || !q.query.len) {
        if (!rc) fputs(SEARCH_USAGE, stderr);
        nm_buf_free(&q.query);
        return rc ? rc : NM_EXIT_USAGE;
    }
    nm_buf_putc(&q.query, '\0');
    nm_store *s = open_db(&q);
    if (!s) { nm_buf_free(&q.query); return NM_EXIT_FATAL; }
    char *fq = fts_query(q.query.p, q.raw);
    /* bm25 costs ~20 us per matching article: a query matching most of a large store (a common
     * word alone) lists the newest matches instead, so every search answers in well under 100 ms */
    long long matches = 0;
    sqlite3_stmt *cnt = prepare(nm_store_db(s), "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1");
    if (cnt) {
        sqlite3_bind_text(cnt, 1, fq, -1, SQLITE_STATIC);
        if (sqlite3_step(cnt) == SQLITE_ROW) matches = sqlite3_column_int64(cnt, 0);
        sqlite3_finalize(cnt);
    }
    int by_date = matches > RANK_LIMIT;
    if (by_date)
        fprintf(stderr, "newsmill: %lld articles match; listing the newest (add words to rank by relevance)\n", matches);
    char sql[2048], tob[32];
    /* the inner query picks the rows, the outer one makes snippets for those rows only */
    snprintf(sql, sizeof sql,
             "SELECT a.date AS date, a.ext_id AS id, a.title AS title, "
             "snippet(articles_fts, 1, '[', ']', '...', 14) AS snippet, round(t.r, 3) AS score "
             "FROM (SELECT f.rowid AS rid, %s AS r, a2.date AS d FROM articles_fts f JOIN articles a2 ON a2.id = f.rowid "
             "WHERE f.articles_fts MATCH :q %s %s %s ORDER BY %s LIMIT :limit) t "
             "JOIN articles_fts ON articles_fts.rowid = t.rid JOIN articles a ON a.id = t.rid "
             "WHERE articles_fts MATCH :q ORDER BY %s",
             by_date ? "NULL" : "f.rank", q.from ? "AND a2.date >= :from" : "", q.to ? "AND a2.date <= :to" : "",
             q.entity ? "AND a2.id IN (SELECT article_id FROM article_entities WHERE entity_id IN " NAME_SET("ent") ")" : "",
             by_date ? "a2.date DESC, f.rowid DESC" : "f.rank", by_date ? "t.d DESC, t.rid DESC" : "t.r");
    sqlite3_stmt *st = prepare(nm_store_db(s), sql);
    if (!st) { free(fq); nm_store_close(s); nm_buf_free(&q.query); return NM_EXIT_FATAL; }
    bind_opt(st, ":q", fq);
    free(fq);
    bind_opt(st, ":from", q.from);
    to_bound(q.to, tob, sizeof tob);
    bind_opt(st, ":to", tob);
    if (q.entity) bind_name(st, "ent", q.entity);
    bind_int_opt(st, ":limit", q.limit < 0 ? 20 : q.limit);
    static const col cols[] = {{"date", 10}, {"id", 20}, {"title", 36}, {"snippet", 0}, {"score", -1}};
    long rows = print_rows(nm_store_db(s), st, cols, 5, q.jsonl, stdout);
    nm_buf_free(&q.query);
    return finish(s, st, rows);
}

/* ---- quotes by speaker ---- */
static const char QUOTES_USAGE[] =
    "usage: newsmill quotes DB --speaker NAME [--about TERMS] [--from DATE] [--to DATE] [--limit N] [--format table|jsonl]\n"
    "\n"
    "Everything a person said across the stored articles, newest first, with the article and its date.\n"
    "NAME may be any of the person's name forms (\"Donald Trump\", \"Trump\"). --about keeps quotes whose\n"
    "text matches TERMS (full-text, all words required). Default limit 100.\n";

int nm_store_is_db(const char *path)
{
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) return 0;
    char magic[16];
    size_t n = fread(magic, 1, sizeof magic, f);
    fclose(f);
    return n == 16 && !memcmp(magic, "SQLite format 3", 16);
}

int nm_store_cmd_quotes(int argc, char **argv)
{
    qopts q;
    int rc = parse_qopts(argc, argv, QUOTES_USAGE, Q_FROM | Q_TO | Q_SPEAKER | Q_ABOUT, &q);
    nm_buf_free(&q.query);
    if (rc) return rc;
    if (!q.speaker && !q.about) {
        fprintf(stderr, "newsmill: quotes DB needs --speaker NAME (or --about TERMS)\n");
        return NM_EXIT_USAGE;
    }
    nm_store *s = open_db(&q);
    if (!s) return NM_EXIT_FATAL;
    char sql[2048], tob[32];
    snprintf(sql, sizeof sql,
             "SELECT a.date AS date, a.ext_id AS id, coalesce(e.name, q.speaker_text) AS speaker, q.kind AS kind, "
             "q.cue AS cue, coalesce(q.text, substr(a.text, q.start + 1, q.end - q.start)) AS quote, a.title AS title, q.sentence AS sentence, q.start AS start, q.end AS end "
             "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id "
             "WHERE %s %s %s %s ORDER BY a.date IS NULL, a.date DESC, a.id DESC, q.idx LIMIT :limit",
             q.speaker ? "(q.speaker_id IN " NAME_SET("sp") " OR (q.speaker_id IS NULL AND q.speaker_text = :sp_name COLLATE NOCASE))" : "1",
             q.about ? "AND q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :about)" : "",
             q.from ? "AND a.date >= :from" : "", q.to ? "AND a.date <= :to" : "");
    sqlite3_stmt *st = prepare(nm_store_db(s), sql);
    if (!st) { nm_store_close(s); return NM_EXIT_FATAL; }
    if (q.speaker) {
        bind_name(st, "sp", q.speaker);
        bind_opt(st, ":sp_name", q.speaker);
    }
    if (q.about) {
        char *fq = fts_query(q.about, 0);
        bind_opt(st, ":about", fq);
        free(fq);
    }
    bind_opt(st, ":from", q.from);
    to_bound(q.to, tob, sizeof tob);
    bind_opt(st, ":to", tob);
    bind_int_opt(st, ":limit", q.limit < 0 ? 100 : q.limit);
    static const col cols[] = {{"date", 10}, {"id", 20}, {"speaker", 20}, {"kind", 8}, {"cue", 8}, {"quote", 0},
                               {"title", -1}, {"sentence", -1}, {"start", -1}, {"end", -1}};
    long rows = print_rows(nm_store_db(s), st, cols, 10, q.jsonl, stdout);
    return finish(s, st, rows);
}

/* ---- entities ---- */
static const char ENTITIES_USAGE[] =
    "usage: newsmill entities DB [--type PERSON|ORG|GPE|LOC|FAC|NORP|MISC] [--top N] [--format table|jsonl]\n"
    "\n"
    "The most mentioned entities across the stored articles, with their type, mention and article\n"
    "counts, actor code parts and most frequent roles. Default --top 25.\n";

int nm_cmd_entities(int argc, char **argv)
{
    qopts q;
    int rc = parse_qopts(argc, argv, ENTITIES_USAGE, Q_TYPE, &q);
    nm_buf_free(&q.query);
    if (rc) return rc;
    nm_store *s = open_db(&q);
    if (!s) return NM_EXIT_FATAL;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT e.name AS name, e.type AS type, e.mentions AS mentions, e.articles AS articles, "
             "e.country AS country, e.sector AS sector, "
             "(SELECT group_concat(r, '; ') FROM (SELECT title || CASE WHEN of <> '' THEN ' (' || of || ')' ELSE '' END AS r "
             " FROM entity_roles WHERE entity_id = e.id ORDER BY count DESC, title LIMIT 3)) AS roles "
             "FROM entities e %s ORDER BY e.mentions DESC, e.id LIMIT :limit",
             q.type ? "WHERE e.type = upper(:type)" : "");
    sqlite3_stmt *st = prepare(nm_store_db(s), sql);
    if (!st) { nm_store_close(s); return NM_EXIT_FATAL; }
    bind_opt(st, ":type", q.type);
    bind_int_opt(st, ":limit", q.limit < 0 ? 25 : q.limit);
    static const col cols[] = {{"name", 28}, {"type", 6}, {"mentions", 8}, {"articles", 8}, {"country", 7}, {"sector", 6}, {"roles", 0}};
    long rows = print_rows(nm_store_db(s), st, cols, 7, q.jsonl, stdout);
    return finish(s, st, rows);
}

/* ---- timeline ---- */
static const char TIMELINE_USAGE[] =
    "usage: newsmill timeline DB [--actor NAME] [--from DATE] [--to DATE] [--limit N] [--format table|jsonl]\n"
    "\n"
    "Dated events across the stored articles in date order, each with its CAMEO code, source and\n"
    "target actors and the article and sentence it comes from. --actor keeps events where the actor\n"
    "(any of its name forms) is source or target. An event without its own date takes its article's.\n"
    "Default limit 200.\n";

int nm_cmd_timeline(int argc, char **argv)
{
    qopts q;
    int rc = parse_qopts(argc, argv, TIMELINE_USAGE, Q_FROM | Q_TO | Q_ACTOR, &q);
    nm_buf_free(&q.query);
    if (rc) return rc;
    nm_store *s = open_db(&q);
    if (!s) return NM_EXIT_FATAL;
    char sql[2048], tob[32];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(ev.date, a.date) AS date, ev.code AS code, coalesce(se.name, ev.source_code) AS source, "
             "coalesce(te.name, ev.target_code) AS target, coalesce(ev.text, substr(a.text, ev.start + 1, ev.end - ev.start)) AS event, a.ext_id AS id, ev.sentence AS sentence, "
             "ev.root AS root, ev.quad AS quad, ev.goldstein AS goldstein, ev.negated AS negated, ev.mood AS mood, "
             "ev.source_code AS source_code, ev.target_code AS target_code, a.title AS title, ev.start AS start, ev.end AS end "
             "FROM events ev JOIN articles a ON a.id = ev.article_id "
             "LEFT JOIN entities se ON se.id = ev.source_id LEFT JOIN entities te ON te.id = ev.target_id "
             "WHERE coalesce(ev.date, a.date) IS NOT NULL %s %s %s "
             "ORDER BY coalesce(ev.date, a.date), a.id, ev.idx LIMIT :limit",
             q.actor ? "AND (ev.source_id IN " NAME_SET("act") " OR ev.target_id IN " NAME_SET("act") ")" : "",
             q.from ? "AND coalesce(ev.date, a.date) >= :from" : "", q.to ? "AND coalesce(ev.date, a.date) <= :to" : "");
    sqlite3_stmt *st = prepare(nm_store_db(s), sql);
    if (!st) { nm_store_close(s); return NM_EXIT_FATAL; }
    if (q.actor) bind_name(st, "act", q.actor);
    bind_opt(st, ":from", q.from);
    to_bound(q.to, tob, sizeof tob);
    bind_opt(st, ":to", tob);
    bind_int_opt(st, ":limit", q.limit < 0 ? 200 : q.limit);
    static const col cols[] = {{"date", 10}, {"code", 4}, {"source", 18}, {"target", 18}, {"event", 30}, {"id", 0},
                               {"sentence", -1}, {"root", -1}, {"quad", -1}, {"goldstein", -1}, {"negated", -1},
                               {"mood", -1}, {"source_code", -1}, {"target_code", -1}, {"title", -1}, {"start", -1},
                               {"end", -1}};
    long rows = print_rows(nm_store_db(s), st, cols, 17, q.jsonl, stdout);
    return finish(s, st, rows);
}
