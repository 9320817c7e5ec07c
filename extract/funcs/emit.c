// SPDX-License-Identifier: MIT
/*
 * funcs.jsonl: one compact object per group, keys in the order of
 * docs/schema-funcs.md. This file is the only spelling of that layout;
 * util/jsonw.h writes it (commas, escaping, the bytes jansson would).
 */
#include "extract/funcs/funcs.h"
#include "util/jsonw.h"
#include "util/sbuf.h"
#include "normalize/symname.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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

struct emit {
	struct jsonw *w;
	const struct model *m;
	const struct fsyms *fs;
	struct sbuf caller;	/* "file:name", reused */
};

/* Addresses are hex strings: 64-bit kernel addresses exceed the 2^53 that
 * JSON numbers carry exactly in most parsers. */
static void addr_field(struct jsonw *w, const char *key, uint64_t addr)
{
	char buf[20], *e = buf + sizeof(buf), *p = e;

	jsonw_key(w, key);
	if (addr == NO_ADDR) {
		jsonw_null(w);
		return;
	}
	do {
		*--p = "0123456789abcdef"[addr & 15];
		addr >>= 4;
	} while (addr);
	*--p = 'x';
	*--p = '0';
	jsonw_stringn(w, p, e - p);
}

static void callers_field(struct emit *e, const char *key, size_t first,
			  size_t n)
{
	struct sbuf *sb = &e->caller;
	size_t i;

	jsonw_key(e->w, key);
	jsonw_begin_array(e->w);
	for (i = 0; i < n; i++) {
		const struct fn_caller *c = &e->m->callers[first + i];

		sbuf_reset(sb);
		sbuf_add(sb, strtab_str(e->m->strs, c->file));
		sbuf_addn(sb, ":", 1);
		sbuf_add(sb, strtab_str(e->m->names, c->name));
		if (sb->err)
			return;
		jsonw_stringn(e->w, sb->buf, sb->len);
	}
	jsonw_end_array(e->w);
}

static void def_object(struct emit *e, const struct fn_def *d)
{
	struct jsonw *w = e->w;

	jsonw_begin_object(w);
	jsonw_string_field(w, "file", strtab_str(e->m->strs, d->file));
	jsonw_uint_field(w, "line", d->line);
	jsonw_string_field(w, "cu", strtab_str(e->m->strs, d->cu_path));
	jsonw_bool_field(w, "external", d->external);
	jsonw_bool_field(w, "declared_inline", INL_DECLARED(d->inline_attr));
	jsonw_bool_field(w, "inlined", INL_INLINED(d->inline_attr));
	jsonw_uint_field(w, "inline_sites", d->inline_sites);
	callers_field(e, "inline_callers", d->caller_first,
		      d->nr_inline_callers);
	jsonw_uint_field(w, "call_sites", d->call_sites);
	callers_field(e, "call_callers",
		      d->caller_first + d->nr_inline_callers, d->nr_call_callers);
	addr_field(w, "addr", d->addr);
	jsonw_end_object(w);
}

static void sym_object(struct jsonw *w, const struct fn_sym *s)
{
	jsonw_begin_object(w);
	jsonw_string_field(w, "name", s->name);
	addr_field(w, "addr", s->addr);
	jsonw_uint_field(w, "size", s->size);
	jsonw_string_field(w, "bind", bind_name(s->bind));
	jsonw_string_field(w, "section", s->section);
	jsonw_end_object(w);
}

/* null for symbol-only (assembly) functions. */
static void proto_field(struct jsonw *w, const struct fn_group *g)
{
	size_t i;

	jsonw_key(w, "proto");
	if (!g->ret) {
		jsonw_null(w);
		return;
	}
	jsonw_begin_object(w);
	jsonw_string_field(w, "ret", g->ret);
	jsonw_key(w, "params");
	jsonw_begin_array(w);
	for (i = 0; i < g->nr_params; i++) {
		jsonw_begin_object(w);
		jsonw_string_field(w, "name", g->params[i].name);
		jsonw_string_field(w, "type", g->params[i].type);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_string_field(w, "source", g->proto_src);
	jsonw_end_object(w);
}

static void transforms_field(struct jsonw *w, unsigned int transforms)
{
	unsigned int k;

	jsonw_key(w, "transforms");
	jsonw_begin_array(w);
	for (k = 0; k < SYMSFX_NR; k++)
		if (transforms & (1u << k))
			jsonw_string(w, symname_suffix_name(k));
	jsonw_end_array(w);
}

/* One line of funcs.jsonl. */
static void group_line(struct emit *e, const struct fn_group *g)
{
	struct jsonw *w = e->w;
	size_t i;

	jsonw_begin_object(w);
	jsonw_string_field(w, "name", strtab_str(e->m->names, g->name));
	jsonw_string_field(w, "inline", inline_names[g->inline_kind]);
	jsonw_string_field(w, "collision", collision_names[g->collision]);
	transforms_field(w, g->transforms);
	jsonw_bool_field(w, "exact_symbol", g->exact_symbol);
	jsonw_bool_field(w, "traceable", g->traceable);
	jsonw_bool_field(w, "kprobe_blacklisted", g->kprobe_blacklisted);
	proto_field(w, g);
	jsonw_key(w, "defs");
	jsonw_begin_array(w);
	for (i = 0; i < g->nr_defs; i++)
		def_object(e, &e->m->defs[g->defs[i]]);
	jsonw_end_array(w);
	jsonw_key(w, "symbols");
	jsonw_begin_array(w);
	for (i = 0; i < g->nr_syms; i++)
		sym_object(w, &e->fs->syms[g->syms[i]]);
	jsonw_end_array(w);
	jsonw_end_object(w);
	jsonw_newline(w);
}

int emit_jsonl(FILE *f, const struct model *m, const struct fsyms *fs, size_t *group)
{
	struct emit e = { .w = jsonw_new(f), .m = m, .fs = fs };
	size_t i;
	int err = -ENOMEM;

	sbuf_init(&e.caller);
	if (!e.w)
		goto out;
	for (i = 0; i < m->nr_groups && !jsonw_err(e.w) && !e.caller.err; i++) {
		*group = i;
		group_line(&e, &m->groups[i]);
	}
	err = e.caller.err ? e.caller.err : jsonw_finish(e.w);
out:
	jsonw_free(e.w);
	sbuf_free(&e.caller);
	return err;
}

/* ------------------------------------------------------------ -EILSEQ */

/* The first string of def @d that is not UTF-8: what it is, else NULL. */
static const char *bad_def_string(const struct model *m, const struct fn_def *d)
{
	size_t i;

	if (!jsonw_utf8_valid(strtab_str(m->strs, d->file)))
		return "declaration file name";
	if (!jsonw_utf8_valid(strtab_str(m->strs, d->cu_path)))
		return "compile unit name";
	for (i = 0; i < d->nr_inline_callers + d->nr_call_callers; i++) {
		const struct fn_caller *c = &m->callers[d->caller_first + i];

		if (!jsonw_utf8_valid(strtab_str(m->strs, c->file)) ||
		    !jsonw_utf8_valid(strtab_str(m->names, c->name)))
			return "name of a caller";
	}
	return NULL;
}

int emit_bad_string(const struct model *m, const struct fsyms *fs, const struct dwalk *dw,
		    size_t gi, char *buf, size_t len)
{
	const struct fn_group *g = &m->groups[gi];
	const struct fn_def *d = NULL;
	const struct fn_sym *s = g->nr_syms ? &fs->syms[g->syms[0]] : NULL;
	const char *what = NULL;
	char where[64] = "";
	size_t i;

	if (!jsonw_utf8_valid(strtab_str(m->names, g->name)))
		what = "function name";
	else if (!jsonw_utf8_valid(g->ret))
		what = "return type";
	for (i = 0; !what && i < g->nr_params; i++)
		if (!jsonw_utf8_valid(g->params[i].name))
			what = "parameter name";
		else if (!jsonw_utf8_valid(g->params[i].type))
			what = "parameter type";
	for (i = 0; !what && i < g->nr_defs; i++) {
		what = bad_def_string(m, &m->defs[g->defs[i]]);
		if (what)
			d = &m->defs[g->defs[i]];
	}
	for (i = 0; !what && i < g->nr_syms; i++) {
		s = &fs->syms[g->syms[i]];
		if (!jsonw_utf8_valid(s->name))
			what = "symbol name";
		else if (!jsonw_utf8_valid(s->section))
			what = "section name of symbol";
	}
	if (!what)
		return -ENOENT;
	if (!d && g->nr_defs)
		d = &m->defs[g->defs[0]];
	/* where to look: the DIE of the definition, else the symbol */
	if (d && d->sp < dw->nr_sps && !(s && !strcmp(what, "symbol name")))
		snprintf(where, sizeof(where), "at DIE %#llx",
			 (unsigned long long)dw->sps[d->sp].off);
	else if (s)
		snprintf(where, sizeof(where), "at address %#llx (.symtab)",
			 (unsigned long long)s->addr);
	snprintf(buf, len, "%s %s is not valid UTF-8", what, where);
	return 0;
}
