/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 of a byte stream, in hex (libcrypto's EVP digest: it uses the
 * CPU's SHA instructions where there are some, ~1.5 GB/s, which matters for
 * a multi-GB release). The sums of MANIFEST and of the .sha256 files.
 */
#ifndef DEPSURF_SHA256_H
#define DEPSURF_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

struct sha256 {
	void *ctx;	/* EVP_MD_CTX; NULL when not started */
};

/* Start a sum. 0 or -ENOMEM. */
int sha256_init(struct sha256 *s);
/* Add @len bytes. 0 or -EIO (libcrypto failed). */
int sha256_update(struct sha256 *s, const void *p, size_t len);
/* The sum as 64 lower-case hex digits and a NUL; frees the state. 0 or -EIO. */
int sha256_final(struct sha256 *s, char hex[SHA256_HEX_LEN + 1]);
/* Drop an unfinished sum; safe on a zeroed or finished one. */
void sha256_free(struct sha256 *s);

/* The sum of the file @path: 0 or -errno; *@size its length. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], unsigned long long *size);

/* Is @s 64 lower-case hex digits? */
int sha256_is_hex(const char *s);

#endif
