/*
 * warc.c — WARC input (ISO 28500, versions 1.0/1.1; Common Crawl and CC-NEWS files).
 *
 * The file is read through the gz-aware byte source of input.c, so .warc and .warc.gz (one gzip
 * member per record, members concatenated) read the same way. Each record: the "WARC/1.x" line,
 * header lines up to a blank line, Content-Length bytes of block, CRLF CRLF. `response` records
 * carrying an HTTP response whose Content-Type is HTML become article records (URL from
 * WARC-Target-URI, date from WARC-Date as a fallback for pages that state none); the HTTP body is
 * de-chunked and gunzipped when the headers say so, and converted to UTF-8 with the HTTP charset.
 * Every other record (warcinfo, request, metadata, non-HTML or non-2xx responses) is skipped and
 * counted; the counts are reported on stderr at the end of the file.
 *
 * A truncated or corrupt file yields every complete record before the damage, then one clear
 * error ("truncated ... record N") and the end of the file — never a crash or a hang: every read
 * is bounded by Content-Length, --max-bytes and the bytes actually available.
 */
#include "warc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "html_charset.h"

enum { MAX_HEADER_LINE = 1 << 16, MAX_HEADER_LINES = 512 };

struct nm_warc {
    nm_source *src;
    size_t max_bytes;
    int done;
    long record;        /* records read so far (1-based number of the current one) */
    char *line;
    size_t linecap;
    nm_warc_stats st;
};

nm_warc *nm_warc_open(nm_source *src, size_t max_bytes)
{
    nm_warc *w = calloc(1, sizeof *w);
    if (w) {
        w->src = src;
        w->max_bytes = max_bytes;
    }
    return w;
}

static void report_counts(nm_warc *w, const char *path)
{
    const nm_warc_stats *s = &w->st;
    size_t skipped = s->skipped_other + s->skipped_non_html + s->skipped_status;
    if (!skipped) return;
    fprintf(stderr, "newsmill: %s: %zu HTML response(s) read; %zu other record(s) skipped (%zu not responses, "
                    "%zu non-HTML, %zu non-2xx status)\n",
            path, s->html, skipped, s->skipped_other, s->skipped_non_html, s->skipped_status);
}

void nm_warc_close(nm_warc *w)
{
    if (!w) return;
    free(w->line);
    free(w);
}

const nm_warc_stats *nm_warc_get_stats(const nm_warc *w) { return &w->st; }

static void chomp(char *s, long *n)
{
    while (*n > 0 && (s[*n - 1] == '\r' || s[*n - 1] == '\n')) s[--*n] = '\0';
}

/* Value of header "Name: value" if the line is that header (case-insensitive name). */
static const char *header_value(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) != 0 || line[n] != ':') return NULL;
    const char *v = line + n + 1;
    while (*v == ' ' || *v == '\t') v++;
    return v;
}

/* Skip n bytes of the source; returns the number skipped. */
static size_t skip_bytes(nm_source *src, size_t n)
{
    char tmp[8192];
    size_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof tmp ? n - done : sizeof tmp;
        long r = nm_source_read(src, tmp, k);
        if (r <= 0) break;
        done += (size_t)r;
    }
    return done;
}

static int fail(nm_warc *w, const char *path, nm_record *rec, char *err, size_t errlen, const char *what)
{
    snprintf(rec->label, sizeof rec->label, "%.250s:record %ld", path, w->record);
    const char *z = nm_source_error(w->src);
    snprintf(err, errlen, "%s%s%s; the rest of the file is lost", what, z ? " — " : "", z ? z : "");
    w->done = 1;
    w->st.errors++;
    report_counts(w, path);
    return -1;
}

/* Undo Transfer-Encoding: chunked in place; returns the new length (what could be decoded). */
static size_t dechunk(char *b, size_t n)
{
    size_t i = 0, o = 0;
    while (i < n) {
        char *end;
        unsigned long long len = strtoull(b + i, &end, 16);
        size_t j = (size_t)(end - b);
        if (j == i) break;
        while (j < n && b[j] != '\n') j++;
        j++;
        if (len == 0 || j > n || len > n - j) {
            if (len && j <= n) { memmove(b + o, b + j, n - j); o += n - j; }
            break;
        }
        memmove(b + o, b + j, (size_t)len);
        o += (size_t)len;
        i = j + (size_t)len;
        if (i < n && b[i] == '\r') i++;
        if (i < n && b[i] == '\n') i++;
    }
    return o;
}

/* Inflate gzip or zlib/deflate data; malloc'd result or NULL. */
static char *inflate_body(const char *b, size_t n, size_t max, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) return NULL; /* 32: detect gzip or zlib header */
    size_t cap = n * 4 + 1024, o = 0;
    if (cap > max + 1) cap = max + 1;
    char *out = malloc(cap + 1);
    if (!out) { inflateEnd(&z); return NULL; }
    z.next_in = (Bytef *)b;
    z.avail_in = (uInt)(n > 0x7fffffff ? 0x7fffffff : n);
    for (;;) {
        if (o == cap) {
            if (cap > max) break; /* larger than allowed: keep what we have */
            size_t nc = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *p = realloc(out, nc + 1);
            if (!p) break;
            out = p;
            cap = nc;
        }
        z.next_out = (Bytef *)out + o;
        z.avail_out = (uInt)(cap - o);
        int r = inflate(&z, Z_NO_FLUSH);
        o = cap - z.avail_out;
        if (r == Z_STREAM_END || (r != Z_OK && r != Z_BUF_ERROR) || (r == Z_BUF_ERROR && z.avail_in == 0)) break;
    }
    inflateEnd(&z);
    if (o == 0) { free(out); return NULL; }
    out[o] = '\0';
    *outlen = o;
    return out;
}

static int is_html_type(const char *ct)
{
    return strncasecmp(ct, "text/html", 9) == 0 || strncasecmp(ct, "application/xhtml", 17) == 0;
}

/* Without a Content-Type: does the payload look like HTML? */
static int sniff_html(const char *b, size_t n)
{
    size_t lim = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (b[i] == '<' && (!strncasecmp(b + i, "<html", 5) || !strncasecmp(b + i, "<!doc", 5) ||
                            !strncasecmp(b + i, "<head", 5) || !strncasecmp(b + i, "<body", 5)))
            return 1;
    return 0;
}

/* Parse the HTTP response in block[0..n): returns the payload offset, fills content type and
 * encodings; -1 if it is not an HTTP response. */
static long parse_http(const char *b, size_t n, int *status, char *ctype, size_t ctlen, int *chunked, int *gz)
{
    *status = 0;
    ctype[0] = '\0';
    *chunked = *gz = 0;
    if (n < 12 || strncmp(b, "HTTP/", 5) != 0) return -1;
    const char *sp = memchr(b, ' ', n < 32 ? n : 32);
    if (!sp) return -1;
    *status = atoi(sp + 1);
    size_t i = 0;
    char line[1024];
    for (;;) {
        const char *nl = memchr(b + i, '\n', n - i);
        if (!nl) return (long)n; /* headers never ended: no payload */
        size_t l = (size_t)(nl - (b + i));
        size_t cl = l;
        if (cl && b[i + cl - 1] == '\r') cl--;
        if (cl == 0) return (long)(nl - b + 1);
        size_t k = cl < sizeof line - 1 ? cl : sizeof line - 1;
        memcpy(line, b + i, k);
        line[k] = '\0';
        const char *v;
        if ((v = header_value(line, "Content-Type"))) snprintf(ctype, ctlen, "%s", v);
        else if ((v = header_value(line, "Transfer-Encoding")) && strstr(v, "chunked")) *chunked = 1;
        else if ((v = header_value(line, "Content-Encoding")) && (strstr(v, "gzip") || strstr(v, "deflate"))) *gz = 1;
        i += l + 1;
    }
}

int nm_warc_next(nm_warc *w, const char *path, nm_record *rec, char *err, size_t errlen)
{
    for (;;) {
        if (w->done) return 0;
        /* the version line, after any blank lines */
        long n;
        for (;;) {
            n = nm_source_getline(w->src, &w->line, &w->linecap, MAX_HEADER_LINE);
            if (n < 0) {
                if (nm_source_error(w->src)) { w->record++; return fail(w, path, rec, err, errlen, "read error after the last complete record"); }
                w->done = 1;
                report_counts(w, path);
                return 0;
            }
            chomp(w->line, &n);
            if (n > 0) break;
        }
        w->record++;
        if (strncmp(w->line, "WARC/", 5) != 0)
            return fail(w, path, rec, err, errlen, "corrupt WARC: expected a \"WARC/1.x\" record header");
        char type[32] = "", uri[2048] = "", date[40] = "", ctype[128] = "", rid[128] = "";
        long long clen = -1;
        int lines = 0, ended = 0;
        while (lines++ < MAX_HEADER_LINES) {
            n = nm_source_getline(w->src, &w->line, &w->linecap, MAX_HEADER_LINE);
            if (n < 0) break;
            chomp(w->line, &n);
            if (n == 0) { ended = 1; break; }
            const char *v;
            if ((v = header_value(w->line, "WARC-Type"))) snprintf(type, sizeof type, "%s", v);
            else if ((v = header_value(w->line, "WARC-Target-URI"))) snprintf(uri, sizeof uri, "%s", v);
            else if ((v = header_value(w->line, "WARC-Date"))) snprintf(date, sizeof date, "%s", v);
            else if ((v = header_value(w->line, "Content-Type"))) snprintf(ctype, sizeof ctype, "%s", v);
            else if ((v = header_value(w->line, "WARC-Record-ID"))) snprintf(rid, sizeof rid, "%s", v);
            else if ((v = header_value(w->line, "Content-Length"))) {
                char *e;
                clen = strtoll(v, &e, 10);
                if (e == v || clen < 0) clen = -2;
            }
        }
        if (!ended) return fail(w, path, rec, err, errlen, "truncated WARC: the file ends inside a record header");
        if (clen < 0) return fail(w, path, rec, err, errlen, "corrupt WARC: record without a valid Content-Length");
        /* strip <> around a URI (WARC/1.0 writes <uri> in some tools) */
        char *u = uri;
        if (u[0] == '<') { u++; char *gt = strchr(u, '>'); if (gt) *gt = '\0'; }
        int wanted = !strcasecmp(type, "response") && (!ctype[0] || strncasecmp(ctype, "application/http", 16) == 0);
        if (!wanted || (size_t)clen > w->max_bytes) {
            size_t got = skip_bytes(w->src, (size_t)clen);
            if (got < (size_t)clen) return fail(w, path, rec, err, errlen, "truncated WARC: the file ends inside a record");
            nm_source_getline(w->src, &w->line, &w->linecap, MAX_HEADER_LINE); /* CRLF CRLF */
            if (!wanted) { w->st.skipped_other++; continue; }
            snprintf(rec->label, sizeof rec->label, "%.160s:record %ld (%.120s)", path, w->record, u);
            snprintf(err, errlen, "record of %lld bytes is larger than the limit of %zu bytes (--max-bytes); skipped",
                     clen, w->max_bytes);
            w->st.errors++;
            return -1;
        }
        char *block = malloc((size_t)clen + 1);
        if (!block) return fail(w, path, rec, err, errlen, "out of memory");
        long got = clen ? nm_source_read(w->src, block, (size_t)clen) : 0;
        if (got < clen) {
            free(block);
            char what[160];
            snprintf(what, sizeof what, "truncated WARC: record %ld (%.60s) has %ld of its %lld bytes", w->record, u,
                     got < 0 ? 0L : got, clen);
            return fail(w, path, rec, err, errlen, what);
        }
        block[clen] = '\0';
        nm_source_getline(w->src, &w->line, &w->linecap, MAX_HEADER_LINE); /* the CRLF after the block */
        int status, chunked, gz;
        char http_ct[256];
        long off = parse_http(block, (size_t)clen, &status, http_ct, sizeof http_ct, &chunked, &gz);
        if (off < 0) { free(block); w->st.skipped_other++; continue; }
        if (status < 200 || status > 299) { free(block); w->st.skipped_status++; continue; }
        char *body = block + off;
        size_t blen = (size_t)clen - (size_t)off;
        if (chunked) blen = dechunk(body, blen);
        char *inflated = NULL;
        if (gz && blen) {
            size_t il = 0;
            inflated = inflate_body(body, blen, w->max_bytes, &il);
            if (inflated) { body = inflated; blen = il; }
        }
        if (http_ct[0] ? !is_html_type(http_ct) : !sniff_html(body, blen)) {
            free(inflated);
            free(block);
            w->st.skipped_non_html++;
            continue;
        }
        /* to UTF-8 with the HTTP charset (the extractor would only see the <meta> one) */
        char cs[64] = "";
        nm_charset_from_content_type(http_ct, strlen(http_ct), cs, sizeof cs);
        size_t ul = 0;
        char *utf8 = nm_html_to_utf8(body, blen, cs[0] ? cs : NULL, &ul, NULL, 0);
        if (utf8) {
            free(inflated);
            inflated = NULL;
            body = utf8;
            blen = ul;
        } else if (inflated) {
            utf8 = inflated;
        }
        nm_record_own(rec, block);
        if (utf8) nm_record_own(rec, utf8);
        w->st.html++;
        snprintf(rec->label, sizeof rec->label, "%.160s:record %ld (%.120s)", path, w->record, u);
        nm_article *a = &rec->art;
        a->kind = NM_INPUT_HTML;
        a->body = body;
        a->body_len = blen;
        /* id, url and date live in one owned buffer */
        size_t ul2 = strlen(u), rl = strlen(rid);
        char *meta = malloc(ul2 + rl + 16);
        if (meta) {
            nm_record_own(rec, meta);
            memcpy(meta, u, ul2 + 1);
            a->url = meta;
            a->url_len = ul2;
            char *idp = meta + ul2 + 1;
            const char *r0 = rid[0] == '<' ? rid + 1 : rid;
            size_t r0l = strlen(r0);
            if (r0l && r0[r0l - 1] == '>') r0l--;
            memcpy(idp, r0, r0l);
            idp[r0l] = '\0';
            if (r0l) { a->id = idp; a->id_len = r0l; }
            if (strlen(date) >= 10) {
                char *dp = idp + r0l + 1;
                memcpy(dp, date, 10);
                dp[10] = '\0';
                a->date = dp;
                a->date_len = 10;
            }
        }
        return 1;
    }
}
