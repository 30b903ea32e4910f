/*
 * stage.h — the interface every analysis stage implements.
 *
 * A stage may load shared resources into the engine once (init/fini), annotates one document
 * (run), writes its top-level JSON key (json) and its section of the readable briefing (text).
 * pipeline.c lists the stages in run order; adding a capability means adding one entry there.
 */
#ifndef NM_STAGE_H
#define NM_STAGE_H

#include <stddef.h>

#include "buf.h"
#include "doc.h"
#include "engine.h"
#include "json_out.h"

typedef struct nm_stage {
    const char *name;
    int (*init)(nm_engine *eng, char *err, size_t errlen); /* NULL: nothing to load; 0 = ok */
    void (*fini)(nm_engine *eng);
    void (*run)(nm_doc *doc);
    const char *json_key;                             /* key this stage fills in the output */
    void (*json)(const nm_doc *doc, nm_json *j);      /* writes the value of json_key */
    void (*text)(const nm_doc *doc, nm_buf *b);       /* its section of the briefing, may be NULL */
} nm_stage;

extern const nm_stage nm_stage_entities;
extern const nm_stage nm_stage_timex;
extern const nm_stage nm_stage_quantities;
extern const nm_stage nm_stage_quotes;
extern const nm_stage nm_stage_events;
extern const nm_stage nm_stage_claims;
extern const nm_stage nm_stage_keypoints;

/* The stages in run order, NULL-terminated. */
extern const nm_stage *const nm_stages[];

/* Write a span as {"start","end","text"} in code points (helper shared by all stages). */
void nm_json_span(nm_json *j, const nm_doc *doc, uint32_t start, uint32_t end);
/* The same three keys inside an object the caller has opened. */
void nm_json_span_fields(nm_json *j, const nm_doc *doc, uint32_t start, uint32_t end);

#endif
