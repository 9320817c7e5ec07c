// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the per-item differ (diff/diff.h) on hostile entries.
 * Input: one byte choosing the kind, then the old entry's JSON, a newline,
 * the new entry's JSON ("null" or bad JSON: the image lacks the entry).
 * For the one-document kinds the two texts are also taken as whole
 * documents and their entries looked up by diff_doc_entry().
 */
#include "diff/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void diff_one(enum diff_kind kind, const json_t *old, const json_t *new)
{
	struct diff_changes ch = { 0 };

	if (!old && !new)
		return;
	if (!diff_item(kind, old, new, &ch))
		(void)diff_changes_worst(&ch);
	diff_changes_clear(&ch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "read", "CONFIG_A", "pt_regs", "params", "ret", "" };
	enum diff_kind kind;
	const uint8_t *nl;
	json_t *old, *new;
	size_t i;

	if (size < 1)
		return 0;
	kind = (enum diff_kind)(data[0] % DIFF_KIND_COUNT);
	data++, size--;
	nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	old = json_loadb((const char *)data, (size_t)(nl - data), JSON_DECODE_ANY, NULL);
	new = json_loadb((const char *)nl + 1, size - (size_t)(nl + 1 - data), JSON_DECODE_ANY, NULL);
	diff_one(kind, json_is_null(old) ? NULL : old, json_is_null(new) ? NULL : new);
	if (kind == DIFF_SYSCALLS || kind == DIFF_CONFIG || kind == DIFF_REGISTERS)
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			json_t *a = old ? diff_doc_entry(kind, old, names[i]) : NULL;
			json_t *b = new ? diff_doc_entry(kind, new, names[i]) : NULL;

			diff_one(kind, a, b);
			json_decref(a);
			json_decref(b);
		}
	json_decref(old);
	json_decref(new);
	return 0;
}
