// SPDX-License-Identifier: MIT
/*
 * Unit test of check/core.h: ___flavor suffixes cut as libbpf's
 * bpf_core_essential_name_len does, and access strings resolved against a
 * BTF built here with libbpf's btf__add_*(): members by name through
 * pointers, anonymous unions and structs and arrays, a flavored owner, the
 * type and enum value records, and the bad ones (an index outside its
 * struct, a path through an int, a malformed string: -EBADMSG; a named
 * member of an anonymous type: -ENOENT).
 */
#include "check/core.h"
#include "tests/include/test.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>

static void essential(const char *name, size_t want)
{
	CHECK_MSG(core_essential_len(name) == want, "%s: %zu, want %zu", name,
		  core_essential_len(name), want);
}

/* Resolve (@kind, @type_id, @access); the steps as "owner(local)::member ..." in @out. */
static int resolve(struct bpfobj *o, unsigned int kind, int type_id, const char *access,
		   char *out, size_t size)
{
	struct bpfobj_relo r = { .prog = SIZE_MAX, .type_id = (uint32_t)type_id,
				 .access = access, .kind = kind };
	struct core_access a;
	const char *why = NULL;
	size_t i, len = 0;
	int err = core_resolve(o, &r, &a, &why);

	out[0] = '\0';
	for (i = 0; !err && i < a.nsteps; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s(%s)%s%s", i ? " " : "",
					a.steps[i].owner, a.steps[i].local,
					a.steps[i].member ? "::" : "",
					a.steps[i].member ? a.steps[i].member : "");
	if (err)
		CHECK_MSG(why && *why, "%s: no reason", access);
	core_access_free(&a);
	return err;
}

int main(void)
{
	struct bpfobj o = { 0 };
	struct btf *btf = btf__new_empty();
	int i_int, t_list, p_list, t_dev, p_dev, t_inner, t_anon, t_skb, t_arr, t_task, t_flav;
	int t_grp, t_wrap, t_enum, p_task;
	char s[256];

	essential("task_struct", 11);
	essential("task_struct___o", 11);
	essential("task_struct___x___y", 15);	/* the last separator: X___Y */
	essential("a___b", 1);
	essential("___x", 4);			/* X may not be '_' */
	essential("a____b", 6);			/* Y may not be '_' */
	essential("a___", 4);
	essential("", 0);

	CHECK(btf);
	if (!btf)
		return test_exit();
	i_int = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	/* btf__add_field() appends to the last type added: the pointer comes next */
	t_list = btf__add_struct(btf, "list_head", 16);
	btf__add_field(btf, "next", t_list + 1, 0, 0);
	btf__add_field(btf, "prev", t_list + 1, 64, 0);
	p_list = btf__add_ptr(btf, t_list);
	CHECK_EQ(p_list, t_list + 1);
	t_dev = btf__add_struct(btf, "net_device", 4);
	btf__add_field(btf, "ifindex", i_int, 0, 0);
	p_dev = btf__add_ptr(btf, t_dev);
	/* sk_buff { union { struct { next; union { dev; scratch; }; }; }; len; } */
	t_inner = btf__add_union(btf, NULL, 8);
	btf__add_field(btf, "dev", p_dev, 0, 0);
	btf__add_field(btf, "dev_scratch", i_int, 0, 0);
	t_anon = btf__add_struct(btf, NULL, 16);
	btf__add_field(btf, "next", p_list, 0, 0);
	btf__add_field(btf, "", t_inner, 64, 0);
	t_skb = btf__add_struct(btf, "sk_buff", 24);
	btf__add_field(btf, NULL, t_anon, 0, 0);
	btf__add_field(btf, "len", i_int, 128, 0);
	t_arr = btf__add_array(btf, i_int, t_list, 2);
	t_task = btf__add_struct(btf, "task_struct", 40);
	btf__add_field(btf, "pid", i_int, 0, 0);
	btf__add_field(btf, "children", t_arr, 64, 0);
	p_task = btf__add_ptr(btf, t_task);
	t_flav = btf__add_struct(btf, "task_struct___o", 8);
	btf__add_field(btf, "state___x", i_int, 0, 0);
	/* struct_group: a named member of an anonymous struct */
	t_grp = btf__add_struct(btf, NULL, 4);
	btf__add_field(btf, "inner", i_int, 0, 0);
	t_wrap = btf__add_struct(btf, "wrap", 4);
	btf__add_field(btf, "headers", t_grp, 0, 0);
	t_enum = btf__add_enum(btf, "bpf_func_id", 4);
	btf__add_enum_value(btf, "BPF_FUNC_unspec", 0);
	btf__add_enum_value(btf, "BPF_FUNC_ringbuf_output", 130);
	CHECK(t_enum > 0 && p_task > 0);
	o.btf = btf;

	/* a field through the anonymous struct and union: sk_buff's own */
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_skb, "0:0:1:0", s, sizeof(s)), 0);
	CHECK_STR(s, "sk_buff(sk_buff)::dev");
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_skb, "0:1", s, sizeof(s)), 0);
	CHECK_STR(s, "sk_buff(sk_buff)::len");
	/* through an array into its element type */
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_task, "0:1:1:1", s, sizeof(s)), 0);
	CHECK_STR(s, "task_struct(task_struct)::children list_head(list_head)::prev");
	/* the root index steps through the pointer */
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_EXISTS, t_task, "3:0", s, sizeof(s)), 0);
	CHECK_STR(s, "task_struct(task_struct)::pid");
	/* a flavored owner and member */
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_flav, "0:0", s, sizeof(s)), 0);
	CHECK_STR(s, "task_struct(task_struct___o)::state");
	/* type and enum value records */
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_TYPE_SIZE, t_dev, "0", s, sizeof(s)), 0);
	CHECK_STR(s, "net_device(net_device)");
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_ENUMVAL_VALUE, t_enum, "1", s, sizeof(s)), 0);
	CHECK_STR(s, "bpf_func_id(bpf_func_id)::BPF_FUNC_ringbuf_output");
	/* bad ones */
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_task, "0:3", s, sizeof(s)), -EBADMSG);
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_task, "0:0:1", s, sizeof(s)), -EBADMSG);
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_task, "0::1", s, sizeof(s)), -EBADMSG);
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_task, "0:x", s, sizeof(s)), -EBADMSG);
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_task, "99999999999:0", s, sizeof(s)),
		 -EBADMSG);
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_ENUMVAL_VALUE, t_enum, "2", s, sizeof(s)), -EBADMSG);
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_ENUMVAL_VALUE, t_task, "0", s, sizeof(s)), -EBADMSG);
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, 9999, "0:0", s, sizeof(s)), -EBADMSG);
	/* not representable in the dataset: listed, not an error of the object */
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_FIELD_BYTE_OFFSET, t_wrap, "0:0:0", s, sizeof(s)), -ENOENT);
	CHECK_EQ(resolve(&o, BPFOBJ_RELO_TYPE_EXISTS, t_anon, "0", s, sizeof(s)), -ENOENT);

	btf__free(btf);
	return test_exit();
}
