// SPDX-License-Identifier: MIT
#include "formats/kconfig.h"
#include "util/mem.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "CONFIG_"
#define PREFIX_LEN (sizeof(PREFIX) - 1)
#define NOT_SET " is not set"

/* Length of the option name at @s ("CONFIG_" + [A-Za-z0-9_]+), 0 if none. */
static size_t name_len(const char *s, size_t n)
{
	size_t i = PREFIX_LEN;

	if (n <= PREFIX_LEN || memcmp(s, PREFIX, PREFIX_LEN))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	return i > PREFIX_LEN ? i : 0;
}

static int add(struct kconfig *kc, const char *name, size_t nlen, char *value,
	       unsigned int line)
{
	struct kconfig_entry *e = mem_add((void **)&kc->v, &kc->cap, &kc->cnt, sizeof(*e));

	if (!e || !(e->name = strndup(name, nlen))) {
		if (e)
			kc->cnt--;
		free(value);
		return -ENOMEM;
	}
	e->value = value;
	e->line = line;
	return 0;
}

/* "text" → text with \x → x; *problem set when malformed. */
static char *unquote(const char *s, size_t n, const char **problem)
{
	char *out = malloc(n), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 1; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			*o++ = s[++i];
		} else if (s[i] == '"') {
			*o = '\0';
			if (i + 1 != n) {
				*problem = "text after the closing quote";
				break;
			}
			return out;
		} else {
			*o++ = s[i];
		}
	}
	if (!*problem)
		*problem = "unterminated string value";
	free(out);
	return NULL;
}

static int parse_value(const char *s, size_t n, char **value, const char **problem)
{
	size_t i;

	if (!n) {
		*problem = "empty value";
		return -EINVAL;
	}
	if (s[0] == '"') {
		*value = unquote(s, n, problem);
		return *value ? 0 : *problem ? -EINVAL : -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i]) || s[i] == '"' || s[i] == '#' ||
		    !isprint((unsigned char)s[i])) {
			*problem = "unquoted value with a space, quote or control character";
			return -EINVAL;
		}
	}
	*value = strndup(s, n);
	return *value ? 0 : -ENOMEM;
}

static int parse_line(struct kconfig *kc, const char *s, size_t n, unsigned int line,
		      const char **problem)
{
	size_t nl;
	char *value = NULL;
	int err;

	if (n && s[n - 1] == '\r')
		n--;
	if (!n)
		return 0;
	if (memchr(s, '\0', n)) {
		*problem = "NUL byte (not a text file)";
		return -EINVAL;
	}
	if (s[0] == '#') {
		/* "# CONFIG_X is not set"; any other comment is dropped */
		if (n > 2 && s[1] == ' ' && (nl = name_len(s + 2, n - 2)) &&
		    n - 2 - nl == strlen(NOT_SET) && !memcmp(s + 2 + nl, NOT_SET, n - 2 - nl))
			return add(kc, s + 2, nl, NULL, line);
		return 0;
	}
	for (nl = 0; nl < n && (s[nl] == ' ' || s[nl] == '\t'); nl++)
		;
	if (nl == n)
		return 0;	/* blank */
	nl = name_len(s, n);
	if (!nl || nl == n || s[nl] != '=') {
		*problem = "neither CONFIG_NAME=value nor a comment";
		return -EINVAL;
	}
	err = parse_value(s + nl + 1, n - nl - 1, &value, problem);
	return err ? err : add(kc, s, nl, value, line);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct kconfig_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

int kconfig_parse(const char *buf, size_t len, struct kconfig *kc, struct kconfig_error *e)
{
	const char *p = buf, *end = buf + len;
	unsigned int line = 0;
	size_t i;
	int err;

	e->line = e->first_line = 0;
	e->problem = NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		err = parse_line(kc, p, n, line, &e->problem);
		if (err) {
			e->line = line;
			return err;
		}
		p += n + 1;
	}
	if (kc->cnt)
		qsort(kc->v, kc->cnt, sizeof(*kc->v), cmp_entry);
	for (i = 1; i < kc->cnt; i++) {
		if (!strcmp(kc->v[i - 1].name, kc->v[i].name)) {
			e->line = kc->v[i].line;
			e->first_line = kc->v[i - 1].line;
			e->problem = "option set a second time";
			return -EINVAL;
		}
	}
	return 0;
}

void kconfig_free(struct kconfig *kc)
{
	size_t i;

	for (i = 0; i < kc->cnt; i++) {
		free(kc->v[i].name);
		free(kc->v[i].value);
	}
	free(kc->v);
	memset(kc, 0, sizeof(*kc));
}
