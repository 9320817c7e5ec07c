// SPDX-License-Identifier: MIT
/*
 * depsurf-funcs: the function surface of a vmlinux (SPEC §4 funcs.jsonl).
 * The tool owns I/O, messages and exit codes; the work is in the other
 * files of this folder (see funcs.h for the pipeline).
 */
#include "extract/funcs/funcs.h"
#include "util/diag.h"
#include "formats/elfinfo.h"
#include "util/outfile.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"Usage: depsurf-funcs [options] VMLINUX -o FUNCS.jsonl\n"
	"       depsurf-funcs --compare-protos [--btf BTF] VMLINUX\n"
	"\n"
	"Write the function surface of a kernel image: one JSON line per\n"
	"function name, from its DWARF, symbol table, ftrace and kprobe\n"
	"tables and BTF (docs/schema-funcs.md).\n"
	"\n"
	"  -o, --output FILE   the funcs.jsonl to write (atomically)\n"
	"      --btf FILE      BTF for the prototypes: a raw BTF file (pahole\n"
	"                      --btf_encode_detached) or an ELF with .BTF;\n"
	"                      default: the image's own .BTF, else DWARF only\n"
	"  -j, --threads N     threads for the DWARF walk (1-4, default 2)\n"
	"      --progress      phase timings and counts on stderr\n"
	"      --compare-protos\n"
	"                      print every function whose BTF and DWARF\n"
	"                      prototypes are spelled differently; exit 1 if any\n"
	"  -h, --help          this text\n";

enum { OPT_BTF = 256, OPT_PROGRESS, OPT_COMPARE };

static const struct option options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "btf", required_argument, NULL, OPT_BTF },
	{ "threads", required_argument, NULL, 'j' },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "compare-protos", no_argument, NULL, OPT_COMPARE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct opts {
	const char *input, *output, *btf;
	int threads;
	bool progress, compare;
};

static double t0;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void phase(const struct opts *o, const char *what)
{
	if (o->progress)
		diag_info("%6.2fs %s", now() - t0, what);
}

/* The image's own .BTF (NULL when it has none), or --btf. */
static int load_btf(const struct opts *o, const struct image *img,
		    struct btf **out)
{
	GElf_Shdr shdr;
	Elf_Scn *scn;
	Elf_Data *d;

	*out = NULL;
	if (o->btf) {
		*out = btf__parse(o->btf, NULL);
		return *out ? 0 : -(errno ? errno : EINVAL);
	}
	scn = image_section(img, ".BTF", &shdr);
	if (!scn || shdr.sh_type == SHT_NOBITS)
		return 0;
	d = elf_rawdata(scn, NULL);
	if (!d || !d->d_buf)
		return -EBADMSG;
	*out = btf__new(d->d_buf, d->d_size);
	return *out ? 0 : -(errno ? errno : EINVAL);
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

static int parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->threads = 2;
	while ((c = getopt_long(argc, argv, "o:j:h", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'j':
			o->threads = atoi(optarg);
			if (o->threads < 1 || o->threads > 4) {
				diag_err(NULL, "--threads: expected 1 to 4");
				return 2;
			}
			break;
		case OPT_BTF:
			o->btf = optarg;
			break;
		case OPT_PROGRESS:
			o->progress = true;
			break;
		case OPT_COMPARE:
			o->compare = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind + 1 != argc || (!o->output && !o->compare)) {
		fputs(usage, stderr);
		return 2;
	}
	o->input = argv[optind];
	return 0;
}

int main(int argc, char **argv)
{
	struct image img = { .fd = -1 };
	struct fsyms fs = { 0 };
	struct dwalk dw = { 0 };
	struct model m = { 0 };
	struct outfile out = { 0 };
	struct btf *btf = NULL;
	Dwarf *dwarf[4] = { NULL };
	struct opts o;
	int err, t, rc = 1;

	diag_set_prog(argv[0]);
	libbpf_set_print(NULL);	/* errors are reported here, once */
	t0 = now();
	err = parse_args(argc, argv, &o);
	if (err)
		return err;

	err = image_open(&img, o.input);
	if (err) {
		diag_err(o.input, "%s", elfinfo_strerror(err));
		goto out;
	}
	err = fsyms_read(&img, &fs);
	if (err) {
		diag_err(o.input, "%s", err == -ENOENT ?
			 "no .symtab section (stripped image)" :
			 err == -EBADMSG ? "corrupt symbol or address table" :
			 err == -ENOTSUP ? "unsupported relocation type in "
					   "the ftrace or kprobe table" :
			 strerror(-err));
		goto out;
	}
	phase(&o, "symbols read");
	for (t = 0; t < o.threads; t++) {
		err = image_dwarf(&img, &dwarf[t]);
		if (err) {
			diag_err(o.input, "no DWARF debug info (.debug_info): %s",
				 dwarf_errmsg(-1));
			goto out;
		}
	}
	err = dwalk_run(dwarf, o.threads, &dw);
	if (err) {
		if (err == -EBADMSG)
			diag_err(o.input, "corrupt DWARF in the unit at offset %#llx",
				 (unsigned long long)dw.bad_cu);
		else if (err == -ENODATA)
			diag_err(o.input, "no DWARF compile units");
		else
			diag_err(o.input, "reading DWARF: %s", strerror(-err));
		goto out;
	}
	phase(&o, "DWARF walked");
	err = model_build(&m, &img, &dw, &fs);
	if (err) {
		diag_err(o.input, "building function groups: %s", strerror(-err));
		goto out;
	}
	phase(&o, "groups built");
	err = load_btf(&o, &img, &btf);
	if (err) {
		char msg[128];

		libbpf_strerror(err, msg, sizeof(msg));
		diag_err(o.btf ? o.btf : o.input, "cannot read BTF: %s", msg);
		goto out;
	}
	if (o.compare) {
		struct cmp_ctx ctx = { 0 };
		size_t both;

		err = proto_compare(&m, &fs, btf, dwarf[0], &dw, on_compare,
				    &ctx, &both);
		if (err) {
			diag_err(o.input, "comparing prototypes: %s",
				 strerror(-err));
			goto out;
		}
		diag_info("%zu prototypes in both BTF and DWARF, %zu differ",
			  both, ctx.differ);
		rc = ctx.differ ? 1 : 0;
		goto out;
	}
	err = proto_fill(&m, &fs, btf, dwarf[0], &dw);
	if (err) {
		diag_err(o.input, "prototypes: %s", strerror(-err));
		goto out;
	}
	phase(&o, "prototypes filled");
	err = outfile_open(&out, o.output);
	if (err) {
		diag_err(o.output, "%s", strerror(-err));
		goto out;
	}
	err = emit_jsonl(out.f, &m, &fs);
	if (err) {
		outfile_abort(&out);
		diag_err(o.output, "write failed: %s", strerror(-err));
		goto out;
	}
	err = outfile_commit(&out);
	if (err) {
		diag_err(o.output, "%s", strerror(-err));
		goto out;
	}
	phase(&o, "written");
	if (o.progress)
		print_stats(&m, &dw, &fs);
	rc = 0;
out:
	btf__free(btf);
	model_free(&m);
	dwalk_free(&dw);
	fsyms_free(&fs);
	for (t = 0; t < 4; t++)
		dwarf_end(dwarf[t]);
	image_close(&img);
	return rc;
}
