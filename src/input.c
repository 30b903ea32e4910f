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
    char *unesc;          /* JSON Lines fast path: a string value with its escapes decoded */
    size_t unesc_cap;
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
    free(r->unesc);
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

/* ---- JSON Lines: the fast path ----
 *
 * json_loadb spends its time lexing byte by byte through a stream layer, and reading was ~5% of
 * `analyze -j 1`. A news record is a flat object of strings, integers and nulls, so such a line is
 * parsed here into the same jansson object (the same values, as json_object_setn_new_nocheck and
 * json_stringn_nocheck build them for json_loadb). Anything else (nesting, reals, long integers,
 * escapes in a key, \u surrogates, any malformed or unexpected byte) makes fast_object return NULL
 * and the line goes to json_loadb, so whatever json_loadb rejects is rejected by json_loadb, with
 * its own message. The rule: accept only what json_loadb(JSON_ALLOW_NUL) accepts, giving what it
 * gives (checked by nm_jsonl_fast_check in the tests and the JSON Lines fuzz mode). */

static inline int json_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static inline int json_digit(char c) { return c >= '0' && c <= '9'; }

/* Length of the UTF-8 sequence at u[0..n) (u[0] >= 0x80) when it is one jansson accepts (no
 * overlong forms, surrogates or code points above U+10FFFF), else 0. */
static size_t utf8_len(const unsigned char *u, size_t n)
{
    unsigned char c = u[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; if (c == 0xE0) lo = 0xA0; else if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; if (c == 0xF0) lo = 0x90; else if (c == 0xF4) hi = 0x8F; }
    else return 0;
    if (n < len || u[1] < lo || u[1] > hi) return 0;
    for (size_t k = 2; k < len; k++)
        if ((u[k] & 0xC0) != 0x80) return 0;
    return len;
}

static int hex4(const unsigned char *u, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned d = (unsigned)u[k] - '0';
        if (d > 9) {
            d = ((unsigned)u[k] | 0x20u) - 'a' + 10u; /* a-f, A-F */
            if (d < 10 || d > 15) return 0;
        }
        *v = *v * 16 + d;
    }
    return 1;
}

/* The string whose opening quote is just before s[*i]: on success *i is past its closing quote and
 * *out, *outlen its value, a slice of s when it has no escape, else decoded into *buf. Returns 0 to
 * decline (a malformed string, or an escape in a key). */
static int fast_string(const char *s, size_t n, size_t *i, int key, char **buf, size_t *cap, const char **out,
                       size_t *outlen)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t p = *i, start = p;
    for (;;) {
        if (p >= n) return 0;
        unsigned char c = u[p];
        if (c == '"') {
            *out = s + start;
            *outlen = p - start;
            *i = p + 1;
            return 1;
        }
        if (c == '\\') break;
        if (c < 0x20) return 0;
        if (c < 0x80) { p++; continue; }
        size_t l = utf8_len(u + p, n - p);
        if (!l) return 0;
        p += l;
    }
    if (key) return 0;
    /* decoding never lengthens: the value fits in the rest of the line */
    if (n - start + 1 > *cap) {
        char *nb = realloc(*buf, n - start + 1);
        if (!nb) return 0;
        *buf = nb;
        *cap = n - start + 1;
    }
    char *o = *buf;
    size_t k = p - start;
    memcpy(o, s + start, k);
    for (;;) {
        if (p >= n) return 0;
        unsigned char c = u[p];
        if (c == '"') break;
        if (c == '\\') {
            if (p + 1 >= n) return 0;
            char r;
            switch (u[p + 1]) {
            case '"': r = '"'; break;
            case '\\': r = '\\'; break;
            case '/': r = '/'; break;
            case 'b': r = '\b'; break;
            case 'f': r = '\f'; break;
            case 'n': r = '\n'; break;
            case 'r': r = '\r'; break;
            case 't': r = '\t'; break;
            case 'u': {
                unsigned v;
                if (p + 6 > n || !hex4(u + p + 2, &v) || (v >= 0xD800 && v <= 0xDFFF)) return 0; /* pairs: jansson */
                if (v < 0x80) o[k++] = (char)v; /* \u0000 included: JSON_ALLOW_NUL */
                else if (v < 0x800) { o[k++] = (char)(0xC0 | v >> 6); o[k++] = (char)(0x80 | (v & 0x3F)); }
                else { o[k++] = (char)(0xE0 | v >> 12); o[k++] = (char)(0x80 | ((v >> 6) & 0x3F)); o[k++] = (char)(0x80 | (v & 0x3F)); }
                p += 6;
                continue;
            }
            default: return 0;
            }
            o[k++] = r;
            p += 2;
        } else if (c < 0x20) return 0;
        else if (c < 0x80) { o[k++] = (char)c; p++; }
        else {
            size_t l = utf8_len(u + p, n - p);
            if (!l) return 0;
            memcpy(o + k, s + p, l);
            k += l;
            p += l;
        }
    }
    *out = o;
    *outlen = k;
    *i = p + 1;
    return 1;
}

/* The object on line s[0..n) when it is a flat one the fast path takes, else NULL (see above). */
static json_t *fast_object(const char *s, size_t n, char **buf, size_t *cap)
{
    size_t i = 0;
    while (i < n && json_ws(s[i])) i++;
    if (i >= n || s[i] != '{') return NULL;
    json_t *o = json_object();
    if (!o) return NULL;
    for (i++; i < n && json_ws(s[i]); i++) {}
    if (i < n && s[i] == '}') i++;
    else
        for (;;) {
            const char *key, *str;
            size_t klen, slen;
            if (i >= n || s[i] != '"') goto decline;
            i++;
            if (!fast_string(s, n, &i, 1, buf, cap, &key, &klen)) goto decline;
            while (i < n && json_ws(s[i])) i++;
            if (i >= n || s[i] != ':') goto decline;
            for (i++; i < n && json_ws(s[i]); i++) {}
            if (i >= n) goto decline;
            json_t *v;
            if (s[i] == '"') {
                i++;
                if (!fast_string(s, n, &i, 0, buf, cap, &str, &slen)) goto decline;
                v = json_stringn_nocheck(str, slen);
            } else if (s[i] == '-' || json_digit(s[i])) {
                /* an integer of at most 18 digits (no overflow); jansson's grammar: no leading zeros */
                int neg = s[i] == '-';
                if (neg) i++;
                size_t b = i;
                long long x = 0;
                if (i >= n || !json_digit(s[i])) goto decline;
                if (s[i] == '0') i++;
                else
                    while (i < n && json_digit(s[i]) && i - b < 18) x = x * 10 + (s[i++] - '0');
                /* a digit left over: a leading zero or a 19th digit */
                if (i < n && (json_digit(s[i]) || s[i] == '.' || s[i] == 'e' || s[i] == 'E')) goto decline;
                v = json_integer(neg ? -x : x);
            } else if (n - i >= 4 && !memcmp(s + i, "null", 4)) { v = json_null(); i += 4; }
            else if (n - i >= 4 && !memcmp(s + i, "true", 4)) { v = json_true(); i += 4; }
            else if (n - i >= 5 && !memcmp(s + i, "false", 5)) { v = json_false(); i += 5; }
            else goto decline;
            /* jansson reads a word as a whole: "nullx" is one bad token */
            if (i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) { json_decref(v); goto decline; }
            if (!v || json_object_setn_new_nocheck(o, key, klen, v) != 0) goto decline; /* later duplicates win, as in json_loadb */
            while (i < n && json_ws(s[i])) i++;
            if (i < n && s[i] == ',') { for (i++; i < n && json_ws(s[i]); i++) {} continue; }
            if (i < n && s[i] == '}') { i++; break; }
            goto decline;
        }
    while (i < n && json_ws(s[i])) i++;
    if (i == n) return o;
decline:
    json_decref(o);
    return NULL;
}

int nm_jsonl_fast_check(const char *line, size_t n)
{
    char *buf = NULL;
    size_t cap = 0;
    json_t *fast = fast_object(line, n, &buf, &cap);
    free(buf);
    if (!fast) return 0;
    json_error_t je;
    json_t *ref = json_loadb(line, n, JSON_ALLOW_NUL, &je);
    int same = ref && json_equal(fast, ref) && json_object_size(fast) == json_object_size(ref);
    json_decref(fast);
    json_decref(ref);
    return same ? 1 : -1;
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
        const char *text = fixed ? fixed : r->line;
        size_t tlen = fixed ? rl : (size_t)n;
        json_t *o = fast_object(text, tlen, &r->unesc, &r->unesc_cap);
        if (!o) o = json_loadb(text, tlen, JSON_ALLOW_NUL, &je);
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
