// SPDX-License-Identifier: MIT
#include "util/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void outfile_release(struct outfile *out)
{
	free(out->path);
	free(out->tmp_path);
	out->path = NULL;
	out->tmp_path = NULL;
	out->f = NULL;
}

int outfile_open(struct outfile *out, const char *path)
{
	int fd, err;

	memset(out, 0, sizeof(*out));
	out->path = strdup(path);
	if (!out->path || asprintf(&out->tmp_path, "%s.tmp.XXXXXX", path) < 0) {
		out->tmp_path = NULL;
		err = -ENOMEM;
		goto fail;
	}
	fd = mkstemp(out->tmp_path);
	if (fd < 0) {
		err = -errno;
		goto fail;
	}
	/* mkstemp creates 0600; published files are ordinary 0644 (umask). */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	out->f = fdopen(fd, "w");
	if (!out->f) {
		err = -errno;
		close(fd);
		unlink(out->tmp_path);
		goto fail;
	}
	return 0;
fail:
	outfile_release(out);
	return err;
}

int outfile_commit(struct outfile *out)
{
	int err = 0;

	if (!out->f)
		return -EBADF;
	if (fflush(out->f) || ferror(out->f))
		err = -(errno ? errno : EIO);
	if (fclose(out->f) && !err)
		err = -(errno ? errno : EIO);
	out->f = NULL;
	if (!err && rename(out->tmp_path, out->path))
		err = -errno;
	if (err)
		unlink(out->tmp_path);
	outfile_release(out);
	return err;
}

void outfile_abort(struct outfile *out)
{
	if (out->f) {
		fclose(out->f);
		unlink(out->tmp_path);
	}
	outfile_release(out);
}
