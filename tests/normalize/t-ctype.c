// SPDX-License-Identifier: MIT
/*
 * Unit test of the type printer: builds a BTF in memory with libbpf's
 * btf__add_*() and checks the normalized spelling of each shape.
 */
#include "normalize/ctype.h"
#include "tests/include/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check(const struct btf *btf, int id, const char *want)
{
	char *got = ctype_btf_str(btf, id);

	CHECK_MSG(test_str_eq(got, want), "type %d: expected '%s', got '%s'",
		  id, want, got ? got : "(null)");
	free(got);
}

int main(void)
{
	struct btf *btf = btf__new_empty();
	int i_int, i_uint, i_char, s_req, p_req, arr, t_u32, c_char, pc_char,
	    s_ops, c_ops, pc_ops, proto, p_proto, s_skb, p_skb, arr_p, p_arr,
	    cp_char, anon, e_anon, fwd_u, proto0, pp, tag, p_tag, arr2, vc_ulong,
	    cv_ulong, cvp_char, vcp_char;

	if (!btf) {
		FAIL("btf__new_empty failed");
		return test_exit();
	}
	i_int = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	i_uint = btf__add_int(btf, "unsigned int", 4, 0);
	i_char = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	s_req = btf__add_struct(btf, "request", 8);
	btf__add_field(btf, "x", i_int, 0, 0);
	p_req = btf__add_ptr(btf, s_req);
	arr = btf__add_array(btf, i_int, i_char, 16);
	t_u32 = btf__add_typedef(btf, "u32", i_uint);
	c_char = btf__add_const(btf, i_char);
	pc_char = btf__add_ptr(btf, c_char);
	s_ops = btf__add_struct(btf, "file_operations", 0);
	c_ops = btf__add_const(btf, s_ops);
	pc_ops = btf__add_ptr(btf, c_ops);
	s_skb = btf__add_struct(btf, "sk_buff", 0);
	p_skb = btf__add_ptr(btf, s_skb);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "", p_skb);
	p_proto = btf__add_ptr(btf, proto);
	arr_p = btf__add_array(btf, i_int, p_req, 4);
	p_arr = btf__add_ptr(btf, arr);
	cp_char = btf__add_const(btf, btf__add_ptr(btf, i_char));
	anon = btf__add_union(btf, "", 4);
	btf__add_field(btf, "a", i_int, 0, 0);
	btf__add_field(btf, "b", i_uint, 0, 3);
	e_anon = btf__add_enum(btf, "", 4);
	btf__add_enum_value(btf, "A", 0);
	btf__add_enum_value(btf, "B", 1);
	fwd_u = btf__add_fwd(btf, "u", BTF_FWD_UNION);
	proto0 = btf__add_func_proto(btf, i_int);
	btf__add_func_param(btf, "fmt", pc_char);
	btf__add_func_param(btf, "", 0);
	pp = btf__add_ptr(btf, btf__add_ptr(btf, proto0));
	/* char __user *: the tag must vanish from the spelling */
	tag = btf__add_type_tag(btf, "user", i_char);
	p_tag = btf__add_ptr(btf, tag);
	arr2 = btf__add_array(btf, i_int, arr, 2);
	/* qualifier chains in both nestings print in one order */
	vc_ulong = btf__add_volatile(btf, btf__add_const(btf, i_uint));
	cv_ulong = btf__add_const(btf, btf__add_volatile(btf, i_uint));
	cvp_char = btf__add_const(btf, btf__add_volatile(btf, btf__add_ptr(btf, i_char)));
	vcp_char = btf__add_volatile(btf, btf__add_const(btf, btf__add_ptr(btf, c_char)));

	check(btf, 0, "void");
	check(btf, i_uint, "unsigned int");
	check(btf, p_req, "struct request *");
	check(btf, arr, "char[16]");
	check(btf, arr2, "char[2][16]");
	check(btf, t_u32, "u32");
	check(btf, pc_char, "const char *");
	check(btf, pc_ops, "const struct file_operations *");
	check(btf, p_proto, "void (*)(struct sk_buff *)");
	check(btf, arr_p, "struct request *[4]");
	check(btf, p_arr, "char (*)[16]");
	check(btf, cp_char, "char *const");
	check(btf, anon, "union {int a; unsigned int b:3;}");
	check(btf, e_anon, "enum {A, B}");
	check(btf, fwd_u, "union u");
	check(btf, pp, "int (**)(const char *, ...)");
	check(btf, p_tag, "char *");
	check(btf, vc_ulong, "const volatile unsigned int");
	check(btf, cv_ulong, "const volatile unsigned int");
	check(btf, cvp_char, "char *const volatile");
	check(btf, vcp_char, "const char *const volatile");
	btf__free(btf);
	return test_exit();
}
