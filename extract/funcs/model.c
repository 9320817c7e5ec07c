// SPDX-License-Identifier: MIT
/*
 * From walk records and symbols to classified function groups.
 *
 * Definitions. A DW_TAG_subprogram that is not a declaration either
 * defines a function (a plain body, or the abstract instance of an inline
 * function: DW_AT_inline) or is an instance of one (an out-of-line copy or a
 * clone such as foo.isra.0: DW_AT_abstract_origin). Origin chains
 * (concrete → abstract → declaration through DW_AT_abstract_origin and
 * DW_AT_specification) are followed to the last non-declaration DIE: that
 * DIE is the definition ("def"); name, decl file/line and DW_AT_external
 * are taken from the first DIE along the chain that has them. Instances
 * give the def its address.
 *
 * Sites. An inlined subroutine or a call site counts for the def its origin
 * resolves to. A call whose origin is a declaration (an external function
 * declared in the caller's unit) goes to the def that DW_AT_specification
 * ties to that declaration, else by name: the same unit's static def, else
 * the group's external def. The caller is the outermost subprogram around
 * the site (the out-of-line function whose body holds the call or the
 * inlined copy), written "decl_file:name" of its def.
 */
#include "extract/funcs/funcs.h"
#include "util/mem.h"
#include "normalize/srcpath.h"
#include "normalize/symname.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

/* qsort_r(), which must not see the NULL base of an empty array. */
static void sort(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *, void *), const void *ctx)
{
	if (n > 1)
		qsort_r(base, n, size, cmp, (void *)ctx);
}
#define MAX_CHAIN 16

struct cu_paths {
	bool parsed;
	struct dwfiles files;
	uint32_t path;		/* strtab id + 1 of the CU name, 0 = not yet */
	uint32_t *file_ids;	/* per file index: strtab id + 1, 0 = not yet */
};

struct builder {
	struct model *m;
	struct strtab *names;	/* group names: id - 1 = group index */
	const struct kimage *img;
	const struct dwalk *dw;
	const struct fsyms *fs;
	uint32_t *def_of;	/* sp → defining sp, NONE for declarations */
	uint32_t *defidx;	/* defining sp → def index, NONE */
	uint32_t *decl_def;	/* declaration sp → def index (specification) */
	struct cu_paths *cups;
	size_t cap_defs, cap_callers;
};

/* ------------------------------------------------------------ paths */

static int64_t intern_path(struct builder *b, const char *dir,
			   const char *name, const char *comp_dir)
{
	char *norm = srcpath_normalize2(dir, name, comp_dir);
	int64_t id;

	if (!norm)
		return -ENOMEM;
	id = strtab_add(b->m->strs, norm, strlen(norm));
	free(norm);
	return id;
}

static int64_t cu_path(struct builder *b, uint32_t cu)
{
	struct cu_paths *cp = &b->cups[cu];
	const struct fn_cu *c = &b->dw->cus[cu];
	int64_t id;

	if (cp->path)
		return cp->path - 1;
	id = intern_path(b, NULL, c->name ? c->name : "", c->comp_dir);
	if (id >= 0)
		cp->path = id + 1;
	return id;
}

/* The normalized path of file @idx of unit @cu (its own name if unknown). */
static int64_t file_path(struct builder *b, uint32_t cu, uint32_t idx)
{
	struct cu_paths *cp = &b->cups[cu];
	const struct fn_cu *c = &b->dw->cus[cu];
	const struct dwfile *f;
	int64_t id;

	if (!cp->parsed) {
		cp->parsed = true;
		if (c->stmt_list != UINT64_MAX &&
		    dwfiles_parse(kimage_lines(b->img), c->stmt_list, c->comp_dir,
				  &cp->files) == 0) {
			cp->file_ids = calloc(cp->files.nr ? cp->files.nr : 1,
					      sizeof(*cp->file_ids));
			if (!cp->file_ids)
				return -ENOMEM;
		}
	}
	if (!cp->file_ids || idx >= cp->files.nr || !cp->files.files[idx].name)
		return cu_path(b, cu);
	if (cp->file_ids[idx])
		return cp->file_ids[idx] - 1;
	f = &cp->files.files[idx];
	id = intern_path(b, f->dir, f->name, c->comp_dir);
	if (id >= 0)
		cp->file_ids[idx] = id + 1;
	return id;
}

/* ------------------------------------------------------------ defs */

static int64_t group_of_name(struct builder *b, const char *name, size_t len)
{
	struct model *m = b->m;
	int64_t id = strtab_add(b->names, name, len);

	if (id < 0)
		return id;
	while ((size_t)id > m->nr_groups) {
		struct fn_group *g = mem_add((void **)&m->groups, &m->cap_groups,
					     &m->nr_groups, sizeof(*g));

		if (!g)
			return -ENOMEM;
		g->name = m->nr_groups;	/* names id (0 is "") */
	}
	return id - 1;
}

static int group_add(uint32_t **arr, size_t *nr, size_t *cap, uint32_t v)
{
	uint32_t *slot = mem_add((void **)arr, cap, nr, sizeof(**arr));

	if (!slot)
		return -ENOMEM;
	*slot = v;
	return 0;
}

static void resolve_def_of(struct builder *b)
{
	const struct dwalk *dw = b->dw;
	size_t i;

	for (i = 0; i < dw->nr_sps; i++) {
		uint32_t j = i;
		int depth;

		if (dw->sps[i].flags & SP_DECL) {
			b->def_of[i] = NONE;
			continue;
		}
		for (depth = 0; depth < MAX_CHAIN && dw->sps[j].origin; depth++) {
			long k = dwalk_find(dw, dw->sps[j].origin);

			if (k < 0 || (dw->sps[k].flags & SP_DECL))
				break;
			if ((uint32_t)k < i && b->def_of[k] != NONE) {
				j = b->def_of[k];	/* already resolved */
				break;
			}
			j = k;
		}
		b->def_of[i] = j;
	}
}

/* Name, decl location, external, inline along the chain from @sp. */
struct chain_info {
	const char *name;
	uint32_t file_cu, file;
	uint32_t line;
	bool has_file, external;
	uint8_t inline_attr;
};

static void chain_info(const struct dwalk *dw, uint32_t sp, struct chain_info *ci)
{
	long j = sp;
	int depth;

	memset(ci, 0, sizeof(*ci));
	for (depth = 0; depth < MAX_CHAIN && j >= 0; depth++) {
		const struct fn_sp *s = &dw->sps[j];

		if (!ci->name)
			ci->name = s->name;
		if (!ci->has_file && (s->flags & SP_HAS_FILE)) {
			ci->has_file = true;
			ci->file_cu = s->cu;
			ci->file = s->decl_file;
			ci->line = s->decl_line;
		}
		if (s->flags & SP_EXTERNAL)
			ci->external = true;
		if (!ci->inline_attr)
			ci->inline_attr = s->inline_attr;
		if (!s->origin)
			break;
		j = dwalk_find(dw, s->origin);
	}
}

static int make_defs(struct builder *b)
{
	const struct dwalk *dw = b->dw;
	struct model *m = b->m;
	size_t i;

	for (i = 0; i < dw->nr_sps; i++) {
		struct chain_info ci;
		struct fn_def *d;
		int64_t g, fid, cid;

		if (b->def_of[i] != i)
			continue;
		chain_info(dw, i, &ci);
		if (!ci.name || !*ci.name ||
		    !strncmp(ci.name, "__compiletime_assert_", 21)) {
			m->stats.skipped_defs++;
			continue;
		}
		g = group_of_name(b, ci.name, strlen(ci.name));
		if (g < 0)
			return g;
		cid = cu_path(b, dw->sps[i].cu);
		if (cid < 0)
			return cid;
		fid = ci.has_file ? file_path(b, ci.file_cu, ci.file) : cid;
		if (fid < 0)
			return fid;
		d = mem_add((void **)&m->defs, &b->cap_defs, &m->nr_defs,
			    sizeof(*d));
		if (!d)
			return -ENOMEM;
		d->sp = i;
		d->group = g;
		d->file = fid;
		d->line = ci.line;
		d->cu_path = cid;
		d->external = ci.external;
		d->inline_attr = ci.inline_attr;
		d->addr = NO_ADDR;
		b->defidx[i] = m->nr_defs - 1;
		if (group_add(&m->groups[g].defs, &m->groups[g].nr_defs,
			      &m->groups[g].cap_defs, m->nr_defs - 1))
			return -ENOMEM;
	}
	/* declarations that a definition specifies */
	for (i = 0; i < dw->nr_sps; i++) {
		const struct fn_sp *s = &dw->sps[i];
		long k;

		if ((s->flags & (SP_DECL | SP_SPEC)) != SP_SPEC)
			continue;
		k = dwalk_find(dw, s->origin);
		if (k >= 0 && (dw->sps[k].flags & SP_DECL) &&
		    b->def_of[i] != NONE)
			b->decl_def[k] = b->defidx[b->def_of[i]];
	}
	return 0;
}

/* ------------------------------------------------------------ symbols */

static int add_symbols(struct builder *b)
{
	const struct fsyms *fs = b->fs;
	struct model *m = b->m;
	size_t i;

	for (i = 0; i < fs->nr; i++) {
		size_t len = symname_base_len(fs->syms[i].name);
		struct fn_group *g;
		int64_t gi;

		if (!len)	/* ".foo": no base name, the symbol is its group */
			len = strlen(fs->syms[i].name);
		gi = group_of_name(b, fs->syms[i].name, len);
		if (gi < 0)
			return gi;
		g = &m->groups[gi];
		if (group_add(&g->syms, &g->nr_syms, &g->cap_syms, i))
			return -ENOMEM;
	}
	return 0;
}

/* ------------------------------------------------------------ sites */

/* The def a call of declaration @t goes to (see the header comment). */
static uint32_t decl_target(struct builder *b, uint32_t t)
{
	const struct fn_sp *s = &b->dw->sps[t];
	const struct fn_group *g;
	uint32_t ext = NONE;
	int64_t id;
	size_t i;

	if (b->decl_def[t] != NONE)
		return b->decl_def[t];
	if (!s->name)
		return NONE;
	id = strtab_find(b->names, s->name, strlen(s->name));
	if (id <= 0)
		return NONE;
	g = &b->m->groups[id - 1];
	for (i = 0; i < g->nr_defs; i++) {
		const struct fn_def *d = &b->m->defs[g->defs[i]];

		if (!d->external && b->dw->sps[d->sp].cu == s->cu)
			return g->defs[i];
		if (d->external && ext == NONE)
			ext = g->defs[i];
	}
	return ext;
}

static int add_sites(struct builder *b)
{
	const struct dwalk *dw = b->dw;
	struct model *m = b->m;
	size_t i;

	for (i = 0; i < dw->nr_sites; i++) {
		const struct fn_site *site = &dw->sites[i];
		long t = dwalk_find(dw, site->origin);
		uint32_t d, c, cs;
		struct fn_caller *cl;
		struct fn_def *def;

		if (t < 0) {
			m->stats.unresolved_sites++;
			continue;
		}
		if (dw->sps[t].flags & SP_DECL) {
			d = decl_target(b, t);
			if (d == NONE) {
				m->stats.decl_sites_unmatched++;
				continue;
			}
		} else {
			d = b->defidx[b->def_of[t]];
			if (d == NONE)
				continue;	/* a skipped def */
		}
		cs = b->def_of[site->caller];
		c = cs == NONE ? NONE : b->defidx[cs];
		if (c == NONE)
			continue;
		def = &m->defs[d];
		if (site->kind == SITE_INLINE)
			def->inline_sites++;
		else
			def->call_sites++;
		cl = mem_add((void **)&m->callers, &b->cap_callers,
			     &m->nr_callers, sizeof(*cl));
		if (!cl)
			return -ENOMEM;
		cl->def = d;
		cl->kind = site->kind;
		cl->file = m->defs[c].file;
		cl->name = m->groups[m->defs[c].group].name;
		cl->rank = c;	/* the caller def, until rank_callers() */
	}
	return 0;
}

/* Byte order of the strings "file:name", without building them. */
struct cat {
	const char *seg[3];
	int i;
};

static int cat_next(struct cat *c)
{
	while (c->i < 3) {
		if (*c->seg[c->i])
			return (unsigned char)*c->seg[c->i]++;
		c->i++;
	}
	return -1;
}

static int cmp_caller_str(const struct strtab *strs, const struct strtab *names,
			  const struct fn_caller *a, const struct fn_caller *b)
{
	struct cat x = { { strtab_str(strs, a->file), ":",
			   strtab_str(names, a->name) }, 0 };
	struct cat y = { { strtab_str(strs, b->file), ":",
			   strtab_str(names, b->name) }, 0 };

	if (a->file == b->file && a->name == b->name)
		return 0;
	for (;;) {
		int cx = cat_next(&x), cy = cat_next(&y);

		if (cx != cy)
			return cx - cy;
		if (cx < 0)
			return 0;
	}
}

/* Caller defs (indexes of model @ctx) by their "file:name" string. */
static int cmp_caller_def(const void *pa, const void *pb, void *ctx)
{
	const struct model *m = ctx;
	const struct fn_def *a = &m->defs[*(const uint32_t *)pa];
	const struct fn_def *b = &m->defs[*(const uint32_t *)pb];
	struct fn_caller x = { .file = a->file,
			       .name = m->groups[a->group].name };
	struct fn_caller y = { .file = b->file,
			       .name = m->groups[b->group].name };

	return cmp_caller_str(m->strs, m->names, &x, &y);
}

/*
 * Replace each caller's def index by the rank of its "file:name" string
 * (equal strings, equal ranks), so that callers sort and deduplicate on
 * numbers: the strings are compared once per caller def, not per site.
 */
static int rank_callers(struct builder *b)
{
	struct model *m = b->m;
	uint32_t *rank = malloc((m->nr_defs ? m->nr_defs : 1) * sizeof(*rank));
	uint32_t *order = malloc((m->nr_defs ? m->nr_defs : 1) * sizeof(*order));
	size_t i, n = 0;
	uint32_t r = 0;

	if (!rank || !order) {
		free(rank);
		free(order);
		return -ENOMEM;
	}
	memset(rank, 0xff, m->nr_defs * sizeof(*rank));
	for (i = 0; i < m->nr_callers; i++) {
		uint32_t c = m->callers[i].rank;

		if (rank[c] == NONE) {
			rank[c] = 0;
			order[n++] = c;
		}
	}
	sort(order, n, sizeof(*order), cmp_caller_def, m);
	for (i = 0; i < n; i++) {
		if (i && cmp_caller_def(&order[i - 1], &order[i], m))
			r++;
		rank[order[i]] = r;
	}
	for (i = 0; i < m->nr_callers; i++)
		m->callers[i].rank = rank[m->callers[i].rank];
	free(rank);
	free(order);
	return 0;
}

static int cmp_caller(const void *pa, const void *pb,
		      void *ctx __attribute__((unused)))
{
	const struct fn_caller *a = pa, *b = pb;

	if (a->def != b->def)
		return a->def < b->def ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static int finish_callers(struct builder *b)
{
	struct model *m = b->m;
	size_t i, n = 0;
	int err = rank_callers(b);

	if (err)
		return err;
	sort(m->callers, m->nr_callers, sizeof(*m->callers), cmp_caller, NULL);
	for (i = 0; i < m->nr_callers; i++) {
		const struct fn_caller *c = &m->callers[i];

		if (n && m->callers[n - 1].def == c->def &&
		    m->callers[n - 1].kind == c->kind &&
		    m->callers[n - 1].rank == c->rank)
			continue;
		m->callers[n++] = *c;
	}
	m->nr_callers = n;
	for (i = 0; i < n; i++) {
		struct fn_def *d = &m->defs[m->callers[i].def];

		if (!d->nr_inline_callers && !d->nr_call_callers)
			d->caller_first = i;
		if (m->callers[i].kind == SITE_INLINE)
			d->nr_inline_callers++;
		else
			d->nr_call_callers++;
	}
	return 0;
}

/* ------------------------------------------------------------ addresses */

/*
 * gcc's identical code folding (-fipa-icf) leaves a function that it merged
 * into another without DWARF pc while its symbol is an alias of the other
 * body. When a group has one def without an address and one exact-name
 * symbol that no def claims, of the def's binding, that symbol is the body.
 */
static void addr_from_symbol(struct builder *b, struct fn_group *g)
{
	struct model *m = b->m;
	struct fn_def *lone = NULL;
	const struct fn_sym *free_sym = NULL;
	size_t i, j, nfree = 0;

	for (i = 0; i < g->nr_defs; i++) {
		struct fn_def *d = &m->defs[g->defs[i]];

		if (d->addr != NO_ADDR)
			continue;
		if (lone)
			return;
		lone = d;
	}
	if (!lone)
		return;
	for (i = 0; i < g->nr_syms; i++) {
		const struct fn_sym *s = &b->fs->syms[g->syms[i]];
		bool claimed = false;

		if (strchr(s->name, '.'))
			continue;
		for (j = 0; j < g->nr_defs && !claimed; j++)
			claimed = m->defs[g->defs[j]].addr == s->addr;
		if (!claimed) {
			free_sym = s;
			nfree++;
		}
	}
	if (nfree == 1 && lone->external == (free_sym->bind != STB_LOCAL))
		lone->addr = free_sym->addr;
}

/* The body of a def: the exact-name symbol's if an instance is at one (a
 * clone otherwise), else the lowest instance address. */
static int set_addrs(struct builder *b)
{
	const struct dwalk *dw = b->dw;
	struct model *m = b->m;
	bool *exact = calloc(m->nr_defs ? m->nr_defs : 1, sizeof(*exact));
	size_t i, k;

	if (!exact)
		return -ENOMEM;
	for (i = 0; i < dw->nr_sps; i++) {
		const struct fn_sp *s = &dw->sps[i];
		const struct fn_group *g;
		struct fn_def *d;
		uint32_t di;
		bool is_exact = false;

		if (!(s->flags & SP_HAS_PC) || b->def_of[i] == NONE ||
		    (di = b->defidx[b->def_of[i]]) == NONE)
			continue;
		d = &m->defs[di];
		g = &m->groups[d->group];
		for (k = 0; k < g->nr_syms && !is_exact; k++) {
			const struct fn_sym *sym = &b->fs->syms[g->syms[k]];

			is_exact = sym->addr == s->pc && !strchr(sym->name, '.');
		}
		if (d->addr == NO_ADDR || (is_exact && !exact[di]) ||
		    (is_exact == exact[di] && s->pc < d->addr)) {
			d->addr = s->pc;
			exact[di] = is_exact;
		}
	}
	free(exact);
	for (i = 0; i < m->nr_groups; i++)
		addr_from_symbol(b, &m->groups[i]);
	return 0;
}

/* ------------------------------------------------------------ classify */

/* Def indexes of model @ctx by file, line, cu, addr, DIE. */
static int cmp_def(const void *pa, const void *pb, void *ctx)
{
	const struct model *m = ctx;
	const struct fn_def *a = &m->defs[*(const uint32_t *)pa];
	const struct fn_def *b = &m->defs[*(const uint32_t *)pb];
	int c;

	if (a->file != b->file &&
	    (c = strcmp(strtab_str(m->strs, a->file),
			strtab_str(m->strs, b->file))))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->cu_path != b->cu_path &&
	    (c = strcmp(strtab_str(m->strs, a->cu_path),
			strtab_str(m->strs, b->cu_path))))
		return c;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return a->sp < b->sp ? -1 : a->sp > b->sp;
}

/* Symbol indexes of fsyms @ctx by address, name. */
static int cmp_sym(const void *pa, const void *pb, void *ctx)
{
	const struct fsyms *fs = ctx;
	const struct fn_sym *a = &fs->syms[*(const uint32_t *)pa];
	const struct fn_sym *b = &fs->syms[*(const uint32_t *)pb];
	int c;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return *(const uint32_t *)pa < *(const uint32_t *)pb ? -1 : 1;
}

static bool is_global(uint8_t bind)
{
	return bind == STB_GLOBAL || bind == STB_WEAK || bind == STB_GNU_UNIQUE;
}

/*
 * Collision (docs/schema-funcs.md). External defs count as one global
 * definition: the linker binds the name to one global symbol, and the other
 * external defs of a name are gnu_inline "extern inline" copies
 * (fortify-string.h's memcmp) or __weak defaults (kernel/sys_ni.c).
 *  - from the defs: no static def → unique_global; statics and a global →
 *    static_global; one static → unique_static; several statics at one
 *    decl file:line → static_duplicate, else static_static;
 *  - groups without defs (assembly) use their exact-name symbols (all the
 *    group's symbols when none has the exact name): one → unique_global
 *    (GLOBAL/WEAK) or unique_static (LOCAL); several → static_global if one
 *    is GLOBAL/WEAK, else static_static;
 *  - a unique_* from the defs is raised when the symbol table holds several
 *    exact-name symbols at distinct addresses (bodies DWARF does not
 *    describe): static_global if one of them is GLOBAL/WEAK or the def is
 *    external, else static_static.
 */
static enum collision_kind classify_collision(const struct model *m,
					      const struct fsyms *fs,
					      const struct fn_group *g)
{
	size_t i, nsel = 0, naddr = 0, nstatic = 0;
	bool any_global = false, any_exact = g->exact_symbol, ext = false;
	bool same = true;
	const struct fn_def *first = NULL;
	uint64_t last = 0;
	enum collision_kind k;

	for (i = 0; i < g->nr_syms; i++) {
		const struct fn_sym *s = &fs->syms[g->syms[i]];

		if (any_exact && strchr(s->name, '.'))
			continue;
		nsel++;
		any_global |= is_global(s->bind);
		if (!naddr || s->addr != last)	/* sorted by addr */
			naddr++;
		last = s->addr;
	}
	if (!g->nr_defs) {
		if (nsel <= 1)
			return any_global ? COLL_UNIQUE_GLOBAL : COLL_UNIQUE_STATIC;
		return any_global ? COLL_STATIC_GLOBAL : COLL_STATIC_STATIC;
	}
	for (i = 0; i < g->nr_defs; i++) {
		const struct fn_def *d = &m->defs[g->defs[i]];

		if (d->external) {
			ext = true;
			continue;
		}
		nstatic++;
		if (!first)
			first = d;
		else if (d->file != first->file || d->line != first->line)
			same = false;
	}
	if (!nstatic)
		k = COLL_UNIQUE_GLOBAL;
	else if (ext)
		return COLL_STATIC_GLOBAL;
	else if (nstatic == 1)
		k = COLL_UNIQUE_STATIC;
	else
		return same ? COLL_STATIC_DUPLICATE : COLL_STATIC_STATIC;
	if (!any_exact || naddr <= 1)
		return k;
	return ext || any_global ? COLL_STATIC_GLOBAL : COLL_STATIC_STATIC;
}

static void classify(struct builder *b, struct fn_group *g)
{
	const struct fsyms *fs = b->fs;
	struct model *m = b->m;
	bool inlined = false;
	size_t i;

	sort(g->defs, g->nr_defs, sizeof(*g->defs), cmp_def, m);
	sort(g->syms, g->nr_syms, sizeof(*g->syms), cmp_sym, fs);
	for (i = 0; i < g->nr_syms; i++) {
		const struct fn_sym *s = &fs->syms[g->syms[i]];

		g->transforms |= symname_suffixes(s->name);
		if (strchr(s->name, '.'))
			continue;
		g->exact_symbol = true;
		if (fsyms_traceable(fs, s->addr, s->size))
			g->traceable = true;
		if (fsyms_blacklisted(fs, s->addr))
			g->kprobe_blacklisted = true;
	}
	for (i = 0; i < g->nr_defs; i++) {
		const struct fn_def *d = &m->defs[g->defs[i]];

		inlined |= INL_INLINED(d->inline_attr) || d->inline_sites;
	}
	if (!g->nr_syms)
		g->inline_kind = INLINE_FULL;
	else if (inlined)
		g->inline_kind = INLINE_SELECTIVE;
	else
		g->inline_kind = INLINE_NONE;
	g->collision = classify_collision(m, fs, g);
}

/* Groups by name; @ctx is the names table. */
static int cmp_group(const void *pa, const void *pb, void *ctx)
{
	const struct fn_group *a = pa, *b = pb;

	return strcmp(strtab_str(ctx, a->name), strtab_str(ctx, b->name));
}

/* Sort groups by name; rewrite def->group; move names into m->strs. */
static int sort_groups(struct builder *b)
{
	struct model *m = b->m;
	size_t i, j;

	sort(m->groups, m->nr_groups, sizeof(*m->groups), cmp_group, b->names);
	for (i = 0; i < m->nr_groups; i++)
		for (j = 0; j < m->groups[i].nr_defs; j++)
			m->defs[m->groups[i].defs[j]].group = i;
	return 0;
}

int model_build(struct model *m, const struct kimage *img,
		const struct dwalk *dw, const struct fsyms *fs)
{
	struct builder b = { .m = m, .img = img, .dw = dw, .fs = fs };
	size_t i, n = dw->nr_sps ? dw->nr_sps : 1;
	int err = -ENOMEM;

	memset(m, 0, sizeof(*m));
	m->strs = strtab_new();
	m->names = strtab_new();
	b.names = m->names;
	b.def_of = malloc(n * sizeof(*b.def_of));
	b.defidx = malloc(n * sizeof(*b.defidx));
	b.decl_def = malloc(n * sizeof(*b.decl_def));
	b.cups = calloc(dw->nr_cus ? dw->nr_cus : 1, sizeof(*b.cups));
	if (!m->strs || !m->names || !b.def_of || !b.defidx || !b.decl_def ||
	    !b.cups)
		goto out;
	memset(b.defidx, 0xff, n * sizeof(*b.defidx));
	memset(b.decl_def, 0xff, n * sizeof(*b.decl_def));
	resolve_def_of(&b);
	err = make_defs(&b);
	if (!err)
		err = add_symbols(&b);
	if (!err)
		err = add_sites(&b);
	if (err)
		goto out;
	err = finish_callers(&b);
	if (!err)
		err = set_addrs(&b);
	if (err)
		goto out;
	for (i = 0; i < m->nr_groups; i++)
		classify(&b, &m->groups[i]);
	err = sort_groups(&b);
out:
	if (b.cups) {
		for (i = 0; i < dw->nr_cus; i++) {
			dwfiles_free(&b.cups[i].files);
			free(b.cups[i].file_ids);
		}
	}
	free(b.cups);
	free(b.def_of);
	free(b.defidx);
	free(b.decl_def);
	return err;
}

void model_free(struct model *m)
{
	size_t i, j;

	for (i = 0; i < m->nr_groups; i++) {
		struct fn_group *g = &m->groups[i];

		free(g->defs);
		free(g->syms);
		free(g->ret);
		for (j = 0; j < g->nr_params; j++) {
			free(g->params[j].name);
			free(g->params[j].type);
		}
		free(g->params);
	}
	free(m->groups);
	free(m->defs);
	free(m->callers);
	strtab_free(m->strs);
	strtab_free(m->names);
	memset(m, 0, sizeof(*m));
}
