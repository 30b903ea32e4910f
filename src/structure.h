/*
 * structure.h — article structure found in the paragraphs: title, byline, an editor's key-points
 * block, section headings, embedded social posts and the dateline.
 *
 * Runs on paragraphs before sentence splitting: each paragraph gets a role (nm_role), and only
 * body paragraphs feed the stages that summarise and extract facts.
 */
#ifndef NM_STRUCTURE_H
#define NM_STRUCTURE_H

#include "doc.h"

void nm_structure(nm_doc *doc);

#endif
