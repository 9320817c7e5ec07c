// SPDX-License-Identifier: MIT
/* depsurf-config: a kernel .config as config.json (docs/schema-config.md). */
#include "util/diag.h"
#include "schema/jsonl.h"
#include "formats/kconfig.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: depsurf-config CONFIG -o config.json\n"
		"Write a kernel .config as one JSON object {\"CONFIG_X\": value}, keys sorted:\n"
		"the value as written (\"y\", \"m\", \"4096\", \"0x1000\"; strings unquoted),\n"
		"null for \"# CONFIG_X is not set\". A malformed line is an error naming it.\n"
		"\n"
		"  -o, --output FILE   output file\n"
		"  -h, --help          this help\n");
}

static int read_all(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t n = 0, cap = 0, got;
	int err = 0;

	if (!f)
		return -errno;
	for (;;) {
		if (cap - n < 65536) {
			char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(b, cap ? cap * 2 : 262144);

			if (!nb) {
				err = -ENOMEM;
				break;
			}
			b = nb;
			cap = cap ? cap * 2 : 262144;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f))
				err = -EIO;
			break;
		}
	}
	fclose(f);
	if (err) {
		free(b);
		return err;
	}
	*buf = b;
	*len = n;
	return 0;
}

static json_t *to_json(const struct kconfig *kc, const char *path)
{
	json_t *doc = json_object();
	size_t i;

	if (!doc)
		goto nomem;
	for (i = 0; i < kc->cnt; i++) {
		const struct kconfig_entry *e = &kc->v[i];
		json_t *v = e->value ? json_string(e->value) : json_null();

		if (!v) {
			/* jansson refuses strings that are not UTF-8 */
			diag_err(NULL, "%s:%u: value is not valid UTF-8", path, e->line);
			json_decref(doc);
			return NULL;
		}
		if (json_object_set_new(doc, e->name, v))
			goto nomem;
	}
	return doc;
nomem:
	diag_err(NULL, "out of memory");
	json_decref(doc);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *stage = "";
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *in, *outpath = NULL;
	struct kconfig kc = { 0 };
	struct kconfig_error kerr;
	char *buf = NULL;
	size_t len = 0;
	json_t *doc = NULL;
	int c, err;

	diag_set_prog(argv[0]);
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outpath = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc || !outpath) {
		usage(stderr);
		return 2;
	}
	in = argv[optind];
	err = read_all(in, &buf, &len);
	if (err) {
		diag_err(in, "%s", strerror(-err));
		goto out;
	}
	err = kconfig_parse(buf, len, &kc, &kerr);
	if (err == -EINVAL && kerr.first_line)
		diag_err(NULL, "%s:%u: %s (first at line %u)", in, kerr.line, kerr.problem,
			 kerr.first_line);
	else if (err == -EINVAL)
		diag_err(NULL, "%s:%u: %s", in, kerr.line, kerr.problem);
	else if (err)
		diag_err(in, "%s", strerror(-err));
	else if (!kc.cnt)
		diag_err(in, "no CONFIG_ options: not a kernel config"), err = -EINVAL;
	if (err)
		goto out;
	doc = to_json(&kc, in);
	if (!doc) {
		err = -EINVAL;
		goto out;
	}
	err = json_save_doc(outpath, doc, &stage);
	doc = NULL;
	if (err)
		diag_err(outpath, "cannot %s: %s", stage, strerror(-err));
out:
	json_decref(doc);
	kconfig_free(&kc);
	free(buf);
	return err ? 1 : 0;
}
