// SPDX-License-Identifier: MIT
/*
 * Kernel data reader (see kdata.h). The file is mapped once by libelf
 * (ELF_C_READ_MMAP); section bytes are read straight out of that mapping.
 */
#include "formats/kdata.h"
#include "util/mem.h"

#include <endian.h>
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

/* A corrupt image (util/errors.h spells it) */
#define KDATA_ECORRUPT	EBADMSG

struct region {
	uint64_t addr;
	uint64_t size;		/* bytes of address space */
	uint64_t filesz;	/* of which backed by the file (rest is zero) */
	uint64_t off;		/* file offset of addr */
};

enum rel_kind { REL_VALUE, REL_UNKNOWN };

struct reloc {
	uint64_t off;		/* r_offset */
	uint64_t val;		/* relocated value (load bias 0) */
	uint32_t kind;
	uint32_t seq;		/* input order, for a stable sort */
};

struct kdata {
	Elf *elf;		/* borrowed */
	const char *base;	/* the mapped file */
	size_t fsize;
	unsigned int ptr_size;
	bool big_endian;
	unsigned int machine;

	struct region *regions;	/* sorted by addr */
	size_t nr_regions, cap_regions;

	struct reloc *relocs;	/* sorted by off */
	size_t nr_relocs, cap_relocs;
};

/* ------------------------------------------------------------ regions */

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int add_region(struct kdata *kd, uint64_t addr, uint64_t size,
		      uint64_t filesz, uint64_t off)
{
	struct region *r;

	if (!size)
		return 0;
	if (filesz && (off > kd->fsize || filesz > kd->fsize - off))
		return -KDATA_ECORRUPT;
	if (addr + size < addr)
		return -KDATA_ECORRUPT;
	r = mem_add((void **)&kd->regions, &kd->cap_regions, &kd->nr_regions,
		    sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->addr = addr;
	r->size = size;
	r->filesz = filesz;
	r->off = off;
	return 0;
}

static int load_regions_from_sections(struct kdata *kd)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	int err;

	while ((scn = elf_nextscn(kd->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -KDATA_ECORRUPT;
		if (!(sh.sh_flags & SHF_ALLOC) || !sh.sh_addr)
			continue;
		/* .tbss overlaps the sections after it; it is not data. */
		if (sh.sh_type == SHT_NOBITS && (sh.sh_flags & SHF_TLS))
			continue;
		err = add_region(kd, sh.sh_addr, sh.sh_size,
				 sh.sh_type == SHT_NOBITS ? 0 : sh.sh_size,
				 sh.sh_offset);
		if (err)
			return err;
	}
	return 0;
}

static int load_regions_from_segments(struct kdata *kd)
{
	size_t i, n;
	GElf_Phdr ph;
	int err;

	if (elf_getphdrnum(kd->elf, &n))
		return -KDATA_ECORRUPT;
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(kd->elf, i, &ph))
			return -KDATA_ECORRUPT;
		if (ph.p_type != PT_LOAD || ph.p_filesz > ph.p_memsz)
			continue;
		err = add_region(kd, ph.p_vaddr, ph.p_memsz, ph.p_filesz,
				 ph.p_offset);
		if (err)
			return err;
	}
	return 0;
}

static int load_regions(struct kdata *kd)
{
	int err = load_regions_from_sections(kd);

	if (!err && !kd->nr_regions)
		err = load_regions_from_segments(kd);
	if (err)
		return err;
	if (kd->nr_regions)
		qsort(kd->regions, kd->nr_regions, sizeof(*kd->regions),
		      cmp_region);
	return 0;
}

static const struct region *find_region(const struct kdata *kd, uint64_t addr)
{
	size_t lo = 0, hi = kd->nr_regions;

	/* last region with r->addr <= addr */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (kd->regions[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	const struct region *r = &kd->regions[lo - 1];

	return addr - r->addr < r->size ? r : NULL;
}

/* --------------------------------------------------------- relocations */

struct rel_types {
	unsigned int machine;
	unsigned int relative;	/* value = addend */
	unsigned int abs[2];	/* value = symbol + addend */
};

static const struct rel_types rel_types[] = {
	{ EM_AARCH64, R_AARCH64_RELATIVE, { R_AARCH64_ABS64, R_AARCH64_GLOB_DAT } },
	{ EM_S390, R_390_RELATIVE, { R_390_64, R_390_GLOB_DAT } },
	{ EM_X86_64, R_X86_64_RELATIVE, { R_X86_64_64, R_X86_64_GLOB_DAT } },
	{ EM_PPC64, R_PPC64_RELATIVE, { R_PPC64_ADDR64, R_PPC64_GLOB_DAT } },
	{ EM_RISCV, R_RISCV_RELATIVE, { R_RISCV_64, R_RISCV_64 } },
	{ EM_386, R_386_RELATIVE, { R_386_32, R_386_GLOB_DAT } },
	{ EM_ARM, R_ARM_RELATIVE, { R_ARM_ABS32, R_ARM_GLOB_DAT } },
	/* R_LARCH_RELATIVE; R_LARCH_64 (LoongArch has no GLOB_DAT) */
	{ EM_LOONGARCH, R_LARCH_RELATIVE, { R_LARCH_64, R_LARCH_64 } },
};

static const struct rel_types *find_rel_types(unsigned int machine)
{
	size_t i;

	for (i = 0; i < sizeof(rel_types) / sizeof(rel_types[0]); i++)
		if (rel_types[i].machine == machine)
			return &rel_types[i];
	return NULL;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int load_rela(struct kdata *kd, Elf_Scn *scn, const GElf_Shdr *sh)
{
	const struct rel_types *rt = find_rel_types(kd->machine);
	Elf_Data *data = elf_getdata(scn, NULL), *symdata = NULL;
	Elf_Scn *symscn;
	size_t i, n;

	if (!data || !sh->sh_entsize)
		return -KDATA_ECORRUPT;
	if (sh->sh_offset > kd->fsize || sh->sh_size > kd->fsize - sh->sh_offset)
		return -KDATA_ECORRUPT;
	symscn = sh->sh_link ? elf_getscn(kd->elf, sh->sh_link) : NULL;
	if (symscn)
		symdata = elf_getdata(symscn, NULL);
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		unsigned int type;
		struct reloc *r;
		GElf_Rela rela;
		GElf_Sym sym;

		if (!gelf_getrela(data, (int)i, &rela))
			return -KDATA_ECORRUPT;
		type = GELF_R_TYPE(rela.r_info);
		if (type == 0)	/* R_*_NONE */
			continue;
		r = mem_add((void **)&kd->relocs, &kd->cap_relocs,
			    &kd->nr_relocs, sizeof(*r));
		if (!r)
			return -ENOMEM;
		r->off = rela.r_offset;
		r->seq = (uint32_t)kd->nr_relocs;
		r->kind = REL_UNKNOWN;
		if (!rt)
			continue;
		if (type == rt->relative) {
			r->val = (uint64_t)rela.r_addend;
			r->kind = REL_VALUE;
		} else if (type == rt->abs[0] || type == rt->abs[1]) {
			size_t si = GELF_R_SYM(rela.r_info);

			/* arm64 6.x keeps a few ABS64 against a discarded
			 * .dynsym (sh_link 0): their value is unknown. */
			if (si && !symdata)
				continue;
			if (si && !gelf_getsym(symdata, (int)si, &sym))
				return -KDATA_ECORRUPT;
			r->val = (si ? sym.st_value : 0) + (uint64_t)rela.r_addend;
			r->kind = REL_VALUE;
		}
	}
	return 0;
}

static int load_relocs(struct kdata *kd)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	int err;

	while ((scn = elf_nextscn(kd->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -KDATA_ECORRUPT;
		if (sh.sh_type != SHT_RELA || !(sh.sh_flags & SHF_ALLOC))
			continue;
		err = load_rela(kd, scn, &sh);
		if (err)
			return err;
	}
	if (kd->nr_relocs)
		qsort(kd->relocs, kd->nr_relocs, sizeof(*kd->relocs),
		      cmp_reloc);
	return 0;
}

/* Index of the first relocation at @off or after it. */
static size_t reloc_lower_bound(const struct kdata *kd, uint64_t off)
{
	size_t lo = 0, hi = kd->nr_relocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (kd->relocs[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct reloc *find_reloc(const struct kdata *kd, uint64_t off)
{
	size_t i = reloc_lower_bound(kd, off);

	return i < kd->nr_relocs && kd->relocs[i].off == off ?
	       &kd->relocs[i] : NULL;
}

/* ---------------------------------------------------------- open/close */

/* Header facts and the indexes of a kd whose elf is set. */
static int kdata_load(struct kdata *kd)
{
	GElf_Ehdr eh;
	int err;

	kd->base = elf_rawfile(kd->elf, &kd->fsize);
	if (!kd->base || !gelf_getehdr(kd->elf, &eh))
		return -KDATA_ECORRUPT;
	switch (eh.e_ident[EI_CLASS]) {
	case ELFCLASS32: kd->ptr_size = 4; break;
	case ELFCLASS64: kd->ptr_size = 8; break;
	default: return -KDATA_ECORRUPT;
	}
	switch (eh.e_ident[EI_DATA]) {
	case ELFDATA2LSB: kd->big_endian = false; break;
	case ELFDATA2MSB: kd->big_endian = true; break;
	default: return -KDATA_ECORRUPT;
	}
	kd->machine = eh.e_machine;
	/* A truncated file loses its section headers (they come last). */
	if (eh.e_shoff && (eh.e_shoff > kd->fsize ||
			   (uint64_t)eh.e_shnum * eh.e_shentsize >
			   kd->fsize - eh.e_shoff))
		return -KDATA_ECORRUPT;
	err = load_regions(kd);
	if (!err)
		err = load_relocs(kd);
	return err;
}

int kdata_open_elf(Elf *elf, struct kdata **out)
{
	struct kdata *kd;
	int err;

	*out = NULL;
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		return -ENOEXEC;
	kd = calloc(1, sizeof(*kd));
	if (!kd)
		return -ENOMEM;
	kd->elf = elf;
	err = kdata_load(kd);
	if (err) {
		kdata_close(kd);
		return err;
	}
	*out = kd;
	return 0;
}

void kdata_close(struct kdata *kd)
{
	if (!kd)
		return;
	free(kd->regions);
	free(kd->relocs);
	free(kd);
}

unsigned int kdata_ptr_size(const struct kdata *kd) { return kd->ptr_size; }
bool kdata_big_endian(const struct kdata *kd) { return kd->big_endian; }
unsigned int kdata_machine(const struct kdata *kd) { return kd->machine; }
size_t kdata_nr_relocs(const struct kdata *kd) { return kd->nr_relocs; }

int kdata_section(const struct kdata *kd, const char *name,
		  const void **data, size_t *size)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(kd->elf, &shstrndx))
		return -KDATA_ECORRUPT;
	while ((scn = elf_nextscn(kd->elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			return -KDATA_ECORRUPT;
		n = elf_strptr(kd->elf, shstrndx, sh.sh_name);
		if (!n || strcmp(n, name))
			continue;
		if (sh.sh_type == SHT_NOBITS)
			return -ENOENT;
		if (sh.sh_offset > kd->fsize ||
		    sh.sh_size > kd->fsize - sh.sh_offset)
			return -KDATA_ECORRUPT;
		*data = kd->base + sh.sh_offset;
		*size = sh.sh_size;
		return 0;
	}
	return -ENOENT;
}

/* ---------------------------------------------------------------- reads */

uint64_t kdata_file_bytes(const struct kdata *kd, uint64_t addr)
{
	const struct region *r = find_region(kd, addr);

	return r && addr - r->addr < r->filesz ? r->filesz - (addr - r->addr) : 0;
}

int kdata_read(const struct kdata *kd, uint64_t addr, void *buf, size_t len)
{
	const struct region *r = find_region(kd, addr);
	uint64_t rel, in_file;

	if (!r || len > r->size - (addr - r->addr))
		return -EFAULT;
	rel = addr - r->addr;
	in_file = rel < r->filesz ? r->filesz - rel : 0;
	if (in_file > len)
		in_file = len;
	if (in_file)
		memcpy(buf, kd->base + r->off + rel, in_file);
	memset((char *)buf + in_file, 0, len - in_file);
	return 0;
}

int kdata_read_uint(const struct kdata *kd, uint64_t addr, unsigned int size,
		    uint64_t *val)
{
	unsigned char b[8];
	uint64_t v = 0;
	unsigned int i;
	int err;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	err = kdata_read(kd, addr, b, size);
	if (err)
		return err;
	for (i = 0; i < size; i++) {
		unsigned int idx = kd->big_endian ? i : size - 1 - i;

		v = (v << 8) | b[idx];
	}
	*val = v;
	return 0;
}

int kdata_read_ptr(const struct kdata *kd, uint64_t addr, uint64_t *val)
{
	const struct reloc *r = kd->nr_relocs ? find_reloc(kd, addr) : NULL;

	if (r) {
		if (r->kind != REL_VALUE)
			return -ENOTSUP;
		/* make sure the slot itself is inside the image */
		if (!find_region(kd, addr))
			return -EFAULT;
		*val = kd->ptr_size == 4 ? (uint32_t)r->val : r->val;
		return 0;
	}
	return kdata_read_uint(kd, addr, kd->ptr_size, val);
}

int kdata_read_ptrs(const struct kdata *kd, uint64_t addr, size_t n,
		    uint64_t *vals, size_t *nr_relocated)
{
	const struct region *r = find_region(kd, addr);
	unsigned int ps = kd->ptr_size;
	size_t i, j, nrel = 0;
	int err;

	if (!n)
		goto out;
	if (!r || n > (r->size - (addr - r->addr)) / ps)
		return -EFAULT;
	j = reloc_lower_bound(kd, addr);	/* then walk along */
	for (i = 0; i < n; i++) {
		uint64_t a = addr + (uint64_t)i * ps, v;

		err = kdata_read_uint(kd, a, ps, &vals[i]);
		if (err)
			return err;
		while (j < kd->nr_relocs && kd->relocs[j].off < a)
			j++;
		if (j == kd->nr_relocs || kd->relocs[j].off != a)
			continue;
		if (kd->relocs[j].kind != REL_VALUE)
			return -ENOTSUP;
		v = ps == 4 ? (uint32_t)kd->relocs[j].val : kd->relocs[j].val;
		nrel += v != vals[i];
		vals[i] = v;
	}
out:
	if (nr_relocated)
		*nr_relocated = nrel;
	return 0;
}

int kdata_read_str(const struct kdata *kd, uint64_t addr, const char **str)
{
	const struct region *r = find_region(kd, addr);
	const char *p, *nul;
	uint64_t rel;

	if (!r || addr - r->addr >= r->filesz)
		return -EFAULT;
	rel = addr - r->addr;
	p = kd->base + r->off + rel;
	nul = memchr(p, '\0', r->filesz - rel);
	if (!nul)
		return -EBADMSG;
	*str = p;
	return 0;
}
