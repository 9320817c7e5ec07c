// SPDX-License-Identifier: MIT
/*
 * Unit test of matrix_anon_member() (matrix/lookup.h): a member found in
 * the inline type of an anonymous struct/union member, as structs.jsonl
 * writes it (the strings below are sk_buff's and sock_common's of Debian
 * 6.1 amd64, shortened): pointers, nested anonymous levels, function
 * pointers, arrays, bitfields, struct_group's named copy "headers" (a
 * member of the anonymous union); not inside a named inner member, not a
 * type or tag that spells the name, not a prefix of a longer name.
 */
#include "matrix/lookup.h"
#include "tests/include/test.h"

#include <stdlib.h>

static const char *skb0 =
	"union {struct {struct sk_buff *next; struct sk_buff *prev; union {struct net_device *dev;"
	" long unsigned int dev_scratch;};}; struct rb_node rbnode; struct list_head list;"
	" struct llist_node ll_node;}";
static const char *skb_destructor =
	"union {struct {long unsigned int _skb_refdst; void (*destructor)(struct sk_buff *);};"
	" struct list_head tcp_tsorted_anchor; long unsigned int _sk_redir;}";
static const char *skb_group =
	"union {struct {__u8 __pkt_type_offset[0]; __u8 pkt_type:3; __u8 ignore_df:1;"
	" __u16 tc_index; u16 alloc_cpu;}; struct {__u8 __pkt_type_offset[0]; __u8 pkt_type:3;"
	" __u8 ignore_df:1; __u16 tc_index; u16 alloc_cpu;} headers;}";
static const char *named_only =
	"union {struct {int x; int y;} s; struct foo foo; struct dev *p; union {int a;} u; int z;}";

static void found(const char *type, const char *field, const char *want_type, int want_bits)
{
	char *t = NULL;
	int bits = -1, ret = matrix_anon_member(type, field, &t, &bits);

	CHECK_MSG(ret == 1, "%s: expected found, got %d", field, ret);
	CHECK_STR(t, want_type);
	CHECK_EQ(bits, want_bits);
	free(t);
}

static void not_found(const char *type, const char *field)
{
	char *t = (char *)"unset";
	int bits = -1, ret = matrix_anon_member(type, field, &t, &bits);

	CHECK_MSG(ret == 0, "%s: expected not found, got %d (%s)", field, ret, t ? t : "");
	CHECK(ret || (t == NULL && bits == 0));
	if (ret == 1)
		free(t);
}

int main(void)
{
	found(skb0, "next", "struct sk_buff *", 0);
	found(skb0, "prev", "struct sk_buff *", 0);
	found(skb0, "dev", "struct net_device *", 0);
	found(skb0, "dev_scratch", "long unsigned int", 0);
	found(skb0, "rbnode", "struct rb_node", 0);
	found(skb0, "ll_node", "struct llist_node", 0);
	not_found(skb0, "sk_buff");	/* a tag, not a member */
	not_found(skb0, "de");		/* a prefix */
	not_found(skb0, "node");	/* a suffix */
	not_found(skb0, "long");
	found(skb_destructor, "destructor", "void (*)(struct sk_buff *)", 0);
	found(skb_destructor, "_skb_refdst", "long unsigned int", 0);
	/* struct_group: the anonymous copy, never through "headers" */
	found(skb_group, "__pkt_type_offset", "__u8[0]", 0);
	found(skb_group, "pkt_type", "__u8", 3);
	found(skb_group, "alloc_cpu", "u16", 0);
	/* the named copy itself is a member of the anonymous union: skb->headers */
	found(skb_group, "headers", "struct {__u8 __pkt_type_offset[0]; __u8 pkt_type:3;"
	      " __u8 ignore_df:1; __u16 tc_index; u16 alloc_cpu;}", 0);
	/* members of named inner members are not the struct's */
	not_found(named_only, "x");
	not_found(named_only, "a");
	not_found(named_only, "dev");
	found(named_only, "foo", "struct foo", 0);
	found(named_only, "u", "union {int a;}", 0);
	found(named_only, "z", "int", 0);
	found("struct {int a[4]; char (*b)[8];}", "a", "int[4]", 0);
	not_found("", "a");
	not_found("int a;", "a");	/* not inside braces */
	not_found("union {int a;}", "");
	return test_exit();
}
