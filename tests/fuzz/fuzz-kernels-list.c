// SPDX-License-Identifier: MIT
/* libFuzzer harness: kernels_list_parse() on a NUL-terminated copy of the input. */
#include "formats/kernels_list.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernels_list kl = { 0 };
	char err[256];
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (!kernels_list_parse(&kl, text, err, sizeof(err)) && kl.nr)
		kernels_list_find(&kl, kl.images[kl.nr - 1].id);
	kernels_list_free(&kl);
	free(text);
	return 0;
}
