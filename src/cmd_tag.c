/*
 * cmd_tag.c — `newsmill tag --conll FILE|-`: the NER tagger on CoNLL column files.
 *
 * Reads the CoNLL format (token in the first column; blank lines end sentences; -DOCSTART- lines
 * start documents) and writes every line back with one more column: the predicted IOB2 tag in
 * CoNLL's four types. This is how the tagger is scored (ner-score) with exactly the model and the
 * document-level features `analyze` uses. A document is buffered until the next -DOCSTART- so the
 * document memory sees it all; lines are kept byte for byte (less trailing white space and CR).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ner.h"

static const char USAGE[] =
    "usage: newsmill tag --conll FILE|-\n"
    "\n"
    "Tag named entities in a CoNLL column file (token first; '-DOCSTART-' and blank lines are kept as\n"
    "they are) and write each line back with one more column: the predicted IOB2 tag (PER, ORG, LOC,\n"
    "MISC). '-' reads stdin.\n"
    "\n"
    "Exit status: 0 ok; 2 usage error; 3 the input could not be read, the model could not be loaded\n"
    "or the output could not be written.\n";

typedef struct line_ref {
    size_t off, len;   /* the line in doc_text (trailing white space removed) */
    size_t tok_len;    /* length of the first field, 0 for a boundary line */
    size_t tok_off;
    int boundary;      /* blank or -DOCSTART- */
} line_ref;

typedef struct tagger {
    const nm_ner_model *m;
    nm_ner_work work;
    char *text; size_t text_len, text_cap;
    line_ref *lines; size_t nlines, lines_cap;
    nm_ner_word *words; size_t words_cap;
    uint8_t *labels; size_t labels_cap;
    nm_ner_range *sents; size_t sents_cap;
    FILE *out;
} tagger;

static int ensure(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

/* Tag the buffered document and write it out. Returns 0, or -1 on a write/memory error. */
static int flush_doc(tagger *t)
{
    /* the token lines as one word array, sentences as ranges of it */
    if (ensure((void **)&t->words, &t->words_cap, t->nlines + 1, sizeof *t->words) ||
        ensure((void **)&t->labels, &t->labels_cap, t->nlines + 1, 1) ||
        ensure((void **)&t->sents, &t->sents_cap, t->nlines + 1, sizeof *t->sents))
        return -1;
    size_t nw = 0, ns = 0;
    for (size_t i = 0; i < t->nlines; i++) {
        const line_ref *l = &t->lines[i];
        if (l->boundary) continue;
        if (i == 0 || t->lines[i - 1].boundary) t->sents[ns++].b = (uint32_t)nw;
        t->words[nw].s = t->text + l->tok_off;
        t->words[nw].n = (uint32_t)l->tok_len;
        nw++;
        t->sents[ns - 1].e = (uint32_t)nw;
    }
    if (nm_ner_tag_document(t->m, &t->work, t->words, nw, t->sents, ns, t->labels) != 0) return -1;
    size_t w = 0;
    for (size_t i = 0; i < t->nlines; i++) {
        const line_ref *l = &t->lines[i];
        fwrite(t->text + l->off, 1, l->len, t->out);
        if (!l->boundary) {
            fputc(' ', t->out);
            fputs(nm_ner_label_name(t->labels[w++]), t->out);
        }
        fputc('\n', t->out);
    }
    t->nlines = 0;
    t->text_len = 0;
    return ferror(t->out) ? -1 : 0;
}

static int add_line(tagger *t, const char *s, size_t n)
{
    while (n && is_space(s[n - 1])) n--;
    size_t k = 0;
    while (k < n && is_space(s[k])) k++;
    size_t te = k;
    while (te < n && !is_space(s[te])) te++;
    int docstart = te - k == 10 && !memcmp(s + k, "-DOCSTART-", 10);
    if (docstart && t->nlines && flush_doc(t) != 0) return -1;
    if (ensure((void **)&t->text, &t->text_cap, t->text_len + n + 1, 1) ||
        ensure((void **)&t->lines, &t->lines_cap, t->nlines + 1, sizeof *t->lines))
        return -1;
    line_ref *l = &t->lines[t->nlines++];
    l->off = t->text_len;
    l->len = n;
    l->tok_off = t->text_len + k;
    l->tok_len = te - k;
    l->boundary = docstart || k == n;
    memcpy(t->text + t->text_len, s, n);
    t->text_len += n;
    return 0;
}

int nm_ner_tag_conll(const nm_ner_model *m, FILE *in, FILE *out)
{
    tagger t;
    memset(&t, 0, sizeof t);
    t.m = m;
    t.out = out;
    nm_ner_work_init(&t.work);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, in)) >= 0)
        if (add_line(&t, line, (size_t)n) != 0) { rc = -2; break; }
    if (rc == 0 && ferror(in)) rc = -1;
    if (rc == 0 && t.nlines && flush_doc(&t) != 0) rc = -2;
    if (rc == 0 && fflush(out) != 0) rc = -2;
    free(line);
    free(t.text); free(t.lines); free(t.words); free(t.labels); free(t.sents);
    nm_ner_work_free(&t.work);
    return rc;
}

int nm_cmd_tag(int argc, char **argv)
{
    const char *path = NULL;
    int conll = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(USAGE, stdout); return NM_EXIT_OK; }
        if (!strcmp(argv[i], "--conll")) {
            conll = 1;
            if (i + 1 < argc) path = argv[++i];
        } else if (!path) path = argv[i];
        else { fprintf(stderr, "newsmill tag: unexpected argument '%s'\n%s", argv[i], USAGE); return NM_EXIT_USAGE; }
    }
    if (!conll || !path) { fputs(USAGE, stderr); return NM_EXIT_USAGE; }
    FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!in) { fprintf(stderr, "newsmill tag: cannot open %s: %s\n", path, strerror(errno)); return NM_EXIT_FATAL; }
    char err[256];
    nm_ner_model *m = nm_ner_load(err, sizeof err);
    if (!m) {
        fprintf(stderr, "newsmill tag: %s\n", err);
        if (in != stdin) fclose(in);
        return NM_EXIT_FATAL;
    }
    int rc = nm_ner_tag_conll(m, in, stdout);
    if (rc == -1) fprintf(stderr, "newsmill tag: read error on %s\n", path);
    else if (rc == -2) fprintf(stderr, "newsmill tag: out of memory or output not writable\n");
    nm_ner_free(m);
    if (in != stdin) fclose(in);
    return rc ? NM_EXIT_FATAL : NM_EXIT_OK;
}
