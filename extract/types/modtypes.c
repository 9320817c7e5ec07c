// SPDX-License-Identifier: MIT
/*
 * Module types (modtypes.h). pahole encodes a module's .BTF as split BTF
 * deduplicated against the vmlinux's, but a type it could not match
 * exactly (a forward declaration on one side, a static struct of the same
 * name) is repeated in the module: names, not ids, decide what the
 * vmlinux already lists. A type from a header that several modules include
 * is repeated in each of them; one line is written per name:
 *
 *  - as for the vmlinux (btftypes.c): zero-member stubs dropped beside a
 *    definition with members, then the most members, ties to the smallest
 *    line; "duplicates" counts the other distinct definitions;
 *  - of the modules that carry that same definition, the one most of the
 *    others depend on (.modinfo depends=), which is the module that
 *    defines it when the others use its header (nf_conntrack for
 *    nf_nat's copies); ties to the smallest module name.
 *
 * So the choice depends on content only, never on the order of the store.
 */
#include "extract/types/modtypes.h"
#include "formats/btf_walk.h"
#include "schema/jsonl.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------- vmlinux names */

static int cmp_vname(const void *a, const void *b)
{
	const struct modtypes_vname *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->kind - y->kind;
}

static bool vmlinux_has(const struct modtypes *mt, const char *name, enum btftypes_kind kind)
{
	struct modtypes_vname key = { name, kind };

	return mt->nvnames &&
	       bsearch(&key, mt->vnames, mt->nvnames, sizeof(key), cmp_vname);
}

int modtypes_init(struct modtypes *mt, const struct btf *vmlinux)
{
	__u32 id, n = btf__type_cnt(vmlinux);
	size_t cap = 0;
	int k;

	memset(mt, 0, sizeof(*mt));
	mt->vmlinux = vmlinux;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(vmlinux, id);

		if (!t->name_off)
			continue;
		for (k = 0; k < BTFTYPES_NR; k++) {
			struct modtypes_vname *v;

			if (!btftypes_kind_of(t, k))
				continue;
			v = mem_add((void **)&mt->vnames, &cap, &mt->nvnames, sizeof(*v));
			if (!v)
				return -ENOMEM;
			v->name = btf_name(vmlinux, t->name_off);
			v->kind = k;
		}
	}
	if (mt->nvnames)
		qsort(mt->vnames, mt->nvnames, sizeof(*mt->vnames), cmp_vname);
	return 0;
}

/* ------------------------------------------------------------ collecting */

static int add_mod(struct modtypes *mt, const char *module, const char *depends)
{
	struct modtypes_mod *m = mem_add((void **)&mt->mods, &mt->capmods, &mt->nmods,
					 sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->name = strdup(module);
	m->depends = strdup(depends);
	return m->name && m->depends ? 0 : -ENOMEM;
}

int modtypes_add(struct modtypes *mt, const struct btf *split, const char *module,
		 const char *depends)
{
	const struct btf *base = btf__base_btf(split);
	__u32 id = base ? btf__type_cnt(base) : 1, n = btf__type_cnt(split);
	int err, k;

	err = add_mod(mt, module, depends);
	if (err)
		return err;
	for (; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(split, id);
		const char *name = t->name_off ? btf_name(split, t->name_off) : "";

		for (k = 0; k < BTFTYPES_NR; k++) {
			struct modtypes_def *d;

			if (!btftypes_kind_of(t, k))
				continue;
			if (!*name) {
				mt->anon_enums += k == BTFTYPES_ENUM;
				continue;
			}
			if (vmlinux_has(mt, name, k)) {
				mt->shadowed++;
				continue;
			}
			d = mem_add((void **)&mt->defs[k], &mt->cap[k], &mt->cnt[k], sizeof(*d));
			if (!d)
				return -ENOMEM;
			memset(d, 0, sizeof(*d));
			d->mod = mt->mods[mt->nmods - 1].name;
			d->depends = mt->mods[mt->nmods - 1].depends;
			d->vlen = btf_vlen(t);
			d->name = strdup(name);
			if (!d->name)
				return -ENOMEM;
			err = btftypes_line(split, id, k, &d->line);
			if (err)
				return err;
		}
	}
	return 0;
}

/* -------------------------------------------------------------- choosing */

static int cmp_def(const void *a, const void *b)
{
	const struct modtypes_def *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (!c)
		c = strcmp(x->line, y->line);
	if (!c)
		c = strcmp(x->mod, y->mod);
	return c;
}

/* Are @a[0..n) and @name the same module name? modpost writes depends=
 * with the file's '-' (nvme-core) where name= has '_' (nvme_core). */
static bool same_module(const char *a, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = name[i] == '-' ? '_' : name[i];

		if (!name[i] || x != y)
			return false;
	}
	return !name[n];
}

/* Does the comma-separated @list name @name? */
static bool list_has(const char *list, const char *name)
{
	const char *p = list;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (same_module(p, len, name))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* Of the definitions d[0..n) (one line, sorted by module name): the module
 * most of the others depend on; ties to the first. */
static const char *pick_module(const struct modtypes_def *d, size_t n)
{
	size_t i, j, best = 0, best_score = 0;

	for (i = 0; n > 1 && i < n; i++) {
		size_t score = 0;

		for (j = 0; j < n; j++)
			score += j != i && list_has(d[j].depends, d[i].mod);
		if (score > best_score) {
			best = i;
			best_score = score;
		}
	}
	return d[best].mod;
}

static int make_line(struct modtypes *mt, enum btftypes_kind k, const struct modtypes_def *best,
		     const char *mod, size_t distinct)
{
	struct btftypes_extra_line *l;
	json_t *parsed = json_loads(best->line, 0, NULL), *obj = json_object();
	char *line = NULL;
	int err = -ENOMEM;

	if (!parsed || !obj)
		goto out;
	/* "module" right after "name": the documented key order */
	if (json_object_set_new(obj, "name", json_string(best->name)) ||
	    json_object_set_new(obj, "module", json_string(mod)) ||
	    json_object_update(obj, parsed))
		goto out;
	if (distinct > 1 && json_object_set_new(obj, "duplicates", json_integer(distinct - 1)))
		goto out;
	line = json_dumps(obj, JSONL_FLAGS);
	if (!line)
		goto out;
	l = mem_add((void **)&mt->out[k], &mt->capout[k], &mt->nout[k], sizeof(*l));
	if (!l)
		goto out;
	l->name = best->name;
	l->line = line;
	l->duplicates = distinct > 1;
	line = NULL;
	err = 0;
out:
	free(line);
	json_decref(parsed);
	json_decref(obj);
	return err;
}

/* One name: d[0..n), sorted by line then module. */
static int finish_group(struct modtypes *mt, enum btftypes_kind k, const struct modtypes_def *d,
			size_t n)
{
	const struct modtypes_def *best = NULL;
	size_t i, j, distinct = 0, best_i = 0, best_n = 0;
	__u16 max_vlen = 0;

	for (i = 0; i < n; i++)
		if (d[i].vlen > max_vlen)
			max_vlen = d[i].vlen;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(d[i].line, d[j].line); j++)
			;
		if (max_vlen && !d[i].vlen)
			continue;	/* a zero-member stub beside a real definition */
		distinct++;
		/* lines ascend: the first with the most members is the smallest */
		if (!best || d[i].vlen > best->vlen) {
			best = &d[i];
			best_i = i;
			best_n = j - i;
		}
	}
	return make_line(mt, k, best, pick_module(d + best_i, best_n), distinct);
}

int modtypes_finish(struct modtypes *mt)
{
	size_t i, j;
	int k, err;

	for (k = 0; k < BTFTYPES_NR; k++) {
		if (mt->cnt[k])
			qsort(mt->defs[k], mt->cnt[k], sizeof(*mt->defs[k]), cmp_def);
		for (i = 0; i < mt->cnt[k]; i = j) {
			for (j = i + 1; j < mt->cnt[k] &&
			     !strcmp(mt->defs[k][i].name, mt->defs[k][j].name); j++)
				;
			err = finish_group(mt, k, mt->defs[k] + i, j - i);
			if (err)
				return err;
		}
	}
	return 0;
}

void modtypes_extra(const struct modtypes *mt, enum btftypes_kind kind,
		    struct btftypes_extra *x)
{
	x->v = mt->out[kind];
	x->cnt = mt->nout[kind];
}

void modtypes_free(struct modtypes *mt)
{
	size_t i;
	int k;

	for (k = 0; k < BTFTYPES_NR; k++) {
		for (i = 0; i < mt->cnt[k]; i++) {
			free(mt->defs[k][i].name);
			free(mt->defs[k][i].line);
		}
		free(mt->defs[k]);
		for (i = 0; i < mt->nout[k]; i++)
			free((char *)mt->out[k][i].line);
		free(mt->out[k]);
	}
	for (i = 0; i < mt->nmods; i++) {
		free(mt->mods[i].name);
		free(mt->mods[i].depends);
	}
	free(mt->mods);
	free(mt->vnames);
	memset(mt, 0, sizeof(*mt));
}
