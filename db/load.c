// SPDX-License-Identifier: MIT
/*
 * One image's surface files → rows of the depsurf database (db/load.h,
 * docs/schema-sqlite.md). The JSON Lines files are streamed back with
 * schema/surface_reader.h (parsed, keys order-checked); the one-document
 * ones loaded whole. Prepared statements, one per table.
 */
#include "db/load.h"
#include "db/dsdb.h"
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
	[S_FUNC] = "INSERT INTO functions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[S_DEF] = "INSERT INTO func_defs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
	"functions", "func_defs", "func_symbols", "structs", "members", "enums",
	"enum_values", "tracepoints", "tp_fields", "tp_args", "syscalls", "lsm_hooks",
	"kfuncs", "registers", "config", "images",
};

struct loader {
	sqlite3 *db;
	sqlite3_stmt *st[S_NR];
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

static int put_func(struct loader *l, const json_t *o, const char *name)
{
	sqlite3_stmt *s = l->st[S_FUNC];
	const json_t *proto = json_object_get(o, "proto"), *defs = json_object_get(o, "defs");
	const json_t *syms = json_object_get(o, "symbols"), *d;
	long long isites = 0, csites = 0;
	size_t i;

	json_array_foreach(defs, i, d) {
		sqlite3_stmt *t = l->st[S_DEF];

		isites += json_integer_value(json_object_get(d, "inline_sites"));
		csites += json_integer_value(json_object_get(d, "call_sites"));
		b_text(t, 1, name);
		sqlite3_bind_int64(t, 2, l->image);
		sqlite3_bind_int64(t, 3, (sqlite3_int64)i);
		b_str(t, 4, d, "file");
		b_int(t, 5, d, "line");
		b_str(t, 6, d, "cu");
		b_int(t, 7, d, "external");
		b_int(t, 8, d, "declared_inline");
		b_int(t, 9, d, "inlined");
		b_int(t, 10, d, "inline_sites");
		b_json(t, 11, json_object_get(d, "inline_callers"), "[]");
		b_int(t, 12, d, "call_sites");
		b_json(t, 13, json_object_get(d, "call_callers"), "[]");
		b_str(t, 14, d, "addr");
		if (run(l, S_DEF))
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
	b_text(s, 1, name);
	sqlite3_bind_int64(s, 2, l->image);
	b_str(s, 3, o, "inline");
	b_str(s, 4, o, "collision");
	b_json(s, 5, json_object_get(o, "transforms"), "[]");
	b_int(s, 6, o, "exact_symbol");
	b_int(s, 7, o, "traceable");
	b_int(s, 8, o, "kprobe_blacklisted");
	b_proto(s, 9, name, proto);
	b_str(s, 10, proto, "source");
	b_json(s, 11, json_object_get(proto, "params"), NULL);
	sqlite3_bind_int64(s, 12, (sqlite3_int64)json_array_size(defs));
	sqlite3_bind_int64(s, 13, (sqlite3_int64)json_array_size(syms));
	sqlite3_bind_int64(s, 14, isites);
	sqlite3_bind_int64(s, 15, csites);
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

static const struct {
	const char *file;
	put_fn put;
} jsonl_surfaces[] = {
	{ "funcs.jsonl", put_func },
	{ "structs.jsonl", put_struct },
	{ "unions.jsonl", put_union },
	{ "enums.jsonl", put_enum },
	{ "tracepoints.jsonl", put_tracepoint },
	{ "lsm_hooks.jsonl", put_lsm },
	{ "kfuncs.jsonl", put_kfunc },
};

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

static int delete_rows(sqlite3 *db, int64_t image, char *err)
{
	char sql[128];
	size_t i;

	for (i = 0; i < sizeof(image_tables) / sizeof(image_tables[0]); i++) {
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE image = %lld", image_tables[i],
			 (long long)image);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return sqlerr(db, err, image_tables[i]);
	}
	return 0;
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
	if (delete_rows(db, l.image, err) || load_meta(&l, dir, id, fingerprint))
		goto out;
	for (i = 0; i < sizeof(jsonl_surfaces) / sizeof(jsonl_surfaces[0]); i++)
		if (load_jsonl(&l, dir, jsonl_surfaces[i].file, jsonl_surfaces[i].put))
			goto out;
	if (load_syscalls(&l, dir) || load_registers(&l, dir) || load_config(&l, dir))
		goto out;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlerr(db, err, "commit");
		goto out;
	}
	ret = 0;
	*nrows = l.rows;
out:
	for (i = 0; i < S_NR; i++)
		sqlite3_finalize(l.st[i]);
	if (ret)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

int load_drop_image(sqlite3 *db, const char *id, char *err)
{
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return sqlerr(db, err, "begin");
	if (delete_rows(db, dsdb_image_key(id), err)) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlerr(db, err, "commit");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}
