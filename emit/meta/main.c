// SPDX-License-Identifier: MIT
/* depsurf-meta: meta.json of one kernel image (docs/schema-meta.md). */
#include "emit/meta/counts.h"
#include "extract/driver/driver.h"
#include "formats/kernels_list.h"
#include "schema/jsonl.h"
#include "util/version.h"

#include <ctype.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION "1.0"

enum { KEY_KERNELS = 300, KEY_ID, KEY_SHA, KEY_BTF_SOURCE, KEY_DIR, KEY_MODULES_REPORT };

#define MAX_MODULE_REPORTS 8

static const struct cmd_opt meta_opts[] = {
	{ "kernels", KEY_KERNELS, "LIST", "the kernels.list the image's identity comes from" },
	{ "id", KEY_ID, "ID", "the image's id in --kernels: distro, release, arch\n"
	  "(must match the ELF machine), flavor, package URL and sha256" },
	{ "sha256", KEY_SHA, "HEX", "the package's sha256 as fetched (default: the list's)" },
	{ "btf-source", KEY_BTF_SOURCE, "SRC", "embedded | pahole (default: embedded when the\n"
	  "image has .BTF, else null)" },
	{ "dataset-dir", KEY_DIR, "DIR", "count the *.jsonl / *.json surfaces in DIR" },
	{ "modules-report", KEY_MODULES_REPORT, "FILE", "what a surface read from the image's modules\n"
	  "(the --modules-report of depsurf-types), as \"modules\";\n"
	  "repeatable, one per surface" },
	{ NULL, 0, NULL, NULL },
};

struct opts {
	const char *kernels, *id, *sha256, *btf_source, *dir;
	const char *reports[MAX_MODULE_REPORTS];
	size_t nreports;
	struct kernels_list kl;
	const struct kernel_image *img;		/* of kl, or NULL */
};

static int meta_parse_opt(struct extract_run *r, int key, const char *arg)
{
	struct opts *o = r->priv;

	switch (key) {
	case KEY_KERNELS: o->kernels = arg; return 0;
	case KEY_ID: o->id = arg; return 0;
	case KEY_SHA: o->sha256 = arg; return 0;
	case KEY_BTF_SOURCE: o->btf_source = arg; return 0;
	case KEY_DIR: o->dir = arg; return 0;
	case KEY_MODULES_REPORT:
		if (o->nreports == MAX_MODULE_REPORTS)
			return -EINVAL;
		o->reports[o->nreports++] = arg;
		return 0;
	}
	return -EINVAL;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The distinct NUL-separated strings of .comment, in file order, with bytes
 * outside printable ASCII replaced by '?'. */
static json_t *comment_strings(const struct kimage *img)
{
	json_t *arr = json_array();
	Elf_Data *data;
	const char *p, *end;

	if (!arr || kimage_section_data(img, ".comment", &data))
		return arr;
	p = data->d_buf;
	end = p + data->d_size;
	while (p < end) {
		size_t n = strnlen(p, end - p), i, k;
		char *s;
		bool seen = false;

		if (n) {
			s = strndup(p, n);
			if (!s)
				goto nomem;
			for (i = 0; i < n; i++)
				if (!isprint((unsigned char)s[i]))
					s[i] = '?';
			for (k = 0; k < json_array_size(arr); k++)
				seen |= !strcmp(json_string_value(json_array_get(arr, k)), s);
			if (!seen && json_array_append_new(arr, json_string(s))) {
				free(s);
				goto nomem;
			}
			free(s);
		}
		p += n + 1;
	}
	return arr;
nomem:
	json_decref(arr);
	return NULL;
}

/*
 * The DWARF version most CUs use (ties: the higher; the first CU is often an
 * assembler file with an older version), and the set over all CUs as a
 * bit mask. Only unit headers are read.
 */
static void dwarf_versions(struct kimage *img, int *main_version, unsigned int *mask)
{
	Dwarf *dw = NULL;
	Dwarf_Off off = 0, next;
	size_t hsize, count[32] = { 0 };
	Dwarf_Half version;
	int v;

	*main_version = 0;
	*mask = 0;
	if (kimage_dwarf(img, &dw))	/* no DWARF: no versions */
		return;
	while (!dwarf_next_unit(dw, off, &next, &hsize, &version, NULL, NULL, NULL, NULL, NULL)) {
		if (version < 32) {
			*mask |= 1u << version;
			count[version]++;
		}
		off = next;
	}
	for (v = 0; v < 32; v++)
		if (count[v] && count[v] >= count[*main_version])
			*main_version = v;
}

static json_t *elf_json(const struct kimage *img)
{
	const char *arch = kimage_arch(img);

	return json_pack("{s:s, s:s, s:o, s:i}", "class",
			 img->ptr_size == 4 ? "ELF32" : "ELF64", "endianness",
			 img->big_endian ? "big" : "little", "machine", str_or_null(arch),
			 "e_machine", (int)img->ehdr.e_machine);
}

/*
 * "modules": {SURFACE: the report without its "surface" key}, surfaces in
 * name order; null without reports (a vmlinux-only build). A report that is
 * not such an object is named and fails meta.
 */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int module_reports(struct extract_run *r, const struct opts *o, json_t **out)
{
	json_t *byname = NULL, *mods = NULL, *rep;
	const char *keys[MAX_MODULE_REPORTS], *surface;
	json_error_t jerr;
	size_t i;
	int err = -ENOMEM;

	*out = NULL;
	if (!o->nreports) {
		*out = json_null();
		return 0;
	}
	byname = json_object();
	mods = json_object();
	if (!byname || !mods)
		goto out;
	for (i = 0; i < o->nreports; i++) {
		rep = json_load_file(o->reports[i], 0, &jerr);
		if (!rep) {
			err = extract_err(r, o->reports[i], 0, "not a module report: %s", jerr.text);
			goto out;
		}
		surface = json_string_value(json_object_get(rep, "surface"));
		if (!json_is_object(rep) || !surface || json_object_get(byname, surface)) {
			json_decref(rep);
			err = extract_err(r, o->reports[i], 0, "not a module report (no \"surface\", "
					  "or a surface given twice)");
			goto out;
		}
		if (json_object_set_new(byname, surface, rep))
			goto out;
	}
	i = 0;
	json_object_foreach(byname, surface, rep)
		keys[i++] = surface;
	qsort(keys, o->nreports, sizeof(*keys), cmp_str);
	for (i = 0; i < o->nreports; i++) {
		rep = json_deep_copy(json_object_get(byname, keys[i]));
		if (!rep || json_object_del(rep, "surface") || json_object_set_new(mods, keys[i], rep))
			goto out;
	}
	*out = mods;
	mods = NULL;
	err = 0;
out:
	json_decref(byname);
	json_decref(mods);
	return err;
}

/* Steals @counts and @modules. */
static int build(const struct opts *o, struct kimage *img, json_t *counts, json_t *modules,
		 json_t **out)
{
	const struct kernel_image *k = o->img;
	const char *sha256 = o->sha256 ? o->sha256 : k && strcmp(k->sha256, "-") ? k->sha256 : NULL;
	json_t *doc = json_object(), *v;
	char *build_id = NULL;
	int first, err = -ENOMEM;
	unsigned int mask, i;

	if (!doc)
		goto out;
	if (json_object_set_new(doc, "schema_version", json_string(SCHEMA_VERSION)) ||
	    json_object_set_new(doc, "tool_version", json_string(DEPSURF_VERSION)))
		goto out;
	if (json_object_set_new(doc, "id", str_or_null(k ? k->id : NULL)) ||
	    json_object_set_new(doc, "distro", str_or_null(k ? k->distro : NULL)) ||
	    json_object_set_new(doc, "release", str_or_null(k ? k->release : NULL)) ||
	    json_object_set_new(doc, "arch", str_or_null(k ? k->arch : NULL)) ||
	    json_object_set_new(doc, "flavor", str_or_null(k ? k->flavor : NULL)) ||
	    json_object_set_new(doc, "package", json_pack("{s:o, s:o}", "url",
							   str_or_null(k ? k->urls[0] : NULL),
							   "sha256", str_or_null(sha256))))
		goto out;
	err = kimage_build_id(img, &build_id);
	if (err && err != -ENOENT)
		goto out;
	err = -ENOMEM;
	dwarf_versions(img, &first, &mask);
	if (json_object_set_new(doc, "build_id", str_or_null(build_id)) ||
	    json_object_set_new(doc, "elf", elf_json(img)) ||
	    json_object_set_new(doc, "compiler", comment_strings(img)) ||
	    json_object_set_new(doc, "dwarf_version", first ? json_integer(first) : json_null()) ||
	    json_object_set_new(doc, "dwarf_versions", v = json_array()))
		goto out;
	for (i = 0; i < 32; i++)
		if ((mask & (1u << i)) && json_array_append_new(v, json_integer(i)))
			goto out;
	if (json_object_set_new(doc, "btf_source", str_or_null(o->btf_source)))
		goto out;
	err = json_object_set(doc, "counts", counts) ||
	      json_object_set(doc, "modules", modules) ? -ENOMEM : 0;
out:
	json_decref(counts);
	json_decref(modules);
	free(build_id);
	if (err)
		json_decref(doc);
	*out = err ? NULL : doc;
	return err;
}

/* The image's line of --kernels, when --id names one. */
static int load_identity(struct extract_run *r, struct opts *o)
{
	char msg[512];
	int err;

	if (!o->kernels != !o->id)
		return extract_err(r, NULL, 0, "--kernels and --id go together");
	if (!o->kernels)
		return 0;
	err = kernels_list_load(&o->kl, o->kernels, msg, sizeof(msg));
	if (err == -EINVAL)
		return extract_err(r, NULL, 0, "%s:%s", o->kernels, msg);
	if (err)
		return extract_err(r, o->kernels, err, "%s", "");
	o->img = kernels_list_find(&o->kl, o->id);
	if (!o->img)
		return extract_err(r, o->kernels, 0, "no image '%s'", o->id);
	return 0;
}

/* The identity and BTF-source facts agree with the image. */
static int check_image(struct extract_run *r, struct opts *o)
{
	const char *arch = kimage_arch(r->img);
	bool has_btf = kimage_section(r->img, ".BTF", NULL) != NULL;

	if (o->img && !kimage_debian_arch_match(arch, o->img->arch))
		return extract_err(r, r->input, 0, "ELF machine %s (e_machine %u) is not arch %s of %s",
				   arch ? arch : "unknown", r->img->ehdr.e_machine, o->img->arch,
				   o->img->id);
	if (!o->btf_source)
		o->btf_source = has_btf ? "embedded" : NULL;
	if (strcmp(o->btf_source ? o->btf_source : "pahole", "pahole") &&
	    strcmp(o->btf_source, "embedded"))
		return extract_err(r, NULL, 0, "--btf-source must be embedded or pahole, not %s",
				   o->btf_source);
	if (o->btf_source && !strcmp(o->btf_source, "embedded") && !has_btf)
		return extract_err(r, r->input, 0,
				   "--btf-source embedded, but the image has no .BTF section");
	return 0;
}

static int meta_run(struct extract_run *r)
{
	struct opts *o = r->priv;
	json_t *doc = NULL, *counts, *modules;
	const char *bad = NULL, *why = NULL;
	int err;

	err = load_identity(r, o);
	if (!err)
		err = check_image(r, o);
	if (err)
		goto out;
	counts = o->dir ? meta_counts(o->dir, &bad, &why) : json_object();
	if (!counts) {
		err = -errno;
		extract_err(r, bad, 0, "cannot count: %s", why ? why : strerror(-err));
		goto out;
	}
	err = module_reports(r, o, &modules);
	if (err) {
		json_decref(counts);
		goto out;
	}
	err = build(o, r->img, counts, modules, &doc);
	if (!err)
		err = json_write_doc(r->out[0], doc);
out:
	kernels_list_free(&o->kl);
	return err;
}

const struct extractor extractor_meta = {
	.name = "meta",
	.summary = "Write the metadata of one kernel image: identity (from its line of\n"
		   "kernels.list), ELF header, build-id, compiler, DWARF version, BTF\n"
		   "source and the size of every surface already in the dataset dir\n"
		   "(docs/schema-meta.md). Facts not known are written as null.",
	.input = "VMLINUX",
	.outputs = { "meta.json" },
	.needs = NEED_IMAGE,
	.opts = meta_opts,
	.priv_size = sizeof(struct opts),
	.parse_opt = meta_parse_opt,
	.run = meta_run,
};

int main(int argc, char **argv)
{
	return extractor_main(&extractor_meta, argc, argv);
}
