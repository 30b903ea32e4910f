/*
 * events.c — the events stage (see events.h): CAMEO event coding in one pass over the tokens.
 *
 * Per sentence: (1) actor noun phrases from the actor dictionary (actors.h), combined country +
 * sector ("Iraq's national security advisor" → IRQGOV, "soldiers from Gondor" → GONMIL) and grouped
 * by coordination ("Trump and Zelensky"); (2) event patterns from the verb/noun lexicon, found by a
 * hashed look-up of each token; (3) for each pattern, its source (the clause subject; the "by"
 * phrase of a passive; the possessor of a nominal event), target (the first actor after it in the
 * clause), flags (negation, mood) and provenance (reporting verb, date, place).
 * Restraint over recall: an event needs a source actor, and nothing is coded without a pattern.
 */
#include "events.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "entities.h"
#include "lexicon.h"
#include "petrarch_verbs.h"
#include "resources.h"
#include "stage.h"
#include "time_num.h"
#include "timex.h"

enum { MAX_PAT_WORDS = 8, GAP_MAX = 6, MAX_PAIRS = 16, FOLD_MAX = 64 };

typedef struct pattern {
    char *words[MAX_PAT_WORDS]; /* folded; words[0] unused for heads (see forms) */
    uint8_t nwords;             /* words after the head, '*' counts as one */
    uint8_t literal;            /* number of literal words incl. head */
    uint8_t noun, say;
    uint8_t swap;               /* "receive aid from X": X is the source, the subject the target */
    uint8_t user;               /* from the user's --lexicon or --verbs: wins over built-in patterns */
    uint8_t none;               /* code "---": the user's dictionary says this is no event */
    uint32_t order;
    char code[8];
} pattern;

typedef struct head_form {
    char *form;
    uint32_t pat;
} head_form;

typedef struct code_info {
    char code[8];
    double goldstein;
    char *name;
} code_info;

/* The file-scope word lists asked about with tok_in: each gets a bit in a per-token mask. */
#define WORD_LISTS(X) \
    X(DETERMINERS) X(PRONOUNS) X(PREPOSITIONS) X(LOC_PREPS) X(POSSESSIVE) X(CLAUSE_BREAK) \
    X(BE_FORMS) X(NEGATORS) X(MODALS) X(FUTURES) X(INTENT_VERBS) X(THREAT_VERBS) X(WEEKDAYS_MONTHS) \
    X(VERB_BEFORE) X(MEET_FORMS) X(SYMMETRIC_HEADS) X(SPORTS_WORDS) X(RESULT_VERBS) X(SPORT_NAMES) \
    X(COORD_WORDS) X(ADVERBIALS) X(DENY_CUES) X(QUESTION_CUES) X(CLAIM_NOUNS)
#define WL_ID(NAME) WL_##NAME,
enum word_list_id { WORD_LISTS(WL_ID) WL_COUNT };
#undef WL_ID
_Static_assert(WL_COUNT <= 32, "the word list mask is 32 bits");

/* One word of the lists, with the bits of the lists that hold it. */
typedef struct word_slot {
    const char *word;           /* NULL = empty slot */
    size_t len;
    uint64_t hash;              /* nm_hash_bytes(word, len, NM_HASH_SEED) */
    uint32_t mask;
} word_slot;

/* One slot of the form index. A probe compares the tag (high half of the hash) before touching the
 * form's string, so a word that is no pattern head (most words) costs one cache line. */
typedef struct form_slot {
    uint32_t first;             /* index of the first entry in forms, +1; 0 = empty slot */
    uint32_t tag;
    uint32_t end;               /* end of the run of entries with that form */
} form_slot;

struct nm_event_res {
    nm_actor_dict *actors;
    pattern *pats;
    size_t npats, cappats;
    head_form *forms;           /* sorted by form */
    size_t nforms, capforms;
    form_slot *slots;           /* hash of distinct forms → its run of entries in forms */
    size_t nslots;
    word_slot *words;           /* every word of WORD_LISTS, open addressing (build_word_lists) */
    size_t nwords;
    code_info *codes;
    size_t ncodes;
    nm_lexicon *nonactor_heads; /* "customers", "team", "oil": a country modifier is not an actor */
    nm_lexicon *demonym_actor_nouns; /* "tank", "detainees": a nationality before them is still an actor */
};

/* ---------------------------------------------------------------- loading ---- */

static int push_form(struct nm_event_res *r, const char *form, size_t n, uint32_t pat)
{
    if (!n || n > 63) return 0;
    if (r->nforms == r->capforms) {
        size_t nc = r->capforms ? r->capforms * 2 : 1024;
        head_form *nf = realloc(r->forms, nc * sizeof *nf);
        if (!nf) return -1;
        r->forms = nf;
        r->capforms = nc;
    }
    char *s = malloc(n + 1);
    if (!s) return -1;
    for (size_t i = 0; i < n; i++) s[i] = (char)tolower((unsigned char)form[i]);
    s[n] = 0;
    r->forms[r->nforms].form = s;
    r->forms[r->nforms].pat = pat;
    r->nforms++;
    return 0;
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* The regular inflections of a verb (base, -s, -ed, -ing) or of a noun (base, plural). */
static int push_inflections(struct nm_event_res *r, const char *b, size_t n, uint32_t pat, int noun)
{
    char buf[80];
    if (n == 0 || n + 4 >= sizeof buf) return 0;
    if (push_form(r, b, n, pat)) return -1;
    char last = b[n - 1], prev = n > 1 ? b[n - 2] : 0;
    memcpy(buf, b, n);
#define FORM(suffix_from, suffix)                                                            \
    do {                                                                                     \
        size_t k_ = (suffix_from);                                                           \
        size_t sl_ = strlen(suffix);                                                         \
        memcpy(buf + k_, suffix, sl_);                                                       \
        if (push_form(r, buf, k_ + sl_, pat)) return -1;                                     \
    } while (0)
    if (last == 'y' && !is_vowel(prev)) {
        FORM(n - 1, "ies");
        if (!noun) { FORM(n - 1, "ied"); FORM(n, "ing"); }
        return 0;
    }
    if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'))) FORM(n, "es");
    else FORM(n, "s");
    if (noun) return 0;
    if (last == 'e') {
        FORM(n, "d");
        FORM(n - 1, "ing");
    } else {
        FORM(n, "ed");
        FORM(n, "ing");
        /* consonant doubling for short verbs: ban → banned, stop → stopped */
        if (n >= 3 && !is_vowel(last) && last != 'w' && last != 'x' && last != 'y' && is_vowel(prev) &&
            !is_vowel(b[n - 3])) {
            buf[n] = last;
            memcpy(buf + n + 1, "ed", 2);
            if (push_form(r, buf, n + 3, pat)) return -1;
            memcpy(buf + n + 1, "ing", 3);
            if (push_form(r, buf, n + 4, pat)) return -1;
        }
    }
#undef FORM
    return 0;
}

static int add_pattern(struct nm_event_res *r, const char *pat, const char *code, int swap, int user)
{
    while (*pat == ' ') pat++;
    int noun = 0;
    if (!strncmp(pat, "n:", 2)) { noun = 1; pat += 2; }
    size_t cl = strlen(code);
    if (!*pat || !cl || cl >= 8) return 0;
    int say = !strcmp(code, "SAY");
    int none = user && !strcmp(code, "---");
    if (!say && !none) {
        for (size_t i = 0; i < cl; i++)
            if (!isdigit((unsigned char)code[i])) return 0; /* not a CAMEO code: skip the line */
        if (cl < 2) return 0;
    }
    if (r->npats == r->cappats) {
        size_t nc = r->cappats ? r->cappats * 2 : 512;
        pattern *np = realloc(r->pats, nc * sizeof *np);
        if (!np) return -1;
        r->pats = np;
        r->cappats = nc;
    }
    pattern *p = &r->pats[r->npats];
    memset(p, 0, sizeof *p);
    p->noun = (uint8_t)noun;
    p->say = (uint8_t)say;
    p->swap = (uint8_t)swap;
    p->user = (uint8_t)user;
    p->none = (uint8_t)none;
    p->order = (uint32_t)r->npats;
    memcpy(p->code, code, cl + 1);
    /* split words */
    const char *s = pat;
    char head[128] = "";
    int w = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t') s++;
        if (!*s) break;
        const char *e = s;
        while (*e && *e != ' ' && *e != '\t') e++;
        size_t l = (size_t)(e - s);
        if (w == 0) {
            if (l >= sizeof head) return 0;
            memcpy(head, s, l);
            head[l] = 0;
        } else if (w - 1 < MAX_PAT_WORDS) {
            char *word = malloc(l + 1);
            if (!word) return -1;
            for (size_t i = 0; i < l; i++) word[i] = (char)tolower((unsigned char)s[i]);
            word[l] = 0;
            p->words[w - 1] = word;
            p->nwords++;
            if (strcmp(word, "*") && strcmp(word, "**")) p->literal++; /* gaps are not literals */
        }
        w++;
        s = e;
    }
    if (!head[0]) return 0;
    p->literal++;
    uint32_t id = (uint32_t)r->npats;
    r->npats++;
    /* head alternatives: meet|met */
    const char *h = head;
    while (*h) {
        const char *e = strchr(h, '|');
        size_t l = e ? (size_t)(e - h) : strlen(h);
        if (push_inflections(r, h, l, id, noun)) return -1;
        if (!e) break;
        h = e + 1;
    }
    return 0;
}

static int cmp_form(const void *a, const void *b)
{
    const head_form *x = a, *y = b;
    int c = strcmp(x->form, y->form);
    if (c) return c;
    return x->pat < y->pat ? -1 : x->pat > y->pat;
}

static int load_patterns(struct nm_event_res *r, const char *text, size_t len, int user)
{
    nm_lexicon *lx = nm_lexicon_parse(text, len, NM_LEX_EXACT);
    if (!lx) return -1;
    for (size_t i = 0; i < nm_lexicon_size(lx); i++) {
        const char *v = nm_lexicon_value(lx, i);
        char code[16];
        size_t k = 0;
        while (v[k] && v[k] != '\t' && v[k] != ' ' && k + 1 < sizeof code) { code[k] = v[k]; k++; }
        code[k] = 0;
        int swap = strstr(v + k, "swap") != NULL;
        if (add_pattern(r, nm_lexicon_key(lx, i), code, swap, user)) { nm_lexicon_free(lx); return -1; }
    }
    nm_lexicon_free(lx);
    return 0;
}

static int add_user_verb_pattern(void *ctx, const char *pat, const char *code)
{
    return add_pattern(ctx, pat, code, 0, 1);
}

/* A PETRARCH/TABARI verb dictionary (--verbs), translated into patterns (petrarch_verbs.h). */
static int load_verbs(struct nm_event_res *r, const char *text, size_t len)
{
    return nm_petrarch_verbs_read(text, len, add_user_verb_pattern, r, NULL);
}

static int build_index(struct nm_event_res *r)
{
    qsort(r->forms, r->nforms, sizeof *r->forms, cmp_form);
    r->nslots = 64;
    while (r->nslots < r->nforms * 2) r->nslots *= 2;
    r->slots = calloc(r->nslots, sizeof *r->slots);
    if (!r->slots) return -1;
    for (size_t i = 0; i < r->nforms; i++) {
        if (i && !strcmp(r->forms[i].form, r->forms[i - 1].form)) continue;
        uint64_t h = nm_hash_bytes(r->forms[i].form, strlen(r->forms[i].form), NM_HASH_SEED);
        size_t j = h & (r->nslots - 1);
        while (r->slots[j].first) j = (j + 1) & (r->nslots - 1);
        size_t e = i;
        while (e < r->nforms && !strcmp(r->forms[e].form, r->forms[i].form)) e++;
        r->slots[j] = (form_slot){(uint32_t)i + 1, (uint32_t)(h >> 32), (uint32_t)e};
    }
    return 0;
}

/* Range [lo, hi) of forms equal to key. */
static int find_forms_hashed(const struct nm_event_res *r, const char *key, size_t n, uint64_t h, size_t *lo,
                             size_t *hi)
{
    if (!r->nslots) return 0;
    for (size_t j = h & (r->nslots - 1);; j = (j + 1) & (r->nslots - 1)) {
        const form_slot *sl = &r->slots[j];
        if (!sl->first) return 0;
        if (sl->tag != (uint32_t)(h >> 32)) continue;
        const char *f = r->forms[sl->first - 1].form;
        if (f[0] == key[0] && !strncmp(f, key, n) && f[n] == 0) {
            *lo = sl->first - 1;
            *hi = sl->end;
            return 1;
        }
    }
}

static int find_forms(const struct nm_event_res *r, const char *key, size_t n, size_t *lo, size_t *hi)
{
    return find_forms_hashed(r, key, n, nm_hash_bytes(key, n, NM_HASH_SEED), lo, hi);
}

static int load_codes(struct nm_event_res *r)
{
    nm_lexicon *lx = nm_lexicon_load("lexicons/cameo-codes.txt", NM_LEX_EXACT);
    if (!lx) return -1;
    size_t n = nm_lexicon_size(lx);
    r->codes = calloc(n ? n : 1, sizeof *r->codes);
    if (!r->codes) { nm_lexicon_free(lx); return -1; }
    for (size_t i = 0; i < n; i++) {
        const char *k = nm_lexicon_key(lx, i), *v = nm_lexicon_value(lx, i);
        if (strlen(k) >= 8) continue;
        code_info *c = &r->codes[r->ncodes];
        strcpy(c->code, k);
        char *end;
        c->goldstein = strtod(v, &end);
        const char *name = strchr(v, '\t');
        c->name = strdup(name ? name + 1 : "");
        if (!c->name) { nm_lexicon_free(lx); return -1; }
        r->ncodes++;
    }
    nm_lexicon_free(lx);
    return 0;
}

static void free_res(struct nm_event_res *r)
{
    if (!r) return;
    nm_actor_dict_free(r->actors);
    for (size_t i = 0; i < r->npats; i++)
        for (int w = 0; w < r->pats[i].nwords; w++) free(r->pats[i].words[w]);
    free(r->pats);
    for (size_t i = 0; i < r->nforms; i++) free(r->forms[i].form);
    free(r->forms);
    free(r->slots);
    free(r->words);
    for (size_t i = 0; i < r->ncodes; i++) free(r->codes[i].name);
    free(r->codes);
    nm_lexicon_free(r->nonactor_heads);
    nm_lexicon_free(r->demonym_actor_nouns);
    free(r);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 4096 > cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    /* a directory opens but does not read: an error, not an empty dictionary */
    int read_errno = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (read_errno) {
        free(buf);
        errno = read_errno;
        return NULL;
    }
    if (buf) buf[n] = 0;
    *len = n;
    return buf;
}

static int build_word_lists(struct nm_event_res *r);

static int init(nm_engine *eng, char *err, size_t errlen)
{
    struct nm_event_res *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return -1; }
    r->actors = nm_actor_dict_new();
    if (!r->actors || nm_actor_dict_add_builtin(r->actors, err, errlen)) { free_res(r); return -1; }
    struct { const char *path; int kind; } user[4] = {{eng->opts.actors_path, 0}, {eng->opts.agents_path, 1},
                                                      {eng->opts.event_lexicon_path, 2}, {eng->opts.event_verbs_path, 3}};
    static const char *const WHAT[4] = {"actor dictionary", "agent dictionary", "event pattern file", "verb dictionary"};
    for (int u = 0; u < 4; u++) {
        if (!user[u].path) continue;
        size_t len;
        char *text = read_file(user[u].path, &len);
        if (!text) {
            snprintf(err, errlen, "cannot read the %s %s: %s", WHAT[u], user[u].path, strerror(errno));
            free_res(r);
            return -1;
        }
        int rc = user[u].kind == 0 ? nm_actor_dict_read_actors(r->actors, text, len)
               : user[u].kind == 1 ? nm_actor_dict_read_agents(r->actors, text, len)
               : user[u].kind == 2 ? load_patterns(r, text, len, 1)
                                   : load_verbs(r, text, len);
        free(text);
        if (rc < 0) { snprintf(err, errlen, "out of memory reading %s", user[u].path); free_res(r); return -1; }
    }
    size_t vl;
    const char *verbs = nm_resource("lexicons/cameo-verbs.txt", &vl);
    if (verbs) r->nonactor_heads = nm_lexicon_load("lexicons/cameo-nonactor-heads.txt", NM_LEX_FOLD);
    if (verbs) r->demonym_actor_nouns = nm_lexicon_load("lexicons/cameo-demonym-actor-nouns.txt", NM_LEX_FOLD);
    if (!verbs || load_patterns(r, verbs, vl, 0) || build_index(r) || load_codes(r) || build_word_lists(r) ||
        !r->nonactor_heads || !r->demonym_actor_nouns) {
        snprintf(err, errlen, "cannot load the event pattern lexicon");
        free_res(r);
        return -1;
    }
    eng->event_res = r;
    return 0;
}

static void fini(nm_engine *eng)
{
    free_res(eng->event_res);
    eng->event_res = NULL;
}

/* ------------------------------------------------------------- sentence work ---- */

typedef struct np {
    uint32_t b, e;        /* tokens */
    uint32_t name_b;      /* first token of the name part (after determiners) */
    char code[24];
    uint8_t has_country, has_agent, is_actor, loc, city;
    uint8_t linked;       /* the country came through "of/in/from" ("officials in Gondor") */
    uint8_t demonym;      /* a nationality adjective alone ("British" in "British detainees") */
    char country[16], sector[16]; /* the parts of code when built from country + agents */
    int group;            /* coordination group id */
} np;

typedef struct match {
    uint32_t head, end;   /* tokens [head, end) */
    const pattern *p;
} match;

typedef struct ctx {
    nm_doc *d;
    const struct nm_event_res *r;
    int32_t ymd;
    uint32_t tb, te;      /* sentence tokens */
    np *nps;
    size_t nnp;
    int32_t *tok_np;      /* per sentence token (index - tb): np index or -1 */
    match *ms;
    size_t nms;
    uint8_t *say_tok;     /* per sentence token: 1 when a reporting verb head */
    const nm_actor_tok_cache *folds; /* per document token: folded text and its hash (tok_fold) */
    const uint32_t *wl_mask;         /* per document token: the WORD_LISTS holding it (tok_in) */
} ctx;

static size_t fold_tok(const nm_doc *d, uint32_t t, char *buf, size_t cap)
{
    const nm_token *k = &d->toks.v[t];
    return nm_actor_fold(d->text + k->start, nm_tok_len(k), buf, cap);
}

/* The folded form (nm_actor_fold) of token t, computed once per document in run(): the
 * classifiers below ask about the same token many times (tok_in over a dozen word lists,
 * word_eq, pattern look-ups), and folding it afresh each time was most of this stage's cost.
 * Only tokens shorter than FOLD_MAX bytes are cached (folding never lengthens a token, so the
 * cached form equals what a FOLD_MAX buffer would hold); callers check the length first. */
static const char *tok_fold(const ctx *c, uint32_t t, size_t *n)
{
    *n = c->folds->len[t];
    return c->folds->buf + c->folds->off[t];
}

/* find_forms for token t (shorter than FOLD_MAX), with its cached fold and hash. */
static int tok_forms(const ctx *c, uint32_t t, size_t *lo, size_t *hi)
{
    size_t n;
    const char *f = tok_fold(c, t, &n);
    return find_forms_hashed(c->r, f, n, c->folds->hash[t], lo, hi);
}

static int word_eq(const ctx *c, uint32_t t, const char *w)
{
    if (nm_tok_len(&c->d->toks.v[t]) >= FOLD_MAX) return 0;
    size_t n;
    const char *f = tok_fold(c, t, &n);
    return strlen(w) == n && !memcmp(f, w, n);
}

static int tok_in_scan(const ctx *c, uint32_t t, const char *const *words)
{
    if (nm_tok_len(&c->d->toks.v[t]) >= 32) return 0;
    size_t n;
    const char *f = tok_fold(c, t, &n);
    for (int i = 0; words[i]; i++) {
        const char *w = words[i];
        if (w[0] != f[0]) continue;
        size_t j = 1;
        while (j < n && w[j] == f[j]) j++;
        if (j >= n && w[n] == 0) return 1;
    }
    return 0;
}

/* Is token t in the file-scope word list NAME? One bit test: run() looks every token up once in
 * the table of all those lists (build_word_lists) instead of scanning lists per question. */
#define tok_in(c, t, NAME) (((c)->wl_mask[t] >> WL_##NAME) & 1)

static const char *const DETERMINERS[] = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "our", "some", "two", "three", "several", "many", "hundreds", "dozens", "both", NULL};
static const char *const PRONOUNS[] = {"he", "she", "they", "it", "we", "i", "you", NULL};
static const char *const PREPOSITIONS[] = {"with", "of", "in", "for", "to", "from", "by", "on", "against", "at", "about", "over",
                                            "under", "into", "toward", "towards", "near", "between", "among", "including", NULL};
static const char *const LOC_PREPS[] = {"in", "at", "near", "inside", "outside", "across", "throughout", "into", "around", "toward", "towards", "over", NULL};
static const char *const POSSESSIVE[] = {"'s", "'", NULL};
static const char *const CLAUSE_BREAK[] = {"that", "which", "who", "whom", "whose", "while", "whereas", "after", "before", "when", "because", "since", "although", "though", "but", "if", "unless", "until", "where", NULL};
static const char *const BE_FORMS[] = {"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "getting", NULL};
static const char *const NEGATORS[] = {"not", "n't", "never", "no", "cannot", "neither", "nor", "won't", "can't", "didn't", "doesn't", "don't", "wouldn't", "couldn't", "hasn't", "haven't", "isn't", "wasn't", NULL};
static const char *const MODALS[] = {"would", "could", "may", "might", "should", "can", "ought", NULL};
static const char *const FUTURES[] = {"will", "shall", "'ll", NULL};
static const char *const INTENT_VERBS[] = {"plan", "plans", "planned", "planning", "want", "wants", "wanted", "intend", "intends", "intended", "seek", "seeks", "sought", "hope", "hopes", "hoped", "aim", "aims", "aimed", "expect", "expects", "expected", "prepare", "prepares", "prepared", "try", "tries", "tried", "attempt", "attempts", "attempted", "propose", "proposed", "proposes", "offer", "offered", "offers", "rumored", "rumoured", "believed", "reportedly", "likely", "unlikely", "ready", "willing", "set", "due",
                                             "potential", "ability", "chance", "plan", "bid", "effort", "efforts", "decision",
                                             "proposal", "threat", "threats", "way", "right", "order", "call", "calls", NULL};
static const char *const THREAT_VERBS[] = {"threaten", "threatens", "threatened", "threatening", "vow", "vows", "vowed", "warn", "warns", "warned", "want", "wants", "wanted", NULL};

static int is_punct(const nm_doc *d, uint32_t t, char c)
{
    const nm_token *k = &d->toks.v[t];
    return nm_tok_len(k) == 1 && d->text[k->start] == c;
}

static int hard_break(const nm_doc *d, uint32_t t)
{
    return is_punct(d, t, ';') || is_punct(d, t, ':') || is_punct(d, t, '(') || is_punct(d, t, ')') ||
           is_punct(d, t, '.') || is_punct(d, t, '?') || is_punct(d, t, '!');
}

static int is_np_gap_word(ctx *c, uint32_t t)
{
    const nm_token *k = &c->d->toks.v[t];
    if (k->flags & NM_TF_PUNCT) return tok_in(c, t, POSSESSIVE) || is_punct(c->d, t, '-');
    if (tok_in(c, t, CLAUSE_BREAK) || tok_in(c, t, BE_FORMS) || tok_in(c, t, NEGATORS)) return 0;
    static const char *const STOP[] = {"and", "or", "of", "from", "in", "with", "to", "on", "by", "for", "at", "against", "as", "has", "have", "had", "will", "would", "said", "says", "also", "about", "over", "under", "into",
                                      "through", "during", "after", "before", "between", "among", "without", "within",
                                      "towards", "toward", "via", "per", "than", "like", "near", "amid", "despite",
                                      "is", "are", "was", "were", NULL};
    if (tok_in_scan(c, t, STOP)) return 0;
    /* a pattern head (a verb) ends the phrase */
    if (nm_tok_len(k) < FOLD_MAX) {
        size_t lo, hi;
        if (tok_forms(c, t, &lo, &hi)) {
            for (size_t i = lo; i < hi; i++)
                if (!c->r->pats[c->r->forms[i].pat].noun) return 0;
        }
    }
    return 1;
}

static void append_code(char *dst, size_t cap, const char *s)
{
    size_t l = strlen(dst), sl = strlen(s);
    if (l + sl + 1 > cap) return;
    /* do not repeat a sector already present at the end (GOVGOV) */
    if (l >= sl && !memcmp(dst + l - sl, s, sl)) return;
    memcpy(dst + l, s, sl + 1);
}

/* Name cache: surnames of titled people seen in the document ("Foreign Minister Sergei Lavrov"
 * → later "Lavrov"), kept in the arena. */
typedef struct name_entry {
    char key[32];
    char code[24];
} name_entry;
typedef struct name_cache {
    NM_VEC(name_entry) v;
} name_cache;

static const char *cache_get(const name_cache *nc, const char *key)
{
    for (size_t i = 0; i < nc->v.n; i++)
        if (!strcmp(nc->v.v[i].key, key)) return nc->v.v[i].code;
    return NULL;
}

static void cache_put(nm_doc *d, name_cache *nc, const char *key, const char *code)
{
    if (nc->v.n >= 256 || strlen(key) >= 32 || strlen(code) >= 24 || cache_get(nc, key)) return;
    name_entry e;
    strcpy(e.key, key);
    strcpy(e.code, code);
    NM_VEC_PUSH(&d->arena, nc->v, e);
}

typedef struct piece {
    uint32_t b, e;
    uint8_t kind;        /* nm_actor_kind */
    uint8_t prefix, city;
    const char *code;
    const nm_actor_def *def; /* dictionary entry, or NULL (entity layer, name cache) */
} piece;

static const char *const WEEKDAYS_MONTHS[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "president", "minister", NULL};

/* A country name or nationality used as a modifier of a non-political noun is no actor:
 * "Japanese customers", "U.S. textile companies", "Canada's largest textile producer",
 * "a British team". Looks at up to three words after the phrase (a possessive, then lower-case
 * modifiers) for a head from cameo-nonactor-heads.txt. Phrases with a sector (agent) or a named
 * actor are left alone: "U.S. officials", "Chinese authorities". */
static int modifies_nonactor(ctx *c, const np *x)
{
    if (x->has_agent || x->is_actor || !x->has_country) return 0;
    const nm_doc *d = c->d;
    uint32_t t = x->e;
    if (t < c->te && tok_in(c, t, POSSESSIVE)) t++;
    for (uint32_t steps = 0; t < c->te && steps < 3; t++, steps++) {
        const nm_token *k = &d->toks.v[t];
        if (k->flags & NM_TF_PUNCT) return 0;
        if (nm_tok_len(k) >= 32) return 0;
        size_t n;
        const char *buf = tok_fold(c, t, &n);
        if (nm_lexicon_has(c->r->nonactor_heads, buf, n)) return 1;
        if (!(k->flags & NM_TF_LOWER) || !is_np_gap_word(c, t) || tok_in(c, t, DETERMINERS)) return 0;
    }
    return 0;
}

/* A nationality adjective alone before a plain lower-case noun describes a thing or a person of
 * no political role: "Iranian airline Mahan Air", "the European nation", "a British terror
 * suspect". (Before a sector word it is an actor and was merged: "British soldiers".) A plural
 * demonym is a noun itself ("Iranians want ..."), so only singular forms count. t: the token after. */
static int ends_ly(const nm_doc *d, uint32_t t);
static int ends_ing(const nm_doc *d, uint32_t t);
static int ends_ed(const nm_doc *d, uint32_t t);
static int is_content_word(ctx *c, uint32_t t);
static int demonym_modifies_thing(ctx *c, uint32_t t)
{
    const nm_doc *d = c->d;
    if (t >= c->te) return 0;
    const nm_token *prev = &d->toks.v[t - 1], *k = &d->toks.v[t];
    if (d->text[prev->end - 1] == 's') return 0;
    if (!(k->flags & NM_TF_LOWER) || !(k->flags & NM_TF_ALPHA) || nm_tok_len(k) < 3) return 0;
    if (!is_np_gap_word(c, t) || tok_in(c, t, DETERMINERS) || ends_ly(d, t)) return 0;
    static const char *const NOT_NOUNS[] = {"almost", "next", "last", "again", "also", "now", "then", "alone", "only",
                                            "first", "too", "so", "still", "yet", "already", NULL};
    if (tok_in_scan(c, t, NOT_NOUNS)) return 0;
    if (nm_tok_len(k) >= 32) return 1;
    size_t n;
    const char *buf = tok_fold(c, t, &n);
    return !nm_lexicon_has(c->r->demonym_actor_nouns, buf, n);
}

/* A lone lower-case sector word before a plain noun is an adjective: "Opec official prices",
 * "a government scheme", "security papers". Not before a verb ("the government plans to",
 * "the government asked"): a noun followed by "to" or an event verb is taken as a verb. */
static int agent_modifies_thing(ctx *c, const np *x)
{
    const nm_doc *d = c->d;
    if (!x->has_agent || x->has_country || x->is_actor || x->e != x->name_b + 1 || x->e >= c->te) return 0;
    if (!(d->toks.v[x->name_b].flags & NM_TF_LOWER)) return 0;
    uint32_t t = x->e;
    /* "official" is mostly an adjective: "an official visit", "official talks", "Opec official prices" */
    if (word_eq(c, x->name_b, "official") && (d->toks.v[t].flags & NM_TF_LOWER) && (d->toks.v[t].flags & NM_TF_ALPHA) &&
        !tok_in(c, t, BE_FORMS) && !tok_in(c, t, MODALS) && !tok_in(c, t, FUTURES) && !tok_in(c, t, NEGATORS) &&
        !nm_events_is_say_verb(d, t) && !word_eq(c, t, "has") && !word_eq(c, t, "had") && !word_eq(c, t, "and") &&
        !tok_in(c, t, PREPOSITIONS) && !tok_in(c, t, CLAUSE_BREAK) && !ends_ed(d, t) && d->text[d->toks.v[t].end - 1] != 's' &&
        !ends_ly(d, t) && !word_eq(c, t, "also") && !word_eq(c, t, "too") && !word_eq(c, t, "who") && !word_eq(c, t, "then"))
        return 1;
    const nm_token *k = &d->toks.v[t];
    if (!(k->flags & NM_TF_LOWER) || !(k->flags & NM_TF_ALPHA) || nm_tok_len(k) < 3) return 0;
    if (!is_np_gap_word(c, t) || tok_in(c, t, DETERMINERS) || ends_ly(d, t) || tok_in(c, t, PRONOUNS)) return 0;
    static const char *const NOT_NOUNS[] = {"almost", "next", "last", "again", "also", "now", "then", "alone", "only",
                                            "first", "too", "so", "still", "yet", "already", "itself", "themselves",
                                            "both", "all", "each", "today", "yesterday", "instead", NULL};
    if (tok_in_scan(c, t, NOT_NOUNS)) return 0;
    /* -ed/-s words before "to" are verbs: "the government plans to", "officials wanted to" */
    if (t + 1 < c->te && (word_eq(c, t + 1, "to") || tok_in(c, t + 1, DETERMINERS))) return 0;
    const nm_token *kn = &d->toks.v[t];
    if (d->text[kn->end - 1] == 'd' && d->text[kn->end - 2] == 'e') return 0;
    return 1;
}

/* A name ending in a company form ("American Motors Corp", "Texaco Inc", "Cable and Wireless
 * Plc") is a business, whatever country the entity layer gives it. */
static int company_name(const char *name)
{
    static const char *const FORMS[] = {"corp", "corp.", "inc", "inc.", "co", "co.", "ltd", "ltd.", "plc", "llc", "ag",
                                        "gmbh", "nv", "n.v.", "s.a.", "corporation", "company", "bhd", "spa", NULL};
    if (!name) return 0;
    const char *last = strrchr(name, ' ');
    if (!last) return 0;
    last++;
    for (int i = 0; FORMS[i]; i++)
        if (!strcasecmp(last, FORMS[i])) return 1;
    return 0;
}

/* A city or country name as a modifier of a plain noun: "the Paris pact", "some U.S. brokers"
 * (a quantifier or possessive before a country name makes it an adjective; not "a Ukrainian
 * drone attack"). A city before a
 * verb stays an actor ("Moscow accused", "Washington wants"): only a singular lower-case noun
 * that is no event verb counts. det: the determiner token before the name, or UINT32_MAX. */
static int place_modifies_thing(ctx *c, const np *x, int city, uint32_t det)
{
    const nm_doc *d = c->d;
    if (x->has_agent || x->is_actor || !x->has_country || x->e >= c->te) return 0;
    uint32_t t = x->e;
    const nm_token *k = &d->toks.v[t];
    if (!(k->flags & NM_TF_LOWER) || !(k->flags & NM_TF_ALPHA) || nm_tok_len(k) < 3) return 0;
    if (t + 1 < c->te && (word_eq(c, t + 1, "to") || tok_in(c, t + 1, DETERMINERS))) return 0;
    /* after "some", "two", "its": the next word is the noun, even one that can be a verb ("brokers") */
    if (det != UINT32_MAX && !word_eq(c, det, "the") && !word_eq(c, det, "that") && !word_eq(c, det, "this") &&
        !word_eq(c, det, "a") && !word_eq(c, det, "an") && is_content_word(c, t)) {
        /* ... but "two Israeli tanks" are still the country's */
        if (nm_tok_len(k) >= 32) return 1;
        size_t n;
        const char *buf = tok_fold(c, t, &n);
        return !nm_lexicon_has(c->r->demonym_actor_nouns, buf, n);
    }
    if (!is_np_gap_word(c, t) || tok_in(c, t, DETERMINERS) || ends_ly(d, t) || tok_in(c, t, PRONOUNS)) return 0;
    char last = d->text[k->end - 1];
    if (city && x->e == x->name_b + 1) return last != 's' && last != 'd' && !ends_ing(d, t);
    return 0;
}

static int business_actor(const char *code)
{
    return code && strlen(code) >= 6 && strncmp(code, "IGO", 3) && !strncmp(code + 3, "BUS", 3);
}

static int stateless_business(const char *code)
{
    return code && (!strcmp(code, "---BUS") || !strcmp(code, "---MED"));
}

/* "Lawmakers and officials in Fornost and Gondor": coordinated sectors before a linked country
 * and coordinated countries after it are distributed, one actor per sector and country (FORLEG,
 * GONLEG, FORGOV, GONGOV). The group must be exactly: sector-only phrases, one "SECTOR of/in
 * COUNTRY" phrase, bare countries. Extra actors reuse the linked phrase's span. */
static void distribute_sectors(ctx *c, size_t cap)
{
    enum { MAXD = 4 };
    size_t n0 = c->nnp;
    for (size_t i = 0; i < n0; i++) {
        np *l = &c->nps[i];
        if (!l->linked || !l->has_agent || !l->sector[0] || !l->country[0] || l->is_actor) continue;
        int sect[MAXD], cntr[MAXD], ns = 0, nc = 0, ok = 1;
        for (size_t j = 0; j < n0 && ok; j++) {
            const np *m = &c->nps[j];
            if (m->group != l->group || j == i) continue;
            if (j < i && m->has_agent && !m->has_country && !m->is_actor && m->sector[0] && ns < MAXD) sect[ns++] = (int)j;
            else if (j > i && m->has_country && !m->has_agent && !m->is_actor && m->country[0] && nc < MAXD) cntr[nc++] = (int)j;
            else ok = 0;
        }
        if (!ok || (!ns && !nc)) continue;
        size_t need = (size_t)(ns + 1) * (size_t)(nc + 1);
        if (c->nnp + need - (size_t)(ns + nc + 1) > cap) continue;
        char sectors[MAXD + 1][16], countries[MAXD + 1][16];
        for (int k = 0; k < ns; k++) snprintf(sectors[k], 16, "%s", c->nps[sect[k]].sector);
        snprintf(sectors[ns], 16, "%s", l->sector);
        snprintf(countries[0], 16, "%s", l->country);
        for (int k = 0; k < nc; k++) snprintf(countries[k + 1], 16, "%s", c->nps[cntr[k]].country);
        /* slots: the existing members first, then copies of the linked phrase */
        int slots[(MAXD + 1) * (MAXD + 1)], nslots = 0;
        for (int k = 0; k < ns; k++) slots[nslots++] = sect[k];
        slots[nslots++] = (int)i;
        for (int k = 0; k < nc; k++) slots[nslots++] = cntr[k];
        np proto = *l;
        size_t used = 0;
        for (int a = 0; a <= ns; a++)
            for (int b = 0; b <= nc; b++, used++) {
                np *t;
                if (used < (size_t)nslots) t = &c->nps[slots[used]];
                else { c->nps[c->nnp] = proto; t = &c->nps[c->nnp++]; }
                snprintf(t->code, sizeof t->code, "%.11s%.12s", countries[b], sectors[a]);
                snprintf(t->country, sizeof t->country, "%.15s", countries[b]);
                snprintf(t->sector, sizeof t->sector, "%.15s", sectors[a]);
                t->has_agent = t->has_country = 1;
                t->linked = 0;
            }
    }
}

/* A dateline the structure layer did not separate, at the start of the sentence: "BEIRUT - Syria
 * intervened", "ATHENS, March 30 - Prime Minister ...". The first word is in capitals and a dash
 * follows within a few words with no lower-case word before it. Returns the first token after
 * the dash, or c->tb when there is none. */
static uint32_t inline_dateline(const ctx *c)
{
    const nm_doc *d = c->d;
    const nm_token *k = &d->toks.v[c->tb];
    const char *s = d->text + k->start;
    size_t n = nm_tok_len(k), letters = 0;
    for (size_t j = 0; j < n; j++) {
        if (islower((unsigned char)s[j])) return c->tb;
        if (isupper((unsigned char)s[j])) letters++;
    }
    if (letters < 3) return c->tb;
    for (uint32_t t = c->tb + 1; t < c->te && t < c->tb + 8; t++) {
        const nm_token *m = &d->toks.v[t];
        if (is_punct(d, t, '-') || (nm_tok_len(m) == 3 && !memcmp(d->text + m->start, "\xe2\x80\x94", 3)) ||
            (nm_tok_len(m) == 2 && !memcmp(d->text + m->start, "--", 2)))
            return t + 1;
        if (m->flags & NM_TF_LOWER) return c->tb;
    }
    return c->tb;
}

/* A name ending in an occasion ("2020 US Presidential Election", "the Beijing Olympics", "the G20
 * Summit") names an event, not an actor, even when the entity layer gives it a country. */
static int event_name(const ctx *c, uint32_t last)
{
    static const char *const OCCASIONS[] = {"election", "elections", "olympics", "games", "summit", "conference",
                                            "cup", "championship", "championships", "festival", "war", "crisis",
                                            "referendum", "primary", "primaries", "award", "awards", "prize", NULL};
    return tok_in_scan(c, last, OCCASIONS);
}

static int possessor_np(ctx *c, const np *x);

static void find_nps(ctx *c, name_cache *nc)
{
    nm_doc *d = c->d;
    uint32_t n = c->te - c->tb;
    piece *pieces = nm_arena_alloc(&d->arena, (n + 1) * sizeof *pieces);
    size_t np_ = 0;
    uint32_t inline_dateline_end = inline_dateline(c);
    for (uint32_t i = c->tb; i < c->te;) {
        /* the dateline ("WASHINGTON, March 18 -") names where, not who */
        if (d->dateline.set && d->toks.v[i].start >= d->dateline.start && d->toks.v[i].end <= d->dateline.end) { i++; continue; }
        if (i < inline_dateline_end) { i++; continue; }
        const nm_actor_def *def;
        uint32_t m = nm_actor_match_cached(c->r->actors, d, i, c->te, c->folds, &def);
        if (m) {
            const char *code = def->kind == NM_ACT_AGENT ? def->codes[0].code : nm_actor_code_at(def, c->ymd, 0);
            if (code) {
                pieces[np_++] = (piece){i, i + m, def->kind, def->agent_prefix, def->city, code, def};
                i += m;
                continue;
            }
        }
        /* the entity layer: a person or organisation with a country */
        const nm_mention *mn = nm_mention_at(d, i);
        if (mn && mn->tok_begin == i && mn->tok_end > i && mn->tok_end <= c->te && mn->kind != NM_MENTION_PRONOUN) {
            const nm_entity *en = nm_entity_by_index(d, mn->entity);
            if (en && en->country[0] && (en->type == NM_ENT_PERSON || en->type == NM_ENT_ORG) && !event_name(c, mn->tok_end - 1)) {
                char *code = nm_arena_alloc(&d->arena, 24);
                const char *igo = nm_actor_igo_code(c->r->actors, en->country);
                snprintf(code, 24, "%s%s", igo ? igo : en->country, en->sector);
                pieces[np_++] = (piece){i, mn->tok_end, NM_ACT_ACTOR, 0, 0, code, NULL};
                i = mn->tok_end;
                continue;
            }
        }
        /* a surname seen earlier with a title */
        if (d->toks.v[i].flags & NM_TF_UPPER && nm_tok_len(&d->toks.v[i]) < 32) {
            size_t kn;
            const char *code = cache_get(nc, tok_fold(c, i, &kn));
            if (code) {
                pieces[np_++] = (piece){i, i + 1, NM_ACT_ACTOR, 0, 0, code, NULL};
                i++;
                continue;
            }
        }
        i++;
    }
    /* room for the alternatives of compound dictionary entries ("THE_SHIRE [FRO/BIL/SAM]": up to 6 each) */
    size_t np_cap = 6 * np_ + 1 + 16;
    c->nps = nm_arena_alloc(&d->arena, np_cap * sizeof *c->nps);
    c->nnp = 0;
    for (size_t p = 0; p < np_;) {
        np x;
        memset(&x, 0, sizeof x);
        x.b = pieces[p].b;
        x.e = pieces[p].e;
        char country[16] = "", agents[16] = "", prefix[8] = "", actor[24] = "";
        int last_kind = pieces[p].kind;
#define TAKE(pc)                                                                                     \
    do {                                                                                             \
        if ((pc).kind == NM_ACT_AGENT) {                                                             \
            if ((pc).prefix) { if (!prefix[0] && strlen((pc).code) < sizeof prefix) strcpy(prefix, (pc).code); } \
            else if (strlen(agents) + strlen((pc).code) < sizeof agents) append_code(agents, sizeof agents, (pc).code); \
            x.has_agent = 1;                                                                         \
        } else if ((pc).kind == NM_ACT_COUNTRY) {                                                    \
            if (!country[0] && strlen((pc).code) < sizeof country) strcpy(country, (pc).code);       \
            x.has_country = 1;                                                                       \
        } else {                                                                                     \
            if (!actor[0] && strlen((pc).code) < sizeof actor) strcpy(actor, (pc).code);             \
            x.is_actor = 1;                                                                          \
        }                                                                                            \
    } while (0)
        TAKE(pieces[p]);
        x.city = pieces[p].city;
        size_t q = p + 1;
        for (; q < np_; q++) {
            const piece *pc = &pieces[q];
            uint32_t gap_b = x.e, gap_e = pc->b;
            int ok = 0;
            if (gap_e - gap_b <= 3) {
                int words_ok = 1;
                for (uint32_t t = gap_b; t < gap_e; t++)
                    if (!is_np_gap_word(c, t) && !tok_in(c, t, DETERMINERS)) words_ok = 0;
                if (words_ok && !x.is_actor) {
                    /* country/agents followed by agent or person: "Iraq's national security advisor",
                     * "Russian President Vladimir Putin", "security officials" */
                    if (pc->kind == NM_ACT_AGENT && !(x.has_agent && gap_e > gap_b)) ok = 1;
                    else if (pc->kind == NM_ACT_ACTOR && gap_e == gap_b && (x.has_agent || x.has_country)) ok = 1;
                    /* "Egypt's Muslim Brotherhood": the named actor is the referent */
                    else if (pc->kind == NM_ACT_ACTOR && x.has_country && gap_e == gap_b + 1 && tok_in(c, gap_b, POSSESSIVE)) ok = 1;
                    else if (pc->kind == NM_ACT_COUNTRY && !x.has_country && x.has_agent && gap_e == gap_b && last_kind == NM_ACT_AGENT && pieces[p].prefix) ok = 1;
                    else if (pc->kind == NM_ACT_COUNTRY && !x.has_country && gap_e == gap_b && pieces[q - 1].prefix) ok = 1;
                }
            }
            if (!ok && x.has_agent && !x.has_country && !x.is_actor && pc->kind == NM_ACT_COUNTRY &&
                gap_e > gap_b && gap_e - gap_b <= 4) {
                /* "government of Gondor", "soldiers from Gondor", "a court in Guyana",
                 * "the mayor of the northern West Bank"; not "students in Moscow" (a city) */
                static const char *const LINK[] = {"of", "from", "in", NULL};
                int link_ok = tok_in_scan(c, gap_b, LINK) && !(pc->city && word_eq(c, gap_b, "in"));
                /* "international troops in Ukraine", "foreign journalists in Iran": where they are,
                 * not whose they are */
                static const char *const ABROAD[] = {"international", "foreign", "multinational", "peacekeeping",
                                                     "allied", "western", "overseas", NULL};
                for (uint32_t t = x.b >= 2 ? x.b - 2 : 0; link_ok && word_eq(c, gap_b, "in") && t < x.e; t++)
                    if (t >= c->tb && tok_in_scan(c, t, ABROAD)) link_ok = 0;
                for (uint32_t t = gap_b + 1; link_ok && t < gap_e; t++)
                    if (!tok_in(c, t, DETERMINERS) && !is_np_gap_word(c, t)) link_ok = 0;
                if (link_ok) { ok = 1; x.linked = 1; }
            }
            if (!ok) break;
            TAKE(*pc);
            last_kind = pc->kind;
            x.e = pc->e;
        }
#undef TAKE
        /* an acronym in parentheses belongs to the name: "the European Union (EU) and ..." */
        if (x.e + 2 < c->te && is_punct(d, x.e, '(') && is_punct(d, x.e + 2, ')') &&
            (d->toks.v[x.e + 1].flags & NM_TF_UPPER)) {
            x.e += 3;
            while (q < np_ && pieces[q].b < x.e) q++;
        }
        /* absorb the name after a title: "Prime Minister Falastur", "President Michel Suleiman" */
        if (x.has_agent && !x.is_actor) {
            uint32_t t = x.e, first = x.e;
            while (t < c->te && t - first < 3 && (d->toks.v[t].flags & NM_TF_UPPER) &&
                   !(d->toks.v[t].flags & NM_TF_SENT_START) && !tok_in(c, t, WEEKDAYS_MONTHS) &&
                   (q >= np_ || pieces[q].b > t))
                t++;
            if (t > first) {
                x.e = t;
                if (nm_tok_len(&d->toks.v[t - 1]) < 32) {
                    size_t kn;
                    const char *key = tok_fold(c, t - 1, &kn);
                    char code[24];
                    snprintf(code, sizeof code, "%s%s%s", prefix, country[0] ? country : "---", agents);
                    cache_put(d, nc, key, code);
                }
            }
        }
        snprintf(x.country, sizeof x.country, "%s", country);
        if (!prefix[0]) snprintf(x.sector, sizeof x.sector, "%s", agents);
        if (x.is_actor) snprintf(x.code, sizeof x.code, "%s", actor);
        else snprintf(x.code, sizeof x.code, "%s%s%s", prefix, country[0] ? country : "---", agents);
        /* extend over leading determiners for the span; the name starts after them */
        x.name_b = x.b;
        /* "that" before a name is the complementizer ("announced that France would"), not a determiner */
        while (x.b > c->tb && tok_in(c, x.b - 1, DETERMINERS) && !word_eq(c, x.b - 1, "that") && x.b - 1 >= c->tb) x.b--;
        if (x.b > c->tb && tok_in(c, x.b - 1, LOC_PREPS)) x.loc = 1;
        /* a capital is a metonym as a subject ("Moscow accused"), a place after "of", "to", "from" */
        static const char *const CITY_PREPS[] = {"of", "to", "from", "for", "via", NULL};
        if (x.city && !x.has_agent && x.e == x.name_b + 1 && x.b > c->tb && tok_in_scan(c, x.b - 1, CITY_PREPS)) x.loc = 1;
        if (modifies_nonactor(c, &x)) { p = q; continue; }
        if (agent_modifies_thing(c, &x)) { p = q; continue; }
        if (event_name(c, x.e - 1)) { p = q; continue; } /* "the 2020 US Presidential Election" */
        if (q == p + 1 && place_modifies_thing(c, &x, pieces[p].city, x.b < x.name_b ? x.name_b - 1 : UINT32_MAX)) { p = q; continue; }
        /* a nationality inside a name: "Thai Raksa Chart Party", "British Airways"; a country
         * inside the name of an occasion: "the 2020 US Presidential Election" (but "the U.S.
         * Federal Reserve" is the country's) */
        if (q == p + 1 && pieces[p].kind == NM_ACT_COUNTRY && !pieces[p].city && x.e < c->te &&
            (d->toks.v[x.e].flags & NM_TF_UPPER) && !(d->toks.v[x.e].flags & NM_TF_SENT_START) &&
            !(d->toks.v[x.e].flags & NM_TF_ALLCAPS) && (q >= np_ || pieces[q].b != x.e) &&
            !tok_in(c, x.e, WEEKDAYS_MONTHS) && d->text[d->toks.v[x.e - 1].end - 1] != 's') {
            uint32_t t = x.e;
            while (t + 1 < c->te && t < x.e + 4 && (d->toks.v[t + 1].flags & NM_TF_UPPER)) t++;
            if ((pieces[p].def && pieces[p].def->demonym) || event_name(c, t)) { p = q; continue; }
        }
        if (q == p + 1 && pieces[p].def && pieces[p].def->demonym) {
            if (demonym_modifies_thing(c, x.e)) { p = q; continue; }
            x.demonym = 1;
        }
        x.group = (int)c->nnp;
        c->nps[c->nnp++] = x;
        /* a compound dictionary entry names several actors at once ("the Shire" → FRO, BIL, SAM):
         * one phrase per undated alternative, coordinated with each other */
        const nm_actor_def *alt = q == p + 1 ? pieces[p].def : NULL;
        if (alt && alt->kind != NM_ACT_AGENT && x.code[0] && !strcmp(x.code, pieces[p].code)) {
            for (int k = 1; k < 6; k++) {
                const char *more = nm_actor_code_at(alt, c->ymd, k);
                if (!more) break;
                np y = x;
                snprintf(y.code, sizeof y.code, "%s", more);
                c->nps[c->nnp++] = y;
            }
        }
        p = q;
    }
    /* token → np, coordination groups */
    for (size_t i = 0; i < c->nnp; i++)
        for (uint32_t t = c->nps[i].b; t < c->nps[i].e; t++) c->tok_np[t - c->tb] = (int32_t)i;
    static const char *const COORD[] = {"and", "or", "nor", "&", NULL};
    for (size_t i = 1; i < c->nnp; i++) {
        np *a = &c->nps[i - 1], *b = &c->nps[i];
        uint32_t g = a->e, e = b->b;
        int ok = 0;
        if (b->b == a->b && b->e == a->e) ok = 1; /* alternatives of one compound entry */
        if (e == g + 1 && (tok_in_scan(c, g, COORD) || is_punct(d, g, ','))) ok = 1;
        /* "Japan, West Germany": capitalised words of the next name that are no actor themselves */
        int name_gap = 0;
        if (!ok && is_punct(d, g, ',') && e > g + 1 && e <= g + 3) {
            name_gap = 1;
            for (uint32_t u = g + 1; u < e; u++)
                if (!(d->toks.v[u].flags & NM_TF_UPPER) || (d->toks.v[u].flags & NM_TF_SENT_START)) name_gap = 0;
            ok = name_gap;
        }
        /* "talks between the U.S. and Canada, Reuber said": the speaker after the comma is no member */
        if (ok && is_punct(d, g, ',') && b->e < c->te && nm_events_is_say_verb(d, b->e)) ok = 0;
        /* "Iran, Iraq's enemy in the Gulf war, had fired": a list joined by commas alone ends with
         * "and"/"or" before its last member; otherwise the phrase after the comma is an apposition */
        if (ok && (e == g + 1 || name_gap) && is_punct(d, g, ',')) {
            int closed = 0;
            uint32_t t = b->e;
            for (size_t j = i + 1; j < c->nnp && j < i + 64 && !closed; j++) { /* bounded: long lists stay linear */
                const np *n2 = &c->nps[j];
                if (n2->b < t) continue;
                /* the words between: "and" closes the list; a comma and up to two capitalised
                 * words ("West" of "West Germany") continue it */
                int coord = 0, names = 1;
                for (uint32_t u = t; u < n2->b && u < t + 4; u++) {
                    if (tok_in_scan(c, u, COORD)) coord = 1;
                    else if (u > t && !(d->toks.v[u].flags & NM_TF_UPPER)) names = 0;
                }
                if (n2->b > t + 3 || (!is_punct(d, t, ',') && !tok_in_scan(c, t, COORD))) break;
                if (coord) closed = 1;
                else if (names && is_punct(d, t, ',')) { t = n2->e; continue; }
                break;
            }
            if (!closed && b->e < c->te && tok_in_scan(c, b->e, COORD)) closed = 1; /* "A, B and ..." */
            if (!closed || possessor_np(c, b)) ok = 0;
        }
        if (e == g + 2 && is_punct(d, g, ',') && tok_in_scan(c, g + 1, COORD)) ok = 1;
        if (!ok && e > g + 1 && e <= g + 5 && (tok_in_scan(c, g, COORD) || (is_punct(d, g, ',') && tok_in_scan(c, g + 1, COORD)))) {
            /* "Fornost and the evil awful Gondor" */
            uint32_t t = is_punct(d, g, ',') ? g + 2 : g + 1;
            ok = 1;
            for (; t < e; t++)
                if (!tok_in(c, t, DETERMINERS) && !(is_np_gap_word(c, t) && (d->toks.v[t].flags & NM_TF_LOWER))) ok = 0;
        }
        /* "courts in England and Wales": the second place is inside the same phrase */
        if (ok && a->loc && !b->loc && !b->has_agent && !b->is_actor && b->has_country && tok_in_scan(c, g, COORD)) b->loc = 1;
        if (ok && a->loc == b->loc) b->group = a->group;
    }
    distribute_sectors(c, np_cap);
}

/* Match the words of p after the head at token t; returns the end token or 0. */
static uint32_t match_rest(ctx *c, const pattern *p, uint32_t t)
{
    uint32_t pos = t + 1;
    for (int w = 0; w < p->nwords; w++) {
        const char *word = p->words[w];
        if (word[0] == '*' && (!word[1] || (word[1] == '*' && !word[2]))) {
            /* find the next literal within GAP_MAX tokens, not crossing clause punctuation; "**"
             * (from a verb dictionary's $ or + marker) may cross an actor's phrase */
            int across_actors = word[1] == '*';
            if (w + 1 >= p->nwords) continue;
            const char *next = p->words[w + 1];
            uint32_t k = pos, found = 0;
            for (; k < c->te && k <= pos + GAP_MAX; k++) {
                if (word_eq(c, k, next)) { found = 1; break; }
                if (hard_break(c->d, k)) break;
                /* an actor inside the gap only as a possessor: "sees Britain's influence" */
                int32_t npk = c->tok_np[k - c->tb];
                if (npk >= 0 && !across_actors) {
                    uint32_t after = c->nps[npk].e;
                    if (!(after < c->te && tok_in(c, after, POSSESSIVE))) break;
                }
            }
            if (!found) return 0;
            pos = k + 1;
            w++;
            continue;
        }
        /* a literal word, allowing a simple plural (ties/tie) */
        if (pos >= c->te) return 0;
        if (!word_eq(c, pos, word)) {
            char buf[64];
            size_t wl = strlen(word);
            if (wl + 2 >= sizeof buf) return 0;
            snprintf(buf, sizeof buf, "%ss", word);
            if (!word_eq(c, pos, buf)) return 0;
        }
        pos++;
    }
    return pos;
}

static int ends_ing(const nm_doc *d, uint32_t t)
{
    const nm_token *k = &d->toks.v[t];
    uint32_t n = nm_tok_len(k);
    return n > 4 && !strncasecmp(d->text + k->end - 3, "ing", 3);
}

static const char *const VERB_BEFORE[] = {"to", "not", "n't", "never", "also", "already", "and", "or", "who", "which", "that",
                                           "has", "have", "had", "having", "will", "would", "could", "can", "may", "might",
                                           "should", "must", "shall", "did", "does", "do", "then", "later", "again", "jointly",
                                           "reportedly", "repeatedly", "recently", "formally", "officially", "allegedly",
                                           "of", "for", "by", "after", "before", "while", "without", "from", "on", "about",
                                           "continue", "continues", "continued", "began", "begin", "begins", "started",
                                           "start", "stopped", "keep", "kept", "avoid", "avoided", "finally", "first",
                                           "once", "still", "now", "ever", "just", "even", "swiftly", "quickly", NULL};

/* Could the token at t be a verb, judging by the token before it? */
static int verb_context(ctx *c, uint32_t t)
{
    /* "Caracas, march 12 -": a month before its day, not the verb "march" */
    if (t + 1 < c->te && tok_in(c, t, WEEKDAYS_MONTHS) && (c->d->toks.v[t + 1].flags & NM_TF_DIGIT)) return 0;
    if (t == c->tb) return 1;
    uint32_t p = t - 1;
    /* "on strike", "on offer": a noun after "on" ("insisted on attacking" is a gerund) */
    if (word_eq(c, p, "on") && !ends_ing(c->d, t)) return 0;
    /* "European demand for", "Iranian support": a bare nationality adjective before a base form
     * is an adjective and its noun ("the French reject" has its determiner) */
    if (c->tok_np[p - c->tb] >= 0) {
        const np *x = &c->nps[c->tok_np[p - c->tb]];
        const nm_token *k = &c->d->toks.v[t];
        char last = c->d->text[k->end - 1];
        if (x->demonym && x->b == x->name_b && x->e == p + 1 && last != 's' && last != 'd' && !ends_ing(c->d, t)) return 0;
    }
    /* "Israeli shelling" is a noun; "Russia shelled" a verb */
    if (c->tok_np[p - c->tb] >= 0) return !ends_ing(c->d, t);
    if (tok_in(c, p, PRONOUNS) || tok_in(c, p, BE_FORMS) || tok_in(c, p, VERB_BEFORE) ||
        tok_in(c, p, NEGATORS) || tok_in(c, p, MODALS) || tok_in(c, p, FUTURES))
        return 1;
    if (c->say_tok[p - c->tb]) {
        /* "reported capturing", not "the report criticising" */
        const nm_token *sk = &c->d->toks.v[p];
        return nm_tok_len(sk) > 2 && c->d->text[sk->end - 1] == 'd';
    }
    const nm_token *k = &c->d->toks.v[p];
    if ((k->flags & NM_TF_UPPER) && !(k->flags & NM_TF_SENT_START)) {
        /* "the 11 September attacks", "a Labour protest": capitalised modifiers after a
         * determiner make a noun phrase, not a subject and its verb */
        uint32_t q = p;
        while (q > c->tb && q + 4 > p && c->tok_np[q - c->tb] < 0 &&
               (c->d->toks.v[q].flags & (NM_TF_UPPER | NM_TF_DIGIT)))
            q--;
        if (c->tok_np[q - c->tb] < 0 && tok_in(c, q, DETERMINERS) && !word_eq(c, q, "that")) return 0;
        return 1; /* a name */
    }
    if (is_punct(c->d, p, ',') && !ends_ing(c->d, t)) return 1;
    return 0;
}

static void find_matches(ctx *c)
{
    nm_doc *d = c->d;
    uint32_t n = c->te - c->tb;
    c->ms = nm_arena_alloc(&d->arena, (n + 1) * sizeof *c->ms);
    c->nms = 0;
    for (uint32_t t = c->tb; t < c->te;) {
        const nm_token *k = &d->toks.v[t];
        if (!(k->flags & NM_TF_ALPHA) || c->tok_np[t - c->tb] >= 0 || nm_tok_len(k) >= 64) { t++; continue; }
        /* capitalised words are names, not verbs, except at the start of a sentence */
        if ((k->flags & NM_TF_UPPER) && t != c->tb) { t++; continue; }
        size_t lo, hi;
        if (!tok_forms(c, t, &lo, &hi)) { t++; continue; }
        const pattern *best = NULL;
        uint32_t best_end = 0;
        int vctx = verb_context(c, t);
        for (size_t i = lo; i < hi; i++) {
            const pattern *p = &c->r->pats[c->r->forms[i].pat];
            uint32_t end = match_rest(c, p, t);
            if (!end) continue;
            if (best && p->user != best->user) {
                if (p->user) { best = p; best_end = end; }
                continue;
            }
            if (!best || p->literal > best->literal ||
                (p->literal == best->literal && p->noun != best->noun && (p->noun ? !vctx : vctx)) ||
                (p->literal == best->literal && p->noun == best->noun && p->order < best->order)) {
                best = p;
                best_end = end;
            }
        }
        if (!best || best->none) { t++; continue; }
        /* a verb pattern needs a verb: "the attack" is a noun, "the brutal slaying" too */
        /* a reporting verb may follow a noun ("a letter saying"), but "the alleged strike" is no report */
        if (!best->noun && !(best->say && ends_ing(d, t)) && t > c->tb && !vctx) { t++; continue; }
        /* "European demand for soybeans": a one-word verb pattern in its base form before "for"
         * is a noun (those verbs take a direct object: "demand a vote"; "call for" is its own pattern) */
        if (!best->noun && !best->say && best->nwords == 0 && t + 1 < c->te && word_eq(c, t + 1, "for") &&
            !ends_ing(d, t) && !ends_ed(d, t) && d->text[k->end - 1] != 's') { t++; continue; }
        if (best->say) c->say_tok[t - c->tb] = 1;
        c->ms[c->nms++] = (match){t, best_end, best};
        t = best_end > t ? best_end : t + 1;
    }
}

/* Clause start for the head at token h: just after the nearest boundary before it. */
static uint32_t clause_start(ctx *c, uint32_t h, uint32_t *boundary)
{
    *boundary = UINT32_MAX;
    for (uint32_t t = h; t > c->tb; t--) {
        uint32_t k = t - 1;
        if (c->tok_np[k - c->tb] >= 0) continue;
        if (hard_break(c->d, k) || tok_in(c, k, CLAUSE_BREAK) || c->say_tok[k - c->tb]) {
            *boundary = k;
            return t;
        }
    }
    return c->tb;
}

static int first_np_in(ctx *c, uint32_t b, uint32_t e, int allow_loc)
{
    for (uint32_t t = b; t < e; t++) {
        int32_t i = c->tok_np[t - c->tb];
        if (i >= 0 && (allow_loc || !c->nps[i].loc) && c->nps[i].b >= b) return i;
    }
    return -1;
}

static const char *const MEET_FORMS[] = {"meet", "met", "meets", "meeting", NULL};

/* Verbs whose coordinated subjects act on each other: "The US, Russia and Switzerland met". */
static const char *const SYMMETRIC_HEADS[] = {"meet", "met", "meets", "meeting", "agree", "agreed", "agrees", "talk",
                                              "talked", "talks", "negotiate", "negotiated", "confer", "conferred",
                                              "consult", "consulted", "sign", "signed", "held", "hold", "holds", NULL};

/* Sports reports use the words of war ("beat", "clash", "attack"): in a sentence with one of
 * these, conflict codes (11–13, 17–20) are not coded. */
static const char *const SPORTS_WORDS[] = {"match", "tournament", "championship", "championships", "semi-final",
                                           "quarter-final", "semifinal", "quarterfinal", "league", "innings", "striker",
                                           "midfielder", "goalkeeper", "seed", "seeded", "round", "title", "scored",
                                           "goals", "coach", "squad", "cup", "olympic", "medal", "race", "game",
                                           "games", "season", "series", NULL};

static const char *const RESULT_VERBS[] = {"won", "lost", "beat", "drew", "defeated", "win", "lose", "draw",
                                           "victory", "defeat", "thrashed", "edged", NULL};
static const char *const SPORT_NAMES[] = {"rugby", "cricket", "football", "soccer", "tennis", "golf", "hockey",
                                          "athletics", "olympics", "basketball", "baseball", NULL};

/* "8-3", "13-6" (one token or three): a match score */
static int is_score(const nm_doc *d, uint32_t t, uint32_t end)
{
    const nm_token *k = &d->toks.v[t];
    const char *s = d->text + k->start;
    size_t n = nm_tok_len(k), i = 0, a = 0, b = 0;
    while (i < n && isdigit((unsigned char)s[i])) { i++; a++; }
    if (!a || a > 3) return 0;
    if (i == n) {
        /* "8 - 3" split into tokens */
        if (t + 2 >= end || !is_punct(d, t + 1, '-')) return 0;
        const nm_token *k2 = &d->toks.v[t + 2];
        const char *s2 = d->text + k2->start;
        size_t n2 = nm_tok_len(k2);
        for (size_t j = 0; j < n2; j++) if (!isdigit((unsigned char)s2[j])) return 0;
        return n2 >= 1 && n2 <= 3;
    }
    if (s[i++] != '-') return 0;
    while (i < n && isdigit((unsigned char)s[i])) { i++; b++; }
    return i == n && b >= 1 && b <= 3;
}

static const char *const COORD_WORDS[] = {"and", "or", "but", NULL};
static const char *const ADVERBIALS[] = {"almost", "next", "last", "this", "early", "late", "later", "earlier", "again", "soon",
                                         "yesterday", "today", "tonight", "now", "since", "until", "as", "ago", "before",
                                         "after", "during", "when", "while", "despite", "amid", "because", "once", "if",
                                         "than", "so", "then", "too", "also", "nearly", "around", "via", "through", "within",
                                         "without", "following", "ahead", "overnight", "instead", "only", "alone", "first",
                                         NULL};

static int ends_ly(const nm_doc *d, uint32_t t)
{
    const nm_token *k = &d->toks.v[t];
    return nm_tok_len(k) > 3 && d->text[k->end - 2] == 'l' && d->text[k->end - 1] == 'y';
}


/* An actor phrase followed by "'s" and a noun that did not join it: "Trump's call", "the
 * government's proposals". (A possessor with a sector word joined it: "Iraq's foreign minister".) */
static int possessor_np(ctx *c, const np *x)
{
    if (!(x->e + 1 < c->te && tok_in(c, x->e, POSSESSIVE))) return 0;
    /* "Ithilen's awful and evil minister Calimehtar": the possessed phrase is an actor of the
     * possessor's country, which stands for it */
    for (uint32_t t = x->e + 1; t < c->te && t < x->e + 6; t++) {
        if (c->tok_np[t - c->tb] >= 0) return 0;
        if (!(c->d->toks.v[t].flags & NM_TF_LOWER) || !(is_np_gap_word(c, t) || word_eq(c, t, "and"))) break;
    }
    return 1;
}

/* The subject of a clause: its first actor that is not inside a prepositional phrase
 * ("To calm relations with the U.S., Japan's business group urged ..."), else its first actor. */
static int subject_np(ctx *c, uint32_t b, uint32_t e, int strict)
{
    int first = -1;
    for (uint32_t t = b; t < e; t++) {
        int32_t i = c->tok_np[t - c->tb];
        if (i < 0 || c->nps[i].loc || c->nps[i].b < b) continue;
        if (first == -1) first = i; /* -2: the first phrase is a possessor, no fallback */
        const np *x = &c->nps[i];
        /* the first member of a coordination decides ("Mordor, the Shire and Bree") */
        int lead = i;
        while (lead > 0 && c->nps[lead - 1].group == x->group) lead--;
        const np *l = &c->nps[lead];
        t = x->e - 1;
        /* a possessor names whose thing acts, not who: "the government's proposals have met
         * with", "Thailand's Thai Raksa Chart Party withdrew", "as President Obama's vice
         * president, he called" */
        if (possessor_np(c, x)) { if (first == i) first = -2; continue; }
        if (!(l->b > c->tb && tok_in(c, l->b - 1, PREPOSITIONS))) return i;
    }
    if (strict || first < 0) return -1;
    /* "Hundreds of UN troops": only "of" may stand before the subject */
    const np *f = &c->nps[first];
    int lead = first;
    while (lead > 0 && c->nps[lead - 1].group == f->group) lead--;
    if (c->nps[lead].b > c->tb && !word_eq(c, c->nps[lead].b - 1, "of")) return -1;
    return first;
}

static int ends_ed(const nm_doc *d, uint32_t t)
{
    const nm_token *k = &d->toks.v[t];
    return nm_tok_len(k) > 3 && d->text[k->end - 2] == 'e' && d->text[k->end - 1] == 'd';
}

static int is_passive(ctx *c, uint32_t h)
{
    const nm_token *k = &c->d->toks.v[h];
    if (nm_tok_len(k) >= FOLD_MAX) return 0;
    size_t n;
    const char *buf = tok_fold(c, h, &n);
    if (n < 3) return 0;
    int participle = (buf[n - 2] == 'e' && buf[n - 1] == 'd') || (buf[n - 2] == 'e' && buf[n - 1] == 'n') ||
                     (buf[n - 2] == 'w' && buf[n - 1] == 'n') || /* flown, shown, withdrawn */
                     !strcmp(buf, "met") || !strcmp(buf, "held") || !strcmp(buf, "hit") || !strcmp(buf, "shot") ||
                     !strcmp(buf, "told") || !strcmp(buf, "struck") || !strcmp(buf, "slain") || !strcmp(buf, "fought");
    if (!participle) return 0;
    for (uint32_t t = h, steps = 0; t > c->tb && steps < 4; t--, steps++) {
        uint32_t p = t - 1;
        if (tok_in(c, p, BE_FORMS)) return 1;
        const nm_token *pk = &c->d->toks.v[p];
        if (nm_tok_len(pk) >= FOLD_MAX) return 0;
        size_t pn;
        const char *b2 = tok_fold(c, p, &pn);
        int adverb = (pn > 3 && b2[pn - 2] == 'l' && b2[pn - 1] == 'y') || !strcmp(b2, "also") ||
                     !strcmp(b2, "not") || !strcmp(b2, "reportedly") || !strcmp(b2, "and");
        if (!adverb) return 0;
    }
    return 0;
}

static void set_actor(ctx *c, nm_event_actor *a, int npi)
{
    const np *x = &c->nps[npi];
    nm_doc *d = c->d;
    a->set = 1;
    a->start = d->toks.v[x->b].start;
    a->end = d->toks.v[x->e - 1].end;
    uint32_t nb = d->toks.v[x->name_b].start;
    a->name = nm_arena_strndup(&d->arena, d->text + nb, a->end - nb);
    a->code = nm_arena_strndup(&d->arena, x->code, strlen(x->code));
    a->entity = nm_entity_resolve(d, x->name_b, x->e);
}

static const code_info *code_lookup(const struct nm_event_res *r, const char *code)
{
    char buf[8];
    snprintf(buf, sizeof buf, "%s", code);
    for (size_t l = strlen(buf); l >= 2; l--) {
        buf[l] = 0;
        for (size_t i = 0; i < r->ncodes; i++)
            if (!strcmp(r->codes[i].code, buf)) return &r->codes[i];
    }
    return NULL;
}

static void set_code(const struct nm_event_res *r, nm_event *ev, const char *code)
{
    snprintf(ev->code, sizeof ev->code, "%s", code);
    ev->root[0] = code[0];
    ev->root[1] = code[1];
    ev->root[2] = 0;
    int root = atoi(ev->root);
    ev->quad = root <= 4 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
    const code_info *ci = code_lookup(r, code);
    ev->goldstein = ci ? ci->goldstein : 0.0;
}

/* The reporter of a clause starting after a reporting verb at token s: the subject before it. */
static int reporter_before(ctx *c, uint32_t s)
{
    /* "..., Zelensky said": the phrase right before the verb */
    if (s > c->tb && c->tok_np[s - 1 - c->tb] >= 0) return c->tok_np[s - 1 - c->tb];
    uint32_t bnd;
    uint32_t cs = clause_start(c, s, &bnd);
    int i = first_np_in(c, cs, s, 0);
    return i;
}

/* A nominal event right after a verb event is that verb's object ("welcomed a resumption of
 * ties", "condemned an attack by ..."): the verb is the event, the noun its content. */
static int kept_verb_before(ctx *c, size_t mi, const uint8_t *drop)
{
    uint32_t h = c->ms[mi].head;
    for (size_t k = mi; k > 0; k--) {
        const match *a = &c->ms[k - 1];
        if (drop[k - 1] || a->p->noun) continue;
        if (a->p->say) return 0;
        if (is_passive(c, a->head)) return 0; /* "were killed in Israeli shelling": the noun is the event */
        if (a->end + 8 < h) return 0;
        for (uint32_t t = a->end; t < h; t++)
            if (hard_break(c->d, t) || is_punct(c->d, t, ',') || tok_in(c, t, CLAUSE_BREAK)) return 0;
        return 1;
    }
    return 0;
}

/* A lower-case word that can head a noun phrase (not a function word): the object of the event
 * verb when it comes before any actor ("attacked the proclamation of ...", "met with disapproval"). */
static int is_content_word(ctx *c, uint32_t t)
{
    const nm_doc *d = c->d;
    const nm_token *k = &d->toks.v[t];
    if (!(k->flags & NM_TF_LOWER) || !(k->flags & NM_TF_ALPHA)) return 0;
    return !tok_in(c, t, DETERMINERS) && !tok_in(c, t, PREPOSITIONS) && !tok_in(c, t, ADVERBIALS) &&
           !tok_in(c, t, COORD_WORDS) && !tok_in(c, t, BE_FORMS) && !tok_in(c, t, MODALS) && !tok_in(c, t, FUTURES) &&
           !tok_in(c, t, NEGATORS) && !tok_in(c, t, PRONOUNS) && !tok_in(c, t, CLAUSE_BREAK) && !ends_ly(d, t) &&
           !word_eq(c, t, "up") && !word_eq(c, t, "out") && !word_eq(c, t, "off") && !word_eq(c, t, "down") &&
           !word_eq(c, t, "back") && !word_eq(c, t, "away") && !word_eq(c, t, "all") && !word_eq(c, t, "other") &&
           !word_eq(c, t, "new") && !word_eq(c, t, "own") && !word_eq(c, t, "fellow");
}

/* After a non-actor object, an actor introduced by "as", "like" or "including" is a comparison
 * or an example, not whom the act is aimed at: "attacked the proclamation of the Golan Heights as
 * official Israeli territory", "pressure countries like the US". (CAMEO does take actors after
 * "of", "by", "from", "between" inside the object as targets: "condemned an attack by X".)
 * b: the first token of the actor phrase (determiners included). */
static int linked_to_object(ctx *c, uint32_t b)
{
    static const char *const EXAMPLE_LINKS[] = {"as", "like", "including", "unlike", NULL};
    if (b <= c->tb) return 1;
    return !tok_in_scan(c, b - 1, EXAMPLE_LINKS);
}

/* "..., a day after Trump met Zelensky": an event in a clause of "DURATION after/before" happened
 * that long before/after the sentence's own date. date (YYYY-MM-DD, else left alone) is moved for
 * the event headed by token h when "after"/"before" comes shortly before h with only the clause's
 * subject (capitalised words) between them. */
static void shift_for_offset_clause(const ctx *c, uint32_t h, char *date)
{
    const nm_doc *d = c->d;
    int y, m, dd;
    if (strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d", &y, &m, &dd) != 3 || !nm_valid_date(y, m, dd)) return;
    uint32_t k = h;
    while (k > c->tb && k + 8 > h) {
        k--;
        if (word_eq(c, k, "after") || word_eq(c, k, "before")) break;
        const nm_token *t = &d->toks.v[k];
        if (!(t->flags & NM_TF_UPPER) && !word_eq(c, k, "'s") && !word_eq(c, k, "\xE2\x80\x99s")) return;
    }
    int after = word_eq(c, k, "after");
    if ((!after && !word_eq(c, k, "before")) || k + 1 >= h || k < c->tb + 2) return;
    /* the duration ("a day", "two weeks", "3 days"); its unit from the time layer's words ("days" →
     * "U D"): day, week, month or year */
    const nm_time_res *tr = d->eng->time_res;
    const nm_token *ut = &d->toks.v[k - 1];
    const char *uv = tr ? nm_lexicon_get(tr->words, d->text + ut->start, nm_tok_len(ut)) : NULL;
    if (!uv || uv[0] != 'U' || !uv[1] || !uv[2]) return;
    const char *units = "DWMY", *u = strchr(units, uv[2]);
    if (!u) return;
    int unit = (int)(u - units);
    /* how many: "a"/"an"/"the" day, or a number in words or digits ("two weeks", "3 days") */
    double n = 0;
    const nm_token *ct = &d->toks.v[k - 2];
    if (word_eq(c, k - 2, "a") || word_eq(c, k - 2, "an") || word_eq(c, k - 2, "the")) n = 1;
    else if (!(nm_num_digits(d->text + ct->start, nm_tok_len(ct), &n) ||
               nm_num_word(tr, d->text + ct->start, nm_tok_len(ct), &n) == 'C'))
        return;
    if (n < 1 || n > 100 || n != (int)n) return;
    int64_t sign = after ? -1 : 1, amount = (int64_t)n;
    if (unit <= 1) {
        nm_add_days(&y, &m, &dd, sign * amount * (unit == 0 ? 1 : 7));
    } else {
        int64_t months = sign * amount * (unit == 2 ? 1 : 12), total = (int64_t)y * 12 + (m - 1) + months;
        y = (int)(total / 12);
        m = (int)(total % 12) + 1;
        if (dd > nm_month_days(y, m)) dd = nm_month_days(y, m);
    }
    if (y < 1 || y > 9999) return;
    snprintf(date, 11, "%04d-%02d-%02d", y, m, dd);
}

static void code_sentence(ctx *c, uint32_t sent, nm_event_set *set, const char *date)
{
    nm_doc *d = c->d;
    size_t first_ev = set->v.n;
    int sports = 0;
    for (uint32_t t = c->tb; t < c->te && !sports; t++)
        if ((d->toks.v[t].flags & NM_TF_LOWER) && tok_in(c, t, SPORTS_WORDS)) sports = 1;
    /* a score after a result verb ("lost 8-3", not "voted 13-2") or a sport's name: a bare
     * country in this sentence is a team */
    int teams = 0;
    for (uint32_t t = c->tb; t < c->te && !teams; t++) {
        if (tok_in(c, t, SPORT_NAMES)) teams = 1;
        else if (t > c->tb && is_score(d, t, c->te) &&
                 (tok_in(c, t - 1, RESULT_VERBS) || (t > c->tb + 1 && tok_in(c, t - 2, RESULT_VERBS))))
            teams = 1;
    }
    /* verb chains: "agreed to lift the sanctions" codes the complement, not the intent;
     * "met ... to discuss" codes the main verb, not the purpose */
    uint8_t *drop = nm_arena_zalloc(&d->arena, c->nms + 1);
    uint32_t *intent_head = nm_arena_alloc(&d->arena, (c->nms + 1) * sizeof *intent_head);
    for (size_t mi = 0; mi < c->nms; mi++) intent_head[mi] = UINT32_MAX;
    int seen_event = 0;
    for (size_t mi = 0; mi < c->nms; mi++) {
        const match *m = &c->ms[mi];
        if (m->p->say || m->p->noun) continue;
        uint32_t h = m->head;
        int after_to = h > c->tb && word_eq(c, h - 1, "to");
        if (mi > 0 && (after_to || (c->ms[mi - 1].end == h && word_eq(c, h - 1, "to")))) {
            /* "vowed on Thursday to wage war": the intent verb, a few words before "to" */
            const match *a = &c->ms[mi - 1];
            int chained = !a->p->say && !a->p->noun && a->end <= h && a->end + 4 >= h;
            for (uint32_t t = a->end; chained && t + 1 < h; t++)
                if (hard_break(d, t) || is_punct(d, t, ',') || tok_in(c, t, CLAUSE_BREAK) || c->tok_np[t - c->tb] >= 0)
                    chained = 0;
            int aroot = atoi(a->p->code) / (strlen(a->p->code) == 4 ? 100 : 10);
            if (chained && (aroot == 2 || aroot == 3 || aroot == 10 || aroot == 13)) {
                drop[mi - 1] = 1;
                intent_head[mi] = a->head;
                continue;
            }
        }
        if (after_to && seen_event && !(h >= c->tb + 2 && (tok_in(c, h - 2, INTENT_VERBS) || tok_in(c, h - 2, THREAT_VERBS)))) {
            drop[mi] = 1;
            continue;
        }
        seen_event = 1;
    }
    for (size_t mi = 0; mi < c->nms; mi++) {
        const match *m = &c->ms[mi];
        if (m->p->say || drop[mi]) continue;
        uint32_t h = m->head;
        uint32_t bnd;
        uint32_t cs = clause_start(c, h, &bnd);
        int src = -1, tgt = -1, alleged_by = -1, passive = 0;
        int reporter = -1;
        /* the reporting verb: "Lavrov said Ukraine had tried to attack ...", or a tail
         * "..., a senior official said." */
        for (uint32_t t = h; t > c->tb && reporter < 0; t--)
            if (c->say_tok[t - 1 - c->tb]) reporter = reporter_before(c, t - 1);
        if (reporter < 0) {
            int comma = 0;
            for (uint32_t t = m->end; t < c->te; t++) {
                if (is_punct(d, t, ',')) comma = 1;
                if (hard_break(d, t) && !is_punct(d, t, '.')) break;
                if (comma && c->say_tok[t - c->tb]) {
                    reporter = reporter_before(c, t);
                    if (reporter >= 0 && c->nps[reporter].b < m->end) reporter = -1;
                    if (reporter < 0) reporter = first_np_in(c, t + 1, t + 5 < c->te ? t + 5 : c->te, 0);
                    break;
                }
            }
        }
        /* gerund complements: "accused Kyiv of launching", "reported capturing" */
        if (!m->p->noun && ends_ing(d, h) && h > c->tb) {
            if ((word_eq(c, h - 1, "of") || word_eq(c, h - 1, "for")) && set->v.n > first_ev) {
                nm_event *prev = &set->v.v[set->v.n - 1];
                if (prev->target.set) {
                    /* find the np of the previous target */
                    for (size_t i = 0; i < c->nnp; i++)
                        if (d->toks.v[c->nps[i].b].start == prev->target.start) src = (int)i;
                    alleged_by = (int)(set->v.n - 1);
                }
            } else if (c->say_tok[h - 1 - c->tb]) {
                src = reporter_before(c, h - 1);
            }
        }
        int reduced = !m->p->noun && src < 0 && alleged_by < 0 && m->end < c->te && word_eq(c, m->end, "by") &&
                      !is_passive(c, h) && h > c->tb && !tok_in(c, h - 1, PRONOUNS) && c->tok_np[h - 1 - c->tb] < 0;
        if (!m->p->noun && src < 0 && alleged_by < 0 && h > c->tb && is_punct(d, h - 1, ',') && ends_ed(d, h)) {
            /* ", kidnapped in Iraq": a participle about the phrase before the comma, which is its
             * target; the source is the "by" phrase, or there is no event */
            int by = -1;
            for (uint32_t t = m->end; t + 1 < c->te && t < m->end + 3; t++)
                if (word_eq(c, t, "by")) by = first_np_in(c, t + 1, t + 4 < c->te ? t + 4 : c->te, 1);
            if (by < 0 || h < c->tb + 2 || c->tok_np[h - 2 - c->tb] < 0) continue;
            src = by;
            tgt = c->tok_np[h - 2 - c->tb];
            passive = 1;
        }
        if (reduced) {
            /* "victims killed by the crash": the noun before is the target, if it is an actor */
            int i = first_np_in(c, m->end + 1, m->end + 4 < c->te ? m->end + 4 : c->te, 1);
            if (i < 0 || h == c->tb || c->tok_np[h - 1 - c->tb] < 0) continue;
            src = i;
            tgt = c->tok_np[h - 1 - c->tb];
            passive = 1;
        }
        if (!m->p->noun && src < 0 && alleged_by < 0 && is_passive(c, h)) {
            passive = 1;
            for (uint32_t t = m->end; t < c->te && t < m->end + 6; t++) {
                if (hard_break(d, t)) break;
                if (word_eq(c, t, "by") && t + 1 < c->te) {
                    int i = first_np_in(c, t + 1, t + 4 < c->te ? t + 4 : c->te, 1);
                    if (i >= 0) src = i;
                    break;
                }
            }
            tgt = subject_np(c, cs, h, 1);
            /* "Italy, which refused to join the Paris pact, was invited back by Baker": after a
             * closed relative clause the subject is the phrase before "which" */
            if (bnd != UINT32_MAX && bnd > c->tb && (word_eq(c, bnd, "which") || word_eq(c, bnd, "who")) &&
                is_punct(d, bnd - 1, ',')) {
                int closed = 0;
                for (uint32_t t = bnd + 1; t < h && t < bnd + 40; t++) if (is_punct(d, t, ',')) closed = 1;
                if (closed && bnd >= c->tb + 2 && c->tok_np[bnd - 2 - c->tb] >= 0) tgt = c->tok_np[bnd - 2 - c->tb];
            }
            if (src < 0) continue;
        }
        if (m->p->noun && ends_ing(d, h) && m->end < c->te &&
            (tok_in(c, m->end, DETERMINERS) || c->tok_np[m->end - c->tb] >= 0) && m->end == h + 1)
            continue; /* "soldiers fighting the war": a participle, not a noun */
        /* "Soviet attack submarines", "protest marches": the event noun modifies a plural noun */
        if (m->p->noun && m->end == h + 1 && m->end < c->te && is_content_word(c, m->end) && is_np_gap_word(c, m->end) &&
            d->text[d->toks.v[m->end].end - 1] == 's' && !ends_ly(d, m->end))
            continue;
        if (m->p->noun && set->v.n > first_ev) {
            /* "accused Israel of an air strike": the strike is Israel's, alleged by the accuser */
            nm_event *prev = &set->v.v[set->v.n - 1];
            for (uint32_t t = h, steps = 0; t > c->tb && steps < 4; t--, steps++) {
                if (word_eq(c, t - 1, "of") || word_eq(c, t - 1, "for")) {
                    if (prev->target.set && !strcmp(prev->root, "11") && prev->head_tok < h) {
                        for (size_t i = 0; i < c->nnp; i++)
                            if (d->toks.v[c->nps[i].b].start == prev->target.start) src = (int)i;
                        alleged_by = (int)(set->v.n - 1);
                    }
                    break;
                }
                if (!tok_in(c, t - 1, DETERMINERS) && !is_np_gap_word(c, t - 1)) break;
            }
        }
        if (m->p->noun && alleged_by < 0 && kept_verb_before(c, mi, drop)) continue;
        if (m->p->noun && src < 0) {
            /* possessor or adjective right before the noun: "Ukrainian drone attack", "Russia's invasion" */
            for (uint32_t t = h, steps = 0; t > c->tb && steps < 3; t--, steps++) {
                int32_t i = c->tok_np[t - 1 - c->tb];
                if (i >= 0) { src = i; break; }
                /* no determiner between the possessor and its noun: "Lavrov described the attack" */
                if (!is_np_gap_word(c, t - 1) || tok_in(c, t - 1, DETERMINERS)) break;
            }
            if (src < 0) {
                for (uint32_t t = m->end; t + 1 < c->te && t < m->end + 5 && src < 0; t++) {
                    if (hard_break(d, t) || is_punct(d, t, ',')) break;
                    if (word_eq(c, t, "by")) src = first_np_in(c, t + 1, t + 4 < c->te ? t + 4 : c->te, 1);
                }
            }
            if (src < 0 && m->end < c->te && word_eq(c, m->end, "between")) {
                /* the first member right after "between" (determiners aside): in "a meeting between
                 * Giuliani, claiming to represent the State Department, and Yermak" the actor
                 * phrase further on is not a member */
                uint32_t first = m->end + 1;
                while (first < c->te && tok_in(c, first, DETERMINERS)) first++;
                src = first < c->te && c->tok_np[first - c->tb] >= 0 && c->nps[c->tok_np[first - c->tb]].b >= m->end + 1
                          ? c->tok_np[first - c->tb] : -1;
                if (src >= 0) {
                    for (size_t i = (size_t)src + 1; i < c->nnp; i++)
                        if (c->nps[i].group == c->nps[src].group) { tgt = (int)i; break; }
                }
            }
            if (src < 0) continue;
        }
        if (src < 0 && !passive) {
            src = subject_np(c, cs, h, 0);
            /* the phrase right before the verb (auxiliaries and adverbs aside) is its subject:
             * "Iwasaki made it clear Japan welcomed", "if ..., Mexico would have announced" */
            {
                uint32_t t = h;
                while (t > cs && t + 8 > h && (tok_in(c, t - 1, MODALS) || tok_in(c, t - 1, FUTURES) || tok_in(c, t - 1, NEGATORS) ||
                                  word_eq(c, t - 1, "has") || word_eq(c, t - 1, "have") || word_eq(c, t - 1, "had") ||
                                  word_eq(c, t - 1, "also") || word_eq(c, t - 1, "then") || ends_ly(d, t - 1)))
                    t--;
                int32_t adj = t > cs ? c->tok_np[t - 1 - c->tb] : -1;
                if (src >= 0 && adj >= 0 && adj != src && c->nps[adj].group != c->nps[src].group && !c->nps[adj].loc &&
                    !(c->nps[src].e < c->te && tok_in(c, c->nps[src].e, POSSESSIVE)) && c->nps[adj].b > c->nps[src].e + 1 &&
                    !(c->nps[adj].b > c->tb && (tok_in(c, c->nps[adj].b - 1, PREPOSITIONS) || word_eq(c, c->nps[adj].b - 1, "as"))) &&
                    !possessor_np(c, &c->nps[adj]))
                    src = adj;
                /* an unknown name right before the verb is its subject: "The government announced
                 * today Nakasone will visit" is Nakasone's visit */
                if (src >= 0 && adj < 0 && t > cs && t - 1 > c->nps[src].e && (d->toks.v[t - 1].flags & NM_TF_UPPER) &&
                    !(d->toks.v[t - 1].flags & NM_TF_SENT_START) && !tok_in(c, t - 1, WEEKDAYS_MONTHS) &&
                    !(d->toks.v[t - 1].flags & NM_TF_ALLCAPS))
                    continue;
            }
            if (src < 0) {
                /* a pronoun subject: the reporter ("Obama said he would ..."), else the entity layer */
                for (uint32_t t = cs; t < h && src < 0; t++) {
                    if (!tok_in(c, t, PRONOUNS)) continue;
                    /* "it" is a country or an organisation, "he"/"she" a person: "the diplomats said
                     * Belgium ... before it hands over" is not the diplomats' act */
                    if (reporter >= 0) {
                        const np *rp = &c->nps[reporter];
                        int person = rp->has_agent || (rp->is_actor && !rp->has_country);
                        if (word_eq(c, t, "it") ? !rp->has_agent : (word_eq(c, t, "he") || word_eq(c, t, "she")) ? person : 1)
                            src = reporter;
                    }
                    break;
                }
            }
            /* only a relative pronoun refers back to the phrase before it: in "from the United
             * States, where he met Bush" or "after Iran ..., he said" the phrase is a place or
             * belongs to another clause */
            static const char *const RELATIVES[] = {"who", "which", "whom", NULL};
            if (src < 0 && bnd != UINT32_MAX && tok_in_scan(c, bnd, RELATIVES)) {
                /* relative clause: "a woman ... who shot at" → the phrase before "who" */
                for (uint32_t t = bnd; t > c->tb && t + 6 > bnd; t--)
                    if (c->tok_np[t - 1 - c->tb] >= 0) { src = c->tok_np[t - 1 - c->tb]; break; }
            }
            if (src < 0) continue;
        }
        /* target: the first actor after the pattern, within the clause */
        if (tgt < 0 && !passive && !m->p->swap) {
            /* an actor inside the pattern: "sees Britain's influence", "accuse X of war crimes" */
            for (uint32_t t = h + 1; t < m->end && tgt < 0; t++) {
                int32_t i = c->tok_np[t - c->tb];
                if (i >= 0 && c->nps[i].group != c->nps[src].group) tgt = i;
            }
        }
        int root0 = atoi(m->p->code) / (strlen(m->p->code) == 4 ? 100 : 10);
        if (tgt < 0 && !passive) {
            int loc_fallback = -1;
            int object_noun = 0; /* a non-actor object came first: "released a summary of ..." */
            for (uint32_t t = m->end; t < c->te; t++) {
                int32_t i = c->tok_np[t - c->tb];
                if (i >= 0 && object_noun && !linked_to_object(c, c->nps[i].b)) break;
                /* a meeting verb with a thing as its object is no meeting: "meet its financial
                 * obligations to the United States", "to meet pressure on West Germany" */
                if (i >= 0 && object_noun && root0 == 4 && !m->p->noun && m->end == h + 1 && tok_in(c, h, MEET_FORMS)) break;
                /* material cooperation with a thing made by someone: "released a summary of a call
                 * made by Trump" gives nothing to Trump */
                if (i >= 0 && object_noun && root0 >= 5 && root0 <= 8 && c->nps[i].b > c->tb &&
                    word_eq(c, c->nps[i].b - 1, "by"))
                    break;
                if (i < 0 && is_content_word(c, t)) object_noun = 1;
                if (m->p->noun && t > m->end + 5) break; /* "talks with X", "attack on Y": close by */
                if (i >= 0 && m->p->noun && !(c->nps[i].b > c->tb && tok_in(c, c->nps[i].b - 1, PREPOSITIONS)) &&
                    !(c->nps[i].b > c->tb + 1 && tok_in(c, c->nps[i].b - 1, DETERMINERS) && tok_in(c, c->nps[i].b - 2, PREPOSITIONS)))
                    break;
                if (i >= 0) {
                    if (c->nps[i].group == c->nps[src].group) { t = c->nps[i].e - 1; continue; }
                    if (c->nps[i].loc) {
                        /* a place is a target for a visit (not a meeting "in Washington"), a pattern ending in its preposition
                         * ("arrives in Indonesia") and conflict or investigation there ("re-examine the
                         * refineries in Iran", CAMEO's convention); cooperation "to allow clubs in
                         * England" is not aimed at England; a statement is aimed at a place only when it
                         * claims an act there ("claimed an attack ... in Kenya's capital"; not "in
                         * Navalny's blood", "a base in Zaire") */
                        int visit = !strncmp(m->p->code, "042", 3) || !strncmp(m->p->code, "043", 3) || !strncmp(m->p->code, "044", 3);
                        int place = c->nps[i].has_country && !c->nps[i].is_actor && !c->nps[i].has_agent;
                        if (loc_fallback < 0 && ((root0 <= 1 && place && !strncmp(m->p->code, "015", 3)) || visit || root0 >= 9 || (c->nps[i].b == m->end && m->end > h + 1)))
                            loc_fallback = i;
                        t = c->nps[i].e - 1;
                        continue;
                    }
                    /* cooperation with things, not actors: "met the Venezuelan criteria", "meet U.S. demands" */
                    uint32_t after = c->nps[i].e;
                    /* "offer UK university courses": a singular sector word modifying a noun */
                    const nm_token *last = &d->toks.v[c->nps[i].e - 1];
                    if (root0 <= 8 && c->nps[i].has_agent && c->nps[i].has_country && !c->nps[i].is_actor && (last->flags & NM_TF_LOWER) &&
                        d->text[last->end - 1] != 's' && after < c->te && is_content_word(c, after) && !ends_ing(d, after) &&
                        !ends_ed(d, after) && !(after + 1 < c->te && word_eq(c, after + 1, "to")))
                        break;
                    if (root0 <= 8 && !(c->nps[i].has_agent && c->nps[i].has_country) && after < c->te && (d->toks.v[after].flags & NM_TF_LOWER) &&
                        !tok_in(c, after, PREPOSITIONS) && !tok_in(c, after, CLAUSE_BREAK) && !tok_in(c, after, COORD_WORDS) &&
                        !tok_in(c, after, BE_FORMS) && !tok_in(c, after, MODALS) && !tok_in(c, after, FUTURES) &&
                        !tok_in(c, after, ADVERBIALS) && !ends_ly(d, after))
                        break;
                    /* talks with what belongs to an actor: "negotiated with the Philippines'
                     * commercial creditors" (praise or support for "X's policies" does target X) */
                    if (root0 == 4 && possessor_np(c, &c->nps[i])) break;
                    /* "declared the government would ask": the subject of the statement's clause */
                    if (root0 == 1 && after < c->te && (tok_in(c, after, MODALS) || tok_in(c, after, FUTURES) ||
                                                        word_eq(c, after, "has") || word_eq(c, after, "had") ||
                                                        word_eq(c, after, "have") || tok_in(c, after, BE_FORMS)))
                        break;
                    tgt = i;
                    break;
                }
                /* "vowed to run their deficits below the EU cap": an infinitive starts a new clause */
                if (word_eq(c, t, "to") && t + 1 < c->te && (d->toks.v[t + 1].flags & NM_TF_LOWER) &&
                    !tok_in(c, t + 1, DETERMINERS) && c->tok_np[t + 1 - c->tb] < 0)
                    break;
                /* "pledged funds and Syria is taxing": "and" after a non-actor joins clauses */
                if (tok_in(c, t, COORD_WORDS) && t > m->end && c->tok_np[t - 1 - c->tb] < 0) break;
                if (hard_break(d, t) || is_punct(d, t, ',') || c->say_tok[t - c->tb]) break;
                if (tok_in(c, t, CLAUSE_BREAK)) break;
                /* another event verb starts its own clause */
                int other = 0;
                for (size_t mj = mi + 1; mj < c->nms; mj++)
                    if (c->ms[mj].head == t && !c->ms[mj].p->noun) other = 1;
                if (other) break;
            }
            if (tgt < 0 && loc_fallback >= 0) tgt = loc_fallback;
        }
        {
            int r0 = atoi(m->p->code) / (strlen(m->p->code) == 4 ? 100 : 10);
            int force_threat = !strcmp(m->p->code, "138") || !strcmp(m->p->code, "139");
            int has_place = 0;
            for (uint32_t t = m->end; t + 1 < c->te && t < m->end + 12 && !has_place; t++) {
                if (hard_break(d, t)) break;
                if ((word_eq(c, t, "in") || word_eq(c, t, "at") || word_eq(c, t, "near")) &&
                    (d->toks.v[t + 1].flags & NM_TF_UPPER) && !tok_in(c, t + 1, WEEKDAYS_MONTHS))
                    has_place = 1;
            }
            /* a reported attack is kept without a target: it is a claim ("said Ukraine had tried to attack") */
            int vouched = reporter >= 0 || alleged_by >= 0;
            if (tgt < 0 && !(((r0 >= 14 && r0 <= 20 && r0 != 16 && r0 != 17) && (has_place || (vouched && r0 >= 18))) || force_threat)) {
                /* restraint: without a target only protests, force posture and agreements or
                 * meetings within a group ("The US, Russia and Switzerland met") */
                int group_n = 0;
                for (size_t i = 0; i < c->nnp; i++) group_n += c->nps[i].group == c->nps[src].group;
                if (!((r0 >= 3 && r0 <= 5) && group_n >= 2 && !m->p->noun && !passive && tok_in(c, h, SYMMETRIC_HEADS))) continue;
            }
            if (m->p->swap && tgt >= 0) { int tmp = src; src = tgt; tgt = tmp; }
        }
        /* flags */
        uint8_t negated = 0, mood = NM_MOOD_ASSERTED;
        int threat = 0;
        uint32_t from = h > cs + 5 ? h - 5 : cs;
        for (uint32_t t = from; t < h; t++) {
            if (c->tok_np[t - c->tb] >= 0) continue;
            if (tok_in(c, t, NEGATORS)) negated = 1;
            if (tok_in(c, t, MODALS)) mood = NM_MOOD_HYPOTHETICAL;
            if (tok_in(c, t, FUTURES) && mood == NM_MOOD_ASSERTED) mood = NM_MOOD_FUTURE;
            if (word_eq(c, t, "about") && t + 1 < h && word_eq(c, t + 1, "to") && mood == NM_MOOD_ASSERTED) mood = NM_MOOD_FUTURE;
            if (word_eq(c, t, "to") && t > c->tb && (tok_in(c, t - 1, INTENT_VERBS) || tok_in(c, t - 1, THREAT_VERBS))) {
                mood = NM_MOOD_HYPOTHETICAL;
                if (tok_in(c, t - 1, THREAT_VERBS)) threat = 1;
            }
        }
        /* "there is no evidence to support", "has no plans to attack": the negator belongs to a
         * noun and the verb is its complement, which states no event */
        if (h >= c->tb + 3 && word_eq(c, h - 1, "to") && (d->toks.v[h - 2].flags & NM_TF_LOWER) &&
            (word_eq(c, h - 3, "no") || (h >= c->tb + 4 && word_eq(c, h - 4, "no") && (d->toks.v[h - 3].flags & NM_TF_LOWER))))
            continue;
        if (intent_head[mi] != UINT32_MAX) {
            if (tok_in(c, intent_head[mi], THREAT_VERBS)) threat = 1;
            mood = NM_MOOD_HYPOTHETICAL;
        }
        const char *code = m->p->code;
        char codebuf[8];
        int root = (code[0] - '0') * 10 + (code[1] - '0');
        if (sports && ((root >= 11 && root <= 13) || root >= 17)) continue;
        if (teams && c->nps[src].has_country && !c->nps[src].has_agent && !c->nps[src].is_actor) continue;
        if (negated && root == 4) continue; /* "had not met": no meeting, and no rejection either */
        /* "did not clash", "will not attack": a conflict that did not happen is no event (CAMEO codes
         * only negated cooperation, as rejection) */
        if (negated && root >= 9) continue;
        if (threat && root >= 18 && root <= 20) code = "138";
        else if (negated && root >= 3 && root <= 8) {
            snprintf(codebuf, sizeof codebuf, "%s", (root == 6 || root == 7) ? "121" : "120");
            code = codebuf;
        }
        /* events: every source of the group with every target of its group */
        int srcs[MAX_PAIRS], tgts[MAX_PAIRS], ns = 0, nt = 0;
        for (size_t i = 0; i < c->nnp && ns < MAX_PAIRS; i++)
            if (c->nps[i].group == c->nps[src].group && !c->nps[i].loc == !c->nps[src].loc) srcs[ns++] = (int)i;
        if (tgt >= 0)
            for (size_t i = 0; i < c->nnp && nt < MAX_PAIRS; i++)
                if (c->nps[i].group == c->nps[tgt].group) tgts[nt++] = (int)i;
        int symmetric = tgt < 0 && ns >= 2 && !passive && (root == 3 || root == 4 || root == 5) &&
                        tok_in(c, h, SYMMETRIC_HEADS);
        int reciprocal = tgt >= 0 && (!strcmp(code, "046") || !strcmp(code, "043"));
        for (int a = 0; a < ns; a++) {
            int nloop = symmetric ? ns : (nt ? nt : 1);
            for (int b = 0; b < nloop; b++) {
                int ti = symmetric ? srcs[b] : (nt ? tgts[b] : -1);
                if (symmetric && ti == srcs[a]) continue;
                nm_event ev;
                memset(&ev, 0, sizeof ev);
                set_actor(c, &ev.source, srcs[a]);
                if (ti >= 0) set_actor(c, &ev.target, ti);
                if (ev.target.set && !strcmp(ev.target.code, ev.source.code)) continue;
                /* "Trump withdrew the US from the treaty": an actor acting for its own country
                 * does not act on it (a domestic target has a sector: USAGOV → USALEG) */
                if (ti >= 0 && c->nps[ti].has_country && !c->nps[ti].has_agent && !c->nps[ti].is_actor && !c->nps[ti].demonym &&
                    strlen(ev.target.code) == 3 && strlen(ev.source.code) > 3 && !strncmp(ev.source.code, ev.target.code, 3))
                    continue;
                /* restraint: an event between actors of unknown countries counts for no one */
                if (!strncmp(ev.source.code, "---", 3) && (!ev.target.set || !strncmp(ev.target.code, "---", 3))) continue;
                /* restraint: a company or media outlet of no known country ("the company", "banks",
                 * "the news agency") is a market or a messenger, not a political actor */
                if (stateless_business(ev.source.code) || (ev.target.set && stateless_business(ev.target.code))) continue;
                /* restraint: companies and banks trade, they are not political or social actors
                 * ("talks with the Philippines' creditor banks", "a bank spokesman declined") */
                if (business_actor(ev.source.code) || (ev.target.set && business_actor(ev.target.code))) continue;
                if (company_name(ev.source.name) || (ev.target.set && company_name(ev.target.name))) continue;
                set_code(c->r, &ev, code);
                ev.start = d->toks.v[h].start;
                ev.end = d->toks.v[m->end - 1].end;
                ev.sent = sent;
                ev.head_tok = h;
                ev.nominal = m->p->noun;
                ev.negated = negated;
                ev.mood = mood;
                ev.alleged_by = alleged_by;
                if (date) {
                    snprintf(ev.date, sizeof ev.date, "%s", date);
                    shift_for_offset_clause(c, h, ev.date);
                }
                if (alleged_by >= 0) ev.reporter = set->v.v[alleged_by].source;
                else if (reporter >= 0 && reporter != srcs[a]) {
                    set_actor(c, &ev.reporter, reporter);
                    if ((ev.reporter.entity >= 0 && ev.reporter.entity == ev.source.entity) ||
                        !strcmp(ev.reporter.name, ev.source.name))
                        memset(&ev.reporter, 0, sizeof ev.reporter);
                }
                /* place: "in Florida", "at Mar-a-Lago" after the pattern */
                for (uint32_t t = m->end; t + 1 < c->te && t < m->end + 10; t++) {
                    if (hard_break(d, t)) break;
                    if ((word_eq(c, t, "in") || word_eq(c, t, "at")) && (d->toks.v[t + 1].flags & NM_TF_UPPER) &&
                        !tok_in(c, t + 1, WEEKDAYS_MONTHS)) {
                        uint32_t e = t + 1;
                        while (e < c->te && e < t + 5 && (d->toks.v[e].flags & NM_TF_UPPER)) e++;
                        ev.place_start = d->toks.v[t + 1].start;
                        ev.place_end = d->toks.v[e - 1].end;
                        break;
                    }
                }
                /* one event per (source, target, root) in a sentence */
                int dup = 0;
                for (size_t k = first_ev; k < set->v.n; k++) {
                    const nm_event *o = &set->v.v[k];
                    if (!strcmp(o->root, ev.root) && !strcmp(o->source.code, ev.source.code) &&
                        o->target.set == ev.target.set && (!o->target.set || !strcmp(o->target.code, ev.target.code)))
                        dup = 1;
                }
                if (!dup) NM_VEC_PUSH(&d->arena, set->v, ev);
                if (!dup && reciprocal && ev.target.set && strncmp(ev.target.code, "---", 3) && strncmp(ev.source.code, "---", 3)) {
                    nm_event rev = ev;
                    rev.source = ev.target;
                    rev.target = ev.source;
                    if (!strcmp(code, "043")) set_code(c->r, &rev, "042"); /* the guest makes a visit */
                    NM_VEC_PUSH(&d->arena, set->v, rev);
                }
            }
        }
    }
}

static const char *const DENY_CUES[] = {"deny", "denies", "denied", "denying", "denial", "denials", "fabrication", "fabricated",
                                         "false", "lie", "lies", "baseless", "fake", "hoax", "untrue", "nonsense",
                                         "groundless", "unfounded", "refuted", "refutes", "refute", "rejected", "rejects",
                                         "dismissed", "dismisses", NULL};
static const char *const QUESTION_CUES[] = {"questioned", "questions", "doubt", "doubts", "doubted", "skeptical", "sceptical",
                                             "unverified", "unconfirmed", NULL};
static const char *const CLAIM_NOUNS[] = {"claim", "claims", "allegation", "allegations", "accusation", "accusations",
                                           "report", "reports", "assertion", "assertions", "story", NULL};

/* Denials and doubts in the sentence, with their speaker and what they are about. */
static void find_stances(ctx *c, uint32_t sent, nm_event_set *set, int last_speaker_valid, const nm_event_actor *last_speaker)
{
    nm_doc *d = c->d;
    for (uint32_t t = c->tb; t < c->te; t++) {
        int deny = tok_in(c, t, DENY_CUES), question = !deny && tok_in(c, t, QUESTION_CUES);
        if (!deny && !question) continue;
        /* "rejected"/"dismissed" deny only when they take a claim as object */
        if (tok_in_scan(c, t, (const char *const[]){"rejected", "rejects", "dismissed", "dismisses", "questions", NULL})) {
            int obj = 0;
            for (uint32_t k = t + 1; k < c->te && k < t + 6; k++)
                if (tok_in(c, k, CLAIM_NOUNS)) obj = 1;
            if (!obj) continue;
        }
        /* what it is about: an event noun or a claim noun in the sentence */
        int root = -1;
        for (size_t mi = 0; mi < c->nms; mi++)
            if (!c->ms[mi].p->say) { root = atoi(c->ms[mi].p->code) / (strlen(c->ms[mi].p->code) == 4 ? 100 : 10); break; }
        if (root < 0)
            for (uint32_t k = c->tb; k < c->te; k++)
                if (tok_in(c, k, CLAIM_NOUNS)) { root = 0; break; }
        if (root < 0) continue;
        nm_stance st;
        memset(&st, 0, sizeof st);
        st.stance = deny ? NM_STANCE_DENIES : NM_STANCE_QUESTIONS;
        st.root = root;
        st.sent = sent;
        st.start = d->toks.v[t].start;
        st.end = d->toks.v[t].end;
        uint32_t bnd;
        uint32_t cs = clause_start(c, t, &bnd);
        int sp = first_np_in(c, cs, t, 0);
        if (sp < 0 && cs > c->tb) sp = first_np_in(c, c->tb, t, 0);
        if (sp >= 0 && !(c->nps[sp].b > c->tb && tok_in_scan(c, c->nps[sp].b - 1, (const char *const[]){"on", "of", "against", NULL})))
            set_actor(c, &st.speaker, sp);
        else {
            /* a pronoun subject: the entity layer, else the last speaker */
            for (uint32_t k = c->tb; k < t; k++) {
                if (!tok_in(c, k, PRONOUNS)) continue;
                int32_t e = nm_entity_resolve(d, k, k + 1);
                const nm_entity *en = nm_entity_by_index(d, e);
                if (en) {
                    st.speaker.set = 1;
                    st.speaker.entity = e;
                    st.speaker.name = en->name;
                    char *code = nm_arena_alloc(&d->arena, 24);
                    snprintf(code, 24, "%s%s", en->country[0] ? en->country : "---", en->sector);
                    st.speaker.code = en->country[0] ? code : NULL;
                    st.speaker.start = d->toks.v[k].start;
                    st.speaker.end = d->toks.v[k].end;
                } else if (last_speaker_valid) {
                    st.speaker = *last_speaker;
                }
                break;
            }
        }
        NM_VEC_PUSH(&d->arena, set->stances, st);
        break; /* one stance per sentence */
    }
}

int nm_events_is_say_verb(const nm_doc *d, uint32_t tok)
{
    const struct nm_event_res *r = d->eng ? d->eng->event_res : NULL;
    if (!r || tok >= d->toks.n) return 0;
    char buf[64];
    if (nm_tok_len(&d->toks.v[tok]) >= sizeof buf) return 0;
    size_t n = fold_tok(d, tok, buf, sizeof buf), lo, hi;
    if (!find_forms(r, buf, n, &lo, &hi)) return 0;
    for (size_t i = lo; i < hi; i++)
        if (r->pats[r->forms[i].pat].say) return 1;
    return 0;
}

/* The table behind tok_in: every word of every list in WORD_LISTS with the bits of its lists. */
static int build_word_lists(struct nm_event_res *r)
{
    static const char *const *const LISTS[] = {
#define WL_PTR(NAME) NAME,
        WORD_LISTS(WL_PTR)
#undef WL_PTR
    };
    size_t total = 0;
    for (int l = 0; l < WL_COUNT; l++)
        for (int i = 0; LISTS[l][i]; i++) total++;
    r->nwords = 64;
    while (r->nwords < total * 2) r->nwords *= 2;
    r->words = calloc(r->nwords, sizeof *r->words);
    if (!r->words) return -1;
    for (int l = 0; l < WL_COUNT; l++) {
        for (int i = 0; LISTS[l][i]; i++) {
            const char *w = LISTS[l][i];
            size_t n = strlen(w);
            uint64_t h = nm_hash_bytes(w, n, NM_HASH_SEED);
            size_t j = h & (r->nwords - 1);
            while (r->words[j].word && !(r->words[j].len == n && !memcmp(r->words[j].word, w, n)))
                j = (j + 1) & (r->nwords - 1);
            r->words[j].word = w;
            r->words[j].len = n;
            r->words[j].hash = h;
            r->words[j].mask |= (uint32_t)1 << l;
        }
    }
    return 0;
}

/* The lists of WORD_LISTS holding folded token f (n bytes, hash h); tokens of 32 bytes or more are
 * in none (as tok_in_scan has it). */
static uint32_t word_lists_of(const struct nm_event_res *r, const char *f, size_t n, uint64_t h)
{
    for (size_t j = h & (r->nwords - 1);; j = (j + 1) & (r->nwords - 1)) {
        const word_slot *ws = &r->words[j];
        if (!ws->word) return 0;
        if (ws->hash == h && ws->len == n && !memcmp(ws->word, f, n)) return ws->mask;
    }
}

static void run(nm_doc *d)
{
    nm_event_set *set = nm_arena_zalloc(&d->arena, sizeof *set);
    d->events = set;
    const struct nm_event_res *r = d->eng ? d->eng->event_res : NULL;
    if (!r) return;
    name_cache nc;
    memset(&nc, 0, sizeof nc);
    nm_event_actor last_speaker;
    memset(&last_speaker, 0, sizeof last_speaker);
    int have_speaker = 0;
    int32_t ymd = d->date.y ? d->date.y * 10000 + d->date.m * 100 + d->date.d : 0;
    /* fold every short token once (see tok_fold) */
    size_t fold_cap = 1;
    for (size_t t = 0; t < d->toks.n; t++) {
        uint32_t len = nm_tok_len(&d->toks.v[t]);
        if (len < FOLD_MAX) fold_cap += len + 1;
    }
    char *fold_buf = nm_arena_alloc(&d->arena, fold_cap);
    uint32_t *fold_off = nm_arena_alloc(&d->arena, (d->toks.n + 1) * sizeof *fold_off);
    uint8_t *fold_len = nm_arena_alloc(&d->arena, d->toks.n + 1);
    uint64_t *fold_hash = nm_arena_alloc(&d->arena, (d->toks.n + 1) * sizeof *fold_hash);
    fold_buf[0] = 0;
    size_t fold_used = 1;
    for (size_t t = 0; t < d->toks.n; t++) {
        const nm_token *k = &d->toks.v[t];
        uint32_t len = nm_tok_len(k);
        fold_off[t] = 0; /* longer tokens: the empty string (callers check the length first) */
        fold_len[t] = 0;
        fold_hash[t] = NM_HASH_SEED;
        if (len >= FOLD_MAX) continue;
        fold_off[t] = (uint32_t)fold_used;
        fold_len[t] = (uint8_t)nm_actor_fold(d->text + k->start, len, fold_buf + fold_used, FOLD_MAX);
        fold_hash[t] = nm_hash_bytes(fold_buf + fold_used, fold_len[t], NM_HASH_SEED);
        fold_used += fold_len[t] + 1;
    }
    const nm_actor_tok_cache folds = {fold_buf, fold_off, fold_len, fold_hash, FOLD_MAX};
    uint32_t *wl_mask = nm_arena_alloc(&d->arena, (d->toks.n + 1) * sizeof *wl_mask);
    for (size_t t = 0; t < d->toks.n; t++)
        wl_mask[t] = nm_tok_len(&d->toks.v[t]) < 32 && fold_len[t]
                         ? word_lists_of(r, fold_buf + fold_off[t], fold_len[t], fold_hash[t])
                         : 0;
    for (uint32_t s = 0; s < d->sents.n; s++) {
        const nm_sentence *se = &d->sents.v[s];
        if (se->body_index < 0 || se->tok_end <= se->tok_begin) continue;
        /* very long "sentences" (lists, tables) are cut to keep the work linear */
        uint32_t te = se->tok_end;
        if (te - se->tok_begin > 400) te = se->tok_begin + 400;
        ctx c;
        memset(&c, 0, sizeof c);
        c.d = d;
        c.r = r;
        c.ymd = ymd;
        c.tb = se->tok_begin;
        c.te = te;
        c.folds = &folds;
        c.wl_mask = wl_mask;
        uint32_t n = te - c.tb;
        c.tok_np = nm_arena_alloc(&d->arena, n * sizeof *c.tok_np);
        for (uint32_t i = 0; i < n; i++) c.tok_np[i] = -1;
        c.say_tok = nm_arena_zalloc(&d->arena, n);
        find_nps(&c, &nc);
        find_matches(&c);
        char date[16];
        int has_date = nm_time_sentence_date(d, s, date);
        code_sentence(&c, s, set, has_date ? date : NULL);
        find_stances(&c, s, set, have_speaker, &last_speaker);
        /* the speaker of this sentence, for a pronoun in the next one ("He called it a fabrication") */
        for (uint32_t t = c.tb; t < c.te; t++) {
            if (!c.say_tok[t - c.tb]) continue;
            int sp = reporter_before(&c, t);
            if (sp < 0) sp = first_np_in(&c, t + 1, t + 4 < c.te ? t + 4 : c.te, 0);
            if (sp >= 0) { set_actor(&c, &last_speaker, sp); have_speaker = 1; }
            break;
        }
    }
}

/* ---------------------------------------------------------------- output ---- */

static const char *const MOODS[] = {"asserted", "hypothetical", "future"};

void nm_event_actor_json(nm_json *j, const nm_doc *d, const char *key, const nm_event_actor *a, int with_span)
{
    nm_json_key(j, key);
    if (!a->set) { nm_json_null(j); return; }
    nm_json_obj_begin(j);
    if (a->entity >= 0) nm_entity_json_ref(j, d, a->entity);
    else {
        nm_json_knull(j, "entity");
        nm_json_kcstr(j, "name", a->name);
    }
    nm_json_kcstr(j, "code", a->code);
    if (with_span) {
        nm_json_kint(j, "start", nm_doc_cp(d, a->start));
        nm_json_kint(j, "end", nm_doc_cp(d, a->end));
    }
    nm_json_obj_end(j);
}

static void json(const nm_doc *d, nm_json *j)
{
    nm_json_arr_begin(j);
    const nm_event_set *set = d->events;
    for (size_t i = 0; set && i < set->v.n; i++) {
        const nm_event *ev = &set->v.v[i];
        nm_json_obj_begin(j);
        nm_event_actor_json(j, d, "source", &ev->source, 1);
        nm_event_actor_json(j, d, "target", &ev->target, 1);
        nm_json_kcstr(j, "code", ev->code);
        nm_json_kcstr(j, "root", ev->root);
        nm_json_kint(j, "quad", ev->quad);
        nm_json_knum(j, "goldstein", ev->goldstein);
        nm_json_span_fields(j, d, ev->start, ev->end);
        nm_json_kint(j, "sentence", d->sents.v[ev->sent].body_index);
        if (ev->date[0]) nm_json_kcstr(j, "date", ev->date);
        else nm_json_knull(j, "date");
        if (ev->place_end) nm_json_kstr(j, "place", d->text + ev->place_start, ev->place_end - ev->place_start);
        else nm_json_knull(j, "place");
        nm_json_kbool(j, "negated", ev->negated);
        nm_json_kcstr(j, "mood", MOODS[ev->mood]);
        nm_json_kbool(j, "nominal", ev->nominal);
        nm_event_actor_json(j, d, "reported_by", &ev->reporter, 1);
        nm_json_obj_end(j);
    }
    nm_json_arr_end(j);
}

static int cmp_date(const void *a, const void *b)
{
    const nm_event *const *x = a, *const *y = b;
    int c = strcmp((*x)->date, (*y)->date);
    if (c) return c;
    return (*x)->start < (*y)->start ? -1 : (*x)->start > (*y)->start;
}

static void text(const nm_doc *d, nm_buf *b)
{
    const nm_event_set *set = d->events;
    if (!set || !set->v.n) return;
    nm_buf_puts(b, "\nEvents (timeline)\n-----------------\n");
    const nm_event **order = malloc(set->v.n * sizeof *order);
    if (!order) return;
    for (size_t i = 0; i < set->v.n; i++) order[i] = &set->v.v[i];
    qsort(order, set->v.n, sizeof *order, cmp_date);
    const struct nm_event_res *r = d->eng ? d->eng->event_res : NULL;
    for (size_t i = 0; i < set->v.n; i++) {
        const nm_event *ev = order[i];
        const code_info *ci = r ? code_lookup(r, ev->code) : NULL;
        nm_buf_printf(b, "  %-10s %s (%s) %s [%s %s]", ev->date[0] ? ev->date : "(undated)", ev->source.name,
                      ev->source.code, ci ? ci->name : "event", ev->code, ev->negated ? "negated" : MOODS[ev->mood]);
        if (ev->target.set) nm_buf_printf(b, " -> %s (%s)", ev->target.name, ev->target.code);
        if (ev->reporter.set) nm_buf_printf(b, ", according to %s", ev->reporter.name);
        nm_buf_printf(b, ": \"%.*s\"\n", (int)(ev->end - ev->start), d->text + ev->start);
    }
    free(order);
}

const nm_stage nm_stage_events = {"events", init, fini, run, "events", json, text};
