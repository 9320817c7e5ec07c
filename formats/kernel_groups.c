// SPDX-License-Identifier: MIT
#include "formats/kernel_groups.h"
#include "formats/kernels_list.h"
#include "util/file.h"
#include "util/mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The grammar of kernel_groups.h: no byte that means anything to Make or
 * the shell ('$', '#', ':', '%', '=', blanks, quotes) gets through. The id
 * set is kernels.list's word (formats/kernels_list.c). */
#define DIGITS "0123456789"
#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZ" LOWER DIGITS
static const char group_chars[] = LOWER DIGITS "_-";
static const char id_chars[] = ALNUM "._+-";
#define MAX_ID 128

static int line_err(char *err, size_t err_sz, int lineno, const char *fmt, ...)
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

/* @s for a message: at most 80 bytes, bytes outside printable ASCII as \xNN. */
static const char *show(const char *s, char *buf, size_t sz)
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

/* @s is a word of @set of at most @max bytes whose first byte is in @first. */
static int check_word(const char *s, const char *set, const char *set_desc, const char *first,
		      const char *first_desc, size_t max, int lineno, const char *col,
		      char *err, size_t err_sz)
{
	char v[400], c[8];
	const char *p;

	for (p = s; *p; p++)
		if (!strchr(set, *p))
			return line_err(err, err_sz, lineno, "%s: character '%s' not allowed (only %s): '%s'",
					col, show((char[]){ *p, '\0' }, c, sizeof(c)), set_desc,
					show(s, v, sizeof(v)));
	if (!strchr(first, *s))
		return line_err(err, err_sz, lineno, "%s: must start with %s: '%s'", col, first_desc,
				show(s, v, sizeof(v)));
	if (strlen(s) > max)
		return line_err(err, err_sz, lineno, "%s: longer than %zu bytes", col, max);
	return 0;
}

static void set_free(struct kg_set *s)
{
	size_t i;

	free(s->group);
	for (i = 0; i < s->nr_ids; i++)
		free(s->ids[i]);
	free(s->ids);
}

void kernel_groups_free(struct kernel_groups *kg)
{
	size_t i;

	for (i = 0; i < kg->nr; i++)
		set_free(&kg->sets[i]);
	free(kg->sets);
	free(kg->pairs);
	free(kg->groups);
	memset(kg, 0, sizeof(*kg));
}

const char *kg_rule_name(enum kg_rule rule)
{
	return rule == KG_CHAIN ? "chain" : rule == KG_BASELINE ? "baseline" : NULL;
}

/* Append pair @old → @new of set @s; a pair the group already has is an error. */
static int add_pair(struct kernel_groups *kg, const struct kg_set *s, const char *old_id,
		    const char *new_id, char *err, size_t err_sz)
{
	struct kg_pair *p;
	size_t i;

	for (i = 0; i < kg->nr_pairs; i++) {
		p = &kg->pairs[i];
		if (!strcmp(p->group, s->group) && !strcmp(p->old_id, old_id) &&
		    !strcmp(p->new_id, new_id))
			return line_err(err, err_sz, s->lineno,
					"pair %s -> %s is already in group %s (line %d)",
					old_id, new_id, s->group, p->lineno);
	}
	p = mem_add((void **)&kg->pairs, &kg->cap_pairs, &kg->nr_pairs, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->group = s->group;
	p->old_id = old_id;
	p->new_id = new_id;
	p->lineno = s->lineno;
	return 0;
}

static int parse_line(struct kernel_groups *kg, char *line, int lineno,
		      const struct kernels_list *kl, char *err, size_t err_sz)
{
	char *cols[2 + KG_MAX_IDS + 1], *save = NULL, *tok, v[400];
	struct kg_set *s;
	size_t n = 0, i, j;
	char **slot;
	int ret;

	for (tok = strtok_r(line, " \t\r", &save); tok && n < 2 + KG_MAX_IDS + 1;
	     tok = strtok_r(NULL, " \t\r", &save))
		cols[n++] = tok;
	if (n < 4)
		return line_err(err, err_sz, lineno,
				"expected a group, a rule (chain or baseline) and at least two image ids, got %zu column%s",
				n, n == 1 ? "" : "s");
	if (n > 2 + KG_MAX_IDS)
		return line_err(err, err_sz, lineno, "more than %d image ids", KG_MAX_IDS);
	ret = check_word(cols[0], group_chars, "lower-case letters, digits, _ and -", LOWER,
			 "a lower-case letter", KG_MAX_GROUP, lineno, "group", err, err_sz);
	if (ret)
		return ret;
	if (strcmp(cols[1], "chain") && strcmp(cols[1], "baseline"))
		return line_err(err, err_sz, lineno, "rule: must be 'chain' or 'baseline': '%s'",
				show(cols[1], v, sizeof(v)));
	for (i = 2; i < n; i++) {
		ret = check_word(cols[i], id_chars, "letters, digits and ._+-", ALNUM,
				 "a letter or digit", MAX_ID, lineno, "id", err, err_sz);
		if (ret)
			return ret;
		if (strstr(cols[i], "__"))
			return line_err(err, err_sz, lineno,
					"id: '%s' holds '__', which separates the two ids of a pair file (OLD__NEW.json)",
					show(cols[i], v, sizeof(v)));
		if (kl && !kernels_list_find(kl, cols[i]))
			return line_err(err, err_sz, lineno, "id: '%s' is not an image of kernels.list",
					cols[i]);
		for (j = 2; j < i; j++)
			if (!strcmp(cols[j], cols[i]))
				return line_err(err, err_sz, lineno, "id: '%s' twice on the line", cols[i]);
	}

	s = mem_add((void **)&kg->sets, &kg->cap, &kg->nr, sizeof(*s));
	if (!s)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	s->lineno = lineno;
	s->rule = !strcmp(cols[1], "chain") ? KG_CHAIN : KG_BASELINE;
	s->ids = calloc(n - 2, sizeof(*s->ids));
	if (!(s->group = strdup(cols[0])) || !s->ids)
		return -ENOMEM;
	for (i = 2; i < n; i++, s->nr_ids++)
		if (!(s->ids[i - 2] = strdup(cols[i])))
			return -ENOMEM;
	for (i = 0; i < kg->nr_groups && strcmp(kg->groups[i], s->group); i++)
		;
	if (i == kg->nr_groups) {
		slot = mem_add((void **)&kg->groups, &kg->cap_groups, &kg->nr_groups,
			       sizeof(*kg->groups));
		if (!slot)
			return -ENOMEM;
		*slot = s->group;
	}
	for (i = 1; i < s->nr_ids; i++) {
		ret = add_pair(kg, s, s->ids[s->rule == KG_CHAIN ? i - 1 : 0], s->ids[i], err, err_sz);
		if (ret)
			return ret;
	}
	return 0;
}

int kernel_groups_parse_buf(struct kernel_groups *kg, const char *text, size_t len,
			    const struct kernels_list *kl, char *err, size_t err_sz)
{
	const char *p = text, *end = text + len, *nl;
	char *line = NULL, *s;
	int lineno = 0, ret = 0;
	size_t n;

	memset(kg, 0, sizeof(*kg));
	if (err_sz)
		err[0] = '\0';
	for (; p < end; p = nl ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		if (memchr(p, '\0', n)) {	/* never a silently shorter line or file */
			ret = line_err(err, err_sz, lineno, "a NUL byte (not a text file)");
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
		ret = parse_line(kg, s, lineno, kl, err, err_sz);
		if (ret)
			break;
	}
	free(line);
	if (ret)
		kernel_groups_free(kg);
	return ret;
}

int kernel_groups_parse(struct kernel_groups *kg, const char *text,
			const struct kernels_list *kl, char *err, size_t err_sz)
{
	return kernel_groups_parse_buf(kg, text, strlen(text), kl, err, err_sz);
}

int kernel_groups_load(struct kernel_groups *kg, const char *path,
		       const struct kernels_list *kl, char *err, size_t err_sz)
{
	char *text;
	size_t len;
	int e;

	memset(kg, 0, sizeof(*kg));
	e = file_read_all(path, &text, &len);
	if (e)
		return e;
	e = kernel_groups_parse_buf(kg, text, len, kl, err, err_sz);
	free(text);
	return e;
}
