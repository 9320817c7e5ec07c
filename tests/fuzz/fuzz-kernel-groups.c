// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: kernel_groups_parse_buf() on the raw input (NUL bytes
 * included), checked against a small fixed kernels.list, then every pair it
 * made is walked (the pointers into the sets must stay valid).
 */
#include "formats/kernel_groups.h"
#include "formats/kernels_list.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kernels_list kl;
	static int have_kl;
	struct kernel_groups kg = { 0 };
	char err[256];
	size_t i, n = 0;

	if (!have_kl) {
		if (kernels_list_parse(&kl, "a debian r amd64 f - http://h/a.deb - -\n"
				       "b debian r amd64 f - http://h/b.deb - -\n"
				       "c.1+x debian r arm64 f - http://h/c.deb - -\n", err, sizeof(err)))
			abort();
		have_kl = 1;
	}
	if (!kernel_groups_parse_buf(&kg, (const char *)data, size, size % 2 ? &kl : NULL,
				     err, sizeof(err)))
		for (i = 0; i < kg.nr_pairs; i++)
			n += strlen(kg.pairs[i].group) + strlen(kg.pairs[i].old_id) +
			     strlen(kg.pairs[i].new_id);
	else if (!memchr(err, '\0', sizeof(err)))
		abort();	/* the message must be terminated */
	kernel_groups_free(&kg);
	return n == (size_t)-1;
}
