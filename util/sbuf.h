/* SPDX-License-Identifier: MIT */
/* A growable NUL-terminated string buffer. */
#ifndef DEPSURF_SBUF_H
#define DEPSURF_SBUF_H

#include <stddef.h>

struct sbuf {
	char *buf;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	int err;	/* sticky -ENOMEM */
};

void sbuf_init(struct sbuf *sb);
void sbuf_free(struct sbuf *sb);
void sbuf_reset(struct sbuf *sb);
void sbuf_add(struct sbuf *sb, const char *s);
void sbuf_addn(struct sbuf *sb, const char *s, size_t n);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "" when empty; valid until the next change. */
const char *sbuf_str(const struct sbuf *sb);
/* Hand the string to the caller (malloc'ed, "" if empty); NULL on -ENOMEM. */
char *sbuf_detach(struct sbuf *sb);

#endif
