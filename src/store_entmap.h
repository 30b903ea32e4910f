/*
 * store_entmap.h — the ingest writer's in-memory copy of what cross-article entity resolution
 * reads: every stored entity (name, type, counts, country, sector, role titles) and every name
 * form (entity_names), loaded once per writer session.
 *
 * Why: resolving an article's entities asked SQLite a join (name form -> entities, with an
 * EXISTS over entity_roles) per entity and updated each matched entity's counts row by row; that
 * was the largest part of the writer's cost (docs/store.md, "Ingest throughput"). With this copy
 * the look-ups never reach SQLite, and the count updates of a transaction are written once per
 * entity just before it commits (nm_entmap_dirty). The copy answers exactly what the SQL look-ups
 * answered against the database as the writer left it; it is dropped whenever the database may
 * differ from it (a rollback, another connection's commit) and loaded again when next needed.
 *
 * One writer: an nm_entmap belongs to one nm_store and is used by one thread at a time.
 */
#ifndef NM_STORE_ENTMAP_H
#define NM_STORE_ENTMAP_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "arena.h"

typedef struct nm_entmap_ent {
    int64_t id;
    const char *name, *type, *country, *sector; /* in the map's arena; country/sector may be NULL */
    int64_t mentions, articles;
    int32_t roles;      /* first role-title node, -1 when none */
    uint8_t dirty;      /* counts, name, country or sector changed since written (nm_entmap_dirty) */
} nm_entmap_ent;

typedef struct nm_entmap {
    int loaded;
    nm_arena strings;                       /* names, types, keys, titles */
    nm_entmap_ent *ents;                    /* in load/creation order */
    size_t nents, ents_cap;
    int32_t *by_id;                         /* open addressing: id -> index in ents, -1 empty */
    size_t by_id_cap;
    struct nm_entmap_key { uint64_t hash; const char *key; int32_t head; } *keys; /* key -> first node */
    size_t nkeys, keys_cap;
    struct nm_entmap_node { int64_t id; int32_t next; } *nodes;                    /* name-form postings */
    size_t nnodes, nodes_cap;
    struct nm_entmap_role { const char *title; int32_t next; } *roles;
    size_t nroles, roles_cap;
    int64_t *dirty;                         /* ids of entities with dirty set */
    size_t ndirty, dirty_cap;
    int64_t max_id;                         /* largest entity id (0: none) */
} nm_entmap;

void nm_entmap_init(nm_entmap *m);
/* Forget everything (the next nm_entmap_load reads the database again). */
void nm_entmap_clear(nm_entmap *m);
/* Load the entities, their name forms and role titles from db unless loaded. 0 or -1. */
int nm_entmap_load(nm_entmap *m, sqlite3 *db);

nm_entmap_ent *nm_entmap_get(nm_entmap *m, int64_t id);
/* A new entity (its row just inserted with these values). 0 or -1 (out of memory). */
int nm_entmap_add_entity(nm_entmap *m, int64_t id, const char *name, const char *type, const char *country,
                         const char *sector, int64_t mentions, int64_t articles);
/* Set the entity's name (copied). 0 or -1. */
int nm_entmap_rename(nm_entmap *m, nm_entmap_ent *e, const char *name);
/* Mark the entity's row as to be rewritten by the next flush. 0 or -1. */
int nm_entmap_touch(nm_entmap *m, nm_entmap_ent *e);
/* Record the name form (key, id): 1 when new (the row must be inserted), 0 when known, -1 on
 * out of memory. *stored (may be NULL): the map's copy of key, valid until nm_entmap_clear. */
int nm_entmap_add_name(nm_entmap *m, const char *key, int64_t id, const char **stored);
/* The first posting node of a name form (-1: none); walk with m->nodes[i].next. */
int32_t nm_entmap_first(const nm_entmap *m, const char *key);
/* Does the entity hold a role with this title? Record one: 0 or -1. */
int nm_entmap_has_role(const nm_entmap *m, const nm_entmap_ent *e, const char *title);
int nm_entmap_add_role(nm_entmap *m, nm_entmap_ent *e, const char *title);

#endif
