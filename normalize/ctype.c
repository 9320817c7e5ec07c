// SPDX-License-Identifier: MIT
/*
 * BTF → C type string. A declarator is built inside-out: each pointer,
 * array or prototype level wraps the "inner" declarator text, and the base
 * type is finally written in front of it (the K&R "dcl" scheme).
 */
#include "normalize/ctype.h"
#include "formats/btf_walk.h"
#include "util/errors.h"
#include "util/sbuf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int print_decl(struct sbuf *out, const struct btf *btf, __u32 id,
		      const char *inner, int depth);

static const char *type_name(const struct btf *btf, const struct btf_type *t)
{
	return btf_name(btf, t->name_off);
}

/* Skip type tags, which are annotations rather than C types (see header). */
static int skip_tags(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t;
	int depth = 0, err;

	while (*id && (t = btf__type_by_id(btf, *id)) && btf_is_type_tag(t)) {
		err = btf_walk_enter(&depth);
		if (err)
			return err;
		*id = t->type;
	}
	return 0;
}

static void join(struct sbuf *out, const char *base, const char *inner)
{
	sbuf_add(out, base);
	if (inner && *inner) {
		if (*inner != '[')
			sbuf_add(out, " ");
		sbuf_add(out, inner);
	}
}

static int print_anon_members(struct sbuf *out, const struct btf *btf,
			      const struct btf_type *t, int depth)
{
	const struct btf_member *m = btf_members(t);
	__u16 i, n = btf_vlen(t);
	int err;

	sbuf_add(out, btf_is_struct(t) ? "struct {" : "union {");
	for (i = 0; i < n; i++, m++) {
		__u32 bits = btf_member_bitfield_size(t, i);

		err = print_decl(out, btf, m->type,
				 btf_name(btf, m->name_off), depth);
		if (err)
			return err;
		if (bits)
			sbuf_addf(out, ":%u", bits);
		sbuf_add(out, ";");
		if (i + 1 < n)
			sbuf_add(out, " ");
	}
	sbuf_add(out, "}");
	return 0;
}

static void print_anon_enum(struct sbuf *out, const struct btf *btf,
			    const struct btf_type *t)
{
	__u16 i, n = btf_vlen(t);

	sbuf_add(out, "enum {");
	for (i = 0; i < n; i++) {
		__u32 name_off = btf_is_enum(t) ? btf_enum(t)[i].name_off
					       : btf_enum64(t)[i].name_off;

		if (i)
			sbuf_add(out, ", ");
		sbuf_add(out, btf_name(btf, name_off));
	}
	sbuf_add(out, "}");
}

/* The base (non-declarator) part: "struct x", "unsigned int", "u32". */
static int print_base(struct sbuf *out, const struct btf *btf,
		      const struct btf_type *t, int depth)
{
	const char *name = type_name(btf, t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPEDEF:
		sbuf_add(out, name);
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!*name)
			return print_anon_members(out, btf, t, depth);
		sbuf_add(out, btf_is_struct(t) ? "struct " : "union ");
		sbuf_add(out, name);
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!*name) {
			print_anon_enum(out, btf, t);
			return 0;
		}
		sbuf_add(out, "enum ");
		sbuf_add(out, name);
		return 0;
	case BTF_KIND_FWD:
		sbuf_add(out, btf_kflag(t) ? "union " : "struct ");
		sbuf_add(out, name);
		return 0;
	default:
		return -EINVAL;
	}
}

static int print_params(struct sbuf *out, const struct btf *btf,
			const struct btf_type *proto, int depth)
{
	const struct btf_param *p = btf_params(proto);
	__u16 i, n = btf_vlen(proto);
	int err;

	sbuf_add(out, "(");
	if (!n)
		sbuf_add(out, "void");
	for (i = 0; i < n; i++, p++) {
		if (i)
			sbuf_add(out, ", ");
		if (!p->type && i + 1 == n) {
			sbuf_add(out, "...");
			break;
		}
		err = print_decl(out, btf, p->type, "", depth);
		if (err)
			return err;
	}
	sbuf_add(out, ")");
	return 0;
}

void ctype_print_quals(struct sbuf *out, unsigned int quals)
{
	static const char *const words[] = { "const", "volatile", "restrict" };
	const char *sep = "";
	int i;

	for (i = 0; i < 3; i++) {
		if (quals & (1u << i)) {
			sbuf_addf(out, "%s%s", sep, words[i]);
			sep = " ";
		}
	}
}

/* Does the declarator of @id need "(*x)" rather than "*x" when pointed to? */
static int binds_tighter(const struct btf *btf, __u32 id)
{
	const struct btf_type *t;

	if (skip_tags(btf, &id))
		return 0;	/* print_decl() reports it */
	t = id ? btf__type_by_id(btf, id) : NULL;
	return t && (btf_is_array(t) || btf_is_func_proto(t));
}

static int print_decl(struct sbuf *out, const struct btf *btf, __u32 id,
		      const char *inner, int depth)
{
	const struct btf_type *t;
	struct sbuf next;
	int err = 0;

	if (!inner)
		inner = "";
	err = btf_walk_enter(&depth);
	if (!err)
		err = skip_tags(btf, &id);
	if (err)
		return err;
	if (!id) {
		join(out, "void", inner);
		return 0;
	}
	t = btf__type_by_id(btf, id);
	if (!t)
		return -DS_ERRNO__BTFREF;

	sbuf_init(&next);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		if (binds_tighter(btf, t->type))
			sbuf_addf(&next, "(*%s)", inner);
		else
			sbuf_addf(&next, "*%s", inner);
		break;
	case BTF_KIND_ARRAY:
		sbuf_addf(&next, "%s[%u]", inner, btf_array(t)->nelems);
		err = next.err ? next.err
			       : print_decl(out, btf, btf_array(t)->type,
					    sbuf_str(&next), depth);
		goto out;
	case BTF_KIND_FUNC_PROTO:
		sbuf_add(&next, inner);
		err = print_params(&next, btf, t, depth);
		if (!err)
			err = next.err ? next.err
				       : print_decl(out, btf, t->type,
						    sbuf_str(&next), depth);
		goto out;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: {
		/* BTF nests qualifiers in either order (compiler dependent):
		 * collect the whole chain and write it in one canonical order */
		const struct btf_type *tt = t;
		unsigned int quals = 0;
		int chain = 0;

		while (tt && (btf_is_mod(tt) || btf_is_type_tag(tt))) {
			err = btf_walk_enter(&chain);
			if (err)
				goto out;
			quals |= btf_is_const(tt) ? CTYPE_CONST : btf_is_volatile(tt) ? CTYPE_VOLATILE :
				 btf_is_restrict(tt) ? CTYPE_RESTRICT : 0;
			id = tt->type;
			tt = id ? btf__type_by_id(btf, id) : NULL;
		}
		if (id && !tt) {
			err = -DS_ERRNO__BTFREF;
			goto out;
		}
		ctype_print_quals(tt && btf_is_ptr(tt) ? &next : out, quals);
		if (tt && btf_is_ptr(tt)) {
			/* qualified pointer: the qualifiers follow the '*' */
			if (*inner)
				sbuf_addf(&next, " %s", inner);
			err = next.err ? next.err
				       : print_decl(out, btf, id, sbuf_str(&next), depth);
			goto out;
		}
		/* qualified object: "const volatile T" */
		sbuf_add(out, " ");
		err = print_decl(out, btf, id, inner, depth);
		goto out;
	}
	default: {
		err = print_base(out, btf, t, depth);
		if (!err && *inner) {
			if (*inner != '[')
				sbuf_add(out, " ");
			sbuf_add(out, inner);
		}
		goto out;
	}
	}
	err = next.err ? next.err
		       : print_decl(out, btf, t->type, sbuf_str(&next), depth);
out:
	sbuf_free(&next);
	return err ? err : out->err;
}

char *ctype_btf_decl(const struct btf *btf, __u32 type_id, const char *name)
{
	struct sbuf out;
	int err;

	sbuf_init(&out);
	err = print_decl(&out, btf, type_id, name, 0);
	if (err) {
		sbuf_free(&out);
		errno = -err;
		return NULL;
	}
	return sbuf_detach(&out);
}

char *ctype_btf_str(const struct btf *btf, __u32 type_id)
{
	return ctype_btf_decl(btf, type_id, NULL);
}
