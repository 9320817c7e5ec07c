/* SPDX-License-Identifier: MIT */
/*
 * The harness of one ELF/BTF extractor: the input is a kernel image (an ELF
 * file, embedded .BTF), run through extract_run_path() with every output to
 * /dev/null. tests/fuzz/fuzz-<name>.c defines FUZZ_EXTRACTOR and includes
 * this.
 */
#include "extract/driver/driver.h"
#include "tests/fuzz/fuzz-util.h"

extern const struct extractor FUZZ_EXTRACTOR;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *out[EXTRACT_MAX_OUTPUTS];
	char path[64];
	int fd, i;

	for (i = 0; i < EXTRACT_MAX_OUTPUTS; i++)
		out[i] = fuzz_devnull();
	fd = fuzz_memfd(data, size, path, sizeof(path));
	if (fd < 0)
		return 0;
	extract_run_path(&FUZZ_EXTRACTOR, path, NULL, out);
	close(fd);
	return 0;
}
