// SPDX-License-Identifier: MIT
/* funcs.jsonl: one compact object per group, keys in schema order. */
#include "extract/funcs/funcs.h"
#include "schema/jsonl.h"
#include "util/mem.h"
#include "util/sbuf.h"
#include "normalize/symname.h"

#include <errno.h>
#include <stdlib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

static const char *const inline_names[] = {
	[INLINE_NONE] = "none",
	[INLINE_SELECTIVE] = "selective",
	[INLINE_FULL] = "full",
};

static const char *const collision_names[] = {
	[COLL_UNIQUE_GLOBAL] = "unique_global",
	[COLL_UNIQUE_STATIC] = "unique_static",
	[COLL_STATIC_DUPLICATE] = "static_duplicate",
	[COLL_STATIC_STATIC] = "static_static",
	[COLL_STATIC_GLOBAL] = "static_global",
};

static const char *bind_name(uint8_t bind)
{
	switch (bind) {
	case STB_GLOBAL:
		return "global";
	case STB_LOCAL:
		return "local";
	case STB_WEAK:
		return "weak";
	case STB_GNU_UNIQUE:
		return "unique";
	default:
		return "other";
	}
}

/* Addresses are hex strings: 64-bit kernel addresses exceed the 2^53 that
 * JSON numbers carry exactly in most parsers. */
static json_t *addr_json(uint64_t addr)
{
	char buf[24];

	if (addr == NO_ADDR)
		return json_null();
	snprintf(buf, sizeof(buf), "0x%" PRIx64, addr);
	return json_string(buf);
}

/* Borrowed strings are ASCII paths and identifiers; jansson still checks. */
static int set(json_t *obj, const char *key, json_t *val)
{
	return val ? json_object_set_new(obj, key, val) : -1;
}

static json_t *callers_json(const struct model *m, size_t first, size_t n)
{
	json_t *arr = json_array();
	char buf[512];
	size_t i;

	for (i = 0; arr && i < n; i++) {
		const struct fn_caller *c = &m->callers[first + i];
		const char *file = strtab_str(m->strs, c->file);
		const char *name = strtab_str(m->names, c->name);
		json_t *s;
		int len = snprintf(buf, sizeof(buf), "%s:%s", file, name);

		if (len < 0) {
			json_decref(arr);
			return NULL;
		}
		if ((size_t)len < sizeof(buf)) {
			s = json_stringn(buf, len);
		} else {
			char *big;

			if (asprintf(&big, "%s:%s", file, name) < 0)
				big = NULL;
			s = big ? json_string(big) : NULL;
			free(big);
		}
		if (!s || json_array_append_new(arr, s)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *def_json(const struct model *m, const struct fn_def *d)
{
	json_t *o = json_object();
	int bad = 0;

	if (!o)
		return NULL;
	bad |= set(o, "file", json_string(strtab_str(m->strs, d->file)));
	bad |= set(o, "line", json_integer(d->line));
	bad |= set(o, "cu", json_string(strtab_str(m->strs, d->cu_path)));
	bad |= set(o, "external", json_boolean(d->external));
	bad |= set(o, "declared_inline", json_boolean(INL_DECLARED(d->inline_attr)));
	bad |= set(o, "inlined", json_boolean(INL_INLINED(d->inline_attr)));
	bad |= set(o, "inline_sites", json_integer(d->inline_sites));
	bad |= set(o, "inline_callers",
		   callers_json(m, d->caller_first, d->nr_inline_callers));
	bad |= set(o, "call_sites", json_integer(d->call_sites));
	bad |= set(o, "call_callers",
		   callers_json(m, d->caller_first + d->nr_inline_callers,
				d->nr_call_callers));
	bad |= set(o, "addr", addr_json(d->addr));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *sym_json(const struct fn_sym *s)
{
	json_t *o = json_object();
	int bad = 0;

	if (!o)
		return NULL;
	bad |= set(o, "name", json_string(s->name));
	bad |= set(o, "addr", addr_json(s->addr));
	bad |= set(o, "size", json_integer(s->size));
	bad |= set(o, "bind", json_string(bind_name(s->bind)));
	bad |= set(o, "section", json_string(s->section));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *proto_json(const struct fn_group *g)
{
	json_t *o, *params;
	size_t i;
	int bad = 0;

	if (!g->ret)
		return json_null();
	o = json_object();
	params = json_array();
	if (!o || !params) {
		json_decref(o);
		json_decref(params);
		return NULL;
	}
	bad |= set(o, "ret", json_string(g->ret));
	for (i = 0; i < g->nr_params && !bad; i++) {
		json_t *p = json_object();

		bad |= !p;
		if (p) {
			bad |= set(p, "name", json_string(g->params[i].name));
			bad |= set(p, "type", json_string(g->params[i].type));
			bad |= json_array_append_new(params, p);
		}
	}
	bad |= set(o, "params", params);
	bad |= set(o, "source", json_string(g->proto_src));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *group_json(const struct model *m, const struct fsyms *fs,
			  const struct fn_group *g)
{
	json_t *o = json_object(), *tr, *defs, *syms;
	unsigned int k;
	size_t i;
	int bad = 0;

	if (!o)
		return NULL;
	bad |= set(o, "name", json_string(strtab_str(m->names, g->name)));
	bad |= set(o, "inline", json_string(inline_names[g->inline_kind]));
	bad |= set(o, "collision", json_string(collision_names[g->collision]));
	tr = json_array();
	for (k = 0; tr && k < SYMSFX_NR; k++)
		if (g->transforms & (1u << k))
			bad |= json_array_append_new(tr,
					json_string(symname_suffix_name(k)));
	bad |= set(o, "transforms", tr);
	bad |= set(o, "exact_symbol", json_boolean(g->exact_symbol));
	bad |= set(o, "traceable", json_boolean(g->traceable));
	bad |= set(o, "kprobe_blacklisted", json_boolean(g->kprobe_blacklisted));
	bad |= set(o, "proto", proto_json(g));
	defs = json_array();
	for (i = 0; defs && i < g->nr_defs && !bad; i++)
		bad |= json_array_append_new(defs,
					     def_json(m, &m->defs[g->defs[i]]));
	bad |= set(o, "defs", defs);
	syms = json_array();
	for (i = 0; syms && i < g->nr_syms && !bad; i++)
		bad |= json_array_append_new(syms, sym_json(&fs->syms[g->syms[i]]));
	bad |= set(o, "symbols", syms);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ------------------------------------------------------------ direct */

/*
 * The direct writer: the same bytes as dumping group_json() with
 * JSONL_FLAGS, written straight into a buffer. Building and dumping
 * ~1.5 million jansson values was 60% of the stage; this is 10x faster.
 * Strings of printable ASCII other than '"' and '\\' are written as they
 * are (jansson leaves those bytes alone); anything else is escaped by
 * jansson itself. tests/funcs/test-funcs.sh compares both writers.
 */
#define FLUSH_AT (1u << 20)

struct jw {
	struct sbuf sb;
	FILE *f;
	int err;
};

static void jw_raw(struct jw *w, const char *s, size_t len)
{
	sbuf_addn(&w->sb, s, len);
}

#define JW_LIT(w, lit) jw_raw((w), (lit), sizeof(lit) - 1)

/* The length of @s when every byte may be written as is, else -1. */
static ssize_t plain_len(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			return -1;
	return (const char *)p - s;
}

/* Room for @n more bytes; NULL (sticky error) when out of memory. */
static char *jw_room(struct jw *w, size_t n)
{
	struct sbuf *sb = &w->sb;

	if (sb->err)
		return NULL;
	if (sb->len + n + 1 > sb->cap &&
	    mem_ensure((void **)&sb->buf, &sb->cap, 1, sb->len + n + 1)) {
		sb->err = -ENOMEM;
		return NULL;
	}
	return sb->buf + sb->len;
}

static void jw_commit(struct jw *w, size_t n)
{
	w->sb.len += n;
	w->sb.buf[w->sb.len] = 0;
}

/* Escape through jansson: the reference for anything unusual. */
static void jw_str_slow(struct jw *w, const char *s)
{
	char *esc;
	json_t *js = json_string(s);

	esc = js ? json_dumps(js, JSONL_FLAGS | JSON_ENCODE_ANY) : NULL;
	json_decref(js);
	if (!esc) {
		w->err = -EINVAL;	/* not UTF-8 */
		return;
	}
	sbuf_add(&w->sb, esc);
	free(esc);
}

static void jw_str(struct jw *w, const char *s)
{
	ssize_t n = plain_len(s);
	char *p;

	if (n < 0) {
		jw_str_slow(w, s);
		return;
	}
	p = jw_room(w, n + 2);
	if (!p)
		return;
	p[0] = '"';
	memcpy(p + 1, s, n);
	p[n + 1] = '"';
	jw_commit(w, n + 2);
}

static void jw_key(struct jw *w, const char *key, bool first)
{
	if (!first)
		JW_LIT(w, ",");
	jw_str(w, key);
	JW_LIT(w, ":");
}

static void jw_int(struct jw *w, uint64_t v)
{
	char buf[24], *e = buf + sizeof(buf), *p = e;

	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	jw_raw(w, p, e - p);
}

static void jw_bool(struct jw *w, bool v)
{
	if (v)
		JW_LIT(w, "true");
	else
		JW_LIT(w, "false");
}

static void jw_addr(struct jw *w, uint64_t addr)
{
	char buf[24], *e = buf + sizeof(buf), *p = e;

	if (addr == NO_ADDR) {
		JW_LIT(w, "null");
		return;
	}
	*--p = '"';
	do {
		*--p = "0123456789abcdef"[addr & 15];
		addr >>= 4;
	} while (addr);
	*--p = 'x';
	*--p = '0';
	*--p = '"';
	jw_raw(w, p, e - p);
}

static void jw_callers(struct jw *w, const struct model *m, size_t first,
		       size_t n)
{
	size_t i;

	JW_LIT(w, "[");
	for (i = 0; i < n; i++) {
		const struct fn_caller *c = &m->callers[first + i];
		const char *file = strtab_str(m->strs, c->file);
		const char *name = strtab_str(m->names, c->name);
		ssize_t fl = plain_len(file), nl = plain_len(name);
		char *p, *big;

		if (i)
			JW_LIT(w, ",");
		if (fl >= 0 && nl >= 0) {	/* '"' file ':' name '"' */
			p = jw_room(w, fl + nl + 3);
			if (!p)
				return;
			p[0] = '"';
			memcpy(p + 1, file, fl);
			p[fl + 1] = ':';
			memcpy(p + fl + 2, name, nl);
			p[fl + nl + 2] = '"';
			jw_commit(w, fl + nl + 3);
			continue;
		}
		if (asprintf(&big, "%s:%s", file, name) < 0) {
			w->err = -ENOMEM;
			return;
		}
		jw_str_slow(w, big);
		free(big);
	}
	JW_LIT(w, "]");
}

static void jw_def(struct jw *w, const struct model *m, const struct fn_def *d)
{
	jw_key(w, "file", true);
	jw_str(w, strtab_str(m->strs, d->file));
	jw_key(w, "line", false);
	jw_int(w, d->line);
	jw_key(w, "cu", false);
	jw_str(w, strtab_str(m->strs, d->cu_path));
	jw_key(w, "external", false);
	jw_bool(w, d->external);
	jw_key(w, "declared_inline", false);
	jw_bool(w, INL_DECLARED(d->inline_attr));
	jw_key(w, "inlined", false);
	jw_bool(w, INL_INLINED(d->inline_attr));
	jw_key(w, "inline_sites", false);
	jw_int(w, d->inline_sites);
	jw_key(w, "inline_callers", false);
	jw_callers(w, m, d->caller_first, d->nr_inline_callers);
	jw_key(w, "call_sites", false);
	jw_int(w, d->call_sites);
	jw_key(w, "call_callers", false);
	jw_callers(w, m, d->caller_first + d->nr_inline_callers,
		   d->nr_call_callers);
	jw_key(w, "addr", false);
	jw_addr(w, d->addr);
}

static void jw_group(struct jw *w, const struct model *m,
		     const struct fsyms *fs, const struct fn_group *g)
{
	bool first = true;
	unsigned int k;
	size_t i;

	JW_LIT(w, "{");
	jw_key(w, "name", true);
	jw_str(w, strtab_str(m->names, g->name));
	jw_key(w, "inline", false);
	jw_str(w, inline_names[g->inline_kind]);
	jw_key(w, "collision", false);
	jw_str(w, collision_names[g->collision]);
	jw_key(w, "transforms", false);
	JW_LIT(w, "[");
	for (k = 0; k < SYMSFX_NR; k++) {
		if (!(g->transforms & (1u << k)))
			continue;
		if (!first)
			JW_LIT(w, ",");
		first = false;
		jw_str(w, symname_suffix_name(k));
	}
	JW_LIT(w, "]");
	jw_key(w, "exact_symbol", false);
	jw_bool(w, g->exact_symbol);
	jw_key(w, "traceable", false);
	jw_bool(w, g->traceable);
	jw_key(w, "kprobe_blacklisted", false);
	jw_bool(w, g->kprobe_blacklisted);
	jw_key(w, "proto", false);
	if (!g->ret) {
		JW_LIT(w, "null");
	} else {
		JW_LIT(w, "{");
		jw_key(w, "ret", true);
		jw_str(w, g->ret);
		jw_key(w, "params", false);
		JW_LIT(w, "[");
		for (i = 0; i < g->nr_params; i++) {
			if (i)
				JW_LIT(w, ",");
			JW_LIT(w, "{");
			jw_key(w, "name", true);
			jw_str(w, g->params[i].name);
			jw_key(w, "type", false);
			jw_str(w, g->params[i].type);
			JW_LIT(w, "}");
		}
		JW_LIT(w, "]");
		jw_key(w, "source", false);
		jw_str(w, g->proto_src);
		JW_LIT(w, "}");
	}
	jw_key(w, "defs", false);
	JW_LIT(w, "[");
	for (i = 0; i < g->nr_defs; i++) {
		if (i)
			JW_LIT(w, ",");
		JW_LIT(w, "{");
		jw_def(w, m, &m->defs[g->defs[i]]);
		JW_LIT(w, "}");
	}
	JW_LIT(w, "]");
	jw_key(w, "symbols", false);
	JW_LIT(w, "[");
	for (i = 0; i < g->nr_syms; i++) {
		const struct fn_sym *s = &fs->syms[g->syms[i]];

		if (i)
			JW_LIT(w, ",");
		JW_LIT(w, "{");
		jw_key(w, "name", true);
		jw_str(w, s->name);
		jw_key(w, "addr", false);
		jw_addr(w, s->addr);
		jw_key(w, "size", false);
		jw_int(w, s->size);
		jw_key(w, "bind", false);
		jw_str(w, bind_name(s->bind));
		jw_key(w, "section", false);
		jw_str(w, s->section);
		JW_LIT(w, "}");
	}
	JW_LIT(w, "]}\n");
}

/* ------------------------------------------------------------ output */

static int buf_add(const char *s, size_t len, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_addn(sb, s, len);
	return sb->err ? -1 : 0;
}

/* One line through jansson objects (the reference writer). */
static int jansson_line(struct jw *w, const struct model *m,
			const struct fsyms *fs, const struct fn_group *g)
{
	json_t *o = group_json(m, fs, g);
	int err = 0;

	if (!o)
		return -ENOMEM;
	/* json_dumpf() would fwrite() every token: dump into the buffer */
	if (json_dump_callback(o, buf_add, &w->sb, JSONL_FLAGS))
		err = w->sb.err ? w->sb.err : -EIO;
	json_decref(o);
	sbuf_addn(&w->sb, "\n", 1);
	return err;
}

static int flush(struct jw *w)
{
	if (w->sb.err)
		return w->sb.err;
	if (w->sb.len && fwrite(w->sb.buf, 1, w->sb.len, w->f) != w->sb.len)
		return -EIO;
	sbuf_reset(&w->sb);
	return 0;
}

int emit_jsonl(FILE *f, const struct model *m, const struct fsyms *fs,
	       bool use_jansson)
{
	struct jw w = { .f = f };
	size_t i;
	int err = 0;

	sbuf_init(&w.sb);
	for (i = 0; i < m->nr_groups && !err; i++) {
		if (use_jansson)
			err = jansson_line(&w, m, fs, &m->groups[i]);
		else
			jw_group(&w, m, fs, &m->groups[i]);
		if (!err)
			err = w.err;
		if (!err && w.sb.len >= FLUSH_AT)
			err = flush(&w);
	}
	if (!err)
		err = flush(&w);
	sbuf_free(&w.sb);
	return err;
}
