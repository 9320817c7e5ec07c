/* SPDX-License-Identifier: MIT */
/*
 * The extractor driver: the one main() of every stage program
 * (depsurf-funcs, depsurf-types, ...) and of `depsurf extract SURFACE`.
 *
 * An extractor is a descriptor: its name, its output files, what it needs
 * from the image, its extra options and a run(). The driver owns the rest:
 * the positional input (a vmlinux, or a .config for a config extractor),
 * --btf, the outputs (-o FILE for a one-file surface, -d DIR for all of
 * them, --<stem> FILE for one file of several: --structs), written to a
 * temporary file and renamed into place only when run() succeeded,
 * --progress, --help generated from the option table (a doc string per
 * option), the exit codes (0 ok, 1 bad input, 2 usage) and the messages
 * (util/errors.h: errmsg()).
 */
#ifndef DEPSURF_DRIVER_H
#define DEPSURF_DRIVER_H

#include "image/kimage.h"
#include "util/cmdline.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define EXTRACT_MAX_OUTPUTS 4

/* What run() finds loaded; a load failure is reported before run(). */
enum extract_needs {
	NEED_IMAGE = 1u << 0,	/* the input is a kernel image (else a text file) */
	NEED_BTF = 1u << 1,	/* BTF loaded (implies --btf) */
	NEED_SYMS = 1u << 2,	/* .symtab indexed */
	NEED_KDATA = 1u << 3,	/* kernel data reader */
	NEED_DWARF = 1u << 4,	/* libdw handle */
	OPT_BTF = 1u << 5,	/* --btf accepted; BTF loaded by run() if it wants */
};

struct extract_run;

struct extractor {
	const char *name;	/* the surface: tool depsurf-<name> */
	const char *summary;	/* what the tool writes, for --help */
	const char *input;	/* the positional argument's name: VMLINUX */
	const char *outputs[EXTRACT_MAX_OUTPUTS];	/* file names, NULL-ended */
	unsigned int needs;	/* enum extract_needs */
	const struct cmd_opt *opts;	/* extra options, { NULL } ended */
	size_t priv_size;	/* zeroed state for parse_opt() and run() */
	/* An extra option; 0, or -EINVAL for a bad argument (usage error). */
	int (*parse_opt)(struct extract_run *r, int key, const char *arg);
	/*
	 * Write the surface to r->out[i] (NULL for an output not asked for).
	 * 0 ok; a negative error (reported with errmsg() on r->input unless
	 * run() reported it with extract_err()); a positive exit status
	 * without a message (a --compare mode that found differences).
	 */
	int (*run)(struct extract_run *r);
};

struct extract_run {
	const struct extractor *ex;
	const char *input;		/* the positional argument */
	struct kimage *img;		/* NEED_IMAGE, else NULL */
	const char *btf_path;		/* --btf, or NULL */
	FILE *out[EXTRACT_MAX_OUTPUTS];	/* open on temp files */
	const char *out_path[EXTRACT_MAX_OUTPUTS];
	bool no_output;			/* set by parse_opt(): a mode that writes none */
	bool progress;
	bool reported;			/* run() printed the error */
	void *priv;
};

/* The stage program's main(): returns the exit status. */
int extractor_main(const struct extractor *ex, int argc, char **argv);

/*
 * The library entry point (fuzz harnesses, tests): run @ex on @input (a
 * vmlinux, or the text file of a non-image extractor) with @btf_path (may be
 * NULL), writing output i to @out[i] (NULL entries, or @out NULL: not asked
 * for; @out has EXTRACT_MAX_OUTPUTS entries, never closed here). Opens the
 * image, loads what ex->needs says, runs, frees. No option is parsed (the
 * extractor's defaults), nothing is printed except through util/diag
 * (diag_set_quiet() silences it), no exit. Returns what extractor_main()
 * would exit with: 0, 1 for bad input, or run()'s positive status.
 */
int extract_run_path(const struct extractor *ex, const char *input, const char *btf_path,
		     FILE *const *out);

/*
 * Report a problem with @file (NULL: none) as one line, "prog: file: what:
 * errmsg(err)" (no ": errmsg" when @err is 0), and return @err (-EINVAL when 0).
 */
int extract_err(struct extract_run *r, const char *file, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* With --progress: "prog:  1.23s WHAT" on stderr. */
void extract_phase(const struct extract_run *r, const char *what);

#endif
