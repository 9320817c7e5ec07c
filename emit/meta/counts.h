/* SPDX-License-Identifier: MIT */
/* The "counts" of meta.json: the size of every surface file in a dataset dir. */
#ifndef DEPSURF_META_COUNTS_H
#define DEPSURF_META_COUNTS_H

#include <jansson.h>

/*
 * {"<name>": n} for every <name>.jsonl (entries) and <name>.json (entries,
 * see docs/schema-meta.md) in @dir except meta.json and registers.json,
 * sorted by name; each file is read back with schema/surface_reader.h.
 * Returns NULL with errno set; *@bad names the file that could not be read
 * when there is one, and with errno EBADMSG *@why says what is wrong with
 * its content and on which line ("keys out of order: ... (line 7)").
 * Both point into static buffers (or are NULL).
 */
json_t *meta_counts(const char *dir, const char **bad, const char **why);

#endif
