// SPDX-License-Identifier: MIT
/* depsurf-meta: meta.json of one kernel image (docs/schema-meta.md). */
#include "emit/meta/counts.h"
#include "util/diag.h"
#include "formats/elfinfo.h"
#include "schema/jsonl.h"
#include "util/version.h"

#include <ctype.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION "1.0"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: depsurf-meta [options] VMLINUX -o meta.json\n"
		"Write the metadata of one kernel image: identity (from the options), ELF\n"
		"header, build-id, compiler, DWARF version, BTF source and the size of\n"
		"every surface already in the dataset dir.\n"
		"\n"
		"  -o, --output FILE        output file\n"
		"      --id ID              image id (kernels.list)\n"
		"      --distro NAME        distribution (ubuntu, debian)\n"
		"      --release REL        kernel release (uname -r)\n"
		"      --arch ARCH          Debian architecture; must match the ELF machine\n"
		"      --flavor FLAVOR      flavor (generic, cloud, rt, ...)\n"
		"      --url URL            debug package URL\n"
		"      --sha256 HEX         its sha256\n"
		"      --btf-source SRC     embedded | pahole (default: embedded when the\n"
		"                           image has .BTF, else null)\n"
		"      --dataset-dir DIR    count the *.jsonl / *.json surfaces in DIR\n"
		"  -h, --help               this help\n"
		"Options not given are written as null.\n");
}

enum { O_ID = 256, O_DISTRO, O_RELEASE, O_ARCH, O_FLAVOR, O_URL, O_SHA, O_BTF, O_DIR };

struct opts {
	const char *vmlinux, *out, *dir, *btf_source;
	const char *ident[5];	/* id distro release arch flavor */
	const char *url, *sha256;
};

static const char *const ident_keys[] = { "id", "distro", "release", "arch", "flavor" };

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "id", required_argument, NULL, O_ID },
		{ "distro", required_argument, NULL, O_DISTRO },
		{ "release", required_argument, NULL, O_RELEASE },
		{ "arch", required_argument, NULL, O_ARCH },
		{ "flavor", required_argument, NULL, O_FLAVOR },
		{ "url", required_argument, NULL, O_URL },
		{ "sha256", required_argument, NULL, O_SHA },
		{ "btf-source", required_argument, NULL, O_BTF },
		{ "dataset-dir", required_argument, NULL, O_DIR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case O_ID:
		case O_DISTRO:
		case O_RELEASE:
		case O_ARCH:
		case O_FLAVOR:
			o->ident[c - O_ID] = optarg;
			break;
		case O_URL:
			o->url = optarg;
			break;
		case O_SHA:
			o->sha256 = optarg;
			break;
		case O_BTF:
			o->btf_source = optarg;
			break;
		case O_DIR:
			o->dir = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind + 1 != argc || !o->out) {
		usage(stderr);
		return -1;
	}
	o->vmlinux = argv[optind];
	return 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The distinct NUL-separated strings of .comment, in file order, with bytes
 * outside printable ASCII replaced by '?'. */
static json_t *comment_strings(const struct elfinfo *ei)
{
	json_t *arr = json_array();
	Elf_Data *data;
	const char *p, *end;

	if (!arr || elfinfo_section_data(ei, ".comment", &data))
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
static void dwarf_versions(const struct elfinfo *ei, int *main_version, unsigned int *mask)
{
	Dwarf *dw = dwarf_begin_elf(ei->elf, DWARF_C_READ, NULL);
	Dwarf_Off off = 0, next;
	size_t hsize, count[32] = { 0 };
	Dwarf_Half version;
	int v;

	*main_version = 0;
	*mask = 0;
	if (!dw)
		return;
	while (!dwarf_next_unit(dw, off, &next, &hsize, &version, NULL, NULL, NULL, NULL, NULL)) {
		if (version < 32) {
			*mask |= 1u << version;
			count[version]++;
		}
		off = next;
	}
	dwarf_end(dw);
	for (v = 0; v < 32; v++)
		if (count[v] && count[v] >= count[*main_version])
			*main_version = v;
}

static json_t *elf_json(const struct elfinfo *ei)
{
	const char *arch = elfinfo_arch(ei);

	return json_pack("{s:s, s:s, s:o, s:i}", "class",
			 elfinfo_ptr_size(ei) == 4 ? "ELF32" : "ELF64", "endianness",
			 elfinfo_big_endian(ei) ? "big" : "little", "machine", str_or_null(arch),
			 "e_machine", (int)ei->ehdr.e_machine);
}

/* Steals @counts. */
static int build(const struct opts *o, const struct elfinfo *ei, json_t *counts, json_t **out)
{
	json_t *doc = json_object(), *v;
	char *build_id = NULL;
	int first, err = -ENOMEM;
	unsigned int mask, i;

	if (!doc)
		goto out;
	if (json_object_set_new(doc, "schema_version", json_string(SCHEMA_VERSION)) ||
	    json_object_set_new(doc, "tool_version", json_string(DEPSURF_VERSION)))
		goto out;
	for (i = 0; i < 5; i++)
		if (json_object_set_new(doc, ident_keys[i], str_or_null(o->ident[i])))
			goto out;
	if (json_object_set_new(doc, "package", json_pack("{s:o, s:o}", "url", str_or_null(o->url),
							   "sha256", str_or_null(o->sha256))))
		goto out;
	err = elfinfo_build_id(ei, &build_id);
	if (err && err != -ENOENT)
		goto out;
	err = -ENOMEM;
	dwarf_versions(ei, &first, &mask);
	if (json_object_set_new(doc, "build_id", str_or_null(build_id)) ||
	    json_object_set_new(doc, "elf", elf_json(ei)) ||
	    json_object_set_new(doc, "compiler", comment_strings(ei)) ||
	    json_object_set_new(doc, "dwarf_version", first ? json_integer(first) : json_null()) ||
	    json_object_set_new(doc, "dwarf_versions", v = json_array()))
		goto out;
	for (i = 0; i < 32; i++)
		if ((mask & (1u << i)) && json_array_append_new(v, json_integer(i)))
			goto out;
	if (json_object_set_new(doc, "btf_source", str_or_null(o->btf_source)))
		goto out;
	err = json_object_set(doc, "counts", counts) ? -ENOMEM : 0;
out:
	json_decref(counts);
	free(build_id);
	if (err)
		json_decref(doc);
	*out = err ? NULL : doc;
	return err;
}

int main(int argc, char **argv)
{
	const char *stage = "";
	struct opts o = { 0 };
	struct elfinfo ei = { .fd = -1 };
	json_t *doc = NULL, *counts;
	const char *bad = NULL, *why = NULL;
	bool has_btf;
	int err;

	diag_set_prog(argv[0]);
	if (parse_args(argc, argv, &o))
		return 2;
	err = elfinfo_open(&ei, o.vmlinux);
	if (err) {
		diag_err(o.vmlinux, "%s", elfinfo_strerror(err));
		goto out;
	}
	err = -EINVAL;
	if (o.ident[3] && !elfinfo_debian_arch_match(elfinfo_arch(&ei), o.ident[3])) {
		diag_err(o.vmlinux, "ELF machine %s (e_machine %u) is not --arch %s",
			 elfinfo_arch(&ei) ? elfinfo_arch(&ei) : "unknown", ei.ehdr.e_machine,
			 o.ident[3]);
		goto out;
	}
	has_btf = elfinfo_section(&ei, ".BTF", NULL) != NULL;
	if (!o.btf_source)
		o.btf_source = has_btf ? "embedded" : NULL;
	if (strcmp(o.btf_source ? o.btf_source : "pahole", "pahole") &&
	    strcmp(o.btf_source, "embedded")) {
		diag_err(NULL, "--btf-source must be embedded or pahole, not %s", o.btf_source);
		goto out;
	}
	if (o.btf_source && !strcmp(o.btf_source, "embedded") && !has_btf) {
		diag_err(o.vmlinux, "--btf-source embedded, but the image has no .BTF section");
		goto out;
	}
	counts = o.dir ? meta_counts(o.dir, &bad, &why) : json_object();
	if (!counts) {
		err = -errno;
		diag_err(bad, "cannot count: %s", why ? why : strerror(-err));
		goto out;
	}
	err = build(&o, &ei, counts, &doc);
	if (err) {
		diag_err(o.vmlinux, "%s", err == -ENOMEM ? "out of memory" : elfinfo_strerror(err));
		goto out;
	}
	err = json_save_doc(o.out, doc, &stage);
	doc = NULL;
	if (err)
		diag_err(o.out, "cannot %s: %s", stage, strerror(-err));
out:
	json_decref(doc);
	elfinfo_close(&ei);
	return err ? 1 : 0;
}
