// SPDX-License-Identifier: MIT
/*
 * depsurf-syscalls: the syscall tables of a vmlinux image (docs/schema-syscalls.md
 * syscalls.json): for every slot of every table present, the syscall name,
 * the entry symbol the slot points at, and whether it is implemented.
 */
#include "extract/driver/driver.h"
#include "formats/btf_index.h"
#include "normalize/syscall_name.h"
#include "schema/jsontables.h"
#include "util/errors.h"
#include "util/jsonw.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Table symbols of every architecture; an image has a few of them. Sorted,
 * which is also the key order of the output.
 */
static const char *const table_names[] = {
	"compat_sys_call_table",	/* arm64, powerpc, riscv */
	"ia32_sys_call_table",		/* x86-64 with IA32_EMULATION (< 6.9) */
	"sys_call_table",		/* every arch */
	"sys_call_table_emu",		/* s390x 31-bit emulation */
	"sys_oabi_call_table",		/* arm OABI compat */
	"x32_sys_call_table",		/* x86-64 x32 (< 6.9) */
};

struct ctx {
	struct kimage *img;
	const struct kdata *kd;
	const struct ksyms *ks;
	struct btf_index *bidx;		/* of the image's BTF, loaded on demand */
	const char *err_what;		/* context of the first error */
	char err_buf[256];
};

/* The image's BTF (--btf or .BTF), for __NR_syscalls. */
static int load_btf(struct ctx *c)
{
	const struct btf *btf;
	int err;

	if (c->bidx)
		return 0;
	err = kimage_btf(c->img, &btf);
	if (err)
		return err;
	return btf_index_new(btf, &c->bidx);
}

/*
 * Number of slots of the table at @sym. The ELF size when there is one;
 * s390x's tables are assembler labels of size 0: then up to the next symbol
 * of the section (cut by the caller at the first slot that is not a
 * function pointer), or
 * __NR_syscalls of the image's BTF enums when no symbol follows.
 */
static int table_len(struct ctx *c, const struct ksym *sym, size_t *len,
		     int *derived)
{
	unsigned int ps = kdata_ptr_size(c->kd);
	uint64_t next;
	long long nr;
	int err;

	*derived = 0;
	if (sym->size) {
		/* the slots are data: inside the file bytes of the section */
		if (sym->size > kdata_file_bytes(c->kd, sym->addr)) {
			snprintf(c->err_buf, sizeof(c->err_buf),
				 "%s: %llu bytes at 0x%llx are not inside the file bytes of "
				 "one section", sym->name, (unsigned long long)sym->size,
				 (unsigned long long)sym->addr);
			return -EBADMSG;
		}
		*len = sym->size / ps;
		return 0;
	}
	*derived = 1;
	next = ksyms_next_addr(c->ks, sym->addr, sym->shndx);
	if (next > sym->addr) {
		*len = (next - sym->addr) / ps;
		if (*len > kdata_file_bytes(c->kd, sym->addr) / ps)
			*len = kdata_file_bytes(c->kd, sym->addr) / ps;
		return 0;
	}
	err = load_btf(c);
	if (err && err != -DS_ERRNO__NOBTF) {
		snprintf(c->err_buf, sizeof(c->err_buf), "%s: cannot read BTF: %s",
			 kimage_btf_file(c->img), errmsg(err));
		return err;
	}
	if (!err && !btf_index_enum_value(c->bidx, "__NR_syscalls", &nr) && nr > 0) {
		*len = (size_t)nr;
		if (*len > kdata_file_bytes(c->kd, sym->addr) / ps)
			*len = kdata_file_bytes(c->kd, sym->addr) / ps;
		return 0;
	}
	snprintf(c->err_buf, sizeof(c->err_buf),
		 "%s: size 0 and no following symbol or __NR_syscalls",
		 sym->name);
	return -ERANGE;
}

/* All symbols at the address a slot points at. */
static const struct ksym *slot_syms(struct ctx *c, uint64_t addr, size_t *n)
{
	const struct ksym *s = ksyms_at(c->ks, addr, n);

	/* arm Thumb-2 kernels: function pointers carry bit 0 */
	if (!s && kdata_machine(c->kd) == EM_ARM && (addr & 1))
		s = ksyms_at(c->ks, addr & ~1ULL, n);
	return s;
}

static int slot_is_func(struct ctx *c, uint64_t addr)
{
	size_t i, n;
	const struct ksym *s = slot_syms(c, addr, &n);

	for (i = 0; i < n; i++)
		if (s[i].type == STT_FUNC)
			return 1;
	return 0;
}

/* The ABI wrapper prefix of a symbol: "__x64_sys_" of "__x64_sys_read". */
static size_t prefix_len(const char *sym)
{
	size_t len;

	return (size_t)(syscall_name(sym, &len) - sym);
}

struct prefix_count {
	const char *s;
	size_t len, count;
};

#define MAX_PREFIXES 16

static size_t *prefix_slot(struct prefix_count *pc, size_t *npc,
			   const char *sym)
{
	size_t i, len = prefix_len(sym);

	for (i = 0; i < *npc; i++)
		if (pc[i].len == len && !strncmp(pc[i].s, sym, len))
			return &pc[i].count;
	if (*npc == MAX_PREFIXES)
		return NULL;
	pc[*npc] = (struct prefix_count){ sym, len, 0 };
	return &pc[(*npc)++].count;
}

/*
 * Several symbols can name one function: x86's __ia32_sys_ni_syscall and
 * __x64_sys_ni_syscall are aliases; s390x's __s390_sys_read aliases
 * __s390x_sys_read, and its COND_SYSCALL()s are weak aliases of
 * sys_ni_syscall. The entry of a slot is, in this order of preference:
 * a non-WEAK symbol (a weak alias is a placeholder, the strong symbol is
 * the function), one with the table's own wrapper prefix (the prefix found
 * at the most slots), then the first in ksyms_at() order.
 */
static void pick_entries(const struct ksym **cand, const size_t *ncand,
			 size_t len, const struct ksym **pick)
{
	struct prefix_count pc[MAX_PREFIXES];
	size_t i, j, k, npc = 0, *cnt, top = 0;
	size_t top_len = 0;
	const char *top_s = "";

	for (i = 0; i < len; i++) {
		for (j = 0; j < ncand[i]; j++) {
			size_t pl = prefix_len(cand[i][j].name);

			for (k = 0; k < j; k++)	/* once per slot */
				if (prefix_len(cand[i][k].name) == pl &&
				    !strncmp(cand[i][k].name, cand[i][j].name, pl))
					break;
			if (k == j && (cnt = prefix_slot(pc, &npc, cand[i][j].name)))
				(*cnt)++;
		}
	}
	for (k = 0; k < npc; k++)
		if (pc[k].count > top) {
			top = pc[k].count;
			top_s = pc[k].s;
			top_len = pc[k].len;
		}
	for (i = 0; i < len; i++) {
		int best = -1, best_score = -1;

		for (j = 0; j < ncand[i]; j++) {
			const struct ksym *s = &cand[i][j];
			int score = (s->bind != STB_WEAK) * 2 +
				    (prefix_len(s->name) == top_len &&
				     !strncmp(s->name, top_s, top_len));

			if (score > best_score) {
				best = (int)j;
				best_score = score;
			}
		}
		pick[i] = &cand[i][best];
	}
}

/*
 * A config-disabled syscall on kernels ≥ 4.17 is a COND_SYSCALL() stub: a
 * weak function in kernel/sys_ni.c returning -ENOSYS, which stays WEAK in
 * the symbol table because no real definition overrode it.
 */
static int slot_available(const struct ksym *s)
{
	return !syscall_is_ni(s->name) && s->bind != STB_WEAK;
}

static int dump_table(struct ctx *c, const struct ksym *sym, json_t *arr)
{
	unsigned int ps = kdata_ptr_size(c->kd);
	const struct ksym **cand = NULL, **pick = NULL;
	size_t i, len, *ncand = NULL;
	int derived, err;
	uint64_t val;

	err = table_len(c, sym, &len, &derived);
	if (err)
		return err;
	/*
	 * A derived length is an upper bound: padding or unlabelled data
	 * (s390x's strings after sys_call_table_emu) may follow. The table
	 * ends before the first slot that does not point at a function.
	 */
	for (i = 0; derived && i < len; i++) {
		if (kdata_read_ptr(c->kd, sym->addr + i * ps, &val) ||
		    !slot_is_func(c, val))
			len = i;
	}
	cand = calloc(len + 1, sizeof(*cand));
	pick = calloc(len + 1, sizeof(*pick));
	ncand = calloc(len + 1, sizeof(*ncand));
	if (!cand || !pick || !ncand) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < len; i++) {
		err = kdata_read_ptr(c->kd, sym->addr + i * ps, &val);
		if (err) {
			snprintf(c->err_buf, sizeof(c->err_buf),
				 "%s[%zu]: %s", sym->name, i, errmsg(err));
			goto out;
		}
		cand[i] = slot_syms(c, val, &ncand[i]);
		if (!cand[i]) {
			snprintf(c->err_buf, sizeof(c->err_buf),
				 "%s[%zu]: no symbol at 0x%llx", sym->name, i,
				 (unsigned long long)val);
			err = -ENOENT;
			goto out;
		}
	}
	pick_entries(cand, ncand, len, pick);
	for (i = 0; i < len; i++) {
		const char *name;
		size_t nlen;
		json_t *o;

		if (!jsonw_utf8_valid(pick[i]->name)) {
			snprintf(c->err_buf, sizeof(c->err_buf),
				 "%s[%zu]: name of the entry symbol at %#llx (.symtab) is not valid UTF-8",
				 sym->name, i, (unsigned long long)pick[i]->addr);
			err = -EILSEQ;
			goto out;
		}
		name = syscall_name(pick[i]->name, &nlen);
		o = json_pack("{s:I, s:s%, s:s, s:b}", "nr", (json_int_t)i,
			      "name", name, nlen, "entry", pick[i]->name,
			      "available", slot_available(pick[i]));
		if (!o || json_array_append_new(arr, o)) {
			err = -ENOMEM;
			goto out;
		}
	}
out:
	free(cand);
	free(pick);
	free(ncand);
	return err;
}

static int build(struct ctx *c, json_t **out)
{
	json_t *doc = json_object();
	size_t i;
	int err = 0;

	if (!doc)
		return -ENOMEM;
	for (i = 0; i < sizeof(table_names) / sizeof(table_names[0]); i++) {
		const struct ksym *sym = ksyms_by_name(c->ks, table_names[i]);
		json_t *arr;

		if (!sym || sym->shndx == SHN_UNDEF)
			continue;
		arr = json_array();
		if (!arr || json_object_set_new(doc, table_names[i], arr)) {
			err = -ENOMEM;
			break;
		}
		err = dump_table(c, sym, arr);
		if (err)
			break;
	}
	if (!err && !json_object_size(doc)) {
		snprintf(c->err_buf, sizeof(c->err_buf),
			 "no syscall table symbol (sys_call_table...)");
		err = -ENOENT;
	}
	if (err) {
		json_decref(doc);
		return err;
	}
	*out = doc;
	return 0;
}

static int syscalls_run(struct extract_run *r)
{
	struct ctx c = { .img = r->img };
	json_t *doc = NULL;
	int err;

	kimage_kdata(r->img, &c.kd);
	kimage_syms(r->img, &c.ks);
	err = build(&c, &doc);
	if (err && c.err_buf[0])
		extract_err(r, r->input, 0, "%s", c.err_buf);
	if (!err)
		err = json_write_tables(r->out[0], doc);
	btf_index_free(c.bidx);
	return err;
}

const struct extractor extractor_syscalls = {
	.name = "syscalls",
	.summary = "Write the syscall tables of a kernel image (sys_call_table,\n"
		   "compat/ia32/x32/emu tables): per slot the syscall name, the entry\n"
		   "symbol a kprobe attaches to, and whether it is implemented\n"
		   "(docs/schema-syscalls.md). BTF (for __NR_syscalls) is optional.",
	.input = "VMLINUX",
	.outputs = { "syscalls.json" },
	.needs = NEED_IMAGE | NEED_SYMS | NEED_KDATA | OPT_BTF,
	.run = syscalls_run,
};
