/*
 * resources.c — look-up in the table of embedded data files (see resources.h).
 */
#include "resources.h"

#include <stdint.h>
#include <string.h>

struct nm_resource_entry {
    const char *name;
    const char *bytes;
    uint64_t size;
};

extern const struct nm_resource_entry nm_resource_table[];

const char *nm_resource(const char *name, size_t *len)
{
    for (const struct nm_resource_entry *e = nm_resource_table; e->name; e++) {
        if (strcmp(e->name, name) == 0) {
            if (len) *len = (size_t)e->size;
            return e->bytes;
        }
    }
    if (len) *len = 0;
    return NULL;
}
