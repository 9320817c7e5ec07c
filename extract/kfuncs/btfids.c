// SPDX-License-Identifier: MIT
/* The BTF id sets of .BTF_ids (extract/kfuncs/btfids.h). */
#include "extract/kfuncs/btfids.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SET8_PREFIX "__BTF_ID__set8__"
#define SET_PREFIX "__BTF_ID__set__"
#define FUNC_PREFIX "__BTF_ID__func__"

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * <fn> of "__BTF_ID__func__<fn>__<N>": @sym without the prefix and the
 * trailing "__<digits>" (__ID() pastes __COUNTER__ and, in newer kernels,
 * __LINE__: digits either way). false when the name has no such suffix.
 */
static bool member_name(const char *sym, struct btfids_name *out)
{
	const char *s = sym + strlen(FUNC_PREFIX);
	size_t n = strlen(s), d = n;

	while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
		d--;
	if (d == n || d < 3 || s[d - 1] != '_' || s[d - 2] != '_')
		return false;
	out->name = s;
	out->len = d - 2;
	return true;
}

/* Slots and member names of @set, whose extent ends at @end. */
static int read_set(const struct kdata *kd, const struct ksyms *ks,
		    struct btfids_set *set, uint64_t end)
{
	unsigned int slot = set->set8 ? 8 : 4;
	uint64_t first = set->addr + slot, v;
	size_t i, max, cap = 0;
	int err;

	if (first > end)	/* no room for the header: an empty set */
		return 0;
	err = kdata_read_uint(kd, set->addr, 4, &v);
	if (err)
		return err;
	set->cnt = (uint32_t)v;
	if (set->set8) {
		err = kdata_read_uint(kd, set->addr + 4, 4, &v);
		if (err)
			return err;
		set->flags = (uint32_t)v;
	}
	max = end > first ? (end - first) / slot : 0;
	set->nr = set->cnt;
	if (set->nr > max) {
		set->nr = max;
		set->clamped = true;
	}
	if (!set->nr)
		return 0;
	set->slots = calloc(set->nr, sizeof(*set->slots));
	if (!set->slots)
		return -ENOMEM;
	for (i = 0; i < set->nr; i++) {
		uint64_t at = first + i * slot;
		const struct ksym *sym;
		struct btfids_name nm, *p;

		err = kdata_read_uint(kd, at, 4, &v);
		if (err)
			return err;
		set->slots[i].id = (uint32_t)v;
		if (set->set8) {
			err = kdata_read_uint(kd, at + 4, 4, &v);
			if (err)
				return err;
			set->slots[i].flags = (uint32_t)v;
		}
		sym = ksyms_at_prefix(ks, at, FUNC_PREFIX);
		if (!sym || !member_name(sym->name, &nm))
			continue;
		p = mem_add((void **)&set->names, &cap, &set->nr_names, sizeof(*p));
		if (!p)
			return -ENOMEM;
		*p = nm;
	}
	return 0;
}

int btfids_load(struct kimage *img, struct btfids *out)
{
	const struct ksyms *ks;
	const struct kdata *kd;
	GElf_Shdr shdr;
	Elf_Scn *scn;
	size_t i, n, shndx, cap = 0;
	uint64_t lo, hi;
	int err;

	memset(out, 0, sizeof(*out));
	scn = kimage_section(img, ".BTF_ids", &shdr);
	if (!scn)
		return 0;
	out->present = true;
	if (shdr.sh_type == SHT_NOBITS || !(shdr.sh_flags & SHF_ALLOC) ||
	    shdr.sh_addr > UINT64_MAX - shdr.sh_size)
		return 0;
	err = kimage_syms(img, &ks);
	if (!err)
		err = kimage_kdata(img, &kd);
	if (err)
		return err;
	shndx = elf_ndxscn(scn);
	lo = shdr.sh_addr;
	hi = shdr.sh_addr + shdr.sh_size;
	n = ksyms_count(ks);
	for (i = 0; i < n; i++) {
		const struct ksym *sym = ksyms_get(ks, i);
		bool set8 = starts_with(sym->name, SET8_PREFIX);
		struct btfids_set *set;
		uint64_t end;

		if (!set8 && !starts_with(sym->name, SET_PREFIX))
			continue;
		if (sym->shndx != shndx || sym->addr < lo || sym->addr >= hi)
			continue;
		/* the extent: the symbol's size, cut at the section end */
		end = sym->size && sym->size <= hi - sym->addr ? sym->addr + sym->size : hi;
		set = mem_add((void **)&out->sets, &cap, &out->nr, sizeof(*set));
		if (!set)
			return -ENOMEM;
		memset(set, 0, sizeof(*set));
		set->name = sym->name + strlen(set8 ? SET8_PREFIX : SET_PREFIX);
		set->set8 = set8;
		set->addr = sym->addr;
		err = read_set(kd, ks, set, end);
		if (err == -EFAULT) {	/* bytes the image does not hold: empty */
			set->nr = set->nr_names = 0;
			err = 0;
		}
		if (err)
			return err;
	}
	return 0;
}

void btfids_free(struct btfids *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nr; i++) {
		free(b->sets[i].slots);
		free(b->sets[i].names);
	}
	free(b->sets);
	memset(b, 0, sizeof(*b));
}
