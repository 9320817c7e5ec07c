// SPDX-License-Identifier: MIT
/*
 * depsurf site: a static website of a dataset (docs/site.md). Plain HTML,
 * one CSS file and one small script for the search, all relative links,
 * so that it works from file:// and offline. Built from:
 *   the database (images, and every name of every kind for the search),
 *   the pair documents DIR/diff/OLD__NEW.json (which items changed in any pair),
 *   the tables and figures of DIR/tables/ (the home page),
 *   the JSON of `depsurf check` (--check FILE: one page per program),
 *   the image folders, through matrix/ (the status of every dependency
 *   that gets a page, on every image, and its changes between columns).
 * Everything is written into OUT.tmp.PID and renamed to OUT at the end,
 * so OUT is the old site or the new one, never half of one. Nothing
 * depends on the clock or the host: the same inputs give the same bytes.
 */
#include "cli/cli.h"
#include "formats/kernel_groups.h"
#include "formats/kernels_list.h"
#include "matrix/matrix.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void help_site(FILE *f)
{
	fprintf(f,
		"Usage: depsurf site [OPTIONS] -o OUT\n"
		"Write a static website of the dataset into OUT (docs/site.md): a home page\n"
		"(images, counts, the tables and figures of DIR/tables), index pages per\n"
		"kind with the status matrix, one page per dependency that changed in any\n"
		"pair document DIR/diff/*.json or that a checked program names, one page\n"
		"per program, and a search over every name of the database.\n"
		"\n"
		"Options:\n"
		"  -d, --dataset DIR  the dataset folder (default 'dataset'); its\n"
		"                     depsurf.sqlite, diff/ and tables/ are read\n"
		"  -k, --kernels FILE the images (default: DIR/kernels.list, else\n"
		"                     DIR/../kernels.list)\n"
		"  -g, --groups FILE  column order: images in the order of their first\n"
		"                     pair in FILE (default: DIR/../kernels.groups), the\n"
		"                     others after them\n"
		"  -c, --check FILE   the JSON of `depsurf check --json` (repeatable): a\n"
		"                     page per object, and a page per dependency it names\n"
		"  -o, --output OUT   the site folder, replaced as a whole\n"
		"  -h, --help         print this help\n");
}

/* ---------------------------------------------------------------- helpers */

#define ROWS_PER_PAGE 400

struct strv {
	char **v;
	size_t n, cap;
};

static int strv_push(struct strv *s, const char *str)
{
	char *copy = strdup(str);

	if (!copy)
		return -ENOMEM;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		char **v = realloc(s->v, cap * sizeof(*v));

		if (!v) {
			free(copy);
			return -ENOMEM;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = copy;
	return 0;
}

static void strv_free(struct strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort and drop repeats. */
static void strv_uniq(struct strv *s)
{
	size_t i, j = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	for (i = 1; i < s->n; i++) {
		if (!strcmp(s->v[i], s->v[j]))
			free(s->v[i]);
		else
			s->v[++j] = s->v[i];
	}
	s->n = j + 1;
}

/* HTML text of @s (any bytes; control bytes dropped). */
static void put_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
				fputc(*s, f);
		}
	}
}

/*
 * The file name part of a dependency: letters, digits and '_' as they
 * are, any other byte as "-XX" (its hex), so that distinct names never
 * meet and nothing needs quoting in a URL or a shell.
 */
static void put_slugn(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_')
			fputc(c, f);
		else
			fprintf(f, "-%02X", c);
	}
}

static void put_slug(FILE *f, const char *s)
{
	put_slugn(f, s, strlen(s));
}

/* The page of dependency @d, relative to the site root. */
static void put_dep_href(FILE *f, const char *root, const struct dep *d)
{
	fprintf(f, "%sd/%s/", root, dep_kind_name(d->kind));
	put_slug(f, strchr(d->spec, ':') + 1);
	fputs(".html", f);
}

static int mkdirs(const char *path)
{
	char buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) ? -1 : 0;
}

static void rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---------------------------------------------------------------- the site */

struct site {
	const char *dataset, *out;
	char tmp[PATH_MAX];
	char **ids, **dirs;
	size_t nimg;
	sqlite3 *db;
	struct strv specs;		/* the dependencies with a page */
	struct dep *deps;
	size_t ndeps;
	bool *in_prog;			/* named by a checked program */
	size_t *by_spec;		/* deps indices in spec order */
	struct matrix m;
	json_t *checks;			/* array of check documents */
	struct strv check_files;
	struct strv prog_pages;		/* per object, its page name */
	size_t pages;			/* files written */
	char err[3 * PATH_MAX + 512];
};

/* Open OUT-relative @rel for writing; the folders are made. */
static FILE *site_open(struct site *s, const char *rel)
{
	char path[PATH_MAX];
	char *slash;
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/%s", s->tmp, rel) >= (int)sizeof(path)) {
		snprintf(s->err, sizeof(s->err), "%s/%s: name too long", s->tmp, rel);
		return NULL;
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdirs(path)) {
		snprintf(s->err, sizeof(s->err), "%s: %s", path, strerror(errno));
		return NULL;
	}
	*slash = '/';
	f = fopen(path, "w");
	if (!f)
		snprintf(s->err, sizeof(s->err), "%s: %s", path, strerror(errno));
	else
		s->pages++;
	return f;
}

static int site_close(struct site *s, FILE *f, const char *rel)
{
	int bad = ferror(f);

	if (fclose(f) || bad) {
		snprintf(s->err, sizeof(s->err), "%s/%s: write error", s->tmp, rel);
		return -EIO;
	}
	return 0;
}

/* The head of every page; @root is "" or "../" or "../../". */
static void page_head(FILE *f, const char *root, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	put_esc(f, title);
	fprintf(f, " · depsurf</title>\n<link rel=\"stylesheet\" href=\"%sstyle.css\">\n"
		"</head>\n<body>\n<header><a class=\"home\" href=\"%sindex.html\">depsurf</a>\n"
		"<nav>", root, root);
	fprintf(f, "<a href=\"%sk/func.html\">functions</a> <a href=\"%sk/struct.html\">structs</a> "
		"<a href=\"%sk/tracepoint.html\">tracepoints</a> <a href=\"%sk/syscall.html\">syscalls</a> "
		"<a href=\"%sk/lsm.html\">LSM hooks</a> <a href=\"%sk/kfunc.html\">kfuncs</a> "
		"<a href=\"%sindex.html#programs\">programs</a></nav>\n",
		root, root, root, root, root, root, root);
	fprintf(f, "<form class=\"search\" action=\"%ssearch.html\" method=\"get\">"
		"<input type=\"search\" name=\"q\" placeholder=\"any name\" aria-label=\"search\">"
		"<button type=\"submit\">search</button></form>\n</header>\n<main>\n", root);
}

static void page_foot(FILE *f)
{
	fputs("</main>\n<footer>Generated by <code>depsurf site</code> from the dataset; "
	      "see docs/site.md.</footer>\n</body>\n</html>\n", f);
}

/* ---------------------------------------------------------------- cells */

/* The cell class: e breaks loading/attaching, w misses or misreads, c changed, o ok. */
static const char *cell_class(const struct matrix_cell *c)
{
	if (c->status & (DEP_ST(ABSENT) | DEP_ST(FULL) | DEP_ST(TRANSFORMED)))
		return "e";
	if (c->status)
		return "w";
	return c->marked ? "c" : "o";
}

static void put_cell_symbols(FILE *f, const struct matrix_cell *c)
{
	unsigned int b;

	if (c->status & DEP_ST(ABSENT)) {
		fputs(dep_status_symbol(DEP_STATUS_BIT_ABSENT), f);
		return;
	}
	for (b = 0; b < DEP_STATUS_COUNT; b++)
		if (c->status & (1u << b))
			fputs(dep_status_symbol(b), f);
	if (c->marked)
		fputs("\xce\x94", f);
	else if (!c->status)
		fputs("\xe2\x9c\x93", f);
}

static void put_cell_words(FILE *f, const struct matrix_cell *c)
{
	unsigned int b;
	bool first = true;

	for (b = 0; b < DEP_STATUS_COUNT; b++)
		if (c->status & (1u << b)) {
			fprintf(f, "%s%s", first ? "" : ", ", dep_status_text(b));
			first = false;
		}
	if (c->marked) {
		fprintf(f, "%schanged", first ? "" : ", ");
		first = false;
	}
	if (first)
		fputs("ok", f);
}

/*
 * A cell; @tagged: with its image (data-image) for a page's own table.
 * The matrix of an index page has bare cells (the column head names the
 * image): 158,000 rows of 25 cells make every byte count.
 */
static void put_cell(FILE *f, const struct site *s, size_t d, size_t i, bool tagged)
{
	const struct matrix_cell *c = MATRIX_CELL(&s->m, d, i);

	fprintf(f, "<td class=\"%s\"", cell_class(c));
	if (tagged) {
		fputs(" data-image=\"", f);
		put_esc(f, s->ids[i]);
		fputs("\"", f);
	}
	fputs(">", f);
	put_cell_symbols(f, c);
	fputs("</td>", f);
}

/* Short column heads: the id without "debian-"/"ubuntu-". */
static void put_image_heads(FILE *f, const struct site *s)
{
	size_t i;

	for (i = 0; i < s->nimg; i++) {
		const char *id = s->ids[i];
		const char *dash = strchr(id, '-');

		fputs("<th class=\"img\" title=\"", f);
		put_esc(f, id);
		fputs("\"><span>", f);
		put_esc(f, dash && (!strncmp(id, "debian-", 7) || !strncmp(id, "ubuntu-", 7)) ?
			dash + 1 : id);
		fputs("</span></th>", f);
	}
}

static void put_legend(FILE *f)
{
	fputs("<p class=\"legend\"><b>Legend</b>: "
	      "<span class=\"o\">\xe2\x9c\x93</span> ok · "
	      "<span class=\"c\">\xce\x94</span> changed since the previous column · "
	      "<span class=\"e\">\xe2\x88\x85</span> absent · "
	      "<span class=\"e\">F</span> fully inlined · "
	      "<span class=\"e\">T</span> transformed (only a clone symbol) · "
	      "<span class=\"w\">U</span> untraceable · "
	      "<span class=\"w\">C</span> name collision · "
	      "<span class=\"w\">D</span> duplicate · "
	      "<span class=\"w\">S</span> selectively inlined. "
	      "Red breaks loading or attaching, yellow misses or misreads events, blue "
	      "changed, green ok (docs/matrix.md).</p>\n", f);
}

/* ---------------------------------------------------------------- inputs */

static const struct {
	const char *diff_kind, *dep_kind;
} diff_kinds[] = {
	{ "funcs", "func" }, { "structs", "struct" }, { "unions", "union" },
	{ "enums", "enum" }, { "tracepoints", "tracepoint" }, { "syscalls", "syscall" },
	{ "lsm_hooks", "lsm" }, { "kfuncs", "kfunc" },
};

static int add_spec(struct site *s, const char *kind, const char *name)
{
	char spec[1024];

	if (snprintf(spec, sizeof(spec), "%s:%s", kind, name) >= (int)sizeof(spec))
		return 0;	/* no name is that long; dep_parse would refuse it */
	return strv_push(&s->specs, spec);
}

static json_t *load_json(struct site *s, const char *path)
{
	json_error_t je;
	json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);

	if (!doc)
		snprintf(s->err, sizeof(s->err), "%s:%d: %s", path, je.line, je.text);
	return doc;
}

/*
 * Every item changed in a pair document of DIR/diff (in both images, its
 * entry different). Items only added or removed are left to the search:
 * on the 25 Debian images they are 153,000 names (mostly of one
 * architecture), four times the changed ones, and a page each would make
 * the site 2 GB and its build 90 s (docs/site.md).
 */
static int read_diffs(struct site *s, size_t *ndocs)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct strv files = { 0 };
	struct dirent *de;
	size_t i, k, j;
	DIR *dp;
	int err = 0;

	snprintf(dir, sizeof(dir), "%s/diff", s->dataset);
	dp = opendir(dir);
	if (!dp)
		return 0;	/* no make tables yet: program pages only */
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);

		if (len > 5 && !strcmp(de->d_name + len - 5, ".json") && strstr(de->d_name, "__") &&
		    (err = strv_push(&files, de->d_name)))
			break;
	}
	closedir(dp);
	strv_uniq(&files);
	for (i = 0; !err && i < files.n; i++) {
		json_t *doc, *kinds;

		snprintf(path, sizeof(path), "%s/%s", dir, files.v[i]);
		doc = load_json(s, path);
		if (!doc) {
			err = -EINVAL;
			break;
		}
		kinds = json_object_get(doc, "kinds");
		for (k = 0; !err && k < sizeof(diff_kinds) / sizeof(diff_kinds[0]); k++) {
			json_t *kd = json_object_get(kinds, diff_kinds[k].diff_kind);
			json_t *v;

			json_array_foreach(json_object_get(kd, "changed_items"), j, v) {
				const char *name = json_string_value(json_object_get(v, "name"));

				if (err || !name)
					continue;
				err = add_spec(s, diff_kinds[k].dep_kind, name);
			}
		}
		json_decref(doc);
	}
	*ndocs = files.n;
	strv_free(&files);
	if (err == -ENOMEM)
		snprintf(s->err, sizeof(s->err), "out of memory");
	return err;
}

/* The check documents: every dependency their objects name. */
static int read_checks(struct site *s, struct strv *prog_specs)
{
	size_t i, o, j;

	s->checks = json_array();
	if (!s->checks)
		return -ENOMEM;
	for (i = 0; i < s->check_files.n; i++) {
		json_t *doc = load_json(s, s->check_files.v[i]), *obj, *dep;

		if (!doc)
			return -EINVAL;
		if (!json_is_array(json_object_get(doc, "objects"))) {
			snprintf(s->err, sizeof(s->err), "%s: not the JSON of depsurf check (no \"objects\")",
				 s->check_files.v[i]);
			json_decref(doc);
			return -EINVAL;
		}
		json_array_foreach(json_object_get(doc, "objects"), o, obj)
			json_array_foreach(json_object_get(obj, "deps"), j, dep) {
				const char *spec = json_string_value(json_object_get(dep, "dep"));

				if (spec && (strv_push(&s->specs, spec) || strv_push(prog_specs, spec))) {
					json_decref(doc);
					return -ENOMEM;
				}
			}
		if (json_array_append_new(s->checks, doc))
			return -ENOMEM;
	}
	return 0;
}

static const struct site *by_spec_site;

static int cmp_by_spec(const void *a, const void *b)
{
	return strcmp(by_spec_site->deps[*(const size_t *)a].spec,
		      by_spec_site->deps[*(const size_t *)b].spec);
}

/* s->by_spec: the deps' indices in spec order, for find_dep(). */
static int index_deps(struct site *s)
{
	size_t i;

	s->by_spec = calloc(s->ndeps ? s->ndeps : 1, sizeof(*s->by_spec));
	if (!s->by_spec)
		return -ENOMEM;
	for (i = 0; i < s->ndeps; i++)
		s->by_spec[i] = i;
	by_spec_site = s;
	qsort(s->by_spec, s->ndeps, sizeof(*s->by_spec), cmp_by_spec);
	return 0;
}

/* The index of the dep of @spec, or -1. */
static ssize_t find_dep(const struct site *s, const char *spec)
{
	size_t lo = 0, hi = s->ndeps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(spec, s->deps[s->by_spec[mid]].spec);

		if (!c)
			return (ssize_t)s->by_spec[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/*
 * The index page bucket of a dependency, by the first byte of its name:
 * 0 any other byte, 1..10 a digit, 11 '_', 12..37 a-z, 38..63 A-Z. The
 * rows of a kind are sorted by bucket first, so that each bucket is one
 * run of rows (one page or a few), whatever the byte order of its names.
 */
static int bucket_of(const struct dep *d)
{
	unsigned char c = (unsigned char)strchr(d->spec, ':')[1];

	if (c >= '0' && c <= '9')
		return 1 + (c - '0');
	if (c == '_')
		return 11;
	if (c >= 'a' && c <= 'z')
		return 12 + (c - 'a');
	if (c >= 'A' && c <= 'Z')
		return 38 + (c - 'A');
	return 0;
}

static int cmp_dep(const void *a, const void *b)
{
	const struct dep *x = a, *y = b;
	int bx = bucket_of(x), by = bucket_of(y);

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (bx != by)
		return bx < by ? -1 : 1;
	return strcmp(x->spec, y->spec);
}

/* Parse the specs into deps, in kind then name order; specs that do not parse are skipped. */
static int parse_deps(struct site *s, const struct strv *prog_specs, size_t *skipped)
{
	size_t i;

	strv_uniq(&s->specs);
	s->deps = calloc(s->specs.n ? s->specs.n : 1, sizeof(*s->deps));
	if (!s->deps)
		return -ENOMEM;
	for (i = 0; i < s->specs.n; i++) {
		int err = dep_parse(s->specs.v[i], &s->deps[s->ndeps], NULL);

		if (err == -ENOMEM)
			return err;
		if (err)
			(*skipped)++;
		else
			s->ndeps++;
	}
	qsort(s->deps, s->ndeps, sizeof(*s->deps), cmp_dep);
	if (index_deps(s))
		return -ENOMEM;
	s->in_prog = calloc(s->ndeps ? s->ndeps : 1, sizeof(*s->in_prog));
	if (!s->in_prog)
		return -ENOMEM;
	for (i = 0; i < s->ndeps; i++)
		s->in_prog[i] = bsearch(&s->deps[i].spec, prog_specs->v, prog_specs->n,
					sizeof(char *), cmp_str) != NULL;
	return 0;
}


/* ---------------------------------------------------------------- images */

static bool strv_has(char **v, size_t n, const char *str)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], str))
			return true;
	return false;
}

/*
 * The columns: the images of kernels.list (matrix_list_images), put in
 * the order of their first pair in the groups file, the others after
 * them in list order.
 */
static int site_images(struct site *s, const char *kernels, const char *groups)
{
	struct kernels_list kl = { 0 };
	struct kernel_groups kg = { 0 };
	char path[PATH_MAX], gerr[256];
	char **list = NULL, **order;
	size_t n = 0, i, k = 0;
	bool have_kl = false;
	int err;

	if (!kernels) {
		snprintf(path, sizeof(path), "%s/kernels.list", s->dataset);
		if (access(path, R_OK))
			snprintf(path, sizeof(path), "%s/../kernels.list", s->dataset);
		kernels = access(path, R_OK) ? NULL : path;
	}
	if (kernels) {
		err = kernels_list_load(&kl, kernels, NULL, 0);
		if (err) {
			snprintf(s->err, sizeof(s->err), "%s: cannot read the kernels list", kernels);
			return err;
		}
		have_kl = true;
	}
	err = matrix_list_images(s->dataset, have_kl ? &kl : NULL, &list, &n);
	if (err) {
		snprintf(s->err, sizeof(s->err), "%s: %s", s->dataset,
			 err == -ENODATA ? "no image folder (DIR/<id>/meta.json)" : strerror(-err));
		goto out;
	}
	order = calloc(n ? n : 1, sizeof(*order));
	if (!order) {
		err = -ENOMEM;
		goto out;
	}
	if (!groups) {
		snprintf(path, sizeof(path), "%s/../kernels.groups", s->dataset);
		groups = access(path, R_OK) ? NULL : path;
	}
	if (groups && !kernel_groups_load(&kg, groups, NULL, gerr, sizeof(gerr))) {
		for (i = 0; i < kg.nr_pairs; i++) {
			const char *two[2] = { kg.pairs[i].old_id, kg.pairs[i].new_id };
			size_t t;

			for (t = 0; t < 2; t++)
				if (strv_has(list, n, two[t]) && !strv_has(order, k, two[t]))
					order[k++] = (char *)two[t];
		}
	}
	for (i = 0; i < n; i++)
		if (!strv_has(order, k, list[i]))
			order[k++] = list[i];
	s->ids = calloc(n ? n : 1, sizeof(*s->ids));
	s->dirs = calloc(n ? n : 1, sizeof(*s->dirs));
	err = s->ids && s->dirs ? 0 : -ENOMEM;
	for (i = 0; !err && i < n; i++) {
		s->ids[i] = strdup(order[i]);
		if (!s->ids[i] || asprintf(&s->dirs[i], "%s/%s", s->dataset, order[i]) < 0)
			err = -ENOMEM;
		s->nimg = i + 1;
	}
	free(order);
out:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	kernel_groups_free(&kg);
	if (have_kl)
		kernels_list_free(&kl);
	return err;
}

/* ---------------------------------------------------------------- search index */

static const struct {
	const char *kind;
	const char *sql;
} search_sql[] = {
	{ "func", "SELECT name, image FROM function_rows ORDER BY name" },
	{ "struct", "SELECT name, image FROM structs WHERE kind = 'struct' ORDER BY name" },
	{ "union", "SELECT name, image FROM structs WHERE kind = 'union' ORDER BY name" },
	{ "enum", "SELECT name, image FROM enums ORDER BY name" },
	{ "tracepoint", "SELECT event, image FROM tracepoints ORDER BY event" },
	{ "syscall", "SELECT name, image FROM syscalls WHERE available ORDER BY name" },
	{ "lsm", "SELECT name, image FROM lsm_hooks ORDER BY name" },
	{ "kfunc", "SELECT name, image FROM kfuncs ORDER BY name" },
};

/* A JS string literal of @s (JSON rules; "</" kept out of the script). */
static void put_js_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>')
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* The database key of each column (images.image), -1 when it has none. */
static int image_keys(struct site *s, sqlite3_int64 *keys)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	if (sqlite3_prepare_v2(s->db, "SELECT image FROM images WHERE id = ?1", -1, &st, NULL))
		goto bad;
	for (i = 0; i < s->nimg; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, s->ids[i], -1, SQLITE_STATIC);
		keys[i] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	}
	sqlite3_finalize(st);
	return 0;
bad:
	snprintf(s->err, sizeof(s->err), "database: %s", sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return -EINVAL;
}

/*
 * One name of the index: ["name",1] with a page, else ["name",0,"MASK"],
 * MASK the columns holding it, in hex, column 0 the lowest bit: the search
 * shows a page-less name's presence per image from it (the static lookup).
 */
static void put_index_entry(FILE *f, const struct site *s, const char *kind, const char *name,
			    const unsigned char *mask, bool first)
{
	char spec[1024];
	size_t nd = (s->nimg + 3) / 4, j;

	snprintf(spec, sizeof(spec), "%s:%s", kind, name);
	fputs(first ? "\n[" : ",\n[", f);
	put_js_str(f, name);
	if (find_dep(s, spec) >= 0) {
		fputs(",1]", f);
		return;
	}
	fputs(",0,\"", f);
	for (j = nd; j-- > 0;)
		fputc("0123456789abcdef"[mask[j]], f);
	fputs("\"]", f);
}

/*
 * search-index.js: the image ids, then per kind every name of the
 * database. A script, not a .json file: a page opened from file:// may
 * not fetch() a file next to it, but it may load a script.
 */
static int write_search_index(struct site *s, size_t *nnames)
{
	FILE *f = site_open(s, "search-index.js");
	sqlite3_int64 *keys = calloc(s->nimg ? s->nimg : 1, sizeof(*keys));
	unsigned char *mask = calloc(s->nimg / 4 + 1, 1);
	char *prev = NULL;
	size_t k, i;
	int err = 0;

	if (!f || !keys || !mask) {
		err = f ? -ENOMEM : -EIO;
		goto out;
	}
	err = image_keys(s, keys);
	if (err)
		goto out;
	fputs("// generated by depsurf site: the columns, then per kind [name, has a page, "
	      "columns holding it (hex)]\nvar DEPSURF_IMAGES = [", f);
	for (i = 0; i < s->nimg; i++) {
		fputs(i ? "," : "", f);
		put_js_str(f, s->ids[i]);
	}
	fputs("];\nvar DEPSURF_INDEX = {", f);
	for (k = 0; k < sizeof(search_sql) / sizeof(search_sql[0]); k++) {
		sqlite3_stmt *st = NULL;
		bool first = true;
		int rc;

		fprintf(f, "%s\n\"%s\": [", k ? "," : "", search_sql[k].kind);
		if (sqlite3_prepare_v2(s->db, search_sql[k].sql, -1, &st, NULL) != SQLITE_OK) {
			snprintf(s->err, sizeof(s->err), "database: %s", sqlite3_errmsg(s->db));
			err = -EINVAL;
			break;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 0);
			sqlite3_int64 key = sqlite3_column_int64(st, 1);

			if (!name)
				continue;
			if (!prev || strcmp(prev, name)) {
				if (prev) {
					put_index_entry(f, s, search_sql[k].kind, prev, mask, first);
					first = false;
					(*nnames)++;
				}
				free(prev);
				prev = strdup(name);
				memset(mask, 0, s->nimg / 4 + 1);
				if (!prev) {
					err = -ENOMEM;
					break;
				}
			}
			for (i = 0; i < s->nimg; i++)
				if (keys[i] == key)
					mask[i / 4] |= (unsigned char)(1u << (i % 4));
		}
		if (!err && prev) {
			put_index_entry(f, s, search_sql[k].kind, prev, mask, first);
			(*nnames)++;
		}
		free(prev);
		prev = NULL;
		if (!err && rc != SQLITE_DONE) {
			snprintf(s->err, sizeof(s->err), "database: %s", sqlite3_errmsg(s->db));
			err = -EINVAL;
		}
		sqlite3_finalize(st);
		fputs("]", f);
		if (err)
			break;
	}
	fputs("\n};\n", f);
out:
	free(keys);
	free(mask);
	if (err) {
		if (f)
			fclose(f);
		if (err == -ENOMEM)
			snprintf(s->err, sizeof(s->err), "out of memory");
		return err;
	}
	return site_close(s, f, "search-index.js");
}

/* ---------------------------------------------------------------- dependency pages */

/*
 * A prototype {"ret", "params": [{"name", "type"}]} as "ret name(type a,
 * ...)"; a parameter name is put after its type (a function pointer type
 * reads "void (*)(int) cb": the exact C text is `depsurf query`'s).
 */
static void put_proto(FILE *f, const char *name, const json_t *proto)
{
	json_t *params = json_object_get(proto, "params"), *p;
	size_t i;

	if (!json_is_object(proto)) {
		fputs("(no prototype: assembly)", f);
		return;
	}
	put_esc(f, json_string_value(json_object_get(proto, "ret")) ?: "?");
	fputs(" ", f);
	put_esc(f, name);
	fputs("(", f);
	if (!json_array_size(params))
		fputs("void", f);
	json_array_foreach(params, i, p) {
		const char *pname = json_string_value(json_object_get(p, "name"));
		const char *type = json_string_value(json_object_get(p, "type")) ?: "?";

		fputs(i ? ", " : "", f);
		put_esc(f, type);
		if (pname && *pname) {
			fputs(*type && type[strlen(type) - 1] == '*' ? "" : " ", f);
			put_esc(f, pname);
		}
	}
	fputs(")", f);
}

/* A declaration of entry @e of dependency @d as C-like text. */
static void put_decl(FILE *f, const struct dep *d, const json_t *e)
{
	json_t *v;
	size_t i;

	switch (d->kind) {
	case DEP_FUNC:
	case DEP_LSM:
	case DEP_KFUNC:
		put_proto(f, d->name, json_object_get(e, "proto"));
		break;
	case DEP_STRUCT:
	case DEP_UNION:
	case DEP_FIELD:
		fprintf(f, "%s %s {\n", d->kind == DEP_UNION ? "union" : "struct", d->name);
		json_array_foreach(json_object_get(e, "members"), i, v) {
			json_int_t bits = json_integer_value(json_object_get(v, "bitfield_bits"));

			fputs("\t", f);
			put_esc(f, json_string_value(json_object_get(v, "type")));
			fputs(" ", f);
			put_esc(f, json_string_value(json_object_get(v, "name")));
			if (bits)
				fprintf(f, ":%lld", (long long)bits);
			fprintf(f, ";\t/* bit %lld */\n",
				(long long)json_integer_value(json_object_get(v, "offset_bits")));
		}
		if (d->kind == DEP_FIELD)
			fputs("\t/* only this member shown */\n};", f);
		else
			fprintf(f, "};\t/* %lld bytes */",
				(long long)json_integer_value(json_object_get(e, "size")));
		break;
	case DEP_ENUM:
		fprintf(f, "enum %s {\n", d->name);
		json_array_foreach(json_object_get(e, "values"), i, v) {
			json_t *val = json_object_get(v, "value");

			fputs("\t", f);
			put_esc(f, json_string_value(json_object_get(v, "name")));
			if (json_is_integer(val))
				fprintf(f, " = %lld,\n", (long long)json_integer_value(val));
			else
				fprintf(f, " = %s,\n", json_string_value(val) ? json_string_value(val) : "?");
		}
		fputs("};", f);
		break;
	default: {
		/* tracepoints, syscalls, config: the entry itself */
		char *txt = json_dumps(e, JSON_INDENT(1) | JSON_PRESERVE_ORDER);

		put_esc(f, txt ? txt : "");
		free(txt);
		break;
	}
	}
}

static void put_value(FILE *f, const json_t *v)
{
	char *txt;

	if (!v) {
		fputs("—", f);
		return;
	}
	if (json_is_string(v)) {
		put_esc(f, json_string_value(v));
		return;
	}
	txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	put_esc(f, txt ? txt : "?");
	free(txt);
}

static void put_changes(FILE *f, const struct site *s, size_t d)
{
	bool any = false;
	size_t i, c;

	fputs("<h2>Differences between images</h2>\n", f);
	for (i = 1; i < s->nimg; i++) {
		const struct matrix_cell *cell = MATRIX_CELL(&s->m, d, i);

		if (!cell->changes.n)
			continue;
		any = true;
		fputs("<h3>Changed between <code>", f);
		put_esc(f, s->ids[i - 1]);
		fputs("</code> and <code>", f);
		put_esc(f, s->ids[i]);
		fputs("</code></h3>\n<ul class=\"changes\">\n", f);
		for (c = 0; c < cell->changes.n; c++) {
			const struct diff_change *ch = &cell->changes.v[c];

			fprintf(f, "<li><span class=\"ck\">%s</span>", ch->kind);
			if (ch->what) {
				fputs(" <code>", f);
				put_esc(f, ch->what);
				fputs("</code>", f);
			}
			if (ch->old_value || ch->new_value) {
				fputs(": <code>", f);
				put_value(f, ch->old_value);
				fputs("</code> \xe2\x86\x92 <code>", f);
				put_value(f, ch->new_value);
				fputs("</code>", f);
			}
			fprintf(f, " <span class=\"cq %s\">%s</span></li>\n",
				diff_consequence_name(ch->consequence),
				diff_consequence_name(ch->consequence));
		}
		fputs("</ul>\n", f);
	}
	if (!any)
		fputs("<p>The same on every image (columns compared with the one before).</p>\n", f);
}

/* The inline callers of function @name per image, from the database. */
static int put_inline_callers(FILE *f, struct site *s, const char *name)
{
	static const char sql[] =
		"SELECT i.id, d.file, d.line, d.inline_callers FROM func_defs d "
		"JOIN images i USING (image) WHERE d.func = ?1 AND d.inline_callers <> '[]' "
		"ORDER BY i.id, d.pos";
	sqlite3_stmt *st = NULL;
	bool any = false;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto bad;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	fputs("<h2>Inline callers</h2>\n", f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *file = (const char *)sqlite3_column_text(st, 1);
		const char *callers = (const char *)sqlite3_column_text(st, 3);
		json_t *list = callers ? json_loads(callers, 0, NULL) : NULL, *c;
		size_t j;

		if (!any)
			fputs("<table class=\"defs\"><tr><th>image</th><th>definition</th>"
			      "<th>inlined into</th></tr>\n", f);
		any = true;
		fputs("<tr><td>", f);
		put_esc(f, id);
		fputs("</td><td>", f);
		put_esc(f, file ? file : "?");
		fprintf(f, ":%lld</td><td>", (long long)sqlite3_column_int64(st, 2));
		json_array_foreach(list, j, c) {
			fputs(j ? ", <code>" : "<code>", f);
			put_esc(f, json_string_value(c));
			fputs("</code>", f);
		}
		fputs("</td></tr>\n", f);
		json_decref(list);
	}
	if (rc != SQLITE_DONE)
		goto bad;
	fputs(any ? "</table>\n" : "<p>Not inlined anywhere.</p>\n", f);
	sqlite3_finalize(st);
	return 0;
bad:
	snprintf(s->err, sizeof(s->err), "database: %s", sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return -EINVAL;
}

/* Whether every image has dep @d with the declaration text @decl. */
static bool same_everywhere(const struct site *s, const struct dep *dep, size_t d, const char *decl)
{
	bool same = true;
	size_t i, len;

	for (i = 1; same && i < s->nimg; i++) {
		const json_t *e = MATRIX_CELL(&s->m, d, i)->entry;
		char *b = NULL;
		FILE *mem;

		if (!e)
			return false;
		mem = open_memstream(&b, &len);
		if (!mem)
			return false;
		put_decl(mem, dep, e);
		fclose(mem);
		same = !strcmp(b, decl);
		free(b);
	}
	return same;
}

static int write_dep_page(struct site *s, size_t d)
{
	const struct dep *dep = &s->deps[d];
	char rel[PATH_MAX];
	size_t i, j;
	FILE *f, *mem;
	char *buf = NULL;
	size_t len = 0;
	bool *done;
	int err = 0;

	mem = open_memstream(&buf, &len);
	if (!mem)
		return -ENOMEM;
	put_dep_href(mem, "", dep);
	fclose(mem);
	snprintf(rel, sizeof(rel), "%s", buf);
	free(buf);
	f = site_open(s, rel);
	if (!f)
		return -EIO;
	page_head(f, "../../", dep->spec);
	fprintf(f, "<h1><span class=\"kind\">%s</span> ", dep_kind_name(dep->kind));
	put_esc(f, strchr(dep->spec, ':') + 1);
	fputs("</h1>\n<h2>Status per image</h2>\n<table class=\"status\">"
	      "<tr><th>image</th><th></th><th>status</th></tr>\n", f);
	for (i = 0; i < s->nimg; i++) {
		const struct matrix_cell *c = MATRIX_CELL(&s->m, d, i);

		fputs("<tr><td>", f);
		put_esc(f, s->ids[i]);
		fputs("</td>", f);
		put_cell(f, s, d, i, true);
		fputs("<td>", f);
		/* words only: emoji need a font a headless browser may not have */
		put_cell_words(f, c);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);

	/* each distinct declaration once, with the images that have it */
	fputs("<h2>Declaration</h2>\n", f);
	done = calloc(s->nimg ? s->nimg : 1, sizeof(*done));
	if (!done) {
		fclose(f);
		return -ENOMEM;
	}
	for (i = 0; i < s->nimg; i++) {
		const json_t *e = MATRIX_CELL(&s->m, d, i)->entry;
		char *a = NULL, *b = NULL;
		size_t la, lb;

		if (done[i] || !e)
			continue;
		mem = open_memstream(&a, &la);
		if (!mem) {
			err = -ENOMEM;
			break;
		}
		put_decl(mem, dep, e);
		fclose(mem);
		if (i == 0 && same_everywhere(s, dep, d, a)) {
			fputs("<p class=\"in\">In every image:</p>\n<pre>", f);
			fputs(a, f);
			fputs("</pre>\n", f);
			free(a);
			break;
		}
		fputs("<p class=\"in\">In ", f);
		for (j = i; j < s->nimg; j++) {
			const json_t *e2 = MATRIX_CELL(&s->m, d, j)->entry;

			if (done[j] || !e2)
				continue;
			mem = open_memstream(&b, &lb);
			if (!mem) {
				err = -ENOMEM;
				break;
			}
			put_decl(mem, dep, e2);
			fclose(mem);
			if (!strcmp(a, b)) {
				fprintf(f, "%s<code>", j == i ? "" : ", ");
				put_esc(f, s->ids[j]);
				fputs("</code>", f);
				done[j] = true;
			}
			free(b);
			b = NULL;
		}
		fputs(":</p>\n<pre>", f);
		fputs(a, f);	/* already escaped */
		fputs("</pre>\n", f);
		free(a);
		if (err)
			break;
	}
	free(done);
	if (!err && dep->kind == DEP_FUNC && s->in_prog[d])
		err = put_inline_callers(f, s, dep->name);
	if (!err)
		put_changes(f, s, d);
	page_foot(f);
	if (err) {
		fclose(f);
		return err;
	}
	return site_close(s, f, rel);
}

/* ---------------------------------------------------------------- index pages */

struct kind_page {
	int bucket;		/* bucket_of() of its rows */
	size_t part;		/* 1.. when the bucket needs several pages */
	size_t first, n;	/* rows: deps[first .. first+n) of the kind */
};

/* The page label of a bucket: "a", "A", "0", "_", "other". */
static void put_bucket_label(FILE *f, int b)
{
	if (b == 0)
		fputs("other", f);
	else if (b <= 10)
		fputc('0' + b - 1, f);
	else if (b == 11)
		fputc('_', f);
	else if (b <= 37)
		fputc('a' + b - 12, f);
	else
		fputc('A' + b - 38, f);
}

/* Its file name part: "A" is "upper-a", so that no two differ by case only. */
static void put_bucket_token(FILE *f, int b)
{
	if (b < 38) {
		put_bucket_label(f, b);
		return;
	}
	fputs("upper-", f);
	fputc('a' + b - 38, f);
}

static void put_page_name(FILE *f, enum dep_kind kind, const struct kind_page *p)
{
	fprintf(f, "%s-", dep_kind_name(kind));
	put_bucket_token(f, p->bucket);
	if (p->part)
		fprintf(f, "-%zu", p->part);
	fputs(".html", f);
}

/* Split the rows of @kind into pages; *@pages malloc'ed. */
static int kind_pages(const struct site *s, enum dep_kind kind, struct kind_page **pages,
		      size_t *np)
{
	size_t i = 0, n = 0;
	struct kind_page *v = NULL;

	while (i < s->ndeps && s->deps[i].kind != kind)
		i++;
	while (i < s->ndeps && s->deps[i].kind == kind) {
		int bucket = bucket_of(&s->deps[i]);
		size_t j = i, part = 0, count;

		while (j < s->ndeps && s->deps[j].kind == kind && bucket_of(&s->deps[j]) == bucket)
			j++;
		count = j - i;
		do {
			struct kind_page *nv = realloc(v, (n + 1) * sizeof(*v));
			size_t take = count > ROWS_PER_PAGE ? ROWS_PER_PAGE : count;

			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
			v[n++] = (struct kind_page){ bucket, j - i > ROWS_PER_PAGE ? ++part : 0,
						     i + (j - i - count), take };
			count -= take;
		} while (count);
		i = j;
	}
	*pages = v;
	*np = n;
	return 0;
}

static void put_matrix_rows(FILE *f, const struct site *s, size_t first, size_t n,
			    const char *root)
{
	size_t d, i;

	fputs("<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th>dependency</th>", f);
	put_image_heads(f, s);
	fputs("</tr></thead>\n<tbody>\n", f);
	for (d = first; d < first + n; d++) {
		fputs("<tr><th class=\"dep\"><a href=\"", f);
		put_dep_href(f, root, &s->deps[d]);
		fputs("\">", f);
		put_esc(f, strchr(s->deps[d].spec, ':') + 1);
		fputs("</a></th>", f);
		for (i = 0; i < s->nimg; i++)
			put_cell(f, s, d, i, false);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}

static const char *kind_title(enum dep_kind kind)
{
	static const char *const titles[DEP_KIND_COUNT] = {
		[DEP_FUNC] = "Functions", [DEP_STRUCT] = "Structs", [DEP_UNION] = "Unions",
		[DEP_FIELD] = "Fields", [DEP_ENUM] = "Enums", [DEP_TRACEPOINT] = "Tracepoints",
		[DEP_SYSCALL] = "System calls", [DEP_LSM] = "LSM hooks", [DEP_KFUNC] = "kfuncs",
		[DEP_CONFIG] = "Config options",
	};
	return titles[kind];
}

static int write_kind(struct site *s, enum dep_kind kind, size_t *rows_out)
{
	struct kind_page *pages = NULL;
	size_t np = 0, p, rows = 0;
	char rel[256];
	FILE *f;
	int err;

	err = kind_pages(s, kind, &pages, &np);
	if (err)
		return err;
	for (p = 0; p < np; p++)
		rows += pages[p].n;
	snprintf(rel, sizeof(rel), "k/%s.html", dep_kind_name(kind));
	f = site_open(s, rel);
	if (!f) {
		free(pages);
		return -EIO;
	}
	page_head(f, "../", kind_title(kind));
	fprintf(f, "<h1>%s</h1>\n<p>%zu with a page: those changed in any pair of the dataset's pair "
		"documents, and those the checked programs name. Every other name (added or removed "
		"only, or the same everywhere) is found by the <a href=\"../search.html\">search</a>.</p>\n<p class=\"letters\">", kind_title(kind), rows);
	for (p = 0; p < np; p++) {
		fputs("<a href=\"", f);
		put_page_name(f, kind, &pages[p]);
		fputs("\">", f);
		put_bucket_label(f, pages[p].bucket);
		if (pages[p].part)
			fprintf(f, "<sub>%zu</sub>", pages[p].part);
		fprintf(f, "</a> <small>(%zu)</small> ", pages[p].n);
	}
	fputs("</p>\n", f);
	if (np == 1)
		put_matrix_rows(f, s, pages[0].first, pages[0].n, "../");
	page_foot(f);
	err = site_close(s, f, rel);
	for (p = 0; !err && p < np; p++) {
		char *name = NULL;
		size_t len;
		FILE *mem = open_memstream(&name, &len);

		if (!mem) {
			err = -ENOMEM;
			break;
		}
		fputs("k/", mem);
		put_page_name(mem, kind, &pages[p]);
		fclose(mem);
		f = site_open(s, name);
		if (!f) {
			free(name);
			err = -EIO;
			break;
		}
		page_head(f, "../", kind_title(kind));
		fprintf(f, "<h1><a href=\"%s.html\">%s</a>: ", dep_kind_name(kind), kind_title(kind));
		put_bucket_label(f, pages[p].bucket);
		if (pages[p].part)
			fprintf(f, " (part %zu)", pages[p].part);
		fputs("</h1>\n", f);
		put_legend(f);
		put_matrix_rows(f, s, pages[p].first, pages[p].n, "../");
		page_foot(f);
		err = site_close(s, f, name);
		free(name);
	}
	free(pages);
	*rows_out = rows;
	return err;
}

/* ---------------------------------------------------------------- program pages */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The check matrix row of @dep: its cell of image @id, or NULL. */
static json_t *check_cell(json_t *row, const char *id)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(row, "cells"), i, c)
		if (!strcmp(json_string_value(json_object_get(c, "image")) ?: "", id))
			return c;
	return NULL;
}

static void put_str_list(FILE *f, json_t *v)
{
	json_t *x;
	size_t i;

	if (json_is_string(v)) {
		put_esc(f, json_string_value(v));
		return;
	}
	json_array_foreach(v, i, x) {
		if (i)
			fputs(", ", f);
		put_value(f, x);
	}
}

static int write_program(struct site *s, json_t *obj, const char *page)
{
	const char *file = json_string_value(json_object_get(obj, "file")) ?: "?";
	char rel[PATH_MAX];
	json_t *v, *row;
	size_t i, j;
	FILE *f;

	snprintf(rel, sizeof(rel), "p/%s", page);
	f = site_open(s, rel);
	if (!f)
		return -EIO;
	page_head(f, "../", base_name(file));
	fputs("<h1><span class=\"kind\">program</span> ", f);
	put_esc(f, base_name(file));
	fputs("</h1>\n", f);
	if (json_object_get(obj, "error")) {
		fputs("<p class=\"e\">depsurf check could not read it: ", f);
		put_esc(f, json_string_value(json_object_get(obj, "error")));
		fputs("</p>\n", f);
		goto foot;
	}
	fputs("<h2>Programs</h2>\n<table><tr><th>section</th><th>type</th>"
	      "<th>dependency</th><th>note</th></tr>\n", f);
	json_array_foreach(json_object_get(obj, "programs"), i, v) {
		fputs("<tr><td><code>", f);
		put_esc(f, json_string_value(json_object_get(v, "section")));
		fputs("</code></td><td>", f);
		put_esc(f, json_string_value(json_object_get(v, "type")));
		fputs("</td><td>", f);
		put_esc(f, json_string_value(json_object_get(v, "dep")));
		fputs("</td><td>", f);
		put_esc(f, json_string_value(json_object_get(v, "note")));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n<h2>Dependency set and matrix</h2>\n", f);
	put_legend(f);
	fputs("<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th>dependency</th>", f);
	put_image_heads(f, s);
	fputs("</tr></thead>\n<tbody>\n", f);
	json_array_foreach(json_object_get(obj, "matrix"), i, row) {
		const char *spec = json_string_value(json_object_get(row, "dep")) ?: "?";
		ssize_t d = find_dep(s, spec);

		fputs("<tr><th class=\"dep\">", f);
		if (d >= 0) {
			fputs("<a href=\"", f);
			put_dep_href(f, "../", &s->deps[d]);
			fputs("\">", f);
		}
		put_esc(f, spec);
		if (json_string_value(json_object_get(row, "enumerator"))) {
			fputs(" = ", f);
			put_esc(f, json_string_value(json_object_get(row, "enumerator")));
		}
		fputs(d >= 0 ? "</a></th>" : "</th>", f);
		for (j = 0; j < s->nimg; j++) {
			json_t *c = check_cell(row, s->ids[j]);
			const char *level = c ? json_string_value(json_object_get(c, "level")) : NULL;

			if (!c) {
				fputs("<td></td>", f);
				continue;
			}
			fprintf(f, "<td class=\"%s\" data-image=\"",
				!level || !strcmp(level, "error") ? "e" :
				!strcmp(level, "handled") ? "w" : "o");
			put_esc(f, s->ids[j]);
			fputs("\" title=\"", f);
			put_esc(f, json_string_value(json_object_get(c, "consequence")) ?: level ?: "");
			fputs("\">", f);
			if (d >= 0)
				put_cell_symbols(f, MATRIX_CELL(&s->m, d, j));
			else
				put_str_list(f, json_object_get(c, "status"));
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("<tr class=\"verdict\"><th>verdict</th>", f);
	for (j = 0; j < s->nimg; j++) {
		json_t *vd = NULL, *x;
		size_t q;

		json_array_foreach(json_object_get(obj, "verdicts"), q, x)
			if (!strcmp(json_string_value(json_object_get(x, "image")) ?: "", s->ids[j]))
				vd = x;
		if (!vd)
			fputs("<td></td>", f);
		else if (json_is_true(json_object_get(vd, "ok")))
			fputs("<td class=\"o\">ok</td>", f);
		else
			fputs("<td class=\"e\">FAIL</td>", f);
	}
	fputs("</tr>\n", f);
	fputs("</tbody></table></div>\n<h2>Consequences and ways out</h2>\n<ul class=\"ways\">\n", f);
	json_array_foreach(json_object_get(obj, "matrix"), i, row)
		json_array_foreach(json_object_get(row, "cells"), j, v) {
			const char *level = json_string_value(json_object_get(v, "level"));

			if (!level || !strcmp(level, "ok"))
				continue;
			fprintf(f, "<li class=\"%s\"><code>", strcmp(level, "error") ? "w" : "e");
			put_esc(f, json_string_value(json_object_get(v, "image")));
			fputs("</code> <code>", f);
			put_esc(f, json_string_value(json_object_get(row, "dep")));
			fputs("</code>: ", f);
			put_esc(f, json_string_value(json_object_get(v, "consequence")) ?: level);
			if (json_object_get(v, "handled_by") && !json_is_null(json_object_get(v, "handled_by"))) {
				fputs(" — handled by ", f);
				put_str_list(f, json_object_get(v, "handled_by"));
			}
			if (json_object_get(v, "way_out") && !json_is_null(json_object_get(v, "way_out"))) {
				fputs("; way out: ", f);
				put_str_list(f, json_object_get(v, "way_out"));
			}
			fputs("</li>\n", f);
		}
	fputs("</ul>\n", f);
	fputs("<h2>Verdict per image</h2>\n<table class=\"verdicts\"><tr><th>image</th>"
	      "<th>verdict</th></tr>\n", f);
	for (i = 0; i < s->nimg; i++) {
		json_t *vd = NULL, *x;

		json_array_foreach(json_object_get(obj, "verdicts"), j, x)
			if (!strcmp(json_string_value(json_object_get(x, "image")) ?: "", s->ids[i]))
				vd = x;
		if (!vd)
			continue;
		fputs("<tr><td>", f);
		put_esc(f, s->ids[i]);
		fprintf(f, "</td><td class=\"%s\" data-image=\"",
			json_is_true(json_object_get(vd, "ok")) ? "o" : "e");
		put_esc(f, s->ids[i]);
		fputs(json_is_true(json_object_get(vd, "ok")) ? "\">ok" : "\">FAIL", f);
		fprintf(f, ": %lld errors, %lld handled</td></tr>\n",
			(long long)json_integer_value(json_object_get(vd, "errors")),
			(long long)json_integer_value(json_object_get(vd, "handled")));
	}
	fputs("</table>\n", f);
	if (json_array_size(json_object_get(obj, "not_checked"))) {
		fputs("<h2>Not checked</h2>\n<ul>\n", f);
		json_array_foreach(json_object_get(obj, "not_checked"), i, v) {
			fputs("<li><code>", f);
			put_esc(f, json_string_value(json_object_get(v, "what")));
			fputs("</code>: ", f);
			put_esc(f, json_string_value(json_object_get(v, "text")));
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
foot:
	page_foot(f);
	return site_close(s, f, rel);
}

/* The base name of object @path without ".bpf.o" or ".o"; *@len bytes of it. */
static const char *prog_name(const char *path, size_t *len)
{
	const char *b = base_name(path);
	size_t n = strlen(b);

	if (n > 6 && !strcmp(b + n - 6, ".bpf.o"))
		n -= 6;
	else if (n > 2 && !strcmp(b + n - 2, ".o"))
		n -= 2;
	*len = n;
	return b;
}

/* Every object of every check document; page names made unique by a number. */
static int write_programs(struct site *s)
{
	json_t *doc, *obj;
	size_t i, o;
	int err = 0;

	json_array_foreach(s->checks, i, doc)
		json_array_foreach(json_object_get(doc, "objects"), o, obj) {
			const char *file = json_string_value(json_object_get(obj, "file")) ?: "object";
			char page[300], *name = NULL;
			size_t len, n = 1, plen;
			const char *pname = prog_name(file, &plen);
			FILE *mem = open_memstream(&name, &len);

			if (!mem)
				return -ENOMEM;
			put_slugn(mem, pname, plen);
			fclose(mem);
			/* two objects of one base name: name-2.html, ... */
			snprintf(page, sizeof(page), "%.200s.html", name);
			while (strv_has(s->prog_pages.v, s->prog_pages.n, page))
				snprintf(page, sizeof(page), "%.200s-%zu.html", name, ++n);
			free(name);
			if (strv_push(&s->prog_pages, page))
				return -ENOMEM;
			err = write_program(s, obj, page);
			if (err)
				return err;
		}
	return 0;
}

/* ---------------------------------------------------------------- home */

static const char *const table_names[] = {
	"pairs", "change_kinds", "consequences", "arch_flavor", "collisions", "inline",
	"transforms", "skipped",
};

static void put_table_json(FILE *f, const json_t *t)
{
	json_t *cols = json_object_get(t, "columns"), *row, *col;
	size_t i, j;

	fputs("<h3>", f);
	put_esc(f, json_string_value(json_object_get(t, "title")));
	fputs("</h3>\n<div class=\"scroll\"><table class=\"data\">\n<tr>", f);
	json_array_foreach(cols, j, col) {
		fputs("<th>", f);
		put_esc(f, json_string_value(json_object_get(col, "name")));
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	json_array_foreach(json_object_get(t, "rows"), i, row) {
		fputs("<tr>", f);
		json_array_foreach(cols, j, col) {
			json_t *v = json_object_get(row, json_string_value(json_object_get(col, "name")) ?: "");
			bool num = !strcmp(json_string_value(json_object_get(col, "type")) ?: "", "number");

			fputs(num ? "<td class=\"n\">" : "<td>", f);
			if (v && !json_is_null(v))
				put_value(f, v);
			else
				fputs("-", f);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

/* Copy the SVG and PNG files of DIR/tables into OUT/tables/; their names, sorted, into @figs. */
static int copy_figures(struct site *s, struct strv *figs)
{
	char dir[PATH_MAX], src[PATH_MAX + 256], rel[512];
	struct dirent *de;
	size_t i;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/tables", s->dataset);
	dp = opendir(dir);
	if (!dp)
		return 0;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);

		if (len > 4 && len < 200 && (!strcmp(de->d_name + len - 4, ".svg") ||
					     !strcmp(de->d_name + len - 4, ".png")) &&
		    strv_push(figs, de->d_name)) {
			closedir(dp);
			return -ENOMEM;
		}
	}
	closedir(dp);
	strv_uniq(figs);
	for (i = 0; i < figs->n; i++) {
		char buf[65536];
		size_t n;
		FILE *in, *out;

		snprintf(src, sizeof(src), "%s/%s", dir, figs->v[i]);
		snprintf(rel, sizeof(rel), "tables/%s", figs->v[i]);
		in = fopen(src, "rb");
		if (!in) {
			snprintf(s->err, sizeof(s->err), "%s: %s", src, strerror(errno));
			return -EIO;
		}
		out = site_open(s, rel);
		if (!out) {
			fclose(in);
			return -EIO;
		}
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			fwrite(buf, 1, n, out);
		if (ferror(in)) {
			snprintf(s->err, sizeof(s->err), "%s: read error", src);
			fclose(in);
			fclose(out);
			return -EIO;
		}
		fclose(in);
		if (site_close(s, out, rel))
			return -EIO;
	}
	return 0;
}

/* The end of the latest run record DIR/.build/run-*, or "" (no clock is read). */
static void build_date(const struct site *s, char *out, size_t sz)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], line[256];
	struct dirent *de;
	DIR *dp;

	out[0] = '\0';
	snprintf(dir, sizeof(dir), "%s/.build", s->dataset);
	dp = opendir(dir);
	if (!dp)
		return;
	while ((de = readdir(dp))) {
		FILE *f;

		if (strncmp(de->d_name, "run-", 4))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			size_t len = strcspn(line, "\n");

			line[len] = '\0';
			if (!strncmp(line, "end ", 4) && len - 4 < sz && strcmp(line + 4, out) > 0)
				snprintf(out, sz, "%s", line + 4);
		}
		fclose(f);
	}
	closedir(dp);
}

static const char *const count_keys[] = {
	"funcs", "structs", "unions", "enums", "tracepoints", "syscalls", "lsm_hooks", "kfuncs",
};

static int put_images(FILE *f, struct site *s)
{
	static const char sql[] =
		"SELECT distro, release, arch, flavor, counts FROM images WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	size_t i, k;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto bad;
	fputs("<div class=\"scroll\"><table class=\"data\"><tr><th>image</th><th>distro</th>"
	      "<th>release</th><th>arch</th><th>flavor</th>", f);
	for (k = 0; k < sizeof(count_keys) / sizeof(count_keys[0]); k++)
		fprintf(f, "<th>%s</th>", count_keys[k]);
	fputs("</tr>\n", f);
	for (i = 0; i < s->nimg; i++) {
		json_t *counts = NULL;
		int c;

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, s->ids[i], -1, SQLITE_STATIC);
		fputs("<tr><td>", f);
		put_esc(f, s->ids[i]);
		fputs("</td>", f);
		if (sqlite3_step(st) != SQLITE_ROW) {
			fprintf(f, "<td colspan=\"%zu\">not in the database</td></tr>\n",
				4 + sizeof(count_keys) / sizeof(count_keys[0]));
			continue;
		}
		for (c = 0; c < 4; c++) {
			fputs("<td>", f);
			put_esc(f, (const char *)sqlite3_column_text(st, c) ?: "-");
			fputs("</td>", f);
		}
		if (sqlite3_column_text(st, 4))
			counts = json_loads((const char *)sqlite3_column_text(st, 4), 0, NULL);
		for (k = 0; k < sizeof(count_keys) / sizeof(count_keys[0]); k++) {
			json_t *v = json_object_get(counts, count_keys[k]);

			if (json_is_integer(v)) {
				fprintf(f, "<td class=\"n\">%lld</td>", (long long)json_integer_value(v));
			} else if (json_is_object(v)) {
				/* syscalls: slots per ABI table, "451" or "451/547" */
				const char *key, *keys[16];
				size_t nk = 0, q;
				json_t *x;

				/* by table name: the order of a JSON object is not its bytes' */
				json_object_foreach(v, key, x)
					if (nk < 16)
						keys[nk++] = key;
				qsort(keys, nk, sizeof(*keys), cmp_str);
				fputs("<td class=\"n\">", f);
				for (q = 0; q < nk; q++)
					fprintf(f, "%s%lld", q ? "/" : "",
						(long long)json_integer_value(json_object_get(v, keys[q])));
				fputs("</td>", f);
			} else {
				fputs("<td class=\"n\">-</td>", f);
			}
		}
		json_decref(counts);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
	sqlite3_finalize(st);
	return 0;
bad:
	snprintf(s->err, sizeof(s->err), "database: %s", sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return -EINVAL;
}

static int write_home(struct site *s, size_t ndiffs, size_t nnames)
{
	struct strv figs = { 0 };
	char date[256], path[PATH_MAX];
	size_t i, k, counts[DEP_KIND_COUNT] = { 0 };
	json_t *doc, *obj;
	FILE *f;
	int err;

	err = copy_figures(s, &figs);
	if (err)
		goto out;
	f = site_open(s, "index.html");
	if (!f) {
		err = -EIO;
		goto out;
	}
	build_date(s, date, sizeof(date));
	page_head(f, "", "the dependency surfaces of kernel images");
	fprintf(f, "<h1>depsurf: kernel dependency surfaces</h1>\n<p>What an eBPF program "
		"depends on in %zu kernel images, and where it breaks. Built %s; "
		"%zu pair documents. The dataset is released as a tarball by "
		"<code>make release</code> (docs/release.md).</p>\n",
		s->nimg, date[0] ? date : "(no build record)", ndiffs);
	for (i = 0; i < s->ndeps; i++)
		counts[s->deps[i].kind]++;
	fputs("<h2>Dependencies</h2>\n<ul class=\"kinds\">\n", f);
	for (k = 0; k < DEP_KIND_COUNT; k++) {
		if (!counts[k] && k != DEP_FUNC && k != DEP_STRUCT && k != DEP_TRACEPOINT &&
		    k != DEP_SYSCALL && k != DEP_LSM && k != DEP_KFUNC)
			continue;
		fprintf(f, "<li><a href=\"k/%s.html\">%s</a>: %zu pages</li>\n", dep_kind_name(k),
			kind_title(k), counts[k]);
	}
	fprintf(f, "</ul>\n<p>%zu pages of dependencies; the search knows %zu names "
		"(every function, type, tracepoint, syscall, LSM hook and kfunc of the database).</p>\n",
		s->ndeps, nnames);
	fputs("<h2 id=\"programs\">Checked programs</h2>\n", f);
	if (!s->prog_pages.n)
		fputs("<p>None (<code>make site PROGRAMS=...</code>).</p>\n", f);
	else {
		size_t p = 0, o;

		fputs("<ul>\n", f);
		json_array_foreach(s->checks, i, doc)
			json_array_foreach(json_object_get(doc, "objects"), o, obj) {
				fputs("<li><a href=\"p/", f);
				fputs(s->prog_pages.v[p++], f);
				fputs("\">", f);
				put_esc(f, base_name(json_string_value(json_object_get(obj, "file")) ?: "?"));
				fputs("</a></li>\n", f);
			}
		fputs("</ul>\n", f);
	}
	fputs("<h2>Images</h2>\n", f);
	err = put_images(f, s);
	if (err) {
		fclose(f);
		goto out;
	}
	fputs("<h2>Tables</h2>\n", f);
	for (k = 0; k < sizeof(table_names) / sizeof(table_names[0]); k++) {
		json_t *t;

		snprintf(path, sizeof(path), "%s/tables/%s.json", s->dataset, table_names[k]);
		if (access(path, R_OK))
			continue;
		t = load_json(s, path);
		if (!t) {
			fclose(f);
			err = -EINVAL;
			goto out;
		}
		put_table_json(f, t);
		json_decref(t);
	}
	if (figs.n) {
		fputs("<h2>Figures</h2>\n", f);
		for (i = 0; i < figs.n; i++) {
			size_t len = strlen(figs.v[i]);

			/* a PNG beside an SVG of the same name is the same figure */
			if (!strcmp(figs.v[i] + len - 4, ".png") && i && !strncmp(figs.v[i - 1], figs.v[i], len - 4))
				continue;
			fputs("<figure><img src=\"tables/", f);
			fputs(figs.v[i], f);
			fputs("\" alt=\"", f);
			put_esc(f, figs.v[i]);
			fputs("\"><figcaption>", f);
			put_esc(f, figs.v[i]);
			fputs("</figcaption></figure>\n", f);
		}
	}
	page_foot(f);
	err = site_close(s, f, "index.html");
out:
	strv_free(&figs);
	return err;
}

/* ---------------------------------------------------------------- static files */

static const char style_css[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fff}\n"
	"header{display:flex;flex-wrap:wrap;gap:1em;align-items:center;padding:.5em 1em;"
	"background:#24292f;color:#fff}\n"
	"header a{color:#fff;text-decoration:none;margin-right:.8em}\n"
	"header .home{font-weight:bold;font-size:1.2em}\n"
	"main{padding:0 1em 2em}\n"
	"footer{padding:1em;color:#666;font-size:.85em;border-top:1px solid #ddd}\n"
	"h1 .kind{font-weight:normal;color:#666;font-size:.7em}\n"
	"pre{background:#f6f8fa;padding:.6em;overflow:auto}\n"
	"table{border-collapse:collapse}\n"
	"td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}\n"
	"td.n{text-align:right}\n"
	".scroll{overflow:auto;max-width:100%}\n"
	"table.matrix td{text-align:center;min-width:1.6em;font-family:monospace}\n"
	"table.matrix th.img{vertical-align:bottom;font-weight:normal;font-size:.8em}\n"
	"table.matrix th.img span{writing-mode:vertical-rl;transform:rotate(180deg);"
	"white-space:nowrap}\n"
	"table.matrix th.dep{font-weight:normal;white-space:nowrap}\n"
	"table.matrix tr.verdict td,table.matrix tr.verdict th{font-weight:bold;border-top:2px solid #888}\n"
	".o{background:#dafbe1}.c{background:#ddf4ff}.w{background:#fff8c5}.e{background:#ffebe9}\n"
	"table.status td.o,table.status td.c,table.status td.w,table.status td.e"
	"{text-align:center;font-family:monospace}\n"
	".legend{font-size:.9em}.legend span{padding:0 .3em;font-family:monospace}\n"
	".letters a{font-family:monospace;font-size:1.1em}\n"
	".cq{font-size:.85em;padding:0 .3em;border-radius:3px;background:#eee}\n"
	".cq.error{background:#ffebe9}.cq.stray_read,.cq.missing_invocation{background:#fff8c5}\n"
	"ul.ways li{padding:1px .3em;margin:1px 0;list-style:none}\n"
	"figure{display:inline-block;margin:1em}figure img{max-width:640px}\n"
	"#results li{margin:2px 0}\n"
	".presence span{font-family:monospace;padding:0 2px;margin-right:1px}\n";

static const char search_html_head[] =
	"<h1>Search</h1>\n<p>Every function, struct, union, enum, tracepoint, syscall, LSM hook "
	"and kfunc of the database. A name with a page links to it; the others did not change "
	"in any pair of the dataset (at most they were added or removed): for them the images "
	"that hold them are shown, and <code>depsurf query</code> tells the rest.</p>\n"
	"<p id=\"status\">Type a name (a substring; ^ anchors the start).</p>\n"
	"<ol id=\"results\"></ol>\n"
	"<script src=\"search-index.js\"></script>\n<script src=\"search.js\"></script>\n";

static const char search_js[] =
	"// depsurf site search: substring match over search-index.js, no network.\n"
	"(function () {\n"
	"  'use strict';\n"
	"  var MAX = 200;\n"
	"  var q = new URLSearchParams(window.location.search).get('q') || '';\n"
	"  var box = document.querySelector('header input[name=q]');\n"
	"  var status = document.getElementById('status');\n"
	"  var list = document.getElementById('results');\n"
	"  if (box) box.value = q;\n"
	"  function slug(s) {\n"
	"    var out = '';\n"
	"    for (var i = 0; i < s.length; i++) {\n"
	"      var c = s.charCodeAt(i);\n"
	"      if (/[A-Za-z0-9_]/.test(s[i])) out += s[i];\n"
	"      else out += '-' + ('0' + c.toString(16).toUpperCase()).slice(-2);\n"
	"    }\n"
	"    return out;\n"
	"  }\n"
	"  // the columns holding a page-less name: one cell per image, from its hex mask\n"
	"  function presence(mask) {\n"
	"    var row = document.createElement('span');\n"
	"    row.className = 'presence';\n"
	"    DEPSURF_IMAGES.forEach(function (id, i) {\n"
	"      var digit = parseInt(mask.charAt(mask.length - 1 - (i >> 2)) || '0', 16);\n"
	"      var has = (digit >> (i & 3)) & 1;\n"
	"      var cell = document.createElement('span');\n"
	"      cell.className = has ? 'o' : 'e';\n"
	"      cell.title = id + (has ? ': present' : ': absent');\n"
	"      cell.setAttribute('data-image', id);\n"
	"      cell.textContent = has ? '\\u2713' : '\\u2205';\n"
	"      row.appendChild(cell);\n"
	"    });\n"
	"    return row;\n"
	"  }\n"
	"  function run(query) {\n"
	"    list.textContent = '';\n"
	"    if (!query) return;\n"
	"    var anchored = query[0] === '^', needle = anchored ? query.slice(1) : query;\n"
	"    var n = 0, shown = 0;\n"
	"    Object.keys(DEPSURF_INDEX).forEach(function (kind) {\n"
	"      DEPSURF_INDEX[kind].forEach(function (e) {\n"
	"        var at = e[0].indexOf(needle);\n"
	"        if (at < 0 || (anchored && at)) return;\n"
	"        n++;\n"
	"        if (shown >= MAX) return;\n"
	"        shown++;\n"
	"        var li = document.createElement('li');\n"
	"        var tag = document.createElement('span');\n"
	"        tag.className = 'kind';\n"
	"        tag.textContent = kind + ' ';\n"
	"        li.appendChild(tag);\n"
	"        if (e[1]) {\n"
	"          var a = document.createElement('a');\n"
	"          a.href = 'd/' + kind + '/' + slug(e[0]) + '.html';\n"
	"          a.textContent = e[0];\n"
	"          li.appendChild(a);\n"
	"        } else {\n"
	"          var code = document.createElement('code');\n"
	"          code.textContent = e[0];\n"
	"          li.appendChild(code);\n"
	"          li.appendChild(document.createTextNode(' no page (not changed in any pair): '));\n"
	"          li.appendChild(presence(e[2]));\n"
	"        }\n"
	"        list.appendChild(li);\n"
	"      });\n"
	"    });\n"
	"    status.textContent = n + ' match' + (n === 1 ? '' : 'es') +\n"
	"      (n > shown ? ', the first ' + shown + ' shown' : '');\n"
	"  }\n"
	"  run(q);\n"
	"})();\n";

static int write_static(struct site *s)
{
	FILE *f = site_open(s, "style.css");

	if (!f)
		return -EIO;
	fputs(style_css, f);
	if (site_close(s, f, "style.css"))
		return -EIO;
	f = site_open(s, "search.js");
	if (!f)
		return -EIO;
	fputs(search_js, f);
	if (site_close(s, f, "search.js"))
		return -EIO;
	f = site_open(s, "search.html");
	if (!f)
		return -EIO;
	page_head(f, "", "search");
	fputs(search_html_head, f);
	page_foot(f);
	return site_close(s, f, "search.html");
}

/* ---------------------------------------------------------------- main */

static int publish(struct site *s)
{
	char old[PATH_MAX + 32];
	struct stat st;

	snprintf(old, sizeof(old), "%s.old.%ld", s->out, (long)getpid());
	if (!stat(s->out, &st) && rename(s->out, old)) {
		snprintf(s->err, sizeof(s->err), "%s: %s", s->out, strerror(errno));
		return -errno;
	}
	if (rename(s->tmp, s->out)) {
		snprintf(s->err, sizeof(s->err), "%s: %s", s->out, strerror(errno));
		return -errno;
	}
	rm_tree(old);
	return 0;
}

static int build(struct site *s, const char *kernels, const char *groups)
{
	struct strv prog_specs = { 0 };
	struct matrix_error me;
	size_t ndiffs = 0, skipped = 0, nnames = 0, d, rows;
	unsigned int k;
	int err;

	err = site_images(s, kernels, groups);
	if (err)
		goto out;
	err = read_diffs(s, &ndiffs);
	if (!err)
		err = read_checks(s, &prog_specs);
	if (err)
		goto out;
	strv_uniq(&prog_specs);
	err = parse_deps(s, &prog_specs, &skipped);
	if (err)
		goto out;
	memset(&me, 0, sizeof(me));
	err = matrix_build(&s->m, s->deps, s->ndeps, (const char *const *)s->dirs,
			   (const char *const *)s->ids, s->nimg, false, &me);
	if (err) {
		snprintf(s->err, sizeof(s->err), "%s/%s%s%.0lu: %s", me.dir, me.lookup.file,
			 me.lookup.line ? ":" : "", me.lookup.line, me.lookup.text);
		goto out;
	}
	if (mkdir(s->tmp, 0755)) {
		snprintf(s->err, sizeof(s->err), "%s: %s", s->tmp, strerror(errno));
		err = -errno;
		goto out;
	}
	err = write_static(s);
	if (!err)
		err = write_search_index(s, &nnames);
	for (d = 0; !err && d < s->ndeps; d++)
		err = write_dep_page(s, d);
	for (k = 0; !err && k < DEP_KIND_COUNT; k++)
		err = write_kind(s, k, &rows);
	if (!err)
		err = write_programs(s);
	if (!err)
		err = write_home(s, ndiffs, nnames);
	if (!err)
		err = publish(s);
	if (err)
		rm_tree(s->tmp);
	else
		fprintf(stderr, "site: %s: %zu files, %zu dependency pages, %zu programs, %zu names "
			"searchable, %zu images%s\n", s->out, s->pages, s->ndeps, s->prog_pages.n,
			nnames, s->nimg, skipped ? " (some names not valid dependencies skipped)" : "");
out:
	strv_free(&prog_specs);
	return err;
}

int cmd_site(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dataset", required_argument, NULL, 'd' },
		{ "kernels", required_argument, NULL, 'k' },
		{ "groups", required_argument, NULL, 'g' },
		{ "check", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ 0 },
	};
	struct site s = { .dataset = "dataset" };
	const char *kernels = NULL, *groups = NULL;
	int c, rc = CLI_OK, err;
	size_t i;

	while ((c = cli_getopt(argc, argv, "d:k:g:c:o:", longopts, &rc)) != -1) {
		switch (c) {
		case CLI_GETOPT_DONE:
			return rc;
		case 'd': s.dataset = optarg; break;
		case 'k': kernels = optarg; break;
		case 'g': groups = optarg; break;
		case 'o': s.out = optarg; break;
		case 'c':
			if (strv_push(&s.check_files, optarg)) {
				cli_err("out of memory");
				return CLI_BAD;
			}
			break;
		}
	}
	if (optind < argc) {
		strv_free(&s.check_files);
		return cli_usage_err("site", "unexpected argument '%s'", argv[optind]);
	}
	if (!s.out || !*s.out) {
		strv_free(&s.check_files);
		return cli_usage_err("site", "name the site folder: -o OUT");
	}
	if (snprintf(s.tmp, sizeof(s.tmp), "%s.tmp.%ld", s.out, (long)getpid()) >= (int)sizeof(s.tmp)) {
		strv_free(&s.check_files);
		return cli_usage_err("site", "-o: name too long");
	}
	s.db = cli_open_db(s.dataset, NULL, &rc);
	if (!s.db) {
		strv_free(&s.check_files);
		return rc;
	}
	err = build(&s, kernels, groups);
	if (err) {
		cli_err("%s", s.err[0] ? s.err : strerror(-err));
		rc = CLI_BAD;
	}
	sqlite3_close(s.db);
	matrix_free(&s.m);
	for (i = 0; i < s.ndeps; i++)
		dep_free(&s.deps[i]);
	free(s.deps);
	free(s.in_prog);
	free(s.by_spec);
	for (i = 0; i < s.nimg; i++) {
		free(s.ids[i]);
		free(s.dirs[i]);
	}
	free(s.ids);
	free(s.dirs);
	json_decref(s.checks);
	strv_free(&s.specs);
	strv_free(&s.check_files);
	strv_free(&s.prog_pages);
	return rc;
}
