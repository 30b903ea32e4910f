/*
 * fuzz_quotes.c — libFuzzer target for quote pairing and attribution on arbitrary text.
 *
 * Why: the quotes stage walks quote marks, apostrophes and attribution patterns with indices that
 * run left and right across tokens, sentences and paragraphs; any text must give a quote list
 * (possibly empty) without a crash, an out-of-bounds read or a hang. Every quote found is checked
 * for consistency (spans inside the text, speaker and cue spans inside the text) and the document
 * is rendered as JSON and as the briefing, which print the quotes.
 *
 * Build and run: `make fuzz-short` / `make fuzz`; seeds in fuzz/seeds/quotes/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "fuzz_engine.h"
#include "newsmill.h"
#include "quotes.h"

static nm_engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    engine = fuzz_engine_new("fuzz_quotes");
    return 0;
}

static void check_span(const nm_doc *d, nm_span s)
{
    if (s.set && (s.start > s.end || s.end > d->len)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nm_article art;
    memset(&art, 0, sizeof art);
    art.body = (const char *)data;
    art.body_len = size;
    art.kind = NM_INPUT_TEXT;
    nm_doc *d = nm_analyze(engine, &art);
    if (!d) return 0;
    const nm_quote_set *qs = d->quotes;
    for (size_t i = 0; qs && i < qs->v.n; i++) {
        const nm_quote *z = &qs->v.v[i];
        if (z->start > z->end || z->end > d->len || !z->text) abort();
        if (z->sent >= d->sents.n && d->sents.n) abort();
        check_span(d, z->speaker);
        check_span(d, z->cue);
        check_span(d, z->addressee);
    }
    char *out;
    size_t len;
    if (nm_doc_render(d, NM_FORMAT_JSONL, &out, &len) == 0) free(out);
    if (nm_doc_render(d, NM_FORMAT_TEXT, &out, &len) == 0) free(out);
    nm_doc_free(d);
    return 0;
}
