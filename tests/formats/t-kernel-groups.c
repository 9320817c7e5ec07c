// SPDX-License-Identifier: MIT
/* Unit test of the kernels.groups parser: rules, pairs, hostile lines. */
#include "formats/kernel_groups.h"
#include "formats/kernels_list.h"
#include "tests/include/test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct kernels_list kl;

/* @text must fail with exactly @want as the message. */
static void bad(int line, const char *text, size_t len, const char *want)
{
	struct kernel_groups kg;
	char err[256];
	int ret = kernel_groups_parse_buf(&kg, text, len, &kl, err, sizeof(err));

	CHECK_MSG(ret == -EINVAL, "line %d: returned %d", line, ret);
	CHECK_MSG(!strcmp(err, want), "line %d: error '%s', want '%s'", line, err, want);
	CHECK_MSG(kg.nr == 0 && kg.sets == NULL && kg.nr_pairs == 0, "line %d: not emptied", line);
}
#define BAD(text, want) bad(__LINE__, text, sizeof(text) - 1, want)

int main(void)
{
	struct kernel_groups kg;
	char err[256];
	int ret;

	ret = kernels_list_parse(&kl,
		"a debian r amd64 f - http://h/a.deb - -\n"
		"b debian r amd64 f - http://h/b.deb - -\n"
		"c debian r amd64 f - http://h/c.deb - -\n"
		"d.1+x debian r arm64 f - http://h/d.deb - -\n", err, sizeof(err));
	CHECK_EQ(ret, 0);

	ret = kernel_groups_parse(&kg,
		"# comment\n"
		"\n"
		"  regular chain a b c  # tail\n"
		"arch\tbaseline a c d.1+x\r\n"
		"regular chain c d.1+x\n", &kl, err, sizeof(err));
	CHECK_EQ(ret, 0);
	CHECK_EQ(kg.nr, 3);
	CHECK_EQ(kg.nr_groups, 2);
	CHECK_EQ(kg.nr_pairs, 5);
	if (kg.nr == 3 && kg.nr_groups == 2 && kg.nr_pairs == 5) {
		static const char *const want[5][3] = {
			{ "regular", "a", "b" }, { "regular", "b", "c" },
			{ "arch", "a", "c" }, { "arch", "a", "d.1+x" },
			{ "regular", "c", "d.1+x" },
		};
		static const int want_line[5] = { 3, 3, 4, 4, 5 };
		size_t i;

		CHECK_STR(kg.groups[0], "regular");
		CHECK_STR(kg.groups[1], "arch");
		CHECK_EQ(kg.sets[1].rule, KG_BASELINE);
		CHECK_EQ(kg.sets[1].nr_ids, 3);
		CHECK_STR(kg.sets[1].ids[2], "d.1+x");
		for (i = 0; i < 5; i++) {
			CHECK_STR(kg.pairs[i].group, want[i][0]);
			CHECK_STR(kg.pairs[i].old_id, want[i][1]);
			CHECK_STR(kg.pairs[i].new_id, want[i][2]);
			CHECK_EQ(kg.pairs[i].lineno, want_line[i]);
		}
	}
	kernel_groups_free(&kg);
	kernel_groups_free(&kg);	/* harmless twice */

	/* the same pair in two groups is fine */
	ret = kernel_groups_parse(&kg, "x chain a b\ny baseline a b\n", &kl, err, sizeof(err));
	CHECK(ret == 0 && kg.nr_pairs == 2);
	kernel_groups_free(&kg);
	/* without a kernels.list only the grammar is checked */
	ret = kernel_groups_parse(&kg, "x chain p q\n", NULL, err, sizeof(err));
	CHECK(ret == 0 && kg.nr_pairs == 1);
	kernel_groups_free(&kg);
	ret = kernel_groups_parse(&kg, "", &kl, err, sizeof(err));
	CHECK(ret == 0 && kg.nr == 0 && kg.nr_pairs == 0);
	kernel_groups_free(&kg);

	/* hostile and malformed lines: one message naming the line */
	BAD("a chain a\n", "1: expected a group, a rule (chain or baseline) and at least two image ids, got 3 columns");
	BAD("\n\nregular\n", "3: expected a group, a rule (chain or baseline) and at least two image ids, got 1 column");
	BAD("regular zigzag a b\n", "1: rule: must be 'chain' or 'baseline': 'zigzag'");
	BAD("Regular chain a b\n", "1: group: character 'R' not allowed (only lower-case letters, digits, _ and -): 'Regular'");
	BAD("-x chain a b\n", "1: group: must start with a lower-case letter: '-x'");
	BAD("g$(shell) chain a b\n", "1: group: character '$' not allowed (only lower-case letters, digits, _ and -): 'g$(shell)'");
	BAD("abcdefghijklmnopqrstuvwxyz0123456 chain a b\n", "1: group: longer than 32 bytes");
	BAD("g chain a $(rm\n", "1: id: character '$' not allowed (only letters, digits and ._+-): '$(rm'");
	BAD("g chain a b;c\n", "1: id: character ';' not allowed (only letters, digits and ._+-): 'b;c'");
	BAD("g chain a b:c\n", "1: id: character ':' not allowed (only letters, digits and ._+-): 'b:c'");
	BAD("g chain a b%\n", "1: id: character '%' not allowed (only letters, digits and ._+-): 'b%'");
	BAD("g chain a b__c\n", "1: id: 'b__c' holds '__', which separates the two ids of a pair file (OLD__NEW.json)");
	BAD("g chain a b_c\n", "1: id: 'b_c' is not an image of kernels.list");
	BAD("g chain a 'b'\n", "1: id: character ''' not allowed (only letters, digits and ._+-): ''b''");
	BAD("g chain a b\x01\n", "1: id: character '\\x01' not allowed (only letters, digits and ._+-): 'b\\x01'");
	BAD("g chain a \xc3\xa9\n", "1: id: character '\\xc3' not allowed (only letters, digits and ._+-): '\\xc3\\xa9'");
	BAD("g chain a .b\n", "1: id: must start with a letter or digit: '.b'");
	BAD("g chain a ../b\n", "1: id: character '/' not allowed (only letters, digits and ._+-): '../b'");
	BAD("g chain a e\n", "1: id: 'e' is not an image of kernels.list");
	BAD("g chain a b a\n", "1: id: 'a' twice on the line");
	BAD("g chain a b\ng baseline a b\n", "2: pair a -> b is already in group g (line 1)");
	BAD("g chain a b\n#\0x\ng chain b c\n", "2: a NUL byte (not a text file)");
	/* a group name's '#' starts a comment: what is left is too short */
	BAD("g#x chain a b\n", "1: expected a group, a rule (chain or baseline) and at least two image ids, got 1 column");
	{
		char big[8192] = "g chain";
		size_t i;

		for (i = 0; i < KG_MAX_IDS + 1; i++)
			strcat(big, i % 2 ? " a" : " b");
		bad(__LINE__, big, strlen(big), "1: more than 256 image ids");
	}
	/* errors longer than the buffer are cut, never overrun */
	ret = kernel_groups_parse(&kg, "g chain a zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n", &kl, err, 12);
	CHECK_EQ(ret, -EINVAL);
	CHECK_EQ(strlen(err), 11);

	/* the shipped kernels.groups against the shipped kernels.list */
	{
		struct kernels_list real;
		const char *src = getenv("SRCDIR");
		char lp[4096], gp[4096];

		snprintf(lp, sizeof(lp), "%s/kernels.list", src ? src : ".");
		snprintf(gp, sizeof(gp), "%s/kernels.groups", src ? src : ".");
		ret = kernels_list_load(&real, lp, err, sizeof(err));
		CHECK_MSG(ret == 0, "%s: %s", lp, err);
		ret = kernel_groups_load(&kg, gp, &real, err, sizeof(err));
		CHECK_MSG(ret == 0, "%s:%s", gp, err);
		CHECK(kg.nr_groups == 5 && !strcmp(kg.groups[0], "regular") &&
		      !strcmp(kg.groups[4], "revision"));
		kernel_groups_free(&kg);
		kernels_list_free(&real);
	}
	kernels_list_free(&kl);
	return test_exit();
}
