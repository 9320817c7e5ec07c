// SPDX-License-Identifier: MIT
/*
 * Prototypes: the BTF FUNC of the group's name (its FUNC_PROTO: return type,
 * parameter names and types), else the DWARF of the group's first
 * definition (the external one if any): DW_AT_type and the
 * DW_TAG_formal_parameter children, "..." for DW_TAG_unspecified_parameters.
 * Both spell types with the shared printers (normalize/ctype*.h), which
 * agree by construction (tests/funcs/test-protos.sh checks it).
 */
#include "extract/funcs/funcs.h"
#include "formats/btf_walk.h"
#include "normalize/ctype.h"
#include "normalize/ctype_dwarf.h"
#include "util/mem.h"
#include "util/sbuf.h"

#include <bpf/btf.h>
#include <dwarf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NO_FUNC 0

/* Group index → first BTF FUNC id of that name (0: none). */
static int index_btf(const struct model *m, const struct btf *btf,
		     uint32_t **out)
{
	uint32_t *func = calloc(m->nr_groups ? m->nr_groups : 1, sizeof(*func));
	uint32_t *by_name = NULL;
	__u32 id, n;
	size_t i;

	*out = func;
	if (!func)
		return -ENOMEM;
	if (!btf)
		return 0;
	/* names id → group index */
	by_name = malloc((strtab_count(m->names) + 1) * sizeof(*by_name));
	if (!by_name)
		return -ENOMEM;
	memset(by_name, 0xff, (strtab_count(m->names) + 1) * sizeof(*by_name));
	for (i = 0; i < m->nr_groups; i++)
		by_name[m->groups[i].name] = i;
	n = btf__type_cnt(btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;
		int64_t nid;

		if (!btf_is_func(t))
			continue;
		name = btf_name(btf, t->name_off);
		if (!*name)
			continue;
		nid = strtab_find(m->names, name, strlen(name));
		if (nid <= 0 || by_name[nid] == UINT32_MAX)
			continue;
		if (!func[by_name[nid]])
			func[by_name[nid]] = id;
	}
	free(by_name);
	return 0;
}

static int add_param(struct fn_group *g, size_t *cap, const char *name,
		     char *type)
{
	struct fn_param *p;

	if (!type)
		return errno ? -errno : -ENOMEM;
	p = mem_add((void **)&g->params, cap, &g->nr_params, sizeof(*p));
	if (!p) {
		free(type);
		return -ENOMEM;
	}
	p->type = type;
	p->name = strdup(name ? name : "");
	return p->name ? 0 : -ENOMEM;
}

static int btf_proto(struct fn_group *g, const struct btf *btf, __u32 func)
{
	const struct btf_type *fn = btf__type_by_id(btf, func);
	const struct btf_type *proto = btf__type_by_id(btf, fn->type);
	const struct btf_param *p;
	size_t cap = 0;
	__u16 i, n;
	int err;

	if (!proto || !btf_is_func_proto(proto))
		return -EINVAL;
	g->ret = ctype_btf_str(btf, proto->type);
	if (!g->ret)
		return -errno;
	p = btf_params(proto);
	n = btf_vlen(proto);
	for (i = 0; i < n; i++, p++) {
		bool varargs = !p->type && i + 1 == n;

		errno = 0;
		err = add_param(g, &cap, btf_name(btf, p->name_off),
				varargs ? strdup("...")
					: ctype_btf_str(btf, p->type));
		if (err)
			return err;
	}
	g->proto_src = "btf";
	return 0;
}

/* Does @d's address hold an exact-name symbol of @g? */
static bool def_is_body(const struct fsyms *fs, const struct fn_group *g,
			const struct fn_def *d)
{
	size_t i;

	if (d->addr == NO_ADDR)
		return false;
	for (i = 0; i < g->nr_syms; i++) {
		const struct fn_sym *s = &fs->syms[g->syms[i]];

		if (s->addr == d->addr && !strchr(s->name, '.'))
			return true;
	}
	return false;
}

/*
 * The def whose DWARF gives the prototype: the one at the exact-name
 * symbol (what kprobes and BTF see), else an external one with a body,
 * else any with a body, else the first external, else the first.
 */
static const struct fn_def *proto_def(const struct model *m,
				      const struct fsyms *fs,
				      const struct fn_group *g)
{
	const struct fn_def *best = NULL;
	int best_score = -1;
	size_t i;

	for (i = 0; i < g->nr_defs; i++) {
		const struct fn_def *d = &m->defs[g->defs[i]];
		int score = def_is_body(fs, g, d) ? 4 :
			    d->addr != NO_ADDR ? (d->external ? 3 : 2) :
			    d->external ? 1 : 0;

		if (score > best_score) {
			best = d;
			best_score = score;
		}
	}
	return best;
}

/* The DIE of @def; when it has no parameters itself but specifies a
 * declaration, that declaration (it then holds them). */
static Dwarf_Die *def_die(Dwarf *dwarf, const struct dwalk *dw,
			  const struct fn_def *def, Dwarf_Die *mem)
{
	const struct fn_sp *sp = &dw->sps[def->sp];
	Dwarf_Die child;

	if (!dwarf_offdie(dwarf, sp->off, mem))
		return NULL;
	if ((sp->flags & SP_SPEC) && dwarf_child(mem, &child) != 0 &&
	    !dwarf_hasattr(mem, DW_AT_type))
		return dwarf_offdie(dwarf, sp->origin, mem);
	return mem;
}

static int dwarf_proto(struct fn_group *g, Dwarf *dwarf, const struct dwalk *dw,
		       const struct fn_def *def)
{
	Dwarf_Die mem, tmem, p, *die = def_die(dwarf, dw, def, &mem);
	size_t cap = 0;
	int rc, err;

	if (!die)
		return -EBADMSG;
	g->ret = ctype_dwarf_str(ctype_dwarf_type_of(die, &tmem));
	if (!g->ret)
		return -errno;
	rc = dwarf_child(die, &p);
	while (rc == 0) {
		int tag = dwarf_tag(&p);

		if (tag == DW_TAG_formal_parameter) {
			err = add_param(g, &cap, dwarf_diename(&p),
					ctype_dwarf_str(ctype_dwarf_type_of(&p, &tmem)));
			if (err)
				return err;
		} else if (tag == DW_TAG_unspecified_parameters) {
			err = add_param(g, &cap, "", strdup("..."));
			if (err)
				return err;
			break;
		}
		rc = dwarf_siblingof(&p, &p);
	}
	if (rc < 0)
		return -EBADMSG;
	g->proto_src = "dwarf";
	return 0;
}

static void clear_proto(struct fn_group *g)
{
	size_t j;

	free(g->ret);
	g->ret = NULL;
	for (j = 0; j < g->nr_params; j++) {
		free(g->params[j].name);
		free(g->params[j].type);
	}
	free(g->params);
	g->params = NULL;
	g->nr_params = 0;
	g->proto_src = NULL;
}

int proto_fill(struct model *m, const struct fsyms *fs,
	       const struct btf *btf, Dwarf *dwarf, const struct dwalk *dw)
{
	uint32_t *func;
	size_t i;
	int err;

	err = index_btf(m, btf, &func);
	for (i = 0; !err && i < m->nr_groups; i++) {
		struct fn_group *g = &m->groups[i];
		const struct fn_def *def;

		if (func[i]) {
			err = btf_proto(g, btf, func[i]);
			if (err != -EINVAL)
				continue;
			clear_proto(g);	/* a FUNC without FUNC_PROTO: use DWARF */
			err = 0;
		}
		def = proto_def(m, fs, g);
		if (def)
			err = dwarf_proto(g, dwarf, dw, def);
	}
	free(func);
	return err;
}

/* "ret (t1, t2)" from a filled prototype. */
static char *spell(const struct fn_group *g)
{
	struct sbuf sb;
	size_t i;

	sbuf_init(&sb);
	sbuf_add(&sb, g->ret);
	sbuf_add(&sb, " (");
	for (i = 0; i < g->nr_params; i++) {
		if (i)
			sbuf_add(&sb, ", ");
		sbuf_add(&sb, g->params[i].type);
		if (*g->params[i].name) {
			sbuf_add(&sb, " ");
			sbuf_add(&sb, g->params[i].name);
		}
	}
	sbuf_add(&sb, ")");
	return sbuf_detach(&sb);
}

int proto_compare(const struct model *m, const struct fsyms *fs,
		  const struct btf *btf, Dwarf *dwarf, const struct dwalk *dw,
		  proto_cmp_fn fn, void *ctx, size_t *nr_both)
{
	uint32_t *func;
	size_t i, j;
	int err;

	*nr_both = 0;
	err = index_btf(m, btf, &func);
	for (i = 0; !err && i < m->nr_groups; i++) {
		const struct fn_group *g = &m->groups[i];
		const struct fn_def *def = proto_def(m, fs, g);
		struct fn_group a = { 0 };
		char *sa = NULL, *first = NULL;
		bool agree = false;

		if (!func[i] || !def)
			continue;
		err = btf_proto(&a, btf, func[i]);
		if (!err && !(sa = spell(&a)))
			err = -ENOMEM;
		/* the preferred def first, then the others: a name with
		 * several bodies agrees when one of them has BTF's prototype */
		for (j = 0; !err && !agree && j <= g->nr_defs; j++) {
			const struct fn_def *d = j ? &m->defs[g->defs[j - 1]] : def;
			struct fn_group b = { 0 };
			char *sb;

			if (j && d == def)
				continue;
			err = dwarf_proto(&b, dwarf, dw, d);
			sb = err ? NULL : spell(&b);
			if (!err && !sb)
				err = -ENOMEM;
			clear_proto(&b);
			if (err)
				break;
			agree = !strcmp(sa, sb);
			if (!first)
				first = sb;
			else
				free(sb);
		}
		if (!err) {
			(*nr_both)++;
			fn(ctx, strtab_str(m->names, g->name), sa,
			   agree ? sa : first);
		}
		if (err == -EINVAL)	/* a FUNC without FUNC_PROTO */
			err = 0;
		free(sa);
		free(first);
		clear_proto(&a);
	}
	free(func);
	return err;
}
