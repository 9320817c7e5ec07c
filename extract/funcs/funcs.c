// SPDX-License-Identifier: MIT
/*
 * depsurf-funcs: the function surface of a vmlinux (docs/schema-funcs.md).
 * The work is in the other files of this folder (see funcs.h for the
 * pipeline); the driver (extract/driver/driver.h) owns I/O and messages.
 */
#include "extract/driver/driver.h"
#include "extract/funcs/funcs.h"
#include "util/diag.h"
#include "util/errors.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KEY_COMPARE = 300 };

struct funcs_opts {
	int threads;		/* 0: the default, 2 */
	bool compare;
};

static const struct cmd_opt funcs_opts[] = {
	{ "threads", 'j', "N", "threads for the DWARF walk (1-4, default 2)" },
	{ "compare-protos", KEY_COMPARE, NULL, "print every function whose BTF and DWARF\n"
	  "prototypes are spelled differently; exit 1 if any\n"
	  "(no output file)" },
	{ NULL, 0, NULL, NULL },
};

static int funcs_parse_opt(struct extract_run *r, int key, const char *arg)
{
	struct funcs_opts *o = r->priv;

	switch (key) {
	case 'j':
		o->threads = atoi(arg);
		if (o->threads < 1 || o->threads > 4) {
			diag_err(NULL, "--threads: expected 1 to 4");
			return -EINVAL;
		}
		return 0;
	case KEY_COMPARE:
		o->compare = true;
		r->no_output = true;
		return 0;
	}
	return -EINVAL;
}

static void print_stats(const struct model *m, const struct dwalk *dw,
			const struct fsyms *fs)
{
	size_t n[3] = { 0 }, i, nodefs = 0;

	for (i = 0; i < m->nr_groups; i++) {
		n[m->groups[i].inline_kind]++;
		nodefs += !m->groups[i].nr_defs;
	}
	diag_info("%zu units (DWARF %u), %zu subprogram DIEs, %zu sites "
		  "(%zu unresolved, %zu calls of declarations without a def)",
		  dw->nr_cus, dw->dwarf_version, dw->nr_sps, dw->nr_sites,
		  m->stats.unresolved_sites, m->stats.decl_sites_unmatched);
	diag_info("%zu function symbols (%zu padding left out), %zu ftrace "
		  "sites (%s%s%s), %zu kprobe blacklist entries",
		  fs->nr, fs->nr_padding, fs->nr_mcount,
		  fs->mcount_src ? fs->mcount_src : "none",
		  fs->mcount_relocated ? ", via .rela.dyn" : "",
		  fs->pre_patch ? ", before the functions" : "", fs->nr_kbl);
	diag_info("%zu groups, %zu defs, %zu symbol-only groups; inline "
		  "full %zu (%.1f%%) selective %zu (%.1f%%) none %zu (%.1f%%)",
		  m->nr_groups, m->nr_defs, nodefs,
		  n[INLINE_FULL], 100.0 * n[INLINE_FULL] / (m->nr_groups ?: 1),
		  n[INLINE_SELECTIVE],
		  100.0 * n[INLINE_SELECTIVE] / (m->nr_groups ?: 1),
		  n[INLINE_NONE], 100.0 * n[INLINE_NONE] / (m->nr_groups ?: 1));
}

struct cmp_ctx {
	size_t differ;
};

static void on_compare(void *ctx, const char *name, const char *btf,
		       const char *dwarf)
{
	struct cmp_ctx *c = ctx;

	if (!strcmp(btf, dwarf))
		return;
	c->differ++;
	printf("%s\n  btf:   %s\n  dwarf: %s\n", name, btf, dwarf);
}

/* Function groups from the DWARF walk and the symbols. */
static int build_model(struct extract_run *r, struct fsyms *fs, Dwarf **dwarf, int nthreads,
		       struct dwalk *dw, struct model *m)
{
	int t, err;

	err = fsyms_read(r->img, fs);
	if (err == -EBADMSG)
		return extract_err(r, r->input, 0, "corrupt symbol or address table");
	if (err == -ENOTSUP)
		return extract_err(r, r->input, 0, "unsupported relocation type in the ftrace "
				   "or kprobe table");
	if (err)
		return extract_err(r, r->input, err, "%s", "");
	extract_phase(r, "symbols read");
	err = kimage_dwarf(r->img, &dwarf[0]);
	for (t = 1; !err && t < nthreads; t++)
		err = kimage_dwarf_new(r->img, &dwarf[t]);
	if (err)
		return extract_err(r, r->input, err, "%s", "");
	err = dwalk_run(dwarf, nthreads, dw);
	if (err == -EBADMSG)
		return extract_err(r, r->input, 0, "corrupt DWARF in the unit at offset %#llx",
				   (unsigned long long)dw->bad_cu);
	if (err == -ENODATA)
		return extract_err(r, r->input, 0, "no DWARF compile units");
	if (err == -DS_ERRNO__DWSTR)
		return extract_err(r, r->input, 0, "%s (in the unit at offset %#llx)",
				   errmsg(err), (unsigned long long)dw->bad_cu);
	if (err)
		return extract_err(r, r->input, err, "reading DWARF");
	extract_phase(r, "DWARF walked");
	err = model_build(m, r->img, dw, fs);
	if (err)
		return extract_err(r, r->input, err, "building function groups");
	extract_phase(r, "groups built");
	return 0;
}

/* --compare-protos: exit status 1 when any prototype differs. */
static int compare_protos(struct extract_run *r, struct model *m, struct fsyms *fs,
			  const struct btf *btf, Dwarf *dwarf, struct dwalk *dw)
{
	struct cmp_ctx ctx = { 0 };
	size_t both;
	int err;

	err = proto_compare(m, fs, btf, dwarf, dw, on_compare, &ctx, &both);
	if (err)
		return extract_err(r, r->input, err, "comparing prototypes");
	diag_info("%zu prototypes in both BTF and DWARF, %zu differ", both, ctx.differ);
	return ctx.differ ? 1 : 0;
}

static int funcs_run(struct extract_run *r)
{
	const struct funcs_opts *o = r->priv;
	int t, err, nthreads = o->threads ? o->threads : 2;
	Dwarf *dwarf[4] = { NULL };
	const struct btf *btf = NULL;
	struct fsyms fs = { 0 };
	struct dwalk dw = { 0 };
	struct model m = { 0 };
	char msg[160];
	size_t bad = 0;

	err = build_model(r, &fs, dwarf, nthreads, &dw, &m);
	if (err)
		goto out;
	/* BTF is optional here: without it, prototypes come from DWARF */
	err = kimage_btf(r->img, &btf);
	if (err && err != -DS_ERRNO__NOBTF) {
		if (r->img->btf_bad_id)
			extract_err(r, kimage_btf_file(r->img), err, "cannot read BTF: type [%u]",
				    r->img->btf_bad_id);
		else
			extract_err(r, kimage_btf_file(r->img), err, "cannot read BTF");
		goto out;
	}
	if (o->compare) {
		err = compare_protos(r, &m, &fs, btf, dwarf[0], &dw);
		goto out;
	}
	err = proto_fill(&m, &fs, btf, dwarf[0], &dw);
	if (err) {
		extract_err(r, r->input, err, "prototypes");
		goto out;
	}
	extract_phase(r, "prototypes filled");
	err = emit_jsonl(r->out[0], &m, &fs, &bad);
	if (err == -EILSEQ && !emit_bad_string(&m, &fs, &dw, bad, msg, sizeof(msg))) {
		extract_err(r, r->input, 0, "%s", msg);	/* the image's, not the output's */
		goto out;
	}
	if (err) {
		extract_err(r, r->out_path[0], err, "write failed");
		goto out;
	}
	extract_phase(r, "written");
	if (r->progress)
		print_stats(&m, &dw, &fs);
out:
	model_free(&m);
	dwalk_free(&dw);
	fsyms_free(&fs);
	for (t = 1; t < 4; t++)	/* dwarf[0] is the image's */
		dwarf_end(dwarf[t]);
	return err;
}

const struct extractor extractor_funcs = {
	.name = "funcs",
	.summary = "Write the function surface of a kernel image: one JSON line per\n"
		   "function name, from its DWARF, symbol table, ftrace and kprobe\n"
		   "tables and BTF (docs/schema-funcs.md). BTF is optional.",
	.input = "VMLINUX",
	.outputs = { "funcs.jsonl" },
	.needs = NEED_IMAGE | OPT_BTF,
	.opts = funcs_opts,
	.priv_size = sizeof(struct funcs_opts),
	.parse_opt = funcs_parse_opt,
	.run = funcs_run,
};
