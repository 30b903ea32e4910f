/*
 * cmd_extract.c — `newsmill extract`: web pages (HTML files, WARC archives, JSONL with "html") in,
 * the clean article out — text and metadata as one JSON object per page, no NLP. For users who
 * only want what trafilatura/newspaper give, at C speed. Plain-text inputs pass through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "html.h"
#include "json_out.h"
#include "text.h"

static const char USAGE[] =
    "usage: newsmill extract [OPTIONS] [FILE|-]...\n"
    "\n"
    "Extract the article from web pages: main text (one paragraph per line, blank lines between\n"
    "blocks) and metadata, without further analysis. FILE is HTML (.html), WARC (.warc, .warc.gz:\n"
    "every HTML response record), JSON Lines with an \"html\" (or \"text\") field, or plain text;\n"
    "any may be gzip-compressed. '-' or no FILE reads stdin.\n"
    "\n"
    "Output, one JSON object per article: id, url, title, date, date_source, modified, authors,\n"
    "site_name, language, description, image, charset, text, warnings.\n"
    "\n"
    "  --input txt|jsonl|html|warc  input format (default: by extension, then by content)\n"
    "  --date YYYY-MM-DD       date for pages that do not state one\n"
    "  --format jsonl|json|text  JSON Lines (default), indented JSON, or just the text\n"
    "  -j, --threads N         worker threads (output stays in input order; default 1)\n"
    "  -o, --output FILE       write to FILE instead of stdout\n"
    "  --max-bytes N           reject records larger than N bytes (default 268435456)\n"
    "\n"
    "Exit status: 0 all records processed; 1 some records or files failed (reported on stderr);\n"
    "2 usage error; 3 fatal error (output not writable).\n";

static void kstr_or_null(nm_json *j, const char *key, const char *s, size_t n)
{
    if (s) nm_json_kstr(j, key, s, n);
    else nm_json_knull(j, key);
}

static void work(void *vctx, nm_record *rec, nm_batch_result *res)
{
    nm_cli_run *c = vctx;
    nm_doc *d = calloc(1, sizeof *d);
    if (!d) { res->failed = 1; return; }
    nm_arena_init(&d->arena);
    const nm_article *a = &rec->art;
    if (a->url) d->url = nm_text_clean_line(&d->arena, a->url, a->url_len);
    nm_html_page page;
    memset(&page, 0, sizeof page);
    if (a->kind == NM_INPUT_HTML) {
        nm_html_extract_url(d, a->body, a->body_len, d->url, &page);
    } else {
        page.text = a->body;
        page.text_len = a->body_len;
    }
    const char *title = a->title ? nm_text_clean_line(&d->arena, a->title, a->title_len) : page.title;
    char given[11] = "";
    int y, m, dd;
    const char *gd = a->date ? a->date : c->date;
    size_t gl = a->date ? a->date_len : (c->date ? strlen(c->date) : 0);
    if (gd && nm_parse_ymd(gd, gl, &y, &m, &dd)) snprintf(given, sizeof given, "%04d-%02d-%02d", y, m, dd);

    nm_buf b;
    nm_buf_init(&b);
    if (c->fmt == NM_FORMAT_TEXT) {
        nm_buf_put(&b, page.text, page.text_len);
        nm_buf_put(&b, "\n\f\n", 3);
    } else {
        nm_json j;
        nm_json_init(&j, &b, c->fmt == NM_FORMAT_JSON);
        nm_json_obj_begin(&j);
        kstr_or_null(&j, "id", a->id, a->id_len);
        nm_json_kcstr(&j, "url", d->url ? d->url : page.url);
        nm_json_kcstr(&j, "canonical_url", page.url);
        nm_json_kcstr(&j, "title", title);
        if (page.date_y) {
            char v[16];
            snprintf(v, sizeof v, "%04d-%02d-%02d", page.date_y, page.date_m, page.date_d);
            nm_json_kcstr(&j, "date", v);
            nm_json_kcstr(&j, "date_source", page.date_source);
        } else if (given[0]) {
            nm_json_kcstr(&j, "date", given);
            nm_json_kcstr(&j, "date_source", "given");
        } else {
            nm_json_knull(&j, "date");
            nm_json_knull(&j, "date_source");
        }
        nm_json_kcstr(&j, "modified", page.modified);
        nm_json_key(&j, "authors");
        nm_json_arr_begin(&j);
        for (int i = 0; i < page.nauthors; i++) nm_json_cstr(&j, page.authors[i]);
        nm_json_arr_end(&j);
        nm_json_kcstr(&j, "site_name", page.site_name);
        nm_json_kcstr(&j, "language", page.language);
        nm_json_kcstr(&j, "description", page.description);
        nm_json_kcstr(&j, "image", page.image);
        nm_json_kcstr(&j, "charset", page.charset);
        /* the text may hold invalid UTF-8 (plain input, or a page declared UTF-8 that is not) */
        char *clean_text = NULL;
        const char *tx = page.text ? page.text : "";
        size_t tl = page.text ? page.text_len : 0;
        for (size_t i = 0; i < tl; i++)
            if ((unsigned char)tx[i] >= 0x80 || tx[i] == 0) { clean_text = (char *)1; break; }
        if (clean_text) {
            /* keep line structure: clean line by line */
            nm_buf t;
            nm_buf_init(&t);
            size_t st = 0;
            for (size_t i = 0; i <= tl; i++) {
                if (i < tl && tx[i] != '\n') continue;
                char *ln = i > st ? nm_text_clean_line(&d->arena, tx + st, i - st) : NULL;
                if (ln) nm_buf_puts(&t, ln);
                if (i < tl) nm_buf_putc(&t, '\n');
                st = i + 1;
            }
            nm_json_kstr(&j, "text", t.p ? t.p : "", t.len);
            nm_buf_free(&t);
        } else {
            nm_json_kstr(&j, "text", tx, tl);
        }
        nm_json_key(&j, "warnings");
        nm_json_arr_begin(&j);
        for (size_t i = 0; i < d->warnings.n; i++) nm_json_cstr(&j, d->warnings.v[i]);
        nm_json_arr_end(&j);
        nm_json_obj_end(&j);
        nm_buf_putc(&b, '\n');
    }
    nm_cli_warnings(d, rec, res);
    if (b.oom) { res->failed = 1; nm_buf_free(&b); }
    else res->out = nm_buf_take(&b, &res->out_len);
    nm_arena_free(&d->arena);
    free(d);
}

int nm_cmd_extract(int argc, char **argv)
{
    nm_cli_common o;
    int rc = nm_cli_parse(argc, argv, &o, USAGE, NULL, NULL);
    if (rc) { free(o.paths); return rc; }
    FILE *out;
    if ((rc = nm_cli_start(&o, NULL, &out))) return rc;
    nm_cli_run ctx = {NULL, o.format >= 0 ? (nm_format)o.format : NM_FORMAT_JSONL, o.date, out};
    nm_batch b = {o.threads, &ctx, work, nm_cli_emit};
    nm_batch_stats st;
    nm_batch_run(&b, o.paths, o.npaths, o.input, o.max_bytes, &st);
    return nm_cli_finish(&o, NULL, out, &st);
}
