// SPDX-License-Identifier: MIT
/* The extractor driver (extract/driver/driver.h). */
#include "extract/driver/driver.h"
#include "util/diag.h"
#include "util/errors.h"
#include "util/outfile.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { KEY_BTF = 200, KEY_PROGRESS, KEY_OUTPUT0 /* ..+EXTRACT_MAX_OUTPUTS */ };

struct cmdline {
	const char *output, *outdir;
	const char *per_file[EXTRACT_MAX_OUTPUTS];
	char stems[EXTRACT_MAX_OUTPUTS][64];	/* "structs" of structs.jsonl */
	char docs[EXTRACT_MAX_OUTPUTS][96];
	struct cmd_opt opts[EXTRACT_MAX_OUTPUTS + 8];	/* NULL-ended */
	size_t nr_opts;
};

static const struct cmd_opt help_opt[] = {
	{ "help", 'h', NULL, "this help" },
	{ NULL, 0, NULL, NULL },
};

static double t0;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t nr_outputs(const struct extractor *ex)
{
	size_t n = 0;

	while (n < EXTRACT_MAX_OUTPUTS && ex->outputs[n])
		n++;
	return n;
}

static void add_opt(struct cmdline *cl, const char *name, int key, const char *arg,
		    const char *doc)
{
	cl->opts[cl->nr_opts++] = (struct cmd_opt){ name, key, arg, doc };
}

/* The driver's own options, by what the extractor writes and needs. */
static void common_opts(const struct extractor *ex, struct cmdline *cl)
{
	size_t i, n = nr_outputs(ex);

	if (n == 1)
		add_opt(cl, "output", 'o', "FILE", "the file to write (atomically; - for stdout)");
	add_opt(cl, "outdir", 'd', "DIR", n == 1 ? "write it into DIR (created if missing)" :
		"write every output file into DIR (created if\n"
		"missing); with only --FILE options, only those");
	for (i = 0; n > 1 && i < n; i++) {
		snprintf(cl->stems[i], sizeof(cl->stems[i]), "%.*s",
			 (int)strcspn(ex->outputs[i], "."), ex->outputs[i]);
		snprintf(cl->docs[i], sizeof(cl->docs[i]), "write %s to FILE (instead of DIR/%s)",
			 ex->outputs[i], ex->outputs[i]);
		add_opt(cl, cl->stems[i], KEY_OUTPUT0 + (int)i, "FILE", cl->docs[i]);
	}
	if (ex->needs & (NEED_BTF | OPT_BTF))
		add_opt(cl, "btf", KEY_BTF, "FILE", "read BTF from FILE instead of the image's .BTF:\n"
			"raw BTF of `pahole --btf_encode_detached=FILE VMLINUX`\n"
			"or an ELF file with .BTF");
	add_opt(cl, "progress", KEY_PROGRESS, NULL, "phase timings and counts on stderr");
}


static void usage(FILE *f, const struct extractor *ex, const struct cmdline *cl)
{
	const struct cmd_opt *const sets[] = { cl->opts, ex->opts, help_opt };

	fprintf(f, "Usage: %s [options] %s %s\n%s\n\n", diag_prog(), ex->input,
		nr_outputs(ex) == 1 ? "-o FILE" : "-d DIR", ex->summary);
	cmdline_print(f, sets, 3);
}

/* 0; 2 for a usage error; -1 after --help (exit 0). */
static int parse_args(struct extract_run *r, struct cmdline *cl, int argc, char **argv)
{
	const struct extractor *ex = r->ex;
	const struct cmd_opt *const sets[] = { cl->opts, ex->opts, help_opt };
	struct cmdline_tables t;
	bool any_file = false;
	int c;

	common_opts(ex, cl);
	if (cmdline_tables(&t, sets, 3))
		return 2;
	while ((c = getopt_long(argc, argv, t.shorts, t.longopts, NULL)) != -1) {
		if (c == 'o') {
			cl->output = optarg;
		} else if (c == 'd') {
			cl->outdir = optarg;
		} else if (c >= KEY_OUTPUT0 && c < KEY_OUTPUT0 + EXTRACT_MAX_OUTPUTS) {
			cl->per_file[c - KEY_OUTPUT0] = optarg;
			any_file = true;
		} else if (c == KEY_BTF) {
			r->btf_path = optarg;
		} else if (c == KEY_PROGRESS) {
			r->progress = true;
		} else if (c == 'h') {
			usage(stdout, ex, cl);
			return -1;
		} else if (c == '?' || !ex->parse_opt || ex->parse_opt(r, c, optarg)) {
			/* getopt or parse_opt() said what is wrong */
			usage(stderr, ex, cl);
			return 2;
		}
	}
	if (optind + 1 != argc || (!r->no_output && !cl->output && !cl->outdir && !any_file)) {
		usage(stderr, ex, cl);
		return 2;
	}
	r->input = argv[optind];
	return 0;
}

/* ---------------------------------------------------------------- outputs */

static int out_path(const struct cmdline *cl, const struct extractor *ex, size_t i,
		    char **path)
{
	*path = NULL;
	if (cl->per_file[i])
		*path = strdup(cl->per_file[i]);
	else if (cl->output && i == 0)
		*path = strdup(cl->output);
	else if (cl->outdir && asprintf(path, "%s/%s", cl->outdir, ex->outputs[i]) < 0)
		*path = NULL;
	else if (!cl->outdir)
		return 0;	/* not asked for */
	return *path ? 0 : -ENOMEM;
}

static int open_outputs(struct extract_run *r, const struct cmdline *cl,
			struct outfile *out)
{
	size_t i, n = nr_outputs(r->ex);
	char *path;
	int err;

	if (r->no_output)
		return 0;
	/* -d creates its directory (not its parents) */
	if (cl->outdir && mkdir(cl->outdir, 0777) && errno != EEXIST)
		return extract_err(r, cl->outdir, -errno, "cannot create");
	for (i = 0; i < n; i++) {
		err = out_path(cl, r->ex, i, &path);
		if (err)
			return extract_err(r, NULL, err, "output path");
		if (!path)
			continue;
		if (!strcmp(path, "-")) {	/* standard output: not atomic */
			free(path);
			r->out[i] = stdout;
			r->out_path[i] = "standard output";
			continue;
		}
		err = outfile_open(&out[i], path);
		if (err) {
			extract_err(r, path, err, "cannot create");
			free(path);
			return err;
		}
		free(path);
		r->out[i] = out[i].f;
		r->out_path[i] = out[i].path;
	}
	return 0;
}

static int commit_outputs(struct extract_run *r, struct outfile *out)
{
	char *path;
	size_t i;
	int err;

	for (i = 0; i < EXTRACT_MAX_OUTPUTS; i++) {
		if (r->out[i] == stdout && fflush(stdout))
			return extract_err(r, r->out_path[i], -errno, "cannot write");
		if (!out[i].f)
			continue;
		/* r->out_path[i] is out[i].path, which outfile_commit frees */
		path = strdup(out[i].path);
		err = outfile_commit(&out[i]);
		r->out_path[i] = NULL;
		if (err)
			extract_err(r, path ? path : "output", err, "cannot write");
		free(path);
		if (err)
			return err;
	}
	return 0;
}

/* ------------------------------------------------------------------ input */

static int load_btf(struct extract_run *r)
{
	const struct btf *btf;
	int err = kimage_btf(r->img, &btf);

	if (err == -DS_ERRNO__NOBTF && kimage_has_dwarf(r->img))
		return extract_err(r, r->input, 0, "no .BTF section; generate BTF from its DWARF "
				   "with `pahole --btf_encode_detached=FILE %s` and pass --btf FILE",
				   r->input);
	if (err == -DS_ERRNO__NOBTF)
		return extract_err(r, r->input, 0, "no .BTF section and no DWARF (.debug_info): "
				   "no type information");
	if (err && r->img->btf_bad_id)
		return extract_err(r, kimage_btf_file(r->img), err, "cannot read BTF: type [%u]",
				   r->img->btf_bad_id);
	if (err)
		return extract_err(r, kimage_btf_file(r->img), err, "cannot read BTF");
	return 0;
}

static int load_input(struct extract_run *r)
{
	unsigned int needs = r->ex->needs;
	const struct ksyms *syms;
	const struct kdata *kd;
	Dwarf *dw;
	int err;

	if (!(needs & NEED_IMAGE))
		return 0;
	err = kimage_open(r->input, r->btf_path, &r->img);
	if (err)
		return extract_err(r, r->input, err, "%s", "");
	if ((needs & NEED_SYMS) && (err = kimage_syms(r->img, &syms)))
		return extract_err(r, r->input, err, "%s", "");
	if ((needs & NEED_KDATA) && (err = kimage_kdata(r->img, &kd)))
		return extract_err(r, r->input, err, "%s", "");
	if ((needs & NEED_DWARF) && (err = kimage_dwarf(r->img, &dw)))
		return extract_err(r, r->input, err, "%s", "");
	if (needs & NEED_BTF)
		return load_btf(r);
	return 0;
}

/* -------------------------------------------------------------------- main */

int extract_err(struct extract_run *r, const char *file, int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err)
		diag_err(file, "%s%s%s", msg, *msg ? ": " : "", errmsg(err));
	else
		diag_err(file, "%s", msg);
	r->reported = true;
	return err ? err : -EINVAL;
}

void extract_phase(const struct extract_run *r, const char *what)
{
	if (r->progress)
		diag_info("%6.2fs %s", now() - t0, what);
}

int extractor_main(const struct extractor *ex, int argc, char **argv)
{
	struct outfile out[EXTRACT_MAX_OUTPUTS];
	struct extract_run r = { .ex = ex };
	struct cmdline cl;
	int err, rc = 1;

	memset(out, 0, sizeof(out));
	memset(&cl, 0, sizeof(cl));
	diag_set_prog(argv[0]);
	libbpf_set_print(NULL);	/* errors are reported here, once */
	t0 = now();
	r.priv = calloc(1, ex->priv_size ? ex->priv_size : 1);
	if (!r.priv)
		return 1;
	err = parse_args(&r, &cl, argc, argv);
	if (err) {
		rc = err < 0 ? 0 : err;
		goto out;
	}
	err = load_input(&r);
	if (!err)
		err = open_outputs(&r, &cl, out);
	if (!err)
		err = ex->run(&r);
	if (!err)
		err = commit_outputs(&r, out);
	if (err < 0 && !r.reported)
		diag_err(r.input, "%s", errmsg(err));
	rc = err < 0 ? 1 : err;
out:
	for (size_t i = 0; i < EXTRACT_MAX_OUTPUTS; i++)
		outfile_abort(&out[i]);
	kimage_close(r.img);
	free(r.priv);
	return rc;
}

int extract_run_path(const struct extractor *ex, const char *input, const char *btf_path,
		     FILE *const *out)
{
	struct extract_run r = { .ex = ex, .input = input, .btf_path = btf_path };
	size_t i;
	int err;

	libbpf_set_print(NULL);
	r.priv = calloc(1, ex->priv_size ? ex->priv_size : 1);
	if (!r.priv)
		return 1;
	for (i = 0; out && i < nr_outputs(ex); i++) {
		r.out[i] = out[i];
		r.out_path[i] = "/dev/null";
	}
	r.no_output = !out;
	err = load_input(&r);
	if (!err)
		err = ex->run(&r);
	if (err < 0 && !r.reported)
		diag_err(r.input, "%s", errmsg(err));
	kimage_close(r.img);
	free(r.priv);
	return err < 0 ? 1 : err;
}
