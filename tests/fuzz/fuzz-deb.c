// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the whole .deb path (ar, decompression, tar, member
 * matching) through deb_open()/deb_extract() on a memfd, the wanted members
 * (what dataset.mk asks depsurf-unpack for) written to /dev/null.
 */
#include "tests/fuzz/fuzz-util.h"
#include "unpack/deb.h"

#include <fcntl.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int null_fd = -1;
	struct deb d = { .fd = -1, .threads = 1 };
	struct deb_want w[] = {
		{ .pattern = "usr/lib/debug/boot/vmlinux-*|usr/lib/debug/lib/modules/*/vmlinux" },
		{ .pattern = "./boot/config-*" },
	};
	char path[64], msg[256];
	size_t i;
	int fd, err;

	if (null_fd < 0) {
		fuzz_devnull();
		null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (null_fd < 0)
			abort();
	}
	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		w[i].fd = null_fd;
	fd = fuzz_memfd(data, size, path, sizeof(path));
	if (fd < 0)
		return 0;
	err = deb_open(&d, path);
	if (!err)
		err = deb_extract(&d, w, sizeof(w) / sizeof(w[0]));
	if (err)
		deb_strerror(&d, err, msg, sizeof(msg));
	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		free(w[i].member);
	deb_close(&d);
	close(fd);
	return 0;
}
