/*
 * warc.h — WARC reader (plain or multi-member gzip): yields the HTML payload of each `response`
 * record as an article record with the record's target URI, id and date (see warc.c).
 */
#ifndef NM_WARC_H
#define NM_WARC_H

#include <stddef.h>

#include "input.h"

typedef struct nm_warc nm_warc;

typedef struct nm_warc_stats {
    size_t html;             /* HTML responses yielded */
    size_t skipped_other;    /* warcinfo, request, metadata, revisit ... records */
    size_t skipped_non_html; /* responses that are not HTML (images, PDFs, robots.txt ...) */
    size_t skipped_status;   /* responses with a non-2xx HTTP status */
    size_t errors;           /* truncation, corruption, oversized records */
} nm_warc_stats;

nm_warc *nm_warc_open(nm_source *src, size_t max_bytes);
void nm_warc_close(nm_warc *w);
/* As nm_reader_next: 1 = a record, 0 = end of file, -1 = error in rec->label/err (after a
 * truncated or corrupt record the next call returns 0). */
int nm_warc_next(nm_warc *w, const char *path, nm_record *rec, char *err, size_t errlen);
const nm_warc_stats *nm_warc_get_stats(const nm_warc *w);

#endif
