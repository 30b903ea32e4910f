/*
 * store_json.h — a small read-only JSON tree in an arena, for the store's ingest path.
 *
 * Why: the store reads every stage's JSON output (so new annotation kinds slot in), and parsing
 * it with jansson (a hash table and a malloc per object, key and string, freed one by one) was
 * the largest part of ingest's cost outside analysis. Here a document is parsed in one pass into
 * one arena, objects keep their keys in order (lookups scan them: stage objects have a dozen
 * keys), and the whole tree is released with the item's arena.
 */
#ifndef NM_STORE_JSON_H
#define NM_STORE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "json_out.h"

enum { NM_SJ_NULL, NM_SJ_FALSE, NM_SJ_TRUE, NM_SJ_INT, NM_SJ_REAL, NM_SJ_STR, NM_SJ_ARR, NM_SJ_OBJ };

typedef struct nm_sj nm_sj;
struct nm_sj {
    uint8_t type;
    uint32_t n;           /* string: length in bytes; array/object: number of items */
    union {
        int64_t i;
        double d;
        const char *s;    /* NUL-terminated (may contain NULs from \u0000; n is the length) */
        nm_sj *items;
    } u;
    const char **keys;    /* object: keys[k] names items[k] */
};

/* Parse n bytes of JSON into arena a. Returns the root or NULL (malformed, nesting deeper than
 * 256, or out of memory). */
nm_sj *nm_sj_parse(nm_arena *a, const char *s, size_t n);

/* Accessors tolerate NULL and mistyped values (they answer NULL / 0). */
const nm_sj *nm_sj_get(const nm_sj *obj, const char *key);
static inline size_t nm_sj_size(const nm_sj *v) { return v && (v->type == NM_SJ_ARR || v->type == NM_SJ_OBJ) ? v->n : 0; }
static inline const nm_sj *nm_sj_at(const nm_sj *arr, size_t i) { return arr && arr->type == NM_SJ_ARR && i < arr->n ? &arr->u.items[i] : NULL; }
static inline int nm_sj_is(const nm_sj *v, int type) { return v && v->type == type; }
static inline int nm_sj_is_number(const nm_sj *v) { return v && (v->type == NM_SJ_INT || v->type == NM_SJ_REAL); }
static inline const char *nm_sj_str(const nm_sj *v) { return v && v->type == NM_SJ_STR ? v->u.s : NULL; }
static inline double nm_sj_number(const nm_sj *v) { return !v ? 0 : v->type == NM_SJ_INT ? (double)v->u.i : v->type == NM_SJ_REAL ? v->u.d : 0; }

/* Write v back as JSON (for values the store keeps as JSON text). */
void nm_sj_write(nm_json *j, const nm_sj *v);

#endif
