// SPDX-License-Identifier: MIT
/*
 * DWARF → C type string, written to mirror normalize/ctype.c function by
 * function (print_base, print_params, binds_tighter, print_decl), so that a
 * change to one printer is easy to carry to the other.
 *
 * DWARF from a corrupt or hostile image may hold reference cycles (const →
 * volatile → const, an atomic type of itself, a pointer chain back into
 * itself): every loop and the recursion count their steps against the
 * depth of formats/btf_walk.h and fail with -DS_ERRNO__DWLOOP, the DWARF
 * twin of -DS_ERRNO__BTFLOOP.
 */
#include "normalize/ctype_dwarf.h"
#include "formats/btf_walk.h"
#include "normalize/ctype.h"
#include "util/errors.h"
#include "util/sbuf.h"

#include <dwarf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CTYPE_MAX_DEPTH BTF_WALK_MAX_DEPTH

static int print_decl(struct sbuf *out, Dwarf_Die *t, const char *inner,
		      int depth);

Dwarf_Die *ctype_dwarf_type_of(Dwarf_Die *die, Dwarf_Die *mem)
{
	Dwarf_Attribute attr;

	if (!dwarf_attr(die, DW_AT_type, &attr))
		return NULL;
	return dwarf_formref_die(&attr, mem);
}

static const char *die_name(Dwarf_Die *die)
{
	const char *s = dwarf_diename(die);

	return s ? s : "";
}

/* One more step of a chain: 0, or -DS_ERRNO__DWLOOP past CTYPE_MAX_DEPTH. */
static int dwarf_walk_enter(int *depth)
{
	return ++*depth > CTYPE_MAX_DEPTH ? -DS_ERRNO__DWLOOP : 0;
}

/*
 * Atomic is not a BTF kind: look through it (cf. ctype.c's skip_tags).
 * NULL with *@err set for a chain too long (a cycle).
 */
static Dwarf_Die *skip_atomic(Dwarf_Die *t, int *err)
{
	int depth = 0;

	*err = 0;
	while (t && dwarf_tag(t) == DW_TAG_atomic_type) {
		*err = dwarf_walk_enter(&depth);
		if (*err)
			return NULL;
		t = ctype_dwarf_type_of(t, t);
	}
	return t;
}

static bool is_decl(Dwarf_Die *die)
{
	bool flag = false;
	Dwarf_Attribute attr;

	if (dwarf_attr(die, DW_AT_declaration, &attr))
		dwarf_formflag(&attr, &flag);
	return flag;
}

static int print_anon_members(struct sbuf *out, Dwarf_Die *t, int depth)
{
	Dwarf_Die m;
	bool first = true;
	int err, rc;

	sbuf_add(out, dwarf_tag(t) == DW_TAG_union_type ? "union {" : "struct {");
	rc = dwarf_child(t, &m);
	while (rc == 0) {
		if (dwarf_tag(&m) == DW_TAG_member) {
			Dwarf_Die mt_mem, *mt = ctype_dwarf_type_of(&m, &mt_mem);
			Dwarf_Word bits = 0;
			Dwarf_Attribute attr;

			if (!first)
				sbuf_add(out, " ");
			first = false;
			err = print_decl(out, mt, die_name(&m), depth + 1);
			if (err)
				return err;
			if (dwarf_attr(&m, DW_AT_bit_size, &attr) &&
			    !dwarf_formudata(&attr, &bits) && bits)
				sbuf_addf(out, ":%" PRIu64, (uint64_t)bits);
			sbuf_add(out, ";");
		}
		rc = dwarf_siblingof(&m, &m);
	}
	if (rc < 0)
		return -EINVAL;
	sbuf_add(out, "}");
	return 0;
}

static int print_anon_enum(struct sbuf *out, Dwarf_Die *t)
{
	Dwarf_Die e;
	bool first = true;
	int rc;

	sbuf_add(out, "enum {");
	rc = dwarf_child(t, &e);
	while (rc == 0) {
		if (dwarf_tag(&e) == DW_TAG_enumerator) {
			if (!first)
				sbuf_add(out, ", ");
			first = false;
			sbuf_add(out, die_name(&e));
		}
		rc = dwarf_siblingof(&e, &e);
	}
	if (rc < 0)
		return -EINVAL;
	sbuf_add(out, "}");
	return 0;
}

/* The base (non-declarator) part: "struct x", "unsigned int", "u32". */
static int print_base(struct sbuf *out, Dwarf_Die *t, int depth)
{
	const char *name = die_name(t);

	switch (dwarf_tag(t)) {
	case DW_TAG_base_type:
	case DW_TAG_typedef:
		sbuf_add(out, name);
		return 0;
	case DW_TAG_unspecified_type:
		sbuf_add(out, *name ? name : "void");
		return 0;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
		if (!*name && !is_decl(t))
			return print_anon_members(out, t, depth);
		sbuf_add(out, dwarf_tag(t) == DW_TAG_union_type ? "union "
								: "struct ");
		sbuf_add(out, name);
		return 0;
	case DW_TAG_enumeration_type:
		if (!*name)
			return print_anon_enum(out, t);
		sbuf_add(out, "enum ");
		sbuf_add(out, name);
		return 0;
	default:
		return -EINVAL;
	}
}

static int print_params(struct sbuf *out, Dwarf_Die *proto, int depth)
{
	Dwarf_Die p;
	bool first = true;
	int err, rc;

	sbuf_add(out, "(");
	rc = dwarf_child(proto, &p);
	while (rc == 0) {
		int tag = dwarf_tag(&p);

		if (tag == DW_TAG_formal_parameter ||
		    tag == DW_TAG_unspecified_parameters) {
			if (!first)
				sbuf_add(out, ", ");
			first = false;
			if (tag == DW_TAG_unspecified_parameters) {
				sbuf_add(out, "...");
				break;
			}
			Dwarf_Die pt_mem, *pt = ctype_dwarf_type_of(&p, &pt_mem);

			err = print_decl(out, pt, "", depth + 1);
			if (err)
				return err;
		}
		rc = dwarf_siblingof(&p, &p);
	}
	if (rc < 0)
		return -EINVAL;
	if (first)
		sbuf_add(out, "void");
	sbuf_add(out, ")");
	return 0;
}

/* Does the declarator of @t need "(*x)" rather than "*x" when pointed to? */
static bool binds_tighter(Dwarf_Die *t)
{
	Dwarf_Die mem;
	int err;

	if (!t)
		return false;
	mem = *t;
	t = skip_atomic(&mem, &err);	/* a cycle: print_decl fails on it */
	return t && (dwarf_tag(t) == DW_TAG_array_type ||
		     dwarf_tag(t) == DW_TAG_subroutine_type);
}

/* The element count of one DW_TAG_subrange_type. */
static uint32_t subrange_count(Dwarf_Die *sub)
{
	Dwarf_Attribute attr;
	Dwarf_Word n = 0;
	Dwarf_Sword ub;

	if (dwarf_attr(sub, DW_AT_count, &attr))
		return dwarf_formudata(&attr, &n) ? 0 : (uint32_t)n;
	if (!dwarf_attr(sub, DW_AT_upper_bound, &attr))
		return 0;	/* flexible array */
	if (attr.form == DW_FORM_sdata || attr.form == DW_FORM_implicit_const) {
		if (dwarf_formsdata(&attr, &ub) || ub < 0)
			return 0;
		return (uint32_t)(ub + 1);
	}
	if (dwarf_formudata(&attr, &n))
		return 0;	/* a non-constant bound (VLA) */
	return n >= UINT32_MAX ? 0 : (uint32_t)(n + 1);	/* -1: flexible */
}

/*
 * "[n]" for array @t. Like pahole, which encodes a multi-dimensional DWARF
 * array as one BTF array of the product of its dimensions ("int x[7][3][2]"
 * becomes "int[42]"), the counts multiply, in 32 bits as in BTF.
 */
static int add_dims(struct sbuf *next, Dwarf_Die *t)
{
	Dwarf_Die sub;
	uint32_t n = 1;
	int rc = dwarf_child(t, &sub);

	while (rc == 0) {
		if (dwarf_tag(&sub) == DW_TAG_subrange_type)
			n *= subrange_count(&sub);
		rc = dwarf_siblingof(&sub, &sub);
	}
	if (rc < 0)
		return -EINVAL;
	sbuf_addf(next, "[%u]", n);
	return 0;
}

/* The bit of a qualifier tag, in the canonical order of normalize/ctype.c. */
static unsigned int qualifier_bit(int tag)
{
	switch (tag) {
	case DW_TAG_const_type:
		return CTYPE_CONST;
	case DW_TAG_volatile_type:
		return CTYPE_VOLATILE;
	case DW_TAG_restrict_type:
		return CTYPE_RESTRICT;
	default:
		return 0;
	}
}

static int print_decl(struct sbuf *out, Dwarf_Die *t, const char *inner,
		      int depth)
{
	Dwarf_Die mem, tgt_mem, *tgt;
	struct sbuf next;
	int err = 0, tag;

	if (!inner)
		inner = "";
	if (depth > CTYPE_MAX_DEPTH)
		return -DS_ERRNO__DWLOOP;
	if (t) {
		mem = *t;
		t = skip_atomic(&mem, &err);
		if (err)
			return err;
	}
	if (!t) {
		sbuf_add(out, "void");
		if (*inner) {
			if (*inner != '[')
				sbuf_add(out, " ");
			sbuf_add(out, inner);
		}
		return out->err;
	}

	sbuf_init(&next);
	tag = dwarf_tag(t);
	tgt = ctype_dwarf_type_of(t, &tgt_mem);
	switch (tag) {
	case DW_TAG_pointer_type:
		if (binds_tighter(tgt))
			sbuf_addf(&next, "(*%s)", inner);
		else
			sbuf_addf(&next, "*%s", inner);
		break;
	case DW_TAG_array_type:
		sbuf_add(&next, inner);
		err = add_dims(&next, t);
		if (!err)
			err = next.err ? next.err
				       : print_decl(out, tgt, sbuf_str(&next),
						    depth + 1);
		goto out;
	case DW_TAG_subroutine_type:
		sbuf_add(&next, inner);
		err = print_params(&next, t, depth);
		if (!err)
			err = next.err ? next.err
				       : print_decl(out, tgt, sbuf_str(&next),
						    depth + 1);
		goto out;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type: {
		/* gcc nests qualifiers in either order ("volatile const void *"
		 * in check_signature on 6.1): collect the whole chain and write
		 * it in the one canonical order of the BTF printer */
		unsigned int quals = qualifier_bit(tag);
		Dwarf_Die chain_mem[2], *tt = tgt;
		int flip = 0, steps = depth;

		while (tt && (tt = skip_atomic(tt, &err)) && qualifier_bit(dwarf_tag(tt))) {
			err = dwarf_walk_enter(&steps);
			if (err)
				break;
			quals |= qualifier_bit(dwarf_tag(tt));
			tt = ctype_dwarf_type_of(tt, &chain_mem[flip]);
			flip ^= 1;
		}
		if (err)
			goto out;
		if (tt && dwarf_tag(tt) == DW_TAG_pointer_type) {
			/* qualified pointer: the qualifiers follow the '*' */
			ctype_print_quals(&next, quals);
			if (*inner)
				sbuf_addf(&next, " %s", inner);
			err = next.err ? next.err
				       : print_decl(out, tt, sbuf_str(&next), depth + 1);
			goto out;
		}
		ctype_print_quals(out, quals);
		sbuf_add(out, " ");
		err = print_decl(out, tt, inner, depth + 1);
		goto out;
	}
	default:
		err = print_base(out, t, depth);
		if (!err && *inner) {
			if (*inner != '[')
				sbuf_add(out, " ");
			sbuf_add(out, inner);
		}
		goto out;
	}
	err = next.err ? next.err
		       : print_decl(out, tgt, sbuf_str(&next), depth + 1);
out:
	sbuf_free(&next);
	return err ? err : out->err;
}

char *ctype_dwarf_decl(Dwarf_Die *type, const char *name)
{
	struct sbuf out;
	int err;

	sbuf_init(&out);
	err = print_decl(&out, type, name, 0);
	if (err) {
		sbuf_free(&out);
		errno = -err;
		return NULL;
	}
	return sbuf_detach(&out);
}

char *ctype_dwarf_str(Dwarf_Die *type)
{
	return ctype_dwarf_decl(type, NULL);
}
