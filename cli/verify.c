// SPDX-License-Identifier: MIT
/*
 * depsurf verify RELEASE: a release tarball (streamed: zstd and tar read by
 * the project's readers, nothing extracted) or an unpacked copy of one,
 * checked against its MANIFEST (docs/release.md). Every missing, extra or
 * altered file is named; exit 0 only when everything matches.
 */
#include "cli/cli.h"
#include "release/manifest.h"
#include "release/extract.h"
#include "release/verify.h"
#include "util/file.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

void help_verify(FILE *f)
{
	fprintf(f,
		"Usage: depsurf verify [OPTIONS] RELEASE\n"
		"Check a release against its MANIFEST: RELEASE is a NAME.tar.zst of\n"
		"'depsurf release' (read as a stream, nothing extracted; its NAME/MANIFEST\n"
		"member is the manifest, and a RELEASE.sha256 beside it is checked too),\n"
		"or the folder it unpacks to (FOLDER/MANIFEST). Names every file that is\n"
		"missing, extra, or altered (size or sha256), one line each.\n"
		"\n"
		"Options:\n"
		"  -m, --manifest FILE  check against FILE instead of the release's own\n"
		"                       MANIFEST (e.g. the one published beside it)\n"
		"  -h, --help           print this help\n"
		"\n"
		"Exit status: 0 every file matches, 1 a mismatch or an unreadable, truncated\n"
		"or corrupt release, 2 usage error.\n");
}

struct verify_ctx {
	const char *release;
	json_t *problems;
};

static const char *const problem_names[] = {
	[REL_MISSING] = "missing",
	[REL_EXTRA] = "extra",
	[REL_NOT_REGULAR] = "altered",
	[REL_SIZE] = "altered",
	[REL_SUM] = "altered",
};

static void report(void *ctx, enum rel_problem what, const char *path,
		   const struct rel_file *want, const struct rel_found *got)
{
	struct verify_ctx *v = ctx;
	char why[200] = "";

	if (what == REL_NOT_REGULAR)
		snprintf(why, sizeof(why), "not a regular file");
	else if (what == REL_SIZE)
		snprintf(why, sizeof(why), "%llu bytes, MANIFEST says %llu",
			 (unsigned long long)got->size, (unsigned long long)want->size);
	else if (what == REL_SUM)
		snprintf(why, sizeof(why), "sha256 %.12s..., MANIFEST says %.12s...",
			 got->sha256, want->sha256);
	else if (what == REL_EXTRA && !got->regular)
		snprintf(why, sizeof(why), "not a regular file");
	if (json_output) {
		json_t *p = json_pack("{s:s, s:o}", "problem", problem_names[what], "path",
				      cli_json_str(path));

		if (p && *why)
			json_object_set_new(p, "detail", json_string(why));
		json_array_append_new(v->problems, p);
		return;
	}
	printf("%s: %s: %s%s%s\n", v->release, problem_names[what], path, *why ? ": " : "", why);
}

/* RELEASE.sha256 ("HEX  NAME"), when there is one: does it name this sum? */
static int check_sidecar(const char *release, const char *sha, char *msg, size_t msgsz)
{
	char path[PATH_MAX], *buf = NULL;
	size_t len;
	int err;

	snprintf(path, sizeof(path), "%s.sha256", release);
	err = file_read_all(path, &buf, &len);
	if (err == -ENOENT)
		return 0;
	if (err) {
		snprintf(msg, msgsz, "%s: %s", path, strerror(-err));
		return -1;
	}
	err = len < SHA256_HEX_LEN || strncmp(buf, sha, SHA256_HEX_LEN) ? -1 : 0;
	if (err)
		snprintf(msg, msgsz, "%s: the tarball's sha256 is %s, not the one written there",
			 path, sha);
	free(buf);
	return err;
}

static int load_manifest(const char *path, struct rel_set *s, struct manifest *m,
			 const char *where)
{
	char *buf = NULL, err[512];
	const char *text = s->manifest;
	size_t len = s->manifest_len;
	int ret;

	if (path) {
		ret = file_read_all(path, &buf, &len);
		if (ret) {
			cli_err("verify: %s: %s", path, strerror(-ret));
			return -1;
		}
		text = buf;
	} else if (!text) {
		cli_err("verify: %s: no %s (not a release%s)", where, MANIFEST_NAME,
			s->root ? "" : " folder");
		return -1;
	}
	ret = manifest_parse(text, len, m, err, sizeof(err));
	free(buf);
	if (ret) {
		cli_err("verify: %s: %s", path ? path : where, ret == -ENOMEM ? strerror(ENOMEM) : err);
		return -1;
	}
	return 0;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "manifest", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct verify_ctx v = { 0 };
	struct rel_set s = { 0 };
	struct manifest m = { 0 };
	const char *manifest = NULL;
	char err[PATH_MAX + 512], where[PATH_MAX + 32];
	struct stat st;
	size_t bad;
	bool is_dir;
	int c, ret = CLI_OK;

	while ((c = cli_getopt(argc, argv, "m:", longopts, &ret)) != -1) {
		if (c == CLI_GETOPT_DONE)
			return ret;
		if (c == 'm')
			manifest = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_err("verify", "verify: one RELEASE (tarball or folder) expected");
	v.release = argv[optind];
	if (stat(v.release, &st)) {
		cli_err("verify: %s: %s", v.release, strerror(errno));
		return CLI_BAD;
	}
	is_dir = S_ISDIR(st.st_mode);
	if ((is_dir ? rel_collect_dir(&s, v.release, err, sizeof(err))
		    : rel_collect_tar(&s, v.release, err, sizeof(err)))) {
		cli_err("verify: %s: %s", v.release, err);
		ret = CLI_BAD;
		goto out;
	}
	snprintf(where, sizeof(where), "%s%s%s", v.release, is_dir ? "/" : "",
		 is_dir ? MANIFEST_NAME : "");
	if (load_manifest(manifest, &s, &m, where)) {
		ret = CLI_BAD;
		goto out;
	}
	if (!is_dir && strcmp(m.name, s.root)) {
		cli_err("verify: %s: its folder is %s, the MANIFEST's name %s", v.release, s.root,
			m.name);
		ret = CLI_BAD;
		goto out;
	}
	if (!is_dir && check_sidecar(v.release, s.sha256, err, sizeof(err))) {
		cli_err("verify: %s", err);
		ret = CLI_BAD;
		goto out;
	}
	v.problems = json_output ? json_array() : NULL;
	bad = rel_compare(&m, &s, report, &v);
	if (json_output) {
		if (cli_print_json(json_pack("{s:s, s:s, s:b, s:I, s:o}", "release", v.release,
					     "name", m.name, "ok", !bad, "files",
					     (json_int_t)m.nr_files, "problems", v.problems)))
			ret = CLI_BAD;
		v.problems = NULL;
	} else if (bad) {
		printf("%s: %zu of %zu files do not match the MANIFEST\n", v.release, bad,
		       m.nr_files);
	} else {
		printf("%s: ok, %zu files match the MANIFEST of %s\n", v.release, m.nr_files, m.name);
	}
	if (bad)
		ret = CLI_BAD;
out:
	json_decref(v.problems);
	manifest_free(&m);
	rel_set_free(&s);
	return ret;
}

/* ------------------------------------------------ reading a release directly */

struct sqlite3 *cli_release_db(const char *release, int *exit_status)
{
	char err[PATH_MAX + 512], *path = NULL;
	struct sqlite3 *db;
	int guard;

	if (rel_extract_tmpfile(release, "depsurf.sqlite", &path, &guard, err, sizeof(err))) {
		cli_err("%s: %s", release, err);
		*exit_status = CLI_BAD;
		return NULL;
	}
	/* SQLite keeps the file open: its name can go right away */
	db = cli_open_db(NULL, path, exit_status);
	rel_tmpfile_remove(path, guard);
	free(path);
	return db;
}

int cli_release_dataset(const char *release, const char *images, const char *against,
			char **dir, int *exit_status)
{
	char err[PATH_MAX + 512] = "", *copy = NULL, *save = NULL, *id;
	const char **prefixes = NULL;
	size_t n = 0, cap = 4;
	int ret = -ENOMEM;

	prefixes = calloc(cap, sizeof(*prefixes));
	if (!prefixes)
		goto out;
	prefixes[n++] = "kernels.list";
	prefixes[n++] = "kernels.groups";
	if (images) {
		char *all;

		if (asprintf(&all, "%s,%s", images, against ? against : "") < 0)
			goto out;
		copy = all;
		for (id = strtok_r(all, ",", &save); id; id = strtok_r(NULL, ",", &save)) {
			char *p;

			if (n + 1 >= cap) {
				const char **g = reallocarray(prefixes, cap * 2, sizeof(*g));

				if (!g)
					goto out;
				prefixes = g;
				cap *= 2;
			}
			/* "ID" -> "ID/": a folder prefix (the id's own bytes, then '/') */
			p = strchr(id, 0);
			if (p - id + 1 > PATH_MAX)
				continue;
			if (!(prefixes[n] = malloc((size_t)(p - id) + 2)))
				goto out;
			sprintf((char *)prefixes[n++], "%s/", id);
		}
	}
	ret = rel_extract_scratch(release, images ? prefixes : NULL, n, dir, err, sizeof(err));
	if (ret)
		cli_err("%s: %s", release, err);
out:
	if (ret == -ENOMEM && !*err)
		cli_err("%s", strerror(ENOMEM));
	for (; n > 2; n--)
		free((char *)prefixes[n - 1]);
	free(prefixes);
	free(copy);
	if (ret)
		*exit_status = CLI_BAD;
	return ret ? -1 : 0;
}
