/*
 * time_num.h — shared helpers of the time layer: calendar arithmetic and number reading.
 *
 * The timex stage (timex.c) and the quantities stage (quantities.c) both need to read numbers
 * written in digits ("1,000.5", "28th") or words ("ninety-one", "a dozen"), and the timex stage
 * needs proleptic-Gregorian day arithmetic (weekdays, ISO weeks, leap years). Kept here so the two
 * stages agree on what a number is. The word lists live in data/lexicons/numbers.txt and
 * data/lexicons/time-words.txt and are loaded once into nm_time_res (shared, read-only).
 */
#ifndef NM_TIME_NUM_H
#define NM_TIME_NUM_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"

/* Shared read-only resources of the time layer (engine->time_res). */
typedef struct nm_time_res {
    nm_lexicon *words;    /* time-words.txt: "CLASS ARG" */
    nm_lexicon *numbers;  /* numbers.txt: "C n" cardinal, "O n" ordinal, "X n" multiplier, "F x" fraction */
    nm_lexicon *tense;    /* time-tense.txt: past / future */
    nm_lexicon *units;    /* units.txt: unit words → canonical unit */
    nm_lexicon *currencies; /* currencies.txt: symbols and names → ISO 4217 */
    /* A cheap pre-check before hashing a token for the words and numbers lexicons: per slot of
     * (ASCII-lower-cased first and last byte), bit min(length, 63) is set when a key of either
     * lexicon has those bytes and that length (most tokens of a text are neither, so most
     * look-ups are skipped with an unchanged answer). Filled by nm_time_res_index; until then
     * every token may match. */
    uint64_t word_shapes[1024];
    int word_shapes_ready;
} nm_time_res;

/* Fill r->word_shapes from the loaded words and numbers lexicons. */
void nm_time_res_index(nm_time_res *r);
/* The word_shapes slot of a non-empty key or token. */
static inline unsigned nm_time_shape_slot(const char *s, size_t n)
{
    unsigned char a = (unsigned char)s[0], z = (unsigned char)s[n - 1];
    if (a >= 'A' && a <= 'Z') a = (unsigned char)(a + 32);
    if (z >= 'A' && z <= 'Z') z = (unsigned char)(z + 32);
    return ((unsigned)a * 31u + z) & 1023u;
}
/* Whether s[0,n) may be a key of the words or numbers lexicon (no false negatives). */
static inline int nm_time_may_be_word(const nm_time_res *r, const char *s, size_t n)
{
    if (!r->word_shapes_ready || n == 0) return 1;
    return (int)((r->word_shapes[nm_time_shape_slot(s, n)] >> (n < 63 ? n : 63)) & 1);
}

/* ---- calendar ---- */
int nm_is_leap(int y);
int nm_month_days(int y, int m);              /* 0 for an invalid month */
int nm_valid_date(int y, int m, int d);
int64_t nm_days_from_civil(int y, int m, int d); /* days since 1970-01-01 */
void nm_civil_from_days(int64_t z, int *y, int *m, int *d);
int nm_weekday(int y, int m, int d);          /* 1 = Monday … 7 = Sunday */
void nm_iso_week(int y, int m, int d, int *wy, int *wn); /* ISO 8601 week-numbering year and week */
void nm_add_days(int *y, int *m, int *d, int64_t n);

/* ---- numbers ---- */
/* A number in digits: "91", "1,000", "2.5", "-3". Returns 1 and the value if the whole of s[0,n)
 * is such a number. */
int nm_num_digits(const char *s, size_t n, double *v);
/* A number word or hyphenated compound ("four", "ninety-one", "twenty"): 'C' cardinal, 'O' ordinal
 * ("third", "21st" also counts), 'X' multiplier ("million", "bn"), 'F' fraction ("half"), 0 if none. */
int nm_num_word(const nm_time_res *r, const char *s, size_t n, double *v);
/* nm_num_word with the key already hashed by nm_lexicon_hash(s, n, NM_LEX_FOLD) (a caller that
 * probes other lexicons with the same token hashes it once). */
int nm_num_word_hashed(const nm_time_res *r, const char *s, size_t n, uint64_t fold_hash, double *v);

#endif
