/* SPDX-License-Identifier: MIT */
/*
 * The dependency status matrix (docs/matrix.md): one row per dependency,
 * one column per image, each cell the dependency's status in that image
 * (matrix/dep.h) and whether its entry changed since the previous column
 * (diff_item() of diff/diff.h on the two entries). Built by matrix_build()
 * from image folders, rendered as JSON, Markdown or an aligned text table.
 * `depsurf matrix` is this; `depsurf check` builds one from the
 * dependencies of a BPF object.
 *
 * Library code: negative errno, never prints (except the renderers, which
 * write to the FILE they are given).
 */
#ifndef DEPSURF_MATRIX_MATRIX_H
#define DEPSURF_MATRIX_MATRIX_H

#include "matrix/dep.h"
#include "matrix/lookup.h"

#include <stdio.h>

struct matrix_cell {
	json_t *entry;			/* the dependency's entry, NULL: absent (owned) */
	unsigned int status;		/* DEP_ST() flags; 0: ok */
	bool changed;			/* the entry differs from the previous column's */
	bool marked;			/* shown as changed: changed, or --sticky and a
					 * change at or before this column */
	struct diff_changes changes;	/* diff_item(previous entry, this entry) */
};

struct matrix {
	const struct dep *deps;		/* rows (borrowed) */
	size_t ndeps;
	char **images;			/* column ids (owned) */
	size_t nimages;
	bool sticky;
	struct matrix_cell *cells;	/* ndeps * nimages, row by row */
};

#define MATRIX_CELL(m, dep, img) (&(m)->cells[(dep) * (m)->nimages + (img)])

/* What failed: the image folder and the lookup's error, or a diff's. */
struct matrix_error {
	char dir[4096];
	struct lookup_error lookup;
};

/*
 * Build @m: the deps @deps (borrowed, must outlive @m) in the image folders
 * @dirs, whose ids (the column heads) are @ids. @sticky: mark every cell
 * from the first change of its row on, as the DepSurf paper's matrix does.
 * Returns 0, or a negative errno with @e filled in; @m then needs no
 * matrix_free(), but it is harmless.
 */
int matrix_build(struct matrix *m, const struct dep *deps, size_t ndeps,
		 const char *const *dirs, const char *const *ids, size_t nimages, bool sticky,
		 struct matrix_error *e);

/*
 * matrix_build() with matrix/lookup.h's @lookup_flags: MATRIX_LOOKUP_WHOLE
 * keeps a function's whole funcs.jsonl line in its cells (`depsurf check`'s
 * way out reads the defs and symbols; neither dep_status() nor diff_item()
 * looks at them).
 */
int matrix_build_flags(struct matrix *m, const struct dep *deps, size_t ndeps,
		       const char *const *dirs, const char *const *ids, size_t nimages,
		       bool sticky, unsigned int lookup_flags, struct matrix_error *e);

/*
 * Another source of the function entries (`depsurf check`: the dataset's
 * database): with it the image folders' funcs.jsonl are not read, and
 * @fill sets the entry of every cell of every DEP_FUNC row of @m (the
 * shape of a funcs.jsonl line, NULL when absent) before the statuses and
 * changes are worked out. Returns 0 or a negative errno with @e filled in.
 */
struct matrix_func_source {
	int (*fill)(void *arg, struct matrix *m, struct matrix_error *e);
	void *arg;
};

/* matrix_build_flags() with the functions from @src (NULL: funcs.jsonl). */
int matrix_build_src(struct matrix *m, const struct dep *deps, size_t ndeps,
		     const char *const *dirs, const char *const *ids, size_t nimages,
		     bool sticky, unsigned int lookup_flags,
		     const struct matrix_func_source *src, struct matrix_error *e);
void matrix_free(struct matrix *m);

/* The matrix as JSON (docs/matrix.md); NULL when out of memory. */
json_t *matrix_json(const struct matrix *m);

/* Markdown with the paper's symbols and a legend. Returns 0 or -EIO. */
int matrix_print_markdown(const struct matrix *m, FILE *f);

/* An aligned text table; @color: ANSI colours. Returns 0 or -EIO. */
int matrix_print_text(const struct matrix *m, FILE *f, bool color);

/*
 * The image ids of dataset root @dir: its subfolders holding a meta.json,
 * in the order of @kl (a parsed kernels.list; NULL: none), those it does
 * not list after them, sorted. Returns 0 with *@ids (malloc'ed, each string
 * too) and *@n, or a negative errno: -ENODATA when there is no image
 * folder, else of opening @dir.
 */
struct kernels_list;
int matrix_list_images(const char *dir, const struct kernels_list *kl, char ***ids,
		       size_t *n);

#endif
