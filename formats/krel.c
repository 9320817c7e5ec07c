// SPDX-License-Identifier: MIT
/* A relocatable kernel object's data, read through its relocations (formats/krel.h). */
#include "formats/krel.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif
#ifndef R_LARCH_64
#define R_LARCH_64 2
#endif

/* The relocation type of an absolute pointer, per machine. */
static const struct {
	unsigned int machine, abs;
} abs_types[] = {
	{ EM_X86_64, R_X86_64_64 },
	{ EM_AARCH64, R_AARCH64_ABS64 },
	{ EM_S390, R_390_64 },
	{ EM_PPC64, R_PPC64_ADDR64 },
	{ EM_RISCV, R_RISCV_64 },
	{ EM_LOONGARCH, R_LARCH_64 },
	{ EM_386, R_386_32 },
	{ EM_ARM, R_ARM_ABS32 },
};

struct krel_reloc {
	uint32_t shndx;		/* the section it patches */
	uint32_t type;
	uint64_t off;
	uint32_t sym_shndx;	/* SHN_UNDEF: not in this object */
	uint64_t sym_value;
	int64_t addend;
	bool has_addend;	/* RELA; REL keeps it in the bytes */
};

struct krel_sym {
	uint32_t shndx;
	uint64_t value;
	const char *name;
};

struct krel_sec {
	const char *name;
	const unsigned char *data;	/* NULL for NOBITS */
	uint64_t size;
	uint64_t flags;
};

struct krel {
	Elf *elf;
	GElf_Ehdr eh;
	unsigned int ptr_size, abs_type;
	bool big_endian;
	struct krel_sec *secs;
	size_t nsecs;
	struct krel_reloc *relocs;	/* sorted by (shndx, off) */
	size_t nrelocs, caprelocs;
	struct krel_sym *syms;		/* sorted by (shndx, value, name) */
	size_t nsyms, capsyms;
	/* the raw symbol table, for the relocations' symbols */
	Elf_Data *symtab;
	size_t nsymtab;
};

static int load_sections(struct krel *kr)
{
	size_t shnum, shstrndx, i;
	Elf_Scn *scn;
	GElf_Shdr sh;

	if (elf_getshdrnum(kr->elf, &shnum) || elf_getshdrstrndx(kr->elf, &shstrndx))
		return -EBADMSG;
	kr->secs = calloc(shnum ? shnum : 1, sizeof(*kr->secs));
	if (!kr->secs)
		return -ENOMEM;
	kr->nsecs = shnum;
	for (i = 1; i < shnum; i++) {
		struct krel_sec *s = &kr->secs[i];
		Elf_Data *d;

		scn = elf_getscn(kr->elf, i);
		if (!scn || !gelf_getshdr(scn, &sh))
			return -EBADMSG;
		s->name = elf_strptr(kr->elf, shstrndx, sh.sh_name);
		if (!s->name)
			s->name = "";
		s->flags = sh.sh_flags;
		s->size = sh.sh_size;
		if (sh.sh_type == SHT_NOBITS || !(sh.sh_flags & SHF_ALLOC))
			continue;	/* only loaded bytes are read */
		d = elf_rawdata(scn, NULL);
		if (!d || d->d_size != sh.sh_size)
			return -EBADMSG;
		s->data = d->d_buf;
	}
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct krel_sym *x = a, *y = b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int load_symbols(struct krel *kr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t i;

	while ((scn = elf_nextscn(kr->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -EBADMSG;
		if (sh.sh_type == SHT_SYMTAB)
			break;
	}
	if (!scn)
		return 0;	/* no symbols: every relocation is unresolved */
	kr->symtab = elf_getdata(scn, NULL);
	if (!kr->symtab || !sh.sh_entsize || sh.sh_link >= kr->nsecs)
		return -EBADMSG;
	kr->nsymtab = sh.sh_size / sh.sh_entsize;
	for (i = 1; i < kr->nsymtab; i++) {
		struct krel_sym *s;
		const char *name;
		GElf_Sym sym;

		if (!gelf_getsym(kr->symtab, (int)i, &sym))
			return -EBADMSG;
		if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE ||
		    sym.st_shndx >= kr->nsecs || GELF_ST_TYPE(sym.st_info) == STT_SECTION ||
		    GELF_ST_TYPE(sym.st_info) == STT_FILE || !sym.st_name)
			continue;
		name = elf_strptr(kr->elf, sh.sh_link, sym.st_name);
		if (!name)
			return -EBADMSG;
		s = mem_add((void **)&kr->syms, &kr->capsyms, &kr->nsyms, sizeof(*s));
		if (!s)
			return -ENOMEM;
		s->shndx = sym.st_shndx;
		s->value = sym.st_value;
		s->name = name;
	}
	if (kr->nsyms)
		qsort(kr->syms, kr->nsyms, sizeof(*kr->syms), cmp_sym);
	return 0;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct krel_reloc *x = a, *y = b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The entries of one SHT_RELA/SHT_REL section patching data section @target. */
static int load_rel_section(struct krel *kr, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	bool rela = sh->sh_type == SHT_RELA;
	size_t i, n;

	if (!d || !sh->sh_entsize)
		return -EBADMSG;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		struct krel_reloc *r;
		GElf_Rela ra;
		GElf_Rel rl;
		GElf_Sym sym;
		size_t si;

		if (rela ? !gelf_getrela(d, (int)i, &ra) : !gelf_getrel(d, (int)i, &rl))
			return -EBADMSG;
		if (!rela) {
			ra.r_offset = rl.r_offset;
			ra.r_info = rl.r_info;
			ra.r_addend = 0;
		}
		if (!GELF_R_TYPE(ra.r_info))
			continue;	/* R_*_NONE */
		r = mem_add((void **)&kr->relocs, &kr->caprelocs, &kr->nrelocs, sizeof(*r));
		if (!r)
			return -ENOMEM;
		memset(r, 0, sizeof(*r));
		r->shndx = sh->sh_info;
		r->off = ra.r_offset;
		r->type = GELF_R_TYPE(ra.r_info);
		r->addend = ra.r_addend;
		r->has_addend = rela;
		si = GELF_R_SYM(ra.r_info);
		if (!si)
			continue;	/* against nothing: value 0 + addend */
		if (!kr->symtab || si >= kr->nsymtab || !gelf_getsym(kr->symtab, (int)si, &sym))
			return -EBADMSG;
		if (sym.st_shndx >= SHN_LORESERVE || sym.st_shndx >= kr->nsecs)
			r->sym_shndx = SHN_UNDEF;	/* ABS, COMMON: not a location here */
		else
			r->sym_shndx = sym.st_shndx;
		r->sym_value = sym.st_value;
	}
	return 0;
}

static int load_relocs(struct krel *kr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	int err;

	while ((scn = elf_nextscn(kr->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -EBADMSG;
		if (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL)
			continue;
		if (!sh.sh_info || sh.sh_info >= kr->nsecs)
			return -EBADMSG;
		/* data only: code and debug sections are never read here */
		if (!(kr->secs[sh.sh_info].flags & SHF_ALLOC) ||
		    (kr->secs[sh.sh_info].flags & SHF_EXECINSTR))
			continue;
		err = load_rel_section(kr, scn, &sh);
		if (err)
			return err;
	}
	if (kr->nrelocs)
		qsort(kr->relocs, kr->nrelocs, sizeof(*kr->relocs), cmp_reloc);
	return 0;
}

int krel_open(Elf *elf, struct krel **out)
{
	struct krel *kr = calloc(1, sizeof(*kr));
	size_t i;
	int err = -ENOMEM;

	*out = NULL;
	if (!kr)
		return -ENOMEM;
	kr->elf = elf;
	err = -ENOEXEC;
	if (!gelf_getehdr(elf, &kr->eh) || kr->eh.e_type != ET_REL)
		goto fail;
	kr->ptr_size = kr->eh.e_ident[EI_CLASS] == ELFCLASS32 ? 4 : 8;
	kr->big_endian = kr->eh.e_ident[EI_DATA] == ELFDATA2MSB;
	for (i = 0; i < sizeof(abs_types) / sizeof(abs_types[0]); i++)
		if (abs_types[i].machine == kr->eh.e_machine)
			kr->abs_type = abs_types[i].abs;
	err = load_sections(kr);
	if (!err)
		err = load_symbols(kr);
	if (!err)
		err = load_relocs(kr);
	if (err)
		goto fail;
	*out = kr;
	return 0;
fail:
	krel_free(kr);
	return err;
}

void krel_free(struct krel *kr)
{
	if (!kr)
		return;
	free(kr->secs);
	free(kr->relocs);
	free(kr->syms);
	free(kr);
}

unsigned int krel_ptr_size(const struct krel *kr)
{
	return kr->ptr_size;
}

int krel_section(const struct krel *kr, const char *name, struct krel_loc *start,
		 uint64_t *size)
{
	size_t i;

	for (i = 1; i < kr->nsecs; i++) {
		if (strcmp(kr->secs[i].name, name))
			continue;
		if (!kr->secs[i].data)
			return -ENODATA;
		start->shndx = i;
		start->off = 0;
		*size = kr->secs[i].size;
		return 0;
	}
	return -ENOENT;
}

/* The loaded bytes [at, at + len) of one section, or NULL. */
static const unsigned char *bytes_at(const struct krel *kr, struct krel_loc at, uint64_t len)
{
	const struct krel_sec *s;

	if (!at.shndx || at.shndx >= kr->nsecs)
		return NULL;
	s = &kr->secs[at.shndx];
	if (!s->data || at.off > s->size || len > s->size - at.off)
		return NULL;
	return s->data + at.off;
}

int krel_read_uint(const struct krel *kr, struct krel_loc at, unsigned int size,
		   uint64_t *val)
{
	const unsigned char *p = bytes_at(kr, at, size);
	uint64_t v = 0;
	unsigned int i;

	if (!p || (size != 1 && size != 2 && size != 4 && size != 8))
		return -EFAULT;
	for (i = 0; i < size; i++)
		v |= (uint64_t)p[kr->big_endian ? size - 1 - i : i] << (8 * i);
	*val = v;
	return 0;
}

static const struct krel_reloc *find_reloc(const struct krel *kr, struct krel_loc at)
{
	size_t lo = 0, hi = kr->nrelocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct krel_reloc *r = &kr->relocs[mid];

		if (r->shndx < at.shndx || (r->shndx == at.shndx && r->off < at.off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < kr->nrelocs && kr->relocs[lo].shndx == at.shndx && kr->relocs[lo].off == at.off)
		return &kr->relocs[lo];
	return NULL;
}

int krel_read_ptr(const struct krel *kr, struct krel_loc at, struct krel_loc *to)
{
	const struct krel_reloc *r = find_reloc(kr, at);
	uint64_t raw;
	int64_t addend;
	int err;

	err = krel_read_uint(kr, at, kr->ptr_size, &raw);
	if (err)
		return err;
	if (!r) {
		if (raw)
			return -EFAULT;
		to->shndx = 0;
		to->off = 0;
		return 0;
	}
	if (!kr->abs_type || r->type != kr->abs_type)
		return -ENOTSUP;
	if (r->sym_shndx == SHN_UNDEF)
		return -ENXIO;
	/* REL: the addend is what the bytes hold (sign-extended for 32 bits) */
	addend = r->has_addend ? r->addend :
		 kr->ptr_size == 4 ? (int64_t)(int32_t)raw : (int64_t)raw;
	to->shndx = r->sym_shndx;
	to->off = r->sym_value + (uint64_t)addend;
	return 0;
}

int krel_read_str(const struct krel *kr, struct krel_loc at, const char **str)
{
	const unsigned char *p = bytes_at(kr, at, 1);
	const struct krel_sec *s;

	if (!p)
		return -EFAULT;
	s = &kr->secs[at.shndx];
	if (!memchr(p, '\0', s->size - at.off))
		return -EBADMSG;
	*str = (const char *)p;
	return 0;
}

/* Index of the first symbol at or after @at. */
static size_t sym_lower_bound(const struct krel *kr, struct krel_loc at)
{
	size_t lo = 0, hi = kr->nsyms;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct krel_sym *s = &kr->syms[mid];

		if (s->shndx < at.shndx || (s->shndx == at.shndx && s->value < at.off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *krel_sym_at(const struct krel *kr, struct krel_loc at, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = sym_lower_bound(kr, at); i < kr->nsyms; i++) {
		const struct krel_sym *s = &kr->syms[i];

		if (s->shndx != at.shndx || s->value != at.off)
			break;
		if (!strncmp(s->name, prefix, n))
			return s->name;
	}
	return NULL;
}

size_t krel_count_prefix(const struct krel *kr, const char *prefix, const char *section)
{
	size_t i, cnt = 0, n = strlen(prefix);

	for (i = 0; i < kr->nsyms; i++)
		cnt += !strncmp(kr->syms[i].name, prefix, n) &&
		       (!section || !strcmp(kr->secs[kr->syms[i].shndx].name, section));
	return cnt;
}
