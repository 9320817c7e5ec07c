// SPDX-License-Identifier: MIT
/*
 * Function symbols of .symtab, the ftrace call-site table and the kprobe
 * blacklist.
 *
 * Both tables are arrays of addresses (unsigned long, the image's pointer
 * size and byte order) between two linker symbols:
 *  - ftrace: __start_mcount_loc .. __stop_mcount_loc (x86 puts them in
 *    .init.data; arm64/riscv fill the same range from gcc's
 *    __patchable_function_entries input sections); an image without the pair
 *    but with a __patchable_function_entries output section uses that;
 *  - kprobes: __start_kprobe_blacklist .. __stop_kprobe_blacklist
 *    (NOKPROBE_SYMBOL's _kbl_addr_<fn> = the function's address).
 * Both are read through formats/kdata, relocation-aware: relocatable images
 * may leave those words 0 in the file and carry the value in .rela.dyn
 * (arm64 links with --no-apply-dynamic-relocs; s390's PIE vmlinux has
 * R_390_64 against .dynsym).
 *
 * A call site belongs to a function when it lies in the function's symbol
 * range (x86 fentry at +0, +4 after an IBT endbr64; s390, arm64 without
 * CALL_OPS). arm64 with CALL_OPS (6.3+) compiles with
 * -fpatchable-function-entry=4,2, whose recorded site is 8 bytes before the
 * function's symbol: when more sites lie up to PRE_PATCH bytes before a
 * function start than at one (fs->pre_patch), a site in the PRE_PATCH bytes
 * before a function and inside no other function belongs to it too.
 *
 * 32-bit ARM sets bit 0 of the address of a Thumb function (in st_value and
 * in every pointer to it); it is cleared in symbols and table entries so
 * that they compare with DWARF's pc, which never carries it.
 */
#include "extract/funcs/funcs.h"
#include "util/mem.h"
#include "normalize/symname.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PRE_PATCH 16

static bool sites_before_functions(const struct fsyms *fs);

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The address words in [start, stop), sorted. */
static int read_table(const struct kdata *kd, uint64_t start, uint64_t stop,
		      uint64_t **out, size_t *nr, bool *relocated)
{
	unsigned int ps = kdata_ptr_size(kd);
	size_t n, i, nrel;
	uint64_t *vals;
	int err;

	*out = NULL;
	*nr = 0;
	if (stop <= start)
		return 0;
	/* the bounds come from symbols: the table must be data of the image
	 * before anything is allocated for it */
	if (stop - start > kdata_file_bytes(kd, start))
		return -EBADMSG;
	n = (stop - start) / ps;
	vals = calloc(n ? n : 1, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	err = kdata_read_ptrs(kd, start, n, vals, &nrel);
	if (err) {
		free(vals);
		return err == -EFAULT ? -EBADMSG : err;
	}
	*relocated |= nrel > 0;
	if (kdata_machine(kd) == EM_ARM)
		for (i = 0; i < n; i++)
			vals[i] &= ~(uint64_t)1;	/* Thumb bit */
	qsort(vals, n, sizeof(*vals), cmp_u64);
	*out = vals;
	*nr = n;
	return 0;
}

/* The __patchable_function_entries output section, when no symbols. */
static int read_patchable(const struct kimage *img, const struct kdata *kd,
			  struct fsyms *fs)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = kimage_section(img, "__patchable_function_entries", &shdr);

	if (!scn || !(shdr.sh_flags & SHF_ALLOC))
		return 0;
	fs->mcount_src = "__patchable_function_entries";
	return read_table(kd, shdr.sh_addr, shdr.sh_addr + shdr.sh_size,
			  &fs->mcount, &fs->nr_mcount, &fs->mcount_relocated);
}

/* A linker-defined bound (__start_X, __stop_X): not a function symbol. */
static const struct ksym *bound(const struct ksyms *ks, const char *name)
{
	const struct ksym *s = ksyms_by_name(ks, name);

	return s && s->type != STT_FUNC ? s : NULL;
}

/* The ftrace call-site table and the kprobe blacklist. */
static int read_tables(struct kimage *img, const struct ksyms *ks, struct fsyms *fs)
{
	const struct ksym *start = bound(ks, "__start_mcount_loc");
	const struct ksym *stop = bound(ks, "__stop_mcount_loc");
	const struct kdata *kd;
	bool rel = false;
	int err;

	err = kimage_kdata(img, &kd);
	if (err)
		return err == -ENOEXEC ? -EBADMSG : err;
	if (start && stop) {
		fs->mcount_src = "__mcount_loc";
		err = read_table(kd, start->addr, stop->addr, &fs->mcount,
				 &fs->nr_mcount, &fs->mcount_relocated);
	} else {
		err = read_patchable(img, kd, fs);
	}
	if (err)
		return err;
	fs->pre_patch = sites_before_functions(fs);
	start = bound(ks, "__start_kprobe_blacklist");
	stop = bound(ks, "__stop_kprobe_blacklist");
	if (start && stop) {
		fs->has_kbl = true;
		err = read_table(kd, start->addr, stop->addr, &fs->kbl, &fs->nr_kbl, &rel);
	}
	return err;
}

static int cmp_range(const void *a, const void *b)
{
	const struct fn_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* The [start, end) of every sized function symbol, sorted. */
static int make_ranges(struct fsyms *fs)
{
	size_t i;

	fs->ranges = calloc(fs->nr ? fs->nr : 1, sizeof(*fs->ranges));
	if (!fs->ranges)
		return -ENOMEM;
	for (i = 0; i < fs->nr; i++) {
		if (!fs->syms[i].size)
			continue;
		fs->ranges[fs->nr_ranges].start = fs->syms[i].addr;
		fs->ranges[fs->nr_ranges].end = fs->syms[i].addr + fs->syms[i].size;
		fs->nr_ranges++;
	}
	if (fs->nr_ranges > 1)
		qsort(fs->ranges, fs->nr_ranges, sizeof(*fs->ranges), cmp_range);
	return 0;
}

/* The STT_FUNC symbols in table order, minus the padding ones. */
static int read_funcs(const struct kimage *img, const struct ksyms *ks, struct fsyms *fs)
{
	size_t i, n = ksyms_count(ks), cap = 0;

	for (i = 0; i < n; i++) {
		const struct ksym *k = ksyms_get(ks, i);
		struct fn_sym *s;

		if (k->type != STT_FUNC)
			continue;
		if (symname_is_padding(k->name)) {
			fs->nr_padding++;
			continue;
		}
		s = mem_add((void **)&fs->syms, &cap, &fs->nr, sizeof(*s));
		if (!s)
			return -ENOMEM;
		s->name = k->name;
		s->addr = k->addr;
		if (img->ehdr.e_machine == EM_ARM)
			s->addr &= ~(uint64_t)1;	/* Thumb bit */
		s->size = k->size;
		s->bind = k->bind;
		s->section = kimage_section_name(img, k->shndx);
	}
	return 0;
}

int fsyms_read(struct kimage *img, struct fsyms *fs)
{
	const struct ksyms *ks;
	int err;

	memset(fs, 0, sizeof(*fs));
	err = kimage_syms(img, &ks);
	if (!err)
		err = read_funcs(img, ks, fs);
	if (!err)
		err = make_ranges(fs);
	if (!err)
		err = read_tables(img, ks, fs);
	if (err)
		fsyms_free(fs);
	return err;
}

void fsyms_free(struct fsyms *fs)
{
	free(fs->ranges);
	free(fs->syms);
	free(fs->mcount);
	free(fs->kbl);
	memset(fs, 0, sizeof(*fs));
}

/* Index of the first element ≥ @v. */
static size_t lower_bound(const uint64_t *a, size_t n, uint64_t v)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does a function symbol's range hold @addr? */
static bool in_function(const struct fsyms *fs, uint64_t addr)
{
	size_t lo = 0, hi = fs->nr_ranges;

	while (lo < hi) {	/* the first range starting after addr */
		size_t mid = lo + (hi - lo) / 2;

		if (fs->ranges[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* ranges do not nest, but sizes vary: look back a few */
	for (hi = lo; hi > 0 && lo - hi < 8; hi--)
		if (fs->ranges[hi - 1].end > addr)
			return true;
	return false;
}

/* Do the sites precede the functions (see the top)? */
static bool sites_before_functions(const struct fsyms *fs)
{
	size_t i, at = 0, before = 0;

	for (i = 0; i < fs->nr_mcount; i++) {
		uint64_t e = fs->mcount[i];
		size_t lo = 0, hi = fs->nr_ranges;

		while (lo < hi) {	/* the first range starting at or after e */
			size_t mid = lo + (hi - lo) / 2;

			if (fs->ranges[mid].start < e)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == fs->nr_ranges)
			continue;
		if (fs->ranges[lo].start == e)
			at++;
		else if (fs->ranges[lo].start - e <= PRE_PATCH)
			before++;
	}
	return before > at;
}

bool fsyms_traceable(const struct fsyms *fs, uint64_t addr, uint64_t size)
{
	uint64_t pre = fs->pre_patch ? PRE_PATCH : 0;
	uint64_t from = addr >= pre ? addr - pre : 0;
	size_t i = lower_bound(fs->mcount, fs->nr_mcount, from);

	if (!size)
		size = 1;
	for (; i < fs->nr_mcount && fs->mcount[i] - from < size + (addr - from);
	     i++) {
		if (fs->mcount[i] >= addr || !in_function(fs, fs->mcount[i]))
			return true;
	}
	return false;
}

bool fsyms_blacklisted(const struct fsyms *fs, uint64_t addr)
{
	size_t i = lower_bound(fs->kbl, fs->nr_kbl, addr);

	return i < fs->nr_kbl && fs->kbl[i] == addr;
}
