/*
 * cli.h — the newsmill command: sub-commands and the option parsing they share.
 *
 * Exit statuses (all commands; documented in README and docs/cli.md):
 *   0  every record was processed;
 *   1  some records or files could not be processed (each reported on stderr), the rest were;
 *   2  usage error (unknown option, bad value);
 *   3  fatal error: output could not be written, engine could not start, out of memory.
 */
#ifndef NM_CLI_H
#define NM_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "input.h"
#include "newsmill.h"

enum { NM_EXIT_OK = 0, NM_EXIT_PARTIAL = 1, NM_EXIT_USAGE = 2, NM_EXIT_FATAL = 3 };

/* Options common to the commands that read articles. */
typedef struct nm_cli_common {
    nm_in_format input;
    const char *date;        /* --date YYYY-MM-DD for inputs without one */
    int format;              /* nm_format, or -1 = pick by terminal */
    int threads;             /* -j */
    const char *output;      /* -o FILE */
    size_t max_bytes;        /* --max-bytes */
    nm_options engine;       /* --lexicon, --actors, --agents */
    char **paths;            /* positional arguments ("-" when none) */
    int npaths;
} nm_cli_common;

/* Parse argv (after the command name). Unknown options → message and NM_EXIT_USAGE.
 * extra(opt, value) may accept command-specific options: return 1 if it took a value, 0 if a flag,
 * -1 if unknown. Returns 0 on success. */
int nm_cli_parse(int argc, char **argv, nm_cli_common *c, const char *usage,
                 int (*extra)(void *ctx, const char *opt, const char *val), void *ctx);

struct nm_record;
struct nm_batch_result;
/* Analyse one record in a command's worker: applies default_date when the record has none, runs
 * the pipeline and reports the document's warnings (and an out-of-memory failure) in
 * res->messages as "newsmill: LABEL: warning: ..." lines. Returns NULL when the record failed. */
nm_doc *nm_cli_analyze(const nm_engine *eng, struct nm_record *rec, const char *default_date,
                       struct nm_batch_result *res);
/* Append the warning lines of a document (and of its record's JSON repair) to res->messages. */
void nm_cli_warnings(const nm_doc *doc, const struct nm_record *rec, struct nm_batch_result *res);

struct nm_batch_stats;
/* Start a command that analyses articles: create the engine (when eng is not NULL) and open the
 * output (-o FILE, else stdout). Returns 0, or the exit status after saying why on stderr (then
 * everything is already released). */
int nm_cli_start(nm_cli_common *o, nm_engine **eng, FILE **out);
/* What the analysing commands' batch callbacks share: the engine (NULL for extract), the output
 * format, the default reference date and the output stream. */
typedef struct nm_cli_run {
    nm_engine *eng;
    nm_format fmt;
    const char *date;
    FILE *out;
} nm_cli_run;
struct nm_batch_result;
/* The batch's emit callback for an nm_cli_run: writes each record's rendered output in input
 * order; -1 (stop the batch) when the output cannot be written. */
int nm_cli_emit(void *run, const struct nm_record *rec, struct nm_batch_result *res);

/* Finish it: flush and close the output, free the engine and the options, and turn the batch's
 * statistics into the exit status (NM_EXIT_FATAL when output could not be written). */
int nm_cli_finish(nm_cli_common *o, nm_engine *eng, FILE *out, const struct nm_batch_stats *st);

/* Sub-commands: argc/argv start at the command name. */
int nm_cmd_analyze(int argc, char **argv);
int nm_cmd_quotes(int argc, char **argv);  /* cmd_quotes.c: who said what */
int nm_cmd_extract(int argc, char **argv); /* cmd_extract.c: web pages → clean article JSON */
int nm_cmd_tag(int argc, char **argv);     /* cmd_tag.c: NER on CoNLL column files */
/* corpus store (cmd_store.c, cmd_store_query.c, cmd_store_stories.c; docs/store.md) */
int nm_cmd_ingest(int argc, char **argv);
int nm_cmd_search(int argc, char **argv);
int nm_cmd_entities(int argc, char **argv);
int nm_cmd_timeline(int argc, char **argv);
int nm_cmd_stories(int argc, char **argv);
int nm_cmd_export(int argc, char **argv);

#endif
