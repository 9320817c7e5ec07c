// SPDX-License-Identifier: MIT
/*
 * Named types are grouped by name (byte order). When a name has several
 * BTF definitions, the zero-member ones (forward-declared enums, empty
 * stubs) are dropped if any definition has members; of the rest, the one
 * with the most members wins and ties go to the smallest JSON line, so the
 * choice depends on content only (pahole -j may order types differently
 * from run to run). "duplicates" counts the other distinct definitions.
 */
#include "extract/types/btftypes.h"
#include "formats/btf_walk.h"
#include "schema/btfjson.h"
#include "schema/jsonl.h"
#include "util/mem.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct named {
	const char *name;	/* owned by the BTF */
	__u32 id;
	__u16 vlen;
};

struct named_list {
	struct named *v;
	size_t cnt, cap;
};

static bool kind_matches(const struct btf_type *t, enum btftypes_kind kind)
{
	switch (kind) {
	case BTFTYPES_STRUCT:
		return btf_is_struct(t);
	case BTFTYPES_UNION:
		return btf_is_union(t);
	default:
		return btf_is_any_enum(t);
	}
}

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The line of type @id; @module NULL leaves the key out (modtypes adds it). */
static json_t *type_json(const struct btf *btf, __u32 id, const char *name,
			 const char *module, enum btftypes_kind kind)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	json_t *obj = json_object(), *body = NULL;
	__u16 i;

	if (!obj)
		goto nomem;
	if (json_object_set_new(obj, "name", json_string(name)) ||
	    (module && json_object_set_new(obj, "module", json_string(module))) ||
	    json_object_set_new(obj, "size", json_integer(t->size)))
		goto nomem;
	if (kind != BTFTYPES_ENUM) {
		body = btfjson_members(btf, t);
		if (!body)
			goto fail;
		return json_object_set_new(obj, "members", body) ? (json_decref(obj), NULL) : obj;
	}
	body = json_array();
	if (!body || json_object_set_new(obj, "values", body))
		goto nomem;
	for (i = 0; i < btf_vlen(t); i++) {
		struct btfjson_enumval v;

		btfjson_enumval(btf, t, i, &v);
		if (json_array_append_new(body, json_pack("{s:s, s:o}", "name", v.name,
							  "value", btfjson_value(&v))))
			goto nomem;
	}
	return obj;
nomem:
	errno = ENOMEM;
fail:
	json_decref(obj);
	return NULL;
}

static char *dump(json_t *obj)
{
	return json_dumps(obj, JSONL_FLAGS);
}

/* Choose among the definitions @group[0..n) of one name; see top comment. */
static int write_group(const struct btf *btf, const struct named *group, size_t n,
		       enum btftypes_kind kind, FILE *out, struct btftypes_stats *st)
{
	json_t *best = NULL;
	char *best_line = NULL, **lines = NULL;
	size_t i, j, nlines = 0, distinct = 0;
	__u16 best_vlen = 0, max_vlen = 0;
	int err = 0;

	for (i = 0; i < n; i++)
		if (group[i].vlen > max_vlen)
			max_vlen = group[i].vlen;
	lines = calloc(n, sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_t *obj;
		char *line;

		if (max_vlen && !group[i].vlen)
			continue;	/* a zero-member stub beside a real definition */
		obj = type_json(btf, group[i].id, group[i].name, BTFTYPES_VMLINUX, kind);
		if (!obj) {
			err = -errno;
			goto out;
		}
		line = dump(obj);
		if (!line) {
			json_decref(obj);
			err = -ENOMEM;
			goto out;
		}
		lines[nlines++] = line;
		if (!best || group[i].vlen > best_vlen ||
		    (group[i].vlen == best_vlen && strcmp(line, best_line) < 0)) {
			json_decref(best);
			best = obj;
			best_line = line;
			best_vlen = group[i].vlen;
		} else {
			json_decref(obj);
		}
	}
	for (i = 0; i < nlines; i++) {
		for (j = 0; j < i && strcmp(lines[i], lines[j]); j++)
			;
		distinct += j == i;
	}
	if (distinct > 1) {
		st->duplicates[kind]++;
		if (json_object_set_new(best, "duplicates", json_integer(distinct - 1))) {
			err = -ENOMEM;
			goto out;
		}
	}
	err = jsonl_write(out, best);
	best = NULL;
	if (!err)
		st->written[kind]++;
out:
	json_decref(best);
	for (i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	return err;
}

static int cmp_enumval(const void *a, const void *b)
{
	const struct btfjson_enumval *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : btfjson_value_cmp(x, y);
}

/* All enumerators of anonymous enums, merged, sorted by name then value,
 * exact repeats (same name and value) once. */
static int write_anon_enums(const struct btf *btf, FILE *out, struct btftypes_stats *st)
{
	struct btfjson_enumval *vals = NULL;
	size_t cnt = 0, cap = 0, i;
	__u32 id, n = btf__type_cnt(btf), size = 0;
	json_t *obj = NULL, *arr;
	int err = -ENOMEM;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		__u16 k;

		if (!btf_is_any_enum(t) || t->name_off)
			continue;
		if (t->size > size)
			size = t->size;
		for (k = 0; k < btf_vlen(t); k++) {
			struct btfjson_enumval *v = mem_add((void **)&vals, &cap, &cnt, sizeof(*vals));

			if (!v)
				goto out;
			btfjson_enumval(btf, t, k, v);
		}
	}
	if (!cnt) {
		err = 0;
		goto out;
	}
	qsort(vals, cnt, sizeof(*vals), cmp_enumval);
	obj = json_pack("{s:s, s:s, s:I, s:[]}", "name", BTFTYPES_ANON_ENUM, "module",
			BTFTYPES_VMLINUX, "size", (json_int_t)size, "values");
	if (!obj)
		goto out;
	arr = json_object_get(obj, "values");
	for (i = 0; i < cnt; i++) {
		if (i && !cmp_enumval(&vals[i - 1], &vals[i]))
			continue;
		if (json_array_append_new(arr, json_pack("{s:s, s:o}", "name", vals[i].name,
							 "value", btfjson_value(&vals[i]))))
			goto out;
		st->anon_enum_values++;
	}
	err = jsonl_write(out, obj);
	obj = NULL;
	if (!err)
		st->written[BTFTYPES_ENUM]++;
out:
	json_decref(obj);
	free(vals);
	return err;
}

static int collect(const struct btf *btf, enum btftypes_kind kind, struct named_list *l)
{
	__u32 id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;
		struct named *e;

		if (!kind_matches(t, kind) || !t->name_off)
			continue;
		name = btf_name(btf, t->name_off);
		if (!*name)
			continue;
		e = mem_add((void **)&l->v, &l->cap, &l->cnt, sizeof(*e));
		if (!e)
			return -ENOMEM;
		e->name = name;
		e->id = id;
		e->vlen = btf_vlen(t);
	}
	if (l->cnt)
		qsort(l->v, l->cnt, sizeof(*l->v), cmp_named);
	return 0;
}

int btftypes_line(const struct btf *btf, __u32 id, enum btftypes_kind kind, char **line)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	json_t *obj;

	*line = NULL;
	if (!t || !kind_matches(t, kind) || !t->name_off)
		return -EINVAL;
	obj = type_json(btf, id, btf_name(btf, t->name_off), NULL, kind);
	if (!obj)
		return -errno;
	*line = dump(obj);
	json_decref(obj);
	return *line ? 0 : -ENOMEM;
}

bool btftypes_kind_of(const struct btf_type *t, enum btftypes_kind kind)
{
	return kind_matches(t, kind);
}

/* The extra lines (module types) that sort before @name, or all for NULL. */
static int write_extra(const struct btftypes_extra *x, size_t *next, const char *name,
		       FILE *out, struct btftypes_stats *st, enum btftypes_kind kind)
{
	for (; x && *next < x->cnt; ++*next) {
		if (name && strcmp(x->v[*next].name, name) >= 0)
			break;
		if (fputs(x->v[*next].line, out) == EOF || fputc('\n', out) == EOF)
			return errno ? -errno : -EIO;
		st->written[kind]++;
		st->module_written[kind]++;
		if (x->v[*next].duplicates)
			st->duplicates[kind]++;
	}
	return 0;
}

int btftypes_write(const struct btf *btf, enum btftypes_kind kind, FILE *out,
		   struct btftypes_stats *st, const struct btftypes_extra *extra)
{
	struct named_list l = { 0 };
	size_t i, j, next = 0;
	bool anon_done = kind != BTFTYPES_ENUM;
	int err;

	err = collect(btf, kind, &l);
	for (i = 0; !err && i < l.cnt; i = j) {
		for (j = i + 1; j < l.cnt && !strcmp(l.v[i].name, l.v[j].name); j++)
			;
		/* "(anon)" sorts before every C identifier, so before every
		 * extra (module) line too */
		if (!anon_done && strcmp(BTFTYPES_ANON_ENUM, l.v[i].name) < 0) {
			anon_done = true;
			err = write_anon_enums(btf, out, st);
			if (err)
				break;
		}
		err = write_extra(extra, &next, l.v[i].name, out, st, kind);
		if (err)
			break;
		err = write_group(btf, l.v + i, j - i, kind, out, st);
	}
	if (!err && !anon_done)
		err = write_anon_enums(btf, out, st);	/* a BTF with no named type */
	if (!err)
		err = write_extra(extra, &next, NULL, out, st, kind);
	free(l.v);
	return err;
}
