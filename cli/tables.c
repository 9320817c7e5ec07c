// SPDX-License-Identifier: MIT
/*
 * depsurf tables: the published tables of a dataset (tables/tables.h,
 * docs/schema-tables.md) from the pair documents of kernels.groups and the
 * images' surfaces, each written as CSV, Markdown and JSON. Every table is
 * built in memory first, then all files are written to temp files and
 * renamed into place only when every one was written (util/outfile.h).
 * --pairs prints the pairs `make tables` must diff instead.
 */
#include "cli/cli.h"
#include "formats/kernel_groups.h"
#include "formats/kernels_list.h"
#include "tables/tables.h"
#include "util/outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void help_tables(FILE *f)
{
	fprintf(f,
		"Usage: depsurf tables [OPTIONS]\n"
		"Build the tables of a dataset (docs/schema-tables.md) from the pair documents\n"
		"DIR/diff/OLD__NEW.json of the pairs of the groups file and from the images'\n"
		"meta.json, funcs.jsonl, syscalls.json and registers.json: pairs, change_kinds,\n"
		"consequences, arch_flavor, collisions, inline, transforms and skipped, each as\n"
		"NAME.csv, NAME.md and NAME.json. A pair whose image or document is missing\n"
		"is listed as skipped, with the reason; a file that is there but wrong is an\n"
		"error naming it, and then no table is written.\n"
		"\n"
		"Options:\n"
		"  -d, --dataset DIR  the dataset folder (default 'dataset')\n"
		"  -g, --groups FILE  the pair groups (default 'kernels.groups')\n"
		"  -k, --kernels FILE the images, in table order (default 'kernels.list')\n"
		"  -o, --output DIR   where to write the tables (default DIR/tables)\n"
		"      --threads N    read N images' funcs.jsonl at a time (default 2)\n"
		"      --pairs        print the distinct pairs whose two images are in the\n"
		"                     dataset, one OLD__NEW per line (for make tables), and\n"
		"                     write nothing\n"
		"  -h, --help         print this help\n");
}

/* Whether @dataset/@id/meta.json exists. */
static bool have_image(const char *dataset, const char *id)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s/meta.json", dataset, id);
	return !stat(path, &st);
}

static int print_pairs(const char *dataset, const struct kernel_groups *kg)
{
	json_t *list = json_output ? json_array() : NULL;
	size_t i, j;

	if (json_output && !list)
		goto nomem;
	for (i = 0; i < kg->nr_pairs; i++) {
		const struct kg_pair *p = &kg->pairs[i];
		char name[600];

		for (j = 0; j < i; j++)
			if (!strcmp(kg->pairs[j].old_id, p->old_id) &&
			    !strcmp(kg->pairs[j].new_id, p->new_id))
				break;
		if (j < i || !have_image(dataset, p->old_id) || !have_image(dataset, p->new_id))
			continue;
		snprintf(name, sizeof(name), "%s__%s", p->old_id, p->new_id);
		if (!json_output)
			printf("%s\n", name);
		else if (json_array_append_new(list, cli_json_str(name)))
			goto nomem;
	}
	if (json_output)
		return cli_print_json(list) ? CLI_BAD : CLI_OK;
	return fflush(stdout) ? CLI_BAD : CLI_OK;
nomem:
	json_decref(list);
	cli_err("out of memory");
	return CLI_BAD;
}

static int (*const writers[3])(const struct table *, FILE *) = {
	table_write_csv, table_write_md, table_write_json,
};
static const char *const exts[3] = { "csv", "md", "json" };

/* mkdir -p @dir; 0 or -errno. */
static int make_dirs(const char *dir)
{
	char buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

/* Every table in every format, all or nothing. */
static int write_tables(const struct tables *t, const char *outdir)
{
	struct outfile out[TABLES_NR * 3];
	char path[PATH_MAX + 64];
	size_t i;
	int err;

	memset(out, 0, sizeof(out));
	err = make_dirs(outdir);
	if (err) {
		cli_err("%s: %s", outdir, strerror(-err));
		return CLI_BAD;
	}
	for (i = 0; i < TABLES_NR * 3; i++) {
		if (snprintf(path, sizeof(path), "%s/%s.%s", outdir, t->t[i / 3].name,
			     exts[i % 3]) >= (int)sizeof(path))
			err = -ENAMETOOLONG;
		else
			err = outfile_open(&out[i], path);
		if (!err)
			err = writers[i % 3](&t->t[i / 3], out[i].f);
		if (err)
			break;
	}
	for (i = 0; !err && i < TABLES_NR * 3; i++) {
		snprintf(path, sizeof(path), "%s", out[i].path);
		err = outfile_commit(&out[i]);
	}
	for (i = 0; i < TABLES_NR * 3; i++)
		outfile_abort(&out[i]);	/* the ones not committed; harmless on the others */
	if (err) {
		cli_err("%s: %s", path, strerror(-err));
		return CLI_BAD;
	}
	return CLI_OK;
}

static int report(const struct tables *t, const char *outdir)
{
	const struct table *sk = &t->t[TABLE_SKIPPED];
	size_t i, npairs = t->pairs;
	json_t *doc, *list;

	if (!json_output) {
		printf("tables: written to %s: %zu pair%s, %zu skipped\n", outdir, npairs,
		       npairs == 1 ? "" : "s", table_rows(sk));
		for (i = 0; i < table_rows(sk); i++)
			printf("  skipped %s %s -> %s: %s\n", table_get(sk, i, 0), table_get(sk, i, 1),
			       table_get(sk, i, 2), table_get(sk, i, 3));
		return fflush(stdout) ? CLI_BAD : CLI_OK;
	}
	doc = json_pack("{s:o, s:I, s:[]}", "output", cli_json_str(outdir), "pairs",
			(json_int_t)npairs, "skipped");
	list = json_object_get(doc, "skipped");
	for (i = 0; list && i < table_rows(sk); i++)
		if (json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "group",
				table_get(sk, i, 0), "old", table_get(sk, i, 1), "new",
				table_get(sk, i, 2), "reason", table_get(sk, i, 3))))
			list = NULL;
	if (!list) {
		json_decref(doc);
		cli_err("out of memory");
		return CLI_BAD;
	}
	return cli_print_json(doc) ? CLI_BAD : CLI_OK;
}

int cmd_tables(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dataset", required_argument, NULL, 'd' },
		{ "groups", required_argument, NULL, 'g' },
		{ "kernels", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "threads", required_argument, NULL, 'T' },
		{ "pairs", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dataset = "dataset", *groups = "kernels.groups", *kernels = "kernels.list";
	const char *output = NULL;
	struct kernels_list kl = { 0 };
	struct kernel_groups kg = { 0 };
	struct tables_error e;
	struct tables t;
	char err_buf[512], outdir[PATH_MAX];
	bool pairs_only = false;
	struct stat sb;
	int c, st = CLI_OK, threads = 2, err;
	char *end;

	while ((c = cli_getopt(argc, argv, "d:g:k:o:", longopts, &st)) != -1) {
		switch (c) {
		case CLI_GETOPT_DONE:
			return st;
		case 'd':
			dataset = optarg;
			break;
		case 'g':
			groups = optarg;
			break;
		case 'k':
			kernels = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'T':
			errno = 0;
			threads = (int)strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || threads < 1 || threads > 16)
				return cli_usage_err("tables", "tables: --threads: not a number from 1 to 16: '%s'",
						     optarg);
			break;
		case 'P':
			pairs_only = true;
			break;
		}
	}
	if (optind < argc)
		return cli_usage_err("tables", "tables: unexpected argument '%s'", argv[optind]);
	/* a mistyped --dataset is an error, not a dataset without images */
	if (stat(dataset, &sb) || !S_ISDIR(sb.st_mode)) {
		cli_err("%s: %s", dataset, strerror(stat(dataset, &sb) ? errno : ENOTDIR));
		return CLI_BAD;
	}

	err = kernels_list_load(&kl, kernels, err_buf, sizeof(err_buf));
	if (err) {
		cli_err("%s%s%s", kernels, err == -EINVAL ? ":" : ": ",
			err == -EINVAL ? err_buf : strerror(-err));
		return CLI_BAD;
	}
	err = kernel_groups_load(&kg, groups, &kl, err_buf, sizeof(err_buf));
	if (err) {
		cli_err("%s%s%s", groups, err == -EINVAL ? ":" : ": ",
			err == -EINVAL ? err_buf : strerror(-err));
		st = CLI_BAD;
		goto out;
	}
	if (pairs_only) {
		st = print_pairs(dataset, &kg);
		goto out;
	}
	snprintf(outdir, sizeof(outdir), "%s%s", output ? output : dataset, output ? "" : "/tables");
	err = tables_build(dataset, &kl, &kg, threads, NULL, NULL, &t, &e);
	if (err) {
		if (e.line)
			cli_err("%s:%lu: %s", e.file, e.line, e.text);
		else
			cli_err("%s: %s", e.file, e.text);
		st = CLI_BAD;
		goto out;
	}
	st = write_tables(&t, outdir);
	if (st == CLI_OK)
		st = report(&t, outdir);
	tables_free(&t);
out:
	kernel_groups_free(&kg);
	kernels_list_free(&kl);
	return st;
}
