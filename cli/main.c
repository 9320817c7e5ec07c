// SPDX-License-Identifier: MIT
/*
 * depsurf: the command over a depsurf dataset (docs/depsurf.1). Global
 * options once, then a command chosen from the table by unique prefix,
 * as bpftool's main.c does (cmd_select, is_prefix), but an ambiguous
 * prefix is an error rather than the first match.
 */
#include "cli/cli.h"
#include "schema/surface_reader.h"
#include "util/version.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool json_output;
bool pretty_output;

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	void (*help)(FILE *f);
	const char *summary;
};

#define CLI_ENTRY(name, summary) { #name, cmd_##name, help_##name, summary },
static const struct cmd cmds[] = {
	DEPSURF_COMMANDS(CLI_ENTRY)
	{ NULL, NULL, NULL, NULL },
};
#undef CLI_ENTRY

static void main_help(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: depsurf [OPTIONS] COMMAND [ARGS...]\n"
		"       depsurf help [COMMAND]\n"
		"Look into a depsurf dataset: the kernel dependency surfaces (functions,\n"
		"types, tracepoints, syscalls, registers, config) of each kernel image.\n"
		"\n"
		"Commands (any unique prefix will do: 'depsurf surf'):\n");
	for (i = 0; cmds[i].name; i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json       output JSON, errors included\n"
		"  -p, --pretty     output indented JSON (implies --json)\n"
		"  -V, --version    print the version (as 'depsurf version')\n"
		"  -h, --help       print this help\n"
		"-j and -p may also follow the command. 'depsurf COMMAND --help' prints\n"
		"the options of a command.\n"
		"\n"
		"Exit status: 0 success, 1 bad input, 2 usage error.\n");
}

json_t *cli_json_strn(const char *s, size_t n)
{
	json_t *v = json_stringn(s, n);
	char *copy;
	size_t i;

	if (v)
		return v;
	/* not UTF-8: keep ASCII, mark the rest */
	copy = malloc(n + 1);
	if (!copy)
		return NULL;
	for (i = 0; i < n; i++)
		copy[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
	v = json_stringn(copy, n);
	free(copy);
	return v;
}

/* The option getopt stopped at: "-x", or the word for a long one. */
static const char *bad_option(char **argv)
{
	static char shortopt[3] = "-";

	if (!optopt)
		return argv[optind - 1];
	shortopt[1] = (char)optopt;
	return shortopt;
}

static void vreport(const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (json_output) {
		/* no cli_print_json: it may fail, and this is the last word */
		json_t *doc = json_pack("{s:o}", "error", cli_json_str(msg));
		size_t flags = JSON_PRESERVE_ORDER | (pretty_output ? JSON_INDENT(2) : JSON_COMPACT);

		if (doc && !json_dumpf(doc, stdout, flags))
			putchar('\n');
		json_decref(doc);
	} else {
		fprintf(stderr, "depsurf: %s\n", msg);
	}
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

int cli_usage_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	if (!json_output)
		fprintf(stderr, "Try 'depsurf %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
	return CLI_USAGE;
}

int cli_print_json(json_t *doc)
{
	size_t flags = JSON_PRESERVE_ORDER | (pretty_output ? JSON_INDENT(2) : JSON_COMPACT);
	int err;

	if (!doc)
		return -ENOMEM;
	err = json_dumpf(doc, stdout, flags) || putchar('\n') == EOF ? -EIO : 0;
	json_decref(doc);
	return err;
}

/* The command named exactly @word, or its only prefix match; NULL (reported) else. */
static const struct cmd *find_cmd(const char *word, int *exit_status)
{
	size_t len = strlen(word), i, n = 0;
	const struct cmd *match = NULL;
	char list[256] = "";

	for (i = 0; cmds[i].name; i++) {
		if (!strcmp(word, cmds[i].name))
			return &cmds[i];
		if (!strncmp(word, cmds[i].name, len)) {	/* "" is a prefix of all */
			match = &cmds[i];
			n++;
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s'%s'",
				 n > 1 ? ", " : "", cmds[i].name);
		}
	}
	if (n == 1)
		return match;
	*exit_status = n ? cli_usage_err(NULL, "ambiguous command '%s': could be %s", word, list)
			 : cli_usage_err(NULL, "unknown command '%s'", word);
	return NULL;
}

static const struct cmd *cmd_named(const char *name)
{
	size_t i;

	for (i = 0; cmds[i].name; i++)
		if (!strcmp(name, cmds[i].name))
			return &cmds[i];
	return NULL;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	       int *exit_status)
{
	static const struct option common[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
	};
	const size_t ncommon = sizeof(common) / sizeof(common[0]);
	static struct option all[32];
	static char optstring[64];
	const struct cmd *cmd = cmd_named(argv[0]);
	size_t n = 0, i;
	int c;

	/* ":" first: a missing argument is ':' rather than '?'; getopt stays quiet */
	snprintf(optstring, sizeof(optstring), ":%sjph", shortopts);
	for (i = 0; longopts[i].name && n < sizeof(all) / sizeof(all[0]) - ncommon - 1; i++)
		all[n++] = longopts[i];
	for (i = 0; i < ncommon; i++)
		all[n++] = common[i];
	memset(&all[n], 0, sizeof(all[n]));
	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, optstring, all, NULL);
		switch (c) {
		case 'j':
			json_output = true;
			continue;
		case 'p':
			json_output = pretty_output = true;
			continue;
		case 'h':
			if (cmd)
				cmd->help(stdout);
			*exit_status = CLI_OK;
			return CLI_GETOPT_DONE;
		case ':':
			*exit_status = cli_usage_err(argv[0], "%s: option '%s' needs an argument",
						     argv[0], argv[optind - 1]);
			return CLI_GETOPT_DONE;
		case '?':
			*exit_status = cli_usage_err(argv[0], "%s: unknown option '%s'", argv[0],
						     bad_option(argv));
			return CLI_GETOPT_DONE;
		default:
			return c;
		}
	}
}

/* ------------------------------------------------------------ help, version */

void help_help(FILE *f)
{
	fprintf(f,
		"Usage: depsurf help [COMMAND]\n"
		"Print the help of depsurf, or of COMMAND (any unique prefix).\n"
		"\n"
		"Options:\n"
		"  -h, --help       print this help\n");
}

int cmd_help(int argc, char **argv)
{
	const struct cmd *cmd;
	int c, st = CLI_OK;

	while ((c = cli_getopt(argc, argv, "", (const struct option[]){ { 0 } }, &st)) != -1)
		if (c == CLI_GETOPT_DONE)
			return st;
	if (optind == argc) {
		main_help(stdout);
		return CLI_OK;
	}
	if (optind + 1 < argc)
		return cli_usage_err("help", "help: one command at most");
	cmd = find_cmd(argv[optind], &st);
	if (!cmd)
		return st;
	cmd->help(stdout);
	return CLI_OK;
}

void help_version(FILE *f)
{
	fprintf(f,
		"Usage: depsurf version\n"
		"Print the version of depsurf (the tool_version of the meta.json files it\n"
		"writes) and the dataset schema version it reads.\n"
		"\n"
		"Options:\n"
		"  -h, --help       print this help\n");
}

int cmd_version(int argc, char **argv)
{
	int c, st = CLI_OK;

	while ((c = cli_getopt(argc, argv, "", (const struct option[]){ { 0 } }, &st)) != -1)
		if (c == CLI_GETOPT_DONE)
			return st;
	if (optind < argc)
		return cli_usage_err("version", "version: no arguments expected");
	if (json_output)
		return cli_print_json(json_pack("{s:s, s:s, s:s}", "version", DEPSURF_VERSION,
						"schema_version", SURFACE_SCHEMA_VERSION,
						"jansson_version", JANSSON_VERSION))
			       ? CLI_BAD : CLI_OK;
	printf("depsurf %s\nschema %s\njansson %s\n", DEPSURF_VERSION, SURFACE_SCHEMA_VERSION,
	       JANSSON_VERSION);
	return CLI_OK;
}

/* ------------------------------------------------------------ main */

enum global_flags {
	GLOBAL_VERSION = 1 << 0,	/* -V, --version */
	GLOBAL_HELP = 1 << 1,		/* -h, --help */
};

/*
 * The options before the command word; "+" stops getopt there, what
 * follows is the command's. Returns the index of the command word, or
 * -CLI_USAGE after reporting an unknown option.
 */
static int global_options(int argc, char **argv, unsigned int *flags)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jpVh", options, NULL)) != -1) {
		switch (c) {
		case 'p':
			pretty_output = true;
			/* fall through */
		case 'j':
			json_output = true;
			break;
		case 'V':
			*flags |= GLOBAL_VERSION;
			break;
		case 'h':
			*flags |= GLOBAL_HELP;
			break;
		default:
			return -cli_usage_err(NULL, "unknown option '%s'", bad_option(argv));
		}
	}
	return optind;
}

/* Run @cmd on its argv (argv[0] the command word) and check stdout. */
static int run_cmd(const struct cmd *cmd, int argc, char **argv)
{
	int st;

	argv[0] = (char *)cmd->name;	/* commands see their full name */
	optind = 0;			/* glibc: restart getopt on the command's argv */
	st = cmd->fn(argc, argv);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "depsurf: standard output: write error\n");
		return CLI_BAD;
	}
	return st;
}

int main(int argc, char **argv)
{
	const struct cmd *cmd;
	unsigned int flags = 0;
	int first, st = CLI_OK;

	first = global_options(argc, argv, &flags);
	if (first < 0)
		return -first;
	if (flags & GLOBAL_HELP) {
		main_help(stdout);
		return CLI_OK;
	}
	argc -= first;
	argv += first;
	if (flags & GLOBAL_VERSION) {
		if (argc)
			return cli_usage_err(NULL, "--version takes no command");
		return run_cmd(cmd_named("version"), 1,
			       (char *[]){ "version", NULL });
	}
	if (!argc) {
		if (json_output)
			return cli_usage_err(NULL, "no command");
		main_help(stderr);
		return CLI_USAGE;
	}
	cmd = find_cmd(argv[0], &st);
	return cmd ? run_cmd(cmd, argc, argv) : st;
}
