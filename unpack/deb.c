// SPDX-License-Identifier: MIT
#include "unpack/deb.h"
#include "unpack/err.h"
#include "util/sbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t deb_src(void *ctx, const void **p)
{
	return ar_chunk(&((struct deb *)ctx)->ar, p);
}

static ssize_t deb_tar_read(void *ctx, void *buf, size_t len)
{
	return decomp_read(((struct deb *)ctx)->dc, buf, len);
}

int deb_open(struct deb *d, const char *path)
{
	struct ar_member m;
	int err;

	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	if (d->want_sum) {
		err = hashread_init(&d->sum, d->fd);
		if (err)
			return err;
		d->ar.hash = &d->sum;
	}
	err = ar_open(&d->ar, d->fd, DEB_READ_BUF);
	if (err)
		return err;
	err = ar_next(&d->ar, &m);
	if (err < 0)
		return err;
	if (err == 0 || strcmp(m.name, "debian-binary"))
		return -UNPACK_ERRNO__NOTDEB;
	/* control.tar.* and anything else before data.tar.* is skipped */
	while ((err = ar_next(&d->ar, &m)) > 0)
		if (!strncmp(m.name, "data.tar", 8))
			break;
	if (err < 0)
		return err;
	if (err == 0)
		return -UNPACK_ERRNO__NODATA;
	d->data = m;
	err = decomp_open(&d->dc, m.name, d->threads, deb_src, d);
	if (err)
		return err;
	return tar_open(&d->tar, deb_tar_read, d, DEB_TAR_BUF);
}

void deb_close(struct deb *d)
{
	tar_close(&d->tar);
	decomp_free(d->dc);
	d->dc = NULL;
	ar_close(&d->ar);
	hashread_free(&d->sum);
	d->ar.hash = NULL;
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	free(d->bad_member);
	free(d->bad_link);
	d->bad_member = d->bad_link = NULL;
}

const char *deb_member_path(const char *name)
{
	for (;;) {
		if (name[0] == '.' && name[1] == '/')
			name += 2;
		else if (name[0] == '/')
			name++;
		else
			return name;
	}
}

static int write_all(int fd, const void *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf = (const char *)buf + n;
		len -= n;
	}
	return 0;
}

static bool tar_type_regular(char type)
{
	return type == '0' || type == '7';	/* regular, contiguous */
}

/* Copy the current entry's data to every want marked in @hit. */
static int deb_copy(struct deb *d, struct deb_want *w, size_t n, const bool *hit)
{
	const void *p;
	ssize_t len;
	size_t i;
	int err;

	while ((len = tar_data(&d->tar, &p)) > 0) {
		for (i = 0; i < n; i++) {
			if (!hit[i])
				continue;
			err = write_all(w[i].fd, p, len);
			if (err) {
				w[i].err = err;
				return -UNPACK_ERRNO__WRITE;
			}
		}
	}
	return len;
}

/* Offer a member no want took to the sink; stream it there if taken. */
static int deb_sink_member(struct deb *d, const struct tar_entry *e, const char *name)
{
	const struct deb_sink *s = d->sink;
	const void *p;
	ssize_t len;
	int err;

	if (!s || !tar_type_regular(e->type))
		return 0;
	err = s->begin(s->ctx, name, e->size);
	if (err <= 0)
		goto out;
	while ((len = tar_data(&d->tar, &p)) > 0) {
		err = s->data(s->ctx, p, len);
		if (err)
			goto out;
	}
	if (len < 0)
		return len;	/* a reader error, reported as such */
	err = s->end(s->ctx);
out:
	if (err < 0) {
		d->sink_err = err;
		return -UNPACK_ERRNO__SINK;
	}
	return 0;
}

/* The member path compared with patterns: no "./" or "/" prefix, no trailing "/". */
static const char *match_name(struct sbuf *sb, const char *name)
{
	size_t len;

	name = deb_member_path(name);
	len = strlen(name);
	while (len > 1 && name[len - 1] == '/')
		len--;
	sbuf_reset(sb);
	sbuf_addn(sb, name, len);
	return sb->err ? NULL : sbuf_str(sb);
}

/*
 * Does @name match @pattern, a glob or several joined by '|'? Debian 14
 * moved the vmlinux of -dbg packages to usr/lib/debug/lib/modules/R/vmlinux
 * (boot/vmlinux-R became a symlink to it), so callers name both places.
 */
static bool pattern_match(const char *pattern, const char *name)
{
	char alt[PATH_MAX];
	const char *bar;
	size_t len;

	for (;;) {
		bar = strchr(pattern, '|');
		len = bar ? (size_t)(bar - pattern) : strlen(pattern);
		if (len < sizeof(alt)) {
			memcpy(alt, pattern, len);
			alt[len] = '\0';
			if (!fnmatch(deb_member_path(alt), name, FNM_PATHNAME))
				return true;
		}
		if (!bar)
			return false;
		pattern = bar + 1;
	}
}

int deb_extract(struct deb *d, struct deb_want *w, size_t n)
{
	struct sbuf sb;
	const char *name;
	struct tar_entry e;
	size_t i, todo = n, hits;
	bool *hit = calloc(n ? n : 1, sizeof(*hit));
	int err = 0;

	sbuf_init(&sb);
	if (!hit)
		return -ENOMEM;
	while (todo || d->sink) {
		err = tar_next(&d->tar, &e);
		if (err <= 0)
			break;
		d->entries++;
		name = match_name(&sb, e.name);
		if (!name) {
			err = -ENOMEM;
			goto out;
		}
		for (i = 0, hits = 0; i < n; i++) {
			hit[i] = !w[i].member && pattern_match(w[i].pattern, name);
			/* with alternatives, a link is only a pointer to another
			 * alternative: skip it and wait for the regular file */
			if (hit[i] && !tar_type_regular(e.type) && strchr(w[i].pattern, '|'))
				hit[i] = false;
			hits += hit[i];
		}
		if (!hits) {
			err = deb_sink_member(d, &e, name);
			if (err)
				goto out;
			continue;
		}
		if (!tar_type_regular(e.type)) {
			d->bad_member = strdup(e.name);
			d->bad_link = strdup(e.linkname);
			d->bad_type = e.type;
			err = d->bad_member && d->bad_link ? -UNPACK_ERRNO__NOTREG : -ENOMEM;
			goto out;
		}
		for (i = 0; i < n; i++) {
			if (!hit[i])
				continue;
			w[i].member = strdup(e.name);
			if (!w[i].member) {
				err = -ENOMEM;
				goto out;
			}
		}
		todo -= hits;
		err = deb_copy(d, w, n, hit);
		if (err)
			goto out;
	}
	if (err < 0)
		goto out;
	err = 0;
	d->n_missing = todo;
	for (i = 0; i < n; i++) {
		if (!w[i].member) {
			d->missing = w[i].pattern;
			err = -UNPACK_ERRNO__NOMEMBER;
			break;
		}
	}
out:
	sbuf_free(&sb);
	free(hit);
	return err;
}

int deb_sum(struct deb *d, char hex[SHA256_HEX_LEN + 1])
{
	int err;

	if (!d->ar.hash)
		return -EINVAL;
	err = ar_drain(&d->ar, DEB_SUM_MAX);
	if (err)
		return err;
	return hashread_final(&d->sum, hex);
}

static const char *tar_type_name(char type)
{
	switch (type) {
	case '1': return "hard link";
	case '2': return "symbolic link";
	case '3': return "character device";
	case '4': return "block device";
	case '5': return "directory";
	case '6': return "fifo";
	default: return "special entry";
	}
}

const char *deb_strerror(const struct deb *d, int err, char *buf, size_t len)
{
	const char *data = d->data.name[0] ? d->data.name : "data.tar";
	uint64_t tar_end = d->tar.off + (d->tar.len - d->tar.pos);

	switch (-err) {
	case UNPACK_ERRNO__NOTAR:
		snprintf(buf, len, "not an ar archive");
		break;
	case UNPACK_ERRNO__ARSHORT:
		if (d->ar.err_off)
			snprintf(buf, len, "truncated ar header at offset %" PRIu64,
				 d->ar.err_off);
		else
			snprintf(buf, len, "truncated ar archive (%" PRIu64
				 " bytes, cut inside the magic)", d->ar.off);
		break;
	case UNPACK_ERRNO__ARHDR:
		snprintf(buf, len, "malformed ar header at offset %" PRIu64,
			 d->ar.err_off);
		break;
	case UNPACK_ERRNO__ARTRUNC:
		snprintf(buf, len, "truncated ar member %s (%" PRIu64 " bytes declared, %"
			 PRIu64 " present)", d->ar.cur.name, d->ar.cur.size,
			 d->ar.file_size > d->ar.cur.offset ?
			 d->ar.file_size - d->ar.cur.offset : 0);
		break;
	case UNPACK_ERRNO__NOTDEB:
		snprintf(buf, len, "not a Debian package (first ar member is %s, not debian-binary)",
			 d->ar.cur.name[0] ? d->ar.cur.name : "missing");
		break;
	case UNPACK_ERRNO__NODATA:
		snprintf(buf, len, "no data.tar member in the ar archive");
		break;
	case UNPACK_ERRNO__COMPR:
		snprintf(buf, len, "unsupported compression %s", d->ar.cur.name);
		break;
	case UNPACK_ERRNO__DECOMP:
		snprintf(buf, len, "%s", d->dc ? decomp_strerror(d->dc) : "decoder error");
		break;
	case UNPACK_ERRNO__TARTRUNC:
		snprintf(buf, len, "truncated tar (%s ends after %" PRIu64 " bytes)",
			 data, tar_end);
		break;
	case UNPACK_ERRNO__TARSUM:
		if (d->tar.err_off)
			snprintf(buf, len, "bad tar header checksum at offset %" PRIu64
				 " of %s", d->tar.err_off, data);
		else
			snprintf(buf, len, "%s is not a tar archive", data);
		break;
	case UNPACK_ERRNO__TARHDR:
		snprintf(buf, len, "malformed tar header at offset %" PRIu64 " of %s",
			 d->tar.err_off, data);
		break;
	case UNPACK_ERRNO__TAREXT:
		snprintf(buf, len, "malformed long-name or pax header at offset %" PRIu64
			 " of %s", d->tar.err_off, data);
		break;
	case UNPACK_ERRNO__NOTREG:
		if (d->bad_type == '1' || d->bad_type == '2')
			snprintf(buf, len, "member %s is a %s to %s, not a regular file",
				 d->bad_member, tar_type_name(d->bad_type), d->bad_link);
		else
			snprintf(buf, len, "member %s is a %s, not a regular file",
				 d->bad_member, tar_type_name(d->bad_type));
		break;
	case UNPACK_ERRNO__NOMEMBER:
		if (d->n_missing > 1)
			snprintf(buf, len, "no member %s in %s (and %zu more missing)",
				 d->missing, "data.tar", d->n_missing - 1);
		else
			snprintf(buf, len, "no member %s in data.tar", d->missing);
		break;
	case UNPACK_ERRNO__WRITE:
		snprintf(buf, len, "write error");
		break;
	case UNPACK_ERRNO__SINK:
		snprintf(buf, len, "%s", strerror(-d->sink_err));
		break;
	default:
		snprintf(buf, len, "%s", strerror(-err));
		break;
	}
	return buf;
}
