// SPDX-License-Identifier: MIT
/* depsurf-config: a kernel .config as config.json (docs/schema-config.md). */
#include "extract/driver/driver.h"
#include "schema/jsonl.h"
#include "formats/kconfig.h"
#include "util/file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *to_json(struct extract_run *r, const struct kconfig *kc, const char *path)
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
			extract_err(r, NULL, 0, "%s:%u: value is not valid UTF-8", path, e->line);
			json_decref(doc);
			return NULL;
		}
		if (json_object_set_new(doc, e->name, v))
			goto nomem;
	}
	return doc;
nomem:
	extract_err(r, path, -ENOMEM, "%s", "");
	json_decref(doc);
	return NULL;
}

static int config_run(struct extract_run *r)
{
	struct kconfig kc = { 0 };
	struct kconfig_error kerr;
	const char *in = r->input;
	char *buf = NULL;
	size_t len = 0;
	json_t *doc = NULL;
	int err;

	err = file_read_all(in, &buf, &len);
	if (err)
		goto out;
	err = kconfig_parse(buf, len, &kc, &kerr);
	if (err == -EINVAL && kerr.first_line)
		extract_err(r, NULL, 0, "%s:%u: %s (first at line %u)", in, kerr.line,
			    kerr.problem, kerr.first_line);
	else if (err == -EINVAL)
		extract_err(r, NULL, 0, "%s:%u: %s", in, kerr.line, kerr.problem);
	else if (!err && !kc.cnt)
		err = extract_err(r, in, 0, "no CONFIG_ options: not a kernel config");
	if (err)
		goto out;
	doc = to_json(r, &kc, in);
	if (!doc) {
		err = -EINVAL;
		goto out;
	}
	err = json_write_doc(r->out[0], doc);
out:
	kconfig_free(&kc);
	free(buf);
	return err;
}

const struct extractor extractor_config = {
	.name = "config",
	.summary = "Write a kernel .config as one JSON object {\"CONFIG_X\": value}, keys sorted:\n"
		   "the value as written (\"y\", \"m\", \"4096\", \"0x1000\"; strings unquoted),\n"
		   "null for \"# CONFIG_X is not set\". A malformed line is an error naming it\n"
		   "(docs/schema-config.md).",
	.input = "CONFIG",
	.outputs = { "config.json" },
	.run = config_run,
};
