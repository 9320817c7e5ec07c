/* SPDX-License-Identifier: MIT */
/*
 * The type surface of one image (docs/schema-types.md): every named struct,
 * union and enum of a BTF, one JSON line each, sorted by name.
 */
#ifndef DEPSURF_BTFTYPES_H
#define DEPSURF_BTFTYPES_H

#include <bpf/btf.h>
#include <stdbool.h>
#include <stdio.h>

enum btftypes_kind { BTFTYPES_STRUCT, BTFTYPES_UNION, BTFTYPES_ENUM, BTFTYPES_NR };

struct btftypes_stats {
	size_t written[BTFTYPES_NR];	/* lines written per kind */
	size_t module_written[BTFTYPES_NR];	/* of which module types */
	size_t duplicates[BTFTYPES_NR];	/* names with more than one distinct definition */
	size_t anon_enum_values;	/* enumerators merged into "(anon)" */
};

/* Name under which every anonymous enum's enumerators are merged. */
#define BTFTYPES_ANON_ENUM "(anon)"
/* The "module" of the image's built-in types. */
#define BTFTYPES_VMLINUX "vmlinux"

/* Finished lines from elsewhere (module types: modtypes.h), merged in. */
struct btftypes_extra_line {
	const char *name;
	const char *line;	/* the whole JSON line, without its newline */
	bool duplicates;	/* has a "duplicates" key */
};

struct btftypes_extra {
	const struct btftypes_extra_line *v;	/* sorted by name, none named like a
						 * type of the BTF written */
	size_t cnt;
};

/*
 * Write the lines of kind @kind to @out, with @extra's (may be NULL) merged
 * in name order. Returns 0 or a negative errno (-ENOMEM, -EIO, -EINVAL for
 * a broken type reference).
 */
int btftypes_write(const struct btf *btf, enum btftypes_kind kind, FILE *out,
		   struct btftypes_stats *stats, const struct btftypes_extra *extra);

/* Is @t a type of @kind (struct; union; enum or enum64)? */
bool btftypes_kind_of(const struct btf_type *t, enum btftypes_kind kind);
/*
 * The JSON line of named type @id of @kind without a "module" key and
 * without "duplicates" (malloc'ed). Returns 0 or -errno.
 */
int btftypes_line(const struct btf *btf, __u32 id, enum btftypes_kind kind, char **line);

#endif
