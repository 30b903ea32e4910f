/*
 * keypoints.c — the keypoints stage: the three to five things a reader must know.
 *
 * Every body sentence gets a feature vector (position, length, centrality in the document, name
 * salience, title overlap, quotes, numbers, openers that need context ...). Name salience comes
 * from capitalised words, not from the entity layer: entity-mention salience was tried and
 * lowered the cross-validated ROUGE, and this keeps the model independent of the NER model. a linear model
 * learned by train/keypoints_train.c (ROUGE-oracle targets against CNN highlights) scores them;
 * the best non-redundant ones (content-word overlap, shared word trigrams) are compressed safely
 * (compress.c) and reported in reading order.
 * Boilerplate, fragments of multi-sentence quotations, headings, bylines, posts and an existing
 * key-points block are never candidates. Articles with sub-headings get one point per section
 * (the section's first sentence) after the best of the opening section, up to five.
 *
 * The model (data/models/keypoints.txt) and two small lexicons are loaded once in init and are
 * read-only afterwards. Everything per document lives in the document arena.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keypoints.h"
#include "resources.h"
#include "stage.h"

/* Loaded once per engine. */
struct nm_kp_resources {
    nm_keypoint_model model;
    nm_lexicon *stopwords;
    nm_lexicon *junk;
    char **junk_phrases; /* the junk lexicon's entries, lower-cased */
    size_t *junk_len;
    size_t njunk;
    nm_lexicon *junk_starts; /* junk_key of each phrase */
    uint8_t junk_first[256];  /* first bytes of the phrases (lower case) */
    /* stop-word pre-check: per slot of (lower-cased first and last byte), bit min(length, 63) is
     * set when some stop word has them; a token without its bit is no stop word (no probe) */
    uint64_t stop_shapes[1024];
    uint64_t junk_shapes[1024]; /* the same pre-check for the keys of junk_starts */
};

/* The stop_shapes slot of a non-empty word. */
static unsigned shape_slot(const char *s, size_t n)
{
    unsigned char a = (unsigned char)s[0], z = (unsigned char)s[n - 1];
    if (a >= 'A' && a <= 'Z') a = (unsigned char)(a + 32);
    if (z >= 'A' && z <= 'Z') z = (unsigned char)(z + 32);
    return ((unsigned)a * 31u + z) & 1023u;
}

static const char *const FEATURE_NAMES[] = {
#define NM_KP_NAME_(name) #name,
    NM_KP_FEATURES(NM_KP_NAME_)
#undef NM_KP_NAME_
};

const char *nm_kp_feature_name(int i) { return i >= 0 && i < NM_KP_NFEAT ? FEATURE_NAMES[i] : NULL; }

int nm_kp_model_parse(nm_keypoint_model *m, const char *text, size_t len)
{
    memset(m, 0, sizeof *m);
    nm_lexicon *lx = nm_lexicon_parse(text, len, NM_LEX_EXACT);
    if (!lx) return -1;
    int found = 0;
    for (int f = 0; f < NM_KP_NFEAT; f++) {
        const char *v = nm_lexicon_get(lx, FEATURE_NAMES[f], strlen(FEATURE_NAMES[f]));
        if (v && *v) {
            m->w[f] = strtod(v, NULL);
            found++;
        }
    }
    nm_lexicon_free(lx);
    return found ? 0 : -1;
}

/* ---- engine resources ---- */

/* The engine holds a struct nm_keypoint_model pointer; ours is the first member of the resources,
 * so the pointer is also the resources. */
static const struct nm_kp_resources *resources(const nm_doc *d)
{
    return d->eng ? (const struct nm_kp_resources *)d->eng->keypoint_model : NULL;
}

static size_t junk_key(const char *s, size_t n);

static void fini(nm_engine *eng)
{
    struct nm_kp_resources *r = (struct nm_kp_resources *)eng->keypoint_model;
    if (!r) return;
    for (size_t i = 0; r->junk_phrases && i < r->njunk; i++) free(r->junk_phrases[i]);
    free(r->junk_phrases);
    free(r->junk_len);
    nm_lexicon_free(r->stopwords);
    nm_lexicon_free(r->junk);
    nm_lexicon_free(r->junk_starts);
    free(r);
    eng->keypoint_model = NULL;
}

static int init(nm_engine *eng, char *err, size_t errlen)
{
    struct nm_kp_resources *r = calloc(1, sizeof *r);
    if (!r) {
        if (err) snprintf(err, errlen, "out of memory");
        return -1;
    }
    r->stopwords = nm_lexicon_load("lexicons/keypoints-stopwords.txt", NM_LEX_FOLD);
    r->junk = nm_lexicon_load("lexicons/keypoints-junk.txt", NM_LEX_FOLD);
    size_t len = 0;
    const char *model = nm_resource("models/keypoints.txt", &len);
    /* Without a trained model (first training run) the scorer falls back to the lead. */
    if (!model || nm_kp_model_parse(&r->model, model, len) != 0) {
        memset(&r->model, 0, sizeof r->model);
        r->model.w[NM_KPF_inv_pos] = 1.0;
    }
    if (!r->stopwords || !r->junk) {
        if (err) snprintf(err, errlen, "cannot load the key-points lexicons");
        nm_lexicon_free(r->stopwords);
        nm_lexicon_free(r->junk);
        free(r);
        return -1;
    }
    for (size_t i = 0; i < nm_lexicon_size(r->stopwords); i++) {
        const char *k = nm_lexicon_key(r->stopwords, i);
        size_t n = strlen(k);
        if (n) r->stop_shapes[shape_slot(k, n)] |= (uint64_t)1 << (n < 63 ? n : 63);
    }
    r->njunk = nm_lexicon_size(r->junk);
    r->junk_phrases = calloc(r->njunk + 1, sizeof *r->junk_phrases);
    r->junk_len = calloc(r->njunk + 1, sizeof *r->junk_len);
    if (!r->junk_phrases || !r->junk_len) {
        if (err) snprintf(err, errlen, "out of memory");
        eng->keypoint_model = (struct nm_keypoint_model *)r;
        fini(eng);
        return -1;
    }
    nm_buf keys;
    nm_buf_init(&keys);
    for (size_t i = 0; i < r->njunk; i++) {
        const char *k = nm_lexicon_key(r->junk, i);
        size_t n = strlen(k);
        char *low = malloc(n + 1);
        if (!low) continue;
        for (size_t c = 0; c <= n; c++) low[c] = (char)tolower((unsigned char)k[c]);
        r->junk_phrases[i] = low;
        r->junk_len[i] = n;
        nm_buf_put(&keys, low, junk_key(low, n));
        r->junk_first[(unsigned char)low[0]] = 1;
        nm_buf_putc(&keys, '\n');
    }
    r->junk_starts = nm_lexicon_parse(keys.p ? keys.p : "", keys.len, NM_LEX_FOLD);
    nm_buf_free(&keys);
    if (!r->junk_starts) {
        if (err) snprintf(err, errlen, "out of memory");
        eng->keypoint_model = (struct nm_keypoint_model *)r;
        fini(eng);
        return -1;
    }
    for (size_t i = 0; i < nm_lexicon_size(r->junk_starts); i++) {
        const char *k = nm_lexicon_key(r->junk_starts, i);
        size_t n = strlen(k);
        if (n) r->junk_shapes[shape_slot(k, n)] |= (uint64_t)1 << (n < 63 ? n : 63);
    }
    eng->keypoint_model = (struct nm_keypoint_model *)r;
    return 0;
}

/* ---- word statistics ---- */

/* An open-addressing table of 64-bit word hashes → counts, in the arena. */
typedef struct {
    uint64_t *key;
    uint32_t *count;
    uint32_t mask;
} count_table;

static void table_init(nm_doc *d, count_table *t, size_t expected)
{
    size_t cap = 64;
    while (cap < expected * 2 + 16) cap <<= 1;
    t->key = nm_arena_zalloc(&d->arena, cap * sizeof *t->key);
    t->count = nm_arena_zalloc(&d->arena, cap * sizeof *t->count);
    t->mask = (uint32_t)(cap - 1);
}

static uint32_t *table_slot(count_table *t, uint64_t h)
{
    if (h == 0) h = 1;
    uint32_t i = (uint32_t)h & t->mask;
    while (t->key[i] && t->key[i] != h) i = (i + 1) & t->mask;
    t->key[i] = h;
    return &t->count[i];
}

static uint32_t table_get(const count_table *t, uint64_t h)
{
    if (h == 0) h = 1;
    uint32_t i = (uint32_t)h & t->mask;
    while (t->key[i]) {
        if (t->key[i] == h) return t->count[i];
        i = (i + 1) & t->mask;
    }
    return 0;
}

/* FNV-1a of the ASCII-lower-cased word: the fold-mode lexicon hash, so that one hash serves both
 * the stop-word look-up and the word counts. */
static uint64_t word_hash(const char *s, size_t n) { return nm_lexicon_hash(s, n, NM_LEX_FOLD); }

/* The word hash of a content word (not a stop word, two letters or more), 0 otherwise; *hashed
 * receives the word hash whenever one was computed (0 when none), for has_junk to reuse. */
static uint64_t content_word_hash(const struct nm_kp_resources *r, const nm_doc *d, const nm_token *t, uint64_t *hashed)
{
    *hashed = 0;
    if (!(t->flags & NM_TF_ALPHA) || (t->flags & NM_TF_PUNCT)) return 0;
    size_t n = nm_tok_len(t);
    if (n < 2) return 0;
    const char *w = nm_tok_str(d, t);
    uint64_t h = word_hash(w, n);
    *hashed = h;
    int maybe_stop = (r->stop_shapes[shape_slot(w, n)] >> (n < 63 ? n : 63)) & 1;
    if (maybe_stop && nm_lexicon_get_hashed(r->stopwords, h, NM_LEX_FOLD, w, n)) return 0;
    return h ? h : 1;
}

/* The look-up key of a phrase or token for the junk check: its leading ASCII letters, or its
 * first UTF-8 character when it does not start with a letter ("©"). */
static inline int ascii_alpha(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static inline unsigned char ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

static size_t junk_key(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && ascii_alpha((unsigned char)s[k])) k++;
    if (k) return k;
    if (!n) return 0;
    unsigned char c = (unsigned char)s[0];
    k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return k <= n ? k : n;
}

/* Whether the sentence contains a junk phrase (phrases are at most 64 bytes). Only tokens whose
 * key starts some phrase (a hash look-up) are compared with the phrases. */
static int has_junk(nm_doc *d, const struct nm_kp_resources *r, const nm_sentence *S, const uint64_t *tok_hash)
{
    for (uint32_t i = S->tok_begin; i < S->tok_end; i++) {
        const nm_token *t = &d->toks.v[i];
        if (!r->junk_first[ascii_lower((unsigned char)d->text[t->start])]) continue;
        size_t k = junk_key(nm_tok_str(d, t), nm_tok_len(t));
        if (!k || !((r->junk_shapes[shape_slot(nm_tok_str(d, t), k)] >> (k < 63 ? k : 63)) & 1)) continue;
        /* a key that is the whole token was hashed already (a 0 hash is simply recomputed) */
        const char *hit = k == nm_tok_len(t) && tok_hash[i]
                              ? nm_lexicon_get_hashed(r->junk_starts, tok_hash[i], NM_LEX_FOLD, nm_tok_str(d, t), k)
                              : nm_lexicon_get(r->junk_starts, nm_tok_str(d, t), k);
        if (!hit) continue;
        char low[64];
        size_t n = S->end - t->start;
        if (n > sizeof low) n = sizeof low;
        for (size_t c = 0; c < n; c++) low[c] = (char)ascii_lower((unsigned char)d->text[t->start + c]);
        for (size_t p = 0; p < r->njunk; p++)
            if (r->junk_len[p] && r->junk_len[p] <= n && memcmp(low, r->junk_phrases[p], r->junk_len[p]) == 0) return 1;
    }
    return 0;
}

static int first_word_in(const nm_doc *d, const nm_sentence *s, const char *const *list)
{
    /* skip a leading dateline like "(CNN)" or quote marks */
    uint32_t i = s->tok_begin;
    while (i < s->tok_end && (d->toks.v[i].flags & (NM_TF_PUNCT | NM_TF_QUOTE))) i++;
    if (i < s->tok_end && d->dateline.set && d->toks.v[i].start < d->dateline.end && d->toks.v[i].start >= d->dateline.start) {
        while (i < s->tok_end && d->toks.v[i].start < d->dateline.end) i++;
        while (i < s->tok_end && (d->toks.v[i].flags & NM_TF_PUNCT)) i++;
    }
    if (i >= s->tok_end) return 0;
    const char *w = nm_tok_str(d, &d->toks.v[i]);
    size_t n = nm_tok_len(&d->toks.v[i]);
    for (size_t k = 0; list[k]; k++) { /* nm_tok_is without a strlen per entry: stop at the first difference */
        const char *e = list[k];
        size_t c = 0;
        while (c < n && e[c] && e[c] == w[c]) c++;
        if (c == n && !e[c]) return 1;
    }
    return 0;
}

/* Token equals a string literal, ASCII case-insensitively (length checked first: it is cheap). */

static const char *const PRONOUN_OPENERS[] = {"He", "She", "It", "They", "This", "These", "Those", "That",
                                              "His", "Her", "Their", "Its", "We", "I", "There", NULL};
static const char *const CONNECTIVE_OPENERS[] = {"But", "And", "However", "Meanwhile", "Also", "So", "Yet",
                                                 "Still", "Instead", "Moreover", "Then", "Now", NULL};

void nm_kp_features(nm_doc *d, nm_kp_sentences *out)
{
    const struct nm_kp_resources *r = resources(d);
    uint32_t n = d->nbody;
    out->n = n;
    out->sent = nm_arena_zalloc(&d->arena, (n + 1) * sizeof *out->sent);
    out->eligible = nm_arena_zalloc(&d->arena, n + 1);
    out->feats = nm_arena_zalloc(&d->arena, ((size_t)n + 1) * NM_KP_NFEAT * sizeof *out->feats);
    out->content_hash = nm_arena_zalloc(&d->arena, (d->toks.n + 1) * sizeof *out->content_hash);
    if (n == 0 || !r) return;
    for (uint32_t s = 0; s < d->sents.n; s++)
        if (d->sents.v[s].body_index >= 0 && (uint32_t)d->sents.v[s].body_index < n)
            out->sent[d->sents.v[s].body_index] = s;

    /* document statistics over body sentences: content words, bigrams, capitalised names */
    uint64_t *tok_hash = nm_arena_zalloc(&d->arena, (d->toks.n + 1) * sizeof *tok_hash);
    size_t ntok = 0;
    for (uint32_t b = 0; b < n; b++) {
        const nm_sentence *S = &d->sents.v[out->sent[b]];
        ntok += S->tok_end - S->tok_begin;
        for (uint32_t i = S->tok_begin; i < S->tok_end; i++) {
            out->content_hash[i] = content_word_hash(r, d, &d->toks.v[i], &tok_hash[i]);
        }
    }
    count_table words, bigrams, names;
    table_init(d, &words, ntok);
    table_init(d, &bigrams, ntok);
    table_init(d, &names, ntok);
    for (uint32_t b = 0; b < n; b++) {
        const nm_sentence *S = &d->sents.v[out->sent[b]];
        uint64_t prev = 0;
        for (uint32_t i = S->tok_begin; i < S->tok_end; i++) {
            const nm_token *t = &d->toks.v[i];
            if (!out->content_hash[i]) {
                if (!(t->flags & NM_TF_ALPHA)) prev = 0;
                continue;
            }
            uint64_t h = out->content_hash[i];
            (*table_slot(&words, h))++;
            if (prev) (*table_slot(&bigrams, prev * 31 + h))++;
            prev = h;
            if ((t->flags & NM_TF_UPPER) && !(t->flags & NM_TF_SENT_START)) (*table_slot(&names, h))++;
        }
    }
    /* the most frequent capitalised word (a name) of the document */
    uint32_t max_name = 1;
    uint64_t top_name = 0;
    for (uint32_t i = 0; i <= names.mask; i++)
        if (names.key[i] && names.count[i] > max_name) {
            max_name = names.count[i];
            top_name = names.key[i];
        }
    /* title words */
    count_table title;
    size_t title_words = 0;
    table_init(d, &title, 32);
    if (d->title) {
        const char *p = d->title;
        while (*p) {
            while (*p && !isalnum((unsigned char)*p)) p++;
            const char *q = p;
            while (*q && (isalnum((unsigned char)*q) || *q == '\'')) q++;
            if (q > p && !nm_lexicon_has(r->stopwords, p, (size_t)(q - p)) && q - p > 1) {
                uint32_t *c = table_slot(&title, word_hash(p, (size_t)(q - p)));
                if (!*c) title_words++;
                *c = 1;
            }
            p = q;
        }
    }

    float max_cent = 1e-6f, max_bi = 1e-6f, max_sal = 1e-6f;
    uint32_t first_para = n ? d->sents.v[out->sent[0]].para : 0;
    for (uint32_t b = 0; b < n; b++) {
        const nm_sentence *S = &d->sents.v[out->sent[b]];
        float *f = out->feats + (size_t)b * NM_KP_NFEAT;
        uint32_t nwords = 0, ncontent = 0, nstop = 0, nnovel = 0;
        double cent = 0, bi = 0, sal = 0;
        int straight_quotes = 0, open_quotes = 0, close_quotes = 0;
        int quote = 0, digit = 0, attrib = 0, colon = 0, first_person = 0, dash = 0, has_top = 0;
        uint32_t title_hit = 0;
        uint64_t prev = 0;
        for (uint32_t i = S->tok_begin; i < S->tok_end; i++) {
            const nm_token *t = &d->toks.v[i];
            if (t->flags & NM_TF_QUOTE) {
                quote = 1;
                const unsigned char *q = (const unsigned char *)d->text + t->start;
                if (nm_tok_len(t) == 1 && q[0] == '"') straight_quotes++;
                else if (nm_tok_len(t) == 3 && q[0] == 0xE2 && q[1] == 0x80 && q[2] == 0x9C) open_quotes++;
                else if (nm_tok_len(t) == 3 && q[0] == 0xE2 && q[1] == 0x80 && q[2] == 0x9D) close_quotes++;
            }
            if (t->flags & NM_TF_DIGIT) digit = 1;
            if (nm_tok_len(t) == 1 && d->text[t->start] == ':') colon = 1;
            if ((nm_tok_len(t) == 2 && d->text[t->start] == '-' && d->text[t->start + 1] == '-') ||
                (nm_tok_len(t) == 3 && memcmp(d->text + t->start, "\xE2\x80\x94", 3) == 0))
                dash = 1;
            if (!(t->flags & NM_TF_ALPHA)) {
                prev = 0;
                continue;
            }
            nwords++;
            if (nm_tok_is_ci(d, t, "said") || nm_tok_is_ci(d, t, "says") || nm_tok_is_ci(d, t, "told") ||
                nm_tok_is_ci(d, t, "according"))
                attrib = 1;
            if ((nm_tok_len(t) == 1 && d->text[t->start] == 'I') || nm_tok_is_ci(d, t, "we") || nm_tok_is_ci(d, t, "our") ||
                nm_tok_is_ci(d, t, "my"))
                first_person = 1;
            if (!out->content_hash[i]) {
                nstop++;
                continue;
            }
            ncontent++;
            uint64_t h = out->content_hash[i];
            uint32_t freq = table_get(&words, h);
            cent += (double)freq - 1.0;
            if (freq == 1) nnovel++;
            if (prev) bi += (double)table_get(&bigrams, prev * 31 + h) - 1.0;
            prev = h;
            if (title_words && table_get(&title, h)) title_hit++;
            if ((t->flags & NM_TF_UPPER) && !(t->flags & NM_TF_SENT_START)) {
                uint32_t c = table_get(&names, h);
                if (c > sal) sal = c;
                if ((h ? h : 1) == top_name) has_top = 1;
            }
        }
        f[NM_KPF_bias] = 1;
        static const uint8_t POS_BIN[] = {NM_KPF_pos0, NM_KPF_pos1, NM_KPF_pos2, NM_KPF_pos3, NM_KPF_pos4,
                                          NM_KPF_pos5_6, NM_KPF_pos5_6, NM_KPF_pos7_9, NM_KPF_pos7_9,
                                          NM_KPF_pos7_9};
        if (b < sizeof POS_BIN) f[POS_BIN[b]] = 1;
        else if (b < 15) f[NM_KPF_pos10_14] = 1;
        else f[NM_KPF_pos15] = 1;
        f[NM_KPF_relpos] = n > 1 ? (float)b / (float)(n - 1) : 0;
        f[NM_KPF_inv_pos] = 1.0f / (float)(b + 1);
        if (nwords <= 8) f[NM_KPF_len_le8] = 1;
        else if (nwords <= 14) f[NM_KPF_len9_14] = 1;
        else if (nwords <= 22) f[NM_KPF_len15_22] = 1;
        else if (nwords <= 32) f[NM_KPF_len23_32] = 1;
        else f[NM_KPF_len33] = 1;
        f[NM_KPF_log_len] = (float)log(1.0 + nwords) / 4.0f;
        f[NM_KPF_centrality] = (float)(cent / (ncontent + 2.0));
        f[NM_KPF_bigram_centrality] = (float)(bi / (ncontent + 2.0));
        f[NM_KPF_name_salience] = (float)sal;
        f[NM_KPF_top_name] = (float)has_top;
        f[NM_KPF_title_overlap] = title_words ? (float)title_hit / (float)title_words : 0;
        f[NM_KPF_has_title] = title_words ? 1 : 0;
        f[NM_KPF_has_quote] = (float)quote;
        f[NM_KPF_starts_quote] = (d->toks.v[S->tok_begin].flags & NM_TF_QUOTE) ? 1 : 0;
        f[NM_KPF_has_digit] = (float)digit;
        f[NM_KPF_starts_pronoun] = (float)first_word_in(d, S, PRONOUN_OPENERS);
        f[NM_KPF_starts_connective] = (float)first_word_in(d, S, CONNECTIVE_OPENERS);
        char last = S->end > S->start ? d->text[S->end - 1] : 0;
        f[NM_KPF_question] = (last == '?' || last == '!') ? 1 : 0;
        f[NM_KPF_attribution] = (float)attrib;
        f[NM_KPF_colon] = (float)colon;
        f[NM_KPF_last_tenth] = n >= 10 && b * 10 >= n * 9 ? 1 : 0;
        f[NM_KPF_first_person] = (float)first_person;
        f[NM_KPF_no_final_punct] = (last == '.' || last == '?' || last == '!' || last == '"' ||
                                    (unsigned char)last == 0x9D) ? 0 : 1;
        f[NM_KPF_para_first] = (S->para != first_para && d->paras.v[S->para].sent_begin == out->sent[b]) ? 1 : 0;
        f[NM_KPF_stopword_ratio] = nwords ? (float)nstop / (float)nwords : 0;
        f[NM_KPF_dash_clause] = (float)dash;
        /* share of content words said nowhere else in the article: a sentence of one-off detail
         * (an anecdote, a side fact) is rarely what the highlights restate (5-fold CV: +0.2 R2) */
        f[NM_KPF_novelty] = ncontent ? (float)nnovel / (float)ncontent : 0;
        if (f[NM_KPF_centrality] > max_cent) max_cent = f[NM_KPF_centrality];
        if (f[NM_KPF_bigram_centrality] > max_bi) max_bi = f[NM_KPF_bigram_centrality];
        if (f[NM_KPF_name_salience] > max_sal) max_sal = f[NM_KPF_name_salience];

        /* candidates: real sentences of news, not furniture */
        size_t slen = S->end - S->start;
        const char *st = d->text + S->start;
        int eligible = nwords >= 4 && S->tok_end - S->tok_begin <= 120;
        if (eligible && slen >= 2 && st[slen - 1] == '.' && st[slen - 2] == ' ') eligible = 0; /* "Related headline ." */
        if (eligible && has_junk(d, r, S, tok_hash)) eligible = 0;
        /* a piece of a multi-sentence quotation does not stand on its own */
        if ((straight_quotes & 1) || open_quotes != close_quotes) eligible = 0;
        if (eligible && (d->toks.v[S->tok_begin].flags & NM_TF_LOWER)) eligible = 0;
        out->eligible[b] = (uint8_t)eligible;
    }
    /* salience features relative to the document's most salient sentence */
    for (uint32_t b = 0; b < n; b++) {
        float *f = out->feats + (size_t)b * NM_KP_NFEAT;
        f[NM_KPF_centrality] /= max_cent;
        f[NM_KPF_bigram_centrality] /= max_bi;
        f[NM_KPF_name_salience] /= max_sal;
        /* salience and length matter more near the top, where the highlights mostly come from
         * (5-fold CV of these three products: +0.2 R2) */
        f[NM_KPF_lead_centrality] = f[NM_KPF_inv_pos] * f[NM_KPF_centrality];
        f[NM_KPF_lead_salience] = f[NM_KPF_inv_pos] * f[NM_KPF_name_salience];
        f[NM_KPF_lead_len] = f[NM_KPF_inv_pos] * f[NM_KPF_log_len];
    }
}

/* ---- selection ---- */

typedef struct {
    uint32_t b;
    double score;
} scored;

static int by_score_desc(const void *x, const void *y)
{
    const scored *a = x, *b = y;
    if (a->score != b->score) return a->score < b->score ? 1 : -1;
    return a->b < b->b ? -1 : (a->b > b->b);
}

static int by_sentence(const void *x, const void *y)
{
    const nm_keypoint *a = x, *b = y;
    return a->sent < b->sent ? -1 : (a->sent > b->sent);
}

/* Content-word hashes of a sentence (unique) for the redundancy check. */
static uint32_t content_set(nm_doc *d, const nm_kp_sentences *ks, uint32_t s, uint64_t **out)
{
    const nm_sentence *S = &d->sents.v[s];
    uint32_t cap = S->tok_end - S->tok_begin, n = 0;
    uint64_t *v = nm_arena_alloc(&d->arena, (cap + 1) * sizeof *v);
    for (uint32_t i = S->tok_begin; i < S->tok_end; i++) {
        uint64_t h = ks->content_hash[i];
        if (!h) continue;
        uint32_t k = 0;
        while (k < n && v[k] != h) k++;
        if (k == n) v[n++] = h;
    }
    *out = v;
    return n;
}

static int redundant(const uint64_t *a, uint32_t na, const uint64_t *b, uint32_t nb)
{
    if (!na || !nb) return 0;
    uint32_t common = 0;
    for (uint32_t i = 0; i < na; i++)
        for (uint32_t j = 0; j < nb; j++)
            if (a[i] == b[j]) {
                common++;
                break;
            }
    uint32_t small = na < nb ? na : nb;
    return common * 10 >= small * 7; /* most of the shorter one is already said */
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : (a > b);
}

/* Sorted hashes of the sentence's word trigrams (lower-cased words and numbers, punctuation
 * skipped), for trigram blocking: a candidate sharing a three-word phrase with a chosen point
 * mostly repeats it, even when the 70% content-word test lets it through. */
static uint32_t trigram_set(nm_doc *d, uint32_t s, uint64_t **out)
{
    const nm_sentence *S = &d->sents.v[s];
    uint32_t cap = S->tok_end - S->tok_begin, n = 0;
    uint64_t *v = nm_arena_alloc(&d->arena, (cap + 1) * sizeof *v);
    uint64_t w1 = 0, w2 = 0;
    for (uint32_t i = S->tok_begin; i < S->tok_end; i++) {
        const nm_token *t = &d->toks.v[i];
        if (!(t->flags & (NM_TF_ALPHA | NM_TF_DIGIT)) || (t->flags & NM_TF_PUNCT)) continue;
        uint64_t w = word_hash(nm_tok_str(d, t), nm_tok_len(t));
        if (w1 && w2) v[n++] = (w1 * 0x9E3779B97F4A7C15ULL) ^ (w2 * 31) ^ w;
        w1 = w2;
        w2 = w;
    }
    qsort(v, n, sizeof *v, cmp_u64);
    *out = v;
    return n;
}

static int shares_trigram(const uint64_t *a, uint32_t na, const uint64_t *b, uint32_t nb)
{
    uint32_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) return 1;
        if (a[i] < b[j]) i++;
        else j++;
    }
    return 0;
}

/* How many key points: three, fewer for very short articles. */
static uint32_t target_count(uint32_t eligible)
{
    if (eligible >= 5) return 3;
    if (eligible >= 2) return 2;
    return eligible;
}

/* The key points chosen so far, with their content words for the redundancy check. */
typedef struct {
    nm_keypoint_set *set;
    uint64_t *words[8];
    uint32_t nwords[8];
    uint64_t *trigrams[8];
    uint32_t ntrigrams[8];
} picks;

/* Add sentence s unless it repeats a key point already chosen. Returns 1 when added. */
static int try_add(nm_doc *d, const nm_kp_sentences *ks, picks *p, uint32_t s, double score)
{
    if (p->set->v.n >= 8) return 0;
    for (size_t k = 0; k < p->set->v.n; k++)
        if (p->set->v.v[k].sent == s) return 0;
    uint64_t *cs;
    uint32_t ncs = content_set(d, ks, s, &cs);
    for (size_t k = 0; k < p->set->v.n; k++)
        if (redundant(cs, ncs, p->words[k], p->nwords[k])) return 0;
    uint64_t *tg;
    uint32_t ntg = trigram_set(d, s, &tg);
    for (size_t k = 0; k < p->set->v.n; k++)
        if (shares_trigram(tg, ntg, p->trigrams[k], p->ntrigrams[k])) return 0;
    p->words[p->set->v.n] = cs;
    p->nwords[p->set->v.n] = ncs;
    p->trigrams[p->set->v.n] = tg;
    p->ntrigrams[p->set->v.n] = ntg;
    nm_keypoint kp = {.sent = s, .score = score};
    nm_kp_compress(d, s, &kp.text, &kp.text_len, &kp.start, &kp.end);
    NM_VEC_PUSH(&d->arena, p->set->v, kp);
    return 1;
}

nm_keypoint_set *nm_kp_select(nm_doc *d, const nm_keypoint_model *m)
{
    nm_keypoint_set *set = nm_arena_zalloc(&d->arena, sizeof *set);
    const struct nm_kp_resources *r = resources(d);
    if (!r || d->nbody == 0) return set;
    nm_kp_sentences ks;
    nm_kp_features(d, &ks);
    /* sections: an article with sub-headings covers one topic per section */
    uint32_t *heads_before = nm_arena_zalloc(&d->arena, (d->paras.n + 1) * sizeof *heads_before);
    for (size_t p = 0; p < d->paras.n; p++)
        heads_before[p + 1] = heads_before[p] + (d->paras.v[p].role == NM_ROLE_HEADING);
    scored *cand = nm_arena_alloc(&d->arena, (ks.n + 1) * sizeof *cand);
    uint8_t *section_lede = nm_arena_zalloc(&d->arena, ks.n + 1);
    uint32_t *section = nm_arena_zalloc(&d->arena, (ks.n + 1) * sizeof *section);
    uint32_t nc = 0, nsections = 0, last_section = UINT32_MAX, lead_section = 0;
    for (uint32_t b = 0; b < ks.n; b++) {
        if (!ks.eligible[b]) continue;
        const float *f = ks.feats + (size_t)b * NM_KP_NFEAT;
        double sc = 0;
        for (int k = 0; k < NM_KP_NFEAT; k++) sc += m->w[k] * f[k];
        cand[nc].b = b;
        cand[nc].score = sc;
        nc++;
        section[b] = heads_before[d->sents.v[ks.sent[b]].para];
        if (section[b] != last_section) {
            if (last_section == UINT32_MAX) lead_section = section[b];
            section_lede[b] = 1;
            last_section = section[b];
            nsections++;
        }
    }
    qsort(cand, nc, sizeof *cand, by_score_desc);
    picks p = {.set = set};
    uint32_t want = target_count(nc);
    if (nsections >= 3) {
        /* the best of the opening section, then the best section ledes, one point per topic */
        want = nsections + 2 < 5 ? nsections + 2 : 5;
        for (uint32_t i = 0; i < nc && set->v.n < 3; i++)
            if (section[cand[i].b] == lead_section) try_add(d, &ks, &p, ks.sent[cand[i].b], cand[i].score);
        for (uint32_t i = 0; i < nc && set->v.n < want; i++)
            if (section_lede[cand[i].b] && section[cand[i].b] != lead_section)
                try_add(d, &ks, &p, ks.sent[cand[i].b], cand[i].score);
    }
    for (uint32_t i = 0; i < nc && set->v.n < want; i++) try_add(d, &ks, &p, ks.sent[cand[i].b], cand[i].score);
    if (set->v.n > 1) qsort(set->v.v, set->v.n, sizeof *set->v.v, by_sentence);
    return set;
}

/* ---- the stage ---- */

static void run(nm_doc *d)
{
    const struct nm_kp_resources *r = resources(d);
    d->keypoints = r ? nm_kp_select(d, &r->model) : NULL;
}

static void json(const nm_doc *d, nm_json *j)
{
    nm_json_arr_begin(j);
    const nm_keypoint_set *set = d->keypoints;
    for (size_t i = 0; set && i < set->v.n; i++) {
        const nm_keypoint *kp = &set->v.v[i];
        nm_json_obj_begin(j);
        nm_json_kstr(j, "text", kp->text, kp->text_len);
        nm_json_kint(j, "sentence", d->sents.v[kp->sent].body_index);
        nm_json_kint(j, "start", nm_doc_cp(d, kp->start));
        nm_json_kint(j, "end", nm_doc_cp(d, kp->end));
        nm_json_knum(j, "score", round(kp->score * 1000.0) / 1000.0);
        nm_json_obj_end(j);
    }
    nm_json_arr_end(j);
}

static void text(const nm_doc *d, nm_buf *b)
{
    const nm_keypoint_set *set = d->keypoints;
    if (!set || set->v.n == 0) return;
    nm_buf_puts(b, "\nKey points\n----------\n");
    for (size_t i = 0; i < set->v.n; i++)
        nm_buf_printf(b, "  %zu. %.*s\n", i + 1, (int)set->v.v[i].text_len, set->v.v[i].text);
}

const nm_stage nm_stage_keypoints = {"keypoints", init, fini, run, "keypoints", json, text};
