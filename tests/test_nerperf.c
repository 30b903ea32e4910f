/*
 * test_nerperf.c — the tagger's fast paths must not change a single score: the fast emission sums
 * (dense tables, per-document word cache, see src/ner.c) against the plain sum over
 * nm_ner_features, and the lexicon's hash-once look-ups against nm_lexicon_get.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "ner.h"

/* Split text at spaces into words (pointers into text, which must stay alive). */
static uint32_t split_words(char *text, nm_ner_word *words, uint32_t cap)
{
    uint32_t n = 0;
    for (char *p = strtok(text, " "); p && n < cap; p = strtok(NULL, " ")) {
        words[n].s = p;
        words[n].n = (uint32_t)strlen(p);
        n++;
    }
    return n;
}

static void fast_scores_equal_plain_scores(void **state)
{
    (void)state;
    static const char *const SENTENCES[] = {
        "Foreign Minister Anna Kowalski told reporters in Warsaw on Tuesday that Poland would back the "
        "European Union plan , and Kowalski said the plan was \xe2\x80\x9c fair \xe2\x80\x9d .",
        "FLOODS HIT NEW YORK CITY AS RIVER RISES",
        "the president of the World Bank met the president of Brazil in Rio de Janeiro .",
        "Shares of Acme Corp rose 4.5 % to $ 12.30 after the company , based in Springfield , said "
        "profits at Acme would double ; Acme 's chief executive , John O'Neill , declined to comment .",
        "a",
        "Kowalski Kowalski Kowalski Warsaw Warsaw Warsaw the the the",
    };
    char err[256];
    nm_ner_model *m = nm_ner_load(err, sizeof err);
    assert_non_null(m);
    nm_ner_work w;
    nm_ner_work_init(&w);
    for (size_t k = 0; k < sizeof SENTENCES / sizeof SENTENCES[0]; k++) {
        char *text = strdup(SENTENCES[k]);
        nm_ner_word words[128];
        uint32_t n = split_words(text, words, 128);
        assert_int_equal(nm_ner_selfcheck(m, &w, words, n), 0);
        free(text);
    }
    nm_ner_work_free(&w);
    nm_ner_free(m);
}

/* The same on real news wire sentences (CoNLL-2003 eng.testa), when the shared data is present. */
static void fast_scores_equal_plain_scores_on_conll(void **state)
{
    (void)state;
    size_t len;
    char *text = nm_test_read_file(nm_test_shared("data/ner/conll2003/eng.testa"), &len);
    if (!text) skip();
    char err[256];
    nm_ner_model *m = nm_ner_load(err, sizeof err);
    assert_non_null(m);
    nm_ner_work w;
    nm_ner_work_init(&w);
    enum { CAP = 4096 };
    nm_ner_word *words = malloc(CAP * sizeof *words);
    assert_non_null(words);
    uint32_t n = 0, sentences = 0;
    char *line = text;
    while (line && *line && sentences < 600) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *sp = strchr(line, ' ');
        if (sp && strncmp(line, "-DOCSTART-", 10) != 0 && n < CAP) {
            words[n].s = line;
            words[n].n = (uint32_t)(sp - line);
            n++;
        } else if (!sp && n) {
            assert_int_equal(nm_ner_selfcheck(m, &w, words, n), 0);
            sentences++;
            n = 0;
        }
        line = nl ? nl + 1 : NULL;
    }
    assert_true(sentences > 100);
    free(words);
    free(text);
    nm_ner_work_free(&w);
    nm_ner_free(m);
}

static void hashed_lookups_agree_with_plain_lookups(void **state)
{
    (void)state;
    static const char FOLD_LIST[] = "# test\nPresident\nforeign minister\tt\nNew York City\n";
    nm_lexicon *fold = nm_lexicon_parse(FOLD_LIST, sizeof FOLD_LIST - 1, NM_LEX_FOLD);
    nm_lexicon *exact = nm_lexicon_parse(FOLD_LIST, sizeof FOLD_LIST - 1, NM_LEX_EXACT);
    assert_non_null(fold);
    assert_non_null(exact);
    assert_int_equal(nm_lexicon_fold_mode(fold), NM_LEX_FOLD);
    assert_int_equal(nm_lexicon_fold_mode(exact), NM_LEX_EXACT);
    static const char *const KEYS[] = {"president", "President", "PRESIDENT", "Foreign Minister", "foreign minister",
                                       "New York City", "new york city", "New York", "", "Presiden"};
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        const char *k = KEYS[i];
        size_t kl = strlen(k);
        for (int mode = 0; mode < 2; mode++) {
            uint64_t h = nm_lexicon_hash(k, kl, mode);
            /* a hash of either fold mode gives the plain answer in both lexicons */
            assert_ptr_equal(nm_lexicon_get_hashed(fold, h, mode, k, kl), nm_lexicon_get(fold, k, kl));
            assert_ptr_equal(nm_lexicon_get_hashed(exact, h, mode, k, kl), nm_lexicon_get(exact, k, kl));
        }
    }
    assert_non_null(nm_lexicon_get(fold, "PRESIDENT", 9));
    assert_null(nm_lexicon_get(exact, "PRESIDENT", 9));
    assert_string_equal(nm_lexicon_get(fold, "FOREIGN MINISTER", 16), "t");
    /* incremental hashing: "New" + " York" + " City" is the hash of the whole key */
    uint64_t h = nm_lexicon_hash("New", 3, NM_LEX_EXACT);
    h = nm_lexicon_hash_more(h, " York", 5, NM_LEX_EXACT);
    h = nm_lexicon_hash_more(h, " City", 5, NM_LEX_EXACT);
    assert_true(h == nm_lexicon_hash("New York City", 13, NM_LEX_EXACT));
    assert_non_null(nm_lexicon_get_hashed(exact, h, NM_LEX_EXACT, "New York City", 13));
    nm_lexicon_free(fold);
    nm_lexicon_free(exact);
}

/* The model as nm_ner_load builds it, minus the shortcuts built at load (frequent-word table,
 * gazetteer first-word filter, dense history rows): what the tagger computes without them. */
static nm_ner_model *load_without_shortcuts(void)
{
    char err[256];
    nm_ner_model *m = nm_ner_load(err, sizeof err);
    assert_non_null(m);
    free(m->freq);
    free(m->freq_slots);
    free(m->freq_chars);
    m->freq = NULL;
    m->freq_slots = NULL;
    m->freq_chars = NULL;
    m->nfreq = 0;
    nm_lexicon_free(m->gaz_heads);
    m->gaz_heads = NULL;
    free(m->dense2);
    m->dense2 = NULL;
    free(m->dict); /* dictionary classes from the lexicon itself */
    m->dict = NULL;
    return m;
}

/* Prepare words[0..n) with both models: every word-level value must agree; returns how many words
 * came from the frequent-word table. */
static uint32_t check_prepare(const nm_ner_model *fast, const nm_ner_model *plain, nm_ner_work *wf, nm_ner_work *wp,
                              const nm_ner_word *words, uint32_t n)
{
    nm_ner_doc_reset(wf);
    nm_ner_doc_add(wf, words, n);
    nm_ner_doc_reset(wp);
    nm_ner_doc_add(wp, words, n);
    assert_int_equal(nm_ner_prepare(fast, wf, words, n), 0);
    assert_int_equal(nm_ner_prepare(plain, wp, words, n), 0);
    uint32_t hits = 0;
    for (uint32_t i = 0; i < n; i++) {
        const nm_ner_tokinfo *a = &wf->ti[i], *b = &wp->ti[i];
        hits += a->freq != NULL;
        assert_null(b->freq);
        assert_true(a->h_word == b->h_word && a->h_lower == b->h_lower && a->h_shape == b->h_shape && a->h_short == b->h_short);
        assert_int_equal(a->lower_len, b->lower_len);
        assert_memory_equal(wf->chars + a->lower_off, wp->chars + b->lower_off, a->lower_len);
        assert_int_equal(a->gaz, b->gaz);
        assert_int_equal(a->cap, b->cap);
        assert_int_equal(a->allcaps, b->allcaps);
        assert_int_equal(a->digit, b->digit);
        assert_int_equal(a->docflags, b->docflags);
        assert_int_equal(a->dict, b->dict);
    }
    return hits;
}

static void check_tags(const nm_ner_model *fast, const nm_ner_model *plain, nm_ner_work *wf, nm_ner_work *wp,
                       const nm_ner_word *words, size_t nwords, const nm_ner_range *sents, size_t nsents)
{
    uint8_t *la = calloc(nwords + 1, 1), *lb = calloc(nwords + 1, 1);
    assert_non_null(la);
    assert_non_null(lb);
    assert_int_equal(nm_ner_tag_document(fast, wf, words, nwords, sents, nsents, la), 0);
    assert_int_equal(nm_ner_tag_document(plain, wp, words, nwords, sents, nsents, lb), 0);
    assert_memory_equal(la, lb, nwords);
    free(la);
    free(lb);
}

static void load_shortcuts_change_nothing(void **state)
{
    (void)state;
    static const char TEXT[] =
        "Foreign Minister Anna Kowalski told reporters in New York on Tuesday that the United Nations "
        "would send observers to Bosnia and Herzegovina . | KOWALSKI SAYS U.N. TO ACT | "
        "the president of the World Bank , Zbigniew Wrzosek-Lindqvist , said in Rio de Janeiro that "
        "Kowalski 's plan was \xe2\x80\x9c fair \xe2\x80\x9d . | Kowalski said Acme Corp and Acme would gain .";
    char err[256];
    nm_ner_model *fast = nm_ner_load(err, sizeof err), *plain = load_without_shortcuts();
    assert_non_null(fast);
    assert_true(fast->nfreq > 1000);
    assert_non_null(fast->gaz_heads);
    assert_non_null(fast->dense2);
    assert_non_null(fast->dict);
    nm_ner_work wf, wp;
    nm_ner_work_init(&wf);
    nm_ner_work_init(&wp);
    char *text = strdup(TEXT);
    nm_ner_word words[128];
    uint32_t n = split_words(text, words, 128);
    /* "|" separates sentences */
    nm_ner_range sents[8];
    size_t ns = 0;
    uint32_t b = 0;
    for (uint32_t i = 0; i <= n; i++)
        if (i == n || (words[i].n == 1 && words[i].s[0] == '|')) {
            sents[ns++] = (nm_ner_range){b, i};
            b = i + 1;
        }
    /* common words ("the", "in", "said") come from the table; the made-up names do not */
    uint32_t hits = check_prepare(fast, plain, &wf, &wp, words, n);
    assert_true(hits > 10 && hits < n);
    check_tags(fast, plain, &wf, &wp, words, n, sents, ns);
    free(text);
    nm_ner_work_free(&wf);
    nm_ner_work_free(&wp);
    nm_ner_free(fast);
    nm_ner_free(plain);
}

/* The same over the CoNLL-2003 eng.testa documents, when the shared data is present. */
static void load_shortcuts_change_nothing_on_conll(void **state)
{
    (void)state;
    size_t len;
    char *text = nm_test_read_file(nm_test_shared("data/ner/conll2003/eng.testa"), &len);
    if (!text) skip();
    char err[256];
    nm_ner_model *fast = nm_ner_load(err, sizeof err), *plain = load_without_shortcuts();
    assert_non_null(fast);
    nm_ner_work wf, wp;
    nm_ner_work_init(&wf);
    nm_ner_work_init(&wp);
    enum { CAP = 16384, SCAP = 2048 };
    nm_ner_word *words = malloc(CAP * sizeof *words);
    nm_ner_range *sents = malloc(SCAP * sizeof *sents);
    assert_non_null(words);
    assert_non_null(sents);
    uint32_t n = 0, b = 0, docs = 0, hits = 0, total = 0;
    size_t ns = 0;
    char *line = text;
    while (line && docs < 120) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *sp = strchr(line, ' ');
        int docstart = strncmp(line, "-DOCSTART-", 10) == 0;
        if (sp && !docstart && n < CAP) {
            words[n].s = line;
            words[n].n = (uint32_t)(sp - line);
            n++;
        } else if (n > b && ns < SCAP) {
            sents[ns++] = (nm_ner_range){b, n};
            b = n;
        }
        if ((docstart || !nl) && ns) {
            for (size_t s = 0; s < ns; s++) hits += check_prepare(fast, plain, &wf, &wp, words + sents[s].b, sents[s].e - sents[s].b);
            total += n;
            check_tags(fast, plain, &wf, &wp, words, n, sents, ns);
            docs++;
            n = b = 0;
            ns = 0;
        }
        line = nl ? nl + 1 : NULL;
    }
    assert_true(docs > 100);
    assert_true(hits * 2 > total); /* most words come from the table */
    free(words);
    free(sents);
    free(text);
    nm_ner_work_free(&wf);
    nm_ner_work_free(&wp);
    nm_ner_free(fast);
    nm_ner_free(plain);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(load_shortcuts_change_nothing),
    cmocka_unit_test(load_shortcuts_change_nothing_on_conll),
    cmocka_unit_test(fast_scores_equal_plain_scores),
    cmocka_unit_test(fast_scores_equal_plain_scores_on_conll),
    cmocka_unit_test(hashed_lookups_agree_with_plain_lookups),
};
NM_TEST_GROUP(nerperf, tests)
