/*
 * cmd_quotes.c — `newsmill quotes FILE...`: who said what, one row per quotation.
 *
 * The quick answer to "who said what" without reading a whole analysis: a table of speaker, kind
 * and quote per article (or JSON Lines, one quotation per line, with --format jsonl). Articles
 * are read and analysed exactly as `analyze` does (same options, threads, input order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "entities.h"
#include "json_out.h"
#include "newsmill.h"
#include "quotes.h"
#include "store.h"

static const char USAGE[] =
    "usage: newsmill quotes [OPTIONS] [FILE|-]...\n"
    "       newsmill quotes DB --speaker NAME [--about TERMS] [--from D] [--to D]   (a corpus database:\n"
    "       everything a person said, newest first; see 'newsmill ingest')\n"
    "\n"
    "List the quotations of news articles with their speakers: direct and partial quotes,\n"
    "multi-paragraph quotes, embedded posts and reported speech. Input as for 'newsmill analyze'\n"
    "(.txt, .jsonl, .html, .warc, optionally gzip-compressed; '-' or no FILE reads stdin).\n"
    "\n"
    "  --format text|jsonl|json  a table of speaker, kind and quote (default), or one JSON object\n"
    "                          per quotation: {id, speaker, entity, speaker_text, kind, text, cue,\n"
    "                          addressee, start, end, sentence, paragraph}\n"
    "  --input txt|jsonl|html|warc  input format (default: by extension, then by content)\n"
    "  --date YYYY-MM-DD       publication date for inputs that do not give one\n"
    "  -j, --threads N         worker threads (output stays in input order; default 1)\n"
    "  -o, --output FILE       write to FILE instead of stdout\n"
    "  --max-bytes N           reject records larger than N bytes (default 268435456)\n"
    "\n"
    "Exit status: 0 all records processed; 1 some records failed (reported on stderr);\n"
    "2 usage error; 3 fatal error.\n";

static void put_span(nm_json *j, const nm_doc *d, const char *key, nm_span s)
{
    if (s.set) nm_json_kstr(j, key, d->text + s.start, s.end - s.start);
    else nm_json_knull(j, key);
}

static void write_jsonl(const nm_doc *d, const char *label, nm_buf *b, int pretty)
{
    const nm_quote_set *qs = d->quotes;
    for (size_t i = 0; qs && i < qs->v.n; i++) {
        const nm_quote *z = &qs->v.v[i];
        nm_json j;
        nm_json_init(&j, b, pretty);
        nm_json_obj_begin(&j);
        nm_json_kcstr(&j, "id", d->id ? d->id : label);
        const nm_entity *en = nm_entity_by_index(d, z->entity);
        nm_json_kcstr(&j, "speaker", z->name);
        if (en) {
            char id[16];
            snprintf(id, sizeof id, "E%d", z->entity + 1);
            nm_json_kcstr(&j, "entity", id);
        } else {
            nm_json_knull(&j, "entity");
        }
        put_span(&j, d, "speaker_text", z->speaker);
        nm_json_kcstr(&j, "kind", nm_quote_kind_name(z->kind));
        nm_json_kcstr(&j, "text", z->text);
        put_span(&j, d, "cue", z->cue);
        put_span(&j, d, "addressee", z->addressee);
        nm_json_kint(&j, "start", nm_doc_cp(d, z->start));
        nm_json_kint(&j, "end", nm_doc_cp(d, z->end));
        int32_t bi = z->sent < d->sents.n ? d->sents.v[z->sent].body_index : -1;
        if (bi >= 0) nm_json_kint(&j, "sentence", bi);
        else nm_json_knull(&j, "sentence");
        nm_json_kint(&j, "paragraph", z->para);
        nm_json_obj_end(&j);
        nm_buf_putc(b, '\n');
    }
}

/* Bytes of s that fit in `width` characters, cut on a UTF-8 boundary; *cut set when shortened. */
static size_t fit(const char *s, size_t n, size_t width, int *cut)
{
    size_t chars = 0, i = 0;
    *cut = 0;
    while (i < n) {
        if (chars == width) { *cut = 1; break; }
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        chars++;
    }
    return i;
}

static void put_cell(nm_buf *b, const char *s, size_t n, size_t width)
{
    int cut;
    size_t k = fit(s, n, width, &cut);
    size_t chars = 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[i];
        if (((unsigned char)c & 0xC0) != 0x80) chars++;
        nm_buf_putc(b, (c == '\n' || c == '\t') ? ' ' : c);
    }
    if (cut) { nm_buf_puts(b, "\xE2\x80\xA6"); chars++; }
    while (chars++ < width + 1) nm_buf_putc(b, ' ');
}

static void write_table(const nm_doc *d, const char *label, nm_buf *b)
{
    const nm_quote_set *qs = d->quotes;
    nm_buf_printf(b, "== %s (%zu quotation%s)\n", d->id ? d->id : label, qs ? qs->v.n : 0,
                  qs && qs->v.n == 1 ? "" : "s");
    for (size_t i = 0; qs && i < qs->v.n; i++) {
        const nm_quote *z = &qs->v.v[i];
        char who[160];
        if (z->name) snprintf(who, sizeof who, "%s", z->name);
        else if (z->speaker.set)
            snprintf(who, sizeof who, "(%.*s)", (int)(z->speaker.end - z->speaker.start), d->text + z->speaker.start);
        else snprintf(who, sizeof who, "(unknown)");
        put_cell(b, who, strlen(who), 26);
        const char *kind = nm_quote_kind_name(z->kind);
        put_cell(b, kind, strlen(kind), 8);
        const char *t = z->text ? z->text : "";
        int cut;
        size_t k = fit(t, strlen(t), 110, &cut);
        for (size_t x = 0; x < k; x++) nm_buf_putc(b, (t[x] == '\n' || t[x] == '\t') ? ' ' : t[x]);
        if (cut) nm_buf_puts(b, "\xE2\x80\xA6");
        nm_buf_putc(b, '\n');
    }
}

static void work(void *vctx, nm_record *rec, nm_batch_result *res)
{
    nm_cli_run *c = vctx;
    nm_doc *doc = nm_cli_analyze(c->eng, rec, c->date, res);
    if (!doc) return;
    nm_buf b;
    nm_buf_init(&b);
    if (c->fmt == NM_FORMAT_TEXT) write_table(doc, rec->label, &b);
    else write_jsonl(doc, rec->label, &b, c->fmt == NM_FORMAT_JSON);
    if (b.oom) {
        nm_buf_free(&b);
        res->failed = 1;
    } else {
        res->out = nm_buf_take(&b, &res->out_len);
    }
    nm_doc_free(doc);
}

int nm_cmd_quotes(int argc, char **argv)
{
    /* `quotes DB --speaker NAME`: a corpus database is answered by the store (cmd_store_query.c) */
    for (int i = 1; i < argc; i++) if (argv[i][0] != '-' && nm_store_is_db(argv[i])) return nm_store_cmd_quotes(argc, argv);
    nm_cli_common o;
    int rc = nm_cli_parse(argc, argv, &o, USAGE, NULL, NULL);
    if (rc) { free(o.paths); return rc; }
    nm_engine *eng;
    FILE *out;
    if ((rc = nm_cli_start(&o, &eng, &out))) return rc;
    nm_cli_run ctx = {eng, o.format >= 0 ? (nm_format)o.format : NM_FORMAT_TEXT, o.date, out};
    nm_batch b = {o.threads, &ctx, work, nm_cli_emit};
    nm_batch_stats st;
    nm_batch_run(&b, o.paths, o.npaths, o.input, o.max_bytes, &st);
    return nm_cli_finish(&o, eng, out, &st);
}
