// SPDX-License-Identifier: MIT
/*
 * depsurf-registers: the struct pt_regs layout of a kernel image and where
 * kprobes find arguments, the return value and syscall arguments in it
 * (docs/schema-registers.md).
 */
#include "extract/driver/driver.h"
#include "extract/registers/conventions.h"
#include "formats/btf_walk.h"
#include "schema/btfjson.h"
#include "schema/jsonl.h"
#include "util/errors.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The struct pt_regs with the most members (BTF may hold a stub too). */
static const struct btf_type *find_pt_regs(const struct btf *btf)
{
	const struct btf_type *best = NULL;
	__u32 id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_struct(t) && !strcmp(btf_name(btf, t->name_off), "pt_regs") &&
		    (!best || btf_vlen(t) > btf_vlen(best)))
			best = t;
	}
	return best;
}

/*
 * Byte offset of member path @reg ("di", "regs[3]") in struct/union @t,
 * looking through anonymous members. -ENOENT when absent, -ERANGE for an
 * index outside the array, -DS_ERRNO__BTF* for a corrupt BTF (a cycle of
 * anonymous members, a chain too deep: formats/btf_walk.h).
 */
static int member_offset(const struct btf *btf, const struct btf_type *t, const char *name,
			 size_t nlen, long idx, long *off, int depth)
{
	const struct btf_member *m = btf_members(t);
	__u16 i;
	int err = btf_walk_enter(&depth);

	if (err)
		return err;
	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf_name(btf, m->name_off);
		long base = btf_member_bit_offset(t, i) / 8;
		const struct btf_type *mt;
		__u32 mid = m->type;

		mt = btf_walk_peel(btf, &mid, &err);
		if (err)
			return err;
		if (!mt)
			return -EINVAL;
		if (!*mn && btf_is_composite(mt)) {
			long inner;

			err = member_offset(btf, mt, name, nlen, idx, &inner, depth);
			if (!err) {
				*off = base + inner;
				return 0;
			}
			if (err == -DS_ERRNO__BTFLOOP || err == -DS_ERRNO__BTFREF)
				return err;
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
	return member_offset(btf, pt_regs, reg, br ? (size_t)(br - reg) : strlen(reg), idx, off, 0);
}

/*
 * WRAPPER_PREFIX: any FUNC symbol starting with the prefix ("__x64_sys_"). WRAPPER_NOT_ALIAS (powerpc
 * >= 6.1 wraps under the plain name): without the wrapper, sys_X is an alias
 * of __se_sys_X (or SyS_X before 4.17); with it, sys_X is its own function.
 * Decided by the majority of sys_X symbols.
 */
static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Is sys_X (@sym) an alias of __se_sys_X / SyS_X, by address? */
static bool is_alias(const struct ksyms *ks, const struct ksym *sym)
{
	const struct ksym *impl;
	char buf[256];

	snprintf(buf, sizeof(buf), "__se_%s", sym->name);
	impl = ksyms_by_name(ks, buf);
	if (!impl) {
		snprintf(buf, sizeof(buf), "SyS_%s", sym->name + 4);
		impl = ksyms_by_name(ks, buf);
	}
	return impl && impl->addr == sym->addr;
}

static bool syscall_wrapper(const struct ksyms *ks, const struct regconv *rc)
{
	size_t i, n = ksyms_count(ks), alias = 0, own = 0;

	if (rc->wrapper == WRAPPER_NEVER)
		return false;
	for (i = 0; i < n; i++) {
		const struct ksym *sym = ksyms_get(ks, i);

		if (sym->type != STT_FUNC)
			continue;
		if (rc->wrapper == WRAPPER_PREFIX) {
			if (starts_with(sym->name, rc->wrapper_prefix))
				return true;
			continue;
		}
		if (!starts_with(sym->name, "sys_") || strlen(sym->name) > 200)
			continue;
		if (is_alias(ks, sym))
			alias++;
		else
			own++;
	}
	return own > alias;
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

static int registers_run(struct extract_run *r)
{
	const char *arch = kimage_arch(r->img), *bad = NULL;
	const struct regconv *rc = regconv_find(arch);
	const struct btf_type *pt_regs;
	const struct ksyms *ks;
	const struct btf *btf;
	json_t *doc;
	int err;

	if (!rc)
		return extract_err(r, r->input, 0, "no register convention known for %s (e_machine %u)",
				   arch ? arch : "this architecture", r->img->ehdr.e_machine);
	kimage_syms(r->img, &ks);
	kimage_btf(r->img, &btf);
	pt_regs = find_pt_regs(btf);
	if (!pt_regs)
		return extract_err(r, kimage_btf_file(r->img), 0, "no struct pt_regs in BTF");
	doc = build(arch, rc, btf, pt_regs, syscall_wrapper(ks, rc), &bad, &err);
	if (!doc && (err == -DS_ERRNO__BTFLOOP || err == -DS_ERRNO__BTFREF))
		return extract_err(r, kimage_btf_file(r->img), err, "struct pt_regs");
	if (!doc && bad)
		return extract_err(r, kimage_btf_file(r->img), 0,
				   "struct pt_regs has no member %s (%s convention)", bad, arch);
	if (!doc)
		return err;
	return json_write_doc(r->out[0], doc);
}

const struct extractor extractor_registers = {
	.name = "registers",
	.summary = "Write the struct pt_regs layout of a kernel image (from BTF), the pt_regs\n"
		   "members holding function arguments 1..N, the return value and syscall\n"
		   "arguments (libbpf's PT_REGS_PARMn/PT_REGS_RC/PT_REGS_PARMn_SYSCALL for the\n"
		   "image's ELF machine), and whether syscall entry points take a\n"
		   "struct pt_regs * (derived from the symbol table; docs/schema-registers.md).",
	.input = "VMLINUX",
	.outputs = { "registers.json" },
	.needs = NEED_IMAGE | NEED_SYMS | NEED_BTF,
	.run = registers_run,
};
