/* SPDX-License-Identifier: MIT */
/*
 * The published tables of a dataset (SPEC §5, docs/schema-tables.md), built
 * from the pair documents $(DATASET)/diff/OLD__NEW.json of `depsurf diff`
 * (one per pair of kernels.groups) and from the images' own surfaces
 * (meta.json, funcs.jsonl, syscalls.json, registers.json):
 *
 *   pairs         per group, pair and kind: counts, +% -% Δ% (paper Table 3)
 *   change_kinds  per group and kind: each change kind's share of the changed items (Table 4)
 *   consequences  per group and kind: items by worst consequence
 *   arch_flavor   per pair of the arch and flavor groups: config-driven differences (Table 5)
 *   collisions    per image: functions by collision class (Table 6)
 *   inline        per image: none / selective / full (Figure 5)
 *   transforms    per image: symbols by compiler suffix, with the compiler (Figure 6)
 *   skipped       the pairs left out, and why
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_TABLES_H
#define DEPSURF_TABLES_H

#include "tables/table.h"

#include <limits.h>

struct kernels_list;
struct kernel_groups;

#define TABLES(X)							\
	X(PAIRS, "pairs")						\
	X(CHANGE_KINDS, "change_kinds")					\
	X(CONSEQUENCES, "consequences")					\
	X(ARCH_FLAVOR, "arch_flavor")					\
	X(COLLISIONS, "collisions")					\
	X(INLINE, "inline")						\
	X(TRANSFORMS, "transforms")					\
	X(SKIPPED, "skipped")

#define TABLES_ENUM(id, name) TABLE_##id,
enum { TABLES(TABLES_ENUM) TABLES_NR };
#undef TABLES_ENUM

struct tables {
	struct table t[TABLES_NR];
	size_t pairs;		/* pairs of the groups with numbers (a pair in two groups counts twice) */
};

/* What went wrong, for one line "FILE[:LINE]: TEXT". */
struct tables_error {
	char file[PATH_MAX];
	unsigned long line;	/* 0: not tied to a line */
	char text[300];
};

/* Called once per image before its funcs.jsonl is read (NULL: none). */
typedef void (*tables_progress_fn)(const char *id, void *arg);

/*
 * Build every table over dataset folder @dataset for the images of @kl
 * (those with @dataset/<id>/meta.json, in list order) and the pairs of
 * @kg. @jobs threads read the images' funcs.jsonl (1: this thread only).
 * A pair whose image is absent or whose document is missing is a row of
 * "skipped"; a file that is there but wrong is an error: -EBADMSG (or the
 * -errno of reading it) with @e naming it. -ENOMEM. On error @out holds
 * nothing (tables_free is still harmless).
 */
int tables_build(const char *dataset, const struct kernels_list *kl,
		 const struct kernel_groups *kg, int jobs, tables_progress_fn progress,
		 void *progress_arg, struct tables *out, struct tables_error *e);

void tables_free(struct tables *out);

/* The gnuplot-friendly short form of a compiler string of meta.json:
 * "GCC: (Debian 12.2.0-14+deb12u1) 12.2.0" → "gcc 12.2.0",
 * "... clang version 15.0.7 ..." → "clang 15.0.7", else the string. */
void tables_compiler_short(const char *s, char *buf, size_t size);

#endif
