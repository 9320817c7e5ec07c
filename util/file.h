/* SPDX-License-Identifier: MIT */
/* Whole small files (a .config, kernels.list) read into memory. */
#ifndef DEPSURF_FILE_H
#define DEPSURF_FILE_H

#include <stddef.h>

/* Upper bound: inputs read whole are text files of a few MB at most. */
#define FILE_READ_MAX ((size_t)256 << 20)

/*
 * The contents of @path in a malloc'ed buffer, NUL-terminated (a NUL inside
 * the file stays: callers that want text check *@len against strlen()).
 * -errno of open/read, -EISDIR, -EFBIG above FILE_READ_MAX, -ENOMEM.
 */
int file_read_all(const char *path, char **buf, size_t *len);

#endif
