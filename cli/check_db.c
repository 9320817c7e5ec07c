// SPDX-License-Identifier: MIT
#include "cli/check_db.h"
#include "db/dsdb.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct check_db {
	sqlite3 *db;
	const char *path;
	size_t n;
	int64_t *keys;			/* images.image of each column */
	sqlite3_stmt *funcs, *defs, *syms;
};

void check_db_close(struct check_db *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->funcs);
	sqlite3_finalize(db->defs);
	sqlite3_finalize(db->syms);
	sqlite3_close(db->db);
	free(db->keys);
	free(db);
}

static bool newer(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec != b->st_mtim.tv_sec ? a->st_mtim.tv_sec > b->st_mtim.tv_sec :
	       a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

int check_db_open(const char *path, const char *const *dirs, const char *const *ids, size_t n,
		  struct check_db **out)
{
	struct check_db *db;
	struct stat dbst, st;
	sqlite3_stmt *img = NULL;
	char msg[PATH_MAX + 300], f[PATH_MAX];
	size_t i;
	int ok = 0;

	*out = NULL;
	if (stat(path, &dbst))
		return 0;
	db = calloc(1, sizeof(*db));
	if (!db || !(db->keys = calloc(n + 1, sizeof(*db->keys)))) {
		free(db);
		return -ENOMEM;
	}
	db->path = path;
	db->n = n;
	if (dsdb_open_ro(path, &db->db, msg, sizeof(msg)) ||
	    sqlite3_prepare_v2(db->db, "SELECT image FROM images WHERE id = ?1", -1, &img, NULL))
		goto out;
	for (i = 0; i < n; i++) {
		/* a funcs.jsonl written after the database: it may be stale */
		if (snprintf(f, sizeof(f), "%s/funcs.jsonl", dirs[i]) >= (int)sizeof(f) ||
		    stat(f, &st) || newer(&st, &dbst))
			goto out;
		sqlite3_reset(img);
		if (sqlite3_bind_text(img, 1, ids[i], -1, SQLITE_STATIC) ||
		    sqlite3_step(img) != SQLITE_ROW)
			goto out;
		db->keys[i] = sqlite3_column_int64(img, 0);
	}
	if (sqlite3_prepare_v2(db->db,
			       "SELECT image, inline, collision, transforms, exact_symbol, traceable,"
			       " kprobe_blacklisted, proto, proto_source, params"
			       " FROM functions WHERE name = ?1", -1, &db->funcs, NULL) ||
	    sqlite3_prepare_v2(db->db,
			       "SELECT image, inline_callers FROM func_defs WHERE func = ?1"
			       " ORDER BY image, pos", -1, &db->defs, NULL) ||
	    sqlite3_prepare_v2(db->db,
			       "SELECT image, name FROM func_symbols WHERE func = ?1"
			       " ORDER BY image, pos", -1, &db->syms, NULL))
		goto out;
	ok = 1;
out:
	sqlite3_finalize(img);
	if (!ok) {
		check_db_close(db);
		return 0;
	}
	*out = db;
	return 1;
}

static int bad(struct check_db *db, struct matrix_error *e, const char *name, const char *what)
{
	snprintf(e->dir, sizeof(e->dir), "%s", db->path);
	snprintf(e->lookup.file, sizeof(e->lookup.file), "functions");
	e->lookup.line = 0;
	snprintf(e->lookup.text, sizeof(e->lookup.text), "function \"%s\": %s", name, what);
	return -EBADMSG;
}

/* Column @i of @st as text, or NULL (also when it is not text). */
static const char *text(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_TEXT ?
	       (const char *)sqlite3_column_text(st, i) : NULL;
}

/* A JSON array column; NULL when it is not one. */
static json_t *array(sqlite3_stmt *st, int i)
{
	const char *s = text(st, i);
	json_t *a = s ? json_loads(s, 0, NULL) : NULL;

	if (a && !json_is_array(a)) {
		json_decref(a);
		a = NULL;
	}
	return a;
}

/*
 * "proto" of a funcs.jsonl line from the database's C text (db/load.c's
 * proto_text: "RET NAME(...)" or "RET *NAME(...)"), source and params.
 */
static json_t *proto(sqlite3_stmt *st, const char *name)
{
	const char *txt = text(st, 7), *p;
	size_t nlen = strlen(name), rlen;
	json_t *params;

	if (!txt)
		return json_null();
	for (p = strstr(txt, name); p; p = strstr(p + 1, name))
		if (p[nlen] == '(' && (p == txt || p[-1] == ' ' || p[-1] == '*'))
			break;
	if (!p || !(params = sqlite3_column_type(st, 9) == SQLITE_NULL ? json_array() : array(st, 9)))
		return NULL;
	for (rlen = (size_t)(p - txt); rlen && txt[rlen - 1] == ' '; rlen--)
		;
	return json_pack("{s:s%, s:o, s:s?}", "ret", txt, rlen, "params", params,
			 "source", text(st, 8));
}

/* The columns of image key @image: -1 after the last. */
static long column(const struct check_db *db, int64_t image, size_t from)
{
	size_t i;

	for (i = from; i < db->n; i++)
		if (db->keys[i] == image)
			return (long)i;
	return -1;
}

/*
 * Append each row of @st (image, value) to array @member ("defs": the
 * row's inline_callers; "symbols": its name) of dep @d's entry there.
 */
static int add_rows(struct check_db *db, struct matrix *m, size_t d, sqlite3_stmt *st,
		    const char *member, struct matrix_error *e)
{
	const char *name = m->deps[d].name;
	int rc;

	sqlite3_reset(st);
	if (sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC))
		return -ENOMEM;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t image = sqlite3_column_int64(st, 0);
		long c;

		for (c = column(db, image, 0); c >= 0; c = column(db, image, (size_t)c + 1)) {
			json_t *entry = MATRIX_CELL(m, d, (size_t)c)->entry, *v;
			json_t *list = json_object_get(entry, member);

			if (!list)
				continue;	/* no functions row for that image */
			v = !strcmp(member, "defs") ?
				json_pack("{s:o*}", "inline_callers", array(st, 1)) :
				text(st, 1) ? json_pack("{s:s}", "name", text(st, 1)) : json_object();
			if (!v || !json_object_size(v)) {
				json_decref(v);
				return bad(db, e, name, !strcmp(member, "defs") ?
					   "inline_callers is not a JSON array" : "a symbol has no name");
			}
			if (json_array_append_new(list, v))
				return -ENOMEM;
		}
	}
	return rc == SQLITE_DONE ? 0 : bad(db, e, name, sqlite3_errmsg(db->db));
}

static int fill_func(struct check_db *db, struct matrix *m, size_t d, struct matrix_error *e)
{
	const char *name = m->deps[d].name;
	int rc, err;

	sqlite3_reset(db->funcs);
	if (sqlite3_bind_text(db->funcs, 1, name, -1, SQLITE_STATIC))
		return -ENOMEM;
	while ((rc = sqlite3_step(db->funcs)) == SQLITE_ROW) {
		sqlite3_stmt *st = db->funcs;
		int64_t image = sqlite3_column_int64(st, 0);
		long c;

		for (c = column(db, image, 0); c >= 0; c = column(db, image, (size_t)c + 1)) {
			json_t *pr = proto(st, name), *tr = array(st, 3), *entry;

			if (!pr || !tr || !text(st, 1) || !text(st, 2)) {
				json_decref(pr);
				json_decref(tr);
				return bad(db, e, name, "a column is not what docs/schema-sqlite.md says");
			}
			entry = json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:b, s:o, s:[], s:[]}",
					  "name", name, "inline", text(st, 1),
					  "collision", text(st, 2), "transforms", tr,
					  "exact_symbol", sqlite3_column_int(st, 4),
					  "traceable", sqlite3_column_int(st, 5),
					  "kprobe_blacklisted", sqlite3_column_int(st, 6),
					  "proto", pr, "defs", "symbols");
			if (!entry)
				return -ENOMEM;
			json_decref(MATRIX_CELL(m, d, (size_t)c)->entry);
			MATRIX_CELL(m, d, (size_t)c)->entry = entry;
		}
	}
	if (rc != SQLITE_DONE)
		return bad(db, e, name, sqlite3_errmsg(db->db));
	if ((err = add_rows(db, m, d, db->defs, "defs", e)))
		return err;
	return add_rows(db, m, d, db->syms, "symbols", e);
}

int check_db_fill(void *arg, struct matrix *m, struct matrix_error *e)
{
	struct check_db *db = arg;
	size_t d;
	int err = 0;

	if (m->nimages != db->n)
		return bad(db, e, "", "the matrix has other images than the database was opened for");
	for (d = 0; d < m->ndeps && !err; d++)
		if (m->deps[d].kind == DEP_FUNC)
			err = fill_func(db, m, d, e);
	if (err == -ENOMEM)
		snprintf(e->lookup.text, sizeof(e->lookup.text), "out of memory");
	return err;
}
