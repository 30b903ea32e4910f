/*
 * fuzz_warc.c — libFuzzer target for the WARC reader: record headers, Content-Length handling,
 * HTTP header parsing, chunked and gzip payloads, charset conversion. The input is served as a
 * file (memfd) through the same reader the CLI uses; every record is also run through the HTML
 * extractor. Must end (bounded number of records), never crash or leak. Seeds: fuzz/seeds/warc/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "doc.h"
#include "html.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("warc", 0);
    if (fd < 0) return 0;
    if (size && write(fd, data, size) != (ssize_t)size) { close(fd); return 0; }
    char path[64], err[512];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    nm_reader *rd = nm_reader_open(path, NM_IN_WARC, 1 << 20, err, sizeof err);
    if (rd) {
        for (int i = 0; i < 10000; i++) {
            nm_record rec;
            int rc = nm_reader_next(rd, &rec, err, sizeof err);
            if (rc == 1) {
                nm_doc *d = calloc(1, sizeof *d);
                if (d) {
                    nm_arena_init(&d->arena);
                    nm_html_page page;
                    nm_html_extract_url(d, rec.art.body, rec.art.body_len, NULL, &page);
                    nm_arena_free(&d->arena);
                    free(d);
                }
            }
            nm_record_free(&rec);
            if (rc == 0) break;
            if (i == 9999) abort(); /* a reader that never ends */
        }
        nm_reader_close(rd);
    }
    close(fd);
    return 0;
}
