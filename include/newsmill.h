/*
 * newsmill.h — the public API of libnewsmill.
 *
 * newsmill reads news articles and writes down what is in them: structure, entities, quotations,
 * time expressions, events, disputed claims and key points. The API is deliberately small:
 *
 *   nm_engine  — read-only shared resources (lexicons, models), loaded once, shared by all threads;
 *   nm_article — one input record (text or HTML plus optional metadata), owned by the caller;
 *   nm_doc     — one analysed document; everything in it lives in a single arena freed by nm_doc_free.
 *
 * All offsets in the output are Unicode code points into the document's normalised text.
 */
#ifndef NEWSMILL_H
#define NEWSMILL_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NEWSMILL_VERSION "0.1.0"

typedef struct nm_engine nm_engine;
typedef struct nm_doc nm_doc;

/* What the bytes of an article are. */
typedef enum { NM_INPUT_TEXT = 0, NM_INPUT_HTML = 1 } nm_input_kind;

/* One input record. Strings need not be NUL-terminated; lengths are in bytes. NULL = absent. */
typedef struct nm_article {
    const char *id;      size_t id_len;
    const char *title;   size_t title_len;
    const char *date;    size_t date_len;   /* YYYY-MM-DD publication date, if known */
    const char *url;     size_t url_len;
    const char *body;    size_t body_len;   /* plain text or HTML, see kind */
    nm_input_kind kind;
} nm_article;

/* Options that change what the engine does. Zero-initialised = defaults. */
typedef struct nm_options {
    const char *event_lexicon_path;   /* extra CAMEO pattern file (same format as data/lexicons/cameo-verbs.txt) */
    const char *actors_path;          /* PETRARCH/TABARI actor dictionary */
    const char *agents_path;          /* PETRARCH/TABARI agent dictionary */
    const char *event_verbs_path;     /* PETRARCH/TABARI verb dictionary (replaces the built-in coding of its verbs) */
} nm_options;

/* Create the engine: parses the embedded lexicons and models once. Returns NULL and writes a
 * message to err (if non-NULL, errlen bytes) on failure. */
nm_engine *nm_engine_new(const nm_options *opts, char *err, size_t errlen);
void nm_engine_free(nm_engine *eng);

/* Analyse one article. Never returns NULL for a non-NULL engine and article: problems with the
 * input (invalid UTF-8, NUL bytes, empty text) are recorded as warnings in the document. */
nm_doc *nm_analyze(const nm_engine *eng, const nm_article *art);
void nm_doc_free(nm_doc *doc);

/* Number of warnings recorded while analysing, and the i-th one (static text + detail). */
size_t nm_doc_warning_count(const nm_doc *doc);
const char *nm_doc_warning(const nm_doc *doc, size_t i);

/* Output formats. */
typedef enum { NM_FORMAT_JSONL = 0, NM_FORMAT_JSON = 1, NM_FORMAT_TEXT = 2 } nm_format;

/* Render the document into a malloc'd string (*out, *len; caller frees). JSONL: one object and a
 * newline; JSON: the same object indented; TEXT: the readable briefing. Returns 0, or -1 when out
 * of memory. */
int nm_doc_render(const nm_doc *doc, nm_format fmt, char **out, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
