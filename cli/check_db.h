/* SPDX-License-Identifier: MIT */
/*
 * `depsurf check`'s function entries from the dataset's database
 * (DATASET/depsurf.sqlite, docs/schema-sqlite.md) instead of the images'
 * funcs.jsonl: 2 GB of JSON Lines over 25 images, of which a check wants a
 * hundred lines, are most of its cost. The rows are turned back into the
 * members of a funcs.jsonl line that dep_status(), diff_item() and the way
 * out read (classification, prototype, defs' inline callers, symbols).
 */
#ifndef DEPSURF_CLI_CHECK_DB_H
#define DEPSURF_CLI_CHECK_DB_H

#include "matrix/matrix.h"

struct check_db;

/*
 * Open database @path for the images @ids (folders @dirs). Returns 1 with
 * *@out when it can stand in for their funcs.jsonl: it opens as a depsurf
 * database, holds every id, and was written after every one of those
 * files (else it may be stale); 0 when not (the files are read; no
 * message: the database is only a faster road); -ENOMEM.
 */
int check_db_open(const char *path, const char *const *dirs, const char *const *ids, size_t n,
		  struct check_db **out);
void check_db_close(struct check_db *db);

/* The matrix_func_source of @db (matrix/matrix.h): fills whole entries. */
int check_db_fill(void *db, struct matrix *m, struct matrix_error *e);

#endif
