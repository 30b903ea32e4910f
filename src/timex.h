/*
 * timex.h — the time layer: time expressions (TIMEX3-like) normalised against the reference date,
 * and the date each sentence talks about.
 */
#ifndef NM_TIMEX_H
#define NM_TIMEX_H

#include <stdint.h>

#include "doc.h"

typedef enum { NM_TIMEX_DATE = 0, NM_TIMEX_TIME, NM_TIMEX_DURATION, NM_TIMEX_SET } nm_timex_type;

typedef struct nm_timex {
    uint32_t start, end;     /* bytes */
    uint32_t sent;
    uint8_t type;            /* nm_timex_type */
    const char *value;       /* TIMEX3 value: 2025-12-29, 2026-01, P4Y, XXXX-WXX-1, PRESENT_REF ... */
    const char *mod;         /* START, END, APPROX, ... or NULL */
} nm_timex;

typedef struct nm_timex_set {
    NM_VEC(nm_timex) v;
} nm_timex_set;

/* The date (YYYY-MM-DD, or a coarser TIMEX3 value such as 2026-01) that sentence sent (an index
 * into doc->sents, not the body index) talks about:
 * its first DATE expression resolved to a day/month, else the reference date. Writes into out
 * (at least 16 bytes) and returns 1, or returns 0 when nothing is known. */
int nm_time_sentence_date(const nm_doc *d, uint32_t sent, char *out);

#endif
