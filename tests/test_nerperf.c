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

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(fast_scores_equal_plain_scores),
    cmocka_unit_test(fast_scores_equal_plain_scores_on_conll),
    cmocka_unit_test(hashed_lookups_agree_with_plain_lookups),
};
NM_TEST_GROUP(nerperf, tests)
