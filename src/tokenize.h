/*
 * tokenize.h — words, numbers and punctuation, in the CoNLL/Penn style the tagger was trained on:
 * "Putin's" → Putin 's; "U.S." and "Gen." keep their period; "long-range", "1,000.5", "3:30",
 * "2025-12-28" stay whole; quote marks and dashes are tokens of their own.
 */
#ifndef NM_TOKENIZE_H
#define NM_TOKENIZE_H

#include "doc.h"

/* Tokenise every paragraph of doc into doc->toks (sentence indices are set by segmentation). */
void nm_tokenize(nm_doc *doc);

/* Tokenise the byte range [start, end) of doc->text, appending to doc->toks. */
void nm_tokenize_range(nm_doc *doc, uint32_t start, uint32_t end, int para_start);

/* Compute the NM_TF_* character-class flags of the byte range (used for tokens made elsewhere,
 * e.g. from CoNLL input). */
uint16_t nm_token_shape_flags(const char *s, uint32_t n);

#endif
