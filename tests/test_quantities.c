/*
 * test_quantities.c — numbers with units, currencies, counted objects, modifiers, ranges, lists and
 * ordinals; numbers inside dates are not quantities. Texts are written for these tests.
 */
#include "harness.h"

#include <string.h>

#include "quantities.h"

static const char *const KINDS[] = {"count", "percent", "money", "measure", "duration", "ordinal", "number"};

static const nm_quantity *qfind(const nm_doc *d, const char *text)
{
    const nm_quantity_set *s = d->quantities;
    for (size_t i = 0; s && i < s->v.n; i++) {
        const nm_quantity *q = &s->v.v[i];
        if (strlen(text) == q->end - q->start && !memcmp(d->text + q->start, text, q->end - q->start)) return q;
    }
    return NULL;
}

static void qdump(const nm_doc *d)
{
    const nm_quantity_set *s = d->quantities;
    for (size_t i = 0; s && i < s->v.n; i++) {
        const nm_quantity *q = &s->v.v[i];
        print_message("  qty '%.*s' %s %g %s %s %s\n", (int)(q->end - q->start), d->text + q->start, KINDS[q->kind], q->value,
                      q->unit ? q->unit : "-", q->object ? q->object : "-", q->mod ? q->mod : "-");
    }
}

static void check_str(const char *got, const char *want)
{
    if (want) {
        assert_non_null(got);
        assert_string_equal(got, want);
    } else {
        assert_null(got);
    }
}

static void expectq(const char *text, const char *span, const char *kind, double value, const char *unit, const char *object,
                    const char *mod)
{
    nm_doc *d = nm_test_doc(text, "2025-12-29");
    const nm_quantity *q = qfind(d, span);
    if (!q) {
        print_message("want '%s' in: %s\n", span, text);
        qdump(d);
    }
    assert_non_null(q);
    assert_string_equal(KINDS[q->kind], kind);
    assert_true(q->value == value);
    check_str(q->unit, unit);
    check_str(q->object, object);
    check_str(q->mod, mod);
    nm_doc_free(d);
}

static void counts_and_objects(void **state)
{
    (void)state;
    expectq("Ukraine tried to attack the residence with 91 long-range drones.", "91", "count", 91, NULL, "drones", NULL);
    expectq("Any plan must be endorsed by four parties.", "four", "count", 4, NULL, "parties", NULL);
    expectq("Ninety-one people were hurt.", "Ninety-one", "count", 91, NULL, "people", NULL);
    expectq("The call between the two leaders took place late.", "two", "count", 2, NULL, "leaders", NULL);
    expectq("A dozen ships sailed.", "A dozen", "count", 12, NULL, "ships", NULL);
    expectq("Dozens of people were killed.", "Dozens", "number", 12, NULL, NULL, "MORE_THAN");
    expectq("It was the second conversation between them.", "second", "ordinal", 2, NULL, "conversation", NULL);
}

static void percents_and_modifiers(void **state)
{
    (void)state;
    expectq("He said around 90 percent of the plan had been agreed.", "around 90 percent", "percent", 90, "%", NULL, "APPROX");
    expectq("Guarantees were 100 percent agreed.", "100 percent", "percent", 100, "%", NULL, NULL);
    expectq("Turnout was 63.5% in the capital.", "63.5%", "percent", 63.5, "%", NULL, NULL);
    expectq("More than 1,700 people were injured.", "More than 1,700", "count", 1700, NULL, "people", "MORE_THAN");
    expectq("At least 82 were killed.", "At least 82", "number", 82, NULL, NULL, "EQUAL_OR_MORE");
    expectq("The blasts were 700 kilometers apart.", "700 kilometers", "measure", 700, "km", NULL, NULL);
}

static void money(void **state)
{
    (void)state;
    expectq("The fund holds $5 billion in cash.", "$5 billion", "money", 5e9, "USD", NULL, NULL);
    expectq("The bank lent \xE2\x82\xAC" "2.3bn to the utility.", "\xE2\x82\xAC" "2.3bn", "money", 2.3e9, "EUR", NULL, NULL);
    expectq("The fine was 5 million rubles.", "5 million rubles", "money", 5e6, "RUB", NULL, NULL);
    expectq("Tickets cost \xC2\xA3" "40 each.", "\xC2\xA3" "40", "money", 40, "GBP", NULL, NULL);
    expectq("The deal is worth US$40 million.", "US$40 million", "money", 40e6, "USD", NULL, NULL);
}

static void durations_ranges_lists(void **state)
{
    (void)state;
    expectq("The US had offered 15-year guarantees.", "15-year", "duration", 15, "year", "guarantees", NULL);
    expectq("We want to consider 30, 40, 50 years.", "30", "duration", 30, "year", NULL, NULL);
    expectq("We want to consider 30, 40, 50 years.", "40", "duration", 40, "year", NULL, NULL);
    expectq("We want to consider 30, 40, 50 years.", "50 years", "duration", 50, "year", NULL, NULL);
    expectq("The war has lasted nearly four years.", "nearly four years", "duration", 4, "year", NULL, "APPROX");
    nm_doc *d = nm_test_doc("Between 5 and 10 drones were shot down. Another 20-30 missiles followed.", "2025-12-29");
    const nm_quantity *q = qfind(d, "Between 5 and 10");
    if (!q) qdump(d);
    assert_non_null(q);
    assert_true(q->value == 5 && q->value_max == 10);
    check_str(q->object, "drones");
    q = qfind(d, "20-30");
    assert_non_null(q);
    assert_true(q->value == 20 && q->value_max == 30);
    check_str(q->object, "missiles");
    nm_doc_free(d);
}

static void dates_are_not_quantities(void **state)
{
    (void)state;
    nm_doc *d = nm_test_doc("Trump hosted Zelensky on December 28, 2025 at 3 p.m. in Florida.", "2025-12-29");
    if (d->quantities->v.n) qdump(d);
    assert_int_equal(d->quantities->v.n, 0);
    nm_doc_free(d);
    /* model numbers are names, not amounts */
    d = nm_test_doc("He flew on a Boeing 747 to Kyiv.", "2025-12-29");
    assert_null(qfind(d, "747"));
    nm_doc_free(d);
    /* a number word inside a name counts nothing; the count after it does */
    d = nm_test_doc("Italy have won three games in the Six Nations since joining.", "2025-12-29");
    assert_null(qfind(d, "Six"));
    assert_non_null(qfind(d, "three"));
    nm_doc_free(d);
}

static void json_output(void **state)
{
    (void)state;
    json_t *j = nm_test_json("Lavrov said Ukraine used 91 long-range drones.", "2025-12-29");
    json_t *qs = json_object_get(j, "quantities");
    assert_true(json_is_array(qs));
    assert_int_equal(json_array_size(qs), 1);
    json_t *q = json_array_get(qs, 0);
    assert_string_equal(json_string_value(json_object_get(q, "text")), "91");
    assert_int_equal(json_integer_value(json_object_get(q, "value")), 91);
    assert_string_equal(json_string_value(json_object_get(q, "object")), "drones");
    assert_true(json_is_null(json_object_get(q, "unit")));
    assert_int_equal(json_integer_value(json_object_get(q, "start")), 25);
    assert_int_equal(json_integer_value(json_object_get(q, "sentence")), 0);
    json_decref(j);
    /* large money amounts are written exactly */
    j = nm_test_json("The fund holds $5 billion.", "2025-12-29");
    q = json_array_get(json_object_get(j, "quantities"), 0);
    assert_int_equal(json_integer_value(json_object_get(q, "value")), 5000000000LL);
    assert_string_equal(json_string_value(json_object_get(q, "unit")), "USD");
    json_decref(j);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(counts_and_objects),     cmocka_unit_test(percents_and_modifiers),
    cmocka_unit_test(money),                  cmocka_unit_test(durations_ranges_lists),
    cmocka_unit_test(dates_are_not_quantities), cmocka_unit_test(json_output),
};

NM_TEST_GROUP(quantities, tests)
