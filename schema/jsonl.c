// SPDX-License-Identifier: MIT
#include "schema/jsonl.h"
#include "util/outfile.h"

#include <errno.h>

/* The errno of the failed write (ENOSPC for a full disk), else EIO. */
static int write_err(void)
{
	return errno ? -errno : -EIO;
}

int jsonl_write(FILE *f, json_t *obj)
{
	int err = 0;

	if (!obj)
		return -ENOMEM;
	errno = 0;
	if (json_dumpf(obj, f, JSONL_FLAGS) || fputc('\n', f) == EOF)
		err = write_err();
	json_decref(obj);
	return err;
}

int json_write_doc(FILE *f, json_t *doc)
{
	int err = 0;

	if (!doc)
		return -ENOMEM;
	errno = 0;
	if (json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			       JSON_ENSURE_ASCII) || fputc('\n', f) == EOF)
		err = write_err();
	json_decref(doc);
	return err;
}

int json_save_doc(const char *path, json_t *doc, const char **stage)
{
	struct outfile out;
	int err;

	*stage = "create";
	err = outfile_open(&out, path);
	if (err) {
		json_decref(doc);
		return err;
	}
	*stage = "write";
	err = json_write_doc(out.f, doc);
	if (!err)
		err = outfile_commit(&out);
	outfile_abort(&out);
	return err;
}
