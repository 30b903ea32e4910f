/*
 * fuzz_html.c — libFuzzer target for the HTML reader: charset detection and conversion, the
 * pre-pass, the libxml2 SAX tree builder, metadata (JSON-LD, dates, authors) and content
 * extraction. Any input must come back with a (possibly empty) text, no crash, no leak, no hang.
 * Seeds: fuzz/seeds/html/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nm_doc *d = calloc(1, sizeof *d);
    if (!d) return 0;
    nm_arena_init(&d->arena);
    nm_html_page page;
    /* the first line may be a URL, to exercise URL-date parsing */
    const char *url = NULL;
    char ubuf[256];
    if (size > 8 && memcmp(data, "http", 4) == 0) {
        size_t k = 0;
        while (k < size && k < sizeof ubuf - 1 && data[k] != '\n') { ubuf[k] = (char)data[k]; k++; }
        ubuf[k] = '\0';
        url = ubuf;
    }
    nm_html_extract_url(d, (const char *)data, size, url, &page);
    if (page.text_len && !page.text) abort();
    nm_arena_free(&d->arena);
    free(d);
    return 0;
}
