/*
 * main.c — the newsmill command: dispatches to sub-commands (one file each, cmd_*.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "newsmill.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command COMMANDS[] = {
    {"analyze", nm_cmd_analyze, "analyse articles: JSON or a readable briefing per article"},
    {"quotes", nm_cmd_quotes, "who said what: speaker, kind and text of every quotation"},
    {"extract", nm_cmd_extract, "extract the article text and metadata from web pages (HTML, WARC)"},
    {"tag", nm_cmd_tag, "tag named entities in a CoNLL column file (--conll FILE|-)"},
    {"ingest", nm_cmd_ingest, "analyse articles into a corpus database (SQLite)"},
    {"search", nm_cmd_search, "full-text search in a corpus database"},
    {"entities", nm_cmd_entities, "most mentioned entities in a corpus database"},
    {"timeline", nm_cmd_timeline, "dated events in a corpus database"},
    {"stories", nm_cmd_stories, "articles of a corpus database grouped into stories"},
    {"export", nm_cmd_export, "export a corpus database as JSON Lines or CSV"},
};

static void usage(FILE *f)
{
    fprintf(f, "newsmill %s — reads news and writes down what is in it\n\n"
               "usage: newsmill COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", NEWSMILL_VERSION);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "  %-10s %s\n", "version", "print the version");
    fprintf(f, "\n'newsmill COMMAND --help' describes a command. Exit status: 0 ok, 1 some records failed,\n"
               "2 usage error, 3 fatal error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(stderr); return NM_EXIT_USAGE; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) { usage(stdout); return 0; }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) { printf("newsmill %s\n", NEWSMILL_VERSION); return 0; }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (!strcmp(cmd, COMMANDS[i].name)) return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "newsmill: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return NM_EXIT_USAGE;
}
