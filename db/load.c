// SPDX-License-Identifier: MIT
/*
 * One image's surface files → rows of the depsurf database (db/load.h,
 * docs/schema-sqlite.md). The JSON Lines files are streamed back with
 * schema/surface_reader.h (parsed, keys order-checked); the one-document
 * ones loaded whole. Prepared statements, one per table.
 */
#include "db/load.h"
#include "db/dsdb.h"
#include "db/intern.h"
#include "schema/surface_reader.h"
#include "util/sbuf.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int seterr(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int seterr(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, LOAD_ERR_MAX, fmt, ap);
	va_end(ap);
	return -1;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int load_surface_files(const char *dir, char **names, size_t max, size_t *n)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int ret = 0;

	*n = 0;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    !(ends_with(de->d_name, ".json") || ends_with(de->d_name, ".jsonl")))
			continue;
		if (*n == max) {
			ret = -E2BIG;
			break;
		}
		if (!(names[*n] = strdup(de->d_name))) {
			ret = -ENOMEM;
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (ret) {
		while (*n)
			free(names[--*n]);
		return ret;
	}
	if (*n)
		qsort(names, *n, sizeof(names[0]), cmp_str);
	return 0;
}

int load_fingerprint(const char *dir, char *out, size_t outsz, char *err)
{
	uint64_t h = 14695981039346656037ull;
	char *names[LOAD_MAX_FILES], path[PATH_MAX];
	size_t n = 0, i;
	int ret;
	static unsigned char buf[1 << 20];

	ret = load_surface_files(dir, names, LOAD_MAX_FILES, &n);
	if (ret)
		return seterr(err, "%s: %s", dir,
			      ret == -E2BIG ? "too many surface files" : strerror(-ret));
	for (i = 0; i < n && !ret; i++) {
		const unsigned char *p;
		size_t got;
		uint64_t size = 0;
		FILE *f;

		for (p = (const unsigned char *)names[i]; ; p++) {
			h ^= *p;
			h *= 1099511628211ull;
			if (!*p)
				break;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!(f = fopen(path, "rb"))) {
			ret = seterr(err, "%s: %s", path, strerror(errno));
			break;
		}
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
			size_t j;

			for (j = 0; j < got; j++) {
				h ^= buf[j];
				h *= 1099511628211ull;
			}
			size += got;
		}
		if (ferror(f))
			ret = seterr(err, "%s: read error", path);
		fclose(f);
		for (p = (const unsigned char *)&size; p < (const unsigned char *)(&size + 1); p++) {
			h ^= *p;
			h *= 1099511628211ull;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	if (!ret)
		snprintf(out, outsz, "fnv1a64:%016llx", (unsigned long long)h);
	return ret;
}

static int sqlerr(sqlite3 *db, char *err, const char *what)
{
	return seterr(err, "%s: %s", what, sqlite3_errmsg(db));
}

int load_stored_fingerprint(sqlite3 *db, const char *id, char *out, size_t outsz, char *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	out[0] = 0;
	if (sqlite3_prepare_v2(db, "SELECT fingerprint FROM images WHERE id = ?", -1, &st, NULL))
		return sqlerr(db, err, "images");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlerr(db, err, "images");
}

/* ------------------------------------------------------------ statements */

enum stmt_id {
	S_IMAGE, S_FUNC, S_DEF, S_SYM, S_STRUCT, S_MEMBER, S_ENUM, S_EVAL,
	S_TP, S_TPF, S_TPA, S_SYSCALL, S_LSM, S_KFUNC, S_REGS, S_CONFIG, S_NR,
};

static const char *const stmt_sql[S_NR] = {
	[S_IMAGE] = "INSERT INTO images VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[S_FUNC] = "INSERT INTO function_rows (image, name, body) VALUES (?,?,?)",
	[S_DEF] = "INSERT INTO func_def_rows (image, func, pos, body, addr) VALUES (?,?,?,?,?)",
	[S_SYM] = "INSERT INTO func_symbols VALUES (?,?,?,?,?,?,?,?)",
	[S_STRUCT] = "INSERT INTO structs VALUES (?,?,?,?,?,?,?)",
	[S_MEMBER] = "INSERT INTO members VALUES (?,?,?,?,?,?,?,?)",
	[S_ENUM] = "INSERT INTO enums VALUES (?,?,?,?,?,?)",
	[S_EVAL] = "INSERT INTO enum_values VALUES (?,?,?,?,?)",
	[S_TP] = "INSERT INTO tracepoints VALUES (?,?,?,?,?,?,?,?)",
	[S_TPF] = "INSERT INTO tp_fields VALUES (?,?,?,?,?,?,?,?)",
	[S_TPA] = "INSERT INTO tp_args VALUES (?,?,?,?,?,?,?)",
	[S_SYSCALL] = "INSERT INTO syscalls VALUES (?,?,?,?,?,?)",
	[S_LSM] = "INSERT INTO lsm_hooks VALUES (?,?,?,?,?,?)",
	[S_KFUNC] = "INSERT INTO kfuncs VALUES (?,?,?,?,?,?,?)",
	[S_REGS] = "INSERT INTO registers VALUES (?,?,?,?,?,?,?,?,?)",
	[S_CONFIG] = "INSERT INTO config VALUES (?,?,?)",
};

/* Every table holding rows of an image, for the delete. */
static const char *const image_tables[] = {
	"function_rows", "func_def_rows", "func_symbols", "structs", "members", "enums",
	"enum_values", "tracepoints", "tp_fields", "tp_args", "syscalls", "lsm_hooks",
	"kfuncs", "registers", "config", "images",
};

/* The content-addressed tables (db/intern.h) and their value columns. */
enum body_id { B_FUNC, B_DEF, B_CALLERS, B_NR };

static const struct {
	const char *table, *cols, *returning;
} body_tables[B_NR] = {
	[B_FUNC] = { "function_bodies",
		     "inline, collision, transforms, exact_symbol, traceable, kprobe_blacklisted, "
		     "proto, proto_source, params, n_defs, n_symbols, inline_sites, call_sites",
		     NULL },
	[B_DEF] = { "def_bodies",
		    "file, line, cu, external, declared_inline, inlined, inline_sites, "
		    "inline_callers, call_sites, call_callers",
		    "inline_callers, call_callers" },
	[B_CALLERS] = { "caller_lists", "callers", NULL },
};

struct loader {
	sqlite3 *db;
	sqlite3_stmt *st[S_NR];
	struct intern body[B_NR];
	int64_t image;
	long long rows;
	char *err;
	const char *file;	/* the surface being loaded, for messages */
	unsigned long line;
};

/* Bind helpers: column @i (1-based) of statement @s. */
static void b_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void b_str(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
	b_text(s, i, json_string_value(json_object_get(o, key)));
}

/* "module": datasets from before modules were read hold the vmlinux's only. */
static void b_module(sqlite3_stmt *s, int i, const json_t *o)
{
	const char *m = json_string_value(json_object_get(o, "module"));

	b_text(s, i, m ? m : "vmlinux");
}

static void b_int(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		sqlite3_bind_int64(s, i, json_integer_value(v));
	else if (json_is_boolean(v))
		sqlite3_bind_int(s, i, json_is_true(v));
	else
		sqlite3_bind_null(s, i);
}

/* A JSON member as compact JSON text ("[]" when missing: lists). */
static void b_json(sqlite3_stmt *s, int i, const json_t *v, const char *missing)
{
	char *txt;

	if (!v || json_is_null(v)) {
		b_text(s, i, missing);
		return;
	}
	txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (txt)
		sqlite3_bind_text(s, i, txt, -1, free);
	else
		sqlite3_bind_null(s, i);
}

static int run(struct loader *l, enum stmt_id id)
{
	sqlite3_stmt *s = l->st[id];
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE) {
		if (l->line)
			return seterr(l->err, "%s:%lu: %s", l->file, l->line, sqlite3_errmsg(l->db));
		return seterr(l->err, "%s: %s", l->file, sqlite3_errmsg(l->db));
	}
	l->rows++;
	return 0;
}

/*
 * The C text of a prototype {"ret", "params": [{"name","type"}]} of
 * function @name: "ret name(type a, type b)", "(void)" without params; a
 * parameter's name goes where C puts it in a pointer-to-function or array
 * type ("void (*cb)(int)", "char buf[16]").
 */
static char *proto_text(const char *name, const json_t *proto)
{
	const json_t *params = json_object_get(proto, "params"), *p;
	const char *ret = json_string_value(json_object_get(proto, "ret"));
	struct sbuf sb;
	size_t i;

	if (!ret)
		return NULL;
	sbuf_init(&sb);
	sbuf_add(&sb, ret);
	if (ret[0] && ret[strlen(ret) - 1] != '*')
		sbuf_add(&sb, " ");
	sbuf_addf(&sb, "%s(", name);
	if (!json_array_size(params))
		sbuf_add(&sb, "void");
	json_array_foreach(params, i, p) {
		const char *t = json_string_value(json_object_get(p, "type"));
		const char *n = json_string_value(json_object_get(p, "name"));
		const char *fp, *br;

		if (!t)
			t = "?";
		if (!n)
			n = "";
		if (i)
			sbuf_add(&sb, ", ");
		if (!n[0])
			sbuf_add(&sb, t);
		else if ((fp = strstr(t, "(*")))
			sbuf_addf(&sb, "%.*s%s%s", (int)(fp - t + 2), t, n, fp + 2);
		else if ((br = strchr(t, '[')))
			sbuf_addf(&sb, "%.*s%s%s%s", (int)(br - t),
				  t, br > t && br[-1] == '*' ? "" : " ", n, br);
		else
			sbuf_addf(&sb, "%s%s%s", t, t[0] && t[strlen(t) - 1] == '*' ? "" : " ", n);
	}
	sbuf_add(&sb, ")");
	return sbuf_detach(&sb);
}

static void b_proto(sqlite3_stmt *s, int i, const char *name, const json_t *proto)
{
	char *txt = json_is_object(proto) ? proto_text(name, proto) : NULL;

	if (txt)
		sqlite3_bind_text(s, i, txt, -1, free);
	else
		sqlite3_bind_null(s, i);
}

/* ------------------------------------------------------------ surfaces */

/*
 * The id of caller list @v (a JSON array) bound to the caller_lists
 * upsert, hashed but not stored: put_def stores it only with a new def body.
 */
static int hash_callers(struct loader *l, const json_t *v, int64_t *id)
{
	b_json(intern_stmt(&l->body[B_CALLERS]), 3, v, "[]");
	return intern_hash(&l->body[B_CALLERS], id, l->err);
}

/*
 * Def @pos of function @name: its body (with its two caller lists, counted
 * once per body) and its row. The lists go through the one caller_lists
 * statement in turn, so each is hashed again when it is stored.
 */
static int put_def(struct loader *l, const json_t *d, const char *name, size_t pos)
{
	struct intern *def = &l->body[B_DEF], *lists = &l->body[B_CALLERS];
	const json_t *ic = json_object_get(d, "inline_callers");
	const json_t *cc = json_object_get(d, "call_callers");
	sqlite3_stmt *b = intern_stmt(def), *t = l->st[S_DEF];
	int64_t ic_id, cc_id, id, refs;

	if (hash_callers(l, ic, &ic_id))
		return -1;
	intern_skip(lists);
	if (hash_callers(l, cc, &cc_id))
		return -1;
	intern_skip(lists);
	b_str(b, 3, d, "file");
	b_int(b, 4, d, "line");
	b_str(b, 5, d, "cu");
	b_int(b, 6, d, "external");
	b_int(b, 7, d, "declared_inline");
	b_int(b, 8, d, "inlined");
	b_int(b, 9, d, "inline_sites");
	sqlite3_bind_int64(b, 10, ic_id);
	b_int(b, 11, d, "call_sites");
	sqlite3_bind_int64(b, 12, cc_id);
	if (intern_hash(def, &id, l->err) || intern_put(def, &refs, l->err))
		return -1;
	if (refs == 1 &&
	    (hash_callers(l, ic, &ic_id) || intern_put(lists, &refs, l->err) ||
	     hash_callers(l, cc, &cc_id) || intern_put(lists, &refs, l->err)))
		return -1;
	sqlite3_bind_int64(t, 1, l->image);
	b_text(t, 2, name);
	sqlite3_bind_int64(t, 3, (sqlite3_int64)pos);
	sqlite3_bind_int64(t, 4, id);
	b_str(t, 5, d, "addr");
	return run(l, S_DEF);
}

static int put_func(struct loader *l, const json_t *o, const char *name)
{
	sqlite3_stmt *s = l->st[S_FUNC], *b = intern_stmt(&l->body[B_FUNC]);
	const json_t *proto = json_object_get(o, "proto"), *defs = json_object_get(o, "defs");
	const json_t *syms = json_object_get(o, "symbols"), *d;
	long long isites = 0, csites = 0;
	int64_t id, refs;
	size_t i;

	json_array_foreach(defs, i, d) {
		isites += json_integer_value(json_object_get(d, "inline_sites"));
		csites += json_integer_value(json_object_get(d, "call_sites"));
		if (put_def(l, d, name, i))
			return -1;
	}
	json_array_foreach(syms, i, d) {
		sqlite3_stmt *t = l->st[S_SYM];

		b_text(t, 1, name);
		sqlite3_bind_int64(t, 2, l->image);
		sqlite3_bind_int64(t, 3, (sqlite3_int64)i);
		b_str(t, 4, d, "name");
		b_str(t, 5, d, "addr");
		b_int(t, 6, d, "size");
		b_str(t, 7, d, "bind");
		b_str(t, 8, d, "section");
		if (run(l, S_SYM))
			return -1;
	}
	b_str(b, 3, o, "inline");
	b_str(b, 4, o, "collision");
	b_json(b, 5, json_object_get(o, "transforms"), "[]");
	b_int(b, 6, o, "exact_symbol");
	b_int(b, 7, o, "traceable");
	b_int(b, 8, o, "kprobe_blacklisted");
	b_proto(b, 9, name, proto);
	b_str(b, 10, proto, "source");
	b_json(b, 11, json_object_get(proto, "params"), NULL);
	sqlite3_bind_int64(b, 12, (sqlite3_int64)json_array_size(defs));
	sqlite3_bind_int64(b, 13, (sqlite3_int64)json_array_size(syms));
	sqlite3_bind_int64(b, 14, isites);
	sqlite3_bind_int64(b, 15, csites);
	if (intern_hash(&l->body[B_FUNC], &id, l->err) ||
	    intern_put(&l->body[B_FUNC], &refs, l->err))
		return -1;
	sqlite3_bind_int64(s, 1, l->image);
	b_text(s, 2, name);
	sqlite3_bind_int64(s, 3, id);
	return run(l, S_FUNC);
}

static int put_type(struct loader *l, const json_t *o, const char *name, const char *kind)
{
	const json_t *members = json_object_get(o, "members"), *m;
	sqlite3_stmt *s = l->st[S_STRUCT];
	size_t i;

	b_text(s, 1, name);
	b_text(s, 2, kind);
	sqlite3_bind_int64(s, 3, l->image);
	b_int(s, 4, o, "size");
	sqlite3_bind_int64(s, 5, (sqlite3_int64)json_array_size(members));
	sqlite3_bind_int64(s, 6, json_integer_value(json_object_get(o, "duplicates")));
	b_module(s, 7, o);
	if (run(l, S_STRUCT))
		return -1;
	json_array_foreach(members, i, m) {
		s = l->st[S_MEMBER];
		b_text(s, 1, name);
		b_text(s, 2, kind);
		sqlite3_bind_int64(s, 3, l->image);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)i);
		b_str(s, 5, m, "name");
		b_int(s, 6, m, "offset_bits");
		b_int(s, 7, m, "bitfield_bits");
		b_str(s, 8, m, "type");
		if (run(l, S_MEMBER))
			return -1;
	}
	return 0;
}

static int put_struct(struct loader *l, const json_t *o, const char *name)
{
	return put_type(l, o, name, "struct");
}

static int put_union(struct loader *l, const json_t *o, const char *name)
{
	return put_type(l, o, name, "union");
}

static int put_enum(struct loader *l, const json_t *o, const char *name)
{
	const json_t *values = json_object_get(o, "values"), *v;
	sqlite3_stmt *s = l->st[S_ENUM];
	size_t i;

	b_text(s, 1, name);
	sqlite3_bind_int64(s, 2, l->image);
	b_int(s, 3, o, "size");
	sqlite3_bind_int64(s, 4, (sqlite3_int64)json_array_size(values));
	sqlite3_bind_int64(s, 5, json_integer_value(json_object_get(o, "duplicates")));
	b_module(s, 6, o);
	if (run(l, S_ENUM))
		return -1;
	json_array_foreach(values, i, v) {
		s = l->st[S_EVAL];
		b_text(s, 1, name);
		sqlite3_bind_int64(s, 2, l->image);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)i);
		b_str(s, 4, v, "name");
		if (json_is_string(json_object_get(v, "value")))
			b_str(s, 5, v, "value");	/* unsigned above 2^63-1 */
		else
			b_int(s, 5, v, "value");
		if (run(l, S_EVAL))
			return -1;
	}
	return 0;
}

static void b_tpkey(struct loader *l, sqlite3_stmt *s, const json_t *o)
{
	b_str(s, 1, o, "event");
	b_str(s, 2, o, "system");
	b_str(s, 3, o, "class");
	sqlite3_bind_int64(s, 4, l->image);
}

static int put_tracepoint(struct loader *l, const json_t *o, const char *key)
{
	const json_t *fields = json_object_get(o, "fields"), *args = json_object_get(o, "args"), *f;
	sqlite3_stmt *s = l->st[S_TP];
	size_t i;

	(void)key;
	b_tpkey(l, s, o);
	b_str(s, 5, o, "fmt");
	sqlite3_bind_int64(s, 6, (sqlite3_int64)json_array_size(fields));
	sqlite3_bind_int64(s, 7, (sqlite3_int64)json_array_size(args));
	b_module(s, 8, o);
	if (run(l, S_TP))
		return -1;
	json_array_foreach(fields, i, f) {
		s = l->st[S_TPF];
		b_tpkey(l, s, o);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)i);
		b_str(s, 6, f, "name");
		b_int(s, 7, f, "offset_bits");
		b_str(s, 8, f, "type");
		if (run(l, S_TPF))
			return -1;
	}
	json_array_foreach(args, i, f) {
		s = l->st[S_TPA];
		b_tpkey(l, s, o);
		sqlite3_bind_int64(s, 5, (sqlite3_int64)i);
		b_str(s, 6, f, "name");
		b_str(s, 7, f, "type");
		if (run(l, S_TPA))
			return -1;
	}
	return 0;
}

static int put_lsm(struct loader *l, const json_t *o, const char *name)
{
	sqlite3_stmt *s = l->st[S_LSM];
	const json_t *proto = json_object_get(o, "proto");

	b_text(s, 1, name);
	sqlite3_bind_int64(s, 2, l->image);
	b_proto(s, 3, name, proto);
	b_json(s, 4, json_object_get(proto, "params"), NULL);
	b_str(s, 5, o, "proto_source");
	b_int(s, 6, o, "bpf_lsm");
	return run(l, S_LSM);
}

static int put_kfunc(struct loader *l, const json_t *o, const char *name)
{
	sqlite3_stmt *s = l->st[S_KFUNC];
	const json_t *proto = json_object_get(o, "proto");

	b_text(s, 1, name);
	sqlite3_bind_int64(s, 2, l->image);
	b_proto(s, 3, name, proto);
	b_json(s, 4, json_object_get(proto, "params"), NULL);
	b_json(s, 5, json_object_get(o, "sets"), "[]");
	b_json(s, 6, json_object_get(o, "flags"), "[]");
	b_int(s, 7, o, "decl_tag");
	return run(l, S_KFUNC);
}

typedef int (*put_fn)(struct loader *l, const json_t *o, const char *key);

/*
 * The JSON Lines surfaces: how an entry is stored, and the statements that
 * delete an entry's rows again (?1 the image, ?2... the members of its
 * key, docs/schema-sqlite.md "Incremental").
 */
#define ENTRY_DELETES 3
static const struct {
	const char *file;
	put_fn put;
	bool bodies;		/* release the entry's function and def bodies first */
	const char *del[ENTRY_DELETES];
} jsonl_surfaces[] = {
	{ "funcs.jsonl", put_func, true,
	  { "DELETE FROM function_rows WHERE image = ?1 AND name = ?2",
	    "DELETE FROM func_def_rows WHERE image = ?1 AND func = ?2",
	    "DELETE FROM func_symbols WHERE image = ?1 AND func = ?2" } },
	{ "structs.jsonl", put_struct, false,
	  { "DELETE FROM structs WHERE image = ?1 AND name = ?2 AND kind = 'struct'",
	    "DELETE FROM members WHERE image = ?1 AND struct = ?2 AND kind = 'struct'" } },
	{ "unions.jsonl", put_union, false,
	  { "DELETE FROM structs WHERE image = ?1 AND name = ?2 AND kind = 'union'",
	    "DELETE FROM members WHERE image = ?1 AND struct = ?2 AND kind = 'union'" } },
	{ "enums.jsonl", put_enum, false,
	  { "DELETE FROM enums WHERE image = ?1 AND name = ?2",
	    "DELETE FROM enum_values WHERE image = ?1 AND enum = ?2" } },
	{ "tracepoints.jsonl", put_tracepoint, false,
	  { "DELETE FROM tracepoints WHERE image = ?1 AND event = ?2 AND system = ?3 AND class = ?4",
	    "DELETE FROM tp_fields WHERE image = ?1 AND event = ?2 AND system = ?3 AND class = ?4",
	    "DELETE FROM tp_args WHERE image = ?1 AND event = ?2 AND system = ?3 AND class = ?4" } },
	{ "lsm_hooks.jsonl", put_lsm, false,
	  { "DELETE FROM lsm_hooks WHERE image = ?1 AND name = ?2" } },
	{ "kfuncs.jsonl", put_kfunc, false,
	  { "DELETE FROM kfuncs WHERE image = ?1 AND name = ?2" } },
};
#define N_JSONL (sizeof(jsonl_surfaces) / sizeof(jsonl_surfaces[0]))

static int file_exists(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !stat(path, &st);
}

static int load_jsonl(struct loader *l, const char *dir, const char *file, put_fn put)
{
	struct surface_reader r;
	const char *key;
	json_t *obj;
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	l->file = path;
	l->line = 0;
	if (!file_exists(dir, file))
		return 0;	/* a surface the image does not have (older dataset) */
	err = surface_reader_open(&r, dir, file, 0);
	if (err)
		return seterr(l->err, "%s: %s", path, strerror(-err));
	while ((err = surface_reader_next(&r, &obj, &key)) > 0) {
		l->line = r.lineno;
		if (put(l, obj, key)) {
			surface_reader_close(&r);
			return -1;
		}
	}
	if (err == -EBADMSG)
		seterr(l->err, "%s:%lu: %s", path, r.error.line, r.error.text);
	else if (err)
		seterr(l->err, "%s: %s", path, strerror(-err));
	surface_reader_close(&r);
	l->line = 0;
	return err ? -1 : 0;
}

static int load_doc(struct loader *l, const char *dir, const char *file, json_t **doc)
{
	struct surface_error e = { 0, "" };
	int err;

	*doc = NULL;
	if (!file_exists(dir, file))
		return 0;
	err = surface_load_doc(dir, file, doc, &e);
	if (err == -EBADMSG)
		return seterr(l->err, "%s/%s:%lu: %s", dir, file, e.line, e.text);
	if (err)
		return seterr(l->err, "%s/%s: %s", dir, file, strerror(-err));
	return 0;
}

static int load_meta(struct loader *l, const char *dir, const char *id, const char *fp)
{
	sqlite3_stmt *s = l->st[S_IMAGE];
	const json_t *pkg, *elf;
	json_t *m;
	const char *mid, *sv;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	l->file = path;
	if (load_doc(l, dir, "meta.json", &m))
		return -1;
	if (!m)
		return seterr(l->err, "%s: no such file", path);
	mid = json_string_value(json_object_get(m, "id"));
	sv = json_string_value(json_object_get(m, "schema_version"));
	if (!mid || strcmp(mid, id)) {
		json_decref(m);
		return seterr(l->err, "%s: id \"%s\" is not the folder's name", path, mid ? mid : "");
	}
	if (!sv || strtol(sv, NULL, 10) != strtol(SURFACE_SCHEMA_VERSION, NULL, 10)) {
		json_decref(m);
		return seterr(l->err, "%s: schema_version %s, depsurf-db reads %s", path,
			      sv ? sv : "missing", SURFACE_SCHEMA_VERSION);
	}
	pkg = json_object_get(m, "package");
	elf = json_object_get(m, "elf");
	sqlite3_bind_int64(s, 1, l->image);
	b_text(s, 2, id);
	b_str(s, 3, m, "distro");
	b_str(s, 4, m, "release");
	b_str(s, 5, m, "arch");
	b_str(s, 6, m, "flavor");
	b_str(s, 7, pkg, "url");
	b_str(s, 8, pkg, "sha256");
	b_str(s, 9, m, "build_id");
	b_str(s, 10, elf, "class");
	b_str(s, 11, elf, "endianness");
	b_str(s, 12, elf, "machine");
	b_int(s, 13, elf, "e_machine");
	b_json(s, 14, json_object_get(m, "compiler"), NULL);
	b_int(s, 15, m, "dwarf_version");
	b_str(s, 16, m, "btf_source");
	b_text(s, 17, sv);
	b_str(s, 18, m, "tool_version");
	b_json(s, 19, json_object_get(m, "counts"), NULL);
	b_text(s, 20, fp);
	json_decref(m);
	return run(l, S_IMAGE);
}

static int load_syscalls(struct loader *l, const char *dir)
{
	const char *tbl;
	json_t *doc, *slots, *e;
	char path[PATH_MAX];
	size_t i;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/syscalls.json", dir);
	l->file = path;
	if (load_doc(l, dir, "syscalls.json", &doc))
		return -1;
	json_object_foreach(doc, tbl, slots) {
		json_array_foreach(slots, i, e) {
			sqlite3_stmt *s = l->st[S_SYSCALL];

			b_str(s, 1, e, "name");
			sqlite3_bind_int64(s, 2, l->image);
			b_text(s, 3, tbl);
			b_int(s, 4, e, "nr");
			b_str(s, 5, e, "entry");
			b_int(s, 6, e, "available");
			if ((ret = run(l, S_SYSCALL)))
				goto out;
		}
	}
out:
	json_decref(doc);
	return ret;
}

static int load_registers(struct loader *l, const char *dir)
{
	sqlite3_stmt *s = l->st[S_REGS];
	const json_t *pt;
	json_t *doc;
	char path[PATH_MAX];
	int ret;

	snprintf(path, sizeof(path), "%s/registers.json", dir);
	l->file = path;
	if (load_doc(l, dir, "registers.json", &doc))
		return -1;
	if (!doc)
		return 0;
	pt = json_object_get(doc, "pt_regs");
	sqlite3_bind_int64(s, 1, l->image);
	b_str(s, 2, doc, "arch");
	b_int(s, 3, pt, "size");
	b_json(s, 4, json_object_get(doc, "args"), "[]");
	b_str(s, 5, doc, "ret");
	b_int(s, 6, doc, "syscall_wrapper");
	b_json(s, 7, json_object_get(doc, "syscall_args"), "[]");
	b_json(s, 8, json_object_get(doc, "offsets"), "{}");
	b_json(s, 9, json_object_get(pt, "members"), NULL);
	ret = run(l, S_REGS);
	json_decref(doc);
	return ret;
}

static int load_config(struct loader *l, const char *dir)
{
	const char *name;
	json_t *doc, *v;
	char path[PATH_MAX];
	int ret = 0;

	snprintf(path, sizeof(path), "%s/config.json", dir);
	l->file = path;
	if (load_doc(l, dir, "config.json", &doc))
		return -1;
	json_object_foreach(doc, name, v) {
		sqlite3_stmt *s = l->st[S_CONFIG];

		b_text(s, 1, name);
		sqlite3_bind_int64(s, 2, l->image);
		b_text(s, 3, json_string_value(v));
		if ((ret = run(l, S_CONFIG)))
			break;
	}
	json_decref(doc);
	return ret;
}

/*
 * The uses of body table @b by image @l->image's rows of @rows released
 * (db/intern.h): all of them, or those whose @col is @key. A def body that
 * goes releases its two caller lists.
 */
static int release_bodies(struct loader *l, const char *rows, const char *col, const char *key,
			  enum body_id b)
{
	sqlite3_stmt *st = NULL;
	char sql[160];
	int rc = SQLITE_DONE, ret = 0;

	snprintf(sql, sizeof(sql), "SELECT body, count(*) FROM %s WHERE image = ?1%s%s%s GROUP BY body",
		 rows, key ? " AND " : "", key ? col : "", key ? " = ?2" : "");
	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlerr(l->db, l->err, rows);
	sqlite3_bind_int64(st, 1, l->image);
	if (key)
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t lists[2];
		int gone, list_gone, i;

		ret = intern_unref(&l->body[b], sqlite3_column_int64(st, 0),
				   sqlite3_column_int64(st, 1), &gone, lists, b == B_DEF ? 2 : 0,
				   l->err);
		for (i = 0; !ret && gone && b == B_DEF && i < 2; i++)
			ret = intern_unref(&l->body[B_CALLERS], lists[i], 1, &list_gone, NULL, 0,
					   l->err);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = sqlerr(l->db, l->err, rows);
	sqlite3_finalize(st);
	return ret;
}

/* Image @l->image's rows deleted, and their uses of the bodies released. */
static int delete_rows(struct loader *l)
{
	char sql[128];
	size_t i;

	if (release_bodies(l, "function_rows", NULL, NULL, B_FUNC) ||
	    release_bodies(l, "func_def_rows", NULL, NULL, B_DEF))
		return -1;
	for (i = 0; i < sizeof(image_tables) / sizeof(image_tables[0]); i++) {
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE image = %lld", image_tables[i],
			 (long long)l->image);
		if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return sqlerr(l->db, l->err, image_tables[i]);
	}
	return 0;
}

static int open_bodies(struct loader *l)
{
	size_t i;

	for (i = 0; i < B_NR; i++)
		if (intern_open(&l->body[i], l->db, body_tables[i].table, body_tables[i].cols,
				body_tables[i].returning, l->err))
			return -1;
	return 0;
}

static void close_bodies(struct loader *l)
{
	size_t i;

	for (i = 0; i < B_NR; i++)
		intern_close(&l->body[i]);
}

static int key_collision(sqlite3 *db, int64_t image, const char *id, char *err)
{
	sqlite3_stmt *st = NULL;
	int ret = 0;

	if (sqlite3_prepare_v2(db, "SELECT id FROM images WHERE image = ? AND id <> ?", -1, &st,
			       NULL))
		return sqlerr(db, err, "images");
	sqlite3_bind_int64(st, 1, image);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		ret = seterr(err, "images %s and %s have the same key %lld; rename one", id,
			     (const char *)sqlite3_column_text(st, 0), (long long)image);
	sqlite3_finalize(st);
	return ret;
}

/* ------------------------------------------------- entry by entry (--work) */

/* Whether the line store (schema "lines", db/main.c --work) is attached. */
static bool lines_attached(sqlite3 *db)
{
	return sqlite3_db_filename(db, "lines") != NULL;
}

/* A stored line: the key of an entry and the hash of its text. */
struct line_hash {
	char *key;
	int64_t h1, h2;
};

struct line_set {
	struct line_hash *v;
	size_t n, cap;
};

static void line_set_free(struct line_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* The stored lines of surface @file of the image, in key order. */
static int line_set_load(struct loader *l, const char *file, struct line_set *s)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(l->db, "SELECT key, h1, h2 FROM lines.lines WHERE image = ?1 AND "
				      "file = ?2 ORDER BY key", -1, &st, NULL) != SQLITE_OK)
		return sqlerr(l->db, l->err, "lines");
	sqlite3_bind_int64(st, 1, l->image);
	sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);

		if (s->n == s->cap) {
			struct line_hash *nv = realloc(s->v, (s->cap = s->cap ? 2 * s->cap : 1024) *
							       sizeof(*nv));
			if (!nv)
				break;
			s->v = nv;
		}
		if (!(s->v[s->n].key = strdup(k ? k : "")))
			break;
		s->v[s->n].h1 = sqlite3_column_int64(st, 1);
		s->v[s->n].h2 = sqlite3_column_int64(st, 2);
		s->n++;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return seterr(l->err, "lines: out of memory");
	return rc == SQLITE_DONE ? 0 : sqlerr(l->db, l->err, "lines");
}

/* The stored line of (@file, @key) set to @h, or deleted when @h is NULL. */
static int line_store(struct loader *l, const char *file, const char *key, const int64_t *h)
{
	sqlite3_stmt *st = NULL;
	int ok;

	ok = sqlite3_prepare_v3(l->db, h ? "INSERT OR REPLACE INTO lines.lines VALUES (?1, ?2, ?3, ?4, ?5)"
					 : "DELETE FROM lines.lines WHERE image = ?1 AND file = ?2 AND key = ?3",
				-1, SQLITE_PREPARE_PERSISTENT, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_int64(st, 1, l->image);
		sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
		if (h) {
			sqlite3_bind_int64(st, 4, h[0]);
			sqlite3_bind_int64(st, 5, h[1]);
		}
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return ok ? 0 : sqlerr(l->db, l->err, "lines");
}

/* The rows of entry @key of JSON Lines surface @si deleted (its bodies released). */
static int delete_entry(struct loader *l, size_t si, const char *key)
{
	char parts[SURFACE_KEY_MAX][512];
	const char *p = key;
	size_t np = 0, i;

	while (np < SURFACE_KEY_MAX) {
		const char *sep = strchr(p, SURFACE_KEY_SEP);
		size_t len = sep ? (size_t)(sep - p) : strlen(p);

		if (len >= sizeof(parts[0]))
			return seterr(l->err, "%s: key too long: %.60s...", jsonl_surfaces[si].file, key);
		memcpy(parts[np], p, len);
		parts[np++][len] = 0;
		if (!sep)
			break;
		p = sep + 1;
	}
	if (jsonl_surfaces[si].bodies &&
	    (release_bodies(l, "function_rows", "name", parts[0], B_FUNC) ||
	     release_bodies(l, "func_def_rows", "func", parts[0], B_DEF)))
		return -1;
	for (i = 0; i < ENTRY_DELETES && jsonl_surfaces[si].del[i]; i++) {
		sqlite3_stmt *st = NULL;
		size_t k;
		int ok;

		ok = sqlite3_prepare_v3(l->db, jsonl_surfaces[si].del[i], -1,
					SQLITE_PREPARE_PERSISTENT, &st, NULL) == SQLITE_OK;
		if (ok) {
			sqlite3_bind_int64(st, 1, l->image);
			for (k = 0; k < np; k++)
				sqlite3_bind_text(st, (int)k + 2, parts[k], -1, SQLITE_STATIC);
			ok = sqlite3_step(st) == SQLITE_DONE;
		}
		sqlite3_finalize(st);
		if (!ok)
			return sqlerr(l->db, l->err, jsonl_surfaces[si].file);
	}
	return 0;
}

/*
 * JSON Lines surface @si of image folder @dir merged into the stored
 * rows: its lines and the stored line hashes are both in key order, so one
 * pass finds the entries that are new, changed (their line's bytes
 * differ) or gone. Only those are parsed and their rows replaced.
 */
static int merge_jsonl(struct loader *l, const char *dir, size_t si)
{
	const char *file = jsonl_surfaces[si].file;
	struct line_set old = { 0 };
	struct surface_reader r;
	char path[PATH_MAX];
	size_t i = 0;
	const char *key;
	json_t *obj;
	int err, ret = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	l->file = path;
	l->line = 0;
	if (line_set_load(l, file, &old))
		return -1;
	if (!file_exists(dir, file)) {
		err = 0;
		goto rest;	/* a surface the image does not have (older dataset) */
	}
	err = surface_reader_open(&r, dir, file, SURFACE_READER_KEYS_ONLY);
	if (err) {
		seterr(l->err, "%s: %s", path, strerror(-err));
		goto out;
	}
	while ((err = surface_reader_next(&r, &obj, &key)) > 0) {
		uint64_t h[2];
		int64_t hs[2];
		size_t len;
		const char *text = surface_reader_line(&r, &len);

		l->line = r.lineno;
		intern_hash_bytes(text, len, h);
		hs[0] = (int64_t)h[0];
		hs[1] = (int64_t)h[1];
		for (; i < old.n && strcmp(old.v[i].key, key) < 0; i++)
			if (delete_entry(l, si, old.v[i].key) || line_store(l, file, old.v[i].key, NULL))
				goto close;
		if (i < old.n && !strcmp(old.v[i].key, key)) {
			bool same = old.v[i].h1 == hs[0] && old.v[i].h2 == hs[1];

			i++;
			if (same)
				continue;
			if (delete_entry(l, si, key))
				goto close;
		}
		if ((err = surface_reader_parse(&r, NULL, &obj)))
			break;
		if (jsonl_surfaces[si].put(l, obj, key) || line_store(l, file, key, hs))
			goto close;
	}
	if (err == -EBADMSG)
		seterr(l->err, "%s:%lu: %s", path, r.error.line, r.error.text);
	else if (err)
		seterr(l->err, "%s: %s", path, strerror(-err));
	surface_reader_close(&r);
	l->line = 0;
rest:
	if (err)
		goto out;
	for (; i < old.n; i++)
		if (delete_entry(l, si, old.v[i].key) || line_store(l, file, old.v[i].key, NULL))
			goto out;
	ret = 0;
	goto out;
close:
	surface_reader_close(&r);
out:
	line_set_free(&old);
	return ret;
}

/* The one-document surfaces, each reloaded whole when its bytes change. */
static const struct {
	const char *file, *table;
	int (*load)(struct loader *l, const char *dir);
} doc_surfaces[] = {
	{ "syscalls.json", "syscalls", load_syscalls },
	{ "registers.json", "registers", load_registers },
	{ "config.json", "config", load_config },
};

/* The hash of file @dir/@file ({0, 0} when it is missing). */
static int file_hash(struct loader *l, const char *dir, const char *file, int64_t *hs)
{
	char path[PATH_MAX], buf[65536];
	struct intern_stream hst;
	uint64_t h[2];
	size_t n;
	FILE *f;

	hs[0] = hs[1] = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (!(f = fopen(path, "rb")))
		return errno == ENOENT ? 0 : seterr(l->err, "%s: %s", path, strerror(errno));
	intern_stream_init(&hst);
	while ((n = fread(buf, 1, sizeof(buf), f)))
		intern_stream_add(&hst, buf, n);
	if (ferror(f)) {
		fclose(f);
		return seterr(l->err, "%s: read error", path);
	}
	fclose(f);
	intern_stream_end(&hst, h);
	hs[0] = (int64_t)h[0];
	hs[1] = (int64_t)h[1] | 1;	/* never {0, 0}: that is "missing" */
	return 0;
}

static int merge_doc(struct loader *l, const char *dir, size_t di)
{
	const char *file = doc_surfaces[di].file;
	struct line_set old = { 0 };
	int64_t hs[2];
	char sql[96];
	int ret = -1;

	if (line_set_load(l, file, &old) || file_hash(l, dir, file, hs))
		goto out;
	if (old.n && old.v[0].h1 == hs[0] && old.v[0].h2 == hs[1]) {
		ret = 0;
		goto out;
	}
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE image = %lld", doc_surfaces[di].table,
		 (long long)l->image);
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		sqlerr(l->db, l->err, doc_surfaces[di].table);
		goto out;
	}
	if (doc_surfaces[di].load(l, dir) ||
	    line_store(l, file, "", (hs[0] || hs[1]) ? hs : NULL))
		goto out;
	ret = 0;
out:
	line_set_free(&old);
	return ret;
}

/*
 * Whether the stored lines are those of the image as the database holds it
 * (lines.line_images.fingerprint = images.fingerprint): else the image's
 * rows and lines are deleted and everything is loaded.
 */
static int lines_valid(struct loader *l, bool *valid)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*valid = false;
	if (sqlite3_prepare_v2(l->db, "SELECT 1 FROM lines.line_images li JOIN images i USING (image)"
				      " WHERE li.image = ?1 AND li.fingerprint = i.fingerprint",
			       -1, &st, NULL) != SQLITE_OK)
		return sqlerr(l->db, l->err, "lines");
	sqlite3_bind_int64(st, 1, l->image);
	rc = sqlite3_step(st);
	*valid = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlerr(l->db, l->err, "lines");
}

/* lines.line_images: the stored lines are those of @fingerprint. */
static int line_image_store(struct loader *l, const char *fingerprint)
{
	sqlite3_stmt *st = NULL;
	int ok;

	ok = sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO lines.line_images VALUES (?1, ?2)",
				-1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_int64(st, 1, l->image);
		sqlite3_bind_text(st, 2, fingerprint, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return ok ? 0 : sqlerr(l->db, l->err, "line_images");
}

static int exec_image(struct loader *l, const char *fmt)
{
	char sql[128];

	snprintf(sql, sizeof(sql), fmt, (long long)l->image);
	return sqlite3_exec(l->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0
		: sqlerr(l->db, l->err, sql);
}

static int load_image_entries(struct loader *l, const char *dir, const char *id,
			      const char *fingerprint)
{
	bool valid;
	size_t i;

	if (lines_valid(l, &valid))
		return -1;
	if (!valid && (delete_rows(l) || exec_image(l, "DELETE FROM lines.lines WHERE image = %lld")))
		return -1;
	if (valid && exec_image(l, "DELETE FROM images WHERE image = %lld"))
		return -1;
	if (load_meta(l, dir, id, fingerprint))
		return -1;
	for (i = 0; i < N_JSONL; i++)
		if (merge_jsonl(l, dir, i))
			return -1;
	for (i = 0; i < sizeof(doc_surfaces) / sizeof(doc_surfaces[0]); i++)
		if (merge_doc(l, dir, i))
			return -1;
	return line_image_store(l, fingerprint);
}

int load_image(sqlite3 *db, const char *dir, const char *id, const char *fingerprint,
	       long long *nrows, char *err)
{
	struct loader l = { .db = db, .image = dsdb_image_key(id), .err = err };
	size_t i;
	int ret = -1;

	if (key_collision(db, l.image, id, err))
		return -1;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return sqlerr(db, err, "begin");
	for (i = 0; i < S_NR; i++)
		if (sqlite3_prepare_v3(db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &l.st[i],
				       NULL) != SQLITE_OK) {
			sqlerr(db, err, stmt_sql[i]);
			goto out;
		}
	if (open_bodies(&l))
		goto out;
	if (lines_attached(db)) {
		if (load_image_entries(&l, dir, id, fingerprint))
			goto out;
	} else {
		if (delete_rows(&l) || load_meta(&l, dir, id, fingerprint))
			goto out;
		for (i = 0; i < N_JSONL; i++)
			if (load_jsonl(&l, dir, jsonl_surfaces[i].file, jsonl_surfaces[i].put))
				goto out;
		if (load_syscalls(&l, dir) || load_registers(&l, dir) || load_config(&l, dir))
			goto out;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlerr(db, err, "commit");
		goto out;
	}
	ret = 0;
	*nrows = l.rows;
out:
	for (i = 0; i < S_NR; i++)
		sqlite3_finalize(l.st[i]);
	close_bodies(&l);
	if (ret)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

int load_drop_image(sqlite3 *db, const char *id, char *err)
{
	struct loader l = { .db = db, .image = dsdb_image_key(id), .err = err };
	int ret = -1;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return sqlerr(db, err, "begin");
	if (open_bodies(&l) || delete_rows(&l))
		goto out;
	if (lines_attached(db) &&
	    (exec_image(&l, "DELETE FROM lines.lines WHERE image = %lld") ||
	     exec_image(&l, "DELETE FROM lines.line_images WHERE image = %lld")))
		goto out;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlerr(db, err, "commit");
		goto out;
	}
	ret = 0;
out:
	close_bodies(&l);
	if (ret)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}
