/*
 * html_charset.c — find a page's character encoding and convert it to UTF-8 (glibc iconv).
 *
 * Order of evidence: a byte-order mark; the HTTP Content-Type charset (WARC input passes it in);
 * bytes that are already valid UTF-8 (pages often declare a legacy charset but are UTF-8, and a
 * legacy-encoded page with non-ASCII letters is practically never valid UTF-8); <meta charset> /
 * <meta http-equiv=Content-Type> in the first 8 KB; finally windows-1252, the web's default.
 * Labels are mapped the WHATWG way (latin1 / iso-8859-1 / us-ascii mean windows-1252).
 */
#include "html_charset.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int nm_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* fast path over ASCII, 8 bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = u[i];
        if (c < 0x80) { i++; continue; }
        size_t l;
        if (c >= 0xC2 && c < 0xE0) l = 2;
        else if (c >= 0xE0 && c < 0xF0) l = 3;
        else if (c >= 0xF0 && c < 0xF5) l = 4;
        else return 0;
        if (i + l > n) return 0;
        for (size_t k = 1; k < l; k++)
            if ((u[i + k] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && u[i + 1] < 0xA0) return 0;
        if (c == 0xED && u[i + 1] >= 0xA0) return 0;
        if (c == 0xF0 && u[i + 1] < 0x90) return 0;
        if (c == 0xF4 && u[i + 1] >= 0x90) return 0;
        i += l;
    }
    return 1;
}

/* A copy with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD:
 * libxml2, fed invalid UTF-8, switches the rest of the page to Latin-1 and garbles it. */
char *nm_utf8_repair(const char *s, size_t n, size_t *outlen)
{
    const unsigned char *u = (const unsigned char *)s;
    char *out = malloc(n * 3 + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        size_t l = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xF0 && c < 0xF5 ? 4 : 0;
        int ok = l > 0 && i + l <= n && nm_utf8_valid(s + i, l);
        if (ok && c != 0) {
            memcpy(out + o, s + i, l);
            o += l;
            i += l;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

/* More well-formed multi-byte UTF-8 sequences than stray high bytes? */
static int mostly_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) { i++; continue; }
        size_t l = u[i] >= 0xC2 && u[i] < 0xE0 ? 2 : u[i] >= 0xE0 && u[i] < 0xF0 ? 3 : u[i] >= 0xF0 && u[i] < 0xF5 ? 4 : 0;
        size_t k = 1;
        while (l && k < l && i + k < n && (u[i + k] & 0xC0) == 0x80) k++;
        if (l && k == l) { good++; i += l; }
        else { bad++; i++; }
    }
    return good > bad * 2;
}

/* Copy a charset label (letters, digits, - _ . :) from s into out, lower case. */
static void copy_label(const char *s, const char *end, char *out, size_t outlen)
{
    size_t o = 0;
    while (s < end && (*s == ' ' || *s == '"' || *s == '\'' || *s == '=')) s++;
    while (s < end && o + 1 < outlen) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':'))
            break;
        out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        s++;
    }
    out[o] = '\0';
}

int nm_charset_from_content_type(const char *ct, size_t n, char *out, size_t outlen)
{
    out[0] = '\0';
    for (size_t i = 0; i + 8 <= n; i++)
        if (strncasecmp(ct + i, "charset", 7) == 0) {
            const char *p = ct + i + 7;
            while (p < ct + n && *p == ' ') p++;
            if (p < ct + n && *p == '=') {
                copy_label(p + 1, ct + n, out, outlen);
                return out[0] != '\0';
            }
        }
    return 0;
}

int nm_html_meta_charset(const char *h, size_t n, char *out, size_t outlen)
{
    out[0] = '\0';
    size_t lim = n < 8192 ? n : 8192;
    for (size_t i = 0; i + 5 < lim; i++) {
        if (h[i] != '<' || strncasecmp(h + i + 1, "meta", 4) != 0) continue;
        /* the tag's extent */
        size_t e = i + 5;
        while (e < lim && h[e] != '>') e++;
        for (size_t k = i + 5; k + 7 < e; k++)
            if (strncasecmp(h + k, "charset", 7) == 0) {
                const char *p = h + k + 7;
                while (p < h + e && *p == ' ') p++;
                if (p < h + e && *p == '=') {
                    copy_label(p + 1, h + e, out, outlen);
                    if (out[0]) return 1;
                }
            }
    }
    return 0;
}

/* WHATWG-style label → the iconv name; NULL for UTF-8 itself. */
static const char *iconv_name(const char *label)
{
    if (!label[0] || !strcmp(label, "utf-8") || !strcmp(label, "utf8") || !strcmp(label, "unicode-1-1-utf-8"))
        return NULL;
    if (!strcmp(label, "iso-8859-1") || !strcmp(label, "latin1") || !strcmp(label, "us-ascii") ||
        !strcmp(label, "ascii") || !strcmp(label, "iso8859-1") || !strcmp(label, "l1") || !strcmp(label, "cp1252") ||
        !strcmp(label, "windows-1252") || !strcmp(label, "x-cp1252"))
        return "WINDOWS-1252";
    if (!strcmp(label, "gb2312") || !strcmp(label, "gbk") || !strcmp(label, "x-gbk")) return "GB18030";
    if (!strcmp(label, "iso-8859-9") || !strcmp(label, "latin5")) return "WINDOWS-1254";
    if (!strcmp(label, "tis-620") || !strcmp(label, "iso-8859-11")) return "WINDOWS-874";
    if (!strcmp(label, "ks_c_5601-1987") || !strcmp(label, "euc-kr")) return "CP949";
    if (!strcmp(label, "shift_jis") || !strcmp(label, "sjis") || !strcmp(label, "x-sjis")) return "CP932";
    return label;
}

/* Convert with iconv; undecodable bytes become U+FFFD. Returns malloc'd NUL-terminated UTF-8, or
 * NULL when the encoding is unknown to iconv. */
static char *convert(const char *from, const char *s, size_t n, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = n * 4 + 16, o = 0;
    char *out = malloc(cap);
    if (!out) { iconv_close(cd); return NULL; }
    char *in = (char *)s;
    size_t left = n;
    while (left > 0) {
        char *op = out + o;
        size_t oleft = cap - o - 4;
        size_t r = iconv(cd, &in, &left, &op, &oleft);
        o = (size_t)(op - out);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            char *p = realloc(out, cap * 2);
            if (!p) { free(out); iconv_close(cd); return NULL; }
            out = p;
            cap *= 2;
            continue;
        }
        /* EILSEQ or EINVAL: one bad byte → U+FFFD, go on */
        if (cap - o < 8) {
            char *p = realloc(out, cap * 2);
            if (!p) { free(out); iconv_close(cd); return NULL; }
            out = p;
            cap *= 2;
        }
        memcpy(out + o, "\xEF\xBF\xBD", 3);
        o += 3;
        in++;
        left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    out[o] = '\0';
    *outlen = o;
    return out;
}

char *nm_html_to_utf8(const char *h, size_t n, const char *http_charset, size_t *outlen, char *used, size_t usedlen)
{
    const unsigned char *u = (const unsigned char *)h;
    if (used && usedlen) used[0] = '\0';
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        const char *enc = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        if (used) snprintf(used, usedlen, "%s", u[0] == 0xFF ? "utf-16le" : "utf-16be");
        char *r = convert(enc, h + 2, n - 2, outlen);
        if (r) return r;
    }
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        if (used) snprintf(used, usedlen, "utf-8");
        char *r = malloc(n - 2);
        if (!r) return NULL;
        memcpy(r, h + 3, n - 3);
        r[n - 3] = '\0';
        *outlen = n - 3;
        return r;
    }
    char label[64] = "";
    const char *src = "default";
    if (http_charset && http_charset[0]) {
        snprintf(label, sizeof label, "%s", http_charset);
        src = "http";
    }
    if (!iconv_name(label) && label[0]) { /* declared UTF-8 */
        if (used) snprintf(used, usedlen, "utf-8");
        return nm_utf8_valid(h, n) ? NULL : nm_utf8_repair(h, n, outlen);
    }
    if (nm_utf8_valid(h, n)) {
        if (used) snprintf(used, usedlen, "utf-8");
        return NULL;
    }
    if (!label[0] && nm_html_meta_charset(h, n, label, sizeof label)) src = "meta";
    const char *name = iconv_name(label);
    /* Declared UTF-8 with a few bad bytes (pasted text, a truncated fetch), or undeclared but
     * mostly well-formed UTF-8: keep it — the text layer replaces the bad bytes — rather than
     * turning every correct multi-byte character into windows-1252 mojibake. */
    if ((!name && label[0]) || (!label[0] && mostly_utf8(h, n))) {
        if (used) snprintf(used, usedlen, "utf-8 (%s, with invalid bytes)", label[0] ? src : "guessed");
        return nm_utf8_repair(h, n, outlen);
    }
    if (!name) name = "WINDOWS-1252";
    char *r = convert(name, h, n, outlen);
    if (!r && strcmp(name, "WINDOWS-1252") != 0) r = convert("WINDOWS-1252", h, n, outlen), name = "WINDOWS-1252";
    if (used) snprintf(used, usedlen, "%s (%s)", label[0] ? label : "windows-1252", src);
    (void)name;
    return r;
}
