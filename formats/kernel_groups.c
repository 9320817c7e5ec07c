// SPDX-License-Identifier: MIT
#include "formats/listline.h"
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

/* @s is a word of @set of at most @max bytes whose first byte is in @first. */
static int check_word(const char *s, const char *set, const char *set_desc, const char *first,
		      const char *first_desc, size_t max, int lineno, const char *col,
		      char *err, size_t err_sz)
{
	char v[400], c[8];
	const char *p;

	for (p = s; *p; p++)
		if (!strchr(set, *p))
			return listline_err(err, err_sz, lineno, "%s: character '%s' not allowed (only %s): '%s'",
					col, listline_show((char[]){ *p, '\0' }, c, sizeof(c)), set_desc,
					listline_show(s, v, sizeof(v)));
	if (!strchr(first, *s))
		return listline_err(err, err_sz, lineno, "%s: must start with %s: '%s'", col, first_desc,
				listline_show(s, v, sizeof(v)));
	if (strlen(s) > max)
		return listline_err(err, err_sz, lineno, "%s: longer than %zu bytes", col, max);
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
			return listline_err(err, err_sz, s->lineno,
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
		return listline_err(err, err_sz, lineno,
				"expected a group, a rule (chain or baseline) and at least two image ids, got %zu column%s",
				n, n == 1 ? "" : "s");
	if (n > 2 + KG_MAX_IDS)
		return listline_err(err, err_sz, lineno, "more than %d image ids", KG_MAX_IDS);
	ret = check_word(cols[0], group_chars, "lower-case letters, digits, _ and -", LOWER,
			 "a lower-case letter", KG_MAX_GROUP, lineno, "group", err, err_sz);
	if (ret)
		return ret;
	if (strcmp(cols[1], "chain") && strcmp(cols[1], "baseline"))
		return listline_err(err, err_sz, lineno, "rule: must be 'chain' or 'baseline': '%s'",
				listline_show(cols[1], v, sizeof(v)));
	for (i = 2; i < n; i++) {
		ret = check_word(cols[i], id_chars, "letters, digits and ._+-", ALNUM,
				 "a letter or digit", MAX_ID, lineno, "id", err, err_sz);
		if (ret)
			return ret;
		if (strstr(cols[i], "__"))
			return listline_err(err, err_sz, lineno,
					"id: '%s' holds '__', which separates the two ids of a pair file (OLD__NEW.json)",
					listline_show(cols[i], v, sizeof(v)));
		if (kl && !kernels_list_find(kl, cols[i]))
			return listline_err(err, err_sz, lineno, "id: '%s' is not an image of kernels.list",
					cols[i]);
		for (j = 2; j < i; j++)
			if (!strcmp(cols[j], cols[i]))
				return listline_err(err, err_sz, lineno, "id: '%s' twice on the line", cols[i]);
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

struct groups_ctx {
	struct kernel_groups *kg;
	const struct kernels_list *kl;
};

static int groups_line(void *ctx, char *line, int lineno, char *err, size_t err_sz)
{
	struct groups_ctx *g = ctx;

	return parse_line(g->kg, line, lineno, g->kl, err, err_sz);
}

int kernel_groups_parse_buf(struct kernel_groups *kg, const char *text, size_t len,
			    const struct kernels_list *kl, char *err, size_t err_sz)
{
	struct groups_ctx g = { kg, kl };
	int ret;

	memset(kg, 0, sizeof(*kg));
	ret = listline_each(text, len, groups_line, &g, err, err_sz);
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
