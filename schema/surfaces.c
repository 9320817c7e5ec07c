// SPDX-License-Identifier: MIT
#include "schema/surfaces.h"

#include <string.h>

#define vmlinux false
#define config true
#define SURFACE(name, input, files) { #name, input, files },
const struct surface surfaces[] = {
#include "schema/surfaces.def"
};
#undef SURFACE
#undef vmlinux
#undef config

const size_t nr_surfaces = sizeof(surfaces) / sizeof(surfaces[0]);

const struct surface *surface_find(const char *name)
{
	size_t i;

	for (i = 0; i < nr_surfaces; i++)
		if (!strcmp(surfaces[i].name, name))
			return &surfaces[i];
	return NULL;
}
