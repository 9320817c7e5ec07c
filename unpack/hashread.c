// SPDX-License-Identifier: MIT
#include "unpack/hashread.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

int hashread_init(struct hashread *h, int fd)
{
	memset(h, 0, sizeof(*h));
	h->fd = fd;
	h->md = EVP_MD_CTX_new();
	if (!h->md || !EVP_DigestInit_ex(h->md, EVP_sha256(), NULL)) {
		hashread_free(h);
		return -ENOMEM;
	}
	return 0;
}

void hashread_free(struct hashread *h)
{
	EVP_MD_CTX_free(h->md);
	h->md = NULL;
}

ssize_t hashread_read(struct hashread *h, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(h->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n && !EVP_DigestUpdate(h->md, buf, n))
		return -EIO;
	h->bytes += n;
	return n;
}

int hashread_final(struct hashread *h, char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (!EVP_DigestFinal_ex(h->md, sum, &len) || len * 2 != SHA256_HEX_LEN)
		return -EIO;
	for (i = 0; i < len; i++) {
		hex[2 * i] = digits[sum[i] >> 4];
		hex[2 * i + 1] = digits[sum[i] & 15];
	}
	hex[SHA256_HEX_LEN] = '\0';
	return 0;
}

int hashread_valid_hex(const char *s)
{
	return strlen(s) == SHA256_HEX_LEN &&
	       strspn(s, "0123456789abcdefABCDEF") == SHA256_HEX_LEN;
}
