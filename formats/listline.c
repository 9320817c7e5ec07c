// SPDX-License-Identifier: MIT
/* Shared by the input-list readers (formats/listline.h). */
#include "formats/listline.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int listline_err(char *err, size_t err_sz, int lineno, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, err_sz, "%d: ", lineno);
	if (n < 0 || (size_t)n >= err_sz)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(err + n, err_sz - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

const char *listline_show(const char *s, char *buf, size_t sz)
{
	size_t n = 0;

	for (; *s && n + 5 < sz && n < 80; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '\\')
			n += (size_t)snprintf(buf + n, sz - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	if (*s && n + 4 < sz)
		strcpy(buf + n, "...");
	return buf;
}

int listline_each(const char *text, size_t len, listline_fn fn, void *ctx, char *err,
		  size_t err_sz)
{
	const char *p = text, *end = text + len, *nl;
	char *line = NULL, *s;
	int lineno = 0, ret = 0;
	size_t n;

	if (err_sz)
		err[0] = '\0';
	for (; p < end; p = nl ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (memchr(p, '\0', n)) {
			ret = listline_err(err, err_sz, lineno, "a NUL byte (not a text file)");
			break;
		}
		free(line);
		line = strndup(p, n);
		if (!line) {
			ret = -ENOMEM;
			break;
		}
		if ((s = strchr(line, '#')))
			*s = '\0';
		for (s = line; *s == ' ' || *s == '\t' || *s == '\r'; s++)
			;
		if (!*s)
			continue;
		ret = fn(ctx, s, lineno, err, err_sz);
		if (ret)
			break;
	}
	free(line);
	return ret;
}
