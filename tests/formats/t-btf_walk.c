// SPDX-License-Identifier: MIT
/*
 * Unit test of the BTF guards (formats/btf_walk.h) and of the readers that
 * use them on a BTF that did not pass btf_check(): reference cycles
 * (const/volatile, typedefs, type tags, an anonymous member holding its own
 * struct), a type id past the last type and name offsets outside the
 * strings. The BTF is built with libbpf's btf__add_*() and then corrupted
 * in place: libbpf only lets a type refer to types that exist.
 */
#include "formats/btf_index.h"
#include "formats/btf_walk.h"
#include "normalize/ctype.h"
#include "tests/include/test.h"
#include "util/errors.h"

#include <errno.h>
#include <stdlib.h>

static struct btf_type *mut(struct btf *btf, __u32 id)
{
	return (struct btf_type *)btf__type_by_id(btf, id);
}

/* ctype_btf_str(@id) must fail with @err. */
static void print_fails(const struct btf *btf, __u32 id, int err)
{
	char *s;

	errno = 0;
	s = ctype_btf_str(btf, id);
	CHECK_MSG(!s, "type [%u] printed as '%s'", id, s ? s : "");
	CHECK_EQ(errno, -err);
	free(s);
}

static struct btf *base(void)
{
	struct btf *btf = btf__new_empty();

	CHECK(btf);
	CHECK_EQ(btf__add_int(btf, "int", 4, BTF_INT_SIGNED), 1);	/* [1] */
	return btf;
}

static void cycles(void)
{
	struct btf *btf = base();
	__u32 bad, bits, mt;
	char *s;

	CHECK_EQ(btf_check(btf, &bad), 0);
	CHECK_EQ(btf__add_const(btf, 1), 2);			/* [2] const → [3] */
	CHECK_EQ(btf__add_volatile(btf, 2), 3);			/* [3] volatile → [2] */
	mut(btf, 2)->type = 3;
	CHECK_EQ(btf__add_typedef(btf, "a", 1), 4);		/* [4] a → [5] */
	CHECK_EQ(btf__add_typedef(btf, "b", 4), 5);		/* [5] b → [4] */
	mut(btf, 4)->type = 5;
	CHECK_EQ(btf__add_type_tag(btf, "user", 1), 6);		/* [6] tag → [6] */
	mut(btf, 6)->type = 6;
	CHECK_EQ(btf__add_ptr(btf, 2), 7);			/* [7] ptr → [2] */
	CHECK_EQ(btf__add_struct(btf, "s", 4), 8);		/* [8] { [8]; } */
	CHECK_EQ(btf__add_field(btf, NULL, 1, 0, 0), 0);
	btf_members(mut(btf, 8))[0].type = 8;
	CHECK_EQ(btf__add_struct(btf, NULL, 4), 9);		/* [9] anon {[9] x;} */
	CHECK_EQ(btf__add_field(btf, "x", 1, 0, 0), 0);
	btf_members(mut(btf, 9))[0].type = 9;

	CHECK_EQ(btf_check(btf, &bad), -DS_ERRNO__BTFLOOP);
	print_fails(btf, 2, -DS_ERRNO__BTFLOOP);
	print_fails(btf, 3, -DS_ERRNO__BTFLOOP);
	s = ctype_btf_str(btf, 4);	/* typedefs print by name */
	CHECK_STR(s, "a");
	free(s);
	print_fails(btf, 6, -DS_ERRNO__BTFLOOP);
	print_fails(btf, 7, -DS_ERRNO__BTFLOOP);
	print_fails(btf, 9, -DS_ERRNO__BTFLOOP);
	CHECK_EQ(btf_member_find(btf, 8, "x", &bits, &mt), -DS_ERRNO__BTFLOOP);
	CHECK_EQ(btf_member_find(btf, 4, "x", &bits, &mt), -DS_ERRNO__BTFLOOP);
	btf__free(btf);
}

/* One anonymous type shared by two members at every level: 2^40 paths. */
static void shared_anon(void)
{
	struct btf *btf = base();
	__u32 i, bits, mt, bad;

	for (i = 0; i < 40; i++) {
		CHECK_EQ(btf__add_struct(btf, i ? NULL : "top", 8), 2 + i);
		CHECK_EQ(btf__add_field(btf, NULL, i ? 1 + i : 1, 0, 0), 0);
		CHECK_EQ(btf__add_field(btf, NULL, i ? 1 + i : 1, 32, 0), 0);
	}
	/* [2] "top" is the innermost; [41] the outermost: a DAG, no cycle */
	CHECK_EQ(btf_check(btf, &bad), 0);
	CHECK_EQ(btf_member_find(btf, 41, "nothere", &bits, &mt), -DS_ERRNO__BTFLOOP);
	btf__free(btf);
}

static void bad_refs_and_names(void)
{
	struct btf *btf = base();
	struct btf_index *idx = NULL;
	__u32 bad, bits, mt;
	long long v;
	char *s;

	CHECK_EQ(btf__add_ptr(btf, 1), 2);			/* [2] ptr → [99] */
	mut(btf, 2)->type = 99;
	CHECK_EQ(btf_check(btf, &bad), -DS_ERRNO__BTFREF);
	CHECK_EQ(bad, 2);
	print_fails(btf, 2, -DS_ERRNO__BTFREF);
	mut(btf, 2)->type = 1;
	CHECK_EQ(btf__add_struct(btf, "s", 4), 3);		/* [3] */
	CHECK_EQ(btf__add_field(btf, "m", 1, 0, 0), 0);
	CHECK_EQ(btf__add_enum(btf, "e", 4), 4);		/* [4] */
	CHECK_EQ(btf__add_enum_value(btf, "V", 7), 0);
	CHECK_EQ(btf__add_typedef(btf, "t", 3), 5);		/* [5] */
	mut(btf, 5)->name_off = 0xfffffff0;
	btf_members(mut(btf, 3))[0].name_off = 0xfffffff0;
	btf_enum(mut(btf, 4))[0].name_off = 0xfffffff0;
	CHECK_EQ(btf_check(btf, &bad), -DS_ERRNO__BTFNAME);
	CHECK_EQ(bad, 3);
	CHECK_STR(btf_name(btf, 0xfffffff0), "");
	s = ctype_btf_str(btf, 5);
	CHECK_STR(s, "");
	free(s);
	s = ctype_btf_decl(btf, 3, NULL);
	CHECK_STR(s, "struct s");
	free(s);
	CHECK_EQ(btf_index_new(btf, &idx), 0);
	CHECK_EQ(btf_index_enum_value(idx, "V", &v), -ENOENT);
	CHECK_EQ(btf_member_find(btf, 3, "m", &bits, &mt), -ENOENT);
	btf_index_free(idx);
	btf__free(btf);
}

int main(void)
{
	cycles();
	shared_anon();
	bad_refs_and_names();
	return test_exit();
}
