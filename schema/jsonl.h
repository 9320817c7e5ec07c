/* SPDX-License-Identifier: MIT */
/*
 * Canonical JSON output (README "Dataset schema"): compact, keys in insertion order (each
 * writer inserts them in the schema's documented order), no trailing
 * spaces, one object per line for .jsonl. jansson does all escaping here;
 * funcs.jsonl is written by util/jsonw.h, which escapes to the same bytes.
 */
#ifndef DEPSURF_JSONL_H
#define DEPSURF_JSONL_H

#include <jansson.h>
#include <stdio.h>

#define JSONL_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)

/*
 * Write @obj and a newline; steals the reference. Returns 0, -ENOMEM for a
 * NULL @obj, or the -errno of the failed write (-EIO when none was set).
 */
int jsonl_write(FILE *f, json_t *obj);

/* Write a small JSON document, indented by 2 for readability; steals. */
int json_write_doc(FILE *f, json_t *doc);

/*
 * Write @doc (as json_write_doc) to @path atomically (util/outfile.h); steals
 * the reference. Returns 0, or -errno with nothing left at @path; *@stage
 * says which step failed ("create" or "write") for the caller's message.
 */
int json_save_doc(const char *path, json_t *doc, const char **stage);

#endif
