// SPDX-License-Identifier: MIT
/*
 * depsurf-db [OPTIONS] [DATASET]: DATASET/depsurf.sqlite from the image
 * folders of a dataset (docs/schema-sqlite.md).
 *
 * Incremental: an existing database of this schema is updated in place,
 * one transaction per image whose fingerprint changed (its rows deleted and
 * inserted again) and per image gone from the dataset, so a crash leaves
 * every image at its old or its new rows, never between (journal_mode
 * DELETE). A missing database, one of another schema, or --rebuild starts
 * from db/schema.sql in DATASET/depsurf.sqlite.new. Then, when anything
 * changed, VACUUM INTO DATASET/depsurf.sqlite.tmp and rename() over the
 * database: the tables are WITHOUT ROWID (keyed by name, image), so the
 * file depends only on the rows, and the same dataset gives the same bytes
 * whatever the history.
 */
#include "db/dsdb.h"
#include "db/load.h"
#include "util/diag.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: depsurf-db [OPTIONS] [DATASET]\n"
		"Write DATASET/depsurf.sqlite (docs/schema-sqlite.md): every surface of every\n"
		"image folder of DATASET (default 'dataset') as SQLite tables. Only images\n"
		"whose surface files changed (their fingerprint) are reloaded, each in one\n"
		"transaction; the same dataset always gives a byte-identical file.\n"
		"\n"
		"Options:\n"
		"  -o, --output FILE  the database (default DATASET/depsurf.sqlite)\n"
		"  -r, --rebuild      start from an empty database\n"
		"  -q, --quiet        no line per image\n"
		"  -h, --help         print this help\n"
		"\n"
		"Exit status: 0 success (also when DATASET has no image), 1 bad input, 2 usage.\n");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted image folders of @dir (subfolders holding meta.json). */
static int list_images(const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t cnt = 0, cap = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s/meta.json", dir, de->d_name) >=
		    (int)sizeof(path) || stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (cnt == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 32) * sizeof(*v));

			if (!nv)
				goto nomem;
			v = nv;
		}
		if (!(v[cnt] = strdup(de->d_name)))
			goto nomem;
		cnt++;
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_str);
	*out = v;
	*n = cnt;
	return 0;
nomem:
	closedir(d);
	while (cnt)
		free(v[--cnt]);
	free(v);
	return -ENOMEM;
}

/* Open @path as a database of this schema to update; 0 when it is one. */
static int open_existing(const char *path, sqlite3 **out)
{
	char msg[PATH_MAX + 300];
	sqlite3 *db = NULL;

	*out = NULL;
	if (dsdb_open_ro(path, &db, msg, sizeof(msg)))
		return -1;
	sqlite3_close(db);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"
			 "PRAGMA cache_size = -262144", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

static int create_new(const char *path, sqlite3 **out, char *err)
{
	sqlite3 *db = NULL;

	*out = NULL;
	if (unlink(path) && errno != ENOENT) {
		snprintf(err, LOAD_ERR_MAX, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK ||
	    /* a scratch file: no journal needed, it is thrown away on failure */
	    sqlite3_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
			 "PRAGMA cache_size = -262144", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, dsdb_schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, LOAD_ERR_MAX, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

/* The stored ids no longer in the dataset, deleted. */
static int drop_gone(sqlite3 *db, char **ids, size_t n, bool quiet, int *changed, char *err)
{
	sqlite3_stmt *st = NULL;
	char **gone = NULL;
	size_t ng = 0, i;
	int ret = 0;

	if (sqlite3_prepare_v2(db, "SELECT id FROM images ORDER BY id", -1, &st, NULL)) {
		snprintf(err, LOAD_ERR_MAX, "images: %s", sqlite3_errmsg(db));
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		char **nv;

		if (bsearch(&id, ids, n, sizeof(*ids), cmp_str))
			continue;
		if (!(nv = realloc(gone, (ng + 1) * sizeof(*gone))) || !(nv[ng] = strdup(id))) {
			gone = nv ? nv : gone;
			ret = -1;
			snprintf(err, LOAD_ERR_MAX, "out of memory");
			break;
		}
		gone = nv;
		ng++;
	}
	sqlite3_finalize(st);
	for (i = 0; i < ng; i++) {
		if (!ret) {
			if ((ret = load_drop_image(db, gone[i], err)))
				;
			else {
				(*changed)++;
				if (!quiet)
					diag_info("%s: gone from the dataset, rows deleted", gone[i]);
			}
		}
		free(gone[i]);
	}
	free(gone);
	return ret;
}

/* Set @db's PRAGMA schema_version to that of a new database of db/schema.sql. */
static int reset_schema_cookie(sqlite3 *db, char *err)
{
	sqlite3 *mem = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;
	char sql[64];
	int ok;

	ok = sqlite3_open(":memory:", &mem) == SQLITE_OK &&
	     sqlite3_exec(mem, dsdb_schema_sql, NULL, NULL, NULL) == SQLITE_OK &&
	     sqlite3_prepare_v2(mem, "PRAGMA schema_version", -1, &st, NULL) == SQLITE_OK &&
	     sqlite3_step(st) == SQLITE_ROW;
	if (ok)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(mem);
	snprintf(sql, sizeof(sql), "PRAGMA schema_version = %lld", v);
	if (!ok || sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, LOAD_ERR_MAX, "schema_version: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "rebuild", no_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dataset = "dataset", *output = NULL;
	char dbpath[PATH_MAX], newpath[PATH_MAX + 8], tmppath[PATH_MAX + 8];
	char err[LOAD_ERR_MAX] = "", fp[64], old[64];
	bool rebuild = false, quiet = false, fresh = false;
	char **ids = NULL;
	size_t n = 0, i;
	sqlite3 *db = NULL;
	int c, rc = 1, changed = 0;
	double t0 = now();

	diag_set_prog(argv[0]);
	while ((c = getopt_long(argc, argv, "o:rqh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'r': rebuild = true; break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind + 1 < argc) {
		diag_info("one DATASET only (see --help)");
		return 2;
	}
	if (optind < argc)
		dataset = argv[optind];
	if (output)
		snprintf(dbpath, sizeof(dbpath), "%s", output);
	else if (snprintf(dbpath, sizeof(dbpath), "%s/%s", dataset, DSDB_FILE) >= (int)sizeof(dbpath)) {
		diag_err(dataset, "path too long");
		return 1;
	}
	snprintf(newpath, sizeof(newpath), "%s.new", dbpath);
	snprintf(tmppath, sizeof(tmppath), "%s.tmp", dbpath);

	c = list_images(dataset, &ids, &n);
	if (c) {
		diag_err(dataset, "%s", strerror(-c));
		return 1;
	}
	if (rebuild || open_existing(dbpath, &db)) {
		if (create_new(newpath, &db, err))
			goto out;
		fresh = true;
	}
	if (drop_gone(db, ids, n, quiet, &changed, err))
		goto out;
	for (i = 0; i < n; i++) {
		char dir[PATH_MAX];
		long long rows = 0;
		double t1 = now();

		snprintf(dir, sizeof(dir), "%s/%s", dataset, ids[i]);
		if (load_fingerprint(dir, fp, sizeof(fp), err) ||
		    load_stored_fingerprint(db, ids[i], old, sizeof(old), err))
			goto out;
		if (!strcmp(fp, old))
			continue;
		if (load_image(db, dir, ids[i], fp, &rows, err))
			goto out;
		changed++;
		if (!quiet)
			diag_info("%s: %s, %lld rows (%.1f s)", ids[i], old[0] ? "reloaded" : "loaded",
				  rows, now() - t1);
	}
	if (changed || fresh) {
		sqlite3_stmt *st = NULL;

		/*
		 * VACUUM INTO writes the source's schema cookie plus one: give
		 * the source a fresh database's so the file does not depend on
		 * how many times it was updated (the schema itself is the same).
		 */
		if (!fresh && reset_schema_cookie(db, err))
			goto out;

		if (unlink(tmppath) && errno != ENOENT) {
			snprintf(err, LOAD_ERR_MAX, "%s: %s", tmppath, strerror(errno));
			goto out;
		}
		if (sqlite3_prepare_v2(db, "VACUUM INTO ?", -1, &st, NULL) != SQLITE_OK ||
		    (sqlite3_bind_text(st, 1, tmppath, -1, SQLITE_STATIC), sqlite3_step(st)) !=
		    SQLITE_DONE) {
			snprintf(err, LOAD_ERR_MAX, "%s: %s", tmppath, sqlite3_errmsg(db));
			sqlite3_finalize(st);
			unlink(tmppath);
			goto out;
		}
		sqlite3_finalize(st);
		if (rename(tmppath, dbpath)) {
			snprintf(err, LOAD_ERR_MAX, "%s: %s", dbpath, strerror(errno));
			unlink(tmppath);
			goto out;
		}
	}
	rc = 0;
	if (!quiet)
		diag_info("%s: %zu images, %d changed (%.1f s)", dbpath, n, changed, now() - t0);
out:
	if (rc && err[0])
		diag_info("%s", err);
	sqlite3_close(db);
	if (fresh)
		unlink(newpath);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}
