// SPDX-License-Identifier: MIT
#include "util/sbuf.h"
#include "util/mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sbuf_init(struct sbuf *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void sbuf_free(struct sbuf *sb)
{
	free(sb->buf);
	sbuf_init(sb);
}

void sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void sbuf_addn(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->err)
		return;
	if (n >= (size_t)-1 - sb->len ||
	    mem_ensure((void **)&sb->buf, &sb->cap, 1, sb->len + n + 1)) {
		sb->err = -ENOMEM;
		return;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sbuf_add(struct sbuf *sb, const char *s)
{
	sbuf_addn(sb, s, strlen(s));
}

void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char small[128];
	char *big = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->err = -EINVAL;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		sbuf_addn(sb, small, n);
		return;
	}
	va_start(ap, fmt);
	n = vasprintf(&big, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->err = -ENOMEM;
		return;
	}
	sbuf_addn(sb, big, n);
	free(big);
}

const char *sbuf_str(const struct sbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *sbuf_detach(struct sbuf *sb)
{
	char *s;

	if (sb->err) {
		sbuf_free(sb);
		return NULL;
	}
	s = sb->buf ? sb->buf : strdup("");
	sbuf_init(sb);
	return s;
}
