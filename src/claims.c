/*
 * claims.c — the claims stage (see claims.h): disputed claims from the events and stances the
 * events stage found. Linear in the number of events per document times the number of claims,
 * both small; nothing is looked up per token.
 */
#include "claims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stage.h"

/* Root families that state the same kind of proposition: any use of force is one family. */
static int family(const char *root)
{
    int r = atoi(root);
    if (r >= 18) return 18;
    return r;
}

static int same_country(const char *a, const char *b)
{
    if (!a || !b) return 0;
    return strncmp(a, b, 3) == 0;
}

/* Targets agree, or one side does not name one ("tried to attack the building"). */
static int same_target(const nm_event_actor *a, const nm_event_actor *b)
{
    if (!a->set || !b->set) return 1;
    return same_country(a->code, b->code);
}

static int same_actor(const nm_event_actor *a, const nm_event_actor *b)
{
    if (!a->set || !b->set) return 0;
    if (a->entity >= 0 && a->entity == b->entity) return 1;
    return a->name && b->name && !strcmp(a->name, b->name);
}

static void add_statement(nm_doc *d, nm_claim *cl, nm_claim_statement st)
{
    /* one statement per source and stance */
    for (size_t i = 0; i < cl->statements.n; i++) {
        const nm_claim_statement *o = &cl->statements.v[i];
        if (o->stance == st.stance && same_actor(&o->source, &st.source)) return;
    }
    NM_VEC_PUSH(&d->arena, cl->statements, st);
}

static void run(nm_doc *d)
{
    nm_claim_set *set = nm_arena_zalloc(&d->arena, sizeof *set);
    d->claims = set;
    const nm_event_set *es = d->events;
    if (!es) return;
    /* the claim each event belongs to, -1 none */
    /* accusations whose content is coded as its own event are statements, not propositions */
    uint8_t *is_allegation = nm_arena_zalloc(&d->arena, es->v.n + 1);
    for (size_t i = 0; i < es->v.n; i++)
        if (es->v.v[i].alleged_by >= 0 && (size_t)es->v.v[i].alleged_by < es->v.n) is_allegation[es->v.v[i].alleged_by] = 1;
    for (size_t i = 0; i < es->v.n; i++) {
        const nm_event *ev = &es->v.v[i];
        if (!ev->reporter.set || is_allegation[i]) continue;
        if (atoi(ev->root) < 9) continue; /* cooperation is rarely disputed; keep the list short */
        nm_claim *cl = NULL;
        for (size_t k = 0; k < set->v.n; k++) {
            const nm_event *f = &es->v.v[set->v.v[k].first_event];
            if (family(f->root) == family(ev->root) && same_country(f->source.code, ev->source.code) &&
                same_target(&f->target, &ev->target))
                cl = &set->v.v[k];
        }
        if (!cl) {
            nm_claim nc;
            memset(&nc, 0, sizeof nc);
            nc.first_event = (int32_t)i;
            snprintf(nc.code, sizeof nc.code, "%s", ev->code);
            char buf[256];
            if (ev->target.set)
                snprintf(buf, sizeof buf, "%s: %.*s, against %s", ev->source.name, (int)(ev->end - ev->start),
                         d->text + ev->start, ev->target.name);
            else
                snprintf(buf, sizeof buf, "%s: %.*s", ev->source.name, (int)(ev->end - ev->start), d->text + ev->start);
            nc.about = nm_arena_strndup(&d->arena, buf, strlen(buf));
            NM_VEC_PUSH(&d->arena, set->v, nc);
            cl = &set->v.v[set->v.n - 1];
        }
        nm_claim_statement st;
        memset(&st, 0, sizeof st);
        st.event = (int32_t)(ev->alleged_by >= 0 ? ev->alleged_by : (int32_t)i);
        st.stance_index = -1;
        st.source = ev->reporter;
        st.stance = NM_STANCE_ASSERTS;
        /* the statement is the accusation when there is one ("accused Kyiv of ..."), else the event */
        const nm_event *said = ev->alleged_by >= 0 ? &es->v.v[ev->alleged_by] : ev;
        st.sent = said->sent;
        st.start = said->start;
        st.end = said->end;
        add_statement(d, cl, st);
    }
    /* denials and doubts: the latest claim of the same family before them, or any claim when the
     * stance names only "the claims" */
    for (size_t s = 0; s < es->stances.n; s++) {
        const nm_stance *sa = &es->stances.v[s];
        nm_claim *best = NULL;
        uint32_t best_sent = 0;
        for (size_t k = 0; k < set->v.n; k++) {
            nm_claim *cl = &set->v.v[k];
            const nm_event *f = &es->v.v[cl->first_event];
            if (f->sent > sa->sent) continue;
            if (sa->root > 0 && family(f->root) != (sa->root >= 18 ? 18 : sa->root)) continue;
            if (!best || f->sent >= best_sent) { best = cl; best_sent = f->sent; }
        }
        if (!best) continue;
        nm_claim_statement st;
        memset(&st, 0, sizeof st);
        st.event = -1;
        st.stance_index = (int32_t)s;
        st.source = sa->speaker;
        st.stance = sa->stance;
        st.sent = sa->sent;
        st.start = sa->start;
        st.end = sa->end;
        add_statement(d, best, st);
    }
    /* keep only claims that are disputed or stated by two sources */
    size_t w = 0;
    for (size_t k = 0; k < set->v.n; k++) {
        nm_claim *cl = &set->v.v[k];
        int disputed = 0;
        for (size_t i = 0; i < cl->statements.n; i++) disputed |= cl->statements.v[i].stance != NM_STANCE_ASSERTS;
        if (disputed || cl->statements.n >= 2) set->v.v[w++] = *cl;
    }
    set->v.n = w;
}

static const char *const STANCES[] = {"asserts", "denies", "questions"};

static void json(const nm_doc *d, nm_json *j)
{
    nm_json_arr_begin(j);
    const nm_claim_set *set = d->claims;
    for (size_t k = 0; set && k < set->v.n; k++) {
        const nm_claim *cl = &set->v.v[k];
        nm_json_obj_begin(j);
        nm_json_kcstr(j, "about", cl->about);
        nm_json_kcstr(j, "code", cl->code);
        nm_json_kint(j, "event", cl->first_event);
        nm_json_key(j, "statements");
        nm_json_arr_begin(j);
        for (size_t i = 0; i < cl->statements.n; i++) {
            const nm_claim_statement *st = &cl->statements.v[i];
            nm_json_obj_begin(j);
            if (st->event >= 0) nm_json_kint(j, "event", st->event);
            else nm_json_knull(j, "event");
            nm_json_knull(j, "quote");
            nm_event_actor_json(j, d, "source", &st->source, 0);
            nm_json_kcstr(j, "stance", STANCES[st->stance]);
            nm_json_kint(j, "sentence", d->sents.v[st->sent].body_index);
            nm_json_span_fields(j, d, st->start, st->end);
            nm_json_obj_end(j);
        }
        nm_json_arr_end(j);
        nm_json_obj_end(j);
    }
    nm_json_arr_end(j);
}

static void text(const nm_doc *d, nm_buf *b)
{
    const nm_claim_set *set = d->claims;
    if (!set || !set->v.n) return;
    nm_buf_puts(b, "\nDisputed claims\n---------------\n");
    for (size_t k = 0; k < set->v.n; k++) {
        const nm_claim *cl = &set->v.v[k];
        nm_buf_printf(b, "  %zu. %s\n", k + 1, cl->about);
        for (size_t i = 0; i < cl->statements.n; i++) {
            const nm_claim_statement *st = &cl->statements.v[i];
            nm_buf_printf(b, "     - %s %s: \"%.*s\"\n", st->source.set ? st->source.name : "(unknown)",
                          STANCES[st->stance], (int)(st->end - st->start), d->text + st->start);
        }
    }
}

const nm_stage nm_stage_claims = {"claims", NULL, NULL, run, "claims", json, text};
