/*
 * claims.h — the claims stage: statements in one article about the same proposition, from
 * different sources, grouped into one claim with each source's stance (asserts, denies, questions).
 *
 * A proposition is an event that someone else vouches for: an event alleged by another
 * ("Moscow accused Kyiv of launching a drone attack") or reported inside a statement ("Lavrov
 * said Ukraine had tried to attack ..."). Events with the same root family and the same source and
 * target countries are one proposition. Denials and doubts found by the events stage
 * (nm_stance: "called the alleged strike a complete fabrication") are attached to the latest
 * matching proposition.
 */
#ifndef NM_CLAIMS_H
#define NM_CLAIMS_H

#include <stdint.h>

#include "doc.h"
#include "events.h"

typedef struct nm_claim_statement {
    int32_t event;            /* index into doc->events, or -1 */
    int32_t stance_index;     /* index into doc->events->stances, or -1 */
    nm_event_actor source;    /* who states it (source.set = 0: unknown) */
    uint8_t stance;           /* NM_STANCE_* */
    uint32_t sent;
    uint32_t start, end;      /* bytes: the event phrase or the denial cue */
} nm_claim_statement;

typedef struct nm_claim {
    const char *about;        /* arena string: "Ukraine → Russia: drone attack (195)" */
    char code[8];             /* the CAMEO code of the first event */
    int32_t first_event;
    NM_VEC(nm_claim_statement) statements;
} nm_claim;

typedef struct nm_claim_set {
    NM_VEC(nm_claim) v;
} nm_claim_set;

#endif
