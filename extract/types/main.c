// SPDX-License-Identifier: MIT
/*
 * depsurf-types: the struct, union and enum surface of a kernel image from
 * its BTF (docs/schema-types.md).
 */
#include "extract/types/btftypes.h"
#include "formats/btfload.h"
#include "util/diag.h"
#include "formats/elfinfo.h"
#include "util/outfile.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const file_names[BTFTYPES_NR] = {
	"structs.jsonl", "unions.jsonl", "enums.jsonl",
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: depsurf-types [options] VMLINUX -d OUTDIR\n"
		"Write the named structs, unions and enums of a kernel image's BTF as\n"
		"OUTDIR/structs.jsonl, OUTDIR/unions.jsonl and OUTDIR/enums.jsonl.\n"
		"\n"
		"  -d, --outdir DIR    directory of the three output files (created if\n"
		"                      missing; its parent must exist)\n"
		"      --structs FILE  write structs here (overrides -d for this file)\n"
		"      --unions FILE   write unions here\n"
		"      --enums FILE    write enums here\n"
		"                      (with only per-file options, only those are written)\n"
		"      --btf FILE      read BTF from FILE instead of VMLINUX's .BTF section:\n"
		"                      raw BTF from `pahole --btf_encode_detached=FILE VMLINUX`\n"
		"                      or an ELF file with .BTF\n"
		"  -v, --verbose       print counts on stderr\n"
		"  -h, --help          this help\n");
}

enum { OPT_BTF = 256, OPT_STRUCTS, OPT_UNIONS, OPT_ENUMS };

struct opts {
	const char *vmlinux, *btf, *outdir;
	const char *paths[BTFTYPES_NR];
	bool verbose;
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "outdir", required_argument, NULL, 'd' },
		{ "structs", required_argument, NULL, OPT_STRUCTS },
		{ "unions", required_argument, NULL, OPT_UNIONS },
		{ "enums", required_argument, NULL, OPT_ENUMS },
		{ "btf", required_argument, NULL, OPT_BTF },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->outdir = optarg;
			break;
		case OPT_STRUCTS:
		case OPT_UNIONS:
		case OPT_ENUMS:
			o->paths[c - OPT_STRUCTS] = optarg;
			break;
		case OPT_BTF:
			o->btf = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind + 1 != argc || (!o->outdir && !o->paths[0] && !o->paths[1] && !o->paths[2])) {
		usage(stderr);
		return -1;
	}
	o->vmlinux = argv[optind];
	return 0;
}

static int write_all(const struct opts *o, const struct btf *btf, struct btftypes_stats *st)
{
	struct outfile out[BTFTYPES_NR];
	char *paths[BTFTYPES_NR] = { NULL };
	int k, err = 0;

	memset(out, 0, sizeof(out));
	/* -d creates its directory (not its parents) */
	if (o->outdir && mkdir(o->outdir, 0777) && errno != EEXIST) {
		err = -errno;
		diag_err(o->outdir, "cannot create: %s", strerror(-err));
		return err;
	}
	for (k = 0; k < BTFTYPES_NR; k++) {
		if (o->paths[k])
			paths[k] = strdup(o->paths[k]);
		else if (o->outdir && asprintf(&paths[k], "%s/%s", o->outdir, file_names[k]) < 0)
			paths[k] = NULL, err = -ENOMEM;
		else if (!o->outdir)
			continue;
		if (!paths[k]) {
			diag_err(NULL, "out of memory");
			err = -ENOMEM;
			goto out;
		}
		err = outfile_open(&out[k], paths[k]);
		if (err) {
			diag_err(paths[k], "cannot create: %s", strerror(-err));
			goto out;
		}
	}
	for (k = 0; k < BTFTYPES_NR; k++) {
		if (!out[k].f)
			continue;
		err = btftypes_write(btf, k, out[k].f, st);
		if (err) {
			diag_err(o->btf ? o->btf : o->vmlinux, "cannot write %s: %s",
				 file_names[k], strerror(-err));
			goto out;
		}
	}
	for (k = 0; k < BTFTYPES_NR; k++) {
		if (!out[k].f)
			continue;
		err = outfile_commit(&out[k]);
		if (err) {
			diag_err(paths[k], "cannot write: %s", strerror(-err));
			goto out;
		}
	}
out:
	for (k = 0; k < BTFTYPES_NR; k++) {
		outfile_abort(&out[k]);
		free(paths[k]);
	}
	return err;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct elfinfo ei = { .fd = -1 };
	struct btftypes_stats st;
	struct btf *btf = NULL;
	const char *errfile;
	char msg[512];
	int err;

	memset(&st, 0, sizeof(st));
	diag_set_prog(argv[0]);
	libbpf_set_print(NULL);
	if (parse_args(argc, argv, &o))
		return 2;
	err = elfinfo_open(&ei, o.vmlinux);
	if (err) {
		diag_err(o.vmlinux, "%s", elfinfo_strerror(err));
		goto out;
	}
	err = btfload_image(&ei, o.vmlinux, o.btf, &btf, &errfile, msg, sizeof(msg));
	if (err) {
		diag_err(errfile, "%s", msg);
		goto out;
	}
	err = write_all(&o, btf, &st);
	if (!err && o.verbose)
		diag_info("%zu structs, %zu unions, %zu enums (%zu anonymous enumerators); "
			  "names with duplicates: %zu structs, %zu unions, %zu enums",
			  st.written[0], st.written[1], st.written[2], st.anon_enum_values,
			  st.duplicates[0], st.duplicates[1], st.duplicates[2]);
out:
	btf__free(btf);
	elfinfo_close(&ei);
	return err ? 1 : 0;
}
