/*
 * cmd_analyze.c — `newsmill analyze`: articles in, one JSON object (or briefing) per article out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cli.h"
#include "newsmill.h"

static const char USAGE[] =
    "usage: newsmill analyze [OPTIONS] [FILE|-]...\n"
    "\n"
    "Analyse news articles: structure, entities, quotes, time, events, claims, key points.\n"
    "FILE is plain text (.txt), JSON Lines (.jsonl: {\"text\", \"id\", \"title\", \"date\", \"url\", \"html\"}),\n"
    "HTML (.html) or WARC (.warc); any of them may be gzip-compressed. '-' or no FILE reads stdin.\n"
    "\n"
    "  --input txt|jsonl|html|warc  input format (default: by extension, then by content)\n"
    "  --date YYYY-MM-DD       publication date for inputs that do not give one\n"
    "  --format jsonl|json|text  output: JSON Lines (default when stdout is not a terminal),\n"
    "                          indented JSON, or a readable briefing (default on a terminal)\n"
    "  -j, --threads N         worker threads (output stays in input order; default 1)\n"
    "  -o, --output FILE       write to FILE instead of stdout\n"
    "  --max-bytes N           reject records larger than N bytes (default 268435456)\n"
    "  --lexicon FILE          extra CAMEO event patterns (format of data/lexicons/cameo-verbs.txt)\n"
    "  --actors FILE, --agents FILE  PETRARCH/TABARI actor and agent dictionaries\n"
    "  --verbs FILE            PETRARCH/TABARI verb dictionary: codes the verbs it lists instead of\n"
    "                          the built-in patterns (docs/events.md, \"Verb dictionaries\")\n"
    "\n"
    "Exit status: 0 all records processed; 1 some records or files failed (reported on stderr);\n"
    "2 usage error; 3 fatal error (output not writable, engine failed to start).\n";

static void work(void *vctx, nm_record *rec, nm_batch_result *res)
{
    nm_cli_run *c = vctx;
    nm_doc *doc = nm_cli_analyze(c->eng, rec, c->date, res);
    if (!doc) return;
    if (nm_doc_render(doc, c->fmt, &res->out, &res->out_len) != 0) {
        res->failed = 1;
        res->out = NULL;
    }
    nm_doc_free(doc);
}

int nm_cmd_analyze(int argc, char **argv)
{
    nm_cli_common o;
    int rc = nm_cli_parse(argc, argv, &o, USAGE, NULL, NULL);
    if (rc) { free(o.paths); return rc; }
    nm_engine *eng;
    FILE *out;
    if ((rc = nm_cli_start(&o, &eng, &out))) return rc;
    nm_cli_run ctx = {eng, NM_FORMAT_JSONL, o.date, out};
    if (o.format >= 0) ctx.fmt = (nm_format)o.format;
    else ctx.fmt = (!o.output && isatty(1)) ? NM_FORMAT_TEXT : NM_FORMAT_JSONL;
    nm_batch b = {o.threads, &ctx, work, nm_cli_emit};
    nm_batch_stats st;
    nm_batch_run(&b, o.paths, o.npaths, o.input, o.max_bytes, &st);
    return nm_cli_finish(&o, eng, out, &st);
}
