/*
 * pipeline.c — the engine and the per-document pipeline.
 *
 * nm_engine_new loads the text layer's lexicons and lets each stage load its resources;
 * nm_analyze runs: input (HTML → text) → normalisation → paragraphs → structure → tokens and
 * sentences → the stages in nm_stages order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "engine.h"
#include "html.h"
#include "segment.h"
#include "stage.h"
#include "structure.h"
#include "text.h"

const nm_stage *const nm_stages[] = {
    &nm_stage_entities, &nm_stage_timex,  &nm_stage_quantities, &nm_stage_quotes,
    &nm_stage_events,   &nm_stage_claims, &nm_stage_keypoints,  NULL,
};

static nm_lexicon *must_load(const char *name, int fold, char *err, size_t errlen, int *ok)
{
    nm_lexicon *lx = nm_lexicon_load(name, fold);
    if (!lx) {
        if (err && *ok) snprintf(err, errlen, "cannot load embedded resource %s", name);
        *ok = 0;
    }
    return lx;
}

nm_engine *nm_engine_new(const nm_options *opts, char *err, size_t errlen)
{
    nm_engine *e = calloc(1, sizeof *e);
    if (!e) {
        if (err) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (opts) e->opts = *opts;
    int ok = 1;
    e->abbrev = must_load("lexicons/abbreviations.txt", NM_LEX_EXACT, err, errlen, &ok);
    e->abbrev_final = must_load("lexicons/abbreviations-final.txt", NM_LEX_EXACT, err, errlen, &ok);
    e->sentence_openers = must_load("lexicons/sentence-openers.txt", NM_LEX_EXACT, err, errlen, &ok);
    e->keypoint_labels = must_load("lexicons/keypoint-labels.txt", NM_LEX_FOLD, err, errlen, &ok);
    e->datelines = must_load("lexicons/news-agencies.txt", NM_LEX_FOLD, err, errlen, &ok);
    for (const nm_stage *const *s = nm_stages; ok && *s; s++) {
        if ((*s)->init && (*s)->init(e, err, errlen) != 0) ok = 0;
    }
    if (!ok) {
        nm_engine_free(e);
        return NULL;
    }
    return e;
}

void nm_engine_free(nm_engine *e)
{
    if (!e) return;
    for (const nm_stage *const *s = nm_stages; *s; s++)
        if ((*s)->fini) (*s)->fini(e);
    nm_lexicon_free(e->abbrev);
    nm_lexicon_free(e->abbrev_final);
    nm_lexicon_free(e->sentence_openers);
    nm_lexicon_free(e->keypoint_labels);
    nm_lexicon_free(e->datelines);
    free(e);
}

void nm_doc_warn(nm_doc *d, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    const char *w = nm_arena_strndup(&d->arena, tmp, strlen(tmp));
    NM_VEC_PUSH(&d->arena, d->warnings, w);
}


static const char *meta_string(nm_doc *d, const char *s, size_t n)
{
    return s ? nm_text_clean_line(&d->arena, s, n) : NULL;
}

nm_doc *nm_analyze(const nm_engine *eng, const nm_article *art)
{
    nm_doc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    nm_arena_init(&d->arena);
    d->eng = eng;
    d->id = meta_string(d, art->id, art->id_len);
    d->url = meta_string(d, art->url, art->url_len);
    d->title = meta_string(d, art->title, art->title_len);
    if (art->date) {
        if (nm_parse_ymd(art->date, art->date_len, &d->date.y, &d->date.m, &d->date.d)) d->date.source = "given";
        else nm_doc_warn(d, "date \"%.*s\" is not a valid YYYY-MM-DD date; ignored",
                         (int)(art->date_len > 40 ? 40 : art->date_len), art->date);
    }
    const char *body = art->body ? art->body : "";
    size_t blen = art->body ? art->body_len : 0;
    if (art->kind == NM_INPUT_HTML) {
        nm_html_page page;
        nm_html_extract(d, body, blen, &page);
        if (!d->title && page.title) d->title = page.title;
        if (!d->url && page.url) d->url = page.url;
        /* the page's own publication date beats a given one (a WARC crawl date, --date): the
         * given date is the fallback for pages that state none */
        if (page.date_y) {
            d->date.y = page.date_y; d->date.m = page.date_m; d->date.d = page.date_d;
            d->date.source = page.date_source;
        }
        body = page.text;
        blen = page.text_len;
    }
    nm_text_normalize(d, body, blen);
    nm_text_paragraphs(d);
    nm_structure(d);
    nm_segment(d);
    for (const nm_stage *const *s = nm_stages; *s; s++) (*s)->run(d);
    return d;
}

void nm_doc_free(nm_doc *d)
{
    if (!d) return;
    nm_arena_free(&d->arena);
    free(d);
}

size_t nm_doc_warning_count(const nm_doc *d) { return d->warnings.n; }
const char *nm_doc_warning(const nm_doc *d, size_t i) { return i < d->warnings.n ? d->warnings.v[i] : NULL; }
