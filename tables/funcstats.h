/* SPDX-License-Identifier: MIT */
/*
 * The per-image function statistics of the tables (docs/schema-tables.md:
 * collisions, inline, transforms) in one pass over funcs.jsonl.
 *
 * funcs.jsonl is ~77 MB per image and jansson parses ~25 MB/s, so a line is
 * not parsed as a whole: the members needed (name, inline, collision,
 * transforms, exact_symbol, and the names in symbols) are read by a small
 * scanner that knows the writer's shape (docs/schema-funcs.md: those keys
 * first in that order, compact, "symbols" last). A line of any other shape
 * (an escaped name, other key order) is parsed with jansson instead, so the
 * numbers never depend on which road a line took. Like the surface reader,
 * names must strictly increase and the last line must be complete.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_FUNCSTATS_H
#define DEPSURF_FUNCSTATS_H

#include "normalize/symname.h"
#include "schema/surface_reader.h"

enum { FS_INLINE_NONE, FS_INLINE_SELECTIVE, FS_INLINE_FULL, FS_INLINE_NR };
enum { FS_COLLISION_NR = 5 };

/* "none", "selective", "full" (index FS_INLINE_*). */
extern const char *const func_stats_inline_names[FS_INLINE_NR];
/* "unique_global", "unique_static", "static_duplicate", "static_static", "static_global". */
extern const char *const func_stats_collision_names[FS_COLLISION_NR];

struct func_stats {
	unsigned long funcs;			/* groups (lines) */
	unsigned long inline_[FS_INLINE_NR];
	unsigned long collision[FS_COLLISION_NR];
	unsigned long transformed_funcs;	/* groups with a non-empty transforms */
	unsigned long clone_only;		/* symbols, but none named exactly (exact_symbol false) */
	unsigned long symbols;			/* every symbol of every group */
	unsigned long transformed_symbols;	/* symbols with a suffix kind */
	unsigned long suffix_symbols[SYMSFX_NR];	/* symbols carrying each kind (symname_suffix_name) */
	unsigned long slow_lines;		/* lines read with jansson (not part of the tables) */
};

/*
 * Read @path into @st (zeroed first). Returns 0; -EBADMSG with @e (line and
 * cause) when a line is not the schema's (not JSON, a member missing or of
 * the wrong type, an unknown inline/collision/transform value, names out
 * of order, a truncated last line); -errno of opening or reading; -ENOMEM.
 */
int func_stats_read(const char *path, struct func_stats *st, struct surface_error *e);

#endif
