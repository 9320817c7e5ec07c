// SPDX-License-Identifier: MIT
/*
 * Counting rules: a .jsonl file counts its entries; a .json file counts as
 * surface_count_doc() says (an object of scalars like config.json: its keys;
 * syscalls.json: {"<table>": slots}, "counts per table").
 *
 * Every surface is read back through schema/surface_reader, so a count is
 * only written for a file that is what the schema says: each .jsonl line a
 * JSON object, in strictly increasing key order, the last one complete.
 */
#include "emit/meta/counts.h"
#include "schema/surface_reader.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char bad_path[PATH_MAX];
static char bad_why[sizeof(((struct surface_error *)0)->text) + 32];

static void set_why(const struct surface_error *e)
{
	if (e->line)
		snprintf(bad_why, sizeof(bad_why), "%s (line %lu)", e->text, e->line);
	else
		snprintf(bad_why, sizeof(bad_why), "%s", e->text);
}

static int count_entries(const char *dir, const char *name, json_int_t *n)
{
	struct surface_reader r;
	const char *key;
	json_t *obj;
	int err;

	err = surface_reader_open(&r, dir, name, SURFACE_READER_KEYS_ONLY);
	while (!err && (err = surface_reader_next(&r, &obj, &key)) > 0)
		err = 0;
	if (err == -EBADMSG)
		set_why(&r.error);
	*n = surface_reader_count(&r);
	surface_reader_close(&r);
	return err;
}

static int count_doc(const char *dir, const char *name, json_t **res)
{
	struct surface_error e;
	json_t *doc;
	int err;

	*res = NULL;
	err = surface_load_doc(dir, name, &doc, &e);
	if (err) {
		if (err == -EBADMSG)
			set_why(&e);
		return err;
	}
	*res = surface_count_doc(doc);
	json_decref(doc);
	return *res ? 0 : -ENOMEM;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

json_t *meta_counts(const char *dir, const char **bad, const char **why)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t cnt = 0, cap = 0, i;
	json_t *res = NULL;
	int err = 0;

	*bad = NULL;
	*why = NULL;
	bad_why[0] = '\0';
	if (!d) {
		err = -errno;
		snprintf(bad_path, sizeof(bad_path), "%s", dir);
		*bad = bad_path;
		goto out;
	}
	while ((de = readdir(d))) {
		char **slot;

		if (!ends_with(de->d_name, ".jsonl") && !ends_with(de->d_name, ".json"))
			continue;
		if (!strcmp(de->d_name, "meta.json") || !strcmp(de->d_name, "registers.json"))
			continue;
		slot = mem_add((void **)&names, &cap, &cnt, sizeof(*names));
		if (!slot || !(*slot = strdup(de->d_name))) {
			cnt -= !!slot;
			err = -ENOMEM;
			goto out;
		}
	}
	if (cnt)
		qsort(names, cnt, sizeof(*names), cmp_str);
	res = json_object();
	if (!res) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < cnt; i++) {
		bool lines = ends_with(names[i], ".jsonl");
		json_t *v = NULL;

		if (lines) {
			json_int_t n;

			err = count_entries(dir, names[i], &n);
			if (!err && !(v = json_integer(n)))
				err = -ENOMEM;
		} else {
			err = count_doc(dir, names[i], &v);
		}
		if (err) {
			snprintf(bad_path, sizeof(bad_path), "%s/%s", dir, names[i]);
			*bad = bad_path;
			*why = bad_why[0] ? bad_why : NULL;
			goto out;
		}
		names[i][strlen(names[i]) - (lines ? 6 : 5)] = '\0';
		if (json_object_set_new(res, names[i], v)) {
			err = -ENOMEM;
			goto out;
		}
	}
out:
	if (d)
		closedir(d);
	for (i = 0; i < cnt; i++)
		free(names[i]);
	free(names);
	if (err) {
		json_decref(res);
		errno = -err;
		return NULL;
	}
	return res;
}
