// SPDX-License-Identifier: MIT
/*
 * depsurf matrix DEP...: the dependency status matrix (matrix/matrix.h,
 * docs/matrix.md) over the image folders of a dataset, straight from the
 * published JSON surfaces (no database needed): one row per dependency, one
 * column per image, as text, Markdown or JSON.
 */
#include "cli/cli.h"
#include "formats/kernel_groups.h"
#include "formats/kernels_list.h"
#include "matrix/matrix.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Long-only options (pahole's argp keys: above every letter). */

void help_matrix(FILE *f)
{
	fprintf(f,
		"Usage: depsurf matrix [OPTIONS] DEP...\n"
		"The status of each dependency DEP (a row) in each image of the dataset (a\n"
		"column), read from the image folders' surfaces. DEP is one of\n"
		"  func:NAME  struct:NAME  union:NAME  field:STRUCT::FIELD  enum:NAME\n"
		"  tracepoint:EVENT  tracepoint:SYSTEM/EVENT  syscall:NAME  lsm:HOOK\n"
		"  kfunc:NAME  config:CONFIG_X\n"
		"(tracepoint:[syscalls/]sys_enter_X and sys_exit_X are syscall:X).\n"
		"A cell lists the statuses, worst first: absent, full (fully inlined),\n"
		"transformed (only a .isra/.constprop/... clone), untraceable (no ftrace site\n"
		"or kprobe-blacklisted; an LSM hook without bpf_lsm_HOOK), collision, duplicate,\n"
		"selective (inlined at some call sites), else ok; '*' marks an entry that\n"
		"changed since the previous column (for a field: its own type, offset,\n"
		"bitfield). A config cell is the option's value (unset: is not set).\n"
		"\n"
		"Options:\n"
		"  -d, --dataset DIR  the dataset root holding the image folders (default\n"
		"                     'dataset')\n"
		"  -i, --images LIST  the columns: these image ids, comma-separated, in this\n"
		"                     order (default: every image folder, in kernels.list order)\n"
		"      --group G      the columns: the images of group G of kernels.groups that\n"
		"                     the dataset has, in the order of its lines\n"
		"  -g, --groups FILE  the kernels.groups file (default: DIR/kernels.groups,\n"
		"                     else DIR/../kernels.groups)\n"
		"  -k, --kernels FILE the kernels.list giving the default order (default:\n"
		"                     DIR/kernels.list, else DIR/../kernels.list; else sorted)\n"
		"  -s, --sticky       mark every cell from the first change of its row on\n"
		"  -m, --markdown     a Markdown table with the DepSurf paper's symbols\n"
		"  -h, --help         print this help\n"
		"With --json: one object per dependency with its cells (status list,\n"
		"changed flag, the changes). Colour only on a terminal without NO_COLOR.\n"
		"Exit status: 0 success, 1 bad input (a folder or surface file that cannot\n"
		"be read or is not what its schema says), 2 usage error (a malformed DEP).\n");
}

static bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* The ids of --images @list, split at ','; each must name a folder of @dir. */
static int split_images(const char *cmd, const char *dir, const char *list, char ***ids,
			size_t *n)
{
	char *copy = strdup(list), *tok, *save = NULL, **v = NULL;
	size_t cnt = 0, i;
	int st = CLI_OK;

	*ids = NULL;
	*n = 0;
	if (!copy)
		goto nomem;
	v = calloc(strlen(list) / 2 + 1, sizeof(*v));
	if (!v)
		goto nomem;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char path[PATH_MAX];
		struct stat sb;

		if (strchr(tok, '/') || !strcmp(tok, ".") || !strcmp(tok, "..")) {
			st = cli_usage_err(cmd, "%s: --images: '%s' is not an image id", cmd, tok);
			goto out;
		}
		if (snprintf(path, sizeof(path), "%s/%s", dir, tok) >= (int)sizeof(path) ||
		    stat(path, &sb) || !S_ISDIR(sb.st_mode)) {
			cli_err("%s/%s: %s", dir, tok, errno == ENOENT ? "no such image folder" :
				strerror(errno ? errno : ENOTDIR));
			st = CLI_BAD;
			goto out;
		}
		if (!(v[cnt] = strdup(tok)))
			goto nomem;
		cnt++;
	}
	if (!cnt) {
		st = cli_usage_err(cmd, "%s: --images: no image id", cmd);
		goto out;
	}
	*ids = v;
	*n = cnt;
	v = NULL;
	goto out;
nomem:
	cli_err("out of memory");
	st = CLI_BAD;
out:
	for (i = 0; v && i < cnt; i++)
		free(v[i]);
	free(v);
	free(copy);
	return st;
}

/*
 * The ids of group @group of kernels.groups @file that are image folders of
 * @dir: in the order of the group's lines, each once. A group spans
 * distros (the Ubuntu and Debian "regular" lines): a dataset holding only
 * some of its images shows those.
 */
static int group_images(const char *cmd, const char *dir, const char *file, const char *group,
			char ***ids, size_t *n)
{
	struct kernel_groups kg = { 0 };
	char **avail = NULL, **v = NULL, err_text[256];
	size_t navail = 0, cnt = 0, s, j, k;
	bool known = false;
	int err, st = CLI_BAD;

	*ids = NULL;
	*n = 0;
	err = kernel_groups_load(&kg, file, NULL, err_text, sizeof(err_text));
	if (err == -ENOMEM)
		goto nomem;
	if (err) {
		if (err == -EINVAL)	/* "LINE: column: problem" */
			cli_err("%s:%s", file, err_text);
		else
			cli_err("%s: %s", file, strerror(-err));
		goto out;
	}
	err = matrix_list_images(dir, NULL, &avail, &navail);
	if (err == -ENOMEM)
		goto nomem;
	if (err && err != -ENODATA) {
		cli_err("%s: %s", dir, strerror(-err));
		goto out;
	}
	v = calloc(navail ? navail : 1, sizeof(*v));
	if (!v)
		goto nomem;
	for (s = 0; s < kg.nr; s++) {
		if (strcmp(kg.sets[s].group, group))
			continue;
		known = true;
		for (j = 0; j < kg.sets[s].nr_ids; j++) {
			const char *id = kg.sets[s].ids[j];

			for (k = 0; k < cnt && strcmp(v[k], id); k++)
				;
			if (k < cnt)
				continue;	/* already a column */
			for (k = 0; k < navail && (!avail[k] || strcmp(avail[k], id)); k++)
				;
			if (k == navail)
				continue;	/* not built in this dataset */
			v[cnt++] = avail[k];
			avail[k] = NULL;
		}
	}
	if (!known) {
		st = cli_usage_err(cmd, "%s: %s: no group '%s'", cmd, file, group);
		goto out;
	}
	if (!cnt) {
		cli_err("%s: no image of group '%s' (%s)", dir, group, file);
		goto out;
	}
	*ids = v;
	*n = cnt;
	v = NULL;
	st = CLI_OK;
	goto out;
nomem:
	cli_err("out of memory");
out:
	for (k = 0; k < navail; k++)
		free(avail[k]);
	free(avail);
	for (k = 0; v && k < cnt; k++)
		free(v[k]);
	free(v);
	kernel_groups_free(&kg);
	return st;
}

/* @buf: DIR/@name if it is a file, else DIR/../@name if it is; NULL if neither. */
static const char *beside(const char *dir, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", dir, name);
	if (is_file(buf))
		return buf;
	snprintf(buf, size, "%s/../%s", dir, name);
	return is_file(buf) ? buf : NULL;
}

void cli_matrix_err(const struct matrix_error *e)
{
	const struct lookup_error *l = &e->lookup;

	if (l->file[0] && l->line)
		cli_err("%s/%s:%lu: %s", e->dir, l->file, l->line, l->text);
	else if (l->file[0])
		cli_err("%s/%s: %s", e->dir, l->file, l->text);
	else
		cli_err("%s: %s", e->dir, l->text);
}

void cli_image_opt(struct cli_image_opts *o, int c)
{
	size_t n;

	switch (c) {
	case 'd':
		/* "dataset/" names its images "dataset/<id>", not "dataset//<id>" */
		for (n = strlen(optarg); n > 1 && optarg[n - 1] == '/'; n--)
			optarg[n - 1] = '\0';
		o->dataset = optarg;
		break;
	case 'i':
		o->images = optarg;
		break;
	case 'k':
		o->kernels = optarg;
		break;
	case CLI_OPT_GROUP:
		o->group = optarg;
		break;
	case 'g':
		o->groups = optarg;
		break;
	}
}

int cli_images(const char *cmd, const char *dataset, const char *images, const char *group,
	       const char *groups, const char *kernels, char ***ids, size_t *n)
{
	struct kernels_list kl = { 0 };
	char kl_path[PATH_MAX], kg_path[PATH_MAX], err_text[256];
	size_t nids = 0;
	int st = CLI_OK, err;

	*ids = NULL;
	*n = 0;
	if (images) {
		st = split_images(cmd, dataset, images, ids, &nids);
		if (st)
			goto out;
	} else if (group) {
		if (!groups && !(groups = beside(dataset, "kernels.groups", kg_path,
						 sizeof(kg_path)))) {
			cli_err("%s/kernels.groups: no such file (nor in its parent; --groups FILE)",
				dataset);
			st = CLI_BAD;
			goto out;
		}
		st = group_images(cmd, dataset, groups, group, ids, &nids);
		if (st)
			goto out;
	} else {
		if (!kernels)
			kernels = beside(dataset, "kernels.list", kl_path, sizeof(kl_path));
		if (kernels) {
			err = kernels_list_load(&kl, kernels, err_text, sizeof(err_text));
			if (err == -ENOMEM)
				goto nomem;
			if (err) {
				if (err == -EINVAL)	/* "LINE: column: problem" */
					cli_err("%s:%s", kernels, err_text);
				else
					cli_err("%s: %s", kernels, strerror(-err));
				st = CLI_BAD;
				goto out;
			}
		}
		err = matrix_list_images(dataset, kernels ? &kl : NULL, ids, &nids);
		if (err == -ENOMEM)
			goto nomem;
		if (err) {
			cli_err("%s: %s", dataset, err == -ENODATA ?
				"no image folder (DIR/<id>/meta.json)" : strerror(-err));
			st = CLI_BAD;
			goto out;
		}
	}
	*n = nids;
	goto out;
nomem:
	cli_err("out of memory");
	st = CLI_BAD;
out:
	kernels_list_free(&kl);
	return st;
}

int cmd_matrix(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dataset", required_argument, NULL, 'd' },
		{ "images", required_argument, NULL, 'i' },
		{ "kernels", required_argument, NULL, 'k' },
		{ "group", required_argument, NULL, CLI_OPT_GROUP },
		{ "groups", required_argument, NULL, 'g' },
		{ "sticky", no_argument, NULL, 's' },
		{ "markdown", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_image_opts io = CLI_IMAGE_OPTS_INIT;
	const char *why;
	bool sticky = false, markdown = false;
	struct matrix m = { 0 };
	struct matrix_error me;
	struct dep *deps = NULL;
	char **ids = NULL, **dirs = NULL;
	size_t ndeps = 0, nids = 0, i;
	int c, st = CLI_OK, err;

	while ((c = cli_getopt(argc, argv, "d:i:k:g:sm", longopts, &st)) != -1) {
		switch (c) {
		case CLI_GETOPT_DONE:
			return st;
		default:
			cli_image_opt(&io, c);
			break;
		case 's':
			sticky = true;
			break;
		case 'm':
			markdown = true;
			break;
		}
	}
	if (markdown && json_output)
		return cli_usage_err("matrix", "matrix: --markdown and --json exclude each other");
	if (io.images && io.group)
		return cli_usage_err("matrix", "matrix: --images and --group exclude each other");
	if (optind >= argc)
		return cli_usage_err("matrix", "matrix: no dependency (DEP...)");
	deps = calloc(argc - optind, sizeof(*deps));
	if (!deps)
		goto nomem;
	for (i = optind; i < (size_t)argc; i++) {
		err = dep_parse(argv[i], &deps[ndeps], &why);
		if (err == -ENOMEM)
			goto nomem;
		if (err) {
			st = cli_usage_err("matrix", "matrix: '%s': %s", argv[i], why);
			goto out;
		}
		ndeps++;
	}

	st = cli_images("matrix", io.dataset, io.images, io.group, io.groups, io.kernels, &ids, &nids);
	if (st)
		goto out;
	dirs = calloc(nids, sizeof(*dirs));
	if (!dirs)
		goto nomem;
	for (i = 0; i < nids; i++)
		if (asprintf(&dirs[i], "%s/%s", io.dataset, ids[i]) < 0) {
			dirs[i] = NULL;
			goto nomem;
		}

	err = matrix_build(&m, deps, ndeps, (const char *const *)dirs, (const char *const *)ids,
			   nids, sticky, &me);
	if (err) {
		cli_matrix_err(&me);
		st = CLI_BAD;
		goto out;
	}
	if (json_output) {
		json_t *doc = matrix_json(&m);

		if (!doc)
			goto nomem;
		err = cli_print_json(doc);
	} else if (markdown) {
		err = matrix_print_markdown(&m, stdout);
	} else {
		const char *nc = getenv("NO_COLOR");

		err = matrix_print_text(&m, stdout, isatty(STDOUT_FILENO) && !(nc && *nc));
	}
	if (err == -ENOMEM)
		goto nomem;
	if (err || fflush(stdout)) {
		cli_err("standard output: %s", strerror(EIO));
		st = CLI_BAD;
	}
	goto out;
nomem:
	cli_err("out of memory");
	st = CLI_BAD;
out:
	matrix_free(&m);
	for (i = 0; i < nids; i++) {
		free(ids[i]);
		if (dirs)
			free(dirs[i]);
	}
	free(ids);
	free(dirs);
	for (i = 0; i < ndeps; i++)
		dep_free(&deps[i]);
	free(deps);
	return st;
}
