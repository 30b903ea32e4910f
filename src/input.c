/*
 * input.c — record readers for text, JSON Lines and HTML files (see input.h).
 *
 * Reading goes through zlib's gz* functions, which read plain files unchanged and gzip files
 * decompressed, so "news.jsonl.gz" and "news.jsonl" are read the same way.
 */
#include "input.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "warc.h"

/* ---- byte source ---- */

struct nm_source {
    gzFile gz;
    char buf[1 << 16];
    size_t pos, len;
    int eof, err;
};

nm_source *nm_source_open(const char *path, char *err, size_t errlen)
{
    nm_source *s = calloc(1, sizeof *s);
    if (!s) { snprintf(err, errlen, "out of memory"); return NULL; }
    if (strcmp(path, "-") == 0) s->gz = gzdopen(dup(0), "rb");
    else s->gz = gzopen(path, "rb");
    if (!s->gz) {
        snprintf(err, errlen, "cannot open: %s", errno ? strerror(errno) : "unknown error");
        free(s);
        return NULL;
    }
    gzbuffer(s->gz, 1 << 17);
    return s;
}

void nm_source_close(nm_source *s)
{
    if (!s) return;
    gzclose(s->gz);
    free(s);
}

const char *nm_source_error(nm_source *s)
{
    int code = 0;
    const char *m = gzerror(s->gz, &code);
    return code < 0 ? m : NULL;
}

static int fill(nm_source *s)
{
    if (s->eof) return 0;
    int n = gzread(s->gz, s->buf, sizeof s->buf);
    if (n <= 0) {
        s->eof = 1;
        /* a truncated .gz reads as a clean end of file; zlib only says so in gzerror (Z_BUF_ERROR) */
        int code = Z_OK;
        gzerror(s->gz, &code);
        if (n < 0 || code == Z_BUF_ERROR) s->err = 1;
        s->len = s->pos = 0;
        return 0;
    }
    s->len = (size_t)n;
    s->pos = 0;
    return 1;
}

long nm_source_read(nm_source *s, void *out, size_t n)
{
    size_t got = 0;
    while (got < n) {
        if (s->pos == s->len && !fill(s)) break;
        size_t k = s->len - s->pos;
        if (k > n - got) k = n - got;
        memcpy((char *)out + got, s->buf + s->pos, k);
        s->pos += k;
        got += k;
    }
    if (got == 0 && s->err) return -1;
    return (long)got;
}

long nm_source_getline(nm_source *s, char **line, size_t *cap, size_t max)
{
    size_t n = 0;
    int any = 0, over = 0;
    for (;;) {
        if (s->pos == s->len && !fill(s)) break;
        any = 1;
        char *nl = memchr(s->buf + s->pos, '\n', s->len - s->pos);
        size_t k = nl ? (size_t)(nl - (s->buf + s->pos)) : s->len - s->pos;
        size_t keep = k;
        if (n + keep > max) { keep = n < max ? max - n : 0; over = 1; }
        if (n + keep + 1 > *cap) {
            size_t nc = *cap ? *cap : 4096;
            while (nc < n + keep + 1) nc *= 2;
            char *p = realloc(*line, nc);
            if (!p) return -1;
            *line = p;
            *cap = nc;
        }
        memcpy(*line + n, s->buf + s->pos, keep);
        n += keep;
        s->pos += k;
        if (nl) { s->pos++; break; }
    }
    if (!any) return -1;
    if (*line) (*line)[n] = '\0';
    else {
        *line = malloc(1);
        if (!*line) return -1;
        **line = '\0';
        *cap = 1;
    }
    return over ? (long)max + 1 : (long)n;
}

long nm_source_slurp(nm_source *s, char **out, size_t max)
{
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    if (!b) return -1;
    for (;;) {
        if (n == cap - 1) {
            if (cap > max + 1) { free(b); return -1; }
            char *p = realloc(b, cap * 2);
            if (!p) { free(b); return -1; }
            b = p;
            cap *= 2;
        }
        long r = nm_source_read(s, b + n, cap - 1 - n);
        if (r <= 0) break;
        n += (size_t)r;
        if (n > max) { free(b); return -1; }
    }
    b[n] = '\0';
    *out = b;
    return (long)n;
}

/* ---- records ---- */

int nm_in_format_parse(const char *name)
{
    if (!strcmp(name, "txt") || !strcmp(name, "text")) return NM_IN_TXT;
    if (!strcmp(name, "jsonl") || !strcmp(name, "json")) return NM_IN_JSONL;
    if (!strcmp(name, "html")) return NM_IN_HTML;
    if (!strcmp(name, "warc")) return NM_IN_WARC;
    return -1;
}

char *nm_record_own(nm_record *rec, char *buf)
{
    if (buf && rec->nowned < (int)(sizeof rec->owned / sizeof rec->owned[0])) rec->owned[rec->nowned++] = buf;
    return buf;
}

void nm_record_free(nm_record *rec)
{
    for (int i = 0; i < rec->nowned; i++) free(rec->owned[i]);
    if (rec->json) json_decref((json_t *)rec->json);
    memset(rec, 0, sizeof *rec);
}

struct nm_reader {
    char *path;
    nm_in_format fmt;
    size_t max_bytes;
    nm_source *src;
    long lineno;
    int done;
    char *line;
    size_t linecap;
    nm_warc *warc;
};

const char *nm_reader_path(const nm_reader *r) { return r->path; }

/* How messages name the input: "-" means nothing to a reader of stderr. */
static const char *display_path(const nm_reader *r) { return strcmp(r->path, "-") ? r->path : "(stdin)"; }

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcasecmp(s + a - b, suf) == 0;
}

static nm_in_format by_extension(const char *path)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    if (has_suffix(tmp, ".gz")) tmp[strlen(tmp) - 3] = '\0';
    if (has_suffix(tmp, ".jsonl") || has_suffix(tmp, ".ndjson") || has_suffix(tmp, ".json")) return NM_IN_JSONL;
    if (has_suffix(tmp, ".html") || has_suffix(tmp, ".htm") || has_suffix(tmp, ".xhtml")) return NM_IN_HTML;
    if (has_suffix(tmp, ".warc")) return NM_IN_WARC;
    if (has_suffix(tmp, ".txt")) return NM_IN_TXT;
    return NM_IN_AUTO;
}

/* Decide from the first bytes: JSON object, WARC record, markup, or text. */
static nm_in_format by_content(const char *b, size_t n)
{
    size_t i = 0;
    if (n >= 3 && (unsigned char)b[0] == 0xEF && (unsigned char)b[1] == 0xBB && (unsigned char)b[2] == 0xBF) i = 3;
    while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
    if (n - i >= 5 && strncmp(b + i, "WARC/", 5) == 0) return NM_IN_WARC;
    if (i < n && b[i] == '{') return NM_IN_JSONL;
    if (i < n && b[i] == '<') {
        for (size_t k = i; k + 5 < n && k < i + 2048; k++)
            if (!strncasecmp(b + k, "<html", 5) || !strncasecmp(b + k, "<!doc", 5) || !strncasecmp(b + k, "<body", 5) ||
                !strncasecmp(b + k, "<p>", 3) || !strncasecmp(b + k, "<div", 4) || !strncasecmp(b + k, "<head", 5))
                return NM_IN_HTML;
    }
    return NM_IN_TXT;
}

nm_reader *nm_reader_open(const char *path, nm_in_format fmt, size_t max_bytes, char *err, size_t errlen)
{
    nm_reader *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); return NULL; }
    r->path = strdup(path);
    r->max_bytes = max_bytes;
    r->src = nm_source_open(path, err, errlen);
    if (!r->src || !r->path) { nm_reader_close(r); return NULL; }
    if (fmt == NM_IN_AUTO && strcmp(path, "-") != 0) fmt = by_extension(path);
    if (fmt == NM_IN_AUTO) {
        /* peek at the start without consuming it */
        if (r->src->pos == r->src->len) fill(r->src);
        fmt = by_content(r->src->buf + r->src->pos, r->src->len - r->src->pos);
    }
    r->fmt = fmt;
    if (fmt == NM_IN_WARC) {
        r->warc = nm_warc_open(r->src, max_bytes);
        if (!r->warc) { snprintf(err, errlen, "out of memory"); nm_reader_close(r); return NULL; }
    }
    return r;
}

void nm_reader_close(nm_reader *r)
{
    if (!r) return;
    nm_warc_close(r->warc);
    nm_source_close(r->src);
    free(r->line);
    free(r->path);
    free(r);
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Replace invalid UTF-8 in a JSON line by U+FFFD so one bad byte does not lose the record.
 * Returns a malloc'd copy when something was replaced (count in *bad), else NULL. */
static char *repair_utf8(const char *s, size_t n, unsigned *bad, size_t *outlen)
{
    size_t i = 0;
    *bad = 0;
    char *out = NULL;
    size_t o = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t l = 0;
        if (c < 0x80) l = 1;
        else if (c >= 0xC2 && c < 0xE0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) l = 2;
        else if (c >= 0xE0 && c < 0xF0 && i + 2 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
                 ((unsigned char)s[i + 2] & 0xC0) == 0x80 && !(c == 0xE0 && (unsigned char)s[i + 1] < 0xA0) &&
                 !(c == 0xED && (unsigned char)s[i + 1] >= 0xA0))
            l = 3;
        else if (c >= 0xF0 && c < 0xF5 && i + 3 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
                 ((unsigned char)s[i + 2] & 0xC0) == 0x80 && ((unsigned char)s[i + 3] & 0xC0) == 0x80 &&
                 !(c == 0xF0 && (unsigned char)s[i + 1] < 0x90) && !(c == 0xF4 && (unsigned char)s[i + 1] >= 0x90))
            l = 4;
        if (l && !(l == 1 && c == 0)) {
            if (out) memcpy(out + o, s + i, l);
            o += l;
            i += l;
            continue;
        }
        if (!out) {
            out = malloc(n * 3 + 1);
            if (!out) return NULL;
            memcpy(out, s, i);
            o = i;
        }
        if (c == 0) { out[o++] = ' '; } /* a raw NUL cannot be in JSON text; a space keeps the line parseable */
        else { memcpy(out + o, "\xEF\xBF\xBD", 3); o += 3; }
        (*bad)++;
        i++;
    }
    if (out) { out[o] = '\0'; *outlen = o; }
    return out;
}

static const char *json_field(json_t *o, const char *key, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) { *len = json_string_length(v); return json_string_value(v); }
    *len = 0;
    return NULL;
}

static int next_jsonl(nm_reader *r, nm_record *rec, char *err, size_t errlen)
{
    if (r->done) return 0; /* after a read error */
    for (;;) {
        long n = nm_source_getline(r->src, &r->line, &r->linecap, r->max_bytes);
        if (n < 0) {
            if (r->src->err) {
                snprintf(rec->label, sizeof rec->label, "%s:%ld", display_path(r), r->lineno + 1);
                snprintf(err, errlen, "read error (%s); the rest of the file is lost", nm_source_error(r->src) ? nm_source_error(r->src) : "corrupt input");
                r->done = 1;
                return -1;
            }
            return 0;
        }
        r->lineno++;
        snprintf(rec->label, sizeof rec->label, "%s:%ld", display_path(r), r->lineno);
        if ((size_t)n > r->max_bytes) {
            snprintf(err, errlen, "line longer than the limit of %zu bytes (--max-bytes); skipped", r->max_bytes);
            return -1;
        }
        size_t k = 0;
        while (k < (size_t)n && (r->line[k] == ' ' || r->line[k] == '\t' || r->line[k] == '\r')) k++;
        if (k == (size_t)n) continue; /* blank line: not a record */
        unsigned bad = 0;
        size_t rl = 0;
        char *fixed = repair_utf8(r->line, (size_t)n, &bad, &rl);
        json_error_t je;
        json_t *o = json_loadb(fixed ? fixed : r->line, fixed ? rl : (size_t)n, JSON_ALLOW_NUL, &je);
        free(fixed);
        if (!o) {
            snprintf(err, errlen, "malformed JSON at column %d: %s; skipped", je.column, je.text);
            return -1;
        }
        if (!json_is_object(o)) {
            json_decref(o);
            snprintf(err, errlen, "JSON value is not an object; skipped");
            return -1;
        }
        rec->json = o;
        rec->invalid_utf8 = bad;
        nm_article *a = &rec->art;
        json_t *idv = json_object_get(o, "id");
        if (json_is_string(idv)) { a->id = json_string_value(idv); a->id_len = json_string_length(idv); }
        else if (json_is_integer(idv)) {
            char tmp[32];
            int l = snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(idv));
            a->id = nm_record_own(rec, strdup(tmp));
            a->id_len = (size_t)l;
        }
        if (a->id) {
            size_t used = strlen(rec->label);
            snprintf(rec->label + used, sizeof rec->label - used, " (id %.*s)", (int)(a->id_len > 80 ? 80 : a->id_len), a->id);
        }
        a->title = json_field(o, "title", &a->title_len);
        a->date = json_field(o, "date", &a->date_len);
        a->url = json_field(o, "url", &a->url_len);
        a->body = json_field(o, "text", &a->body_len);
        a->kind = NM_INPUT_TEXT;
        if (!a->body) {
            a->body = json_field(o, "html", &a->body_len);
            a->kind = NM_INPUT_HTML;
        }
        if (!a->body) {
            json_t *t = json_object_get(o, "text");
            snprintf(err, errlen, t ? "\"text\" is not a string; skipped" : "record has no \"text\" (or \"html\") field; skipped");
            return -1;
        }
        return 1;
    }
}

/* Share of bytes that are NUL or other control characters: text never has many. */
static int looks_binary(const char *b, size_t n)
{
    size_t lim = n < 8192 ? n : 8192, bad = 0;
    for (size_t i = 0; i < lim; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) bad++;
    }
    return lim >= 16 && bad * 10 > lim;
}

static int next_whole(nm_reader *r, nm_record *rec, char *err, size_t errlen)
{
    if (r->done) return 0;
    r->done = 1;
    snprintf(rec->label, sizeof rec->label, "%s", display_path(r));
    char *b = NULL;
    long n = nm_source_slurp(r->src, &b, r->max_bytes);
    if (n < 0) {
        snprintf(err, errlen, "input larger than the limit of %zu bytes (--max-bytes), or unreadable; skipped", r->max_bytes);
        return -1;
    }
    nm_record_own(rec, b);
    if (r->src->err) {
        snprintf(err, errlen, "read error (%s)", nm_source_error(r->src) ? nm_source_error(r->src) : "corrupt input");
        return -1;
    }
    if (looks_binary(b, (size_t)n)) {
        snprintf(err, errlen, "looks like binary data, not %s; skipped", r->fmt == NM_IN_HTML ? "HTML" : "text");
        return -1;
    }
    nm_article *a = &rec->art;
    a->body = b;
    a->body_len = (size_t)n;
    a->kind = r->fmt == NM_IN_HTML ? NM_INPUT_HTML : NM_INPUT_TEXT;
    if (strcmp(r->path, "-") != 0) {
        /* a copy: with -j N the record outlives its reader (closed at the end of the file) */
        a->id = nm_record_own(rec, strdup(base_name(r->path)));
        a->id_len = a->id ? strlen(a->id) : 0;
    }
    return 1;
}

int nm_reader_next(nm_reader *r, nm_record *rec, char *err, size_t errlen)
{
    memset(rec, 0, sizeof *rec);
    err[0] = '\0';
    int rc;
    switch (r->fmt) {
    case NM_IN_JSONL: rc = next_jsonl(r, rec, err, errlen); break;
    case NM_IN_WARC: rc = nm_warc_next(r->warc, display_path(r), rec, err, errlen); break;
    default: rc = next_whole(r, rec, err, errlen); break;
    }
    if (rc == 1 && rec->art.body_len == 0) {
        snprintf(err, errlen, "empty text; skipped");
        return -1;
    }
    if (rc == 1) {
        /* whitespace only is empty too */
        size_t i = 0;
        const char *b = rec->art.body;
        while (i < rec->art.body_len && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
        if (i == rec->art.body_len) {
            snprintf(err, errlen, "empty text (whitespace only); skipped");
            return -1;
        }
    }
    return rc;
}
