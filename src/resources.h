/*
 * resources.h — lexicons and models embedded in the binary at build time.
 *
 * Every file under data/ is linked in (scripts/embed-resources.sh), so the binary needs no data
 * directory at run time and every thread reads the same immutable bytes.
 */
#ifndef NM_RESOURCES_H
#define NM_RESOURCES_H

#include <stddef.h>

/* The bytes of data/NAME (NUL-terminated), or NULL if no such resource. */
const char *nm_resource(const char *name, size_t *len);

#endif
