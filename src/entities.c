/*
 * entities.c — the entities stage (not yet implemented: writes an empty "entities" array).
 */
#include <stdio.h>

#include "stage.h"

static void run(nm_doc *doc) { (void)doc; }

static void json(const nm_doc *doc, nm_json *j)
{
    (void)doc;
    nm_json_arr_begin(j);
    nm_json_arr_end(j);
}

const nm_stage nm_stage_entities = {"entities", NULL, NULL, run, "entities", json, NULL};

/* ---- API (see entities.h); real implementations come with the tagger ---- */
#include "entities.h"

const nm_mention *nm_mention_at(const nm_doc *d, uint32_t tok)
{
    const nm_entity_set *es = d->entities;
    if (!es || !es->tok_mention || tok >= d->toks.n || es->tok_mention[tok] < 0) return NULL;
    return &es->mentions.v[es->tok_mention[tok]];
}

const nm_entity *nm_entity_by_index(const nm_doc *d, int32_t i)
{
    const nm_entity_set *es = d->entities;
    if (!es || i < 0 || (size_t)i >= es->ents.n) return NULL;
    return &es->ents.v[i];
}

int32_t nm_entity_resolve(const nm_doc *d, uint32_t b, uint32_t e)
{
    (void)d; (void)b; (void)e;
    return -1;
}

void nm_entity_json_ref(struct nm_json *j, const nm_doc *d, int32_t i)
{
    const nm_entity *en = nm_entity_by_index(d, i);
    if (!en) {
        nm_json_knull(j, "entity");
        nm_json_knull(j, "name");
        return;
    }
    char id[16];
    snprintf(id, sizeof id, "E%d", i + 1);
    nm_json_kcstr(j, "entity", id);
    nm_json_kcstr(j, "name", en->name);
}
