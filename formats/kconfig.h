/* SPDX-License-Identifier: MIT */
/*
 * Parser of a kernel .config (docs/schema-config.md):
 *   CONFIG_X=y | m | n | 123 | -1 | 0x1f      value kept as its text
 *   CONFIG_X="text"                            unquoted, \" and \\ unescaped
 *   # CONFIG_X is not set                      value NULL
 *   other "#" comments and blank lines         ignored
 * Anything else is malformed: the parser stops at the first problem and
 * names its line. A name assigned twice is a problem too.
 */
#ifndef DEPSURF_KCONFIG_H
#define DEPSURF_KCONFIG_H

#include <stddef.h>

struct kconfig_entry {
	char *name;	/* "CONFIG_X" */
	char *value;	/* NULL for "is not set" */
	unsigned int line;
};

struct kconfig {
	struct kconfig_entry *v;	/* sorted by name after kconfig_parse() */
	size_t cnt, cap;
};

struct kconfig_error {
	unsigned int line;	/* 1-based */
	const char *problem;	/* static string */
	unsigned int first_line;	/* for a repeated option: its first line */
};

/*
 * Parse @len bytes at @buf into @kc (zero it first). Returns 0, -ENOMEM,
 * or -EINVAL with @err set to the first malformed line.
 */
int kconfig_parse(const char *buf, size_t len, struct kconfig *kc, struct kconfig_error *err);
void kconfig_free(struct kconfig *kc);

#endif
