/* SPDX-License-Identifier: MIT */
/*
 * The type surface of one image (docs/schema-types.md): every named struct,
 * union and enum of a BTF, one JSON line each, sorted by name.
 */
#ifndef DEPSURF_BTFTYPES_H
#define DEPSURF_BTFTYPES_H

#include <bpf/btf.h>
#include <stdio.h>

enum btftypes_kind { BTFTYPES_STRUCT, BTFTYPES_UNION, BTFTYPES_ENUM, BTFTYPES_NR };

struct btftypes_stats {
	size_t written[BTFTYPES_NR];	/* lines written per kind */
	size_t duplicates[BTFTYPES_NR];	/* names with more than one distinct definition */
	size_t anon_enum_values;	/* enumerators merged into "(anon)" */
};

/* Name under which every anonymous enum's enumerators are merged. */
#define BTFTYPES_ANON_ENUM "(anon)"

/*
 * Write the lines of kind @kind to @out. Returns 0 or a negative errno
 * (-ENOMEM, -EIO, -EINVAL for a broken type reference).
 */
int btftypes_write(const struct btf *btf, enum btftypes_kind kind, FILE *out,
		   struct btftypes_stats *stats);

#endif
