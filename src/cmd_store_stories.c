/*
 * cmd_store_stories.c — `newsmill stories` (articles grouped into stories) and `newsmill export`.
 *
 * Stories are computed at query time from compact data, so they always reflect the whole store:
 *   1. near-duplicates: MinHash signatures (store.h) bucketed by locality-sensitive hashing
 *      (32 bands of 2 values), candidates verified by estimated Jaccard >= 0.5 or containment
 *      >= 0.8 (a trimmed copy); exact copies were already folded at ingest (article_aliases);
 *   2. the same happening: dated articles published within two days of each other that share at
 *      least three specific entities (people, organisations, facilities, named events mentioned in
 *      few articles), making up at least half of the smaller article's.
 * Each story lists its articles (the earliest is the original), merged key points and the claims
 * its articles dispute.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "json_out.h"
#include "store.h"

enum { BANDS = NM_MINHASH_K / 2, MAX_DF = 30, MAX_DAYS = 2 };

typedef struct art {
    int64_t id;
    int day;                 /* days since 1970, INT_MIN when undated */
    uint32_t sig[NM_MINHASH_K];
    uint32_t shingles;
    int nspecific;           /* specific entities (for the overlap ratio) */
} art;

typedef struct uf { int *p; } uf;
static int uf_find(uf *u, int x)
{
    while (u->p[x] != x) { u->p[x] = u->p[u->p[x]]; x = u->p[x]; }
    return x;
}
static void uf_union(uf *u, int a, int b)
{
    a = uf_find(u, a);
    b = uf_find(u, b);
    if (a != b) { if (a < b) u->p[b] = a; else u->p[a] = b; }
}

static int days_from_date(const char *s)
{
    if (!s || strlen(s) < 10) return INT_MIN;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > 31) return INT_MIN;
    /* days from civil (Howard Hinnant's well-known formula) */
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL; x ^= x >> 33;
    return x;
}

static int near_duplicate(const art *a, const art *b)
{
    if (!a->shingles || !b->shingles) return 0;
    double j = nm_minhash_jaccard(a->sig, b->sig);
    if (j >= 0.5) return 1;
    /* a trimmed copy: most of the shorter text is in the longer one. The estimate inflates when
     * the sizes differ a lot, so a real overlap (a quarter of the signature) is required too. */
    uint32_t small = a->shingles < b->shingles ? a->shingles : b->shingles;
    return j >= 0.25 && small >= 10 && nm_minhash_containment(a->sig, a->shingles, b->sig, b->shingles) >= 0.8;
}

/* pair counts for shared entities: open addressing on (i << 32 | j) */
typedef struct pair_map { uint64_t *keys; int *counts; size_t mask, n; } pair_map;
static int pair_add(pair_map *m, uint64_t key)
{
    if ((m->n + 1) * 2 > m->mask + 1) {
        size_t ncap = (m->mask + 1) * 2;
        uint64_t *nk = calloc(ncap, sizeof *nk);
        int *nc = calloc(ncap, sizeof *nc);
        if (!nk || !nc) { free(nk); free(nc); return -1; }
        for (size_t i = 0; i <= m->mask; i++) {
            if (!m->keys[i]) continue;
            size_t h = mix(m->keys[i]) & (ncap - 1);
            while (nk[h]) h = (h + 1) & (ncap - 1);
            nk[h] = m->keys[i];
            nc[h] = m->counts[i];
        }
        free(m->keys); free(m->counts);
        m->keys = nk; m->counts = nc; m->mask = ncap - 1;
    }
    size_t h = mix(key) & m->mask;
    while (m->keys[h] && m->keys[h] != key) h = (h + 1) & m->mask;
    if (!m->keys[h]) { m->keys[h] = key; m->n++; }
    m->counts[h]++;
    return 0;
}

static int pair_get(const pair_map *m, int a, int b)
{
    uint64_t key = a < b ? (uint64_t)a << 32 | (uint32_t)b : (uint64_t)b << 32 | (uint32_t)a;
    for (size_t h = mix(key) & m->mask; m->keys[h]; h = (h + 1) & m->mask)
        if (m->keys[h] == key) return m->counts[h];
    return 0;
}

typedef struct pair_hit { int a, b, shared; } pair_hit;
static int cmp_hit(const void *x, const void *y)
{
    const pair_hit *p = x, *q = y;
    if (p->shared != q->shared) return q->shared - p->shared;
    if (p->a != q->a) return p->a - q->a;
    return p->b - q->b;
}

typedef struct story_ctx {
    sqlite3 *db;
    art *arts;
    int n;
    uf dup, story;
} story_ctx;

static int load_articles(story_ctx *c)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM articles", -1, &st, NULL) != SQLITE_OK) return -1;
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    c->arts = calloc((size_t)n + 1, sizeof *c->arts);
    c->dup.p = malloc(((size_t)n + 1) * sizeof(int));
    c->story.p = malloc(((size_t)n + 1) * sizeof(int));
    if (!c->arts || !c->dup.p || !c->story.p) return -1;
    if (sqlite3_prepare_v2(c->db, "SELECT id, date, minhash, shingles FROM articles ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int i = 0;
    while (i < n && sqlite3_step(st) == SQLITE_ROW) {
        art *a = &c->arts[i];
        a->id = sqlite3_column_int64(st, 0);
        a->day = days_from_date((const char *)sqlite3_column_text(st, 1));
        const unsigned char *b = sqlite3_column_blob(st, 2);
        if (b && sqlite3_column_bytes(st, 2) == NM_MINHASH_K * 2) {
            for (int k = 0; k < NM_MINHASH_K; k++) a->sig[k] = (uint32_t)b[k * 2] | (uint32_t)b[k * 2 + 1] << 8;
            a->shingles = (uint32_t)sqlite3_column_int(st, 3);
        }
        c->dup.p[i] = c->story.p[i] = i;
        i++;
    }
    sqlite3_finalize(st);
    c->n = i;
    return 0;
}

static int index_of(const story_ctx *c, int64_t id)
{
    int lo = 0, hi = c->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (c->arts[mid].id == id) return mid;
        if (c->arts[mid].id < id) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

static int group_near_duplicates(story_ctx *c)
{
    /* LSH buckets in a hash table: for each (band, two signature values) key, the articles seen
     * with it as a linked list (newest first); each new article is compared with a few of them */
    size_t ne = (size_t)c->n * BANDS, cap = 16;
    while (cap < ne * 2 + 16) cap <<= 1;
    uint64_t *keys = calloc(cap, sizeof *keys);
    int *head = malloc(cap * sizeof *head);
    int *next = malloc((ne + 1) * sizeof *next), *who = malloc((ne + 1) * sizeof *who);
    if (!keys || !head || !next || !who) {
        free(keys); free(head); free(next); free(who);
        return -1;
    }
    size_t k = 0;
    for (int i = 0; i < c->n; i++) {
        if (!c->arts[i].shingles) continue;
        for (int b = 0; b < BANDS; b++) {
            uint64_t key = mix(((uint64_t)b << 56) ^ ((uint64_t)c->arts[i].sig[2 * b] << 24) ^ c->arts[i].sig[2 * b + 1]) | 1;
            size_t h = key & (cap - 1);
            while (keys[h] && keys[h] != key) h = (h + 1) & (cap - 1);
            if (!keys[h]) { keys[h] = key; head[h] = -1; }
            int seen = 0;
            for (int e = head[h]; e >= 0 && seen < 8; e = next[e], seen++) {
                int a = who[e];
                if (uf_find(&c->dup, a) == uf_find(&c->dup, i)) continue;
                if (near_duplicate(&c->arts[a], &c->arts[i])) {
                    uf_union(&c->dup, a, i);
                    uf_union(&c->story, a, i);
                }
            }
            who[k] = i;
            next[k] = head[h];
            head[h] = (int)k;
            k++;
        }
    }
    free(keys); free(head); free(next); free(who);
    return 0;
}

static int group_same_happening(story_ctx *c)
{
    sqlite3_stmt *st;
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT ae.entity_id, ae.article_id FROM entities e JOIN article_entities ae ON ae.entity_id = e.id "
             "WHERE e.articles BETWEEN 2 AND %d AND e.type IN ('PERSON','ORG','FAC','MISC') "
             "ORDER BY e.id, ae.article_id",
             MAX_DF);
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    pair_map pm = {calloc(1024, sizeof(uint64_t)), calloc(1024, sizeof(int)), 1023, 0};
    if (!pm.keys || !pm.counts) { free(pm.keys); free(pm.counts); sqlite3_finalize(st); return -1; }
    int group[MAX_DF + 1], ng = 0;
    int64_t cur = -1;
    int rc = 0;
    for (;;) {
        int row = sqlite3_step(st) == SQLITE_ROW;
        int64_t ent = row ? sqlite3_column_int64(st, 0) : -2;
        if (ent != cur) {
            for (int x = 0; x < ng && !rc; x++)
                for (int y = x + 1; y < ng && !rc; y++)
                    rc = pair_add(&pm, (uint64_t)group[x] << 32 | (uint32_t)group[y]);
            ng = 0;
            cur = ent;
        }
        if (!row) break;
        int i = index_of(c, sqlite3_column_int64(st, 1));
        if (i < 0 || c->arts[i].day == INT_MIN) continue; /* undated articles are not grouped by entities */
        c->arts[i].nspecific++;
        if (ng < MAX_DF + 1) group[ng++] = i;
    }
    sqlite3_finalize(st);
    /* candidate pairs, most shared entities first */
    pair_hit *hits = malloc((pm.n + 1) * sizeof *hits);
    size_t nh = 0;
    for (size_t h = 0; hits && h <= pm.mask; h++) {
        if (!pm.keys[h]) continue;
        int a = (int)(pm.keys[h] >> 32), b = (int)(pm.keys[h] & 0xffffffffu), shared = pm.counts[h];
        const art *x = &c->arts[a], *y = &c->arts[b];
        int small = x->nspecific < y->nspecific ? x->nspecific : y->nspecific;
        /* places are weak evidence (every report from Tokyo names Japan), and without dates a
         * running saga (a tennis tour, a long trial) cannot be told from one happening */
        int close = x->day != INT_MIN && y->day != INT_MIN && abs(x->day - y->day) <= MAX_DAYS;
        if (close && shared >= 3 && shared * 2 >= small) hits[nh++] = (pair_hit){a, b, shared};
    }
    if (hits) qsort(hits, nh, sizeof *hits, cmp_hit);
    /* no chains: an article joins a story only while it stands alone, and only when it also
     * shares entities with the story's anchor, its first stored article (A~B and B~C do not make A~C) */
    int *size = calloc((size_t)c->n + 1, sizeof *size);
    for (int i = 0; size && i < c->n; i++) size[uf_find(&c->story, i)]++;
    for (size_t k = 0; hits && size && k < nh; k++) {
        int ra = uf_find(&c->story, hits[k].a), rb = uf_find(&c->story, hits[k].b);
        if (ra == rb) continue;
        int alone = size[ra] == 1 ? hits[k].a : (size[rb] == 1 ? hits[k].b : -1);
        if (alone < 0) continue;
        int root = alone == hits[k].a ? rb : ra;
        if (root != (alone == hits[k].a ? hits[k].b : hits[k].a) && pair_get(&pm, alone, root) < 2) continue;
        int merged = size[ra] + size[rb];
        uf_union(&c->story, ra, rb);
        size[uf_find(&c->story, ra)] = merged;
    }
    free(size);
    free(hits);
    free(pm.keys);
    free(pm.counts);
    return rc;
}

/* ---- output ---- */
typedef struct member { int idx; int day; } member;
static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    int dx = x->day == INT_MIN ? INT_MAX : x->day, dy = y->day == INT_MIN ? INT_MAX : y->day;
    if (dx != dy) return dx < dy ? -1 : 1;
    return x->idx - y->idx;
}

typedef struct story { int root, size, first; } story;
static int cmp_story(const void *a, const void *b)
{
    const story *x = a, *y = b;
    if (x->size != y->size) return y->size - x->size;
    return x->first - y->first;
}

/* Merged key points: up to five, a point dropped when its words overlap a chosen one's. */
typedef struct points {
    const char *text[5];
    char *owned[5];
    uint32_t sig[5][NM_MINHASH_K];
    int n;
} points;

/* At most two points per article, so the merged list speaks for several of them. */
static void add_points(const char *json, int editor, points *p)
{
    if (!json || p->n >= 5) return;
    json_t *arr = json_loads(json, 0, NULL);
    int taken = 0;
    for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr) && p->n < 5 && taken < 2; i++) {
        json_t *v = json_array_get(arr, i);
        const char *t = editor ? json_string_value(v) : json_string_value(json_object_get(v, "text"));
        if (!t || !*t) continue;
        uint32_t sig[NM_MINHASH_K], ns;
        nm_minhash(t, strlen(t), sig, &ns);
        int dup = 0;
        for (int k = 0; k < p->n && !dup; k++) dup = nm_minhash_jaccard(p->sig[k], sig) >= 0.4;
        if (dup) continue;
        char *copy = strdup(t);
        if (!copy) continue;
        p->owned[p->n] = copy;
        p->text[p->n] = copy;
        memcpy(p->sig[p->n], sig, sizeof sig);
        p->n++;
        taken++;
    }
    json_decref(arr);
}

static const char STORIES_USAGE[] =
    "usage: newsmill stories DB [--all] [--limit N] [--format table|jsonl]\n"
    "\n"
    "Group the stored articles into stories: syndicated copies and near-duplicates (MinHash) with their\n"
    "original, and articles about the same happening (three or more shared people, organisations or\n"
    "named events, published within two days). Each story lists its articles (earliest first: the original), merged key\n"
    "points and the claims its articles dispute. Only stories of two or more articles are listed\n"
    "unless --all is given; largest first.\n";

int nm_cmd_stories(int argc, char **argv)
{
    int jsonl = 0, all = 0;
    long limit = -1;
    const char *dbpath = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(STORIES_USAGE, stdout); return 0; }
        if (!strcmp(a, "--all")) { all = 1; continue; }
        if (!strcmp(a, "--format") && i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcmp(v, "jsonl")) jsonl = 1;
            else if (strcmp(v, "table") && strcmp(v, "text")) { fprintf(stderr, "newsmill: --format must be table or jsonl\n"); return NM_EXIT_USAGE; }
            continue;
        }
        if ((!strcmp(a, "--limit") || !strcmp(a, "--top")) && i + 1 < argc) {
            char *end;
            limit = strtol(argv[++i], &end, 10);
            if (*end || limit < 0) { fprintf(stderr, "newsmill: --limit must be a number\n"); return NM_EXIT_USAGE; }
            continue;
        }
        if (a[0] == '-' && strcmp(a, "-")) { fprintf(stderr, "newsmill: unknown option %s (see --help)\n", a); return NM_EXIT_USAGE; }
        if (dbpath) { fprintf(stderr, "newsmill: unexpected argument '%s'\n", a); return NM_EXIT_USAGE; }
        dbpath = a;
    }
    if (!dbpath) { fputs(STORIES_USAGE, stderr); return NM_EXIT_USAGE; }
    char err[512];
    nm_store *s = nm_store_open(dbpath, 1, err, sizeof err);
    if (!s) { fprintf(stderr, "newsmill: %s\n", err); return NM_EXIT_FATAL; }
    story_ctx c = {nm_store_db(s), NULL, 0, {NULL}, {NULL}};
    int status = NM_EXIT_OK;
    sqlite3_stmt *info = NULL, *aliases = NULL, *claims = NULL, *alias_count = NULL;
    story *stories = NULL;
    member *members = NULL;
    int *count = NULL;
    if (load_articles(&c) || group_near_duplicates(&c) || group_same_happening(&c)) {
        fprintf(stderr, "newsmill: stories: %s\n", sqlite3_errmsg(c.db));
        status = NM_EXIT_FATAL;
        goto out;
    }
    if (sqlite3_prepare_v2(c.db, "SELECT ext_id, date, title, "
                           "(SELECT json_group_array(t) FROM (SELECT coalesce(k.text, substr(a.text, k.start + 1, k.end - k.start)) AS t "
        "FROM keypoints k WHERE k.article_id = a.id ORDER BY k.idx)), editor_keypoints FROM articles a WHERE id = ?1", -1, &info, NULL) ||
        sqlite3_prepare_v2(c.db, "SELECT ext_id, title FROM article_aliases WHERE article_id = ?1 ORDER BY ext_id", -1, &aliases, NULL) ||
        sqlite3_prepare_v2(c.db, "SELECT count(*), article_id FROM article_aliases GROUP BY article_id", -1, &alias_count, NULL) ||
        sqlite3_prepare_v2(c.db,
                           "SELECT c.about, group_concat(coalesce(e.name, cs.source_name, '?') || ': ' || coalesce(cs.stance, '?'), '; ') "
                           "FROM claims c JOIN claim_statements cs ON cs.article_id = c.article_id AND cs.claim_idx = c.idx "
                           "LEFT JOIN entities e ON e.id = cs.source_id WHERE c.article_id = ?1 GROUP BY c.idx "
                           "HAVING count(DISTINCT cs.stance) >= 2",
                           -1, &claims, NULL)) {
        fprintf(stderr, "newsmill: stories: %s\n", sqlite3_errmsg(c.db));
        status = NM_EXIT_FATAL;
        goto out;
    }
    /* story sizes: articles plus their exact copies */
    count = calloc((size_t)c.n + 1, sizeof *count);
    int *copies = calloc((size_t)c.n + 1, sizeof *copies);
    stories = calloc((size_t)c.n + 1, sizeof *stories);
    members = calloc((size_t)c.n + 1, sizeof *members);
    if (!count || !copies || !stories || !members) { free(copies); status = NM_EXIT_FATAL; goto out; }
    while (sqlite3_step(alias_count) == SQLITE_ROW) {
        int i = index_of(&c, sqlite3_column_int64(alias_count, 1));
        if (i >= 0) copies[i] = sqlite3_column_int(alias_count, 0);
    }
    int ns = 0;
    for (int i = 0; i < c.n; i++) count[uf_find(&c.story, i)] += 1 + copies[i];
    for (int i = 0; i < c.n; i++) {
        if (uf_find(&c.story, i) != i) continue;
        if (!all && count[i] < 2) continue;
        stories[ns].root = i;
        stories[ns].size = count[i];
        stories[ns].first = i;
        ns++;
    }
    free(copies);
    qsort(stories, (size_t)ns, sizeof *stories, cmp_story);
    if (limit >= 0 && ns > limit) ns = (int)limit;
    /* members of every story, grouped by root: one pass */
    int *next = malloc(((size_t)c.n + 1) * sizeof(int)), *head = malloc(((size_t)c.n + 1) * sizeof(int));
    if (!next || !head) { free(next); free(head); status = NM_EXIT_FATAL; goto out; }
    for (int i = 0; i < c.n; i++) head[i] = -1;
    for (int i = c.n - 1; i >= 0; i--) {
        int r = uf_find(&c.story, i);
        next[i] = head[r];
        head[r] = i;
    }
    nm_buf b;
    nm_buf_init(&b);
    for (int si = 0; si < ns; si++) {
        int nm = 0;
        for (int i = head[stories[si].root]; i >= 0; i = next[i]) members[nm++] = (member){i, c.arts[i].day};
        qsort(members, (size_t)nm, sizeof *members, cmp_member);
        nm_json j;
        nm_json_init(&j, &b, 0);
        if (jsonl) {
            nm_json_obj_begin(&j);
            nm_json_kint(&j, "story", si + 1);
            nm_json_kint(&j, "size", stories[si].size);
            nm_json_key(&j, "articles");
            nm_json_arr_begin(&j);
        } else {
            nm_buf_printf(&b, "S%d  %d article%s\n", si + 1, stories[si].size, stories[si].size == 1 ? "" : "s");
        }
        points pts;
        pts.n = 0;
        int orig_dup = uf_find(&c.dup, members[0].idx);
        for (int m = 0; m < nm; m++) {
            const art *a = &c.arts[members[m].idx];
            sqlite3_reset(info);
            sqlite3_bind_int64(info, 1, a->id);
            if (sqlite3_step(info) != SQLITE_ROW) continue;
            const char *rel = m == 0 ? "original" : (uf_find(&c.dup, members[m].idx) == orig_dup ? "near-duplicate" : "related");
            if (m > 0 && rel[0] == 'r' && uf_find(&c.dup, members[m].idx) != members[m].idx) {
                /* a near-duplicate of another related article */
                int root = uf_find(&c.dup, members[m].idx);
                for (int k = 0; k < m; k++)
                    if (uf_find(&c.dup, members[k].idx) == root) { rel = "near-duplicate"; break; }
            }
            const char *ext = (const char *)sqlite3_column_text(info, 0);
            const char *date = (const char *)sqlite3_column_text(info, 1);
            const char *title = (const char *)sqlite3_column_text(info, 2);
            if (jsonl) {
                nm_json_obj_begin(&j);
                nm_json_kcstr(&j, "id", ext);
                nm_json_kcstr(&j, "date", date);
                nm_json_kcstr(&j, "title", title);
                nm_json_kcstr(&j, "relation", rel);
                nm_json_obj_end(&j);
            } else {
                nm_buf_printf(&b, "    %-15s %-10s  %-24s  %s\n", rel, date ? date : "", ext ? ext : "", title ? title : "");
            }
            const char *kp = (const char *)sqlite3_column_text(info, 3);
            add_points(kp && strcmp(kp, "[]") ? kp : (const char *)sqlite3_column_text(info, 4), 1, &pts);
            sqlite3_reset(aliases);
            sqlite3_bind_int64(aliases, 1, a->id);
            while (sqlite3_step(aliases) == SQLITE_ROW) {
                const char *aid = (const char *)sqlite3_column_text(aliases, 0);
                const char *at = (const char *)sqlite3_column_text(aliases, 1);
                if (jsonl) {
                    nm_json_obj_begin(&j);
                    nm_json_kcstr(&j, "id", aid);
                    nm_json_kcstr(&j, "date", date);
                    nm_json_kcstr(&j, "title", at);
                    nm_json_kcstr(&j, "relation", "copy");
                    nm_json_kcstr(&j, "copy_of", ext);
                    nm_json_obj_end(&j);
                } else {
                    nm_buf_printf(&b, "    %-15s %-10s  %-24s  %s\n", "copy", date ? date : "", aid ? aid : "", at ? at : "");
                }
            }
        }
        if (jsonl) {
            nm_json_arr_end(&j);
            nm_json_key(&j, "key_points");
            nm_json_arr_begin(&j);
            for (int k = 0; k < pts.n; k++) nm_json_cstr(&j, pts.text[k]);
            nm_json_arr_end(&j);
            nm_json_key(&j, "disputed_claims");
            nm_json_arr_begin(&j);
        } else if (pts.n) {
            nm_buf_puts(&b, "  key points:\n");
            for (int k = 0; k < pts.n; k++) nm_buf_printf(&b, "    - %s\n", pts.text[k]);
        }
        for (int k = 0; k < pts.n; k++) free(pts.owned[k]);
        int nclaims = 0;
        for (int m = 0; m < nm; m++) {
            sqlite3_reset(claims);
            sqlite3_bind_int64(claims, 1, c.arts[members[m].idx].id);
            while (sqlite3_step(claims) == SQLITE_ROW) {
                const char *about = (const char *)sqlite3_column_text(claims, 0);
                const char *who = (const char *)sqlite3_column_text(claims, 1);
                if (jsonl) {
                    nm_json_obj_begin(&j);
                    nm_json_kcstr(&j, "about", about);
                    nm_json_kcstr(&j, "stances", who);
                    nm_json_obj_end(&j);
                } else {
                    if (!nclaims) nm_buf_puts(&b, "  disputed claims:\n");
                    nm_buf_printf(&b, "    - %s — %s\n", about ? about : "(claim)", who ? who : "");
                }
                nclaims++;
            }
        }
        if (jsonl) {
            nm_json_arr_end(&j);
            nm_json_obj_end(&j);
        }
        nm_buf_putc(&b, '\n');
        if (b.len > 1 << 16) { fwrite(b.p, 1, b.len, stdout); b.len = 0; }
    }
    fwrite(b.p, 1, b.len, stdout);
    nm_buf_free(&b);
    free(next);
    free(head);
out:
    sqlite3_finalize(info);
    sqlite3_finalize(aliases);
    sqlite3_finalize(alias_count);
    sqlite3_finalize(claims);
    free(count);
    free(stories);
    free(members);
    free(c.arts);
    free(c.dup.p);
    free(c.story.p);
    nm_store_close(s);
    return status;
}

/* ---- export ---- */
static const char EXPORT_USAGE[] =
    "usage: newsmill export DB [--format jsonl|csv] [--table NAME]\n"
    "\n"
    "Write the store for downstream tools. jsonl without --table: one object per article with its\n"
    "entities, quotes, events, time expressions, quantities and claims nested. --table NAME (articles,\n"
    "entities, mentions, quotes, events, timex, quantities, claims) writes that table's rows, as JSON\n"
    "lines or CSV with a header (csv defaults to the articles table).\n";

static const char *const EXPORT_TABLES[][2] = {
    {"articles", "SELECT ext_id AS id, date, date_source, title, url, source, chars, tokens, "
                 "(SELECT json_group_array(t) FROM (SELECT coalesce(k.text, substr(a.text, k.start + 1, k.end - k.start)) AS t "
        "FROM keypoints k WHERE k.article_id = a.id ORDER BY k.idx)) AS keypoints, text FROM articles a ORDER BY id"},
    {"entities", "SELECT e.id, e.name, e.type, e.country, e.sector, e.mentions, e.articles, group_concat(n.key, '|') AS names "
                 "FROM entities e LEFT JOIN entity_names n ON n.entity_id = e.id GROUP BY e.id ORDER BY e.id"},
    /* mentions: article_entities.spans decoded by export_mentions */
    {"mentions", "SELECT a.ext_id AS article, ae.entity_id AS entity, e.name, ae.spans FROM article_entities ae "
                 "JOIN articles a ON a.id = ae.article_id JOIN entities e ON e.id = ae.entity_id ORDER BY ae.article_id, ae.entity_id"},
    {"quotes", "SELECT a.ext_id AS article, q.idx, q.start, q.end, q.sentence, q.paragraph, q.kind, q.speaker_id AS entity, "
               "e.name AS speaker, q.speaker_text, q.cue, q.addressee, coalesce(q.text, substr(a.text, q.start + 1, q.end - q.start)) AS text "
               "FROM quotes q JOIN articles a ON a.id = q.article_id "
               "LEFT JOIN entities e ON e.id = q.speaker_id ORDER BY q.article_id, q.idx"},
    {"events", "SELECT a.ext_id AS article, v.idx, v.start, v.end, v.sentence, v.date, v.code, v.root, v.quad, v.goldstein, "
               "v.source_id AS source_entity, v.source_code, v.target_id AS target_entity, v.target_code, "
               "coalesce(v.text, substr(a.text, v.start + 1, v.end - v.start)) AS text, v.place, "
               "v.negated, v.mood, v.reported_by_id AS reported_by FROM events v JOIN articles a ON a.id = v.article_id ORDER BY v.article_id, v.idx"},
    {"timex", "SELECT a.ext_id AS article, t.idx, t.start, t.end, coalesce(t.text, substr(a.text, t.start + 1, t.end - t.start)) AS text, t.type, t.value, t.mod FROM timex t JOIN articles a ON a.id = t.article_id ORDER BY t.article_id, t.idx"},
    {"quantities", "SELECT a.ext_id AS article, t.idx, t.start, t.end, coalesce(t.text, substr(a.text, t.start + 1, t.end - t.start)) AS text, t.value, t.unit, t.object, t.mod FROM quantities t "
                   "JOIN articles a ON a.id = t.article_id ORDER BY t.article_id, t.idx"},
    {"claims", "SELECT a.ext_id AS article, s.claim_idx AS claim, c.about, s.idx, s.quote_idx AS quote, s.event_idx AS event, "
               "s.source_id AS source_entity, s.source_name, s.stance FROM claim_statements s JOIN claims c ON c.article_id = s.article_id "
               "AND c.idx = s.claim_idx JOIN articles a ON a.id = s.article_id ORDER BY s.article_id, s.claim_idx, s.idx"},
};

static void csv_field(nm_buf *b, const char *s, size_t n)
{
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++) quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) { nm_buf_put(b, s, n); return; }
    nm_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') nm_buf_putc(b, '"');
        nm_buf_putc(b, s[i]);
    }
    nm_buf_putc(b, '"');
}

/* The decoded mention spans of a "spans" column, as [[start, end], ...]. */
static void spans_json(nm_json *j, sqlite3_stmt *st, int col)
{
    const unsigned char *b = sqlite3_column_blob(st, col);
    size_t n = (size_t)sqlite3_column_bytes(st, col);
    uint32_t v[2 * 256];
    size_t k = b ? nm_store_decode_spans(b, n, v, 256) : 0;
    nm_json_arr_begin(j);
    for (size_t i = 0; i < k; i++) {
        nm_json_arr_begin(j);
        nm_json_int(j, v[2 * i]);
        nm_json_int(j, v[2 * i + 1]);
        nm_json_arr_end(j);
    }
    nm_json_arr_end(j);
}

static void row_json(nm_json *j, sqlite3_stmt *st, int from)
{
    nm_json_obj_begin(j);
    for (int i = from; i < sqlite3_column_count(st); i++) {
        const char *name = sqlite3_column_name(st, i);
        if (!strcmp(name, "spans")) {
            nm_json_key(j, name);
            spans_json(j, st, i);
            continue;
        }
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: nm_json_kint(j, name, sqlite3_column_int64(st, i)); break;
        case SQLITE_FLOAT: nm_json_knum(j, name, sqlite3_column_double(st, i)); break;
        case SQLITE_NULL: nm_json_knull(j, name); break;
        default: nm_json_kstr(j, name, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
        }
    }
    nm_json_obj_end(j);
}

static int export_table(sqlite3 *db, const char *sql, int csv)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "newsmill: export: %s\n", sqlite3_errmsg(db));
        return NM_EXIT_FATAL;
    }
    nm_buf b;
    nm_buf_init(&b);
    int nc = sqlite3_column_count(st);
    /* a "spans" column (mentions) is written as one row per span with start and end */
    int spans = -1;
    for (int i = 0; i < nc; i++)
        if (!strcmp(sqlite3_column_name(st, i), "spans")) spans = i;
    if (csv) {
        for (int i = 0; i < nc; i++) {
            if (i) nm_buf_putc(&b, ',');
            nm_buf_puts(&b, i == spans ? "start,end" : sqlite3_column_name(st, i));
        }
        nm_buf_puts(&b, "\r\n");
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (spans >= 0) {
            uint32_t v[2 * 4096];
            const unsigned char *sb = sqlite3_column_blob(st, spans);
            size_t k = sb ? nm_store_decode_spans(sb, (size_t)sqlite3_column_bytes(st, spans), v, 4096) : 0;
            for (size_t m = 0; m < k; m++) {
                if (!csv) nm_buf_putc(&b, '{');
                for (int i = 0; i < nc; i++) {
                    const char *name = sqlite3_column_name(st, i);
                    if (csv) {
                        if (i) nm_buf_putc(&b, ',');
                        if (i == spans) nm_buf_printf(&b, "%u,%u", v[2 * m], v[2 * m + 1]);
                        else if (sqlite3_column_type(st, i) != SQLITE_NULL)
                            csv_field(&b, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
                    } else {
                        nm_buf_puts(&b, i ? "," : "");
                        nm_json_escape(&b, i == spans ? "start" : name, i == spans ? 5 : strlen(name));
                        nm_buf_putc(&b, ':');
                        if (i == spans) nm_buf_printf(&b, "%u,\"end\":%u", v[2 * m], v[2 * m + 1]);
                        else if (sqlite3_column_type(st, i) == SQLITE_INTEGER) nm_buf_printf(&b, "%lld", (long long)sqlite3_column_int64(st, i));
                        else if (sqlite3_column_type(st, i) == SQLITE_NULL) nm_buf_puts(&b, "null");
                        else nm_json_escape(&b, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
                    }
                }
                nm_buf_puts(&b, csv ? "\r\n" : "}\n");
            }
        } else if (csv) {
            for (int i = 0; i < nc; i++) {
                if (i) nm_buf_putc(&b, ',');
                if (sqlite3_column_type(st, i) != SQLITE_NULL)
                    csv_field(&b, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
            }
            nm_buf_puts(&b, "\r\n");
        } else {
            nm_json j;
            nm_json_init(&j, &b, 0);
            row_json(&j, st, 0);
            nm_buf_putc(&b, '\n');
        }
        if (b.len > 1 << 16) { fwrite(b.p, 1, b.len, stdout); b.len = 0; }
    }
    fwrite(b.p, 1, b.len, stdout);
    nm_buf_free(&b);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) { fprintf(stderr, "newsmill: export: %s\n", sqlite3_errmsg(db)); return NM_EXIT_FATAL; }
    return fflush(stdout) ? NM_EXIT_FATAL : NM_EXIT_OK;
}

/* One JSON object per article with its annotations nested. */
static int export_nested(sqlite3 *db)
{
    static const char *const PARTS[][2] = {
        {"entities", "SELECT ae.article_id, e.id, e.name, e.type, e.country, e.sector, ae.mentions FROM article_entities ae "
                     "JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ?1 ORDER BY ae.mentions DESC, e.id"},
        {"quotes", "SELECT q.article_id, q.start, q.end, q.sentence, q.kind, q.speaker_id AS entity, e.name AS speaker, q.speaker_text, "
                   "q.cue, q.addressee, coalesce(q.text, substr(a.text, q.start + 1, q.end - q.start)) AS text FROM quotes q "
                   "JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id WHERE q.article_id = ?1 ORDER BY q.idx"},
        {"events", "SELECT v.article_id, v.start, v.end, v.sentence, v.date, v.code, v.root, v.quad, v.goldstein, v.source_id AS source_entity, "
                   "v.source_code, v.target_id AS target_entity, v.target_code, coalesce(v.text, substr(a.text, v.start + 1, v.end - v.start)) AS text, "
                   "v.place, v.negated, v.mood FROM events v JOIN articles a ON a.id = v.article_id WHERE v.article_id = ?1 ORDER BY v.idx"},
        {"timex", "SELECT t.article_id, t.start, t.end, coalesce(t.text, substr(a.text, t.start + 1, t.end - t.start)) AS text, t.type, "
                  "t.value, t.mod FROM timex t JOIN articles a ON a.id = t.article_id WHERE t.article_id = ?1 ORDER BY t.idx"},
        {"quantities", "SELECT t.article_id, t.start, t.end, coalesce(t.text, substr(a.text, t.start + 1, t.end - t.start)) AS text, "
                       "t.value, t.unit, t.object, t.mod FROM quantities t JOIN articles a ON a.id = t.article_id WHERE t.article_id = ?1 ORDER BY t.idx"},
        {"claims", "SELECT s.article_id, s.claim_idx AS claim, c.about, s.quote_idx AS quote, s.event_idx AS event, s.source_id AS source_entity, "
                   "s.source_name, s.stance FROM claim_statements s JOIN claims c ON c.article_id = s.article_id AND c.idx = s.claim_idx "
                   "WHERE s.article_id = ?1 ORDER BY s.claim_idx, s.idx"},
    };
    enum { NPARTS = sizeof PARTS / sizeof PARTS[0] };
    sqlite3_stmt *arts = NULL, *parts[NPARTS] = {0};
    int status = NM_EXIT_OK;
    if (sqlite3_prepare_v2(db, "SELECT id, ext_id AS id, title, url, date, date_source, source, "
                               "(SELECT json_group_array(json_object('text', t, 'sentence', sentence, 'score', score)) FROM "
                               "(SELECT coalesce(k.text, substr(a.text, k.start + 1, k.end - k.start)) AS t, k.sentence, k.score "
                               "FROM keypoints k WHERE k.article_id = a.id ORDER BY k.idx)) AS keypoints, "
                               "editor_keypoints, text FROM articles a ORDER BY id", -1, &arts, NULL) != SQLITE_OK)
        goto fail;
    for (int p = 0; p < NPARTS; p++)
        if (sqlite3_prepare_v2(db, PARTS[p][1], -1, &parts[p], NULL) != SQLITE_OK) goto fail;
    nm_buf b;
    nm_buf_init(&b);
    while (sqlite3_step(arts) == SQLITE_ROW) {
        nm_json j;
        nm_json_init(&j, &b, 0);
        nm_json_obj_begin(&j);
        for (int i = 1; i < sqlite3_column_count(arts); i++) {
            const char *name = sqlite3_column_name(arts, i);
            const char *v = (const char *)sqlite3_column_text(arts, i);
            if (i == 7 || i == 8) { /* stored JSON: embed as it is */
                nm_json_key(&j, name);
                if (v) {
                    nm_json_cstr(&j, ""); /* keep the writer's comma state, then replace the empty string */
                    b.len -= 2;
                    nm_buf_puts(&b, v);
                } else {
                    nm_json_arr_begin(&j);
                    nm_json_arr_end(&j);
                }
                continue;
            }
            if (v) nm_json_kstr(&j, name, v, (size_t)sqlite3_column_bytes(arts, i));
            else nm_json_knull(&j, name);
        }
        int64_t id = sqlite3_column_int64(arts, 0);
        for (int p = 0; p < NPARTS; p++) {
            nm_json_key(&j, PARTS[p][0]);
            nm_json_arr_begin(&j);
            sqlite3_reset(parts[p]);
            sqlite3_bind_int64(parts[p], 1, id);
            while (sqlite3_step(parts[p]) == SQLITE_ROW) row_json(&j, parts[p], 1);
            nm_json_arr_end(&j);
        }
        nm_json_obj_end(&j);
        nm_buf_putc(&b, '\n');
        if (b.len > 1 << 16) { fwrite(b.p, 1, b.len, stdout); b.len = 0; }
    }
    fwrite(b.p, 1, b.len, stdout);
    nm_buf_free(&b);
    goto out;
fail:
    fprintf(stderr, "newsmill: export: %s\n", sqlite3_errmsg(db));
    status = NM_EXIT_FATAL;
out:
    sqlite3_finalize(arts);
    for (int p = 0; p < NPARTS; p++) sqlite3_finalize(parts[p]);
    if (status == NM_EXIT_OK && fflush(stdout)) status = NM_EXIT_FATAL;
    return status;
}

int nm_cmd_export(int argc, char **argv)
{
    int csv = 0;
    const char *table = NULL, *dbpath = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(EXPORT_USAGE, stdout); return 0; }
        if (!strcmp(a, "--format") && i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcmp(v, "csv")) csv = 1;
            else if (strcmp(v, "jsonl")) { fprintf(stderr, "newsmill: --format must be jsonl or csv\n"); return NM_EXIT_USAGE; }
            continue;
        }
        if (!strcmp(a, "--table") && i + 1 < argc) { table = argv[++i]; continue; }
        if (a[0] == '-') { fprintf(stderr, "newsmill: unknown option %s (see --help)\n", a); return NM_EXIT_USAGE; }
        if (dbpath) { fprintf(stderr, "newsmill: unexpected argument '%s'\n", a); return NM_EXIT_USAGE; }
        dbpath = a;
    }
    if (!dbpath) { fputs(EXPORT_USAGE, stderr); return NM_EXIT_USAGE; }
    const char *sql = NULL;
    if (table) {
        for (size_t i = 0; i < sizeof EXPORT_TABLES / sizeof EXPORT_TABLES[0]; i++)
            if (!strcmp(table, EXPORT_TABLES[i][0])) sql = EXPORT_TABLES[i][1];
        if (!sql) { fprintf(stderr, "newsmill: unknown table '%s' (see --help)\n", table); return NM_EXIT_USAGE; }
    } else if (csv) {
        sql = EXPORT_TABLES[0][1];
    }
    char err[512];
    nm_store *s = nm_store_open(dbpath, 1, err, sizeof err);
    if (!s) { fprintf(stderr, "newsmill: %s\n", err); return NM_EXIT_FATAL; }
    int rc = sql ? export_table(nm_store_db(s), sql, csv) : export_nested(nm_store_db(s));
    nm_store_close(s);
    return rc;
}
