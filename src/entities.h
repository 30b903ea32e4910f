/*
 * entities.h — the entity layer: mentions (names, pronouns, descriptions) grouped into one entity
 * per real-world referent, with roles (titles) and CAMEO-style actor codes.
 *
 * This is the contract later stages (quotes, events, claims, key points, store) build on.
 * Filled by the entities stage (entities.c, using the NER tagger in ner.c).
 */
#ifndef NM_ENTITIES_H
#define NM_ENTITIES_H

#include <stdint.h>

#include "doc.h"

typedef enum {
    NM_ENT_NONE = 0,
    NM_ENT_PERSON,
    NM_ENT_ORG,
    NM_ENT_GPE,   /* countries, cities, regions as political units */
    NM_ENT_LOC,   /* other places */
    NM_ENT_FAC,   /* facilities: Mar-a-Lago, a power plant */
    NM_ENT_NORP,  /* nationalities, religious and political groups */
    NM_ENT_MISC,
} nm_ent_type;

typedef enum {
    NM_MENTION_NAME = 0,     /* a proper name: "Donald Trump", "Trump", "the Kremlin" */
    NM_MENTION_PRONOUN,      /* he, she, they ... */
    NM_MENTION_DESCRIPTION,  /* "the Ukrainian president", "the Kremlin aide" */
} nm_mention_kind;

typedef struct nm_mention {
    uint32_t start, end;          /* bytes into doc->text */
    uint32_t tok_begin, tok_end;  /* tokens [begin, end) */
    uint32_t sent;
    int32_t entity;               /* index into nm_entity_set.ents, or -1 when unattached */
    uint8_t type;                 /* nm_ent_type */
    uint8_t kind;                 /* nm_mention_kind */
} nm_mention;

typedef struct nm_ent_role {
    const char *title;            /* "Foreign Minister" (arena string) */
    const char *of;               /* "Russia", "the White House", or NULL */
    uint32_t start, end;          /* span of the title in the text (bytes) */
} nm_ent_role;

typedef struct nm_entity {
    uint8_t type;                 /* nm_ent_type */
    const char *name;             /* canonical name: the fullest form ("Donald Trump") */
    NM_VEC(uint32_t) mentions;    /* indices into nm_entity_set.mentions, in text order */
    NM_VEC(nm_ent_role) roles;
    char country[8];              /* ISO 3166-1 alpha-3 or an IGO code ("EU", "NATO"); "" unknown */
    char sector[8];               /* CAMEO actor type: GOV MIL MED BUS IGO OPP REB CVL ...; "" unknown */
    int8_t gender;                /* 0 unknown, 1 male, 2 female, 3 plural/group (for pronouns) */
} nm_entity;

typedef struct nm_entity_set {
    NM_VEC(nm_mention) mentions;  /* in text order */
    NM_VEC(nm_entity) ents;       /* entity i has JSON id "E<i+1>" */
    int32_t *tok_mention;         /* per token: index of the mention covering it, or -1 */
} nm_entity_set;

/* The mention covering token tok, or NULL. */
const nm_mention *nm_mention_at(const nm_doc *d, uint32_t tok);
/* Entity by index, or NULL (index -1 or out of range). */
const nm_entity *nm_entity_by_index(const nm_doc *d, int32_t i);
/* Which entity does the noun phrase in tokens [b, e) refer to? Handles names ("Lavrov"),
 * pronouns ("he": the most recent compatible subject before token b), descriptions that name a
 * unique role ("the Kremlin aide", "the minister") and metonyms ("Moscow", "the White House").
 * Returns the entity index or -1. */
int32_t nm_entity_resolve(const nm_doc *d, uint32_t b, uint32_t e);
/* The end of the name in tokens [b, e) without its legal form ("Exxon Corp" → after "Exxon"); e
 * when it has none. */
uint32_t nm_name_without_legal_form(const nm_doc *d, uint32_t b, uint32_t e);
/* Write the JSON reference to entity i: {"entity": "E3", "name": "..."} fields into an open object. */
struct nm_json;
void nm_entity_json_ref(struct nm_json *j, const nm_doc *d, int32_t i);

#endif
