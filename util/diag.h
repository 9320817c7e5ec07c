/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics: one line per problem, naming the file and the cause.
 * Library code returns negative errno and never prints; the stage programs
 * (the boundary) call these.
 */
#ifndef DEPSURF_DIAG_H
#define DEPSURF_DIAG_H

#include <stdarg.h>

/* Program name used as the prefix of every message (set once in main). */
void diag_set_prog(const char *argv0);
const char *diag_prog(void);
/* Drop every message (fuzz harnesses: millions of runs on bad input). */
void diag_set_quiet(int quiet);

/* "prog: file: message" on stderr. */
void diag_err(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "prog: message" on stderr, for progress and non-file messages. */
void diag_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
