/*
 * quotes.c — the quotes stage: direct, partial, multi-paragraph, post and indirect quotations,
 * each with its cue verb and speaker (see quotes.h).
 *
 * Why rules and not a model: attribution in news follows a handful of syntactic patterns
 * (quote, cue, speaker / speaker, cue, quote / "X said:" before a block / "according to X"),
 * and the hard part is bookkeeping — pairing marks robustly, carrying the speaker across the
 * fragments of an interrupted quote and across reopened paragraphs — which rules do exactly.
 *
 * Passes, all linear in the document:
 *   1. quote marks → segments (content spans), one state machine over the body paragraphs;
 *      apostrophes are told apart from single quotes by their neighbours; an unclosed mark ends
 *      at its paragraph (or sentence) and records a warning;
 *   2. sentence by sentence, in text order: each segment gets an attribution (cue + speaker
 *      phrase) from its own sentence, a colon intro before it, or the quote before it; then the
 *      sentence is searched for reported speech without marks;
 *   3. embedded posts become quotes of their author;
 *   4. speaker phrases are resolved to entities (nm_entity_resolve), with a name taken from the
 *      text when the entity layer has none.
 */
#include "quotes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "lexicon.h"
#include "stage.h"
#include "text.h"

struct nm_quote_res {
    nm_lexicon *cues;     /* speech-verbs.txt */
    nm_lexicon *titles;   /* speaker-titles.txt */
    nm_lexicon *anon;     /* source-nouns.txt */
    nm_lexicon *stop;     /* speaker-stopwords.txt */
    /* per lexicon (cues, titles, anon, stop) a pre-check: per slot of (lower-cased first and
     * last byte), bit min(length, 63) is set when some key has them; a token without its bit is
     * not in that lexicon (no hash, no probe) */
    uint64_t shapes[4][1024];
    int shapes_ready;
};

/* The shapes slot of a non-empty word. */
static unsigned shape_slot(const char *s, size_t n)
{
    unsigned char a = (unsigned char)s[0], z = (unsigned char)s[n - 1];
    if (a >= 'A' && a <= 'Z') a = (unsigned char)(a + 32);
    if (z >= 'A' && z <= 'Z') z = (unsigned char)(z + 32);
    return ((unsigned)a * 31u + z) & 1023u;
}

/* ------------------------------------------------------------------------------------------ */
/* quote-mark segments                                                                          */

typedef struct qseg {
    uint32_t open_b;        /* byte of the opening mark */
    uint32_t cs, ce;        /* content bytes */
    uint32_t close_e;       /* byte after the closing mark (== ce when unclosed) */
    uint32_t para;
    uint8_t closed;
    uint8_t cont_prev;      /* continues a quote from the previous paragraph */
    uint8_t cont_next;      /* continues into the next paragraph */
    uint8_t block;          /* a block quote paragraph after "X said:" (no marks) */
    uint8_t transcript;     /* "NAME: text" interview line */
    uint32_t tb, te;        /* tokens [tb, te) of the segment including its marks */
} qseg;

enum { MARK_NONE = 0, MARK_OPEN, MARK_CLOSE, MARK_AMBIG };

static int is_space_or_edge(uint32_t c) { return c == 0 || nm_cp_is_space(c); }
static int is_open_punct(uint32_t c) { return c == '(' || c == '[' || c == '{' || nm_cp_is_dash(c) || c == '/'; }
static int is_alnum_cp(uint32_t c) { return nm_cp_is_letter(c) || nm_cp_is_digit(c); }

static uint32_t cp_before(const char *t, uint32_t i, uint32_t lo)
{
    if (i <= lo) return 0;
    uint32_t k = i;
    return nm_utf8_prev(t, &k);
}

static uint32_t cp_after(const char *t, uint32_t i, uint32_t hi)
{
    if (i >= hi) return 0;
    uint32_t k = i;
    return nm_utf8_next(t, &k);
}

/* Is there a double quote mark at byte i? Sets *len and returns its direction class. The news
 * habit of two apostrophes for a double quote ('' or ‘‘ ’’) counts as one mark. */
/* Lead bytes from which nm_utf8_next can decode a quotation mark (' " ‘ ’ “ ” „ ‟ « »), also for
 * malformed text: '"', '\'', the leads of U+00AB/BB and U+2018–201F, and the bytes that decode
 * to those code points when misread as leads. Every other byte is rejected without decoding (the
 * scan visits every character of the text). */
static const uint8_t MAY_START_MARK[256] = {
    ['"'] = 1, ['\''] = 1, [0x80] = 1, [0x82] = 1, [0xA0] = 1, [0xA2] = 1, [0xC0] = 1, [0xC2] = 1,
    [0xE0] = 1, [0xE2] = 1, [0xF0] = 1, [0xF8] = 1,
};

static int dquote_at(const char *t, uint32_t i, uint32_t hi, uint32_t *len)
{
    if (!MAY_START_MARK[(unsigned char)t[i]]) return MARK_NONE;
    uint32_t k = i;
    uint32_t c = nm_utf8_next(t, &k);
    if (c == '\'' || c == 0x2018 || c == 0x2019) {
        uint32_t k2 = k;
        if (k2 < hi) {
            uint32_t d = nm_utf8_next(t, &k2);
            if (d == c) { *len = k2 - i; return c == 0x2018 ? MARK_OPEN : c == 0x2019 ? MARK_CLOSE : MARK_AMBIG; }
        }
        return MARK_NONE;
    }
    if (!nm_cp_is_dquote(c)) return MARK_NONE;
    *len = k - i;
    if (c == 0x201C || c == 0x201E || c == 0x201F || c == 0xAB) return MARK_OPEN;
    if (c == 0x201D || c == 0xBB) return MARK_CLOSE;
    return MARK_AMBIG;
}

/* Decide whether the mark at [i, i+len) opens or closes, given whether a quote is open. */
static int mark_direction(const char *t, uint32_t i, uint32_t len, uint32_t lo, uint32_t hi, int cls, int open)
{
    uint32_t pc = cp_before(t, i, lo), nc = cp_after(t, i + len, hi);
    int left_flank = (is_space_or_edge(pc) || is_open_punct(pc)) && !is_space_or_edge(nc);
    int right_flank = !is_space_or_edge(pc) && !is_open_punct(pc) && (is_space_or_edge(nc) || !is_alnum_cp(nc));
    if (cls == MARK_OPEN) {
        /* “ typed where ” belongs: right after a word and before a space or punctuation */
        if (open && !left_flank && right_flank) return MARK_CLOSE;
        return MARK_OPEN;
    }
    if (cls == MARK_CLOSE) {
        if (!open && left_flank && !right_flank) return MARK_OPEN;
        return MARK_CLOSE;
    }
    if (left_flank && !right_flank) return MARK_OPEN;
    if (right_flank && !left_flank) return MARK_CLOSE;
    return open ? MARK_CLOSE : MARK_OPEN;
}

/* A single quote opening at i (not an apostrophe as in the '90s or 'em)? */
static int squote_opens(const char *t, uint32_t i, uint32_t lo, uint32_t hi, uint32_t *len)
{
    uint32_t k = i;
    uint32_t c = nm_utf8_next(t, &k);
    if (c != '\'' && c != 0x2018 && c != 0x2039) return 0;
    uint32_t pc = cp_before(t, i, lo), nc = cp_after(t, k, hi);
    if (!(is_space_or_edge(pc) || is_open_punct(pc))) return 0;
    if (!nm_cp_is_letter(nc)) return 0; /* '90s, ' alone */
    *len = k - i;
    return 1;
}

/* A single quote closing at i: after a word or punctuation, not followed by a letter (it's). */
static int squote_closes(const char *t, uint32_t i, uint32_t lo, uint32_t hi, uint32_t *len)
{
    uint32_t k = i;
    uint32_t c = nm_utf8_next(t, &k);
    if (c != '\'' && c != 0x2019 && c != 0x203A) return 0;
    uint32_t pc = cp_before(t, i, lo), nc = cp_after(t, k, hi);
    if (is_space_or_edge(pc)) return 0;
    if (nm_cp_is_letter(nc) || nm_cp_is_digit(nc)) return 0;
    *len = k - i;
    return 1;
}

/* A nickname inside a name, not a quotation: Robert C. "Bobby" Scott, Marcia “Cia” Price. The
 * content is one or two capitalised words, a capitalised word (or initial) stands right before
 * the opening mark and a capitalised word right after the closing mark. */
static int is_nickname(const char *t, uint32_t open_b, uint32_t cs, uint32_t ce, uint32_t close_e, uint32_t lo,
                       uint32_t hi)
{
    if (ce <= cs || ce - cs > 24 || !nm_cp_is_upper(cp_after(t, cs, ce))) return 0;
    int spaces = 0;
    for (uint32_t k = cs; k < ce;) {
        uint32_t c = nm_utf8_next(t, &k);
        if (c == ' ') spaces++;
        else if (!nm_cp_is_letter(c) && c != '.' && c != '-') return 0;
    }
    if (spaces > 1) return 0;
    /* "Name " before the opening mark */
    uint32_t k = open_b;
    if (k <= lo || cp_before(t, k, lo) != ' ') return 0;
    nm_utf8_prev(t, &k);
    uint32_t first = 0, n = 0;
    while (k > lo && n < 40) {
        uint32_t save = k;
        uint32_t c = nm_utf8_prev(t, &k);
        if (!nm_cp_is_letter(c) && c != '.') { k = save; break; }
        first = c; n++;
    }
    if (!n || !nm_cp_is_upper(first)) return 0;
    /* " Name" after the closing mark */
    if (close_e >= hi || cp_after(t, close_e, hi) != ' ') return 0;
    return close_e + 1 < hi && nm_cp_is_upper(cp_after(t, close_e + 1, hi));
}

static int para_is_scanned(const nm_paragraph *p) { return p->role == NM_ROLE_BODY; }

/* Does paragraph p open with a double quote mark (the reopened-quote convention)? Returns the
 * byte after the mark, or 0. */
static uint32_t para_opens_quote(const nm_doc *d, const nm_paragraph *p)
{
    uint32_t len;
    if (p->start >= p->end) return 0;
    int cls = dquote_at(d->text, p->start, p->end, &len);
    if (cls == MARK_NONE) return 0;
    if (mark_direction(d->text, p->start, len, p->start, p->end, cls, 0) != MARK_OPEN) return 0;
    return p->start + len;
}

static uint32_t trim_left(const char *t, uint32_t s, uint32_t e)
{
    while (s < e) {
        uint32_t k = s;
        uint32_t c = nm_utf8_next(t, &k);
        if (!nm_cp_is_space(c)) break;
        s = k;
    }
    return s;
}

static uint32_t trim_right(const char *t, uint32_t s, uint32_t e)
{
    while (e > s) {
        uint32_t k = e;
        uint32_t c = nm_utf8_prev(t, &k);
        if (!nm_cp_is_space(c)) break;
        e = k;
    }
    return e;
}

static int has_alnum(const char *t, uint32_t s, uint32_t e)
{
    for (uint32_t i = s; i < e;) {
        uint32_t c = nm_utf8_next(t, &i);
        if (is_alnum_cp(c)) return 1;
    }
    return 0;
}

typedef NM_VEC(qseg) qseg_vec;

static void push_seg(nm_doc *d, qseg_vec *v, uint32_t open_b, uint32_t cs, uint32_t ce, uint32_t close_e,
                     uint32_t para, int closed, int cont_prev)
{
    cs = trim_left(d->text, cs, ce);
    ce = trim_right(d->text, cs, ce);
    while (ce > cs && (d->text[ce - 1] == ',' || d->text[ce - 1] == ' ')) ce--;
    if (!has_alnum(d->text, cs, ce)) return;
    qseg s = {0};
    s.open_b = open_b; s.cs = cs; s.ce = ce; s.close_e = close_e; s.para = para;
    s.closed = (uint8_t)closed; s.cont_prev = (uint8_t)cont_prev;
    NM_VEC_PUSH(&d->arena, *v, s);
}

/* End of the sentence containing byte b within paragraph p (for cutting an unclosed quote). */
static uint32_t sentence_end_at(const nm_doc *d, const nm_paragraph *p, uint32_t b)
{
    for (uint32_t s = p->sent_begin; s < p->sent_end; s++)
        if (d->sents.v[s].end > b) return d->sents.v[s].end;
    return p->end;
}

static uint32_t sentences_between(const nm_doc *d, const nm_paragraph *p, uint32_t a, uint32_t b)
{
    uint32_t n = 0;
    for (uint32_t s = p->sent_begin; s < p->sent_end; s++)
        if (d->sents.v[s].start > a && d->sents.v[s].start < b) n++;
    return n;
}

/* A curly opener inside an open quotation starts a nested quote (“I'd rather live in what he calls
 * “hell” than ...”) when a closing mark follows within a few words and another closing mark
 * (the outer one) follows before any further opener. On success *inner_end is the byte after the
 * inner closing mark. Both look-aheads are bounded, so the scan stays linear. */
static int nested_quote_end(const char *t, uint32_t from, uint32_t hi, uint32_t *inner_end)
{
    uint32_t i = from, lim = from + 160 < hi ? from + 160 : hi, len = 0;
    int cls = MARK_NONE;
    while (i < lim) {
        cls = dquote_at(t, i, hi, &len);
        if (cls != MARK_NONE) break;
        nm_utf8_next(t, &i);
    }
    if (i >= lim || cls != MARK_CLOSE) return 0;
    uint32_t after = i + len;
    i = after;
    lim = after + 2000 < hi ? after + 2000 : hi;
    while (i < lim) {
        cls = dquote_at(t, i, hi, &len);
        if (cls == MARK_CLOSE) { *inner_end = after; return 1; }
        if (cls != MARK_NONE) return 0;
        nm_utf8_next(t, &i);
    }
    return 0;
}

/* Pass 1: pair quote marks over the body paragraphs. */
static void scan_marks(nm_doc *d, qseg_vec *out)
{
    const char *t = d->text;
    int open = 0, cont = 0, warned = 0;
    uint32_t open_b = 0, cs = 0;
    for (uint32_t pi = 0; pi < d->paras.n; pi++) {
        const nm_paragraph *p = &d->paras.v[pi];
        if (!para_is_scanned(p)) { open = 0; continue; }
        uint32_t i = p->start;
        if (open) { /* continued from the previous paragraph: skip its reopening mark */
            uint32_t after = para_opens_quote(d, p);
            open_b = p->start;
            cs = after ? after : p->start;
            i = cs;
            cont = 1;
        }
        int sopen = 0;
        uint32_t sopen_b = 0, scs = 0;
        while (i < p->end) {
            uint32_t len = 0;
            int cls = dquote_at(t, i, p->end, &len);
            if (cls != MARK_NONE) {
                int dir = mark_direction(t, i, len, p->start, p->end, cls, open);
                if (dir == MARK_OPEN) {
                    uint32_t inner_end;
                    if (open && cls == MARK_OPEN && nested_quote_end(t, i + len, p->end, &inner_end)) {
                        i = inner_end; /* “... what he calls “hell” than ...”: a quote inside the quote */
                        continue;
                    }
                    int reopened = 0;
                    if (open) { /* a second opener: the first was never closed */
                        push_seg(d, out, open_b, cs, i, i, pi, 0, cont);
                        /* after a sentence end it is the news convention of reopening the quote at a
                         * new paragraph, with the paragraph break lost ("... away. "Somebody ...") */
                        uint32_t k = trim_right(t, p->start, i);
                        char last = k > p->start ? t[k - 1] : 0;
                        reopened = last == '.' || last == '!' || last == '?';
                        if (reopened && out->n && out->v[out->n - 1].open_b == open_b)
                            out->v[out->n - 1].cont_next = 1; /* one quotation, one speaker */
                        if (!reopened && !warned++)
                            nm_doc_warn(d, "unbalanced quotation mark at character %u: quote ended at the next opening mark", nm_doc_cp(d, open_b));
                    }
                    open = 1; cont = reopened; open_b = i; cs = i + len; sopen = 0;
                } else if (open) {
                    if (!cont && is_nickname(t, open_b, cs, i, i + len, p->start, p->end)) {
                        open = 0; i += len; continue;
                    }
                    push_seg(d, out, open_b, cs, i, i + len, pi, 1, cont);
                    open = 0; cont = 0;
                }
                i += len;
                continue;
            }
            if (!open) { /* single quotes as the outer quotation (headline style) */
                if (!sopen && squote_opens(t, i, p->start, p->end, &len)) {
                    sopen = 1; sopen_b = i; scs = i + len; i += len; continue;
                }
                if (sopen && squote_closes(t, i, p->start, p->end, &len)) {
                    /* short spans only: a long one is more likely two apostrophes */
                    if (i - scs < 400) push_seg(d, out, sopen_b, scs, i, i + len, pi, 1, 0);
                    sopen = 0; i += len; continue;
                }
            }
            uint32_t k = i;
            nm_utf8_next(t, &k);
            i = k;
        }
        if (!open) continue;
        /* open at the paragraph end: continued by the next paragraph's reopening mark? */
        const nm_paragraph *np = NULL;
        if (pi + 1 < d->paras.n && para_is_scanned(&d->paras.v[pi + 1])) np = &d->paras.v[pi + 1];
        if (np && para_opens_quote(d, np)) {
            push_seg(d, out, open_b, cs, p->end, p->end, pi, 0, cont);
            if (out->n && out->v[out->n - 1].para == pi && out->v[out->n - 1].open_b == open_b)
                out->v[out->n - 1].cont_next = 1;
            continue;
        }
        /* unclosed: end at the paragraph, or at the opening sentence when the rest is long */
        uint32_t end = p->end;
        const char *where = "end of its paragraph";
        if (sentences_between(d, p, open_b, p->end) > 4) {
            end = sentence_end_at(d, p, open_b);
            where = "end of its sentence";
        }
        push_seg(d, out, open_b, cs, end, end, pi, 0, cont);
        if (!warned++)
            nm_doc_warn(d, "unclosed quotation mark at character %u: quote ended at the %s", nm_doc_cp(d, open_b), where);
        open = 0; cont = 0;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* tokens                                                                                       */

typedef struct qctx {
    nm_doc *d;
    const struct nm_quote_res *r;
    uint8_t *inq;            /* per token: inside a quote segment (marks included); bit 2 masks a
                                direct quote's cue while reported speech is read */
    uint8_t *indirect_ok;    /* per token: 0 inside a direct quote (no reported speech there) */
    int32_t last_named_q;    /* index of the last quote whose speaker has a name */
    const char *last_name;   /* last named speaker (for he/she when the entity layer has none) */
    int32_t last_entity;
    /* "the minister" → the entity's canonical name. Off: on PolNeAR the entity layer's answers for
     * descriptions cost ~1 point of speaker accuracy (the gold keeps the description's head noun),
     * and the description as written is a fair name for users meanwhile. */
    int resolve_descriptions;
    /* per token: its fold-mode lexicon hash, 0 until first needed (the four lexicons of the
     * stage are all case-folded and the same tokens are probed many times) */
    uint64_t *fold_hash;
    /* per lexicon (cues, titles, anon, stop) and token: the look-up's answer, NULL until first
     * asked, LEX_ABSENT for "not in the lexicon" (the passes ask about the same tokens again) */
    const char **lex_memo[4];
} qctx;

static const char LEX_ABSENT[] = "";

static const char *tstr(const nm_doc *d, uint32_t i) { return d->text + d->toks.v[i].start; }
static uint32_t tlen(const nm_doc *d, uint32_t i) { return d->toks.v[i].end - d->toks.v[i].start; }

static inline __attribute__((always_inline)) int tis(const nm_doc *d, uint32_t i, const char *s)
{
    if (i >= d->toks.n) return 0;
    const nm_token *t = &d->toks.v[i];
    return nm_text_is_ci(d->text + t->start, t->end - t->start, s);
}
static int tpunct(const nm_doc *d, uint32_t i) { return (d->toks.v[i].flags & NM_TF_PUNCT) != 0; }
static int tcap(const nm_doc *d, uint32_t i) { return (d->toks.v[i].flags & NM_TF_UPPER) != 0; }
static int tlower(const nm_doc *d, uint32_t i) { return (d->toks.v[i].flags & NM_TF_LOWER) != 0; }

static const char *lex(const qctx *q, const nm_lexicon *lx, const nm_doc *d, uint32_t i)
{
    int k = lx == q->r->cues ? 0 : lx == q->r->titles ? 1 : lx == q->r->anon ? 2 : lx == q->r->stop ? 3 : -1;
    if (!q->fold_hash || k < 0 || i >= d->toks.n) return nm_lexicon_get(lx, tstr(d, i), tlen(d, i));
    const char **memo = &q->lex_memo[k][i];
    if (*memo) return *memo == LEX_ABSENT ? NULL : *memo;
    size_t n = tlen(d, i);
    if (q->r->shapes_ready && n && !((q->r->shapes[k][shape_slot(tstr(d, i), n)] >> (n < 63 ? n : 63)) & 1)) {
        *memo = LEX_ABSENT;
        return NULL;
    }
    uint64_t *h = &q->fold_hash[i];
    if (!*h) *h = nm_lexicon_hash(tstr(d, i), tlen(d, i), NM_LEX_FOLD); /* a real 0 is just rehashed */
    const char *v = nm_lexicon_get_hashed(lx, *h, NM_LEX_FOLD, tstr(d, i), tlen(d, i));
    *memo = v ? v : LEX_ABSENT;
    return v;
}

static int is_dash_tok(const nm_doc *d, uint32_t i)
{
    uint32_t k = d->toks.v[i].start;
    uint32_t c = nm_utf8_next(d->text, &k);
    return k == d->toks.v[i].end && (nm_cp_is_dash(c) || c == 0x2015) ;
}

static int is_possessive(const nm_doc *d, uint32_t i)
{
    return tis(d, i, "'s") || nm_tok_is(d, &d->toks.v[i], "\xE2\x80\x99s") || tis(d, i, "'");
}

static const char *const PRONOUNS[] = {"he", "she", "they", "it", "we", "i", "you", NULL};
static int is_pronoun_tok(const nm_doc *d, uint32_t i)
{
    for (int k = 0; PRONOUNS[k]; k++) if (tis(d, i, PRONOUNS[k])) return 1;
    return 0;
}

static const char *const DETERMINERS[] = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "this",
                                          "that", "these", "those", "some", "several", "many", "two", "three",
                                          "four", "one", "other", "another", "both", "all", "most", NULL};
static int is_det_tok(const nm_doc *d, uint32_t i)
{
    for (int k = 0; DETERMINERS[k]; k++) if (tis(d, i, DETERMINERS[k])) return 1;
    return 0;
}

/* The cue at token i: 's' speech, 't' speech with addressee, 'c' cognition, 'a' "according to";
 * returns 0 when none. *cue_end gets the token after the cue. */
static int is_aux_tok(const nm_doc *d, uint32_t i);

static int cue_at(const qctx *q, uint32_t i, uint32_t *cue_end)
{
    const nm_doc *d = q->d;
    if (i >= d->toks.n || q->inq[i] || !(d->toks.v[i].flags & NM_TF_ALPHA)) return 0;
    if (tis(d, i, "according") && i + 1 < d->toks.n && tis(d, i + 1, "to") && !q->inq[i + 1]) {
        *cue_end = i + 2;
        return 'a';
    }
    /* "as Rosenthal put it, “...”": "put it" is a verb of saying */
    if ((tis(d, i, "put") || tis(d, i, "puts")) && i + 1 < d->toks.n && tis(d, i + 1, "it") && !q->inq[i + 1] &&
        i > 0 && !is_det_tok(d, i - 1) && tlower(d, i)) {
        *cue_end = i + 2;
        return 'c'; /* attaches a speaker to quoted words; it opens no reported clause */
    }
    const char *v = lex(q, q->r->cues, d, i);
    if (!v) return 0;
    /* after a determiner the word is a noun ("the call", "the alleged strike") */
    if (i > 0 && d->toks.v[i - 1].sent == d->toks.v[i].sent && !tis(d, i - 1, "that") &&
        (is_det_tok(d, i - 1) || ((tis(d, i - 1, "'s") || nm_tok_is(d, &d->toks.v[i - 1], "\xE2\x80\x99s")) && !q->inq[i - 1])))
        return 0;
    /* capitalised cue words mid-sentence are names or headline words ("Call", "Post") */
    if (tcap(d, i) && !(d->toks.v[i].flags & NM_TF_SENT_START)) return 0;
    /* a cue that is also a plural noun, after a verb in -ed or a noun's usual modifier, is the noun:
     * "rejected claims", "renewed calls", "baseless reports", "press reports" */
    if (i > 0 && tlower(d, i - 1) && !q->inq[i - 1] && d->toks.v[i - 1].sent == d->toks.v[i].sent &&
        (tis(d, i, "reports") || tis(d, i, "claims") || tis(d, i, "calls") || tis(d, i, "notes") ||
         tis(d, i, "fears") || tis(d, i, "charges") || tis(d, i, "warnings") || tis(d, i, "threats"))) {
        static const char *const ADJ[] = {"new", "fresh", "growing", "false", "baseless", "unconfirmed", "recent",
                                          "earlier", "press", "media", "repeated", "similar", "conflicting", NULL};
        uint32_t n = tlen(d, i - 1);
        if (n > 3 && !memcmp(tstr(d, i - 1) + n - 2, "ed", 2) && !is_aux_tok(d, i - 1)) return 0;
        for (int k = 0; ADJ[k]; k++) if (tis(d, i - 1, ADJ[k])) return 0;
    }
    *cue_end = i + 1;
    if (strchr(v, 'c')) return 'c';
    if (strchr(v, 'p')) return 'p';
    return strchr(v, 't') ? 't' : 's';
}

/* ------------------------------------------------------------------------------------------ */
/* speaker phrases                                                                              */

typedef struct attrib {
    int found;
    int cue_kind;            /* cue_at() result, ':' for a colon intro, '-' for a dash */
    uint32_t cue_b, cue_e;   /* tokens */
    uint32_t np_b, np_e;     /* speaker phrase tokens (np_b == np_e: none) */
    uint32_t head_e;         /* end of the phrase's first comma part (the name part) */
    uint32_t addr_b, addr_e;
} attrib;

static int np_token_ok(const qctx *q, uint32_t i)
{
    const nm_doc *d = q->d;
    if (q->inq[i]) return 0;
    if (is_possessive(d, i)) return 1;
    if (tpunct(d, i)) {
        if (tis(d, i, "-") || tis(d, i, ".") || tis(d, i, "&")) return 1;
        /* the marks around a nickname (Marcia "Cia" Price), which were not taken for a quote */
        if (i > 0 && i + 1 < d->toks.n && nm_cp_is_dquote(cp_after(d->text, d->toks.v[i].start, d->toks.v[i].end)) &&
            (tcap(d, i - 1) || tcap(d, i + 1)) && !tpunct(d, i - 1) && !tpunct(d, i + 1))
            return 1;
        /* a symbol inside a word, as in mis-encoded names ("FranÃ§ois") */
        if ((d->toks.v[i].flags & NM_TF_NONASCII) && !(d->toks.v[i].flags & NM_TF_SPACE_BEFORE) && i > 0 &&
            i + 1 < d->toks.n && !(d->toks.v[i + 1].flags & NM_TF_SPACE_BEFORE) && !q->inq[i + 1] &&
            (d->toks.v[i - 1].flags & NM_TF_ALPHA))
            return 1;
        return 0;
    }
    if (lex(q, q->r->stop, d, i)) return 0;
    /* a cue word after a determiner is a noun: "the report says", "the statement added"; so is a
     * stance verb opening a phrase after a comma before a lower-case noun of it: "..., state news
     * agency TASS reported" (not a verb of saying: ", said he", ", note traders") */
    const char *cue = lex(q, q->r->cues, d, i);
    if (cue && tlower(d, i) && !(i > 0 && is_det_tok(d, i - 1) && !q->inq[i - 1]) &&
        !(strchr(cue, 'c') && !strchr(cue, 's') && i > 0 && tis(d, i - 1, ",") && !q->inq[i - 1] &&
          i + 1 < d->toks.n && tlower(d, i + 1) && !q->inq[i + 1] && !is_det_tok(d, i + 1) &&
          !is_pronoun_tok(d, i + 1) && !lex(q, q->r->cues, d, i + 1) && !lex(q, q->r->stop, d, i + 1)))
        return 0;
    return 1;
}

static int is_particle(const nm_doc *d, uint32_t i);
static int is_irregular_past(const nm_doc *d, uint32_t i);

static int is_day_tok(const nm_doc *d, uint32_t i)
{
    static const char *const DAYS[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                       "yesterday", "today", "tonight", NULL};
    for (int k = 0; DAYS[k]; k++) if (tis(d, i, DAYS[k])) return 1;
    return 0;
}

static int np_left(const qctx *q, uint32_t e, uint32_t lo, uint32_t *nb, uint32_t *head_e);

static int is_period_tok(const nm_doc *d, uint32_t i)
{
    static const char *const P[] = {"week", "month", "year", "weekend", "morning", "afternoon", "evening", "night",
                                    "spring", "summer", "autumn", "fall", "winter", NULL};
    for (int k = 0; P[k]; k++) if (tis(d, i, P[k])) return 1;
    return 0;
}

static int is_prep_tok(const nm_doc *d, uint32_t i)
{
    return tis(d, i, "of") || tis(d, i, "in") || tis(d, i, "from") || tis(d, i, "at") || tis(d, i, "on") ||
           tis(d, i, "for") || tis(d, i, "with") || tis(d, i, "during") || tis(d, i, "after");
}

/* prepositions of place and movement ("through the streets", "outside the court") */
static int is_place_prep_tok(const nm_doc *d, uint32_t i)
{
    return is_prep_tok(d, i) || tis(d, i, "through") || tis(d, i, "into") || tis(d, i, "outside") ||
           tis(d, i, "inside") || tis(d, i, "across") || tis(d, i, "near") || tis(d, i, "around") ||
           tis(d, i, "along") || tis(d, i, "toward") || tis(d, i, "towards");
}

/* "Hugh Hill, a doctor, said", "Donna Rawlings, 59, of Ashton, Md., said", "one owner, Paul Roy,
 * said": a chain of comma-separated phrases before the cue (comma is the last comma). The speaker
 * is the leftmost phrase ending in a capitalised name, else the leftmost with a capitalised word;
 * phrases that open with a preposition ("of Ashton") or hold no capital are appositions. */
static int appositions(const qctx *q, uint32_t comma, uint32_t lo, uint32_t *nb, uint32_t *head_e)
{
    const nm_doc *d = q->d;
    uint32_t commas[6];
    int n = 0;
    commas[n++] = comma;
    uint32_t k = comma;
    while (n < 6) {
        uint32_t steps = 0;
        while (k > lo && !tis(d, k - 1, ",") && !q->inq[k - 1] && steps < 40) { k--; steps++; }
        if (k > lo && tis(d, k - 1, ",") && k < commas[n - 1]) { k--; commas[n++] = k; }
        else break;
    }
    if (n < 2 && !(commas[0] > lo)) return 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int m = n - 1; m >= 0; m--) {
            uint32_t b, he;
            if (!np_left(q, commas[m], lo, &b, &he) || he != commas[m]) continue;
            if (b > lo && is_prep_tok(d, b - 1)) continue;
            if (m == n - 1 && n == 1) { /* a single phrase before one comma: "In Kyiv, officials said" */
                if (b <= lo || !(d->toks.v[b].flags & NM_TF_SENT_START)) continue;
            }
            int cap = 0;
            for (uint32_t x = b; x < he; x++) if (tcap(d, x) && !is_det_tok(d, x) && !(d->toks.v[x].flags & NM_TF_SENT_START && is_prep_tok(d, x))) cap = 1;
            uint32_t last = he;
            while (last > b && tpunct(d, last - 1)) last--;
            int pure = last > b && tcap(d, last - 1);
            if (pass == 0 ? !(cap && pure) : !cap) continue;
            if (m == n - 1 && n > 1 && b > lo && !(d->toks.v[b].flags & NM_TF_SENT_START) && !tis(d, b - 1, ",") &&
                pass == 1)
                continue;
            *nb = b;
            *head_e = commas[m];
            return 1;
        }
    }
    return 0;
}

/* Speaker phrase ending just before token e (exclusive), not before token lo: the noun phrase
 * read leftwards, with an apposition ("Hugh Hill, a doctor,") folded in. */
/* A dash or hyphen standing between spaces (" - ", " — "): a separator, not part of a name. */
static int spaced_dash(const nm_doc *d, uint32_t i)
{
    if (i + 1 >= d->toks.n || !(d->toks.v[i].flags & NM_TF_SPACE_BEFORE) || !(d->toks.v[i + 1].flags & NM_TF_SPACE_BEFORE))
        return 0;
    return tis(d, i, "-") || tis(d, i, "--") || is_dash_tok(d, i);
}

static int np_left(const qctx *q, uint32_t e, uint32_t lo, uint32_t *nb, uint32_t *head_e)
{
    const nm_doc *d = q->d;
    uint32_t j = e;
    while (j > lo) { /* auxiliaries and adverbs between speaker and cue */
        const char *v = lex(q, q->r->stop, d, j - 1);
        int ly = tlower(d, j - 1) && tlen(d, j - 1) > 4 && !memcmp(tstr(d, j - 1) + tlen(d, j - 1) - 2, "ly", 2) &&
                 !tis(d, j - 1, "family") && !tis(d, j - 1, "rally") && !tis(d, j - 1, "assembly") &&
                 !tis(d, j - 1, "supply") && !tis(d, j - 1, "monopoly") && !tis(d, j - 1, "anomaly") &&
                 !(j - 1 > lo && is_det_tok(d, j - 2)); /* "the family said" */
        if ((v && strchr(v, 'k')) || ly) { j--; continue; }
        if (is_day_tok(d, j - 1)) { j--; if (j > lo && tis(d, j - 1, "on")) j--; continue; }
        /* a verb of saying in an infinitive: "Deats went on to warn", "she continued to insist" */
        if (j - 1 > lo && tis(d, j - 1, "to")) {
            if (j - 2 > lo && tis(d, j - 2, "on") &&
                (tis(d, j - 3, "went") || tis(d, j - 3, "goes") || tis(d, j - 3, "go"))) { j -= 3; continue; }
            if (tis(d, j - 2, "continued") || tis(d, j - 2, "continues") || tis(d, j - 2, "wanted") ||
                tis(d, j - 2, "wants") || tis(d, j - 2, "decided") || tis(d, j - 2, "hastened") ||
                tis(d, j - 2, "rushed") || tis(d, j - 2, "moved") || tis(d, j - 2, "sought") ||
                tis(d, j - 2, "seemed") || tis(d, j - 2, "appeared")) { j -= 2; continue; }
        }
        if (j - 1 > lo && is_period_tok(d, j - 1) &&
            (tis(d, j - 2, "last") || tis(d, j - 2, "this") || tis(d, j - 2, "next") || tis(d, j - 2, "that"))) {
            j -= 2; /* "the airline last month said", "the firm this week announced" */
            continue;
        }
        break;
    }
    uint32_t end = j;
    if (j > lo && tis(d, j - 1, ",")) return appositions(q, j - 1, lo, nb, head_e);
    /* a personal pronoun is the whole subject: "... at home he said", "made clear he would" */
    if (j > lo && is_pronoun_tok(d, j - 1) && !tis(d, j - 1, "it") && !tis(d, j - 1, "you")) {
        *nb = j - 1;
        *head_e = j;
        return 1;
    }
    uint32_t n = 0;
    while (j > lo && n < 12) {
        uint32_t i = j - 1;
        /* a dash between spaces ends the phrase: the dateline's ("March 11 - Brindle Gold Corp
         * said"); one closing an aside ("Mr Dorran - a surveyor himself - said") is skipped */
        if (spaced_dash(d, i)) {
            if (i != end - 1) break;
            uint32_t k = i, steps = 0;
            while (k > lo && steps < 12 && !spaced_dash(d, k - 1)) { k--; steps++; }
            if (k <= lo || !spaced_dash(d, k - 1)) break;
            j = k - 1;
            end = j;
            continue;
        }
        if (tis(d, i, ")")) { /* "(R-Ga.)" */
            uint32_t k = i, steps = 0;
            while (k > lo && !tis(d, k, "(") && steps < 8) { k--; steps++; }
            if (!tis(d, k, "(")) break;
            j = k; n += steps + 1;
            continue;
        }
        if (!np_token_ok(q, i)) break;
        if (tis(d, i, "and") && !(i > lo && tcap(d, i - 1) && j < end && tcap(d, j))) break;
        j = i; n++;
        if (d->toks.v[i].flags & NM_TF_SENT_START) break;
    }
    /* do not start on a hyphen, a possessive or a dangling "and"/"of" */
    while (j < end && (tpunct(d, j) || tis(d, j, "and") || tis(d, j, "of"))) j++;
    if (j >= end) return 0;
    *nb = j;
    *head_e = end;
    return 1;
}

/* Speaker phrase starting at token b (after an inverted cue: "said Rep. Joseph Crowley (D-N.Y.),
 * a leading advocate"): up to a comma, period or function word; the apposition is kept. */
static int np_right(const qctx *q, uint32_t b, uint32_t hi, uint32_t *ne, uint32_t *head_e)
{
    const nm_doc *d = q->d;
    if (b >= hi) return 0;
    if (!(tcap(d, b) || is_det_tok(d, b) || is_pronoun_tok(d, b) || lex(q, q->r->titles, d, b) ||
          (b + 1 < hi && tcap(d, b + 1) && !tpunct(d, b)) || (b + 2 < hi && tcap(d, b + 2) && !tpunct(d, b) && !tpunct(d, b + 1))))
        return 0;
    if (tis(d, b, "that") || tis(d, b, "this") || tis(d, b, "her") || tis(d, b, "his") || tis(d, b, "its") ||
        tis(d, b, "their") || tis(d, b, "it"))
        return 0;
    if (is_pronoun_tok(d, b)) { *ne = *head_e = b + 1; return 1; }
    uint32_t j = b, n = 0;
    while (j < hi && n < 12) {
        if (tis(d, j, "(")) {
            uint32_t k = j, steps = 0;
            while (k < hi && !tis(d, k, ")") && steps < 8) { k++; steps++; }
            if (k >= hi || !tis(d, k, ")")) break;
            j = k + 1; n += steps + 1;
            continue;
        }
        /* after the cue a cue word is a noun of the phrase: "said report author Mary Madden" */
        const char *cv = tlower(d, j) && !q->inq[j] ? lex(q, q->r->cues, d, j) : NULL;
        int noun_cue = cv && strchr(cv, 'c') && !strchr(cv, 's') && j + 1 < hi && !tpunct(d, j + 1) &&
                       !lex(q, q->r->stop, d, j + 1);
        if (!np_token_ok(q, j) && !noun_cue) break;
        /* "chairman and chief executive Bill Ford": "and" between two titles stays in the phrase */
        if (tis(d, j, "and") && !(j + 1 < hi && tcap(d, j + 1)) &&
            !(j > b && lex(q, q->r->titles, d, j - 1) && j + 1 < hi && tlower(d, j + 1)))
            break;
        j++; n++;
    }
    while (j > b && (tpunct(d, j - 1) && !tis(d, j - 1, ")"))) j--;
    if (j <= b) return 0;
    *head_e = j;
    /* apposition after a comma: ", a leading advocate for human rights" */
    if (j < hi && tis(d, j, ",") && j + 1 < hi && is_det_tok(d, j + 1)) {
        uint32_t k = j + 1, steps = 0;
        while (k < hi && !tpunct(d, k) && !q->inq[k] && steps < 20) { k++; steps++; }
        *ne = k;
        return 1;
    }
    *ne = j;
    return 1;
}

/* The addressee after a cue that takes one: "told journalists", "told Trump that". */
static void find_addressee(const qctx *q, attrib *a, uint32_t hi)
{
    const nm_doc *d = q->d;
    uint32_t b = a->cue_e;
    if (b >= hi || tis(d, b, "that") || q->inq[b] || tpunct(d, b)) return;
    static const char *const OBJ[] = {"him", "her", "them", "me", "us", "you", "reporters", "journalists",
                                      "supporters", "lawmakers", "voters", "viewers", "listeners", NULL};
    for (int k = 0; OBJ[k]; k++)
        if (tis(d, b, OBJ[k])) { a->addr_b = b; a->addr_e = b + 1; return; }
    if (!tcap(d, b) && !is_det_tok(d, b)) return;
    uint32_t e = b, n = 0;
    while (e < hi && n < 8 && np_token_ok(q, e) && !tis(d, e, "that")) {
        if (n > 0 && tlower(d, e) && !is_det_tok(d, e) && tcap(d, e - 1) && !tis(d, e, "of")) break;
        e++; n++;
    }
    while (e > b && tpunct(d, e - 1)) e--;
    if (e > b) { a->addr_b = b; a->addr_e = e; }
}

/* The subject of the sentence (for "Moscow accused Kyiv ... and warned that"): its first noun
 * phrase, when the sentence starts with one. */
static int sentence_subject(const qctx *q, uint32_t sb, uint32_t limit, uint32_t *nb, uint32_t *ne)
{
    const nm_doc *d = q->d;
    uint32_t j = sb, n = 0, lower = 0;
    int det = is_det_tok(d, sb);
    while (j < limit && n < 8 && np_token_ok(q, j) && !tis(d, j, "and")) {
        if (n > 0 && tlower(d, j)) {
            if (!det || ++lower > 2) break;
        }
        j++; n++;
    }
    if (j == sb) return 0;
    *nb = sb; *ne = j;
    return 1;
}

/* "Moscow accused Kyiv of ... and warned that": the speaker of the previous cue in the sentence,
 * or the sentence's subject when it opens with a name. */
static int coordinated_subject(const qctx *q, uint32_t sb, uint32_t before, uint32_t *nb, uint32_t *ne)
{
    const nm_doc *d = q->d;
    for (uint32_t i = before; i-- > sb && i + 60 > before;) {
        uint32_t ve, he;
        if (cue_at(q, i, &ve) && np_left(q, i, sb, nb, &he)) { *ne = he; return 1; }
    }
    if (tcap(d, sb) && !is_det_tok(d, sb) && !is_pronoun_tok(d, sb)) return sentence_subject(q, sb, before, nb, ne);
    return 0;
}

/* Attribution around cue token v in sentence [sb, se): speaker left of the cue, or right of it
 * (inverted "said Trump"), or the sentence subject for a coordinated verb. */
static int attrib_for_cue(const qctx *q, uint32_t v, int kind, uint32_t ve, uint32_t sb, uint32_t se, uint32_t lo,
                          attrib *a)
{
    const nm_doc *d = q->d;
    memset(a, 0, sizeof *a);
    a->cue_kind = kind; a->cue_b = v; a->cue_e = ve;
    uint32_t nb, ne, he;
    if (kind == 'a') {
        if (np_right(q, ve, se, &ne, &he)) { a->np_b = ve; a->np_e = ne; a->head_e = he; a->found = 1; }
        return a->found;
    }
    if (np_left(q, v, lo > sb ? lo : sb, &nb, &he)) {
        /* "Protesters marching through the streets chanted": a phrase after a preposition is not
         * the speaker; a sentence subject followed by a participle ("marching", "gathered") is */
        uint32_t sb2, se2;
        if (nb > sb + 1 && is_place_prep_tok(d, nb - 1) && sb >= lo && sentence_subject(q, sb, nb - 1, &sb2, &se2) &&
            se2 < nb - 1 && tlower(d, se2) && tlen(d, se2) > 4 &&
            (!memcmp(tstr(d, se2) + tlen(d, se2) - 3, "ing", 3) || !memcmp(tstr(d, se2) + tlen(d, se2) - 2, "ed", 2))) {
            nb = sb2; he = se2;
        }
        a->np_b = nb; a->np_e = he; a->head_e = he;
        /* keep the apposition in the phrase but the name part as head */
        uint32_t k = nb;
        while (k < he && !tis(d, k, ",")) k++;
        a->head_e = k;
        a->found = 1;
    } else if (v > sb && (tis(d, v - 1, "and") || tis(d, v - 1, "but")) && coordinated_subject(q, sb, v - 1, &nb, &ne)) {
        a->np_b = nb; a->np_e = ne; a->head_e = ne; a->found = 1;
    } else if (v > sb + 1 &&
               (tis(d, v - 1, ",") || tis(d, v - 1, "by") || tis(d, v - 1, "after") || tis(d, v - 1, "while") ||
                tis(d, v - 1, "before")) &&
               tlen(d, v) > 4 && !memcmp(tstr(d, v) + tlen(d, v) - 3, "ing", 3) &&
               coordinated_subject(q, sb, v - 1, &nb, &ne)) { /* "Trump tweeted ..., saying that", "by saying" */
        a->np_b = nb; a->np_e = ne; a->head_e = ne; a->found = 1;
    } else if (np_right(q, ve, se, &ne, &he)) {
        a->np_b = ve; a->np_e = ne; a->head_e = he; a->found = 1;
        a->cue_e = ve;
    }
    if (a->found && kind == 't') find_addressee(q, a, se);
    return a->found;
}

/* ------------------------------------------------------------------------------------------ */
/* names                                                                                        */

static int is_anonymous(const qctx *q, uint32_t b, uint32_t e)
{
    const nm_doc *d = q->d;
    if (e <= b) return 0;
    if (!lex(q, q->r->anon, d, e - 1)) return 0;
    for (uint32_t i = b; i < e; i++) /* a name in the phrase makes it a named source */
        if (tcap(d, i) && !is_det_tok(d, i) && !(d->toks.v[i].flags & NM_TF_SENT_START)) return 0;
    return 1;
}

static int is_particle(const nm_doc *d, uint32_t i)
{
    static const char *const P[] = {"von", "van", "der", "de", "da", "di", "del", "la", "le", "al", "bin", "ibn", NULL};
    for (int k = 0; P[k]; k++) if (tis(d, i, P[k])) return 1;
    return 0;
}

/* The name in speaker phrase [b, e): the last run of capitalised words, after any title;
 * NULL when the phrase is a description ("the Trump campaign", "the minister"). */
static const char *name_from_phrase_span(qctx *q, uint32_t b, uint32_t e, int *is_desc, uint32_t *nb, uint32_t *ne)
{
    nm_doc *d = q->d;
    *is_desc = 0;
    *nb = b; *ne = e;
    if (e <= b) return NULL;
    /* the name part ends before "of"/"who"/"(" after a name: "Rep. Charles Rangel of New York",
     * "Sen. David Perdue (R-Ga.)"; "Secretary of State Marco Rubio" keeps its "of" */
    for (uint32_t i = b + 1; i < e; i++) {
        if (tis(d, i, "(") || tis(d, i, "who") || tis(d, i, "--") || is_dash_tok(d, i) ||
            (tis(d, i, "of") && tcap(d, i - 1) && !lex(q, q->r->titles, d, i - 1) && !is_det_tok(d, i - 1))) {
            e = i;
            break;
        }
    }
    uint32_t last = e;
    while (last > b && (tpunct(d, last - 1) || is_possessive(d, last - 1))) last--;
    if (last <= b) return NULL;
    uint32_t hl = last - 1;
    for (uint32_t i = b + 1; i + 1 < last; i++) /* "Trump and Zelensky": both are the speaker */
        if (tis(d, i, "and") && tcap(d, i - 1) && tcap(d, i + 1) && tcap(d, hl) && (*ne = hl + 1))
            return nm_arena_strndup(&d->arena, d->text + d->toks.v[b].start, d->toks.v[hl].end - d->toks.v[b].start);
    if (!tcap(d, hl) && tcap(d, b) && !is_det_tok(d, b)) {
        /* "TASS news agency", "Xinhua news agency", "Tarrow Group company": the name before an
         * organisation's common noun is the speaker */
        static const char *const HEADS[] = {"agency", "newspaper", "daily", "broadcaster", "television", "radio",
                                            "channel", "group", "company", "firm", NULL};
        uint32_t k = b;
        while (k < last && tcap(d, k) && !is_det_tok(d, k)) k++;
        int lower_rest = k > b && k < last;
        for (uint32_t i = k; i < last && lower_rest; i++) lower_rest = tlower(d, i) != 0;
        int head = 0;
        for (int x = 0; HEADS[x] && lower_rest; x++) head |= tis(d, hl, HEADS[x]);
        /* only an organisation's name ("Turkish radio", "Tehran radio" stay as written) */
        const nm_entity *org = head ? nm_entity_by_index(d, nm_entity_resolve(d, b, k)) : NULL;
        if (lower_rest && org && org->type == NM_ENT_ORG && !lex(q, q->r->titles, d, k - 1)) {
            *nb = b; *ne = k;
            return nm_arena_strndup(&d->arena, d->text + d->toks.v[b].start, d->toks.v[k - 1].end - d->toks.v[b].start);
        }
    }
    if (!tcap(d, hl) || is_det_tok(d, hl)) { /* description: keep the phrase as written */
        *is_desc = 1;
        *ne = last;
        char *out = nm_arena_strndup(&d->arena, d->text + d->toks.v[b].start, d->toks.v[last - 1].end - d->toks.v[b].start);
        if (is_det_tok(d, b) && out[0] >= 'A' && out[0] <= 'Z') out[0] = (char)(out[0] - 'A' + 'a'); /* "The ministry" */
        return out;
    }
    uint32_t s = hl;
    while (s > b) {
        uint32_t i = s - 1;
        if ((tcap(d, i) && !is_det_tok(d, i)) || tis(d, i, "-")) { s = i; continue; }
        if (is_particle(d, i)) { /* "Ursula von der Leyen" */
            uint32_t k = i;
            while (k > b && is_particle(d, k - 1)) k--;
            if (k > b && tcap(d, k - 1) && !is_det_tok(d, k - 1)) { s = k - 1; continue; }
        }
        break;
    }
    /* drop titles: the name is what follows the last title word */
    for (uint32_t i = hl; i > s; i--) {
        if (lex(q, q->r->titles, d, i - 1)) { s = i; break; }
    }
    if (lex(q, q->r->titles, d, hl)) { /* only a title ("the President") */
        *is_desc = 1;
        *ne = last;
        return nm_arena_strndup(&d->arena, d->text + d->toks.v[b].start, d->toks.v[last - 1].end - d->toks.v[b].start);
    }
    *nb = s; *ne = hl + 1;
    return nm_arena_strndup(&d->arena, d->text + d->toks.v[s].start, d->toks.v[hl].end - d->toks.v[s].start);
}

static const char *name_from_phrase(qctx *q, uint32_t b, uint32_t e, int *is_desc)
{
    uint32_t nb, ne;
    return name_from_phrase_span(q, b, e, is_desc, &nb, &ne);
}

/* "Grushko said that ... what he called ...": the named speaker of an earlier cue in the same
 * sentence, for a pronoun at token p. */
static const char *named_earlier_in_sentence(qctx *q, uint32_t p)
{
    nm_doc *d = q->d;
    const nm_sentence *S = &d->sents.v[d->toks.v[p].sent];
    for (uint32_t i = p > S->tok_begin + 80 ? p - 80 : S->tok_begin; i < p; i++) {
        uint32_t ve, nb, he;
        if (!cue_at(q, i, &ve) || !np_left(q, i, S->tok_begin, &nb, &he)) continue;
        int desc;
        if (he - nb == 1 && is_pronoun_tok(d, nb)) continue;
        const char *nm = name_from_phrase(q, nb, he, &desc);
        if (nm && !desc) return nm;
    }
    return NULL;
}

/* Fill speaker fields of quote z from attribution a. */
static void set_speaker(qctx *q, nm_quote *z, const attrib *a)
{
    nm_doc *d = q->d;
    if (!a->found) return;
    z->cue.set = 1;
    z->cue.start = d->toks.v[a->cue_b].start;
    z->cue.end = d->toks.v[a->cue_e > a->cue_b ? a->cue_e - 1 : a->cue_b].end;
    if (a->addr_e > a->addr_b) {
        z->addressee.set = 1;
        z->addressee.start = d->toks.v[a->addr_b].start;
        z->addressee.end = d->toks.v[a->addr_e - 1].end;
    }
    if (a->np_e <= a->np_b) return;
    z->speaker.set = 1;
    z->speaker.start = d->toks.v[a->np_b].start;
    z->speaker.end = d->toks.v[a->np_e - 1].end;
    uint32_t he = a->head_e > a->np_b ? a->head_e : a->np_e;
    int pronoun = he - a->np_b == 1 && is_pronoun_tok(d, a->np_b);
    int32_t ent = -1;
    const char *mine = NULL;
    if (pronoun) {
        ent = nm_entity_resolve(d, a->np_b, he);
        const nm_entity *en = nm_entity_by_index(d, ent);
        /* he/she must be a person */
        if (en && (tis(d, a->np_b, "he") || tis(d, a->np_b, "she")) && en->type != NM_ENT_PERSON) ent = -1;
    } else if (is_anonymous(q, a->np_b, he)) {
        /* an unnamed source keeps its words as the name ("a senior official", "sources"): no
         * entity, so it is never merged with anyone */
        char *w = nm_arena_strndup(&d->arena, d->text + d->toks.v[a->np_b].start,
                                   d->toks.v[he - 1].end - d->toks.v[a->np_b].start);
        if (is_det_tok(d, a->np_b) && w[0] >= 'A' && w[0] <= 'Z') w[0] = (char)(w[0] - 'A' + 'a');
        mine = w;
    } else {
        /* resolve the name part only, and keep the entity only when its canonical name contains
         * the surname we read (the layer may answer with a place inside "Rangel of New York") */
        int desc;
        uint32_t nb, ne;
        mine = name_from_phrase_span(q, a->np_b, he, &desc, &nb, &ne);
        if (mine && !desc && !strstr(mine, " and ")) {
            ent = nm_entity_resolve(d, nb, ne);
            const nm_entity *en = nm_entity_by_index(d, ent);
            uint32_t lt = nm_name_without_legal_form(d, nb, ne) - 1; /* "Exxon" of "Exxon Corp" */
            if (!en || !en->name || !memmem(en->name, strlen(en->name), tstr(d, lt), tlen(d, lt))) ent = -1;
        } else if (mine && desc && q->resolve_descriptions && tis(d, a->np_b, "the") && he - a->np_b <= 4 &&
                   lex(q, q->r->titles, d, he - 1)) { /* "the minister", "the Kremlin aide" */
            ent = nm_entity_resolve(d, a->np_b, he);
            const nm_entity *en = nm_entity_by_index(d, ent);
            if (!en || en->type != NM_ENT_PERSON) ent = -1;
        } else if (mine && desc && tis(d, a->np_b, "the") && he - a->np_b <= 5) {
            /* "the company said": the organisation the entity layer finds for it (the story's
             * company, resolve_org_description); speaker_text keeps the words as written */
            int32_t oe = nm_entity_resolve(d, a->np_b, he);
            const nm_entity *en = nm_entity_by_index(d, oe);
            if (en && en->type == NM_ENT_ORG) ent = oe;
        }
    }
    const nm_entity *en = nm_entity_by_index(d, ent);
    if (en && en->name) {
        z->entity = ent;
        z->name = en->name;
    } else if (mine) {
        z->name = mine;
    } else if (pronoun) {
        const char *same = (tis(d, a->np_b, "he") || tis(d, a->np_b, "she")) ? named_earlier_in_sentence(q, a->np_b) : NULL;
        if (same) {
            z->name = same;
        } else if ((tis(d, a->np_b, "he") || tis(d, a->np_b, "she")) && q->last_name) {
            z->name = q->last_name;
            z->entity = q->last_entity;
        }
    }
    if (z->name && !pronoun) {
        q->last_name = z->name;
        q->last_entity = z->entity;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* attribution of a quote segment                                                               */


/* After the closing mark: ", X said", ", said X", "— X". */
static int attrib_after(const qctx *q, uint32_t lq, attrib *a)
{
    const nm_doc *d = q->d;
    if (lq >= d->toks.n) return 0;
    const nm_sentence *S = &d->sents.v[d->toks.v[lq].sent];
    uint32_t se = S->tok_end, i = lq + 1, seen = 0;
    while (i < se && tpunct(d, i) && !q->inq[i]) {
        if (is_dash_tok(d, i) && i + 1 < se && tcap(d, i + 1)) { /* “...” ― Carla Sanchez */
            uint32_t ne, he;
            if (np_right(q, i + 1, se, &ne, &he)) {
                memset(a, 0, sizeof *a);
                a->found = 1; a->cue_kind = '-'; a->cue_b = i; a->cue_e = i + 1;
                a->np_b = i + 1; a->np_e = ne; a->head_e = he;
                return 1;
            }
        }
        i++;
    }
    if (i >= se && lq + 1 < d->toks.n && !q->inq[lq + 1]) {
        /* “...?” Clinton said. — split into two sentences after the question mark */
        const nm_sentence *N = &d->sents.v[d->toks.v[lq + 1].sent];
        if (N->para == S->para && N->tok_end - N->tok_begin <= 14) {
            S = N;
            se = N->tok_end;
            i = N->tok_begin;
        }
    }
    uint32_t start = i;
    /* “...,” X said: the quote ends in punctuation (inside or after the mark); a quoted word
     * running on into the sentence (a “positive” telephone call) has no attribution after it */
    int punct = start > lq + 1;
    if (!punct) {
        uint32_t k = d->toks.v[lq].end, pc = 0, lo = k > 16 ? k - 16 : 0;
        while (k > lo) {
            pc = nm_utf8_prev(d->text, &k);
            if (!nm_cp_is_dquote(pc) && !nm_cp_is_squote(pc) && !nm_cp_is_space(pc)) break;
        }
        punct = pc == ',' || pc == '.' || pc == '?' || pc == '!' || pc == 0x2026 || pc == ';' || nm_cp_is_dash(pc);
    }
    if (!punct && start < se && !(cue_at(q, start, &(uint32_t){0}))) return 0;
    for (; i < se && seen < 30; i++, seen++) {
        if (q->inq[i] || tis(d, i, ";")) break;
        uint32_t ve;
        int k = cue_at(q, i, &ve);
        if (!k) continue;
        if (attrib_for_cue(q, i, k, ve, S->tok_begin, se, start, a)) {
            /* "“...,” a narrator in the Clinton ad asks": a speaker with a prepositional
             * modifier; its head is the phrase before the preposition */
            uint32_t hb, hhe;
            if (a->np_b > start + 1 && is_prep_tok(d, a->np_b - 1) &&
                np_left(q, a->np_b - 1, start, &hb, &hhe) && hb == start && hhe == a->np_b - 1) {
                a->np_b = start;
                a->head_e = hhe;
            }
            /* the speaker must be next to the quote: between it and the cue, or right after the cue */
            if (a->np_b == start || a->np_b == ve || (a->np_b > start && tis(d, a->np_b - 1, ","))) return 1;
        }
        /* "“...,” Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said" */
        uint32_t ne, he;
        if (i > start && tis(d, i - 1, ",") && tcap(d, start) && np_right(q, start, i, &ne, &he)) {
            memset(a, 0, sizeof *a);
            a->found = 1; a->cue_kind = k; a->cue_b = i; a->cue_e = ve;
            a->np_b = start; a->np_e = he; a->head_e = he;
            return 1;
        }
        return 0;
    }
    return 0;
}

/* Before the opening mark: "X said:", "X said, “", "According to X, “". */
static int attrib_before(const qctx *q, uint32_t o, int need_intro, attrib *a)
{
    const nm_doc *d = q->d;
    const nm_sentence *S = &d->sents.v[d->toks.v[o].sent];
    if (o <= S->tok_begin) return 0;
    uint32_t i = o;
    if (need_intro == 1 && !(tis(d, o - 1, ":") || tis(d, o - 1, ",") || is_dash_tok(d, o - 1))) return 0;
    if (need_intro == 2) { /* "Trump declared “I think ...”": a verb of saying right before the mark */
        uint32_t ve;
        int k = cue_at(q, o - 1, &ve);
        if (!(k == 's' || k == 't')) return 0;
        return attrib_for_cue(q, o - 1, k, ve, S->tok_begin, S->tok_end, S->tok_begin, a);
    }
    uint32_t seen = 0;
    while (i > S->tok_begin && seen < 14) {
        i--; seen++;
        if (q->inq[i]) break;
        uint32_t ve;
        int k = cue_at(q, i, &ve);
        if (k && attrib_for_cue(q, i, k, ve, S->tok_begin, S->tok_end, S->tok_begin, a)) return 1;
    }
    return 0;
}

/* Anywhere in the sentence outside quotes, nearest to the quote first (partial quotes). */
static int attrib_in_sentence(const qctx *q, uint32_t o, uint32_t c, attrib *a)
{
    const nm_doc *d = q->d;
    const nm_sentence *S = &d->sents.v[d->toks.v[o].sent];
    for (uint32_t i = o; i-- > S->tok_begin && i + 80 > o;) {
        uint32_t ve;
        int k = cue_at(q, i, &ve);
        if (k && attrib_for_cue(q, i, k, ve, S->tok_begin, S->tok_end, S->tok_begin, a)) return 1;
    }
    const nm_sentence *C = c < d->toks.n ? &d->sents.v[d->toks.v[c].sent] : S;
    for (uint32_t i = c; i < C->tok_end && i < c + 80; i++) {
        uint32_t ve;
        int k = cue_at(q, i, &ve);
        if (k && k != 'c' && k != 'p' && attrib_for_cue(q, i, k, ve, C->tok_begin, C->tok_end, C->tok_begin, a)) return 1;
    }
    return 0;
}

/* "NAME: text" at the start of a paragraph (interview transcripts) or "X said:" ending the
 * previous paragraph or sentence. */
static int colon_intro(const qctx *q, uint32_t o, attrib *a)
{
    const nm_doc *d = q->d;
    if (o == 0) return 0;
    uint32_t p = o;
    while (p > 0 && tpunct(d, p - 1) && !tis(d, p - 1, ":")) p--;
    if (p == 0 || !tis(d, p - 1, ":")) return 0;
    uint32_t colon = p - 1;
    const nm_sentence *S = &d->sents.v[d->toks.v[colon].sent];
    uint32_t seen = 0;
    for (uint32_t i = colon; i > S->tok_begin && seen < 16; seen++) {
        i--;
        if (q->inq[i]) break;
        uint32_t ve;
        int k = cue_at(q, i, &ve);
        if (k && k != 'c' && attrib_for_cue(q, i, k, ve, S->tok_begin, colon, S->tok_begin, a)) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* building the quotes                                                                          */

static int content_is_multisentence(const nm_doc *d, uint32_t cs, uint32_t ce)
{
    for (uint32_t i = cs; i + 2 < ce; i++) {
        char c = d->text[i];
        if ((c == '.' || c == '?' || c == '!') && d->text[i + 1] == ' ' && (unsigned char)d->text[i + 2] >= 'A' &&
            (unsigned char)d->text[i + 2] <= 'Z')
            return 1;
    }
    return 0;
}

/* Tokens of the sentence before the quote that are neither attribution nor punctuation. */
static uint32_t other_words_before(const qctx *q, uint32_t o, const attrib *a)
{
    const nm_doc *d = q->d;
    const nm_sentence *S = &d->sents.v[d->toks.v[o].sent];
    uint32_t n = 0;
    uint32_t from = o > S->tok_begin + 60 ? o - 60 : S->tok_begin; /* bounded: long sentences stay linear */
    for (uint32_t i = from; i < o; i++) {
        if (tpunct(d, i) || q->inq[i]) continue;
        if (a && a->found && ((i >= a->np_b && i < a->np_e) || (i >= a->cue_b && i < a->cue_e) ||
                              (i >= a->addr_b && i < a->addr_e)))
            continue;
        if (tis(d, i, "and") || tis(d, i, "but") || tis(d, i, "so")) continue;
        n++;
    }
    return n;
}

static nm_quote *new_quote(qctx *q, uint32_t cs, uint32_t ce, int kind)
{
    nm_doc *d = q->d;
    nm_quote z = {0};
    z.start = cs; z.end = ce; z.kind = (uint8_t)kind; z.entity = -1;
    uint32_t t = nm_tok_at_byte(d, cs);
    z.sent = t < d->toks.n ? d->toks.v[t].sent : 0;
    z.para = z.sent < d->sents.n ? d->sents.v[z.sent].para : 0;
    z.group = (int32_t)d->quotes->v.n;
    z.text = nm_arena_strndup(&d->arena, d->text + cs, ce - cs);
    NM_VEC_PUSH(&d->arena, d->quotes->v, z);
    return &d->quotes->v.v[d->quotes->v.n - 1];
}

static void copy_speaker(nm_quote *dst, const nm_quote *src)
{
    dst->entity = src->entity; dst->name = src->name; dst->speaker = src->speaker;
    dst->cue = src->cue; dst->addressee = src->addressee; dst->group = src->group;
}

/* Join the content of a chain of segments (a multi-paragraph quote) into one text. */
static const char *join_chain(nm_doc *d, const qseg *v, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++) n += v[i].ce - v[i].cs + 1;
    char *s = nm_arena_alloc(&d->arena, n + 1), *w = s;
    for (size_t i = a; i < b; i++) {
        if (i > a) *w++ = ' ';
        memcpy(w, d->text + v[i].cs, v[i].ce - v[i].cs);
        w += v[i].ce - v[i].cs;
    }
    *w = 0;
    return s;
}

/* Is the quote before z close enough to hand its speaker on (same paragraph, or the paragraph
 * right before when that one ended in a quote)? */
static const nm_quote *previous_speaker(const qctx *q, uint32_t para, uint32_t open_b)
{
    const nm_doc *d = q->d;
    if (!d->quotes->v.n) return NULL;
    const nm_quote *p = &d->quotes->v.v[d->quotes->v.n - 1];
    if (p->kind == NM_QUOTE_POST) return NULL;
    /* reported speech hands on its speaker only to a quotation right after it: "Howard said he had
     * done his job. “I did what I set out to do.”" */
    if (p->kind == NM_QUOTE_INDIRECT) {
        uint32_t o = nm_tok_at_byte(d, open_b);
        if (o >= d->toks.n || d->toks.v[o].sent != p->sent + 1 || !p->name) return NULL;
    }
    if (!p->speaker.set && !p->name) return NULL;
    uint32_t pp = d->sents.v[p->sent].para;
    if (pp == para) {
        /* no other attribution in between: the text between them has no cue */
        uint32_t a = nm_tok_at_byte(d, p->end), b = nm_tok_at_byte(d, open_b);
        for (uint32_t i = a; i < b && i < d->toks.n; i++) {
            uint32_t ve;
            int k = cue_at(q, i, &ve);
            int gerund = tlen(d, i) > 4 && !memcmp(tstr(d, i) + tlen(d, i) - 3, "ing", 3);
            if (!k || k == 'c' || gerund || (p->cue.set && d->toks.v[i].start == p->cue.start)) continue;
            /* another cue in between hands the floor to someone else only when it names them
             * ("He didn't suggest retaliation" keeps the speaker) */
            uint32_t nb, he;
            int named = 0;
            if (np_left(q, i, a, &nb, &he))
                for (uint32_t x = nb; x < he; x++)
                    if (tcap(d, x) && !is_det_tok(d, x) && !is_pronoun_tok(d, x)) named = 1;
            if (named) return NULL;
        }
        return p;
    }
    if (pp + 1 == para) {
        /* a new paragraph with a cue of its own is not a continuation */
        uint32_t o = nm_tok_at_byte(d, open_b);
        if (o < d->toks.n) {
            const nm_sentence *S = &d->sents.v[d->toks.v[o].sent];
            for (uint32_t i = S->tok_begin; i < S->tok_end; i++) {
                uint32_t ve;
                if (!q->inq[i] && cue_at(q, i, &ve)) return NULL;
            }
        }
        const nm_paragraph *P = &d->paras.v[pp];
        uint32_t tail = trim_right(d->text, P->start, P->end);
        if (p->end + 40 >= tail) return p; /* the previous paragraph ended with that quote */
    }
    return NULL;
}

/* ‘“...,” adding, “...”’ / ‘“...,” further remarking, “...”’: between the previous quotation's
 * closing mark and this one's opening mark only a comma, a participle of a cue verb and adverbs.
 * The speaker goes on speaking: this quote is direct and theirs. */
static int continues_previous(const qctx *q, uint32_t o)
{
    const nm_doc *d = q->d;
    if (o < 4) return 0;
    uint32_t j = o - 1;
    if (tis(d, j, ",") || tis(d, j, ":")) j--;
    uint32_t ve;
    int k = cue_at(q, j, &ve);
    if (!(k == 's' || k == 't') || ve != j + 1 || tlen(d, j) < 5 || memcmp(tstr(d, j) + tlen(d, j) - 3, "ing", 3)) return 0;
    uint32_t steps = 0;
    while (j > 1 && steps < 2) { /* "further", "also", "then" */
        const char *v = lex(q, q->r->stop, d, j - 1);
        if (!(v && strchr(v, 'k')) && !tis(d, j - 1, "further")) break;
        j--; steps++;
    }
    if (j < 2 || !tis(d, j - 1, ",") || q->inq[j - 1]) {
        /* the comma inside the marks: “... won,” adding */
        if (j < 3 || !(d->toks.v[j - 1].flags & NM_TF_QUOTE) || !q->inq[j - 2]) return 0;
        return 1;
    }
    return j >= 3 && (d->toks.v[j - 2].flags & NM_TF_QUOTE) && q->inq[j - 3];
}

/* Every word capitalised except short function words: the title of a show, book or song. */
static int is_title_case(const qctx *q, uint32_t cs, uint32_t ce)
{
    const nm_doc *d = q->d;
    uint32_t words = 0;
    for (uint32_t t = nm_tok_at_byte(d, cs); t < d->toks.n && d->toks.v[t].start < ce; t++) {
        if (!(d->toks.v[t].flags & NM_TF_ALPHA)) continue;
        if (tcap(d, t)) { words++; continue; }
        if (tlen(d, t) <= 3 || tis(d, t, "from") || tis(d, t, "with") || tis(d, t, "into")) continue;
        return 0;
    }
    return words > 0;
}

/* A quoted fragment with no cue verb in its sentence, in the frame "SUBJECT [aux/adverbs] VERB ...
 * “fragment”" ("Trump openly admires Putin as a “strong leader”", "Reid has gone after Trump as a
 * “con artist”", "Johnson's doctor is calling the candidate “extremely fit”"): PolNeAR-style
 * attribution reads the verb as the cue and the sentence subject as the source. The subject must
 * hold a name or be a personal pronoun, so narrative scare quotes ("the so-called “deal”") stay out. */
static int subject_verb_frame(const qctx *q, uint32_t o, attrib *a)
{
    const nm_doc *d = q->d;
    const nm_sentence *S = &d->sents.v[d->toks.v[o].sent];
    uint32_t sb = S->tok_begin, nb, ne;
    /* "In recent weeks, Reid has gone after ...": a leading adverbial up to its comma */
    if (is_prep_tok(d, sb) || tis(d, sb, "during") || tis(d, sb, "after") || tis(d, sb, "while") ||
        tis(d, sb, "with") || tis(d, sb, "when") || tis(d, sb, "as") || tis(d, sb, "before") || tis(d, sb, "since") ||
        tis(d, sb, "although") || tis(d, sb, "though") || tis(d, sb, "despite") ||
        /* "Worried about young voters, Obama is rolling out ...": a leading participle clause */
        (tlen(d, sb) > 4 && (d->toks.v[sb].flags & NM_TF_ALPHA) && sb + 1 < o && tlower(d, sb + 1) &&
         !is_aux_tok(d, sb + 1) && !lex(q, q->r->cues, d, sb + 1) &&
         (!memcmp(tstr(d, sb) + tlen(d, sb) - 2, "ed", 2) || !memcmp(tstr(d, sb) + tlen(d, sb) - 3, "ing", 3))))
        for (uint32_t j = sb + 1; j < o && j < S->tok_begin + 16; j++)
            if (tis(d, j, ",")) { sb = j + 1; break; }
    if (o < sb + 2 || q->inq[sb]) return 0; /* at least a subject and a verb: "Trump attacked “...”" */
    if (!sentence_subject(q, sb, o, &nb, &ne)) return 0;
    int named = is_pronoun_tok(d, nb) && ne == nb + 1 && !tis(d, nb, "it") && !tis(d, nb, "you");
    for (uint32_t j = nb; j < ne && !named; j++)
        if (tcap(d, j) && (d->toks.v[j].flags & NM_TF_ALPHA) && !(j == sb && is_det_tok(d, j))) named = 1;
    if (!named) return 0;
    uint32_t k = ne;
    for (int guard = 0; guard < 3 && k < o; guard++) {
        uint32_t n = tlen(d, k);
        if (is_aux_tok(d, k) || tis(d, k, "also") || tis(d, k, "not") || tis(d, k, "been") || tis(d, k, "then") ||
            tis(d, k, "once") || tis(d, k, "again") || (tlower(d, k) && n > 4 && !memcmp(tstr(d, k) + n - 2, "ly", 2)))
            k++;
        else
            break;
    }
    if (k >= o || !tlower(d, k) || !(d->toks.v[k].flags & NM_TF_ALPHA) || q->inq[k]) return 0;
    if (lex(q, q->r->stop, d, k) || is_det_tok(d, k) || is_prep_tok(d, k)) return 0;
    /* the verb: after an auxiliary any word, else a verb form (admires, vowed, took, a cue word) */
    uint32_t vn = tlen(d, k);
    const char *vw = tstr(d, k);
    int participle = vn > 3 && (!memcmp(vw + vn - 2, "ed", 2) || !memcmp(vw + vn - 2, "en", 2) ||
                                !memcmp(vw + vn - 3, "ing", 3) || tis(d, k, "gone") || tis(d, k, "done"));
    if (k > ne && is_aux_tok(d, k - 1)) {
        /* "has gone after", "is calling": an auxiliary needs a participle ("had guns" is a noun) */
        if (!participle && !is_irregular_past(d, k) && !lex(q, q->r->cues, d, k)) return 0;
    } else if (!is_irregular_past(d, k) && !lex(q, q->r->cues, d, k) &&
               !(vn > 3 && ((vw[vn - 1] == 's' && vw[vn - 2] != 's' && vw[vn - 2] != 'u') || !memcmp(vw + vn - 2, "ed", 2)))) {
        return 0;
    }
    memset(a, 0, sizeof *a);
    a->found = 1; a->cue_kind = 's';
    a->cue_b = k; a->cue_e = k + 1;
    a->np_b = nb; a->np_e = ne; a->head_e = ne;
    return 1;
}

/* Not speech: a stage direction of a transcript ("(CROSSTALK.)", "[applause]") or a publisher's
 * follow-us line ("Follow Pam Key on Twitter @handle") caught inside an open quote. */
static int is_boilerplate(const nm_doc *d, uint32_t cs, uint32_t ce)
{
    cs = trim_left(d->text, cs, ce);
    ce = trim_right(d->text, cs, ce);
    while (ce > cs && (d->text[ce - 1] == '.' || d->text[ce - 1] == '"')) ce--;
    if (ce > cs + 1 && ((d->text[cs] == '(' && d->text[ce - 1] == ')') || (d->text[cs] == '[' && d->text[ce - 1] == ']'))) {
        for (uint32_t i = cs + 1; i + 1 < ce; i++)
            if (d->text[i] == '(' || d->text[i] == ')' || d->text[i] == '[' || d->text[i] == ']') return 0;
        return 1;
    }
    if (ce - cs < 80 && ce - cs > 7 && !memcmp(d->text + cs, "Follow ", 7) && memchr(d->text + cs, '@', ce - cs)) return 1;
    return 0;
}

/* Does the quoted content [cs, ce) end with a full stop, question or exclamation mark, and is the
 * closing mark (token cl) the end of its sentence? */
/* The closing mark at token c ends a word (no punctuation inside the quote) and the sentence goes
 * on with a lower-case word that is neither a cue, a pronoun speaker nor a list's "and"/"or". */
static int runs_on_after(const qctx *q, uint32_t c)
{
    const nm_doc *d = q->d;
    uint32_t cl = c + 1;
    if (c == 0 || cl >= d->toks.n) return 0;
    if (d->toks.v[cl].sent != d->toks.v[c].sent || q->inq[cl]) return 0;
    if (!(d->toks.v[c - 1].flags & NM_TF_ALPHA) || !(d->toks.v[cl].flags & NM_TF_ALPHA) || !tlower(d, cl)) return 0;
    uint32_t ve;
    if (cue_at(q, cl, &ve) || is_pronoun_tok(d, cl) || tis(d, cl, "and") || tis(d, cl, "or") || tis(d, cl, "but"))
        return 0;
    return 1;
}

static int ends_sentence(const qctx *q, uint32_t cs, uint32_t ce, uint32_t cl)
{
    const nm_doc *d = q->d;
    uint32_t e = trim_right(d->text, cs, ce);
    while (e > cs && (d->text[e - 1] == '\'' || d->text[e - 1] == '"')) e--;
    char last = e > cs ? d->text[e - 1] : 0;
    if (last != '.' && last != '?' && last != '!') return 0;
    uint32_t t = cl;
    while (t < d->toks.n && q->inq[t]) t++;
    return t >= d->toks.n || d->toks.v[t].sent != d->toks.v[cl < d->toks.n ? cl : d->toks.n - 1].sent ||
           (tpunct(d, t) && (t + 1 >= d->toks.n || d->toks.v[t + 1].sent != d->toks.v[t].sent));
}

static void attribute_segment(qctx *q, const qseg *v, size_t a, size_t b)
{
    nm_doc *d = q->d;
    const qseg *s = &v[a];
    if (b - a == 1 && is_boilerplate(d, s->cs, s->ce)) return;
    uint32_t o = s->tb, c = v[b - 1].te ? v[b - 1].te - 1 : 0;
    attrib at;
    memset(&at, 0, sizeof at);
    int found = 0;
    uint32_t cl = v[b - 1].closed ? c : c + 1; /* token after the quote */
    if (s->transcript) {
        found = 1;
        at.found = 1; at.cue_kind = ':';
        at.np_b = nm_tok_at_byte(d, d->paras.v[s->para].start);
        at.np_e = at.head_e = o; /* tokens up to the colon */
        at.cue_b = o; at.cue_e = o + 1;
        if (at.np_e > at.np_b) at.np_e = at.head_e = o;
    }
    uint32_t so = d->toks.v[o].sent;
    int at_start = o <= d->sents.v[so].tok_begin || other_words_before(q, o, NULL) == 0;
    if (!found && !s->block) {
        if (at_start) found = attrib_after(q, c, &at) || attrib_before(q, o, 1, &at);
        else found = attrib_before(q, o, 1, &at) || attrib_after(q, c, &at) || attrib_before(q, o, 2, &at);
    }
    if (!found && s->block) found = colon_intro(q, o, &at);
    if (!found && at_start) found = colon_intro(q, o, &at);

    int partial = 0;
    int continued = !found && !s->block && !s->transcript && continues_previous(q, o);
    if (!s->block && !s->transcript && b - a == 1 && !continued) {
        uint32_t other = other_words_before(q, o, found ? &at : NULL);
        if (other > 0 && !content_is_multisentence(d, s->cs, s->ce)) {
            /* words of the reporting sentence before the quote: a partial quote, unless the
             * attribution before it ends in a colon or comma ("Trump said, “We ...") */
            int intro = o > 0 && (tis(d, o - 1, ":") || tis(d, o - 1, ",") || at.cue_e == o) && found && at.cue_b < o;
            uint32_t k = s->cs;
            uint32_t first = nm_utf8_next(d->text, &k);
            if (!(intro && nm_cp_is_upper(first))) partial = 1;
            if (partial && !found && o > 0 && (tis(d, o - 1, ":") || tis(d, o - 1, ",")) && nm_cp_is_upper(first) &&
                v[b - 1].closed && ends_sentence(q, s->cs, s->ce, cl)) {
                /* "..., saying, “She's trigger-happy.”" / "a friend commented: “...”": a whole
                 * sentence introduced by a colon or comma is a direct quote even when the verb
                 * before it is not a known cue; the sentence subject is the likely speaker */
                partial = 0;
                found = attrib_in_sentence(q, o, cl, &at) || subject_verb_frame(q, o, &at);
                if (!found) return; /* without a speaker it stays out, as before */
            }
        }
    }
    /* "Ditto said via email that, “Of course he will defend himself” against what he sees as an
     * attack": quoted words inside a sentence that end without punctuation while the sentence
     * runs on in lower case are part of a report (partial), whose clause is read as for any
     * partial quote. (At the start of a sentence the rule cost more than it gained on PolNeAR.) */
    if (!partial && !at_start && !s->block && !s->transcript && b - a == 1 && v[b - 1].closed && runs_on_after(q, c))
        partial = 1;
    if (partial && is_title_case(q, s->cs, s->ce)) return; /* “Fox News Sunday”, a show or a book */
    if (partial && !found) {
        found = attrib_in_sentence(q, o, cl, &at);
        if (!found) found = subject_verb_frame(q, o, &at);
    }
    if (partial && (!found || at.cue_kind == 'c')) {
        if (!found) return; /* a scare quote or a title, not a quotation */
    }
    nm_quote prev;
    memset(&prev, 0, sizeof prev);
    int have_prev = 0;
    if (!found) {
        const nm_quote *p = previous_speaker(q, s->para, s->open_b);
        if (p) { prev = *p; have_prev = 1; }
    }
    /* no one before to continue, but opened inside a sentence that reports someone ("Baldrige said
     * the package was “broad enough ...", "Trump said on Friday “I can do it”"): the cue before it
     * in that sentence */
    if (!found && !have_prev && !at_start && !s->block && !s->transcript) {
        const nm_sentence *S = &d->sents.v[so];
        for (uint32_t i = o; i-- > S->tok_begin && i + 40 > o && !found;) {
            if (q->inq[i]) break;
            uint32_t ve;
            int k = cue_at(q, i, &ve);
            if (k == 's' || k == 't') found = attrib_for_cue(q, i, k, ve, S->tok_begin, S->tok_end, S->tok_begin, &at);
        }
    }
    nm_quote *z = new_quote(q, s->cs, v[b - 1].ce, partial ? NM_QUOTE_PARTIAL : NM_QUOTE_DIRECT);
    if (b - a > 1) z->text = join_chain(d, v, a, b);
    z->para = s->para;
    if (!partial)
        for (uint32_t t = s->tb; t < v[b - 1].te && t < d->toks.n; t++) q->indirect_ok[t] = 0;
    if (found) {
        set_speaker(q, z, &at);
    } else if (have_prev) {
        copy_speaker(z, &prev);
    }
}

/* Quotes still without a speaker take the one of the next quote in the same paragraph
 * (“A.” “B,” he said.). */
static void fill_from_next(nm_doc *d, size_t from)
{
    nm_quote *v = d->quotes->v.v;
    size_t n = d->quotes->v.n;
    for (size_t i = n; i-- > from + 1;) {
        nm_quote *z = &v[i - 1], *nx = &v[i];
        if (z->speaker.set || z->kind == NM_QUOTE_INDIRECT || nx->kind == NM_QUOTE_INDIRECT) continue;
        if (!nx->speaker.set || nx->para != z->para) continue;
        copy_speaker(z, nx);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* reported speech without marks                                                               */

static int is_aux_tok(const nm_doc *d, uint32_t i)
{
    static const char *const AUX[] = {"is", "was", "were", "are", "has", "have", "had", "will", "would", "could",
                                      "should", "can", "may", "might", "must", "did", "does", "do", "'s", "'re",
                                      "'ll", "'d", "wo", "ca", "is", "am", NULL};
    for (int k = 0; AUX[k]; k++) if (tis(d, i, AUX[k])) return 1;
    return nm_tok_is(d, &d->toks.v[i], "\xE2\x80\x99s");
}

static int is_irregular_past(const nm_doc *d, uint32_t i)
{
    static const char *const V[] = {"told", "said", "made", "gave", "took", "went", "came", "saw", "knew", "felt",
                                    "left", "kept", "held", "met", "won", "lost", "sent", "spent", "built", "paid",
                                    "got", "began", "brought", "bought", "became", "ran", "fell", "led", "meant",
                                    "put", "set", "cut", "hit", "let", "sought", "fought", "thought", "struck", NULL};
    for (int k = 0; V[k]; k++) if (tis(d, i, V[k])) return 1;
    return 0;
}

/* Without "that", does [c, end) read as a clause (a subject, then a verb) rather than an object
 * noun phrase ("acknowledged the reality of climate change")? */
static int looks_like_clause(const qctx *q, uint32_t c, uint32_t end)
{
    const nm_doc *d = q->d;
    if (tis(d, c, "whether") || tis(d, c, "how") || tis(d, c, "why") || tis(d, c, "what")) return 1;
    if ((is_pronoun_tok(d, c) && !tis(d, c, "it") && !tis(d, c, "you")) || tis(d, c, "there")) return 1;
    for (uint32_t j = c; j < end && j < c + 10; j++) {
        if (q->inq[j]) continue;
        if (is_aux_tok(d, j)) return j > c;
        if (j > c && tlower(d, j) && (lex(q, q->r->cues, d, j) || is_irregular_past(d, j))) return 1;
        if (tpunct(d, j) && !is_possessive(d, j) && !tis(d, j, "-")) return 0;
        if (j > c && tlower(d, j) && tlen(d, j) > 3) {
            const char *w = tstr(d, j);
            uint32_t n = tlen(d, j);
            if (!memcmp(w + n - 2, "ed", 2) || (w[n - 1] == 's' && w[n - 2] != 's')) return 1;
        }
        if (lex(q, q->r->stop, d, j) && !tis(d, j, "of") && !tis(d, j, "to")) return 0;
    }
    return 0;
}

static int clause_start_ok(const qctx *q, uint32_t k, uint32_t se)
{
    const nm_doc *d = q->d;
    if (k >= se) return 0;
    if (q->inq[k]) return 1; /* said “good progress” had been made */
    if (tis(d, k, "when") || tis(d, k, "while") || tis(d, k, "because") || tis(d, k, "if") || tis(d, k, "after") ||
        tis(d, k, "before") || tis(d, k, "since") || tis(d, k, "where") || tis(d, k, "which") || tis(d, k, "who"))
        return 0;
    if (tpunct(d, k) || tis(d, k, "to") || tis(d, k, "for") || tis(d, k, "by") || tis(d, k, "in") ||
        tis(d, k, "on") || tis(d, k, "at") || tis(d, k, "with") || tis(d, k, "of") || tis(d, k, "as") ||
        tis(d, k, "about") || tis(d, k, "so") || tis(d, k, "from"))
        return 0;
    return 1;
}

static uint32_t skip_adjuncts(const qctx *q, uint32_t k, uint32_t se)
{
    const nm_doc *d = q->d;
    static const char *const DAYS[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                       "sunday", "yesterday", "today", "tonight", "earlier", "later", "then",
                                       "again", "also", "repeatedly", "publicly", "privately", "recently", NULL};
    for (int guard = 0; guard < 4 && k < se; guard++) {
        int hit = 0;
        for (int x = 0; DAYS[x]; x++) if (tis(d, k, DAYS[x])) { k++; hit = 1; break; }
        if (hit) continue;
        /* "on Monday that", "in a statement that", "in an interview with CNN that" */
        if (tis(d, k, "on") || tis(d, k, "in") || tis(d, k, "at") || tis(d, k, "during") || tis(d, k, "last") ||
            tis(d, k, "this")) {
            for (uint32_t j = k + 1; j < se && j < k + 8; j++)
                if (tis(d, j, "that") && !q->inq[j]) return j;
        }
        break;
    }
    return k;
}

/* "... took place, TASS news agency reported.": where a trailing attribution of its own starts
 * inside the clause [c, stop), or stop. */
static uint32_t cut_attribution_tail(const qctx *q, uint32_t c, uint32_t stop)
{
    const nm_doc *d = q->d;
    for (uint32_t j = c + 1; j < stop; j++) {
        if (!tis(d, j, ",") || q->inq[j]) continue;
        for (uint32_t k = j + 1; k < stop && k < j + 9; k++) {
            uint32_t ve, nb, he;
            if (!cue_at(q, k, &ve)) continue;
            if (np_left(q, k, j + 1, &nb, &he) && nb == j + 1 && stop <= ve + 4) return j;
            break;
        }
    }
    return stop;
}

/* Where a new attribution begins inside the clause [c, stop): ", but he said that ...", ", Ham also
 * noted ...", "and Trump added ..." — a comma or conjunction, a short subject, an optional adverb and a
 * cue verb. Returns the boundary token (stop when there is none), so that each report of a sentence
 * with several speakers or verbs gets its own clause. */
static uint32_t next_attribution(const qctx *q, uint32_t c, uint32_t stop)
{
    const nm_doc *d = q->d;
    for (uint32_t j = c + 2; j + 2 < stop; j++) {
        if (q->inq[j]) continue;
        int conj = tis(d, j, "but") || tis(d, j, "and") || tis(d, j, "while") || tis(d, j, "although");
        if (!conj && !tis(d, j, ",")) continue;
        uint32_t k = j + 1;
        if (tis(d, k, "but") || tis(d, k, "and") || tis(d, k, "while") || tis(d, k, "although") || tis(d, k, "yet"))
            k++;
        uint32_t np = 0;
        while (k < stop && np < 6 && !q->inq[k] &&
               (is_pronoun_tok(d, k) || (tcap(d, k) && (d->toks.v[k].flags & NM_TF_ALPHA)) || is_possessive(d, k) ||
                ((tis(d, k, "the") || tis(d, k, "a")) && np == 0) || (np > 0 && tis(d, k, "."))))
            k++, np++;
        if (!np || k >= stop) continue;
        if (tlower(d, k) && tlen(d, k) > 3 &&
            (!memcmp(tstr(d, k) + tlen(d, k) - 2, "ly", 2) || tis(d, k, "also") || tis(d, k, "later") ||
             tis(d, k, "then") || tis(d, k, "again")))
            k++;
        else if (tis(d, k, "also") || tis(d, k, "then"))
            k++;
        uint32_t ve;
        int kind = cue_at(q, k, &ve);
        if (!kind || kind == 'a') continue;
        return (conj && j > c && tis(d, j - 1, ",")) ? j - 1 : j;
    }
    return stop;
}

static void add_indirect(qctx *q, uint32_t cb, uint32_t ce, uint32_t cb2, uint32_t ce2, const attrib *a)
{
    nm_doc *d = q->d;
    if (cb >= ce) return;
    if (d->dateline.set)
        while (cb < ce && d->toks.v[cb].start < d->dateline.end) cb++;
    /* a concessive or temporal afterthought (", although he again refused ...") is the writer's,
     * not part of what was reported */
    for (uint32_t j = cb + 3; j + 1 < ce; j++) {
        if (!tis(d, j, ",") || q->inq[j]) continue;
        if (tis(d, j + 1, "although") || tis(d, j + 1, "though") || tis(d, j + 1, "whereas") || tis(d, j + 1, "until") ||
            (tis(d, j + 1, "even") && (tis(d, j + 2, "as") || tis(d, j + 2, "though")))) {
            ce = j;
            break;
        }
    }
    while (ce > cb && tpunct(d, ce - 1) && !q->inq[ce - 1]) ce--;
    while (cb < ce && tpunct(d, cb) && !q->inq[cb]) cb++;
    /* a sentence adverb opening the clause is the writer's: "Meanwhile, ...", "However, ..." */
    if (cb + 2 < ce && tis(d, cb + 1, ",") && (d->toks.v[cb].flags & NM_TF_SENT_START) &&
        (tis(d, cb, "meanwhile") || tis(d, cb, "however") || tis(d, cb, "separately") || tis(d, cb, "earlier") ||
         tis(d, cb, "later") || tis(d, cb, "also") || tis(d, cb, "still") || tis(d, cb, "nevertheless") ||
         tis(d, cb, "moreover") || tis(d, cb, "furthermore") || tis(d, cb, "instead") || tis(d, cb, "yet")))
        cb += 2;
    if (ce <= cb || ce - cb + (ce2 > cb2 ? ce2 - cb2 : 0) < 3) return;
    uint32_t bs = d->toks.v[cb].start, be = d->toks.v[ce - 1].end;
    nm_quote *z = new_quote(q, bs, be, NM_QUOTE_INDIRECT);
    if (cb2 < ce2) {
        while (ce2 > cb2 && tpunct(d, ce2 - 1)) ce2--;
        if (ce2 > cb2) {
            uint32_t s2 = d->toks.v[cb2].start, e2 = d->toks.v[ce2 - 1].end;
            size_t n1 = be - bs, n2 = e2 - s2;
            char *t = nm_arena_alloc(&d->arena, n1 + n2 + 2);
            memcpy(t, d->text + bs, n1);
            t[n1] = ' ';
            memcpy(t + n1 + 1, d->text + s2, n2);
            t[n1 + n2 + 1] = 0;
            z->text = t;
            z->end = e2;
        }
    }
    set_speaker(q, z, a);
}

/* Is the fronted part of "CONTENT, X said." a report at all? A short stretch with no verb-like word
 * and no quoted words is a fronted adjunct: "Ahead of the meeting, Trump spoke with Putin." */
static int fronted_reads_as_clause(const qctx *q, uint32_t b, uint32_t e)
{
    const nm_doc *d = q->d;
    if (e >= b + 8) return 1;
    for (uint32_t j = b; j < e; j++) {
        if (q->inq[j] || is_aux_tok(d, j) || is_irregular_past(d, j) || tis(d, j, "n't") || tis(d, j, "not")) return 1;
        if (!tlower(d, j) || tlen(d, j) <= 3) continue;
        if (lex(q, q->r->cues, d, j)) return 1;
        const char *w = tstr(d, j);
        uint32_t n = tlen(d, j);
        if (!memcmp(w + n - 2, "ed", 2) || (w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i'))
            return 1;
    }
    return 0;
}

/* What follows "..., X said" before the end or the next comma: nothing, or an adjunct
 * ("on Monday", "in a statement", "Tuesday"). */
static int tail_is_adjunct(const qctx *q, uint32_t k, uint32_t end)
{
    const nm_doc *d = q->d;
    if (k >= end || tis(d, k, ",")) return 1;
    static const char *const ADJ[] = {"on", "in", "at", "during", "last", "this", "after", "before", "when", "while",
                                      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                      "yesterday", "today", "tonight", "earlier", "later", "recently", "then",
                                      "afterward", "afterwards", "via", "through", "from", "to", "with", "told",
                                      "adding", "saying", "noting", "according", "referring", NULL};
    for (int x = 0; ADJ[x]; x++) if (tis(d, k, ADJ[x])) return 1;
    return 0;
}

/* Reported speech in sentence si: "X said (that) ...", "..., X said.", "according to X". */
static void find_indirect(qctx *q, uint32_t si)
{
    nm_doc *d = q->d;
    const nm_sentence *S = &d->sents.v[si];
    uint32_t sb = S->tok_begin, se = S->tok_end;
    uint32_t end = se;
    while (end > sb && tpunct(d, end - 1) && !q->inq[end - 1]) end--;
    /* first a trailing attribution, which governs the whole sentence: "CLAUSE ..., sources said." */
    for (uint32_t i = end; i-- > sb && i + 25 > end;) {
        uint32_t ve;
        int k = cue_at(q, i, &ve);
        if (!k || k == 'c' || k == 'p' || k == 'a') continue;
        attrib a;
        if (!attrib_for_cue(q, i, k, ve, sb, se, sb, &a)) continue;
        int inverted = a.np_b >= ve;
        uint32_t after = inverted ? a.np_e : (a.addr_e > a.addr_b ? a.addr_e : ve);
        uint32_t lead = inverted ? i : a.np_b;
        if (!inverted && lead > sb + 2 && !tis(d, lead - 1, ",")) {
            /* "..., attorneys for the family said": the phrase runs back to the comma */
            uint32_t x = lead;
            while (x > sb && x + 6 > lead && !tis(d, x - 1, ",") && !tpunct(d, x - 1) && !q->inq[x - 1] &&
                   !lex(q, q->r->cues, d, x - 1) &&
                   (!lex(q, q->r->stop, d, x - 1) || tis(d, x - 1, "for") || tis(d, x - 1, "at") || tis(d, x - 1, "with") ||
                    tis(d, x - 1, "from")))
                x--;
            if (x > sb + 2 && tis(d, x - 1, ",")) {
                lead = x;
                a.np_b = x;
            }
        }
        if (lead > sb + 2 && tis(d, lead - 1, ",") && tail_is_adjunct(q, after, end)) {
            uint32_t k2 = after;
            while (k2 < end && !tis(d, k2, ",") && k2 < after + 6 && !tis(d, k2, "that")) k2++;
            if (k2 >= end && fronted_reads_as_clause(q, sb, lead - 1)) {
                add_indirect(q, sb, lead - 1, 0, 0, &a);
                /* "Ushakov confirmed that ..., TASS reported": the inner report has its own speaker */
                end = lead - 1;
                break;
            }
        }
        break;
    }
    int reports = 0;
    for (uint32_t i = sb; i < end; i++) {
        uint32_t ve;
        int k = cue_at(q, i, &ve);
        if (!k || k == 'c') continue;
        attrib a;
        if (k == 'a') {
            if (!attrib_for_cue(q, i, k, ve, sb, se, sb, &a)) continue;
            if (i == sb || (i == sb + 1 && tpunct(d, sb))) { /* According to X, CLAUSE */
                uint32_t c = a.np_e;
                while (c < end && !tis(d, c, ",")) c++;
                if (c < end) add_indirect(q, c + 1, end, 0, 0, &a);
            } else if (i > sb && tis(d, i - 1, ",")) { /* CLAUSE, according to X */
                add_indirect(q, sb, i - 1, 0, 0, &a);
            }
            return;
        }
        if (!attrib_for_cue(q, i, k, ve, sb, se, sb, &a)) continue;
        int inverted = a.np_b >= ve;
        uint32_t after = inverted ? a.np_e : (a.addr_e > a.addr_b ? a.addr_e : ve);
        /* CLAUSE, X said [adjuncts]. / CLAUSE1, X said, CLAUSE2. */
        uint32_t lead = inverted ? i : a.np_b;
        if (lead > sb + 2 && tis(d, lead - 1, ",") && tail_is_adjunct(q, after, end)) {
            uint32_t k2 = after;
            while (k2 < end && !tis(d, k2, ",") && k2 < after + 6 && !tis(d, k2, "that")) k2++;
            if (k2 >= end && fronted_reads_as_clause(q, sb, lead - 1)) { add_indirect(q, sb, lead - 1, 0, 0, &a); return; }
            if (tis(d, k2, ",")) { add_indirect(q, sb, lead - 1, k2 + 1, end, &a); return; }
        }
        if (inverted) continue;
        /* X said (that) CLAUSE */
        uint32_t c = skip_adjuncts(q, after, end);
        if (tis(d, c, "that") && !q->inq[c]) c++;
        else if ((tis(d, i, "called") || tis(d, i, "calls") || tis(d, i, "call")) && (tis(d, c, "for") || tis(d, c, "on"))) c++;
        else if (!clause_start_ok(q, c, end)) continue;
        else if (k == 'p') {
            /* "called the strike a “complete fabrication”": reported only with the quoted words */
            int quoted = 0;
            for (uint32_t j = c; j < end; j++) quoted |= q->inq[j];
            if (!quoted) continue;
        } else if (!((tis(d, i, "said") || tis(d, i, "says") || tis(d, i, "say")) && tcap(d, c) && !is_det_tok(d, c)) &&
                   !looks_like_clause(q, c, end))
            continue; /* "said Stein complied": a name opening the clause is enough after "said" */
        /* the clause ends where a coordinated cue begins: "... and said it was ...", before a
         * participle (", citing her work") and, for an evaluative verb, with its quoted words */
        uint32_t stop = end;
        for (uint32_t j = c + 2; j + 1 < end; j++) {
            if (!tis(d, j, ",") || q->inq[j] || !tlower(d, j + 1) || tlen(d, j + 1) < 6) continue;
            /* ", including ..." / ", according ..." belong to the clause, not to a new participle */
            if (!memcmp(tstr(d, j + 1) + tlen(d, j + 1) - 3, "ing", 3) && !tis(d, j + 1, "including") &&
                !tis(d, j + 1, "according")) {
                stop = j;
                break;
            }
        }
        /* "... that Machado was “disgusting” and encouraged Americans to ...": a second verb of the
         * speaker after the quoted words is not part of what was said */
        for (uint32_t j = c + 1; j + 1 < stop; j++) {
            if (!tis(d, j, "and") || q->inq[j] || !q->inq[j - 1] || !tlower(d, j + 1) || q->inq[j + 1]) continue;
            const char *w = tstr(d, j + 1);
            uint32_t n = tlen(d, j + 1);
            if ((n > 3 && !memcmp(w + n - 2, "ed", 2)) || is_irregular_past(d, j + 1) || lex(q, q->r->cues, d, j + 1)) {
                stop = j;
                break;
            }
        }
        if (k == 'p') {
            uint32_t lastq = 0;
            for (uint32_t j = c; j < stop; j++) if (q->inq[j]) lastq = j + 1;
            if (lastq > c) {
                /* the clause runs on after the quoted words ("likened the refugees to a “vicious
                 * snake” in a song about ..."), up to a comma, dash or "and" */
                uint32_t limit = stop;
                stop = lastq;
                /* only a prepositional phrase runs on: "... called “fraud” lead Sens. ..." is the
                 * writer's sentence going on */
                if (stop < limit && !(is_place_prep_tok(d, stop) || tis(d, stop, "about"))) limit = stop;
                for (uint32_t k2 = 0; stop < limit && k2 < 30; k2++, stop++)
                    if (q->inq[stop] || tis(d, stop, ",") || tis(d, stop, ";") || tis(d, stop, ".") || tis(d, stop, ":") ||
                        is_dash_tok(d, stop) || tis(d, stop, "and") || tis(d, stop, "but"))
                        break;
            }
        }
        for (uint32_t j = c + 1; j + 1 < stop; j++) {
            uint32_t ve2;
            if ((tis(d, j, "and") || tis(d, j, "but")) && !q->inq[j] && cue_at(q, j + 1, &ve2) &&
                cue_at(q, j + 1, &ve2) != 'c') {
                stop = j;
                if (j > c && tis(d, j - 1, ",")) stop = j - 1;
                break;
            }
        }
        uint32_t next = next_attribution(q, c, stop);
        if (next < stop && ++reports < 16) {
            /* the rest of the sentence is another report: scan on from there (a bounded number
             * of times, so a 10,000-token run-on sentence stays linear) */
            add_indirect(q, c, cut_attribution_tail(q, c, next), 0, 0, &a);
            i = next;
            continue;
        }
        add_indirect(q, c, cut_attribution_tail(q, c, stop), 0, 0, &a);
        if (stop < end) { /* the second verb of "X called ... and said ..." shares the speaker */
            uint32_t j = stop;
            while (j < end && !tis(d, j, "and") && !tis(d, j, "but")) j++;
            uint32_t v2 = j + 1, ve2;
            int k2 = v2 < end ? cue_at(q, v2, &ve2) : 0;
            if (k2 && k2 != 'c') {
                attrib a2 = a;
                a2.cue_b = v2; a2.cue_e = ve2; a2.addr_b = a2.addr_e = 0;
                uint32_t c2 = skip_adjuncts(q, ve2, end);
                if (tis(d, c2, "that")) c2++;
                if (clause_start_ok(q, c2, end)) add_indirect(q, c2, end, 0, 0, &a2);
            }
        }
        return;
    }
}

/* A partial quote whose reporting clause no rule above captured ("by saying her foot was “so
 * swollen”", "proclaimed a goal of “Peace Through Strength.”"): the clause from its cue to the end
 * of the quoted words (or the next clause boundary), as reported speech of the same speaker. */
/* "... to check out what he called Machado's “sex tape.”": the quoted words are also part of the
 * sentence's own report, which news attribution (PolNeAR) marks from the clause boundary before
 * "what" to the end of the quoted words. Emitted as reported speech of the sentence subject (or of
 * the inner speaker when the subject is not a name). */
static void what_clause(qctx *q, const nm_sentence *S, const nm_quote *z)
{
    nm_doc *d = q->d;
    if (!z->speaker.set) return;
    uint32_t w = nm_tok_at_byte(d, z->speaker.start);
    if (w <= S->tok_begin || !tis(d, w - 1, "what") || q->inq[w - 1]) return;
    w--;
    uint32_t b = w;
    for (uint32_t guard = 0; b > S->tok_begin && guard < 20; guard++) {
        uint32_t t = b - 1;
        if (q->inq[t] || tis(d, t, ",") || tis(d, t, ";") || tis(d, t, ":") || tis(d, t, "and") || tis(d, t, "but") ||
            tis(d, t, "to") || tis(d, t, "that") || is_dash_tok(d, t))
            break;
        b = t;
    }
    if (b == w && w > S->tok_begin && tis(d, w - 1, "to")) b = w; /* "a deterrence to what ..." */
    uint32_t e = nm_tok_at_byte(d, z->end);
    while (e < S->tok_end && q->inq[e]) e++;
    if (e < S->tok_end && tlower(d, e) && !q->inq[e] && !lex(q, q->r->stop, d, e)) e++; /* “reckless” actions */
    if (e <= b + 3) return;
    attrib a;
    memset(&a, 0, sizeof a);
    uint32_t nb, ne;
    int subject = b > S->tok_begin + 1 && sentence_subject(q, S->tok_begin, b, &nb, &ne) && tcap(d, nb) &&
                  !is_pronoun_tok(d, nb);
    nm_quote inner = *z;
    size_t before = d->quotes->v.n;
    if (subject) {
        a.found = 1; a.cue_kind = 's';
        a.np_b = nb; a.np_e = a.head_e = ne;
        a.cue_b = ne; a.cue_e = ne + 1; /* the verb after the subject */
    }
    add_indirect(q, b, e, 0, 0, &a);
    if (d->quotes->v.n > before && !subject) {
        nm_quote *x = &d->quotes->v.v[d->quotes->v.n - 1];
        x->entity = inner.entity; x->name = inner.name; x->speaker = inner.speaker; x->cue = inner.cue;
    }
}

/* Is the quote z inside an indirect quote already added since index from? Only the last 64 are
 * looked at, so a sentence with many quotes stays linear. */
static int covered_by_indirect(const nm_doc *d, size_t from, const nm_quote *z)
{
    for (size_t k = d->quotes->v.n; k-- > from && d->quotes->v.n - k <= 64;) {
        const nm_quote *w = &d->quotes->v.v[k];
        if (w->kind == NM_QUOTE_INDIRECT && w->start <= z->start && w->end >= z->end) return 1;
    }
    return 0;
}

/* Report the clause [b, e) as an indirect quote of z's speaker, cue and addressee. */
static void report_clause_of(qctx *q, uint32_t b, uint32_t e, const nm_quote *z)
{
    nm_doc *d = q->d;
    nm_quote src = *z; /* add_indirect may move the quote vector z points into */
    size_t had = d->quotes->v.n;
    attrib a;
    memset(&a, 0, sizeof a);
    add_indirect(q, b, e, 0, 0, &a);
    if (d->quotes->v.n > had) {
        nm_quote *x = &d->quotes->v.v[d->quotes->v.n - 1];
        x->entity = src.entity; x->name = src.name; x->speaker = src.speaker; x->cue = src.cue;
        x->addressee = src.addressee;
    }
}

/* "Using the capital gains tax ''is a misguided approach,'' said Mr. Burman": a partial quote
 * closing the sentence's first clause, with the attribution right after it. The report is the
 * clause from the start of the sentence to the closing mark, with the fragment's speaker. */
static void fronted_clause(qctx *q, const nm_sentence *S, const nm_quote *z, size_t from)
{
    nm_doc *d = q->d;
    uint32_t e = nm_tok_at_byte(d, z->end);
    while (e < S->tok_end && q->inq[e]) e++; /* past the closing mark */
    uint32_t next = e;
    while (next < S->tok_end && tis(d, next, ",")) next++;
    uint32_t attr = nm_tok_at_byte(d, z->cue.start);
    if (z->speaker.set && z->speaker.start < z->cue.start) attr = nm_tok_at_byte(d, z->speaker.start);
    if (attr != next || e <= S->tok_begin) return;
    uint32_t b = S->tok_begin;
    while (b < e && tpunct(d, b) && !q->inq[b]) b++;
    if (nm_tok_at_byte(d, z->start) < b + 3) return; /* the fragment is (nearly) the whole clause */
    if (covered_by_indirect(d, from, z)) return;
    report_clause_of(q, b, e, z);
}

/* "... and said she has the essential quality for the job: “Steadiness ...”", "She added that the
 * vote seems anti-Trump, which is a problem because, “In the end, ...”": a direct quote closing
 * a reported clause of its own cue. The clause with the quote is reported as well (indirect, the
 * quote's speaker), since what was said is the clause and the quote together. */
static void intro_clauses(qctx *q, uint32_t si, size_t from)
{
    nm_doc *d = q->d;
    const nm_sentence *S = &d->sents.v[si];
    size_t n = d->quotes->v.n;
    for (size_t i = from; i < n; i++) {
        const nm_quote *z = &d->quotes->v.v[i];
        if (z->kind != NM_QUOTE_DIRECT || !z->cue.set || z->cue.end >= z->start || z->sent != si) continue;
        uint32_t v = nm_tok_at_byte(d, z->cue.start), ve;
        int k = cue_at(q, v, &ve);
        if (k != 's' && k != 't') continue;
        uint32_t c = ve;
        if (z->addressee.set && z->addressee.end > z->cue.end) c = nm_tok_at_byte(d, z->addressee.end);
        if (c < S->tok_end && tis(d, c, "that")) c++;
        uint32_t om = nm_tok_at_byte(d, z->start); /* the opening mark: the quote tokens before the content */
        while (om > c && (q->inq[om - 1] & 1)) om--;
        if (om <= c + 3 || om > S->tok_end || !(tis(d, om - 1, ":") || tis(d, om - 1, ","))) continue;
        if (!clause_start_ok(q, c, om) || !looks_like_clause(q, c, om)) continue; /* not "saying during the debate, “...”" */
        int clean = 1;
        for (uint32_t t = c; t + 1 < om && clean; t++) if (q->inq[t] & 1) clean = 0;
        if (!clean) continue;
        uint32_t e = nm_tok_at_byte(d, z->end);
        while (e < d->toks.n && (q->inq[e] & 1)) e++; /* past the closing mark */
        if (covered_by_indirect(d, from, z)) continue;
        report_clause_of(q, c, e, z);
    }
}

static void partial_clauses(qctx *q, uint32_t si, size_t from)
{
    nm_doc *d = q->d;
    const nm_sentence *S = &d->sents.v[si];
    size_t n = d->quotes->v.n;
    for (size_t i = from; i < n; i++) {
        const nm_quote *z = &d->quotes->v.v[i];
        if (z->kind == NM_QUOTE_PARTIAL && z->cue.set && z->cue.start >= z->end && z->sent == si) {
            fronted_clause(q, S, z, from);
            n = d->quotes->v.n;
            continue;
        }
        if (z->kind != NM_QUOTE_PARTIAL || !z->cue.set || z->cue.end > z->start || z->sent != si) continue;
        what_clause(q, S, z);
        z = &d->quotes->v.v[i];
        n = d->quotes->v.n;
        int covered = 0;
        for (size_t k = from; k < d->quotes->v.n && !covered; k++) {
            const nm_quote *w = &d->quotes->v.v[k];
            if (w->kind == NM_QUOTE_INDIRECT && w->start <= z->start && w->end >= z->end) covered = 1;
        }
        if (covered) continue;
        uint32_t v = nm_tok_at_byte(d, z->cue.start);
        if (tis(d, v, "put") || tis(d, v, "puts")) continue; /* "as X put it, “...”" reports no clause */
        if (v > S->tok_begin && !(tlen(d, v) > 3 && !memcmp(tstr(d, v) + tlen(d, v) - 3, "ing", 3)) &&
            (tis(d, v - 1, "was") || tis(d, v - 1, "were") || tis(d, v - 1, "been") ||
                                 tis(d, v - 1, "be") || tis(d, v - 1, "is") || tis(d, v - 1, "are")))
            continue; /* passive: "was called a “charlatan” by ..." */
        uint32_t c = nm_tok_at_byte(d, z->cue.end);
        if (z->addressee.set && z->addressee.end > z->cue.end) c = nm_tok_at_byte(d, z->addressee.end);
        c = skip_adjuncts(q, c, S->tok_end);
        if (c < S->tok_end && tis(d, c, "that") && !q->inq[c]) c++;
        uint32_t e = nm_tok_at_byte(d, z->end);
        while (e < S->tok_end && q->inq[e]) e++; /* the closing mark */
        for (uint32_t k = 0; e < S->tok_end && k < 30; k++, e++) {
            if (q->inq[e] || tis(d, e, ",") || tis(d, e, ";") || tis(d, e, ".") || tis(d, e, ":") || is_dash_tok(d, e) ||
                tis(d, e, "and") || tis(d, e, "but"))
                break;
        }
        if (c >= e || c < S->tok_begin) continue;
        attrib a;
        memset(&a, 0, sizeof a);
        /* rebuild the attribution from the quote's own fields */
        nm_quote tmp = *z;
        add_indirect(q, c, e, 0, 0, &a);
        if (d->quotes->v.n > n) {
            nm_quote *w = &d->quotes->v.v[d->quotes->v.n - 1];
            w->entity = tmp.entity; w->name = tmp.name; w->speaker = tmp.speaker; w->cue = tmp.cue;
            w->addressee = tmp.addressee;
            n = d->quotes->v.n;
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* the stage                                                                                    */

static int init(nm_engine *eng, char *err, size_t errlen)
{
    struct nm_quote_res *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return -1; }
    eng->quote_res = r;
    r->cues = nm_lexicon_load("lexicons/speech-verbs.txt", NM_LEX_FOLD);
    r->titles = nm_lexicon_load("lexicons/speaker-titles.txt", NM_LEX_FOLD);
    r->anon = nm_lexicon_load("lexicons/source-nouns.txt", NM_LEX_FOLD);
    r->stop = nm_lexicon_load("lexicons/speaker-stopwords.txt", NM_LEX_FOLD);
    if (!r->cues || !r->titles || !r->anon || !r->stop) {
        snprintf(err, errlen, "cannot load the quote lexicons");
        return -1;
    }
    const nm_lexicon *lists[4] = {r->cues, r->titles, r->anon, r->stop};
    for (int l = 0; l < 4; l++)
        for (size_t i = 0; i < nm_lexicon_size(lists[l]); i++) {
            const char *k = nm_lexicon_key(lists[l], i);
            size_t n = strlen(k);
            if (n) r->shapes[l][shape_slot(k, n)] |= (uint64_t)1 << (n < 63 ? n : 63);
            else for (int c = 0; c < 1024; c++) r->shapes[l][c] = ~(uint64_t)0; /* an empty key */
        }
    r->shapes_ready = 1;
    return 0;
}

static void fini(nm_engine *eng)
{
    struct nm_quote_res *r = eng->quote_res;
    if (!r) return;
    nm_lexicon_free(r->cues);
    nm_lexicon_free(r->titles);
    nm_lexicon_free(r->anon);
    nm_lexicon_free(r->stop);
    free(r);
    eng->quote_res = NULL;
}

/* "X said:" closing a paragraph followed by a paragraph without marks: a block quote. */
static void find_block_quotes(nm_doc *d, qctx *q, qseg_vec *segs)
{
    uint8_t *has_seg = nm_arena_zalloc(&d->arena, d->paras.n + 1);
    for (size_t k = 0; k < segs->n; k++)
        if (segs->v[k].para < d->paras.n) has_seg[segs->v[k].para] = 1;
    for (uint32_t pi = 0; pi + 1 < d->paras.n; pi++) {
        const nm_paragraph *P = &d->paras.v[pi], *N = &d->paras.v[pi + 1];
        if (!para_is_scanned(P) || !para_is_scanned(N) || P->end <= P->start) continue;
        if (d->text[P->end - 1] != ':') continue;
        if (para_opens_quote(d, N)) continue;
        uint32_t colon = nm_tok_at_byte(d, P->end - 1);
        const nm_sentence *S = &d->sents.v[d->toks.v[colon].sent];
        int has_cue = 0;
        for (uint32_t i = S->tok_begin; i < colon; i++) {
            uint32_t ve;
            int k = cue_at(q, i, &ve);
            if (k && k != 'c') has_cue = 1;
        }
        if (!has_cue) continue;
        /* the paragraph must not already hold a quote segment */
        if (has_seg[pi + 1]) continue;
        qseg s = {0};
        s.open_b = N->start; s.cs = N->start; s.ce = N->end; s.close_e = N->end; s.para = pi + 1;
        s.closed = 1; s.block = 1;
        NM_VEC_PUSH(&d->arena, *segs, s);
    }
}

/* "WALLACE: text" — an interview transcript line: a direct quote of the capitalised speaker. */
static void find_transcript_lines(nm_doc *d, qseg_vec *segs)
{
    uint8_t *transcript = NULL;
    size_t nmarks = segs->n;
    for (uint32_t pi = 0; pi < d->paras.n; pi++) {
        const nm_paragraph *P = &d->paras.v[pi];
        if (!para_is_scanned(P)) continue;
        uint32_t i = P->start;
        uint32_t k = i;
        uint32_t len;
        if (dquote_at(d->text, i, P->end, &len) != MARK_NONE) k = i + len; /* "WALLACE: ... */
        uint32_t ns = k, caps = 0;
        while (k < P->end && k < ns + 40) {
            unsigned char c = (unsigned char)d->text[k];
            if (c >= 'A' && c <= 'Z') caps++;
            else if (!(c == ' ' || c == '.' || c == '-' || c == '\'')) break;
            k++;
        }
        if (caps < 2 || k >= P->end || d->text[k] != ':' || k + 2 >= P->end) continue;
        if (d->dateline.set && d->dateline.start <= k && d->dateline.end >= ns) continue;
        qseg s = {0};
        s.open_b = k; s.cs = trim_left(d->text, k + 1, P->end); s.ce = P->end; s.close_e = P->end;
        s.para = pi; s.closed = 1; s.transcript = 1;
        if (!transcript) transcript = nm_arena_zalloc(&d->arena, d->paras.n + 1);
        transcript[pi] = 1;
        NM_VEC_PUSH(&d->arena, *segs, s);
    }
    /* drop the marks-based segments of transcript paragraphs (reopened-quote transcripts) */
    for (size_t x = 0; transcript && x < nmarks; x++)
        if (segs->v[x].para < d->paras.n && transcript[segs->v[x].para]) segs->v[x].ce = segs->v[x].cs;
}

static int seg_cmp(const void *a, const void *b)
{
    const qseg *x = a, *y = b;
    return x->cs < y->cs ? -1 : x->cs > y->cs;
}

/* A sentence with a direct quote may also report speech outside it ("“...,” X said, adding that
 * ..."), but a reported clause that overlaps the direct quote only repeats it under a guessed
 * speaker: drop those among quotes [from, n). */
static void drop_overlapping_direct(nm_doc *d, size_t before, size_t from)
{
    nm_quote *v = d->quotes->v.v;
    size_t n = d->quotes->v.n, w = from;
    for (size_t i = from; i < n; i++) {
        /* only a clause after its own cue ("..., adding that ..."): a clause before it would run
         * back into the direct quote's narrative */
        int clash = !v[i].cue.set || v[i].start < v[i].cue.end;
        for (size_t k = before; k < from && !clash; k++)
            if (v[k].kind == NM_QUOTE_DIRECT &&
                ((v[k].start < v[i].end && v[i].start < v[k].end) || (v[k].cue.set && v[k].cue.start == v[i].cue.start)))
                clash = 1; /* overlaps the direct quote, or reuses its cue */
        if (clash) continue;
        if (v[i].group == (int32_t)i) v[i].group = (int32_t)w;
        v[w++] = v[i];
    }
    d->quotes->v.n = w;
}

/* The headline: news titles attribute in their own shorthand. "NAME: TEXT" (Pence: Flowers Won't
 * Be at Debate), "TEXT, NAME Says", and, when the title quotes someone, "NAME Calls X ‘Y’"
 * (a capitalised cue verb after a short name). The content is a quote of the named source: a
 * partial quote when it holds quote marks, else reported speech. */
static void find_headline(qctx *q)
{
    nm_doc *d = q->d;
    for (uint32_t pi = 0; pi < d->paras.n && pi < 3; pi++) {
        const nm_paragraph *P = &d->paras.v[pi];
        if (P->sent_begin >= P->sent_end || P->sent_end > d->sents.n) continue;
        uint32_t tb = d->sents.v[P->sent_begin].tok_begin, te = d->sents.v[P->sent_end - 1].tok_end;
        if (te <= tb + 3 || te - tb > 40) return;
        if (P->role != NM_ROLE_TITLE) {
            /* a first line in headline case that the structure layer left in the body */
            if (pi > 0 || P->role != NM_ROLE_BODY) return;
            uint32_t words = 0, caps = 0;
            for (uint32_t k = tb; k < te; k++) {
                if (!(d->toks.v[k].flags & NM_TF_ALPHA) || tlen(d, k) <= 3) continue;
                words++;
                caps += tcap(d, k) != 0;
            }
            if (words < 3 || caps * 10 < words * 8) return;
        }
        int marks = 0;
        for (uint32_t k = tb; k < te; k++) marks |= (d->toks.v[k].flags & NM_TF_QUOTE) != 0;
        uint32_t end = te;
        while (end > tb && tpunct(d, end - 1) && !(d->toks.v[end - 1].flags & NM_TF_QUOTE)) end--;
        attrib a;
        memset(&a, 0, sizeof a);
        uint32_t cb = 0, ce = 0;
        /* NAME: TEXT */
        for (uint32_t k = tb + 1; k < tb + 5 && k < end && !ce; k++) {
            if (!tis(d, k, ":")) {
                if (!tcap(d, k) && !is_possessive(d, k) && !tis(d, k, ".")) break;
                continue;
            }
            if (!tcap(d, tb)) break;
            a.cue_kind = ':'; a.cue_b = k; a.cue_e = k + 1; a.np_b = tb; a.np_e = a.head_e = k;
            cb = k + 1; ce = end;
        }
        /* TEXT, NAME Says */
        if (!ce && end > tb + 4 && (tis(d, end - 1, "says") || tis(d, end - 1, "said"))) {
            uint32_t k = end - 1;
            while (k > tb && k + 6 > end && tcap(d, k - 1) && !tis(d, k - 1, ",")) k--;
            if (k > tb + 2 && k < end - 1 && tis(d, k - 1, ",")) {
                a.cue_kind = 's'; a.cue_b = end - 1; a.cue_e = end; a.np_b = k; a.np_e = a.head_e = end - 1;
                cb = tb; ce = k - 1;
            }
        }
        /* NAME Calls X ‘Y’ */
        for (uint32_t k = tb + 1; marks && !ce && k < tb + 5 && k < end; k++) {
            if (!tcap(d, k) || (d->toks.v[k].flags & NM_TF_QUOTE)) break;
            const char *v = lex(q, q->r->cues, d, k);
            if (!v || strchr(v, 'c')) continue;
            a.cue_kind = 's'; a.cue_b = k; a.cue_e = k + 1; a.np_b = tb; a.np_e = a.head_e = k;
            cb = k + 1; ce = end;
        }
        if (!ce || ce <= cb + 1) return;
        a.found = 1;
        int quoted = 0;
        for (uint32_t k = cb; k < ce; k++) quoted |= (d->toks.v[k].flags & NM_TF_QUOTE) != 0;
        nm_quote *z = new_quote(q, d->toks.v[cb].start, d->toks.v[ce - 1].end, quoted ? NM_QUOTE_PARTIAL : NM_QUOTE_INDIRECT);
        set_speaker(q, z, &a);
        return;
    }
}

static void run(nm_doc *d)
{
    d->quotes = nm_arena_zalloc(&d->arena, sizeof *d->quotes);
    if (!d->eng || !d->eng->quote_res || !d->toks.n || !d->sents.n) return;
    qctx q = {d, d->eng->quote_res, nm_arena_zalloc(&d->arena, d->toks.n + 1), NULL, -1, NULL, -1, 0, NULL, {NULL}};
    q.fold_hash = nm_arena_zalloc(&d->arena, (d->toks.n + 1) * sizeof *q.fold_hash);
    for (int k = 0; k < 4; k++) q.lex_memo[k] = nm_arena_zalloc(&d->arena, (d->toks.n + 1) * sizeof *q.lex_memo[k]);
    q.indirect_ok = nm_arena_alloc(&d->arena, d->toks.n + 1);
    memset(q.indirect_ok, 1, d->toks.n + 1);
    qseg_vec segs = {0};
    scan_marks(d, &segs);
    find_transcript_lines(d, &segs);
    find_block_quotes(d, &q, &segs);
    if (segs.n > 1) qsort(segs.v, segs.n, sizeof *segs.v, seg_cmp);
    for (size_t i = 0; i < segs.n; i++) {
        qseg *s = &segs.v[i];
        if (s->ce <= s->cs) continue;
        uint32_t ob = s->transcript ? s->open_b : (s->open_b < s->cs ? s->open_b : s->cs);
        s->tb = nm_tok_at_byte(d, ob);
        uint32_t last = s->close_e > s->ce ? s->close_e - 1 : (s->ce ? s->ce - 1 : 0);
        s->te = nm_tok_at_byte(d, last) + 1;
        if (s->te > d->toks.n) s->te = (uint32_t)d->toks.n;
        if (s->transcript) { s->tb = nm_tok_at_byte(d, s->cs); }
        for (uint32_t t = s->tb; t < s->te; t++) q.inq[t] = 1;
        if (s->transcript) s->tb = nm_tok_at_byte(d, s->open_b); /* the colon: attribution sits before it */
    }
    find_headline(&q);
    /* sentences in order: the segments that open in each, then reported speech */
    size_t si = 0;
    for (uint32_t s = 0; s < d->sents.n; s++) {
        const nm_sentence *S = &d->sents.v[s];
        size_t before = d->quotes->v.n;
        int has_direct = 0;
        while (si < segs.n && (segs.v[si].ce <= segs.v[si].cs || segs.v[si].cs < S->end)) {
            if (segs.v[si].ce <= segs.v[si].cs) { si++; continue; }
            size_t a = si, b = si + 1;
            while (b < segs.n && segs.v[b - 1].cont_next && segs.v[b].cont_prev) b++;
            attribute_segment(&q, segs.v, a, b);
            if (d->quotes->v.n > before && d->quotes->v.v[d->quotes->v.n - 1].kind == NM_QUOTE_DIRECT) has_direct = 1;
            si = b;
        }
        fill_from_next(d, before);
        if (S->role != NM_ROLE_BODY)
            continue;
        if (has_direct) intro_clauses(&q, s, before);
        /* a sentence inside a quote has no reported speech of its own */
        uint32_t inside = 0;
        for (uint32_t t = S->tok_begin; t < S->tok_end; t++) inside += !q.indirect_ok[t];
        if (inside * 2 > S->tok_end - S->tok_begin) continue;
        size_t reported = d->quotes->v.n;
        /* the cue of a direct quote ("“...,” she said, but ...") introduces no reported clause */
        for (size_t k = before; has_direct && k < reported; k++) {
            const nm_quote *z = &d->quotes->v.v[k];
            if (z->kind == NM_QUOTE_DIRECT && z->cue.set && z->cue.end > z->cue.start)
                q.inq[nm_tok_at_byte(d, z->cue.start)] |= 2;
        }
        find_indirect(&q, s);
        partial_clauses(&q, s, before);
        if (has_direct) {
            for (size_t k = before; k < reported; k++) {
                const nm_quote *z = &d->quotes->v.v[k];
                if (z->kind == NM_QUOTE_DIRECT && z->cue.set && z->cue.end > z->cue.start)
                    q.inq[nm_tok_at_byte(d, z->cue.start)] &= 1;
            }
            drop_overlapping_direct(d, before, reported);
        }
    }
    /* posts: their text is a quote of the author */
    for (size_t i = 0; i < d->posts.n; i++) {
        const nm_post *p = &d->posts.v[i];
        if (!p->text.set || p->text.end <= p->text.start) continue;
        nm_quote *z = new_quote(&q, p->text.start, p->text.end, NM_QUOTE_POST);
        if (p->author.set && p->author.end > p->author.start) {
            z->speaker = p->author;
            uint32_t b = nm_tok_at_byte(d, p->author.start), e = nm_tok_at_byte(d, p->author.end);
            int32_t ent = e > b ? nm_entity_resolve(d, b, e) : -1;
            const nm_entity *en = nm_entity_by_index(d, ent);
            if (en && en->name) { z->entity = ent; z->name = en->name; }
            else z->name = nm_arena_strndup(&d->arena, d->text + p->author.start, p->author.end - p->author.start);
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* output                                                                                       */

static void span_or_null(nm_json *j, const nm_doc *d, const char *key, nm_span s)
{
    if (s.set) nm_json_kstr(j, key, d->text + s.start, s.end - s.start);
    else nm_json_knull(j, key);
}

static void json(const nm_doc *d, nm_json *j)
{
    nm_json_arr_begin(j);
    const nm_quote_set *qs = d->quotes;
    for (size_t i = 0; qs && i < qs->v.n; i++) {
        const nm_quote *z = &qs->v.v[i];
        nm_json_obj_begin(j);
        nm_json_kcstr(j, "text", z->text);
        nm_json_kint(j, "start", nm_doc_cp(d, z->start));
        nm_json_kint(j, "end", nm_doc_cp(d, z->end));
        nm_json_kcstr(j, "kind", nm_quote_kind_name(z->kind));
        nm_json_key(j, "speaker");
        if (z->entity >= 0 && nm_entity_by_index(d, z->entity)) {
            nm_json_obj_begin(j);
            nm_entity_json_ref(j, d, z->entity);
            nm_json_obj_end(j);
        } else if (z->name) {
            nm_json_obj_begin(j);
            nm_json_knull(j, "entity");
            nm_json_kcstr(j, "name", z->name);
            nm_json_obj_end(j);
        } else {
            nm_json_null(j);
        }
        span_or_null(j, d, "speaker_text", z->speaker);
        span_or_null(j, d, "cue", z->cue);
        span_or_null(j, d, "addressee", z->addressee);
        int32_t bi = z->sent < d->sents.n ? d->sents.v[z->sent].body_index : -1;
        if (bi >= 0) nm_json_kint(j, "sentence", bi);
        else nm_json_knull(j, "sentence");
        nm_json_kint(j, "paragraph", z->para);
        nm_json_kint(j, "group", z->group);
        nm_json_obj_end(j);
    }
    nm_json_arr_end(j);
}

/* The label a quote is grouped under in the briefing. */
static const char *speaker_label(const nm_doc *d, const nm_quote *z, char *tmp, size_t n)
{
    if (z->name) return z->name;
    if (z->speaker.set) {
        snprintf(tmp, n, "(unnamed) %.*s", (int)(z->speaker.end - z->speaker.start), d->text + z->speaker.start);
        return tmp;
    }
    return "(speaker unknown)";
}

typedef struct { const char *label; size_t idx; } labelled;

static int labelled_cmp(const void *a, const void *b)
{
    const labelled *x = a, *y = b;
    int c = strcmp(x->label, y->label);
    if (c) return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void text(const nm_doc *d, nm_buf *b)
{
    const nm_quote_set *qs = d->quotes;
    if (!qs || !qs->v.n) return;
    nm_buf_puts(b, "\nQuotes (by speaker)\n-------------------\n");
    labelled *v = malloc(qs->v.n * sizeof *v);
    char *tmp = malloc(qs->v.n * 96);
    if (!v || !tmp) { free(v); free(tmp); return; }
    for (size_t i = 0; i < qs->v.n; i++) {
        v[i].label = speaker_label(d, &qs->v.v[i], tmp + i * 96, 96);
        v[i].idx = i;
    }
    qsort(v, qs->v.n, sizeof *v, labelled_cmp);
    for (size_t i = 0; i < qs->v.n; i++) {
        if (i == 0 || strcmp(v[i].label, v[i - 1].label)) nm_buf_printf(b, "  %s\n", v[i].label);
        const nm_quote *z = &qs->v.v[v[i].idx];
        const char *t = z->text ? z->text : "";
        size_t tl = strlen(t);
        int cut = tl > 300;
        if (cut) { tl = 300; while (tl > 0 && ((unsigned char)t[tl] & 0xC0) == 0x80) tl--; }
        nm_buf_printf(b, "    [%s] %s%.*s%s%s\n", nm_quote_kind_name(z->kind), z->kind == NM_QUOTE_INDIRECT ? "" : "\xE2\x80\x9C",
                      (int)tl, t, cut ? "..." : "", z->kind == NM_QUOTE_INDIRECT ? "" : "\xE2\x80\x9D");
    }
    free(v);
    free(tmp);
}

const nm_stage nm_stage_quotes = {"quotes", init, fini, run, "quotes", json, text};
