/* SPDX-License-Identifier: MIT */
/*
 * A hashing reader: read(2) on a package's file descriptor that feeds every
 * byte it returns into a SHA-256 (OpenSSL's libcrypto). The ar reader reads
 * the package through it, and hashread_drain() reads what the unpacker did
 * not need, to the end, into the same sum: the sum checked and recorded is
 * that of the bytes actually unpacked, in one pass (no check-then-read
 * window, no second read of the file).
 */
#ifndef DEPSURF_UNPACK_HASHREAD_H
#define DEPSURF_UNPACK_HASHREAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SHA256_HEX_LEN	64

struct evp_md_ctx_st;

struct hashread {
	int fd;				/* borrowed */
	struct evp_md_ctx_st *md;	/* owned */
	uint64_t bytes;			/* hashed so far */
};

/* Start a sum over what @fd yields from now on. Returns 0 or -ENOMEM. */
int hashread_init(struct hashread *h, int fd);
void hashread_free(struct hashread *h);

/* read(2) (EINTR retried) and hash what it returned. Returns its result or -errno. */
ssize_t hashread_read(struct hashread *h, void *buf, size_t len);

/* Lowercase hex SHA-256 of everything read; the sum is then spent. 0 or -EIO. */
int hashread_final(struct hashread *h, char hex[SHA256_HEX_LEN + 1]);

/* Is @s a sha256 as written by sha256sum (64 hex digits, any case)? */
int hashread_valid_hex(const char *s);

#endif
