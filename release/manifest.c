// SPDX-License-Identifier: MIT
#include "release/manifest.h"
#include "util/jsonw.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

void manifest_free(struct manifest *m)
{
	size_t i;

	if (!m)
		return;
	free(m->name);
	free(m->date);
	free(m->build_start);
	free(m->build_end);
	for (i = 0; i < m->nr_kernels; i++)
		free(m->kernels[i]);
	free(m->kernels);
	for (i = 0; i < m->nr_images; i++) {
		free(m->images[i].id);
		free(m->images[i].reason);
	}
	free(m->images);
	for (i = 0; i < m->nr_files; i++)
		free(m->files[i].path);
	free(m->files);
	memset(m, 0, sizeof(*m));
}

int manifest_add_file(struct manifest *m, const char *path, uint64_t size, const char *sha)
{
	struct rel_file *f;

	if (m->nr_files == m->cap_files) {
		size_t cap = m->cap_files ? m->cap_files * 2 : 64;

		f = reallocarray(m->files, cap, sizeof(*f));
		if (!f)
			return -ENOMEM;
		m->files = f;
		m->cap_files = cap;
	}
	f = &m->files[m->nr_files];
	f->path = strdup(path);
	if (!f->path)
		return -ENOMEM;
	f->size = size;
	snprintf(f->sha256, sizeof(f->sha256), "%s", sha);
	m->nr_files++;
	return 0;
}

static void string_or_null(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	if (s)
		jsonw_string(w, s);
	else
		jsonw_null(w);
}

int manifest_write(FILE *f, const struct manifest *m)
{
	struct jsonw *w = jsonw_new(f);
	size_t i;
	int err;

	if (!w)
		return -ENOMEM;
	jsonw_begin_object(w);
	jsonw_uint_field(w, "manifest_version", MANIFEST_VERSION);
	jsonw_string_field(w, "name", m->name);
	jsonw_string_field(w, "date", m->date);
	jsonw_string_field(w, "tool_version", m->tool_version);
	jsonw_string_field(w, "schema_version", m->schema_version);
	jsonw_key(w, "compression");
	jsonw_begin_object(w);
	jsonw_string_field(w, "format", "tar+zstd");
	jsonw_int_field(w, "level", m->level);
	jsonw_string_field(w, "libzstd", ZSTD_versionString());
	jsonw_end_object(w);
	jsonw_key(w, "build");
	jsonw_begin_object(w);
	string_or_null(w, "start", m->build_start);
	string_or_null(w, "end", m->build_end);
	jsonw_end_object(w);
	jsonw_key(w, "kernels");
	jsonw_begin_array(w);
	for (i = 0; i < m->nr_kernels; i++)
		jsonw_string(w, m->kernels[i]);
	jsonw_end_array(w);
	jsonw_key(w, "images");
	jsonw_begin_array(w);
	for (i = 0; i < m->nr_images; i++) {
		jsonw_begin_object(w);
		jsonw_string_field(w, "id", m->images[i].id);
		jsonw_string_field(w, "status", !m->images[i].reason ? "ok" :
				   m->images[i].failed ? "failed" : "missing");
		if (m->images[i].reason)
			jsonw_string_field(w, "reason", m->images[i].reason);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_key(w, "files");
	jsonw_begin_array(w);
	for (i = 0; i < m->nr_files; i++) {
		jsonw_begin_object(w);
		jsonw_string_field(w, "path", m->files[i].path);
		jsonw_uint_field(w, "size", m->files[i].size);
		jsonw_string_field(w, "sha256", m->files[i].sha256);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_end_object(w);
	jsonw_newline(w);
	err = jsonw_finish(w);
	jsonw_free(w);
	return err;
}

int manifest_path_ok(const char *path)
{
	const char *p = path, *seg;

	if (!*p || *p == '/')
		return 0;
	for (seg = p; ; p++) {
		if (*p == '/' || !*p) {
			size_t n = (size_t)(p - seg);

			if (!n || (n == 1 && seg[0] == '.') || (n == 2 && !strncmp(seg, "..", 2)))
				return 0;
			if (!*p)
				return 1;
			seg = p + 1;
		} else if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\') {
			return 0;
		}
	}
}

#define BAD(...) do { snprintf(err, errsz, __VA_ARGS__); ret = -EINVAL; goto out; } while (0)

int manifest_parse(const char *buf, size_t len, struct manifest *m, char *err, size_t errsz)
{
	json_error_t jerr;
	json_t *doc, *files, *e, *name;
	size_t i;
	int ret = 0;

	memset(m, 0, sizeof(*m));
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		snprintf(err, errsz, "not JSON: line %d: %s", jerr.line, jerr.text);
		return -EINVAL;
	}
	if (!json_is_object(doc))
		BAD("not a JSON object");
	if (json_integer_value(json_object_get(doc, "manifest_version")) != MANIFEST_VERSION)
		BAD("manifest_version is not %d", MANIFEST_VERSION);
	name = json_object_get(doc, "name");
	if (!json_is_string(name) || !manifest_path_ok(json_string_value(name)) ||
	    strchr(json_string_value(name), '/'))
		BAD("\"name\" is not a file name");
	m->name = strdup(json_string_value(name));
	if (!m->name) {
		ret = -ENOMEM;
		goto out;
	}
	files = json_object_get(doc, "files");
	if (!json_is_array(files))
		BAD("\"files\" is not an array");
	json_array_foreach(files, i, e) {
		json_t *p = json_object_get(e, "path"), *s = json_object_get(e, "size"),
		       *h = json_object_get(e, "sha256");

		if (!json_is_string(p) || !manifest_path_ok(json_string_value(p)))
			BAD("files[%zu]: \"path\" is not a relative path", i);
		if (!json_is_integer(s) || json_integer_value(s) < 0)
			BAD("files[%zu] (%s): \"size\" is not a size", i, json_string_value(p));
		if (!json_is_string(h) || !sha256_is_hex(json_string_value(h)))
			BAD("files[%zu] (%s): \"sha256\" is not 64 hex digits", i,
			    json_string_value(p));
		if (i && strcmp(m->files[i - 1].path, json_string_value(p)) >= 0)
			BAD("files[%zu] (%s): paths are not strictly ascending", i,
			    json_string_value(p));
		if (!strcmp(json_string_value(p), MANIFEST_NAME))
			BAD("files[%zu]: the manifest lists itself", i);
		ret = manifest_add_file(m, json_string_value(p), (uint64_t)json_integer_value(s),
					json_string_value(h));
		if (ret)
			goto out;
	}
out:
	json_decref(doc);
	if (ret)
		manifest_free(m);
	return ret;
}
