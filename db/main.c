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
#include "db/statcache.h"
#include "util/cmdline.h"
#include "util/diag.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { KEY_STAT_CACHE = 256, KEY_WORK };

static const struct cmd_opt db_options[] = {
	{ "output", 'o', "FILE", "the database (default DATASET/depsurf.sqlite)" },
	{ "rebuild", 'r', NULL, "start from an empty database" },
	{ "quiet", 'q', NULL, "no line per image" },
	{ "stat-cache", KEY_STAT_CACHE, "FILE",
	  "keep the fingerprints of the images with their files' stat data in FILE\n"
	  "(machine-local, e.g. under WORK_DIR): unchanged images are not read" },
	{ "work", KEY_WORK, "FILE",
	  "keep a working copy of the database in FILE (machine-local, e.g. under\n"
	  "WORK_DIR): images are reloaded there without a journal and the database\n"
	  "is written from it; without it the database is updated in place" },
	{ "help", 'h', NULL, "print this help" },
	{ NULL, 0, NULL, NULL },
};

static void usage(FILE *f)
{
	const struct cmd_opt *const sets[] = { db_options };

	fprintf(f,
		"Usage: depsurf-db [OPTIONS] [DATASET]\n"
		"Write DATASET/depsurf.sqlite (docs/schema-sqlite.md): every surface of every\n"
		"image folder of DATASET (default 'dataset') as SQLite tables. Only images\n"
		"whose surface files changed (their fingerprint) are reloaded, each in one\n"
		"transaction; the same dataset always gives a byte-identical file.\n"
		"\n"
		"Options:\n");
	cmdline_print(f, sets, 1);
	fprintf(f, "\n"
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

/*
 * The pragmas of a scratch or working database: no journal (the published
 * file is only ever replaced by rename(), so a crash cannot damage it),
 * no fsync, no zeroing of deleted content (Debian builds SQLite with
 * SECURE_DELETE on), and a cache that holds the whole working set so a
 * reload is not paced by page eviction.
 */
static const char scratch_pragmas[] =
	"PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA secure_delete = OFF;"
	"PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -2097152;"
	"PRAGMA mmap_size = 2147418112";

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
	    sqlite3_exec(db, scratch_pragmas, NULL, NULL, NULL) != SQLITE_OK ||
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

/* What one run works on: the dataset, the database and its side files. */
struct db_run {
	const char *dataset;
	bool rebuild, quiet;
	char dbpath[PATH_MAX];
	char newpath[PATH_MAX + 8];	/* a fresh database is built here */
	char tmppath[PATH_MAX + 8];	/* VACUUM INTO target, renamed over dbpath */
	const char *statpath;		/* the fingerprint cache (db/statcache.h), or NULL */
	const char *workpath;		/* the working copy (--work), or NULL */
	char linespath[PATH_MAX + 8];	/* its line store, workpath.lines */
	struct statcache stats;
	char **ids;			/* the image folders, sorted */
	size_t n;
	sqlite3 *db;
	bool fresh;			/* db is newpath, not an update of dbpath */
	bool work_fresh;		/* the working copy was created or seeded here */
	int changed;			/* images loaded, reloaded or dropped */
	char err[LOAD_ERR_MAX];
};

/* Options and operand into @r. Returns -1 to go on, else the exit status. */
static int parse_args(struct db_run *r, int argc, char **argv)
{
	const struct cmd_opt *const sets[] = { db_options };
	const char *output = NULL;
	struct cmdline_tables t;
	int c;

	if (cmdline_tables(&t, sets, 1))
		return 2;
	while ((c = getopt_long(argc, argv, t.shorts, t.longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'r': r->rebuild = true; break;
		case 'q': r->quiet = true; break;
		case KEY_STAT_CACHE: r->statpath = optarg; break;
		case KEY_WORK:
			r->workpath = optarg;
			if (snprintf(r->linespath, sizeof(r->linespath), "%s.lines", optarg) >=
			    (int)sizeof(r->linespath)) {
				diag_err(optarg, "path too long");
				return 1;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind + 1 < argc) {
		diag_info("one DATASET only (see --help)");
		return 2;
	}
	r->dataset = optind < argc ? argv[optind] : "dataset";
	if (output ? snprintf(r->dbpath, sizeof(r->dbpath), "%s", output) >= (int)sizeof(r->dbpath)
		   : snprintf(r->dbpath, sizeof(r->dbpath), "%s/%s", r->dataset, DSDB_FILE) >=
			     (int)sizeof(r->dbpath)) {
		diag_err(output ? output : r->dataset, "path too long");
		return 1;
	}
	snprintf(r->newpath, sizeof(r->newpath), "%s.new", r->dbpath);
	snprintf(r->tmppath, sizeof(r->tmppath), "%s.tmp", r->dbpath);
	return -1;
}

/*
 * The content fingerprint of image @i: from the stat cache while its files'
 * stat data is unchanged, else hashed (and cached).
 */
static int image_fingerprint(struct db_run *r, size_t i, const char *dir, char *fp, size_t fpsz)
{
	char sig[24];
	const char *cached;

	if (statcache_signature(dir, sig, sizeof(sig)))
		sig[0] = 0;	/* unreadable here: load_fingerprint names the problem */
	cached = sig[0] ? statcache_lookup(&r->stats, r->ids[i], sig) : NULL;
	if (cached) {
		snprintf(fp, fpsz, "%s", cached);
		return 0;
	}
	if (load_fingerprint(dir, fp, fpsz, r->err))
		return -1;
	if (sig[0] && statcache_set(&r->stats, r->ids[i], sig, fp)) {
		snprintf(r->err, LOAD_ERR_MAX, "out of memory");
		return -1;
	}
	return 0;
}

/* (Re)load every image whose fingerprint differs from the stored one. */
static int update_images(struct db_run *r)
{
	char fp[64], old[64];
	size_t i;

	for (i = 0; i < r->n; i++) {
		char dir[PATH_MAX];
		long long rows = 0;
		double t1 = now();

		snprintf(dir, sizeof(dir), "%s/%s", r->dataset, r->ids[i]);
		if (image_fingerprint(r, i, dir, fp, sizeof(fp)) ||
		    load_stored_fingerprint(r->db, r->ids[i], old, sizeof(old), r->err))
			return -1;
		if (!strcmp(fp, old))
			continue;
		if (load_image(r->db, dir, r->ids[i], fp, &rows, r->err))
			return -1;
		r->changed++;
		if (!r->quiet)
			diag_info("%s: %s, %lld rows (%.1f s)", r->ids[i],
				  old[0] ? "reloaded" : "loaded", rows, now() - t1);
	}
	return 0;
}

/*
 * PRAGMA user_version of the working copy. It is 0 while images are being
 * reloaded: without a journal a run that dies midway leaves the file in no
 * defined state, and 0 makes the next run's open_work() start over.
 */
static int set_user_version(struct db_run *r, int v)
{
	char sql[48];

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	if (sqlite3_exec(r->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(r->err, LOAD_ERR_MAX, "%s: %s", r->workpath, sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

/* @dst := a byte copy of @src. */
static int copy_file(const char *src, const char *dst)
{
	char buf[1 << 16];
	int in, out, ret = -1;
	ssize_t n;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		goto out;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	ret = n == 0 ? 0 : -1;
	if (close(out))
		ret = -1;
out:
	close(in);
	return ret;
}

/*
 * The working copy seeded with a byte copy of the database (a whole one of
 * this schema), so it has the same pages and page size.
 */
static int seed_work(struct db_run *r)
{
	char msg[PATH_MAX + 300];
	sqlite3 *src = NULL;

	if (dsdb_open_ro(r->dbpath, &src, msg, sizeof(msg)))
		return -1;	/* no whole database to start from: created instead */
	sqlite3_close(src);
	if (copy_file(r->dbpath, r->workpath) ||
	    sqlite3_open_v2(r->workpath, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
	    sqlite3_exec(r->db, scratch_pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(r->db);
		r->db = NULL;
		return -1;
	}
	return 0;
}

/*
 * r->db := the working copy: the one at r->workpath when it is a whole,
 * clean database of this schema; else a copy of the database; else (none,
 * or --rebuild) a new one from db/schema.sql.
 */
static int open_work(struct db_run *r)
{
	char msg[PATH_MAX + 300];
	sqlite3 *db = NULL;

	if (!r->rebuild && !dsdb_open_ro(r->workpath, &db, msg, sizeof(msg))) {
		sqlite3_close(db);
		if (sqlite3_open_v2(r->workpath, &r->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK &&
		    sqlite3_exec(r->db, scratch_pragmas, NULL, NULL, NULL) == SQLITE_OK)
			return 0;
		sqlite3_close(r->db);
		r->db = NULL;
	}
	r->work_fresh = true;
	/* the line store described the old copy (maybe half-updated): start it again */
	if (unlink(r->linespath) && errno != ENOENT) {
		snprintf(r->err, LOAD_ERR_MAX, "%s: %s", r->linespath, strerror(errno));
		return -1;
	}
	if (!r->rebuild && !seed_work(r))
		return 0;
	return create_new(r->workpath, &r->db, r->err);
}

/*
 * The line store beside the working copy, attached as schema "lines": per
 * image the hash of each surface line by key (db/load.c merge_jsonl), so a
 * reload replaces only the entries whose lines changed. Never published.
 */
static int attach_lines(struct db_run *r)
{
	static const char schema[] =
		"PRAGMA lines.journal_mode = OFF; PRAGMA lines.synchronous = OFF;"
		"CREATE TABLE IF NOT EXISTS lines.line_images ("
		" image INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL);"
		"CREATE TABLE IF NOT EXISTS lines.lines ("
		" image INTEGER NOT NULL, file TEXT NOT NULL, key TEXT NOT NULL,"
		" h1 INTEGER NOT NULL, h2 INTEGER NOT NULL,"
		" PRIMARY KEY (image, file, key)) WITHOUT ROWID;";
	sqlite3_stmt *st = NULL;
	int ok;

	ok = sqlite3_prepare_v2(r->db, "ATTACH ?1 AS lines", -1, &st, NULL) == SQLITE_OK &&
	     sqlite3_bind_text(st, 1, r->linespath, -1, SQLITE_STATIC) == SQLITE_OK &&
	     sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	if (!ok || sqlite3_exec(r->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(r->err, LOAD_ERR_MAX, "%s: %s", r->linespath, sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

/* The (id, fingerprint) pairs of @db's images, one string, in id order. */
static char *image_fingerprints(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	char *s = NULL;

	if (sqlite3_prepare_v2(db, "SELECT group_concat(id || ' ' || fingerprint, ' ') FROM "
				   "(SELECT id, fingerprint FROM images ORDER BY id)", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		s = strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	return s;
}

/*
 * Whether the database holds the images the working copy holds (the same
 * fingerprints): else it is written again even when no image changed now
 * (it was removed, replaced, or a run died between the two).
 */
static bool published_in_sync(struct db_run *r)
{
	char msg[PATH_MAX + 300];
	sqlite3 *pub = NULL;
	char *a, *b;
	bool same;

	if (dsdb_open_ro(r->dbpath, &pub, msg, sizeof(msg)))
		return false;
	a = image_fingerprints(pub);
	b = image_fingerprints(r->db);
	same = a && b && !strcmp(a, b);
	free(a);
	free(b);
	sqlite3_close(pub);
	return same;
}

/* VACUUM INTO the temp file, renamed over the database. */
static int publish(struct db_run *r)
{
	sqlite3_stmt *st = NULL;
	int ret = -1;

	/*
	 * VACUUM INTO writes the source's schema cookie plus one: give the
	 * source a fresh database's so the file does not depend on how many
	 * times it was updated (the schema itself is the same).
	 */
	if (!r->fresh && reset_schema_cookie(r->db, r->err))
		return -1;
	/*
	 * VACUUM INTO writes with the source's secure_delete: on, so the unused
	 * bytes of every page are zero whatever the SQLite build's default and
	 * however the rows were loaded (scratch_pragmas turns it off); and with
	 * the page size asked for last (else the source's): always 64 KiB
	 * (db/schema.sql says why).
	 */
	if (sqlite3_exec(r->db, "PRAGMA secure_delete = ON; PRAGMA page_size = 65536", NULL, NULL,
			 NULL) != SQLITE_OK) {
		snprintf(r->err, LOAD_ERR_MAX, "%s: %s", r->dbpath, sqlite3_errmsg(r->db));
		return -1;
	}
	if (unlink(r->tmppath) && errno != ENOENT) {
		snprintf(r->err, LOAD_ERR_MAX, "%s: %s", r->tmppath, strerror(errno));
		return -1;
	}
	if (sqlite3_prepare_v2(r->db, "VACUUM INTO ?", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, r->tmppath, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE)
		snprintf(r->err, LOAD_ERR_MAX, "%s: %s", r->tmppath, sqlite3_errmsg(r->db));
	else if (rename(r->tmppath, r->dbpath))
		snprintf(r->err, LOAD_ERR_MAX, "%s: %s", r->dbpath, strerror(errno));
	else
		ret = 0;
	sqlite3_finalize(st);
	if (ret)
		unlink(r->tmppath);
	return ret;
}

/* The database updated in place (with a journal), then rewritten. */
static int update_in_place(struct db_run *r)
{
	if (r->rebuild || open_existing(r->dbpath, &r->db)) {
		if (create_new(r->newpath, &r->db, r->err))
			return -1;
		r->fresh = true;
	}
	if (drop_gone(r->db, r->ids, r->n, r->quiet, &r->changed, r->err) || update_images(r))
		return -1;
	return (r->changed || r->fresh) ? publish(r) : 0;
}

/* The working copy updated, then the database written from it. */
static int update_work(struct db_run *r)
{
	if (open_work(r) || attach_lines(r) || set_user_version(r, 0) ||
	    drop_gone(r->db, r->ids, r->n, r->quiet, &r->changed, r->err) || update_images(r) ||
	    set_user_version(r, DSDB_VERSION))
		return -1;
	return (r->changed || r->work_fresh || !published_in_sync(r)) ? publish(r) : 0;
}

static void db_run_free(struct db_run *r)
{
	size_t i;

	sqlite3_close(r->db);
	if (r->fresh)
		unlink(r->newpath);
	for (i = 0; i < r->n; i++)
		free(r->ids[i]);
	free(r->ids);
	statcache_free(&r->stats);
}

int main(int argc, char **argv)
{
	static struct db_run r;
	double t0 = now();
	int rc;

	diag_set_prog(argv[0]);
	rc = parse_args(&r, argc, argv);
	if (rc >= 0)
		return rc;
	rc = list_images(r.dataset, &r.ids, &r.n);
	if (rc) {
		diag_err(r.dataset, "%s", strerror(-rc));
		return 1;
	}
	rc = 1;
	if (r.statpath && statcache_load(&r.stats, r.statpath)) {
		diag_err(r.statpath, "out of memory");
		goto out;
	}
	if (r.workpath ? update_work(&r) : update_in_place(&r))
		goto out;
	rc = 0;
	/* only an optimisation: a cache that cannot be written is hashing next time */
	if (r.statpath && statcache_save(&r.stats, r.statpath))
		diag_info("%s: cannot write the fingerprint cache", r.statpath);
	if (!r.quiet)
		diag_info("%s: %zu images, %d changed (%.1f s)", r.dbpath, r.n, r.changed, now() - t0);
out:
	if (rc && r.err[0])
		diag_info("%s", r.err);
	db_run_free(&r);
	return rc;
}
