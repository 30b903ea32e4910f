/*
 * output.c — renderers: the JSON document (schema in docs/schema.json) and the readable briefing.
 *
 * The foundation keys (id, title, date, text, paragraphs, sentences, structure) are written here;
 * each stage writes its own key through nm_stage.json, in nm_stages order.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "json_out.h"
#include "stage.h"

static const char *const ROLE_NAMES[] = {"body", "title", "heading", "key_points_label", "key_point",
                                         "post", "post_attribution", "byline", "dateline"};

void nm_json_span_fields(nm_json *j, const nm_doc *d, uint32_t s, uint32_t e)
{
    nm_json_kint(j, "start", nm_doc_cp(d, s));
    nm_json_kint(j, "end", nm_doc_cp(d, e));
    nm_json_kstr(j, "text", d->text + s, e - s);
}

void nm_json_span(nm_json *j, const nm_doc *d, uint32_t s, uint32_t e)
{
    nm_json_obj_begin(j);
    nm_json_span_fields(j, d, s, e);
    nm_json_obj_end(j);
}

static void span_or_null(nm_json *j, const nm_doc *d, const char *key, nm_span sp)
{
    nm_json_key(j, key);
    if (sp.set) nm_json_span(j, d, sp.start, sp.end);
    else nm_json_null(j);
}

static void span_array(nm_json *j, const nm_doc *d, const char *key, const nm_span *v, size_t n)
{
    nm_json_key(j, key);
    nm_json_arr_begin(j);
    for (size_t i = 0; i < n; i++) nm_json_span(j, d, v[i].start, v[i].end);
    nm_json_arr_end(j);
}

static void write_date(nm_json *j, const nm_date *dt)
{
    nm_json_key(j, "date");
    nm_json_obj_begin(j);
    if (dt->y) {
        char v[16];
        snprintf(v, sizeof v, "%04d-%02d-%02d", dt->y, dt->m, dt->d);
        nm_json_kcstr(j, "value", v);
        nm_json_kcstr(j, "source", dt->source);
    } else {
        nm_json_knull(j, "value");
        nm_json_knull(j, "source");
    }
    nm_json_obj_end(j);
}

static void write_structure(nm_json *j, const nm_doc *d)
{
    nm_json_key(j, "structure");
    nm_json_obj_begin(j);
    span_or_null(j, d, "title", d->title_span);
    span_or_null(j, d, "dateline", d->dateline);
    span_array(j, d, "bylines", d->bylines.v, d->bylines.n);
    span_array(j, d, "headings", d->headings.v, d->headings.n);
    span_or_null(j, d, "key_points_label", d->keypoints_label);
    span_array(j, d, "key_points", d->key_points.v, d->key_points.n);
    nm_json_key(j, "posts");
    nm_json_arr_begin(j);
    for (size_t i = 0; i < d->posts.n; i++) {
        const nm_post *p = &d->posts.v[i];
        nm_json_obj_begin(j);
        nm_json_span_fields(j, d, p->text.start, p->text.end);
        if (p->author.set) nm_json_kstr(j, "author", d->text + p->author.start, p->author.end - p->author.start);
        else nm_json_knull(j, "author");
        if (p->handle.set) nm_json_kstr(j, "handle", d->text + p->handle.start, p->handle.end - p->handle.start);
        else nm_json_knull(j, "handle");
        if (p->date.set) nm_json_kstr(j, "date", d->text + p->date.start, p->date.end - p->date.start);
        else nm_json_knull(j, "date");
        span_or_null(j, d, "attribution", p->attribution);
        nm_json_obj_end(j);
    }
    nm_json_arr_end(j);
    nm_json_obj_end(j);
}

static void write_json(const nm_doc *d, nm_buf *b, int pretty)
{
    nm_json j;
    nm_json_init(&j, b, pretty);
    nm_json_obj_begin(&j);
    nm_json_kcstr(&j, "id", d->id);
    nm_json_kcstr(&j, "title", d->title);
    nm_json_kcstr(&j, "url", d->url);
    write_date(&j, &d->date);
    nm_json_kstr(&j, "text", d->text, d->len);
    nm_json_key(&j, "paragraphs");
    nm_json_arr_begin(&j);
    for (size_t i = 0; i < d->paras.n; i++) {
        const nm_paragraph *p = &d->paras.v[i];
        nm_json_obj_begin(&j);
        nm_json_kint(&j, "start", nm_doc_cp(d, p->start));
        nm_json_kint(&j, "end", nm_doc_cp(d, p->end));
        nm_json_kcstr(&j, "role", ROLE_NAMES[p->role]);
        nm_json_obj_end(&j);
    }
    nm_json_arr_end(&j);
    nm_json_key(&j, "sentences");
    nm_json_arr_begin(&j);
    for (size_t i = 0; i < d->sents.n; i++) {
        const nm_sentence *s = &d->sents.v[i];
        if (s->body_index < 0) continue;
        nm_json_obj_begin(&j);
        nm_json_span_fields(&j, d, s->start, s->end);
        nm_json_kint(&j, "paragraph", s->para);
        nm_json_obj_end(&j);
    }
    nm_json_arr_end(&j);
    write_structure(&j, d);
    for (const nm_stage *const *s = nm_stages; *s; s++) {
        nm_json_key(&j, (*s)->json_key);
        (*s)->json(d, &j);
    }
    nm_json_key(&j, "warnings");
    nm_json_arr_begin(&j);
    for (size_t i = 0; i < d->warnings.n; i++) nm_json_cstr(&j, d->warnings.v[i]);
    nm_json_arr_end(&j);
    nm_json_key(&j, "stats");
    nm_json_obj_begin(&j);
    nm_json_kint(&j, "chars", d->ncp);
    nm_json_kint(&j, "bytes", d->len);
    nm_json_kint(&j, "tokens", (int64_t)d->toks.n);
    nm_json_kint(&j, "sentences", d->nbody);
    nm_json_kint(&j, "paragraphs", (int64_t)d->paras.n);
    nm_json_obj_end(&j);
    nm_json_obj_end(&j);
    nm_buf_putc(b, '\n');
}

/* ---- the readable briefing ---- */

static void rule(nm_buf *b, const char *heading)
{
    nm_buf_printf(b, "\n%s\n", heading);
    for (size_t i = 0; heading[i]; i++) nm_buf_putc(b, '-');
    nm_buf_putc(b, '\n');
}

static void write_text(const nm_doc *d, nm_buf *b)
{
    const char *title = d->title ? d->title : (d->id ? d->id : "(untitled article)");
    size_t tl = strlen(title);
    nm_buf_printf(b, "%s\n", title);
    for (size_t i = 0; i < tl && i < 100; i++) nm_buf_putc(b, '=');
    nm_buf_putc(b, '\n');
    if (d->date.y) nm_buf_printf(b, "Date:     %04d-%02d-%02d (%s)\n", d->date.y, d->date.m, d->date.d, d->date.source);
    if (d->dateline.set) nm_buf_printf(b, "Dateline: %.*s\n", (int)(d->dateline.end - d->dateline.start), d->text + d->dateline.start);
    if (d->url) nm_buf_printf(b, "URL:      %s\n", d->url);
    nm_buf_printf(b, "Length:   %u sentences, %zu paragraphs, %zu tokens\n", d->nbody, d->paras.n, d->toks.n);
    if (d->key_points.n) {
        rule(b, "Key points (the editor's)");
        for (size_t i = 0; i < d->key_points.n; i++)
            nm_buf_printf(b, "  - %.*s\n", (int)(d->key_points.v[i].end - d->key_points.v[i].start),
                          d->text + d->key_points.v[i].start);
    }
    /* stage sections in reading order: key points first, then who, what was said, what happened */
    static const nm_stage *const order[] = {&nm_stage_keypoints, &nm_stage_entities, &nm_stage_quotes,
                                            &nm_stage_events,    &nm_stage_claims,   &nm_stage_timex,
                                            &nm_stage_quantities, NULL};
    for (const nm_stage *const *s = order; *s; s++)
        if ((*s)->text) (*s)->text(d, b);
    if (d->headings.n) {
        rule(b, "Sections");
        for (size_t i = 0; i < d->headings.n; i++)
            nm_buf_printf(b, "  %zu. %.*s\n", i + 1, (int)(d->headings.v[i].end - d->headings.v[i].start),
                          d->text + d->headings.v[i].start);
    }
    if (d->posts.n) {
        rule(b, "Embedded posts");
        for (size_t i = 0; i < d->posts.n; i++) {
            const nm_post *p = &d->posts.v[i];
            nm_buf_printf(b, "  %.*s", (int)(p->author.end - p->author.start), d->text + p->author.start);
            if (p->handle.set) nm_buf_printf(b, " (%.*s)", (int)(p->handle.end - p->handle.start), d->text + p->handle.start);
            if (p->date.set) nm_buf_printf(b, ", %.*s", (int)(p->date.end - p->date.start), d->text + p->date.start);
            nm_buf_printf(b, ":\n    %.*s\n", (int)(p->text.end - p->text.start), d->text + p->text.start);
        }
    }
    if (d->warnings.n) {
        rule(b, "Warnings");
        for (size_t i = 0; i < d->warnings.n; i++) nm_buf_printf(b, "  ! %s\n", d->warnings.v[i]);
    }
    nm_buf_putc(b, '\n');
}

int nm_doc_render(const nm_doc *d, nm_format fmt, char **out, size_t *len)
{
    nm_buf b;
    nm_buf_init(&b);
    nm_buf_reserve(&b, (size_t)d->len * 3 + 4096);
    if (fmt == NM_FORMAT_TEXT) write_text(d, &b);
    else write_json(d, &b, fmt == NM_FORMAT_JSON);
    if (b.oom) {
        nm_buf_free(&b);
        *out = NULL;
        *len = 0;
        return -1;
    }
    *out = nm_buf_take(&b, len);
    return 0;
}
