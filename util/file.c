// SPDX-License-Identifier: MIT
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int grow(char **b, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 65536;
	char *nb;

	while (ncap < need)
		ncap *= 2;
	if (ncap > FILE_READ_MAX + 1)
		ncap = FILE_READ_MAX + 1;
	if (ncap < need)
		return -EFBIG;
	nb = realloc(*b, ncap);
	if (!nb)
		return -ENOMEM;
	*b = nb;
	*cap = ncap;
	return 0;
}

int file_read_all(const char *path, char **buf, size_t *len)
{
	size_t n = 0, cap = 0;
	char *b = NULL;
	struct stat st;
	int fd, err = 0;
	ssize_t got;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || S_ISDIR(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : -errno;
		goto out;
	}
	for (;;) {
		if (cap - n < 4096 && (err = grow(&b, &cap, n + 4096)))
			goto out;
		got = read(fd, b + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err = -errno;
			goto out;
		}
		if (!got)
			break;
		n += (size_t)got;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
out:
	free(b);
	close(fd);
	return err;
}
