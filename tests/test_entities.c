/*
 * test_entities.c — the entity layer on a wire story written for this test (fictional people):
 * one entity per person with the full name, roles from pre-modifiers and appositives, actor codes,
 * pronouns and descriptions, metonyms, the JSON shape, and the seed article when it is present.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entities.h"

static const char STORY[] =
    "GENEVA (Wire) \xE2\x80\x94 Norwegian Foreign Minister Ingrid Halvorsen met Brazilian President Carlos Mendes on "
    "Tuesday, the Norwegian foreign ministry said.\n\n"
    "Mendes told reporters that the talks had been useful. He said a new agreement on forest protection could be "
    "signed in March.\n\n"
    "Halvorsen\xE2\x80\x99s chief of staff Peter Lund, who joined the meeting, said Oslo was ready to provide funding.\n\n"
    "Anna Weber, a spokeswoman for the European Commission, said Brussels welcomed the talks. She added that the "
    "Commission would send experts.\n\n"
    "The Brazilian president later flew to Paris, where he met Canadian Prime Minister Mark Doyle.\n";

static int32_t find_entity(const nm_doc *d, const char *name)
{
    const nm_entity_set *es = d->entities;
    for (size_t i = 0; i < es->ents.n; i++)
        if (!strcmp(es->ents.v[i].name, name)) return (int32_t)i;
    return -1;
}

static int count_named(const nm_doc *d, const char *name)
{
    int n = 0;
    for (size_t i = 0; i < d->entities->ents.n; i++) n += !strcmp(d->entities->ents.v[i].name, name);
    return n;
}

static const nm_ent_role *role_with(const nm_entity *e, const char *title)
{
    for (size_t i = 0; i < e->roles.n; i++)
        if (!strcmp(e->roles.v[i].title, title)) return &e->roles.v[i];
    return NULL;
}

/* First token whose text is s, from token `from`. */
static uint32_t tok_index(const nm_doc *d, const char *s, uint32_t from)
{
    for (uint32_t t = from; t < d->toks.n; t++)
        if (nm_tok_is(d, &d->toks.v[t], s)) return t;
    fail_msg("token %s not found", s);
    return 0;
}

static void people_have_full_names_and_roles(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, "2026-03-03");
    struct { const char *name, *title, *of, *country, *sector; } want[] = {
        {"Ingrid Halvorsen", "Foreign Minister", "Norway", "NOR", "GOV"},
        {"Carlos Mendes", "President", "Brazil", "BRA", "GOV"},
        {"Peter Lund", "chief of staff", "Ingrid Halvorsen", "NOR", "GOV"},
        {"Anna Weber", "spokeswoman", "European Commission", "EU", NULL},
        {"Mark Doyle", "Prime Minister", "Canada", "CAN", "GOV"},
    };
    int persons = 0;
    for (size_t i = 0; i < d->entities->ents.n; i++) persons += d->entities->ents.v[i].type == NM_ENT_PERSON;
    assert_int_equal(persons, 5);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(count_named(d, want[i].name), 1);
        const nm_entity *e = nm_entity_by_index(d, find_entity(d, want[i].name));
        assert_non_null(e);
        assert_int_equal(e->type, NM_ENT_PERSON);
        const nm_ent_role *r = role_with(e, want[i].title);
        if (!r) fail_msg("%s has no role %s", want[i].name, want[i].title);
        assert_non_null(r->of);
        assert_string_equal(r->of, want[i].of);
        assert_string_equal(e->country, want[i].country);
        if (want[i].sector) assert_string_equal(e->sector, want[i].sector);
    }
    /* "Mendes" joined "Carlos Mendes" */
    const nm_entity *mendes = nm_entity_by_index(d, find_entity(d, "Carlos Mendes"));
    assert_true(mendes->mentions.n >= 3);
    nm_doc_free(d);
}

static void places_are_not_people(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, NULL);
    const char *places[] = {"Oslo", "Paris", "Brussels"};
    for (size_t i = 0; i < 3; i++) {
        int32_t k = find_entity(d, places[i]);
        assert_true(k >= 0);
        assert_int_not_equal(nm_entity_by_index(d, k)->type, NM_ENT_PERSON);
    }
    const nm_entity *oslo = nm_entity_by_index(d, find_entity(d, "Oslo"));
    assert_int_equal(oslo->type, NM_ENT_GPE);
    assert_string_equal(oslo->country, "NOR");
    /* demonyms are NORP, the commission an IGO */
    const nm_entity *nor = nm_entity_by_index(d, find_entity(d, "Norwegian"));
    assert_int_equal(nor->type, NM_ENT_NORP);
    const nm_entity *ec = nm_entity_by_index(d, find_entity(d, "European Commission"));
    assert_int_equal(ec->type, NM_ENT_ORG);
    assert_string_equal(ec->country, "EU");
    assert_string_equal(ec->sector, "IGO");
    nm_doc_free(d);
}

static void pronouns_descriptions_and_resolve(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, NULL);
    int32_t mendes = find_entity(d, "Carlos Mendes"), weber = find_entity(d, "Anna Weber");
    uint32_t he = tok_index(d, "He", 0);
    const nm_mention *m = nm_mention_at(d, he);
    assert_non_null(m);
    assert_int_equal(m->kind, NM_MENTION_PRONOUN);
    assert_int_equal(m->entity, mendes);
    assert_int_equal(nm_entity_resolve(d, he, he + 1), mendes);
    uint32_t she = tok_index(d, "She", 0);
    assert_int_equal(nm_entity_resolve(d, she, she + 1), weber);
    /* the head decides: "the Norwegian foreign ministry" is not the Norwegian foreign minister; with
     * a common-noun head the name inside stands for the actor (Norwegian: NOR) */
    uint32_t the0 = tok_index(d, "the", 0);
    int32_t ministry = nm_entity_resolve(d, the0, the0 + 4);
    assert_int_not_equal(ministry, find_entity(d, "Ingrid Halvorsen"));
    assert_int_equal(nm_entity_by_index(d, ministry)->type, NM_ENT_NORP);
    /* "The Brazilian president" names a unique role */
    uint32_t the = tok_index(d, "The", she);
    assert_int_equal(nm_entity_resolve(d, the, the + 3), mendes);
    /* and "he" after it refers to him, not to the last person named */
    uint32_t he2 = tok_index(d, "he", the);
    assert_int_equal(nm_entity_resolve(d, he2, he2 + 1), mendes);
    /* names resolve to their entity, a surname alone too */
    uint32_t lund = tok_index(d, "Lund", 0);
    assert_int_equal(nm_entity_resolve(d, lund - 1, lund + 1), find_entity(d, "Peter Lund"));
    uint32_t oslo = tok_index(d, "Oslo", 0);
    assert_int_equal(nm_entity_resolve(d, oslo, oslo + 1), find_entity(d, "Oslo"));
    /* nothing to resolve */
    uint32_t talks = tok_index(d, "talks", 0);
    assert_int_equal(nm_entity_resolve(d, talks, talks + 1), -1);
    assert_int_equal(nm_entity_resolve(d, 5, 5), -1);
    assert_int_equal(nm_entity_resolve(d, (uint32_t)d->toks.n + 5, (uint32_t)d->toks.n + 9), -1);
    nm_doc_free(d);
}

static void unclear_pronoun_stays_unattached(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("The weather was cold. She said nothing.", NULL);
    uint32_t she = tok_index(d, "She", 0);
    assert_int_equal(nm_entity_resolve(d, she, she + 1), -1);
    nm_doc_free(d);
}

static void json_shape_and_offsets(void **state)
{
    (void)state;
    json_t *root = nm_test_json(STORY, NULL);
    json_t *ents = json_object_get(root, "entities");
    assert_true(json_is_array(ents));
    assert_true(json_array_size(ents) >= 8);
    const char *text = json_string_value(json_object_get(root, "text"));
    size_t i;
    json_t *e;
    json_array_foreach(ents, i, e) {
        char id[32];
        snprintf(id, sizeof id, "E%zu", i + 1);
        assert_string_equal(json_string_value(json_object_get(e, "id")), id);
        assert_non_null(json_string_value(json_object_get(e, "type")));
        assert_non_null(json_string_value(json_object_get(e, "name")));
        assert_true(json_is_array(json_object_get(e, "roles")));
        json_t *ms = json_object_get(e, "mentions");
        assert_true(json_array_size(ms) >= 1);
        size_t k;
        json_t *m;
        json_array_foreach(ms, k, m) {
            /* offsets are code points: walk the UTF-8 text to the start */
            json_int_t s = json_integer_value(json_object_get(m, "start")), en = json_integer_value(json_object_get(m, "end"));
            const char *p = text;
            for (json_int_t c = 0; c < s; c++) { p++; while ((*p & 0xC0) == 0x80) p++; }
            const char *mt = json_string_value(json_object_get(m, "text"));
            assert_memory_equal(p, mt, strlen(mt));
            assert_true(en > s);
            assert_true(json_is_integer(json_object_get(m, "sentence")) || json_is_null(json_object_get(m, "sentence")));
        }
    }
    json_decref(root);
}

static void briefing_lists_people(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(STORY, NULL);
    char *out;
    size_t len;
    assert_int_equal(nm_doc_render(d, NM_FORMAT_TEXT, &out, &len), 0);
    assert_non_null(strstr(out, "People"));
    assert_non_null(strstr(out, "Ingrid Halvorsen \xE2\x80\x94 Foreign Minister (Norway)"));
    free(out);
    nm_doc_free(d);
}

static void huge_sentence_is_fine(void **state)
{
    (void)state;
    size_t n = 10000;
    char *text = malloc(n * 12 + 2);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) len += (size_t)sprintf(text + len, i % 2 ? "Smith " : "he ");
    text[len] = 0;
    nm_doc *d = nm_test_doc(text, NULL);
    assert_non_null(d->entities);
    nm_doc_free(d);
    free(text);
}

/* The seed article: its seventeen people, each once, with full name and role. */
static void seed_article_people(void **state)
{
    (void)state;
    size_t len;
    char *text = nm_test_read_file(nm_test_shared("seed/000_0969f0addae08510.txt"), &len);
    if (!text) skip();
    nm_doc *d = nm_test_doc(text, "2025-12-29");
    struct { const char *name, *title; } want[] = {
        {"Donald Trump", "President"}, {"Vladimir Putin", "President"}, {"Volodymyr Zelensky", "President"},
        {"Karoline Leavitt", "Press Secretary"}, {"Yury Ushakov", "foreign policy aide"},
        {"Sergei Lavrov", "Foreign Minister"}, {"Marco Rubio", "Secretary of State"},
        {"Pete Hegseth", "Defence Secretary"}, {"Steve Witkoff", "special envoy"}, {"Jared Kushner", "businessman"},
        {"Dan Kane", "Chairman of the Joint Chiefs of Staff"}, {"Rustem Umerov", "Security Council Secretary"},
        {"Andrey Gnatov", "Chief of the General Staff"}, {"Sergey Kislitsa", "First Deputy Foreign Minister"},
        {"Alexander Grushko", "Deputy Foreign Minister"}, {"Ursula von der Leyen", "President"},
        {"Emmanuel Macron", "President"},
    };
    int persons = 0;
    for (size_t i = 0; i < d->entities->ents.n; i++) persons += d->entities->ents.v[i].type == NM_ENT_PERSON;
    assert_int_equal(persons, 17);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (count_named(d, want[i].name) != 1) fail_msg("%s: %d entities", want[i].name, count_named(d, want[i].name));
        const nm_entity *e = nm_entity_by_index(d, find_entity(d, want[i].name));
        assert_int_equal(e->type, NM_ENT_PERSON);
        if (!role_with(e, want[i].title)) fail_msg("%s lacks role %s", want[i].name, want[i].title);
    }
    const char *capitals[][2] = {{"Moscow", "RUS"}, {"Kremlin", "RUS"}, {"Kyiv", "UKR"}};
    for (size_t i = 0; i < 3; i++) {
        const nm_entity *e = nm_entity_by_index(d, find_entity(d, capitals[i][0]));
        assert_non_null(e);
        assert_string_equal(e->country, capitals[i][1]);
    }
    assert_string_equal(nm_entity_by_index(d, find_entity(d, "Donald Trump"))->country, "USA");
    assert_string_equal(nm_entity_by_index(d, find_entity(d, "TASS"))->sector, "MED");
    nm_doc_free(d);
    free(text);
}

/* Role patterns beyond the plain pre-modifier (a second story written for this test). */
static const char OFFICIALS[] =
    "LUSAKA (Wire) \xE2\x80\x94 Opposition leader Grace Mwale said on Monday the count had been rigged.\n\n"
    "Mwale, 61, a former finance minister, told supporters she would go to court.\n\n"
    "Zambia's ambassador to Kenya, Peter Banda, said the embassy was closed.\n\n"
    "Energy Secretary Tom Whitfield, the cabinet's longest-serving member, called for calm. Police spokesman "
    "Daniel Phiri said 12 people had been arrested.\n\n"
    "British Chancellor of the Exchequer Helen Marsh welcomed the talks, as did Joseph Tembo, a teacher in "
    "Lusaka.\n\n"
    "Kenya's foreign ministry spokesman Paul Otieno said Nairobi would send observers. The U.N. humanitarian "
    "chief, Sara Lind, warned of shortages.\n";

static void role_patterns(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc(OFFICIALS, NULL);
    struct { const char *name, *title, *of; } want[] = {
        {"Grace Mwale", "Opposition leader", NULL},          /* pre-modifier at the sentence start */
        {"Grace Mwale", "finance minister", NULL},           /* appositive after an age */
        {"Peter Banda", "ambassador", "Zambia"},             /* "X's TITLE to Y, Name," */
        {"Tom Whitfield", "Energy Secretary", NULL},         /* a portfolio belongs to the title */
        {"Daniel Phiri", "Police spokesman", NULL},
        {"Helen Marsh", "Chancellor", "Exchequer"},          /* "TITLE of the ORG Name" */
        {"Joseph Tembo", "teacher", NULL},                   /* "a teacher in Lusaka" */
        {"Paul Otieno", "foreign ministry spokesman", "Kenya"}, /* lower-case modifiers after a qualifier */
        {"Sara Lind", "humanitarian chief", "U.N."},          /* "The U.N. humanitarian chief, Sara Lind," */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int32_t k = find_entity(d, want[i].name);
        if (k < 0) fail_msg("no entity %s", want[i].name);
        const nm_entity *e = nm_entity_by_index(d, k);
        assert_int_equal(e->type, NM_ENT_PERSON);
        const nm_ent_role *r = role_with(e, want[i].title);
        if (!r) fail_msg("%s lacks role %s", want[i].name, want[i].title);
        if (want[i].of) {
            assert_non_null(r->of);
            assert_string_equal(r->of, want[i].of);
        }
    }
    /* "she" is Grace Mwale (female first name, the subject before) */
    uint32_t she = tok_index(d, "she", 0);
    assert_int_equal(nm_entity_resolve(d, she, she + 1), find_entity(d, "Grace Mwale"));
    /* the dateline city in capitals is a place */
    const nm_entity *lusaka = nm_entity_by_index(d, find_entity(d, "LUSAKA") >= 0 ? find_entity(d, "LUSAKA") : find_entity(d, "Lusaka"));
    assert_non_null(lusaka);
    assert_int_equal(lusaka->type, NM_ENT_GPE);
    assert_string_equal(lusaka->country, "ZMB");
    nm_doc_free(d);
}

static void kremlin_aide_and_metonyms(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Kremlin aide Yury Orlov said the talks were useful. The Kremlin aide added that Moscow "
                            "was ready, and the White House said it agreed.",
                            NULL);
    int32_t orlov = find_entity(d, "Yury Orlov");
    assert_true(orlov >= 0);
    uint32_t the = tok_index(d, "The", 0);
    assert_int_equal(nm_entity_resolve(d, the, the + 3), orlov);
    uint32_t moscow = tok_index(d, "Moscow", 0);
    const nm_entity *m = nm_entity_by_index(d, nm_entity_resolve(d, moscow, moscow + 1));
    assert_non_null(m);
    assert_string_equal(m->country, "RUS");
    uint32_t wh = tok_index(d, "White", 0);
    const nm_entity *w = nm_entity_by_index(d, nm_entity_resolve(d, wh - 1, wh + 2));
    assert_non_null(w);
    assert_string_equal(w->country, "USA");
    assert_string_equal(w->sector, "GOV");
    const nm_entity *k = nm_entity_by_index(d, find_entity(d, "Kremlin"));
    assert_non_null(k);
    assert_string_equal(k->country, "RUS");
    assert_string_equal(k->sector, "GOV");
    nm_doc_free(d);
}

static const struct CMUnitTest entity_tests[] = {
    cmocka_unit_test(kremlin_aide_and_metonyms),
    cmocka_unit_test(role_patterns),
    cmocka_unit_test(people_have_full_names_and_roles),
    cmocka_unit_test(places_are_not_people),
    cmocka_unit_test(pronouns_descriptions_and_resolve),
    cmocka_unit_test(unclear_pronoun_stays_unattached),
    cmocka_unit_test(json_shape_and_offsets),
    cmocka_unit_test(briefing_lists_people),
    cmocka_unit_test(huge_sentence_is_fine),
    cmocka_unit_test(seed_article_people),
};
NM_TEST_GROUP(entities, entity_tests)
