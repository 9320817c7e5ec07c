// SPDX-License-Identifier: MIT
/*
 * Content-addressed rows of the depsurf database (db/intern.h).
 *
 * The values are identified by the text sqlite3_expanded_sql() gives for
 * the bound upsert (its ?1 and ?2 still NULL): SQLite quotes text and
 * writes numbers and NULL unambiguously, so equal text means equal values.
 * id is FNV-1a 64 of that text (top bit cleared), chk a second hash of it
 * with another construction; a stored row with the id but another chk is a
 * collision and stops the load.
 */
#include "db/intern.h"
#include "db/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const struct intern *in, char *err, const char *what)
{
	snprintf(err, LOAD_ERR_MAX, "%s: %s: %s", in->table, what, sqlite3_errmsg(in->db));
	return -1;
}

int intern_open(struct intern *in, sqlite3 *db, const char *table, const char *cols,
		const char *returning, char *err)
{
	char sql[1024], params[256] = "";
	size_t ncols = 1, i, len = 0;

	for (i = 0; cols[i]; i++)
		ncols += cols[i] == ',';
	for (i = 0; i < ncols && len + 8 < sizeof(params); i++)
		len += (size_t)snprintf(params + len, sizeof(params) - len, ", ?%zu", i + 3);
	memset(in, 0, sizeof(*in));
	in->table = table;
	in->db = db;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO %s (id, chk, refs, %s) VALUES (?1, ?2, 1%s) ON CONFLICT (id) "
		 "DO UPDATE SET refs = refs + 1 WHERE chk = excluded.chk RETURNING refs",
		 table, cols, params);
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &in->put, NULL))
		return fail(in, err, "prepare");
	snprintf(sql, sizeof(sql), "UPDATE %s SET refs = refs - ?2 WHERE id = ?1 RETURNING refs%s%s",
		 table, returning ? ", " : "", returning ? returning : "");
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &in->unref, NULL))
		return fail(in, err, "prepare");
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?1", table);
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &in->del, NULL))
		return fail(in, err, "prepare");
	return 0;
}

void intern_close(struct intern *in)
{
	sqlite3_finalize(in->put);
	sqlite3_finalize(in->unref);
	sqlite3_finalize(in->del);
	memset(in, 0, sizeof(*in));
}

/*
 * Two 64-bit hashes of a byte stream: FNV-1a, and a multiply-xorshift one
 * finished with fmix64 (MurmurHash3's finaliser).
 */
void intern_stream_init(struct intern_stream *s)
{
	s->h1 = 14695981039346656037ull;
	s->h2 = 0x243f6a8885a308d3ull;
}

void intern_stream_add(struct intern_stream *s, const void *data, size_t len)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t h1 = s->h1, h2 = s->h2;

	for (; p < end; p++) {
		h1 = (h1 ^ *p) * 1099511628211ull;
		h2 = (h2 ^ *p) * 0x9e3779b97f4a7c15ull;
		h2 ^= h2 >> 29;
	}
	s->h1 = h1;
	s->h2 = h2;
}

void intern_stream_end(const struct intern_stream *s, uint64_t h[2])
{
	uint64_t h2 = s->h2;

	h2 ^= h2 >> 33;
	h2 *= 0xff51afd7ed558ccdull;
	h2 ^= h2 >> 33;
	h2 *= 0xc4ceb9fe1a85ec53ull;
	h2 ^= h2 >> 33;
	h[0] = s->h1;
	h[1] = h2;
}

void intern_hash_bytes(const void *data, size_t len, uint64_t h[2])
{
	struct intern_stream s;

	intern_stream_init(&s);
	intern_stream_add(&s, data, len);
	intern_stream_end(&s, h);
}

int intern_hash(struct intern *in, int64_t *id, char *err)
{
	char *text = sqlite3_expanded_sql(in->put);
	uint64_t h[2];

	if (!text) {
		snprintf(err, LOAD_ERR_MAX, "%s: out of memory", in->table);
		return -1;
	}
	intern_hash_bytes(text, strlen(text), h);
	sqlite3_free(text);
	*id = (int64_t)(h[0] & INT64_MAX);
	sqlite3_bind_int64(in->put, 1, *id);
	sqlite3_bind_int64(in->put, 2, (int64_t)h[1]);
	return 0;
}

int intern_put(struct intern *in, int64_t *refs, char *err)
{
	int rc = sqlite3_step(in->put);
	int ret = 0;

	if (rc == SQLITE_ROW)
		*refs = sqlite3_column_int64(in->put, 0);
	else if (rc == SQLITE_DONE) {
		snprintf(err, LOAD_ERR_MAX, "%s: two different rows have one id; please report it",
			 in->table);
		ret = -1;
	} else
		ret = fail(in, err, "insert");
	intern_skip(in);
	return ret;
}

void intern_skip(struct intern *in)
{
	sqlite3_reset(in->put);
	sqlite3_clear_bindings(in->put);
}

int intern_unref(struct intern *in, int64_t id, int64_t n, int *gone, int64_t *extra,
		 int nextra, char *err)
{
	int rc, i, ret = 0;

	*gone = 0;
	sqlite3_bind_int64(in->unref, 1, id);
	sqlite3_bind_int64(in->unref, 2, n);
	rc = sqlite3_step(in->unref);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			snprintf(err, LOAD_ERR_MAX, "%s: no row %lld to release", in->table,
				 (long long)id);
		else
			fail(in, err, "update");
		ret = -1;
	} else if (sqlite3_column_int64(in->unref, 0) <= 0) {
		*gone = 1;
		for (i = 0; i < nextra; i++)
			extra[i] = sqlite3_column_int64(in->unref, i + 1);
	}
	/* RETURNING: the update is done when the statement is reset */
	if (sqlite3_reset(in->unref) != SQLITE_OK && !ret)
		ret = fail(in, err, "update");
	if (!ret && *gone) {
		sqlite3_bind_int64(in->del, 1, id);
		if (sqlite3_step(in->del) != SQLITE_DONE)
			ret = fail(in, err, "delete");
		sqlite3_reset(in->del);
	}
	return ret;
}
