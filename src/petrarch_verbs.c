/*
 * petrarch_verbs.c — translate a PETRARCH/TABARI verb dictionary into event patterns (see
 * petrarch_verbs.h; the pattern format is data/lexicons/cameo-verbs.txt's).
 *
 * What a dictionary holds, and what each part becomes:
 *   &SYNSET / +MEMBER lines      word classes, expanded in place wherever a pattern names them
 *   --- NAME [CODE] ---          a verb block; CODE is the default of its verbs ("---": no event)
 *   VERB {IRREGULAR FORMS} [CODE] a verb of the block: "verb|form|form" with its code
 *   +BREAK_DOWN {+BROKE_DOWN}    a phrasal verb: '+' marks the verb, the words after it are particles
 *   - * WORDS [CODE]             a pattern of every verb in the block: "verb * words"
 * In a pattern, words joined by '_' are adjacent and a space allows a gap; the markers $ (source),
 * + (target), ^ (skip a phrase) and % (compound) stand for a noun phrase, so the gap they are in
 * may hold an actor ("**" in the translation). Parentheses and braces only group. A code
 * "SOURCE:TARGET" gives the source's code; letters after the digits ("075A") are dropped.
 * Patterns with words before the verb ("- SAID * TO ATTEND") need context the matcher does not
 * keep and are counted as skipped. TABARI files, which have no "---" headers, are read the same
 * way: a verb line after a block's patterns starts a new block.
 */
#include "petrarch_verbs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "buf.h"

/* Per dictionary pattern: at most MAX_EXPANSIONS patterns out and MAX_STEPS expansion steps (a
 * file of synsets naming each other must not take exponential time). */
enum { MAX_VERBS = 256, MAX_EXPANSIONS = 256, MAX_STEPS = 20000, MAX_DEPTH = 4 };

typedef struct synset {
    char *name;     /* without '&', upper case as written */
    char **members; /* as written, without '+' */
    size_t n, cap;
} synset;

typedef struct block_verb {
    char *heads;     /* "break|broke|broken" */
    char *particles; /* "down" or "" */
} block_verb;

typedef struct reader {
    synset *sets;
    size_t nsets, capsets;
    block_verb verbs[MAX_VERBS];
    size_t nverbs;
    char code[8];     /* the block's default code */
    int after_patterns;
    nm_pattern_sink sink;
    void *ctx;
    nm_verbs_stats *stats;
    int steps;        /* expansion steps left for the current pattern */
    int failed;
} reader;

static char *dup_n(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (!r) return NULL;
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

static const synset *find_set(const reader *r, const char *name, size_t n)
{
    for (size_t i = 0; i < r->nsets; i++)
        if (strlen(r->sets[i].name) == n && !strncasecmp(r->sets[i].name, name, n)) return &r->sets[i];
    return NULL;
}

/* "[CODE]" at the end of s[0..n): the code (digits of the source part, or of the target part when
 * the source is empty; "---" when none) in out, and the length of s before the bracket. */
static size_t split_code(const char *s, size_t n, char out[8], int *has_code)
{
    *has_code = 0;
    out[0] = 0;
    const char *open = NULL;
    for (size_t i = n; i > 0; i--)
        if (s[i - 1] == '[') { open = s + i - 1; break; }
    if (!open) return n;
    const char *close = memchr(open, ']', (size_t)(s + n - open));
    if (!close) return n;
    *has_code = 1;
    const char *c = open + 1, *colon = memchr(c, ':', (size_t)(close - c));
    const char *part_end = colon ? colon : close;
    while (c < part_end && isspace((unsigned char)*c)) c++;
    if (colon && !isdigit((unsigned char)*c)) { c = colon + 1; part_end = close; }
    size_t k = 0;
    while (c < part_end && isdigit((unsigned char)*c) && k < 4) out[k++] = *c++;
    out[k] = 0;
    if (k < 2) strcpy(out, "---");
    return (size_t)(open - s);
}

static int emit(reader *r, const char *pattern, const char *code)
{
    if (r->failed) return -1;
    if (r->sink(r->ctx, pattern, code)) { r->failed = 1; return -1; }
    r->stats->patterns++;
    return 0;
}

/* ---------------------------------------------------------------- verb lines ---- */

/* One verb form: "+BREAK_DOWN", "SPEED". Puts the verb word in verb and the words after it in
 * particles (lower case, space-separated); returns 0 when words precede the verb ("WIRE_+TAP"),
 * which the patterns cannot express. */
static int parse_form(const char *s, size_t n, nm_buf *verb, nm_buf *particles)
{
    verb->len = 0;
    particles->len = 0;
    const char *plus = memchr(s, '+', n);
    const char *v = plus ? plus + 1 : s;
    if (plus && plus != s) return 0; /* "KLM_NOP_+RST": words before the verb */
    const char *end = s + n;
    const char *w = v;
    while (w < end && *w != '_' && !isspace((unsigned char)*w)) w++;
    if (w == v) return 0;
    for (const char *p = v; p < w; p++) nm_buf_putc(verb, (char)tolower((unsigned char)*p));
    while (w < end) {
        while (w < end && (*w == '_' || isspace((unsigned char)*w))) w++;
        const char *e = w;
        while (e < end && *e != '_' && !isspace((unsigned char)*e)) e++;
        if (e > w) {
            if (particles->len) nm_buf_putc(particles, ' ');
            for (const char *p = w; p < e; p++) nm_buf_putc(particles, (char)tolower((unsigned char)*p));
        }
        w = e;
    }
    return 1;
}

static void verb_line(reader *r, const char *s, size_t n)
{
    char own[8];
    int has_code;
    n = split_code(s, n, own, &has_code);
    const char *brace = memchr(s, '{', n);
    size_t main_n = brace ? (size_t)(brace - s) : n;
    while (main_n && isspace((unsigned char)s[main_n - 1])) main_n--;
    nm_buf verb, parts, heads, v2, p2;
    nm_buf_init(&verb);
    nm_buf_init(&parts);
    nm_buf_init(&heads);
    nm_buf_init(&v2);
    nm_buf_init(&p2);
    if (!parse_form(s, main_n, &verb, &parts)) { r->stats->skipped++; goto out; }
    nm_buf_put(&heads, verb.p, verb.len);
    if (brace) {
        const char *close = memchr(brace, '}', (size_t)(s + n - brace));
        const char *b = brace + 1, *e = close ? close : s + n;
        while (b < e) {
            while (b < e && isspace((unsigned char)*b)) b++;
            const char *w = b;
            while (w < e && !isspace((unsigned char)*w)) w++;
            if (w > b && parse_form(b, (size_t)(w - b), &v2, &p2)) {
                nm_buf_putc(&heads, '|');
                nm_buf_put(&heads, v2.p, v2.len);
            }
            b = w;
        }
    }
    if (heads.oom || parts.oom) { r->failed = 1; goto out; }
    if (r->nverbs < MAX_VERBS) {
        block_verb *bv = &r->verbs[r->nverbs];
        bv->heads = dup_n(heads.p, heads.len);
        bv->particles = dup_n(parts.len ? parts.p : "", parts.len);
        if (!bv->heads || !bv->particles) { free(bv->heads); free(bv->particles); r->failed = 1; goto out; }
        r->nverbs++;
    }
    nm_buf line;
    nm_buf_init(&line);
    nm_buf_put(&line, heads.p, heads.len);
    if (parts.len) { nm_buf_putc(&line, ' '); nm_buf_put(&line, parts.p, parts.len); }
    nm_buf_putc(&line, 0);
    if (line.oom) r->failed = 1;
    else emit(r, line.p, has_code ? own : r->code);
    nm_buf_free(&line);
out:
    nm_buf_free(&verb);
    nm_buf_free(&parts);
    nm_buf_free(&heads);
    nm_buf_free(&v2);
    nm_buf_free(&p2);
}

static void end_block(reader *r)
{
    for (size_t i = 0; i < r->nverbs; i++) {
        free(r->verbs[i].heads);
        free(r->verbs[i].particles);
    }
    r->nverbs = 0;
    r->after_patterns = 0;
    strcpy(r->code, "---");
}

/* ------------------------------------------------------------- pattern lines ---- */

/* A pattern's words after the verb, as elements: a word (maybe "&SYNSET") with how it joins the
 * previous element: adjacent ('_'), after a gap (space), or after a gap that may hold an actor
 * (a marker came between); depth counts the synsets it came through (bounded: synsets may name
 * each other). */
enum { JOIN_ADJ, JOIN_GAP, JOIN_NP_GAP };
typedef struct element {
    const char *w;
    size_t n;
    int join;
    int depth;
} element;

enum { MAX_ELEMENTS = 12 };

static int is_marker(char c) { return c == '$' || c == '+' || c == '^' || c == '%'; }

/* Expand el[i..] into out (the words so far), emitting one pattern per expansion. */
static void expand(reader *r, const element *el, size_t nel, size_t i, nm_buf *out, const char *code, int *budget)
{
    if (*budget <= 0 || r->failed || --r->steps < 0) return;
    if (i == nel) {
        nm_buf_putc(out, 0);
        if (out->oom) { r->failed = 1; return; }
        out->len--;
        (*budget)--;
        emit(r, out->p, code);
        return;
    }
    const char *w = el[i].w;
    size_t n = el[i].n, mark = out->len;
    int join = el[i].join;
    if (n && w[0] == '&' && el[i].depth < MAX_DEPTH) {
        const synset *set = find_set(r, w + 1, n - 1);
        if (!set) return; /* an unknown word class matches nothing */
        for (size_t m = 0; m < set->n; m++) {
            /* a member is itself words joined by '_' or spaces (adjacent), or another synset */
            const char *mw = set->members[m];
            element sub[MAX_ELEMENTS];
            size_t ns = 0;
            for (const char *p = mw; *p && ns < MAX_ELEMENTS;) {
                while (*p == '_' || *p == ' ') p++;
                const char *e = p;
                while (*e && *e != '_' && *e != ' ') e++;
                if (e > p) {
                    sub[ns] = (element){p, (size_t)(e - p), ns ? JOIN_ADJ : join, el[i].depth + 1};
                    ns++;
                }
                p = e;
            }
            if (!ns) continue;
            /* expand the member's words, then the rest of the pattern */
            element all[MAX_ELEMENTS * 2];
            size_t na = 0;
            for (size_t k = 0; k < ns; k++) all[na++] = sub[k];
            for (size_t k = i + 1; k < nel && na < MAX_ELEMENTS * 2; k++) all[na++] = el[k];
            expand(r, all, na, 0, out, code, budget);
            out->len = mark;
        }
        return;
    }
    if (join != JOIN_ADJ) nm_buf_puts(out, join == JOIN_NP_GAP ? " **" : " *");
    nm_buf_putc(out, ' ');
    for (size_t k = 0; k < n; k++) nm_buf_putc(out, (char)tolower((unsigned char)w[k]));
    expand(r, el, nel, i + 1, out, code, budget);
    out->len = mark;
}

static void pattern_line(reader *r, const char *s, size_t n)
{
    r->after_patterns = 1;
    char code[8];
    int has_code;
    n = split_code(s, n, code, &has_code);
    if (!has_code) strcpy(code, r->code);
    /* skip the leading '-' */
    size_t i = 1;
    /* before the verb ('*'): only markers may stand there */
    int seen_star = 0, join = JOIN_GAP, pending_np = 0;
    element el[MAX_ELEMENTS];
    size_t nel = 0;
    while (i < n) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '(' || c == ')' || c == '{' || c == '}') {
            if (join == JOIN_ADJ) join = JOIN_GAP;
            i++;
            continue;
        }
        if (c == '_') { join = JOIN_ADJ; i++; continue; }
        if (c == '*') {
            if (seen_star) { r->stats->skipped++; return; }
            seen_star = 1;
            join = JOIN_GAP;
            pending_np = 0;
            i++; /* in "*_OUT" the '_' that follows makes OUT adjacent to the verb */
            continue;
        }
        if (is_marker(c)) {
            if (seen_star) pending_np = 1;
            i++;
            continue;
        }
        size_t b = i;
        while (i < n && !isspace((unsigned char)s[i]) && s[i] != '_' && s[i] != '*' && s[i] != '(' && s[i] != ')' &&
               s[i] != '{' && s[i] != '}')
            i++;
        if (!seen_star) { r->stats->skipped++; return; } /* a word before the verb */
        if (nel == MAX_ELEMENTS) { r->stats->skipped++; return; }
        int j = pending_np ? JOIN_NP_GAP : join;
        el[nel++] = (element){s + b, i - b, j, 0};
        pending_np = 0;
        join = JOIN_GAP;
        /* a '_' right after this word makes the next one adjacent */
        if (i < n && s[i] == '_') { join = JOIN_ADJ; i++; }
    }
    if (!seen_star || !nel) return; /* nothing after the verb: the verb lines already cover it */
    nm_buf out;
    nm_buf_init(&out);
    for (size_t v = 0; v < r->nverbs && !r->failed; v++) {
        out.len = 0;
        nm_buf_puts(&out, r->verbs[v].heads);
        if (r->verbs[v].particles[0]) { nm_buf_putc(&out, ' '); nm_buf_puts(&out, r->verbs[v].particles); }
        int budget = MAX_EXPANSIONS;
        r->steps = MAX_STEPS;
        expand(r, el, nel, 0, &out, code, &budget);
    }
    nm_buf_free(&out);
}

/* ------------------------------------------------------------------- synsets ---- */

static synset *new_set(reader *r, const char *name, size_t n)
{
    if (r->nsets == r->capsets) {
        size_t nc = r->capsets ? r->capsets * 2 : 32;
        synset *ns = realloc(r->sets, nc * sizeof *ns);
        if (!ns) return NULL;
        r->sets = ns;
        r->capsets = nc;
    }
    synset *set = &r->sets[r->nsets];
    memset(set, 0, sizeof *set);
    set->name = dup_n(name, n);
    if (!set->name) return NULL;
    r->nsets++;
    return set;
}

static int set_add(synset *set, const char *w, size_t n)
{
    while (n && (w[n - 1] == '_' || isspace((unsigned char)w[n - 1]))) n--; /* "KRONE_": no inflection */
    if (!n) return 0;
    if (set->n == set->cap) {
        size_t nc = set->cap ? set->cap * 2 : 8;
        char **nm = realloc(set->members, nc * sizeof *nm);
        if (!nm) return -1;
        set->members = nm;
        set->cap = nc;
    }
    if (!(set->members[set->n] = dup_n(w, n))) return -1;
    set->n++;
    return 0;
}

/* ---------------------------------------------------------------------- main ---- */

int nm_petrarch_verbs_read(const char *text, size_t len, nm_pattern_sink sink, void *ctx, nm_verbs_stats *stats)
{
    nm_verbs_stats ignore = {0};
    reader *r = calloc(1, sizeof *r);
    if (!r) return -1;
    r->sink = sink;
    r->ctx = ctx;
    r->stats = stats ? stats : &ignore;
    end_block(r);
    synset *set = NULL; /* the synset whose '+' lines are being read */
    size_t pos = 0, n;
    int in_comment = 0;
    const char *s;
    while (!r->failed && (s = nm_dict_next_entry(text, len, &pos, &n, &in_comment))) {
        if (memchr(s, 0, n)) { r->stats->skipped++; continue; } /* a NUL byte: not a dictionary line */
        if (s[0] == '&') {
            size_t e = 1;
            while (e < n && !isspace((unsigned char)s[e])) e++;
            set = new_set(r, s + 1, e - 1);
            if (!set) r->failed = 1;
            continue;
        }
        if (set && s[0] == '+') {
            if (set_add(set, s + 1, n - 1)) r->failed = 1;
            continue;
        }
        set = NULL;
        if (n >= 3 && !strncmp(s, "---", 3)) { /* "--- NAME [CODE] ---" */
            end_block(r);
            char code[8];
            int has_code;
            split_code(s, n, code, &has_code);
            if (has_code) strcpy(r->code, code);
            continue;
        }
        if (s[0] == '-') { pattern_line(r, s, n); continue; }
        if (r->after_patterns) { end_block(r); r->after_patterns = 0; }
        /* a TABARI verb line carries its block's code: "ABANDON [---]" */
        if (r->nverbs == 0) {
            char code[8];
            int has_code;
            split_code(s, n, code, &has_code);
            if (has_code) strcpy(r->code, code);
        }
        verb_line(r, s, n);
    }
    end_block(r);
    for (size_t i = 0; i < r->nsets; i++) {
        for (size_t k = 0; k < r->sets[i].n; k++) free(r->sets[i].members[k]);
        free(r->sets[i].members);
        free(r->sets[i].name);
    }
    free(r->sets);
    int failed = r->failed;
    free(r);
    return failed ? -1 : 0;
}
