/* SPDX-License-Identifier: MIT */
/*
 * Growable arrays with overflow-checked sizes (after libbpf's libbpf_add_mem).
 */
#ifndef DEPSURF_MEM_H
#define DEPSURF_MEM_H

#include <stddef.h>

/*
 * Make room for at least @need elements of @elem_sz bytes in *@data, whose
 * capacity is *@cap elements. Grows by 1.5x. Returns 0 or -ENOMEM (data
 * untouched on failure).
 */
int mem_ensure(void **data, size_t *cap, size_t elem_sz, size_t need);

/* Append slot: returns a pointer to element *cnt (then *cnt += 1), or NULL. */
void *mem_add(void **data, size_t *cap, size_t *cnt, size_t elem_sz);

#endif
