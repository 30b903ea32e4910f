/*
 * entities.c — the entities stage: who is in the article (see entities.h for the contract).
 *
 * Steps, per document:
 *   1. the NER tagger (ner.c) labels every sentence, with document memory;
 *   2. name mentions: the tagger's spans plus names the lexicons know for sure (countries, capitals,
 *      seats of power, institutions); each typed PERSON/ORG/GPE/LOC/FAC/NORP/MISC with the lexicons
 *      (CoNLL has only four types);
 *   3. clustering: one entity per referent, people by name parts ("Trump" joins "Donald Trump"),
 *      countries by their ISO code ("US", "United States"), others by their text;
 *   4. roles from pre-modifiers ("Russian Foreign Minister Sergei Lavrov", "Putin's aide Yury
 *      Ushakov") and appositives ("Sergei Lavrov, Russia's foreign minister,"); actor codes
 *      (country + CAMEO sector) from roles and lexicons;
 *   5. pronouns (he, she; they for an organisation) and definite descriptions ("the Kremlin aide") attached when the text
 *      makes the referent clear.
 * All per-document memory is in the document's arena; the lexicons are loaded once in init.
 */
#include "entities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ner.h"
#include "stage.h"

typedef struct nm_entity_res {
    /* the gazetteers the tagger already loaded (borrowed from eng->ner, same matching modes) */
    const nm_lexicon *countries, *titles, *firstnames, *cities, *regions, *orgwords;
    const nm_lexicon *words;   /* the English dictionary: "w" common word, "P" proper noun */
    nm_lexicon *actors, *pronouns, *facilities;
    nm_lexicon *org_nouns;     /* "firm", "company": nouns that describe an organisation */
    nm_lexicon *country_parts; /* "England", "Scotland": carry the state's code but are not the state */
    nm_lexicon *country_names; /* ISO code → the country's usual name ("RUS" → "Russia") */
    /* case-folded hashes of the last words of the titles (built at init; 0 = empty slot): a span
     * whose last token is not among them is no title, so most title look-ups skip building the key */
    uint64_t *title_last;
    uint32_t title_last_mask;
} nm_entity_res;

/* ---- small helpers ---- */

static int tok_lower_initial(const nm_doc *d, uint32_t t)
{
    return (d->toks.v[t].flags & NM_TF_LOWER) != 0;
}

/* The token equals a string literal, ASCII case-insensitively (nm_text_is_ci folds the literal's
 * length to a constant, so most probes stop at the length check). */
#define TOK_IS(d, t, lit) nm_text_is_ci((d)->text + (t)->start, (t)->end - (t)->start, "" lit)

static int tok_cap(const nm_doc *d, uint32_t t) { return (d->toks.v[t].flags & NM_TF_UPPER) != 0; }

static int is_party_word(const nm_doc *d, uint32_t t);

static int tok_is_possessive(const nm_doc *d, uint32_t t)
{
    return nm_tok_is(d, &d->toks.v[t], "'s") || nm_tok_is(d, &d->toks.v[t], "\xE2\x80\x99s") ||
           nm_tok_is(d, &d->toks.v[t], "'") || nm_tok_is(d, &d->toks.v[t], "\xE2\x80\x99");
}

/* Tokens [b, e) joined by single spaces into buf; returns the length, 0 if it does not fit. */
static size_t span_key(const nm_doc *d, uint32_t b, uint32_t e, char *buf, size_t cap)
{
    size_t n = 0;
    for (uint32_t t = b; t < e; t++) {
        uint32_t l = nm_tok_len(&d->toks.v[t]);
        if (n + l + 2 > cap) return 0;
        if (t > b) buf[n++] = ' ';
        memcpy(buf + n, nm_tok_str(d, &d->toks.v[t]), l);
        n += l;
    }
    buf[n] = 0;
    return n;
}

static const char *lex_span(const nm_lexicon *lx, const nm_doc *d, uint32_t b, uint32_t e)
{
    if (e == b + 1) {
        /* one token: its own text is the key (span_key's limits: not empty, fits in buf) */
        uint32_t l = nm_tok_len(&d->toks.v[b]);
        return l && l + 2 <= 256 ? nm_lexicon_get(lx, nm_tok_str(d, &d->toks.v[b]), l) : NULL;
    }
    char buf[256];
    size_t n = span_key(d, b, e, buf, sizeof buf);
    return n ? nm_lexicon_get(lx, buf, n) : NULL;
}

/* The same for a name in capitals ("WASHINGTON" in a dateline): looked up as "Washington". */
static const char *lex_span_titlecase(const nm_lexicon *lx, const nm_doc *d, uint32_t b, uint32_t e)
{
    char buf[256];
    size_t n = span_key(d, b, e, buf, sizeof buf);
    if (n <= 3) return NULL;
    for (size_t i = 0; i < n; i++) {
        int initial = i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '-';
        if (!initial && buf[i] >= 'A' && buf[i] <= 'Z') buf[i] = (char)(buf[i] + 32);
    }
    return nm_lexicon_get(lx, buf, n);
}

/* Field i (0-based) of a TAB-separated lexicon value, copied into out. */
static void value_field(const char *v, int i, char *out, size_t cap)
{
    out[0] = 0;
    if (!v) return;
    while (i > 0 && *v) {
        if (*v++ == '\t') i--;
    }
    if (i > 0) return;
    size_t n = 0;
    while (v[n] && v[n] != '\t' && n + 1 < cap) { out[n] = v[n]; n++; }
    out[n] = 0;
}

/* ---- init ---- */

static uint64_t title_word_hash(const char *w, size_t n) { return nm_lexicon_hash(w, n, NM_LEX_FOLD) | 1; }

/* Fills r->title_last from r->titles (the text after each key's last space). */
static int build_title_last(nm_entity_res *r)
{
    size_t n = nm_lexicon_size(r->titles), cap = 64;
    while (cap < n * 2) cap *= 2;
    r->title_last = calloc(cap, sizeof *r->title_last);
    if (!r->title_last) return -1;
    r->title_last_mask = (uint32_t)(cap - 1);
    for (size_t i = 0; i < n; i++) {
        const char *k = nm_lexicon_key(r->titles, i), *sp = strrchr(k, ' ');
        const char *w = sp ? sp + 1 : k;
        uint64_t h = title_word_hash(w, strlen(w));
        uint32_t s = (uint32_t)h & r->title_last_mask;
        while (r->title_last[s] && r->title_last[s] != h) s = (s + 1) & r->title_last_mask;
        r->title_last[s] = h;
    }
    return 0;
}

/* 0 when token t cannot end a title (its text is no title's last word); 1 when it may. */
static int may_end_title(const nm_entity_res *r, const nm_doc *d, uint32_t t)
{
    const nm_token *tk = &d->toks.v[t];
    uint32_t n = nm_tok_len(tk);
    const char *w = nm_tok_str(d, tk);
    if (!n || memchr(w, ' ', n)) return 1; /* the span's key would not end with this word alone */
    uint64_t h = title_word_hash(w, n);
    for (uint32_t s = (uint32_t)h & r->title_last_mask; r->title_last[s]; s = (s + 1) & r->title_last_mask)
        if (r->title_last[s] == h) return 1;
    return 0;
}

/* title_span(r, ...), skipping the look-up when the last token ends no title. */
static const char *title_span(const nm_entity_res *r, const nm_doc *d, uint32_t b, uint32_t e)
{
    if (e > b && !may_end_title(r, d, e - 1)) return NULL;
    return lex_span(r->titles, d, b, e);
}

static int init(nm_engine *eng, char *err, size_t errlen)
{
    eng->ner = nm_ner_load(err, errlen);
    if (!eng->ner) return -1;
    nm_entity_res *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return -1; }
    eng->entity_res = r;
    r->countries = eng->ner->countries;
    r->titles = eng->ner->titles;
    r->firstnames = eng->ner->firstnames;
    r->cities = eng->ner->cities;
    r->regions = eng->ner->regions;
    r->orgwords = eng->ner->orgwords;
    r->words = eng->ner->words;
    r->actors = nm_lexicon_load("lexicons/actors.txt", NM_LEX_EXACT);
    r->pronouns = nm_lexicon_load("lexicons/pronouns.txt", NM_LEX_FOLD);
    r->facilities = nm_lexicon_load("lexicons/gazetteer-facilities.txt", NM_LEX_FOLD);
    r->country_parts = nm_lexicon_load("lexicons/country-parts.txt", NM_LEX_EXACT);
    r->org_nouns = nm_lexicon_load("lexicons/org-nouns.txt", NM_LEX_FOLD);
    if (!r->countries || !r->actors || !r->titles || !r->firstnames || !r->pronouns || !r->facilities || !r->cities ||
        !r->regions || !r->orgwords || !r->words || !r->country_parts || !r->org_nouns) {
        snprintf(err, errlen, "cannot load the entity lexicons (actors, titles, pronouns, gazetteers)");
        return -1;
    }
    /* code → name: the first "country" line of each code in countries.txt */
    size_t n = nm_lexicon_size(r->countries), cap = n * 48 + 1, len = 0;
    char *text = malloc(cap);
    if (!text) { snprintf(err, errlen, "out of memory"); return -1; }
    for (size_t i = 0; i < n; i++) {
        const char *k = nm_lexicon_key(r->countries, i), *v = nm_lexicon_value(r->countries, i);
        char code[16], kind[16];
        value_field(v, 0, code, sizeof code);
        value_field(v, 1, kind, sizeof kind);
        if (strcmp(kind, "country") && strcmp(kind, "igo")) continue;
        size_t kl = strlen(k), cl = strlen(code);
        if (!cl || len + kl + cl + 3 > cap) continue;
        memcpy(text + len, code, cl); len += cl;
        text[len++] = '\t';
        memcpy(text + len, k, kl); len += kl;
        text[len++] = '\n';
    }
    r->country_names = nm_lexicon_parse(text, len, NM_LEX_EXACT);
    free(text);
    if (!r->country_names) { snprintf(err, errlen, "out of memory"); return -1; }
    if (build_title_last(r) != 0) { snprintf(err, errlen, "out of memory"); return -1; }
    return 0;
}

static void fini(nm_engine *eng)
{
    nm_ner_free(eng->ner);
    eng->ner = NULL;
    nm_entity_res *r = eng->entity_res;
    if (!r) return;
    nm_lexicon_free(r->actors);
    nm_lexicon_free(r->pronouns);
    nm_lexicon_free(r->facilities);
    nm_lexicon_free(r->country_parts);
    nm_lexicon_free(r->org_nouns);
    nm_lexicon_free(r->country_names);
    free(r->title_last);
    free(r);
    eng->entity_res = NULL;
}

/* ---- step 1: tagging ---- */

static int sentence_tagged(const nm_sentence *s)
{
    return s->role != NM_ROLE_KEYPOINTS_LABEL && s->role != NM_ROLE_POST_ATTRIB;
}

static void tag_document(nm_doc *d)
{
    const nm_ner_model *m = d->eng->ner;
    if (!m || !d->toks.n) return;
    nm_ner_work w;
    nm_ner_work_init(&w);
    nm_ner_word *words = nm_arena_alloc(&d->arena, d->toks.n * sizeof *words);
    uint8_t *labels = nm_arena_alloc(&d->arena, d->toks.n);
    for (size_t i = 0; i < d->toks.n; i++) {
        words[i].s = nm_tok_str(d, &d->toks.v[i]);
        words[i].n = nm_tok_len(&d->toks.v[i]);
    }
    nm_ner_range *ranges = nm_arena_alloc(&d->arena, (d->sents.n + 1) * sizeof *ranges);
    size_t nr = 0;
    for (size_t s = 0; s < d->sents.n; s++) {
        const nm_sentence *se = &d->sents.v[s];
        if (!sentence_tagged(se) || se->tok_end <= se->tok_begin) continue;
        ranges[nr].b = se->tok_begin;
        ranges[nr].e = se->tok_end;
        nr++;
    }
    memset(labels, 0, d->toks.n);
    if (nm_ner_tag_document(m, &w, words, d->toks.n, ranges, nr, labels) != 0)
        nm_doc_warn(d, "entities: out of memory while tagging; names skipped");
    for (size_t i = 0; i < d->toks.n; i++) d->toks.v[i].ner = labels[i];
    nm_ner_work_free(&w);
}

/* ---- step 2: name mentions ---- */

typedef struct lexinfo {
    char code[8], sector[8];
    uint8_t type;     /* nm_ent_type the lexicon implies, 0 none */
    uint8_t kind;     /* 1 country, 2 capital, 3 seat, 4 demonym, 5 igo, 6 actor, 7 city/region */
} lexinfo;

/* Is token t also a common lower-case English word ("gulf", "north", "most")? */
static int is_common_word(const nm_entity_res *r, const nm_doc *d, uint32_t t)
{
    const nm_token *k = &d->toks.v[t];
    const char *v = nm_lexicon_get(r->words, d->text + k->start, nm_tok_len(k));
    return v && strchr(v, 'w') != NULL;
}

/* What the lexicons know about the name in tokens [b, e). */
static void lex_lookup_case(const nm_entity_res *r, const nm_doc *d, uint32_t b, uint32_t e, lexinfo *li, int places,
                            const char *(*lookup)(const nm_lexicon *, const nm_doc *, uint32_t, uint32_t))
{
    memset(li, 0, sizeof *li);
    /* "the Kremlin": look the name up without the article too */
    const char *v = lookup(r->actors, d, b, e);
    if (v) {
        char ty[8];
        value_field(v, 0, li->code, sizeof li->code);
        value_field(v, 1, li->sector, sizeof li->sector);
        value_field(v, 2, ty, sizeof ty);
        li->type = !strcmp(ty, "FAC") ? NM_ENT_FAC : !strcmp(ty, "GPE") ? NM_ENT_GPE : !strcmp(ty, "NORP") ? NM_ENT_NORP : NM_ENT_ORG;
        li->kind = 6;
        return;
    }
    if ((v = lookup(r->countries, d, b, e))) {
        char kind[16];
        value_field(v, 0, li->code, sizeof li->code);
        value_field(v, 1, kind, sizeof kind);
        if (!strcmp(kind, "country")) { li->type = NM_ENT_GPE; li->kind = 1; }
        else if (!strcmp(kind, "capital")) { li->type = NM_ENT_GPE; li->kind = 2; }
        else if (!strcmp(kind, "seat")) { li->type = NM_ENT_ORG; li->kind = 3; strcpy(li->sector, "GOV"); }
        else if (!strcmp(kind, "demonym")) { li->type = NM_ENT_NORP; li->kind = 4; }
        else if (!strcmp(kind, "igo")) { li->type = NM_ENT_ORG; li->kind = 5; strcpy(li->sector, "IGO"); }
        else { li->type = NM_ENT_GPE; li->kind = 1; }
        return;
    }
    /* cities and regions only for what the tagger calls a place: "Nice", "Reading", "Western";
     * a one-word region that is also a common word gives no country ("the Gulf" is not Papua New
     * Guinea's Gulf Province, "North" not Cameroon's) */
    if (places && ((v = lookup(r->cities, d, b, e)) ||
                   ((v = lookup(r->regions, d, b, e)) && !(e == b + 1 && is_common_word(r, d, b))))) {
        value_field(v, 0, li->code, sizeof li->code);
        li->type = NM_ENT_GPE;
        li->kind = 7;
    }
}

static void lex_lookup_places(const nm_entity_res *r, const nm_doc *d, uint32_t b, uint32_t e, lexinfo *li, int places)
{
    lex_lookup_case(r, d, b, e, li, places, lex_span);
    if (li->type) return;
    for (uint32_t t = b; t < e; t++)
        if ((d->toks.v[t].flags & NM_TF_ALPHA) && !(d->toks.v[t].flags & NM_TF_ALLCAPS)) return;
    lex_lookup_case(r, d, b, e, li, places, lex_span_titlecase);
}

static void lex_lookup(const nm_entity_res *r, const nm_doc *d, uint32_t b, uint32_t e, lexinfo *li)
{
    lex_lookup_places(r, d, b, e, li, 0);
}

/* Longest lexicon-known name starting at token t inside [t, end): length in tokens, 0 if none. */
static uint32_t lex_longest(const nm_entity_res *r, const nm_doc *d, uint32_t t, uint32_t end, lexinfo *li)
{
    /* names run over capitalised words and short connectors ("Bosnia and Herzegovina") */
    uint32_t run = 1;
    while (run < 5 && t + run < end &&
           (tok_cap(d, t + run) || (tok_lower_initial(d, t + run) && nm_tok_len(&d->toks.v[t + run]) <= 3)))
        run++;
    for (uint32_t len = run; len >= 1; len--) {
        if (t + len > end) continue;
        /* every word of a name is capitalised (or a short connector: "of", "de") */
        if (!tok_cap(d, t + len - 1)) continue;
        lex_lookup(r, d, t, t + len, li);
        if (li->type) return len;
    }
    return 0;
}

typedef struct name_tmp {
    uint32_t b, e, sent;
    uint8_t type;
    lexinfo li;
} name_tmp;
typedef NM_VEC(name_tmp) name_vec;

static uint8_t type_from_ner(int cls) { return cls == 1 ? NM_ENT_PERSON : cls == 2 ? NM_ENT_ORG : cls == 3 ? NM_ENT_LOC : NM_ENT_MISC; }

/* Decide the type of a tagged span and extend facility names ("Zaporizhzhia nuclear power plant"). */
static void type_name(const nm_entity_res *r, const nm_doc *d, name_tmp *nt, uint32_t send, int cls)
{
    /* places for what the tagger calls a place, and for a dateline in capitals ("GENEVA") */
    int in_capitals = 1;
    for (uint32_t t = nt->b; t < nt->e; t++)
        if ((d->toks.v[t].flags & NM_TF_ALPHA) && !(d->toks.v[t].flags & NM_TF_ALLCAPS)) in_capitals = 0;
    lex_lookup_places(r, d, nt->b, nt->e, &nt->li, cls == 3 || in_capitals);
    uint8_t ty = type_from_ner(cls);
    if (nt->li.type) {
        /* a known country/city typed PER by the tagger is still a place; a demonym is NORP */
        ty = nt->li.type;
    } else if (cls == 3) {
        ty = NM_ENT_LOC;
    } else if (cls == 4) {
        ty = NM_ENT_MISC;
    }
    /* a place followed by lower-case words ending in a facility word is that facility */
    if ((!nt->li.type || nt->li.kind == 7) && (ty == NM_ENT_LOC || ty == NM_ENT_ORG || ty == NM_ENT_GPE)) {
        for (uint32_t k = nt->e; k < send && k < nt->e + 4; k++) {
            if (!tok_lower_initial(d, k)) break;
            /* the words between are the facility's modifiers, not a clause: "South closed its gate
             * station" is no facility */
            const nm_token *w = &d->toks.v[k];
            size_t wl = nm_tok_len(w);
            if (TOK_IS(d, w, "its") || TOK_IS(d, w, "the") || TOK_IS(d, w, "a") || TOK_IS(d, w, "an") ||
                TOK_IS(d, w, "his") || TOK_IS(d, w, "her") || TOK_IS(d, w, "their") ||
                (wl > 3 && d->text[w->end - 2] == 'e' && d->text[w->end - 1] == 'd'))
                break;
            if (lex_span(r->facilities, d, k, k + 1) || (k + 1 < send && lex_span(r->facilities, d, k, k + 2))) {
                uint32_t end = lex_span(r->facilities, d, k, k + 2) && k + 1 < send ? k + 2 : k + 1;
                /* "U.K. base rates": the facility word modifies a noun of finance */
                if (end < send && (TOK_IS(d, &d->toks.v[end], "rate") || TOK_IS(d, &d->toks.v[end], "rates") ||
                                   TOK_IS(d, &d->toks.v[end], "lending")))
                    break;
                if (ty != NM_ENT_ORG || end - nt->e <= 3) {
                    nt->e = end;
                    ty = NM_ENT_FAC;
                }
                break;
            }
        }
    }
    if (ty == NM_ENT_LOC && nt->e - nt->b >= 2 && lex_span(r->facilities, d, nt->e - 1, nt->e)) ty = NM_ENT_FAC;
    /* "Katerina Thanou" typed LOC: a known first name and a capitalised surname make a person */
    if (!nt->li.type && ty != NM_ENT_PERSON && ty != NM_ENT_FAC && nt->e - nt->b >= 2 && nt->e - nt->b <= 3 &&
        lex_span(r->firstnames, d, nt->b, nt->b + 1) && !lex_span(r->orgwords, d, nt->e - 1, nt->e) &&
        !lex_span(r->facilities, d, nt->e - 1, nt->e)) {
        int caps = 1;
        for (uint32_t t = nt->b; t < nt->e; t++) caps &= tok_cap(d, t);
        if (caps) ty = NM_ENT_PERSON;
    }
    nt->type = ty;
}

/* A PERSON span that is only a title or sits in an all-capitals label is not a person. */
static int person_plausible(const nm_entity_res *r, const nm_doc *d, const name_tmp *nt)
{
    int letters = 0;
    for (uint32_t t = nt->b; t < nt->e; t++) {
        if (title_span(r, d, t, t + 1) && nt->e - nt->b == 1) return 0;
        if (d->toks.v[t].flags & NM_TF_ALPHA) letters++;
    }
    if (!letters) return 0;
    /* "Tory", "Republican" alone name a party member, not a person */
    if (nt->e - nt->b == 1 && is_party_word(d, nt->b)) return 0;
    /* names take no article: "a Delaware Democrat", "the Joint Chiefs" are not people */
    if (nt->b > d->sents.v[nt->sent].tok_begin &&
        (TOK_IS(d, &d->toks.v[nt->b - 1], "a") || TOK_IS(d, &d->toks.v[nt->b - 1], "an") ||
         TOK_IS(d, &d->toks.v[nt->b - 1], "the")))
        return 0;
    /* all-capitals multi-word spans in headings ("KEY POINTS") */
    int allcaps = 1;
    for (uint32_t t = nt->b; t < nt->e; t++)
        if ((d->toks.v[t].flags & NM_TF_ALPHA) && !(d->toks.v[t].flags & NM_TF_ALLCAPS)) allcaps = 0;
    if (allcaps && nt->e - nt->b >= 1) {
        uint32_t len = 0;
        for (uint32_t t = nt->b; t < nt->e; t++) len += nm_tok_len(&d->toks.v[t]);
        if (len > 3) return 0;
    }
    return 1;
}

/* "I", "I'm", "I've" tagged as a name (the tagger sees a capitalised word opening a sentence): the
 * first-person pronoun, with its clitic in the same token or not, is nobody's name. */
static int is_first_person(const nm_doc *d, const name_tmp *nt)
{
    if (nt->e != nt->b + 1) return 0;
    const nm_token *t = &d->toks.v[nt->b];
    const char *w = d->text + t->start;
    size_t n = t->end - t->start;
    if (n == 0 || w[0] != 'I') return 0;
    if (n == 1) return 1;
    size_t k = w[1] == '\'' ? 2 : (n >= 4 && !memcmp(w + 1, "\xE2\x80\x99", 3)) ? 4 : 0;
    if (!k) return 0;
    const char *c = w + k;
    size_t cn = n - k;
    return (cn == 1 && (c[0] == 'm' || c[0] == 'd')) || (cn == 2 && (!memcmp(c, "ve", 2) || !memcmp(c, "ll", 2)));
}

static void collect_names(nm_doc *d, name_vec *out)
{
    const nm_entity_res *r = d->eng->entity_res;
    for (size_t s = 0; s < d->sents.n; s++) {
        const nm_sentence *se = &d->sents.v[s];
        if (!sentence_tagged(se)) continue;
        uint32_t t = se->tok_begin;
        while (t < se->tok_end) {
            int lab = d->toks.v[t].ner;
            name_tmp nt;
            memset(&nt, 0, sizeof nt);
            nt.sent = (uint32_t)s;
            if (lab && nm_ner_is_begin(lab)) {
                uint32_t e = t + 1;
                while (e < se->tok_end && d->toks.v[e].ner == lab + 1) e++;
                nt.b = t;
                nt.e = e;
                /* a possessive or trailing punctuation never belongs to a name */
                while (nt.e > nt.b + 1 && (tok_is_possessive(d, nt.e - 1) || (d->toks.v[nt.e - 1].flags & NM_TF_PUNCT))) nt.e--;
                type_name(r, d, &nt, se->tok_end, nm_ner_class(lab));
                /* "Competition and Markets Authority" tagged from "Markets": an institution's name takes
                 * the capitalised word the tagger left before its "and" */
                if (nt.type == NM_ENT_ORG && !nt.li.type && nt.b >= se->tok_begin + 2 && nm_tok_is(d, &d->toks.v[nt.b - 1], "and") &&
                    tok_cap(d, nt.b - 2) && !d->toks.v[nt.b - 2].ner && lex_span(r->orgwords, d, nt.e - 1, nt.e) &&
                    !title_span(r, d, nt.b - 2, nt.b - 1) && (!out->n || out->v[out->n - 1].e <= nt.b - 2))
                    nt.b -= 2;
                /* "Ms Madden", "President Trump": the honorific or title is not part of the name */
                if (nt.type == NM_ENT_PERSON)
                    while (nt.e - nt.b > 1 && tok_cap(d, nt.b) && (title_span(r, d, nt.b, nt.b + 1) || is_party_word(d, nt.b)))
                        nt.b++;
                /* "Defence Secretary Pete Hegseth", "Industry Minister ...": a word the lexicons do not
                 * know that opens a title is part of the title, not an organisation */
                int opens_title = nt.type != NM_ENT_PERSON && !nt.li.type && nt.e < se->tok_end &&
                                  title_span(r, d, nt.b, nt.e + 1);
                if ((nt.type != NM_ENT_PERSON || person_plausible(r, d, &nt)) && !is_first_person(d, &nt) && !opens_title)
                    NM_VEC_PUSH(&d->arena, *out, nt);
                t = nt.e > e ? nt.e : e;
                continue;
            }
            if (tok_cap(d, t)) {
                lexinfo li;
                uint32_t len = lex_longest(r, d, t, se->tok_end, &li);
                /* only where the tagger found nothing: "Kremlin aide", "TASS reported" */
                int clear = 1;
                for (uint32_t k = t; k < t + len; k++)
                    if (d->toks.v[k].ner) clear = 0;
                if (len && clear) {
                    nt.b = t;
                    nt.e = t + len;
                    nt.li = li;
                    nt.type = li.type;
                    NM_VEC_PUSH(&d->arena, *out, nt);
                    t += len;
                    continue;
                }
            }
            t++;
        }
    }
}

static int tok_eq(const nm_doc *d, uint32_t a, uint32_t b);

/* Document consistency: a capitalised word the tagger left untagged that is the surname of a full
 * person name elsewhere in the document ("Trump holds call" in a key-points line) is that person. */
static int cmp_name_pos(const void *a, const void *b)
{
    const name_tmp *x = a, *y = b;
    return x->b < y->b ? -1 : x->b > y->b;
}

static void add_surname_mentions(nm_doc *d, name_vec *names)
{
    size_t n0 = names->n;
    uint8_t *covered = nm_arena_zalloc(&d->arena, d->toks.n + 1);
    for (size_t i = 0; i < n0; i++)
        for (uint32_t t = names->v[i].b; t < names->v[i].e; t++) covered[t] = 1;
    NM_VEC(uint32_t) surnames = {0};
    for (size_t i = 0; i < n0 && surnames.n < 256; i++) {
        const name_tmp *n = &names->v[i];
        if (n->type == NM_ENT_PERSON && n->e - n->b >= 2 && (d->toks.v[n->e - 1].flags & NM_TF_UPPER) &&
            nm_tok_len(&d->toks.v[n->e - 1]) > 2)
            NM_VEC_PUSH(&d->arena, surnames, n->e - 1);
    }
    if (!surnames.n) return;
    for (size_t s = 0; s < d->sents.n; s++) {
        const nm_sentence *se = &d->sents.v[s];
        if (!sentence_tagged(se)) continue;
        for (uint32_t t = se->tok_begin; t < se->tok_end; t++) {
            if (covered[t] || !tok_cap(d, t)) continue;
            for (size_t k = 0; k < surnames.n; k++) {
                if (!tok_eq(d, t, surnames.v[k])) continue;
                name_tmp nt;
                memset(&nt, 0, sizeof nt);
                nt.b = t;
                nt.e = t + 1;
                nt.sent = (uint32_t)s;
                nt.type = NM_ENT_PERSON;
                NM_VEC_PUSH(&d->arena, *names, nt);
                break;
            }
        }
    }
    if (names->n > n0) qsort(names->v, names->n, sizeof *names->v, cmp_name_pos);
}

/* ---- step 3: clustering ---- */

typedef struct cluster_tmp {
    NM_VEC(uint32_t) names;        /* indices into the name list */
    uint32_t best;                 /* name index of the canonical form */
    uint32_t votes[8];             /* type votes */
} cluster_tmp;

static int tok_eq(const nm_doc *d, uint32_t a, uint32_t b)
{
    uint32_t la = nm_tok_len(&d->toks.v[a]), lb = nm_tok_len(&d->toks.v[b]);
    return la == lb && !memcmp(nm_tok_str(d, &d->toks.v[a]), nm_tok_str(d, &d->toks.v[b]), la);
}

static int span_eq_ci(const nm_doc *d, uint32_t b1, uint32_t e1, uint32_t b2, uint32_t e2)
{
    if (e1 - b1 != e2 - b2) return 0;
    for (uint32_t k = 0; k < e1 - b1; k++) {
        const nm_token *x = &d->toks.v[b1 + k], *y = &d->toks.v[b2 + k];
        if (nm_tok_len(x) != nm_tok_len(y) || strncasecmp(nm_tok_str(d, x), nm_tok_str(d, y), nm_tok_len(x))) return 0;
    }
    return 1;
}

static int span_eq(const nm_doc *d, uint32_t b1, uint32_t e1, uint32_t b2, uint32_t e2)
{
    if (e1 - b1 != e2 - b2) return 0;
    for (uint32_t k = 0; k < e1 - b1; k++)
        if (!tok_eq(d, b1 + k, b2 + k)) return 0;
    return 1;
}

/* Whether the short person name is a part of the long one: "Trump" of "Donald Trump",
 * "von der Leyen" of "Ursula von der Leyen". */
static int name_part_of(const nm_doc *d, const name_tmp *shrt, const name_tmp *lng)
{
    uint32_t ls = shrt->e - shrt->b, ll = lng->e - lng->b;
    if (ls >= ll) return span_eq(d, shrt->b, shrt->e, lng->b, lng->e);
    /* suffix (surname) */
    if (span_eq(d, shrt->b, shrt->e, lng->e - ls, lng->e)) return 1;
    /* first name alone only when single-word */
    if (ls == 1 && tok_eq(d, shrt->b, lng->b)) return 1;
    return 0;
}

/* Strip a leading "The"/"the" from a non-person name for comparisons. */
static uint32_t name_start(const nm_doc *d, const name_tmp *n)
{
    if (n->e - n->b > 1 && TOK_IS(d, &d->toks.v[n->b], "the")) return n->b + 1;
    return n->b;
}

/* An index of clusters by the keys that can make a name join them (a token of a person's name,
 * the folded text, a country code, the last word of an organisation), so clustering stays linear
 * in the number of names instead of comparing every name with every cluster. */
typedef struct cl_node {
    uint32_t cluster;
    struct cl_node *next;
} cl_node;

typedef struct cl_index {
    uint64_t *keys;
    cl_node **heads;
    uint32_t mask;
} cl_index;

#define CL_SCAN 64  /* clusters examined per key: the most recent ones */

static void cl_init(nm_doc *d, cl_index *x, size_t names)
{
    uint32_t cap = 64;
    while (cap < names * 10 + 16 && cap < (1u << 30)) cap *= 2;
    x->keys = nm_arena_zalloc(&d->arena, cap * sizeof *x->keys);
    x->heads = nm_arena_zalloc(&d->arena, cap * sizeof *x->heads);
    x->mask = cap - 1;
}

static uint32_t cl_slot(const cl_index *x, uint64_t key)
{
    uint32_t s = (uint32_t)(key ^ (key >> 29)) & x->mask;
    while (x->keys[s] && x->keys[s] != key) s = (s + 1) & x->mask;
    return s;
}

static void cl_add(nm_doc *d, cl_index *x, uint64_t key, uint32_t cluster)
{
    if (!key) return;
    uint32_t s = cl_slot(x, key);
    if (x->heads[s] && x->heads[s]->cluster == cluster) return;
    cl_node *nd = nm_arena_alloc(&d->arena, sizeof *nd);
    nd->cluster = cluster;
    nd->next = x->heads[s];
    x->keys[s] = key;
    x->heads[s] = nd;
}

static size_t cl_lookup(const cl_index *x, uint64_t key, uint32_t *out)
{
    if (!key) return 0;
    uint32_t s = cl_slot(x, key);
    size_t n = 0;
    for (const cl_node *nd = x->heads[s]; nd && n < CL_SCAN; nd = nd->next) out[n++] = nd->cluster;
    return n;
}

static uint64_t tok_key(const nm_doc *d, char kind, uint32_t t)
{
    return nm_hash_bytes(nm_tok_str(d, &d->toks.v[t]), nm_tok_len(&d->toks.v[t]), NM_HASH_SEED ^ (uint64_t)kind) | 1;
}

static uint64_t text_key(const nm_doc *d, uint32_t b, uint32_t e)
{
    uint64_t h = NM_HASH_SEED ^ 'N';
    for (uint32_t t = b; t < e; t++) {
        const char *p = nm_tok_str(d, &d->toks.v[t]);
        for (uint32_t k = 0; k < nm_tok_len(&d->toks.v[t]); k++) {
            unsigned char c = (unsigned char)p[k];
            if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
            h ^= c;
            h *= 0x100000001b3ULL;
        }
        h ^= ' ';
        h *= 0x100000001b3ULL;
    }
    return h | 1;
}

static uint64_t code_key(const char *code) { return nm_hash_bytes(code, strlen(code), NM_HASH_SEED ^ 'C') | 1; }

/* ---- roles ---- */

typedef struct role_tmp {
    uint32_t person;     /* name index */
    uint32_t tb, te;     /* title tokens */
    int32_t of_name;     /* name index of the organisation/country/person it belongs to, or -1 */
    uint32_t ob, oe;     /* of tokens ("the opposition alliance"): the of-text when oe > ob, even
                          * when of_name gives the country ("the Russian foreign ministry") */
    uint8_t former;      /* "Former British prime minister X": "former" stands before the qualifier */
} role_tmp;
typedef NM_VEC(role_tmp) role_vec;

static int is_honorific(const nm_doc *d, uint32_t b, uint32_t e)
{
    if (e - b != 1) return 0;
    static const char *const H[] = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lord", "lady", NULL};
    for (int i = 0; H[i]; i++)
        if (nm_tok_is_ci(d, &d->toks.v[b], H[i])) return 1;
    return 0;
}

/* Words that make a title more specific ("deputy", "former", "senior counsel"): part of the title. */
static int is_title_prefix(const nm_doc *d, uint32_t t)
{
    static const char *const P[] = {"deputy", "first", "acting", "former", "senior", "chief", "interim", "top", "shadow",
                                    "outgoing", "vice", "ex", "assistant", "associate", "principal", "general", NULL};
    for (int i = 0; P[i]; i++)
        if (nm_tok_is_ci(d, &d->toks.v[t], P[i])) return 1;
    return 0;
}

/* An organisation noun written in lower case ("alliance", "ministry", "presidency"): the
 * organisation-word gazetteer (capitalised entries) plus words that name a body only in lower case. */
static int is_org_noun(const nm_entity_res *r, const nm_doc *d, uint32_t t)
{
    static const char *const W[] = {"presidency", "mission", "campaign", "government", "administration", "embassy",
                                    "delegation", "team", "family", "coalition", "movement", "office", "department",
                                    "agency", "committee", "council", "ministry", "alliance", "company", "group",
                                    "firm", "union", "party", "regulator", "commission", "board", "court", NULL};
    const nm_token *w = &d->toks.v[t];
    for (int i = 0; W[i]; i++)
        if (nm_tok_is_ci(d, w, W[i])) return 1;
    char buf[64];
    uint32_t n = nm_tok_len(w);
    if (n == 0 || n >= sizeof buf) return 0;
    memcpy(buf, nm_tok_str(d, w), n);
    if (buf[0] >= 'a' && buf[0] <= 'z') buf[0] = (char)(buf[0] - 32);
    return nm_lexicon_get(r->orgwords, buf, n) != NULL;
}

/* A member of a party named as a noun: "a Delaware Democrat", "a Republican". */
static int is_party_word(const nm_doc *d, uint32_t t)
{
    static const char *const P[] = {"Democrat", "Republican", "Democrats", "Republicans", "Conservative", "Tory",
                                    "Socialist", "Communist", NULL};
    for (int i = 0; P[i]; i++)
        if (nm_tok_is(d, &d->toks.v[t], P[i])) return 1;
    return 0;
}

/* Longest title ending at token e-1 (start ≥ lo); returns its start or UINT32_MAX. */
static uint32_t title_ending(const nm_entity_res *r, const nm_doc *d, uint32_t lo, uint32_t e)
{
    if (e > 0 && !may_end_title(r, d, e - 1)) return UINT32_MAX;
    for (uint32_t len = 8; len >= 1; len--) {
        if (e < lo + len) continue;
        uint32_t b = e - len;
        if (lex_span(r->titles, d, b, e)) { /* may_end_title(e - 1) is known */
            while (b > lo && is_title_prefix(d, b - 1) && !TOK_IS(d, &d->toks.v[b - 1], "general")) b--;
            return b;
        }
    }
    return UINT32_MAX;
}

/* Longest title starting at token b (end ≤ hi); returns its end or 0. */
static uint32_t title_starting(const nm_entity_res *r, const nm_doc *d, uint32_t b, uint32_t hi)
{
    for (uint32_t len = 8; len >= 1; len--) {
        if (b + len > hi) continue;
        if (title_span(r, d, b, b + len)) return b + len;
    }
    return 0;
}

/* Lower-case modifiers before a title ("Qatar's foreign ministry spokesman", "the U.N. humanitarian
 * chief"): the title starts earlier when a qualifier, an article or the clause start bounds them. */
static uint32_t absorb_modifiers(const nm_doc *d, const name_tmp *names, const int32_t *name_at, uint32_t lo, uint32_t tb)
{
    static const char *const STOP[] = {"the", "a", "an", "and", "or", "of", "to", "said", "says", "with", "by", "for",
                                       "in", "on", "at", "from", "was", "is", "has", "had", "who", "as", "that",
                                       "its", "his", "her", "their", "but", "while", "when", "after", "before",
                                       "will", "would", "can", "could", "may", "must", "should", "include", "includes",
                                       "including", "also", "not", "be", "been", "are", "were", "told", "met", NULL};
    /* only before a lower-case title: "Secretary of State" takes no such modifiers */
    if (!tok_lower_initial(d, tb)) return tb;
    uint32_t b = tb;
    while (b > lo && tb - b < 3 && tok_lower_initial(d, b - 1)) {
        int stop = 0;
        for (int i = 0; STOP[i] && !stop; i++) stop = nm_tok_is_ci(d, &d->toks.v[b - 1], STOP[i]);
        if (stop) break;
        b--;
    }
    if (b == tb) return tb;
    if (b == lo) return b;
    const nm_token *left = &d->toks.v[b - 1];
    if (TOK_IS(d, left, "the") || TOK_IS(d, left, "a") || TOK_IS(d, left, "an") ||
        nm_tok_is(d, left, ",") || (left->flags & NM_TF_QUOTE))
        return b;
    if (b >= lo + 2 && tok_is_possessive(d, b - 1) && name_at[b - 2] >= 0) return b;
    if (name_at[b - 1] >= 0 && names[name_at[b - 1]].type != NM_ENT_PERSON) return b;
    return tb;
}

/* Name index ending exactly at token e-1, or -1. name_at maps tokens to name indices. */
static int32_t name_ending(const int32_t *name_at, uint32_t lo, uint32_t e)
{
    if (e <= lo) return -1;
    return name_at[e - 1];
}

static void find_roles(nm_doc *d, const name_tmp *names, size_t nn, const int32_t *name_at, role_vec *roles)
{
    const nm_entity_res *r = d->eng->entity_res;
    for (size_t i = 0; i < nn; i++) {
        const name_tmp *p = &names[i];
        if (p->type != NM_ENT_PERSON) continue;
        const nm_sentence *se = &d->sents.v[p->sent];
        uint32_t lo = se->tok_begin, j = p->b;
        role_tmp found[4];
        int nf = 0;
        /* pre-modifiers, right to left: "[Q] TITLE [Q] TITLE Name" */
        while (nf < 4 && j > lo) {
            if (is_honorific(d, j - 1, j)) { j--; continue; }
            role_tmp rt = {(uint32_t)i, 0, 0, -1, 0, 0, 0};
            uint32_t tb = title_ending(r, d, lo, j);
            if (tb == UINT32_MAX) {
                /* "President of Ukraine Volodymyr Zelensky": TITLE of NAME Name */
                int32_t q = name_ending(name_at, lo, j);
                uint32_t of_at = q >= 0 && names[q].b > lo ? names[q].b - 1 : 0;
                if (q >= 0 && of_at > lo && TOK_IS(d, &d->toks.v[of_at], "the")) of_at--;
                if (q >= 0 && of_at >= lo + 1 && nm_tok_is(d, &d->toks.v[of_at], "of")) {
                    uint32_t tb2 = title_ending(r, d, lo, of_at);
                    if (tb2 != UINT32_MAX && names[q].type != NM_ENT_PERSON) {
                        rt.tb = tb2; rt.te = of_at; rt.of_name = q;
                        found[nf++] = rt;
                        j = tb2;
                        continue;
                    }
                }
                /* the same with an organisation the tagger did not mark: "Chancellor of the Exchequer" */
                uint32_t cb = j;
                while (cb > lo && j - cb < 4 && tok_cap(d, cb - 1) && name_at[cb - 1] < 0) cb--;
                if (cb < j) {
                    uint32_t at = cb;
                    if (at > lo && TOK_IS(d, &d->toks.v[at - 1], "the")) at--;
                    if (at > lo + 1 && nm_tok_is(d, &d->toks.v[at - 1], "of")) {
                        uint32_t tb2 = title_ending(r, d, lo, at - 1);
                        if (tb2 != UINT32_MAX) {
                            rt.tb = tb2; rt.te = at - 1; rt.ob = cb; rt.oe = j;
                            found[nf++] = rt;
                            j = tb2;
                            continue;
                        }
                    }
                }
                break;
            }
            /* portfolios: "Energy Secretary", "Treasury Minister" (capitalised words the lexicons do not
             * know as a country, person or institution) belong to the title */
            const nm_token *head = &d->toks.v[j - 1];
            if (TOK_IS(d, head, "minister") || TOK_IS(d, head, "secretary") || TOK_IS(d, head, "commissioner") ||
                TOK_IS(d, head, "spokesman") || TOK_IS(d, head, "spokeswoman") || TOK_IS(d, head, "spokesperson") ||
                TOK_IS(d, head, "chief") || TOK_IS(d, head, "director"))
                for (int k = 0; k < 2 && tb > lo && tok_cap(d, tb - 1); k++) {
                    int32_t q = name_at[tb - 1];
                    const nm_token *w = &d->toks.v[tb - 1];
                    if (d->eng->sentence_openers && nm_lexicon_has(d->eng->sentence_openers, nm_tok_str(d, w), nm_tok_len(w))) break;
                    if (q >= 0 && (names[q].type != NM_ENT_ORG || names[q].li.type || names[q].e - names[q].b != 1)) break;
                    if (title_span(r, d, tb - 1, tb)) break;
                    tb--;
                }
            tb = absorb_modifiers(d, names, name_at, lo, tb);
            rt.tb = tb;
            rt.te = j;
            j = tb;
            /* stacked titles ("Chairman of the Joint Chiefs of Staff General Dan Kane"): the next
             * title takes the qualifier, not this one */
            uint32_t stacked = title_ending(r, d, lo, j);
            if (stacked != UINT32_MAX && stacked + 1 < j) {
                if (!is_honorific(d, rt.tb, rt.te)) found[nf++] = rt;
                continue;
            }
            /* qualifier: possessive "Putin's", or a country/organisation/demonym name */
            if (j >= lo + 2 && tok_is_possessive(d, j - 1) && name_at[j - 2] >= 0) {
                rt.of_name = name_at[j - 2];
                j = names[rt.of_name].b;
            } else if (j > lo && name_at[j - 1] >= 0 && names[name_at[j - 1]].type != NM_ENT_PERSON) {
                rt.of_name = name_at[j - 1];
                j = names[rt.of_name].b;
            }
            /* "Umerov and his deputy Serhiy Kyslytsya": "his" is the nearest person named before it
             * in the sentence (within a few words, so a clause boundary is not crossed) */
            else if (j > lo + 1 && (TOK_IS(d, &d->toks.v[j - 1], "his") || TOK_IS(d, &d->toks.v[j - 1], "her"))) {
                for (uint32_t t = j - 1; t-- > lo && j - 1 - t <= 4;) {
                    if (nm_tok_is(d, &d->toks.v[t], ",") || nm_tok_is(d, &d->toks.v[t], ";")) break;
                    if (name_at[t] >= 0 && names[name_at[t]].type == NM_ENT_PERSON) {
                        rt.of_name = name_at[t];
                        j--;
                        break;
                    }
                }
            }
            /* "Former British Prime Minister X" is not the prime minister */
            if (j > lo && (TOK_IS(d, &d->toks.v[j - 1], "former") || TOK_IS(d, &d->toks.v[j - 1], "ex"))) {
                rt.former = 1;
                j--;
            }
            if (!is_honorific(d, rt.tb, rt.te)) found[nf++] = rt;
        }
        /* before a comma: "Ukraine's ambassador to Germany, Oleksii Makeiev," (only at a clause start) */
        if (!nf && p->b >= lo + 2 && nm_tok_is(d, &d->toks.v[p->b - 1], ",")) {
            role_tmp rt = {(uint32_t)i, 0, 0, -1, 0, 0, 0};
            uint32_t te = p->b - 1;
            int32_t q = name_ending(name_at, lo, te);
            if (q >= 0 && names[q].type != NM_ENT_PERSON && names[q].b > lo + 1 &&
                (nm_tok_is(d, &d->toks.v[names[q].b - 1], "to") || nm_tok_is(d, &d->toks.v[names[q].b - 1], "of") ||
                 nm_tok_is(d, &d->toks.v[names[q].b - 1], "for"))) {
                rt.of_name = q;
                te = names[q].b - 1;
            }
            uint32_t tb = title_ending(r, d, lo, te);
            if (tb != UINT32_MAX && !is_honorific(d, tb, te)) {
                tb = absorb_modifiers(d, names, name_at, lo, tb);
                uint32_t start = tb;
                if (tb >= lo + 2 && tok_is_possessive(d, tb - 1) && name_at[tb - 2] >= 0) {
                    rt.of_name = name_at[tb - 2];
                    start = names[rt.of_name].b;
                } else if (tb > lo && name_at[tb - 1] >= 0 && names[name_at[tb - 1]].type != NM_ENT_PERSON) {
                    rt.of_name = name_at[tb - 1];
                    start = names[rt.of_name].b;
                }
                if (start > lo && TOK_IS(d, &d->toks.v[start - 1], "the")) start--;
                /* the phrase must open the sentence or follow a comma/verb-less boundary */
                if (start == lo || nm_tok_is(d, &d->toks.v[start - 1], ",") || (d->toks.v[start - 1].flags & NM_TF_QUOTE)) {
                    rt.tb = tb;
                    rt.te = te;
                    found[nf++] = rt;
                }
            }
        }
        /* leftmost first: "Chairman of the Joint Chiefs of Staff General Dan Kane" */
        for (int k = nf - 1; k >= 0; k--) NM_VEC_PUSH(&d->arena, *roles, found[k]);
        /* appositive: "Name, [the|a] [Q] TITLE [of Q]," */
        uint32_t hi = se->tok_end, k = p->e;
        if (k + 2 < hi && nm_tok_is(d, &d->toks.v[k], ",")) {
            k++;
            role_tmp rt = {(uint32_t)i, 0, 0, -1, 0, 0, 0};
            /* an age first: "John Smith, 54, a former minister," */
            if (k + 2 < hi && (d->toks.v[k].flags & NM_TF_DIGIT) && nm_tok_is(d, &d->toks.v[k + 1], ",")) k += 2;
            if (TOK_IS(d, &d->toks.v[k], "the") || TOK_IS(d, &d->toks.v[k], "a") ||
                TOK_IS(d, &d->toks.v[k], "an"))
                k++;
            /* party membership: "Kevin Mutua, a Nairobi Democrat," "Paul Whitaker, a Republican," */
            {
                uint32_t pk = k, pb = 0, pe = 0;
                int32_t place = -1;
                if (pk < hi && name_at[pk] >= 0 && names[name_at[pk]].e - names[name_at[pk]].b >= 2 &&
                    is_party_word(d, names[name_at[pk]].e - 1)) {
                    /* the tagger made one name of "Vermont Democrat": the place is the text before the party */
                    pb = pk;
                    pk = names[name_at[pk]].e - 1;
                    pe = pk;
                } else if (pk < hi && name_at[pk] >= 0 && names[name_at[pk]].type != NM_ENT_PERSON && !is_party_word(d, pk)) {
                    place = name_at[pk];
                    pk = names[place].e;
                }
                if (pk < hi && is_party_word(d, pk) && k > p->e + 1 && tok_lower_initial(d, k - 1) &&
                    (pk + 1 >= hi || (d->toks.v[pk + 1].flags & NM_TF_PUNCT) || nm_tok_is(d, &d->toks.v[pk + 1], "who") ||
                     nm_tok_is(d, &d->toks.v[pk + 1], "said"))) {
                    rt.tb = pk;
                    rt.te = pk + 1;
                    rt.of_name = place;
                    rt.ob = pb;
                    rt.oe = pe;
                    NM_VEC_PUSH(&d->arena, *roles, rt);
                    continue;
                }
            }
            if (k < hi && name_at[k] >= 0 && names[name_at[k]].type != NM_ENT_PERSON) {
                int32_t q = name_at[k];
                uint32_t after = names[q].e;
                if (after < hi && tok_is_possessive(d, after)) after++;
                rt.of_name = q;
                k = after;
            } else if (k + 1 < hi && name_at[k] >= 0 && tok_is_possessive(d, names[name_at[k]].e)) {
                rt.of_name = name_at[k];
                k = names[name_at[k]].e + 1;
            }
            /* up to two lower-case modifiers: "Russia's veteran foreign minister" */
            uint32_t te = 0;
            for (uint32_t skip = 0; skip <= 3 && k + skip < hi; skip++) {
                te = title_starting(r, d, k + skip, hi);
                if (te) {
                    /* "a senior counsel", "the former justice minister": specifying words stay in the title */
                    uint32_t tb = k + skip;
                    while (tb > k && is_title_prefix(d, tb - 1)) tb--;
                    k = tb;
                    break;
                }
                /* lower-case modifiers and possessives: "the country's veteran foreign minister" */
                if (!tok_lower_initial(d, k + skip) && !tok_is_possessive(d, k + skip)) break;
            }
            if (te && !is_honorific(d, k, te)) {
                rt.tb = k;
                rt.te = te;
                /* "a professor of law at Emory University", "the head of research": a lower-case
                 * of-phrase is part of the title */
                if (te + 1 < hi && nm_tok_is(d, &d->toks.v[te], "of") && tok_lower_initial(d, te + 1) &&
                    !TOK_IS(d, &d->toks.v[te + 1], "the")) {
                    uint32_t x = te + 1;
                    while (x < hi && x < te + 5 && tok_lower_initial(d, x) && !nm_tok_is(d, &d->toks.v[x], "at") &&
                           !nm_tok_is(d, &d->toks.v[x], "for") && !nm_tok_is(d, &d->toks.v[x], "in"))
                        x++;
                    rt.te = x;
                    te = x;
                }
                if (te + 1 < hi && (nm_tok_is(d, &d->toks.v[te], "of") || nm_tok_is(d, &d->toks.v[te], "for") || nm_tok_is(d, &d->toks.v[te], "at"))) {
                    uint32_t ob = te + 1;
                    if (ob < hi && TOK_IS(d, &d->toks.v[ob], "the") && ob + 1 < hi) ob++;
                    /* the organisation runs to the end of the appositive: "for the Russian foreign
                     * ministry", "of the African Union observer mission", "for the consumer group Which?" */
                    uint32_t x = ob, first_name = UINT32_MAX, nnames = 0;
                    while (x < hi && x < ob + 8) {
                        const nm_token *w = &d->toks.v[x];
                        if (nm_tok_is(d, w, ",") || nm_tok_is(d, w, ";") || nm_tok_is(d, w, ".") || nm_tok_is(d, w, "said") ||
                            nm_tok_is(d, w, "says") || nm_tok_is(d, w, "who") || nm_tok_is(d, w, "and") || (w->flags & NM_TF_QUOTE) ||
                            nm_tok_is(d, w, "(") || nm_tok_is(d, w, ")"))
                            break;
                        if (name_at[x] >= 0) {
                            if (first_name == UINT32_MAX) first_name = x;
                            nnames++;
                            x = names[name_at[x]].e;
                            continue;
                        }
                        x++;
                    }
                    int ends = x >= hi || nm_tok_is(d, &d->toks.v[x], ",") || (d->toks.v[x].flags & NM_TF_PUNCT) ||
                               nm_tok_is(d, &d->toks.v[x], "said") || nm_tok_is(d, &d->toks.v[x], "says") ||
                               nm_tok_is(d, &d->toks.v[x], "who");
                    if (ends && x > ob) {
                        /* trailing punctuation belongs to the sentence, not the organisation */
                        uint32_t oe = x;
                        while (oe > ob + 1 && (d->toks.v[oe - 1].flags & NM_TF_PUNCT) && name_at[oe - 1] < 0) oe--;
                        /* without a name, the phrase must name a body: an organisation word ("the
                         * opposition alliance") or a capitalised word ("the consumer group Which?"),
                         * not "the product manager for the drug" (then the title stands alone) */
                        int org = first_name != UINT32_MAX || is_org_noun(r, d, oe - 1);
                        for (uint32_t y = ob; y < oe && !org; y++) org = tok_cap(d, y);
                        if (org) {
                            if (first_name != UINT32_MAX) rt.of_name = name_at[first_name];
                            if (!(nnames == 1 && names[name_at[first_name]].b == ob && names[name_at[first_name]].e == oe)) {
                                rt.ob = ob;
                                rt.oe = oe;
                            }
                        }
                        te = x;
                    }
                }
                /* "a teacher in Kibera", "an analyst at Acme Corp" */
                if (te + 1 < hi && name_at[te + 1] >= 0 &&
                    (nm_tok_is(d, &d->toks.v[te], "in") || nm_tok_is(d, &d->toks.v[te], "from") || nm_tok_is(d, &d->toks.v[te], "at"))) {
                    if (rt.of_name < 0 && !nm_tok_is(d, &d->toks.v[te], "in")) rt.of_name = name_at[te + 1];
                    te = names[name_at[te + 1]].e;
                }
                /* the appositive must end there */
                if (te >= hi || nm_tok_is(d, &d->toks.v[te], ",") || (d->toks.v[te].flags & NM_TF_PUNCT) ||
                    nm_tok_is(d, &d->toks.v[te], "said") || nm_tok_is(d, &d->toks.v[te], "who"))
                    NM_VEC_PUSH(&d->arena, *roles, rt);
            }
        }
    }
}

/* ---- step 5: pronouns and descriptions ---- */

static int gender_of_pronoun(const nm_entity_res *r, const nm_doc *d, uint32_t t)
{
    const char *v = nm_lexicon_get(r->pronouns, nm_tok_str(d, &d->toks.v[t]), nm_tok_len(&d->toks.v[t]));
    if (!v) return 0;
    return v[0] == 'M' ? 1 : v[0] == 'F' ? 2 : v[0] == 'P' ? 3 : 0;
}

static int preposition_before(const nm_doc *d, uint32_t t)
{
    /* skip a title before the name: "with President Trump" */
    const nm_entity_res *r = d->eng->entity_res;
    uint32_t lo = d->sents.v[d->toks.v[t].sent].tok_begin;
    while (t > lo && (tok_cap(d, t - 1) && title_span(r, d, t - 1, t))) t--;
    if (t <= lo) return 0;
    static const char *const P[] = {"with", "to", "by", "of", "from", "for", "about", "after", "before", "against",
                                    "between", "on", "at", "in", "and", "than", "like", "toward", "towards", NULL};
    for (int i = 0; P[i]; i++)
        if (nm_tok_is_ci(d, &d->toks.v[t - 1], P[i])) return 1;
    return 0;
}

/* The number of mentions (sorted by start) that start before token t. */
static size_t mentions_before(const nm_entity_set *es, uint32_t t)
{
    size_t lo = 0, hi = es->mentions.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (es->mentions.v[mid].tok_begin < t) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The person a he/she at token t refers to: in the current sentence, the first person named before
 * t; otherwise the first person named in the closest earlier sentence that names one (the subject,
 * as a rule in news), within three sentences, of compatible gender. */
static int32_t resolve_pronoun(const nm_doc *d, uint32_t t, int gender)
{
    const nm_entity_set *es = d->entities;
    if (!es || gender == 0 || gender == 3) return -1;
    uint32_t sent = d->toks.v[t].sent;
    size_t lo = mentions_before(es, t);
    int32_t best = -1;
    uint32_t best_sent = UINT32_MAX;
    int steps = 0;
    for (size_t i = lo; i-- > 0 && steps < 400; steps++) {
        const nm_mention *m = &es->mentions.v[i];
        if (sent - m->sent > 3 || m->sent > sent) break;
        if (best >= 0 && m->sent != best_sent) break;
        if (m->entity < 0) continue;
        const nm_entity *en = &es->ents.v[m->entity];
        if (en->type != NM_ENT_PERSON) continue;
        if (en->gender && en->gender != gender) continue;
        if (m->kind == NM_MENTION_PRONOUN) continue;
        /* objects of prepositions and possessors are rarely what a following "he" refers to */
        if (m->tok_begin > 0 && preposition_before(d, m->tok_begin)) continue;
        if (m->tok_end < d->toks.n && tok_is_possessive(d, m->tok_end)) continue;
        /* keep walking back inside this sentence to reach its first person */
        best = m->entity;
        best_sent = m->sent;
    }
    return best;
}

/* Several people hold the role ("the president" with two presidents in the story): the one the
 * text just named, when only one of them is named in this sentence before token b or the two before. */
static int32_t most_recent_candidate(const nm_doc *d, uint32_t b, const int32_t *cand, size_t ncand)
{
    const nm_entity_set *es = d->entities;
    uint32_t sent = d->toks.v[b].sent;
    size_t lo = mentions_before(es, b);
    int32_t seen = -1;
    int steps = 0;
    for (size_t i = lo; i-- > 0 && steps < 200; steps++) {
        const nm_mention *m = &es->mentions.v[i];
        if (m->sent > sent || sent - m->sent > 2) break;
        if (m->entity < 0 || m->kind != NM_MENTION_NAME) continue;
        for (size_t k = 0; k < ncand; k++) {
            if (cand[k] != m->entity) continue;
            if (seen >= 0 && seen != m->entity) return -1; /* two of them named: unclear */
            seen = m->entity;
        }
    }
    return seen;
}

/* "they" used as a subject refers to an organisation or group named as the subject of a speech verb
 * just before it in the same sentence: "The union said they would strike", "Hamas said they had ...".
 * People ("Smith and Jones said they") and unclear cases stay unattached. */
static int32_t resolve_plural(const nm_doc *d, uint32_t t)
{
    const nm_entity_set *es = d->entities;
    uint32_t lo = d->sents.v[d->toks.v[t].sent].tok_begin;
    if (t < lo + 2) return -1;
    static const char *const V[] = {"said", "says", "added", "told", "announced", "warned", "insisted", "stated",
                                    "claimed", "argued", "confirmed", "denied", "agreed", NULL};
    int verb = 0;
    uint32_t k = t - 1;
    if (nm_tok_is(d, &d->toks.v[k], "that") && k > lo) k--;
    for (int i = 0; V[i] && !verb; i++) verb = nm_tok_is_ci(d, &d->toks.v[k], V[i]);
    if (!verb || k == lo) return -1;
    int32_t mi = es->tok_mention[k - 1];
    if (mi < 0) return -1;
    const nm_mention *m = &es->mentions.v[mi];
    if (m->entity < 0 || m->kind != NM_MENTION_NAME) return -1;
    const nm_entity *en = &es->ents.v[m->entity];
    if (en->type != NM_ENT_ORG && en->type != NM_ENT_NORP) return -1;
    /* "X and Y said they": a coordinated subject is more than this one */
    if (m->tok_begin > lo && (nm_tok_is(d, &d->toks.v[m->tok_begin - 1], "and") || nm_tok_is(d, &d->toks.v[m->tok_begin - 1], "or")))
        return -1;
    if (m->tok_begin > lo + 1 && TOK_IS(d, &d->toks.v[m->tok_begin - 1], "the") &&
        nm_tok_is(d, &d->toks.v[m->tok_begin - 2], "and"))
        return -1;
    return m->entity;
}

/* Words of a description: "the [Q] [adj] TITLE". Resolves to the unique person whose role has the
 * same head word and agrees with the qualifier. */
static int32_t resolve_description(const nm_doc *d, uint32_t b, uint32_t e)
{
    const nm_entity_set *es = d->entities;
    const nm_entity_res *r = d->eng->entity_res;
    if (!es || e <= b || e - b > 8) return -1;
    uint32_t k = b;
    if (TOK_IS(d, &d->toks.v[k], "the")) k++;
    if (k >= e) return -1;
    /* the head title: the longest title that ends the span */
    uint32_t tb = title_ending(r, d, k, e);
    if (tb == UINT32_MAX || is_honorific(d, tb, e)) return -1;
    /* qualifier country/organisation */
    char qcode[8] = "";
    const char *qtext = NULL;
    size_t qlen = 0;
    for (uint32_t q = k; q < tb; q++) {
        const nm_mention *m = nm_mention_at(d, q);
        if (m && m->entity >= 0) {
            const nm_entity *qe = &es->ents.v[m->entity];
            memcpy(qcode, qe->country, sizeof qcode);
            qtext = qe->name;
            qlen = strlen(qe->name);
            break;
        }
        lexinfo li;
        lex_lookup(r, d, q, q + 1, &li);
        if (li.type) { memcpy(qcode, li.code, sizeof qcode); break; }
    }
    /* head word = last token of the title */
    const nm_token *head = &d->toks.v[e - 1];
    int32_t found = -1, cand[16];
    size_t ncand = 0;
    /* bounded: a pathological document with thousands of people gets no description links beyond */
    for (size_t i = 0; i < es->ents.n && i < 4096; i++) {
        const nm_entity *en = &es->ents.v[i];
        if (en->type != NM_ENT_PERSON) continue;
        int ok = 0;
        for (size_t ri = 0; ri < en->roles.n && !ok; ri++) {
            const char *title = en->roles.v[ri].title;
            const char *last = strrchr(title, ' ');
            last = last ? last + 1 : title;
            if (strlen(last) != nm_tok_len(head) || strncasecmp(last, nm_tok_str(d, head), nm_tok_len(head))) continue;
            if (qcode[0] && strcmp(en->country, qcode)) continue;
            if (!qcode[0] && qtext && !(en->roles.v[ri].of && !strncmp(en->roles.v[ri].of, qtext, qlen))) continue;
            ok = 1;
        }
        if (!ok) continue;
        if (ncand < 16) cand[ncand] = (int32_t)i;
        ncand++;
        found = (int32_t)i;
    }
    if (ncand <= 1) return found;
    if (ncand > 16) return -1;
    return most_recent_candidate(d, b, cand, ncand);
}

/* Where a company's name ends without its legal form: "Exxon Corp" → "Exxon", "Lloyds Bank PLC" →
 * "Lloyds Bank"; e when the name has none (or is nothing else). */
uint32_t nm_name_without_legal_form(const nm_doc *d, uint32_t b, uint32_t e)
{
    static const char *const FORMS[] = {"inc", "inc.", "corp", "corp.", "co", "co.", "cos", "ltd", "ltd.", "plc",
                                        "ag", "sa", "nv", "gmbh", "llc", "corporation", "incorporated", "limited", NULL};
    if (e < b + 2) return e;
    const nm_token *t = &d->toks.v[e - 1];
    for (int k = 0; FORMS[k]; k++)
        if (nm_text_is_ci(d->text + t->start, nm_tok_len(t), FORMS[k])) return e - 1;
    return e;
}

/* nm_name_without_legal_form for clustering: not when what is left is a place ("Texas AG" is the
 * state's attorney general, not a company called Texas). */
static uint32_t company_core_end(const nm_entity_res *r, const nm_doc *d, uint32_t b, uint32_t e)
{
    uint32_t c = nm_name_without_legal_form(d, b, e);
    if (c == e) return e;
    lexinfo li;
    lex_lookup_places(r, d, b, c, &li, 1);
    return li.type == NM_ENT_GPE || li.type == NM_ENT_LOC ? e : c;
}

/* ---- a person that is an organisation ---- */

static int is_org_noun_tok(const nm_entity_res *r, const nm_doc *d, uint32_t t)
{
    const nm_token *k = &d->toks.v[t];
    return (k->flags & NM_TF_LOWER) && nm_lexicon_get(r->org_nouns, d->text + k->start, nm_tok_len(k)) != NULL;
}

/* Does the text around name n say it is an organisation? "the toy firm, Halvorsen
 * Brekke", "Tarrow, the Dutch oil company,", "Tarrow's profits", "a stake in Tarrow". */
static int org_evidence(const nm_entity_res *r, const nm_doc *d, const name_tmp *n)
{
    static const char *const OWNED[] = {"profits", "profit", "sales", "shareholders", "earnings", "revenue",
                                        "revenues", "brands", "subsidiary", "subsidiaries", "products", NULL};
    const nm_sentence *S = &d->sents.v[n->sent];
    uint32_t b = n->b, e = n->e;
    /* "firm, X" / "the firm X" */
    if (b >= S->tok_begin + 2 && TOK_IS(d, &d->toks.v[b - 1], ",") && is_org_noun_tok(r, d, b - 2)) return 1;
    if (b >= S->tok_begin + 2 && is_org_noun_tok(r, d, b - 1) &&
        ((d->toks.v[b - 2].flags & NM_TF_LOWER) || (d->toks.v[b - 2].flags & NM_TF_PUNCT)))
        return 1;
    /* "a stake in X", "shares in X", "shares of X" */
    if (b >= S->tok_begin + 2 && (TOK_IS(d, &d->toks.v[b - 1], "in") || TOK_IS(d, &d->toks.v[b - 1], "of")) &&
        (TOK_IS(d, &d->toks.v[b - 2], "stake") || TOK_IS(d, &d->toks.v[b - 2], "shares")))
        return 1;
    /* "X's profits" */
    if (e + 1 < S->tok_end && tok_is_possessive(d, e))
        for (int k = 0; OWNED[k]; k++)
            if (nm_text_is_ci(d->text + d->toks.v[e + 1].start, nm_tok_len(&d->toks.v[e + 1]), OWNED[k])) return 1;
    /* "X, the oil company," : the noun heads the apposition */
    if (e + 2 < S->tok_end && TOK_IS(d, &d->toks.v[e], ",") &&
        (TOK_IS(d, &d->toks.v[e + 1], "the") || TOK_IS(d, &d->toks.v[e + 1], "a") || TOK_IS(d, &d->toks.v[e + 1], "an"))) {
        for (uint32_t t = e + 2; t < S->tok_end && t < e + 8; t++) {
            const nm_token *k = &d->toks.v[t];
            if ((k->flags & NM_TF_PUNCT) || tok_is_possessive(d, t) || TOK_IS(d, k, "of") || TOK_IS(d, k, "for") ||
                TOK_IS(d, k, "at") || TOK_IS(d, k, "in") || TOK_IS(d, k, "with") || TOK_IS(d, k, "to"))
                break;
            if (!is_org_noun_tok(r, d, t)) continue;
            if (t + 1 >= S->tok_end) return 1;
            const nm_token *nx = &d->toks.v[t + 1];
            return (nx->flags & NM_TF_PUNCT) || TOK_IS(d, nx, "that") || TOK_IS(d, nx, "which") || TOK_IS(d, nx, "based");
        }
    }
    return 0;
}

/* ---- the stage ---- */

typedef NM_VEC(nm_mention) mention_vec;

/* Merge extra (in text order) into the document's mentions and rebuild the token map. */
static void merge_mentions(nm_doc *doc, nm_entity_set *es, const mention_vec *extra)
{
    if (!extra->n) return;
    mention_vec all = {0};
    size_t a = 0, b = 0;
    while (a < es->mentions.n || b < extra->n) {
        if (b >= extra->n || (a < es->mentions.n && es->mentions.v[a].tok_begin < extra->v[b].tok_begin))
            NM_VEC_PUSH(&doc->arena, all, es->mentions.v[a++]);
        else
            NM_VEC_PUSH(&doc->arena, all, extra->v[b++]);
    }
    es->mentions.v = all.v;
    es->mentions.n = all.n;
    es->mentions.cap = all.cap;
    for (size_t i = 0; i < es->mentions.n; i++)
        for (uint32_t t = es->mentions.v[i].tok_begin; t < es->mentions.v[i].tok_end; t++) es->tok_mention[t] = (int32_t)i;
}

static const char *arena_span(nm_doc *d, uint32_t tb, uint32_t te)
{
    uint32_t s = d->toks.v[tb].start, e = d->toks.v[te - 1].end;
    return nm_arena_strndup(&d->arena, d->text + s, e - s);
}

/* The of-string of a role: a person's canonical name, a country's usual name for a demonym. */
static const char *of_string(nm_doc *d, const name_tmp *names, const int32_t *name_ent, const role_tmp *rt)
{
    const nm_entity_res *r = d->eng->entity_res;
    if (rt->oe > rt->ob) return arena_span(d, rt->ob, rt->oe);
    if (rt->of_name < 0) return NULL;
    const name_tmp *q = &names[rt->of_name];
    if (q->type == NM_ENT_PERSON && name_ent[rt->of_name] >= 0) return d->entities->ents.v[name_ent[rt->of_name]].name;
    if (q->li.code[0] && (q->li.kind == 4 || q->li.kind == 1)) {
        const char *cn = nm_lexicon_get(r->country_names, q->li.code, strlen(q->li.code));
        if (cn) return cn;
    }
    return arena_span(d, name_start(d, q), q->e);
}

static void set_code(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n > 7) n = 7;
    memcpy(dst, src, n);
    dst[n] = 0;
}

/* Acronym key of a name: the initials of a multi-word name ("European Union" → EU, "World
 * Anti-Doping Agency" → WADA, "Competition and Markets Authority" → CMA; connectors skipped), or
 * the letters of a single-word acronym ("EU", "U.N.", "Wada", "Nato"). 0 when the name is neither.
 * Lets "EU" join "European Union" and keeps "Wada" from being a person. *single says which form. */
static uint64_t acronym_key(const nm_doc *d, uint32_t b, uint32_t e, int *single)
{
    char buf[16];
    size_t n = 0;
    *single = e - b == 1;
    if (*single) {
        const char *p = nm_tok_str(d, &d->toks.v[b]);
        uint32_t len = nm_tok_len(&d->toks.v[b]), upper = 0;
        for (uint32_t k = 0; k < len; k++) {
            char c = p[k];
            if (c == '.') continue;
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) || n + 1 >= sizeof buf) return 0;
            upper += c >= 'A' && c <= 'Z';
            buf[n++] = (char)(c >= 'a' ? c - 32 : c);
        }
        /* all capitals ("EU", "U.N."), or a capital and 3+ lower-case letters ("Wada", "Nato") */
        if (n < 2 || n > 6 || !(p[0] >= 'A' && p[0] <= 'Z')) return 0;
        if (upper != n && (upper != 1 || n < 4)) return 0;
    } else {
        if (e - b > 8) return 0;
        for (uint32_t t = b; t < e; t++) {
            const nm_token *w = &d->toks.v[t];
            if (nm_tok_is(d, w, "of") || nm_tok_is(d, w, "and") || nm_tok_is(d, w, "for") || nm_tok_is(d, w, "the") ||
                nm_tok_is(d, w, "&") || nm_tok_is(d, w, "on") || nm_tok_is(d, w, "de"))
                continue;
            if (!tok_cap(d, t)) return 0;
            const char *p = nm_tok_str(d, w);
            uint32_t len = nm_tok_len(w);
            for (uint32_t k = 0; k < len; k++)
                if ((k == 0 || p[k - 1] == '-') && p[k] >= 'A' && p[k] <= 'Z') {
                    if (n + 1 >= sizeof buf) return 0;
                    buf[n++] = p[k];
                }
        }
        if (n < 2) return 0;
    }
    return nm_hash_bytes(buf, n, NM_HASH_SEED ^ (uint64_t)'A') | 1;
}

static void run(nm_doc *doc)
{
    nm_entity_set *es = nm_arena_zalloc(&doc->arena, sizeof *es);
    doc->entities = es;
    es->tok_mention = nm_arena_alloc(&doc->arena, (doc->toks.n + 1) * sizeof *es->tok_mention);
    for (size_t i = 0; i < doc->toks.n; i++) es->tok_mention[i] = -1;
    if (!doc->eng->entity_res || !doc->eng->ner) return;
    const nm_entity_res *r = doc->eng->entity_res;
    tag_document(doc);

    name_vec names = {0};
    collect_names(doc, &names);
    add_surname_mentions(doc, &names);
    size_t nn = names.n;
    int32_t *name_at = nm_arena_alloc(&doc->arena, (doc->toks.n + 1) * sizeof *name_at);
    for (size_t i = 0; i < doc->toks.n; i++) name_at[i] = -1;
    for (size_t i = 0; i < nn; i++)
        for (uint32_t t = names.v[i].b; t < names.v[i].e; t++) name_at[t] = (int32_t)i;

    /* a single-word PERSON-tagged name that is the surname of a full name is that person, and a
     * name typed ORG/LOC/MISC that equals a person's surname joins the person (the tagger's
     * document-level inconsistency), unless a lexicon says it is a place or institution */
    /* acronyms: a single word that spells the initials of a multi-word organisation in the document
     * ("EU" / "European Union", "Wada" / "World Anti-Doping Agency") names it; the tagger's PERSON
     * for such a word is wrong. Keys of the multi-word names first, so the order of mention does not matter. */
    uint64_t *akey = nm_arena_zalloc(&doc->arena, (nn + 1) * sizeof *akey);
    uint8_t *asingle = nm_arena_zalloc(&doc->arena, nn + 1);
    {
        cl_index ax;
        cl_init(doc, &ax, nn);
        for (size_t i = 0; i < nn; i++) {
            name_tmp *n = &names.v[i];
            if (n->type == NM_ENT_PERSON && n->e - n->b >= 2) continue;
            int single;
            akey[i] = acronym_key(doc, name_start(doc, n), n->e, &single);
            asingle[i] = (uint8_t)single;
            if (akey[i] && !single && n->type != NM_ENT_PERSON) cl_add(doc, &ax, akey[i], (uint32_t)i);
        }
        for (size_t i = 0; i < nn; i++) {
            if (!akey[i] || !asingle[i]) continue;
            uint32_t full[CL_SCAN];
            size_t nf = cl_lookup(&ax, akey[i], full);
            if (!nf) { akey[i] = 0; continue; }
            name_tmp *n = &names.v[i];
            if (n->type == NM_ENT_PERSON) {
                n->type = names.v[full[0]].type;
                n->li = names.v[full[0]].li;
            }
        }
    }
    int32_t *name_ent = nm_arena_alloc(&doc->arena, (nn + 1) * sizeof *name_ent);
    NM_VEC(cluster_tmp) cl = {0};
    for (size_t i = 0; i < nn; i++) name_ent[i] = -1;
    cl_index cx;
    cl_init(doc, &cx, nn);
    /* pass A: full person names (2+ tokens), then pass B: everything else */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nn; i++) {
            name_tmp *n = &names.v[i];
            if (name_ent[i] >= 0) continue;
            int full_person = n->type == NM_ENT_PERSON && n->e - n->b >= 2;
            if (pass == 0 && !full_person) continue;
            int32_t target = -1;
            /* candidate clusters from the index (a superset of those that can match), then the
             * first one in creation order that does */
            uint32_t cand[7 * CL_SCAN];
            size_t ncand = 0;
            uint32_t nb0 = name_start(doc, n);
            uint32_t ns = n->type == NM_ENT_ORG ? company_core_end(r, doc, nb0, n->e) : n->e; /* without "Corp" */
            uint64_t keys[7] = {tok_key(doc, 'T', n->b), tok_key(doc, 'T', n->e - 1), text_key(doc, nb0, n->e),
                                n->li.kind == 1 ? code_key(n->li.code) : 0, n->e - nb0 == 1 ? tok_key(doc, 'O', n->e - 1) : 0,
                                n->type != NM_ENT_PERSON ? akey[i] : 0, ns < n->e ? text_key(doc, nb0, ns) : 0};
            for (int k = 0; k < 7; k++) ncand += cl_lookup(&cx, keys[k], cand + ncand);
            for (size_t ci = 0; ci < ncand; ci++) {
                uint32_t c = cand[ci];
                if (target >= 0 && (int32_t)c >= target) continue;
                const name_tmp *best = &names.v[cl.v[c].best];
                int ok = 0;
                if (best->type == NM_ENT_PERSON) {
                    int may_be_person = n->type == NM_ENT_PERSON || (!n->li.type && n->e - n->b <= 2);
                    if (may_be_person && name_part_of(doc, n, best)) ok = 1;
                    else if (full_person && name_part_of(doc, best, n)) ok = 1;
                    /* "Brindle Gantry" read as a person, then "Brindle Gantry Corp": one company */
                    else if (ns < n->e && span_eq_ci(doc, nb0, ns, name_start(doc, best), best->e)) ok = 1;
                } else if (n->type != NM_ENT_PERSON || pass == 1) {
                    uint32_t nb = name_start(doc, n), bb = name_start(doc, best);
                    if (span_eq_ci(doc, nb, n->e, bb, best->e) && (n->type == best->type || !n->li.type || !best->li.type))
                        ok = 1;
                    else if (n->li.kind == 1 && best->li.kind == 1 && !strcmp(n->li.code, best->li.code) &&
                             !lex_span(r->country_parts, doc, nb, n->e) && !lex_span(r->country_parts, doc, bb, best->e))
                        ok = 1;
                    /* "EU" and "European Union": one is the acronym of the other */
                    else if (akey[i] && akey[i] == akey[cl.v[c].best] && asingle[i] != asingle[cl.v[c].best] &&
                             best->type != NM_ENT_PERSON)
                        ok = 1;
                    /* "Exxon" and "Exxon Corp": the same company with or without its legal form */
                    else if ((best->type == NM_ENT_ORG || n->type == NM_ENT_ORG) && (!n->li.type || !best->li.type) &&
                             (span_eq_ci(doc, nb, n->e, bb, best->type == NM_ENT_ORG ? company_core_end(r, doc, bb, best->e) : best->e) ||
                              span_eq_ci(doc, nb, ns, bb, best->e)) &&
                             (company_core_end(r, doc, bb, best->e) < best->e || ns < n->e))
                        ok = 1;
                    /* "the Commission" after "the European Commission" */
                    else if (n->type == NM_ENT_ORG && best->type == NM_ENT_ORG && n->e - nb == 1 && best->e - bb >= 2 &&
                             tok_eq(doc, n->e - 1, best->e - 1) && best->b < n->b)
                        ok = 1;
                }
                if (ok) target = (int32_t)c;
            }
            if (target < 0) {
                cluster_tmp c;
                memset(&c, 0, sizeof c);
                c.best = (uint32_t)i;
                NM_VEC_PUSH(&doc->arena, cl, c);
                target = (int32_t)cl.n - 1;
            }
            cluster_tmp *c = &cl.v[target];
            NM_VEC_PUSH(&doc->arena, c->names, (uint32_t)i);
            c->votes[n->type]++;
            const name_tmp *b = &names.v[c->best];
            uint32_t nl = n->e - name_start(doc, n), bl = b->e - name_start(doc, b);
            /* canonical: the longest form; for countries the "country" spelling; not the CAPITALS of a dateline */
            int n_caps = (doc->toks.v[n->e - 1].flags & NM_TF_ALLCAPS) != 0, b_caps = (doc->toks.v[b->e - 1].flags & NM_TF_ALLCAPS) != 0;
            if ((nl == bl && b_caps && !n_caps && nm_tok_len(&doc->toks.v[n->e - 1]) > 3) ||(n->type == NM_ENT_PERSON && b->type != NM_ENT_PERSON) ||
                (nl > bl && (n->type == b->type || b->type != NM_ENT_PERSON)) ||
                (n->li.kind == 1 && b->li.kind == 1 && nl == bl &&
                 doc->toks.v[n->e - 1].end - doc->toks.v[name_start(doc, n)].start >
                     doc->toks.v[b->e - 1].end - doc->toks.v[name_start(doc, b)].start))
                c->best = (uint32_t)i;
            name_ent[i] = target;
            /* index the cluster under this name's keys */
            if (n->type == NM_ENT_PERSON) {
                cl_add(doc, &cx, tok_key(doc, 'T', n->b), (uint32_t)target);
                cl_add(doc, &cx, tok_key(doc, 'T', n->e - 1), (uint32_t)target);
            }
            cl_add(doc, &cx, text_key(doc, nb0, n->e), (uint32_t)target);
            if (ns < n->e) cl_add(doc, &cx, text_key(doc, nb0, ns), (uint32_t)target);
            if (n->li.kind == 1) cl_add(doc, &cx, code_key(n->li.code), (uint32_t)target);
            if (akey[i] && n->type != NM_ENT_PERSON) cl_add(doc, &cx, akey[i], (uint32_t)target);
            if (n->type == NM_ENT_ORG && n->e - nb0 >= 2) cl_add(doc, &cx, tok_key(doc, 'O', n->e - 1), (uint32_t)target);
        }
    }
    /* entities in order of first mention */
    int32_t *order = nm_arena_alloc(&doc->arena, (cl.n + 1) * sizeof *order);
    for (size_t c = 0; c < cl.n; c++) order[c] = -1;
    for (size_t i = 0; i < nn; i++) {
        int32_t c = name_ent[i];
        if (order[c] < 0) {
            order[c] = (int32_t)es->ents.n;
            nm_entity en;
            memset(&en, 0, sizeof en);
            const name_tmp *b = &names.v[cl.v[c].best];
            en.type = b->type;
            /* a cluster whose names are mostly typed one way keeps that type (person wins ties) */
            uint32_t bestv = 0;
            for (int ty = 1; ty < 8; ty++)
                if (cl.v[c].votes[ty] > bestv || (cl.v[c].votes[ty] == bestv && ty == NM_ENT_PERSON)) {
                    bestv = cl.v[c].votes[ty];
                    en.type = (uint8_t)ty;
                }
            if (b->type == NM_ENT_PERSON && cl.v[c].votes[NM_ENT_PERSON]) en.type = NM_ENT_PERSON;
            /* a name with a legal form ("Chrysler Corp") makes the cluster a company, whatever the
             * tagger called its short forms */
            for (size_t k = 0; k < cl.v[c].names.n && en.type != NM_ENT_ORG; k++) {
                const name_tmp *nk = &names.v[cl.v[c].names.v[k]];
                if (nm_name_without_legal_form(doc, name_start(doc, nk), nk->e) < nk->e) en.type = NM_ENT_ORG;
            }
            en.name = arena_span(doc, en.type == NM_ENT_PERSON ? b->b : name_start(doc, b), b->e);
            if (b->li.code[0]) set_code(en.country, b->li.code);
            if (b->li.sector[0]) set_code(en.sector, b->li.sector);
            if (en.type == NM_ENT_PERSON) {
                const char *g = nm_lexicon_get(r->firstnames, nm_tok_str(doc, &doc->toks.v[b->b]), nm_tok_len(&doc->toks.v[b->b]));
                if (g) en.gender = g[0] == 'F' ? 2 : 1;
            }
            if (en.type == NM_ENT_ORG && !en.sector[0]) {
                const char *ow = lex_span(r->orgwords, doc, b->e - 1, b->e);
                if (ow && (!strcmp(ow, "GOV") || !strcmp(ow, "MIL") || !strcmp(ow, "BUS") || !strcmp(ow, "MED") ||
                           !strcmp(ow, "LEG") || !strcmp(ow, "JUD") || !strcmp(ow, "COP") || !strcmp(ow, "EDU")))
                    set_code(en.sector, ow);
            }
            NM_VEC_PUSH(&doc->arena, es->ents, en);
        }
    }
    for (size_t i = 0; i < nn; i++) name_ent[i] = order[name_ent[i]];
    /* honorifics give gender: "Mr. Smith" */
    for (size_t i = 0; i < nn; i++) {
        const name_tmp *n = &names.v[i];
        nm_entity *en = &es->ents.v[name_ent[i]];
        if (en->type != NM_ENT_PERSON || en->gender || n->b == 0) continue;
        const nm_token *h = &doc->toks.v[n->b - 1];
        if (TOK_IS(doc, h, "mr.") || TOK_IS(doc, h, "mr")) en->gender = 1;
        else if (TOK_IS(doc, h, "mrs.") || TOK_IS(doc, h, "ms.") || TOK_IS(doc, h, "mrs") || TOK_IS(doc, h, "ms")) en->gender = 2;
    }
    /* a "person" without a first name or an honorific that the text calls an organisation is one
     * the tagger mistyped ("the toy firm, Halvorsen Brekke") */
    for (size_t i = 0; i < nn; i++) {
        nm_entity *en = &es->ents.v[name_ent[i]];
        if (en->type != NM_ENT_PERSON || en->gender || !org_evidence(r, doc, &names.v[i])) continue;
        /* a title before any of its names ("bank president Kenji Morowa"), a first name or an
         * initial ("T. Boone Pickens"): a person after all */
        int personal = 0;
        for (size_t k = 0; k < nn && !personal; k++) {
            if (name_ent[k] != name_ent[i]) continue;
            const name_tmp *nk = &names.v[k];
            personal = title_ending(r, doc, doc->sents.v[nk->sent].tok_begin, nk->b) != UINT32_MAX;
            if (personal || nk->e - nk->b < 2) continue;
            const nm_token *t0 = &doc->toks.v[nk->b];
            personal = nm_lexicon_get(r->firstnames, doc->text + t0->start, nm_tok_len(t0)) != NULL ||
                       (nm_tok_len(t0) == 2 && doc->text[t0->start + 1] == '.');
        }
        if (!personal) en->type = NM_ENT_ORG;
    }
    /* provisional mention list (names only) so resolution helpers can run */
    for (size_t i = 0; i < nn; i++) {
        nm_mention m = {doc->toks.v[names.v[i].b].start, doc->toks.v[names.v[i].e - 1].end, names.v[i].b, names.v[i].e,
                        names.v[i].sent, name_ent[i], es->ents.v[name_ent[i]].type, NM_MENTION_NAME};
        NM_VEC_PUSH(&doc->arena, es->mentions, m);
        for (uint32_t t = names.v[i].b; t < names.v[i].e; t++) es->tok_mention[t] = (int32_t)es->mentions.n - 1;
    }
    /* roles */
    role_vec roles = {0};
    find_roles(doc, names.v, nn, name_at, &roles);
    /* roles in text order */
    for (size_t i = 0; i < roles.n; i++) {
        const role_tmp *rt = &roles.v[i];
        nm_entity *en = &es->ents.v[name_ent[rt->person]];
        if (en->type != NM_ENT_PERSON) continue;
        nm_ent_role role;
        role.title = arena_span(doc, rt->tb, rt->te);
        if (rt->former && strncasecmp(role.title, "former ", 7)) {
            size_t tl = strlen(role.title);
            char *t = nm_arena_alloc(&doc->arena, tl + 8);
            memcpy(t, "former ", 7);
            memcpy(t + 7, role.title, tl + 1);
            role.title = t;
        }
        role.of = of_string(doc, names.v, name_ent, rt);
        role.start = doc->toks.v[rt->tb].start;
        role.end = doc->toks.v[rt->te - 1].end;
        int dup = 0;
        for (size_t k = 0; k < en->roles.n; k++)
            if (!strcasecmp(en->roles.v[k].title, role.title) &&
                (!role.of || (en->roles.v[k].of && !strcmp(role.of, en->roles.v[k].of))))
                dup = 1;
            else if (!strcasecmp(en->roles.v[k].title, role.title) && role.of && !en->roles.v[k].of) {
                en->roles.v[k].of = role.of;
                dup = 1;
            }
        if (!dup) NM_VEC_PUSH(&doc->arena, en->roles, role);
    }
    /* actor codes from the roles: pass 0 those whose qualifier is not a person, pass 1 the rest,
     * once people have countries ("Putin's aide" takes Putin's) */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < roles.n; i++) {
            const role_tmp *rt = &roles.v[i];
            int of_person = rt->of_name >= 0 && names.v[rt->of_name].type == NM_ENT_PERSON;
            if (of_person != pass) continue;
            nm_entity *en = &es->ents.v[name_ent[rt->person]];
            if (en->type != NM_ENT_PERSON) continue;
            const char *sector = title_span(r, doc, rt->tb, rt->te);
            if (!sector || !sector[0]) {
                /* "First Deputy Foreign Minister": the sector of the title proper */
                for (uint32_t b2 = rt->tb + 1; b2 < rt->te && (!sector || !sector[0]); b2++) sector = title_span(r, doc, b2, rt->te);
            }
            if (rt->of_name >= 0) {
                const nm_entity *oe = &es->ents.v[name_ent[rt->of_name]];
                if (!en->country[0] && oe->country[0]) set_code(en->country, oe->country);
                if (!en->sector[0] && oe->type != NM_ENT_PERSON && oe->sector[0] && strcmp(oe->sector, "MED")) set_code(en->sector, oe->sector);
            }
            if (!en->sector[0] && sector && sector[0] && strlen(sector) <= 3 && strcmp(sector, "SPT") && strcmp(sector, "REL") && strcmp(sector, "EDU"))
                set_code(en->sector, sector);
        }
    }
    /* members of a national group: "The US group will include Secretary of State Marco Rubio, ..." */
    for (size_t s = 0; s < doc->sents.n; s++) {
        const nm_sentence *se = &doc->sents.v[s];
        uint32_t inc = UINT32_MAX;
        /* "will include", "comprising", "is made up of", "(the Russian delegation,) led by", "represented by" */
        for (uint32_t t = se->tok_begin; t < se->tok_end && inc == UINT32_MAX; t++) {
            const nm_token *w = &doc->toks.v[t];
            if (TOK_IS(doc, w, "include") || TOK_IS(doc, w, "includes") || TOK_IS(doc, w, "included") ||
                TOK_IS(doc, w, "including") || TOK_IS(doc, w, "comprises") || TOK_IS(doc, w, "comprising") ||
                TOK_IS(doc, w, "comprise"))
                inc = t;
            else if (t + 1 < se->tok_end &&
                     ((TOK_IS(doc, &doc->toks.v[t + 1], "by") &&
                       (TOK_IS(doc, w, "led") || TOK_IS(doc, w, "headed") || TOK_IS(doc, w, "represented"))) ||
                      (TOK_IS(doc, &doc->toks.v[t + 1], "of") &&
                       (TOK_IS(doc, w, "consists") || TOK_IS(doc, w, "consisting") || TOK_IS(doc, w, "up")))))
                inc = t + 1;
        }
        if (inc == UINT32_MAX) continue;
        char code[8] = "";
        for (uint32_t t = se->tok_begin; t < inc; t++) {
            int32_t q = name_at[t];
            if (q < 0) continue;
            if (names.v[q].type == NM_ENT_PERSON) { code[0] = 0; break; } /* "Trump's team includes": not a state's */
            if (!code[0] && (names.v[q].type == NM_ENT_GPE || names.v[q].type == NM_ENT_NORP) && names.v[q].li.code[0])
                set_code(code, names.v[q].li.code);
        }
        if (!code[0]) continue;
        for (uint32_t t = inc + 1; t < se->tok_end; t++) {
            int32_t q = name_at[t];
            if (q < 0 || names.v[q].type != NM_ENT_PERSON) continue;
            nm_entity *en = &es->ents.v[name_ent[q]];
            if (en->type == NM_ENT_PERSON && !en->country[0]) set_code(en->country, code);
            t = names.v[q].e - 1;
        }
    }
    /* descriptions first (they can be what a later pronoun refers to), then pronouns */
    size_t ndesc = 0;
    for (int pass = 0; pass < 2; pass++) {
        mention_vec extra = {0};
        for (size_t s = 0; s < doc->sents.n; s++) {
            const nm_sentence *se = &doc->sents.v[s];
            if (!sentence_tagged(se)) continue;
            for (uint32_t t = se->tok_begin; t < se->tok_end; t++) {
                if (es->tok_mention[t] >= 0) continue;
                const nm_token *tk = &doc->toks.v[t];
                if (tk->flags & NM_TF_PUNCT) continue;
                if (pass == 1 && (TOK_IS(doc, tk, "he") || TOK_IS(doc, tk, "she") || TOK_IS(doc, tk, "they"))) {
                    int g = gender_of_pronoun(r, doc, t);
                    nm_mention m = {tk->start, tk->end, t, t + 1, (uint32_t)s, g == 3 ? resolve_plural(doc, t) : resolve_pronoun(doc, t, g),
                                    NM_ENT_PERSON, NM_MENTION_PRONOUN};
                    if (g == 3) m.type = m.entity >= 0 ? es->ents.v[m.entity].type : NM_ENT_NONE;
                    NM_VEC_PUSH(&doc->arena, extra, m);
                    continue;
                }
                if (pass == 0 && ndesc < 4096 && TOK_IS(doc, tk, "the")) {
                    /* "the Ukrainian president", "the Kremlin aide": the span up to a title, not followed by a name */
                    for (uint32_t e = t + 2; e <= se->tok_end && e <= t + 5; e++) {
                        if (!title_span(r, doc, e - 1, e)) continue;
                        if (e < se->tok_end && (name_at[e] >= 0 || tok_cap(doc, e))) break;
                        if (e < se->tok_end && title_span(r, doc, e, e + 1)) continue; /* longer title */
                        int32_t ent = resolve_description(doc, t, e);
                        ndesc++;
                        nm_mention m = {tk->start, doc->toks.v[e - 1].end, t, e, (uint32_t)s, ent, NM_ENT_PERSON, NM_MENTION_DESCRIPTION};
                        if (ent >= 0) NM_VEC_PUSH(&doc->arena, extra, m);
                        t = e - 1;
                        break;
                    }
                }
            }
        }
        merge_mentions(doc, es, &extra);
    }
    for (size_t i = 0; i < doc->toks.n; i++) es->tok_mention[i] = -1;
    for (size_t i = 0; i < es->mentions.n; i++) {
        const nm_mention *m = &es->mentions.v[i];
        for (uint32_t t = m->tok_begin; t < m->tok_end; t++) es->tok_mention[t] = (int32_t)i;
        if (m->entity >= 0) NM_VEC_PUSH(&doc->arena, es->ents.v[m->entity].mentions, (uint32_t)i);
    }
}

/* ---- output ---- */

static const char *const TYPE_NAMES[] = {"NONE", "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC"};
static const char *const KIND_NAMES[] = {"name", "pronoun", "description"};

static void json(const nm_doc *doc, nm_json *j)
{
    nm_json_arr_begin(j);
    const nm_entity_set *es = doc->entities;
    for (size_t i = 0; es && i < es->ents.n; i++) {
        const nm_entity *en = &es->ents.v[i];
        char id[32];
        snprintf(id, sizeof id, "E%zu", i + 1);
        nm_json_obj_begin(j);
        nm_json_kcstr(j, "id", id);
        nm_json_kcstr(j, "type", TYPE_NAMES[en->type < 8 ? en->type : 0]);
        nm_json_kcstr(j, "name", en->name);
        nm_json_key(j, "mentions");
        nm_json_arr_begin(j);
        for (size_t k = 0; k < en->mentions.n; k++) {
            const nm_mention *m = &es->mentions.v[en->mentions.v[k]];
            nm_json_obj_begin(j);
            nm_json_span_fields(j, doc, m->start, m->end);
            int32_t bi = m->sent < doc->sents.n ? doc->sents.v[m->sent].body_index : -1;
            if (bi >= 0) nm_json_kint(j, "sentence", bi);
            else nm_json_knull(j, "sentence");
            nm_json_kcstr(j, "kind", KIND_NAMES[m->kind < 3 ? m->kind : 0]);
            nm_json_obj_end(j);
        }
        nm_json_arr_end(j);
        nm_json_key(j, "roles");
        nm_json_arr_begin(j);
        for (size_t k = 0; k < en->roles.n; k++) {
            nm_json_obj_begin(j);
            nm_json_kcstr(j, "title", en->roles.v[k].title);
            nm_json_kcstr(j, "of", en->roles.v[k].of);
            nm_json_kint(j, "start", nm_doc_cp(doc, en->roles.v[k].start));
            nm_json_kint(j, "end", nm_doc_cp(doc, en->roles.v[k].end));
            nm_json_obj_end(j);
        }
        nm_json_arr_end(j);
        nm_json_kcstr(j, "country", en->country[0] ? en->country : NULL);
        nm_json_kcstr(j, "sector", en->sector[0] ? en->sector : NULL);
        nm_json_obj_end(j);
    }
    nm_json_arr_end(j);
}

static void text(const nm_doc *doc, nm_buf *b)
{
    const nm_entity_set *es = doc->entities;
    if (!es) return;
    size_t people = 0;
    for (size_t i = 0; i < es->ents.n; i++) people += es->ents.v[i].type == NM_ENT_PERSON;
    if (people) {
        nm_buf_printf(b, "\nPeople\n------\n");
        for (size_t i = 0; i < es->ents.n; i++) {
            const nm_entity *en = &es->ents.v[i];
            if (en->type != NM_ENT_PERSON) continue;
            nm_buf_printf(b, "  %s", en->name);
            for (size_t k = 0; k < en->roles.n; k++) {
                nm_buf_printf(b, "%s%s", k ? "; " : " — ", en->roles.v[k].title);
                if (en->roles.v[k].of) nm_buf_printf(b, " (%s)", en->roles.v[k].of);
            }
            if (en->country[0]) nm_buf_printf(b, " [%s%s%s]", en->country, en->sector[0] ? " " : "", en->sector);
            nm_buf_printf(b, ", %zu mention%s\n", en->mentions.n, en->mentions.n == 1 ? "" : "s");
        }
    }
    size_t others = es->ents.n - people;
    if (others) {
        nm_buf_printf(b, "\nOrganisations and places\n------------------------\n");
        for (size_t i = 0; i < es->ents.n; i++) {
            const nm_entity *en = &es->ents.v[i];
            if (en->type == NM_ENT_PERSON) continue;
            nm_buf_printf(b, "  %s (%s", en->name, TYPE_NAMES[en->type < 8 ? en->type : 0]);
            if (en->country[0]) nm_buf_printf(b, ", %s%s%s", en->country, en->sector[0] ? " " : "", en->sector);
            nm_buf_printf(b, ")\n");
        }
    }
}

const nm_stage nm_stage_entities = {"entities", init, fini, run, "entities", json, text};

/* ---- API (see entities.h) ---- */

const nm_mention *nm_mention_at(const nm_doc *d, uint32_t tok)
{
    const nm_entity_set *es = d->entities;
    if (!es || !es->tok_mention || tok >= d->toks.n || es->tok_mention[tok] < 0) return NULL;
    return &es->mentions.v[es->tok_mention[tok]];
}

const nm_entity *nm_entity_by_index(const nm_doc *d, int32_t i)
{
    const nm_entity_set *es = d->entities;
    if (!es || i < 0 || (size_t)i >= es->ents.n) return NULL;
    return &es->ents.v[i];
}

/* "the company", "the Dutch oil firm": the organisation the article is about so far. Of those named
 * before token b (of no sector or a business: not a ministry, court or news agency): one whose name
 * holds the noun ("the bank": the Bank of Canada), then the one named first if that is in the lead
 * (the story's company: "Brindle Corp said ..."), then the one named most often, the latest on a tie; -1: none. (The latest
 * named alone picked the analyst's bank quoted in passing over the company of the story.) */
static int32_t resolve_org_description(const nm_doc *d, uint32_t b, uint32_t e)
{
    const nm_entity_set *es = d->entities;
    const nm_entity_res *r = d->eng->entity_res;
    if (!TOK_IS(d, &d->toks.v[b], "the") && b > 0 && TOK_IS(d, &d->toks.v[b - 1], "the")) b--; /* the phrase without it */
    if (e - b < 2 || e - b > 5 || !TOK_IS(d, &d->toks.v[b], "the") || !is_org_noun_tok(r, d, e - 1)) return -1;
    for (uint32_t t = b + 1; t + 1 < e; t++)
        if (d->toks.v[t].flags & NM_TF_PUNCT) return -1;
    const nm_token *noun = &d->toks.v[e - 1];
    enum { MAXC = 32 };
    int32_t cand[MAXC];
    uint32_t score[MAXC], first_sent[MAXC], first_tok[MAXC];
    size_t nc = 0;
    for (size_t i = mentions_before(es, b); i-- > 0;) { /* latest first */
        const nm_mention *m = &es->mentions.v[i];
        if (m->entity < 0 || m->kind != NM_MENTION_NAME) continue;
        const nm_entity *en = &es->ents.v[m->entity];
        if (en->type != NM_ENT_ORG || (en->sector[0] && strcmp(en->sector, "BUS"))) continue;
        size_t k = 0;
        while (k < nc && cand[k] != m->entity) k++;
        if (k == nc) {
            if (nc == MAXC) continue;
            cand[nc] = m->entity;
            score[nc++] = 0;
            /* the noun in its name, as a word */
            size_t nl = nm_tok_len(noun);
            for (const char *p = en->name; *p; p++)
                if ((p == en->name || p[-1] == ' ') && !strncasecmp(p, d->text + noun->start, nl) && (!p[nl] || p[nl] == ' ')) {
                    score[k] += 10000;
                    break;
                }
        }
        score[k]++;
        first_sent[k] = m->sent;
        first_tok[k] = m->tok_begin;
    }
    /* the lead: the one named first, if in the first three sentences */
    size_t lead = 0;
    for (size_t k = 1; k < nc; k++)
        if (first_tok[k] < first_tok[lead]) lead = k;
    if (nc && first_sent[lead] <= 2) score[lead] += 1000;
    int32_t best = -1;
    uint32_t top = 0;
    for (size_t k = 0; k < nc; k++) /* in order of latest mention: strict '>' keeps the latest on a tie */
        if (score[k] > top) { top = score[k]; best = cand[k]; }
    return best;
}

int32_t nm_entity_resolve(const nm_doc *d, uint32_t b, uint32_t e)
{
    const nm_entity_set *es = d->entities;
    if (!es || !d->eng || !d->eng->entity_res) return -1;
    if (e > d->toks.n) e = (uint32_t)d->toks.n;
    if (b >= e) return -1;
    /* the head word decides: "the Kremlin aide" is the aide, not the Kremlin */
    uint32_t h = e;
    while (h > b && (d->toks.v[h - 1].flags & NM_TF_PUNCT)) h--;
    if (h == b) return -1;
    const nm_mention *hm = nm_mention_at(d, h - 1);
    if (hm && hm->entity >= 0) return hm->entity;
    if (!tok_cap(d, h - 1) && lex_span(d->eng->entity_res->titles, d, h - 1, h)) return resolve_description(d, b, h);
    /* a name (or an already attached pronoun/description) inside the span: the last one is the head,
     * except in "X's Y" where Y is the head — then only a name after the possessive counts */
    int32_t found = -1;
    for (uint32_t t = b; t < e; t++) {
        const nm_mention *m = nm_mention_at(d, t);
        if (m && m->entity >= 0) {
            found = m->entity;
            t = m->tok_end - 1;
            if (t + 1 < e && tok_is_possessive(d, t + 1)) found = -1;
        }
    }
    if (found >= 0) return found;
    if (e - b == 1) {
        int g = gender_of_pronoun(d->eng->entity_res, d, b);
        if (g == 3) return resolve_plural(d, b);
        if (g) return resolve_pronoun(d, b, g);
    }
    int32_t desc = resolve_description(d, b, e);
    if (desc >= 0) return desc;
    if ((desc = resolve_org_description(d, b, e)) >= 0) return desc;
    /* a capital or seat of power the text names only in this form: the state it stands for */
    lexinfo li;
    uint32_t s = b;
    if (e - s > 1 && TOK_IS(d, &d->toks.v[s], "the")) s++;
    lex_lookup(d->eng->entity_res, d, s, e, &li);
    if (li.code[0])
        for (size_t i = 0; i < es->ents.n; i++)
            if (!strcmp(es->ents.v[i].country, li.code) && es->ents.v[i].type == NM_ENT_GPE) return (int32_t)i;
    return -1;
}

void nm_entity_json_ref(struct nm_json *j, const nm_doc *d, int32_t i)
{
    const nm_entity *en = nm_entity_by_index(d, i);
    if (!en) {
        nm_json_knull(j, "entity");
        nm_json_knull(j, "name");
        return;
    }
    char id[16];
    snprintf(id, sizeof id, "E%d", i + 1);
    nm_json_kcstr(j, "entity", id);
    nm_json_kcstr(j, "name", en->name);
}
