// SPDX-License-Identifier: MIT
/*
 * depsurf-kfuncs: the kfuncs of a kernel image (docs/schema-kfuncs.md): the
 * functions of its kfunc sets in .BTF_ids, and the FUNCs its BTF tags
 * "bpf_kfunc", with their BTF prototype, sets and KF_* flags.
 *
 * Two BTFs: the ids of .BTF_ids and the decl tags are those of the image's
 * own .BTF (resolve_btfids resolved the ids against it); the prototypes come
 * from the BTF every surface uses (--btf, else the same .BTF), looked up by
 * name, so kfuncs.jsonl and funcs.jsonl spell a prototype alike.
 */
#include "extract/driver/driver.h"
#include "extract/kfuncs/btfids.h"
#include "normalize/ctype.h"
#include "schema/jsonl.h"
#include "util/diag.h"
#include "util/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_SET SIZE_MAX

/* KF_* of include/linux/btf.h, by bit (docs/schema-kfuncs.md "Flags"). */
static const char *const kf_names[] = {
	"KF_ACQUIRE",		/* 1 << 0 */
	"KF_RELEASE",		/* 1 << 1 */
	"KF_RET_NULL",		/* 1 << 2 */
	"KF_KPTR_GET",		/* 1 << 3, dropped in 6.4 */
	"KF_TRUSTED_ARGS",	/* 1 << 4 */
	"KF_SLEEPABLE",		/* 1 << 5 */
	"KF_DESTRUCTIVE",	/* 1 << 6 */
	"KF_RCU",		/* 1 << 7 */
	"KF_ITER_NEW",		/* 1 << 8 */
	"KF_ITER_NEXT",		/* 1 << 9 */
	"KF_ITER_DESTROY",	/* 1 << 10 */
	"KF_RCU_PROTECTED",	/* 1 << 11 */
	"KF_FASTCALL",		/* 1 << 12 (6.12) */
	"KF_ARENA_RET",		/* 1 << 13 */
	"KF_ARENA_ARG1",	/* 1 << 14 */
	"KF_ARENA_ARG2",	/* 1 << 15 */
	"KF_IMPLICIT_ARGS",	/* 1 << 16 */
};

/* One reason a name is a kfunc: a member of set @set, or a decl tag. */
struct entry {
	const char *name;	/* the id BTF's string */
	size_t set;		/* index in btfids.sets, or NO_SET for a tag */
	uint32_t flags;
};

struct kfunc {
	const char *name;
	size_t first, nr;	/* its entries */
	__u32 proto_func;	/* FUNC id in the prototype BTF, 0: none */
};

struct stats {
	size_t sets, kfunc_sets, members, tagged, tag_only, untagged;
	size_t id_only, sym_only, clamped;
};

struct ctx {
	const struct btf *btf;		/* prototypes */
	const struct btf *ids_btf;	/* .BTF_ids ids and decl tags */
	struct btfids b;
	struct entry *ents;
	size_t nr_ents, cap_ents;
	struct kfunc *kf;
	size_t nr_kf;
	struct stats st;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * Which sets are kfunc sets (docs/schema-kfuncs.md "Which sets"):
 *  1. 6.9+: the set8s whose header has BTF_SET8_KFUNCS (BTF_KFUNCS_START),
 *     when any set8 has it;
 *  2. 6.0 .. 6.8: every set8 (BTF_SET8 came with kfunc flags) except the
 *     fmod_ret sets of register_btf_fmodret_id_set(), named *fmodret*;
 *  3. 5.13 .. 5.19 (no set8): the btf_id_sets named *_kfunc_ids.
 */
static void select_sets(const struct btfids *b, bool *sel)
{
	bool flagged = false, any8 = false;
	size_t i;

	for (i = 0; i < b->nr; i++) {
		any8 |= b->sets[i].set8;
		flagged |= b->sets[i].set8 && (b->sets[i].flags & BTF_SET8_KFUNCS);
	}
	for (i = 0; i < b->nr; i++) {
		const struct btfids_set *s = &b->sets[i];

		if (flagged)
			sel[i] = s->set8 && (s->flags & BTF_SET8_KFUNCS);
		else if (any8)
			sel[i] = s->set8 && !strstr(s->name, "fmodret");
		else
			sel[i] = ends_with(s->name, "_kfunc_ids");
	}
}

static int add_entry(struct ctx *c, const char *name, size_t set, uint32_t flags)
{
	struct entry *e = mem_add((void **)&c->ents, &c->cap_ents, &c->nr_ents, sizeof(*e));

	if (!e)
		return -ENOMEM;
	e->name = name;
	e->set = set;
	e->flags = flags;
	return 0;
}

/* A slot's id read as a FUNC name of the id BTF, with the slot's flags. */
struct idname {
	const char *name;
	uint32_t flags;
};

/* The name of FUNC @id, or NULL when @id is no FUNC of @btf. */
static const char *func_name(const struct btf *btf, __u32 id)
{
	const struct btf_type *t;

	if (!id || id >= btf__type_cnt(btf))
		return NULL;
	t = btf__type_by_id(btf, id);
	if (!t || !btf_is_func(t))
		return NULL;
	return btf__name_by_offset(btf, t->name_off);
}

static int cmp_idname(const void *a, const void *b)
{
	const struct idname *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* strcmp of a NUL-ended @s with the @len bytes at @n. */
static int cmp_len(const char *s, const char *n, size_t len)
{
	int r = strncmp(s, n, len);

	return r ? r : (s[len] != '\0');
}

static int cmp_name(const void *a, const void *b)
{
	const struct btfids_name *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->name, y->name, n);

	return r ? r : (x->len > y->len) - (x->len < y->len);
}

/*
 * The members of set @si: the names its ids and its member symbols agree
 * on (as multisets; see btfids.h). An id without a symbol of its name, or a
 * symbol without an id of its name (resolve_btfids found no FUNC and left
 * 0), is counted and dropped.
 */
static int add_set(struct ctx *c, size_t si)
{
	struct btfids_set *s = &c->b.sets[si];
	struct idname *ids = calloc(s->nr ? s->nr : 1, sizeof(*ids));
	size_t i, n = 0, j = 0;
	int err = 0;

	if (!ids)
		return -ENOMEM;
	for (i = 0; i < s->nr; i++) {
		const char *name = func_name(c->ids_btf, s->slots[i].id);

		if (name && *name) {
			ids[n].name = name;
			ids[n++].flags = s->set8 ? s->slots[i].flags : 0;
		}
	}
	if (n)
		qsort(ids, n, sizeof(*ids), cmp_idname);
	if (s->nr_names)
		qsort(s->names, s->nr_names, sizeof(*s->names), cmp_name);
	for (i = 0; i < n && !err;) {
		int r = j < s->nr_names ? cmp_len(ids[i].name, s->names[j].name, s->names[j].len) : -1;

		if (r < 0) {
			c->st.id_only++;
			i++;
		} else if (r > 0) {
			c->st.sym_only++;
			j++;
		} else {
			err = add_entry(c, ids[i].name, si, ids[i].flags);
			c->st.members++;
			i++;
			j++;
		}
	}
	c->st.sym_only += s->nr_names - j;
	free(ids);
	return err;
}

/* FUNCs of the id BTF with a "bpf_kfunc" DECL_TAG on the function itself. */
static int add_tags(struct ctx *c)
{
	__u32 id, n = btf__type_cnt(c->ids_btf);
	int err;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(c->ids_btf, id);
		const char *name;

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1 ||
		    strcmp(btf__name_by_offset(c->ids_btf, t->name_off), "bpf_kfunc"))
			continue;
		name = func_name(c->ids_btf, t->type);
		if (!name || !*name)
			continue;
		err = add_entry(c, name, NO_SET, 0);
		if (err)
			return err;
		c->st.tagged++;
	}
	return 0;
}

static const struct ctx *sort_ctx;	/* qsort has no context argument */

static const char *set_name(const struct ctx *c, size_t set)
{
	return set == NO_SET ? "" : c->b.sets[set].name;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	if (r)
		return r;
	if ((x->set == NO_SET) != (y->set == NO_SET))
		return x->set == NO_SET ? -1 : 1;
	return strcmp(set_name(sort_ctx, x->set), set_name(sort_ctx, y->set));
}

/* Entries sorted by name → one kfunc per name. */
static int group(struct ctx *c)
{
	size_t i, cap = 0;

	sort_ctx = c;
	if (c->nr_ents)
		qsort(c->ents, c->nr_ents, sizeof(*c->ents), cmp_entry);
	for (i = 0; i < c->nr_ents; i++) {
		struct kfunc *k;

		if (c->nr_kf && !strcmp(c->kf[c->nr_kf - 1].name, c->ents[i].name)) {
			c->kf[c->nr_kf - 1].nr++;
			continue;
		}
		k = mem_add((void **)&c->kf, &cap, &c->nr_kf, sizeof(*k));
		if (!k)
			return -ENOMEM;
		k->name = c->ents[i].name;
		k->first = i;
		k->nr = 1;
		k->proto_func = 0;
	}
	return 0;
}

static int cmp_kfunc_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kfunc *)elem)->name);
}

/* The first FUNC of each kfunc's name in the prototype BTF (as funcs.jsonl). */
static void find_protos(struct ctx *c)
{
	__u32 id, n = btf__type_cnt(c->btf);

	for (id = 1; id < n && c->nr_kf; id++) {
		const struct btf_type *t = btf__type_by_id(c->btf, id);
		struct kfunc *k;

		if (!btf_is_func(t))
			continue;
		k = bsearch(btf__name_by_offset(c->btf, t->name_off), c->kf, c->nr_kf,
			    sizeof(*c->kf), cmp_kfunc_key);
		if (k && !k->proto_func)
			k->proto_func = id;
	}
}

static int set_new(json_t *o, const char *key, json_t *v)
{
	return !v || json_object_set_new(o, key, v) ? -ENOMEM : 0;
}

/* A new string of @str (malloc'ed, freed here), or NULL. */
static json_t *jstr_free(char *str)
{
	json_t *j = str ? json_string(str) : NULL;

	free(str);
	return j;
}

/* {"ret","params":[{"name","type"}]} of FUNC @func, or null. */
static json_t *proto_json(const struct btf *btf, __u32 func)
{
	const struct btf_type *fn, *proto;
	const struct btf_param *p;
	json_t *o, *params;
	__u16 i, n;
	int err;

	if (!func)
		return json_null();
	fn = btf__type_by_id(btf, func);
	proto = btf__type_by_id(btf, fn->type);
	if (!proto || !btf_is_func_proto(proto))
		return json_null();
	o = json_object();
	params = json_array();
	err = !o || !params || set_new(o, "ret", jstr_free(ctype_btf_str(btf, proto->type)));
	p = btf_params(proto);
	n = btf_vlen(proto);
	for (i = 0; !err && i < n; i++, p++) {
		bool varargs = !p->type && i + 1 == n;
		json_t *jp = json_object();

		err = !jp || set_new(jp, "name", json_string(btf__name_by_offset(btf, p->name_off))) ||
		      set_new(jp, "type", varargs ? json_string("...")
						  : jstr_free(ctype_btf_str(btf, p->type)));
		if (!err)
			err = json_array_append_new(params, jp);
		else
			json_decref(jp);
	}
	err = err || json_object_set(o, "params", params);
	json_decref(params);
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *flags_json(uint32_t flags)
{
	json_t *a = json_array();
	unsigned int bit;
	char buf[32];

	for (bit = 0; a && bit < 32; bit++) {
		if (!(flags & (1u << bit)))
			continue;
		if (bit < sizeof(kf_names) / sizeof(kf_names[0]))
			snprintf(buf, sizeof(buf), "%s", kf_names[bit]);
		else
			snprintf(buf, sizeof(buf), "KF_BIT%u", bit);
		if (json_array_append_new(a, json_string(buf))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *kfunc_json(struct ctx *c, const struct kfunc *k)
{
	json_t *o = json_object(), *sets = json_array();
	uint32_t flags = 0;
	bool tag = false;
	size_t i;
	int err = !o || !sets;

	for (i = k->first; !err && i < k->first + k->nr; i++) {
		const struct entry *e = &c->ents[i];

		if (e->set == NO_SET) {
			tag = true;
			continue;
		}
		flags |= e->flags;
		/* sorted: a set name twice (a function listed twice in a set,
		 * or two static sets of one name) is adjacent */
		if (i > k->first && !strcmp(set_name(c, c->ents[i - 1].set), set_name(c, e->set)))
			continue;
		err = json_array_append_new(sets, json_string(c->b.sets[e->set].name));
	}
	if (!tag)
		c->st.untagged++;
	else if (k->nr == 1)	/* the tag is its only entry */
		c->st.tag_only++;
	err = err || set_new(o, "name", json_string(k->name)) ||
	      set_new(o, "proto", proto_json(c->btf, k->proto_func)) ||
	      json_object_set(o, "sets", sets) ||
	      set_new(o, "flags", flags_json(flags)) ||
	      set_new(o, "decl_tag", json_boolean(tag));
	json_decref(sets);
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * The BTF the ids refer to: the image's own .BTF (kimage_own_btf(), also
 * with --btf); an image without .BTF (or with one libbpf rejects) falls back
 * on --btf, and the name cross-check of add_set() drops what does not match.
 */
static void load_ids_btf(struct extract_run *r, struct ctx *c)
{
	const struct btf *own;

	c->ids_btf = c->btf;
	if (!kimage_own_btf(r->img, &own))
		c->ids_btf = own;
}

static int kfuncs_run(struct extract_run *r)
{
	struct ctx c = { 0 };
	bool *sel = NULL;
	size_t i;
	int err;

	kimage_btf(r->img, &c.btf);
	load_ids_btf(r, &c);
	err = btfids_load(r->img, &c.b);
	if (err) {
		err = extract_err(r, r->input, err, "cannot read .BTF_ids");
		goto out;
	}
	sel = calloc(c.b.nr ? c.b.nr : 1, sizeof(*sel));
	err = sel ? 0 : -ENOMEM;
	if (!err)
		select_sets(&c.b, sel);
	for (i = 0; !err && i < c.b.nr; i++) {
		c.st.clamped += c.b.sets[i].clamped;
		if (!sel[i])
			continue;
		c.st.kfunc_sets++;
		err = add_set(&c, i);
	}
	c.st.sets = c.b.nr;
	if (!err)
		err = add_tags(&c);
	if (!err)
		err = group(&c);
	if (!err)
		find_protos(&c);
	for (i = 0; !err && i < c.nr_kf; i++) {
		json_t *o = kfunc_json(&c, &c.kf[i]);

		err = o ? jsonl_write(r->out[0], o) : -ENOMEM;
	}
	if (!err && r->progress)
		diag_info("%zu BTF id sets (%zu kfunc sets, %zu members), %zu kfuncs, "
			  "%zu decl-tagged (%zu in no set), %zu in sets without the tag; "
			  "dropped: %zu ids without a symbol, %zu symbols without an id; "
			  "%zu counts cut at the set's extent%s",
			  c.st.sets, c.st.kfunc_sets, c.st.members, c.nr_kf, c.st.tagged,
			  c.st.tag_only, c.st.untagged, c.st.id_only, c.st.sym_only,
			  c.st.clamped, c.b.present ? "" : "; no .BTF_ids section");
out:
	free(sel);
	free(c.ents);
	free(c.kf);
	btfids_free(&c.b);
	return err;
}

const struct extractor extractor_kfuncs = {
	.name = "kfuncs",
	.summary = "Write the kfuncs of a kernel image: the functions of its BTF_ID kfunc\n"
		   "sets (.BTF_ids) and its bpf_kfunc-tagged BTF FUNCs, with prototypes,\n"
		   "sets and KF_* flags (docs/schema-kfuncs.md).",
	.input = "VMLINUX",
	.outputs = { "kfuncs.jsonl" },
	.needs = NEED_IMAGE | NEED_BTF | NEED_SYMS | NEED_KDATA,
	.run = kfuncs_run,
};
