/* SPDX-License-Identifier: MIT */
/*
 * kernels.groups (docs/schema-tables.md "kernels.groups"): the groups of
 * image pairs that `make tables` diffs and `depsurf tables` summarises
 * (SPEC §5: regular, lts, revision, arch, flavor). One set of images per
 * line, '#' comments, whitespace-separated columns:
 *
 *   group  rule  id id [id...]
 *
 * - group: a word of lower-case letters, digits, '_' and '-', starting with
 *   a letter (regular, lts, ...); several lines may name one group, whose
 *   pairs are then those of all its lines, in file order;
 * - rule: "chain" (each image against the next: a→b, b→c, ...) or
 *   "baseline" (the first image against each of the others: a→b, a→c, ...);
 * - ids: images of kernels.list, at least two, none twice on one line.
 *
 * The ids reach Make as target names ($(DATASET_DIR)/diff/OLD__NEW.json),
 * so they are checked against the kernels.list grammar (letters, digits,
 * ._+-) before kernels.list itself is consulted, and may not hold "__",
 * which separates the two ids of a pair. A pair may not appear twice in one
 * group (its numbers would count twice); across groups it may.
 */
#ifndef DEPSURF_KERNEL_GROUPS_H
#define DEPSURF_KERNEL_GROUPS_H

#include <stddef.h>

struct kernels_list;

enum kg_rule {
	KG_CHAIN,
	KG_BASELINE,
};

/* One line. */
struct kg_set {
	char *group;
	enum kg_rule rule;
	char **ids;
	size_t nr_ids;
	int lineno;
};

/* One pair of a group, as kernel_groups_pairs() lists them. */
struct kg_pair {
	const char *group;		/* borrowed from the set */
	const char *old_id, *new_id;	/* borrowed from the set */
	int lineno;			/* the line that made it */
};

struct kernel_groups {
	struct kg_set *sets;
	size_t nr, cap;
	struct kg_pair *pairs;		/* every pair, in file order */
	size_t nr_pairs, cap_pairs;
	char **groups;			/* distinct group names, in order of first use (borrowed) */
	size_t nr_groups, cap_groups;
};

#define KG_MAX_IDS 256
#define KG_MAX_GROUP 32

/*
 * Parse the @len bytes of @text; every id must be an image of @kl (NULL:
 * only the grammar is checked). On a malformed line returns -EINVAL and
 * writes "LINE: column: problem" (or "LINE: problem") into @err of @err_sz
 * bytes; a NUL byte is such a problem. -ENOMEM.
 */
int kernel_groups_parse_buf(struct kernel_groups *kg, const char *text, size_t len,
			    const struct kernels_list *kl, char *err, size_t err_sz);

/* The same for a NUL-terminated @text. */
int kernel_groups_parse(struct kernel_groups *kg, const char *text,
			const struct kernels_list *kl, char *err, size_t err_sz);

/* Read and parse the file @path: -EINVAL as above, else -errno of reading it. */
int kernel_groups_load(struct kernel_groups *kg, const char *path,
		       const struct kernels_list *kl, char *err, size_t err_sz);

void kernel_groups_free(struct kernel_groups *kg);

/* "chain", "baseline". */
const char *kg_rule_name(enum kg_rule rule);

#endif
