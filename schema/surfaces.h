/* SPDX-License-Identifier: MIT */
/* The surface table (schema/surfaces.def) for C. */
#ifndef DEPSURF_SURFACES_H
#define DEPSURF_SURFACES_H

#include <stdbool.h>
#include <stddef.h>

struct surface {
	const char *name;	/* the extractor */
	bool from_config;	/* reads the .config, not the vmlinux */
	const char *files;	/* blank-separated file names */
};

extern const struct surface surfaces[];
extern const size_t nr_surfaces;

/* The surface named @name, or NULL. */
const struct surface *surface_find(const char *name);

#endif
