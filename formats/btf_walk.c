// SPDX-License-Identifier: MIT
/* Bounded reading of a BTF that may be corrupt (formats/btf_walk.h). */
#include "formats/btf_walk.h"
#include "util/errors.h"
#include "util/jsonw.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char *btf_name(const struct btf *btf, __u32 off)
{
	const char *s = btf__name_by_offset(btf, off);

	return s ? s : "";
}

int btf_walk_enter(int *depth)
{
	return ++*depth > BTF_WALK_MAX_DEPTH ? -DS_ERRNO__BTFLOOP : 0;
}

const struct btf_type *btf_walk_peel(const struct btf *btf, __u32 *id, int *err)
{
	const struct btf_type *t;
	int depth = 0;

	*err = 0;
	for (;;) {
		if (!*id)
			return NULL;
		t = btf__type_by_id(btf, *id);
		if (!t) {
			*err = -DS_ERRNO__BTFREF;
			return NULL;
		}
		if (!btf_is_typedef(t) && !btf_is_mod(t) && !btf_is_type_tag(t))
			return t;
		*err = btf_walk_enter(&depth);
		if (*err)
			return NULL;
		*id = t->type;
	}
}

/* ------------------------------------------------------------ btf_check */

struct frame {
	__u32 id, next;
};

/* A name in the string section, and one the JSON writers can write. */
static int name_ok(const struct btf *btf, __u32 off)
{
	const char *name = btf__name_by_offset(btf, off);

	if (!name)
		return -DS_ERRNO__BTFNAME;
	return jsonw_utf8_valid(name) ? 0 : -DS_ERRNO__BTFUTF8;
}

/* Names of @t and of its members, parameters, enumerators: 0 or -DS_ERRNO__BTF*. */
static int names_ok(const struct btf *btf, const struct btf_type *t)
{
	__u16 i, n = btf_vlen(t);
	int err = name_ok(btf, t->name_off);

	for (i = 0; !err && i < n; i++) {
		__u32 off;

		if (btf_is_composite(t))
			off = btf_members(t)[i].name_off;
		else if (btf_is_func_proto(t))
			off = btf_params(t)[i].name_off;
		else if (btf_is_enum(t))
			off = btf_enum(t)[i].name_off;
		else if (btf_is_enum64(t))
			off = btf_enum64(t)[i].name_off;
		else
			return 0;
		err = name_ok(btf, off);
	}
	return err;
}

/*
 * The references a walk follows, as three graphs over the types:
 *  - REFS: every type reference (for the range check);
 *  - PRINT: what the type printer and size resolution follow: modifiers,
 *    typedefs, tags, pointers, arrays, prototypes, FUNC/VAR, and the
 *    members of anonymous structs/unions (printed inline); a named
 *    struct/union ends the walk (printed by name; a pointer to it is how
 *    structs refer to themselves);
 *  - MEMBERS: what a member search follows: the unnamed members of any
 *    struct/union, through typedefs, modifiers and tags (never pointers).
 * Valid C has no cycle in PRINT nor in MEMBERS.
 */
enum graph { REFS, PRINT, MEMBERS };

/* Edge @k of @t in graph @g: true with *@to set; false past the last. */
static bool edge(const struct btf *btf, const struct btf_type *t, __u32 k, enum graph g,
		 __u32 *to)
{
	__u16 n = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		*to = t->type;
		return !k;
	case BTF_KIND_PTR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
		*to = t->type;
		return !k && g != MEMBERS;
	case BTF_KIND_ARRAY:
		if (k > 1 || g == MEMBERS)
			return false;
		*to = k ? btf_array(t)->index_type : btf_array(t)->type;
		return true;
	case BTF_KIND_FUNC_PROTO:
		if (k > n || g == MEMBERS)
			return false;
		*to = k ? btf_params(t)[k - 1].type : t->type;
		return true;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		bool anon = !*btf_name(btf, t->name_off);

		if (g == PRINT && !anon)
			return false;
		for (; k < n; k++) {
			*to = btf_members(t)[k].type;
			if (g != MEMBERS || !*btf_name(btf, btf_members(t)[k].name_off))
				return true;
			/* a named member: no edge; report it as one to void */
			*to = 0;
			return true;
		}
		return false;
	}
	case BTF_KIND_DATASEC:
		if (k >= n || g == MEMBERS)
			return false;
		*to = btf_var_secinfos(t)[k].type;
		return true;
	default:
		return false;
	}
}

/* A cycle in graph @g: -DS_ERRNO__BTFLOOP with *@bad_id on it. */
static int find_cycle(const struct btf *btf, enum graph g, unsigned char *color,
		      struct frame *stack, __u32 *bad_id)
{
	__u32 id, n = btf__type_cnt(btf), to;
	size_t sp;

	memset(color, 0, n);
	/* depth-first, iterative: a kernel's chains are short, a crafted one
	 * may be as long as the BTF */
	for (id = 1; id < n; id++) {
		if (color[id])
			continue;
		sp = 0;
		stack[sp++] = (struct frame){ id, 0 };
		color[id] = 1;
		while (sp) {
			struct frame *f = &stack[sp - 1];
			const struct btf_type *t = btf__type_by_id(btf, f->id);

			if (!edge(btf, t, f->next++, g, &to)) {
				color[f->id] = 2;
				sp--;
				continue;
			}
			if (!to || color[to] == 2)
				continue;
			if (color[to] == 1) {
				*bad_id = to;
				return -DS_ERRNO__BTFLOOP;
			}
			color[to] = 1;
			stack[sp++] = (struct frame){ to, 0 };
		}
	}
	return 0;
}

int btf_check(const struct btf *btf, __u32 *bad_id)
{
	__u32 id, n = btf__type_cnt(btf), to;
	struct frame *stack = NULL;
	unsigned char *color = NULL;	/* 0 new, 1 on the stack, 2 done */
	int err;

	*bad_id = 0;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		__u32 k;

		*bad_id = id;
		err = names_ok(btf, t);
		if (err)
			return err;
		for (k = 0; edge(btf, t, k, REFS, &to); k++)
			if (to >= n)
				return -DS_ERRNO__BTFREF;
	}
	*bad_id = 0;
	color = malloc(n);
	stack = calloc(n, sizeof(*stack));
	err = color && stack ? 0 : -ENOMEM;
	if (!err)
		err = find_cycle(btf, PRINT, color, stack, bad_id);
	if (!err)
		err = find_cycle(btf, MEMBERS, color, stack, bad_id);
	free(stack);
	free(color);
	return err;
}
