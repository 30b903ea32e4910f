/*
 * fuzz_engine.h — the engine shared by the fuzz targets that analyse documents: created once per
 * fuzzing process (libFuzzer runs inputs one after another), aborting loudly if it cannot start.
 */
#ifndef NM_FUZZ_ENGINE_H
#define NM_FUZZ_ENGINE_H

#include <stdio.h>
#include <stdlib.h>

#include "newsmill.h"

static nm_engine *fuzz_engine_new(const char *target)
{
    char err[256];
    nm_engine *e = nm_engine_new(NULL, err, sizeof err);
    if (!e) {
        fprintf(stderr, "%s: cannot create engine: %s\n", target, err);
        abort();
    }
    return e;
}

#endif
