// SPDX-License-Identifier: MIT
/*
 * depsurf query KIND NAME: one entry of a surface in every image of the
 * dataset database (db/dsdb.h, docs/schema-sqlite.md), one line per image:
 * its status ("absent" where the image lacks it) and the facts an eBPF
 * author needs (prototype, inline class and the callers it is inlined
 * into, member offset and type, record fields, syscall number and entry,
 * config value). NAME may be an SQLite GLOB pattern.
 */
#include "cli/cli.h"
#include "db/dsdb.h"
#include "util/sbuf.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void help_query(FILE *f)
{
	fprintf(f,
		"Usage: depsurf query [OPTIONS] KIND NAME\n"
		"Show one surface entry in every image of the dataset database, one line per\n"
		"image: its status ('absent' where the image lacks it) and its facts. NAME\n"
		"may be a GLOB pattern ('blk_account_io_*'); '-' reads names from standard\n"
		"input, one per line. KIND is one of:\n"
		"  func NAME          inline class (none/selective/full), prototype, flags,\n"
		"                     inline and call sites, the callers it is inlined into\n"
		"  struct NAME        struct or union: size and member count\n"
		"  field STRUCT::NAME member offset, bit size and type; where absent, members\n"
		"                     at the same offset or with a similar name as hints\n"
		"  tracepoint [SYSTEM:]EVENT  class, record fields and probe arguments\n"
		"  syscall NAME       number and entry symbol in each syscall table\n"
		"  lsm HOOK           prototype; whether bpf_lsm_HOOK exists\n"
		"  kfunc NAME         prototype, kfunc sets and KF_* flags\n"
		"  config CONFIG_X    the value ('not set' for '# CONFIG_X is not set')\n"
		"\n"
		"Options:\n"
		"  -d, --dataset DIR  the dataset whose DIR/depsurf.sqlite to read (default\n"
		"                     'dataset')\n"
		"      --db FILE      the database file to read (instead of --dataset)\n"
		"      --release FILE the database of a release tarball (depsurf release),\n"
		"                     copied out to an unnamed temp file first\n"
		"  -i, --images LIST  only these image ids (comma-separated, GLOB patterns)\n"
		"  -h, --help         print this help\n");
}

struct image {
	long long key;
	char *id, *arch;
};

struct q {
	sqlite3 *db;
	struct image *img;
	size_t nimg;
	int idw;			/* width of the image column */
	json_t *out;			/* JSON mode: the array of entries */
	char *s1, *s2;			/* the name split (field, tracepoint) */
	/*
	 * Prepared statements by their SQL literal: `query func -` runs the
	 * same few statements for every name and image, and preparing one over
	 * the views of db/schema.sql costs more than running it.
	 */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} stmts[32];
	size_t nstmts;
};

/* ------------------------------------------------------------ helpers */

/* The statement of SQL literal @sql, prepared once; give it back with done(). */
static sqlite3_stmt *prep(struct q *q, const char *sql)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < q->nstmts; i++)
		if (q->stmts[i].sql == sql)
			return q->stmts[i].st;
	if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		cli_err("%s: %s", sqlite3_db_filename(q->db, "main"), sqlite3_errmsg(q->db));
		return NULL;
	}
	if (q->nstmts < sizeof(q->stmts) / sizeof(q->stmts[0])) {
		q->stmts[q->nstmts].sql = sql;
		q->stmts[q->nstmts++].st = st;
	}
	return st;
}

/* A statement of prep() done with: reset for its next use (or finalized). */
static void done(struct q *q, sqlite3_stmt *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < q->nstmts; i++)
		if (q->stmts[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	sqlite3_finalize(st);
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

static int step_err(struct q *q, int rc)
{
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	cli_err("%s: %s", sqlite3_db_filename(q->db, "main"), sqlite3_errmsg(q->db));
	return -1;
}

static bool has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static json_t *jstr(const char *s)
{
	return s ? cli_json_str(s) : json_null();
}

/* A JSON text column parsed back (arrays of the schema). */
static json_t *jcol(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	json_t *v = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;

	return v ? v : json_null();
}

/* Join the string elements of JSON array @a into @sb with @sep. */
static void join(struct sbuf *sb, const json_t *a, const char *sep)
{
	const json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		sbuf_addf(sb, "%s%s", i ? sep : "", json_string_value(v));
}

/*
 * Entry formatters: facts of @name in image @im into @facts (JSON) and
 * @text (the rest of the text line). Return 1 when present (@facts has
 * "status"), 0 when absent, -1 on error (reported).
 */
typedef int (*entry_fn)(struct q *q, const char *name, const struct image *im, json_t *facts,
			struct sbuf *text);

/* ------------------------------------------------------------ func */

static int entry_func(struct q *q, const char *name, const struct image *im, json_t *facts,
		      struct sbuf *text)
{
	sqlite3_stmt *st = prep(q, "SELECT inline, proto, exact_symbol, traceable, kprobe_blacklisted,"
				" inline_sites, call_sites, collision, transforms, proto_source"
				" FROM functions WHERE name = ?1 AND image = ?2");
	sqlite3_stmt *cs = NULL;
	json_t *into;
	int rc, ret = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->key);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = step_err(q, rc) ? -1 : 0;
		goto out;
	}
	json_object_set_new(facts, "status", jstr(col(st, 0)));
	json_object_set_new(facts, "proto", jstr((const char *)sqlite3_column_text(st, 1)));
	json_object_set_new(facts, "proto_source", jstr((const char *)sqlite3_column_text(st, 9)));
	json_object_set_new(facts, "exact_symbol", json_boolean(sqlite3_column_int(st, 2)));
	json_object_set_new(facts, "traceable", json_boolean(sqlite3_column_int(st, 3)));
	json_object_set_new(facts, "kprobe_blacklisted", json_boolean(sqlite3_column_int(st, 4)));
	json_object_set_new(facts, "inline_sites", json_integer(sqlite3_column_int64(st, 5)));
	json_object_set_new(facts, "call_sites", json_integer(sqlite3_column_int64(st, 6)));
	json_object_set_new(facts, "collision", jstr(col(st, 7)));
	json_object_set_new(facts, "transforms", jcol(st, 8));
	sbuf_addf(text, "%s", sqlite3_column_type(st, 1) == SQLITE_NULL ? "(no prototype)" : col(st, 1));
	sbuf_addf(text, "; %s%s%s", sqlite3_column_int(st, 2) ? "symbol" : "no exact symbol",
		  sqlite3_column_int(st, 3) ? ", traceable" : ", not traceable",
		  sqlite3_column_int(st, 4) ? ", kprobe-blacklisted" : "");
	if (strcmp(col(st, 8), "[]"))
		sbuf_addf(text, ", symbols %s", col(st, 8));
	sbuf_addf(text, "; %lld inline, %lld call sites", sqlite3_column_int64(st, 5),
		  sqlite3_column_int64(st, 6));

	cs = prep(q, "SELECT DISTINCT j.value FROM func_defs, json_each(func_defs.inline_callers) j"
		  " WHERE func = ?1 AND image = ?2 ORDER BY 1");
	if (!cs)
		goto out;
	sqlite3_bind_text(cs, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(cs, 2, im->key);
	into = json_array();
	while ((rc = sqlite3_step(cs)) == SQLITE_ROW)
		json_array_append_new(into, jstr(col(cs, 0)));
	json_object_set_new(facts, "inlined_into", into);
	if (step_err(q, rc))
		goto out;
	if (json_array_size(into)) {
		sbuf_add(text, "; inlined into ");
		join(text, into, ", ");
	}
	ret = 1;
out:
	done(q, cs);
	done(q, st);
	return ret;
}

/* ------------------------------------------------------------ struct */

/* What a type or event of a module means for a program: the module must be
 * loaded (the kernel loads it on demand, e.g. when the file system is mounted). */
static void module_note(struct sbuf *text, const char *module)
{
	if (strcmp(module, "vmlinux"))
		sbuf_addf(text, " (in module %s, loaded on demand)", module);
}

static int entry_struct(struct q *q, const char *name, const struct image *im, json_t *facts,
			struct sbuf *text)
{
	sqlite3_stmt *st = prep(q, "SELECT kind, size, n_members, module FROM structs"
				" WHERE name = ?1 AND image = ?2 ORDER BY kind");
	json_t *kinds = json_array();
	int rc, n = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_array_append_new(kinds, json_pack("{s:s,s:I,s:I,s:s}", "kind", col(st, 0),
			"size", (json_int_t)sqlite3_column_int64(st, 1),
			"members", (json_int_t)sqlite3_column_int64(st, 2),
			"module", col(st, 3)));
		sbuf_addf(text, "%s%s, %lld bytes, %lld members", n++ ? "; " : "", col(st, 0),
			  sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
		module_note(text, col(st, 3));
	}
	done(q, st);
	if (step_err(q, rc) || !n) {
		json_decref(kinds);
		return n ? -1 : step_err(q, rc) ? -1 : 0;
	}
	json_object_set_new(facts, "status", json_string("present"));
	json_object_set_new(facts, "types", kinds);
	return 1;
}

/* ------------------------------------------------------------ field */

/*
 * How close member name @m is to the wanted @f: 2 the same but for
 * leading or trailing underscores (state, __state), 1 one holds the other
 * as a whole '_'-separated part (state, prev_state), 0 unrelated.
 */
static int name_likeness(const char *m, const char *f)
{
	size_t lm, lf;
	const char *p;

	while (*m == '_')
		m++;
	while (*f == '_')
		f++;
	lm = strlen(m);
	lf = strlen(f);
	while (lm && m[lm - 1] == '_')
		lm--;
	while (lf && f[lf - 1] == '_')
		lf--;
	if (!lm || !lf)
		return 0;
	if (lm == lf && !strncmp(m, f, lm))
		return 2;
	if (lm < lf) {
		const char *t = m; size_t tl = lm;

		m = f; lm = lf; f = t; lf = tl;
	}
	for (p = m; p + lf <= m + lm; p++)
		if (!strncmp(p, f, lf) && (p == m || p[-1] == '_') &&
		    (p + lf == m + lm || p[lf] == '_'))
			return 1;
	return 0;
}

/* The offset of @field of @s in an image that has it: same arch first; -1 none. */
static long long ref_offset(struct q *q, const char *s, const char *field, const struct image *im)
{
	sqlite3_stmt *st = prep(q, "SELECT m.offset_bits FROM members m JOIN images i"
				" ON i.image = m.image WHERE m.struct = ?1 AND m.name = ?2"
				" ORDER BY i.arch IS NOT ?3, i.id LIMIT 1");
	long long off = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, im->arch, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		off = sqlite3_column_int64(st, 0);
	done(q, st);
	return off;
}

static void member_text(struct sbuf *sb, long long off, long long bits, const char *type)
{
	if (bits)
		sbuf_addf(sb, "bit offset %lld, %lld bits, %s", off, bits, type);
	else if (off % 8)
		sbuf_addf(sb, "bit offset %lld, %s", off, type);
	else
		sbuf_addf(sb, "offset %lld, %s", off / 8, type);
}

static int entry_field(struct q *q, const char *name, const struct image *im, json_t *facts,
		       struct sbuf *text)
{
	const char *sep = strstr(name, "::");
	char sname[512];
	const char *field;
	sqlite3_stmt *st = NULL;
	char kind[16] = "";
	long long ref;
	json_t *hints;
	int rc, ret = -1;

	if (!sep || (size_t)(sep - name) >= sizeof(sname))
		return 0;
	snprintf(sname, sizeof(sname), "%.*s", (int)(sep - name), name);
	field = sep + 2;
	if (!(st = prep(q, "SELECT kind FROM structs WHERE name = ?1 AND image = ?2 ORDER BY kind")))
		return -1;
	sqlite3_bind_text(st, 1, sname, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(kind, sizeof(kind), "%s", col(st, 0));
	done(q, st);
	if (step_err(q, rc))
		return -1;
	if (!kind[0]) {
		sbuf_addf(text, "(no struct or union %s)", sname);
		return 0;
	}
	st = prep(q, "SELECT offset_bits, bitfield_bits, type FROM members"
		  " WHERE struct = ?1 AND kind = ?2 AND image = ?3 AND name = ?4 ORDER BY pos");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, im->key);
	sqlite3_bind_text(st, 4, field, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		json_object_set_new(facts, "status", json_string("present"));
		json_object_set_new(facts, "kind", json_string(kind));
		json_object_set_new(facts, "offset_bits", json_integer(sqlite3_column_int64(st, 0)));
		json_object_set_new(facts, "bitfield_bits", json_integer(sqlite3_column_int64(st, 1)));
		json_object_set_new(facts, "type", jstr(col(st, 2)));
		member_text(text, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), col(st, 2));
		done(q, st);
		return 1;
	}
	done(q, st);
	if (step_err(q, rc))
		return -1;

	/* absent from a struct the image has: hints */
	ref = ref_offset(q, sname, field, im);
	st = prep(q, "SELECT name, offset_bits, bitfield_bits, type FROM members"
		  " WHERE struct = ?1 AND kind = ?2 AND image = ?3 ORDER BY pos");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, im->key);
	hints = json_array();
	/* the best hints only: same offset or same name but for '_' first, else name parts */
	for (int best = 2; best >= 1 && !json_array_size(hints); best--) {
		sqlite3_reset(st);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *m = col(st, 0);
			long long off = sqlite3_column_int64(st, 1);
			int like = name_likeness(m, field);
			bool same = ref >= 0 && off == ref && m[0];

			if (best == 2 ? !same && like < 2 : like < 1 || json_array_size(hints) >= 3)
				continue;
			sbuf_addf(text, "%s%s (", json_array_size(hints) ? "; " : "hint: ", m);
			member_text(text, off, sqlite3_column_int64(st, 2), col(st, 3));
			sbuf_addf(text, "; %s)", same && like ? "same offset, similar name" :
				  same ? "same offset" : "similar name");
			json_array_append_new(hints, json_pack("{s:s,s:I,s:I,s:s,s:b,s:b}", "name", m,
				"offset_bits", (json_int_t)off,
				"bitfield_bits", (json_int_t)sqlite3_column_int64(st, 2),
				"type", col(st, 3), "same_offset", same, "similar_name", like > 0));
		}
		if (rc != SQLITE_DONE)
			break;
	}
	done(q, st);
	if (step_err(q, rc)) {
		json_decref(hints);
		return -1;
	}
	if (!json_array_size(hints))
		sbuf_addf(text, "(%s %s present, no similar member)", kind, sname);
	json_object_set_new(facts, "hints", hints);
	ret = 0;
	return ret;
}

/* ------------------------------------------------------------ tracepoint */

static int entry_tracepoint(struct q *q, const char *name, const struct image *im, json_t *facts,
			    struct sbuf *text)
{
	const char *colon = strchr(name, ':');
	char sys[256];
	sqlite3_stmt *st, *fs = NULL;
	json_t *fields, *args;
	int rc, ret = -1, pass, n;

	snprintf(sys, sizeof(sys), "%.*s", colon ? (int)(colon - name) : 0, name);
	st = prep(q, "SELECT class, fmt, module FROM tracepoints WHERE event = ?1 AND system = ?2"
		  " AND image = ?3 ORDER BY class");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, colon ? colon + 1 : name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sys, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, im->key);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = step_err(q, rc) ? -1 : 0;
		goto out;
	}
	json_object_set_new(facts, "status", json_string("present"));
	json_object_set_new(facts, "class", jstr(col(st, 0)));
	json_object_set_new(facts, "fmt", jstr(col(st, 1)));
	json_object_set_new(facts, "module", jstr(col(st, 2)));
	sbuf_addf(text, "class %s", col(st, 0));
	module_note(text, col(st, 2));
	fields = json_array();
	args = json_array();
	json_object_set_new(facts, "fields", fields);
	json_object_set_new(facts, "args", args);
	for (pass = 0; pass < 2; pass++) {
		fs = prep(q, pass ? "SELECT name, type FROM tp_args WHERE event = ?1 AND system = ?2"
			  " AND class = ?3 AND image = ?4 ORDER BY pos"
			  : "SELECT name, type, offset_bits FROM tp_fields WHERE event = ?1"
			  " AND system = ?2 AND class = ?3 AND image = ?4 ORDER BY pos");
		if (!fs)
			goto out;
		sqlite3_bind_text(fs, 1, colon ? colon + 1 : name, -1, SQLITE_STATIC);
		sqlite3_bind_text(fs, 2, sys, -1, SQLITE_STATIC);
		sqlite3_bind_text(fs, 3, col(st, 0), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(fs, 4, im->key);
		sbuf_add(text, pass ? "; args: " : "; fields: ");
		n = 0;
		while ((rc = sqlite3_step(fs)) == SQLITE_ROW) {
			if (pass) {
				json_array_append_new(args, json_pack("{s:s,s:s}", "name", col(fs, 0),
								      "type", col(fs, 1)));
			} else {
				json_array_append_new(fields, json_pack("{s:s,s:s,s:I}", "name",
					col(fs, 0), "type", col(fs, 1),
					"offset_bits", (json_int_t)sqlite3_column_int64(fs, 2)));
				if (!strcmp(col(fs, 0), "ent") || !strcmp(col(fs, 0), "__data"))
					continue;	/* the common header and the tail */
			}
			sbuf_addf(text, "%s%s%s%s", n++ ? ", " : "", col(fs, 1),
				  col(fs, 1)[0] && col(fs, 1)[strlen(col(fs, 1)) - 1] == '*' ? "" : " ",
				  col(fs, 0));
		}
		done(q, fs);
		fs = NULL;
		if (step_err(q, rc))
			goto out;
	}
	ret = 1;
out:
	done(q, fs);
	done(q, st);
	return ret;
}

/* ------------------------------------------------------------ syscall */

static int entry_syscall(struct q *q, const char *name, const struct image *im, json_t *facts,
			 struct sbuf *text)
{
	sqlite3_stmt *st = prep(q, "SELECT tbl, nr, entry, available FROM syscalls"
				" WHERE name = ?1 AND image = ?2 ORDER BY tbl DESC, nr");
	json_t *slots = json_array();
	int rc, n = 0, avail = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int a = sqlite3_column_int(st, 3);

		avail += a;
		json_array_append_new(slots, json_pack("{s:s,s:I,s:o,s:b}", "table", col(st, 0),
			"nr", (json_int_t)sqlite3_column_int64(st, 1),
			"entry", jstr((const char *)sqlite3_column_text(st, 2)), "available", a));
		sbuf_addf(text, "%snr %lld in %s, entry %s%s", n++ ? "; " : "",
			  sqlite3_column_int64(st, 1), col(st, 0),
			  sqlite3_column_type(st, 2) == SQLITE_NULL ? "(none)" : col(st, 2),
			  a ? "" : " (not available)");
	}
	done(q, st);
	if (step_err(q, rc) || !n) {
		json_decref(slots);
		return step_err(q, rc) ? -1 : 0;
	}
	json_object_set_new(facts, "status", json_string(avail ? "present" : "unavailable"));
	json_object_set_new(facts, "slots", slots);
	return 1;
}

/* ------------------------------------------------------------ lsm, kfunc, config */

static int entry_lsm(struct q *q, const char *name, const struct image *im, json_t *facts,
		     struct sbuf *text)
{
	sqlite3_stmt *st = prep(q, "SELECT proto, proto_source, bpf_lsm FROM lsm_hooks"
				" WHERE name = ?1 AND image = ?2");
	int rc, ret;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->key);
	rc = sqlite3_step(st);
	ret = rc == SQLITE_ROW;
	if (ret) {
		json_object_set_new(facts, "status", json_string("present"));
		json_object_set_new(facts, "proto", jstr((const char *)sqlite3_column_text(st, 0)));
		json_object_set_new(facts, "proto_source", jstr((const char *)sqlite3_column_text(st, 1)));
		json_object_set_new(facts, "bpf_lsm", json_boolean(sqlite3_column_int(st, 2)));
		sbuf_addf(text, "%s; %s", sqlite3_column_type(st, 0) == SQLITE_NULL ? "(no prototype)"
			  : col(st, 0), sqlite3_column_int(st, 2) ? "bpf_lsm_ hook: lsm/ attachable"
			  : "no bpf_lsm_ hook");
	} else if (step_err(q, rc)) {
		ret = -1;
	}
	done(q, st);
	return ret;
}

static int entry_kfunc(struct q *q, const char *name, const struct image *im, json_t *facts,
		       struct sbuf *text)
{
	sqlite3_stmt *st = prep(q, "SELECT proto, sets, flags, decl_tag FROM kfuncs"
				" WHERE name = ?1 AND image = ?2");
	int rc, ret;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->key);
	rc = sqlite3_step(st);
	ret = rc == SQLITE_ROW;
	if (ret) {
		json_t *sets = jcol(st, 1), *flags = jcol(st, 2);

		json_object_set_new(facts, "status", json_string("present"));
		json_object_set_new(facts, "proto", jstr((const char *)sqlite3_column_text(st, 0)));
		sbuf_addf(text, "%s; sets ", sqlite3_column_type(st, 0) == SQLITE_NULL ?
			  "(no prototype)" : col(st, 0));
		join(text, sets, ",");
		sbuf_add(text, json_array_size(flags) ? "; flags " : "");
		join(text, flags, "|");
		json_object_set_new(facts, "sets", sets);
		json_object_set_new(facts, "flags", flags);
		json_object_set_new(facts, "decl_tag", json_boolean(sqlite3_column_int(st, 3)));
	} else if (step_err(q, rc)) {
		ret = -1;
	}
	done(q, st);
	return ret;
}

static int entry_config(struct q *q, const char *name, const struct image *im, json_t *facts,
			struct sbuf *text)
{
	sqlite3_stmt *st = prep(q, "SELECT value FROM config WHERE name = ?1 AND image = ?2");
	int rc, ret;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->key);
	rc = sqlite3_step(st);
	ret = rc == SQLITE_ROW;
	if (ret) {
		bool set = sqlite3_column_type(st, 0) != SQLITE_NULL;

		json_object_set_new(facts, "status", json_string(set ? "set" : "not set"));
		json_object_set_new(facts, "value", set ? jstr(col(st, 0)) : json_null());
		if (set)
			sbuf_addf(text, "%s=%s", name, col(st, 0));
		else
			sbuf_addf(text, "# %s is not set", name);
	} else if (step_err(q, rc)) {
		ret = -1;
	}
	done(q, st);
	return ret;
}

/* ------------------------------------------------------------ kinds */

static const struct kind {
	const char *name;
	/* the names matching GLOB ?1 (field: ?1 struct, ?2 member; tracepoint: ?1 event, ?2 system) */
	const char *names_sql;
	entry_fn entry;
} kinds[] = {
	{ "func", "SELECT DISTINCT name FROM functions WHERE name GLOB ?1 ORDER BY 1", entry_func },
	{ "struct", "SELECT DISTINCT name FROM structs WHERE name GLOB ?1 ORDER BY 1", entry_struct },
	{ "field", "SELECT DISTINCT struct || '::' || name FROM members WHERE struct GLOB ?1"
		   " AND name GLOB ?2 AND name <> '' ORDER BY 1", entry_field },
	{ "tracepoint", "SELECT DISTINCT system || ':' || event FROM tracepoints"
			" WHERE event GLOB ?1 AND system GLOB ?2 ORDER BY 1", entry_tracepoint },
	{ "syscall", "SELECT DISTINCT name FROM syscalls WHERE name GLOB ?1 ORDER BY 1", entry_syscall },
	{ "lsm", "SELECT DISTINCT name FROM lsm_hooks WHERE name GLOB ?1 ORDER BY 1", entry_lsm },
	{ "kfunc", "SELECT DISTINCT name FROM kfuncs WHERE name GLOB ?1 ORDER BY 1", entry_kfunc },
	{ "config", "SELECT DISTINCT name FROM config WHERE name GLOB ?1 ORDER BY 1", entry_config },
	{ NULL, NULL, NULL },
};

/* One entry @name in every image. */
static int show(struct q *q, const struct kind *k, const char *name)
{
	json_t *rows = json_array();
	size_t i;
	int ret = 0;

	if (!json_output)
		printf("%s %s\n", k->name, name);
	for (i = 0; i < q->nimg && !ret; i++) {
		json_t *facts = json_object();
		struct sbuf text;
		int r;

		sbuf_init(&text);
		json_object_set_new(facts, "image", cli_json_str(q->img[i].id));
		r = k->entry(q, name, &q->img[i], facts, &text);
		if (r < 0) {
			ret = -1;
		} else {
			if (!r)
				json_object_set_new(facts, "status", json_string("absent"));
			if (!json_output)
				printf("  %-*s  %-9s %s\n", q->idw, q->img[i].id,
				       json_string_value(json_object_get(facts, "status")),
				       sbuf_str(&text));
		}
		sbuf_free(&text);
		json_array_append_new(rows, facts);
	}
	if (json_output && !ret)
		json_array_append_new(q->out, json_pack("{s:s,s:o,s:o}", "kind", k->name,
							"name", cli_json_str(name), "images", rows));
	else
		json_decref(rows);
	return ret;
}

/* Every entry of kind @k that @pat names (a GLOB, or one name). */
static int query_one(struct q *q, const struct kind *k, const char *pat)
{
	char buf[1024], *p1 = buf, *p2 = NULL;
	sqlite3_stmt *st;
	int rc, n = 0, ret = 0;

	if (!strcmp(k->name, "config") && strncmp(pat, "CONFIG_", 7) && !has_glob(pat))
		snprintf(buf, sizeof(buf), "CONFIG_%s", pat);
	else
		snprintf(buf, sizeof(buf), "%s", pat);
	if (!has_glob(buf)) {
		if (!strcmp(k->name, "tracepoint") && !strchr(buf, ':') && !strchr(buf, '/'))
			goto search;	/* the system is looked up */
		if (!strcmp(k->name, "field") && !strstr(buf, "::")) {
			cli_err("query field: '%s' is not STRUCT::FIELD", pat);
			return -2;
		}
		for (p2 = buf; *p2; p2++)
			if (*p2 == '/')
				*p2 = ':';
		return show(q, k, buf);
	}
search:
	if (!strcmp(k->name, "field")) {
		char *sep = strstr(buf, "::");

		if (!sep) {
			cli_err("query field: '%s' is not STRUCT::FIELD", pat);
			return -2;
		}
		*sep = 0;
		p2 = sep + 2;
	} else if (!strcmp(k->name, "tracepoint")) {
		char *sep = strpbrk(buf, ":/");

		if (sep) {
			*sep = 0;
			p2 = buf;
			p1 = sep + 1;
		} else {
			p2 = "*";
		}
	}
	if (!(st = prep(q, k->names_sql)))
		return -1;
	sqlite3_bind_text(st, 1, p1, -1, SQLITE_TRANSIENT);
	if (p2)
		sqlite3_bind_text(st, 2, p2, -1, SQLITE_TRANSIENT);
	while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *name = strdup(col(st, 0));

		n++;
		ret = name ? show(q, k, name) : -1;
		free(name);
	}
	if (!ret && step_err(q, rc))
		ret = -1;
	done(q, st);
	if (!ret && !n) {
		if (has_glob(pat)) {
			if (!json_output)
				printf("%s %s: no match in any image\n", k->name, pat);
		} else {
			ret = show(q, k, pat);
		}
	}
	return ret;
}

static bool image_wanted(const char *id, const char *list)
{
	char *copy, *tok, *save = NULL;
	bool ok = false;

	if (!list)
		return true;
	if (!(copy = strdup(list)))
		return false;
	for (tok = strtok_r(copy, ",", &save); tok && !ok; tok = strtok_r(NULL, ",", &save))
		ok = !fnmatch(tok, id, 0);
	free(copy);
	return ok;
}

static int load_images(struct q *q, const char *list)
{
	sqlite3_stmt *st = prep(q, "SELECT image, id, arch FROM images ORDER BY id");
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct image *im, *nv;

		if (!image_wanted(col(st, 1), list))
			continue;
		if (!(nv = realloc(q->img, (q->nimg + 1) * sizeof(*q->img)))) {
			done(q, st);
			return -1;
		}
		q->img = nv;
		im = &q->img[q->nimg++];
		im->key = sqlite3_column_int64(st, 0);
		im->id = strdup(col(st, 1));
		im->arch = strdup(col(st, 2));
		if ((int)strlen(col(st, 1)) > q->idw)
			q->idw = (int)strlen(col(st, 1));
	}
	done(q, st);
	return step_err(q, rc);
}

int cmd_query(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dataset", required_argument, NULL, 'd' },
		{ "db", required_argument, NULL, 'D' },
		{ "images", required_argument, NULL, 'i' },
		{ "release", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dataset = NULL, *dbfile = NULL, *images = NULL, *release = NULL;
	const struct kind *k;
	struct q q = { 0 };
	int c, st = CLI_OK, ret = 0;
	size_t i;

	while ((c = cli_getopt(argc, argv, "d:i:", longopts, &st)) != -1) {
		if (c == CLI_GETOPT_DONE)
			return st;
		if (c == 'd')
			dataset = optarg;
		else if (c == 'D')
			dbfile = optarg;
		else if (c == 'i')
			images = optarg;
		else if (c == 'R')
			release = optarg;
	}
	if (argc - optind != 2)
		return cli_usage_err("query", "query: KIND and NAME expected");
	for (k = kinds; k->name && strcmp(k->name, argv[optind]); k++)
		;
	if (!k->name)
		return cli_usage_err("query", "query: unknown kind '%s'", argv[optind]);
	if (release && (dataset || dbfile))
		return cli_usage_err("query", "query: --release excludes --dataset and --db");
	q.db = release ? cli_release_db(release, &st) : cli_open_db(dataset, dbfile, &st);
	if (!q.db)
		return st;
	/*
	 * One read transaction for the whole run: the file is locked and its
	 * change counter checked once, not around every statement.
	 */
	sqlite3_exec(q.db, "BEGIN", NULL, NULL, NULL);
	if (load_images(&q, images)) {
		st = CLI_BAD;
		goto out;
	}
	if (!q.nimg) {
		st = cli_usage_err("query", "query: no image of the database matches '%s'",
				   images ? images : "");
		goto out;
	}
	q.out = json_array();
	if (strcmp(argv[optind + 1], "-")) {
		ret = query_one(&q, k, argv[optind + 1]);
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;

		while (!ret && (len = getline(&line, &cap, stdin)) > 0) {
			if (line[len - 1] == '\n')
				line[--len] = 0;
			if (len)
				ret = query_one(&q, k, line);
		}
		free(line);
	}
	if (ret == -2)
		st = CLI_USAGE;
	else if (ret)
		st = CLI_BAD;
	else if (json_output && cli_print_json(q.out))
		st = CLI_BAD;
	else if (!json_output)
		json_decref(q.out);
	if (ret)
		json_decref(q.out);
	q.out = NULL;
out:
	for (i = 0; i < q.nimg; i++) {
		free(q.img[i].id);
		free(q.img[i].arch);
	}
	free(q.img);
	for (i = 0; i < q.nstmts; i++)
		sqlite3_finalize(q.stmts[i].st);
	sqlite3_close(q.db);
	return st;
}

struct sqlite3 *cli_open_db(const char *dataset, const char *dbfile, int *exit_status)
{
	char path[PATH_MAX], msg[PATH_MAX * 2 + 400];
	sqlite3 *db;

	if (dbfile)
		snprintf(path, sizeof(path), "%s", dbfile);
	else if (snprintf(path, sizeof(path), "%s/%s", dataset ? dataset : "dataset", DSDB_FILE) >=
		 (int)sizeof(path)) {
		cli_err("%s: path too long", dataset);
		*exit_status = CLI_BAD;
		return NULL;
	}
	if (dsdb_open_ro(path, &db, msg, sizeof(msg))) {
		cli_err("%s", msg);
		*exit_status = CLI_BAD;
		return NULL;
	}
	return db;
}
