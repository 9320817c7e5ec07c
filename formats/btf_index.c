// SPDX-License-Identifier: MIT
#include "formats/btf_index.h"
#include "formats/btf_walk.h"
#include "util/errors.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Enumerators are indexed under this pseudo kind, with the enum's id. */
#define KIND_ENUMERATOR 0x100

struct entry {
	const char *name;	/* borrowed from the BTF */
	__u32 id;
	int kind;
};

struct btf_index {
	const struct btf *btf;
	struct entry *slots;
	size_t mask;
};

static uint32_t hash_key(const char *s, int kind)
{
	uint32_t h = 2166136261u ^ (uint32_t)kind;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void insert(struct btf_index *idx, const char *name, int kind, __u32 id)
{
	size_t h = hash_key(name, kind) & idx->mask;

	for (;; h = (h + 1) & idx->mask) {
		struct entry *e = &idx->slots[h];

		if (!e->name) {
			e->name = name;
			e->kind = kind;
			e->id = id;
			return;
		}
		if (e->kind != kind || strcmp(e->name, name))
			continue;
		if (kind != KIND_ENUMERATOR &&
		    btf_vlen(btf__type_by_id(idx->btf, id)) >
		    btf_vlen(btf__type_by_id(idx->btf, e->id)))
			e->id = id;
		return;
	}
}

int btf_index_new(const struct btf *btf, struct btf_index **out)
{
	return btf_index_new_from(btf, 1, out);
}

int btf_index_new_from(const struct btf *btf, __u32 first, struct btf_index **out)
{
	__u32 i, n = btf__type_cnt(btf);
	size_t cap = 16, need = 0;
	struct btf_index *idx;

	*out = NULL;
	if (!first)
		first = 1;
	for (i = first; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		need += 1 + (btf_is_enum(t) || btf_is_enum64(t) ? btf_vlen(t) : 0);
	}
	while (cap < need * 2)
		cap <<= 1;
	idx = calloc(1, sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	idx->slots = calloc(cap, sizeof(*idx->slots));
	if (!idx->slots) {
		free(idx);
		return -ENOMEM;
	}
	idx->btf = btf;
	idx->mask = cap - 1;
	for (i = first; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *name = btf_name(btf, t->name_off);
		__u16 j, vlen = btf_vlen(t);

		if (*name)
			insert(idx, name, btf_kind(t), i);
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t);

			for (j = 0; j < vlen; j++, e++)
				insert(idx, btf_name(btf, e->name_off), KIND_ENUMERATOR, i);
		} else if (btf_is_enum64(t)) {
			const struct btf_enum64 *e = btf_enum64(t);

			for (j = 0; j < vlen; j++, e++)
				insert(idx, btf_name(btf, e->name_off), KIND_ENUMERATOR, i);
		}
	}
	*out = idx;
	return 0;
}

void btf_index_free(struct btf_index *idx)
{
	if (!idx)
		return;
	free(idx->slots);
	free(idx);
}

__u32 btf_index_find(const struct btf_index *idx, const char *name, int kind)
{
	size_t h = hash_key(name, kind) & idx->mask;

	for (;; h = (h + 1) & idx->mask) {
		const struct entry *e = &idx->slots[h];

		if (!e->name)
			return 0;
		if (e->kind == kind && !strcmp(e->name, name))
			return e->id;
	}
}

int btf_index_enum_value(const struct btf_index *idx, const char *name,
			 long long *val)
{
	__u32 id = btf_index_find(idx, name, KIND_ENUMERATOR);
	const struct btf_type *t;
	__u16 j, vlen;

	if (!id)
		return -ENOENT;
	t = btf__type_by_id(idx->btf, id);
	vlen = btf_vlen(t);
	for (j = 0; j < vlen; j++) {
		__u32 off = btf_is_enum(t) ? btf_enum(t)[j].name_off :
					     btf_enum64(t)[j].name_off;

		if (strcmp(btf_name(idx->btf, off), name))
			continue;
		if (btf_is_enum(t))
			*val = btf_kflag(t) ? (long long)(__u32)btf_enum(t)[j].val :
					      btf_enum(t)[j].val;
		else
			*val = (long long)btf_enum64_value(&btf_enum64(t)[j]);
		return 0;
	}
	return -ENOENT;
}

/*
 * Anonymous members nest a few levels in real kernels; a crafted BTF can
 * share one anonymous type among many members at every level, so the
 * number of types visited is bounded too, not only the depth.
 */
#define MEMBER_FIND_BUDGET 65536

static int member_find(const struct btf *btf, __u32 type_id, const char *name,
		       __u32 *bit_off, __u32 *member_type, int depth, int *budget)
{
	const struct btf_type *t;
	const struct btf_member *m;
	__u16 i, vlen;
	int err = btf_walk_enter(&depth);

	if (!err && --*budget < 0)
		err = -DS_ERRNO__BTFLOOP;
	if (err)
		return err;
	t = btf_walk_peel(btf, &type_id, &err);
	if (err)
		return err;
	if (!t || !btf_is_composite(t))
		return -EINVAL;
	m = btf_members(t);
	vlen = btf_vlen(t);
	for (i = 0; i < vlen; i++, m++) {
		const char *mname = btf_name(btf, m->name_off);
		__u32 off = btf_member_bit_offset(t, i), sub;

		if (*mname) {
			if (strcmp(mname, name))
				continue;
			*bit_off = off;
			*member_type = m->type;
			return 0;
		}
		err = member_find(btf, m->type, name, &sub, member_type, depth, budget);
		if (!err) {
			*bit_off = off + sub;
			return 0;
		}
		if (err != -ENOENT && err != -EINVAL)
			return err;	/* a corrupt BTF, not a miss */
	}
	return -ENOENT;
}

int btf_member_find(const struct btf *btf, __u32 type_id, const char *name,
		    __u32 *bit_off, __u32 *member_type)
{
	int budget = MEMBER_FIND_BUDGET;

	return member_find(btf, type_id, name, bit_off, member_type, 0, &budget);
}
