/*
 * fuzz_conll.c — libFuzzer target for `newsmill tag --conll` (src/cmd_tag.c + the tagger, ner.c).
 *
 * Why: the CoNLL reader takes arbitrary user files (malformed lines, NUL bytes, CRs, giant
 * "sentences", missing newlines, stray -DOCSTART- markers); every input must be tagged or refused
 * cleanly, never crash, hang or trip a sanitizer. The input bytes are fed as the file; the output
 * goes to /dev/null. The model is loaded once, as in the command.
 *
 * Build and run: `make fuzz-short` or `make fuzz`; seeds in fuzz/seeds/conll/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "ner.h"

static nm_ner_model *model;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[256];
    model = nm_ner_load(err, sizeof err);
    sink = fopen("/dev/null", "w");
    if (!model || !sink) {
        fprintf(stderr, "fuzz_conll: cannot load the model: %s\n", model ? "no /dev/null" : err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in) return 0;
    int rc = nm_ner_tag_conll(model, in, sink);
    if (rc == -1) abort(); /* a memory stream never fails to read */
    fclose(in);
    return 0;
}
