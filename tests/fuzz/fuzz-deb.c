// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the whole .deb path (ar, decompression, tar, member
 * matching) through deb_open()/deb_extract() on a memfd, the wanted members
 * (what dataset.mk asks depsurf-unpack for) written to /dev/null, and every
 * module (what --modules takes, modstore_match) through a sink that only
 * counts its bytes (the store itself writes files: tests/unpack). Inputs of
 * odd size are also hashed as they are read (--sha256: skipped members read,
 * not seeked over; the rest read by deb_sum()), and that sum must be the
 * SHA-256 of the input.
 */
#include "tests/fuzz/fuzz-util.h"
#include "unpack/deb.h"
#include "unpack/modstore.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <openssl/sha.h>

/* The sum deb_sum() must give: the input's SHA-256, in hex. */
static void expected_sum(const uint8_t *data, size_t size, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	size_t i;

	SHA256(data, size, md);
	for (i = 0; i < sizeof(md); i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct count_sink {
	uint64_t want, got;
};

static int sink_begin(void *ctx, const char *name, uint64_t size)
{
	struct count_sink *c = ctx;
	const char *rel;

	if (!modstore_match(name, &rel))
		return modstore_compressed(name) ? -EPROTONOSUPPORT : 0;
	c->want = size;
	c->got = 0;
	return 1;
}

static int sink_data(void *ctx, const void *p, size_t len)
{
	struct count_sink *c = ctx;

	(void)p;
	c->got += len;
	return c->got > c->want ? -EBADMSG : 0;
}

static int sink_end(void *ctx)
{
	struct count_sink *c = ctx;

	return c->got == c->want ? 0 : -EBADMSG;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int null_fd = -1;
	struct count_sink cs = { 0 };
	const struct deb_sink sink = { sink_begin, sink_data, sink_end, &cs };
	struct deb d = { .fd = -1, .threads = 1, .sink = &sink };
	struct deb_want w[] = {
		{ .pattern = "usr/lib/debug/boot/vmlinux-*|usr/lib/debug/lib/modules/*/vmlinux" },
		{ .pattern = "./boot/config-*" },
	};
	char path[64], msg[256], have[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
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
	d.want_sum = size & 1;
	err = deb_open(&d, path);
	if (!err)
		err = deb_extract(&d, w, sizeof(w) / sizeof(w[0]));
	if (err)
		deb_strerror(&d, err, msg, sizeof(msg));
	if (d.want_sum && !deb_sum(&d, have)) {
		expected_sum(data, size, want);
		if (strcmp(have, want))
			abort();	/* the bytes read are not the file's */
	}
	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		free(w[i].member);
	deb_close(&d);
	close(fd);
	return 0;
}
