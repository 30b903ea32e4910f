/*
 * harness.h — the test runner's glue: test files register cmocka groups with NM_TEST_GROUP and
 * share one engine and a few helpers to analyse a text and look at the JSON output.
 */
#ifndef NM_TEST_HARNESS_H
#define NM_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "doc.h"
#include "newsmill.h"

typedef struct nm_test_group {
    const char *name;
    const struct CMUnitTest *tests;
    size_t count;
    struct nm_test_group *next;
} nm_test_group;

void nm_test_register(nm_test_group *g);

#define NM_TEST_GROUP(gname, array)                                                          \
    static nm_test_group nm_group_##gname = {#gname, array, sizeof(array) / sizeof(array[0]), NULL}; \
    __attribute__((constructor)) static void nm_register_##gname(void) { nm_test_register(&nm_group_##gname); }

/* The engine shared by all tests (created on first use, freed at exit). */
const nm_engine *nm_test_engine(void);
/* Analyse text (NUL-terminated) with an optional date (YYYY-MM-DD or NULL). */
nm_doc *nm_test_doc(const char *text, const char *date);
/* Analyse and return the parsed JSON output (caller json_decref). */
json_t *nm_test_json(const char *text, const char *date);
/* Read a file into a malloc'd NUL-terminated buffer; NULL if missing. */
char *nm_test_read_file(const char *path, size_t *len);
/* Path of a file in the source tree / ../shared. */
const char *nm_test_path(const char *rel);
const char *nm_test_shared(const char *rel);
/* Text of body sentence i of doc (static buffer). */
const char *nm_test_sentence(const nm_doc *d, size_t i);

#endif
