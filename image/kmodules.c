// SPDX-License-Identifier: MIT
/* The kernel modules of an image from the module store (image/kmodules.h). */
#include "image/kmodules.h"
#include "util/errors.h"
#include "util/mem.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zstd.h>

#define KMOD_INDEX "modules.list"
#define KMOD_SUFFIX ".zst"

/* ---------------------------------------------------------------- index */

/* A path that stays below the store: no empty, "." or ".." component. */
static bool rel_ok(const char *rel)
{
	const char *c, *end;
	size_t n;

	for (c = rel;; c = end + 1) {
		end = strchr(c, '/');
		n = end ? (size_t)(end - c) : strlen(c);
		if (!n || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		if (!end)
			return true;
	}
}

/* "path\tbytes\tstored": 0 or -EBADMSG. */
static int parse_line(char *s, struct kmod_ent *e)
{
	char *tab = strchr(s, '\t'), *end;
	unsigned long long size;

	if (!tab || tab == s)
		return -EBADMSG;
	*tab = '\0';
	if (!rel_ok(s))
		return -EBADMSG;
	errno = 0;
	size = strtoull(tab + 1, &end, 10);
	if (errno || end == tab + 1 || *end != '\t' || size > KMOD_MAX_SIZE)
		return -EBADMSG;
	e->path = strdup(s);
	e->size = size;
	return e->path ? 0 : -ENOMEM;
}

int kmods_open(const char *dir, struct kmods **out, size_t *line)
{
	struct kmods *m = calloc(1, sizeof(*m));
	char *path = NULL, *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f = NULL;
	int err = -ENOMEM;

	*out = NULL;
	*line = 0;
	if (!m || !(m->dir = strdup(dir)) || asprintf(&path, "%s/%s", dir, KMOD_INDEX) < 0) {
		path = NULL;
		goto fail;
	}
	f = fopen(path, "re");
	if (!f) {
		err = -errno;
		goto fail;
	}
	while ((len = getline(&buf, &cap, f)) > 0) {
		struct kmod_ent *e;

		++*line;
		if (buf[len - 1] != '\n') {
			err = -EBADMSG;
			goto fail;
		}
		buf[len - 1] = '\0';
		e = mem_add((void **)&m->v, &m->cap, &m->cnt, sizeof(*e));
		if (!e)
			goto fail;
		e->path = NULL;
		err = parse_line(buf, e);
		if (!err && m->cnt > 1 && strcmp(m->v[m->cnt - 2].path, e->path) >= 0)
			err = -EBADMSG;	/* sorted, each once */
		if (err)
			goto fail;
	}
	if (ferror(f)) {
		err = -EIO;
		goto fail;
	}
	*line = 0;
	*out = m;
	m = NULL;
	err = 0;
fail:
	if (f)
		fclose(f);
	free(buf);
	free(path);
	kmods_free(m);
	return err;
}

void kmods_free(struct kmods *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->cnt; i++)
		free(m->v[i].path);
	free(m->v);
	free(m->dir);
	free(m);
}

/* --------------------------------------------------------------- module */

/* The whole file, zstd-decompressed, into a buffer of exactly @size bytes. */
static int read_zst(const char *path, uint64_t size, void **out)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	size_t in_cap = ZSTD_DStreamInSize(), ret = 1;
	void *in = malloc(in_cap), *buf = malloc(size ? size : 1);
	ZSTD_outBuffer ob = { buf, size, 0 };
	FILE *f = fopen(path, "re");
	int err = -ENOMEM;

	if (!f) {
		err = -errno;
		goto out;
	}
	if (!ds || !in || !buf)
		goto out;
	err = -EBADMSG;
	for (;;) {
		size_t n = fread(in, 1, in_cap, f);
		ZSTD_inBuffer ib = { in, n, 0 };

		if (!n)
			break;
		while (ib.pos < ib.size) {
			size_t ip = ib.pos, op = ob.pos;

			if (!ret)
				goto out;	/* bytes after the frame's end */
			ret = ZSTD_decompressStream(ds, &ob, &ib);
			if (ZSTD_isError(ret))
				goto out;
			if (ib.pos == ip && ob.pos == op)
				goto out;	/* output full: more than the index says */
		}
	}
	if (ferror(f)) {
		err = -EIO;
		goto out;
	}
	if (ret || ob.pos != size)	/* truncated frame, or fewer bytes */
		goto out;
	*out = buf;
	buf = NULL;
	err = 0;
out:
	if (f)
		fclose(f);
	ZSTD_freeDStream(ds);
	free(in);
	free(buf);
	return err;
}

static bool in_file(GElf_Off off, GElf_Xword size, size_t file_size)
{
	return off <= file_size && size <= file_size - off;
}

static int check_elf(struct kmodule *km)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t shnum;

	if (!gelf_getehdr(km->elf, &km->ehdr) || elf_kind(km->elf) != ELF_K_ELF)
		return -ENOEXEC;
	if (km->ehdr.e_type != ET_REL)
		return -ENOEXEC;
	if (elf_getshdrnum(km->elf, &shnum) || elf_getshdrstrndx(km->elf, &km->shstrndx) ||
	    !km->shstrndx || km->shstrndx >= shnum)
		return -EBADMSG;
	while ((scn = elf_nextscn(km->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -EBADMSG;
		if (sh.sh_type != SHT_NOBITS && !in_file(sh.sh_offset, sh.sh_size, km->size))
			return -EBADMSG;
	}
	return 0;
}

int kmodule_section_data(const struct kmodule *km, const char *name, Elf_Data **data,
			 GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	const char *n;

	while ((scn = elf_nextscn(km->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -EBADMSG;
		n = elf_strptr(km->elf, km->shstrndx, sh.sh_name);
		if (!n || strcmp(n, name))
			continue;
		if (shdr)
			*shdr = sh;
		if (sh.sh_type == SHT_NOBITS || !sh.sh_size)
			return -ENODATA;
		*data = elf_rawdata(scn, NULL);
		return *data && (*data)->d_size == sh.sh_size ? 0 : -EBADMSG;
	}
	return -ENOENT;
}

/* The value of @key in .modinfo ("key=value\0" strings), or NULL. */
static const char *modinfo(const Elf_Data *d, const char *key)
{
	const char *p = d->d_buf, *end = p + d->d_size;
	size_t klen = strlen(key);

	while (p < end) {
		size_t n = strnlen(p, end - p);

		if (n == (size_t)(end - p))
			return NULL;	/* unterminated: not trusted */
		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
		p += n + 1;
	}
	return NULL;
}

/* The file name without directories and ".ko", '-' read as '_' (as kbuild). */
static char *name_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	char *s, *c;

	base = base ? base + 1 : path;
	s = strdup(base);
	if (!s)
		return NULL;
	c = strstr(s, ".ko");
	if (c && !c[3])
		*c = '\0';
	for (c = s; *c; c++)
		if (*c == '-')
			*c = '_';
	return s;
}

static int read_modinfo(struct kmodule *km)
{
	const char *name = NULL, *deps = NULL;
	Elf_Data *d;
	int err = kmodule_section_data(km, ".modinfo", &d, NULL);

	if (err == -EBADMSG)
		return err;
	if (!err) {
		name = modinfo(d, "name");
		deps = modinfo(d, "depends");
	}
	km->name = name && *name ? strdup(name) : name_from_path(km->path);
	km->depends = strdup(deps ? deps : "");
	return km->name && km->depends ? 0 : -ENOMEM;
}

int kmodule_open(const struct kmods *m, size_t i, struct kmodule **out)
{
	struct kmodule *km = calloc(1, sizeof(*km));
	char *path = NULL;
	int err = -ENOMEM;

	*out = NULL;
	if (!km)
		return -ENOMEM;
	km->path = m->v[i].path;
	if (m->v[i].size > KMOD_MAX_SIZE) {
		err = -EFBIG;
		goto fail;
	}
	if (asprintf(&path, "%s/%s%s", m->dir, km->path, KMOD_SUFFIX) < 0) {
		path = NULL;
		goto fail;
	}
	err = read_zst(path, m->v[i].size, &km->buf);
	if (err)
		goto fail;
	km->size = m->v[i].size;
	elf_version(EV_CURRENT);
	km->elf = elf_memory(km->buf, km->size);
	err = km->elf ? check_elf(km) : -ENOEXEC;
	if (!err)
		err = read_modinfo(km);
	if (err)
		goto fail;
	free(path);
	*out = km;
	return 0;
fail:
	free(path);
	kmodule_close(km);
	return err;
}

void kmodule_close(struct kmodule *km)
{
	if (!km)
		return;
	elf_end(km->elf);
	free(km->buf);
	free(km->name);
	free(km->depends);
	free(km);
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

int kmodule_btf(const struct kmodule *km, const struct btf *base, struct btf **out)
{
	char path[64];
	Elf_Data *d;
	struct btf *btf = NULL;
	int fd, err;

	*out = NULL;
	err = kmodule_section_data(km, ".BTF", &d, NULL);
	if (err)
		return err == -ENODATA ? -ENOENT : err;
	/* libbpf < 1.2 has no btf__new_split() for bytes in memory: hand it
	 * the section as a file that lives in memory */
	fd = memfd_create("depsurf-module-btf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = write_all(fd, d->d_buf, d->d_size);
	if (!err) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		btf = btf__parse_raw_split(path, (struct btf *)base);
		err = btf ? 0 : -DS_ERRNO__BADBTF;
	}
	close(fd);
	*out = btf;
	return err;
}
