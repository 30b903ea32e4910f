/*
 * timex.c — the timex stage: time expressions (TimeML TIMEX3) found by hand-written rules over the
 * tokens and normalised against the reference (publication) date, HeidelTime-style.
 *
 * Why rules and not a model: the normalisation ("last Friday" → 2025-12-26) is a function of the
 * calendar and the reference date whatever finds the span, and the span grammar of news time
 * expressions is small. Each token is classified once through lexicons (data/lexicons/time-words.txt,
 * numbers.txt, time-tense.txt) and the grammar is a set of matchers tried at each token, longest
 * first: a linear scan with hash look-ups, no regular expressions.
 *
 * Reference date: the given date, else inferred from the text (a full date in the dateline, the
 * latest date stamped on an embedded post, else the latest explicit full date not in a future-tense
 * sentence). Relative expressions are resolved tense-aware: "Monday" in a past-tense clause is the
 * latest Monday on or before the reference date, in a future-tense clause the next one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stage.h"
#include "text.h"
#include "time_num.h"
#include "timex.h"

/* ---- per-token classes ---- */

typedef struct tinfo {
    char cls;          /* time-words.txt class letter (M W S P U R D X H), 0 if none */
    char ncls;         /* number class: 'N' digits, 'C' 'O' 'X' 'F' words (see time_num.h), 0 */
    const char *arg;   /* class argument (points into the lexicon) */
    int iarg;          /* numeric argument of M, W, D */
    double num;        /* value of a number token */
} tinfo;

typedef struct ctx {
    nm_doc *d;
    const nm_time_res *r;
    tinfo *ti;
    int ry, rm, rd;          /* reference date; ry == 0 unknown */
    int qn, qy;              /* last quarter mentioned (fiscal reports: "the quarter", "a year ago") */
    int ly, lm, ld;          /* last explicit day-level date (for "the next day") */
    int lyear;               /* year of the last calendar date of any granularity (for "later that year") */
    uint32_t sb, se;         /* current sentence's tokens */
    int infer_only;          /* first pass for the reference date: only explicit dates matter */
    int dl_m, dl_d;          /* a dateline's month and day without a year ("MOSCOW, Dec 29 (Reuters)") */
} ctx;

typedef struct match {
    uint32_t te;             /* token end (exclusive) */
    uint8_t type;
    char value[48];
    const char *mod;
    int full;                /* an explicit full date (y, m, d): a candidate reference date */
    int fy, fm, fd;
    int set_last;            /* a day-level date to remember for anaphora */
} match;

static const char *const TYPE_NAMES[] = {"DATE", "TIME", "DURATION", "SET"};

/* ---- small token helpers ---- */

/* Token i (in the sentence) is s, ASCII case-insensitively; inline so that the length of a literal s
 * is known at compile time and most calls stop at the length check. */
static inline __attribute__((always_inline)) int is(const ctx *c, uint32_t i, const char *s)
{
    if (i >= c->se) return 0;
    const nm_token *t = &c->d->toks.v[i];
    return nm_text_is_ci(c->d->text + t->start, t->end - t->start, s);
}
static const char *tstr(const ctx *c, uint32_t i) { return c->d->text + c->d->toks.v[i].start; }
static uint32_t tlen(const ctx *c, uint32_t i) { return nm_tok_len(&c->d->toks.v[i]); }
static int upper(const ctx *c, uint32_t i) { return i < c->se && (c->d->toks.v[i].flags & NM_TF_UPPER); }
static int is_punct(const ctx *c, uint32_t i) { return i >= c->se || (c->d->toks.v[i].flags & NM_TF_PUNCT); }

/* A 4-digit year token (1000–2199). */
static int year_at(const ctx *c, uint32_t i, int *y)
{
    if (i >= c->se || tlen(c, i) != 4 || c->ti[i].ncls != 'N') return 0;
    int v = (int)c->ti[i].num;
    if (v < 1000 || v > 2199) return 0;
    *y = v;
    return 1;
}

/* A day of month: "28" or "28th". */
static int day_at(const ctx *c, uint32_t i, int *d)
{
    if (i >= c->se) return 0;
    const tinfo *t = &c->ti[i];
    if (!((t->ncls == 'N' && tlen(c, i) <= 2) || (t->ncls == 'O' && tstr(c, i)[0] >= '0' && tstr(c, i)[0] <= '9')))
        return 0;
    int v = (int)t->num;
    if (v < 1 || v > 31 || t->num != v) return 0;
    *d = v;
    return 1;
}

/* A count for a duration: digits, number words, "a"/"an"; "several", "few" … give -1 (unspecified). */
static int count_at(const ctx *c, uint32_t i, double *v, uint32_t *end)
{
    if (i >= c->se) return 0;
    const tinfo *t = &c->ti[i];
    if (t->ncls == 'N' && t->num >= 0 && t->num < 10000 && !memchr(tstr(c, i), ',', tlen(c, i))) { *v = t->num; *end = i + 1; return 1; }
    if (t->ncls == 'C') {
        *v = t->num;
        *end = i + 1;
        /* "twenty four" */
        if (t->num >= 20 && t->num <= 90 && i + 1 < c->se && c->ti[i + 1].ncls == 'C' && c->ti[i + 1].num < 10 &&
            c->ti[i + 1].num >= 1 && !is(c, i + 1, "a") && !is(c, i + 1, "an")) {
            *v += c->ti[i + 1].num;
            *end = i + 2;
        }
        return 1;
    }
    if (is(c, i, "several") || is(c, i, "few") || is(c, i, "many") || is(c, i, "some")) { *v = -1; *end = i + 1; return 1; }
    if (is(c, i, "a") && is(c, i + 1, "few")) { *v = -1; *end = i + 2; return 1; }
    return 0;
}

/* Unit of a token: 'D' 'W' 'M' 'Y' 'Q' 'E' (decade) 'C' (century) 'h' 'm' 's' 'K' (weekend) 'F'
 * (fortnight); 0 if none. *plural set when the word ends in s. */
static char unit_at(const ctx *c, uint32_t i, int *plural)
{
    if (i >= c->se || c->ti[i].cls != 'U') return 0;
    const char *a = c->ti[i].arg;
    const char *w = tstr(c, i);
    uint32_t n = tlen(c, i);
    if (plural) *plural = (w[n - 1] == 's' || w[n - 1] == 'S');
    if (!strcmp(a, "DE")) return 'E';
    if (!strcmp(a, "CE")) return 'C';
    if (!strcmp(a, "MIN")) return 'm';
    if (!strcmp(a, "SEC")) return 's';
    if (!strcmp(a, "H")) return 'h';
    if (!strcmp(a, "WE")) return 'K';
    if (!strcmp(a, "FN")) return 'F';
    return a[0];
}

/* Same, for a bare word (the second half of "15-year"). */
static char unit_word(const ctx *c, const char *s, size_t n)
{
    const char *v = nm_time_may_be_word(c->r, s, n) ? nm_lexicon_get(c->r->words, s, n) : NULL;
    if (!v || v[0] != 'U') return 0;
    const char *a = v + 2;
    if (!strcmp(a, "DE")) return 'E';
    if (!strcmp(a, "CE")) return 'C';
    if (!strcmp(a, "MIN")) return 'm';
    if (!strcmp(a, "SEC")) return 's';
    if (!strcmp(a, "H")) return 'h';
    if (!strcmp(a, "WE") || !strcmp(a, "FN")) return 0;
    return a[0];
}

static void fmt_num(char *out, size_t n, double v)
{
    if (v < 0) snprintf(out, n, "X");
    else if (v < 1e15 && v == (long long)v) snprintf(out, n, "%lld", (long long)v);
    else snprintf(out, n, "%g", v);
}

/* ISO 8601 duration of n units. */
static void duration_value(char *out, size_t outn, double n, char u)
{
    char num[24];
    if (u == 'E' || u == 'C') {
        /* "decades": some number of years, PXY as the TimeBank/AQUAINT annotators write it */
        if (n < 0) { snprintf(out, outn, u == 'E' ? "PXY" : "PXCE"); return; }
        n *= (u == 'E' ? 10 : 100);
        u = 'Y';
    }
    if (u == 'F') { if (n >= 0) n *= 2; u = 'W'; }
    /* "a minute and a half": PT1M30S, not PT1.5M */
    if ((u == 'h' || u == 'm') && n > 0 && n < 1e6 && n != (long long)n) {
        long long whole = (long long)n, part = (long long)((n - (double)whole) * 60 + 0.5);
        if (part > 0 && part < 60) {
            if (whole) snprintf(out, outn, "PT%lld%c%lld%c", whole, u == 'h' ? 'H' : 'M', part, u == 'h' ? 'M' : 'S');
            else snprintf(out, outn, "PT%lld%c", part, u == 'h' ? 'M' : 'S');
            return;
        }
    }
    if (u == 'K') { if (n >= 0) n *= 2; u = 'D'; }
    fmt_num(num, sizeof num, n);
    if (u == 'h' || u == 'm' || u == 's') snprintf(out, outn, "PT%s%c", num, u == 'h' ? 'H' : u == 'm' ? 'M' : 'S');
    else snprintf(out, outn, "P%s%c", num, u);
}

/* ---- tense ---- */

/* Tense of one token: +1 future marker, -1 past marker, 0 none. */
static int tok_tense(const ctx *c, uint32_t k)
{
    const char *w = tstr(c, k);
    uint32_t n = tlen(c, k);
    const char *v = nm_lexicon_get(c->r->tense, w, n);
    /* "plans to", "plan to" look ahead; "vacation plans" is a noun */
    if (v && (n == 4 || n == 5) && nm_ascii_ieq(w, "plan", 4) && !is(c, k + 1, "to")) return 0;
    if (v) return v[0] == 'f' ? 1 : -1;
    if (n > 4 && (c->d->toks.v[k].flags & NM_TF_LOWER) && w[n - 1] == 'd' && w[n - 2] == 'e') {
        /* not past forms: "succeed", "proceed", "need", "hundred", "indeed" (but "agreed", "freed" are) */
        if (n >= 4 && (nm_ascii_ieq(w + n - 4, "ceed", 4) || nm_ascii_ieq(w + n - 4, "need", 4) ||
                       nm_ascii_ieq(w + n - 4, "peed", 4) || nm_ascii_ieq(w + n - 4, "deed", 4)))
            return 0;
        if (n >= 6 && nm_ascii_ieq(w + n - 6, "undred", 6)) return 0;
        /* "a still unspecified date", "the proposed merger": an adjective after a determiner */
        if (k > c->sb) {
            uint32_t p = k - 1;
            if (p > c->sb && (is(c, p, "still") || is(c, p, "newly") || is(c, p, "long"))) p--;
            if (is(c, p, "a") || is(c, p, "an") || is(c, p, "the") || is(c, p, "its") || is(c, p, "their") ||
                is(c, p, "his") || is(c, p, "her") || is(c, p, "this") || is(c, p, "that"))
                return 0;
        }
        return -1;
    }
    return 0;
}

/* +1 future, -1 past, 0 unknown: the nearest tense marker before tokens [tb, te) in the sentence
 * (the verb a time adverbial modifies usually comes first in English news), else the nearest after. */
static int tense(const ctx *c, uint32_t tb, uint32_t te)
{
    uint32_t lo = tb > c->sb + 14 ? tb - 14 : c->sb, hi = te + 10 < c->se ? te + 10 : c->se;
    /* a deadline or an earliest moment looks ahead whatever the verb's tense: "postponed until
     * Tuesday", "could arrive as early as Tuesday", "as soon as Monday" */
    if (tb > c->sb + 1 && (is(c, tb - 1, "until") || is(c, tb - 1, "till") || is(c, tb - 1, "payable") ||
                           is(c, tb - 1, "effective") || is(c, tb - 1, "through")))
        return 1;   /* not "Until Monday, he had …" */
    if (tb >= c->sb + 3 && is(c, tb - 3, "as") && (is(c, tb - 2, "early") || is(c, tb - 2, "soon")) && is(c, tb - 1, "as"))
        return 1;
    for (uint32_t k = tb; k-- > lo;) {
        /* "is to resume", "set to meet", "due to arrive", "planned to leave": an infinitive of intention */
        if (is(c, k, "to") && k > c->sb &&
            (is(c, k - 1, "is") || is(c, k - 1, "are") || is(c, k - 1, "set") || is(c, k - 1, "due") ||
             is(c, k - 1, "scheduled") || is(c, k - 1, "expected") || is(c, k - 1, "likely") || is(c, k - 1, "plans") ||
             is(c, k - 1, "ready") || is(c, k - 1, "poised") || is(c, k - 1, "planned") || is(c, k - 1, "planning") ||
             is(c, k - 1, "intended") || is(c, k - 1, "intends") || is(c, k - 1, "hoped") || is(c, k - 1, "hopes") ||
             is(c, k - 1, "aimed") || is(c, k - 1, "aims")))
            return 1;
        int t = tok_tense(c, k);
        /* "will be held", "is to be signed": a participle after a future auxiliary */
        if (t < 0 && k >= lo + 2 && is(c, k - 1, "be") && (tok_tense(c, k - 2) > 0 || is(c, k - 2, "to"))) return 1;
        if (t) return t;
    }
    for (uint32_t k = te; k < hi; k++) {
        int t = tok_tense(c, k);
        if (t) return t;
    }
    return 0;
}

/* ---- resolution against the reference date ---- */

/* Year for month m (day d, 0 = whole month) given the tense: past → on or before the reference,
 * future → on or after, unknown → the nearer of the two, the past favoured. */
static int resolve_year(const ctx *c, int m, int d, int t)
{
    int y = c->ry;
    int rkey = c->rm * 32 + (d ? c->rd : 0), key = m * 32 + d;
    double dm0 = (m - c->rm) + (d ? (d - c->rd) / 31.0 : 0);
    if (t < 0) {
        /* past: on or before the reference, unless that is most of a year back and the next
         * occurrence is only weeks ahead ("a meeting in early January", said in late December) */
        if (key > rkey) return dm0 <= 2.5 ? y : y - 1; /* a date weeks ahead in a past-tense clause is planned */
        if (dm0 <= -9 && 12 + dm0 <= 1.5) return y + 1;
        return y;
    }
    if (t > 0) return key < rkey && dm0 < -2.5 ? y + 1 : y;   /* a date just gone stays in this year */
    if (key == rkey) return y;
    /* distances in months (approx.) to the candidate in this year and the adjacent year */
    double dm = (m - c->rm) + (d ? (d - c->rd) / 31.0 : 0);
    if (dm > 0) return dm * 2 <= 12 - dm ? y : y - 1;   /* after: this year (future) vs last year */
    return -dm <= (12 + dm) * 2 ? y : y + 1;            /* before: this year (past) vs next year */
}

static void fmt_ymd(char *out, size_t n, int y, int m, int d)
{
    if (y) snprintf(out, n, "%04d-%02d-%02d", y, m, d);
    else snprintf(out, n, "XXXX-%02d-%02d", m, d);
}

static void weekday_date(const ctx *c, int w, int t, int *y, int *m, int *d)
{
    *y = c->ry; *m = c->rm; *d = c->rd;
    int cur = nm_weekday(c->ry, c->rm, c->rd);
    if (t > 0) {
        nm_add_days(y, m, d, (w - cur + 7) % 7);
    } else {
        nm_add_days(y, m, d, -((cur - w + 7) % 7));
    }
}

static void week_value(char *out, size_t n, int y, int m, int d, int shift_days, const char *suffix)
{
    nm_add_days(&y, &m, &d, shift_days);
    int wy, wn;
    nm_iso_week(y, m, d, &wy, &wn);
    snprintf(out, n, "%04d-W%02d%s", wy, wn, suffix ? suffix : "");
}

/* Value of the reference date shifted by n units, at the unit's granularity. */
static void shifted_value(const ctx *c, char *out, size_t outn, double n, char u, int sign)
{
    if (!c->ry) { snprintf(out, outn, sign < 0 ? "PAST_REF" : "FUTURE_REF"); return; }
    if (n < 0) { snprintf(out, outn, sign < 0 ? "PAST_REF" : "FUTURE_REF"); return; }
    int k = (int)n * sign;
    int y = c->ry, m = c->rm, d = c->rd;
    switch (u) {
    case 'D': nm_add_days(&y, &m, &d, k); snprintf(out, outn, "%04d-%02d-%02d", y, m, d); break;
    case 'W': week_value(out, outn, y, m, d, 7 * k, NULL); break;
    case 'F': week_value(out, outn, y, m, d, 14 * k, NULL); break;
    case 'M': {
        int mm = (y * 12 + (m - 1)) + k;
        snprintf(out, outn, "%04d-%02d", mm / 12, mm % 12 + 1);
        break;
    }
    case 'Q': {
        int q = (y * 4 + (m - 1) / 3) + k;
        snprintf(out, outn, "%04d-Q%d", q / 4, q % 4 + 1);
        break;
    }
    case 'Y': snprintf(out, outn, "%04d", y + k); break;
    case 'E': snprintf(out, outn, "%03d", (y + 10 * k) / 10); break;
    case 'C': snprintf(out, outn, "%02d", (y + 100 * k) / 100); break;
    default: snprintf(out, outn, "%04d-%02d-%02d", y, m, d); break;
    }
}

/* Easter Sunday (anonymous Gregorian algorithm). */
static void easter(int y, int *m, int *d)
{
    int a = y % 19, b = y / 100, cc = y % 100, dd = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - dd - g + 15) % 30, i = cc / 4, k = cc % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int mm = (a + 11 * h + 22 * l) / 451;
    *m = (h + l - 7 * mm + 114) / 31;
    *d = (h + l - 7 * mm + 114) % 31 + 1;
}

/* ---- matchers ---- */

static const char *const tz_words[] = {"GMT", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "BST",
                                 "CET", "CEST", "MSK", "IST", "JST", "ET", "PT", NULL};

static uint32_t skip_tz(const ctx *c, uint32_t k)
{
    for (int z = 0; tz_words[z]; z++)
        if (k < c->se && nm_tok_is(c->d, &c->d->toks.v[k], tz_words[z])) return k + 1;
    if (is(c, k, "local") && is(c, k + 1, "time")) return k + 2;
    return k;
}

static int month_ok(const ctx *c, uint32_t i)
{
    /* ambiguous month words ("may", "march", "jan") only with date context */
    const tinfo *t = &c->ti[i];
    if (t->cls != 'M') return 0;
    const char *w = tstr(c, i);
    uint32_t n = tlen(c, i);
    int dd, yy;
    int followed = day_at(c, i + 1, &dd) || year_at(c, i + 1, &yy) ||
                   (is(c, i + 1, ",") && year_at(c, i + 2, &yy));
    if (!upper(c, i)) return 0;
    int ambiguous = (n == 3 && nm_ascii_ieq(w, "may", 3)) || (n == 5 && nm_ascii_ieq(w, "march", 5));
    int abbrev_noperiod = n <= 4 && w[n - 1] != '.' && !ambiguous;
    if (abbrev_noperiod && !followed && !(n == 4 && (w[0] == 'J' || w[0] == 'j'))) return 0; /* June/July are words */
    if (ambiguous) {
        if (followed) return 1;
        if (i > c->sb) {
            static const char *prev[] = {"in", "since", "until", "till", "by", "from", "through", "last", "next", "this",
                                         "early", "late", "mid", "of", "during", "before", "after", "between", "and",
                                         "or", "to", "each", "every", "until", "that", NULL};
            for (int k = 0; prev[k]; k++)
                if (is(c, i - 1, prev[k])) return 1;
        }
        return 0;
    }
    return 1;
}

static int set_date(match *m, int y, int mo, int d, int full)
{
    fmt_ymd(m->value, sizeof m->value, y, mo, d);
    m->type = NM_TIMEX_DATE;
    if (y) m->set_last = 1;
    if (full) { m->full = 1; m->fy = y; m->fm = mo; m->fd = d; }
    return 1;
}

/* A day-level anchor after a time or weekday: "Friday", "Dec. 28", "today" … Returns the end token. */
static uint32_t day_anchor(ctx *c, uint32_t k, int t, int *y, int *mo, int *d);

/* Clock times: "3 p.m.", "3:30 p.m. EST", "15:00 GMT", "noon", "5pm". */
static uint32_t match_time(ctx *c, uint32_t i, match *m)
{
    int hh = -1, mm = 0;
    uint32_t k = i;
    const char *w = tstr(c, i);
    uint32_t n = tlen(c, i);
    int explicit_ampm = 0;
    if (is(c, i, "noon") || is(c, i, "midday")) { hh = 12; k = i + 1; explicit_ampm = 1; }
    else if (is(c, i, "midnight")) { hh = 24; k = i + 1; explicit_ampm = 1; }
    else {
        /* digits, H:MM, or 5pm in one token */
        char buf[16];
        if (n >= sizeof buf || w[0] < '0' || w[0] > '9') return 0;
        memcpy(buf, w, n);
        buf[n] = 0;
        char *p = buf;
        hh = (int)strtol(p, &p, 10);
        if (*p == ':' || (*p == '.' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && !p[3])) {
            mm = (int)strtol(p + 1, &p, 10);
        }
        if (!strcasecmp(p, "am") || !strcasecmp(p, "a.m.") || !strcasecmp(p, "a.m")) { explicit_ampm = 1; if (hh == 12) hh = 0; }
        else if (!strcasecmp(p, "pm") || !strcasecmp(p, "p.m.") || !strcasecmp(p, "p.m")) { explicit_ampm = 1; if (hh < 12) hh += 12; }
        else if (*p) return 0;
        k = i + 1;
        if (!explicit_ampm && n == 4 && !*p && hh >= 0 && hh <= 2359 && skip_tz(c, k) > k) {
            /* "1300 GMT": a 24-hour clock time without a colon, only with a time zone */
            mm = hh % 100;
            hh /= 100;
            explicit_ampm = 1;
        }
        if (hh < 0 || hh > 24 || mm < 0 || mm > 59) return 0;
        if (!explicit_ampm) {
            if (is(c, k, "a.m.") || is(c, k, "am") || is(c, k, "a.m")) { explicit_ampm = 1; if (hh == 12) hh = 0; k++; }
            else if (is(c, k, "p.m.") || is(c, k, "pm") || is(c, k, "p.m")) { explicit_ampm = 1; if (hh < 12) hh += 12; k++; }
            else if (is(c, k, "o'clock")) { explicit_ampm = 1; k++; }
            if (is(c, k, "in") && is(c, k + 1, "the") && c->ti[k + 2 < c->se ? k + 2 : i].cls == 'P' && k + 2 < c->se) {
                if (is(c, k + 2, "afternoon") || is(c, k + 2, "evening") || is(c, k + 2, "night")) { if (hh < 12) hh += 12; }
                explicit_ampm = 1;
                k += 3;
            }
        }
        if (!explicit_ampm) {
            /* a bare 15:00 only with a time zone or after "at" */
            if (!strchr(buf, ':') || hh > 23) return 0;
            uint32_t z = skip_tz(c, k);
            if (z == k && !(i > c->sb && (is(c, i - 1, "at") || is(c, i - 1, "by") || is(c, i - 1, "until")))) return 0;
        }
    }
    k = skip_tz(c, k);
    if (is(c, k, ",") && k + 1 < c->se && (c->ti[k + 1].cls == 'W' || c->ti[k + 1].cls == 'D' || c->ti[k + 1].cls == 'M')) k++;
    int y = c->ly ? c->ly : c->ry, mo = c->ly ? c->lm : c->rm, d = c->ly ? c->ld : c->rd;
    uint32_t e = day_anchor(c, k, tense(c, i, k), &y, &mo, &d);
    if (e > k) k = e;
    else if (is(c, k, "on") && (e = day_anchor(c, k + 1, tense(c, i, k), &y, &mo, &d)) > k + 1) k = e;
    m->te = k;
    m->type = NM_TIMEX_TIME;
    char date[24];
    if (y) snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, d);
    else snprintf(date, sizeof date, "XXXX-XX-XX");
    snprintf(m->value, sizeof m->value, "%sT%02d:%02d", date, hh, mm);
    return k;
}

/* Month-led and day-led absolute dates. */
static uint32_t match_month(ctx *c, uint32_t i, match *m)
{
    int mo = 0, d = 0, y = 0;
    uint32_t k;
    if (c->ti[i].cls == 'M' && month_ok(c, i)) {
        mo = c->ti[i].iarg;
        k = i + 1;
        if (day_at(c, k, &d)) {
            k++;
            uint32_t k2 = is(c, k, ",") ? k + 1 : k;
            if (year_at(c, k2, &y)) k = k2 + 1;
        } else if (year_at(c, k, &y)) k++;
        else if (is(c, k, ",") && year_at(c, k + 1, &y)) k += 2;
        else if (is(c, k, "of") && year_at(c, k + 1, &y)) k += 2;
        else if (c->ry && is(c, k + 1, "year") && (is(c, k, "this") || is(c, k, "last") || is(c, k, "next"))) {
            /* "January this year", "June last year" */
            y = c->ry + (is(c, k, "last") ? -1 : is(c, k, "next") ? 1 : 0);
            k += 2;
        }
    } else if (day_at(c, i, &d) && i + 1 < c->se) {
        k = i + 1;
        if (is(c, k, "of")) k++;
        if (k >= c->se || c->ti[k].cls != 'M' || !upper(c, k)) return 0;
        mo = c->ti[k].iarg;
        k++;
        uint32_t k2 = is(c, k, ",") ? k + 1 : k;
        if (year_at(c, k2, &y)) k = k2 + 1;
    } else if (is(c, i, "the") && i + 1 < c->se && c->ti[i + 1].ncls == 'O' && day_at(c, i + 1, &d)) {
        /* "the 28th [of December]" */
        k = i + 2;
        if (is(c, k, "of") && k + 1 < c->se && c->ti[k + 1].cls == 'M') {
            mo = c->ti[k + 1].iarg;
            k += 2;
        } else {
            if (!is_punct(c, k)) return 0;
            if (!c->ry) { m->te = k; m->type = NM_TIMEX_DATE; snprintf(m->value, sizeof m->value, "XXXX-XX-%02d", d); return k; }
            y = c->ry; mo = c->rm;
            int t = tense(c, i, k);
            if (t < 0 && d > c->rd) { if (--mo == 0) { mo = 12; y--; } }
            if (t > 0 && d < c->rd) { if (++mo == 13) { mo = 1; y++; } }
            if (!nm_valid_date(y, mo, d)) return 0;
            m->te = k;
            return set_date(m, y, mo, d, 0) ? k : 0;
        }
    } else return 0;
    if (d) {
        int full = y != 0;
        if (!y && c->ry) y = resolve_year(c, mo, d, tense(c, i, k));
        if (y && !nm_valid_date(y, mo, d)) return 0;   /* February 30 is not a date */
        if (!y && d > nm_month_days(2000, mo)) return 0;
        m->te = k;
        set_date(m, y, mo, d, full);
        return k;
    }
    if (!y && c->ry) y = resolve_year(c, mo, 0, tense(c, i, k));
    m->te = k;
    m->type = NM_TIMEX_DATE;
    if (y) snprintf(m->value, sizeof m->value, "%04d-%02d", y, mo);
    else snprintf(m->value, sizeof m->value, "XXXX-%02d", mo);
    return k;
}

static const char *pod_code(const ctx *c, uint32_t k)
{
    if (k < c->se && c->ti[k].cls == 'P') return c->ti[k].arg;
    return NULL;
}

static uint32_t day_anchor(ctx *c, uint32_t k, int t, int *y, int *mo, int *d)
{
    if (k >= c->se || !c->ry) return k;
    const tinfo *ti = &c->ti[k];
    if (ti->cls == 'W' && upper(c, k)) {
        weekday_date(c, ti->iarg, t, y, mo, d);
        return k + 1;
    }
    if (ti->cls == 'D' && ti->arg[1] != 'N') {
        *y = c->ry; *mo = c->rm; *d = c->rd;
        nm_add_days(y, mo, d, ti->iarg);
        return k + 1;
    }
    if (ti->cls == 'M' && month_ok(c, k)) {
        int dd, yy = 0;
        if (day_at(c, k + 1, &dd)) {
            uint32_t e = k + 2;
            if (is(c, e, ",") && year_at(c, e + 1, &yy)) e += 2;
            else if (year_at(c, e, &yy)) e++;
            if (!yy) yy = resolve_year(c, ti->iarg, dd, t);
            if (!nm_valid_date(yy, ti->iarg, dd)) return k;
            *y = yy; *mo = ti->iarg; *d = dd;
            return e;
        }
    }
    return k;
}

/* Weekdays: "Monday", "Monday night", "Friday, Aug. 7, 1998". */
static uint32_t match_weekday(ctx *c, uint32_t i, match *m)
{
    if (c->ti[i].cls != 'W' || !upper(c, i)) return 0;
    uint32_t k = i + 1;
    int y, mo, d;
    int t = tense(c, i, k);
    /* "Wednesday's ruling": news names a day's event by its day once it has happened, whatever the
     * clause's tense ("vowed to appeal Wednesday's ruling"); "ahead of Sunday's vote" looks forward */
    if (is(c, k, "'s") || is(c, k, "\xE2\x80\x99s")) {
        int ahead = i > c->sb && (is(c, i - 1, "before") || is(c, i - 1, "until") || is(c, i - 1, "for") ||
                                  (is(c, i - 1, "of") && i - 1 > c->sb && is(c, i - 2, "ahead")));
        t = ahead ? 1 : -1;
    }
    /* an explicit date after it wins */
    uint32_t k2 = is(c, k, ",") ? k + 1 : k;
    if (k2 < c->se && c->ti[k2].cls == 'M') {
        match tmp = {0};
        uint32_t e = match_month(c, k2, &tmp);
        if (e && strlen(tmp.value) == 10) {
            *m = tmp;
            m->te = e;
            return e;
        }
    }
    if (!c->ry) {
        m->te = k;
        m->type = NM_TIMEX_DATE;
        snprintf(m->value, sizeof m->value, "XXXX-WXX-%d", c->ti[i].iarg);
        return k;
    }
    weekday_date(c, c->ti[i].iarg, t, &y, &mo, &d);
    const char *pod = pod_code(c, k);
    m->te = k;
    set_date(m, y, mo, d, 0);
    /* "Friday night": the day as the value. The TimeML guidelines add the part of day (TNI), but
     * the newswire annotation (AQUAINT) mostly keeps the day, and suffixing scored worse overall. */
    if (pod) m->te = k + 1;
    return m->te;
}

/* today, yesterday, tomorrow, tonight [+ part of day]. */
static uint32_t match_deictic(ctx *c, uint32_t i, match *m)
{
    if (c->ti[i].cls != 'D') return 0;
    uint32_t k = i + 1;
    if (!c->ry) { m->te = k; m->type = NM_TIMEX_DATE; snprintf(m->value, sizeof m->value, "XXXX-XX-XX"); return k; }
    int y = c->ry, mo = c->rm, d = c->rd;
    nm_add_days(&y, &mo, &d, c->ti[i].iarg);
    set_date(m, y, mo, d, 0);
    if (c->ti[i].arg[1] != 'N' && pod_code(c, k)) k++;   /* "yesterday morning": the day */
    m->te = k;
    return k;
}

static int season_month(const char *s)
{
    if (!strcmp(s, "SP")) return 3;
    if (!strcmp(s, "SU")) return 6;
    if (!strcmp(s, "FA")) return 9;
    return 12;
}

/* this / last / next / past / coming / previous + unit, weekday, month, season; "the past two
 * months" (a duration); "the last week" (a date). */
static uint32_t match_relative(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i;
    int has_the = 0;
    if (is(c, k, "the")) { has_the = 1; k++; }
    int dir;
    if (is(c, k, "this") || is(c, k, "current") || is(c, k, "these")) dir = 0;
    else if (is(c, k, "last") || is(c, k, "past") || is(c, k, "previous") || is(c, k, "preceding")) dir = -1;
    else if (is(c, k, "next") || is(c, k, "coming") || is(c, k, "following") || is(c, k, "upcoming")) dir = 1;
    else if (is(c, k, "first") && has_the) dir = 2; /* "the first nine months" */
    else if (is(c, k, "latest") && has_the) dir = 3;
    else return 0;
    if (has_the && dir == 0 && !is(c, k, "current")) return 0;
    uint32_t w = k + 1;
    if (is(c, w, "fiscal")) w++;
    if (w >= c->se) return 0;
    /* "the past two months", "the next few weeks": durations */
    double n;
    uint32_t ce;
    int plural;
    char u;
    if (count_at(c, w, &n, &ce) && (u = unit_at(c, ce, &plural)) && !is(c, w, "a")) {
        m->te = ce + 1;
        m->type = NM_TIMEX_DURATION;
        duration_value(m->value, sizeof m->value, n, u);
        return m->te;
    }
    if (dir == 2) return 0;
    const tinfo *t = &c->ti[w];
    if (t->cls == 'U') {
        u = unit_at(c, w, &plural);
        m->te = w + 1;
        m->type = NM_TIMEX_DATE;
        if (plural) {
            /* "the past years", "the coming months": an unspecified duration (TimeML PXM) */
            if (dir == 0 || dir == 3) return 0;
            m->type = NM_TIMEX_DURATION;
            duration_value(m->value, sizeof m->value, -1, u);
            return m->te;
        }
        if (dir == 3) {
            if (u != 'Q') return 0;
            dir = 0;
        }
        if (u == 'D' || u == 'h' || u == 'm' || u == 's') return 0;
        if (!c->ry) {
            snprintf(m->value, sizeof m->value, dir < 0 ? "PAST_REF" : dir > 0 ? "FUTURE_REF" : "PRESENT_REF");
            return m->te;
        }
        if (u == 'K') {
            int y = c->ry, mo = c->rm, d = c->rd;
            int wd = nm_weekday(y, mo, d);
            int shift = dir * 7;
            if (dir < 0 && wd >= 6) shift = 0;   /* "last weekend" said on Sunday */
            week_value(m->value, sizeof m->value, y, mo, d, shift, "-WE");
            return m->te;
        }
        if (u == 'Q') {
            /* "this quarter" is the current one; "last quarter" the one before */
            int q = (c->ry * 4 + (c->rm - 1) / 3) + dir;
            c->qn = q % 4 + 1;
            c->qy = q / 4;
            snprintf(m->value, sizeof m->value, "%04d-Q%d", c->qy, c->qn);
            return m->te;
        }
        shifted_value(c, m->value, sizeof m->value, 1, u, dir);
        if (dir == 0) shifted_value(c, m->value, sizeof m->value, 0, u, 1);
        return m->te;
    }
    if (dir == 3) return 0;
    if (t->cls == 'W' && upper(c, w)) {
        m->te = w + 1;
        if (!c->ry) { m->type = NM_TIMEX_DATE; snprintf(m->value, sizeof m->value, "XXXX-WXX-%d", t->iarg); return m->te; }
        int y, mo, d;
        int td = dir < 0 ? -1 : dir > 0 ? 1 : tense(c, i, w + 1);
        weekday_date(c, t->iarg, td, &y, &mo, &d);
        if (dir < 0 && y == c->ry && mo == c->rm && d == c->rd) nm_add_days(&y, &mo, &d, -7);
        set_date(m, y, mo, d, 0);
        if (pod_code(c, w + 1)) m->te++;
        return m->te;
    }
    if (t->cls == 'M' && upper(c, w)) {
        m->te = w + 1;
        m->type = NM_TIMEX_DATE;
        int mo = t->iarg, y = c->ry, dd = 0;
        /* "last Oct. 23": the day goes with it */
        if (day_at(c, w + 1, &dd) && c->ti[w + 1].ncls) m->te = w + 2;
        else dd = 0;
        if (!y) {
            if (dd) snprintf(m->value, sizeof m->value, "XXXX-%02d-%02d", mo, dd);
            else snprintf(m->value, sizeof m->value, "XXXX-%02d", mo);
            return m->te;
        }
        int key = mo * 32 + dd, rkey = c->rm * 32 + (dd ? c->rd : 0);
        if (dir < 0) y = key < rkey ? c->ry : c->ry - 1;
        else if (dir > 0) y = key > rkey ? c->ry : c->ry + 1;
        if (dd) {
            if (!nm_valid_date(y, mo, dd)) return 0;
            set_date(m, y, mo, dd, 0);
            return m->te;
        }
        snprintf(m->value, sizeof m->value, "%04d-%02d", y, mo);
        return m->te;
    }
    if (t->cls == 'S') {
        m->te = w + 1;
        m->type = NM_TIMEX_DATE;
        if (!c->ry) { snprintf(m->value, sizeof m->value, "XXXX-%s", t->arg); return m->te; }
        int sm = season_month(t->arg), y = c->ry;
        if (dir < 0) y = sm < c->rm ? c->ry : c->ry - 1;
        else if (dir > 0) y = sm > c->rm ? c->ry : c->ry + 1;
        snprintf(m->value, sizeof m->value, "%04d-%s", y, t->arg);
        return m->te;
    }
    if (t->cls == 'P' && dir == 0 && c->ry) {
        /* "this morning" */
        m->te = w + 1;
        m->type = NM_TIMEX_TIME;
        snprintf(m->value, sizeof m->value, "%04d-%02d-%02dT%s", c->ry, c->rm, c->rd, t->arg);
        return m->te;
    }
    if (is(c, w, "night") || is(c, w, "evening")) {
        if (!c->ry || dir >= 0) return 0;
        int y = c->ry, mo = c->rm, d = c->rd;
        nm_add_days(&y, &mo, &d, -1);
        m->te = w + 1;
        m->type = NM_TIMEX_TIME;
        snprintf(m->value, sizeof m->value, "%04d-%02d-%02dT%s", y, mo, d, c->ti[w].arg);
        return m->te;
    }
    return 0;
}

/* Quarters and halves: "the third quarter [of 1989]", "third-quarter", "first-half", "the quarter",
 * "the year-ago quarter". */
static int ordinal_word(const ctx *c, const char *s, size_t n)
{
    double v;
    int k = nm_num_word(c->r, s, n, &v);
    return k == 'O' && v >= 1 && v <= 100 ? (int)v : 0;
}

static uint32_t match_quarter(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i;
    int has_the = 0;
    if (is(c, k, "the")) { has_the = 1; k++; }
    if (is(c, k, "fiscal")) k++;
    int q = 0, half = 0, prev_year = 0;
    /* "the 1988 third quarter", "the 1988 period": the year stands before the quarter */
    int year_first = 0;
    if (has_the && year_at(c, k, &year_first)) k++;
    uint32_t e = 0;
    if (k >= c->se) return 0;
    const char *w = tstr(c, k);
    uint32_t n = tlen(c, k);
    const char *dash = memchr(w, '-', n);
    if (dash) {
        /* third-quarter, first-half, year-ago, year-earlier */
        size_t la = (size_t)(dash - w);
        const char *b = dash + 1;
        size_t lb = n - la - 1;
        int o = ordinal_word(c, w, la);
        if (o >= 1 && o <= 4 && lb == 7 && nm_ascii_ieq(b, "quarter", 7)) q = o;
        else if (o >= 1 && o <= 2 && lb == 4 && nm_ascii_ieq(b, "half", 4)) half = o;
        else if (la == 4 && nm_ascii_ieq(w, "year", 4) && ((lb == 3 && nm_ascii_ieq(b, "ago", 3)) || (lb == 7 && nm_ascii_ieq(b, "earlier", 7)))) {
            prev_year = 1;
        } else return 0;
        e = k + 1;
        int o2 = prev_year && e < c->se ? ordinal_word(c, tstr(c, e), tlen(c, e)) : 0;
        if (o2 >= 1 && o2 <= 4 && is(c, e + 1, "quarter")) {
            /* "the year-ago third quarter" */
            m->te = e + 2;
            m->type = NM_TIMEX_DATE;
            if (c->ry) snprintf(m->value, sizeof m->value, "%04d-Q%d", c->ry - 1, o2);
            else snprintf(m->value, sizeof m->value, "XXXX-Q%d", o2);
            return m->te;
        }
        if (prev_year) {
            if (is(c, e, "quarter") || is(c, e, "period") || is(c, e, "level") || is(c, e, "results")) {
                if (is(c, e, "quarter") || is(c, e, "period")) e++;
            } else if (!has_the && !is_punct(c, e) && !is(c, e, "and")) { /* "year-earlier" as adjective */ }
        } else if (is(c, e, "quarter") || is(c, e, "half")) return 0;
    } else {
        int o = ordinal_word(c, w, n);
        int latest = is(c, k, "latest") || is(c, k, "current") || is(c, k, "same") || is(c, k, "year-ago");
        if (!has_the && !o) return 0;
        if (o || latest) {
            if (is(c, k + 1, "fiscal")) k++;
            if (is(c, k + 1, "quarter")) { q = o ? o : -1; e = k + 2; }
            else if (is(c, k + 1, "period") && is(c, k, "latest")) { q = -1; e = k + 2; }
            else if (is(c, k + 1, "half") && o >= 1 && o <= 2) { half = o; e = k + 2; }
            else if (is(c, k + 1, "half") && is(c, k, "last")) { half = 2; e = k + 2; }
            else return 0;
            if (o > 4 || (half && o > 2)) return 0;
        } else if (is(c, k, "quarter") && has_the) { q = -1; e = k + 1; }
        else if (year_first && is(c, k, "period") && c->qn) { q = -1; e = k + 1; }
        else return 0;
    }
    int y = 0;
    uint32_t f = e;
    if (is(c, f, "of") || is(c, f, "in")) f++;
    if (is(c, f, "fiscal")) f++;
    if (year_at(c, f, &y)) e = f + 1;
    else y = year_first;
    m->te = e;
    m->type = NM_TIMEX_DATE;
    if (prev_year) {
        if (c->qn && c->qy) snprintf(m->value, sizeof m->value, "%04d-Q%d", c->qy - 1, c->qn);
        else if (c->ry) snprintf(m->value, sizeof m->value, "%04d", c->ry - 1);
        else snprintf(m->value, sizeof m->value, "PAST_REF");
        return e;
    }
    if (!y) {
        y = c->ry;
        /* "the fourth quarter" said in January is last year's, unless the clause looks ahead */
        if (y && q > 0 && q > (c->rm - 1) / 3 + 1 && tense(c, i, e) <= 0) y--;
    }
    if (half) {
        if (y) snprintf(m->value, sizeof m->value, "%04d-H%d", y, half);
        else snprintf(m->value, sizeof m->value, "XXXX-H%d", half);
        return e;
    }
    if (q < 0) {
        /* "the quarter", "the latest quarter": the one last talked about, else the last completed */
        if (c->qn) { q = c->qn; y = year_first ? year_first : c->qy; }
        else if (c->ry) {
            int qq = c->ry * 4 + (c->rm - 1) / 3 - 1;
            y = qq / 4;
            q = qq % 4 + 1;
        } else { snprintf(m->value, sizeof m->value, "XXXX-QX"); return e; }
    }
    c->qn = q;
    c->qy = y;
    if (y) snprintf(m->value, sizeof m->value, "%04d-Q%d", y, q);
    else snprintf(m->value, sizeof m->value, "XXXX-Q%d", q);
    return e;
}

/* "two days ago", "a year earlier", "two weeks later"; durations "four years", "15-year",
 * "the nine months"; lists "30, 40, 50 years". */
static uint32_t match_count(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i;
    if (is(c, k, "the")) k++;
    double n;
    uint32_t ce;
    char u;
    int plural;
    if (k < c->se) {
        /* hyphenated: 15-year, two-year, 16-hour, 60-day */
        const char *w = tstr(c, k);
        uint32_t len = tlen(c, k);
        const char *dash = memchr(w, '-', len);
        if (dash && dash > w) {
            size_t la = (size_t)(dash - w);
            double v;
            int kind = nm_num_digits(w, la, &v) ? 'C' : nm_num_word(c->r, w, la, &v);
            const char *b = dash + 1;
            size_t lb = len - la - 1;
            const char *dash2 = memchr(b, '-', lb);
            if (dash2) return 0;   /* "60-year-old" is an age, not a time */
            /* "day-long", "decades-long", "months-long": a unit word as the amount of time */
            int unit_plural;
            char lu;
            if (k == i && lb == 4 && nm_ascii_ieq(b, "long", 4) && (lu = unit_word(c, w, la)) && lu != 'K' && lu != 'Q') {
                unit_plural = w[la - 1] == 's' || w[la - 1] == 'S';
                m->te = k + 1;
                m->type = NM_TIMEX_DURATION;
                duration_value(m->value, sizeof m->value, unit_plural ? -1 : 1, lu);
                return m->te;
            }
            if (kind == 'C' && v > 0 && (u = unit_word(c, b, lb))) {
                if (b[lb - 1] == 's' && u != 's') return 0;
                m->te = k + 1;
                m->type = NM_TIMEX_DURATION;
                duration_value(m->value, sizeof m->value, v, u);
                return m->te;
            }
        }
    }
    if (!count_at(c, k, &n, &ce)) {
        /* bare plural units after a preposition: "for years", "within weeks" */
        if (k == i && i > c->sb && (u = unit_at(c, i, &plural)) && plural && u != 'K' && u != 'Q' &&
            (is(c, i - 1, "for") || is(c, i - 1, "within") || is(c, i - 1, "in") || is(c, i - 1, "over") ||
             is(c, i - 1, "after") || is(c, i - 1, "took") || is(c, i - 1, "take") || is(c, i - 1, "lasted") ||
             is(c, i - 1, "last") || is(c, i - 1, "spent"))) {
            m->te = i + 1;
            m->type = NM_TIMEX_DURATION;
            duration_value(m->value, sizeof m->value, -1, u);
            return m->te;
        }
        return 0;
    }
    /* "30, 40, 50 years": each number of a comma list that ends in a unit */
    if (is(c, ce, ",") && k == i) {
        uint32_t p = ce;
        double n2;
        uint32_t e2;
        int guard = 0;
        while (is(c, p, ",") && count_at(c, p + 1, &n2, &e2) && guard++ < 8) {
            p = e2;
            if ((u = unit_at(c, p, &plural)) && plural) {
                m->te = ce;
                m->type = NM_TIMEX_DURATION;
                duration_value(m->value, sizeof m->value, n, u);
                return m->te;
            }
        }
    }
    if (!(u = unit_at(c, ce, &plural))) return 0;
    if (is(c, k, "a") || is(c, k, "an")) {
        if (plural) return 0;
        /* "a year and a half" */
    } else if (n == 1 && plural) return 0;
    else if (n != 1 && n >= 0 && !plural && !(u == 'm' || u == 'h')) return 0;
    if (n > 0 && !plural && ce > k + 1) return 0;
    uint32_t e = ce + 1;
    if (is(c, e, "old")) return 0;   /* an age */
    /* "a year and a half" */
    if (is(c, e, "and") && is(c, e + 1, "a") && is(c, e + 2, "half") && n >= 0) { n += 0.5; e += 3; }
    if (is(c, e, "ago") || is(c, e, "earlier") || is(c, e, "before") || is(c, e, "later") ||
        (is(c, e, "from") && is(c, e + 1, "now"))) {
        int sign = (is(c, e, "later") || is(c, e, "from")) ? 1 : -1;
        int anchored_ago = is(c, e, "ago") || is(c, e, "from");
        if (is(c, e, "before") && !(is_punct(c, e + 1))) {
            /* "two days before the vote": a duration */
        } else if (!anchored_ago && (u == 'D' || u == 'h' || u == 'm' || u == 's')) {
            /* "three days later", "a day earlier": TimeBank marks the amount of time */
            m->te = e + 1;
            m->type = NM_TIMEX_DURATION;
            duration_value(m->value, sizeof m->value, n, u);
            return m->te;
        } else {
            m->te = e + (is(c, e, "from") ? 2 : 1);
            m->type = NM_TIMEX_DATE;
            if (!anchored_ago && c->ly && (u == 'D' || u == 'W')) {
                /* "two days later": relative to the last date mentioned */
                int y = c->ly, mo = c->lm, d = c->ld;
                nm_add_days(&y, &mo, &d, (int64_t)(n < 0 ? 0 : n) * sign * (u == 'W' ? 7 : 1));
                if (u == 'D') set_date(m, y, mo, d, 0);
                else week_value(m->value, sizeof m->value, y, mo, d, 0, NULL);
                return m->te;
            }
            if (u == 'Y' && c->qn && c->qy && n == 1) {
                snprintf(m->value, sizeof m->value, "%04d-Q%d", c->qy - 1, c->qn);
                return m->te;
            }
            if (u == 'h' || u == 'm' || u == 's') { snprintf(m->value, sizeof m->value, sign < 0 ? "PAST_REF" : "FUTURE_REF"); return m->te; }
            shifted_value(c, m->value, sizeof m->value, n, u, sign);
            return m->te;
        }
    }
    if (k > i && n < 0) {
        /* "the few days" is not a time expression; "the nine months" is */
        return 0;
    }
    if (is(c, k, "some") && n < 0) return 0;
    m->te = e;
    m->type = NM_TIMEX_DURATION;
    duration_value(m->value, sizeof m->value, n, u);
    return m->te;
}

/* Years, decades, centuries, ISO and numeric dates, ranges handled by the caller. */
static uint32_t match_year(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i;
    int has_the = 0;
    if (is(c, k, "the")) { has_the = 1; k++; }
    int fiscal = 0;
    if (is(c, k, "fiscal")) { fiscal = 1; k++; }
    if (k >= c->se) return 0;
    const char *w = tstr(c, k);
    uint32_t n = tlen(c, k);
    int y;
    if (year_at(c, k, &y)) {
        if (has_the && !fiscal) return 0;
        /* not an amount: "$1990", "1990 percent", "1990 people" is rare enough to accept */
        if (k > c->sb && (is(c, k - 1, "$") || is(c, k - 1, "No.") || is(c, k - 1, "#"))) return 0;
        if (is(c, k + 1, "%") || is(c, k + 1, "percent")) return 0;
        if (y < 1800 && !(k > c->sb && (is(c, k - 1, "in") || is(c, k - 1, "since") || is(c, k - 1, "of")))) return 0;
        m->te = k + 1;
        m->type = NM_TIMEX_DATE;
        snprintf(m->value, sizeof m->value, "%04d", y);
        return m->te;
    }
    /* 1990s */
    if (n == 5 && (w[4] == 's') && w[3] == '0' && c->ti[k].ncls == 0) {
        double v;
        if (nm_num_digits(w, 4, &v) && v >= 1000 && v < 2200) {
            m->te = k + 1;
            m->type = NM_TIMEX_DATE;
            snprintf(m->value, sizeof m->value, "%03d", (int)v / 10);
            return m->te;
        }
    }
    /* the '90s */
    if ((is(c, k, "'") || is(c, k, "\xE2\x80\x99") || is(c, k, "\xE2\x80\x98")) && k + 1 < c->se) {
        const char *w2 = tstr(c, k + 1);
        if (tlen(c, k + 1) == 3 && w2[0] >= '0' && w2[0] <= '9' && w2[1] == '0' && w2[2] == 's') {
            m->te = k + 2;
            m->type = NM_TIMEX_DATE;
            snprintf(m->value, sizeof m->value, "%s%c", w2[0] >= '3' ? "19" : "20", w2[0]);
            return m->te;
        }
    }
    /* 20th century */
    if (has_the && c->ti[k].ncls == 'O' && is(c, k + 1, "century")) {
        int cent = (int)c->ti[k].num;
        if (cent >= 1 && cent <= 21) {
            m->te = k + 2;
            m->type = NM_TIMEX_DATE;
            snprintf(m->value, sizeof m->value, "%02d", cent - 1);
            return m->te;
        }
    }
    /* ISO 2025-12-28, numeric 12/28/2025 */
    if (n == 10 && w[4] == '-' && w[7] == '-') {
        int yy, mm, dd;
        if (nm_parse_ymd(w, n, &yy, &mm, &dd)) {
            m->te = k + 1;
            set_date(m, yy, mm, dd, 1);
            return m->te;
        }
    }
    if (n >= 3 && n <= 10 && memchr(w, '/', n) && w[0] >= '0' && w[0] <= '9') {
        char buf[12];
        memcpy(buf, w, n);
        buf[n] = 0;
        char *p = buf;
        int a = (int)strtol(p, &p, 10), b = 0, cc = 0;
        if (*p != '/') return 0;
        b = (int)strtol(p + 1, &p, 10);
        int have_year = 0;
        if (*p == '/') {
            cc = (int)strtol(p + 1, &p, 10);
            have_year = 1;
            if (cc < 100) cc += cc < 50 ? 2000 : 1900;
        }
        if (*p) return 0;
        if (!have_year) return 0;   /* 9/11 and 24/7 are not dates to resolve */
        int mo = a, d = b;
        if (a > 12 && b <= 12) { mo = b; d = a; }  /* 28/12/2025 */
        if (!nm_valid_date(cc, mo, d)) return 0;
        m->te = k + 1;
        set_date(m, cc, mo, d, 1);
        return m->te;
    }
    return 0;
}

/* Holidays. */
static uint32_t match_holiday(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i, e;
    int mo = 0, d = 0;
    const char *name = NULL;
    if (is(c, k, "New") && (is(c, k + 1, "Year's") || (is(c, k + 1, "Year") && (is(c, k + 2, "'s") || is(c, k + 2, "\xE2\x80\x99s"))))) {
        e = is(c, k + 1, "Year") ? k + 3 : k + 2;
        if (is(c, e, "Day")) { mo = 1; d = 1; e++; }
        else if (is(c, e, "Eve")) { mo = 12; d = 31; e++; }
        else return 0;
    } else if (c->ti[k].cls == 'H' && upper(c, k)) {
        name = c->ti[k].arg;
        e = k + 1;
        if (is(c, e, "Day")) e++;
        else if (is(c, e, "Eve")) { e++; if (!strcmp(name, "12-25")) name = "12-24"; else return 0; }
    } else return 0;
    m->te = e;
    m->type = NM_TIMEX_DATE;
    if (!c->ry) {
        if (name && name[2] == '-') snprintf(m->value, sizeof m->value, "XXXX-%s", name);
        else if (!name) snprintf(m->value, sizeof m->value, "XXXX-%02d-%02d", mo, d);
        else snprintf(m->value, sizeof m->value, "XXXX-XX-XX");
        return e;
    }
    int t = tense(c, i, e);
    int y = c->ry;
    for (int pass = 0; pass < 2; pass++) {
        if (name && !strcmp(name, "TG")) {
            mo = 11;
            int wd1 = nm_weekday(y, 11, 1);
            d = 1 + (4 - wd1 + 7) % 7 + 21;
        } else if (name && !strcmp(name, "EA")) {
            easter(y, &mo, &d);
        } else if (name) {
            mo = atoi(name);
            d = atoi(name + 3);
        }
        if (pass == 0) {
            int ny = resolve_year(c, mo, d, t);
            if (ny == y) break;
            y = ny;
        }
    }
    set_date(m, y, mo, d, 0);
    return e;
}

/* Seasons: "the summer", "summer 1998", "last fall" (handled in match_relative). */
static uint32_t match_season(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i;
    int has_the = 0;
    if (is(c, k, "the")) { has_the = 1; k++; }
    if (k >= c->se || c->ti[k].cls != 'S') return 0;
    int y = 0;
    uint32_t e = k + 1;
    if (year_at(c, e, &y)) e++;
    else if (is(c, e, "of") && year_at(c, e + 1, &y)) e += 2;
    if (!y) {
        if (!has_the && !(i > c->sb && (is(c, i - 1, "in") || is(c, i - 1, "during") || is(c, i - 1, "until") ||
                                      is(c, i - 1, "since") || is(c, i - 1, "by") || is(c, i - 1, "early") ||
                                      is(c, i - 1, "late") || is(c, i - 1, "this"))))
            return 0;
        if (is(c, e, "of")) return 0;   /* "the fall of the regime" */
        if (is(c, k, "fall") && !has_the && i > c->sb && !is(c, i - 1, "in") && !is(c, i - 1, "this")) return 0;
    }
    const char *s = c->ti[k].arg;
    m->te = e;
    m->type = NM_TIMEX_DATE;
    if (!y && c->ry) y = resolve_year(c, season_month(s), 0, tense(c, i, e));
    if (y) snprintf(m->value, sizeof m->value, "%04d-%s", y, s);
    else snprintf(m->value, sizeof m->value, "XXXX-%s", s);
    return e;
}

/* now, recently, the past, the future, soon … */
static uint32_t match_ref(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i;
    if (is(c, k, "the") && (is(c, k + 1, "future") || is(c, k + 1, "past"))) {
        if (is(c, k + 1, "past")) {
            double n;
            uint32_t ce;
            if (count_at(c, k + 2, &n, &ce) || (k + 2 < c->se && c->ti[k + 2].cls == 'U')) return 0;
        }
        m->te = k + 2;
        m->type = NM_TIMEX_DATE;
        snprintf(m->value, sizeof m->value, is(c, k + 1, "past") ? "PAST_REF" : "FUTURE_REF");
        return m->te;
    }
    if ((is(c, k, "near") || is(c, k, "distant")) && is(c, k + 1, "future")) {
        m->te = k + 2;
        m->type = NM_TIMEX_DATE;
        snprintf(m->value, sizeof m->value, "FUTURE_REF");
        return m->te;
    }
    if (is(c, k, "these") && is(c, k + 1, "days")) {
        m->te = k + 2;
        m->type = NM_TIMEX_DATE;
        snprintf(m->value, sizeof m->value, "PRESENT_REF");
        return m->te;
    }
    if (is(c, k, "at") && is(c, k + 1, "present")) {
        m->te = k + 2;
        m->type = NM_TIMEX_DATE;
        snprintf(m->value, sizeof m->value, "PRESENT_REF");
        return m->te;
    }
    if (k >= c->se || c->ti[k].cls != 'R') return 0;
    if (is(c, k, "future")) return 0;  /* only "the future", "near future" */
    int plural;
    uint32_t e = k + 1;
    if (is(c, k, "recent") || is(c, k, "current")) {
        /* "recent weeks": an unspecified duration; "current account" is not a time */
        char u;
        if ((u = unit_at(c, e, &plural)) && plural && is(c, k, "recent")) {
            m->te = e + 1;
            m->type = NM_TIMEX_DURATION;
            duration_value(m->value, sizeof m->value, -1, u);
            return m->te;
        }
        if (is(c, e, "account") || is(c, e, "accounts")) return 0;
    }
    m->te = e;
    m->type = NM_TIMEX_DATE;
    snprintf(m->value, sizeof m->value, "%s", c->ti[k].arg);
    return e;
}

/* Sets: daily, every year, each Monday, twice a year. */
static uint32_t match_set(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i;
    if (c->ti[k].cls == 'X') {
        m->te = k + 1;
        m->type = NM_TIMEX_SET;
        snprintf(m->value, sizeof m->value, "%s", c->ti[k].arg);
        return m->te;
    }
    if (!(is(c, k, "every") || is(c, k, "each") || is(c, k, "per"))) return 0;
    uint32_t w = k + 1;
    if (is(c, w, "other")) w++;
    double n = 1;
    uint32_t ce;
    if (count_at(c, w, &n, &ce) && ce < c->se && c->ti[ce].cls == 'U') w = ce;
    if (w >= c->se) return 0;
    const tinfo *t = &c->ti[w];
    m->te = w + 1;
    m->type = NM_TIMEX_SET;
    if (t->cls == 'U') {
        char u = unit_at(c, w, NULL);
        duration_value(m->value, sizeof m->value, n < 0 ? 1 : n * (is(c, k + 1, "other") ? 2 : 1), u);
        return m->te;
    }
    if (t->cls == 'W') { snprintf(m->value, sizeof m->value, "XXXX-WXX-%d", t->iarg); return m->te; }
    if (t->cls == 'M' && upper(c, w)) { snprintf(m->value, sizeof m->value, "XXXX-%02d", t->iarg); return m->te; }
    if (t->cls == 'S') { snprintf(m->value, sizeof m->value, "XXXX-%s", t->arg); return m->te; }
    if (t->cls == 'P') { snprintf(m->value, sizeof m->value, "TXX%s", t->arg); return m->te; }
    return 0;
}

/* "the weekend", "the week", "the year" (a duration in TimeBank). */
static uint32_t match_the_unit(ctx *c, uint32_t i, match *m)
{
    if (!is(c, i, "the")) return 0;
    uint32_t k = i + 1;
    if (is(c, k, "fiscal")) k++;
    if (is(c, k, "weekend")) {
        m->te = k + 1;
        m->type = NM_TIMEX_DATE;
        if (!c->ry) { snprintf(m->value, sizeof m->value, "XXXX-WXX-WE"); return m->te; }
        int wd = nm_weekday(c->ry, c->rm, c->rd);
        int shift = 0;
        if (tense(c, i, k + 1) <= 0 && wd < 6) shift = -7;   /* past: the weekend just gone */
        week_value(m->value, sizeof m->value, c->ry, c->rm, c->rd, shift, "-WE");
        return m->te;
    }
    if (is(c, k, "week") && k == i + 1 && is(c, k + 1, "of") && k + 2 < c->se) {
        /* "the week of March 6": the ISO week of that day */
        match sub;
        memset(&sub, 0, sizeof sub);
        uint32_t e = match_month(c, k + 2, &sub);
        if (e > k + 2 && strlen(sub.value) == 10 && sub.value[0] != 'X') {
            m->te = e;
            m->type = NM_TIMEX_DATE;
            week_value(m->value, sizeof m->value, atoi(sub.value), atoi(sub.value + 5), atoi(sub.value + 8), 0, NULL);
            return m->te;
        }
    }
    if (is(c, k, "week") && k == i + 1 && !is(c, k + 1, "of") && !is(c, k + 1, "before") && !is(c, k + 1, "after")) {
        m->te = k + 1;
        m->type = NM_TIMEX_DATE;
        if (!c->ry) { snprintf(m->value, sizeof m->value, "XXXX-WXX"); return m->te; }
        week_value(m->value, sizeof m->value, c->ry, c->rm, c->rd, 0, NULL);
        return m->te;
    }
    if (is(c, k, "year") && !is(c, k + 1, "of") && !is(c, k + 1, "before") && !is(c, k + 1, "after") &&
        !is(c, k + 1, "ago") && !is(c, k + 1, "earlier")) {
        m->te = k + 1;
        m->type = NM_TIMEX_DURATION;
        snprintf(m->value, sizeof m->value, "P1Y");
        return m->te;
    }
    return 0;
}

/* Anaphoric days: "the next day", "the following day", "the day before", "that day". */
static uint32_t match_anaphoric(ctx *c, uint32_t i, match *m)
{
    int shift;
    uint32_t e;
    if (is(c, i, "the") && (is(c, i + 1, "next") || is(c, i + 1, "following")) && is(c, i + 2, "day")) { shift = 1; e = i + 3; }
    else if (is(c, i, "the") && (is(c, i + 1, "previous") || is(c, i + 1, "preceding")) && is(c, i + 2, "day")) { shift = -1; e = i + 3; }
    else if (is(c, i, "the") && is(c, i + 1, "day") && is(c, i + 2, "before") && is_punct(c, i + 3)) { shift = -1; e = i + 3; }
    else if (is(c, i, "that") && is(c, i + 1, "day")) { shift = 0; e = i + 2; }
    else if (is(c, i, "that") && is(c, i + 1, "same") && is(c, i + 2, "day")) { shift = 0; e = i + 3; }
    else if (is(c, i, "the") && (is(c, i + 1, "next") || is(c, i + 1, "following")) && (is(c, i + 2, "morning") || is(c, i + 2, "evening"))) {
        shift = 1;
        e = i + 3;
    } else if ((is(c, i, "later") || is(c, i, "earlier")) && ((is(c, i + 1, "in") && is(c, i + 2, "the") && is(c, i + 3, "day")) ||
                                                           (is(c, i + 1, "that") && is(c, i + 2, "day")))) {
        shift = 0;
        e = is(c, i + 1, "in") ? i + 4 : i + 3;
        m->mod = is(c, i, "later") ? "END" : "START";
    } else if ((is(c, i, "later") || is(c, i, "earlier")) && is(c, i + 1, "that") && (is(c, i + 2, "year") || is(c, i + 2, "month"))) {
        int y = c->ly ? c->ly : c->ry, mo = c->ly ? c->lm : c->rm;
        /* "fled in June 1998 and returned later that year": the year last talked about */
        if (c->lyear && is(c, i + 2, "year")) y = c->lyear;
        m->te = i + 3;
        m->type = NM_TIMEX_DATE;
        if (!y) snprintf(m->value, sizeof m->value, "XXXX");
        else if (is(c, i + 2, "year")) snprintf(m->value, sizeof m->value, "%04d", y);
        else snprintf(m->value, sizeof m->value, "%04d-%02d", y, mo);
        return m->te;
    } else return 0;
    int y = c->ly, mo = c->lm, d = c->ld;
    if (!y) { y = c->ry; mo = c->rm; d = c->rd; }
    m->te = e;
    if (!y) { m->type = NM_TIMEX_DATE; snprintf(m->value, sizeof m->value, "XXXX-XX-XX"); return e; }
    nm_add_days(&y, &mo, &d, shift);
    set_date(m, y, mo, d, 0);
    return e;
}

/* "year end", "year-end", "the end of the year", "the end of 1990", "the beginning of October". */
static uint32_t match_core(ctx *c, uint32_t i, match *m);

static uint32_t match_part(ctx *c, uint32_t i, match *m)
{
    uint32_t k = i;
    if (is(c, k, "year-end") || (is(c, k, "year") && is(c, k + 1, "end"))) {
        m->te = is(c, k, "year-end") ? k + 1 : k + 2;
        m->type = NM_TIMEX_DATE;
        if (c->ry) snprintf(m->value, sizeof m->value, "%04d", c->ry);
        else snprintf(m->value, sizeof m->value, "XXXX");
        m->mod = "END";
        return m->te;
    }
    if (is(c, k, "the")) k++;
    const char *mod;
    if (is(c, k, "end")) mod = "END";
    else if (is(c, k, "beginning") || is(c, k, "start")) mod = "START";
    else if (is(c, k, "middle")) mod = "MID";
    else return 0;
    if (!is(c, k + 1, "of")) return 0;
    uint32_t j = k + 2;
    match sub = {0};
    uint32_t e;
    if (is(c, j, "the") && unit_at(c, j + 1, NULL) && (is(c, j + 1, "year") || is(c, j + 1, "month") || is(c, j + 1, "week") ||
                                                       is(c, j + 1, "decade") || is(c, j + 1, "century"))) {
        char u = unit_at(c, j + 1, NULL);
        e = j + 2;
        sub.type = NM_TIMEX_DATE;
        if (c->ry) shifted_value(c, sub.value, sizeof sub.value, 0, u, 1);
        else snprintf(sub.value, sizeof sub.value, "XXXX");
    } else {
        e = match_core(c, j, &sub);
        if (!e || sub.type != NM_TIMEX_DATE) return 0;
    }
    *m = sub;
    m->te = e;
    m->mod = mod;
    return e;
}

static uint32_t match_core(ctx *c, uint32_t i, match *m)
{
    uint32_t e;
    /* the matchers in order, each on a cleared match; direct calls rather than a loop over a table
     * of function pointers (one indirect call per rule and token was a visible cost) */
#define TRY_MATCHER(f)                         \
    do {                                       \
        memset(m, 0, sizeof *m);               \
        if ((e = f(c, i, m)) > i) return e;    \
    } while (0)
    TRY_MATCHER(match_part);
    TRY_MATCHER(match_anaphoric);
    TRY_MATCHER(match_time);
    TRY_MATCHER(match_year);
    TRY_MATCHER(match_quarter);
    TRY_MATCHER(match_month);
    TRY_MATCHER(match_weekday);
    TRY_MATCHER(match_deictic);
    TRY_MATCHER(match_relative);
    TRY_MATCHER(match_count);
    TRY_MATCHER(match_the_unit);
    TRY_MATCHER(match_holiday);
    TRY_MATCHER(match_season);
    TRY_MATCHER(match_ref);
    TRY_MATCHER(match_set);
#undef TRY_MATCHER
    return 0;
}

/* Modifiers in front of a time expression, and the core. */
static uint32_t match_at(ctx *c, uint32_t i, match *m)
{
    const char *mod = NULL;
    uint32_t j = i;
    int date_mod = 0;
    if (is(c, j, "more") && is(c, j + 1, "than")) { mod = "MORE_THAN"; j += 2; }
    else if ((is(c, j, "less") || is(c, j, "fewer")) && is(c, j + 1, "than")) { mod = "LESS_THAN"; j += 2; }
    else if (is(c, j, "at") && is(c, j + 1, "least")) { mod = "EQUAL_OR_MORE"; j += 2; }
    else if ((is(c, j, "up") && is(c, j + 1, "to")) || (is(c, j, "at") && is(c, j + 1, "most"))) { mod = "EQUAL_OR_LESS"; j += 2; }
    else if (is(c, j, "no") && is(c, j + 1, "more") && is(c, j + 2, "than")) { mod = "EQUAL_OR_LESS"; j += 3; }
    else if (is(c, j, "nearly") || is(c, j, "almost") || is(c, j, "about") || is(c, j, "around") ||
             is(c, j, "approximately") || is(c, j, "roughly") || is(c, j, "some")) { mod = "APPROX"; j++; }
    else if (is(c, j, "over") && !is(c, j + 1, "the")) { mod = "MORE_THAN"; j++; }
    else if (is(c, j, "early")) { mod = "START"; j++; date_mod = 1; }
    else if (is(c, j, "late")) { mod = "END"; j++; date_mod = 1; }
    else if (is(c, j, "mid") || is(c, j, "mid-")) { mod = "MID"; j++; date_mod = 1; }
    else if ((is(c, j, "earlier") || is(c, j, "later")) && j + 1 < c->se &&
             (is(c, j + 1, "this") || is(c, j + 1, "in") || c->ti[j + 1].cls == 'D' || c->ti[j + 1].cls == 'W')) {
        mod = is(c, j, "earlier") ? "START" : "END";
        j++;
        date_mod = 1;
        if (is(c, j, "in") && is(c, j + 1, "the") && (is(c, j + 2, "year") || is(c, j + 2, "month") || is(c, j + 2, "week") || is(c, j + 2, "day"))) {
            /* "earlier in the year" */
            char u = unit_at(c, j + 2, NULL);
            m->te = j + 3;
            m->type = NM_TIMEX_DATE;
            m->mod = mod;
            if (c->ry) shifted_value(c, m->value, sizeof m->value, 0, u, 1);
            else snprintf(m->value, sizeof m->value, "XXXX");
            return m->te;
        }
    } else if (is(c, j, "the") && (is(c, j + 1, "early") || is(c, j + 1, "late") || is(c, j + 1, "mid")) && j + 2 < c->se) {
        /* "the early 1990s" */
        match sub;
        uint32_t e = match_core(c, j + 2, &sub);
        if (e && sub.type == NM_TIMEX_DATE && strlen(sub.value) <= 3) {
            *m = sub;
            m->te = e;
            m->mod = is(c, j + 1, "early") ? "START" : is(c, j + 1, "late") ? "END" : "MID";
            return e;
        }
    }
    /* mid-January, mid-1990s in one token */
    uint32_t plen = 0;
    const char *pmod = NULL;
    if (!mod && j < c->se && tlen(c, j) > 4 && nm_ascii_ieq(tstr(c, j), "mid-", 4)) { plen = 4; pmod = "MID"; }
    else if (!mod && j < c->se && tlen(c, j) > 5 && nm_ascii_ieq(tstr(c, j), "late-", 5)) { plen = 5; pmod = "END"; }
    else if (!mod && j < c->se && tlen(c, j) > 6 && nm_ascii_ieq(tstr(c, j), "early-", 6)) { plen = 6; pmod = "START"; }
    if (plen) {
        /* mid-January, late-November, mid-1990s: the token without its prefix */
        const char *w = tstr(c, j) + plen;
        uint32_t n = tlen(c, j) - plen;
        const char *v = nm_lexicon_get(c->r->words, w, n);
        double yv;
        if (v && v[0] == 'M') {
            int mo = atoi(v + 2);
            int y = c->ry ? resolve_year(c, mo, 0, tense(c, j, j + 1)) : 0;
            uint32_t e = j + 1;
            int yy;
            if (year_at(c, e, &yy)) { y = yy; e++; }
            m->te = e;
            m->type = NM_TIMEX_DATE;
            if (y) snprintf(m->value, sizeof m->value, "%04d-%02d", y, mo);
            else snprintf(m->value, sizeof m->value, "XXXX-%02d", mo);
            m->mod = pmod;
            return e;
        }
        if ((n == 4 || (n == 5 && w[4] == 's')) && nm_num_digits(w, 4, &yv) && yv >= 1000 && yv < 2200) {
            m->te = j + 1;
            m->type = NM_TIMEX_DATE;
            if (n == 4) snprintf(m->value, sizeof m->value, "%04d", (int)yv);
            else snprintf(m->value, sizeof m->value, "%03d", (int)yv / 10);
            m->mod = pmod;
            return m->te;
        }
    }
    /* when a modifier was read but no expression follows, the caller moves on to the next token */
    uint32_t e = match_core(c, j, m);
    if (!e) return 0;
    if (mod) {
        if (date_mod && m->type == NM_TIMEX_DURATION) return 0;
        if (!date_mod && m->type != NM_TIMEX_DURATION && strcmp(mod, "APPROX") != 0 && !(m->value[0] >= '0' && m->value[0] <= '9')) {
            /* "more than now" */
            return 0;
        }
        if (!date_mod && (is(c, i, "some") || is(c, i, "over")) && m->type != NM_TIMEX_DURATION) return 0;
        m->mod = mod;
    }
    return e;
}

/* ---- the stage ---- */

static void classify(ctx *c)
{
    nm_doc *d = c->d;
    c->ti = nm_arena_zalloc(&d->arena, (d->toks.n + 1) * sizeof *c->ti);
    for (size_t i = 0; i < d->toks.n; i++) {
        const nm_token *t = &d->toks.v[i];
        const char *s = d->text + t->start;
        uint32_t n = nm_tok_len(t);
        tinfo *ti = &c->ti[i];
        if (n > 16) {   /* longer than any time or number word: only "2009-2010"-like tokens matter */
            if (t->flags & NM_TF_DIGIT) ti->cls = 'T';
            continue;
        }
        if (t->flags & NM_TF_DIGIT) {
            double v;
            /* numbers beyond 1e9 are never parts of a time expression (and must not be cast to int) */
            if (nm_num_digits(s, n, &v)) {
                if (v > -1e9 && v < 1e9) { ti->ncls = 'N'; ti->num = v; }
                continue;
            }
        }
        if (!(t->flags & (NM_TF_ALPHA | NM_TF_DIGIT))) continue;
        /* one hash of the token for both look-ups (time words and number words), and none for
         * a token whose first letter and length no key of either lexicon has */
        int maybe_word = nm_time_may_be_word(c->r, s, n);
        uint64_t h = maybe_word ? nm_lexicon_hash(s, n, NM_LEX_FOLD) : 0;
        const char *v = maybe_word ? nm_lexicon_get_hashed(c->r->words, h, NM_LEX_FOLD, s, n) : NULL;
        if (v && v[0] == 'T' && !v[1]) ti->cls = 'T';
        else if (v && v[0] && v[1] == ' ') {
            ti->cls = v[0];
            ti->arg = v + 2;
            ti->iarg = atoi(v + 2);
        }
        double num;
        int k = nm_num_word_hashed(c->r, s, n, h, &num);
        if (k && num > -1e9 && num < 1e9) { ti->ncls = (char)k; ti->num = num; }
        /* "1990s", "16-hour", "late-November": worth trying the rules at */
        if (!ti->cls && !ti->ncls && ((t->flags & NM_TF_DIGIT) || memchr(s, '-', n))) ti->cls = 'T';
    }
}

static void run_pass(ctx *c, nm_timex_set *out, int *fulls_y, int *fulls_m, int *fulls_d, int *nfull_out, uint8_t *full_src)
{
    nm_doc *d = c->d;
    int nfull = 0;
    c->qn = c->qy = 0;
    c->ly = c->lm = c->ld = 0;
    c->lyear = 0;
    for (uint32_t s = 0; s < d->sents.n; s++) {
        const nm_sentence *sent = &d->sents.v[s];
        c->sb = sent->tok_begin;
        c->se = sent->tok_end;
        for (uint32_t i = c->sb; i < c->se;) {
            const nm_token *t = &d->toks.v[i];
            /* "2009-2010": two years */
            if (nm_tok_len(t) == 9 && d->text[t->start + 4] == '-' && c->ti[i].ncls == 0) {
                double a, b;
                if (nm_num_digits(d->text + t->start, 4, &a) && nm_num_digits(d->text + t->start + 5, 4, &b) &&
                    a >= 1000 && a < 2200 && b > a && b < 2200) {
                    if (out) {
                        nm_timex x = {t->start, t->start + 4, s, NM_TIMEX_DATE, NULL, NULL};
                        char v[8];
                        snprintf(v, sizeof v, "%04d", (int)a);
                        x.value = nm_arena_strndup(&d->arena, v, 4);
                        NM_VEC_PUSH(&d->arena, out->v, x);
                        x.start = t->start + 5;
                        x.end = t->end;
                        snprintf(v, sizeof v, "%04d", (int)b);
                        x.value = nm_arena_strndup(&d->arena, v, 4);
                        NM_VEC_PUSH(&d->arena, out->v, x);
                    }
                    i++;
                    continue;
                }
            }
            /* rules are only tried near a time word, a number or a trigger word ("the end of") */
            int near = c->ti[i].cls || c->ti[i].ncls || (i + 1 < c->se && (c->ti[i + 1].cls || c->ti[i + 1].ncls)) ||
                       (i + 2 < c->se && (c->ti[i + 2].cls || c->ti[i + 2].ncls));
            if (c->infer_only) near = c->ti[i].cls == 'M' || c->ti[i].cls == 'W' || c->ti[i].ncls == 'N';
            if (!near) { i++; continue; }
            match m;
            memset(&m, 0, sizeof m);
            uint32_t e = match_at(c, i, &m);
            if (e <= i || e > c->se) { i++; continue; }
            if ((m.type == NM_TIMEX_DATE || m.type == NM_TIMEX_TIME) && m.value[0] >= '0' && m.value[0] <= '9' &&
                strlen(m.value) >= 4 && (m.value[4] == '-' || !m.value[4]))
                c->lyear = atoi(m.value);
            if (m.set_last && strlen(m.value) >= 10 && m.value[0] != 'X') {
                c->ly = atoi(m.value);
                c->lm = atoi(m.value + 5);
                c->ld = atoi(m.value + 8);
            }
            if (c->infer_only && !m.full && !c->dl_m && strlen(m.value) == 10 && !strncmp(m.value, "XXXX-", 5) &&
                m.value[5] != 'X' && m.value[8] != 'X' && sent->body_index <= 0 && i < c->sb + 6 && i > c->sb) {
                /* "MOSCOW, Dec 29 (Reuters) -": only a place name before it, a year to be found elsewhere */
                int place = 1;
                for (uint32_t k = c->sb; k < i && place; k++) place = (d->toks.v[k].flags & NM_TF_UPPER) || is(c, k, ",");
                if (place && is(c, i - 1, ",")) {
                    c->dl_m = atoi(m.value + 5);
                    c->dl_d = atoi(m.value + 8);
                }
            }
            if (m.full && nfull < 64 && fulls_y) {
                fulls_y[nfull] = m.fy;
                fulls_m[nfull] = m.fm;
                fulls_d[nfull] = m.fd;
                /* where it was: 2 dateline, 1 post stamp, 0 text (−1 future tense) */
                uint32_t bs = d->toks.v[i].start;
                uint8_t src = 0;
                if (d->dateline.set && bs >= d->dateline.start && bs < d->dateline.end) src = 3;
                for (size_t p = 0; p < d->posts.n && !src; p++)
                    if (d->posts.v[p].date.set && bs >= d->posts.v[p].date.start && bs < d->posts.v[p].date.end) src = 2;
                if (!src && sent->role == NM_ROLE_POST_ATTRIB) src = 2;
                if (!src && sent->body_index == 0 && i < c->sb + 6) {
                    /* "MOSCOW, Dec. 29, 2025 (Reuters) -": only a place name before the date */
                    int place = i > c->sb;
                    for (uint32_t k = c->sb; k < i && place; k++)
                        place = (d->toks.v[k].flags & NM_TF_UPPER) || is(c, k, ",");
                    if (place) src = 3;
                }
                if (!src) src = tense(c, i, e) > 0 ? 0 : 1;
                full_src[nfull] = src;
                nfull++;
            }
            /* the dateline's date is the article's date, not a time expression of its text
             * (TimeML annotates it as the creation time) */
            int in_dateline = (d->dateline.set && d->toks.v[i].start >= d->dateline.start && d->toks.v[i].start < d->dateline.end);
            if (out && !in_dateline) {
                nm_timex x;
                x.start = d->toks.v[i].start;
                x.end = d->toks.v[e - 1].end;
                x.sent = s;
                x.type = m.type;
                x.value = nm_arena_strndup(&d->arena, m.value, strlen(m.value));
                x.mod = m.mod;
                NM_VEC_PUSH(&d->arena, out->v, x);
            }
            /* "April 24 and 25": the second day shares the first one's month and year */
            int d2;
            if (m.type == NM_TIMEX_DATE && strlen(m.value) == 10 && m.value[0] != 'X' && (is(c, e, "and") || is(c, e, "or")) &&
                c->ti[e + 1 < c->se ? e + 1 : e].ncls == 'N' && day_at(c, e + 1, &d2) && (is_punct(c, e + 2) || e + 2 >= c->se)) {
                int y2 = atoi(m.value), mo2 = atoi(m.value + 5);
                if (nm_valid_date(y2, mo2, d2)) {
                    if (out && !in_dateline) {
                        char v[16];
                        snprintf(v, sizeof v, "%04d-%02d-%02d", y2, mo2, d2);
                        nm_timex x2 = {d->toks.v[e + 1].start, d->toks.v[e + 1].end, s, NM_TIMEX_DATE, NULL, NULL};
                        x2.value = nm_arena_strndup(&d->arena, v, strlen(v));
                        NM_VEC_PUSH(&d->arena, out->v, x2);
                    }
                    e += 2;
                }
            }
            i = e;
        }
    }
    if (nfull_out) *nfull_out = nfull;
}

static void infer_date(ctx *c)
{
    nm_doc *d = c->d;
    int ys[64], ms[64], ds[64], n = 0;
    uint8_t src[64];
    c->ry = 0;
    c->infer_only = 1;
    run_pass(c, NULL, ys, ms, ds, &n, src);
    c->infer_only = 0;
    /* best source first (dateline, post stamp, text); the latest date within it */
    static const char *const names[] = {NULL, "text", "post", "dateline"};
    for (int want = 3; want >= 1; want--) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            if (src[i] != want || ys[i] < 1900 || ys[i] > 2200) continue;
            if (best < 0 || nm_days_from_civil(ys[i], ms[i], ds[i]) > nm_days_from_civil(ys[best], ms[best], ds[best])) best = i;
        }
        if (best >= 0) {
            d->date.y = ys[best];
            d->date.m = ms[best];
            d->date.d = ds[best];
            d->date.source = names[want];
            return;
        }
        if (want == 3 && c->dl_m) {
            /* a dateline without a year: the year that puts it on or soonest after the latest full
             * date of the text (an article is dated after what it reports) */
            int latest = -1;
            for (int i = 0; i < n; i++)
                if (ys[i] >= 1900 && ys[i] <= 2200 &&
                    (latest < 0 || nm_days_from_civil(ys[i], ms[i], ds[i]) > nm_days_from_civil(ys[latest], ms[latest], ds[latest])))
                    latest = i;
            if (latest < 0) continue;
            int y = ys[latest];
            if (c->dl_m * 32 + c->dl_d < ms[latest] * 32 + ds[latest]) y++;
            if (!nm_valid_date(y, c->dl_m, c->dl_d)) continue;
            d->date.y = y;
            d->date.m = c->dl_m;
            d->date.d = c->dl_d;
            d->date.source = names[want];
            return;
        }
    }
}

static void run(nm_doc *doc)
{
    const nm_time_res *r = doc->eng ? doc->eng->time_res : NULL;
    nm_timex_set *set = nm_arena_zalloc(&doc->arena, sizeof *set);
    doc->timex = set;
    if (!r || !doc->toks.n) return;
    ctx c = {0};
    c.d = doc;
    c.r = r;
    classify(&c);
    if (!doc->date.y) infer_date(&c);
    c.ry = doc->date.y;
    c.rm = doc->date.m;
    c.rd = doc->date.d;
    run_pass(&c, set, NULL, NULL, NULL, NULL, NULL);
}

static void json(const nm_doc *doc, nm_json *j)
{
    nm_json_arr_begin(j);
    const nm_timex_set *set = doc->timex;
    for (size_t i = 0; set && i < set->v.n; i++) {
        const nm_timex *x = &set->v.v[i];
        nm_json_obj_begin(j);
        nm_json_span_fields(j, doc, x->start, x->end);
        nm_json_kcstr(j, "type", TYPE_NAMES[x->type]);
        nm_json_kcstr(j, "value", x->value);
        nm_json_kcstr(j, "mod", x->mod);
        int32_t bi = doc->sents.v[x->sent].body_index;
        if (bi >= 0) nm_json_kint(j, "sentence", bi);
        else nm_json_knull(j, "sentence");
        nm_json_obj_end(j);
    }
    nm_json_arr_end(j);
}

/* The briefing's timeline: each sentence with a calendar date, in date order. */
/* A point of comparison or a limit is not when the sentence happens: "the highest level since
 * 1979", "more than 1985's", "until 1990". */
static int comparison_point(const nm_doc *d, const nm_timex *x)
{
    uint32_t k = nm_tok_at_byte(d, x->start);
    if (k == 0 || k >= d->toks.n || d->toks.v[k - 1].sent != x->sent) return 0;
    const nm_token *t = &d->toks.v[k - 1];
    return nm_tok_is_ci(d, t, "since") || nm_tok_is_ci(d, t, "than") || nm_tok_is_ci(d, t, "until") ||
           nm_tok_is_ci(d, t, "till");
}

typedef struct tl_item {
    const char *value;
    uint32_t sent;
} tl_item;

static int tl_cmp(const void *a, const void *b)
{
    const tl_item *x = a, *y = b;
    int c = strcmp(x->value, y->value);
    if (c) return c;
    return x->sent < y->sent ? -1 : x->sent > y->sent;
}

static void text(const nm_doc *doc, nm_buf *b)
{
    const nm_timex_set *set = doc->timex;
    if (!set || !set->v.n) return;
    size_t n = 0;
    tl_item *items = malloc(set->v.n * sizeof *items);
    if (!items) return;
    uint32_t last_sent = UINT32_MAX;
    for (size_t i = 0; i < set->v.n; i++) {
        const nm_timex *x = &set->v.v[i];
        if (x->type != NM_TIMEX_DATE && x->type != NM_TIMEX_TIME) continue;
        if (!(x->value[0] >= '0' && x->value[0] <= '9') || x->sent == last_sent) continue;
        if (doc->sents.v[x->sent].body_index < 0 || comparison_point(doc, x)) continue;
        items[n++] = (tl_item){x->value, x->sent};
        last_sent = x->sent;
    }
    if (n) {
        qsort(items, n, sizeof *items, tl_cmp);
        nm_buf_printf(b, "\nTimeline\n--------\n");
        for (size_t i = 0; i < n; i++) {
            const nm_sentence *s = &doc->sents.v[items[i].sent];
            uint32_t len = s->end - s->start;
            int cut = len > 160;
            if (cut) {
                len = 157;
                while (len > 0 && (doc->text[s->start + len] & 0xC0) == 0x80) len--;
            }
            nm_buf_printf(b, "  %-16s %.*s%s\n", items[i].value, (int)len, doc->text + s->start, cut ? "..." : "");
        }
    }
    free(items);
}

static int init(nm_engine *eng, char *err, size_t errlen)
{
    nm_time_res *r = calloc(1, sizeof *r);
    if (!r) return -1;
    eng->time_res = r;
    r->words = nm_lexicon_load("lexicons/time-words.txt", NM_LEX_FOLD);
    r->numbers = nm_lexicon_load("lexicons/numbers.txt", NM_LEX_FOLD);
    r->tense = nm_lexicon_load("lexicons/time-tense.txt", NM_LEX_FOLD);
    r->units = nm_lexicon_load("lexicons/units.txt", NM_LEX_FOLD);
    r->currencies = nm_lexicon_load("lexicons/currencies.txt", NM_LEX_EXACT);
    if (!r->words || !r->numbers || !r->tense || !r->units || !r->currencies) {
        if (err) snprintf(err, errlen, "cannot load the time lexicons");
        return -1;
    }
    nm_time_res_index(r);
    return 0;
}

static void fini(nm_engine *eng)
{
    nm_time_res *r = eng->time_res;
    if (!r) return;
    nm_lexicon_free(r->words);
    nm_lexicon_free(r->numbers);
    nm_lexicon_free(r->tense);
    nm_lexicon_free(r->units);
    nm_lexicon_free(r->currencies);
    free(r);
    eng->time_res = NULL;
}

const nm_stage nm_stage_timex = {"timex", init, fini, run, "timex", json, text};

int nm_time_sentence_date(const nm_doc *d, uint32_t sent, char *out)
{
    const nm_timex_set *set = d->timex;
    for (size_t i = 0; set && i < set->v.n; i++) {
        const nm_timex *x = &set->v.v[i];
        if (x->sent < sent) continue;
        if (x->sent > sent) break;
        if (x->type != NM_TIMEX_DATE && x->type != NM_TIMEX_TIME) continue;
        if (comparison_point(d, x)) continue;
        const char *v = x->value;
        /* a calendar value: YYYY-MM or YYYY-MM-DD (times cut to the day) */
        if (strlen(v) >= 7 && v[4] == '-' && v[5] >= '0' && v[5] <= '9' && v[0] >= '0' && v[0] <= '9') {
            size_t n = strlen(v) >= 10 && v[7] == '-' && v[8] >= '0' && v[8] <= '9' ? 10 : 7;
            memcpy(out, v, n);
            out[n] = 0;
            return 1;
        }
    }
    if (!d->date.y) return 0;
    snprintf(out, 16, "%04d-%02d-%02d", d->date.y, d->date.m, d->date.d);
    return 1;
}
