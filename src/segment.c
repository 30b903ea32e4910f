/*
 * segment.c — sentence boundaries (see segment.h).
 */
#include "segment.h"

#include <string.h>

#include "engine.h"
#include "text.h"
#include "tokenize.h"

static uint32_t tok_cp(const nm_doc *d, const nm_token *t)
{
    uint32_t i = t->start;
    return nm_utf8_next(d->text, &i);
}

static int tok_is_terminal(const nm_doc *d, const nm_token *t)
{
    uint32_t c = tok_cp(d, t);
    if (t->flags & NM_TF_ABBREV) return 1;
    if (!(t->flags & NM_TF_PUNCT)) return 0;
    return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

static int tok_is_ellipsis(const nm_doc *d, const nm_token *t)
{
    return (t->end - t->start >= 2 && d->text[t->start] == '.' && d->text[t->start + 1] == '.') ||
           tok_cp(d, t) == 0x2026;
}

/* A closing mark attached to the terminal: ” » ’ ) ] and straight quotes with no space before. */
static int tok_is_closer(const nm_doc *d, const nm_token *t)
{
    if (t->flags & NM_TF_SPACE_BEFORE) return 0;
    uint32_t c = tok_cp(d, t);
    return c == 0x201D || c == 0xBB || c == 0x2019 || c == '"' || c == '\'' || c == ')' || c == ']' ||
           c == 0x203A;
}

static int tok_is_opener(const nm_doc *d, const nm_token *t)
{
    uint32_t c = tok_cp(d, t);
    return c == 0x201C || c == 0xAB || c == 0x2018 || c == 0x201E || c == '(' || c == '[' ||
           ((c == '"' || c == '\'') && (t->flags & NM_TF_SPACE_BEFORE));
}

static int is_sentence_opener_word(const nm_doc *d, const nm_token *t)
{
    return nm_lexicon_has(d->eng->sentence_openers, d->text + t->start, t->end - t->start);
}

/* Does a sentence end after terminal token k, given the next token nx (after closers)? */
static int boundary(const nm_doc *d, const nm_token *term, const nm_token *nx)
{
    int next_upper = (nx->flags & NM_TF_UPPER) != 0;
    int next_digit = (nx->flags & NM_TF_DIGIT) && !(nx->flags & NM_TF_ALPHA);
    int next_open = tok_is_opener(d, nx);
    int next_lower = (nx->flags & NM_TF_LOWER) != 0;
    if (term->flags & NM_TF_ABBREV) {
        const char *w = d->text + term->start;
        uint32_t n = term->end - term->start;
        if (nm_lexicon_has(d->eng->abbrev, w, n)) return 0; /* Gen. Jan. Mr. — never final before text */
        /* "at 11 a.m. (0800 GMT)": a bracket after an abbreviation continues the sentence */
        if (next_open) return tok_cp(d, nx) != '(' && tok_cp(d, nx) != '[';
        if (!next_upper) return 0;
        return is_sentence_opener_word(d, nx);
    }
    if (tok_is_ellipsis(d, term)) return next_upper || next_open;
    if (next_lower) return 0;
    if (next_upper || next_digit || next_open) return 1;
    /* other punctuation after a terminal ("?!", "-", ",") does not start a sentence, except a dash
     * bullet or a quote */
    uint32_t c = tok_cp(d, nx);
    return nm_cp_is_dquote(c) || c == 0x2014;
}

void nm_segment(nm_doc *doc)
{
    for (uint32_t p = 0; p < doc->paras.n; p++) {
        nm_paragraph *P = &doc->paras.v[p];
        size_t tb = doc->toks.n;
        nm_tokenize_range(doc, P->start, P->end, 1);
        size_t te = doc->toks.n;
        P->sent_begin = (uint32_t)doc->sents.n;
        size_t s0 = tb;
        /* headings, titles, labels and key-point lines are one unit each */
        int whole = P->role != NM_ROLE_BODY && P->role != NM_ROLE_POST;
        for (size_t k = tb; k < te && !whole; k++) {
            if (!tok_is_terminal(doc, &doc->toks.v[k])) continue;
            /* an ellipsis that opens a sentence or a quote ("... Receiving") ends nothing */
            if (tok_is_ellipsis(doc, &doc->toks.v[k]) && (k == s0 || tok_is_opener(doc, &doc->toks.v[k - 1]))) continue;
            size_t j = k + 1;
            while (j < te && tok_is_closer(doc, &doc->toks.v[j])) j++;
            if (j >= te) break;
            if (!boundary(doc, &doc->toks.v[k], &doc->toks.v[j])) continue;
            nm_sentence S = {0};
            S.tok_begin = (uint32_t)s0;
            S.tok_end = (uint32_t)j;
            NM_VEC_PUSH(&doc->arena, doc->sents, S);
            s0 = j;
            k = j - 1;
        }
        if (s0 < te) {
            nm_sentence S = {0};
            S.tok_begin = (uint32_t)s0;
            S.tok_end = (uint32_t)te;
            NM_VEC_PUSH(&doc->arena, doc->sents, S);
        }
        P->sent_end = (uint32_t)doc->sents.n;
        for (uint32_t s = P->sent_begin; s < P->sent_end; s++) {
            nm_sentence *S = &doc->sents.v[s];
            S->para = p;
            S->role = P->role;
            S->start = doc->toks.v[S->tok_begin].start;
            S->end = doc->toks.v[S->tok_end - 1].end;
            doc->toks.v[S->tok_begin].flags |= NM_TF_SENT_START;
            for (uint32_t k = S->tok_begin; k < S->tok_end; k++) doc->toks.v[k].sent = s;
        }
    }
    doc->nbody = 0;
    for (size_t s = 0; s < doc->sents.n; s++) {
        nm_sentence *S = &doc->sents.v[s];
        S->body_index = nm_sent_is_body(S) ? (int32_t)doc->nbody++ : -1;
    }
}
