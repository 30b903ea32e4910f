/*
 * arena.c — the per-document bump allocator (see arena.h for why).
 */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>

struct nm_arena_block {
    nm_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

enum { NM_ARENA_MIN_BLOCK = 64 * 1024 };

void nm_arena_init(nm_arena *a) { a->head = NULL; a->used_total = 0; }

void nm_arena_free(nm_arena *a)
{
    nm_arena_block *b = a->head;
    while (b) {
        nm_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->used_total = 0;
}

void *nm_arena_alloc(nm_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0) n = 16;
    nm_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t want = n > NM_ARENA_MIN_BLOCK ? n : NM_ARENA_MIN_BLOCK;
        if (b && b->size * 2 > want && b->size < (64u << 20)) want = b->size * 2 > n ? b->size * 2 : n;
        b = malloc(sizeof(*b) + want);
        if (!b) {
            fprintf(stderr, "newsmill: out of memory (arena block of %zu bytes)\n", want);
            abort();
        }
        b->size = want;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->used_total += n;
    return p;
}

void *nm_arena_zalloc(nm_arena *a, size_t n)
{
    void *p = nm_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *nm_arena_strndup(nm_arena *a, const char *s, size_t n)
{
    char *p = nm_arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *nm_arena_grow(nm_arena *a, void *old, size_t old_bytes, size_t new_bytes)
{
    void *p = nm_arena_alloc(a, new_bytes);
    if (old && old_bytes) memcpy(p, old, old_bytes < new_bytes ? old_bytes : new_bytes);
    return p;
}
