/*
 * store_entmap.c — the ingest writer's in-memory copy of the entity tables (see store_entmap.h):
 * entities by id, name forms by key, role titles per entity, and the entities whose row must be
 * rewritten before the transaction commits.
 *
 * Strings live in one arena, the tables are open-addressing hash tables and index-linked lists in
 * flat arrays (no malloc per entity or name form), all released in one nm_entmap_clear.
 */
#include "store_entmap.h"

#include <stdlib.h>
#include <string.h>

static uint64_t key_hash(const char *k)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *k; k++) { h ^= (unsigned char)*k; h *= 0x100000001b3ULL; }
    return h;
}

static uint64_t id_hash(int64_t id) { return (uint64_t)id * 0x9E3779B97F4A7C15ULL; }

/* Make room for one more element in a malloc'd array. 0 or -1. */
static int reserve(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 1024;
    void *nv = realloc(*v, nc * size);
    if (!nv) return -1;
    *v = nv;
    *cap = nc;
    return 0;
}

void nm_entmap_init(nm_entmap *m)
{
    memset(m, 0, sizeof *m);
    nm_arena_init(&m->strings);
}

void nm_entmap_clear(nm_entmap *m)
{
    nm_arena_free(&m->strings);
    free(m->ents);
    free(m->by_id);
    free(m->keys);
    free(m->nodes);
    free(m->roles);
    free(m->dirty);
    nm_entmap_init(m);
}

static const char *copy(nm_entmap *m, const char *s) { return s ? nm_arena_strndup(&m->strings, s, strlen(s)) : NULL; }

/* Types are few: share one copy of each. */
static const char *intern_type(nm_entmap *m, const char *type)
{
    static const char *const KNOWN[] = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC"};
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0]; i++)
        if (!strcmp(type, KNOWN[i])) return KNOWN[i];
    return copy(m, type);
}

static int by_id_grow(nm_entmap *m)
{
    size_t nc = m->by_id_cap ? m->by_id_cap * 2 : 4096;
    int32_t *nv = malloc(nc * sizeof *nv);
    if (!nv) return -1;
    memset(nv, 0xff, nc * sizeof *nv);
    for (size_t i = 0; i < m->nents; i++) {
        size_t h = id_hash(m->ents[i].id) & (nc - 1);
        while (nv[h] >= 0) h = (h + 1) & (nc - 1);
        nv[h] = (int32_t)i;
    }
    free(m->by_id);
    m->by_id = nv;
    m->by_id_cap = nc;
    return 0;
}

nm_entmap_ent *nm_entmap_get(nm_entmap *m, int64_t id)
{
    if (!m->by_id_cap) return NULL;
    for (size_t h = id_hash(id) & (m->by_id_cap - 1); m->by_id[h] >= 0; h = (h + 1) & (m->by_id_cap - 1))
        if (m->ents[m->by_id[h]].id == id) return &m->ents[m->by_id[h]];
    return NULL;
}

int nm_entmap_add_entity(nm_entmap *m, int64_t id, const char *name, const char *type, const char *country,
                         const char *sector, int64_t mentions, int64_t articles)
{
    if (!name || !type || m->nents >= INT32_MAX - 1) return -1;
    if ((m->nents + 1) * 2 > m->by_id_cap && by_id_grow(m)) return -1;
    if (reserve((void **)&m->ents, &m->ents_cap, m->nents, sizeof *m->ents)) return -1;
    nm_entmap_ent *e = &m->ents[m->nents];
    *e = (nm_entmap_ent){.id = id, .name = copy(m, name), .type = intern_type(m, type), .country = copy(m, country),
                         .sector = copy(m, sector), .mentions = mentions, .articles = articles, .roles = -1};
    size_t h = id_hash(id) & (m->by_id_cap - 1);
    while (m->by_id[h] >= 0) h = (h + 1) & (m->by_id_cap - 1);
    m->by_id[h] = (int32_t)m->nents++;
    if (id > m->max_id) m->max_id = id;
    return 0;
}

int nm_entmap_rename(nm_entmap *m, nm_entmap_ent *e, const char *name)
{
    e->name = copy(m, name);
    return nm_entmap_touch(m, e);
}

int nm_entmap_touch(nm_entmap *m, nm_entmap_ent *e)
{
    if (e->dirty) return 0;
    if (reserve((void **)&m->dirty, &m->dirty_cap, m->ndirty, sizeof *m->dirty)) return -1;
    m->dirty[m->ndirty++] = e->id;
    e->dirty = 1;
    return 0;
}

static int keys_grow(nm_entmap *m)
{
    size_t nc = m->keys_cap ? m->keys_cap * 2 : 8192;
    struct nm_entmap_key *nv = calloc(nc, sizeof *nv);
    if (!nv) return -1;
    for (size_t i = 0; i < m->keys_cap; i++) {
        if (!m->keys[i].key) continue;
        size_t h = m->keys[i].hash & (nc - 1);
        while (nv[h].key) h = (h + 1) & (nc - 1);
        nv[h] = m->keys[i];
    }
    free(m->keys);
    m->keys = nv;
    m->keys_cap = nc;
    return 0;
}

/* The slot of key, or the empty slot where it would go. */
static struct nm_entmap_key *key_slot(const nm_entmap *m, const char *key, uint64_t h)
{
    size_t i = h & (m->keys_cap - 1);
    while (m->keys[i].key && (m->keys[i].hash != h || strcmp(m->keys[i].key, key))) i = (i + 1) & (m->keys_cap - 1);
    return &m->keys[i];
}

int32_t nm_entmap_first(const nm_entmap *m, const char *key)
{
    if (!m->keys_cap) return -1;
    const struct nm_entmap_key *k = key_slot(m, key, key_hash(key));
    return k->key ? k->head : -1;
}

int nm_entmap_add_name(nm_entmap *m, const char *key, int64_t id, const char **stored)
{
    if ((m->nkeys + 1) * 2 > m->keys_cap && keys_grow(m)) return -1;
    uint64_t h = key_hash(key);
    struct nm_entmap_key *k = key_slot(m, key, h);
    if (k->key) {
        if (stored) *stored = k->key;
        for (int32_t i = k->head; i >= 0; i = m->nodes[i].next)
            if (m->nodes[i].id == id) return 0;
    }
    if (m->nnodes >= INT32_MAX - 1) return -1;
    if (reserve((void **)&m->nodes, &m->nodes_cap, m->nnodes, sizeof *m->nodes)) return -1;
    if (!k->key) {
        *k = (struct nm_entmap_key){h, copy(m, key), -1};
        m->nkeys++;
        if (stored) *stored = k->key;
    }
    m->nodes[m->nnodes] = (struct nm_entmap_node){id, k->head};
    k->head = (int32_t)m->nnodes++;
    return 1;
}

int nm_entmap_has_role(const nm_entmap *m, const nm_entmap_ent *e, const char *title)
{
    if (!title) return 0; /* as SQL's title = NULL */
    for (int32_t i = e->roles; i >= 0; i = m->roles[i].next)
        if (!strcmp(m->roles[i].title, title)) return 1;
    return 0;
}

int nm_entmap_add_role(nm_entmap *m, nm_entmap_ent *e, const char *title)
{
    if (nm_entmap_has_role(m, e, title)) return 0;
    if (m->nroles >= INT32_MAX - 1) return -1;
    if (reserve((void **)&m->roles, &m->roles_cap, m->nroles, sizeof *m->roles)) return -1;
    m->roles[m->nroles] = (struct nm_entmap_role){copy(m, title), e->roles};
    e->roles = (int32_t)m->nroles++;
    return 0;
}

static const char *col_text(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

int nm_entmap_load(nm_entmap *m, sqlite3 *db)
{
    if (m->loaded) return 0;
    nm_entmap_clear(m);
    static const char *const SQL[3] = {
        "SELECT id, name, type, country, sector, mentions, articles FROM entities",
        "SELECT key, entity_id FROM entity_names",
        "SELECT entity_id, title FROM entity_roles",
    };
    for (int q = 0; q < 3; q++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, SQL[q], -1, &st, NULL) != SQLITE_OK) goto fail;
        int rc = SQLITE_DONE, bad = 0;
        while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (q == 0) {
                bad = nm_entmap_add_entity(m, sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
                                           col_text(st, 3), col_text(st, 4), sqlite3_column_int64(st, 5),
                                           sqlite3_column_int64(st, 6)) != 0;
            } else if (q == 1) {
                bad = !col_text(st, 0) || nm_entmap_add_name(m, col_text(st, 0), sqlite3_column_int64(st, 1), NULL) < 0;
            } else {
                nm_entmap_ent *e = nm_entmap_get(m, sqlite3_column_int64(st, 0));
                bad = e && nm_entmap_add_role(m, e, col_text(st, 1)) != 0;
            }
        }
        sqlite3_finalize(st);
        if (bad || rc != SQLITE_DONE) goto fail;
    }
    m->loaded = 1;
    return 0;
fail:
    nm_entmap_clear(m);
    return -1;
}
