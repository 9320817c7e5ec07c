// SPDX-License-Identifier: MIT
#include "matrix/lookup.h"
#include "util/mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One wanted name of one surface file: the dependency it is for. */
struct want {
	const char *name;	/* borrowed from the dep */
	size_t dep;
};

struct wants {
	struct want *v;
	size_t n, cap;
};

static void set_err(struct lookup_error *e, const char *file, unsigned long line,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set_err(struct lookup_error *e, const char *file, unsigned long line,
		    const char *fmt, ...)
{
	va_list ap;

	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

/* By name, then dependency index: equal names are neighbours, in spec order. */
static int cmp_want(const void *a, const void *b)
{
	const struct want *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->dep > y->dep) - (x->dep < y->dep);
}

/* The first want named @name (@len bytes), or NULL. */
static const struct want *find_want(const struct wants *w, const char *name, size_t len)
{
	size_t lo = 0, hi = w->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(w->v[mid].name, name, len);

		if (!c && w->v[mid].name[len])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->n && !strncmp(w->v[lo].name, name, len) && !w->v[lo].name[len] ?
	       &w->v[lo] : NULL;
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/*
 * Whether the declaration ending at @p (its ';') sits in @type through
 * anonymous levels only: every '}' closing a level around it is followed
 * by ';' (an anonymous member) or ends @type (the member itself), never
 * by a name ("struct {...} headers;" is reached as headers.FIELD).
 */
static bool anonymous_path(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '{') {
			depth++;
		} else if (*p == '}' && depth) {
			depth--;
		} else if (*p == '}') {
			if (p[1] && p[1] != ';')
				return false;
		}
	}
	return true;
}

int matrix_anon_member(const char *type, const char *field, char **ftype, int *bits)
{
	size_t flen = strlen(field);
	const char *p;

	*ftype = NULL;
	*bits = 0;
	if (!flen)
		return 0;
	for (p = strstr(type, field); p; p = strstr(p + 1, field)) {
		const char *q = p + flen, *start, *end;
		int depth = 0;
		size_t llen;

		/* a declarator name: a whole word followed by ;, [, : or the ) of (*name) */
		if ((p > type && is_ident(p[-1])) || is_ident(*q))
			continue;
		if (!(*q == ';' || *q == '[' || *q == ':' ||
		      (*q == ')' && p - type >= 2 && p[-1] == '*' && p[-2] == '(')))
			continue;
		/* the declaration: back to the ';' or '{' before it at its level */
		for (start = p; start > type; start--) {
			char c = start[-1];

			if (c == '}' || c == ')')
				depth++;
			else if ((c == '{' || c == '(') && depth)
				depth--;
			else if (c == '{' || (c == ';' && !depth))
				break;
		}
		if (start == type)
			continue;	/* not inside the braces */
		while (*start == ' ')
			start++;
		for (end = q, depth = 0; *end && (depth || *end != ';'); end++) {
			if (*end == '(' || *end == '{')
				depth++;
			else if ((*end == ')' || *end == '}') && depth)
				depth--;
		}
		if (!*end || !anonymous_path(end))
			continue;
		for (llen = p - start; llen && start[llen - 1] == ' '; llen--)
			;
		if (*q == ':') {
			*bits = atoi(q + 1);
			*ftype = strndup(start, llen);
		} else if (asprintf(ftype, "%.*s%.*s", (int)llen, start, (int)(end - q), q) < 0) {
			*ftype = NULL;
		}
		return *ftype ? 1 : -ENOMEM;
	}
	return 0;
}

/*
 * Member @field of struct/union entry @t, cut down as lookup.h says: a
 * direct member, else one of an anonymous member's inline type.
 */
static int field_entry(const json_t *t, const char *field, json_t **out)
{
	const json_t *members = json_object_get(t, "members"), *m;
	size_t i;
	int ret;

	*out = NULL;
	if (!json_is_array(members) || !json_is_string(json_object_get(t, "name")))
		return -EBADMSG;
	json_array_foreach(members, i, m) {
		const char *mn = json_string_value(json_object_get(m, "name"));

		if (!mn)
			return -EBADMSG;
		if (strcmp(mn, field))
			continue;
		*out = json_pack("{s:O, s:i, s:[O]}", "name", json_object_get(t, "name"), "size", 0,
				 "members", m);
		return *out ? 0 : -ENOMEM;
	}
	json_array_foreach(members, i, m) {
		const char *mt = json_string_value(json_object_get(m, "type"));
		const json_t *off = json_object_get(m, "offset_bits");
		char *ftype;
		int bits;

		if (*json_string_value(json_object_get(m, "name")))
			continue;
		if (!mt || !json_is_integer(off))
			return -EBADMSG;
		ret = matrix_anon_member(mt, field, &ftype, &bits);
		if (ret < 0)
			return ret;
		if (!ret)
			continue;
		/*
		 * The inner offsets are not in structs.jsonl: the container's
		 * stands in, and "in_anonymous" says so (the differ compares
		 * type, offset_bits and bitfield_bits only).
		 */
		*out = json_pack("{s:O, s:i, s:[{s:s, s:O, s:i, s:s, s:b}]}", "name",
				 json_object_get(t, "name"), "size", 0, "members", "name", field,
				 "offset_bits", off, "bitfield_bits", bits, "type", ftype,
				 "in_anonymous", 1);
		free(ftype);
		return *out ? 0 : -ENOMEM;
	}
	return 0;
}

/*
 * Stream @file of @dir and set the entries of the deps @w wants; a field's
 * entry is cut from its type's line.
 */
static int scan_file(const char *dir, const char *file, const struct wants *w,
		     const struct dep *deps, json_t **entries, unsigned int flags,
		     struct lookup_error *e)
{
	struct surface_reader r;
	const char *key;
	json_t *obj;
	bool tp = !strcmp(file, "tracepoints.jsonl");
	/* a function's defs and symbols (most of its line) are not compared */
	const char *stop = strcmp(file, "funcs.jsonl") || (flags & MATRIX_LOOKUP_WHOLE) ?
		NULL : "defs";
	int err;

	err = surface_reader_open(&r, dir, file, SURFACE_READER_KEYS_ONLY);
	while (!err && (err = surface_reader_next(&r, &obj, &key)) > 0) {
		/* a tracepoint's key is event, system, class: look the event up */
		size_t len = tp ? strcspn(key, "\x01") : strlen(key);
		const char *sys = tp && key[len] ? key + len + 1 : "";
		size_t slen = strcspn(sys, "\x01");
		const struct want *wt = find_want(w, key, len);

		err = 0;
		for (; !err && wt && wt < w->v + w->n && !strncmp(wt->name, key, len) &&
		     !wt->name[len]; wt++) {
			const struct dep *d = &deps[wt->dep];

			if (entries[wt->dep])
				continue;	/* an event's first system won */
			if (d->system && (strlen(d->system) != slen || strncmp(d->system, sys, slen)))
				continue;
			if (!obj && (err = surface_reader_parse(&r, stop, &obj)))
				break;
			if (d->kind != DEP_FIELD) {
				entries[wt->dep] = json_incref(obj);
				continue;
			}
			err = field_entry(obj, d->field, &entries[wt->dep]);
			if (err == -EBADMSG)
				set_err(e, file, r.lineno,
					"entry \"%s\": \"members\" is not [{\"name\", \"offset_bits\", \"type\", ...}]",
					d->name);
		}
		if (err == -EBADMSG && !e->text[0])
			set_err(e, file, r.error.line, "%s", r.error.text);
	}
	if (err < 0 && !e->text[0]) {
		if (err == -EBADMSG)
			set_err(e, file, r.error.line, "%s", r.error.text);
		else
			set_err(e, file, 0, "%s", strerror(-err));
	}
	surface_reader_close(&r);
	return err < 0 ? err : 0;
}

/* The entries of the deps on one-document surface @file. */
static int scan_doc(const char *dir, const char *file, const struct wants *w,
		    const struct dep *deps, json_t **entries, struct lookup_error *e)
{
	struct surface_error se = { 0 };
	json_t *doc;
	size_t i;
	int err = surface_load_doc(dir, file, &doc, &se);

	if (err) {
		if (err == -EBADMSG)
			set_err(e, file, se.line, "%s", se.text);
		else
			set_err(e, file, 0, "%s", strerror(-err));
		return err;
	}
	for (i = 0; i < w->n && !err; i++) {
		const struct dep *d = &deps[w->v[i].dep];

		errno = 0;
		entries[w->v[i].dep] = diff_doc_entry(dep_kind_diff(d->kind), doc, d->name);
		if (!entries[w->v[i].dep] && errno == ENOMEM)
			err = -ENOMEM;
		else if (!entries[w->v[i].dep] && errno)
			err = -EBADMSG;
		if (err)
			set_err(e, file, 0, err == -ENOMEM ? "out of memory" :
				"cannot take entry \"%s\" from it: %s", d->name, strerror(errno));
	}
	json_decref(doc);
	return err;
}

static int add_want(struct wants *w, const char *name, size_t dep)
{
	struct want *slot = mem_add((void **)&w->v, &w->cap, &w->n, sizeof(*w->v));

	if (!slot)
		return -ENOMEM;
	slot->name = name;
	slot->dep = dep;
	return 0;
}

int matrix_lookup(const char *dir, const struct dep *deps, size_t n, json_t **entries,
		  struct lookup_error *e)
{
	return matrix_lookup_flags(dir, deps, n, entries, 0, e);
}

int matrix_lookup_flags(const char *dir, const struct dep *deps, size_t n, json_t **entries,
			unsigned int flags, struct lookup_error *e)
{
	/* every file a dependency is read from, unions.jsonl for fields too */
	static const char *const files[] = {
		"funcs.jsonl", "structs.jsonl", "unions.jsonl", "enums.jsonl",
		"tracepoints.jsonl", "lsm_hooks.jsonl", "kfuncs.jsonl",
		"syscalls.json", "config.json",
	};
	struct wants w = { 0 };
	size_t f, i;
	int err = 0;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < n; i++)
		entries[i] = NULL;
	for (f = 0; f < sizeof(files) / sizeof(files[0]) && !err; f++) {
		bool unions = !strcmp(files[f], "unions.jsonl");

		w.n = 0;
		if ((flags & MATRIX_LOOKUP_NO_FUNCS) && !strcmp(files[f], "funcs.jsonl"))
			continue;
		for (i = 0; i < n && !err; i++) {
			/* a field whose type no struct has may be a union's */
			if (!strcmp(dep_kind_file(deps[i].kind), files[f]) ||
			    (unions && deps[i].kind == DEP_FIELD && !entries[i]))
				err = add_want(&w, deps[i].name, i);
		}
		if (err) {
			set_err(e, NULL, 0, "out of memory");
			break;
		}
		if (!w.n)
			continue;
		qsort(w.v, w.n, sizeof(*w.v), cmp_want);
		if (strstr(files[f], ".jsonl"))
			err = scan_file(dir, files[f], &w, deps, entries, flags, e);
		else
			err = scan_doc(dir, files[f], &w, deps, entries, e);
	}
	free(w.v);
	if (err)
		for (i = 0; i < n; i++) {
			json_decref(entries[i]);
			entries[i] = NULL;
		}
	return err;
}
