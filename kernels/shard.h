/* SPDX-License-Identifier: MIT */
/*
 * Shards of a selection of images (make dataset SHARD=I/N, docs/release.md
 * "Sharding"): deterministic and balanced by package size. An image weighs
 * the bytes of its packages (debug package plus config package, from a
 * kernels.sizes file: "FILE BYTES" lines, as the Packages index gives them);
 * a package of unknown size weighs as much as the largest known one (1 when
 * none is known). Images are taken heaviest first (ties: list order) and
 * each goes to the shard with the least weight so far (ties: the lowest
 * number): the longest-processing-time rule. Every runner that reads the
 * same list and sizes gets the same shards; their union is the selection.
 */
#ifndef DEPSURF_KERNELS_SHARD_H
#define DEPSURF_KERNELS_SHARD_H

#include "formats/kernels_list.h"

#include <stdbool.h>
#include <stdint.h>

/* "I/N" with 1 <= I <= N <= 10000. 0 or -EINVAL. */
int shard_parse(const char *s, unsigned *i, unsigned *n);

/*
 * The package sizes of @kl from the text @buf of a sizes file ("FILE BYTES"
 * lines, '#' comments; files the list does not name are ignored): @sizes
 * has kl->nr_pkgs entries, 0 for unknown. -EINVAL with "LINE: problem" in @err.
 */
int shard_sizes_parse(const struct kernels_list *kl, const char *buf, uint64_t *sizes,
		      char *err, size_t errsz);

/*
 * Mark in @in_shard (kl->nr entries) the images of shard @i of @n among the
 * @selected ones. 0 or -ENOMEM.
 */
int shard_select(const struct kernels_list *kl, const bool *selected, const uint64_t *sizes,
		 unsigned i, unsigned n, bool *in_shard);

#endif
