/* SPDX-License-Identifier: MIT */
/*
 * Loading one dataset image (dataset/<id>/) into a depsurf database
 * (db/dsdb.h): its fingerprint, and all its rows replaced in one
 * transaction. Library code: returns 0 or -1 with the cause in @err.
 */
#ifndef DEPSURF_DB_LOAD_H
#define DEPSURF_DB_LOAD_H

#include <sqlite3.h>
#include <stddef.h>

#define LOAD_ERR_MAX 9000

/*
 * The fingerprint of image folder @dir: FNV-1a 64 over the name, size and
 * bytes of each surface file (*.json, *.jsonl, sorted by name), as
 * "fnv1a64:<16 hex>" in @out (≥ 32 bytes). Content only: a touched but
 * unchanged file keeps it, so the same dataset gives the same database.
 */
int load_fingerprint(const char *dir, char *out, size_t outsz, char *err);

/* Most surface files an image folder may hold. */
#define LOAD_MAX_FILES 64

/*
 * The surface files of @dir (*.json, *.jsonl, not hidden), sorted, as
 * strdup()ed names in @names (at most @max; *@n of them: the caller frees
 * each). 0, -E2BIG (more than @max), -ENOMEM or -errno of opendir.
 */
int load_surface_files(const char *dir, char **names, size_t max, size_t *n);

/* The stored fingerprint of image @id into @out ("" when not stored). */
int load_stored_fingerprint(sqlite3 *db, const char *id, char *out, size_t outsz, char *err);

/*
 * Replace the rows of image @id (folder @dir) by those of its surface
 * files, in one transaction; @fingerprint is recorded in images. On error
 * the transaction is rolled back (the previous rows stay). @nrows: rows
 * inserted.
 */
int load_image(sqlite3 *db, const char *dir, const char *id, const char *fingerprint,
	       long long *nrows, char *err);

/* Delete every row of image @id, in one transaction. */
int load_drop_image(sqlite3 *db, const char *id, char *err);

#endif
