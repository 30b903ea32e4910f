/*
 * harness.c — runs every registered cmocka group and prints one closing "N passed, N failed" line.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nm_test_group *groups;
static nm_engine *engine;

void nm_test_register(nm_test_group *g)
{
    /* keep registration order stable: append */
    nm_test_group **p = &groups;
    while (*p) p = &(*p)->next;
    *p = g;
}

const nm_engine *nm_test_engine(void)
{
    if (!engine) {
        char err[256];
        engine = nm_engine_new(NULL, err, sizeof err);
        if (!engine) {
            fprintf(stderr, "cannot create engine: %s\n", err);
            exit(2);
        }
    }
    return engine;
}

nm_doc *nm_test_doc(const char *text, const char *date)
{
    nm_article a;
    memset(&a, 0, sizeof a);
    a.body = text;
    a.body_len = strlen(text);
    if (date) { a.date = date; a.date_len = strlen(date); }
    a.id = "test";
    a.id_len = 4;
    return nm_analyze(nm_test_engine(), &a);
}

json_t *nm_test_json(const char *text, const char *date)
{
    nm_doc *d = nm_test_doc(text, date);
    char *out;
    size_t len;
    if (nm_doc_render(d, NM_FORMAT_JSONL, &out, &len) != 0) { nm_doc_free(d); return NULL; }
    json_error_t e;
    json_t *j = json_loadb(out, len, 0, &e);
    if (!j) fprintf(stderr, "output is not JSON: %s\n", e.text);
    free(out);
    nm_doc_free(d);
    return j;
}

char *nm_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    fclose(f);
    if (b) { b[n] = '\0'; if (len) *len = (size_t)n; }
    return b;
}

const char *nm_test_path(const char *rel)
{
    static _Thread_local char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", NM_SOURCE_DIR, rel);
    return buf;
}

const char *nm_test_shared(const char *rel)
{
    static _Thread_local char buf[4096];
    const char *env = getenv("NM_SHARED");
    snprintf(buf, sizeof buf, "%s/%s", env ? env : NM_SHARED_DIR, rel);
    return buf;
}

const char *nm_test_sentence(const nm_doc *d, size_t i)
{
    static _Thread_local char buf[4096];
    for (size_t s = 0; s < d->sents.n; s++) {
        if (d->sents.v[s].body_index == (int32_t)i) {
            size_t n = d->sents.v[s].end - d->sents.v[s].start;
            if (n >= sizeof buf) n = sizeof buf - 1;
            memcpy(buf, d->text + d->sents.v[s].start, n);
            buf[n] = '\0';
            return buf;
        }
    }
    return "";
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    int failed = 0, total = 0;
    for (nm_test_group *g = groups; g; g = g->next) {
        if (only && strcmp(only, g->name) != 0) continue;
        total += (int)g->count;
        failed += _cmocka_run_group_tests(g->name, g->tests, g->count, NULL, NULL);
    }
    nm_engine_free(engine);
    printf("\n%d passed, %d failed\n", total - failed, failed);
    return failed ? 1 : 0;
}
