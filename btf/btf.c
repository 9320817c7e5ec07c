// SPDX-License-Identifier: MIT
/*
 * depsurf-btf: the BTF every type-reading stage of an image uses, and where
 * it came from.
 *
 * The image's own .BTF when it has one that pahole >= 1.24 encoded; else
 * BTF generated from its DWARF by pahole (Ubuntu 4.x and Debian s390x/armhf
 * 6.1 have no .BTF). An embedded .BTF without any ENUM64 was encoded by
 * pahole < 1.24, which truncates 64-bit enumerators and loses their sign
 * (Debian 5.10: 86 wrong values; pahole commit "btf_encoder: Add support
 * for ENUM64", 1.24); such images get pahole's BTF too.
 *
 * pahole runs with the flags the kernel's own scripts/pahole-flags.sh passes
 * for pahole 1.24 (floats; no Rust units) and without -j: pahole 1.24's
 * threaded encoder failed once in 8 runs on i386. It is run directly
 * (posix_spawnp, no shell).
 */
#include "extract/driver/driver.h"
#include "util/errors.h"
#include "util/outfile.h"

#include <bpf/btf.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

extern char **environ;

enum { KEY_PAHOLE = 300 };

struct btf_opts {
	const char *pahole;	/* the program, default "pahole" */
};

static const struct cmd_opt btf_opts[] = {
	{ "pahole", KEY_PAHOLE, "PROG", "the pahole to run (default: pahole on PATH)" },
	{ NULL, 0, NULL, NULL },
};

static int btf_parse_opt(struct extract_run *r, int key, const char *arg)
{
	struct btf_opts *o = r->priv;

	if (key != KEY_PAHOLE)
		return -EINVAL;
	o->pahole = arg;
	return 0;
}

/* Was the BTF encoded with 64-bit enum support (any ENUM64)? */
static bool has_enum64(const struct btf *btf)
{
	__u32 id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++)
		if (btf_is_enum64(btf__type_by_id(btf, id)))
			return true;
	return false;
}

static int copy_file(FILE *out, const char *path)
{
	char buf[65536];
	FILE *in = fopen(path, "rb");
	size_t n;
	int err = 0;

	if (!in)
		return -errno;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			err = -EIO;
			break;
		}
	if (!err && ferror(in))
		err = -EIO;
	fclose(in);
	return err;
}

/* Run @pahole on @vmlinux writing raw BTF to @path; its exit status, or -errno. */
static int spawn_pahole(const char *pahole, const char *vmlinux, const char *path)
{
	char *arg = NULL;
	char *argv[] = { (char *)pahole, "--btf_gen_floats", "--lang_exclude=rust", NULL,
			 (char *)vmlinux, NULL };
	posix_spawn_file_actions_t fa;
	int err, status;
	pid_t pid;

	if (asprintf(&arg, "--btf_encode_detached=%s", path) < 0)
		return -ENOMEM;
	argv[3] = arg;
	/* pahole's stdout is not ours: our stdout may be an output */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	err = posix_spawnp(&pid, pahole, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(arg);
	if (err)
		return -err;
	/* a stage timeout (SIGTERM to us only) must stop pahole too */
	outfile_guard_child(pid);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			err = -errno;
			break;
		}
	outfile_guard_child(0);
	if (err)
		return err;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* BTF from DWARF: pahole writes a temporary file beside out[0], copied in. */
static int run_pahole(struct extract_run *r, const char *pahole)
{
	char *tmp = NULL;
	int fd, rc, err, slot;

	if (asprintf(&tmp, "%s.pahole.XXXXXX", r->out_path[0]) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = extract_err(r, tmp, -errno, "cannot create");
		free(tmp);
		return err;
	}
	close(fd);
	slot = outfile_guard_path(tmp);
	rc = spawn_pahole(pahole, r->input, tmp);
	if (rc < 0)
		err = extract_err(r, pahole, rc, "cannot run");
	else if (rc)
		err = extract_err(r, r->input, 0, "%s failed (status %d): no BTF from its DWARF",
				  pahole, rc);
	else
		err = copy_file(r->out[0], tmp);
	unlink(tmp);
	outfile_unguard_path(slot);
	free(tmp);
	return err;
}

static int btf_run(struct extract_run *r)
{
	const struct btf_opts *o = r->priv;
	const struct btf *btf;
	Elf_Data *data;
	bool embedded;
	int err;

	/* no --btf here: kimage_btf() is the embedded .BTF */
	embedded = !kimage_btf(r->img, &btf) && has_enum64(btf) &&
		   !kimage_section_data(r->img, ".BTF", &data);
	if (embedded)
		err = fwrite(data->d_buf, 1, data->d_size, r->out[0]) == data->d_size ? 0 : -EIO;
	else if (!kimage_has_dwarf(r->img))
		return extract_err(r, r->input, -DS_ERRNO__NODWARF,
				   "no usable .BTF and nothing to generate it from");
	else
		err = run_pahole(r, o->pahole ? o->pahole : "pahole");
	if (!err && r->out[1])
		err = fputs(embedded ? "embedded\n" : "pahole\n", r->out[1]) < 0 ? -EIO : 0;
	if (!err && r->progress)
		extract_phase(r, embedded ? "embedded .BTF" : "BTF from DWARF by pahole");
	return err;
}

const struct extractor extractor_btf = {
	.name = "btf",
	.summary = "Write the BTF the type-reading stages use (vmlinux.btf): the image's\n"
		   ".BTF when pahole >= 1.24 encoded it (it has ENUM64), else BTF that\n"
		   "pahole generates from the image's DWARF; and which one (btf-source:\n"
		   "embedded or pahole).",
	.input = "VMLINUX",
	.outputs = { "vmlinux.btf", "btf-source" },
	.needs = NEED_IMAGE,
	.opts = btf_opts,
	.priv_size = sizeof(struct btf_opts),
	.parse_opt = btf_parse_opt,
	.run = btf_run,
};

int main(int argc, char **argv)
{
	return extractor_main(&extractor_btf, argc, argv);
}
