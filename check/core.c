// SPDX-License-Identifier: MIT
/*
 * CO-RE access strings (check/core.h), after libbpf's relo_core.c
 * bpf_core_parse_spec: for a field record, the first index is an array
 * index into the root pointer, each next one a member index of a
 * struct/union or an index into an array; for a type record the string is
 * "0"; for an enum value record it is the enumerator's index.
 */
#include "check/core.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CORE_MAX_ACCESS 64

/* libbpf's bpf_core_is_flavor_sep and bpf_core_essential_name_len */
static bool is_flavor_sep(const char *s)
{
	return s[0] != '_' && s[1] == '_' && s[2] == '_' && s[3] == '_' && s[4] != '_';
}

size_t core_essential_len(const char *name)
{
	size_t n = strlen(name), i;

	for (i = n >= 5 ? n - 5 + 1 : 0; i-- > 0;)
		if (is_flavor_sep(name + i))
			return i + 1;
	return n;
}

/* @id without typedefs and modifiers; NULL on a loop or a bad id. */
static const struct btf_type *skip_mods(const struct btf *btf, uint32_t id, bool typedefs)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int i;

	for (i = 0; t && i < 32; i++) {
		if (!(btf_is_mod(t) || (typedefs && btf_is_typedef(t))))
			return t;
		t = btf__type_by_id(btf, t->type);
	}
	return NULL;
}

static const char *kind_word(const struct btf_type *t)
{
	if (btf_is_struct(t))
		return "struct";
	if (btf_is_union(t))
		return "union";
	if (btf_is_any_enum(t))
		return "enum";
	if (btf_is_typedef(t))
		return "typedef";
	if (btf_is_fwd(t))
		return btf_kflag(t) ? "union" : "struct";
	return "other";
}

static int add_step(struct core_access *a, const char *owner, bool is_union, const char *member)
{
	struct core_step *s = realloc(a->steps, (a->nsteps + 1) * sizeof(*s));
	size_t len;

	if (!s)
		return -ENOMEM;
	a->steps = s;
	s = &s[a->nsteps];
	memset(s, 0, sizeof(*s));
	len = core_essential_len(owner);
	s->owner = strndup(owner, len);
	s->local = strdup(owner);
	s->owner_union = is_union;
	if (member)
		s->member = strndup(member, core_essential_len(member));
	a->nsteps++;
	if (!s->owner || !s->local || (member && !s->member))
		return -ENOMEM;
	return 0;
}

static int parse_access(const char *str, unsigned long *idx, size_t *n)
{
	const char *p = str;

	*n = 0;
	while (*p) {
		char *end;
		unsigned long v;

		if (*p < '0' || *p > '9' || *n == CORE_MAX_ACCESS)
			return -EBADMSG;
		v = strtoul(p, &end, 10);
		if (v > UINT32_MAX)
			return -EBADMSG;
		idx[(*n)++] = v;
		p = end;
		if (*p == ':')
			p++;
		else if (*p)
			return -EBADMSG;
	}
	return *n ? 0 : -EBADMSG;
}

int core_resolve(const struct bpfobj *o, const struct bpfobj_relo *r, struct core_access *a,
		 const char **why)
{
	unsigned long idx[CORE_MAX_ACCESS];
	const struct btf_type *t;
	const char *owner = NULL, *name;
	bool owner_union = false;
	size_t n, i;
	int err;

	memset(a, 0, sizeof(*a));
	*why = "access string does not fit the BTF";
	if (parse_access(r->access, idx, &n))
		return *why = "malformed access string", -EBADMSG;
	if (r->kind == BPFOBJ_RELO_TYPE_ID_LOCAL || r->kind == BPFOBJ_RELO_TYPE_ID_TARGET ||
	    r->kind == BPFOBJ_RELO_TYPE_EXISTS || r->kind == BPFOBJ_RELO_TYPE_SIZE ||
	    r->kind == BPFOBJ_RELO_TYPE_MATCHES) {
		a->what = CORE_TYPE;
		t = skip_mods(o->btf, r->type_id, false);
		if (!t)
			return -EBADMSG;
		a->type_kind = kind_word(t);
		name = btf__name_by_offset(o->btf, t->name_off);
		if (!name || !*name)
			return *why = "type relocation of an anonymous type", -ENOENT;
		return add_step(a, name, btf_is_union(t), NULL);
	}
	if (r->kind == BPFOBJ_RELO_ENUMVAL_EXISTS || r->kind == BPFOBJ_RELO_ENUMVAL_VALUE) {
		const char *ev;

		a->what = CORE_ENUMVAL;
		t = skip_mods(o->btf, r->type_id, true);
		if (!t || !btf_is_any_enum(t) || n != 1 || idx[0] >= btf_vlen(t))
			return -EBADMSG;
		a->type_kind = "enum";
		name = btf__name_by_offset(o->btf, t->name_off);
		ev = btf__name_by_offset(o->btf, btf_is_enum(t) ? btf_enum(t)[idx[0]].name_off :
					 btf_enum64(t)[idx[0]].name_off);
		if (!name || !*name)
			return *why = "enum value relocation of an anonymous enum", -ENOENT;
		if (!ev || !*ev)
			return -EBADMSG;
		return add_step(a, name, false, ev);
	}
	/* a field */
	a->what = CORE_FIELD;
	t = skip_mods(o->btf, r->type_id, true);
	if (!t)
		return -EBADMSG;
	a->type_kind = kind_word(t);
	for (i = 1; i < n; i++) {
		if (btf_is_composite(t)) {
			const struct btf_member *m;
			const char *tname = btf__name_by_offset(o->btf, t->name_off);

			if (idx[i] >= btf_vlen(t))
				return *why = "member index out of its struct", -EBADMSG;
			/* a named struct is the owner; an anonymous one reached
			 * through an anonymous member keeps its container's */
			if (tname && *tname) {
				owner = tname;
				owner_union = btf_is_union(t);
			}
			m = btf_members(t) + idx[i];
			name = btf__name_by_offset(o->btf, m->name_off);
			if (name && *name) {
				/* in6_addr::in6_u.u6_addr32: the named members before stay in @a */
				if (!owner)
					return *why = "member of an anonymous type (the named members "
						      "before it are checked)", -ENOENT;
				if ((err = add_step(a, owner, owner_union, name)))
					return err;
				owner = NULL;	/* the member's type names the next owner */
			}
			t = skip_mods(o->btf, m->type, true);
		} else if (btf_is_array(t)) {
			t = skip_mods(o->btf, btf_array(t)->type, true);
		} else {
			return *why = "access into a type that is no struct, union or array", -EBADMSG;
		}
		if (!t)
			return -EBADMSG;
	}
	if (!a->nsteps) {
		/* the root itself ("0"): a pointer read, no member */
		name = btf__name_by_offset(o->btf, skip_mods(o->btf, r->type_id, true)->name_off);
		if (!name || !*name)
			return *why = "field relocation of an anonymous type", -ENOENT;
		return add_step(a, name, btf_is_union(t), NULL);
	}
	return 0;
}

void core_access_free(struct core_access *a)
{
	size_t i;

	for (i = 0; i < a->nsteps; i++) {
		free(a->steps[i].owner);
		free(a->steps[i].local);
		free(a->steps[i].member);
	}
	free(a->steps);
	memset(a, 0, sizeof(*a));
}
