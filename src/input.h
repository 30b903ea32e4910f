/*
 * input.h — readers that turn files into article records: plain text, JSON Lines, HTML (and WARC,
 * see warc.c). Files may be gzip-compressed. A bad record is reported with its label
 * ("file.jsonl:12") and reading goes on with the next one.
 */
#ifndef NM_INPUT_H
#define NM_INPUT_H

#include <stddef.h>

#include "newsmill.h"

typedef enum { NM_IN_AUTO = 0, NM_IN_TXT, NM_IN_JSONL, NM_IN_HTML, NM_IN_WARC } nm_in_format;

/* Parse "txt", "jsonl", "html", "warc"; returns -1 for an unknown name. */
int nm_in_format_parse(const char *name);

typedef struct nm_record {
    nm_article art;     /* points into the buffers below */
    char label[320];    /* where the record came from, for messages */
    char *owned[8];     /* malloc'd buffers freed by nm_record_free */
    int nowned;
    void *json;         /* the parsed JSON object (jansson), when the record came from JSONL */
    unsigned invalid_utf8; /* bytes replaced before JSON parsing */
} nm_record;

void nm_record_free(nm_record *rec);
/* Keep buf (malloc'd) with the record; returns buf. */
char *nm_record_own(nm_record *rec, char *buf);

typedef struct nm_reader nm_reader;

/* Open path ("-" = standard input). fmt NM_IN_AUTO picks by extension, then by content.
 * max_bytes: larger records are rejected with an error. NULL with a message in err on failure. */
nm_reader *nm_reader_open(const char *path, nm_in_format fmt, size_t max_bytes, char *err, size_t errlen);
/* 1: a record in rec (free it with nm_record_free); 0: end of input; -1: a bad record, rec->label
 * and err say which and why, and the next call continues after it. */
int nm_reader_next(nm_reader *r, nm_record *rec, char *err, size_t errlen);
void nm_reader_close(nm_reader *r);
const char *nm_reader_path(const nm_reader *r);
/* For tests: parses one JSON Lines record with the reader's fast path and with json_loadb. 1: the
 * fast path took it and both give the same object; 0: the fast path left it to json_loadb; -1:
 * they disagree (a bug). */
int nm_jsonl_fast_check(const char *line, size_t n);

/* ---- internals shared with the format readers (warc.c) ---- */

/* A buffered byte source over a (possibly gzip-compressed) file. */
typedef struct nm_source nm_source;
nm_source *nm_source_open(const char *path, char *err, size_t errlen);
void nm_source_close(nm_source *s);
/* Read one line (without the newline) into *line (malloc'd, grown as needed, *cap its size).
 * Returns the line length, or -1 at end of input. Lines longer than max are read to their end
 * and reported as length max+1 with the first max bytes kept. */
long nm_source_getline(nm_source *s, char **line, size_t *cap, size_t max);
/* Read up to n bytes; returns bytes read (0 at end, -1 on a read error). */
long nm_source_read(nm_source *s, void *buf, size_t n);
/* Read the whole rest of the source into a malloc'd buffer (NUL-terminated). -1 if over max. */
long nm_source_slurp(nm_source *s, char **out, size_t max);
/* zlib's message for the last error, or NULL. */
const char *nm_source_error(nm_source *s);

#endif
