/*
 * cli.c — shared option parsing for the sub-commands (see cli.h).
 */
#include "cli.h"
#include "batch.h"
#include "buf.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int need_value(const char *opt, const char *val)
{
    if (!val) {
        fprintf(stderr, "newsmill: option %s needs a value\n", opt);
        return 0;
    }
    return 1;
}

int nm_cli_parse(int argc, char **argv, nm_cli_common *c, const char *usage,
                 int (*extra)(void *ctx, const char *opt, const char *val), void *ctx)
{
    memset(c, 0, sizeof *c);
    c->format = -1;
    c->threads = 1;
    c->max_bytes = (size_t)256 << 20;
    c->paths = calloc((size_t)argc + 1, sizeof(char *));
    if (!c->paths) return NM_EXIT_FATAL;
    int only_paths = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            c->paths[c->npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { only_paths = 1; continue; }
        /* --opt=value */
        char optbuf[64];
        const char *val = NULL;
        const char *eq = strchr(a, '=');
        if (a[1] == '-' && eq && (size_t)(eq - a) < sizeof optbuf) {
            memcpy(optbuf, a, (size_t)(eq - a));
            optbuf[eq - a] = '\0';
            a = optbuf;
            val = eq + 1;
        }
        const char *next = val ? val : (i + 1 < argc ? argv[i + 1] : NULL);
        int took = !val; /* a separate value consumes argv[i+1] */
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            exit(0);
        } else if (!strcmp(a, "--input")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            int f = nm_in_format_parse(next);
            if (f < 0) { fprintf(stderr, "newsmill: --input must be txt, jsonl, html or warc, not '%s'\n", next); return NM_EXIT_USAGE; }
            c->input = (nm_in_format)f;
        } else if (!strcmp(a, "--date")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            int y, m, d;
            if (strlen(next) != 10 || !nm_parse_ymd(next, 10, &y, &m, &d)) {
                fprintf(stderr, "newsmill: --date must be a valid YYYY-MM-DD date, not '%s'\n", next);
                return NM_EXIT_USAGE;
            }
            c->date = next;
        } else if (!strcmp(a, "--format")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            if (!strcmp(next, "jsonl")) c->format = NM_FORMAT_JSONL;
            else if (!strcmp(next, "json")) c->format = NM_FORMAT_JSON;
            else if (!strcmp(next, "text")) c->format = NM_FORMAT_TEXT;
            else { fprintf(stderr, "newsmill: --format must be jsonl, json or text, not '%s'\n", next); return NM_EXIT_USAGE; }
        } else if (!strcmp(a, "-j") || !strcmp(a, "--threads")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            char *end;
            long n = strtol(next, &end, 10);
            if (*end || n < 1 || n > 256) { fprintf(stderr, "newsmill: -j must be a number from 1 to 256\n"); return NM_EXIT_USAGE; }
            c->threads = (int)n;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            c->output = next;
        } else if (!strcmp(a, "--max-bytes")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            char *end;
            unsigned long long n = strtoull(next, &end, 10);
            if (*end || n < 1 || n > (1ULL << 30)) { fprintf(stderr, "newsmill: --max-bytes must be from 1 to 1073741824 (offsets are 32-bit)\n"); return NM_EXIT_USAGE; }
            c->max_bytes = (size_t)n;
        } else if (!strcmp(a, "--lexicon")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            c->engine.event_lexicon_path = next;
        } else if (!strcmp(a, "--verbs")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            c->engine.event_verbs_path = next;
        } else if (!strcmp(a, "--actors")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            c->engine.actors_path = next;
        } else if (!strcmp(a, "--agents")) {
            if (!need_value(a, next)) return NM_EXIT_USAGE;
            c->engine.agents_path = next;
        } else {
            int r = extra ? extra(ctx, a, next) : -1;
            if (r < 0) {
                fprintf(stderr, "newsmill: unknown option %s (see --help)\n", a);
                return NM_EXIT_USAGE;
            }
            if (r == 1 && !next) { need_value(a, next); return NM_EXIT_USAGE; }
            took = took && r == 1;
            if (r == 0) took = 0;
            if (took) i++;
            continue;
        }
        if (took) i++;
    }
    if (c->npaths == 0) c->paths[c->npaths++] = "-";
    return 0;
}

void nm_cli_warnings(const nm_doc *doc, const nm_record *rec, nm_batch_result *res)
{
    size_t nw = doc ? nm_doc_warning_count(doc) : 0;
    if (!nw && !rec->invalid_utf8) return;
    nm_buf m;
    nm_buf_init(&m);
    if (res->messages) nm_buf_puts(&m, res->messages);
    if (rec->invalid_utf8)
        nm_buf_printf(&m, "newsmill: %s: warning: %u invalid UTF-8 byte(s) in the JSON line replaced\n", rec->label,
                      rec->invalid_utf8);
    for (size_t i = 0; i < nw; i++) nm_buf_printf(&m, "newsmill: %s: warning: %s\n", rec->label, nm_doc_warning(doc, i));
    free(res->messages);
    res->messages = nm_buf_take(&m, NULL);
}

nm_doc *nm_cli_analyze(const nm_engine *eng, nm_record *rec, const char *default_date, nm_batch_result *res)
{
    if (!rec->art.date && default_date) {
        rec->art.date = default_date;
        rec->art.date_len = strlen(default_date);
    }
    nm_doc *doc = nm_analyze(eng, &rec->art);
    if (!doc) {
        res->failed = 1;
        nm_buf m;
        nm_buf_init(&m);
        nm_buf_printf(&m, "newsmill: %s: out of memory; skipped\n", rec->label);
        res->messages = nm_buf_take(&m, NULL);
        return NULL;
    }
    nm_cli_warnings(doc, rec, res);
    return doc;
}

int nm_cli_start(nm_cli_common *o, nm_engine **eng, FILE **out)
{
    char err[256];
    if (eng && !(*eng = nm_engine_new(&o->engine, err, sizeof err))) {
        fprintf(stderr, "newsmill: cannot start: %s\n", err);
        free(o->paths);
        return NM_EXIT_FATAL;
    }
    *out = stdout;
    if (o->output && !(*out = fopen(o->output, "wb"))) {
        fprintf(stderr, "newsmill: cannot write %s: %s\n", o->output, strerror(errno));
        if (eng) nm_engine_free(*eng);
        free(o->paths);
        return NM_EXIT_FATAL;
    }
    return 0;
}

int nm_cli_emit(void *run, const nm_record *rec, nm_batch_result *res)
{
    (void)rec;
    const nm_cli_run *r = run;
    if (res->out && fwrite(res->out, 1, res->out_len, r->out) != res->out_len) return -1;
    return 0;
}

int nm_cli_finish(nm_cli_common *o, nm_engine *eng, FILE *out, const nm_batch_stats *st)
{
    int werr = fflush(out) != 0 || ferror(out);
    if (o->output) werr |= fclose(out) != 0;
    nm_engine_free(eng);
    free(o->paths);
    if (st->stopped || werr) {
        fprintf(stderr, "newsmill: error writing output\n");
        return NM_EXIT_FATAL;
    }
    return (st->failed || st->files_failed) ? NM_EXIT_PARTIAL : NM_EXIT_OK;
}
