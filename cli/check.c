// SPDX-License-Identifier: MIT
/*
 * depsurf check PROG.bpf.o...: the kernel dependencies of BPF objects
 * (check/, docs/check.md) and their status on the images of a dataset
 * (matrix/): the dependency set, the status matrix with the consequence
 * of every cell that is not ok and a way out from the data, a verdict per
 * image.
 */
#include "check/bpfobj.h"
#include "check/deps.h"
#include "cli/check_db.h"
#include "cli/cli.h"
#include "db/dsdb.h"
#include "release/extract.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


/* --no-db and --by-kind have no short form */
#define CHECK_OPT_NO_DB 0x100
#define CHECK_OPT_BY_KIND 0x101

/* The check command's exit statuses (not enum cli_exit's: see its help). */
enum { CHECK_EXIT_OK = 0, CHECK_EXIT_MISMATCH = 1, CHECK_EXIT_BAD = 2 };

void help_check(FILE *f)
{
	fprintf(f,
		"Usage: depsurf check [OPTIONS] PROG.bpf.o...\n"
		"The kernel dependencies of each BPF object, read from the object itself\n"
		"(program section names, the CO-RE relocations of .BTF.ext resolved against\n"
		"its BTF, __kconfig and __ksym externs), and their status on each image of\n"
		"the dataset: the dependency set, the status matrix with the consequence of\n"
		"every cell that is not ok and a way out from the data, a verdict per image.\n"
		"A field, type or enum value the object tests with an exists relocation is\n"
		"guarded; a field read only where a guarded field is absent is its fallback;\n"
		"the ___flavors of a type are alternatives, a __weak extern is optional:\n"
		"their absence is handled. Every image is read once for all the objects,\n"
		"its functions from DIR/depsurf.sqlite when that is newer than its files.\n"
		"\n"
		"Options:\n"
		"  -d, --dataset DIR  the dataset root holding the image folders (default\n"
		"                     'dataset')\n"
		"  -i, --images LIST  these image ids, comma-separated, in this order (default:\n"
		"                     every image folder, in kernels.list order)\n"
		"      --group G      the images of group G of kernels.groups\n"
		"  -g, --groups FILE  the kernels.groups file (default: DIR/kernels.groups,\n"
		"                     else DIR/../kernels.groups)\n"
		"  -k, --kernels FILE the kernels.list giving the default order\n"
		"      --release FILE read the images of a release tarball (depsurf release)\n"
		"                     instead: those of --images (else all) and its lists\n"
		"                     are copied out to a temp folder, removed at exit\n"
		"  -a, --against ID   also report what changed since image ID (the image the\n"
		"                     program was built for) in the entries of the others\n"
		"  -s, --summary      one line per object instead: its dependencies by kind,\n"
		"                     and how many are absent / changed / fully inlined /\n"
		"                     selectively inlined / transformed / duplicate on at least\n"
		"                     one image, and how many are an error somewhere (CSV)\n"
		"  -m, --markdown     the summary as a Markdown table (\xe2\x88\x85 \xce\x94 F S T D)\n"
		"      --by-kind      a summary per dependency kind instead (the DepSurf\n"
		"                     paper's Table 8): the programs with one, the unique\n"
		"                     dependencies, how many have each issue somewhere and\n"
		"                     how many are an error in some program\n"
		"      --no-db        read every image's funcs.jsonl, even where DIR/depsurf.sqlite\n"
		"                     (make db) could stand in for it\n"
		"  -h, --help         print this help\n"
		"With --json: one document with every object's programs, dependencies,\n"
		"notes, cells (status, level ok/handled/error, consequence, way out) and\n"
		"verdicts.\n"
		"Exit status (the check command's own): 0 every dependency ok (or handled)\n"
		"on every selected image, 1 a mismatch with a consequence on some image,\n"
		"2 bad input (not ELF, not a BPF object, no BTF, a malformed .BTF.ext; one\n"
		"line naming the file), a dataset that cannot be read, or a usage error.\n");
}

static const char *const level_names[] = { "ok", "handled", "error" };
static const char *const hook_names[] = { NULL, "kprobe", "fentry", "btf" };

/* What one object gives: its set, the matrix and the verdicts. */
struct objcheck {
	const char *file;
	int err;			/* of reading it: then @why, and nothing else is set */
	const char *why;
	struct bpfobj obj;
	struct check_set set;
	struct dep *rows;		/* set's deps (shallow), then the alternatives */
	size_t nrows;
	long *alt;			/* per dep: its alternative's row, -1 */
	size_t *urow;			/* per row: its row in the batch's matrix */
	struct matrix m;		/* its rows' cells, copied from the batch's */
	long against;			/* --against's column, -1 */
	struct check_verdict *v;	/* ndeps * nimages */
};

static void objcheck_free(struct objcheck *c)
{
	size_t i, n = c->set.ndeps * c->m.nimages;

	for (i = 0; c->v && i < n; i++)
		check_verdict_free(&c->v[i]);
	free(c->v);
	matrix_free(&c->m);
	for (i = c->set.ndeps; c->rows && i < c->nrows; i++)
		dep_free(&c->rows[i]);
	free(c->rows);
	free(c->alt);
	free(c->urow);
	check_set_free(&c->set);
	bpfobj_close(&c->obj);
	memset(c, 0, sizeof(*c));	/* freed twice (done, then at the end): harmless */
}

/* Rows: the deps, then tracepoint:F for each func:F, func:E for each tracepoint:E. */
static int make_rows(struct objcheck *c)
{
	size_t n = c->set.ndeps, i;
	int err;

	c->rows = calloc(2 * n + 1, sizeof(*c->rows));
	c->alt = calloc(n + 1, sizeof(*c->alt));
	c->urow = calloc(2 * n + 1, sizeof(*c->urow));
	if (!c->rows || !c->alt || !c->urow)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		c->rows[i] = c->set.deps[i].dep;
	c->nrows = n;
	for (i = 0; i < n; i++) {
		const struct dep *d = &c->set.deps[i].dep;
		char *spec = NULL;

		c->alt[i] = -1;
		if (d->kind != DEP_FUNC && d->kind != DEP_TRACEPOINT)
			continue;
		if (asprintf(&spec, "%s:%s", d->kind == DEP_FUNC ? "tracepoint" : "func",
			     d->name) < 0)
			return -ENOMEM;
		err = dep_parse(spec, &c->rows[c->nrows], NULL);
		free(spec);
		if (err == -ENOMEM)
			return err;
		/* a syscall event, or no such name: no alternative */
		if (err || c->rows[c->nrows].kind == DEP_SYSCALL) {
			if (!err)
				dep_free(&c->rows[c->nrows]);
			memset(&c->rows[c->nrows], 0, sizeof(c->rows[0]));
			continue;
		}
		c->alt[i] = (long)c->nrows++;
	}
	return 0;
}

/*
 * All objects' rows at once: every image's surfaces are read once for the
 * union of the dependencies (by spec), whatever the number of objects, and
 * each object's matrix is cut from that one. Functions keep their whole
 * funcs.jsonl line (the way out reads its defs and symbols).
 */
struct rowref {
	const char *spec;
	size_t obj, row;
};

static int cmp_rowref(const void *a, const void *b)
{
	const struct rowref *x = a, *y = b;
	int c = strcmp(x->spec, y->spec);

	if (c)
		return c;
	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static int build_batch(struct objcheck *cs, size_t nobj, struct matrix *u, struct dep **udeps,
		       const char *const *dirs, const char *const *ids, size_t nimages,
		       struct check_db *db, struct matrix_error *me)
{
	struct matrix_func_source src = { check_db_fill, db };
	struct rowref *refs;
	struct dep *deps;
	size_t nrefs = 0, nu = 0, i, r;
	int err;

	for (i = 0; i < nobj; i++)
		nrefs += cs[i].err ? 0 : cs[i].nrows;
	refs = calloc(nrefs + 1, sizeof(*refs));
	deps = calloc(nrefs + 1, sizeof(*deps));
	if (!refs || !deps) {
		free(refs);
		free(deps);
		return -ENOMEM;
	}
	for (nrefs = i = 0; i < nobj; i++)
		for (r = 0; !cs[i].err && r < cs[i].nrows; r++)
			refs[nrefs++] = (struct rowref){ cs[i].rows[r].spec, i, r };
	qsort(refs, nrefs, sizeof(*refs), cmp_rowref);
	for (i = 0; i < nrefs; i++) {
		if (!i || strcmp(refs[i].spec, refs[i - 1].spec))
			deps[nu++] = cs[refs[i].obj].rows[refs[i].row];	/* shallow */
		cs[refs[i].obj].urow[refs[i].row] = nu - 1;
	}
	free(refs);
	*udeps = deps;
	err = matrix_build_src(u, deps, nu, dirs, ids, nimages, false, MATRIX_LOOKUP_WHOLE,
			       db ? &src : NULL, me);
	return err;
}

/* @c's matrix: its rows' cells of the batch's @u (the changes are not kept). */
static int cut_matrix(struct objcheck *c, const struct matrix *u)
{
	struct matrix *m = &c->m;
	size_t r, img;

	m->deps = c->rows;
	m->ndeps = c->nrows;
	m->cells = calloc(c->nrows * u->nimages + 1, sizeof(*m->cells));
	m->images = calloc(u->nimages + 1, sizeof(*m->images));
	if (!m->cells || !m->images)
		return -ENOMEM;
	for (img = 0; img < u->nimages; img++) {
		if (!(m->images[img] = strdup(u->images[img])))
			return -ENOMEM;
		m->nimages++;
	}
	for (r = 0; r < c->nrows; r++)
		for (img = 0; img < u->nimages; img++) {
			const struct matrix_cell *from = MATRIX_CELL(u, c->urow[r], img);
			struct matrix_cell *to = MATRIX_CELL(m, r, img);

			to->entry = json_incref(from->entry);
			to->status = from->status;
			to->changed = from->changed;
			to->marked = from->marked;
		}
	return 0;
}

static int run(struct objcheck *c, const struct matrix *u, long against)
{
	size_t n = u->nimages, i, img;
	int err;

	if ((err = cut_matrix(c, u)))
		return err;
	c->v = calloc(c->set.ndeps * n + 1, sizeof(*c->v));
	if (!c->v)
		return -ENOMEM;
	for (i = 0; i < c->set.ndeps; i++)
		for (img = 0; img < n; img++) {
			const struct matrix_cell *cell = MATRIX_CELL(&c->m, i, img);
			const struct matrix_cell *alt = c->alt[i] >= 0 ?
				MATRIX_CELL(&c->m, (size_t)c->alt[i], img) : NULL;
			/* a function's cell holds its whole line (MATRIX_LOOKUP_WHOLE) */
			const json_t *whole = c->set.deps[i].dep.kind == DEP_FUNC ? cell->entry : NULL;

			err = check_verdict(&c->set, &c->m, i, img, whole, alt, against,
					    &c->v[i * n + img]);
			if (err)
				return err;
		}
	return 0;
}

/* "ok", or the statuses worst first: "full_inline,selective_inline" (@json) */
static void status_words(unsigned int st, bool json, char *buf, size_t size)
{
	unsigned int b;
	size_t len = 0;

	buf[0] = '\0';
	for (b = 0; b < DEP_STATUS_COUNT; b++)
		if (st & (1u << b))
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
						len ? "," : "",
						json ? dep_status_json(b) : dep_status_text(b));
	if (!st)
		snprintf(buf, size, "ok");
}

static const char *cell_text(const struct check_verdict *v, char *buf, size_t size)
{
	char w[160];

	status_words(v->status, false, w, sizeof(w));
	if (v->level == CHECK_ERROR)
		snprintf(buf, size, "%s%sERROR", v->status ? w : "changed", " ");
	else if (v->level == CHECK_HANDLED)
		snprintf(buf, size, "%s (%s)", w, v->handled_by);
	else
		snprintf(buf, size, "%s", w);
	return buf;
}

/* "enum:E::VALUE" for an enumerator, else the spec. */
static const char *dep_label(const struct check_dep *d, char *buf, size_t size)
{
	if (!d->enumerator)
		return d->dep.spec;
	snprintf(buf, size, "%s::%s", d->dep.spec, d->enumerator);
	return buf;
}

static int print_text(const struct objcheck *c)
{
	const struct check_set *s = &c->set;
	size_t n = c->m.nimages, i, img, w = 10, k;
	size_t *cw = calloc(n + 1, sizeof(*cw));
	char buf[256];

	if (!cw)
		return -ENOMEM;
	printf("%s\n", c->file);
	printf("Programs:\n");
	if (!s->nprogs)
		printf("  (none)\n");
	for (i = 0; i < s->nprogs; i++)
		printf("  %-40s %s\n", s->progs[i].sec, s->progs[i].dep >= 0 ?
		       s->deps[s->progs[i].dep].dep.spec : s->progs[i].note);
	for (i = 0; i < s->ndeps; i++) {
		size_t l = strlen(dep_label(&s->deps[i], buf, sizeof(buf)));

		if (l > w)
			w = l;
	}
	printf("Dependencies:\n");
	for (i = 0; i < s->ndeps; i++) {
		const struct check_dep *d = &s->deps[i];
		unsigned int b;
		bool first = true;

		printf("  %-*s", (int)w, dep_label(d, buf, sizeof(buf)));
		if (d->hook)
			printf("  %s", hook_names[d->hook]);
		for (b = 0; b < BPFOBJ_RELO_COUNT; b++)
			if (d->relo_kinds & (1u << b)) {
				printf("%s%s", first ? "  " : ",", bpfobj_relo_kind_name(b));
				first = false;
			}
		if (d->kconfig)
			printf("  __kconfig");
		if (d->dep.kind == DEP_KFUNC)
			printf("  __ksym");
		if (d->weak)
			printf("  __weak");
		if (d->guarded)
			printf("  guarded");
		if (d->fallback_of >= 0)
			printf("  fallback of %s", s->deps[d->fallback_of].dep.spec);
		if (d->flavored) {
			printf("  flavors");
			for (k = 0; k < d->nlocals; k++)
				printf("%s%s", k ? "," : " ", d->locals[k]);
		}
		printf("\n");
	}
	if (s->nnotes) {
		printf("Not checked:\n");
		for (i = 0; i < s->nnotes; i++)
			printf("  %s: %s\n", s->notes[i].what, s->notes[i].text);
	}
	if (!s->ndeps) {
		printf("No kernel dependency.\n");
		free(cw);
		return 0;
	}
	/* the matrix */
	for (img = 0; img < n; img++) {
		cw[img] = strlen(c->m.images[img]);
		for (i = 0; i < s->ndeps; i++) {
			size_t l = strlen(cell_text(&c->v[i * n + img], buf, sizeof(buf)));

			if (l > cw[img])
				cw[img] = l;
		}
	}
	printf("Status:\n%-*s", (int)w, "DEPENDENCY");
	for (img = 0; img < n; img++)
		printf("  %-*s", img + 1 < n ? (int)cw[img] : 0, c->m.images[img]);
	printf("\n");
	for (i = 0; i < s->ndeps; i++) {
		printf("%-*s", (int)w, dep_label(&s->deps[i], buf, sizeof(buf)));
		for (img = 0; img < n; img++)
			printf("  %-*s", img + 1 < n ? (int)cw[img] : 0,
			       cell_text(&c->v[i * n + img], buf, sizeof(buf)));
		printf("\n");
	}
	/* the consequences */
	for (k = i = 0; i < s->ndeps * n; i++)
		k += c->v[i].level != CHECK_OK || c->v[i].status;
	if (k)
		printf("Consequences:\n");
	for (img = 0; img < n; img++)
		for (i = 0; i < s->ndeps; i++) {
			const struct check_verdict *v = &c->v[i * n + img];

			if (v->level == CHECK_OK && !v->status)
				continue;
			printf("  %s %s: %s", c->m.images[img], dep_label(&s->deps[i], buf, sizeof(buf)),
			       v->consequence ? v->consequence : "none");
			if (v->level == CHECK_HANDLED)
				printf(" (%s)", v->handled_by);
			if (v->changed)
				printf(" [since %s: %s]", c->m.images[c->against], v->changed);
			if (v->way_out)
				printf("; way out: %s", v->way_out);
			printf("\n");
		}
	printf("Verdict:\n");
	for (img = 0; img < n; img++) {
		size_t errs = 0, handled = 0;
		const char *first = NULL, *why = NULL;
		char fbuf[256];

		for (i = 0; i < s->ndeps; i++) {
			const struct check_verdict *v = &c->v[i * n + img];

			if (v->level == CHECK_ERROR && !errs++) {
				first = dep_label(&s->deps[i], fbuf, sizeof(fbuf));
				why = v->consequence;
			}
			handled += v->level == CHECK_HANDLED;
		}
		if (errs)
			printf("  %s: FAIL: %zu error%s (%s: %s%s)", c->m.images[img], errs,
			       errs == 1 ? "" : "s", first, why, errs > 1 ? "; ..." : "");
		else
			printf("  %s: ok", c->m.images[img]);
		if (handled)
			printf(", %zu handled", handled);
		printf("\n");
	}
	free(cw);
	return 0;
}

static int set_str(json_t *o, const char *key, const char *s)
{
	return json_object_set_new(o, key, s ? cli_json_str(s) : json_null());
}

static json_t *to_json(const struct objcheck *c)
{
	const struct check_set *s = &c->set;
	size_t n = c->m.nimages, i, img, k;
	json_t *o = json_object(), *progs = json_array(), *deps = json_array();
	json_t *notes = json_array(), *images = json_array(), *rows = json_array();
	json_t *verdicts = json_array();
	int err = !o || !progs || !deps || !notes || !images || !rows || !verdicts;

	err |= set_str(o, "file", c->file);
	for (i = 0; i < s->nprogs; i++) {
		json_t *p = json_object();

		err |= !p || json_array_append_new(progs, p);
		err |= set_str(p, "section", s->progs[i].sec);
		err |= set_str(p, "type", s->progs[i].type);
		err |= set_str(p, "dep", s->progs[i].dep >= 0 ?
			       s->deps[s->progs[i].dep].dep.spec : NULL);
		err |= set_str(p, "note", s->progs[i].note);
	}
	for (i = 0; i < s->ndeps; i++) {
		const struct check_dep *d = &s->deps[i];
		json_t *j = json_object(), *rk = json_array(), *pl = json_array(), *fl = json_array();
		unsigned int b;

		err |= !j || !rk || !pl || !fl || json_array_append_new(deps, j);
		err |= set_str(j, "dep", d->dep.spec);
		err |= set_str(j, "kind", dep_kind_name(d->dep.kind));
		err |= set_str(j, "enumerator", d->enumerator);
		err |= set_str(j, "hook", hook_names[d->hook]);
		for (b = 0; b < BPFOBJ_RELO_COUNT; b++)
			if (d->relo_kinds & (1u << b))
				err |= json_array_append_new(rk, json_string(bpfobj_relo_kind_name(b)));
		err |= json_object_set_new(j, "relocations", rk);
		err |= json_object_set_new(j, "extern", d->kconfig ? json_string("kconfig") :
					   d->dep.kind == DEP_KFUNC ? json_string("ksym") : json_null());
		for (k = 0; k < d->nprogs; k++)
			err |= json_array_append_new(pl, cli_json_str(d->progs[k]));
		err |= json_object_set_new(j, "programs", pl);
		err |= json_object_set_new(j, "weak", json_boolean(d->weak));
		err |= json_object_set_new(j, "guarded", json_boolean(d->guarded));
		err |= set_str(j, "fallback_of", d->fallback_of >= 0 ?
			       s->deps[d->fallback_of].dep.spec : NULL);
		for (k = 0; d->flavored && k < d->nlocals; k++)
			err |= json_array_append_new(fl, cli_json_str(d->locals[k]));
		err |= json_object_set_new(j, "flavors", fl);
	}
	for (i = 0; i < s->nnotes; i++) {
		json_t *j = json_object();

		err |= !j || json_array_append_new(notes, j);
		err |= set_str(j, "what", s->notes[i].what);
		err |= set_str(j, "text", s->notes[i].text);
	}
	for (img = 0; img < n; img++)
		err |= json_array_append_new(images, cli_json_str(c->m.images[img]));
	for (i = 0; i < s->ndeps; i++) {
		json_t *r = json_object(), *cells = json_array();

		err |= !r || !cells || json_array_append_new(rows, r);
		err |= set_str(r, "dep", s->deps[i].dep.spec);
		err |= set_str(r, "enumerator", s->deps[i].enumerator);
		err |= json_object_set_new(r, "cells", cells);
		for (img = 0; img < n; img++) {
			const struct check_verdict *v = &c->v[i * n + img];
			json_t *cell = json_object(), *st = json_array();
			unsigned int b;

			err |= !cell || !st || json_array_append_new(cells, cell);
			err |= set_str(cell, "image", c->m.images[img]);
			for (b = 0; b < DEP_STATUS_COUNT; b++)
				if (v->status & (1u << b))
					err |= json_array_append_new(st, json_string(dep_status_json(b)));
			if (!v->status)
				err |= json_array_append_new(st, json_string("ok"));
			err |= json_object_set_new(cell, "status", st);
			err |= set_str(cell, "level", level_names[v->level]);
			err |= set_str(cell, "consequence", v->consequence);
			err |= set_str(cell, "handled_by", v->handled_by);
			err |= set_str(cell, "way_out", v->way_out);
			err |= set_str(cell, "changed", v->changed);
		}
	}
	for (img = 0; img < n; img++) {
		json_t *j = json_object();
		size_t errs = 0, handled = 0;

		for (i = 0; i < s->ndeps; i++) {
			errs += c->v[i * n + img].level == CHECK_ERROR;
			handled += c->v[i * n + img].level == CHECK_HANDLED;
		}
		err |= !j || json_array_append_new(verdicts, j);
		err |= set_str(j, "image", c->m.images[img]);
		err |= json_object_set_new(j, "ok", json_boolean(!errs));
		err |= json_object_set_new(j, "errors", json_integer((json_int_t)errs));
		err |= json_object_set_new(j, "handled", json_integer((json_int_t)handled));
	}
	err |= json_object_set_new(o, "programs", progs);
	err |= json_object_set_new(o, "deps", deps);
	err |= json_object_set_new(o, "not_checked", notes);
	err |= json_object_set_new(o, "images", images);
	err |= json_object_set_new(o, "matrix", rows);
	err |= json_object_set_new(o, "verdicts", verdicts);
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* --summary: the issues counted, in this order: X(status bit, column, symbol) */
#define SUMMARY_ISSUES(X)		\
	X(ABSENT, "absent", "\xe2\x88\x85")	\
	X(-1, "changed", "\xce\x94")	\
	X(FULL, "full", "F")		\
	X(SELECTIVE, "selective", "S")	\
	X(TRANSFORMED, "transformed", "T") \
	X(DUPLICATE, "duplicate", "D")
#define SUMMARY_BIT(b, col, sym) b,
#define SUMMARY_COL(b, col, sym) col,
#define SUMMARY_SYM(b, col, sym) sym,
#define ABSENT DEP_STATUS_BIT_ABSENT
#define FULL DEP_STATUS_BIT_FULL
#define SELECTIVE DEP_STATUS_BIT_SELECTIVE
#define TRANSFORMED DEP_STATUS_BIT_TRANSFORMED
#define DUPLICATE DEP_STATUS_BIT_DUPLICATE
static const int summary_bits[] = { SUMMARY_ISSUES(SUMMARY_BIT) };
#undef ABSENT
#undef FULL
#undef SELECTIVE
#undef TRANSFORMED
#undef DUPLICATE
static const char *const summary_cols[] = { SUMMARY_ISSUES(SUMMARY_COL) };
static const char *const summary_syms[] = { SUMMARY_ISSUES(SUMMARY_SYM) };
#define NISSUES (sizeof(summary_bits) / sizeof(summary_bits[0]))

/* One object's line: dependencies by kind, issues on at least one image. */
struct summary {
	size_t deps, kinds[DEP_KIND_COUNT], issues[NISSUES], errors;
};

static void summarize(const struct objcheck *c, struct summary *sm)
{
	size_t n = c->m.nimages, i, img, k;

	memset(sm, 0, sizeof(*sm));
	sm->deps = c->set.ndeps;
	for (i = 0; i < c->set.ndeps; i++) {
		bool hit[NISSUES] = { false }, err = false;

		sm->kinds[c->set.deps[i].dep.kind]++;
		for (img = 0; img < n; img++) {
			const struct matrix_cell *cell = MATRIX_CELL(&c->m, i, img);
			unsigned int st = c->v[i * n + img].status;

			for (k = 0; k < NISSUES; k++)
				hit[k] |= summary_bits[k] < 0 ? cell->changed :
					!!(st & (1u << summary_bits[k]));
			err |= c->v[i * n + img].level == CHECK_ERROR;
		}
		for (k = 0; k < NISSUES; k++)
			sm->issues[k] += hit[k];
		sm->errors += err;
	}
}

/* @s as a CSV field: quoted when it holds a comma, quote or line break. */
static void csv_field(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void summary_head(bool markdown)
{
	size_t k;

	printf(markdown ? "| program | deps |" : "program,deps");
	for (k = 0; k < DEP_KIND_COUNT; k++)
		printf(markdown ? " %s |" : ",%s", dep_kind_name(k));
	for (k = 0; k < NISSUES; k++)
		printf(markdown ? " %s |" : ",%s", markdown ? summary_syms[k] : summary_cols[k]);
	printf(markdown ? " errors |\n" : ",errors\n");
	if (!markdown)
		return;
	printf("|---|");
	for (k = 0; k < 1 + DEP_KIND_COUNT + NISSUES + 1; k++)
		printf("---:|");
	printf("\n");
}

static void summary_line(const char *file, const struct summary *sm, bool markdown)
{
	size_t k;

	if (markdown) {
		const char *p;

		/* a '|' or '`' in a name would end the cell or the code span */
		printf("| `");
		for (p = file; *p; p++)
			putchar(*p == '|' || *p == '`' || *p == '\n' ? '?' : *p);
		printf("` | %zu |", sm->deps);
	} else {
		csv_field(file);
		printf(",%zu", sm->deps);
	}
	for (k = 0; k < DEP_KIND_COUNT; k++)
		printf(markdown ? " %zu |" : ",%zu", sm->kinds[k]);
	for (k = 0; k < NISSUES; k++)
		printf(markdown ? " %zu |" : ",%zu", sm->issues[k]);
	printf(markdown ? " %zu |\n" : ",%zu\n", sm->errors);
}

static json_t *summary_json(const char *file, const struct summary *sm)
{
	json_t *o = json_object(), *kinds = json_object(), *issues = json_object();
	int err = !o || !kinds || !issues;
	size_t k;

	err |= json_object_set_new(o, "file", cli_json_str(file));
	err |= json_object_set_new(o, "deps", json_integer((json_int_t)sm->deps));
	for (k = 0; k < DEP_KIND_COUNT; k++)
		err |= json_object_set_new(kinds, dep_kind_name(k),
					   json_integer((json_int_t)sm->kinds[k]));
	for (k = 0; k < NISSUES; k++)
		err |= json_object_set_new(issues, summary_cols[k],
					   json_integer((json_int_t)sm->issues[k]));
	err |= json_object_set_new(o, "kinds", kinds);
	err |= json_object_set_new(o, "issues", issues);
	err |= json_object_set_new(o, "errors", json_integer((json_int_t)sm->errors));
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/*
 * --by-kind: the paper's Table 8. Per dependency kind: the programs that
 * have one, the unique dependencies (rows of the batch's matrix, by spec:
 * the enumerators of one enum are one), how many of them have each issue
 * on at least one image, and how many are an error in some program.
 */
struct kind_row {
	size_t programs, deps, issues[NISSUES], errors;
};

struct by_kind {
	bool *is_dep, *is_err;		/* per batch row */
	struct kind_row rows[DEP_KIND_COUNT];
};

/* What object @c adds: its rows are dependencies, errors where it has one. */
static void by_kind_add(struct by_kind *bk, const struct objcheck *c)
{
	bool seen[DEP_KIND_COUNT] = { false };
	size_t n = c->m.nimages, i, img, k;

	for (i = 0; i < c->set.ndeps; i++) {
		size_t u = c->urow[i];

		bk->is_dep[u] = true;
		for (img = 0; img < n; img++)
			bk->is_err[u] |= c->v[i * n + img].level == CHECK_ERROR;
		seen[c->set.deps[i].dep.kind] = true;
	}
	for (k = 0; k < DEP_KIND_COUNT; k++)
		bk->rows[k].programs += seen[k];
}

/* The counts of the batch's rows (their deps' kind is a copy: valid after the objects are freed). */
static void by_kind_count(struct by_kind *bk, const struct matrix *u)
{
	size_t r, img, k;

	for (r = 0; r < u->ndeps; r++) {
		struct kind_row *row = &bk->rows[u->deps[r].kind];
		bool hit[NISSUES] = { false };

		if (!bk->is_dep[r])
			continue;	/* only an alternative (the way out's same-named entry) */
		row->deps++;
		row->errors += bk->is_err[r];
		for (img = 0; img < u->nimages; img++) {
			const struct matrix_cell *cell = MATRIX_CELL(u, r, img);

			for (k = 0; k < NISSUES; k++)
				hit[k] |= summary_bits[k] < 0 ? cell->changed :
					!!(cell->status & (1u << summary_bits[k]));
		}
		for (k = 0; k < NISSUES; k++)
			row->issues[k] += hit[k];
	}
}

static int by_kind_print(const struct by_kind *bk, bool markdown, json_t *kinds)
{
	size_t k, j;

	if (!kinds) {
		printf(markdown ? "| kind | programs | deps |" : "kind,programs,deps");
		for (j = 0; j < NISSUES; j++)
			printf(markdown ? " %s |" : ",%s", markdown ? summary_syms[j] : summary_cols[j]);
		printf(markdown ? " errors |\n" : ",errors\n");
		if (markdown) {
			printf("|---|");
			for (j = 0; j < 2 + NISSUES + 1; j++)
				printf("---:|");
			printf("\n");
		}
	}
	for (k = 0; k < DEP_KIND_COUNT; k++) {
		const struct kind_row *r = &bk->rows[k];

		if (!r->deps)
			continue;
		if (kinds) {
			json_t *o = json_object(), *is = json_object();
			int err = !o || !is;

			err |= json_object_set_new(o, "kind", json_string(dep_kind_name(k)));
			err |= json_object_set_new(o, "programs", json_integer((json_int_t)r->programs));
			err |= json_object_set_new(o, "deps", json_integer((json_int_t)r->deps));
			for (j = 0; j < NISSUES; j++)
				err |= json_object_set_new(is, summary_cols[j],
							   json_integer((json_int_t)r->issues[j]));
			err |= json_object_set_new(o, "issues", is);
			err |= json_object_set_new(o, "errors", json_integer((json_int_t)r->errors));
			if (err || json_array_append_new(kinds, o))
				return -ENOMEM;
			continue;
		}
		printf(markdown ? "| %s | %zu | %zu |" : "%s,%zu,%zu", dep_kind_name(k), r->programs,
		       r->deps);
		for (j = 0; j < NISSUES; j++)
			printf(markdown ? " %zu |" : ",%zu", r->issues[j]);
		printf(markdown ? " %zu |\n" : ",%zu\n", r->errors);
	}
	return 0;
}

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dataset", required_argument, NULL, 'd' },
		{ "images", required_argument, NULL, 'i' },
		{ "kernels", required_argument, NULL, 'k' },
		{ "group", required_argument, NULL, CLI_OPT_GROUP },
		{ "groups", required_argument, NULL, 'g' },
		{ "against", required_argument, NULL, 'a' },
		{ "summary", no_argument, NULL, 's' },
		{ "markdown", no_argument, NULL, 'm' },
		{ "no-db", no_argument, NULL, CHECK_OPT_NO_DB },
		{ "by-kind", no_argument, NULL, CHECK_OPT_BY_KIND },
		{ "release", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_image_opts io = CLI_IMAGE_OPTS_INIT;
	const char *against = NULL, *release = NULL;
	char *scratch = NULL;
	bool summary = false, markdown = false, by_kind = false;
	struct by_kind bk = { 0 };
	char **ids = NULL, **dirs = NULL;
	size_t nids = 0, i, n, nobj = 0;
	long against_col = -1;
	struct objcheck *cs = NULL;
	struct matrix batch = { 0 };
	struct dep *udeps = NULL;
	struct matrix_error me;
	struct check_db *db = NULL;
	char *dbpath = NULL;
	bool use_db = true;
	json_t *doc = NULL, *objs = NULL;
	int c, st = CLI_OK, err, worst = CHECK_EXIT_OK;

	while ((c = cli_getopt(argc, argv, "d:i:k:g:a:sm", longopts, &st)) != -1) {
		switch (c) {
		case CLI_GETOPT_DONE:
			return st;
		default:
			cli_image_opt(&io, c);
			break;
		case 'a':
			against = optarg;
			break;
		case 's':
			summary = true;
			break;
		case 'm':
			markdown = true;
			break;
		case CHECK_OPT_NO_DB:
			use_db = false;
			break;
		case CHECK_OPT_BY_KIND:
			summary = by_kind = true;
			break;
		case 'R':
			release = optarg;
			break;
		}
	}
	if (io.images && io.group)
		return cli_usage_err("check", "check: --images and --group exclude each other");
	if (markdown && !summary)
		return cli_usage_err("check", "check: --markdown is a form of --summary");
	if (markdown && json_output)
		return cli_usage_err("check", "check: --markdown and --json exclude each other");
	if (optind >= argc)
		return cli_usage_err("check", "check: no BPF object (PROG.bpf.o...)");
	libbpf_set_print(silent);
	if (release) {
		if (cli_release_dataset(release, io.images, against, &scratch, &st)) {
			st = CHECK_EXIT_BAD;
			goto out;
		}
		io.dataset = scratch;
	}
	st = cli_images("check", io.dataset, io.images, io.group, io.groups, io.kernels, &ids, &nids);
	if (st) {
		st = CHECK_EXIT_BAD;
		goto out;
	}
	if (against) {
		for (i = 0; i < nids && strcmp(ids[i], against); i++)
			;
		if (i == nids) {
			/* the reference image is shown too, first */
			char **g = realloc(ids, (nids + 1) * sizeof(*g));

			if (!g)
				goto nomem;
			ids = g;
			memmove(ids + 1, ids, nids * sizeof(*ids));
			nids++;
			if (!(ids[0] = strdup(against)))
				goto nomem;
			i = 0;
		}
		against_col = (long)i;
	}
	dirs = calloc(nids, sizeof(*dirs));
	if (!dirs)
		goto nomem;
	for (i = 0; i < nids; i++)
		if (asprintf(&dirs[i], "%s/%s", io.dataset, ids[i]) < 0) {
			dirs[i] = NULL;
			goto nomem;
		}
	if (json_output && (!(doc = json_object()) || !(objs = json_array()) ||
			    json_object_set_new(doc, by_kind ? "kinds" : summary ? "programs" : "objects",
						objs)))
		goto nomem;
	nobj = (size_t)(argc - optind);
	cs = calloc(nobj, sizeof(*cs));
	if (!cs)
		goto nomem;
	/* every object's dependency set first: the images are read once for all */
	for (i = 0; i < nobj; i++) {
		struct objcheck *oc = &cs[i];

		oc->file = argv[optind + i];
		oc->against = against_col;
		oc->err = bpfobj_open(oc->file, &oc->obj, &oc->why);
		if (!oc->err)
			oc->err = check_set_build(&oc->obj, &oc->set, &oc->why);
		if (!oc->err)
			oc->err = make_rows(oc);
		if (oc->err == -ENOMEM)
			goto nomem;
	}
	/* the functions from DIR/depsurf.sqlite when it is there and not stale */
	if (use_db) {
		if (asprintf(&dbpath, "%s/" DSDB_FILE, io.dataset) < 0) {
			dbpath = NULL;
			goto nomem;
		}
		if (check_db_open(dbpath, (const char *const *)dirs, (const char *const *)ids, nids,
				  &db) < 0)
			goto nomem;
	}
	memset(&me, 0, sizeof(me));
	err = build_batch(cs, nobj, &batch, &udeps, (const char *const *)dirs,
			  (const char *const *)ids, nids, db, &me);
	if (err == -ENOMEM)
		goto nomem;
	if (err) {
		cli_matrix_err(&me);
		st = CHECK_EXIT_BAD;
		goto out;
	}
	if (by_kind) {
		bk.is_dep = calloc(batch.ndeps + 1, sizeof(*bk.is_dep));
		bk.is_err = calloc(batch.ndeps + 1, sizeof(*bk.is_err));
		if (!bk.is_dep || !bk.is_err)
			goto nomem;
	}
	if (summary && !by_kind && !json_output)
		summary_head(markdown);
	for (i = 0; i < nobj; i++) {
		struct objcheck *oc = &cs[i];

		if (oc->err) {
			if (json_output) {
				json_t *e = json_pack("{s:o,s:s}", "file", cli_json_str(oc->file),
						      "error", oc->why);

				if (!e || json_array_append_new(objs, e))
					goto nomem;
			} else {
				cli_err("%s: %s", oc->file, oc->why);
			}
			worst = CHECK_EXIT_BAD;
			continue;
		}
		if ((err = run(oc, &batch, against_col)))
			goto nomem;
		for (n = 0; n < oc->set.ndeps * nids; n++)
			if (oc->v[n].level == CHECK_ERROR && worst < CHECK_EXIT_MISMATCH)
				worst = CHECK_EXIT_MISMATCH;
		if (by_kind) {
			by_kind_add(&bk, oc);
		} else if (summary) {
			struct summary sm;

			summarize(oc, &sm);
			if (json_output) {
				json_t *o = summary_json(oc->file, &sm);

				if (!o || json_array_append_new(objs, o))
					goto nomem;
			} else {
				summary_line(oc->file, &sm, markdown);
			}
		} else if (json_output) {
			json_t *o = to_json(oc);

			if (!o || json_array_append_new(objs, o))
				goto nomem;
		} else {
			if ((err = print_text(oc)))
				goto nomem;
			if (i + 1 < nobj)
				printf("\n");
		}
		/* done with it: its cells and verdicts go now, not at the end */
		objcheck_free(oc);
	}
	if (by_kind) {
		by_kind_count(&bk, &batch);
		if (by_kind_print(&bk, markdown, json_output ? objs : NULL))
			goto nomem;
	}
	if (json_output) {
		err = cli_print_json(doc);
		doc = NULL;
	} else {
		err = 0;
	}
	if (err || fflush(stdout)) {
		cli_err("standard output: %s", strerror(EIO));
		st = CHECK_EXIT_BAD;
		goto out;
	}
	st = worst;
	goto out;
nomem:
	cli_err("out of memory");
	st = CHECK_EXIT_BAD;
out:
	free(bk.is_dep);
	free(bk.is_err);
	check_db_close(db);
	free(dbpath);
	matrix_free(&batch);
	free(udeps);
	for (i = 0; cs && i < nobj; i++)
		objcheck_free(&cs[i]);
	free(cs);
	json_decref(doc);
	for (i = 0; i < nids; i++) {
		free(ids[i]);
		if (dirs)
			free(dirs[i]);
	}
	free(ids);
	free(dirs);
	if (scratch) {
		rel_scratch_remove();
		free(scratch);
	}
	return st;
}
