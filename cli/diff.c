// SPDX-License-Identifier: MIT
/*
 * depsurf diff [--kind K[,K..]] [--json] [-o FILE | --dataset DIR] OLD NEW:
 * the pair-diff document of two images (diff/pair.h, docs/schema-diff.md),
 * written to DIR/diff/<old>__<new>.json (or FILE) atomically, with a
 * summary on stdout, or printed with --json. The exit status is a bit
 * field in the style of libabigail's abidiff (help_diff).
 */
#include "cli/cli.h"
#include "diff/pair.h"
#include "schema/jsonl.h"
#include "util/outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Exit bits beside CLI_BAD (1) and CLI_USAGE (2), as abidiff's. */
enum {
	DIFF_EXIT_CHANGES = 4,	/* some entry added, removed or changed */
	DIFF_EXIT_BREAKING = 8,	/* some entry removed, or changed with consequence error/stray_read */
};

#define DEFAULT_LIMIT 10

void help_diff(FILE *f)
{
	fprintf(f,
		"Usage: depsurf diff [OPTIONS] OLD NEW\n"
		"Compare two images entry by entry (docs/schema-diff.md): per kind the\n"
		"entries added, removed and changed, each change with its consequence for an\n"
		"eBPF program (error, stray_read, missing_invocation, none). OLD and NEW are\n"
		"image folders (dataset/<id>/) or image ids looked up under --dataset. The\n"
		"document is written to DIR/diff/<old>__<new>.json (atomically) and a\n"
		"summary is printed: per kind old, new, +added, -removed, ~changed, then the\n"
		"changed entries, worst first.\n"
		"\n"
		"Exit status, a bit field as abidiff's: 0 no change; 1 error (a file missing\n"
		"or not following its schema); 2 usage error; 4 some entry was added,\n"
		"removed or changed; 8 (with 4) a breaking change: some entry was removed or\n"
		"has a change whose consequence is error or stray_read. Kinds skipped\n"
		"because an image lacks the file count as unchanged.\n"
		"\n"
		"Options:\n"
		"  -k, --kind LIST    compare only these kinds (comma-separated): funcs,\n"
		"                     structs, unions, enums, tracepoints, syscalls, config,\n"
		"                     lsm_hooks, kfuncs, registers\n"
		"  -d, --dataset DIR  where image ids are looked up and diff/ is written\n"
		"                     (default 'dataset')\n"
		"  -o, --output FILE  write the document to FILE instead\n"
		"  -n, --limit N      changed entries shown per kind in the summary\n"
		"                     (default %d; 0: all)\n"
		"  -h, --help         print this help\n"
		"With --json the document is printed on stdout and written only to -o FILE.\n",
		DEFAULT_LIMIT);
}

static int parse_kinds(const char *list, unsigned int *kinds)
{
	char *copy = strdup(list), *tok, *save = NULL;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	*kinds = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int k = diff_kind_find(tok);

		if (k < 0) {
			ret = cli_usage_err("diff", "diff: unknown kind '%s'", tok);
			break;
		}
		*kinds |= 1u << k;
	}
	if (!ret && !*kinds)
		ret = cli_usage_err("diff", "diff: --kind needs at least one kind");
	free(copy);
	return ret;
}

/*
 * The image folder of operand @arg: @arg itself when it is a directory,
 * else DATASET/@arg when @arg is a plain id. NULL (reported) when neither.
 */
static const char *image_dir(const char *arg, const char *dataset, char *buf, size_t size)
{
	struct stat st;

	if (!stat(arg, &st)) {
		if (S_ISDIR(st.st_mode))
			return arg;
		cli_err("%s: not a directory (an image folder dataset/<id>/ was expected)", arg);
		return NULL;
	}
	if (!strchr(arg, '/') && (size_t)snprintf(buf, size, "%s/%s", dataset, arg) < size &&
	    !stat(buf, &st)) {
		if (S_ISDIR(st.st_mode))
			return buf;
		cli_err("%s: not a directory (an image folder dataset/<id>/ was expected)", buf);
		return NULL;
	}
	if (strchr(arg, '/'))
		cli_err("%s: %s", arg, strerror(errno));
	else
		cli_err("%s: no such image folder, nor %s/%s", arg, dataset, arg);
	return NULL;
}

static int write_doc(const char *path, const json_t *doc)
{
	struct outfile out = { 0 };
	int err = outfile_open(&out, path);

	if (err) {
		cli_err("%s: cannot create: %s", path, strerror(-err));
		return err;
	}
	if (json_dumpf(doc, out.f, JSONL_FLAGS) || fputc('\n', out.f) == EOF) {
		err = -(errno ? errno : EIO);
		outfile_abort(&out);
		cli_err("%s: cannot write: %s", path, strerror(-err));
		return err;
	}
	err = outfile_commit(&out);
	if (err)
		cli_err("%s: cannot write: %s", path, strerror(-err));
	return err;
}

static int mkdir_p(const char *dir)
{
	if (!mkdir(dir, 0777) || errno == EEXIST)
		return 0;
	cli_err("%s: cannot create: %s", dir, strerror(errno));
	return -errno;
}

/* ---------------------------------------------------------------- summary */

static long num(const json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

static int worst_rank(const json_t *item)
{
	const char *c = json_string_value(json_object_get(item, "consequence"));
	int i;

	for (i = 0; i < 4; i++)
		if (c && !strcmp(c, diff_consequence_name(diff_consequence_order[i])))
			return i;
	return 4;
}

static int cmp_items(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	int c = worst_rank(x) - worst_rank(y);

	return c ? c : strcmp(json_string_value(json_object_get(x, "name")),
			      json_string_value(json_object_get(y, "name")));
}

/* A value of a change, compact, shortened to @max bytes. */
static void print_value(const json_t *v, size_t max)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	if (n > max)
		printf("%.*s...", (int)(max - 3), s);
	else
		fputs(s, stdout);
	free(s);
}

#define CHANGES_SHOWN 6

static void print_item(const json_t *item)
{
	const json_t *changes = json_object_get(item, "changes");
	size_t i;

	printf("    %s [%s]:", json_string_value(json_object_get(item, "name")),
	       json_string_value(json_object_get(item, "consequence")));
	for (i = 0; i < json_array_size(changes) && i < CHANGES_SHOWN; i++) {
		const json_t *ch = json_array_get(changes, i);
		const json_t *what = json_object_get(ch, "what");
		const json_t *ov = json_object_get(ch, "old"), *nv = json_object_get(ch, "new");

		printf("%s %s", i ? ";" : "", json_string_value(json_object_get(ch, "kind")));
		if (what)
			printf(" %s", json_string_value(what));
		if (ov || nv) {
			fputs(" ", stdout);
			if (ov)
				print_value(ov, 40);
			fputs(ov && nv ? " -> " : nv ? "+" : "", stdout);
			if (nv)
				print_value(nv, 40);
		}
	}
	if (json_array_size(changes) > CHANGES_SHOWN)
		printf("; ... %zu more", json_array_size(changes) - CHANGES_SHOWN);
	fputs("\n", stdout);
}

static int print_summary(const json_t *doc, const char *written, size_t limit)
{
	const json_t *kinds = json_object_get(doc, "kinds"), *k;
	const char *name;

	printf("%s -> %s", json_string_value(json_object_get(doc, "old")),
	       json_string_value(json_object_get(doc, "new")));
	if (written)
		printf(" (%s)", written);
	printf("\n%-12s %8s %8s %8s %8s %8s  %s\n", "kind", "old", "new", "added", "removed",
	       "changed", "error/stray_read/missing_invocation/none");
	json_object_foreach((json_t *)kinds, name, k) {
		const json_t *cons = json_object_get(k, "consequences");

		if (json_object_get(k, "skipped")) {
			printf("%-12s skipped: %s\n", name,
			       json_string_value(json_object_get(k, "skipped")));
			continue;
		}
		char added[24], removed[24], changed[24];

		snprintf(added, sizeof(added), "+%ld", num(k, "added"));
		snprintf(removed, sizeof(removed), "-%ld", num(k, "removed"));
		snprintf(changed, sizeof(changed), "~%ld", num(k, "changed"));
		printf("%-12s %8ld %8ld %8s %8s %8s  %ld/%ld/%ld/%ld\n", name, num(k, "old"),
		       num(k, "new"), added, removed, changed,
		       num(cons, "error"), num(cons, "stray_read"), num(cons, "missing_invocation"),
		       num(cons, "none"));
	}
	json_object_foreach((json_t *)kinds, name, k) {
		const json_t *items = json_object_get(k, "changed_items");
		size_t n = json_array_size(items), shown, i;
		const json_t **v;

		if (!n)
			continue;
		v = malloc(n * sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (i = 0; i < n; i++)
			v[i] = json_array_get(items, i);
		qsort(v, n, sizeof(*v), cmp_items);
		shown = limit && limit < n ? limit : n;
		printf("%s: %zu changed\n", name, n);
		for (i = 0; i < shown; i++)
			print_item(v[i]);
		if (shown < n)
			printf("    ... %zu more (-n 0 shows all; the document lists every one)\n",
			       n - shown);
		free(v);
	}
	return 0;
}

/* The exit bits of a document. */
static int doc_status(const json_t *doc)
{
	const json_t *k;
	const char *name;
	int st = CLI_OK;

	json_object_foreach(json_object_get(doc, "kinds"), name, k) {
		const json_t *cons = json_object_get(k, "consequences");

		if (num(k, "added") || num(k, "removed") || num(k, "changed"))
			st |= DIFF_EXIT_CHANGES;
		if (num(cons, "error") || num(cons, "stray_read"))
			st |= DIFF_EXIT_BREAKING;
	}
	return st;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "dataset", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dataset = "dataset", *output = NULL, *od, *nd;
	char obuf[PATH_MAX], nbuf[PATH_MAX], dbuf[PATH_MAX], path[PATH_MAX];
	struct diff_pair_error e;
	unsigned int kinds = 0;
	json_t *doc = NULL;
	size_t limit = DEFAULT_LIMIT;
	int c, st = CLI_OK, err;

	while ((c = cli_getopt(argc, argv, "k:d:o:n:", longopts, &st)) != -1) {
		char *end;

		switch (c) {
		case CLI_GETOPT_DONE:
			return st;
		case 'k':
			if ((err = parse_kinds(optarg, &kinds)))
				return err < 0 ? CLI_BAD : err;
			break;
		case 'd':
			dataset = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'n':
			errno = 0;
			limit = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || *optarg == '-')
				return cli_usage_err("diff", "diff: --limit needs a number, not '%s'",
						     optarg);
			break;
		}
	}
	if (argc - optind != 2)
		return cli_usage_err("diff", "diff: OLD and NEW expected");
	if (!(od = image_dir(argv[optind], dataset, obuf, sizeof(obuf))) ||
	    !(nd = image_dir(argv[optind + 1], dataset, nbuf, sizeof(nbuf))))
		return CLI_BAD;
	err = diff_pair(od, nd, kinds, &doc, &e);
	if (err) {
		if (e.file[0] && e.line)
			cli_err("%s:%lu: %s", e.file, e.line, e.text);
		else if (e.file[0])
			cli_err("%s: %s", e.file, e.text);
		else
			cli_err("diff: %s", e.text);
		return CLI_BAD;
	}
	if (!output && !json_output) {
		if ((size_t)snprintf(path, sizeof(path), "%s/diff", dataset) >= sizeof(path) ||
		    (size_t)snprintf(path, sizeof(path), "%s/diff/%s__%s.json", dataset,
				     json_string_value(json_object_get(doc, "old")),
				     json_string_value(json_object_get(doc, "new"))) >= sizeof(path)) {
			cli_err("%s/diff: path too long", dataset);
			st = CLI_BAD;
			goto out;
		}
		snprintf(dbuf, sizeof(dbuf), "%s/diff", dataset);
		if (mkdir_p(dataset) || mkdir_p(dbuf)) {
			st = CLI_BAD;
			goto out;
		}
		output = path;
	}
	if (output && write_doc(output, doc)) {
		st = CLI_BAD;
		goto out;
	}
	st = doc_status(doc);
	if (json_output) {
		err = cli_print_json(json_incref(doc));
	} else {
		err = print_summary(doc, output, limit);
		if (!err && (fflush(stdout) || ferror(stdout)))
			err = -EIO;
	}
	if (err) {
		cli_err("diff: cannot print the result: %s", strerror(err < 0 ? -err : err));
		st = CLI_BAD;
	}
out:
	json_decref(doc);
	return st;
}
