// SPDX-License-Identifier: MIT
#include "util/mem.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int mem_ensure(void **data, size_t *cap, size_t elem_sz, size_t need)
{
	size_t new_cap;
	void *p;

	if (need <= *cap)
		return 0;
	new_cap = *cap < 16 ? 16 : *cap + *cap / 2;
	if (new_cap < need)
		new_cap = need;
	if (elem_sz && new_cap > SIZE_MAX / elem_sz)
		return -ENOMEM;
	p = realloc(*data, new_cap * elem_sz);
	if (!p)
		return -ENOMEM;
	*data = p;
	*cap = new_cap;
	return 0;
}

void *mem_add(void **data, size_t *cap, size_t *cnt, size_t elem_sz)
{
	void *slot;

	if (*cnt == SIZE_MAX || mem_ensure(data, cap, elem_sz, *cnt + 1))
		return NULL;
	slot = (char *)*data + *cnt * elem_sz;
	memset(slot, 0, elem_sz);
	(*cnt)++;
	return slot;
}
