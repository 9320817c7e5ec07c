/* SPDX-License-Identifier: MIT */
/*
 * Command lines from option tables: one table per tool (or several: a
 * driver's own options, then a subcommand's) with a doc string per option,
 * from which both getopt_long()'s tables and the --help text are made, so
 * the two never disagree (pahole and readelf do the same with argp).
 */
#ifndef DEPSURF_CMDLINE_H
#define DEPSURF_CMDLINE_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

struct cmd_opt {
	const char *name;	/* long option; NULL ends a table */
	int key;		/* its short letter, or a value >= 256 (long only) */
	const char *arg;	/* the argument's name, NULL for a flag */
	const char *doc;	/* one line, more with embedded "\n" */
};

/* Upper bound of the options of one command line. */
#define CMDLINE_MAX_OPTS 48

struct cmdline_tables {
	struct option longopts[CMDLINE_MAX_OPTS + 1];
	char shorts[2 * CMDLINE_MAX_OPTS + 1];
};

/*
 * Fill @t from the @n tables @sets (each ended by a NULL name). -E2BIG when
 * they hold more than CMDLINE_MAX_OPTS options.
 */
int cmdline_tables(struct cmdline_tables *t, const struct cmd_opt *const *sets, size_t n);

/* "  -o, --output FILE   doc" lines for every option of @sets. */
void cmdline_print(FILE *f, const struct cmd_opt *const *sets, size_t n);

#endif
