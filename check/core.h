/* SPDX-License-Identifier: MIT */
/*
 * A CO-RE relocation's access string resolved against the object's BTF
 * (libbpf's bpf_core_parse_spec, relo_core.c): the members it reads, by
 * name, through anonymous members and arrays, with ___flavor suffixes cut
 * as bpf_core_essential_name_len() does.
 *
 * Library code: negative errno, never prints.
 */
#ifndef DEPSURF_CHECK_CORE_H
#define DEPSURF_CHECK_CORE_H

#include "check/bpfobj.h"

#include <stdbool.h>

/* One named member on a field access path, or the type / enumerator of the record. */
struct core_step {
	char *owner;		/* essential name of the named struct/union declaring it */
	char *local;		/* that type's name in the object, flavor kept ("task_struct___o") */
	bool owner_union;
	char *member;		/* essential member name; NULL: the step is the type itself */
};

struct core_access {
	enum { CORE_FIELD, CORE_TYPE, CORE_ENUMVAL } what;
	/* CORE_FIELD: the named members from the root to the field read;
	 * CORE_TYPE: one step, the type (member NULL; type_kind says which);
	 * CORE_ENUMVAL: one step, the enum and its enumerator (member). */
	struct core_step *steps;
	size_t nsteps;
	const char *type_kind;	/* "struct", "union", "enum", "typedef", ... of the root */
};

/* The length of @name without its ___flavor suffix (bpf_core_essential_name_len). */
size_t core_essential_len(const char *name);

/*
 * Resolve record @r of object @o. Returns 0, -EBADMSG when the access
 * string does not fit the BTF (hostile input), -ENOENT when it reads a
 * type no dataset entry can name (an anonymous one; @a then holds the
 * named members read before it, in6_addr::in6_u of ...in6_u.u6_addr32),
 * with the reason in @why (static), or -ENOMEM. @a needs
 * core_access_free() in every case.
 */
int core_resolve(const struct bpfobj *o, const struct bpfobj_relo *r, struct core_access *a,
		 const char **why);
void core_access_free(struct core_access *a);

#endif
