/* SPDX-License-Identifier: MIT */
/*
 * One published table (docs/schema-tables.md): named columns, each text or
 * numeric, rows of cells, written as CSV, Markdown and JSON from the same
 * cells so the three always agree. Numbers are kept as the text they are
 * printed as (percentages rounded once, to one decimal, when added), which
 * makes the three outputs byte-identical across runs and machines.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_TABLE_H
#define DEPSURF_TABLE_H

#include <stdbool.h>
#include <stdio.h>

struct table_cell {
	char *text;		/* NULL: no value (null in JSON, empty in CSV, "-" in Markdown) */
};

struct table {
	const char *name;	/* file stem: pairs → pairs.csv, pairs.md, pairs.json (static) */
	const char *title;	/* the Markdown heading and the JSON "title" (static) */
	size_t ncols;
	const char *const *cols;	/* column names (static) */
	const bool *numeric;		/* per column: a number (static) */
	struct table_cell *cells;	/* row-major */
	size_t ncells, cap;
	int err;		/* sticky: the first failed add */
};

/* An empty table; @cols and @numeric have @ncols entries and outlive it. */
void table_init(struct table *t, const char *name, const char *title, size_t ncols,
		const char *const *cols, const bool *numeric);
void table_free(struct table *t);

/*
 * Cells are added left to right, top to bottom; a row is complete after
 * ncols of them. Errors (-ENOMEM; -EINVAL for a text cell in a numeric
 * column) are sticky in t->err and returned.
 */
int table_str(struct table *t, const char *s);
int table_int(struct table *t, long long v);
/* 100 * @num / @den rounded to one decimal ("12.5"), no value when @den is 0. */
int table_pct(struct table *t, long long num, long long den);
int table_null(struct table *t);

size_t table_rows(const struct table *t);
/* The text of row @r, column @c, or NULL. */
const char *table_get(const struct table *t, size_t r, size_t c);

/* Writers; 0 or the -errno of the write (ferror: -EIO). */
int table_write_csv(const struct table *t, FILE *f);
int table_write_md(const struct table *t, FILE *f);
int table_write_json(const struct table *t, FILE *f);

#endif
