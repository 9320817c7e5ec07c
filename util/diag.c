// SPDX-License-Identifier: MIT
#include "util/diag.h"

#include <stdio.h>
#include <string.h>

static const char *prog_name = "depsurf";
static int quiet;

void diag_set_quiet(int q)
{
	quiet = q;
}

void diag_set_prog(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	if (argv0)
		prog_name = slash ? slash + 1 : argv0;
}

const char *diag_prog(void)
{
	return prog_name;
}

void diag_err(const char *file, const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	if (file)
		fprintf(stderr, "%s: %s: ", prog_name, file);
	else
		fprintf(stderr, "%s: ", prog_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void diag_info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
