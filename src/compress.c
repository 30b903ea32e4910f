/*
 * compress.c — safe sentence compression for key points.
 *
 * A key point should read well and say only what matters, but it must never say something the
 * article did not, nor be a broken sentence. So compression here only *removes* material of a few
 * kinds whose removal leaves a grammatical sentence with the same claim:
 *   - a dateline or source marker at the start: "(CNN)", "WASHINGTON:", "LONDON (Reuters) --",
 *     "Islamabad, Pakistan (CNN)" (a title-case place only before a news agency's name);
 *   - a leading connective: "Meanwhile,", "However,", "But", "And";
 *   - a short parenthetical: "(£600m)", "(SEC)";
 *   - an attribution clause: trailing ", the White House said on Monday." / ", according to X."
 *     or in the middle: "..., officials said, a day after ...".
 * Quoted speech is never cut into. Each rule checks its own guards (length limits, clause
 * boundaries outside quotes and brackets) and does nothing when in doubt.
 */
#include <ctype.h>
#include <string.h>

#include "engine.h"
#include "keypoints.h"

/* Words that make a clause an attribution when they are its verb. */
static const char *const ATTRIB_VERBS[] = {
    "said", "says", "told", "added", "reported", "reports", "announced", "stated", "wrote",
    "tweeted", "say", "according", NULL};

/* Words that start a clause that is not a detachable attribution (", who said", ", but he said"). */
static const char *const CLAUSE_BLOCKERS[] = {
    "who", "which", "that", "but", "and", "as", "when", "while", "after", "before", "because",
    "although", "though", "if", "where", "so", "or", "whose", "whom", "what", "with", "since",
    "until", "unless", "whether", "adding", "saying", "noting", NULL};

/* Leading connectives that can be dropped; the second column says whether a comma must follow. */
static const struct { const char *w; int need_comma; } CONNECTIVES[] = {
    {"Meanwhile", 1}, {"However", 1}, {"Moreover", 1}, {"Furthermore", 1}, {"Additionally", 1},
    {"Also", 1}, {"Still", 1}, {"Separately", 1}, {"Indeed", 1}, {"Nevertheless", 1},
    {"Nonetheless", 1}, {"In addition", 1}, {"At the same time", 1}, {"Instead", 1},
    {"But", 0}, {"And", 0}, {"Yet", 1}, {"So", 1}, {NULL, 0}};

static int word_in(const nm_doc *d, const nm_token *t, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (nm_tok_is_ci(d, t, list[i])) return 1;
    return 0;
}

static int is_double_quote(const nm_doc *d, const nm_token *t)
{
    if (!(t->flags & NM_TF_QUOTE)) return 0;
    const char *s = nm_tok_str(d, t);
    size_t n = nm_tok_len(t);
    if (n == 1) return s[0] == '"';
    return n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
           ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D || (unsigned char)s[2] == 0x9E);
}

static int tok_is_char(const nm_doc *d, const nm_token *t, char c)
{
    return nm_tok_len(t) == 1 && d->text[t->start] == c;
}

static int is_dash(const nm_doc *d, const nm_token *t)
{
    const char *s = nm_tok_str(d, t);
    size_t n = nm_tok_len(t);
    if (n == 2 && s[0] == '-' && s[1] == '-') return 1;
    return n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
           ((unsigned char)s[2] == 0x94 || (unsigned char)s[2] == 0x93);
}

/* A source marker of up to four title-case words in brackets at the very start, glued to the
 * first word of the story as CNN prints it: "(The Hollywood Reporter)It's official". Returns the
 * index of its ")", or open when there is none. */
static uint32_t glued_marker_end(const nm_doc *d, uint32_t open, uint32_t te)
{
    const nm_token *T = d->toks.v;
    uint32_t k = open + 1;
    while (k < te && k - open <= 4 && (T[k].flags & NM_TF_UPPER)) k++;
    if (k == open + 1 || k + 1 >= te || !tok_is_char(d, &T[k], ')')) return open;
    if (T[k + 1].start != T[k].end || !(T[k + 1].flags & NM_TF_UPPER)) return open;
    return k;
}

/* Token index just after a leading dateline / source marker, or tb when there is none. */
static uint32_t skip_dateline(const nm_doc *d, uint32_t tb, uint32_t te)
{
    const nm_token *T = d->toks.v;
    uint32_t i = tb;
    /* the structure stage's dateline span */
    if (d->dateline.set && d->dateline.end > T[tb].start && d->dateline.start <= T[tb].start) {
        while (i < te && T[i].start < d->dateline.end) i++;
    } else {
        /* "WASHINGTON:", "NEW YORK, Jan 5 (Reuters) -", "(CNN)": capitals (and commas) then a marker */
        uint32_t j = tb, close = 0;
        int caps = 0, titled = 0;
        while (j < te && j - tb < 8 &&
               ((T[j].flags & (NM_TF_ALLCAPS | NM_TF_UPPER)) || tok_is_char(d, &T[j], ','))) {
            if (T[j].flags & NM_TF_ALLCAPS) caps++;
            else if (T[j].flags & NM_TF_UPPER) titled++;
            j++;
        }
        if (j + 2 < te && tok_is_char(d, &T[j], '(') && tok_is_char(d, &T[j + 2], ')') &&
            (T[j + 1].flags & NM_TF_UPPER) &&
            /* a place in title case ("Islamabad, Pakistan (CNN)") only before a news agency's
             * name: "Sen. John Smith (R) said" keeps its subject */
            (!titled || (d->eng && d->eng->datelines &&
                         nm_lexicon_has(d->eng->datelines, nm_tok_str(d, &T[j + 1]), nm_tok_len(&T[j + 1]))))) {
            j += 3; /* "(CNN)", "(Reuters)" */
            caps++;
        } else if (j == tb && tok_is_char(d, &T[j], '(') && (close = glued_marker_end(d, j, te)) > j) {
            j = close + 1; /* "(The Hollywood Reporter)It's official ..." */
            caps++;
        } else if (titled) {
            return tb; /* "Washington: ..." in title case may be a sentence's own subject */
        } else if (caps && j < te && tok_is_char(d, &T[j], ':')) {
            j++;
        } else if (!(caps && j < te && is_dash(d, &T[j]))) {
            return tb;
        }
        if (!caps) return tb;
        i = j;
    }
    /* separators after the marker: "--", "—", "-", ":" */
    while (i < te && (is_dash(d, &T[i]) || tok_is_char(d, &T[i], '-') || tok_is_char(d, &T[i], ':'))) i++;
    if (i >= te || te - i < 4) return tb; /* nothing sensible left: keep the sentence whole */
    return i;
}

/* Token index after a droppable leading connective, or tb. */
static uint32_t skip_connective(const nm_doc *d, uint32_t tb, uint32_t te)
{
    const nm_token *T = d->toks.v;
    for (size_t c = 0; CONNECTIVES[c].w; c++) {
        /* match the (possibly multi-word) connective word by word */
        const char *w = CONNECTIVES[c].w;
        uint32_t i = tb;
        int ok = 1;
        while (*w) {
            const char *sp = strchr(w, ' ');
            size_t n = sp ? (size_t)(sp - w) : strlen(w);
            if (i >= te || nm_tok_len(&T[i]) != n || strncasecmp(nm_tok_str(d, &T[i]), w, n) != 0) {
                ok = 0;
                break;
            }
            i++;
            w += n;
            while (*w == ' ') w++;
        }
        if (!ok) continue;
        if (i < te && tok_is_char(d, &T[i], ',')) i++;
        else if (CONNECTIVES[c].need_comma) continue;
        if (te - i < 5) return tb; /* keep short sentences whole */
        /* the rest must start a clause with a word, not a number or punctuation */
        if (!(T[i].flags & NM_TF_ALPHA) || (T[i].flags & NM_TF_QUOTE)) return tb;
        return i;
    }
    return tb;
}

/* Auxiliaries: a clause with one is a statement in its own right ("... have been posted"). */
static const char *const AUXILIARIES[] = {"have", "has", "had", "been", "be", "is", "are", "was", "were",
                                          "will", "would", "could", "should", "may", "might", "can", NULL};

/* Whether tokens [b, e) form a detachable attribution clause: "according to X", or a short
 * subject, an attribution verb and a short adjunct ("the White House said on X", "police told
 * CNN"). No quotes, brackets, further commas, auxiliaries or "that"; it does not start with a
 * word that opens another kind of clause ("who", "but" ...) nor with the verb itself (", said
 * Saturday" belongs to a subject earlier in the sentence). */
static int attribution_clause(const nm_doc *d, uint32_t b, uint32_t e)
{
    const nm_token *T = d->toks.v;
    if (e <= b || e - b > 12 || e - b < 2) return 0;
    if (word_in(d, &T[b], CLAUSE_BLOCKERS)) return 0;
    uint32_t verb = e;
    for (uint32_t i = b; i < e; i++) {
        if (T[i].flags & NM_TF_QUOTE) return 0;
        if (tok_is_char(d, &T[i], ',') || tok_is_char(d, &T[i], '(') || tok_is_char(d, &T[i], ')') ||
            tok_is_char(d, &T[i], ';') || tok_is_char(d, &T[i], ':'))
            return 0;
        if (word_in(d, &T[i], AUXILIARIES) || nm_tok_is_ci(d, &T[i], "that")) return 0;
        if (nm_tok_is_ci(d, &T[i], "to") && !(i > b && nm_tok_is_ci(d, &T[i - 1], "according"))) return 0;
        if (verb == e && word_in(d, &T[i], ATTRIB_VERBS)) verb = i;
    }
    if (nm_tok_is_ci(d, &T[b], "according")) return e - b >= 3 && nm_tok_is_ci(d, &T[b + 1], "to");
    /* a subject of one to six words before the verb, at most five words after it */
    return verb < e && verb > b && verb - b <= 6 && e - verb <= 6;
}

void nm_kp_compress(nm_doc *d, uint32_t s, const char **text, size_t *len, uint32_t *start, uint32_t *end)
{
    const nm_sentence *S = &d->sents.v[s];
    const nm_token *T = d->toks.v;
    uint32_t tb = S->tok_begin, te = S->tok_end;
    uint32_t sb = S->start, se = S->end;
    if (te <= tb || se <= sb) {
        *text = nm_arena_strndup(&d->arena, d->text + sb, se > sb ? se - sb : 0);
        *len = se > sb ? se - sb : 0;
        *start = sb;
        *end = se;
        return;
    }
    uint32_t n = se - sb;
    uint8_t *drop = nm_arena_zalloc(&d->arena, n + 1);

    uint32_t first = skip_dateline(d, tb, te);
    first = skip_connective(d, first, te);
    for (uint32_t b = sb; b < T[first].start; b++) drop[b - sb] = 1;

    /* top-level commas and short parentheticals */
    int in_quote = 0, depth = 0, quote_seen = 0;
    uint32_t quote_open = 0;
    uint32_t commas[64];
    uint32_t ncomma = 0;
    uint32_t paren_open = 0;
    for (uint32_t i = first; i < te; i++) {
        const nm_token *t = &T[i];
        if (is_double_quote(d, t)) {
            /* quoted speech, not a scare-quoted word or title: more than four tokens inside */
            if (in_quote && i - quote_open > 5) quote_seen = 1;
            in_quote = !in_quote;
            quote_open = i;
            continue;
        }
        if (in_quote) continue;
        if (tok_is_char(d, t, '(')) {
            if (depth++ == 0) paren_open = i;
        } else if (tok_is_char(d, t, ')') && depth > 0) {
            if (--depth == 0 && paren_open > first && i - paren_open <= 10 && i + 1 < te) {
                /* drop " (…)" with the space before it */
                uint32_t from = T[paren_open].start;
                while (from > sb && d->text[from - 1] == ' ') from--;
                for (uint32_t b = from; b < t->end; b++) drop[b - sb] = 1;
            }
        } else if (depth == 0 && tok_is_char(d, t, ',') && ncomma < 64) {
            commas[ncomma++] = i;
        }
    }

    /* the final punctuation token(s) of the sentence */
    uint32_t last = te;
    while (last > first && (T[last - 1].flags & NM_TF_PUNCT) && !(T[last - 1].flags & NM_TF_QUOTE)) last--;
    int quote_balanced = !in_quote;
    if (!quote_balanced) quote_seen = 1;

    /* where the final period is: its own token, or inside an abbreviation ("on X.", "in the U.S.") */
    uint32_t clause_end = last, drop_to = last < te ? T[last].start : se;
    if (last == te && (T[te - 1].flags & NM_TF_ABBREV) && d->text[T[te - 1].end - 1] == '.') {
        clause_end = te;
        drop_to = T[te - 1].end - 1;
    }
    /* attributions of sentences with quoted speech stay: the quote needs its speaker */
    if (quote_balanced && !quote_seen && ncomma > 0 && drop_to < se) {
        /* trailing attribution: ", X said on Monday." — the head must stay a real clause */
        uint32_t c = commas[ncomma - 1];
        if (c + 1 < clause_end && attribution_clause(d, c + 1, clause_end) && c - first >= 6)
            for (uint32_t b = T[c].start; b < drop_to; b++) drop[b - sb] = 1;
        /* middle attribution: "…, the White House said, a day after …" */
        for (uint32_t k = 0; k + 1 < ncomma; k++) {
            uint32_t c1 = commas[k], c2 = commas[k + 1];
            if (c2 - c1 < 3 || c2 - c1 > 8 || c1 - first < 5) continue;
            const nm_token *v = &T[c2 - 1];
            int ends_in_verb = nm_tok_is_ci(d, v, "said") || nm_tok_is_ci(d, v, "says") ||
                               nm_tok_is_ci(d, v, "added") || nm_tok_is_ci(d, v, "reported");
            if (!ends_in_verb || !attribution_clause(d, c1 + 1, c2)) continue;
            /* "he said, …" only when what follows is not the content of the saying */
            for (uint32_t b = T[c1].start; b < T[c2].start; b++) drop[b - sb] = 1;
        }
    }

    /* copy the kept bytes, tidying spaces left around removed material */
    char *out = nm_arena_alloc(&d->arena, n + 2);
    size_t o = 0;
    uint32_t kept_first = se, kept_last = sb;
    for (uint32_t b = sb; b < se; b++) {
        if (drop[b - sb]) continue;
        char c = d->text[b];
        if (c == ' ' && (o == 0 || out[o - 1] == ' ')) continue;
        if ((c == ',' || c == '.' || c == ';') && o > 0 && out[o - 1] == ' ') o--;
        if (c == ',' && o > 0 && out[o - 1] == ',') continue;
        if (c != ' ') {
            if (b < kept_first) kept_first = b;
            kept_last = b + 1;
        }
        out[o++] = c;
    }
    while (o > 0 && out[o - 1] == ' ') o--;
    if (o == 0) { /* never empty: fall back to the whole sentence */
        memcpy(out, d->text + sb, n);
        o = n;
        kept_first = sb;
        kept_last = se;
    }
    out[o] = 0;
    if (first > tb && islower((unsigned char)out[0])) out[0] = (char)toupper((unsigned char)out[0]);
    *text = out;
    *len = o;
    *start = kept_first;
    *end = kept_last;
}
