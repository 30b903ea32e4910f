/*
 * quantities.h — the quantities layer: numbers in digits and words with their unit (%, km, an
 * ISO 4217 currency code) or the thing they count ("91 long-range drones" → 91 drones), their
 * modifier (around → APPROX) and ranges. Numbers that belong to a date or a clock time are left to
 * the timex stage; durations ("15-year guarantees") are reported here too, as amounts of time.
 */
#ifndef NM_QUANTITIES_H
#define NM_QUANTITIES_H

#include <stdint.h>

#include "doc.h"

typedef enum {
    NM_QTY_COUNT = 0,   /* 91 drones, four parties */
    NM_QTY_PERCENT,     /* 90 percent */
    NM_QTY_MONEY,       /* $5 billion (unit = ISO 4217 code) */
    NM_QTY_MEASURE,     /* 700 kilometers */
    NM_QTY_DURATION,    /* 15-year, 30 years */
    NM_QTY_ORDINAL,     /* the second conversation */
    NM_QTY_NUMBER,      /* a bare number */
} nm_qty_kind;

typedef struct nm_quantity {
    uint32_t start, end;   /* bytes */
    uint32_t sent;
    uint8_t kind;          /* nm_qty_kind */
    double value;
    double value_max;      /* upper end of a range ("5 to 10"); equal to value otherwise */
    const char *unit;      /* "%", "km", "USD", "year" … or NULL */
    const char *object;    /* head noun of what is counted ("drones"), arena string, or NULL */
    const char *mod;       /* APPROX, MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS or NULL */
} nm_quantity;

typedef struct nm_quantity_set {
    NM_VEC(nm_quantity) v;
} nm_quantity_set;

#endif
