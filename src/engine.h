/*
 * engine.h — the shared, read-only resources of a newsmill engine.
 *
 * Built once by nm_engine_new (lexicons parsed, models loaded from the embedded data) and then
 * only read, so any number of threads can analyse documents with the same engine.
 */
#ifndef NM_ENGINE_H
#define NM_ENGINE_H

#include "lexicon.h"
#include "newsmill.h"

struct nm_ner_model;
struct nm_entity_res;
struct nm_quote_res;
struct nm_time_res;
struct nm_event_res;
struct nm_keypoint_model;

struct nm_engine {
    nm_options opts;
    /* text layer */
    nm_lexicon *abbrev;        /* abbreviations that do not end a sentence by themselves (Gen., Jan.) */
    nm_lexicon *abbrev_final;  /* abbreviations that often end a sentence too (Inc., Co., U.S.) */
    nm_lexicon *sentence_openers; /* words that typically open a sentence (The, He, But ...) */
    nm_lexicon *keypoint_labels; /* "key points", "highlights", ... */
    nm_lexicon *datelines;     /* news agency names in datelines: Reuters, AP, AFP ... */
    /* stages */
    struct nm_ner_model *ner;
    struct nm_entity_res *entity_res;
    struct nm_quote_res *quote_res;
    struct nm_time_res *time_res;
    struct nm_event_res *event_res;
    struct nm_keypoint_model *keypoint_model;
};

#endif
