/* SPDX-License-Identifier: MIT */
/*
 * Content-addressed rows of the depsurf database (db/schema.sql:
 * function_bodies, def_bodies, caller_lists): the values most images share
 * are stored once, under an id that is a hash of the values, with a count
 * of the rows that use them. The id depends only on the values, so the
 * database stays a function of the dataset whatever order images are
 * loaded or reloaded in.
 *
 * Use: bind the values to intern_stmt(in) from parameter 3 on, then
 * intern_hash() (binds ?1 id and ?2 chk, returns the id), then either
 * intern_put() (stores or counts one more use) or intern_skip().
 * Library code: returns 0 or -1 with the cause in @err (LOAD_ERR_MAX).
 */
#ifndef DEPSURF_DB_INTERN_H
#define DEPSURF_DB_INTERN_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Two independent 64-bit hashes of bytes, fed in pieces. */
struct intern_stream {
	uint64_t h1, h2;
};

void intern_stream_init(struct intern_stream *s);
void intern_stream_add(struct intern_stream *s, const void *data, size_t len);
void intern_stream_end(const struct intern_stream *s, uint64_t h[2]);
void intern_hash_bytes(const void *data, size_t len, uint64_t h[2]);

struct intern {
	const char *table;
	sqlite3 *db;
	sqlite3_stmt *put;	/* upsert: refs + 1 when the values are there */
	sqlite3_stmt *unref;	/* refs - n, RETURNING refs and the extra columns */
	sqlite3_stmt *del;
};

/*
 * Prepare for @table with value columns @cols ("a, b, c": parameters 3...);
 * @returning: extra columns an unref returns (or NULL).
 */
int intern_open(struct intern *in, sqlite3 *db, const char *table, const char *cols,
		const char *returning, char *err);
void intern_close(struct intern *in);

static inline sqlite3_stmt *intern_stmt(const struct intern *in)
{
	return in->put;
}

/* The id of the values bound to intern_stmt(in): two independent hashes. */
int intern_hash(struct intern *in, int64_t *id, char *err);

/*
 * Store the hashed values, or count one more use of them: *@refs is the
 * count after (1: stored now). A different row under the same id (a hash
 * collision) is an error, never a merge.
 */
int intern_put(struct intern *in, int64_t *refs, char *err);

/* Forget the bound values without storing them. */
void intern_skip(struct intern *in);

/*
 * @n fewer uses of row @id; at 0 the row is deleted and *@gone set, with
 * its @nextra extra columns (intern_open's @returning) in @extra.
 */
int intern_unref(struct intern *in, int64_t id, int64_t n, int *gone, int64_t *extra,
		 int nextra, char *err);

#endif
