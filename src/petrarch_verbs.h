/*
 * petrarch_verbs.h — read a PETRARCH/TABARI verb dictionary as newsmill event patterns.
 *
 * Event coders' users keep years of work in verb dictionaries (PETRARCH's CAMEO.2.0.txt, TABARI's
 * .verbs files, project-specific ones). Rather than a second matcher, the dictionary is translated
 * into patterns of the events stage's own format (data/lexicons/cameo-verbs.txt): one mechanism,
 * and the translation can be checked by reading its output (docs/events.md, "Verb dictionaries").
 */
#ifndef NM_PETRARCH_VERBS_H
#define NM_PETRARCH_VERBS_H

#include <stddef.h>

/* Receives one translated pattern ("break|broke|broken down * treaty") and its code ("161", or
 * "---" for "no event"). Returns 0, or -1 to stop (out of memory). */
typedef int (*nm_pattern_sink)(void *ctx, const char *pattern, const char *code);

typedef struct nm_verbs_stats {
    size_t patterns;   /* patterns passed to the sink */
    size_t skipped;    /* dictionary patterns that need context before the verb (not translated) */
} nm_verbs_stats;

/* Translate the dictionary text. Never fails on content; returns 0, or -1 when the sink did. */
int nm_petrarch_verbs_read(const char *text, size_t len, nm_pattern_sink sink, void *ctx, nm_verbs_stats *stats);

#endif
