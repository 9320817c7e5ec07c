// SPDX-License-Identifier: MIT
/* libFuzzer harness: kconfig_parse() on the input (an exact-size copy, no NUL). */
#include "formats/kconfig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kconfig kc = { 0 };
	struct kconfig_error err;
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);	/* so ASan sees a read past @size */
	kconfig_parse(buf, size, &kc, &err);
	kconfig_free(&kc);
	free(buf);
	return 0;
}
