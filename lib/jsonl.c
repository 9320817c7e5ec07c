// SPDX-License-Identifier: MIT
#include "lib/jsonl.h"

#include <errno.h>

int jsonl_write(FILE *f, json_t *obj)
{
	int err = 0;

	if (!obj)
		return -ENOMEM;
	if (json_dumpf(obj, f, JSONL_FLAGS) || fputc('\n', f) == EOF)
		err = -EIO;
	json_decref(obj);
	return err;
}

int json_write_doc(FILE *f, json_t *doc)
{
	int err = 0;

	if (!doc)
		return -ENOMEM;
	if (json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			       JSON_ENSURE_ASCII) || fputc('\n', f) == EOF)
		err = -EIO;
	json_decref(doc);
	return err;
}
