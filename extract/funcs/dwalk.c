// SPDX-License-Identifier: MIT
/*
 * One pass over .debug_info. Only the DIEs that can hold functions or calls
 * are entered: the unit's children, subprogram bodies, lexical blocks and
 * inlined subroutines; types, variables and parameters are stepped over
 * (dwarf_siblingof jumps them through DW_AT_sibling). Everything is recorded
 * by DIE offset and resolved after the walk (model.c), so the walk never
 * follows a reference to another DIE beyond reading its offset.
 */
#include "extract/funcs/funcs.h"
#include "util/errors.h"
#include "util/mem.h"

#include <dwarf.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THREADS 4

struct walker {
	Dwarf *dw;
	struct fn_cu *cus;
	size_t cu_from, cu_to;
	struct fn_sp *sps;
	size_t nr_sps, cap_sps;
	struct fn_site *sites;
	size_t nr_sites, cap_sites;
	unsigned int version;
	int err;
	Dwarf_Off bad_cu;
};

static int sp_attr(Dwarf_Attribute *a, void *arg)
{
	struct fn_sp *sp = arg;
	Dwarf_Word w;
	Dwarf_Addr addr;
	Dwarf_Die ref;
	bool flag;

	switch (dwarf_whatattr(a)) {
	case DW_AT_name:
		sp->name = dwarf_formstring(a);
		break;
	case DW_AT_external:
		if (!dwarf_formflag(a, &flag) && flag)
			sp->flags |= SP_EXTERNAL;
		break;
	case DW_AT_declaration:
		if (!dwarf_formflag(a, &flag) && flag)
			sp->flags |= SP_DECL;
		break;
	case DW_AT_inline:
		if (!dwarf_formudata(a, &w))
			sp->inline_attr = w;
		break;
	case DW_AT_abstract_origin:
		if (dwarf_formref_die(a, &ref)) {
			sp->origin = dwarf_dieoffset(&ref);
			sp->flags &= ~SP_SPEC;
		}
		break;
	case DW_AT_specification:
		if (!sp->origin && dwarf_formref_die(a, &ref)) {
			sp->origin = dwarf_dieoffset(&ref);
			sp->flags |= SP_SPEC;
		}
		break;
	case DW_AT_decl_file:
		if (!dwarf_formudata(a, &w) && w <= UINT32_MAX) {
			sp->decl_file = w;
			sp->flags |= SP_HAS_FILE;
		}
		break;
	case DW_AT_decl_line:
		if (!dwarf_formudata(a, &w))
			sp->decl_line = w > UINT32_MAX ? UINT32_MAX : w;
		break;
	case DW_AT_low_pc:
		if (!dwarf_formaddr(a, &addr)) {
			sp->pc = addr;
			sp->flags |= SP_HAS_PC;
		}
		break;
	default:
		break;
	}
	return DWARF_CB_OK;
}

static long add_sp(struct walker *w, Dwarf_Die *die, uint32_t cu)
{
	struct fn_sp *sp;

	sp = mem_add((void **)&w->sps, &w->cap_sps, &w->nr_sps, sizeof(*sp));
	if (!sp)
		return -ENOMEM;
	sp->off = dwarf_dieoffset(die);
	sp->cu = cu;
	if (dwarf_getattrs(die, sp_attr, sp, 0) < 0)
		return -EBADMSG;
	/* a name that does not read (DW_FORM_strp past .debug_str): never
	 * drop the function silently as if it had none */
	if (!sp->name && dwarf_hasattr(die, DW_AT_name))
		return -DS_ERRNO__DWSTR;
	if (!(sp->flags & (SP_HAS_PC | SP_DECL)) &&
	    dwarf_hasattr(die, DW_AT_ranges)) {
		Dwarf_Addr base, start, end;

		/* a body split in parts (hot/cold): the first range is the
		 * entry gcc emits */
		if (dwarf_ranges(die, 0, &base, &start, &end) > 0) {
			sp->pc = start;
			sp->flags |= SP_HAS_PC;
		}
	}
	return w->nr_sps - 1;
}

static int add_site(struct walker *w, Dwarf_Die *die, unsigned int at,
		    enum site_kind kind, long caller)
{
	Dwarf_Attribute attr;
	Dwarf_Die ref;
	struct fn_site *s;

	if (!dwarf_attr(die, at, &attr) &&
	    (kind != SITE_CALL || !dwarf_attr(die, DW_AT_abstract_origin, &attr)))
		return 0;	/* an indirect call */
	if (!dwarf_formref_die(&attr, &ref))
		return 0;
	s = mem_add((void **)&w->sites, &w->cap_sites, &w->nr_sites, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->origin = dwarf_dieoffset(&ref);
	s->caller = caller;
	s->kind = kind;
	return 0;
}

/*
 * The children of @parent; @caller is the outermost enclosing subprogram
 * (-1 at unit level).
 */
static int walk(struct walker *w, Dwarf_Die *parent, uint32_t cu, long caller)
{
	Dwarf_Die die;
	long idx;
	int rc, err = 0;

	rc = dwarf_child(parent, &die);
	while (rc == 0 && !err) {
		switch (dwarf_tag(&die)) {
		case DW_TAG_subprogram:
			idx = add_sp(w, &die, cu);
			if (idx < 0)
				return idx;
			if (!(w->sps[idx].flags & SP_DECL))
				err = walk(w, &die, cu, caller >= 0 ? caller : idx);
			break;
		case DW_TAG_lexical_block:
			if (caller >= 0)
				err = walk(w, &die, cu, caller);
			break;
		case DW_TAG_inlined_subroutine:
			if (caller < 0)
				break;
			err = add_site(w, &die, DW_AT_abstract_origin,
				       SITE_INLINE, caller);
			if (!err)
				err = walk(w, &die, cu, caller);
			break;
		case DW_TAG_call_site:
		case DW_TAG_GNU_call_site:
			if (caller >= 0)
				err = add_site(w, &die, DW_AT_call_origin,
					       SITE_CALL, caller);
			break;
		default:
			break;
		}
		if (!err)
			rc = dwarf_siblingof(&die, &die);
	}
	if (err)
		return err;
	return rc < 0 ? -EBADMSG : 0;
}

static const char *attr_str(Dwarf_Die *die, unsigned int at)
{
	Dwarf_Attribute attr;

	return dwarf_attr(die, at, &attr) ? dwarf_formstring(&attr) : NULL;
}

static int walk_cu(struct walker *w, size_t i)
{
	struct fn_cu *cu = &w->cus[i];
	Dwarf_Die cudie;
	Dwarf_Attribute attr;
	Dwarf_Word v;
	Dwarf_Half version;
	Dwarf_Off die_off, next;
	uint8_t addr_size, offset_size;
	size_t hsz;

	if (dwarf_next_unit(w->dw, cu->off, &next, &hsz, &version, NULL,
			    &addr_size, &offset_size, NULL, NULL))
		return -EBADMSG;
	die_off = cu->off + hsz;
	if (!dwarf_offdie(w->dw, die_off, &cudie))
		return -EBADMSG;
	if (dwarf_tag(&cudie) != DW_TAG_compile_unit) {
		cu->skip = true;	/* partial/type units hold no definitions */
		return 0;
	}
	if (version > w->version)
		w->version = version;
	cu->name = attr_str(&cudie, DW_AT_name);
	cu->comp_dir = attr_str(&cudie, DW_AT_comp_dir);
	if ((!cu->name && dwarf_hasattr(&cudie, DW_AT_name)) ||
	    (!cu->comp_dir && dwarf_hasattr(&cudie, DW_AT_comp_dir)))
		return -DS_ERRNO__DWSTR;
	cu->stmt_list = UINT64_MAX;
	if (dwarf_attr(&cudie, DW_AT_stmt_list, &attr) &&
	    !dwarf_formudata(&attr, &v))
		cu->stmt_list = v;
	if (dwarf_attr(&cudie, DW_AT_language, &attr) &&
	    !dwarf_formudata(&attr, &v))
		cu->lang = v;
	if (cu->lang == DW_LANG_Rust) {
		cu->skip = true;
		return 0;
	}
	return walk(w, &cudie, i, -1);
}

static void *walker_main(void *arg)
{
	struct walker *w = arg;
	size_t i;

	for (i = w->cu_from; i < w->cu_to && !w->err; i++) {
		w->err = walk_cu(w, i);
		if (w->err)
			w->bad_cu = w->cus[i].off;
	}
	return NULL;
}

static int list_units(Dwarf *dw, struct dwalk *out)
{
	Dwarf_Off off = 0, next;
	size_t cap = 0, hsz;
	int rc;

	while ((rc = dwarf_next_unit(dw, off, &next, &hsz, NULL, NULL, NULL,
				     NULL, NULL, NULL)) == 0) {
		struct fn_cu *cu = mem_add((void **)&out->cus, &cap,
					   &out->nr_cus, sizeof(*cu));

		if (!cu)
			return -ENOMEM;
		cu->off = off;
		cu->end = next;
		off = next;
	}
	if (rc < 0) {
		out->bad_cu = off;
		return -EBADMSG;
	}
	return out->nr_cus ? 0 : -ENODATA;
}

/* Append @w's records to @out, rebasing caller indexes. */
static int merge(struct dwalk *out, struct walker *w)
{
	size_t base = out->nr_sps, i;

	if (!out->sps) {
		out->sps = w->sps;
		out->nr_sps = w->nr_sps;
		w->sps = NULL;
	} else if (w->nr_sps) {
		size_t cap = out->nr_sps;

		if (mem_ensure((void **)&out->sps, &cap, sizeof(*out->sps),
			       out->nr_sps + w->nr_sps))
			return -ENOMEM;
		memcpy(out->sps + out->nr_sps, w->sps,
		       w->nr_sps * sizeof(*w->sps));
		out->nr_sps += w->nr_sps;
	}
	for (i = 0; i < w->nr_sites; i++)
		w->sites[i].caller += base;
	if (!out->sites) {
		out->sites = w->sites;
		out->nr_sites = w->nr_sites;
		w->sites = NULL;
	} else if (w->nr_sites) {
		size_t cap = out->nr_sites;

		if (mem_ensure((void **)&out->sites, &cap, sizeof(*out->sites),
			       out->nr_sites + w->nr_sites))
			return -ENOMEM;
		memcpy(out->sites + out->nr_sites, w->sites,
		       w->nr_sites * sizeof(*w->sites));
		out->nr_sites += w->nr_sites;
	}
	if (w->version > out->dwarf_version)
		out->dwarf_version = w->version;
	return 0;
}

int dwalk_run(Dwarf **dwarf, int nthreads, struct dwalk *out)
{
	struct walker w[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	bool started[MAX_THREADS] = { false };
	uint64_t total, share, acc = 0;
	size_t i, cu = 0;
	int t, err;

	memset(out, 0, sizeof(*out));
	memset(w, 0, sizeof(w));
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > MAX_THREADS)
		nthreads = MAX_THREADS;
	err = list_units(dwarf[0], out);
	if (err)
		return err;
	total = out->cus[out->nr_cus - 1].end;
	share = total / nthreads + 1;
	/* contiguous slices of about equal bytes, in unit order, so that the
	 * merged records stay sorted by DIE offset */
	for (t = 0; t < nthreads; t++) {
		w[t].dw = dwarf[t];
		w[t].cus = out->cus;
		w[t].cu_from = cu;
		while (cu < out->nr_cus &&
		       (t == nthreads - 1 || acc + (out->cus[cu].end -
						    out->cus[cu].off) / 2 <
						     share * (t + 1))) {
			acc += out->cus[cu].end - out->cus[cu].off;
			cu++;
		}
		w[t].cu_to = cu;
	}
	for (t = 1; t < nthreads; t++) {
		if (pthread_create(&tid[t], NULL, walker_main, &w[t])) {
			w[t].err = -EAGAIN;
			continue;
		}
		started[t] = true;
	}
	walker_main(&w[0]);
	for (t = 1; t < nthreads; t++)
		if (started[t])
			pthread_join(tid[t], NULL);
	for (t = 0; t < nthreads && !err; t++) {
		err = w[t].err;
		if (err)
			out->bad_cu = w[t].bad_cu;
		else
			err = merge(out, &w[t]);
	}
	for (t = 0; t < nthreads; t++) {
		free(w[t].sps);
		free(w[t].sites);
	}
	if (err)
		return err;
	/* Preorder per unit, units in order: sorted unless DWARF is odd. */
	for (i = 1; i < out->nr_sps; i++)
		if (out->sps[i].off <= out->sps[i - 1].off)
			return -EBADMSG;
	return 0;
}

void dwalk_free(struct dwalk *dw)
{
	free(dw->cus);
	free(dw->sps);
	free(dw->sites);
	memset(dw, 0, sizeof(*dw));
}

long dwalk_find(const struct dwalk *dw, Dwarf_Off off)
{
	size_t lo = 0, hi = dw->nr_sps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dw->sps[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < dw->nr_sps && dw->sps[lo].off == off ? (long)lo : -1;
}
