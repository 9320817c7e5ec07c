// SPDX-License-Identifier: MIT
#include "tables/table.h"
#include "util/jsonw.h"
#include "util/mem.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void table_init(struct table *t, const char *name, const char *title, size_t ncols,
		const char *const *cols, const bool *numeric)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->title = title;
	t->ncols = ncols;
	t->cols = cols;
	t->numeric = numeric;
}

void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->ncells; i++)
		free(t->cells[i].text);
	free(t->cells);
	t->cells = NULL;
	t->ncells = t->cap = 0;
}

/* Add a cell holding @text (owned; NULL for none, @fail when strdup failed). */
static int add_cell(struct table *t, char *text, bool fail)
{
	struct table_cell *c;

	if (!t->err && fail)
		t->err = -ENOMEM;
	if (t->err) {
		free(text);
		return t->err;
	}
	c = mem_add((void **)&t->cells, &t->cap, &t->ncells, sizeof(*c));
	if (!c) {
		free(text);
		return t->err = -ENOMEM;
	}
	c->text = text;
	return 0;
}

int table_str(struct table *t, const char *s)
{
	char *dup;

	if (!t->err && t->numeric[t->ncells % t->ncols])
		t->err = -EINVAL;
	dup = t->err ? NULL : strdup(s);
	return add_cell(t, dup, !dup);
}

int table_int(struct table *t, long long v)
{
	char buf[32];
	char *dup;

	snprintf(buf, sizeof(buf), "%lld", v);
	dup = t->err ? NULL : strdup(buf);
	return add_cell(t, dup, !dup);
}

int table_pct(struct table *t, long long num, long long den)
{
	long long tenths;
	char buf[48];
	char *dup;

	if (den <= 0 || num < 0)
		return add_cell(t, NULL, false);
	/* rounded half up in integers: the same digits on every machine */
	if (num > LLONG_MAX / 1000 - den)
		tenths = (long long)((double)num * 1000.0 / (double)den + 0.5);
	else
		tenths = (num * 1000 + den / 2) / den;
	snprintf(buf, sizeof(buf), "%lld.%lld", tenths / 10, tenths % 10);
	dup = t->err ? NULL : strdup(buf);
	return add_cell(t, dup, !dup);
}

int table_null(struct table *t)
{
	return add_cell(t, NULL, false);
}

size_t table_rows(const struct table *t)
{
	return t->ncells / t->ncols;
}

const char *table_get(const struct table *t, size_t r, size_t c)
{
	size_t i = r * t->ncols + c;

	return c < t->ncols && i < t->ncells ? t->cells[i].text : NULL;
}

static int write_err(FILE *f)
{
	return ferror(f) ? (errno ? -errno : -EIO) : 0;
}

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
static void csv_field(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int table_write_csv(const struct table *t, FILE *f)
{
	size_t r, c;

	if (t->err)
		return t->err;
	for (c = 0; c < t->ncols; c++) {
		fputs(c ? "," : "", f);
		csv_field(f, t->cols[c]);
	}
	fputc('\n', f);
	for (r = 0; r < table_rows(t); r++) {
		for (c = 0; c < t->ncols; c++) {
			fputs(c ? "," : "", f);
			csv_field(f, table_get(t, r, c));
		}
		fputc('\n', f);
	}
	return write_err(f);
}

/* A Markdown cell: '|' escaped, line breaks as blanks; no value is "-". */
static void md_field(FILE *f, const char *s)
{
	if (!s) {
		fputc('-', f);
		return;
	}
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
}

int table_write_md(const struct table *t, FILE *f)
{
	size_t r, c;

	if (t->err)
		return t->err;
	fprintf(f, "## %s\n\n|", t->title);
	for (c = 0; c < t->ncols; c++) {
		fputc(' ', f);
		md_field(f, t->cols[c]);
		fputs(" |", f);
	}
	fputs("\n|", f);
	for (c = 0; c < t->ncols; c++)
		fputs(t->numeric[c] ? "---:|" : "---|", f);
	fputc('\n', f);
	for (r = 0; r < table_rows(t); r++) {
		fputc('|', f);
		for (c = 0; c < t->ncols; c++) {
			fputc(' ', f);
			md_field(f, table_get(t, r, c));
			fputs(" |", f);
		}
		fputc('\n', f);
	}
	return write_err(f);
}

int table_write_json(const struct table *t, FILE *f)
{
	struct jsonw *w;
	size_t r, c;
	int err;

	if (t->err)
		return t->err;
	w = jsonw_new(f);
	if (!w)
		return -ENOMEM;
	jsonw_begin_object(w);
	jsonw_string_field(w, "schema_version", "1.0");
	jsonw_string_field(w, "table", t->name);
	jsonw_string_field(w, "title", t->title);
	jsonw_key(w, "columns");
	jsonw_begin_array(w);
	for (c = 0; c < t->ncols; c++) {
		jsonw_begin_object(w);
		jsonw_string_field(w, "name", t->cols[c]);
		jsonw_string_field(w, "type", t->numeric[c] ? "number" : "text");
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_key(w, "rows");
	jsonw_begin_array(w);
	for (r = 0; r < table_rows(t); r++) {
		jsonw_begin_object(w);
		for (c = 0; c < t->ncols; c++) {
			const char *v = table_get(t, r, c);

			jsonw_key(w, t->cols[c]);
			if (!v)
				jsonw_null(w);
			else if (t->numeric[c])
				jsonw_raw_number(w, v);
			else
				jsonw_string(w, v);
		}
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_end_object(w);
	jsonw_newline(w);
	err = jsonw_finish(w);
	jsonw_free(w);
	return err ? err : write_err(f);
}
