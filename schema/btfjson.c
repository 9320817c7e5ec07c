// SPDX-License-Identifier: MIT
#include "schema/btfjson.h"
#include "normalize/ctype.h"
#include "formats/btf_walk.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *member_json(const struct btf *btf, const struct btf_type *t, __u16 i)
{
	const struct btf_member *m = btf_members(t) + i;
	const char *name = btf_name(btf, m->name_off);
	char *type = ctype_btf_str(btf, m->type);
	json_t *obj;

	if (!type)
		return NULL;
	obj = json_pack("{s:s, s:I, s:I, s:s}", "name", name,
			"offset_bits", (json_int_t)btf_member_bit_offset(t, i),
			"bitfield_bits", (json_int_t)btf_member_bitfield_size(t, i),
			"type", type);
	free(type);
	if (!obj)
		errno = ENOMEM;
	return obj;
}

json_t *btfjson_members(const struct btf *btf, const struct btf_type *t)
{
	json_t *arr = json_array();
	__u16 i, n = btf_vlen(t);

	if (!arr)
		goto nomem;
	for (i = 0; i < n; i++) {
		json_t *m = member_json(btf, t, i);

		if (!m) {
			json_decref(arr);
			return NULL;
		}
		if (json_array_append_new(arr, m)) {
			json_decref(arr);
			goto nomem;
		}
	}
	return arr;
nomem:
	errno = ENOMEM;
	return NULL;
}

static json_t *param_json(const struct btf *btf, const struct btf_param *p, bool varargs)
{
	const char *name = btf_name(btf, p->name_off);
	char *type = varargs ? strdup("...") : ctype_btf_str(btf, p->type);
	json_t *obj;

	if (!type)
		return NULL;
	obj = json_pack("{s:s, s:s}", "name", name, "type", type);
	free(type);
	if (!obj)
		errno = ENOMEM;
	return obj;
}

json_t *btfjson_proto(const struct btf *btf, __u32 proto_id)
{
	const struct btf_type *t = btf__type_by_id(btf, proto_id);
	const struct btf_param *p;
	json_t *params, *obj;
	char *ret;
	__u16 i, n;

	if (!t || !btf_is_func_proto(t)) {
		errno = EINVAL;
		return NULL;
	}
	params = json_array();
	if (!params)
		goto nomem;
	p = btf_params(t);
	n = btf_vlen(t);
	for (i = 0; i < n; i++) {
		json_t *pj = param_json(btf, &p[i], !p[i].type && i + 1 == n);

		if (!pj || json_array_append_new(params, pj)) {
			json_decref(params);
			return pj ? (errno = ENOMEM, NULL) : NULL;
		}
	}
	ret = ctype_btf_str(btf, t->type);
	if (!ret) {
		json_decref(params);
		return NULL;
	}
	obj = json_pack("{s:s, s:o}", "ret", ret, "params", params);
	free(ret);
	if (!obj)
		goto nomem;
	return obj;
nomem:
	errno = ENOMEM;
	return NULL;
}

void btfjson_enumval(const struct btf *btf, const struct btf_type *t, __u16 i,
		     struct btfjson_enumval *v)
{
	bool is_signed = btf_kflag(t);
	__u32 name_off;

	if (btf_is_enum(t)) {
		const struct btf_enum *e = btf_enum(t) + i;

		name_off = e->name_off;
		/* val is stored as __s32; unsigned enums use all 32 bits */
		v->raw = is_signed ? (__u64)(__s64)e->val : (__u64)(__u32)e->val;
	} else {
		const struct btf_enum64 *e = btf_enum64(t) + i;

		name_off = e->name_off;
		v->raw = btf_enum64_value(e);
	}
	v->neg = is_signed && (__s64)v->raw < 0;
	v->name = btf_name(btf, name_off);
}

json_t *btfjson_value(const struct btfjson_enumval *v)
{
	char buf[24];

	if (v->neg || v->raw <= INT64_MAX)
		return json_integer((json_int_t)v->raw);
	snprintf(buf, sizeof(buf), "%" PRIu64, (uint64_t)v->raw);
	return json_string(buf);
}

int btfjson_value_cmp(const struct btfjson_enumval *a, const struct btfjson_enumval *b)
{
	if (a->neg != b->neg)
		return a->neg ? -1 : 1;
	if (a->neg)
		return (__s64)a->raw < (__s64)b->raw ? -1 : (__s64)a->raw > (__s64)b->raw;
	return a->raw < b->raw ? -1 : a->raw > b->raw;
}
