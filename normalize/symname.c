// SPDX-License-Identifier: MIT
#include "normalize/symname.h"

#include <string.h>

static const char *const kinds[SYMSFX_NR] = {
	"cold", "constprop", "isra", "llvm", "localalias", "lto_priv",
	"other", "part", "specialized",
};

size_t symname_base_len(const char *name)
{
	const char *dot = strchr(name, '.');

	return dot ? (size_t)(dot - name) : strlen(name);
}

static unsigned int word_kind(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < len && w[i] >= '0' && w[i] <= '9'; i++)
		;
	if (i == len)	/* a number (or an empty word): no kind */
		return 0;
	for (i = 0; i < SYMSFX_NR; i++)
		if (strlen(kinds[i]) == len && !memcmp(w, kinds[i], len))
			return 1u << i;
	return SYMSFX_OTHER;
}

unsigned int symname_suffixes(const char *name)
{
	const char *p = strchr(name, '.');
	unsigned int set = 0;

	while (p) {
		const char *w = p + 1, *next = strchr(w, '.');
		size_t len = next ? (size_t)(next - w) : strlen(w);

		set |= word_kind(w, len);
		p = next;
	}
	return set;
}

const char *symname_suffix_name(unsigned int i)
{
	return i < SYMSFX_NR ? kinds[i] : NULL;
}

bool symname_is_padding(const char *name)
{
	return !strncmp(name, "__pfx_", 6) || !strncmp(name, "__cfi_", 6);
}
