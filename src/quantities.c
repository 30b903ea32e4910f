/*
 * quantities.c — the quantities stage (see quantities.h): one left-to-right scan over each
 * sentence's tokens. A number is digits ("1,000.5", "2.3bn"), number words ("ninety-one", "a
 * dozen") or a hyphenated measure ("15-year"); multipliers ("5 million"), a currency in front or
 * after ("$", "€", "rubles"), a unit ("percent", "km"), a modifier in front ("around", "more than"),
 * ranges ("5 to 10", "between 5 and 10") and comma lists ("30, 40, 50 years") are read around it.
 * What a bare count counts is the head of the word run after it ("91 long-range drones" → drones).
 * Runs after the timex stage and skips numbers inside DATE/TIME/SET expressions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quantities.h"

#include "entities.h"
#include "stage.h"
#include "time_num.h"
#include "timex.h"

typedef struct qctx {
    nm_doc *d;
    const nm_time_res *r;
    uint8_t *in_date;   /* per token: part of a DATE/TIME/SET time expression */
    uint32_t sb, se;
} qctx;

typedef struct qnum {
    double value;
    uint32_t end;       /* token after the number (and its multipliers) */
    const char *unit;   /* unit glued to the token ("5km", "15-year") */
    uint8_t kind;
    int vague;          /* "dozens", "hundreds": a lower bound */
} qnum;

static const char *const STOP[] = {
    "of", "in", "on", "at", "to", "from", "with", "by", "for", "and", "or", "but", "that", "which", "who",
    "was", "were", "is", "are", "be", "been", "had", "have", "has", "said", "says", "the", "a", "an", "as",
    "than", "into", "over", "under", "per", "after", "before", "during", "since", "while", "when", "if",
    "would", "will", "could", "can", "may", "might", "should", "must", "did", "do", "does", "not", "more",
    "less", "also", "each", "every", "this", "these", "those", "its", "their", "his", "her", "our", "all",
    "ago", "later", "earlier", "about", "around", "up", "down", "out", "off", "against", "between", "among",
    "through", "so", "such", "including", "there", "here", "then", "now", "only", "just", NULL};


static inline __attribute__((always_inline)) int qis(const qctx *c, uint32_t i, const char *s)
{
    if (i >= c->se) return 0;
    const nm_token *t = &c->d->toks.v[i];
    return nm_text_is_ci(c->d->text + t->start, t->end - t->start, s);
}
static const char *qstr(const qctx *c, uint32_t i) { return c->d->text + c->d->toks.v[i].start; }
static uint32_t qlen(const qctx *c, uint32_t i) { return nm_tok_len(&c->d->toks.v[i]); }

static int is_stop(const qctx *c, uint32_t i)
{
    for (int k = 0; STOP[k]; k++)
        if (qis(c, i, STOP[k])) return 1;
    return 0;
}

static const char *unit_name(const char *arg)
{
    static const char *const map[][2] = {{"D", "day"},       {"W", "week"},   {"M", "month"},  {"Y", "year"},
                                         {"Q", "quarter"},   {"DE", "decade"}, {"CE", "century"}, {"H", "hour"},
                                         {"MIN", "minute"},  {"SEC", "second"}, {"WE", "weekend"}, {"FN", "fortnight"}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (!strcmp(arg, map[k][0])) return map[k][1];
    return NULL;
}

/* A time unit word ("years", "day") → its singular name. */
static const char *time_unit(const qctx *c, const char *s, size_t n)
{
    const char *v = nm_lexicon_get(c->r->words, s, n);
    if (!v || v[0] != 'U') return NULL;
    return unit_name(v + 2);
}

/* A currency written as a word or code: exact ("USD", "$"), else lower-cased ("Rubles"). */
static const char *currency(const qctx *c, const char *s, size_t n)
{
    const char *v = nm_lexicon_get(c->r->currencies, s, n);
    if (v) return v;
    char low[40];
    if (n >= sizeof low) return NULL;
    for (size_t k = 0; k < n; k++) low[k] = (char)((s[k] >= 'A' && s[k] <= 'Z') ? s[k] + 32 : s[k]);
    return nm_lexicon_get(c->r->currencies, low, n);
}

/* Read a number at token i. */
static int read_number(const qctx *c, uint32_t i, qnum *q)
{
    memset(q, 0, sizeof *q);
    if (i >= c->se || c->in_date[i]) return 0;
    const nm_token *t = &c->d->toks.v[i];
    const char *s = qstr(c, i);
    uint32_t n = qlen(c, i);
    double v, mult;
    q->kind = NM_QTY_NUMBER;
    if (t->flags & NM_TF_DIGIT) {
        if (nm_num_digits(s, n, &v)) {
            q->value = v;
            q->end = i + 1;
        } else {
            /* digits with a glued suffix: 2.3bn, 3m, 10k, 5km, 21st, 15-year */
            uint32_t k = 0;
            while (k < n && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.' || s[k] == ',')) k++;
            if (k == 0 || !nm_num_digits(s, k, &v)) return 0;
            const char *suf = s + k;
            uint32_t sl = n - k;
            int wk;
            if ((wk = nm_num_word(c->r, s, n, &mult)) == 'O') { q->value = mult; q->kind = NM_QTY_ORDINAL; q->end = i + 1; }
            else if (sl > 1 && suf[0] == '-') {
                const char *tu = time_unit(c, suf + 1, sl - 1);
                if (tu) { q->value = v; q->unit = tu; q->kind = NM_QTY_DURATION; q->end = i + 1; }
                else {
                    double hi;
                    if (!nm_num_digits(suf + 1, sl - 1, &hi)) return 0;
                    /* a range in one token: 5-10 (the caller reads the upper end) */
                    q->value = v;
                    q->end = i + 1;
                    return 2;   /* range token */
                }
            } else if (nm_num_word(c->r, suf, sl, &mult) == 'X' && mult >= 1000) { q->value = v * mult; q->end = i + 1; }
            else {
                const char *u = nm_lexicon_get(c->r->units, suf, sl);
                if (!u) return 0;
                q->value = v;
                q->unit = u;
                q->kind = strcmp(u, "%") ? NM_QTY_MEASURE : NM_QTY_PERCENT;
                q->end = i + 1;
            }
        }
    } else {
        int k = nm_num_word(c->r, s, n, &v);
        if (!k) {
            /* "ninety-one-year": number word + time unit */
            const char *dash = memchr(s, '-', n);
            if (dash && (k = nm_num_word(c->r, s, (size_t)(dash - s), &v)) == 'C' && !(n > 2 && (s[0] == 'a' || s[0] == 'A') && dash == s + 1)) {
                const char *tu = time_unit(c, dash + 1, n - (size_t)(dash - s) - 1);
                if (!tu) return 0;
                q->value = v;
                q->unit = tu;
                q->kind = NM_QTY_DURATION;
                q->end = i + 1;
                return 1;
            }
            return 0;
        }
        if (k == 'F') return 0;
        if (k == 'O') {
            if (t->flags & NM_TF_UPPER) return 0;   /* "First Deputy Foreign Minister" */
            if (qis(c, i, "second") && i + 1 < c->se && (c->d->toks.v[i + 1].flags & NM_TF_PUNCT)) return 0;
            q->value = v;
            q->kind = NM_QTY_ORDINAL;
            q->end = i + 1;
            return 1;
        }
        if (k == 'X') {
            /* "hundreds of", "dozens of", "millions of" */
            if (s[n - 1] != 's' || !qis(c, i + 1, "of")) return 0;
            q->value = v;
            q->vague = 1;
            q->end = i + 1;
            return 1;
        }
        if (qis(c, i, "a") || qis(c, i, "an")) {
            /* only "a dozen", "a hundred", "a million" */
            double m2;
            int k2 = i + 1 < c->se ? nm_num_word(c->r, qstr(c, i + 1), qlen(c, i + 1), &m2) : 0;
            if (!(k2 == 'X' || qis(c, i + 1, "dozen"))) return 0;
        }
        if (qis(c, i, "dozens")) {
            if (!qis(c, i + 1, "of")) return 0;
            q->vague = 1;
        }
        q->value = v;
        q->end = i + 1;
        /* twenty five */
        if (v >= 20 && v <= 90 && i + 1 < c->se) {
            double u;
            if (nm_num_word(c->r, qstr(c, i + 1), qlen(c, i + 1), &u) == 'C' && u >= 1 && u <= 9 && !qis(c, i + 1, "a") &&
                !qis(c, i + 1, "an")) {
                q->value += u;
                q->end = i + 2;
            }
        }
    }
    /* multipliers: 5 million, two dozen, a hundred thousand */
    while (q->end < c->se) {
        uint32_t k = q->end;
        int wk = nm_num_word(c->r, qstr(c, k), qlen(c, k), &mult);
        if (qis(c, k, "dozen")) mult = 12, wk = 'X';
        if (wk != 'X') break;
        const char *w = qstr(c, k);
        if (qlen(c, k) == 1 && (w[0] == 'm' || w[0] == 'k')) break;   /* "5 m" is metres */
        q->value *= mult;
        q->end = k + 1;
    }
    return 1;
}

static const char *modifier(const qctx *c, uint32_t i, uint32_t *start)
{
    struct { const char *a, *b; const char *mod; } const two[] = {
        {"more", "than", "MORE_THAN"},  {"less", "than", "LESS_THAN"}, {"fewer", "than", "LESS_THAN"},
        {"at", "least", "EQUAL_OR_MORE"}, {"up", "to", "EQUAL_OR_LESS"}, {"at", "most", "EQUAL_OR_LESS"},
        {"as", "many", "EQUAL_OR_LESS"}, {"no", "more", "EQUAL_OR_LESS"}};
    if (i >= c->sb + 2) {
        for (size_t k = 0; k < sizeof two / sizeof two[0]; k++)
            if (qis(c, i - 2, two[k].a) && qis(c, i - 1, two[k].b)) { *start = i - 2; return two[k].mod; }
        if (qis(c, i - 2, "as") && qis(c, i - 1, "much")) { *start = i - 2; return "EQUAL_OR_LESS"; }
    }
    if (i > c->sb) {
        static const char *const approx[] = {"around", "about", "approximately", "roughly", "some", "nearly", "almost",
                                             "approx.", "circa", "~", "an", NULL};
        for (int k = 0; approx[k]; k++)
            if (qis(c, i - 1, approx[k]) && strcmp(approx[k], "an")) { *start = i - 1; return "APPROX"; }
        if (qis(c, i - 1, "over") || qis(c, i - 1, "above") || qis(c, i - 1, "exceeding")) { *start = i - 1; return "MORE_THAN"; }
        if (qis(c, i - 1, "under") || qis(c, i - 1, "below")) { *start = i - 1; return "LESS_THAN"; }
    }
    return NULL;
}

/* Unit or currency after the number at token k: returns the token after it, sets *unit, *kind. */
static uint32_t unit_after(const qctx *c, uint32_t k, const char **unit, uint8_t *kind)
{
    if (k >= c->se) return k;
    /* two-word units and currencies first */
    if (k + 1 < c->se && c->d->toks.v[k + 1].start == c->d->toks.v[k].end + 1) {
        uint32_t s = c->d->toks.v[k].start, e = c->d->toks.v[k + 1].end;
        const char *u = nm_lexicon_get(c->r->units, c->d->text + s, e - s);
        if (u) { *unit = u; *kind = strcmp(u, "%") ? NM_QTY_MEASURE : NM_QTY_PERCENT; return k + 2; }
        const char *cur = currency(c, c->d->text + s, e - s);
        if (cur && cur[0]) { *unit = cur; *kind = NM_QTY_MONEY; return k + 2; }
    }
    const char *s = qstr(c, k);
    uint32_t n = qlen(c, k);
    const char *u = nm_lexicon_get(c->r->units, s, n);
    if (u && !(n == 1 && (s[0] == 'm' || s[0] == 'g'))) {
        *unit = u;
        *kind = strcmp(u, "%") ? NM_QTY_MEASURE : NM_QTY_PERCENT;
        return k + 1;
    }
    const char *cur = currency(c, s, n);
    if (cur && (c->d->toks.v[k].flags & NM_TF_ALPHA)) { *unit = cur; *kind = NM_QTY_MONEY; return k + 1; }
    const char *tu = time_unit(c, s, n);
    if (tu) { *unit = tu; *kind = NM_QTY_DURATION; return k + 1; }
    return k;
}

/* The head noun of the word run after token k: for plural counts the first plural-looking word
 * ("two leaders took place" → leaders, "91 long-range drones" → drones), else the last word of the
 * run. Runs stop at function words, verbs of time-tense.txt and capitalised words. */
static const char *object_after(qctx *c, uint32_t k, double value, uint32_t *end)
{
    uint32_t last = UINT32_MAX, plural = UINT32_MAX, j = k;
    for (int words = 0; j < c->se && words < 4; j++, words++) {
        const nm_token *t = &c->d->toks.v[j];
        if (!(t->flags & NM_TF_ALPHA) || (t->flags & NM_TF_DIGIT) || is_stop(c, j)) break;
        if ((t->flags & NM_TF_UPPER) && words > 0) break;
        if (words == 0 && qlen(c, j) > 4 && qstr(c, j)[qlen(c, j) - 1] == 'd' && qstr(c, j)[qlen(c, j) - 2] == 'e') break; /* "first elected" */
        if (c->in_date[j]) break;
        const char *w = qstr(c, j);
        uint32_t n = qlen(c, j);
        if (words > 0 && nm_lexicon_has(c->r->tense, w, n)) break;
        if (words > 0 && n > 4 && w[n - 1] == 'd' && w[n - 2] == 'e') break;
        last = j;
        if (n > 2 && (w[n - 1] == 's') && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i') {
            plural = j;
            if (value != 1) break;
        }
    }
    if (last == UINT32_MAX) return NULL;
    uint32_t head = (value != 1 && plural != UINT32_MAX) ? plural : last;
    const char *w = qstr(c, head);
    uint32_t n = qlen(c, head);
    if (n > 2 && w[n - 1] == 'y' && w[n - 2] == 'l') return NULL;   /* an adverb, not a noun */
    *end = head + 1;
    return nm_arena_strndup(&c->d->arena, w, n);
}

static void push(qctx *c, nm_quantity_set *set, uint32_t sent, uint32_t tb, uint32_t te, const nm_quantity *tmpl)
{
    nm_quantity q = *tmpl;
    q.start = c->d->toks.v[tb].start;
    q.end = c->d->toks.v[te - 1].end;
    q.sent = sent;
    NM_VEC_PUSH(&c->d->arena, set->v, q);
}

static void scan_sentence(qctx *c, nm_quantity_set *set, uint32_t sent)
{
    for (uint32_t i = c->sb; i < c->se;) {
        /* currency in front: $5 billion, US$40, €2.3bn */
        const char *cur = NULL;
        uint32_t start = i, k = i;
        if (qis(c, i, "US") && qis(c, i + 1, "$") && i + 2 < c->se && (c->d->toks.v[i + 2].flags & NM_TF_DIGIT)) {
            cur = "USD";
            k = i + 2;
        } else if (c->d->toks.v[i].flags & NM_TF_PUNCT || (qlen(c, i) <= 3 && (c->d->toks.v[i].flags & NM_TF_ALLCAPS))) {
            const char *cc = currency(c, qstr(c, i), qlen(c, i));
            if (cc && i + 1 < c->se) {
                if (c->d->toks.v[i + 1].flags & NM_TF_DIGIT) { cur = cc; k = i + 1; }
            }
        }
        qnum q;
        int rn = read_number(c, k, &q);
        if (!rn) { i++; continue; }
        nm_quantity out = {0};
        out.value = q.value;
        out.value_max = q.value;
        out.kind = q.kind;
        out.unit = q.unit;
        if (rn == 2) {
            /* "5-10" */
            const char *s = qstr(c, k);
            const char *dash = memchr(s, '-', qlen(c, k));
            double hi;
            if (dash && nm_num_digits(dash + 1, qlen(c, k) - (size_t)(dash - s) - 1, &hi)) out.value_max = hi;
        }
        uint32_t mstart = start;
        const char *mod = modifier(c, start, &mstart);
        if (q.vague) mod = "MORE_THAN";
        out.mod = mod;
        uint32_t e = q.end;
        /* range: 5 to 10, between 5 and 10 */
        qnum q2;
        if ((qis(c, e, "to") || qis(c, e, "-") || qis(c, e, "\xE2\x80\x93") ||
             (qis(c, e, "and") && mstart == start && start > c->sb && qis(c, start - 1, "between"))) &&
            read_number(c, e + 1, &q2) == 1 && q2.kind == NM_QTY_NUMBER && q2.value >= out.value) {
            out.value_max = q2.value;
            if (qis(c, e, "and")) mstart = start - 1;
            e = q2.end;
            /* "5 to 10 million": the multiplier of the upper bound applies to both */
            if (q2.value > 0 && out.value > 0 && q2.value / out.value >= 1000 && q2.end > e) {}
        }
        if (cur) { out.unit = cur; out.kind = NM_QTY_MONEY; }
        else if (!out.unit) {
            /* a comma list ending in a unit: 30, 40, 50 years */
            uint32_t p = e;
            qnum q3;
            int guard = 0;
            uint8_t kind = 0;
            const char *unit = NULL;
            while (qis(c, p, ",") && read_number(c, p + 1, &q3) == 1 && guard++ < 8) {
                p = q3.end;
                uint32_t ue = unit_after(c, p, &unit, &kind);
                if (ue > p) break;
            }
            if (p > e && unit) { out.unit = unit; out.kind = kind; }
            else {
                uint32_t ue = unit_after(c, e, &out.unit, &out.kind);
                e = ue;
            }
        }
        /* what is counted */
        if (out.kind == NM_QTY_NUMBER || out.kind == NM_QTY_ORDINAL || out.kind == NM_QTY_DURATION) {
            uint32_t oe;
            const char *obj = object_after(c, e, out.value, &oe);
            if (obj && !(out.kind == NM_QTY_DURATION && out.unit && e > q.end)) {
                out.object = obj;
                if (out.kind == NM_QTY_NUMBER) out.kind = NM_QTY_COUNT;
            }
            if (out.kind == NM_QTY_DURATION && out.unit && e == q.end && obj) out.object = obj;
        }
        /* noise filters: a bare "one" (pronoun), model numbers ("Boeing 747"), lone years */
        int bare = out.kind == NM_QTY_NUMBER;
        const nm_token *t0 = &c->d->toks.v[k];
        if (bare && !(t0->flags & NM_TF_DIGIT) && !mod) { i = q.end; continue; }
        /* a number right after a name is part of it: "Boeing 747", "Route 66", "747-300" */
        if ((bare || out.kind == NM_QTY_COUNT) && k > c->sb && (c->d->toks.v[k - 1].flags & NM_TF_UPPER) &&
            (c->d->toks.v[k - 1].flags & NM_TF_ALPHA) && !(c->d->toks.v[k - 1].flags & NM_TF_SENT_START) && !cur && !mod &&
            (c->d->toks.v[k].flags & NM_TF_DIGIT)) { i = q.end; continue; }
        if (out.kind == NM_QTY_ORDINAL && !out.object) { i = q.end; continue; }
        /* a number word inside a name the entity layer found counts nothing: "Six Nations",
         * "Formula One", "the Group of Seven" */
        const nm_mention *nm = nm_mention_at(c->d, k);
        if (nm && nm->kind == NM_MENTION_NAME && !(t0->flags & NM_TF_DIGIT)) { i = q.end; continue; }
        push(c, set, sent, mstart, e, &out);
        i = e > i ? e : i + 1;
    }
}

static void run(nm_doc *doc)
{
    nm_quantity_set *set = nm_arena_zalloc(&doc->arena, sizeof *set);
    doc->quantities = set;
    const nm_time_res *r = doc->eng ? doc->eng->time_res : NULL;
    if (!r || !doc->toks.n) return;
    qctx c = {doc, r, nm_arena_zalloc(&doc->arena, doc->toks.n + 1), 0, 0};
    /* tokens inside DATE/TIME/SET expressions (timexes and tokens are both in text order) */
    const nm_timex_set *tx = doc->timex;
    size_t ti = 0;
    for (size_t k = 0; tx && k < doc->toks.n; k++) {
        const nm_token *t = &doc->toks.v[k];
        while (ti < tx->v.n && tx->v.v[ti].end <= t->start) ti++;
        for (size_t u = ti; u < tx->v.n && tx->v.v[u].start < t->end; u++)
            if (tx->v.v[u].type != NM_TIMEX_DURATION && tx->v.v[u].end > t->start) c.in_date[k] = 1;
    }
    for (uint32_t s = 0; s < doc->sents.n; s++) {
        c.sb = doc->sents.v[s].tok_begin;
        c.se = doc->sents.v[s].tok_end;
        scan_sentence(&c, set, s);
    }
}

/* Whole numbers exactly (nm_json_num keeps 4 significant digits: "$5 billion" must stay 5000000000). */
static void number(nm_json *j, const char *key, double v)
{
    if (v < 9e18 && v > -9e18 && v == (double)(int64_t)v) nm_json_kint(j, key, (int64_t)v);   /* range first: the cast is UB outside */
    else nm_json_knum(j, key, v);
}

static const char *const KIND_NAMES[] = {"count", "percent", "money", "measure", "duration", "ordinal", "number"};

static void json(const nm_doc *doc, nm_json *j)
{
    nm_json_arr_begin(j);
    const nm_quantity_set *set = doc->quantities;
    for (size_t i = 0; set && i < set->v.n; i++) {
        const nm_quantity *q = &set->v.v[i];
        nm_json_obj_begin(j);
        nm_json_span_fields(j, doc, q->start, q->end);
        nm_json_kcstr(j, "kind", KIND_NAMES[q->kind]);
        number(j, "value", q->value);
        if (q->value_max != q->value) number(j, "value_max", q->value_max);
        nm_json_kcstr(j, "unit", q->unit);
        nm_json_kcstr(j, "object", q->object);
        nm_json_kcstr(j, "mod", q->mod);
        int32_t bi = doc->sents.v[q->sent].body_index;
        if (bi >= 0) nm_json_kint(j, "sentence", bi);
        else nm_json_knull(j, "sentence");
        nm_json_obj_end(j);
    }
    nm_json_arr_end(j);
}

static void text(const nm_doc *doc, nm_buf *b)
{
    const nm_quantity_set *set = doc->quantities;
    if (!set || !set->v.n) return;
    int any = 0;
    for (size_t i = 0; i < set->v.n; i++) {
        const nm_quantity *q = &set->v.v[i];
        if (q->kind == NM_QTY_ORDINAL || q->kind == NM_QTY_NUMBER) continue;
        if (doc->sents.v[q->sent].body_index < 0) continue;
        if (!any) nm_buf_printf(b, "\nNumbers\n-------\n");
        any = 1;
        nm_buf_printf(b, "  %-28.*s %s%g", (int)(q->end - q->start), doc->text + q->start, q->mod && !strcmp(q->mod, "APPROX") ? "~" : "",
                      q->value);
        if (q->value_max != q->value) nm_buf_printf(b, "-%g", q->value_max);
        if (q->unit) nm_buf_printf(b, " %s", q->unit);
        if (q->object) nm_buf_printf(b, " %s", q->object);
        if (q->mod && strcmp(q->mod, "APPROX")) nm_buf_printf(b, " (%s)", q->mod);
        nm_buf_putc(b, '\n');
    }
}

const nm_stage nm_stage_quantities = {"quantities", NULL, NULL, run, "quantities", json, text};
