/* SPDX-License-Identifier: MIT */
/*
 * BTF struct/union/enum bodies as dataset JSON (docs/schema-types.md):
 *   member: {"name","offset_bits","bitfield_bits","type"}
 *   value:  {"name","value"}
 * Type strings come from normalize/ctype.h, the one type printer.
 */
#ifndef DEPSURF_BTFJSON_H
#define DEPSURF_BTFJSON_H

#include <bpf/btf.h>
#include <jansson.h>
#include <stdbool.h>

/*
 * The members of struct/union @t as a new JSON array. Anonymous members
 * keep an empty name and an inline type ("struct {...}"). Returns NULL with
 * errno set (ENOMEM, EINVAL for a broken type reference).
 */
json_t *btfjson_members(const struct btf *btf, const struct btf_type *t);

/*
 * The prototype of BTF FUNC_PROTO @proto_id as {"ret": type, "params":
 * [{"name","type"}...]} (a trailing "..." for varargs; "" for a parameter
 * BTF leaves unnamed), the shape funcs.jsonl's "proto" has. NULL with errno
 * set (ENOMEM; EINVAL when @proto_id is not a FUNC_PROTO).
 */
json_t *btfjson_proto(const struct btf *btf, __u32 proto_id);

/*
 * An enumerator value as the kernel would print it: signed when the BTF
 * enum has kflag set (pahole >= 1.24), unsigned otherwise. @neg tells
 * whether @raw is to be read as a negative int64.
 */
struct btfjson_enumval {
	const char *name;	/* owned by the BTF */
	__u64 raw;
	bool neg;
};

/* Enumerator @i of ENUM/ENUM64 type @t. */
void btfjson_enumval(const struct btf *btf, const struct btf_type *t, __u16 i,
		     struct btfjson_enumval *v);

/*
 * JSON of a value: an integer when it fits in int64 (always for negative
 * values), else a decimal string (an unsigned 64-bit value above 2^63-1,
 * which jansson's json_int_t cannot hold). NULL on ENOMEM.
 */
json_t *btfjson_value(const struct btfjson_enumval *v);

/* Numeric order of two enumerator values. */
int btfjson_value_cmp(const struct btfjson_enumval *a, const struct btfjson_enumval *b);

#endif
