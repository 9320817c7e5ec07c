// SPDX-License-Identifier: MIT
/*
 * Counting rules: a .jsonl file counts its lines; a .json file that is an
 * array counts its elements; an object whose values are all scalars (like
 * config.json) counts its keys; any other object (like syscalls.json, one
 * member per ABI table) gives {"<member>": size} for each array or object
 * member — "counts per table".
 */
#include "emit/meta/counts.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char bad_path[PATH_MAX];

static int count_lines(const char *path, json_int_t *n)
{
	char buf[1 << 16];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	*n = 0;
	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		const char *p = buf, *end = buf + got;

		while ((p = memchr(p, '\n', end - p))) {
			(*n)++;
			p++;
		}
	}
	if (got < 0)
		err = -errno;
	close(fd);
	return err;
}

static size_t container_size(const json_t *v)
{
	return json_is_array(v) ? json_array_size(v) : json_object_size(v);
}

static json_t *count_json(const char *path)
{
	json_t *doc = json_load_file(path, 0, NULL), *res = NULL, *v;
	const char *k;
	bool nested = false;

	if (!doc) {
		errno = EBADMSG;
		return NULL;
	}
	if (json_is_object(doc))
		json_object_foreach(doc, k, v)
			nested |= json_is_array(v) || json_is_object(v);
	if (!nested) {
		res = json_integer(container_size(doc));
		goto out;
	}
	res = json_object();
	json_object_foreach(doc, k, v) {
		if ((json_is_array(v) || json_is_object(v)) && res &&
		    json_object_set_new(res, k, json_integer(container_size(v)))) {
			json_decref(res);
			res = NULL;
		}
	}
out:
	json_decref(doc);
	if (!res)
		errno = ENOMEM;
	return res;
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

json_t *meta_counts(const char *dir, const char **bad)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, path[PATH_MAX];
	size_t cnt = 0, cap = 0, i;
	json_t *res = NULL;
	int err = 0;

	*bad = NULL;
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
		json_t *v;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lines) {
			json_int_t n;

			err = count_lines(path, &n);
			v = err ? NULL : json_integer(n);
		} else {
			v = count_json(path);
			err = v ? 0 : -errno;
		}
		if (!err && !v)
			err = -ENOMEM;
		if (err) {
			snprintf(bad_path, sizeof(bad_path), "%s", path);
			*bad = bad_path;
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
