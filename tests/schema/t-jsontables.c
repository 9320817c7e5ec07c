// SPDX-License-Identifier: MIT
/*
 * Unit test of lib/jsontables.h: the exact bytes for tables, an empty
 * table, a non-array member, escaping in keys and values, an empty
 * document, and that the output parses back to the same document.
 */
#include "schema/jsontables.h"
#include "tests/include/test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Write @doc (stolen) to memory; NULL on error, with *@err set. */
static char *write_doc(json_t *doc, int *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		*err = -errno;
		json_decref(doc);
		return NULL;
	}
	*err = json_write_tables(f, doc);
	fclose(f);
	if (*err) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void check(const char *what, const char *json, const char *expect)
{
	json_error_t jerr;
	json_t *doc = json_loads(json, 0, &jerr), *back;
	char *out;
	int err;

	if (!doc) {
		FAIL("%s: bad test input: %s", what, jerr.text);
		return;
	}
	json_incref(doc);
	out = write_doc(doc, &err);
	if (!out) {
		FAIL("%s: json_write_tables: %d", what, err);
		json_decref(doc);
		return;
	}
	CHECK_MSG(!strcmp(out, expect), "%s: got\n%s\nexpected\n%s", what, out, expect);
	back = json_loads(out, 0, &jerr);
	CHECK_MSG(back && json_equal(back, doc),
		  "%s: output does not parse back to the document", what);
	json_decref(back);
	json_decref(doc);
	free(out);
}

int main(void)
{
	int err;

	check("tables",
	      "{\"t1\": [{\"nr\": 0, \"name\": \"read\", \"ok\": true},"
	      " {\"nr\": 1, \"name\": \"w\\u00e9\", \"ok\": false}],"
	      " \"empty\": [], \"n\": 3, \"o\": {\"a\": [1, 2]},"
	      " \"k\\\"q\": [\"x\\n\"]}",
	      "{\n"
	      "  \"t1\": [\n"
	      "    {\"nr\":0,\"name\":\"read\",\"ok\":true},\n"
	      "    {\"nr\":1,\"name\":\"w\\u00E9\",\"ok\":false}\n"
	      "  ],\n"
	      "  \"empty\": [],\n"
	      "  \"n\": 3,\n"
	      "  \"o\": {\"a\":[1,2]},\n"
	      "  \"k\\\"q\": [\n"
	      "    \"x\\n\"\n"
	      "  ]\n"
	      "}\n");
	check("empty document", "{}", "{}\n");
	CHECK_MSG(!write_doc(json_array(), &err) && err == -EINVAL,
		  "an array document: %d, expected -EINVAL", err);
	CHECK_MSG(!write_doc(NULL, &err) && err == -ENOMEM,
		  "a NULL document: %d, expected -ENOMEM", err);
	return test_exit();
}
