/*
 * segment.h — tokens and sentences for every paragraph.
 *
 * A sentence ends at a paragraph end or at . ! ? … followed (after any closing quotes and brackets)
 * by something that can start a sentence. Abbreviations are the hard part: titles and months
 * (Gen., Sen., Jan.) never end a sentence before a capitalised word; abbreviations that also end
 * sentences (Inc., U.S., a.m.) do so only before a typical sentence opener (data/lexicons/).
 */
#ifndef NM_SEGMENT_H
#define NM_SEGMENT_H

#include "doc.h"

/* Tokenise each paragraph and split it into sentences; sets roles from the paragraphs and the
 * body_index of body sentences. Requires doc->paras (text.c) with roles (structure.c). */
void nm_segment(nm_doc *doc);

#endif
