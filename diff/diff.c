// SPDX-License-Identifier: MIT
/*
 * The per-item differ (diff/diff.h). One function per kind lists the
 * changes of one entry; the rules, and the consequence of every change
 * kind, are the table of docs/schema-diff.md. Types are compared as the
 * normalized C type strings the extractors write, so the comparison is
 * shallow: a change inside struct file does not change vfs_read.
 *
 * A member missing from either entry is not compared (an older dataset may
 * lack it); a member of the wrong JSON type is -EINVAL.
 */
#include "diff/diff.h"
#include "util/mem.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIND_NAME(id, name, file) name,
#define KIND_FILE(id, name, file) file,
static const char *const kind_names[] = { DIFF_KINDS(KIND_NAME) };
static const char *const kind_files[] = { DIFF_KINDS(KIND_FILE) };
#undef KIND_NAME
#undef KIND_FILE

const char *diff_kind_name(enum diff_kind kind)
{
	return (unsigned int)kind < DIFF_KIND_COUNT ? kind_names[kind] : NULL;
}

const char *diff_kind_file(enum diff_kind kind)
{
	return (unsigned int)kind < DIFF_KIND_COUNT ? kind_files[kind] : NULL;
}

int diff_kind_find(const char *name)
{
	int i;

	for (i = 0; name && i < DIFF_KIND_COUNT; i++)
		if (!strcmp(kind_names[i], name))
			return i;
	return -1;
}

const char *diff_consequence_name(enum diff_consequence c)
{
	static const char *const names[] = {
		[DIFF_NONE] = "none",
		[DIFF_MISSING_INVOCATION] = "missing_invocation",
		[DIFF_STRAY_READ] = "stray_read",
		[DIFF_ERROR] = "error",
	};

	return (unsigned int)c <= DIFF_ERROR ? names[c] : NULL;
}

enum diff_consequence diff_changes_worst(const struct diff_changes *c)
{
	enum diff_consequence worst = DIFF_NONE;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].consequence > worst)
			worst = c->v[i].consequence;
	return worst;
}

static void change_free(struct diff_change *ch)
{
	free(ch->what);
	json_decref(ch->old_value);
	json_decref(ch->new_value);
}

/* Drop the changes after the first @n (the error path of diff_item). */
static void truncate_changes(struct diff_changes *c, size_t n)
{
	while (c->n > n)
		change_free(&c->v[--c->n]);
}

void diff_changes_clear(struct diff_changes *c)
{
	truncate_changes(c, 0);
	free(c->v);
	c->v = NULL;
	c->cap = 0;
}

/*
 * Append a change. @ov/@nv are stolen (NULL for none): every caller hands
 * over either a new value or json_incref() of a borrowed one, so one rule
 * covers both. On -ENOMEM they are released.
 */
static int add_new(struct diff_changes *out, const char *kind, const char *what, json_t *ov,
		   json_t *nv, enum diff_consequence c)
{
	struct diff_change *ch;
	char *w = NULL;

	if (what && !(w = strdup(what)))
		goto nomem;
	ch = mem_add((void **)&out->v, &out->cap, &out->n, sizeof(*ch));
	if (!ch)
		goto nomem;
	ch->kind = kind;
	ch->what = w;
	ch->old_value = ov;
	ch->new_value = nv;
	ch->consequence = c;
	return 0;
nomem:
	free(w);
	json_decref(ov);
	json_decref(nv);
	return -ENOMEM;
}

/* jansson's reference counting needs a non-const pointer; the value is not modified. */
static json_t *ref(const json_t *v)
{
	return json_incref((json_t *)v);
}

static int add(struct diff_changes *out, const char *kind, const char *what, const json_t *ov,
	       const json_t *nv, enum diff_consequence c)
{
	return add_new(out, kind, what, ref(ov), ref(nv), c);
}

/* ---------------------------------------------------------------- getters */

/*
 * Member @key of @obj when it has JSON type @type; *@v NULL when absent.
 * -EINVAL when present with another type (json null counts as absent for
 * objects, so "proto":null is "no prototype").
 */
static int get(const json_t *obj, const char *key, json_type type, const json_t **v)
{
	const json_t *m = json_object_get(obj, key);

	*v = NULL;
	if (!m || (json_is_null(m) && type == JSON_OBJECT))
		return 0;
	if (json_typeof(m) != type && !(type == JSON_TRUE && json_is_boolean(m)))
		return -EINVAL;
	*v = m;
	return 0;
}

/* Element @i of array @a as an object with a string "name". */
static int elem(const json_t *a, size_t i, const json_t **e, const char **name)
{
	const json_t *n;

	*e = json_array_get(a, i);
	if (!json_is_object(*e))
		return -EINVAL;
	n = json_object_get(*e, "name");
	if (!json_is_string(n))
		return -EINVAL;
	*name = json_string_value(n);
	return 0;
}

/* Arrays of {"name", ...} with the right element shape. */
static int check_named_array(const json_t *a)
{
	const json_t *e;
	const char *n;
	size_t i;
	int err;

	for (i = 0; i < json_array_size(a); i++)
		if ((err = elem(a, i, &e, &n)))
			return err;
	return 0;
}

/* A scalar member of two entries: compared when both have it. */
static int scalar_pair(const json_t *o, const json_t *n, const char *key, json_type type,
		       const json_t **ov, const json_t **nv)
{
	int err = get(o, key, type, ov);

	if (!err)
		err = get(n, key, type, nv);
	if (!err && (!*ov || !*nv || json_equal((json_t *)*ov, (json_t *)*nv)))
		*ov = *nv = NULL;	/* nothing to report */
	return err;
}

/* ---------------------------------------------------------------- parameters */

/*
 * Parameter lists [{"name", "type"}] (functions, LSM hooks, kfuncs,
 * tracepoint args). Parameters are matched by name; what is left unmatched
 * at the same position on both sides with the same type was renamed (the
 * position is what a program reads; two empty names there are the same
 * unnamed parameter). Reported in this order: param_removed (old order),
 * param_added (new order), param_renamed, param_type (new order),
 * param_reordered.
 */
#define PARAMS_MAX 4096	/* far above any C prototype; bounds the work arrays */

static const char *param_type(const json_t *p)
{
	const json_t *t = json_object_get(p, "type");

	return json_is_string(t) ? json_string_value(t) : NULL;
}

static json_t *param_name_json(const json_t *params, size_t i)
{
	return json_object_get(json_array_get(params, i), "name");
}

/* Matched by name (not by the rename rule): both non-empty and equal. */
static bool same_name(const json_t *op, size_t i, const json_t *np, size_t j)
{
	const char *a = json_string_value(param_name_json(op, i));
	const char *b = json_string_value(param_name_json(np, j));

	return *a && !strcmp(a, b);
}

static int diff_params(const json_t *op, const json_t *np, struct diff_changes *out)
{
	size_t on = json_array_size(op), nn = json_array_size(np), i, j;
	/* match[i]: the new index of old param i, or SIZE_MAX */
	size_t *omatch = NULL, *nmatch = NULL;
	json_t *oorder = NULL, *norder = NULL;
	bool reordered = false;
	size_t last;
	int err = -EINVAL;

	if (on > PARAMS_MAX || nn > PARAMS_MAX)
		return -EINVAL;
	if (check_named_array(op) || check_named_array(np))
		return -EINVAL;
	for (i = 0; i < on; i++)
		if (!param_type(json_array_get(op, i)))
			return -EINVAL;
	for (j = 0; j < nn; j++)
		if (!param_type(json_array_get(np, j)))
			return -EINVAL;
	omatch = malloc((on + 1) * sizeof(*omatch));
	nmatch = malloc((nn + 1) * sizeof(*nmatch));
	if (!omatch || !nmatch) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < on; i++)
		omatch[i] = SIZE_MAX;
	for (j = 0; j < nn; j++)
		nmatch[j] = SIZE_MAX;
	/* by name (empty names are unnamed: matched by position below) */
	for (i = 0; i < on; i++) {
		const char *a = json_string_value(json_object_get(json_array_get(op, i), "name"));

		if (!*a)
			continue;
		for (j = 0; j < nn; j++) {
			const char *b = json_string_value(
				json_object_get(json_array_get(np, j), "name"));

			if (nmatch[j] == SIZE_MAX && !strcmp(a, b)) {
				omatch[i] = j;
				nmatch[j] = i;
				break;
			}
		}
	}
	/* common params: reordered when their new positions do not rise */
	last = 0;
	for (i = 0; i < on; i++) {
		if (omatch[i] == SIZE_MAX)
			continue;
		if (omatch[i] < last)
			reordered = true;
		last = omatch[i];
	}
	/* unmatched at one position, same type: renamed (or the same unnamed one) */
	for (i = 0; i < on && i < nn; i++) {
		if (omatch[i] == SIZE_MAX && nmatch[i] == SIZE_MAX &&
		    !strcmp(param_type(json_array_get(op, i)), param_type(json_array_get(np, i)))) {
			omatch[i] = i;
			nmatch[i] = i;
		}
	}
	err = 0;
	for (i = 0; i < on && !err; i++) {
		const json_t *p = json_array_get(op, i);

		if (omatch[i] == SIZE_MAX)
			err = add(out, "param_removed", json_string_value(json_object_get(p, "name")),
				  json_object_get(p, "type"), NULL, DIFF_STRAY_READ);
	}
	/* an added parameter moves the ones after it: harmless only at the end */
	for (j = 0; j < nn && !err; j++) {
		const json_t *p = json_array_get(np, j);
		bool before_kept = false;
		size_t k;

		if (nmatch[j] != SIZE_MAX)
			continue;
		for (k = j + 1; k < nn; k++)
			before_kept |= nmatch[k] != SIZE_MAX;
		err = add(out, "param_added", json_string_value(json_object_get(p, "name")), NULL,
			  json_object_get(p, "type"), before_kept ? DIFF_STRAY_READ : DIFF_NONE);
	}
	for (j = 0; j < nn && !err; j++) {
		const json_t *o, *n = json_array_get(np, j);
		const char *oname, *nname;

		if (nmatch[j] == SIZE_MAX)
			continue;
		o = json_array_get(op, nmatch[j]);
		oname = json_string_value(json_object_get(o, "name"));
		nname = json_string_value(json_object_get(n, "name"));
		if (strcmp(oname, nname))
			err = add_new(out, "param_renamed", nname, json_string(oname),
				      json_string(nname), DIFF_NONE);
		if (!err && strcmp(param_type(o), param_type(n)))
			err = add(out, "param_type", nname, json_object_get(o, "type"),
				  json_object_get(n, "type"), DIFF_STRAY_READ);
	}
	if (!err && reordered) {
		/* the params matched by name, in old and in new order */
		oorder = json_array();
		norder = json_array();
		if (!oorder || !norder) {
			err = -ENOMEM;
			goto out;
		}
		for (i = 0; i < on && !err; i++)
			if (omatch[i] != SIZE_MAX && same_name(op, i, np, omatch[i]))
				err = json_array_append(oorder, param_name_json(op, i)) ? -ENOMEM : 0;
		for (j = 0; j < nn && !err; j++)
			if (nmatch[j] != SIZE_MAX && same_name(op, nmatch[j], np, j))
				err = json_array_append(norder, param_name_json(np, j)) ? -ENOMEM : 0;
		if (!err) {
			err = add_new(out, "param_reordered", NULL, oorder, norder, DIFF_STRAY_READ);
			oorder = norder = NULL;
		}
	}
out:
	json_decref(oorder);
	json_decref(norder);
	free(omatch);
	free(nmatch);
	return err;
}

/*
 * "proto": {"ret", "params"} of both entries: return_type, then the
 * parameters. An entry without a prototype (assembly, a hook BTF leaves
 * out) is not compared: there is nothing to compare it with.
 */
static int diff_proto(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *op, *np, *oret, *nret, *opar, *npar;
	int err;

	if ((err = get(o, "proto", JSON_OBJECT, &op)) || (err = get(n, "proto", JSON_OBJECT, &np)))
		return err;
	if (!op || !np)
		return 0;
	if ((err = scalar_pair(op, np, "ret", JSON_STRING, &oret, &nret)))
		return err;
	if (oret && (err = add(out, "return_type", NULL, oret, nret, DIFF_STRAY_READ)))
		return err;
	if ((err = get(op, "params", JSON_ARRAY, &opar)) ||
	    (err = get(np, "params", JSON_ARRAY, &npar)))
		return err;
	if (!opar || !npar)
		return 0;
	return diff_params(opar, npar, out);
}

/* ---------------------------------------------------------------- functions */

/* Is there a string @s in array @a? */
static bool has_str(const json_t *a, const char *s)
{
	size_t i;

	for (i = 0; i < json_array_size(a); i++)
		if (json_is_string(json_array_get(a, i)) &&
		    !strcmp(json_string_value(json_array_get(a, i)), s))
			return true;
	return false;
}

/*
 * Suffixes that say the compiler changed the calling convention (isra:
 * parameters dropped or passed by value; constprop: a constant argument
 * folded in; specialized: clang's equivalent): the body under the name may
 * not take the source prototype any more. cold/part/localalias split or
 * alias a body without touching its arguments.
 */
static const char *const abi_transforms[] = { "isra", "constprop", "specialized" };

static enum diff_consequence transforms_consequence(const json_t *ot, const json_t *nt)
{
	size_t i;

	for (i = 0; i < sizeof(abi_transforms) / sizeof(abi_transforms[0]); i++)
		if (has_str(nt, abi_transforms[i]) && !has_str(ot, abi_transforms[i]))
			return DIFF_STRAY_READ;
	return DIFF_NONE;
}

static enum diff_consequence inline_consequence(const char *v)
{
	if (!strcmp(v, "full"))
		return DIFF_ERROR;
	if (!strcmp(v, "selective"))
		return DIFF_MISSING_INVOCATION;
	return DIFF_NONE;
}

/* A name shared by several bodies: attaching by name reaches one of them. */
static enum diff_consequence collision_consequence(const char *v)
{
	return strncmp(v, "unique_", 7) ? DIFF_MISSING_INVOCATION : DIFF_NONE;
}

/*
 * A boolean status where one direction breaks attaching: @bad_when is the
 * value that does (traceable false, kprobe_blacklisted true, exact_symbol
 * false).
 */
static int diff_flag(const json_t *o, const json_t *n, const char *key, bool bad_when,
		     struct diff_changes *out)
{
	const json_t *ov, *nv;
	int err = scalar_pair(o, n, key, JSON_TRUE, &ov, &nv);

	if (err || !ov)
		return err;
	return add(out, key, NULL, ov, nv,
		   json_is_true(nv) == bad_when ? DIFF_ERROR : DIFF_NONE);
}

static int diff_func(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *ov, *nv;
	int err;

	if ((err = scalar_pair(o, n, "inline", JSON_STRING, &ov, &nv)))
		return err;
	if (ov && (err = add(out, "inline", NULL, ov, nv,
			     inline_consequence(json_string_value(nv)))))
		return err;
	if ((err = diff_flag(o, n, "exact_symbol", false, out)) ||
	    (err = diff_flag(o, n, "traceable", false, out)) ||
	    (err = diff_flag(o, n, "kprobe_blacklisted", true, out)))
		return err;
	if ((err = scalar_pair(o, n, "collision", JSON_STRING, &ov, &nv)))
		return err;
	if (ov && (err = add(out, "collision", NULL, ov, nv,
			     collision_consequence(json_string_value(nv)))))
		return err;
	if ((err = scalar_pair(o, n, "transforms", JSON_ARRAY, &ov, &nv)))
		return err;
	if (ov && (err = add(out, "transforms", NULL, ov, nv, transforms_consequence(ov, nv))))
		return err;
	return diff_proto(o, n, out);
}

/* LSM hooks: the prototype, and whether an lsm/ program can attach. */
static int diff_lsm_hook(const json_t *o, const json_t *n, struct diff_changes *out)
{
	int err = diff_proto(o, n, out);

	return err ? err : diff_flag(o, n, "bpf_lsm", false, out);
}

/*
 * kfuncs: the prototype and the KF_* flags, which the verifier enforces on
 * the caller (KF_ACQUIRE/KF_RELEASE pairing, KF_TRUSTED_ARGS, KF_SLEEPABLE):
 * a program written for the old flags may be rejected.
 */
static int diff_kfunc(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *ov, *nv;
	int err = diff_proto(o, n, out);

	if (!err)
		err = scalar_pair(o, n, "flags", JSON_ARRAY, &ov, &nv);
	if (!err && ov)
		err = add(out, "flags", NULL, ov, nv, DIFF_ERROR);
	return err;
}

/* ---------------------------------------------------------------- members */

/*
 * Members [{"name", "offset_bits", "bitfield_bits", "type"}] of structs,
 * unions, pt_regs and tracepoint records, matched by name; a name that
 * repeats (anonymous members, name "") by its rank among the members of
 * that name, reported as "(anon N)" (1-based) or "NAME (N)" from the
 * second on. Reported in this order: field_removed/field_moved (old
 * order), field_added/field_moved (new order), then per common field (new
 * order) field_type, field_offset, field_bitfield. Enum values use the
 * same matching.
 */
static const char *elem_name(const json_t *a, size_t k)
{
	return json_string_value(json_object_get(json_array_get(a, k), "name"));
}

/*
 * Matching two arrays of named elements by (name, rank): each side sorted
 * by (name, index), which gives the ranks, then merged, so a struct or an
 * anonymous enum of thousands of members costs n log n, not n^2.
 */
struct named {
	const char *name;
	size_t idx;
};

struct match {
	size_t *rank[2];	/* rank[side][i]: 1-based rank of element i among its name */
	size_t *peer[2];	/* peer[side][i]: the other side's element it matches, or SIZE_MAX */
};

static int cmp_named(const void *x, const void *y)
{
	const struct named *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static void match_free(struct match *m)
{
	int s;

	for (s = 0; s < 2; s++) {
		free(m->rank[s]);
		free(m->peer[s]);
	}
	memset(m, 0, sizeof(*m));
}

/* @a[0] old, @a[1] new: arrays whose elements have a string "name" (checked by the caller). */
static int match_named(const json_t *const a[2], struct match *m)
{
	struct named *v[2] = { NULL, NULL };
	size_t n[2], i, j;
	int s, err = -ENOMEM;

	memset(m, 0, sizeof(*m));
	for (s = 0; s < 2; s++) {
		n[s] = json_array_size(a[s]);
		v[s] = malloc((n[s] + 1) * sizeof(*v[s]));
		m->rank[s] = malloc((n[s] + 1) * sizeof(size_t));
		m->peer[s] = malloc((n[s] + 1) * sizeof(size_t));
		if (!v[s] || !m->rank[s] || !m->peer[s])
			goto out;
		for (i = 0; i < n[s]; i++) {
			v[s][i].name = elem_name(a[s], i);
			v[s][i].idx = i;
			m->peer[s][i] = SIZE_MAX;
		}
		qsort(v[s], n[s], sizeof(*v[s]), cmp_named);
		for (i = 0; i < n[s]; i++)
			m->rank[s][v[s][i].idx] =
				i && !strcmp(v[s][i].name, v[s][i - 1].name) ?
					m->rank[s][v[s][i - 1].idx] + 1 : 1;
	}
	/* both sorted by (name, rank): merge */
	for (i = j = 0; i < n[0] && j < n[1];) {
		size_t oi = v[0][i].idx, nj = v[1][j].idx;
		int c = strcmp(v[0][i].name, v[1][j].name);

		if (!c)
			c = (m->rank[0][oi] > m->rank[1][nj]) - (m->rank[0][oi] < m->rank[1][nj]);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			m->peer[0][oi] = nj;
			m->peer[1][nj] = oi;
			i++, j++;
		}
	}
	err = 0;
out:
	free(v[0]);
	free(v[1]);
	if (err)
		match_free(m);
	return err;
}

static const char *member_label(char *buf, size_t size, const char *name, size_t rank)
{
	if (*name && rank == 1)
		return name;
	if (*name)
		snprintf(buf, size, "%s (%zu)", name, rank);
	else
		snprintf(buf, size, "(anon %zu)", rank);
	return buf;
}

static int check_members(const json_t *a)
{
	size_t i;
	int err = check_named_array(a);

	for (i = 0; !err && i < json_array_size(a); i++) {
		const json_t *m = json_array_get(a, i), *v;

		if ((err = get(m, "type", JSON_STRING, &v)) ||
		    (err = get(m, "offset_bits", JSON_INTEGER, &v)) ||
		    (err = get(m, "bitfield_bits", JSON_INTEGER, &v)))
			return err;
	}
	return err;
}

/*
 * Anonymous members. A program never names one: CO-RE and C reach the
 * members inside it by their own names (regs->cs whether cs sits in
 * pt_regs or in an anonymous union in it). So what a struct offers is its
 * reachable names: its named members and, recursively, the names declared
 * inside its anonymous members' inline types ("union {u16 cs; u64 csx;}").
 * A named field that moved into or out of an anonymous member is
 * field_moved (stray read: still found by name, maybe at another offset);
 * an anonymous member removed or retyped is an error only when one of the
 * names inside it is reachable no more.
 */
struct nameset {
	char **v;
	size_t n, cap;
};

static void nameset_free(struct nameset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int nameset_add(struct nameset *s, const char *name, size_t len)
{
	char **p, *copy;

	if (!len)
		return 0;
	copy = strndup(name, len);
	if (!copy)
		return -ENOMEM;
	p = mem_add((void **)&s->v, &s->cap, &s->n, sizeof(*s->v));
	if (!p) {
		free(copy);
		return -ENOMEM;
	}
	*p = copy;
	return 0;
}

static int cmp_pstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void nameset_sort(struct nameset *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp_pstr);
}

static bool nameset_has(const struct nameset *s, const char *name)
{
	return s->n && bsearch(&name, s->v, s->n, sizeof(*s->v), cmp_pstr);
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static int inner_names(const char *t, size_t len, struct nameset *s);

/*
 * The name one member declaration @d (@len bytes, as normalize/ctype.h
 * writes it inside an inline type: "u64 vector:8", "char comm[16]",
 * "void (*fn)(struct sock *)", "struct {int a;} point", or a nested
 * anonymous "union {...}") declares, into @s.
 */
static int decl_name(const char *d, size_t len, struct nameset *s)
{
	const char *e, *fp;

	while (len && *d == ' ')
		d++, len--;
	while (len && d[len - 1] == ' ')
		len--;
	if (!len)
		return 0;
	if (d[len - 1] == '}')
		return inner_names(d, len, s);
	fp = memmem(d, len, "(*", 2);
	if (fp) {
		for (fp += 2; fp < d + len && *fp == '*'; fp++)
			;
		for (e = fp; e < d + len && ident_char(*e); e++)
			;
		return nameset_add(s, fp, e - fp);
	}
	e = d + len;
	while (e > d && e[-1] == ']') {		/* array dimensions */
		while (e > d && e[-1] != '[')
			e--;
		if (e > d)
			e--;
	}
	if (e == d + len) {			/* a bit field: "name:bits" */
		const char *c = e;

		while (c > d && c[-1] >= '0' && c[-1] <= '9')
			c--;
		if (c < e && c > d && c[-1] == ':')
			e = c - 1;
	}
	fp = e;
	while (fp > d && ident_char(fp[-1]))
		fp--;
	return nameset_add(s, fp, e - fp);
}

/* The names declared inside the inline "struct {...}" / "union {...}" @t (@len bytes). */
static int inner_names(const char *t, size_t len, struct nameset *s)
{
	const char *p, *start, *end = t + len;
	int depth = 0, paren = 0, err = 0;

	if (!((len > 8 && !memcmp(t, "struct {", 8)) || (len > 7 && !memcmp(t, "union {", 7))))
		return 0;
	p = memchr(t, '{', len);
	start = p + 1;
	for (; p < end && !err; p++) {
		if (*p == '{') {
			depth++;
		} else if (*p == '}') {
			if (--depth == 0)
				break;
		} else if (*p == '(') {
			paren++;
		} else if (*p == ')') {
			paren--;
		} else if (*p == ';' && depth == 1 && !paren) {
			err = decl_name(start, p - start, s);
			start = p + 1;
		}
	}
	return err;
}

static int member_inner_names(const json_t *m, struct nameset *s)
{
	const char *t = json_string_value(json_object_get(m, "type"));

	return t ? inner_names(t, strlen(t), s) : 0;
}

/* Every name reachable in members @a, sorted. */
static int reachable_names(const json_t *a, struct nameset *s)
{
	size_t i;
	int err = 0;

	for (i = 0; i < json_array_size(a) && !err; i++) {
		const char *name = elem_name(a, i);

		err = *name ? nameset_add(s, name, strlen(name)) :
			      member_inner_names(json_array_get(a, i), s);
	}
	nameset_sort(s);
	return err;
}

/* Are all names inside anonymous member @m reachable in @r? -ENOMEM, 1 yes, 0 no. */
static int inner_all_in(const json_t *m, const struct nameset *r)
{
	struct nameset in = { 0 };
	size_t i;
	int ret = member_inner_names(m, &in);

	if (!ret) {
		ret = 1;
		for (i = 0; i < in.n && ret; i++)
			ret = nameset_has(r, in.v[i]);
	}
	nameset_free(&in);
	return ret;
}

/* The anonymous member of @a holding @name, or NULL (-ENOMEM in *@err). */
static const json_t *anon_holding(const json_t *a, const char *name, int *err)
{
	size_t i;

	for (i = 0; i < json_array_size(a); i++) {
		struct nameset in = { 0 };
		bool has;

		if (*elem_name(a, i))
			continue;
		if ((*err = member_inner_names(json_array_get(a, i), &in)))
			return NULL;
		nameset_sort(&in);
		has = nameset_has(&in, name);
		nameset_free(&in);
		if (has)
			return json_array_get(a, i);
	}
	return NULL;
}

/*
 * Side @side's members without a peer: field_removed / field_added, or
 * field_moved when the name is inside an anonymous member of the other
 * side (@other its members, @reach its reachable names).
 */
static int members_only(const json_t *a, const json_t *other, const struct nameset *reach,
			const struct match *m, int side, struct diff_changes *out)
{
	size_t i;
	int err = 0;

	for (i = 0; i < json_array_size(a) && !err; i++) {
		const json_t *mem = json_array_get(a, i), *t = json_object_get(mem, "type");
		const char *name = elem_name(a, i);
		char buf[300];
		int all;

		if (m->peer[side][i] != SIZE_MAX)
			continue;
		if (*name && nameset_has(reach, name)) {
			const json_t *anon = anon_holding(other, name, &err);
			const json_t *here = json_object_get(mem, "offset_bits");
			const json_t *there = anon ? json_object_get(anon, "offset_bits") : NULL;

			if (!err)
				err = add(out, "field_moved", name, side ? there : here,
					  side ? here : there, DIFF_STRAY_READ);
			continue;
		}
		if (side) {
			err = add(out, "field_added",
				  member_label(buf, sizeof(buf), name, m->rank[side][i]), NULL, t,
				  DIFF_NONE);
			continue;
		}
		/* removed: an error, unless it was anonymous and all inside it is still there */
		all = *name ? 0 : inner_all_in(mem, reach);
		if (all < 0)
			return all;
		err = add(out, "field_removed", member_label(buf, sizeof(buf), name, m->rank[side][i]),
			  t, NULL, all ? DIFF_NONE : DIFF_ERROR);
	}
	return err;
}

static int diff_members(const json_t *oa, const json_t *na, struct diff_changes *out)
{
	static const struct {
		const char *key, *kind;
	} props[] = {
		{ "type", "field_type" },
		{ "offset_bits", "field_offset" },
		{ "bitfield_bits", "field_bitfield" },
	};
	const json_t *arrays[2] = { oa, na };
	struct nameset reach[2] = { { 0 }, { 0 } };
	struct match m;
	size_t j, p;
	int err;

	if ((err = check_members(oa)) || (err = check_members(na)))
		return err;
	if ((err = match_named(arrays, &m)))
		return err;
	if ((err = reachable_names(oa, &reach[0])) || (err = reachable_names(na, &reach[1])))
		goto out;
	/* a removed field fails a CO-RE relocation (load error); an added one breaks nothing */
	if ((err = members_only(oa, na, &reach[1], &m, 0, out)) ||
	    (err = members_only(na, oa, &reach[0], &m, 1, out)))
		goto out;
	for (j = 0; j < json_array_size(na) && !err; j++) {
		const json_t *n = json_array_get(na, j), *o;
		const char *name = elem_name(na, j);
		size_t rank = m.rank[1][j], i = m.peer[1][j];
		char buf[300];

		if (i == SIZE_MAX)
			continue;
		o = json_array_get(oa, i);
		for (p = 0; p < sizeof(props) / sizeof(props[0]) && !err; p++) {
			enum diff_consequence c = DIFF_STRAY_READ;
			const json_t *ov, *nv;

			err = scalar_pair(o, n, props[p].key,
					  p ? JSON_INTEGER : JSON_STRING, &ov, &nv);
			if (err || !ov)
				continue;
			/* an anonymous member retyped: an error when a name inside it is gone */
			if (!p && !*name) {
				int all = inner_all_in(o, &reach[1]);

				if (all < 0) {
					err = all;
					break;
				}
				c = all ? DIFF_STRAY_READ : DIFF_ERROR;
			}
			err = add(out, props[p].kind, member_label(buf, sizeof(buf), name, rank), ov,
				  nv, c);
		}
	}
out:
	nameset_free(&reach[0]);
	nameset_free(&reach[1]);
	match_free(&m);
	return err;
}

/*
 * "size" of a type: a program that copies the whole object (sizeof of its
 * own headers) reads past the end of a smaller one; a larger one only
 * leaves the new tail unread.
 */
static int diff_size(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *ov, *nv;
	int err = scalar_pair(o, n, "size", JSON_INTEGER, &ov, &nv);

	if (err || !ov)
		return err;
	return add(out, "size", NULL, ov, nv,
		   json_integer_value(nv) < json_integer_value(ov) ? DIFF_STRAY_READ : DIFF_NONE);
}

/* structs, unions and registers' pt_regs: members first, then the size. */
static int diff_struct(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *om, *nm;
	int err;

	if ((err = get(o, "members", JSON_ARRAY, &om)) || (err = get(n, "members", JSON_ARRAY, &nm)))
		return err;
	if (om && nm && (err = diff_members(om, nm, out)))
		return err;
	return diff_size(o, n, out);
}

/* ---------------------------------------------------------------- enums */

/*
 * Values [{"name", "value"}] matched by name: removed → error (a CO-RE
 * enum relocation fails), changed → stray read (a constant compiled into a
 * program without CO-RE is wrong), added → none.
 */
static int check_values(const json_t *a)
{
	size_t i;
	int err = check_named_array(a);

	for (i = 0; !err && i < json_array_size(a); i++) {
		const json_t *v = json_object_get(json_array_get(a, i), "value");

		/* an integer, or a decimal string above INT64_MAX (docs/schema-types.md) */
		if (!json_is_integer(v) && !json_is_string(v))
			err = -EINVAL;
	}
	return err;
}

static int diff_enum(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *ova, *nva;
	struct match m;
	char buf[300];
	size_t i, j;
	int err;

	if ((err = get(o, "values", JSON_ARRAY, &ova)) || (err = get(n, "values", JSON_ARRAY, &nva)))
		return err;
	if (ova && nva) {
		const json_t *arrays[2] = { ova, nva };

		if (check_values(ova) || check_values(nva))
			return -EINVAL;
		if ((err = match_named(arrays, &m)))
			return err;
		for (i = 0; i < json_array_size(ova) && !err; i++) {
			const json_t *v = json_array_get(ova, i);
			const char *name = elem_name(ova, i);
			size_t rank = m.rank[0][i];

			if (m.peer[0][i] == SIZE_MAX)
				err = add(out, "value_removed", member_label(buf, sizeof(buf), name, rank),
					  json_object_get(v, "value"), NULL, DIFF_ERROR);
		}
		for (j = 0; j < json_array_size(nva) && !err; j++) {
			const json_t *v = json_array_get(nva, j), *ov, *nv;
			const char *name = elem_name(nva, j);
			size_t rank = m.rank[1][j];

			i = m.peer[1][j];
			if (i == SIZE_MAX) {
				err = add(out, "value_added", member_label(buf, sizeof(buf), name, rank),
					  NULL, json_object_get(v, "value"), DIFF_NONE);
				continue;
			}
			ov = json_object_get(json_array_get(ova, i), "value");
			nv = json_object_get(v, "value");
			if (!json_equal((json_t *)ov, (json_t *)nv))
				err = add(out, "value_changed", member_label(buf, sizeof(buf), name, rank),
					  ov, nv, DIFF_STRAY_READ);
		}
		match_free(&m);
		if (err)
			return err;
	}
	return diff_size(o, n, out);
}

/* ---------------------------------------------------------------- tracepoints */

/*
 * The record (fields, as struct members: what tracepoint/ programs read),
 * the probe arguments (as parameters: raw_tp/tp_btf), then system (part of
 * the tracepoint/SYS/EVENT attach path: error), class (none: the event
 * keeps its name) and fmt (none: only the text tracefs prints).
 */
static int diff_tracepoint(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *of, *nf, *ov, *nv;
	int err;

	if ((err = get(o, "fields", JSON_ARRAY, &of)) || (err = get(n, "fields", JSON_ARRAY, &nf)))
		return err;
	if (of && nf && (err = diff_members(of, nf, out)))
		return err;
	if ((err = get(o, "args", JSON_ARRAY, &of)) || (err = get(n, "args", JSON_ARRAY, &nf)))
		return err;
	if (of && nf && (err = diff_params(of, nf, out)))
		return err;
	if ((err = scalar_pair(o, n, "system", JSON_STRING, &ov, &nv)))
		return err;
	if (ov && (err = add(out, "system", NULL, ov, nv, DIFF_ERROR)))
		return err;
	if ((err = scalar_pair(o, n, "class", JSON_STRING, &ov, &nv)))
		return err;
	if (ov && (err = add(out, "class", NULL, ov, nv, DIFF_NONE)))
		return err;
	if ((err = scalar_pair(o, n, "fmt", JSON_STRING, &ov, &nv)))
		return err;
	return ov ? add(out, "fmt", NULL, ov, nv, DIFF_NONE) : 0;
}

/* ---------------------------------------------------------------- syscalls */

/*
 * An entry of diff_doc_entry(SYSCALLS): {"name", "tables": {"<table>":
 * [{"nr", "entry", "available"}]}}. Per ABI table (sorted): a table where
 * the syscall has one slot on each side at different numbers is `nr`
 * (stray read: a program matching syscall numbers, e.g. on raw_syscalls,
 * sees another one); otherwise slots by number: slot_removed (error: not
 * callable through that ABI any more), slot_added (none); per common slot
 * `available` (true → false: compiled out, error) and `entry` (the symbol a
 * kprobe names: error).
 */
static int check_slots(const json_t *slots)
{
	size_t i;

	if (!json_is_array(slots))
		return -EINVAL;
	for (i = 0; i < json_array_size(slots); i++) {
		const json_t *s = json_array_get(slots, i), *v;
		int err;

		if (!json_is_object(s) || !json_is_integer(json_object_get(s, "nr")))
			return -EINVAL;
		if ((err = get(s, "entry", JSON_STRING, &v)) ||
		    (err = get(s, "available", JSON_TRUE, &v)))
			return err;
	}
	return 0;
}

static const json_t *slot_by_nr(const json_t *slots, json_int_t nr)
{
	size_t i;

	for (i = 0; i < json_array_size(slots); i++)
		if (json_integer_value(json_object_get(json_array_get(slots, i), "nr")) == nr)
			return json_array_get(slots, i);
	return NULL;
}

static int slots_only(const json_t *a, const json_t *b, const char *table, bool old_side,
		      struct diff_changes *out)
{
	size_t i;
	int err = 0;

	for (i = 0; i < json_array_size(a) && !err; i++) {
		const json_t *nr = json_object_get(json_array_get(a, i), "nr");

		if (b && slot_by_nr(b, json_integer_value(nr)))
			continue;
		err = old_side ? add(out, "slot_removed", table, nr, NULL, DIFF_ERROR) :
				 add(out, "slot_added", table, NULL, nr, DIFF_NONE);
	}
	return err;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int diff_syscall(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *ot, *nt, *v;
	const char **names = NULL;
	size_t cnt = 0, cap = 0, i;
	const char *k;
	int err;

	if ((err = get(o, "tables", JSON_OBJECT, &ot)) || (err = get(n, "tables", JSON_OBJECT, &nt)))
		return err;
	if (!ot || !nt)
		return 0;
	/* the union of the table names, sorted (jansson's object order is not ours) */
	json_object_foreach((json_t *)ot, k, v) {
		const char **p;

		if (check_slots(v) || (json_object_get(nt, k) && check_slots(json_object_get(nt, k)))) {
			err = -EINVAL;
			goto out;
		}
		if (!(p = mem_add((void **)&names, &cap, &cnt, sizeof(*names)))) {
			err = -ENOMEM;
			goto out;
		}
		*p = k;
	}
	json_object_foreach((json_t *)nt, k, v) {
		const char **p;

		if (json_object_get(ot, k))
			continue;
		if (check_slots(v)) {
			err = -EINVAL;
			goto out;
		}
		if (!(p = mem_add((void **)&names, &cap, &cnt, sizeof(*names)))) {
			err = -ENOMEM;
			goto out;
		}
		*p = k;
	}
	if (cnt)
		qsort(names, cnt, sizeof(*names), cmp_str);
	for (i = 0; i < cnt && !err; i++) {
		const json_t *os = json_object_get(ot, names[i]), *ns = json_object_get(nt, names[i]);
		size_t j;

		if (os && ns && json_array_size(os) == 1 && json_array_size(ns) == 1 &&
		    !json_equal(json_object_get(json_array_get(os, 0), "nr"),
				json_object_get(json_array_get(ns, 0), "nr"))) {
			err = add(out, "nr", names[i], json_object_get(json_array_get(os, 0), "nr"),
				  json_object_get(json_array_get(ns, 0), "nr"), DIFF_STRAY_READ);
			if (err)
				break;
			/* the one slot moved: compare it as the same slot */
			err = 0;
		} else {
			err = slots_only(os, ns, names[i], true, out);
			if (!err)
				err = slots_only(ns, os, names[i], false, out);
		}
		for (j = 0; ns && j < json_array_size(ns) && !err; j++) {
			const json_t *s = json_array_get(ns, j), *so, *ov, *nv;

			so = os && json_array_size(os) == 1 && json_array_size(ns) == 1 ?
				     json_array_get(os, 0) :
				     os ? slot_by_nr(os, json_integer_value(json_object_get(s, "nr"))) :
					  NULL;
			if (!so)
				continue;
			err = scalar_pair(so, s, "available", JSON_TRUE, &ov, &nv);
			if (!err && ov)
				err = add(out, "available", names[i], ov, nv,
					  json_is_true(nv) ? DIFF_NONE : DIFF_ERROR);
			if (!err)
				err = scalar_pair(so, s, "entry", JSON_STRING, &ov, &nv);
			if (!err && ov)
				err = add(out, "entry", names[i], ov, nv, DIFF_ERROR);
		}
	}
out:
	free(names);
	return err;
}

/* ---------------------------------------------------------------- config, registers */

/* {"name", "value"}: value changed (none: what a config change breaks shows in the other kinds). */
static int diff_config(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *ov = json_object_get(o, "value"), *nv = json_object_get(n, "value");

	if (!ov || !nv || !(json_is_string(ov) || json_is_null(ov)) ||
	    !(json_is_string(nv) || json_is_null(nv)))
		return -EINVAL;
	return json_equal((json_t *)ov, (json_t *)nv) ? 0 :
							add(out, "value", NULL, ov, nv, DIFF_NONE);
}

/*
 * Registers: "pt_regs" like a struct; "params" {"args": [reg], "syscall_args":
 * [reg], "syscall_wrapper"} and "ret" {"ret": reg}, a reg being {"reg", "offset"}:
 * each argument position whose register (or its offset in pt_regs) differs
 * is param_reg (what "arg1".., "syscall_arg1".., "syscall_wrapper", "ret"):
 * a program reading PT_REGS_PARMn compiled for the other one reads
 * another register.
 */
static int diff_reg_list(const json_t *o, const json_t *n, const char *key, const char *label,
			 struct diff_changes *out)
{
	const json_t *oa, *na;
	size_t i, max;
	int err;

	if ((err = get(o, key, JSON_ARRAY, &oa)) || (err = get(n, key, JSON_ARRAY, &na)))
		return err;
	if (!oa || !na)
		return 0;
	max = json_array_size(oa) > json_array_size(na) ? json_array_size(oa) : json_array_size(na);
	for (i = 0; i < max && !err; i++) {
		const json_t *ov = json_array_get(oa, i), *nv = json_array_get(na, i);
		char what[32];

		if (ov && nv && json_equal((json_t *)ov, (json_t *)nv))
			continue;
		snprintf(what, sizeof(what), "%s%zu", label, i + 1);
		err = add(out, "param_reg", what, ov, nv, DIFF_STRAY_READ);
	}
	return err;
}

static int diff_registers(const json_t *o, const json_t *n, struct diff_changes *out)
{
	const json_t *name = json_object_get(n, "name"), *ov, *nv;
	int err;

	if (!json_is_string(name))
		return -EINVAL;
	if (!strcmp(json_string_value(name), "pt_regs"))
		return diff_struct(o, n, out);
	if (!strcmp(json_string_value(name), "ret")) {
		ov = json_object_get(o, "ret");
		nv = json_object_get(n, "ret");
		if (!ov || !nv || json_equal((json_t *)ov, (json_t *)nv))
			return 0;
		return add(out, "param_reg", "ret", ov, nv, DIFF_STRAY_READ);
	}
	if ((err = diff_reg_list(o, n, "args", "arg", out)) ||
	    (err = diff_reg_list(o, n, "syscall_args", "syscall_arg", out)))
		return err;
	if ((err = scalar_pair(o, n, "syscall_wrapper", JSON_TRUE, &ov, &nv)))
		return err;
	return ov ? add(out, "param_reg", "syscall_wrapper", ov, nv, DIFF_STRAY_READ) : 0;
}

/* ---------------------------------------------------------------- diff_item */

typedef int (*differ_fn)(const json_t *o, const json_t *n, struct diff_changes *out);

static const differ_fn differs[DIFF_KIND_COUNT] = {
	[DIFF_FUNCS] = diff_func,
	[DIFF_STRUCTS] = diff_struct,
	[DIFF_UNIONS] = diff_struct,
	[DIFF_ENUMS] = diff_enum,
	[DIFF_TRACEPOINTS] = diff_tracepoint,
	[DIFF_SYSCALLS] = diff_syscall,
	[DIFF_CONFIG] = diff_config,
	[DIFF_LSM_HOOKS] = diff_lsm_hook,
	[DIFF_KFUNCS] = diff_kfunc,
	[DIFF_REGISTERS] = diff_registers,
};

int diff_item(enum diff_kind kind, const json_t *old_entry, const json_t *new_entry,
	      struct diff_changes *out)
{
	size_t n0 = out->n;
	int err;

	if ((unsigned int)kind >= DIFF_KIND_COUNT || (!old_entry && !new_entry) ||
	    (old_entry && !json_is_object(old_entry)) || (new_entry && !json_is_object(new_entry)))
		return -EINVAL;
	/* absent from the old image: nothing depended on it there */
	if (!old_entry)
		return add(out, "added", NULL, NULL, NULL, DIFF_NONE);
	if (!new_entry)
		return add(out, "removed", NULL, NULL, NULL, DIFF_ERROR);
	err = differs[kind](old_entry, new_entry, out);
	if (err)
		truncate_changes(out, n0);
	return err;
}

/* ---------------------------------------------------------------- diff_doc_entry */

/* A new object {"name": @name}, or NULL. */
static json_t *named(const char *name)
{
	json_t *e = json_object();

	if (e && json_object_set_new(e, "name", json_string(name))) {
		json_decref(e);
		return NULL;
	}
	return e;
}

static json_t *syscall_entry(const json_t *doc, const char *name)
{
	json_t *e = NULL, *tables = NULL, *v;
	const char *table;

	json_object_foreach((json_t *)doc, table, v) {
		json_t *slots = NULL;
		size_t i;

		if (!json_is_array(v))
			continue;
		for (i = 0; i < json_array_size(v); i++) {
			json_t *s = json_array_get(v, i), *slot;
			const json_t *sn = json_object_get(s, "name");

			if (!json_is_string(sn) || strcmp(json_string_value(sn), name))
				continue;
			if (!tables && !(tables = json_object()))
				goto nomem;
			if (!slots && (!(slots = json_array()) ||
				       json_object_set_new(tables, table, slots)))
				goto nomem;
			/* the slot without its name (the entry's name) */
			slot = json_deep_copy(s);
			if (!slot || json_object_del(slot, "name") ||
			    json_array_append_new(slots, slot))
				goto nomem;
		}
	}
	if (!tables) {
		errno = 0;
		return NULL;
	}
	if (!(e = named(name)) || json_object_set_new(e, "tables", tables)) {
		tables = NULL;
		goto nomem;
	}
	return e;
nomem:
	json_decref(tables);
	json_decref(e);
	errno = ENOMEM;
	return NULL;
}

/* {"reg": name, "offset": bytes} of register @v from registers.json's "offsets". */
static json_t *reg_ref(const json_t *doc, const json_t *v)
{
	json_t *r = json_object();
	const json_t *off = json_object_get(json_object_get(doc, "offsets"), json_string_value(v));

	if (!r || json_object_set(r, "reg", (json_t *)v) ||
	    json_object_set_new(r, "offset", off ? json_incref((json_t *)off) : json_null())) {
		json_decref(r);
		return NULL;
	}
	return r;
}

static json_t *reg_list(const json_t *doc, const json_t *a)
{
	json_t *l = json_array();
	size_t i;

	for (i = 0; l && i < json_array_size(a); i++)
		if (json_array_append_new(l, reg_ref(doc, json_array_get(a, i)))) {
			json_decref(l);
			return NULL;
		}
	return l;
}

static json_t *registers_entry(const json_t *doc, const char *name)
{
	json_t *e = NULL;
	const json_t *v;

	errno = 0;
	if (!strcmp(name, "pt_regs")) {
		const char *k;
		json_t *m;

		v = json_object_get(doc, "pt_regs");
		if (!json_is_object(v))
			return NULL;
		if (!(e = named(name)))
			goto nomem;
		json_object_foreach((json_t *)v, k, m)
			if (strcmp(k, "name") && json_object_set(e, k, m))
				goto nomem;
	} else if (!strcmp(name, "ret")) {
		v = json_object_get(doc, "ret");
		if (!json_is_string(v))
			return NULL;
		if (!(e = named(name)) || json_object_set_new(e, "ret", reg_ref(doc, v)))
			goto nomem;
	} else if (!strcmp(name, "params")) {
		const json_t *args = json_object_get(doc, "args");
		const json_t *sargs = json_object_get(doc, "syscall_args");
		const json_t *wrap = json_object_get(doc, "syscall_wrapper");

		if (!json_is_array(args))
			return NULL;
		if (!(e = named(name)) || json_object_set_new(e, "args", reg_list(doc, args)))
			goto nomem;
		if (json_is_array(sargs) &&
		    json_object_set_new(e, "syscall_args", reg_list(doc, sargs)))
			goto nomem;
		if (json_is_boolean(wrap) && json_object_set(e, "syscall_wrapper", (json_t *)wrap))
			goto nomem;
	}
	return e;
nomem:
	json_decref(e);
	errno = ENOMEM;
	return NULL;
}

json_t *diff_doc_entry(enum diff_kind kind, const json_t *doc, const char *name)
{
	json_t *e;
	const json_t *v;

	if (!json_is_object(doc) || !name) {
		errno = EINVAL;
		return NULL;
	}
	switch (kind) {
	case DIFF_SYSCALLS:
		return syscall_entry(doc, name);
	case DIFF_REGISTERS:
		return registers_entry(doc, name);
	case DIFF_CONFIG:
		v = json_object_get(doc, name);
		if (!v) {
			errno = 0;
			return NULL;
		}
		e = named(name);
		if (!e || json_object_set(e, "value", (json_t *)v)) {
			json_decref(e);
			errno = ENOMEM;
			return NULL;
		}
		return e;
	default:
		errno = EINVAL;
		return NULL;
	}
}
