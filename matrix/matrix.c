// SPDX-License-Identifier: MIT
#include "matrix/matrix.h"
#include "formats/kernels_list.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- build */

void matrix_free(struct matrix *m)
{
	size_t i;

	if (!m)
		return;
	if (m->cells)
		for (i = 0; i < m->ndeps * m->nimages; i++) {
			json_decref(m->cells[i].entry);
			diff_changes_clear(&m->cells[i].changes);
		}
	free(m->cells);
	for (i = 0; m->images && i < m->nimages; i++)
		free(m->images[i]);
	free(m->images);
	memset(m, 0, sizeof(*m));
}

/* Statuses, and the changes against the previous column, of every cell. */
static int fill_row(struct matrix *m, size_t d, const char *const *dirs,
		    struct matrix_error *e)
{
	const struct dep *dep = &m->deps[d];
	bool seen = false;
	size_t i;
	int err;

	for (i = 0; i < m->nimages; i++) {
		struct matrix_cell *c = MATRIX_CELL(m, d, i);
		const json_t *prev = i ? MATRIX_CELL(m, d, i - 1)->entry : NULL;

		err = dep_status(dep, c->entry, &c->status);
		if (err) {
			snprintf(e->lookup.text, sizeof(e->lookup.text),
				 "%s: the entry does not have the shape of %s", dep->spec,
				 dep_kind_file(dep->kind));
			goto fail;
		}
		if (i && (prev || c->entry)) {
			err = diff_item(dep_kind_diff(dep->kind), prev, c->entry, &c->changes);
			if (err) {
				snprintf(e->lookup.text, sizeof(e->lookup.text),
					 "%s: cannot compare with %s: %s", dep->spec,
					 m->images[i - 1], err == -ENOMEM ? "out of memory" :
					 "an entry does not have the shape of its surface");
				goto fail;
			}
		}
		c->changed = c->changes.n > 0;
		seen |= c->changed;
		c->marked = m->sticky ? seen : c->changed;
	}
	return 0;
fail:
	snprintf(e->dir, sizeof(e->dir), "%s", dirs[i]);
	snprintf(e->lookup.file, sizeof(e->lookup.file), "%s", dep_kind_file(dep->kind));
	e->lookup.line = 0;
	return err;
}

int matrix_build(struct matrix *m, const struct dep *deps, size_t ndeps,
		 const char *const *dirs, const char *const *ids, size_t nimages, bool sticky,
		 struct matrix_error *e)
{
	return matrix_build_flags(m, deps, ndeps, dirs, ids, nimages, sticky, 0, e);
}

/* One reader of image folders: images first, first + step, ... */
struct lookup_worker {
	struct matrix *m;
	const char *const *dirs;
	unsigned int flags;
	size_t first, step;
	json_t **entries;		/* ndeps slots */
	int err;			/* of image @failed, the first in order that failed */
	size_t failed;
	struct lookup_error le;
};

static void *lookup_images(void *p)
{
	struct lookup_worker *w = p;
	struct matrix *m = w->m;
	size_t i, d;

	for (i = w->first; i < m->nimages && !w->err; i += w->step) {
		w->err = matrix_lookup_flags(w->dirs[i], m->deps, m->ndeps, w->entries, w->flags,
					     &w->le);
		if (w->err) {
			w->failed = i;
			break;
		}
		for (d = 0; d < m->ndeps; d++)
			MATRIX_CELL(m, d, i)->entry = w->entries[d];
	}
	return NULL;
}

/*
 * The entries of every cell, the images read by up to MATRIX_JOBS threads
 * (one per online CPU): each image is a separate read of separate files,
 * and the cells it fills are its own column. The results do not depend on
 * the number of threads; an error is that of the first image in order.
 */
#define MATRIX_JOBS 4

static int lookup_all(struct matrix *m, const char *const *dirs, unsigned int flags,
		      struct matrix_error *e)
{
	struct lookup_worker w[MATRIX_JOBS];
	pthread_t th[MATRIX_JOBS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t jobs = cpus > 1 ? (size_t)cpus : 1, i, started = 0, worst = SIZE_MAX;
	int err = 0;

	if (jobs > MATRIX_JOBS)
		jobs = MATRIX_JOBS;
	if (jobs > m->nimages)
		jobs = m->nimages ? m->nimages : 1;
	memset(w, 0, sizeof(w));
	for (i = 0; i < jobs; i++) {
		w[i] = (struct lookup_worker){ .m = m, .dirs = dirs, .flags = flags, .first = i,
					       .step = jobs };
		w[i].entries = calloc(m->ndeps ? m->ndeps : 1, sizeof(*w[i].entries));
		if (!w[i].entries)
			err = -ENOMEM;
	}
	if (err)
		goto out;
	/* jansson's hash seed is set once, before any thread makes an object */
	json_object_seed(0);
	for (i = 1; i < jobs && !pthread_create(&th[i], NULL, lookup_images, &w[i]); i++)
		started = i;
	/* a share whose thread did not start is read here: slower, the same */
	for (i = started + 1; i < jobs; i++)
		lookup_images(&w[i]);
	lookup_images(&w[0]);
	for (i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < jobs; i++)
		if (w[i].err && (worst == SIZE_MAX || w[i].failed < w[worst].failed))
			worst = i;
	if (worst != SIZE_MAX) {
		err = w[worst].err;
		e->lookup = w[worst].le;
		snprintf(e->dir, sizeof(e->dir), "%s", dirs[w[worst].failed]);
	}
out:
	for (i = 0; i < jobs; i++)
		free(w[i].entries);
	return err;
}

int matrix_build_flags(struct matrix *m, const struct dep *deps, size_t ndeps,
		       const char *const *dirs, const char *const *ids, size_t nimages,
		       bool sticky, unsigned int lookup_flags, struct matrix_error *e)
{
	return matrix_build_src(m, deps, ndeps, dirs, ids, nimages, sticky, lookup_flags, NULL, e);
}

int matrix_build_src(struct matrix *m, const struct dep *deps, size_t ndeps,
		     const char *const *dirs, const char *const *ids, size_t nimages,
		     bool sticky, unsigned int lookup_flags,
		     const struct matrix_func_source *src, struct matrix_error *e)
{
	size_t i, d;
	int err = -ENOMEM;

	memset(m, 0, sizeof(*m));
	memset(e, 0, sizeof(*e));
	m->deps = deps;
	m->ndeps = ndeps;
	m->sticky = sticky;
	if (ndeps && nimages > SIZE_MAX / sizeof(*m->cells) / ndeps)
		goto nomem;
	m->cells = calloc(ndeps && nimages ? ndeps * nimages : 1, sizeof(*m->cells));
	m->images = calloc(nimages ? nimages : 1, sizeof(*m->images));
	if (!m->cells || !m->images)
		goto nomem;
	for (i = 0; i < nimages; i++) {
		if (!(m->images[i] = strdup(ids[i])))
			goto nomem;
		m->nimages++;
	}
	err = lookup_all(m, dirs, lookup_flags | (src ? MATRIX_LOOKUP_NO_FUNCS : 0), e);
	if (!err && src)
		err = src->fill(src->arg, m, e);
	if (err == -ENOMEM && !e->lookup.text[0])
		goto nomem;
	if (err)
		goto fail;
	for (d = 0; d < ndeps; d++) {
		err = fill_row(m, d, dirs, e);
		if (err)
			goto fail;
	}
	return 0;
nomem:
	err = -ENOMEM;
	snprintf(e->lookup.text, sizeof(e->lookup.text), "out of memory");
fail:
	matrix_free(m);
	return err;
}

/* ---------------------------------------------------------------- JSON */

static json_t *change_json(const struct diff_change *c)
{
	json_t *o = json_pack("{s:s}", "kind", c->kind);

	if (o && c->what && json_object_set_new(o, "what", json_string(c->what)))
		goto nomem;
	/* as depsurf diff writes a change (docs/schema-diff.md): no value, no member */
	if (o && ((c->old_value && json_object_set(o, "old", c->old_value)) ||
		  (c->new_value && json_object_set(o, "new", c->new_value)) ||
		  json_object_set_new(o, "consequence",
				      json_string(diff_consequence_name(c->consequence)))))
		goto nomem;
	return o;
nomem:
	json_decref(o);
	return NULL;
}

static json_t *status_json(unsigned int st)
{
	json_t *a = json_array();
	unsigned int b;

	if (a && !st && json_array_append_new(a, json_string("ok")))
		goto nomem;
	for (b = 0; a && b < DEP_STATUS_COUNT; b++)
		if ((st & (1u << b)) && json_array_append_new(a, json_string(dep_status_json(b))))
			goto nomem;
	return a;
nomem:
	json_decref(a);
	return NULL;
}

static json_t *cell_json(const struct matrix *m, size_t d, size_t i)
{
	const struct matrix_cell *c = MATRIX_CELL(m, d, i);
	const char *value = dep_config_value(&m->deps[d], c->entry);
	json_t *o, *changes;
	size_t k;

	o = json_pack("{s:s, s:o}", "image", m->images[i], "status", status_json(c->status));
	if (!o)
		return NULL;
	if (m->deps[d].kind == DEP_CONFIG &&
	    json_object_set_new(o, "value", value ? json_string(value) : json_null()))
		goto nomem;
	/* a field: where it is (lookup.h: the one member of its cut-down struct) */
	if (m->deps[d].kind == DEP_FIELD &&
	    json_object_set(o, "member", c->entry ?
			    json_array_get(json_object_get(c->entry, "members"), 0) : json_null()))
		goto nomem;
	if (json_object_set_new(o, "changed", json_boolean(c->changed)) ||
	    (m->sticky && json_object_set_new(o, "marked", json_boolean(c->marked))) ||
	    json_object_set_new(o, "consequence",
				json_string(diff_consequence_name(diff_changes_worst(&c->changes)))) ||
	    json_object_set_new(o, "changes", changes = json_array()))
		goto nomem;
	for (k = 0; k < c->changes.n; k++)
		if (json_array_append_new(changes, change_json(&c->changes.v[k])))
			goto nomem;
	return o;
nomem:
	json_decref(o);
	return NULL;
}

json_t *matrix_json(const struct matrix *m)
{
	json_t *doc, *imgs, *deps, *row, *cells;
	size_t d, i;

	doc = json_pack("{s:o, s:b, s:o}", "images", imgs = json_array(), "sticky", m->sticky,
			"deps", deps = json_array());
	if (!doc)
		return NULL;
	for (i = 0; i < m->nimages; i++)
		if (json_array_append_new(imgs, json_string(m->images[i])))
			goto nomem;
	for (d = 0; d < m->ndeps; d++) {
		const struct dep *dep = &m->deps[d];

		row = json_pack("{s:s, s:s, s:s}", "dep", dep->spec, "kind", dep_kind_name(dep->kind),
				"name", dep->name);
		if (!row || json_array_append_new(deps, row))
			goto nomem;
		if ((dep->field && json_object_set_new(row, "field", json_string(dep->field))) ||
		    (dep->system && json_object_set_new(row, "system", json_string(dep->system))) ||
		    json_object_set_new(row, "cells", cells = json_array()))
			goto nomem;
		for (i = 0; i < m->nimages; i++)
			if (json_array_append_new(cells, cell_json(m, d, i)))
				goto nomem;
	}
	return doc;
nomem:
	json_decref(doc);
	return NULL;
}

/* ---------------------------------------------------------------- text cells */

#define CHANGED_SYM "\xce\x94"		/* Δ */
#define OK_SYM "\xe2\x9c\x93"		/* ✓ */

/*
 * The text of a cell into @buf: @markdown the paper's symbols (✓, ∅, the
 * letters worst first, Δ), else words joined by ',' and '*' when marked.
 * An absent cell shows absence only: its change (the removal) is plain.
 * A config cell shows the value instead of ok.
 */
static void cell_text(const struct matrix *m, size_t d, size_t i, bool markdown, char *buf,
		      size_t size)
{
	const struct matrix_cell *c = MATRIX_CELL(m, d, i);
	const char *value = dep_config_value(&m->deps[d], c->entry);
	size_t len = 0;
	unsigned int b;

#define PUT(...) do {							\
		int n_ = snprintf(buf + len, size - len, __VA_ARGS__);	\
		len = n_ < 0 ? len : len + (size_t)n_ < size ? len + n_ : size - 1; \
	} while (0)

	buf[0] = '\0';
	if (value) {
		/* config: the value, absent or not (unset, n) */
		PUT("%s", value);
	} else if (c->status & DEP_ST(ABSENT)) {
		PUT("%s", markdown ? dep_status_symbol(DEP_STATUS_BIT_ABSENT) : "absent");
		return;
	} else {
		for (b = 0; b < DEP_STATUS_COUNT; b++)
			if (c->status & (1u << b))
				PUT("%s%s", markdown || !len ? "" : ",",
				    markdown ? dep_status_symbol(b) : dep_status_text(b));
		if (!c->status && !(markdown && c->marked))
			PUT("%s", markdown ? OK_SYM : "ok");
	}
	if (c->marked)
		PUT("%s", markdown ? (value ? " " CHANGED_SYM : CHANGED_SYM) : "*");
#undef PUT
}

/* ---------------------------------------------------------------- Markdown */

/* @s with '|' escaped, for a table cell. */
static int md_put(FILE *f, const char *s)
{
	for (; *s; s++)
		if ((*s == '|' && fputc('\\', f) == EOF) || fputc(*s, f) == EOF)
			return -EIO;
	return 0;
}

int matrix_print_markdown(const struct matrix *m, FILE *f)
{
	char cell[1024];
	size_t d, i;

	fputs("| dependency |", f);
	for (i = 0; i < m->nimages; i++) {
		fputc(' ', f);
		md_put(f, m->images[i]);
		fputs(" |", f);
	}
	fputs("\n|---|", f);
	for (i = 0; i < m->nimages; i++)
		fputs(":-:|", f);
	fputc('\n', f);
	for (d = 0; d < m->ndeps; d++) {
		fputs("| `", f);
		md_put(f, m->deps[d].spec);
		fputs("` |", f);
		for (i = 0; i < m->nimages; i++) {
			cell_text(m, d, i, true, cell, sizeof(cell));
			fputc(' ', f);
			md_put(f, cell);
			fputs(" |", f);
		}
		fputc('\n', f);
	}
	fprintf(f, "\n%s present, unchanged; %s absent; %s changed since the previous image%s; "
		"%s full inline; %s selective inline; %s transformed (only a .isra/.constprop/... "
		"clone); %s duplicate (static in many units); %s collision (several functions of "
		"the name); %s not traceable (no ftrace site, kprobe-blacklisted, no bpf_lsm_ "
		"hook). A config cell is the option's value.\n",
		OK_SYM, dep_status_symbol(DEP_STATUS_BIT_ABSENT), CHANGED_SYM,
		m->sticky ? " (sticky: and every image after the first change)" : "",
		dep_status_symbol(DEP_STATUS_BIT_FULL), dep_status_symbol(DEP_STATUS_BIT_SELECTIVE),
		dep_status_symbol(DEP_STATUS_BIT_TRANSFORMED),
		dep_status_symbol(DEP_STATUS_BIT_DUPLICATE),
		dep_status_symbol(DEP_STATUS_BIT_COLLISION),
		dep_status_symbol(DEP_STATUS_BIT_NOT_TRACEABLE));
	return ferror(f) ? -EIO : 0;
}

/* ---------------------------------------------------------------- text */

/* The colour of a cell: red breaks loading/attaching, yellow misses or misreads. */
static const char *cell_color(const struct matrix_cell *c)
{
	if (c->status & (DEP_ST(ABSENT) | DEP_ST(FULL) | DEP_ST(TRANSFORMED)))
		return "\033[31m";
	if (c->status)
		return "\033[33m";
	return c->marked ? "\033[36m" : "\033[32m";
}

int matrix_print_text(const struct matrix *m, FILE *f, bool color)
{
	size_t d, i, w0 = strlen("DEPENDENCY"), *w;
	char cell[1024];
	bool any_mark = false;

	w = calloc(m->nimages ? m->nimages : 1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	for (d = 0; d < m->ndeps; d++) {
		size_t n = strlen(m->deps[d].spec);

		w0 = n > w0 ? n : w0;
	}
	for (i = 0; i < m->nimages; i++) {
		w[i] = strlen(m->images[i]);
		for (d = 0; d < m->ndeps; d++) {
			cell_text(m, d, i, false, cell, sizeof(cell));
			w[i] = strlen(cell) > w[i] ? strlen(cell) : w[i];
			any_mark |= MATRIX_CELL(m, d, i)->marked;
		}
	}
	fprintf(f, "%-*s", (int)w0, "DEPENDENCY");
	for (i = 0; i < m->nimages; i++)
		fprintf(f, "  %-*s", i + 1 < m->nimages ? (int)w[i] : 0, m->images[i]);
	fputc('\n', f);
	for (d = 0; d < m->ndeps; d++) {
		fprintf(f, "%-*s", (int)w0, m->deps[d].spec);
		for (i = 0; i < m->nimages; i++) {
			int pad;

			cell_text(m, d, i, false, cell, sizeof(cell));
			/* the padding outside the colour, so columns stay aligned */
			pad = i + 1 < m->nimages ? (int)(w[i] - strlen(cell)) : 0;
			fprintf(f, "  %s%s%s%*s", color ? cell_color(MATRIX_CELL(m, d, i)) : "",
				cell, color ? "\033[0m" : "", pad, "");
		}
		fputc('\n', f);
	}
	if (any_mark)
		fprintf(f, "* changed since the previous image%s\n",
			m->sticky ? ", or after the first change (--sticky)" : "");
	free(w);
	return ferror(f) ? -EIO : 0;
}

/* ---------------------------------------------------------------- images */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

int matrix_list_images(const char *dir, const struct kernels_list *kl, char ***ids,
		       size_t *n)
{
	char **found = NULL, **out = NULL;
	size_t nfound = 0, cap = 0, nout = 0, i, k;
	struct dirent *de;
	DIR *dh = NULL;
	int err = 0;

	*ids = NULL;
	*n = 0;
	dh = opendir(dir);
	if (!dh) {
		err = -errno;
		goto out;
	}
	while ((de = readdir(dh))) {
		char path[PATH_MAX];
		struct stat st;
		char **slot;

		if (de->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s/meta.json", dir, de->d_name) >=
		    (int)sizeof(path) || stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		slot = mem_add((void **)&found, &cap, &nfound, sizeof(*found));
		if (!slot || !(*slot = strdup(de->d_name))) {
			nfound -= !!slot;
			err = -ENOMEM;
			goto out;
		}
	}
	if (!nfound) {
		err = -ENODATA;
		goto out;
	}
	qsort(found, nfound, sizeof(*found), cmp_str);
	out = calloc(nfound, sizeof(*out));
	if (!out) {
		err = -ENOMEM;
		goto out;
	}
	/* kernels.list order first, by moving the found names over */
	for (k = 0; kl && k < kl->nr; k++)
		for (i = 0; i < nfound; i++)
			if (found[i] && !strcmp(found[i], kl->images[k].id)) {
				out[nout++] = found[i];
				found[i] = NULL;
			}
	for (i = 0; i < nfound; i++)
		if (found[i]) {
			out[nout++] = found[i];
			found[i] = NULL;
		}
	*ids = out;
	*n = nout;
	out = NULL;
out:
	if (dh)
		closedir(dh);
	free_strv(found, nfound);
	free(out);
	return err;
}
