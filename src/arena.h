/*
 * arena.h — a bump allocator: one per document, freed in one call.
 *
 * Every annotation of a document (tokens, sentences, entities, quotes ...) is allocated here, so the
 * hot paths never call malloc per token and a document is released with a single nm_arena_free.
 */
#ifndef NM_ARENA_H
#define NM_ARENA_H

#include <stddef.h>
#include <string.h>

typedef struct nm_arena_block nm_arena_block;

typedef struct nm_arena {
    nm_arena_block *head;
    size_t used_total;
} nm_arena;

void nm_arena_init(nm_arena *a);
void nm_arena_free(nm_arena *a);
/* Aligned to 16 bytes; aborts on out-of-memory (there is no sensible recovery mid-document). */
void *nm_arena_alloc(nm_arena *a, size_t n);
void *nm_arena_zalloc(nm_arena *a, size_t n);
/* Copy n bytes and add a terminating NUL. */
char *nm_arena_strndup(nm_arena *a, const char *s, size_t n);
/* Grow an array allocated in the arena: returns a new block with the old contents copied.
 * Used by NM_VEC below; the old block is simply abandoned to the arena. */
void *nm_arena_grow(nm_arena *a, void *old, size_t old_bytes, size_t new_bytes);

/* A growable array in an arena: struct { T *v; size_t n, cap; }. */
#define NM_VEC(T) struct { T *v; size_t n, cap; }
#define NM_VEC_PUSH(arena, vec, item)                                                         \
    do {                                                                                      \
        if ((vec).n == (vec).cap) {                                                           \
            size_t nc_ = (vec).cap ? (vec).cap * 2 : 16;                                      \
            (vec).v = nm_arena_grow((arena), (vec).v, (vec).cap * sizeof(*(vec).v),           \
                                    nc_ * sizeof(*(vec).v));                                  \
            (vec).cap = nc_;                                                                  \
        }                                                                                     \
        (vec).v[(vec).n++] = (item);                                                          \
    } while (0)

#endif
