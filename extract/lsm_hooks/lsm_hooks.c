// SPDX-License-Identifier: MIT
/*
 * depsurf-lsm_hooks: the LSM hooks of a kernel image an `lsm/` BPF program
 * can name (docs/schema-lsm-hooks.md), one JSON line per hook, by name.
 *
 * The hook list is the member list of the kernel's hook table, read from
 * BTF: `struct security_hook_heads` (one hlist_head per hook, from 4.2;
 * debian 5.10, 6.1) or, after the kernel's "lsm: replace indirect LSM hook
 * calls with static calls" series, `struct lsm_static_calls_table` (debian
 * 6.12, 7.2). Both are generated from include/linux/lsm_hook_defs.h, the
 * list `union security_list_options` is made of too (docs/schema-lsm-hooks.md
 * says why the union is not the list).
 *
 * The prototype: BPF LSM programs attach to the BTF FUNC bpf_lsm_<hook>
 * (kernel/bpf/bpf_lsm.c defines one per hook with CONFIG_BPF_LSM, named
 * parameters); without it, the hook's member of security_list_options, a
 * pointer to a FUNC_PROTO whose parameters BTF leaves unnamed.
 */
#include "extract/driver/driver.h"
#include "formats/btf_index.h"
#include "formats/btf_walk.h"
#include "schema/btfjson.h"
#include "schema/jsonl.h"
#include "util/diag.h"
#include "util/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hook tables, newest first. */
static const char *const hook_tables[] = { "lsm_static_calls_table", "security_hook_heads" };

struct hook {
	const char *name;	/* borrowed from the BTF */
};

struct lsm_ctx {
	const struct btf *btf;
	struct btf_index *idx;
	struct hook *hooks;
	size_t nr, cap;
	__u32 options;		/* union security_list_options, or 0 */
};

static int cmp_hook(const void *a, const void *b)
{
	return strcmp(((const struct hook *)a)->name, ((const struct hook *)b)->name);
}

/* The members of the newest hook table the BTF has; -ENOENT when none. */
static int collect_hooks(struct lsm_ctx *c, const char **table)
{
	const struct btf_type *t = NULL;
	const struct btf_member *m;
	size_t k;
	__u16 i;

	for (k = 0; k < sizeof(hook_tables) / sizeof(hook_tables[0]) && !t; k++) {
		__u32 id = btf_index_find(c->idx, hook_tables[k], BTF_KIND_STRUCT);

		t = id ? btf__type_by_id(c->btf, id) : NULL;
		*table = hook_tables[k];
	}
	if (!t)
		return -ENOENT;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++) {
		const char *name = btf_name(c->btf, m[i].name_off);
		struct hook *h;

		if (!*name)
			continue;
		h = mem_add((void **)&c->hooks, &c->cap, &c->nr, sizeof(*h));
		if (!h)
			return -ENOMEM;
		h->name = name;
	}
	if (c->nr)
		qsort(c->hooks, c->nr, sizeof(*c->hooks), cmp_hook);
	return 0;
}

/* The FUNC_PROTO of member @name of union security_list_options, or 0. */
static __u32 options_proto(const struct lsm_ctx *c, const char *name)
{
	const struct btf_type *u = c->options ? btf__type_by_id(c->btf, c->options) : NULL;
	const struct btf_member *m = u ? btf_members(u) : NULL;
	const struct btf_type *ptr, *fp;
	__u16 i;

	for (i = 0; u && i < btf_vlen(u); i++) {
		const char *n = btf_name(c->btf, m[i].name_off);

		if (strcmp(n, name))
			continue;
		ptr = btf__type_by_id(c->btf, m[i].type);
		if (!ptr || !btf_is_ptr(ptr))
			return 0;
		fp = btf__type_by_id(c->btf, ptr->type);
		return fp && btf_is_func_proto(fp) ? ptr->type : 0;
	}
	return 0;
}

static int write_hook(struct lsm_ctx *c, const struct hook *h, FILE *out)
{
	const struct btf_type *fn;
	char bpf_name[256];
	__u32 func, proto;
	json_t *pj, *o;

	snprintf(bpf_name, sizeof(bpf_name), "bpf_lsm_%s", h->name);
	func = btf_index_find(c->idx, bpf_name, BTF_KIND_FUNC);
	fn = func ? btf__type_by_id(c->btf, func) : NULL;
	proto = fn ? fn->type : options_proto(c, h->name);
	pj = proto ? btfjson_proto(c->btf, proto) : json_null();
	if (!pj)
		return -errno;
	o = json_pack("{s:s, s:o, s:s, s:b}", "name", h->name, "proto", pj, "proto_source",
		      fn ? "bpf_lsm" : proto ? "security_list_options" : "none", "bpf_lsm",
		      fn != NULL);
	if (!o)
		return -ENOMEM;
	return jsonl_write(out, o);
}

static int lsm_hooks_run(struct extract_run *r)
{
	struct lsm_ctx c = { 0 };
	const char *table = NULL;
	size_t i;
	int err;

	kimage_btf(r->img, &c.btf);
	err = btf_index_new(c.btf, &c.idx);
	if (err)
		return err;
	c.options = btf_index_find(c.idx, "security_list_options", BTF_KIND_UNION);
	err = collect_hooks(&c, &table);
	if (err == -ENOENT)	/* CONFIG_SECURITY=n: no hooks, not an error */
		err = 0, table = NULL;
	for (i = 0; !err && i < c.nr; i++)
		err = write_hook(&c, &c.hooks[i], r->out[0]);
	if (!err && r->progress)
		diag_info("%zu hooks (%s)", c.nr, table ? table : "no hook table");
	free(c.hooks);
	btf_index_free(c.idx);
	return err;
}

const struct extractor extractor_lsm_hooks = {
	.name = "lsm_hooks",
	.summary = "Write the LSM hooks of a kernel image (the members of its\n"
		   "security_hook_heads or lsm_static_calls_table), with each hook's\n"
		   "prototype and whether bpf_lsm_<hook> exists for lsm/ programs\n"
		   "(docs/schema-lsm-hooks.md).",
	.input = "VMLINUX",
	.outputs = { "lsm_hooks.jsonl" },
	.needs = NEED_IMAGE | NEED_BTF,
	.run = lsm_hooks_run,
};
