/*
 * keypoints.c — the keypoints stage (not yet implemented: writes an empty "keypoints" array).
 */
#include "stage.h"

static void run(nm_doc *doc) { (void)doc; }

static void json(const nm_doc *doc, nm_json *j)
{
    (void)doc;
    nm_json_arr_begin(j);
    nm_json_arr_end(j);
}

const nm_stage nm_stage_keypoints = {"keypoints", NULL, NULL, run, "keypoints", json, NULL};
