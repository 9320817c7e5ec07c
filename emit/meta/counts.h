/* SPDX-License-Identifier: MIT */
/* The "counts" of meta.json: the size of every surface file in a dataset dir. */
#ifndef DEPSURF_META_COUNTS_H
#define DEPSURF_META_COUNTS_H

#include <jansson.h>

/*
 * {"<name>": n} for every <name>.jsonl (lines) and <name>.json (entries,
 * see docs/schema-meta.md) in @dir except meta.json and registers.json,
 * sorted by name. Returns NULL with errno set; *@bad names the file that
 * could not be read (a pointer into a static buffer) when there is one.
 */
json_t *meta_counts(const char *dir, const char **bad);

#endif
