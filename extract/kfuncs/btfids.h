/* SPDX-License-Identifier: MIT */
/*
 * The BTF id sets of a kernel image's .BTF_ids section (include/linux/
 * btf_ids.h), as resolve_btfids left them at build time:
 *
 *   __BTF_ID__set8__<name>  struct btf_id_set8 { u32 cnt; u32 flags;
 *                           struct { u32 id; u32 flags; } pairs[]; }  (6.0+)
 *   __BTF_ID__set__<name>   struct btf_id_set { u32 cnt; u32 ids[]; }
 *
 * The set symbol's ELF size is the extent of the set (BTF_SET_END writes
 * `.size`); each member slot also carries a `__BTF_ID__func__<fn>__<N>`
 * symbol at the address where the compiler put it. resolve_btfids wrote
 * the ids (and cnt), then sorted the slots by id, so a slot's symbol names
 * the function whose id was there *before* sorting: the names of a set's
 * symbols and the names of its ids are the same multiset, but not slot by
 * slot.
 *
 * Reads are bounded: a set lies inside .BTF_ids (its size is cut at the
 * section end), cnt is cut at the slots the set's extent holds. Library
 * code: negative errno, never prints.
 */
#ifndef DEPSURF_BTFIDS_H
#define DEPSURF_BTFIDS_H

#include "image/kimage.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BTF_SET8_KFUNCS	(1u << 0)	/* btf_ids.h (6.9+): the set holds kfuncs */

struct btfids_slot {
	uint32_t id;		/* BTF type id (0: resolve_btfids found none) */
	uint32_t flags;		/* set8 pair flags (KF_*); 0 in a btf_id_set */
};

/* One name of a member symbol: __BTF_ID__func__<name>__<N>. */
struct btfids_name {
	const char *name;	/* borrowed from .symtab, not NUL-ended at len */
	size_t len;
};

struct btfids_set {
	const char *name;	/* after the __BTF_ID__set8__ prefix, borrowed */
	bool set8;
	uint32_t flags;		/* the set8 header's flags (BTF_SET8_KFUNCS) */
	uint64_t addr;		/* of cnt */
	uint32_t cnt;		/* as the image holds it */
	bool clamped;		/* cnt was more than the set's extent holds */
	size_t nr;		/* slots read: cnt bounded by the extent */
	struct btfids_slot *slots;
	size_t nr_names;	/* __BTF_ID__func__ symbols on the nr slots */
	struct btfids_name *names;
};

struct btfids {
	bool present;		/* the image has a .BTF_ids section */
	size_t nr;
	struct btfids_set *sets;	/* in .symtab order */
};

/*
 * Every set of @img's .BTF_ids. No section: 0 with present false and no
 * sets. Errors: -ENOMEM, and those of kimage_syms()/kimage_kdata().
 */
int btfids_load(struct kimage *img, struct btfids *out);
void btfids_free(struct btfids *b);

#endif
