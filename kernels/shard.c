// SPDX-License-Identifier: MIT
#include "kernels/shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARD_MAX 10000

int shard_parse(const char *s, unsigned *i, unsigned *n)
{
	unsigned long a, b;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	a = strtoul(s, &end, 10);
	if (errno || *end != '/' || end[1] < '0' || end[1] > '9')
		return -EINVAL;
	b = strtoul(end + 1, &end, 10);
	if (errno || *end || !a || !b || a > b || b > SHARD_MAX)
		return -EINVAL;
	*i = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

int shard_sizes_parse(const struct kernels_list *kl, const char *buf, uint64_t *sizes,
		      char *err, size_t errsz)
{
	const char *line = buf;
	unsigned lineno = 0;
	size_t k;

	memset(sizes, 0, kl->nr_pkgs * sizeof(*sizes));
	while (*line) {
		const char *nl = strchr(line, '\n'), *p;
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char file[256], num[32], extra[2];
		unsigned long long v;
		char *end;
		int got;
		char text[512];

		lineno++;
		if (len >= sizeof(text)) {
			snprintf(err, errsz, "%u: line too long", lineno);
			return -EINVAL;
		}
		memcpy(text, line, len);
		text[len] = 0;
		line = nl ? nl + 1 : line + len;
		p = text + strspn(text, " \t");
		if (!*p || *p == '#')
			continue;
		got = sscanf(p, "%255s %31s %1s", file, num, extra);
		if (got != 2) {
			snprintf(err, errsz, "%u: expected 'FILE BYTES'", lineno);
			return -EINVAL;
		}
		errno = 0;
		v = strtoull(num, &end, 10);
		if (errno || *end || num[0] == '-') {
			snprintf(err, errsz, "%u: '%s' is not a size in bytes", lineno, num);
			return -EINVAL;
		}
		for (k = 0; k < kl->nr_pkgs; k++)
			if (!strcmp(kl->pkgs[k].file, file))
				sizes[k] = v;
	}
	return 0;
}

struct weighted {
	size_t idx;		/* in kl->images */
	uint64_t weight;
};

static int heavier_first(const void *a, const void *b)
{
	const struct weighted *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int shard_select(const struct kernels_list *kl, const bool *selected, const uint64_t *sizes,
		 unsigned i, unsigned n, bool *in_shard)
{
	struct weighted *w = calloc(kl->nr ? kl->nr : 1, sizeof(*w));
	uint64_t *load = calloc(n, sizeof(*load)), largest = 0;
	size_t k, nr = 0;
	unsigned s, best;

	if (!w || !load) {
		free(w);
		free(load);
		return -ENOMEM;
	}
	for (k = 0; k < kl->nr_pkgs; k++)
		if (sizes[k] > largest)
			largest = sizes[k];
	if (!largest)
		largest = 1;
	for (k = 0; k < kl->nr; k++) {
		const struct kernel_image *img = &kl->images[k];
		uint64_t a = sizes[img->pkg] ? sizes[img->pkg] : largest;
		uint64_t b = img->config_pkg == KL_NO_PKG ? 0 :
			     sizes[img->config_pkg] ? sizes[img->config_pkg] : largest;

		in_shard[k] = false;
		if (!selected[k])
			continue;
		w[nr].idx = k;
		w[nr++].weight = a + b;
	}
	qsort(w, nr, sizeof(*w), heavier_first);
	for (k = 0; k < nr; k++) {
		for (best = 0, s = 1; s < n; s++)
			if (load[s] < load[best])
				best = s;
		load[best] += w[k].weight;
		if (best + 1 == i)
			in_shard[w[k].idx] = true;
	}
	free(w);
	free(load);
	return 0;
}
