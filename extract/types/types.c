// SPDX-License-Identifier: MIT
/*
 * depsurf-types: the struct, union and enum surface of a kernel image from
 * its BTF, and with --modules from its modules' split BTF too
 * (docs/schema-types.md).
 */
#include "extract/driver/driver.h"
#include "extract/types/btftypes.h"
#include "extract/types/modtypes.h"
#include "image/kmodules.h"
#include "schema/jsonl.h"
#include "util/diag.h"
#include "util/errors.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { KEY_MODULES = 300, KEY_MODULES_REPORT };

static const struct cmd_opt types_opts[] = {
	{ "modules", KEY_MODULES, "DIR", "also the types the image's modules define, from\n"
	  "the module store DIR of `depsurf-unpack --modules`\n"
	  "(split BTF on top of the image's own .BTF)" },
	{ "modules-report", KEY_MODULES_REPORT, "FILE", "with --modules: write what was read and every\n"
	  "module that failed (JSON, for depsurf-meta)" },
	{ NULL, 0, NULL, NULL },
};

struct types_opts {
	const char *modules, *report;
};

/* What the module pass did, for --progress and --modules-report. */
struct modpass {
	size_t modules, with_btf, without_btf;
	json_t *failed;		/* [{"module", "error"}] */
};

static int types_parse_opt(struct extract_run *r, int key, const char *arg)
{
	struct types_opts *o = r->priv;

	if (key == KEY_MODULES)
		o->modules = arg;
	else if (key == KEY_MODULES_REPORT)
		o->report = arg;
	else
		return -EINVAL;
	return 0;
}

/* A module that could not be read: one line on stderr and in the report. */
static int module_failed(struct modpass *mp, const char *dir, const char *path, int err,
			 const char *what)
{
	char msg[512], file[4096];

	snprintf(msg, sizeof(msg), "%s: %s", what, errmsg(err));
	snprintf(file, sizeof(file), "%s/%s", dir, path);
	diag_err(file, "%s (module skipped)", msg);
	return json_array_append_new(mp->failed, json_pack("{s:s, s:s}", "module", path,
							   "error", msg)) ? -ENOMEM : 0;
}

/* One module's types into @mt; its own failures are recorded, not returned. */
static int read_module(struct modtypes *mt, struct modpass *mp, const struct kmods *m, size_t i,
		       const struct btf *base)
{
	struct kmodule *km = NULL;
	struct btf *split = NULL;
	int err;

	err = kmodule_open(m, i, &km);
	if (err)
		return err == -ENOMEM ? err : module_failed(mp, m->dir, m->v[i].path, err,
							    "cannot read the module");
	/* without a base, only whether the module has .BTF is asked */
	err = base ? kmodule_btf(km, base, &split) :
	      kmodule_section_data(km, ".BTF", &(Elf_Data *){ NULL }, NULL);
	if (!err && !base) {
		err = module_failed(mp, m->dir, m->v[i].path, -DS_ERRNO__NOBTF,
				    "split .BTF, but the vmlinux has none to read it against");
	} else if (err == -ENOENT || err == -ENODATA) {
		mp->without_btf++;
		err = 0;
	} else if (err) {
		err = module_failed(mp, m->dir, m->v[i].path, err, "cannot read its .BTF");
	} else {
		mp->with_btf++;
		err = modtypes_add(mt, split, km->name, km->depends);
		if (err && err != -ENOMEM)
			err = module_failed(mp, m->dir, m->v[i].path, err, "bad type in its .BTF");
	}
	btf__free(split);
	kmodule_close(km);
	return err;
}

static int read_modules(struct extract_run *r, struct modtypes *mt, struct modpass *mp)
{
	const struct types_opts *o = r->priv;
	const struct btf *btf, *base = NULL;
	struct kmods *m = NULL;
	size_t i, line;
	int err;

	kimage_btf(r->img, &btf);
	err = modtypes_init(mt, btf);
	if (err)
		return err;
	err = kmods_open(o->modules, &m, &line);
	if (err == -EBADMSG)
		return extract_err(r, o->modules, 0, "%s line %zu: malformed module index",
				   "modules.list", line);
	if (err)
		return extract_err(r, o->modules, err, "cannot read modules.list");
	mp->modules = m->cnt;
	/* split BTF refers to the ids and strings of the .BTF it was encoded
	 * against: the image's own, never a regenerated one */
	if (kimage_own_btf(r->img, &base))
		base = NULL;	/* no .BTF (i386, armhf, s390x 6.1): nor have the modules */
	for (i = 0; !err && i < m->cnt; i++)
		err = read_module(mt, mp, m, i, base);
	kmods_free(m);
	if (!err)
		err = modtypes_finish(mt);
	return err;
}

static int write_report(struct extract_run *r, const struct modpass *mp,
			const struct btftypes_stats *st)
{
	const struct types_opts *o = r->priv;
	const char *stage;
	json_t *doc;
	int err;

	doc = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:O}", "surface", "types",
			"modules", (json_int_t)mp->modules,
			"with_btf", (json_int_t)mp->with_btf,
			"without_btf", (json_int_t)mp->without_btf,
			"structs", (json_int_t)st->module_written[BTFTYPES_STRUCT],
			"unions", (json_int_t)st->module_written[BTFTYPES_UNION],
			"enums", (json_int_t)st->module_written[BTFTYPES_ENUM],
			"failed", mp->failed);
	err = json_save_doc(o->report, doc, &stage);
	if (err)
		return extract_err(r, o->report, err, "cannot %s", stage);
	return 0;
}

static int types_run(struct extract_run *r)
{
	const struct types_opts *o = r->priv;
	struct btftypes_stats st = { 0 };
	struct modtypes mt = { 0 };
	struct modpass mp = { 0 };
	struct btftypes_extra x, *xp = NULL;
	const struct btf *btf;
	int k, err = 0;

	if (o->report && !o->modules)
		return extract_err(r, o->report, 0, "--modules-report needs --modules");
	kimage_btf(r->img, &btf);
	if (o->modules) {
		mp.failed = json_array();
		err = mp.failed ? read_modules(r, &mt, &mp) : -ENOMEM;
		if (err)
			goto out;
		xp = &x;
	}
	for (k = 0; k < BTFTYPES_NR; k++) {
		if (!r->out[k])
			continue;
		if (xp)
			modtypes_extra(&mt, k, xp);
		err = btftypes_write(btf, k, r->out[k], &st, xp);
		if (err) {
			err = extract_err(r, kimage_btf_file(r->img), err, "cannot write %s",
					  r->ex->outputs[k]);
			goto out;
		}
	}
	if (r->progress)
		diag_info("%zu structs, %zu unions, %zu enums (%zu anonymous enumerators); "
			  "names with duplicates: %zu structs, %zu unions, %zu enums",
			  st.written[0], st.written[1], st.written[2], st.anon_enum_values,
			  st.duplicates[0], st.duplicates[1], st.duplicates[2]);
	if (r->progress && o->modules)
		diag_info("modules: %zu (%zu with .BTF, %zu without, %zu failed); their types: "
			  "%zu structs, %zu unions, %zu enums; %zu definitions named like a "
			  "vmlinux type", mp.modules, mp.with_btf, mp.without_btf,
			  json_array_size(mp.failed), st.module_written[0], st.module_written[1],
			  st.module_written[2], mt.shadowed);
	if (o->report)
		err = write_report(r, &mp, &st);
out:
	json_decref(mp.failed);
	modtypes_free(&mt);
	return err;
}

const struct extractor extractor_types = {
	.name = "types",
	.summary = "Write the named structs, unions and enums of a kernel image's BTF\n"
		   "(docs/schema-types.md); with --modules, of its modules too.",
	.input = "VMLINUX",
	.outputs = { "structs.jsonl", "unions.jsonl", "enums.jsonl" },
	.needs = NEED_IMAGE | NEED_BTF,
	.opts = types_opts,
	.priv_size = sizeof(struct types_opts),
	.parse_opt = types_parse_opt,
	.run = types_run,
};
