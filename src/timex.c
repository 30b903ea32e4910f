/*
 * timex.c — the timex stage (not yet implemented: writes an empty "timex" array).
 */
#include "stage.h"

static void run(nm_doc *doc) { (void)doc; }

static void json(const nm_doc *doc, nm_json *j)
{
    (void)doc;
    nm_json_arr_begin(j);
    nm_json_arr_end(j);
}

const nm_stage nm_stage_timex = {"timex", NULL, NULL, run, "timex", json, NULL};

#include <stdio.h>

#include "timex.h"

int nm_time_sentence_date(const nm_doc *d, uint32_t sent, char *out)
{
    (void)sent;
    if (!d->date.y) return 0;
    snprintf(out, 16, "%04d-%02d-%02d", d->date.y, d->date.m, d->date.d);
    return 1;
}
