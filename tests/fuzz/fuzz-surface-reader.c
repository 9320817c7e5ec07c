// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: schema/surface_reader.h on a hostile surface file, the
 * way its consumers read it. The first byte picks the file name (its sort
 * key: funcs.jsonl by "name", tracepoints.jsonl by event/system/class) and
 * the mode (whole lines; keys only, then the lazy parse of depsurf diff and
 * matrix, cut before "defs"; a whole-document load); the rest is the file.
 */
#include "schema/surface_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

/* The scratch folder goes with the process. */
static void remove_dir(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/funcs.jsonl", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/tracepoints.jsonl", dir);
	unlink(path);
	rmdir(dir);
}

static int put(const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "funcs.jsonl", "tracepoints.jsonl" };
	struct surface_reader r;
	const char *name, *key;
	json_t *obj;
	unsigned int mode;
	int err;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/fuzz-surface-reader.%d", (int)getpid());
		if (mkdir(dir, 0700) && access(dir, W_OK))
			abort();
		atexit(remove_dir);
	}
	if (size < 1)
		return 0;
	name = names[data[0] & 1];
	mode = (data[0] >> 1) % 3;
	if (put(name, data + 1, size - 1))
		return 0;
	if (mode == 2) {
		json_t *doc = NULL;

		if (!surface_load_doc(dir, name, &doc, NULL))
			json_decref(surface_count_doc(doc));
		json_decref(doc);
		return 0;
	}
	if (surface_reader_open(&r, dir, name, mode ? SURFACE_READER_KEYS_ONLY : 0))
		return 0;
	while ((err = surface_reader_next(&r, &obj, &key)) > 0) {
		size_t len;
		const char *line = surface_reader_line(&r, &len);

		if (mode && line && surface_member_offset(line, len, "defs") <= len)
			(void)surface_reader_parse(&r, (key[0] & 1) ? "defs" : NULL, &obj);
	}
	surface_reader_close(&r);
	return 0;
}
