/*
 * time_num.c — calendar arithmetic and number reading shared by the timex and quantities stages
 * (see time_num.h). Days are counted with the civil-from-days algorithm (proleptic Gregorian), so
 * leap years and year boundaries need no special cases in the callers.
 */
#include "time_num.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int nm_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int nm_month_days(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && nm_is_leap(y) ? 29 : md[m - 1];
}

int nm_valid_date(int y, int m, int d) { return y > 0 && d >= 1 && d <= nm_month_days(y, m); }

int64_t nm_days_from_civil(int y, int m, int d)
{
    int64_t yy = y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void nm_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int nm_weekday(int y, int m, int d)
{
    int64_t z = nm_days_from_civil(y, m, d); /* 1970-01-01 was a Thursday (4) */
    int64_t w = (z + 3) % 7;
    if (w < 0) w += 7;
    return (int)w + 1;
}

void nm_iso_week(int y, int m, int d, int *wy, int *wn)
{
    /* The ISO week belongs to the year of its Thursday. */
    int64_t z = nm_days_from_civil(y, m, d);
    int64_t thu = z - nm_weekday(y, m, d) + 4;
    int ty, tm, td;
    nm_civil_from_days(thu, &ty, &tm, &td);
    *wy = ty;
    *wn = (int)((thu - nm_days_from_civil(ty, 1, 1)) / 7 + 1);
}

void nm_add_days(int *y, int *m, int *d, int64_t n)
{
    nm_civil_from_days(nm_days_from_civil(*y, *m, *d) + n, y, m, d);
}

int nm_num_digits(const char *s, size_t n, double *v)
{
    if (n == 0 || n > 40) return 0;
    char buf[48];
    size_t k = 0, i = 0, digits = 0;
    int seen_point = 0;
    if (s[0] == '-' || s[0] == '+') buf[k++] = s[i++];
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') { buf[k++] = c; digits++; }
        else if (c == ',' && digits && !seen_point) {
            /* thousands separator: exactly three digits follow */
            size_t j = i + 1, nd = 0;
            while (j < n && s[j] >= '0' && s[j] <= '9') { j++; nd++; }
            if (nd != 3) return 0;
        } else if (c == '.' && !seen_point && digits && i + 1 < n) { seen_point = 1; buf[k++] = '.'; }
        else return 0;
    }
    if (!digits) return 0;
    buf[k] = 0;
    *v = strtod(buf, NULL);
    return 1;
}

static void index_keys(nm_time_res *r, const nm_lexicon *lx)
{
    for (size_t i = 0; i < nm_lexicon_size(lx); i++) {
        const char *k = nm_lexicon_key(lx, i);
        size_t n = strlen(k);
        if (!n) continue; /* an empty key: nm_time_may_be_word lets empty tokens through anyway */
        r->word_shapes[nm_time_shape_slot(k, n)] |= (uint64_t)1 << (n < 63 ? n : 63);
    }
}

void nm_time_res_index(nm_time_res *r)
{
    memset(r->word_shapes, 0, sizeof r->word_shapes);
    index_keys(r, r->words);
    index_keys(r, r->numbers);
    r->word_shapes_ready = 1;
}

static int word_lookup(const nm_time_res *r, const char *s, size_t n, double *v)
{
    if (!nm_time_may_be_word(r, s, n)) return 0;
    const char *val = nm_lexicon_get(r->numbers, s, n);
    if (!val || !val[0]) return 0;
    *v = strtod(val + 2, NULL);
    return val[0];
}

int nm_num_word(const nm_time_res *r, const char *s, size_t n, double *v)
{
    /* the hash is only needed when the pre-check lets the token through */
    uint64_t h = n <= 40 && nm_time_may_be_word(r, s, n) ? nm_lexicon_hash(s, n, NM_LEX_FOLD) : 0;
    return nm_num_word_hashed(r, s, n, h, v);
}

int nm_num_word_hashed(const nm_time_res *r, const char *s, size_t n, uint64_t fold_hash, double *v)
{
    if (n == 0 || n > 40) return 0;
    /* digit ordinals: 1st 2nd 3rd 28th */
    if (isdigit((unsigned char)s[0]) && n >= 3) {
        const char *suf = s + n - 2;
        char a = (char)(suf[0] | 0x20), b = (char)(suf[1] | 0x20); /* letters only compared: ASCII case fold */
        if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
            double x;
            if (nm_num_digits(s, n - 2, &x)) { *v = x; return 'O'; }
        }
    }
    const char *whole = nm_time_may_be_word(r, s, n) ? nm_lexicon_get_hashed(r->numbers, fold_hash, NM_LEX_FOLD, s, n) : NULL;
    if (whole && whole[0]) {
        *v = strtod(whole + 2, NULL);
        return whole[0];
    }
    /* twenty-one, ninety-first */
    const char *dash = memchr(s, '-', n);
    if (dash) {
        double a = 0, b = 0;
        size_t la = (size_t)(dash - s);
        int ka = word_lookup(r, s, la, &a);
        int kb = word_lookup(r, dash + 1, n - la - 1, &b);
        if (ka == 'C' && a >= 20 && a <= 90 && (int)a % 10 == 0 && (kb == 'C' || kb == 'O') && b >= 1 && b <= 9) {
            *v = a + b;
            return kb;
        }
    }
    return 0;
}
