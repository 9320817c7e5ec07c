/* SPDX-License-Identifier: MIT */
/*
 * The `depsurf` command (bpftool's shape): global options parsed once in
 * main.c, then a subcommand found by unique prefix in the table that
 * DEPSURF_COMMANDS() below generates. Each command is cli/<name>.c with
 *
 *	int cmd_<name>(int argc, char **argv);	argv[0] is the command word
 *	void help_<name>(FILE *f);		its usage, "Usage:" first
 *
 * and returns an exit status (enum cli_exit). Options are read with
 * cli_getopt(), output goes through cli_print_json() in JSON mode, errors
 * through cli_err().
 */
#ifndef DEPSURF_CLI_H
#define DEPSURF_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/*
 * Every command, in the order `depsurf --help` lists them:
 * X(name, one-line summary). Adding a command is one line here.
 */
#define DEPSURF_COMMANDS(X)							\
	X(surfaces, "list the surfaces of dataset image folders and their entry counts") \
	X(extract, "write one surface of a kernel image: extract SURFACE ...")	\
	X(query, "one surface entry across images: query KIND NAME (func, struct, ...)") \
	X(diff, "compare two images entry by entry: diff OLD NEW (exit 4: changes, 8: breaking)") \
	X(matrix, "dependency status matrix: matrix DEP... (func:F, field:S::F, ...) x images") \
	X(check, "a BPF object's kernel dependencies x images: check PROG.bpf.o (exit 1: mismatch)") \
	X(sql, "run a read-only SQL query on the dataset database: sql 'SELECT ...'") \
	X(tables, "the dataset's tables (pairs, change kinds, inline, ...) as CSV, Markdown, JSON") \
	X(release, "pack the dataset into a deterministic tar.zst with its MANIFEST, and one per image") \
	X(verify, "check a release tarball or unpacked folder against its MANIFEST: verify RELEASE") \
	X(version, "print the version of depsurf and of the schema it reads")	\
	X(help, "print this help, or a command's: help [COMMAND]")

#define CLI_DECLARE(name, summary)		\
	int cmd_##name(int argc, char **argv);	\
	void help_##name(FILE *f);
DEPSURF_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE

/* Exit status of depsurf and of every command. */
enum cli_exit {
	CLI_OK = 0,	/* success */
	CLI_BAD = 1,	/* bad input: a file that cannot be read or is not what the schema says */
	CLI_USAGE = 2,	/* usage error: unknown command or option, bad arguments */
};

extern bool json_output;	/* --json or --pretty */
extern bool pretty_output;	/* --pretty */

/* "depsurf: message" on stderr; in JSON mode {"error": "message"} on stdout. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A usage error of command @cmd (NULL: of depsurf itself): cli_err, then in
 * text mode a pointer to the help. Returns CLI_USAGE.
 */
int cli_usage_err(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A JSON string of @n bytes of @s (any bytes: file names need not be UTF-8;
 * bytes of invalid sequences become '?'). NULL when out of memory.
 */
json_t *cli_json_strn(const char *s, size_t n);
#define cli_json_str(s) cli_json_strn((s), strlen(s))

/* Print @doc (stolen) on stdout: compact, or indented with --pretty. */
int cli_print_json(json_t *doc);

/*
 * getopt_long over a command's argv (argv[0] the command's full name) with
 * its own options plus the global ones (-j/--json, -p/--pretty, which may
 * also follow the command) and -h/--help, which prints help_<command> on
 * stdout. @longopts ends with a zeroed entry; @shortopts holds only the
 * command's own letters. Returns the option character, -1 at the end of
 * the options (optind is then the first operand), or CLI_GETOPT_DONE after
 * --help (*@exit_status CLI_OK) or a usage error (reported; CLI_USAGE).
 */
#define CLI_GETOPT_DONE (-2)
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	       int *exit_status);

/*
 * The image-selection options that matrix and check share: -d/--dataset
 * DIR, -i/--images IDS, -k/--kernels FILE, --group G (CLI_OPT_GROUP),
 * -g/--groups FILE; the strings are optarg's.
 */
#define CLI_OPT_GROUP 300
struct cli_image_opts {
	const char *dataset, *images, *kernels, *group, *groups;
};
#define CLI_IMAGE_OPTS_INIT { "dataset", NULL, NULL, NULL, NULL }

/* Take option @c (its argument in optarg) into @o if it is one of those. */
void cli_image_opt(struct cli_image_opts *o, int c);

/*
 * The image columns of command @cmd (`matrix`, `check`) in dataset root
 * @dataset: --images @images (ids, comma-separated), else --group @group of
 * kernels.groups @groups (NULL: beside the dataset), else every image
 * folder in the order of kernels.list @kernels (NULL: beside the dataset,
 * else sorted). Returns CLI_OK with *@ids (malloc'ed, each string too) and
 * *@n, or an exit status after reporting the problem.
 */
int cli_images(const char *cmd, const char *dataset, const char *images, const char *group,
	       const char *groups, const char *kernels, char ***ids, size_t *n);

/* A lookup problem of matrix/ (struct matrix_error): "DIR/FILE:LINE: text" via cli_err. */
struct matrix_error;
void cli_matrix_err(const struct matrix_error *e);

/*
 * The dataset database (db/dsdb.h) for a command's --db FILE, else
 * --dataset DIR's depsurf.sqlite (@dataset NULL: "dataset"), opened
 * read-only with PRAGMA query_only. NULL when it cannot be used: reported
 * (one line naming the file and what to run) and *@exit_status CLI_BAD.
 */
struct sqlite3;
struct sqlite3 *cli_open_db(const char *dataset, const char *dbfile, int *exit_status);

/*
 * The database of release tarball @release (query --release), copied out
 * to a temp file that is removed as soon as SQLite has it open
 * (release/extract.h), opened as cli_open_db() does. NULL after reporting.
 */
struct sqlite3 *cli_release_db(const char *release, int *exit_status);

/*
 * The image folders (@images: comma-separated ids, NULL: all) and the
 * kernels list and groups of release tarball @release (check --release), in a
 * scratch folder *@dir (malloc'ed) that rel_scratch_remove() deletes and a
 * fatal signal deletes too. 0, or -1 after reporting (*@exit_status CLI_BAD).
 */
int cli_release_dataset(const char *release, const char *images, const char *against,
			char **dir, int *exit_status);

#endif
