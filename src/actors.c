/*
 * actors.c — the actor dictionary behind event coding (see actors.h): built-in lexicons plus the
 * PETRARCH/TABARI actor and agent dictionary formats, held in one hash table of folded phrases.
 *
 * The PETRARCH formats are read leniently (they were written by hand over decades): anything that
 * does not parse is skipped, never an error, so a user can load the community's dictionaries as
 * they are. The reader is fuzzed (fuzz/fuzz_dict.c).
 */
#include "actors.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

enum { MAX_PHRASE_TOKENS = 8, MAX_KEY = 256, FILTER_BITS = 1 << 19 };

typedef struct igo_map {
    char *short_code, *cameo;
} igo_map;

/* A slot of the phrase table with the high half of its phrase's hash (see hash_tag): a probe
 * compares the tag before touching the entry, so a miss (most tokens of a text) costs one cache
 * line, no pointer chase and no string comparison. */
typedef struct actor_slot {
    nm_actor_def *def;      /* NULL = empty */
    uint32_t tag;
} actor_slot;
typedef struct prefix_slot {
    char *p;                /* NULL = empty */
    uint32_t len, tag;
} prefix_slot;

struct nm_actor_dict {
    actor_slot *slots;      /* open addressing */
    size_t cap, n;
    uint32_t max_words;
    igo_map *igos;
    size_t nigos;
    /* every proper prefix of a phrase ("united", "united arab"): the scan stops extending a
     * candidate as soon as it is no prefix, so most tokens cost one look-up */
    prefix_slot *prefixes;
    size_t pcap, pn;
    /* one bit per hash value (see filter_bit) for the phrases and for the prefixes: the tables are
     * larger than the CPU caches, and most tokens of a text are in neither, so a clear bit
     * answers "no" without a cache miss in the table */
    uint64_t phrase_filter[FILTER_BITS / 64], prefix_filter[FILTER_BITS / 64];
};

static size_t filter_bit(uint64_t h) { return (size_t)(h >> 40) & (FILTER_BITS - 1); }
static int filter_has(const uint64_t *f, uint64_t h) { return (f[filter_bit(h) / 64] >> (filter_bit(h) % 64)) & 1; }
static void filter_add(uint64_t *f, uint64_t h) { f[filter_bit(h) / 64] |= (uint64_t)1 << (filter_bit(h) % 64); }

static uint32_t hash_tag(uint64_t h) { return (uint32_t)(h >> 32); }

size_t nm_actor_fold(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) {
            buf[o++] = '\'';
            i += 2;
            continue;
        }
        buf[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    buf[o] = 0;
    return o;
}

nm_actor_dict *nm_actor_dict_new(void)
{
    nm_actor_dict *ad = calloc(1, sizeof *ad);
    if (!ad) return NULL;
    ad->cap = 1024;
    ad->slots = calloc(ad->cap, sizeof *ad->slots);
    if (!ad->slots) { free(ad); return NULL; }
    return ad;
}

static void free_def(nm_actor_def *d)
{
    for (int k = 0; k < d->ncodes; k++) free((char *)d->codes[k].code);
    free((char *)d->phrase);
    free((char *)d->orig);
    free(d);
}

void nm_actor_dict_free(nm_actor_dict *ad)
{
    if (!ad) return;
    for (size_t i = 0; i < ad->cap; i++)
        if (ad->slots[i].def) free_def(ad->slots[i].def);
    free(ad->slots);
    for (size_t i = 0; i < ad->nigos; i++) { free(ad->igos[i].short_code); free(ad->igos[i].cameo); }
    free(ad->igos);
    for (size_t i = 0; i < ad->pcap; i++) free(ad->prefixes[i].p);
    free(ad->prefixes);
    free(ad);
}

size_t nm_actor_dict_size(const nm_actor_dict *ad) { return ad ? ad->n : 0; }

/* h is nm_hash_bytes(key, n, NM_HASH_SEED): the phrase and prefix tables share it, so the
 * matcher hashes each candidate key once for both. */
static nm_actor_def *lookup_hashed(const nm_actor_dict *ad, const char *key, size_t n, uint64_t h)
{
    if (!filter_has(ad->phrase_filter, h)) return NULL;
    uint32_t tag = hash_tag(h);
    for (size_t i = h & (ad->cap - 1);; i = (i + 1) & (ad->cap - 1)) {
        const actor_slot *sl = &ad->slots[i];
        if (!sl->def) return NULL;
        if (sl->tag == tag && sl->def->plen == n && memcmp(sl->def->phrase, key, n) == 0) return sl->def;
    }
}

static nm_actor_def *lookup(const nm_actor_dict *ad, const char *key, size_t n)
{
    return lookup_hashed(ad, key, n, nm_hash_bytes(key, n, NM_HASH_SEED));
}

static int is_prefix_hashed(const nm_actor_dict *ad, const char *key, size_t n, uint64_t h)
{
    if (!ad->pcap || !filter_has(ad->prefix_filter, h)) return 0;
    uint32_t tag = hash_tag(h);
    for (size_t i = h & (ad->pcap - 1);; i = (i + 1) & (ad->pcap - 1)) {
        const prefix_slot *sl = &ad->prefixes[i];
        if (!sl->p) return 0;
        if (sl->tag == tag && sl->len == n && memcmp(sl->p, key, n) == 0) return 1;
    }
}

static int is_prefix(const nm_actor_dict *ad, const char *key, size_t n)
{
    return is_prefix_hashed(ad, key, n, nm_hash_bytes(key, n, NM_HASH_SEED));
}

static int add_prefix(nm_actor_dict *ad, const char *key, size_t n)
{
    if (is_prefix(ad, key, n)) return 0;
    if ((ad->pn + 1) * 2 > ad->pcap) {
        size_t nc = ad->pcap ? ad->pcap * 2 : 256;
        prefix_slot *ns = calloc(nc, sizeof *ns);
        if (!ns) return -1;
        for (size_t i = 0; i < ad->pcap; i++) {
            const prefix_slot *old = &ad->prefixes[i];
            if (!old->p) continue;
            size_t j = nm_hash_bytes(old->p, old->len, NM_HASH_SEED) & (nc - 1);
            while (ns[j].p) j = (j + 1) & (nc - 1);
            ns[j] = *old;
        }
        free(ad->prefixes);
        ad->prefixes = ns;
        ad->pcap = nc;
    }
    char *c = strndup(key, n);
    if (!c) return -1;
    uint64_t h = nm_hash_bytes(key, n, NM_HASH_SEED);
    size_t j = h & (ad->pcap - 1);
    while (ad->prefixes[j].p) j = (j + 1) & (ad->pcap - 1);
    ad->prefixes[j] = (prefix_slot){c, (uint32_t)n, hash_tag(h)};
    filter_add(ad->prefix_filter, h);
    ad->pn++;
    return 0;
}

static int grow(nm_actor_dict *ad)
{
    size_t nc = ad->cap * 2;
    actor_slot *ns = calloc(nc, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < ad->cap; i++) {
        const actor_slot *old = &ad->slots[i];
        if (!old->def) continue;
        size_t j = nm_hash_bytes(old->def->phrase, strlen(old->def->phrase), NM_HASH_SEED) & (nc - 1);
        while (ns[j].def) j = (j + 1) & (nc - 1);
        ns[j] = *old;
    }
    free(ad->slots);
    ad->slots = ns;
    ad->cap = nc;
    return 0;
}

/* Normalise a dictionary phrase: '_' and runs of blanks → one space, trimmed. Writes the phrase as
 * written (orig) and folded (key). Returns the folded length, 0 when empty. */
static size_t normalise_phrase(const char *s, size_t n, char *orig, char *key, uint32_t *words)
{
    size_t o = 0;
    *words = 0;
    int space = 1;
    for (size_t i = 0; i < n && o + 2 < MAX_KEY; i++) {
        char c = s[i];
        if (c == '_' || c == ' ' || c == '\t') {
            if (!space) { orig[o++] = ' '; space = 1; }
            continue;
        }
        if (space) (*words)++;
        space = 0;
        orig[o++] = c;
    }
    while (o && orig[o - 1] == ' ') o--;
    orig[o] = 0;
    return nm_actor_fold(orig, o, key, MAX_KEY);
}

/* Add or extend an entry. Returns 1 when added, 0 when skipped, -1 when out of memory. */
static int add_def(nm_actor_dict *ad, const char *phrase, size_t plen, uint8_t kind, uint8_t casing,
                   uint8_t prefix, uint8_t stem, uint8_t user, const nm_actor_code *codes, int ncodes)
{
    char orig[MAX_KEY], key[MAX_KEY];
    uint32_t words;
    size_t kn = normalise_phrase(phrase, plen, orig, key, &words);
    if (!kn || ncodes <= 0 || words > MAX_PHRASE_TOKENS) return 0;
    nm_actor_def *old = lookup(ad, key, kn);
    if (old) {
        /* a user dictionary replaces the built-in entry; otherwise the first entry wins */
        if (!user || old->user) return 0;
    }
    nm_actor_def *d = calloc(1, sizeof *d);
    if (!d) return -1;
    d->phrase = strdup(key);
    d->plen = (uint16_t)kn;
    d->orig = strdup(orig);
    if (!d->phrase || !d->orig) { free_def(d); return -1; }
    d->kind = kind;
    d->casing = casing;
    d->agent_prefix = prefix;
    d->stem = stem;
    d->user = user;
    for (int k = 0; k < ncodes && k < 6; k++) {
        d->codes[k] = codes[k];
        d->codes[k].code = strdup(codes[k].code);
        if (!d->codes[k].code) { free_def(d); return -1; }
        d->ncodes++;
    }
    if (old) {
        uint64_t h = nm_hash_bytes(key, kn, NM_HASH_SEED);
        for (size_t i = h & (ad->cap - 1);; i = (i + 1) & (ad->cap - 1))
            if (ad->slots[i].def == old) { free_def(old); ad->slots[i].def = d; return 1; }
    }
    if ((ad->n + 1) * 2 > ad->cap && grow(ad) != 0) { free_def(d); return -1; }
    for (size_t k = 0; k < kn; k++)
        if (key[k] == ' ' && add_prefix(ad, key, k) != 0) { free_def(d); return -1; }
    uint64_t h = nm_hash_bytes(key, kn, NM_HASH_SEED);
    size_t i = h & (ad->cap - 1);
    while (ad->slots[i].def) i = (i + 1) & (ad->cap - 1);
    ad->slots[i] = (actor_slot){d, hash_tag(h)};
    filter_add(ad->phrase_filter, h);
    ad->n++;
    if (words > ad->max_words) ad->max_words = words;
    return 1;
}

const char *nm_actor_igo_code(const nm_actor_dict *ad, const char *igo)
{
    for (size_t i = 0; ad && i < ad->nigos; i++)
        if (!strcmp(ad->igos[i].short_code, igo)) return ad->igos[i].cameo;
    return NULL;
}

static uint8_t builtin_casing(const char *name)
{
    int upper = 0, lower = 0, dot = 0;
    for (const char *p = name; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') upper++;
        else if (*p >= 'a' && *p <= 'z') lower++;
        else if (*p == '.') dot = 1;
    }
    if (upper && !lower && (upper <= 5 || dot)) return NM_ACT_CASE_EXACT;
    return upper ? NM_ACT_CASE_CAP : NM_ACT_CASE_ANY;
}

/* Regular English plural forms of a (folded or upper-case) noun. */
static int plural_of(const char *w, size_t n, char *out, size_t cap)
{
    if (n == 0 || n + 3 >= cap) return 0;
    memcpy(out, w, n);
    char last = (char)tolower((unsigned char)w[n - 1]);
    char prev = n > 1 ? (char)tolower((unsigned char)w[n - 2]) : 0;
    int up = isupper((unsigned char)w[n - 1]);
    if (last == 'y' && prev && !strchr("aeiou", prev)) {
        memcpy(out + n - 1, up ? "IES" : "ies", 3);
        out[n + 2] = 0;
        return 1;
    }
    if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'))) {
        memcpy(out + n, up ? "ES" : "es", 2);
        out[n + 2] = 0;
        return 1;
    }
    if (n > 3 && last == 'n' && prev == 'a' && tolower((unsigned char)w[n - 3]) == 'm') {
        /* man → men (chairman, congressman) */
        out[n - 2] = up ? 'E' : 'e';
        out[n] = 0;
        return 1;
    }
    out[n] = up ? 'S' : 's';
    out[n + 1] = 0;
    return 1;
}

int nm_actor_dict_add_builtin(nm_actor_dict *ad, char *err, size_t errlen)
{
    static const char *const files[] = {"lexicons/cameo-igos.txt", "lexicons/countries.txt",
                                        "lexicons/cameo-actors.txt", "lexicons/cameo-agents.txt"};
    nm_lexicon *lx[4] = {0};
    for (int f = 0; f < 4; f++) {
        lx[f] = nm_lexicon_load(files[f], NM_LEX_EXACT);
        if (!lx[f]) {
            if (err) snprintf(err, errlen, "cannot load embedded resource %s", files[f]);
            for (int g = 0; g < f; g++) nm_lexicon_free(lx[g]);
            return -1;
        }
    }
    int rc = 0;
    /* IGO short codes → CAMEO codes */
    size_t ni = nm_lexicon_size(lx[0]);
    ad->igos = calloc(ni ? ni : 1, sizeof *ad->igos);
    if (!ad->igos) rc = -1;
    for (size_t i = 0; rc == 0 && i < ni; i++) {
        const char *v = nm_lexicon_value(lx[0], i);
        if (!*v) continue;
        igo_map *m = &ad->igos[ad->nigos];
        m->short_code = strdup(nm_lexicon_key(lx[0], i));
        m->cameo = strdup(v);
        if (!m->short_code || !m->cameo) { free(m->short_code); free(m->cameo); rc = -1; break; }
        ad->nigos++;
    }
    /* countries: name → CODE[<TAB>kind] */
    for (size_t i = 0; rc == 0 && i < nm_lexicon_size(lx[1]); i++) {
        const char *name = nm_lexicon_key(lx[1], i), *v = nm_lexicon_value(lx[1], i);
        char code[32];
        size_t cl = strcspn(v, "\t");
        if (!cl || cl >= sizeof code) continue;
        memcpy(code, v, cl);
        code[cl] = 0;
        const char *igo = nm_actor_igo_code(ad, code);
        nm_actor_code c = {igo ? igo : code, 0, 0};
        if (add_def(ad, name, strlen(name), NM_ACT_COUNTRY, builtin_casing(name), 0, 0, 0, &c, 1) < 0) rc = -1;
        const char *kind = v + cl;
        if (rc == 0 && (!strcmp(kind, "\tcapital") || !strcmp(kind, "\tseat"))) {
            char orig[MAX_KEY], key[MAX_KEY];
            uint32_t words;
            size_t kn = normalise_phrase(name, strlen(name), orig, key, &words);
            nm_actor_def *d = kn ? lookup(ad, key, kn) : NULL;
            if (d && !d->user) d->city = 1;
        }
        if (rc == 0 && !strcmp(kind, "\tdemonym")) {
            char orig[MAX_KEY], key[MAX_KEY];
            uint32_t words;
            size_t kn = normalise_phrase(name, strlen(name), orig, key, &words);
            nm_actor_def *d = kn ? lookup(ad, key, kn) : NULL;
            if (d && !d->user) d->demonym = 1;
        }
    }
    /* named actors: name → full code */
    for (size_t i = 0; rc == 0 && i < nm_lexicon_size(lx[2]); i++) {
        const char *name = nm_lexicon_key(lx[2], i), *v = nm_lexicon_value(lx[2], i);
        if (!*v) continue;
        nm_actor_code c = {v, 0, 0};
        if (add_def(ad, name, strlen(name), NM_ACT_ACTOR, builtin_casing(name), 0, 0, 0, &c, 1) < 0) rc = -1;
    }
    /* agents: word → sector ("GOV"), or "NGO~" for a code that goes before the country */
    for (size_t i = 0; rc == 0 && i < nm_lexicon_size(lx[3]); i++) {
        const char *name = nm_lexicon_key(lx[3], i), *v = nm_lexicon_value(lx[3], i);
        char code[32];
        size_t vl = strlen(v);
        if (!vl || vl >= sizeof code) continue;
        uint8_t prefix = v[vl - 1] == '~';
        const char *s = v[0] == '~' ? v + 1 : v;
        size_t sl = strlen(s) - prefix;
        memcpy(code, s, sl);
        code[sl] = 0;
        nm_actor_code c = {code, 0, 0};
        size_t nl = strlen(name);
        if (add_def(ad, name, nl, NM_ACT_AGENT, NM_ACT_CASE_ANY, prefix, 0, 0, &c, 1) < 0) rc = -1;
        char pl[MAX_KEY];
        if (rc == 0 && plural_of(name, nl, pl, sizeof pl) &&
            add_def(ad, pl, strlen(pl), NM_ACT_AGENT, NM_ACT_CASE_ANY, prefix, 0, 0, &c, 1) < 0)
            rc = -1;
    }
    for (int f = 0; f < 4; f++) nm_lexicon_free(lx[f]);
    if (rc && err) snprintf(err, errlen, "out of memory loading the actor lexicons");
    return rc;
}

/* ---- PETRARCH / TABARI dictionaries ---- */

/* YYMMDD or YYYYMMDD → YYYYMMDD; 0 if not a date. */
static int32_t parse_date(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && isdigit((unsigned char)s[d])) d++;
    if (d != 6 && d != 8) return 0;
    int32_t v = 0;
    for (size_t i = 0; i < d; i++) v = v * 10 + (s[i] - '0');
    if (d == 6) v += (v / 10000 < 30 ? 20000000 : 19000000);
    return v;
}

/* Parse the inside of a code block "[CODE <950601]", "[A/B/C]", "[CODE 19950601 - 19990815]".
 * Appends to codes (max 6); returns the new count. */
static int parse_code_block(const char *s, size_t n, nm_actor_code *codes, int nc, char store[][32])
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i])) i++;
    size_t cs = i;
    while (i < n && !isspace((unsigned char)s[i]) && s[i] != '<' && s[i] != '>') i++;
    size_t ce = i;
    if (ce == cs) return nc;
    int32_t from = 0, to = 0;
    while (i < n && isspace((unsigned char)s[i])) i++;
    if (i < n && (s[i] == '<' || s[i] == '>')) {
        /* "[HOB < 950601]": the date may follow the sign after blanks */
        char sign = s[i++];
        while (i < n && isspace((unsigned char)s[i])) i++;
        int32_t when = parse_date(s + i, n - i);
        if (!when) return nc; /* a malformed restriction: skip the block rather than apply it always */
        if (sign == '<') to = when - 1;
        else from = when;
    } else if (i < n && isdigit((unsigned char)s[i])) {
        from = parse_date(s + i, n - i);
        while (i < n && s[i] != '-') i++;
        if (i < n) {
            i++;
            while (i < n && isspace((unsigned char)s[i])) i++;
            to = parse_date(s + i, n - i);
        }
        if (!from) return nc; /* a malformed date range: skip the block */
    } else if (i < n) {
        return nc; /* junk after the code */
    }
    /* the code: split alternatives A/B/C */
    size_t p = cs;
    while (p < ce && nc < 6) {
        size_t q = p;
        while (q < ce && s[q] != '/') q++;
        size_t l = q - p;
        if (l && l < 32) {
            memcpy(store[nc], s + p, l);
            store[nc][l] = 0;
            for (size_t k = 0; k < l; k++) store[nc][k] = (char)toupper((unsigned char)store[nc][k]);
            codes[nc].code = store[nc];
            codes[nc].from = from;
            codes[nc].to = to;
            nc++;
        }
        p = q + 1;
    }
    return nc;
}

typedef struct group {
    char phrases[16][MAX_KEY];
    int nphr;
    nm_actor_code codes[6];
    char store[6][32];
    int ncodes;
} group;

static int flush_group(nm_actor_dict *ad, group *g)
{
    int added = 0;
    for (int p = 0; p < g->nphr && g->ncodes; p++) {
        const char *ph = g->phrases[p];
        size_t l = strlen(ph);
        uint8_t stem = !(l && ph[l - 1] == '_');
        /* a bare country code (ARN, ---) combines with agents like a country; USAGOV is a full actor */
        int country = 1;
        for (int k = 0; k < g->ncodes; k++)
            if (strlen(g->codes[k].code) > 3) country = 0;
        int r = add_def(ad, ph, l, country ? NM_ACT_COUNTRY : NM_ACT_ACTOR, NM_ACT_CASE_CAP, 0, stem, 1, g->codes,
                        g->ncodes);
        if (r < 0) return -1;
        added += r;
    }
    g->nphr = 0;
    g->ncodes = 0;
    return added;
}

/* Next line of text as [s, s+n), with '#' comments removed and blanks trimmed. */
static const char *next_line(const char *text, size_t len, size_t *pos, size_t *n)
{
    if (*pos >= len) return NULL;
    const char *s = text + *pos;
    const char *nl = memchr(s, '\n', len - *pos);
    size_t l = nl ? (size_t)(nl - s) : len - *pos;
    *pos += l + (nl ? 1 : 0);
    const char *h = memchr(s, '#', l);
    if (h) l = (size_t)(h - s);
    while (l && isspace((unsigned char)s[l - 1])) l--;
    while (l && isspace((unsigned char)*s)) { s++; l--; }
    *n = l;
    return s;
}

/* Next line with content (see actors.h): like next_line, also skipping blank lines and the dictionaries'
 * "<!-- ... -->" comment blocks (*in_comment carries an open block across lines). */
const char *nm_dict_next_entry(const char *text, size_t len, size_t *pos, size_t *n, int *in_comment)
{
    const char *s;
    while ((s = next_line(text, len, pos, n))) {
        if (*in_comment) {
            if (*n >= 3 && memmem(s, *n, "-->", 3)) *in_comment = 0;
            continue;
        }
        if (*n >= 2 && s[0] == '<' && s[1] == '!') {
            if (!memmem(s, *n, ">", 1)) *in_comment = 1;
            continue;
        }
        if (*n) return s;
    }
    return NULL;
}

int nm_actor_dict_read_actors(nm_actor_dict *ad, const char *text, size_t len)
{
    group *g = calloc(1, sizeof *g);
    if (!g) return -1;
    size_t pos = 0, n;
    int in_comment = 0, total = 0;
    const char *s;
    while ((s = nm_dict_next_entry(text, len, &pos, &n, &in_comment))) {
        if (s[0] == '+') {
            if (g->nphr > 0 && g->nphr < 16 && n - 1 < MAX_KEY) {
                memcpy(g->phrases[g->nphr], s + 1, n - 1);
                g->phrases[g->nphr][n - 1] = 0;
                /* "+ALIAS [CODE]" carries its own code in some files: keep the group's */
                char *br = strchr(g->phrases[g->nphr], '[');
                if (br) *br = 0;
                g->nphr++;
            }
            continue;
        }
        if (s[0] == '[') {
            const char *e = memchr(s, ']', n);
            if (g->nphr && e) g->ncodes = parse_code_block(s + 1, (size_t)(e - s - 1), g->codes, g->ncodes, g->store);
            continue;
        }
        int r = flush_group(ad, g);
        if (r < 0) { free(g); return -1; }
        total += r;
        const char *br = memchr(s, '[', n);
        size_t pl = br ? (size_t)(br - s) : n;
        while (pl && isspace((unsigned char)s[pl - 1])) pl--;
        if (!pl || pl >= MAX_KEY) continue;
        memcpy(g->phrases[0], s, pl);
        g->phrases[0][pl] = 0;
        g->nphr = 1;
        if (br) {
            const char *e = memchr(br, ']', n - (size_t)(br - s));
            if (e) g->ncodes = parse_code_block(br + 1, (size_t)(e - br - 1), g->codes, 0, g->store);
        }
    }
    int r = flush_group(ad, g);
    free(g);
    if (r < 0) return -1;
    return total + r;
}

typedef struct macro {
    char name[32];
    char forms[12][48];
    int n;
} macro;

int nm_actor_dict_read_agents(nm_actor_dict *ad, const char *text, size_t len)
{
    macro *macros = calloc(16, sizeof *macros);
    if (!macros) return -1;
    int nmac = 0, total = 0;
    size_t pos = 0, n;
    int in_comment = 0;
    const char *s;
    while ((s = nm_dict_next_entry(text, len, &pos, &n, &in_comment))) {
        const char *eq = memchr(s, '=', n);
        if (s[0] == '!' && eq) {
            /* !PERSON! = MAN, MEN, WOMAN */
            const char *ne = memchr(s + 1, '!', (size_t)(eq - s - 1));
            if (!ne || nmac >= 16 || (size_t)(ne - s + 1) >= sizeof macros[0].name) continue;
            macro *m = &macros[nmac];
            memcpy(m->name, s, (size_t)(ne - s + 1));
            m->name[ne - s + 1] = 0;
            const char *p = eq + 1, *end = s + n;
            while (p < end && m->n < 12) {
                while (p < end && (*p == ' ' || *p == ',')) p++;
                const char *q = p;
                while (q < end && *q != ',') q++;
                size_t l = (size_t)(q - p);
                while (l && p[l - 1] == ' ') l--;
                if (l && l < sizeof m->forms[0]) {
                    memcpy(m->forms[m->n], p, l);
                    m->forms[m->n][l] = 0;
                    m->n++;
                }
                p = q;
            }
            if (m->n) nmac++;
            continue;
        }
        const char *br = memchr(s, '[', n);
        if (!br) continue;
        const char *e = memchr(br, ']', n - (size_t)(br - s));
        if (!e) continue;
        /* the code: "~GOV", "NGO~", " ~COP" */
        char code[32];
        size_t cl = 0;
        uint8_t prefix = 0;
        for (const char *p = br + 1; p < e; p++) {
            if (*p == ' ' || *p == '\t') continue;
            if (*p == '~') { if (cl) prefix = 1; continue; }
            if (cl + 1 < sizeof code) code[cl++] = (char)toupper((unsigned char)*p);
        }
        code[cl] = 0;
        if (!cl) continue;
        /* the phrase and an optional {PLURAL} */
        const char *brace = memchr(s, '{', (size_t)(br - s));
        size_t pl = (size_t)((brace ? brace : br) - s);
        while (pl && isspace((unsigned char)s[pl - 1])) pl--;
        if (!pl || pl >= MAX_KEY - 48) continue;
        char phrase[MAX_KEY];
        memcpy(phrase, s, pl);
        phrase[pl] = 0;
        char plural[MAX_KEY] = "";
        if (brace) {
            const char *be = memchr(brace, '}', (size_t)(br - brace));
            size_t bl = be ? (size_t)(be - brace - 1) : 0;
            if (bl && bl < sizeof plural) { memcpy(plural, brace + 1, bl); plural[bl] = 0; }
        }
        nm_actor_code c = {code, 0, 0};
        /* expand one macro: CONGRESS!PERSON! → CONGRESSMAN, CONGRESSMEN ... */
        char forms[13][MAX_KEY];
        int nf = 0;
        const char *bang = strchr(phrase, '!');
        const macro *mm = NULL;
        for (int k = 0; bang && k < nmac; k++)
            if (!strncmp(bang, macros[k].name, strlen(macros[k].name))) mm = &macros[k];
        if (mm) {
            size_t before = (size_t)(bang - phrase);
            const char *after = bang + strlen(mm->name);
            for (int k = 0; k < mm->n && nf < 13; k++)
                snprintf(forms[nf++], MAX_KEY, "%.*s%s%s", (int)before, phrase, mm->forms[k], after);
        } else if (!bang) {
            snprintf(forms[nf++], MAX_KEY, "%s", phrase);
        }
        for (int k = 0; k < nf; k++) {
            size_t fl = strlen(forms[k]);
            while (fl && forms[k][fl - 1] == '_') forms[k][--fl] = 0;
            int r = add_def(ad, forms[k], fl, NM_ACT_AGENT, NM_ACT_CASE_ANY, prefix, 0, 1, &c, 1);
            if (r < 0) { free(macros); return -1; }
            total += r;
            char pf[MAX_KEY];
            if (!mm && plural_of(forms[k], fl, pf, sizeof pf)) {
                r = add_def(ad, pf, strlen(pf), NM_ACT_AGENT, NM_ACT_CASE_ANY, prefix, 0, 1, &c, 1);
                if (r < 0) { free(macros); return -1; }
                total += r;
            }
        }
        if (plural[0]) {
            int r = add_def(ad, plural, strlen(plural), NM_ACT_AGENT, NM_ACT_CASE_ANY, prefix, 0, 1, &c, 1);
            if (r < 0) { free(macros); return -1; }
            total += r;
        }
    }
    free(macros);
    return total;
}

/* ---- matching ---- */

static int case_ok(const nm_actor_def *def, const nm_doc *d, uint32_t i, uint32_t n)
{
    if (def->casing == NM_ACT_CASE_ANY) return 1;
    if (def->casing == NM_ACT_CASE_CAP) {
        for (uint32_t k = 0; k < n; k++)
            if (d->toks.v[i + k].flags & NM_TF_UPPER) return 1;
        return 0;
    }
    /* exact: the raw tokens joined by spaces equal the dictionary form */
    const char *o = def->orig;
    for (uint32_t k = 0; k < n; k++) {
        const nm_token *t = &d->toks.v[i + k];
        size_t l = nm_tok_len(t);
        if (strncmp(o, d->text + t->start, l) != 0) return 0;
        o += l;
        if (k + 1 < n) { if (*o != ' ') return 0; o++; }
    }
    return *o == 0;
}

static const struct { const char *s; size_t len; } STEM_SUFFIXES[] = {
    {"ians", 4}, {"ian", 3}, {"ans", 3}, {"an", 2}, {"ns", 2}, {"n", 1}, {"is", 2},
    {"i", 1}, {"ese", 3}, {"es", 2}, {"s", 1}, {"a", 1}, {"e", 1}, {NULL, 0}};

uint32_t nm_actor_match(const nm_actor_dict *ad, const nm_doc *d, uint32_t i, uint32_t end,
                        const nm_actor_def **out)
{
    return nm_actor_match_cached(ad, d, i, end, NULL, out);
}

uint32_t nm_actor_match_cached(const nm_actor_dict *ad, const nm_doc *d, uint32_t i, uint32_t end,
                               const nm_actor_tok_cache *tc, const nm_actor_def **out)
{
    *out = NULL;
    if (!ad || i >= end) return 0;
    uint32_t maxn = ad->max_words < MAX_PHRASE_TOKENS ? ad->max_words : MAX_PHRASE_TOKENS;
    if (maxn > end - i) maxn = end - i;
    char key[MAX_KEY];
    size_t offs[MAX_PHRASE_TOKENS + 1];
    /* hash of key[0, offs[n]): FNV-1a runs left to right, so each longer key continues the hash
     * of the shorter one instead of starting over */
    uint64_t hashes[MAX_PHRASE_TOKENS + 1];
    uint64_t h = NM_HASH_SEED;
    size_t kl = 0;
    uint32_t built = 0;
    for (uint32_t k = 0; k < maxn; k++) {
        const nm_token *t = &d->toks.v[i + k];
        if ((t->flags & NM_TF_PUNCT) && !(t->flags & NM_TF_ABBREV) && nm_tok_len(t) != 1) break;
        if ((t->flags & NM_TF_PUNCT) && k == 0) break;
        if (nm_tok_len(t) + kl + 2 >= sizeof key) break;
        if (k) {
            /* extend only a known prefix of some phrase */
            if (!is_prefix_hashed(ad, key, kl, h)) break;
            key[kl++] = ' ';
            h = nm_hash_bytes(" ", 1, h);
        }
        size_t tl = nm_tok_len(t), fl;
        if (tc && tl < tc->max_len) {
            /* the cached fold is complete: the length check above leaves room for all of it */
            fl = tc->len[i + k];
            memcpy(key + kl, tc->buf + tc->off[i + k], fl);
            key[kl + fl] = 0;
            h = k ? nm_hash_bytes(key + kl, fl, h) : tc->hash[i + k];
        } else {
            fl = nm_actor_fold(d->text + t->start, tl, key + kl, sizeof key - kl);
            h = nm_hash_bytes(key + kl, fl, h);
        }
        kl += fl;
        offs[++built] = kl;
        hashes[built] = h;
    }
    for (uint32_t n = built; n >= 1; n--) {
        const nm_actor_def *def = lookup_hashed(ad, key, offs[n], hashes[n]);
        if (def && case_ok(def, d, i, n)) { *out = def; return n; }
    }
    /* stems: a single capitalised word that extends a PETRARCH stem entry (Eriador → Eriadorian) */
    if (built >= 1 && (d->toks.v[i].flags & NM_TF_UPPER)) {
        size_t l = offs[1];
        for (int s = 0; STEM_SUFFIXES[s].s; s++) {
            size_t sl = STEM_SUFFIXES[s].len;
            if (l <= sl + 2 || memcmp(key + l - sl, STEM_SUFFIXES[s].s, sl) != 0) continue;
            const nm_actor_def *def = lookup(ad, key, l - sl);
            if (def && def->stem) { *out = def; return 1; }
        }
    }
    return 0;
}

const char *nm_actor_code_at(const nm_actor_def *def, int32_t ymd, int k)
{
    /* dated blocks first: the most specific restriction that holds wins */
    const char *undated = NULL;
    for (int c = 0; c < def->ncodes; c++) {
        const nm_actor_code *ac = &def->codes[c];
        if (!ac->from && !ac->to) {
            if (!undated && k == 0) undated = ac->code;
            continue;
        }
        if (!ymd) continue;
        if (ac->from && ymd < ac->from) continue;
        if (ac->to && ymd > ac->to) continue;
        if (k == 0) return ac->code;
        return NULL;
    }
    if (k == 0) return undated;
    /* alternatives "[FRO/BIL/SAM]": undated codes after the first */
    int u = 0;
    for (int c = 0; c < def->ncodes; c++) {
        const nm_actor_code *ac = &def->codes[c];
        if (ac->from || ac->to) continue;
        if (u++ == k) return ac->code;
    }
    return NULL;
}
