/*
 * events.h — the events stage: who did what to whom, when, coded in CAMEO, with provenance.
 *
 * For each sentence, token-level pattern matching (data/lexicons/cameo-verbs.txt plus a user
 * pattern file) finds event verbs and nouns; actors come from actors.h (dictionaries, metonyms,
 * the entity layer when present). No parser: clause boundaries, passive voice, coordination and
 * gerund complements ("accused Kyiv of launching an attack") are handled by local rules.
 * The claims stage (claims.h) reads these events.
 */
#ifndef NM_EVENTS_H
#define NM_EVENTS_H

#include <stdint.h>

#include "doc.h"

typedef struct nm_event_actor {
    int set;
    int32_t entity;          /* entity index (entities.h) or -1 */
    uint32_t start, end;     /* bytes of the noun phrase */
    const char *name;        /* arena string: the phrase without leading determiners */
    const char *code;        /* CAMEO actor code ("USAGOV", "---REB") or NULL when unknown */
} nm_event_actor;

enum { NM_MOOD_ASSERTED = 0, NM_MOOD_HYPOTHETICAL, NM_MOOD_FUTURE };

typedef struct nm_event {
    nm_event_actor source, target, reporter; /* target.set / reporter.set = 0 when none */
    char code[8];            /* most specific CAMEO code, "0841" */
    char root[3];            /* "08" */
    int quad;                /* QuadClass 1..4 */
    double goldstein;
    uint32_t start, end;     /* bytes of the verb or noun phrase */
    uint32_t sent;           /* index into doc->sents */
    uint32_t head_tok;       /* token of the pattern head */
    char date[16];           /* YYYY-MM-DD (or coarser), "" unknown */
    uint32_t place_start, place_end; /* bytes, place_end == 0: none */
    uint8_t negated, mood, nominal;
    int32_t alleged_by;      /* index of the event that alleges this one ("accused X of ..."), or -1 */
} nm_event;

/* A denial or doubt about some event ("called the alleged strike a fabrication", "denied the
 * accusations"), found while coding events; the claims stage links it to the events it is about. */
enum { NM_STANCE_ASSERTS = 0, NM_STANCE_DENIES, NM_STANCE_QUESTIONS };
typedef struct nm_stance {
    nm_event_actor speaker;  /* speaker.set = 0 when unknown */
    uint8_t stance;          /* NM_STANCE_DENIES or NM_STANCE_QUESTIONS */
    int root;                /* CAMEO root of the event noun it names ("strike" → 19), 0 = any */
    uint32_t sent;
    uint32_t start, end;     /* bytes of the cue ("fabrication", "denied") */
} nm_stance;

typedef struct nm_event_set {
    NM_VEC(nm_event) v;
    NM_VEC(nm_stance) stances;
} nm_event_set;

struct nm_json;
/* Write actor a under key: {entity, name, code} (name only when the entity layer has none), plus
 * start/end in code points when with_span; null when a is unset. Shared with the claims stage. */
void nm_event_actor_json(struct nm_json *j, const nm_doc *d, const char *key, const nm_event_actor *a, int with_span);

/* Words that introduce reported speech or denial, shared with the claims stage. */
int nm_events_is_say_verb(const nm_doc *d, uint32_t tok);

#endif
