/* SPDX-License-Identifier: MIT */
/*
 * Name → type id index over a BTF (libbpf's btf__find_by_name_kind() scans
 * every type on each call; a kernel has ~100k types and the tracepoint
 * extractor needs thousands of lookups), plus member lookup by name that
 * descends into anonymous struct/union members, and enumerator lookup.
 *
 * Library code: negative errno, never prints. The index borrows the BTF's
 * strings: free it before the BTF.
 */
#ifndef DEPSURF_BTF_INDEX_H
#define DEPSURF_BTF_INDEX_H

#include <bpf/btf.h>

struct btf_index;

int btf_index_new(const struct btf *btf, struct btf_index **out);
/*
 * Only the types from id @first on: the split part of a module's BTF
 * (first = btf__type_cnt(base)), without re-indexing the vmlinux's 100k
 * types for each module.
 */
int btf_index_new_from(const struct btf *btf, __u32 first, struct btf_index **out);
void btf_index_free(struct btf_index *idx);

/*
 * The type named @name of kind @kind (BTF_KIND_*), or 0. When two types of
 * one kind share a name, the one with the most members (vlen) wins, then
 * the lowest id.
 */
__u32 btf_index_find(const struct btf_index *idx, const char *name, int kind);

/*
 * The value of enumerator @name (of any ENUM/ENUM64). 0 or -ENOENT.
 */
int btf_index_enum_value(const struct btf_index *idx, const char *name,
			 long long *val);

/*
 * Member @name of struct/union @type_id (typedefs/qualifiers resolved),
 * searching anonymous members too: its offset in bits from the start of
 * @type_id, and its type. 0, -ENOENT (no such member), -EINVAL (@type_id is
 * not a struct/union) or -DS_ERRNO__BTFLOOP/-DS_ERRNO__BTFREF (a corrupt
 * BTF: formats/btf_walk.h).
 */
int btf_member_find(const struct btf *btf, __u32 type_id, const char *name,
		    __u32 *bit_off, __u32 *member_type);

#endif
