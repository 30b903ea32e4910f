/*
 * fuzz_dict.c — libFuzzer target for the PETRARCH/TABARI dictionary reader (actors.c).
 *
 * Why: users load the community's hand-written actor and agent dictionaries with --actors and
 * --agents; any file must be read (or skipped line by line) without a crash, hang, leak or
 * sanitizer report. The first byte picks the reader (bit 1 set: the verb dictionary translator of
 * --verbs; else even: actors, odd: agents); the rest is the file. After reading, every actor entry
 * is exercised through a look-up on a small document; every translated verb pattern is checked.
 *
 * Build and run: `make fuzz-short` or `make fuzz`; seeds in fuzz/seeds/dict/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "petrarch_verbs.h"
#include "doc.h"
#include "fuzz_engine.h"
#include "newsmill.h"

static nm_engine *engine;

/* A translated pattern is a non-empty line with a head word and a code of 2-4 digits or "---". */
static int check_pattern(void *ctx, const char *pattern, const char *code)
{
    (void)ctx;
    size_t cl = strlen(code);
    if (!pattern[0] || pattern[0] == ' ' || strchr(pattern, '\n') || cl < 2 || cl > 4) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) engine = fuzz_engine_new("fuzz_dict");
    if (size < 1) return 0;
    if (data[0] & 2) {
        nm_verbs_stats st = {0};
        nm_petrarch_verbs_read((const char *)data + 1, size - 1, check_pattern, NULL, &st);
        return 0;
    }
    nm_actor_dict *ad = nm_actor_dict_new();
    if (!ad) return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    int rc = (data[0] & 1) ? nm_actor_dict_read_agents(ad, text, len) : nm_actor_dict_read_actors(ad, text, len);
    (void)rc;
    /* look the input's own words up: exercises matching, stems and dated codes */
    nm_article a;
    memset(&a, 0, sizeof a);
    a.body = text;
    a.body_len = len > 4096 ? 4096 : len;
    a.date = "1999-06-01";
    a.date_len = 10;
    nm_doc *d = nm_analyze(engine, &a);
    for (uint32_t i = 0; d && i < d->toks.n; i++) {
        const nm_actor_def *def;
        uint32_t n = nm_actor_match(ad, d, i, (uint32_t)d->toks.n, &def);
        if (n && def) {
            for (int k = 0; k < 8; k++)
                if (!nm_actor_code_at(def, 19990601, k)) break;
        }
    }
    nm_doc_free(d);
    nm_actor_dict_free(ad);
    return 0;
}
