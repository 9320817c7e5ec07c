// SPDX-License-Identifier: MIT
/*
 * depsurf-registers: the struct pt_regs layout of a kernel image and where
 * kprobes find arguments, the return value and syscall arguments in it
 * (docs/schema-registers.md).
 */
#include "extract/registers/conventions.h"
#include "schema/btfjson.h"
#include "formats/btfload.h"
#include "util/diag.h"
#include "formats/elfinfo.h"
#include "schema/jsonl.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: depsurf-registers [--btf FILE] VMLINUX -o registers.json\n"
		"Write the struct pt_regs layout of a kernel image (from BTF), the pt_regs\n"
		"members holding function arguments 1..N, the return value and syscall\n"
		"arguments (libbpf's PT_REGS_PARMn/PT_REGS_RC/PT_REGS_PARMn_SYSCALL for the\n"
		"image's ELF machine), and whether syscall entry points take a\n"
		"struct pt_regs * (derived from the symbol table).\n"
		"\n"
		"  -o, --output FILE   output file\n"
		"      --btf FILE      BTF from FILE (pahole --btf_encode_detached) instead\n"
		"                      of VMLINUX's .BTF section\n"
		"  -h, --help          this help\n");
}

/* The struct pt_regs with the most members (BTF may hold a stub too). */
static const struct btf_type *find_pt_regs(const struct btf *btf)
{
	const struct btf_type *best = NULL;
	__u32 id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_struct(t) && !strcmp(btf__name_by_offset(btf, t->name_off), "pt_regs") &&
		    (!best || btf_vlen(t) > btf_vlen(best)))
			best = t;
	}
	return best;
}

/* @id with typedefs and qualifiers peeled off. */
static const struct btf_type *resolve(const struct btf *btf, __u32 id, __u32 *out_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_typedef(t) || btf_is_mod(t) || btf_is_type_tag(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (out_id)
		*out_id = id;
	return t;
}

/*
 * Byte offset of member path @reg ("di", "regs[3]") in struct/union @t,
 * looking through anonymous members. -ENOENT when absent, -ERANGE for an
 * index outside the array.
 */
static int member_offset(const struct btf *btf, const struct btf_type *t, const char *name,
			 size_t nlen, long idx, long *off)
{
	const struct btf_member *m = btf_members(t);
	__u16 i;

	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(btf, m->name_off);
		long base = btf_member_bit_offset(t, i) / 8;
		const struct btf_type *mt;
		__u32 mid;

		mt = resolve(btf, m->type, &mid);
		if (!mt)
			return -EINVAL;
		if (!*mn && btf_is_composite(mt)) {
			long inner;

			if (!member_offset(btf, mt, name, nlen, idx, &inner)) {
				*off = base + inner;
				return 0;
			}
			continue;
		}
		if (strlen(mn) != nlen || strncmp(mn, name, nlen))
			continue;
		if (idx < 0) {
			*off = base;
			return 0;
		}
		if (!btf_is_array(mt) || (unsigned long)idx >= btf_array(mt)->nelems)
			return -ERANGE;
		*off = base + idx * btf__resolve_size(btf, btf_array(mt)->type);
		return 0;
	}
	return -ENOENT;
}

static int reg_offset(const struct btf *btf, const struct btf_type *pt_regs, const char *reg,
		      long *off)
{
	const char *br = strchr(reg, '[');
	long idx = -1;

	if (br)
		idx = strtol(br + 1, NULL, 10);
	return member_offset(btf, pt_regs, reg, br ? (size_t)(br - reg) : strlen(reg), idx, off);
}

struct syms {
	Elf_Data *data;
	Elf_Data *strs;
	size_t cnt;
	size_t strndx;
};

/* Address of FUNC/NOTYPE symbol @name, 0 if absent. */
static GElf_Addr sym_addr(const struct elfinfo *ei, const struct syms *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->cnt; i++) {
		GElf_Sym sym;
		const char *n;

		if (!gelf_getsym(s->data, i, &sym))
			continue;
		n = elf_strptr(ei->elf, s->strndx, sym.st_name);
		if (n && !strcmp(n, name))
			return sym.st_value;
	}
	return 0;
}

static int load_syms(const struct elfinfo *ei, struct syms *s)
{
	GElf_Shdr sh;
	Elf_Scn *scn = elfinfo_section(ei, ".symtab", &sh);

	if (!scn || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
		return -ENOENT;
	s->data = elf_getdata(scn, NULL);
	if (!s->data)
		return -EBADMSG;
	s->cnt = sh.sh_size / sh.sh_entsize;
	s->strndx = sh.sh_link;
	return 0;
}

/*
 * WRAPPER_PREFIX: any FUNC symbol starting with the prefix ("__x64_sys_"). WRAPPER_NOT_ALIAS (powerpc
 * >= 6.1 wraps under the plain name): without the wrapper, sys_X is an alias
 * of __se_sys_X (or SyS_X before 4.17); with it, sys_X is its own function.
 * Decided by the majority of sys_X symbols.
 */
static int syscall_wrapper(const struct elfinfo *ei, const struct regconv *rc, bool *wrapped)
{
	struct syms s = { 0 };
	size_t i, alias = 0, own = 0;
	int err;

	*wrapped = false;
	if (rc->wrapper == WRAPPER_NEVER)
		return 0;
	err = load_syms(ei, &s);
	if (err)
		return err;
	for (i = 0; i < s.cnt; i++) {
		GElf_Sym sym;
		const char *n;
		char buf[256];
		GElf_Addr a;

		if (!gelf_getsym(s.data, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC)
			continue;
		n = elf_strptr(ei->elf, s.strndx, sym.st_name);
		if (!n)
			continue;
		if (rc->wrapper == WRAPPER_PREFIX) {
			if (!strncmp(n, rc->wrapper_prefix, strlen(rc->wrapper_prefix))) {
				*wrapped = true;
				return 0;
			}
			continue;
		}
		if (strncmp(n, "sys_", 4) || strlen(n) > 200)
			continue;
		snprintf(buf, sizeof(buf), "__se_%s", n);
		a = sym_addr(ei, &s, buf);
		if (!a) {
			snprintf(buf, sizeof(buf), "SyS_%s", n + 4);
			a = sym_addr(ei, &s, buf);
		}
		if (a == sym.st_value)
			alias++;
		else
			own++;
	}
	*wrapped = own > alias;
	return 0;
}

static int add_regs(json_t *doc, const char *key, const char *const *regs, json_t *offsets,
		    const struct btf *btf, const struct btf_type *pt_regs, const char **bad)
{
	json_t *arr = json_array();
	int err;

	if (!arr || json_object_set_new(doc, key, arr))
		return -ENOMEM;
	for (; *regs; regs++) {
		long off;

		err = reg_offset(btf, pt_regs, *regs, &off);
		if (err) {
			*bad = *regs;
			return err;
		}
		if (json_array_append_new(arr, json_string(*regs)) ||
		    json_object_set_new(offsets, *regs, json_integer(off)))
			return -ENOMEM;
	}
	return 0;
}

static json_t *build(const char *arch, const struct regconv *rc,
		     const struct btf *btf, const struct btf_type *pt_regs, bool wrapped,
		     const char **bad, int *errp)
{
	json_t *doc = NULL, *offsets = json_object(), *members = btfjson_members(btf, pt_regs);
	long off;
	int err = -ENOMEM;

	if (!offsets || !members)
		goto out;
	doc = json_pack("{s:s, s:{s:I, s:O}}", "arch", arch, "pt_regs", "size",
			(json_int_t)pt_regs->size, "members", members);
	if (!doc)
		goto out;
	err = add_regs(doc, "args", rc->args, offsets, btf, pt_regs, bad);
	if (err)
		goto out;
	err = reg_offset(btf, pt_regs, rc->ret, &off);
	if (err) {
		*bad = rc->ret;
		goto out;
	}
	err = -ENOMEM;
	if (json_object_set_new(doc, "ret", json_string(rc->ret)) ||
	    json_object_set_new(offsets, rc->ret, json_integer(off)) ||
	    json_object_set_new(doc, "syscall_wrapper", json_boolean(wrapped)))
		goto out;
	err = add_regs(doc, "syscall_args", rc->syscall_args, offsets, btf, pt_regs, bad);
	if (err)
		goto out;
	err = json_object_set(doc, "offsets", offsets) ? -ENOMEM : 0;
out:
	json_decref(members);
	json_decref(offsets);
	if (err) {
		json_decref(doc);
		doc = NULL;
	}
	*errp = err;
	return doc;
}

int main(int argc, char **argv)
{
	const char *stage = "";
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "btf", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *vmlinux, *outpath = NULL, *btf_path = NULL, *arch, *errfile, *bad = NULL;
	struct elfinfo ei = { .fd = -1 };
	const struct regconv *rc;
	const struct btf_type *pt_regs;
	struct btf *btf = NULL;
	json_t *doc = NULL;
	bool wrapped;
	char msg[512];
	int c, err;

	diag_set_prog(argv[0]);
	libbpf_set_print(NULL);
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outpath = optarg;
			break;
		case 'b':
			btf_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc || !outpath) {
		usage(stderr);
		return 2;
	}
	vmlinux = argv[optind];
	err = elfinfo_open(&ei, vmlinux);
	if (err) {
		diag_err(vmlinux, "%s", elfinfo_strerror(err));
		goto out;
	}
	arch = elfinfo_arch(&ei);
	rc = regconv_find(arch);
	if (!rc) {
		diag_err(vmlinux, "no register convention known for %s (e_machine %u)",
			 arch ? arch : "this architecture", ei.ehdr.e_machine);
		err = -ENOTSUP;
		goto out;
	}
	err = syscall_wrapper(&ei, rc, &wrapped);
	if (err) {
		diag_err(vmlinux, "%s", err == -ENOENT ? "no .symtab (stripped image)"
						       : elfinfo_strerror(err));
		goto out;
	}
	err = btfload_image(&ei, vmlinux, btf_path, &btf, &errfile, msg, sizeof(msg));
	if (err) {
		diag_err(errfile, "%s", msg);
		goto out;
	}
	pt_regs = find_pt_regs(btf);
	if (!pt_regs) {
		diag_err(btf_path ? btf_path : vmlinux, "no struct pt_regs in BTF");
		err = -ENOENT;
		goto out;
	}
	doc = build(arch, rc, btf, pt_regs, wrapped, &bad, &err);
	if (!doc) {
		if (bad)
			diag_err(btf_path ? btf_path : vmlinux,
				 "struct pt_regs has no member %s (%s convention)", bad, arch);
		else
			diag_err(vmlinux, "%s", strerror(-err));
		goto out;
	}
	err = json_save_doc(outpath, doc, &stage);
	doc = NULL;
	if (err)
		diag_err(outpath, "cannot %s: %s", stage, strerror(-err));
out:
	json_decref(doc);
	btf__free(btf);
	elfinfo_close(&ei);
	return err ? 1 : 0;
}
