/*
 * schema_check.h — a small JSON Schema validator for the test suite (implementation and its own
 * tests in tests/test_schema_validator.c).
 *
 * Why our own: the output contract lives in docs/schema.json and the suite must check every test
 * article against it; Debian 12 has no C JSON Schema library, so this validates the subset of
 * draft 2020-12 that docs/schema.json uses, and rejects any other keyword so the schema cannot
 * silently grow beyond what is checked:
 *   $ref (local "#/..." pointers), $defs, type, enum, const, properties, required,
 *   additionalProperties, items, minItems, maxItems, minimum, maximum, minLength, maxLength,
 *   pattern (POSIX extended regex: write [0-9], not \d), anyOf, oneOf;
 *   annotations $schema, $id, $comment, title, description, examples, default are ignored.
 */
#ifndef NM_SCHEMA_CHECK_H
#define NM_SCHEMA_CHECK_H

#include <stddef.h>
#include <jansson.h>

/* Validate instance against schema. Returns the number of problems found (0 = valid); the first
 * one is written to err as "JSON-pointer: problem" (e.g. "/sentences/3/start: expected integer").
 * Problems with the schema itself (an unsupported keyword, an unresolvable $ref) count too. */
int nm_schema_validate(const json_t *schema, const json_t *instance, char *err, size_t errlen);

#endif
