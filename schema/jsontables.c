// SPDX-License-Identifier: MIT
/* JSON documents of tables, one row per line (schema/jsontables.h). */
#include "schema/jsontables.h"
#include "schema/jsonl.h"

#include <errno.h>
#include <stdlib.h>

/* @prefix, then @v compact (any JSON value), then @suffix. */
static int put(FILE *f, const char *prefix, json_t *v, const char *suffix)
{
	char *s = json_dumps(v, JSONL_FLAGS | JSON_ENCODE_ANY);
	int err = 0;

	if (!s)
		return -ENOMEM;
	if (fputs(prefix, f) == EOF || fputs(s, f) == EOF ||
	    fputs(suffix, f) == EOF)
		err = -EIO;
	free(s);
	return err;
}

static int put_array(FILE *f, json_t *arr)
{
	size_t i, n = json_array_size(arr);
	int err = 0;

	if (!n)
		return fputs("[]", f) == EOF ? -EIO : 0;
	if (fputs("[\n", f) == EOF)
		return -EIO;
	for (i = 0; i < n && !err; i++)
		err = put(f, "    ", json_array_get(arr, i), i + 1 < n ? ",\n" : "\n");
	if (!err && fputs("  ]", f) == EOF)
		err = -EIO;
	return err;
}

static int put_member(FILE *f, const char *key, json_t *val, int last)
{
	json_t *k = json_string(key);
	int err;

	if (!k)
		return -ENOMEM;
	err = put(f, "  ", k, ": ");
	json_decref(k);
	if (!err)
		err = json_is_array(val) ? put_array(f, val) : put(f, "", val, "");
	if (!err && fputs(last ? "\n" : ",\n", f) == EOF)
		err = -EIO;
	return err;
}

int json_write_tables(FILE *f, json_t *doc)
{
	size_t i = 0, n = json_object_size(doc);
	const char *key;
	json_t *val;
	int err = 0;

	if (!doc)
		return -ENOMEM;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return -EINVAL;
	}
	if (fputs(n ? "{\n" : "{", f) == EOF)
		err = -EIO;
	json_object_foreach(doc, key, val) {
		if (err)
			break;
		err = put_member(f, key, val, ++i == n);
	}
	if (!err && fputs("}\n", f) == EOF)
		err = -EIO;
	json_decref(doc);
	return err;
}
