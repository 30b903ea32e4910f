/*
 * fuzz_analyze.c — libFuzzer target for the input, normalisation and segmentation path.
 *
 * Why: every byte sequence a user can hand to `newsmill analyze` must give a document or a clean
 * error, never a crash, hang or sanitizer report. The first input byte picks how the rest is fed:
 *   0  plain text through nm_analyze (normalisation, paragraphs, structure, segmentation, stages)
 *   1  HTML through nm_analyze (tag-stripping / main-content extraction first)
 *   2  JSON Lines through the record reader (input.c: line splitting, UTF-8 repair, field checks),
 *      then each record through nm_analyze; and each line through the reader's fast JSON path and
 *      json_loadb, which must agree whenever the fast path takes the line
 *   3  plain text with metadata: the first line is split into id, title, date, url at TABs
 * and every document is rendered as JSON Lines and as the readable briefing.
 *
 * Build and run: `make fuzz-short` (15 s, part of `make check`) or `make fuzz` (FUZZ_SECONDS each);
 * seeds in fuzz/seeds/analyze/.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "doc.h"
#include "input.h"
#include "fuzz_engine.h"
#include "newsmill.h"

static nm_engine *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    engine = fuzz_engine_new("fuzz_analyze");
    return 0;
}

static void analyze_and_render(const nm_article *a)
{
    nm_doc *d = nm_analyze(engine, a);
    if (!d) return;
    /* the JSON must be complete: starts with '{', ends with "}\n" */
    char *out = NULL;
    size_t len = 0;
    if (nm_doc_render(d, NM_FORMAT_JSONL, &out, &len) == 0) {
        if (len < 3 || out[0] != '{' || out[len - 2] != '}' || out[len - 1] != '\n') abort();
        if (memchr(out, '\n', len - 1)) abort(); /* one line per document */
        free(out);
    }
    if (nm_doc_render(d, NM_FORMAT_TEXT, &out, &len) == 0) free(out);
    for (size_t i = 0; i < nm_doc_warning_count(d); i++)
        if (!nm_doc_warning(d, i)) abort();
    nm_doc_free(d);
}

static void fuzz_jsonl(const uint8_t *data, size_t size)
{
    for (size_t b = 0; b < size;) {
        const uint8_t *nl = memchr(data + b, '\n', size - b);
        size_t e = nl ? (size_t)(nl - data) : size;
        if (nm_jsonl_fast_check((const char *)data + b, e - b) < 0) abort();
        b = e + 1;
    }
    int fd = memfd_create("fuzz_analyze", 0);
    if (fd < 0) return;
    if (size && write(fd, data, size) != (ssize_t)size) { close(fd); return; }
    lseek(fd, 0, SEEK_SET);
    char path[64], err[512];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    nm_reader *rd = nm_reader_open(path, NM_IN_JSONL, (size_t)1 << 20, err, sizeof err);
    if (rd) {
        for (int guard = 0; guard < 100000; guard++) {
            nm_record rec;
            int rc = nm_reader_next(rd, &rec, err, sizeof err);
            if (rc == 0) break;
            if (rc > 0) analyze_and_render(&rec.art);
            else if (!err[0] || !rec.label[0]) abort(); /* a bad record always says which and why */
            nm_record_free(&rec);
        }
        nm_reader_close(rd);
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    int mode = data[0] & 3;
    const char *body = (const char *)data + 1;
    size_t n = size - 1;
    nm_article a;
    memset(&a, 0, sizeof a);
    switch (mode) {
    case 0:
    case 1:
        a.body = body;
        a.body_len = n;
        a.kind = mode == 1 ? NM_INPUT_HTML : NM_INPUT_TEXT;
        analyze_and_render(&a);
        break;
    case 2:
        fuzz_jsonl((const uint8_t *)body, n);
        break;
    default: {
        const char *nl = memchr(body, '\n', n);
        size_t head = nl ? (size_t)(nl - body) : 0;
        const char *fields[4] = {NULL, NULL, NULL, NULL};
        size_t lens[4] = {0, 0, 0, 0};
        size_t f = 0, start = 0;
        for (size_t i = 0; i <= head && f < 4; i++) {
            if (i == head || body[i] == '\t') {
                fields[f] = body + start;
                lens[f] = i - start;
                f++;
                start = i + 1;
            }
        }
        a.id = fields[0]; a.id_len = lens[0];
        a.title = fields[1]; a.title_len = lens[1];
        a.date = fields[2]; a.date_len = lens[2];
        a.url = fields[3]; a.url_len = lens[3];
        a.body = nl ? nl + 1 : body;
        a.body_len = nl ? n - head - 1 : n;
        analyze_and_render(&a);
        break;
    }
    }
    return 0;
}
