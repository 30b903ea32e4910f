/*
 * warc.h — WARC reader (plain or multi-member gzip): yields the HTML payload of each `response`
 * record as an article record with the record's target URI and date. Implemented in issue 8;
 * until then a WARC input is reported as unsupported.
 */
#ifndef NM_WARC_H
#define NM_WARC_H

#include <stddef.h>

#include "input.h"

typedef struct nm_warc nm_warc;

nm_warc *nm_warc_open(nm_source *src, size_t max_bytes);
void nm_warc_close(nm_warc *w);
/* As nm_reader_next. */
int nm_warc_next(nm_warc *w, const char *path, nm_record *rec, char *err, size_t errlen);

#endif
