// SPDX-License-Identifier: MIT
#include "util/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sha256_init(struct sha256 *s)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	s->ctx = NULL;
	if (!ctx)
		return -ENOMEM;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return -EIO;
	}
	s->ctx = ctx;
	return 0;
}

int sha256_update(struct sha256 *s, const void *p, size_t len)
{
	return EVP_DigestUpdate(s->ctx, p, len) == 1 ? 0 : -EIO;
}

int sha256_final(struct sha256 *s, char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	int ok = EVP_DigestFinal_ex(s->ctx, md, &n) == 1 && n == SHA256_HEX_LEN / 2;

	sha256_free(s);
	if (!ok)
		return -EIO;
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = 0;
	return 0;
}

void sha256_free(struct sha256 *s)
{
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], unsigned long long *size)
{
	struct sha256 s = { 0 };
	size_t bufsz = 1 << 20;
	unsigned char *buf = malloc(bufsz);
	int fd = -1, err;
	ssize_t n;

	*size = 0;
	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	err = sha256_init(&s);
	while (!err && (n = read(fd, buf, bufsz)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		*size += (unsigned long long)n;
		err = sha256_update(&s, buf, (size_t)n);
	}
	if (!err)
		err = sha256_final(&s, hex);
out:
	sha256_free(&s);
	if (fd >= 0)
		close(fd);
	free(buf);
	return err;
}

int sha256_is_hex(const char *s)
{
	size_t i;

	for (i = 0; i < SHA256_HEX_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == 0;
}
