/* SPDX-License-Identifier: MIT */
/*
 * The pair-diff document of two images (docs/schema-diff.md): every kind of
 * diff/diff.h compared entry by entry with diff_item().
 *
 * The JSON Lines surfaces are merged in one pass over both files, sorted
 * by their key (schema/surface_reader.h) and read keys-only: entries whose
 * lines are the same bytes are equal without parsing, and of funcs.jsonl
 * only the members before "defs" (classification and prototype) are
 * compared and parsed, so a pair of 77 MB files costs little beside reading
 * them. Memory holds one line per side and the output lists.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_DIFF_PAIR_H
#define DEPSURF_DIFF_PAIR_H

#include "diff/diff.h"

#include <jansson.h>

/* The schema version of the document. */
#define DIFF_SCHEMA_VERSION "1.0"

/* What went wrong, for a one-line message: "<file>:<line>: <text>". */
struct diff_pair_error {
	char file[4096];	/* the file (as built from the image folder given), or "" */
	unsigned long line;	/* 1-based line in it; 0: not tied to one */
	char text[300];
};

/*
 * The id of image folder @dir: its last path component (dataset/<id>/),
 * trailing slashes ignored, into @buf. Returns 0 or -ENAMETOOLONG/-EINVAL.
 */
int diff_image_id(const char *dir, char *buf, size_t size);

/*
 * Compare image folders @old_dir and @new_dir. @kinds: the kinds compared,
 * bit (1u << enum diff_kind) each, 0 for all; the document lists them in
 * DIFF_KINDS order. lsm_hooks.jsonl and kfuncs.jsonl, which older datasets
 * lack, may be missing from either image: the kind is {"skipped": why};
 * any other file missing is an error. Returns 0 with *@doc (a new
 * reference); -EBADMSG when a file does not follow its schema (keys out of
 * order, truncated, bad JSON, an entry of the wrong shape), -ENOENT etc.
 * when one cannot be read, -ENOMEM; @e says which file and why.
 */
int diff_pair(const char *old_dir, const char *new_dir, unsigned int kinds, json_t **doc,
	      struct diff_pair_error *e);

/* The keys of the consequences counts, worst first, as the document writes them. */
extern const enum diff_consequence diff_consequence_order[4];

#endif
