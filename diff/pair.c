// SPDX-License-Identifier: MIT
/*
 * diff_pair() (diff/pair.h): one kind at a time, a merge join of the two
 * images' entries, diff_item() for every name both have, and the counts
 * of docs/schema-diff.md.
 */
#include "diff/pair.h"
#include "schema/surface_reader.h"
#include "util/mem.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const enum diff_consequence diff_consequence_order[4] = {
	DIFF_ERROR, DIFF_STRAY_READ, DIFF_MISSING_INVOCATION, DIFF_NONE,
};

/*
 * Of funcs.jsonl only the members before "defs" are compared: the DWARF
 * definitions and symbols (decl lines, call sites, addresses) change in
 * every build and are not part of what diff_item() compares.
 */
static const char *stop_member(enum diff_kind kind)
{
	return kind == DIFF_FUNCS ? "defs" : NULL;
}

/* Kinds a published image may lack (SPEC §4: optional surfaces, added later). */
static bool optional_kind(enum diff_kind kind)
{
	return kind == DIFF_LSM_HOOKS || kind == DIFF_KFUNCS;
}

int diff_image_id(const char *dir, char *buf, size_t size)
{
	size_t len = strlen(dir);
	const char *start;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	start = dir + len;
	while (start > dir && start[-1] != '/')
		start--;
	len = dir + len - start;
	if (!len || (len == 1 && *start == '/') || (len == 1 && *start == '.') ||
	    (len == 2 && !memcmp(start, "..", 2)))
		return -EINVAL;
	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, start, len);
	buf[len] = '\0';
	return 0;
}

static int set_err(struct diff_pair_error *e, const char *dir, const char *file,
		   unsigned long line, int err, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int set_err(struct diff_pair_error *e, const char *dir, const char *file,
		   unsigned long line, int err, const char *fmt, ...)
{
	va_list ap;

	snprintf(e->file, sizeof(e->file), "%s%s%s", dir ? dir : "", dir ? "/" : "",
		 file ? file : "");
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	return err;
}

/* ---------------------------------------------------------------- one kind */

#define CHANGE_KINDS_MAX 64	/* distinct change kinds of one entry kind (~20 exist) */

struct acc {
	unsigned long old_n, new_n, added, removed, changed;
	unsigned long cons[DIFF_ERROR + 1];
	struct {
		const char *kind;	/* static, from diff_item() */
		unsigned long items;
	} ck[CHANGE_KINDS_MAX];
	size_t nck;
	json_t *added_items, *removed_items, *changed_items;
};

static int acc_init(struct acc *a)
{
	memset(a, 0, sizeof(*a));
	a->added_items = json_array();
	a->removed_items = json_array();
	a->changed_items = json_array();
	return a->added_items && a->removed_items && a->changed_items ? 0 : -ENOMEM;
}

static void acc_free(struct acc *a)
{
	json_decref(a->added_items);
	json_decref(a->removed_items);
	json_decref(a->changed_items);
	memset(a, 0, sizeof(*a));
}

/* A JSON string of @n bytes; -EILSEQ when they are not UTF-8 (keys-only reading does not check). */
static int name_json(const char *s, size_t n, json_t **out)
{
	json_t *probe;

	*out = json_stringn(s, n);
	if (*out)
		return 0;
	/* jansson says NULL for both: tell them apart */
	probe = json_string("");
	if (!probe)
		return -ENOMEM;
	json_decref(probe);
	return -EILSEQ;
}

/* An entry present on one side only (diff_item's "added": none; "removed": error). */
static int acc_one_side(struct acc *a, const char *name, size_t len, bool added)
{
	json_t *s;
	int err = name_json(name, len, &s);

	if (err)
		return err;
	if (json_array_append_new(added ? a->added_items : a->removed_items, s))
		return -ENOMEM;
	if (added)
		a->added++, a->cons[DIFF_NONE]++;
	else
		a->removed++, a->cons[DIFF_ERROR]++;
	return 0;
}

static json_t *change_json(const struct diff_change *ch)
{
	json_t *o = json_object();

	if (!o || json_object_set_new(o, "kind", json_string(ch->kind)) ||
	    (ch->what && json_object_set_new(o, "what", json_string(ch->what))) ||
	    (ch->old_value && json_object_set(o, "old", ch->old_value)) ||
	    (ch->new_value && json_object_set(o, "new", ch->new_value)) ||
	    json_object_set_new(o, "consequence",
				json_string(diff_consequence_name(ch->consequence)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* An entry both sides have, with its changes @c (none: equal). */
static int acc_changed(struct acc *a, const char *name, size_t len, const struct diff_changes *c)
{
	enum diff_consequence worst = diff_changes_worst(c);
	json_t *item = NULL, *list = NULL, *s = NULL;
	size_t i, k;
	int err;

	if (!c->n)
		return 0;
	/* each change kind counts once per item */
	for (i = 0; i < c->n; i++) {
		for (k = 0; k < i && strcmp(c->v[k].kind, c->v[i].kind); k++)
			;
		if (k < i)
			continue;
		for (k = 0; k < a->nck && strcmp(a->ck[k].kind, c->v[i].kind); k++)
			;
		if (k == a->nck) {
			if (a->nck == CHANGE_KINDS_MAX)
				return -E2BIG;
			a->ck[a->nck].kind = c->v[i].kind;
			a->ck[a->nck++].items = 0;
		}
		a->ck[k].items++;
	}
	a->changed++;
	a->cons[worst]++;
	if ((err = name_json(name, len, &s)))
		return err;
	item = json_object();
	list = json_array();
	err = -ENOMEM;
	if (!item || !list || json_object_set_new(item, "name", s))
		goto fail;
	s = NULL;
	if (json_object_set_new(item, "consequence", json_string(diff_consequence_name(worst))))
		goto fail;
	for (i = 0; i < c->n; i++)
		if (json_array_append_new(list, change_json(&c->v[i])))
			goto fail;
	err = json_object_set_new(item, "changes", list) ? -ENOMEM : 0;
	list = NULL;
	if (err || json_array_append_new(a->changed_items, item)) {
		item = NULL;
		err = -ENOMEM;
		goto fail;
	}
	return 0;
fail:
	json_decref(s);
	json_decref(list);
	json_decref(item);
	return err;
}

static int cmp_ck(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The kind's object of the document, in the documented key order; NULL when out of memory. */
static json_t *acc_json(struct acc *a)
{
	json_t *o = json_object(), *ck = json_object(), *cons = json_object();
	size_t i;

	if (!o || !ck || !cons)
		goto fail;
	qsort(a->ck, a->nck, sizeof(a->ck[0]), cmp_ck);
	for (i = 0; i < a->nck; i++)
		if (json_object_set_new(ck, a->ck[i].kind, json_integer(a->ck[i].items)))
			goto fail;
	for (i = 0; i < 4; i++)
		if (json_object_set_new(cons, diff_consequence_name(diff_consequence_order[i]),
					json_integer(a->cons[diff_consequence_order[i]])))
			goto fail;
	if (json_object_set_new(o, "old", json_integer(a->old_n)) ||
	    json_object_set_new(o, "new", json_integer(a->new_n)) ||
	    json_object_set_new(o, "added", json_integer(a->added)) ||
	    json_object_set_new(o, "removed", json_integer(a->removed)) ||
	    json_object_set_new(o, "changed", json_integer(a->changed)))
		goto fail;
	if (json_object_set_new(o, "change_kinds", ck)) {
		ck = NULL;
		goto fail;
	}
	ck = NULL;
	if (json_object_set_new(o, "consequences", cons)) {
		cons = NULL;
		goto fail;
	}
	cons = NULL;
	if (json_object_set(o, "added_items", a->added_items) ||
	    json_object_set(o, "removed_items", a->removed_items) ||
	    json_object_set(o, "changed_items", a->changed_items))
		goto fail;
	return o;
fail:
	json_decref(ck);
	json_decref(cons);
	json_decref(o);
	return NULL;
}

/* ---------------------------------------------------------------- JSON Lines kinds */

/* The part of a joined key that names the item: tracepoints are named by event alone. */
static size_t name_len(const char *key)
{
	const char *sep = strchr(key, SURFACE_KEY_SEP);

	return sep ? (size_t)(sep - key) : strlen(key);
}

static int cmp_names(const char *a, const char *b)
{
	size_t la = name_len(a), lb = name_len(b);
	int c = memcmp(a, b, la < lb ? la : lb);

	return c ? c : (la > lb) - (la < lb);
}

/* The lines of both sides are the same for this kind's comparison. */
static bool same_text(enum diff_kind kind, struct surface_reader *ro, struct surface_reader *rn)
{
	size_t lo, ln;
	const char *o = surface_reader_line(ro, &lo), *n = surface_reader_line(rn, &ln);
	const char *stop = stop_member(kind);

	if (stop) {
		size_t co = surface_member_offset(o, lo, stop), cn = surface_member_offset(n, ln, stop);

		if (co && cn)
			lo = co, ln = cn;
	}
	return lo == ln && !memcmp(o, n, lo);
}

/* An entry diff_item() refused: which side has the bad shape, and where. */
static int bad_shape(enum diff_kind kind, const json_t *o, const char *od, const char *nd,
		     struct surface_reader *ro, struct surface_reader *rn, const char *key,
		     struct diff_pair_error *e)
{
	struct diff_changes c = { 0 };
	bool old_bad = diff_item(kind, o, o, &c) == -EINVAL;
	const char *file = diff_kind_file(kind);

	diff_changes_clear(&c);
	return set_err(e, old_bad ? od : nd, file, (old_bad ? ro : rn)->lineno, -EBADMSG,
		       "entry \"%.*s\" does not follow the schema (a member of the wrong type)",
		       (int)name_len(key), key);
}

static int reader_err(struct surface_reader *r, const char *dir, const char *file, int err,
		      struct diff_pair_error *e)
{
	if (err == -EBADMSG)
		return set_err(e, dir, file, r->error.line, err, "%s", r->error.text);
	return set_err(e, dir, file, r->lineno, err, "%s", strerror(-err));
}

static int diff_jsonl(enum diff_kind kind, const char *od, const char *nd, struct acc *a,
		      struct diff_pair_error *e)
{
	struct surface_reader ro, rn;
	struct diff_changes c = { 0 };
	const char *file = diff_kind_file(kind), *ko = NULL, *kn = NULL;
	json_t *oo, *no;
	int ho, hn, err;

	err = surface_reader_open(&ro, od, file, SURFACE_READER_KEYS_ONLY);
	if (err) {
		surface_reader_close(&ro);
		return set_err(e, od, file, 0, err, "%s", strerror(-err));
	}
	err = surface_reader_open(&rn, nd, file, SURFACE_READER_KEYS_ONLY);
	if (err) {
		set_err(e, nd, file, 0, err, "%s", strerror(-err));
		goto out;
	}
	ho = surface_reader_next(&ro, &oo, &ko);
	hn = surface_reader_next(&rn, &no, &kn);
	while (ho > 0 && hn >= 0) {
		int cmp = hn > 0 ? cmp_names(ko, kn) : -1;

		if (cmp < 0) {
			err = acc_one_side(a, ko, name_len(ko), false);
			if (err == -EILSEQ)
				err = set_err(e, od, file, ro.lineno, -EBADMSG, "key not UTF-8");
			if (err)
				goto out;
			ho = surface_reader_next(&ro, &oo, &ko);
			continue;
		}
		if (cmp > 0) {
			err = acc_one_side(a, kn, name_len(kn), true);
			if (err == -EILSEQ)
				err = set_err(e, nd, file, rn.lineno, -EBADMSG, "key not UTF-8");
			if (err)
				goto out;
			hn = surface_reader_next(&rn, &no, &kn);
			continue;
		}
		if (!same_text(kind, &ro, &rn)) {
			if ((err = surface_reader_parse(&ro, stop_member(kind), &oo))) {
				err = reader_err(&ro, od, file, err, e);
				goto out;
			}
			if ((err = surface_reader_parse(&rn, stop_member(kind), &no))) {
				err = reader_err(&rn, nd, file, err, e);
				goto out;
			}
			err = diff_item(kind, oo, no, &c);
			if (err == -EINVAL)
				err = bad_shape(kind, oo, od, nd, &ro, &rn, ko, e);
			if (!err)
				err = acc_changed(a, ko, name_len(ko), &c);
			if (err == -EILSEQ)
				err = set_err(e, od, file, ro.lineno, -EBADMSG, "key not UTF-8");
			diff_changes_clear(&c);
			if (err)
				goto out;
		}
		ho = surface_reader_next(&ro, &oo, &ko);
		hn = surface_reader_next(&rn, &no, &kn);
	}
	/* the new side's rest */
	while (ho == 0 && hn > 0) {
		err = acc_one_side(a, kn, name_len(kn), true);
		if (err == -EILSEQ)
			err = set_err(e, nd, file, rn.lineno, -EBADMSG, "key not UTF-8");
		if (err)
			goto out;
		hn = surface_reader_next(&rn, &no, &kn);
	}
	if (ho < 0) {
		err = reader_err(&ro, od, file, ho, e);
		goto out;
	}
	if (hn < 0) {
		err = reader_err(&rn, nd, file, hn, e);
		goto out;
	}
	a->old_n = surface_reader_count(&ro);
	a->new_n = surface_reader_count(&rn);
	err = 0;
out:
	diff_changes_clear(&c);
	surface_reader_close(&ro);
	surface_reader_close(&rn);
	return err;
}

/* ---------------------------------------------------------------- one-document kinds */

struct strv {
	const char **v;
	size_t n, cap;
};

static int strv_add(struct strv *s, const char *str)
{
	const char **p = mem_add((void **)&s->v, &s->cap, &s->n, sizeof(*s->v));

	if (!p)
		return -ENOMEM;
	*p = str;
	return 0;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort and drop repeats. */
static void strv_uniq(struct strv *s)
{
	size_t i, j = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_cstr);
	for (i = 1; i < s->n; i++)
		if (strcmp(s->v[i], s->v[j]))
			s->v[++j] = s->v[i];
	s->n = j + 1;
}

/*
 * The item names of a document (pointers into it) after checking the shape
 * diff_doc_entry() relies on; -EBADMSG with @e set otherwise.
 */
static int doc_names(enum diff_kind kind, const json_t *doc, const char *dir, struct strv *names,
		     unsigned long *count, struct diff_pair_error *e)
{
	const char *file = diff_kind_file(kind), *k;
	size_t before = names->n, i;
	json_t *v;
	int err;

	switch (kind) {
	case DIFF_SYSCALLS: {
		struct strv mine = { 0 };

		json_object_foreach((json_t *)doc, k, v) {
			if (!json_is_array(v))
				return set_err(e, dir, file, 0, -EBADMSG,
					       "table \"%s\" is not a list of slots", k);
			for (i = 0; i < json_array_size(v); i++) {
				const json_t *s = json_array_get(v, i);
				const json_t *n = json_object_get(s, "name");

				if (!json_is_object(s) || !json_is_string(n) ||
				    !json_is_integer(json_object_get(s, "nr"))) {
					free(mine.v);
					return set_err(e, dir, file, 0, -EBADMSG,
						       "table \"%s\": slot %zu has no name or nr",
						       k, i);
				}
				if ((err = strv_add(&mine, json_string_value(n))) ||
				    (err = strv_add(names, json_string_value(n)))) {
					free(mine.v);
					return err;
				}
			}
		}
		strv_uniq(&mine);
		*count = mine.n;
		free(mine.v);
		return 0;
	}
	case DIFF_CONFIG:
		json_object_foreach((json_t *)doc, k, v) {
			if (!json_is_string(v) && !json_is_null(v))
				return set_err(e, dir, file, 0, -EBADMSG,
					       "\"%s\" is neither a string nor null", k);
			if ((err = strv_add(names, k)))
				return err;
		}
		break;
	case DIFF_REGISTERS:
		if (!json_is_object(json_object_get(doc, "pt_regs")) ||
		    !json_is_array(json_object_get(doc, "pt_regs") ?
				   json_object_get(json_object_get(doc, "pt_regs"), "members") : NULL) ||
		    !json_is_array(json_object_get(doc, "args")) ||
		    !json_is_string(json_object_get(doc, "ret")))
			return set_err(e, dir, file, 0, -EBADMSG,
				       "no \"pt_regs\" with \"members\", \"args\" list or \"ret\" register");
		for (i = 0; i < json_array_size(json_object_get(doc, "args")); i++)
			if (!json_is_string(json_array_get(json_object_get(doc, "args"), i)))
				return set_err(e, dir, file, 0, -EBADMSG,
					       "\"args\" holds a non-string");
		if ((err = strv_add(names, "params")) || (err = strv_add(names, "pt_regs")) ||
		    (err = strv_add(names, "ret")))
			return err;
		break;
	default:
		return -EINVAL;
	}
	*count = names->n - before;
	return 0;
}

static int diff_doc(enum diff_kind kind, const char *od, const char *nd, struct acc *a,
		    struct diff_pair_error *e)
{
	const char *file = diff_kind_file(kind);
	struct surface_error se = { 0 };
	json_t *odoc = NULL, *ndoc = NULL, *eo = NULL, *en = NULL;
	struct diff_changes c = { 0 };
	struct strv names = { 0 };
	size_t i;
	int err;

	if ((err = surface_load_doc(od, file, &odoc, &se))) {
		set_err(e, od, file, se.line, err, "%s", se.text);
		goto out;
	}
	if ((err = surface_load_doc(nd, file, &ndoc, &se))) {
		set_err(e, nd, file, se.line, err, "%s", se.text);
		goto out;
	}
	if ((err = doc_names(kind, odoc, od, &names, &a->old_n, e)) ||
	    (err = doc_names(kind, ndoc, nd, &names, &a->new_n, e)))
		goto out;
	strv_uniq(&names);
	for (i = 0; i < names.n; i++) {
		const char *n = names.v[i];

		errno = 0;
		eo = diff_doc_entry(kind, odoc, n);
		if (!eo && errno) {
			err = -errno;
			goto out;
		}
		en = diff_doc_entry(kind, ndoc, n);
		if (!en && errno) {
			err = -errno;
			goto out;
		}
		if (!eo || !en) {
			err = eo || en ? acc_one_side(a, n, strlen(n), !eo) : 0;
		} else {
			err = diff_item(kind, eo, en, &c);
			if (err == -EINVAL) {
				bool old_bad = diff_item(kind, eo, eo, &c) == -EINVAL;

				err = set_err(e, old_bad ? od : nd, file, 0, -EBADMSG,
					      "entry \"%s\" does not follow the schema", n);
			}
			if (!err)
				err = acc_changed(a, n, strlen(n), &c);
			diff_changes_clear(&c);
		}
		json_decref(eo);
		json_decref(en);
		eo = en = NULL;
		if (err)
			goto out;
	}
out:
	if (err && !e->text[0])
		set_err(e, NULL, NULL, 0, err, "%s", strerror(-err));
	free(names.v);
	json_decref(eo);
	json_decref(en);
	json_decref(odoc);
	json_decref(ndoc);
	return err;
}

/* ---------------------------------------------------------------- the document */

static bool file_exists(const char *dir, const char *file)
{
	char path[PATH_MAX];
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >= (int)sizeof(path))
		return true;	/* let the reader report it */
	f = fopen(path, "re");
	if (!f)
		return errno != ENOENT;
	fclose(f);
	return true;
}

static json_t *skipped(const char *why_fmt, const char *file, const char *id)
{
	char why[512];
	json_t *o = json_object();

	snprintf(why, sizeof(why), why_fmt, file, id);
	if (o && json_object_set_new(o, "skipped", json_string(why))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * meta.json, when the folder has one (test fixtures may not), must name a
 * schema of our major version: the entries of another one may not mean what
 * the differ assumes.
 */
static int check_schema(const char *dir, struct diff_pair_error *e)
{
	struct surface_error se = { 0 };
	json_t *meta = NULL;
	const char *v;
	size_t n;
	int err;

	if (!file_exists(dir, "meta.json"))
		return 0;
	if ((err = surface_load_doc(dir, "meta.json", &meta, &se)))
		return set_err(e, dir, "meta.json", se.line, err, "%s", se.text);
	v = json_string_value(json_object_get(meta, "schema_version"));
	n = strcspn(SURFACE_SCHEMA_VERSION, ".");
	err = 0;
	if (!v || strncmp(v, SURFACE_SCHEMA_VERSION, n) || (v[n] && v[n] != '.'))
		err = set_err(e, dir, "meta.json", 0, -EBADMSG,
			      "schema_version %s%s%s, this depsurf reads %s", v ? "\"" : "",
			      v ? v : "missing", v ? "\"" : "", SURFACE_SCHEMA_VERSION);
	json_decref(meta);
	return err;
}

int diff_pair(const char *old_dir, const char *new_dir, unsigned int kinds, json_t **doc,
	      struct diff_pair_error *e)
{
	char old_id[256], new_id[256];
	json_t *d = NULL, *kobj = NULL;
	int err, k;

	*doc = NULL;
	memset(e, 0, sizeof(*e));
	if (!kinds)
		kinds = (1u << DIFF_KIND_COUNT) - 1;
	if ((err = diff_image_id(old_dir, old_id, sizeof(old_id))))
		return set_err(e, old_dir, NULL, 0, err, "not an image folder name");
	if ((err = diff_image_id(new_dir, new_id, sizeof(new_id))))
		return set_err(e, new_dir, NULL, 0, err, "not an image folder name");
	if ((err = check_schema(old_dir, e)) || (err = check_schema(new_dir, e)))
		return err;
	d = json_object();
	kobj = json_object();
	err = -ENOMEM;
	if (!d || !kobj || json_object_set_new(d, "schema_version", json_string(DIFF_SCHEMA_VERSION)) ||
	    json_object_set_new(d, "old", json_string(old_id)) ||
	    json_object_set_new(d, "new", json_string(new_id)))
		goto fail;
	if (!json_string_value(json_object_get(d, "old")) ||
	    !json_string_value(json_object_get(d, "new")))
		goto fail;
	for (k = 0; k < DIFF_KIND_COUNT; k++) {
		const char *file = diff_kind_file(k);
		json_t *ko = NULL;
		struct acc a;

		if (!(kinds & (1u << k)))
			continue;
		if (optional_kind(k) && !file_exists(old_dir, file)) {
			ko = skipped("no %s in %s", file, old_id);
		} else if (optional_kind(k) && !file_exists(new_dir, file)) {
			ko = skipped("no %s in %s", file, new_id);
		} else {
			if ((err = acc_init(&a))) {
				acc_free(&a);
				goto fail;
			}
			err = (k == DIFF_SYSCALLS || k == DIFF_CONFIG || k == DIFF_REGISTERS) ?
				      diff_doc(k, old_dir, new_dir, &a, e) :
				      diff_jsonl(k, old_dir, new_dir, &a, e);
			if (!err)
				ko = acc_json(&a);
			acc_free(&a);
			if (err)
				goto fail;
		}
		err = -ENOMEM;
		if (!ko || json_object_set_new(kobj, diff_kind_name(k), ko))
			goto fail;
	}
	err = -ENOMEM;
	if (json_object_set_new(d, "kinds", kobj)) {
		kobj = NULL;
		goto fail;
	}
	*doc = d;
	return 0;
fail:
	if (!e->text[0])
		set_err(e, NULL, NULL, 0, err, "%s", strerror(-err));
	json_decref(kobj);
	json_decref(d);
	return err;
}
