// SPDX-License-Identifier: MIT
/* The .symtab of a kernel image, indexed (formats/ksyms.h). */
#include "formats/ksyms.h"
#include "util/errors.h"
#include "util/mem.h"

#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

struct ksyms {
	struct ksym *syms;	/* sorted by addr, then preference */
	size_t nr, cap;
	uint32_t *by_index;	/* table order: positions in syms */
	uint32_t *hash;		/* open addressing: position + 1, 0 = empty */
	size_t hash_mask;
	size_t table_size;	/* entries of .symtab */
};

static int type_rank(uint8_t type)
{
	return type == STT_FUNC || type == STT_OBJECT ? 0 : 1;
}

static int bind_rank(uint8_t bind)
{
	switch (bind) {
	case STB_GLOBAL: return 0;
	case STB_WEAK: return 1;
	case STB_LOCAL: return 2;
	default: return 3;
	}
}

static int cmp_sym(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	int d;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	d = type_rank(x->type) - type_rank(y->type);
	if (!d)
		d = bind_rank(x->bind) - bind_rank(y->bind);
	if (!d)
		d = strcmp(x->name, y->name);
	if (!d)
		d = x->shndx < y->shndx ? -1 : x->shndx > y->shndx;
	if (!d)
		d = x->index < y->index ? -1 : x->index > y->index;
	return d;
}

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int build_hash(struct ksyms *ks)
{
	size_t cap = 16, i;

	while (cap < ks->nr * 2)
		cap <<= 1;
	ks->hash = calloc(cap, sizeof(*ks->hash));
	if (!ks->hash)
		return -ENOMEM;
	ks->hash_mask = cap - 1;
	for (i = 0; i < ks->nr; i++) {
		const struct ksym *s = &ks->syms[i];
		size_t h = str_hash(s->name) & ks->hash_mask;

		for (;; h = (h + 1) & ks->hash_mask) {
			uint32_t cur = ks->hash[h];

			if (!cur) {
				ks->hash[h] = (uint32_t)i + 1;
				break;
			}
			if (strcmp(ks->syms[cur - 1].name, s->name))
				continue;
			if (s->bind == STB_GLOBAL && ks->syms[cur - 1].bind != STB_GLOBAL)
				ks->hash[h] = (uint32_t)i + 1;
			break;
		}
	}
	return 0;
}

/* Table order over the address-sorted array: entry indexes are unique and
 * below the table size, so one pass over a per-index slot array does it. */
static int build_order(struct ksyms *ks)
{
	uint32_t *slot;
	size_t i, j = 0;

	ks->by_index = calloc(ks->nr ? ks->nr : 1, sizeof(*ks->by_index));
	slot = calloc(ks->table_size ? ks->table_size : 1, sizeof(*slot));
	if (!ks->by_index || !slot) {
		free(slot);
		return -ENOMEM;
	}
	for (i = 0; i < ks->nr; i++)
		slot[ks->syms[i].index] = (uint32_t)i + 1;
	for (i = 0; i < ks->table_size; i++)
		if (slot[i])
			ks->by_index[j++] = slot[i] - 1;
	free(slot);
	return 0;
}

static Elf_Scn *find_symtab(Elf *elf, GElf_Shdr *sh, Elf_Data **xdata)
{
	Elf_Scn *scn = NULL, *x = NULL, *found = NULL;
	GElf_Shdr xs;

	*xdata = NULL;
	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_SYMTAB) {
			found = scn;
			break;
		}
	if (!found)
		return NULL;
	while ((x = elf_nextscn(elf, x)))
		if (gelf_getshdr(x, &xs) && xs.sh_type == SHT_SYMTAB_SHNDX &&
		    xs.sh_link == elf_ndxscn(found))
			*xdata = elf_getdata(x, NULL);
	return found;
}

static int read_table(struct ksyms *ks, Elf *elf, Elf_Scn *scn,
		      const GElf_Shdr *sh, Elf_Data *xdata)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	Elf_Scn *str = elf_getscn(elf, sh->sh_link);
	GElf_Shdr strsh;
	size_t i, n;

	if (!data || !sh->sh_entsize)
		return -EBADMSG;
	/* the names: a lenient reader would skip every symbol without one */
	if (!sh->sh_link || sh->sh_link == elf_ndxscn(scn) || !str ||
	    !gelf_getshdr(str, &strsh) || strsh.sh_type != SHT_STRTAB)
		return -DS_ERRNO__SYMSTR;
	n = data->d_size / sh->sh_entsize;
	if (n > UINT32_MAX - 1)
		return -EBADMSG;
	ks->table_size = n;
	for (i = 1; i < n; i++) {
		struct ksym *k;
		const char *name;
		Elf32_Word xndx = 0;
		GElf_Sym s;
		uint8_t type;

		if (!gelf_getsymshndx(data, xdata, (int)i, &s, &xndx))
			return -EBADMSG;
		type = GELF_ST_TYPE(s.st_info);
		if (type == STT_SECTION || type == STT_FILE || !s.st_name)
			continue;
		name = elf_strptr(elf, sh->sh_link, s.st_name);
		if (!name)
			return -DS_ERRNO__SYMSTR;
		if (!*name || *name == '$')	/* arm mapping symbols */
			continue;
		k = mem_add((void **)&ks->syms, &ks->cap, &ks->nr, sizeof(*k));
		if (!k)
			return -ENOMEM;
		k->name = name;
		k->addr = s.st_value;
		k->size = s.st_size;
		k->shndx = s.st_shndx == SHN_XINDEX ? xndx : s.st_shndx;
		k->index = (uint32_t)i;
		k->type = type;
		k->bind = GELF_ST_BIND(s.st_info);
	}
	return 0;
}

int ksyms_load(Elf *elf, struct ksyms **out)
{
	struct ksyms *ks;
	Elf_Data *xdata;
	GElf_Shdr sh;
	Elf_Scn *scn;
	int err;

	*out = NULL;
	scn = find_symtab(elf, &sh, &xdata);
	if (!scn)
		return -ENOENT;
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		return -ENOMEM;
	err = read_table(ks, elf, scn, &sh, xdata);
	if (err)
		goto fail;
	if (ks->nr)
		qsort(ks->syms, ks->nr, sizeof(*ks->syms), cmp_sym);
	err = build_order(ks);
	if (err)
		goto fail;
	err = build_hash(ks);
	if (err)
		goto fail;
	*out = ks;
	return 0;
fail:
	ksyms_free(ks);
	return err;
}

void ksyms_free(struct ksyms *ks)
{
	if (!ks)
		return;
	free(ks->syms);
	free(ks->by_index);
	free(ks->hash);
	free(ks);
}

size_t ksyms_count(const struct ksyms *ks)
{
	return ks->nr;
}

const struct ksym *ksyms_get(const struct ksyms *ks, size_t i)
{
	return i < ks->nr ? &ks->syms[ks->by_index[i]] : NULL;
}

const struct ksym *ksyms_by_name(const struct ksyms *ks, const char *name)
{
	size_t h;

	for (h = str_hash(name) & ks->hash_mask;; h = (h + 1) & ks->hash_mask) {
		uint32_t cur = ks->hash[h];

		if (!cur)
			return NULL;
		if (!strcmp(ks->syms[cur - 1].name, name))
			return &ks->syms[cur - 1];
	}
}

static size_t lower_bound(const struct ksyms *ks, uint64_t addr)
{
	size_t lo = 0, hi = ks->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct ksym *ksyms_at(const struct ksyms *ks, uint64_t addr, size_t *n)
{
	size_t lo = lower_bound(ks, addr), hi = lo;

	while (hi < ks->nr && ks->syms[hi].addr == addr)
		hi++;
	*n = hi - lo;
	return hi > lo ? &ks->syms[lo] : NULL;
}

const struct ksym *ksyms_at_prefix(const struct ksyms *ks, uint64_t addr,
				   const char *prefix)
{
	size_t i, n, plen = strlen(prefix);
	const struct ksym *s = ksyms_at(ks, addr, &n);

	for (i = 0; i < n; i++)
		if (!strncmp(s[i].name, prefix, plen))
			return &s[i];
	return NULL;
}

uint64_t ksyms_next_addr(const struct ksyms *ks, uint64_t addr, uint32_t shndx)
{
	size_t i;

	if (addr == UINT64_MAX)
		return 0;
	for (i = lower_bound(ks, addr + 1); i < ks->nr; i++)
		if (ks->syms[i].shndx == shndx)
			return ks->syms[i].addr;
	return 0;
}
