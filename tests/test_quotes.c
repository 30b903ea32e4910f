/*
 * test_quotes.c — quotations: mark pairing, kinds, cue and speaker attribution, bad input.
 *
 * The article texts are written for these tests in the style of wire stories (curly quotes are
 * spelled as UTF-8 escapes: \xE2\x80\x9C “  \xE2\x80\x9D ”  \xE2\x80\x99 ’).
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "entities.h"
#include "quotes.h"

#define LQ "\xE2\x80\x9C"
#define RQ "\xE2\x80\x9D"
#define AP "\xE2\x80\x99"

/* The first quote whose text contains needle, or NULL. */
static const nm_quote *find_quote(const nm_doc *d, const char *needle)
{
    for (size_t i = 0; d->quotes && i < d->quotes->v.n; i++)
        if (strstr(d->quotes->v.v[i].text, needle)) return &d->quotes->v.v[i];
    return NULL;
}

static const nm_quote *find_quote_kind(const nm_doc *d, const char *needle, int kind)
{
    for (size_t i = 0; d->quotes && i < d->quotes->v.n; i++)
        if (d->quotes->v.v[i].kind == kind && strstr(d->quotes->v.v[i].text, needle)) return &d->quotes->v.v[i];
    return NULL;
}

static void expect_speaker(const nm_quote *z, const char *name)
{
    assert_non_null(z);
    if (!name) {
        assert_null(z->name);
        return;
    }
    assert_non_null(z->name);
    /* the entity layer may give the fuller canonical name ("Magnus Thorsson" for "Thorsson") */
    if (!strstr(z->name, name)) print_message("speaker \"%s\", expected \"%s\"\n", z->name, name);
    assert_non_null(strstr(z->name, name));
}

static const char ARTICLE[] =
    "GENEVA: Fishing ministers from six countries failed to agree on new quotas on Tuesday, the "
    "conference chair said.\n"
    LQ "We are not there yet, but the gap is narrowing," RQ " Norwegian Fisheries Minister Ingrid Dahl told "
    "reporters after the talks.\n"
    LQ "The stocks cannot wait," RQ " she said. " LQ "Every season we lose is a season our children lose." RQ "\n"
    "Icelandic envoy Magnus Thorsson called the proposal a " LQ "dangerous gamble" RQ " and said it would "
    "hurt coastal towns.\n"
    "A senior official said the talks would resume in March.\n"
    "According to the conference secretariat, 40 delegations attended the meeting.\n"
    "Thorsson later warned that his government could leave the agreement.\n"
    "Dahl said:\n"
    "We have science on our side and we will not give up on the quota system.\n"
    "The European Union delegate, Maria Costa, said the union was ready to compromise.\n";

static void direct_quote_with_speaker_after(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(ARTICLE, "2026-03-03");
    const nm_quote *z = find_quote(d, "We are not there yet");
    assert_non_null(z);
    assert_int_equal(z->kind, NM_QUOTE_DIRECT);
    expect_speaker(z, "Ingrid Dahl");
    /* the trailing comma and the marks are not part of the text */
    assert_string_equal(z->text, "We are not there yet, but the gap is narrowing");
    assert_true(z->cue.set);
    assert_int_equal(z->cue.end - z->cue.start, 4);
    assert_memory_equal(d->text + z->cue.start, "told", 4);
    assert_true(z->addressee.set);
    assert_memory_equal(d->text + z->addressee.start, "reporters", 9);
    nm_doc_free(d);
}

static void interrupted_quote_keeps_speaker(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(ARTICLE, "2026-03-03");
    const nm_quote *a = find_quote(d, "The stocks cannot wait");
    const nm_quote *b = find_quote(d, "Every season we lose");
    assert_non_null(a);
    assert_non_null(b);
    /* "she" resolves to the last named speaker; the second fragment inherits it */
    expect_speaker(a, "Ingrid Dahl");
    expect_speaker(b, "Ingrid Dahl");
    assert_int_equal(a->group, b->group);
    nm_doc_free(d);
}

static void partial_and_coordinated_indirect(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(ARTICLE, "2026-03-03");
    const nm_quote *p = find_quote_kind(d, "dangerous gamble", NM_QUOTE_PARTIAL);
    assert_non_null(p);
    assert_string_equal(p->text, "dangerous gamble");
    expect_speaker(p, "Magnus Thorsson");
    assert_memory_equal(d->text + p->cue.start, "called", 6);
    /* "... and said it would hurt coastal towns": reported speech of the same speaker */
    const nm_quote *r = find_quote_kind(d, "it would hurt coastal towns", NM_QUOTE_INDIRECT);
    expect_speaker(r, "Magnus Thorsson");
    nm_doc_free(d);
}

static void indirect_speech_and_sources(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(ARTICLE, "2026-03-03");
    /* an unnamed source: named by its description, with no entity */
    const nm_quote *z = find_quote_kind(d, "the talks would resume in March", NM_QUOTE_INDIRECT);
    assert_non_null(z);
    assert_non_null(z->name);
    assert_string_equal(z->name, "a senior official");
    assert_int_equal(z->entity, -1);
    assert_true(z->speaker.set);
    assert_memory_equal(d->text + z->speaker.start, "A senior official", 17);
    /* according to X, CLAUSE */
    z = find_quote_kind(d, "40 delegations attended the meeting", NM_QUOTE_INDIRECT);
    expect_speaker(z, "the conference secretariat");
    assert_memory_equal(d->text + z->cue.start, "According to", 12);
    /* X warned that CLAUSE */
    z = find_quote_kind(d, "his government could leave the agreement", NM_QUOTE_INDIRECT);
    expect_speaker(z, "Thorsson");
    /* CLAUSE, the conference chair said. */
    z = find_quote_kind(d, "failed to agree on new quotas", NM_QUOTE_INDIRECT);
    expect_speaker(z, "the conference chair");
    assert_null(strstr(z->text, "GENEVA")); /* the dateline is not part of what was said */
    /* apposition: "The European Union delegate, Maria Costa, said" */
    z = find_quote_kind(d, "the union was ready to compromise", NM_QUOTE_INDIRECT);
    assert_non_null(z);
    assert_non_null(z->name);
    assert_non_null(strstr(z->name, "Costa"));
    nm_doc_free(d);
}

static void block_quote_after_colon(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(ARTICLE, "2026-03-03");
    const nm_quote *z = find_quote(d, "We have science on our side");
    assert_non_null(z);
    assert_int_equal(z->kind, NM_QUOTE_DIRECT);
    expect_speaker(z, "Dahl");
    nm_doc_free(d);
}

static void multi_paragraph_quote(void **state)
{
    (void)state;
    const char *text = "The mayor spoke for ten minutes.\n\n"
                       LQ "We rebuilt the bridge in record time. Nobody believed we could.\n\n"
                       LQ "Now we will rebuild the school," RQ " Mayor Lena Ortiz said.\n\n"
                       "The council approved the budget.\n";
    nm_doc *d = nm_test_doc(text, NULL);
    assert_int_equal(d->warnings.n, 0);
    const nm_quote *z = find_quote(d, "We rebuilt the bridge");
    assert_non_null(z);
    assert_int_equal(z->kind, NM_QUOTE_DIRECT);
    /* one quote across both paragraphs, attributed by the closing paragraph */
    assert_non_null(strstr(z->text, "Now we will rebuild the school"));
    assert_null(strstr(z->text, "\xE2\x80\x9C"));
    expect_speaker(z, "Lena Ortiz");
    assert_int_equal(z->para, 1);
    nm_doc_free(d);
}

static void apostrophes_are_not_quotes(void **state)
{
    (void)state;
    const char *text = "It's the Kremlin" AP "s view that the '90s were lost, the ministers' aides said. "
                       "Rock 'n' roll isn" AP "t over.\n";
    nm_doc *d = nm_test_doc(text, NULL);
    for (size_t i = 0; i < d->quotes->v.n; i++) assert_int_not_equal(d->quotes->v.v[i].kind, NM_QUOTE_DIRECT);
    for (size_t i = 0; i < d->quotes->v.n; i++) assert_int_not_equal(d->quotes->v.v[i].kind, NM_QUOTE_PARTIAL);
    assert_int_equal(d->warnings.n, 0);
    nm_doc_free(d);
}

static void quote_mark_styles(void **state)
{
    (void)state;
    const char *text = "\"We will vote,\" said Senator Ann Lee.\n\n"
                       "\xC2\xAB" "Nous sommes pr\xC3\xAAts" "\xC2\xBB" ", said Pierre Blanc.\n\n"
                       "\xE2\x80\x9E" "Wir warten" LQ ", Klaus Weber said.\n\n"
                       "''It is done,'' Mr. Hale said.\n\n"
                       LQ "He told me, " "\xE2\x80\x98" "never again" AP ", and I believed him" RQ ", Ms. Park said.\n";
    nm_doc *d = nm_test_doc(text, NULL);
    expect_speaker(find_quote(d, "We will vote"), "Ann Lee");
    expect_speaker(find_quote(d, "Nous sommes"), "Pierre Blanc");
    expect_speaker(find_quote(d, "Wir warten"), "Klaus Weber");
    expect_speaker(find_quote(d, "It is done"), "Hale");
    /* the nested single quote stays inside the outer quotation */
    const nm_quote *z = find_quote(d, "He told me");
    expect_speaker(z, "Park");
    assert_non_null(strstr(z->text, "never again"));
    assert_non_null(strstr(z->text, "I believed him"));
    nm_doc_free(d);
}

static void unclosed_quote_is_contained(void **state)
{
    (void)state;
    const char *text = "The minister spoke. " LQ "We will never accept this, she said.\n\n"
                       "Talks resumed on Friday. Officials met again.\n\n"
                       "The ministry said the deal was close.\n";
    nm_doc *d = nm_test_doc(text, NULL);
    assert_true(d->warnings.n >= 1);
    assert_non_null(strstr(d->warnings.v[0], "quotation mark"));
    const nm_quote *z = find_quote(d, "We will never accept this");
    assert_non_null(z);
    /* the quote ends with its paragraph: the rest of the article is not swallowed */
    assert_null(strstr(z->text, "Talks resumed"));
    const nm_quote *r = find_quote_kind(d, "the deal was close", NM_QUOTE_INDIRECT);
    expect_speaker(r, "the ministry");
    nm_doc_free(d);
}

/* A quote reopened after a sentence end in the same paragraph is the news convention of a new
 * paragraph whose break was lost: one quotation, one speaker, no warning. */
static void reopened_quote_in_flattened_paragraph(void **state)
{
    (void)state;
    const char *text = "Tennis star Ann Moss said: \"I think it is insulting if prize money is taken away. "
                       "\"Somebody said they will not have money for flowers. That is insulting.\" "
                       "A club spokesperson denied it.\n";
    nm_doc *d = nm_test_doc(text, NULL);
    assert_int_equal(d->warnings.n, 0);
    const nm_quote *z = find_quote(d, "Somebody said they will not have money");
    assert_non_null(z);
    assert_non_null(strstr(z->text, "taken away"));
    expect_speaker(z, "Ann Moss");
    nm_doc_free(d);
}

static void hostile_inputs(void **state)
{
    (void)state;
    /* only quote marks */
    size_t n = 30000;
    char *s = malloc(n * 3 + 1);
    for (size_t i = 0; i < n; i++) memcpy(s + 3 * i, (i % 2) ? RQ : LQ, 3);
    s[n * 3] = 0;
    nm_doc *d = nm_test_doc(s, NULL);
    assert_non_null(d->quotes);
    assert_int_equal(d->quotes->v.n, 0);
    nm_doc_free(d);
    /* 10,000 nested openers around one word, never closed */
    char *t = malloc(10000 * 3 + 64);
    size_t k = 0;
    for (size_t i = 0; i < 10000; i++) { memcpy(t + k, LQ, 3); k += 3; }
    strcpy(t + k, "deep, the source said.");
    d = nm_test_doc(t, NULL);
    assert_true(d->warnings.n >= 1);
    nm_doc_free(d);
    /* straight quotes only, odd count */
    for (size_t i = 0; i < n; i++) s[i] = (i % 7) ? '"' : ' ';
    s[n] = 0;
    d = nm_test_doc(s, NULL);
    assert_non_null(d->quotes);
    nm_doc_free(d);
    free(s);
    free(t);
}

static void json_shape(void **state)
{
    (void)state;
    json_t *j = nm_test_json("Caf\xC3\xA9 owners protested. " LQ "Enough," RQ " one owner, Paul Roy, said.", NULL);
    json_t *qs = json_object_get(j, "quotes");
    assert_true(json_is_array(qs));
    assert_int_equal(json_array_size(qs), 1);
    json_t *z = json_array_get(qs, 0);
    assert_string_equal(json_string_value(json_object_get(z, "text")), "Enough");
    assert_string_equal(json_string_value(json_object_get(z, "kind")), "direct");
    /* offsets are code points: "Café owners protested. “" is 24 code points */
    assert_int_equal(json_integer_value(json_object_get(z, "start")), 24);
    assert_int_equal(json_integer_value(json_object_get(z, "end")), 30);
    json_t *sp = json_object_get(z, "speaker");
    assert_true(json_is_object(sp));
    assert_string_equal(json_string_value(json_object_get(sp, "name")), "Paul Roy");
    assert_string_equal(json_string_value(json_object_get(z, "cue")), "said");
    assert_int_equal(json_integer_value(json_object_get(z, "sentence")), 1);
    assert_int_equal(json_integer_value(json_object_get(z, "paragraph")), 0);
    assert_true(json_is_null(json_object_get(z, "addressee")));
    json_decref(j);
}

static void seed_article_quotes(void **state)
{
    (void)state;
    size_t len;
    char *text = nm_test_read_file(nm_test_shared("seed/000_0969f0addae08510.txt"), &len);
    if (!text) skip();
    nm_doc *d = nm_test_doc(text, "2025-12-30");
    /* two fragments the issue names, with their speakers by name */
    const nm_quote *z = find_quote_kind(d, "complete fabrication", NM_QUOTE_PARTIAL);
    assert_non_null(z);
    assert_non_null(z->name);
    assert_non_null(strstr(z->name, "Zelensky"));
    z = find_quote_kind(d, "state terrorism", NM_QUOTE_PARTIAL);
    assert_non_null(z);
    assert_non_null(strstr(z->name, "Lavrov"));
    /* the post text is a quote of its author */
    int post = 0;
    for (size_t i = 0; i < d->quotes->v.n; i++)
        if (d->quotes->v.v[i].kind == NM_QUOTE_POST && d->quotes->v.v[i].name &&
            strstr(d->quotes->v.v[i].name, "Leavitt"))
            post = 1;
    assert_true(post);
    nm_doc_free(d);
    free(text);
}

/* PolNeAR-style reports (issue 4, second round): several reports in one sentence, a participle
 * report after a direct quote, a quoted fragment framed by an ordinary verb, a transcript stage
 * direction. */
static const char REPORTS[] =
    "BALTIMORE " "\xE2\x80\x94" " The port authority approved the lease on Monday.\n"
    "Police chief Dana Reyes said that the footage did not give " LQ "absolute proof" RQ " of a weapon, but "
    "she said that the other evidence " LQ "supports what we have heard" RQ " about the night.\n"
    LQ "Deals like this should not be secret," RQ " council member Ray Ortiz said in a statement, adding "
    "that the leases were handed out " LQ "like candy." RQ "\n"
    "Ortiz openly admires the former mayor as a " LQ "strong leader," RQ " praising his budgets.\n"
    "Mayor Lena Park urged residents to check out what he called the port's " LQ "sweetheart deal." RQ "\n"
    "During a rally in the harbor district, Park attacked the lease in plain words: " LQ "It is a gift to shippers." RQ "\n"
    "The schedule on the gate was simple: " LQ "Closed for the season." RQ "\n"
    LQ "(APPLAUSE.)" RQ "\n"
    "The vote was 7 to 2.\n";

static void reports_beyond_plain_speech(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(REPORTS, "2026-03-03");
    /* "..., but she said that ...": two clauses, not one that swallows the second report */
    const nm_quote *first = find_quote_kind(d, "the footage did not give", NM_QUOTE_INDIRECT);
    assert_non_null(first);
    assert_null(strstr(first->text, "other evidence"));
    const nm_quote *second = find_quote_kind(d, "the other evidence", NM_QUOTE_INDIRECT);
    assert_non_null(second);
    expect_speaker(second, "Reyes");
    /* a sentence with a direct quote still reports what follows ", adding that" */
    const nm_quote *added = find_quote_kind(d, "the leases were handed out", NM_QUOTE_INDIRECT);
    assert_non_null(added);
    expect_speaker(added, "Ortiz");
    assert_memory_equal(d->text + added->cue.start, "adding", 6);
    expect_speaker(find_quote_kind(d, "Deals like this", NM_QUOTE_DIRECT), "Ortiz");
    /* no cue verb of saying: the sentence subject and its verb frame the fragment */
    const nm_quote *frag = find_quote_kind(d, "strong leader", NM_QUOTE_PARTIAL);
    assert_non_null(frag);
    expect_speaker(frag, "Ortiz");
    assert_memory_equal(d->text + frag->cue.start, "admires", 7);
    const nm_quote *framed = find_quote_kind(d, "the former mayor as a", NM_QUOTE_INDIRECT);
    assert_non_null(framed);
    /* "... what X called “Y”": the sentence's own report runs from the clause boundary */
    const nm_quote *what = find_quote_kind(d, "check out what he called", NM_QUOTE_INDIRECT);
    assert_non_null(what);
    assert_non_null(strstr(what->text, "sweetheart deal"));
    expect_speaker(what, "Lena Park");
    /* a whole sentence after a comma or colon is a direct quote even after an unknown verb, with
     * the subject of the sentence as speaker ... */
    const nm_quote *gift = find_quote(d, "It is a gift to shippers.");
    assert_non_null(gift);
    assert_int_equal(gift->kind, NM_QUOTE_DIRECT);
    expect_speaker(gift, "Lena Park");
    /* ... but only when a speaker is found */
    assert_null(find_quote(d, "Closed for the season."));
    /* a stage direction is not speech */
    assert_null(find_quote(d, "APPLAUSE"));
    nm_doc_free(d);
}

/* Headlines attribute in shorthand: "NAME: TEXT", "TEXT, NAME Says", "NAME Calls X ‘Y’". */
static void headline_attribution(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Harbor Chief Mills: Port Deal Is A " LQ "Historic Win" RQ " For Workers\n"
                            "The port authority approved the lease on Monday.\n", "2026-03-03");
    const nm_quote *z = find_quote(d, "Port Deal Is A");
    assert_non_null(z);
    expect_speaker(z, "Mills");
    assert_int_equal(z->kind, NM_QUOTE_PARTIAL);
    nm_doc_free(d);
    d = nm_test_doc("Port Deal Is A Win For Workers, Union Leader Says\n"
                    "The port authority approved the lease on Monday.\n", "2026-03-03");
    z = find_quote(d, "Port Deal Is A Win For Workers");
    assert_non_null(z);
    assert_int_equal(z->kind, NM_QUOTE_INDIRECT);
    assert_null(strstr(z->text, "Says"));
    expect_speaker(z, "Union Leader");
    nm_doc_free(d);
    d = nm_test_doc("Governor Slams Port Deal As A " LQ "Giveaway" RQ " To Shippers\n"
                    "The port authority approved the lease on Monday.\n", "2026-03-03");
    z = find_quote_kind(d, "Port Deal As A", NM_QUOTE_PARTIAL);
    assert_non_null(z);
    assert_memory_equal(d->text + z->cue.start, "Slams", 5);
    nm_doc_free(d);
    /* a plain headline without a source or quote marks gives nothing */
    d = nm_test_doc("Port Authority Approves New Lease\nThe port authority approved the lease on Monday.\n", "2026-03-03");
    assert_null(find_quote(d, "Approves"));
    nm_doc_free(d);
}


/* Speaker rules added for the PolNeAR margins: each case below was a wrong or missing speaker. */
static void speaker_phrase_rules(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(
        "Senators questioned the harbor chief on Tuesday.\n"
        LQ "Every time you say that," RQ " Halvorsen said, " LQ "you make the case for a breakup." RQ "\n"
        LQ "Why is the port still too big to manage?" RQ " Okafor demanded.\n", "2026-03-03");
    /* "demanded" is a cue: the quote is not handed on from Halvorsen */
    expect_speaker(find_quote(d, "too big to manage"), "Okafor");
    nm_doc_free(d);

    /* a cue word after a determiner is a noun inside the speaker phrase */
    d = nm_test_doc("The audit was published on Friday.\n"
                    LQ "Ports that skip inspections face no penalty," RQ " the report says.\n", "2026-03-03");
    const nm_quote *z = find_quote(d, "skip inspections");
    expect_speaker(z, "the report");
    nm_doc_free(d);

    /* a speaker with a prepositional modifier after the quote keeps its head */
    d = nm_test_doc("The union released a new campaign spot.\n"
                    LQ "You load the ships. You keep the port open." RQ " a narrator in the union ad asks.\n",
                    "2026-03-03");
    expect_speaker(find_quote(d, "keep the port open"), "a narrator");
    nm_doc_free(d);

    /* a verb of saying right before the opening mark, no comma */
    d = nm_test_doc("In a radio interview Mayor Lindqvist declared " LQ "The harbor deal is dead. We start over." RQ "\n",
                    "2026-03-03");
    z = find_quote(d, "harbor deal is dead");
    expect_speaker(z, "Lindqvist");
    assert_int_equal(z->kind, NM_QUOTE_DIRECT);
    nm_doc_free(d);

    /* the subject before a participle, not the object of a preposition, is the speaker */
    d = nm_test_doc("Dockworkers marching through the streets chanted " LQ "No deal!" RQ " until midnight.\n",
                    "2026-03-03");
    z = find_quote(d, "No deal");
    expect_speaker(z, "Dockworkers");
    nm_doc_free(d);

    /* a curly quote inside a curly quote is nested: one quotation, one speaker */
    d = nm_test_doc("Voters sent in their views.\n"
                    LQ "I'd rather live in what he calls " LQ "chaos" RQ " than in his world." RQ " " "\xE2\x80\x95" " Dana Whitfield\n",
                    "2026-03-03");
    z = find_quote(d, "rather live");
    expect_speaker(z, "Whitfield");
    assert_non_null(strstr(z->text, "than in his world"));
    nm_doc_free(d);

    /* a nickname inside a name is not a quotation, and the name stays one speaker phrase */
    d = nm_test_doc("The council met on Monday.\n"
                    LQ "This is our year!" RQ " council member Marta " LQ "Kit" RQ " Ruiz shouted to the crowd.\n",
                    "2026-03-03");
    assert_null(find_quote(d, "Kit"));
    expect_speaker(find_quote(d, "This is our year"), "Ruiz");
    nm_doc_free(d);
}


static const nm_quote *find_indirect_with(const nm_doc *d, const char *needle)
{
    return find_quote_kind(d, needle, NM_QUOTE_INDIRECT);
}

/* Reported clauses around quoted words, as PolNeAR-style "mixed" attributions. */
static void clauses_around_quoted_words(void **state)
{
    (void)state;
    /* quoted words inside a sentence that runs on: a partial quote with its clause */
    nm_doc *d = nm_test_doc("Spokeswoman Lena Ortiz said via email that, " LQ "Of course the mayor will defend himself" RQ
                            " against what the office sees as a coordinated attack.\n", "2026-03-03");
    const nm_quote *z = find_quote_kind(d, "Of course the mayor", NM_QUOTE_PARTIAL);
    expect_speaker(z, "Ortiz");
    z = find_indirect_with(d, "coordinated attack");
    expect_speaker(z, "Ortiz");
    nm_doc_free(d);

    /* a fragment closing the sentence's first clause, attribution right after it */
    d = nm_test_doc("However laudable the goal, using the harbor fund ''is a misguided approach,'' said Mr. Brandt.\n",
                    "2026-03-03");
    z = find_indirect_with(d, "using the harbor fund");
    expect_speaker(z, "Brandt");
    assert_non_null(strstr(z->text, "misguided approach"));
    nm_doc_free(d);

    /* an evaluative verb's clause runs on through a prepositional phrase after the quoted words */
    d = nm_test_doc("At a rally, Mayor Brandt likened the plan to a " LQ "sinking ship" RQ
                    " in a storm that nobody can steer.\n", "2026-03-03");
    z = find_indirect_with(d, "sinking ship");
    expect_speaker(z, "Brandt");
    assert_non_null(strstr(z->text, "in a storm"));
    nm_doc_free(d);
    /* ... but not into the writer's own sentence */
    d = nm_test_doc("What several councillors called " LQ "fraud" RQ " led Mayor Brandt to cancel the contract.\n",
                    "2026-03-03");
    for (size_t i = 0; d->quotes && i < d->quotes->v.n; i++) assert_null(strstr(d->quotes->v.v[i].text, "cancel"));
    nm_doc_free(d);

    /* a direct quote closing a reported clause of its own cue: the clause is reported too */
    d = nm_test_doc("Ortiz praised the crews and said she has the one quality the job needs: " LQ
                    "Patience, and more patience." RQ "\n", "2026-03-03");
    expect_speaker(find_quote_kind(d, "Patience, and more patience.", NM_QUOTE_DIRECT), "Ortiz");
    z = find_indirect_with(d, "the one quality the job needs");
    expect_speaker(z, "Ortiz");
    assert_non_null(strstr(z->text, "more patience"));
    nm_doc_free(d);
    /* ... not for an adjunct before the quote */
    d = nm_test_doc("The ad shows Brandt saying during the debate last week, " LQ "That makes me smart." RQ "\n",
                    "2026-03-03");
    assert_null(find_indirect_with(d, "during the debate"));
    nm_doc_free(d);
}

/* Subject-verb frames and cue forms that the PolNeAR errors showed missing. */
static void frames_and_cue_forms(void **state)
{
    (void)state;
    /* a two-token frame: subject and verb right before the quoted words */
    nm_doc *d = nm_test_doc("In a June speech, Brandt attacked " LQ "the reckless spending of the harbor board." RQ "\n",
                            "2026-03-03");
    expect_speaker(find_quote(d, "reckless spending"), "Brandt");
    nm_doc_free(d);
    /* a leading participle clause is skipped to find the subject */
    d = nm_test_doc("Worried about the turnout, Mayor Brandt is rolling out a new message: " LQ "It is about us." RQ "\n",
                    "2026-03-03");
    expect_speaker(find_quote(d, "It is about us"), "Brandt");
    nm_doc_free(d);
    /* "is calling" is progressive, not passive: its clause is reported */
    d = nm_test_doc("The mayor's doctor is calling the mayor " LQ "extremely fit." RQ "\n", "2026-03-03");
    assert_non_null(find_indirect_with(d, "extremely fit"));
    nm_doc_free(d);
    /* "as X put it" attributes the quote, and reports no clause of its own */
    d = nm_test_doc("As Dana Whitfield, a port economist, recently put it, ''Who pays for the dredging?''\n", "2026-03-03");
    expect_speaker(find_quote(d, "Who pays for the dredging"), "Whitfield");
    nm_doc_free(d);
    d = nm_test_doc("The board has been seen, as the Harbor Gazette put it in a long profile, " LQ "the gatekeeper." RQ "\n",
                    "2026-03-03");
    expect_speaker(find_quote(d, "the gatekeeper"), "Harbor Gazette");
    assert_null(find_indirect_with(d, "long profile"));
    nm_doc_free(d);
    /* "commented" is a cue; an unnamed speaker keeps its description */
    d = nm_test_doc("During a heated debate, a neighbor commented: " LQ "For you, the port is the only issue." RQ "\n",
                    "2026-03-03");
    const nm_quote *z = find_quote(d, "the port is the only issue");
    assert_non_null(z);
    assert_non_null(z->cue.set ? d->text + z->cue.start : NULL);
    assert_memory_equal(d->text + z->cue.start, "commented", 9);
    nm_doc_free(d);
}

/* "CONTENT, X said." only when the fronted part reads as a report, not as a fronted adjunct. */
static void fronted_adjunct_is_not_reported(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Ahead of the vote, Mayor Brandt spoke with the harbor board by phone.\n", "2026-03-03");
    for (size_t i = 0; d->quotes && i < d->quotes->v.n; i++) assert_int_not_equal(d->quotes->v.v[i].kind, NM_QUOTE_INDIRECT);
    nm_doc_free(d);
    d = nm_test_doc("After the meeting on Monday, Ortiz said.\n", "2026-03-03");
    assert_null(find_indirect_with(d, "After the meeting"));
    nm_doc_free(d);
    /* a short fronted clause with a verb is still reported */
    d = nm_test_doc("The dredging stopped, Ortiz said.\n", "2026-03-03");
    expect_speaker(find_indirect_with(d, "The dredging stopped"), "Ortiz");
    nm_doc_free(d);
    d = nm_test_doc("Talks are over, Mayor Brandt told reporters on Monday.\n", "2026-03-03");
    expect_speaker(find_indirect_with(d, "Talks are over"), "Brandt");
    nm_doc_free(d);
}

/* A trailing ", SOURCE reported" is the source's report, not part of what the inner speaker said,
 * also when the source's phrase opens with a word that is a stance verb elsewhere ("state"). */
static void trailing_report_with_stance_word(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Deputy Minister Olga Varga said that the port deal was dead, state news agency Harbor Wire "
                            "reported.\n", "2026-03-03");
    const nm_quote *z = find_indirect_with(d, "the port deal was dead");
    assert_non_null(z);
    assert_null(strstr(z->text, "reported"));
    int from_wire = 0;
    for (size_t i = 0; d->quotes && i < d->quotes->v.n; i++) {
        const nm_quote *x = &d->quotes->v.v[i];
        from_wire |= x->kind == NM_QUOTE_INDIRECT && x->name && strstr(x->name, "Harbor Wire") && strstr(x->text, "Varga said");
    }
    assert_true(from_wire);
    nm_doc_free(d);
}

/* Speaker phrases and cue words that the corpus showed wrong. */
static void speaker_phrases_and_cue_forms(void **state)
{
    (void)state;
    /* "remarked" is a verb of saying; a speaker continues through ", adding, “...”" even when the
     * first quotation holds two sentences */
    nm_doc *d = nm_test_doc("Senator Ada Quell remarked, " LQ "The pier took ten years. We got there," RQ " further remarking, " LQ
                            "The town wanted it." RQ "\n", "2026-03-03");
    expect_speaker(find_quote(d, "The pier took ten years"), "Quell");
    expect_speaker(find_quote(d, "The town wanted it"), "Quell");
    nm_doc_free(d);
    /* an adverb or a time phrase between the speaker and the cue is not the speaker */
    d = nm_test_doc("Mayor Brandt has always insisted that the port deal was fair.\n"
                    "The harbor board last month said it would cut fees.\n", "2026-03-03");
    expect_speaker(find_indirect_with(d, "the port deal was fair"), "Brandt");
    const nm_quote *z = find_indirect_with(d, "it would cut fees");
    assert_non_null(z);
    assert_non_null(z->name);
    assert_null(strstr(z->name, "month"));
    nm_doc_free(d);
    /* after the cue: a noun that is also a cue word, and "and" between two titles */
    d = nm_test_doc(LQ "Even the ferry crews do not like it," RQ " said report author Ada Quell.\n\n" LQ
                    "In 2025, our port gained more ships," RQ " said chairman and chief executive officer Olek "
                    "Brandt.\n", "2026-03-03");
    expect_speaker(find_quote(d, "the ferry crews"), "Quell");
    expect_speaker(find_quote(d, "our port gained"), "Brandt");
    nm_doc_free(d);
    /* a verb of saying in an infinitive: "went on to warn:", "continued to insist" */
    d = nm_test_doc("Police said fraud was rising. Chief Supt Ann Deats went on to warn: " LQ "The harbor offers huge "
                    "chances to thieves." RQ "\n\nMayor Brandt continued to insist the harbor was safe.\n", "2026-03-03");
    expect_speaker(find_quote(d, "huge chances"), "Deats");
    expect_speaker(find_indirect_with(d, "the harbor was safe"), "Brandt");
    nm_doc_free(d);
    /* opened inside a sentence that reports someone, with no speaker before to continue */
    d = nm_test_doc("The harbor reopened on Monday.\n\nMayor Brandt said on Friday " LQ "We will rebuild the pier. "
                    "It will take a year." RQ "\n", "2026-03-03");
    expect_speaker(find_quote(d, "We will rebuild the pier"), "Brandt");
    nm_doc_free(d);
    /* a quotation right after a sentence of reported speech is that speaker's */
    d = nm_test_doc("Mayor Brandt said the pier was safe. " LQ "We checked it twice." RQ "\n", "2026-03-03");
    expect_speaker(find_quote_kind(d, "We checked it twice", NM_QUOTE_DIRECT), "Brandt");
    nm_doc_free(d);
    /* a personal pronoun is the whole subject: not "the government he" */
    d = nm_test_doc("Chancellor Olek Brandt spoke in Leeds. To fund the government he said taxes would rise.\n",
                    "2026-03-03");
    z = find_indirect_with(d, "taxes would rise");
    expect_speaker(z, "Brandt");
    assert_true(z->speaker.set);
    assert_int_equal(z->speaker.end - z->speaker.start, 2);
    nm_doc_free(d);
    /* "rejected claims", "baseless reports": plural nouns, not cues; "the press says" is one */
    d = nm_test_doc("Mayor Brandt rejected claims that the pier was unsafe. Officials dismissed baseless reports the "
                    "port would close. The local press says the harbor is booming.\n", "2026-03-03");
    for (size_t i = 0; d->quotes && i < d->quotes->v.n; i++) {
        const nm_quote *x = &d->quotes->v.v[i];
        assert_true(!x->name || (!strstr(x->name, "rejected") && !strstr(x->name, "baseless")));
    }
    assert_non_null(find_indirect_with(d, "the harbor is booming"));
    nm_doc_free(d);
    /* "member state", "consumer demand": nouns, not verbs of saying */
    d = nm_test_doc("Officials of one member state called the plan a " LQ "river of promises" RQ ".\n"
                    "Excessive consumer demand and falling efficiency slowed the economy.\n", "2026-03-03");
    for (size_t i = 0; d->quotes && i < d->quotes->v.n; i++) {
        const nm_quote *x = &d->quotes->v.v[i];
        assert_true(!x->name || (strcmp(x->name, "member") && !strstr(x->name, "consumer")));
    }
    nm_doc_free(d);
}

/* A dateline's dash is not part of the speaker; "the company" is linked to the story's company. */
static void dateline_dash_and_company_descriptions(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("DALLAS, Oct 9 - Brindle Gantry Corp said it would buy back a tenth of its shares.\n\n"
                            "However, the company said the buyback would not start before a rival bid from Tarrow "
                            "Partners Inc, a fund run by financier Ivo Kern, had lapsed.\n\n"
                            "The company said the first shares will be bought on October 30.\n", "2026-10-10");
    const nm_quote *z = find_indirect_with(d, "it would buy back");
    expect_speaker(z, "Brindle Gantry");
    assert_null(strstr(z->name, "Oct"));
    assert_true(z->entity >= 0); /* "Brindle Gantry Corp" is the entity "Brindle Gantry" (Corp dropped) */
    z = find_indirect_with(d, "the first shares will be bought");
    assert_non_null(z);
    assert_true(z->entity >= 0);
    assert_non_null(strstr(nm_entity_by_index(d, z->entity)->name, "Brindle Gantry"));
    nm_doc_free(d);
    /* "Harbor Wire news agency reported": the agency by its name; "Meanwhile," is the writer's */
    d = nm_test_doc("The Harbor Wire agency opened in 1990. Meanwhile, Deputy Minister Olga Varga said the port deal was "
                    "dead, Harbor Wire news agency reported.\n", "2026-10-10");
    z = find_indirect_with(d, "Olga Varga said");
    assert_non_null(z);
    assert_string_equal(z->name, "Harbor Wire");
    assert_null(strstr(z->text, "Meanwhile"));
    nm_doc_free(d);
    /* a dash closing an aside is skipped */
    d = nm_test_doc("Mr Dorran - a surveyor himself - said the harbor law was unfair.\n", "2026-10-10");
    expect_speaker(find_indirect_with(d, "the harbor law was unfair"), "Dorran");
    nm_doc_free(d);
}

static const struct CMUnitTest quotes_tests[] = {
    cmocka_unit_test(fronted_adjunct_is_not_reported),
    cmocka_unit_test(dateline_dash_and_company_descriptions),
    cmocka_unit_test(speaker_phrases_and_cue_forms),
    cmocka_unit_test(trailing_report_with_stance_word),
    cmocka_unit_test(direct_quote_with_speaker_after),
    cmocka_unit_test(interrupted_quote_keeps_speaker),
    cmocka_unit_test(partial_and_coordinated_indirect),
    cmocka_unit_test(indirect_speech_and_sources),
    cmocka_unit_test(block_quote_after_colon),
    cmocka_unit_test(multi_paragraph_quote),
    cmocka_unit_test(apostrophes_are_not_quotes),
    cmocka_unit_test(quote_mark_styles),
    cmocka_unit_test(unclosed_quote_is_contained),
    cmocka_unit_test(reopened_quote_in_flattened_paragraph),
    cmocka_unit_test(hostile_inputs),
    cmocka_unit_test(json_shape),
    cmocka_unit_test(seed_article_quotes),
    cmocka_unit_test(reports_beyond_plain_speech),
    cmocka_unit_test(headline_attribution),
    cmocka_unit_test(speaker_phrase_rules),
    cmocka_unit_test(clauses_around_quoted_words),
    cmocka_unit_test(frames_and_cue_forms),
};

NM_TEST_GROUP(quotes, quotes_tests)
