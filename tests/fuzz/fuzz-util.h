/* SPDX-License-Identifier: MIT */
/*
 * Shared by the libFuzzer harnesses of tests/fuzz/: the input as a file
 * (a memfd, named /proc/self/fd/N, for readers that take a path) and
 * /dev/null outputs. Built by `make fuzz` only (clang -fsanitize=fuzzer).
 */
#ifndef DEPSURF_FUZZ_UTIL_H
#define DEPSURF_FUZZ_UTIL_H

#include "util/diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* A memfd holding @data, its path in @path; -1 on failure (then skip the input). */
static inline int fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t len)
{
	int fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	size_t done = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (done < size) {
		n = write(fd, data + done, size - done);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

/* One /dev/null stream for the life of the process; messages silenced. */
static inline FILE *fuzz_devnull(void)
{
	static FILE *f;

	if (!f) {
		diag_set_quiet(getenv("FUZZ_VERBOSE") == NULL);
		f = fopen("/dev/null", "w");
		if (!f)
			abort();
	}
	return f;
}

#endif
