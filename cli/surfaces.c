// SPDX-License-Identifier: MIT
/*
 * depsurf surfaces [DIR...]: what dataset folders hold. A DIR holding
 * surface files (*.json, *.jsonl) is an image folder (dataset/<id>/); any
 * other DIR is a dataset root, and each subfolder holding surface files is
 * an image. Every surface is read back with schema/surface_reader.h (keys
 * only unless --full): its entry count is the number of in-order entries,
 * and must equal the count meta.json recorded for it.
 */
#include "cli/cli.h"
#include "schema/surface_reader.h"
#include "util/mem.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void help_surfaces(FILE *f)
{
	fprintf(f,
		"Usage: depsurf surfaces [OPTIONS] [DIR...]\n"
		"List what dataset folders hold: for an image folder (dataset/<id>/), each\n"
		"surface file and its entry count, with the image id and schema version\n"
		"from meta.json; for a dataset root, one row per image. DIR defaults to\n"
		"'dataset'. Every file is read back and checked: in a .jsonl file each\n"
		"line's sort key (read from the start of the line) in strictly increasing\n"
		"order, the line ending with '}', the last line complete; a .json file\n"
		"must parse; the counts must be those meta.json recorded, its schema_version\n"
		"one this depsurf reads. A bad file is an error that names it and the line,\n"
		"and the others are still listed.\n"
		"\n"
		"Options:\n"
		"  -f, --full       also parse every line of the .jsonl files as JSON\n"
		"                   (jansson; ~3 s for a 77 MB funcs.jsonl)\n"
		"  -m, --from-meta  take the entry counts meta.json recorded instead of\n"
		"                   reading the files (instant; they are not checked)\n"
		"  -h, --help       print this help\n");
}

static bool from_meta, full_check;

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static bool is_surface(const char *name)
{
	return name[0] != '.' && (ends_with(name, ".jsonl") || ends_with(name, ".json"));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct names {
	char **v;
	size_t cnt, cap;
};

static void names_free(struct names *n)
{
	size_t i;

	for (i = 0; i < n->cnt; i++)
		free(n->v[i]);
	free(n->v);
	memset(n, 0, sizeof(*n));
}

/* The sorted names in @dir that are surface files (@want_dirs: subfolders). */
static int list_dir(const char *dir, bool want_dirs, struct names *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char path[PATH_MAX], **slot;
		struct stat st;

		if (de->d_name[0] == '.' || (!want_dirs && !is_surface(de->d_name)))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) || (want_dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)))
			continue;
		slot = mem_add((void **)&out->v, &out->cap, &out->cnt, sizeof(*out->v));
		if (!slot || !(*slot = strdup(de->d_name))) {
			out->cnt -= !!slot;
			err = -ENOMEM;
			break;
		}
	}
	closedir(d);
	if (err)
		names_free(out);
	else if (out->cnt)
		qsort(out->v, out->cnt, sizeof(*out->v), cmp_str);
	return err;
}

/* Set the row's "error" to "dir/file[:line]: why"; report it in text mode. */
static int set_row_error(json_t *row, const char *dir, const char *file,
			 const struct surface_error *e, int err)
{
	char msg[PATH_MAX + 300];

	if (err == -EBADMSG && e->line)
		snprintf(msg, sizeof(msg), "%s/%s:%lu: %s", dir, file, e->line, e->text);
	else if (err == -EBADMSG)
		snprintf(msg, sizeof(msg), "%s/%s: %s", dir, file, e->text);
	else
		snprintf(msg, sizeof(msg), "%s/%s: %s", dir, file, strerror(-err));
	if (!json_output)
		cli_err("%s", msg);
	return json_object_set_new(row, "error", cli_json_str(msg)) ? -ENOMEM : 0;
}

/* The last component of @dir ("dataset/id/" → "id"). */
static json_t *dir_base(const char *dir)
{
	size_t n = strlen(dir), start;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (start = n; start && dir[start - 1] != '/'; start--)
		;
	return cli_json_strn(dir + start, n - start);
}

static int count_entries_file(const char *dir, const char *file, json_t **count,
			    struct surface_error *e)
{
	struct surface_reader r;
	const char *key;
	json_t *obj;
	int err;

	err = surface_reader_open(&r, dir, file, full_check ? 0 : SURFACE_READER_KEYS_ONLY);
	while (!err && (err = surface_reader_next(&r, &obj, &key)) > 0)
		err = 0;
	*e = r.error;
	if (!err && !(*count = json_integer(surface_reader_count(&r))))
		err = -ENOMEM;
	surface_reader_close(&r);
	return err;
}

static int count_doc_file(const char *dir, const char *file, json_t **count,
			  struct surface_error *e)
{
	json_t *doc;
	int err = surface_load_doc(dir, file, &doc, e);

	if (err)
		return err;
	/* one document for the whole image (README "Dataset schema") */
	if (!strcmp(file, "meta.json") || !strcmp(file, "registers.json"))
		*count = json_integer(1);
	else
		*count = surface_count_doc(doc);
	json_decref(doc);
	return *count ? 0 : -ENOMEM;
}

/* The counts meta.json keeps for @file ("funcs.jsonl" → counts.funcs), or NULL. */
static json_t *meta_count(json_t *meta, const char *file)
{
	char stem[NAME_MAX + 1];
	size_t n = strlen(file) - (ends_with(file, ".jsonl") ? 6 : 5);

	if (n >= sizeof(stem))
		return NULL;
	memcpy(stem, file, n);
	stem[n] = '\0';
	return json_object_get(json_object_get(meta, "counts"), stem);
}

static const char *str_or(const json_t *v, const char *dflt)
{
	return json_is_string(v) ? json_string_value(v) : dflt;
}

/* Whether meta.json's schema_version has our major version ("1.x"). */
static bool schema_readable(const json_t *meta)
{
	const char *v = str_or(json_object_get(meta, "schema_version"), "");
	size_t n = strcspn(SURFACE_SCHEMA_VERSION, ".");

	return !strncmp(v, SURFACE_SCHEMA_VERSION, n) && (v[n] == '.' || !v[n]);
}

/*
 * The JSON of image folder @dir: {"dir", "id", "schema_version", "surfaces":
 * [{"file", "entries", "meta_count", "error"?}]}. *@bad is set when a file
 * could not be read or is wrong. NULL when out of memory.
 */
static json_t *image_json(const char *dir, const struct names *files, bool *bad)
{
	struct surface_error e = { 0 };
	json_t *img, *meta = NULL, *list, *v;
	size_t i;
	int err;

	img = json_object();
	if (!img || json_object_set_new(img, "dir", cli_json_str(dir)))
		goto nomem;
	/* a bad meta.json is reported on its own row */
	if (surface_load_doc(dir, "meta.json", &meta, NULL) == -ENOMEM)
		goto nomem;
	v = json_object_get(meta, "id");
	if (json_object_set_new(img, "id", json_is_string(v) ? json_copy(v) : dir_base(dir)) ||
	    json_object_set(img, "schema_version", (v = json_object_get(meta, "schema_version")) ?
			    v : json_null()) ||
	    json_object_set_new(img, "surfaces", list = json_array()))
		goto nomem;
	for (i = 0; i < files->cnt; i++) {
		const char *file = files->v[i];
		json_t *count = NULL, *recorded = meta_count(meta, file), *row;

		if (from_meta && recorded) {
			count = json_copy(recorded);
			err = count ? 0 : -ENOMEM;
		} else if (ends_with(file, ".jsonl")) {
			err = count_entries_file(dir, file, &count, &e);
		} else {
			err = count_doc_file(dir, file, &count, &e);
		}
		if (err == -ENOMEM)
			goto nomem;
		if (!err && !strcmp(file, "meta.json") && !schema_readable(meta)) {
			snprintf(e.text, sizeof(e.text),
				 "schema_version %s; this depsurf reads schema %s",
				 str_or(json_object_get(meta, "schema_version"), "missing"),
				 SURFACE_SCHEMA_VERSION);
			e.line = 0;
			err = -EBADMSG;
		}
		if (!err && recorded && !json_equal(count, recorded)) {
			char *a = json_dumps(count, JSON_COMPACT | JSON_ENCODE_ANY);
			char *b = json_dumps(recorded, JSON_COMPACT | JSON_ENCODE_ANY);

			snprintf(e.text, sizeof(e.text), "%s entries, but meta.json counts %s",
				 a ? a : "?", b ? b : "?");
			e.line = 0;
			free(a);
			free(b);
			err = -EBADMSG;
		}
		row = json_pack("{s:o, s:o, s:O}", "file", cli_json_str(file), "entries",
				count ? count : json_null(), "meta_count",
				recorded ? recorded : json_null());
		if (!row || json_array_append_new(list, row))
			goto nomem;
		if (err) {
			*bad = true;
			if (set_row_error(row, dir, file, &e, err))
				goto nomem;
		}
	}
	json_decref(meta);
	return img;
nomem:
	json_decref(meta);
	json_decref(img);
	return NULL;
}

/* ------------------------------------------------------------ text output */

/* A count as one number: a per-table count is the sum of its tables. */
static bool count_total(const json_t *count, long long *n)
{
	const char *k;
	json_t *v;

	if (json_is_integer(count)) {
		*n = json_integer_value(count);
		return true;
	}
	if (!json_is_object(count))
		return false;
	*n = 0;
	json_object_foreach((json_t *)count, k, v)
		*n += json_integer_value(v);
	return true;
}

static void cell_count(char *buf, size_t size, const json_t *row)
{
	long long n;

	if (json_object_get(row, "error") || !count_total(json_object_get(row, "entries"), &n))
		snprintf(buf, size, "ERROR");
	else
		snprintf(buf, size, "%lld", n);
}

static void print_image(const json_t *img)
{
	json_t *row, *surfaces = json_object_get(img, "surfaces");
	size_t i, width = strlen("FILE");

	printf("image   %s\n", str_or(json_object_get(img, "id"), "-"));
	printf("schema  %s\n", str_or(json_object_get(img, "schema_version"), "- (no meta.json)"));
	printf("dir     %s\n", json_string_value(json_object_get(img, "dir")));
	json_array_foreach(surfaces, i, row) {
		size_t n = strlen(json_string_value(json_object_get(row, "file")));

		width = n > width ? n : width;
	}
	printf("%-*s  %10s\n", (int)width, "FILE", "ENTRIES");
	json_array_foreach(surfaces, i, row) {
		json_t *entries = json_object_get(row, "entries"), *v;
		const char *k, *sep = "  ";
		char cell[32];

		cell_count(cell, sizeof(cell), row);
		printf("%-*s  %10s", (int)width, json_string_value(json_object_get(row, "file")),
		       cell);
		if (json_is_object(entries) && strcmp(cell, "ERROR"))
			json_object_foreach(entries, k, v) {
				printf("%s%s %lld", sep, k, (long long)json_integer_value(v));
				sep = ", ";
			}
		putchar('\n');
	}
}

/* The row of @img for surface file @file, or NULL. */
static const json_t *find_row(const json_t *img, const char *file)
{
	json_t *row;
	size_t i;

	json_array_foreach(json_object_get(img, "surfaces"), i, row)
		if (!strcmp(json_string_value(json_object_get(row, "file")), file))
			return row;
	return NULL;
}

/*
 * One row per image: IMAGE, SCHEMA and a column per surface file any image
 * has (meta.json aside), headed by its upper-case stem (funcs.jsonl: FUNCS).
 */
static int print_table(const json_t *imgs)
{
	struct names cols = { 0 };
	json_t *img, *row;
	size_t i, j, k, idw = strlen("IMAGE"), rows = 0;
	int err = 0;

	json_array_foreach(imgs, i, img) {
		size_t n = strlen(str_or(json_object_get(img, "id"), "-"));

		if (!json_object_get(img, "surfaces"))
			continue;
		rows++;
		idw = n > idw ? n : idw;
		json_array_foreach(json_object_get(img, "surfaces"), j, row) {
			const char *f = json_string_value(json_object_get(row, "file"));
			char **slot;

			for (k = 0; k < cols.cnt && strcmp(cols.v[k], f); k++)
				;
			if (k < cols.cnt || !strcmp(f, "meta.json"))
				continue;
			slot = mem_add((void **)&cols.v, &cols.cap, &cols.cnt, sizeof(*cols.v));
			if (!slot || !(*slot = strdup(f))) {
				cols.cnt -= !!slot;
				err = -ENOMEM;
				goto out;
			}
		}
	}
	if (!rows)
		goto out;
	if (cols.cnt)
		qsort(cols.v, cols.cnt, sizeof(*cols.v), cmp_str);
	printf("%-*s  %-6s", (int)idw, "IMAGE", "SCHEMA");
	for (k = 0; k < cols.cnt; k++) {
		char head[NAME_MAX + 1], *p;

		snprintf(head, sizeof(head), "%.*s", (int)strcspn(cols.v[k], "."), cols.v[k]);
		for (p = head; *p; p++)
			*p = *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p;
		printf("  %8s", head);
	}
	putchar('\n');
	json_array_foreach(imgs, i, img) {
		if (!json_object_get(img, "surfaces"))
			continue;
		printf("%-*s  %-6s", (int)idw, str_or(json_object_get(img, "id"), "-"),
		       str_or(json_object_get(img, "schema_version"), "-"));
		for (k = 0; k < cols.cnt; k++) {
			const json_t *r = find_row(img, cols.v[k]);
			size_t w = strcspn(cols.v[k], ".");
			char cell[32] = "-";

			if (r)
				cell_count(cell, sizeof(cell), r);
			printf("  %*s", (int)(w < 8 ? 8 : w), cell);
		}
		putchar('\n');
	}
out:
	names_free(&cols);
	return err;
}

/* ------------------------------------------------------------ the command */

/* Add the image(s) of @dir to @out; *@root says whether it was a dataset root. */
static int scan_dir(const char *dir, json_t *out, bool *root, bool *bad)
{
	struct names files, subs = { 0 };
	char path[PATH_MAX], msg[PATH_MAX + 64];
	struct stat st;
	json_t *img;
	size_t i, images = 0;
	int err;

	*root = false;
	err = stat(dir, &st) ? -errno : S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	if (err)
		goto fail;
	err = list_dir(dir, false, &files);
	if (err)
		goto fail;
	if (files.cnt) {
		img = image_json(dir, &files, bad);
		names_free(&files);
		return !img || json_array_append_new(out, img) ? -ENOMEM : 0;
	}
	*root = true;
	err = list_dir(dir, true, &subs);
	if (err)
		goto fail;
	for (i = 0; i < subs.cnt; i++) {
		snprintf(path, sizeof(path), "%s%s%s", dir, ends_with(dir, "/") ? "" : "/",
			 subs.v[i]);
		err = list_dir(path, false, &files);
		if (err || !files.cnt) {
			names_free(&files);
			continue;	/* not an image folder */
		}
		img = image_json(path, &files, bad);
		names_free(&files);
		if (!img || json_array_append_new(out, img)) {
			names_free(&subs);
			return -ENOMEM;
		}
		images++;
	}
	names_free(&subs);
	if (images)
		return 0;
	err = 0;
fail:
	*bad = true;
	snprintf(msg, sizeof(msg), "%s: %s", dir,
		 err ? strerror(-err) : "no surface files and no image folders");
	if (!json_output)
		cli_err("%s", msg);
	return json_array_append_new(out, json_pack("{s:o, s:o}", "dir", cli_json_str(dir), "error",
						     cli_json_str(msg))) ? -ENOMEM : 0;
}

int cmd_surfaces(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "full", no_argument, NULL, 'f' },
		{ "from-meta", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	char *dflt[] = { "dataset", NULL };
	char **dirs;
	json_t *all;
	bool bad = false;
	int c, st = CLI_OK, ndirs, i, err = 0;

	from_meta = full_check = false;
	while ((c = cli_getopt(argc, argv, "fm", longopts, &st)) != -1) {
		if (c == CLI_GETOPT_DONE)
			return st;
		if (c == 'm')
			from_meta = true;
		if (c == 'f')
			full_check = true;
	}
	if (from_meta && full_check)
		return cli_usage_err("surfaces", "surfaces: --full and --from-meta exclude each other");
	dirs = optind < argc ? argv + optind : dflt;
	ndirs = optind < argc ? argc - optind : 1;
	all = json_array();
	if (!all)
		goto nomem;
	for (i = 0; i < ndirs && !err; i++) {
		json_t *these = json_array();
		bool root;

		err = these ? scan_dir(dirs[i], these, &root, &bad) : -ENOMEM;
		if (!err && !json_output) {
			if (i)
				putchar('\n');
			if (root)
				err = print_table(these);
			else if (json_array_size(these) && json_object_get(json_array_get(these, 0),
									   "surfaces"))
				print_image(json_array_get(these, 0));
		}
		if (!err && json_array_extend(all, these))
			err = -ENOMEM;
		json_decref(these);
	}
	if (err)
		goto nomem;
	if (json_output && cli_print_json(all))
		return CLI_BAD;
	if (!json_output)
		json_decref(all);
	return bad ? CLI_BAD : CLI_OK;
nomem:
	json_decref(all);
	cli_err("out of memory");
	return CLI_BAD;
}
