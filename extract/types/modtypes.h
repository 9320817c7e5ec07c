/* SPDX-License-Identifier: MIT */
/*
 * The structs, unions and enums that kernel modules define: read from each
 * module's split BTF (on top of the vmlinux's), kept only when the vmlinux's
 * BTF has no type of that kind and name, listed once however many modules
 * carry them (docs/schema-types.md "Module types").
 */
#ifndef DEPSURF_MODTYPES_H
#define DEPSURF_MODTYPES_H

#include "extract/types/btftypes.h"

#include <bpf/btf.h>
#include <stddef.h>

struct modtypes_def {
	char *name;
	char *line;		/* btftypes_line(): no module, no duplicates */
	__u16 vlen;
	const char *mod;	/* the module's name (modtypes_mod's) */
	const char *depends;	/* its depends= (modtypes_mod's) */
};

struct modtypes_mod {
	char *name;		/* the module's name */
	char *depends;		/* its .modinfo depends= list */
};

struct modtypes_vname {
	const char *name;	/* the vmlinux BTF's */
	int kind;		/* enum btftypes_kind */
};

struct modtypes {
	const struct btf *vmlinux;	/* the surface's BTF (borrowed) */
	struct modtypes_vname *vnames;	/* its named types, sorted */
	size_t nvnames;
	struct modtypes_def *defs[BTFTYPES_NR];
	size_t cnt[BTFTYPES_NR], cap[BTFTYPES_NR];
	struct modtypes_mod *mods;
	size_t nmods, capmods;
	/* after modtypes_finish(): the lines, sorted by name */
	struct btftypes_extra_line *out[BTFTYPES_NR];
	size_t nout[BTFTYPES_NR], capout[BTFTYPES_NR];
	size_t shadowed;	/* module definitions whose name the vmlinux has */
	size_t anon_enums;	/* module anonymous enums (not listed) */
};

/* Start with the vmlinux's BTF (borrowed; kept for the name lookups). */
int modtypes_init(struct modtypes *mt, const struct btf *vmlinux);
/*
 * The named types of module @module (with .modinfo depends @depends) that
 * are in its split BTF @split (types past its base) and not in the vmlinux.
 * Returns 0 or -errno (-ENOMEM, -EINVAL for a broken type).
 */
int modtypes_add(struct modtypes *mt, const struct btf *split, const char *module,
		 const char *depends);
/* Choose one definition per name and make the lines. 0 or -ENOMEM. */
int modtypes_finish(struct modtypes *mt);
/* The lines of @kind for btftypes_write(). */
void modtypes_extra(const struct modtypes *mt, enum btftypes_kind kind,
		    struct btftypes_extra *x);
void modtypes_free(struct modtypes *mt);

#endif
