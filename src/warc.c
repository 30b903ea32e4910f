/*
 * warc.c — WARC input (not yet implemented: every WARC file is reported as unsupported).
 */
#include "warc.h"

#include <stdio.h>
#include <stdlib.h>

struct nm_warc {
    nm_source *src;
    int done;
};

nm_warc *nm_warc_open(nm_source *src, size_t max_bytes)
{
    (void)max_bytes;
    nm_warc *w = calloc(1, sizeof *w);
    if (w) w->src = src;
    return w;
}

void nm_warc_close(nm_warc *w) { free(w); }

int nm_warc_next(nm_warc *w, const char *path, nm_record *rec, char *err, size_t errlen)
{
    if (w->done) return 0;
    w->done = 1;
    snprintf(rec->label, sizeof rec->label, "%s", path);
    snprintf(err, errlen, "WARC input is not supported yet; skipped");
    return -1;
}
