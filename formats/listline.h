/* SPDX-License-Identifier: MIT */
/*
 * What the readers of the line-oriented input lists (kernels.list,
 * kernels.groups) share: a problem as "LINE: message", and a hostile word
 * made safe to print in one.
 */
#ifndef DEPSURF_LISTLINE_H
#define DEPSURF_LISTLINE_H

#include <stddef.h>

/* "@lineno: <fmt...>" into @err (@err_sz bytes). Returns -EINVAL. */
int listline_err(char *err, size_t err_sz, int lineno, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * @s for a message, in @buf (@sz bytes): at most 80 bytes, bytes outside
 * printable ASCII and '\' as \xNN, "..." when cut. Returns @buf.
 */
const char *listline_show(const char *s, char *buf, size_t sz);

/*
 * Call @fn(@ctx, line, lineno, @err, @err_sz) on every line of @text
 * (@len bytes, not NUL-terminated) that holds more than blanks once a '#'
 * comment is cut, with leading blanks skipped; the line is a writable copy,
 * valid during the call. Stops at the first non-zero return of @fn and
 * returns it; a NUL byte in the text is an error of its line (never a
 * silently shorter list). Returns 0, @fn's error, -EINVAL or -ENOMEM.
 */
typedef int (*listline_fn)(void *ctx, char *line, int lineno, char *err, size_t err_sz);
int listline_each(const char *text, size_t len, listline_fn fn, void *ctx, char *err,
		  size_t err_sz);

#endif
