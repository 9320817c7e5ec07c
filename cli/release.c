// SPDX-License-Identifier: MIT
/*
 * depsurf release: the dataset folder packed into one deterministic
 * depsurf-dataset-<date>-<version>.tar.zst with its MANIFEST and .sha256,
 * and one <id>.tar.zst per image (docs/release.md). Entries are sorted by
 * path, owned by 0:0 with mode 0644 and the release date as mtime; the date
 * comes from the dataset build's record (or --date), never from the clock,
 * so the same dataset gives the same bytes.
 */
#include "cli/cli.h"
#include "formats/kernels_list.h"
#include "release/manifest.h"
#include "release/tarw.h"
#include "release/walk.h"
#include "schema/surface_reader.h"
#include "util/file.h"
#include "util/outfile.h"
#include "util/version.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RELEASE_LEVEL_DEFAULT 9
#define BUILD_DIR ".build"

void help_release(FILE *f)
{
	fprintf(f,
		"Usage: depsurf release [OPTIONS]\n"
		"Pack the dataset folder into OUT/NAME/NAME.tar.zst, NAME being\n"
		"depsurf-dataset-DATE-VERSION, with OUT/NAME/MANIFEST (the same bytes as the\n"
		"tarball's NAME/MANIFEST member: sha256 and size of every file, the\n"
		"kernels.list lines, schema and tool versions, the build's start and end,\n"
		"every image ok or failed and why), OUT/NAME/NAME.tar.zst.sha256, and one\n"
		"OUT/NAME/images/ID.tar.zst (+ .sha256, its own ID/MANIFEST) per image.\n"
		"The tarball holds the dataset's files (names starting with '.' left out)\n"
		"and the kernels list and groups, sorted, owner 0:0, mode 0644, mtime\n"
		"DATE: the same dataset gives the same bytes.\n"
		"\n"
		"Options:\n"
		"  -d, --dataset DIR  the dataset to pack (default 'dataset')\n"
		"  -k, --kernels FILE the kernels.list it was built from (default\n"
		"                     'kernels.list')\n"
		"  -g, --groups FILE  the kernels.groups to include (default 'kernels.groups'\n"
		"                     when there is one)\n"
		"  -o, --output DIR   where to write (default 'dist')\n"
		"      --date YYYYMMDD  the release date (default: the day the dataset build\n"
		"                     ended, DIR/.build/; else the newest meta.json's mtime)\n"
		"  -l, --level N      zstd level 1..19 (default %d)\n"
		"  -T, --threads N    zstd worker threads (default: online CPUs; the bytes do\n"
		"                     not depend on it)\n"
		"      --no-images    no per-image tarballs\n"
		"  -h, --help         print this help\n"
		"\n"
		"Exit status: 0 written, 1 bad input or write error, 2 usage error.\n",
		RELEASE_LEVEL_DEFAULT);
}

enum { OPT_DATE = 300, OPT_NO_IMAGES };

struct release_opts {
	const char *dataset, *kernels, *groups, *out, *date;
	int level;
	unsigned threads;
	bool images;
};

/* A file of the archive: its name under the root and where it is read from. */
struct pack_item {
	char *name;
	char *src;
};

struct pack_list {
	struct pack_item *it;
	size_t nr, cap;
};

static void pack_list_free(struct pack_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->it[i].name);
		free(l->it[i].src);
	}
	free(l->it);
	memset(l, 0, sizeof(*l));
}

static int pack_add(struct pack_list *l, const char *name, const char *src)
{
	if (l->nr == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct pack_item *it = reallocarray(l->it, cap, sizeof(*it));

		if (!it)
			return -ENOMEM;
		l->it = it;
		l->cap = cap;
	}
	l->it[l->nr].name = strdup(name);
	l->it[l->nr].src = strdup(src);
	if (!l->it[l->nr].name || !l->it[l->nr].src) {
		free(l->it[l->nr].name);
		free(l->it[l->nr].src);
		return -ENOMEM;
	}
	l->nr++;
	return 0;
}

static int cmp_item(const void *a, const void *b)
{
	return strcmp(((const struct pack_item *)a)->name, ((const struct pack_item *)b)->name);
}

static bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* The first line of @path (a failure reason, a time), or NULL. */
static char *first_line(const char *path)
{
	char *buf = NULL, *dup;
	size_t len = 0;

	if (file_read_all(path, &buf, &len))
		return NULL;
	buf[strcspn(buf, "\n")] = 0;
	dup = *buf ? strdup(buf) : NULL;
	free(buf);
	return dup;
}

/*
 * The build's start and end from DATASET/.build/run-* (one per `make
 * dataset` run or shard: "start TIME" and "end TIME" lines, ISO 8601 UTC):
 * the earliest start and the latest end.
 */
static int read_build_times(struct manifest *m, const char *dataset)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct walk w;
	size_t i;
	int err;

	snprintf(dir, sizeof(dir), "%s/%s", dataset, BUILD_DIR);
	if (walk_dir(&w, dir, WALK_SKIP_DOT)) {
		walk_free(&w);
		return 0;	/* no record: the times stay null */
	}
	for (i = 0, err = 0; i < w.nr && !err; i++) {
		char *buf = NULL, *line, *save = NULL;
		size_t len;

		if (strncmp(w.e[i].path, "run-", 4) || !w.e[i].regular)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, w.e[i].path);
		if (file_read_all(path, &buf, &len))
			continue;
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char **slot = !strncmp(line, "start ", 6) ? &m->build_start :
				      !strncmp(line, "end ", 4) ? &m->build_end : NULL;
			const char *t = line + (slot == &m->build_start ? 6 : 4);
			bool later = slot == &m->build_end;

			if (!slot || strlen(t) != 20)	/* 2026-12-08T00:15:00Z */
				continue;
			if (!*slot || (later ? strcmp(t, *slot) > 0 : strcmp(t, *slot) < 0)) {
				free(*slot);
				if (!(*slot = strdup(t)))
					err = -ENOMEM;
			}
		}
		free(buf);
	}
	walk_free(&w);
	return err;
}

/* YYYYMMDD of --date, the build's end, or the newest meta.json. */
static int release_date(struct manifest *m, const struct release_opts *o,
			const struct kernels_list *kl)
{
	char buf[16], path[PATH_MAX];
	time_t newest = 0;
	struct stat st;
	struct tm tm;
	size_t i;

	if (o->date) {
		snprintf(buf, sizeof(buf), "%s", o->date);
	} else if (m->build_end) {
		snprintf(buf, sizeof(buf), "%.4s%.2s%.2s", m->build_end, m->build_end + 5,
			 m->build_end + 8);
	} else {
		for (i = 0; i < kl->nr; i++) {
			snprintf(path, sizeof(path), "%s/%s/meta.json", o->dataset, kl->images[i].id);
			if (!stat(path, &st) && st.st_mtime > newest)
				newest = st.st_mtime;
		}
		if (!newest) {
			cli_err("release: %s: no image of %s has a meta.json", o->dataset, o->kernels);
			return -ENOENT;
		}
		gmtime_r(&newest, &tm);
		strftime(buf, sizeof(buf), "%Y%m%d", &tm);
	}
	memset(&tm, 0, sizeof(tm));
	if (strlen(buf) != 8 || strspn(buf, "0123456789") != 8 ||
	    !strptime(buf, "%Y%m%d", &tm)) {
		cli_err("release: bad date '%s' (YYYYMMDD)", buf);
		return -EINVAL;
	}
	m->date = strdup(buf);
	return m->date ? 0 : -ENOMEM;
}

static uint64_t date_epoch(const char *date)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	strptime(date, "%Y%m%d", &tm);
	return (uint64_t)timegm(&tm);
}

/* The non-comment lines of the list, as written (trailing blanks cut). */
static int read_kernel_lines(struct manifest *m, const char *kernels)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len;
	int err = file_read_all(kernels, &buf, &len);

	for (line = err ? NULL : strtok_r(buf, "\n", &save); line && !err;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(line);
		char **k;

		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
			line[--n] = 0;
		if (!line[strspn(line, " \t")] || line[strspn(line, " \t")] == '#')
			continue;
		k = reallocarray(m->kernels, m->nr_kernels + 1, sizeof(*k));
		if (!k || !(k[m->nr_kernels] = strdup(line))) {
			if (k)
				m->kernels = k;
			err = -ENOMEM;
			break;
		}
		m->kernels = k;
		m->nr_kernels++;
	}
	free(buf);
	return err;
}

/* Every image of the list: ok when DATASET/<id>/meta.json is there, else why not. */
static int read_images(struct manifest *m, const char *dataset, const struct kernels_list *kl)
{
	char path[PATH_MAX];
	size_t i;

	m->images = calloc(kl->nr ? kl->nr : 1, sizeof(*m->images));
	if (!m->images)
		return -ENOMEM;
	for (i = 0; i < kl->nr; i++) {
		struct rel_image *img = &m->images[m->nr_images++];

		if (!(img->id = strdup(kl->images[i].id)))
			return -ENOMEM;
		snprintf(path, sizeof(path), "%s/%s/meta.json", dataset, img->id);
		if (is_file(path))
			continue;
		snprintf(path, sizeof(path), "%s/%s/failed/%s", dataset, BUILD_DIR, img->id);
		img->reason = first_line(path);
		img->failed = img->reason != NULL;
		if (!img->reason && !(img->reason = strdup("not built (no dataset folder, "
							   "no failure recorded)")))
			return -ENOMEM;
	}
	return 0;
}

/* The files of the dataset (dot names left out) plus the list and groups. */
static int collect_files(struct pack_list *l, const struct release_opts *o)
{
	char src[PATH_MAX * 2];
	struct walk w;
	size_t i;
	int err = walk_dir(&w, o->dataset, WALK_SKIP_DOT);

	if (err) {
		cli_err("release: %s: %s", w.bad, strerror(-err));
		goto out;
	}
	for (i = 0; i < w.nr && !err; i++) {
		if (!w.e[i].regular || !manifest_path_ok(w.e[i].path) ||
		    !strcmp(w.e[i].path, MANIFEST_NAME)) {
			cli_err("release: %s/%s: %s", o->dataset, w.e[i].path,
				!w.e[i].regular ? "not a regular file or folder (a symlink?)" :
				"a name a release cannot hold");
			err = -EINVAL;
			break;
		}
		snprintf(src, sizeof(src), "%s/%s", o->dataset, w.e[i].path);
		err = pack_add(l, w.e[i].path, src);
	}
	if (!err)
		err = pack_add(l, "kernels.list", o->kernels);
	if (!err && o->groups)
		err = pack_add(l, "kernels.groups", o->groups);
	if (!err) {
		qsort(l->it, l->nr, sizeof(*l->it), cmp_item);
		for (i = 1; i < l->nr; i++)
			if (!strcmp(l->it[i - 1].name, l->it[i].name)) {
				cli_err("release: %s/%s: the dataset has a file of that name; it is "
					"packed from %s", o->dataset, l->it[i].name, o->kernels);
				err = -EINVAL;
			}
	}
out:
	walk_free(&w);
	return err;
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

/* @text into @path, atomically. */
static int write_text(const char *path, const char *text, size_t len)
{
	struct outfile out = { 0 };
	int err = outfile_open(&out, path);

	if (!err && fwrite(text, 1, len, out.f) != len)
		err = -EIO;
	if (!err)
		err = outfile_commit(&out);
	outfile_abort(&out);
	if (err)
		cli_err("release: %s: %s", path, strerror(-err));
	return err;
}

/*
 * One tarball: @items under @root/ in their order, then @root/MANIFEST of
 * @m with their sums; written to DIR/@root.tar.zst (+ .sha256) and, when
 * @manifest_copy, the MANIFEST bytes to that path too.
 */
static int pack_tarball(const char *dir, const char *root, const struct pack_list *items,
			size_t from, size_t to, size_t strip, struct manifest *m,
			const struct release_opts *o, const char *manifest_copy)
{
	char path[PATH_MAX], name[PATH_MAX], sha[SHA256_HEX_LEN + 1], line[PATH_MAX + 80];
	struct outfile out = { 0 };
	struct tarw *w = NULL;
	char *mtext = NULL;
	size_t mlen = 0, i;
	uint64_t size, total = 0;
	FILE *mf = NULL;
	int err;

	snprintf(path, sizeof(path), "%s/%s.tar.zst", dir, root);
	err = outfile_open(&out, path);
	if (!err)
		err = tarw_open(&w, out.f, o->level, o->threads, date_epoch(m->date));
	for (i = from; i < to && !err; i++) {
		snprintf(name, sizeof(name), "%s/%s", root, items->it[i].name + strip);
		err = tarw_add_file(w, name, items->it[i].src, sha, &size);
		if (err) {
			cli_err("release: %s: %s", items->it[i].src, err == -ESTALE ?
				"changed while being packed" : strerror(-err));
			goto out;
		}
		total += size;
		err = manifest_add_file(m, items->it[i].name + strip, size, sha);
	}
	if (!err) {
		mf = open_memstream(&mtext, &mlen);
		err = !mf ? -ENOMEM : manifest_write(mf, m);
		if (mf && fclose(mf) && !err)
			err = -ENOMEM;
	}
	if (!err) {
		snprintf(name, sizeof(name), "%s/%s", root, MANIFEST_NAME);
		err = tarw_add_mem(w, name, mtext, mlen);
	}
	if (!err)
		err = tarw_finish(w, sha, &size);
	if (!err)
		err = outfile_commit(&out);
	if (err) {
		cli_err("release: %s: %s", path, strerror(-err));
		goto out;
	}
	snprintf(line, sizeof(line), "%s  %s.tar.zst\n", sha, root);
	snprintf(path, sizeof(path), "%s/%s.tar.zst.sha256", dir, root);
	err = write_text(path, line, strlen(line));
	if (!err && manifest_copy)
		err = write_text(manifest_copy, mtext, mlen);
	if (!err && !json_output)
		printf("release: %s/%s.tar.zst: %zu files, %llu bytes -> %llu bytes\n", dir, root,
		       to - from, (unsigned long long)total, (unsigned long long)size);
out:
	tarw_free(w);
	outfile_abort(&out);
	free(mtext);
	return err;
}

/* The per-image tarballs: the items "<id>/..." of each ok image. */
static int pack_images(const char *dir, const struct pack_list *items,
		       const struct manifest *whole, const struct release_opts *o)
{
	size_t i, k, from, to, idlen;
	int err = mkdir_p(dir);

	if (err) {
		cli_err("release: %s: %s", dir, strerror(-err));
		return err;
	}
	for (i = 0; i < whole->nr_images && !err; i++) {
		const struct rel_image *img = &whole->images[i];
		struct manifest m = { 0 };

		if (img->reason)
			continue;
		idlen = strlen(img->id);
		for (from = 0; from < items->nr; from++)
			if (!strncmp(items->it[from].name, img->id, idlen) &&
			    items->it[from].name[idlen] == '/')
				break;
		for (to = from; to < items->nr; to++)
			if (strncmp(items->it[to].name, img->id, idlen) ||
			    items->it[to].name[idlen] != '/')
				break;
		m.name = strdup(img->id);
		m.date = strdup(whole->date);
		m.tool_version = whole->tool_version;
		m.schema_version = whole->schema_version;
		m.level = whole->level;
		m.build_start = whole->build_start ? strdup(whole->build_start) : NULL;
		m.build_end = whole->build_end ? strdup(whole->build_end) : NULL;
		m.images = calloc(1, sizeof(*m.images));
		m.kernels = calloc(1, sizeof(*m.kernels));
		if (!m.name || !m.date || !m.images || !m.kernels ||
		    !(m.images[0].id = strdup(img->id))) {
			manifest_free(&m);
			return -ENOMEM;
		}
		m.nr_images = 1;
		for (k = 0; k < whole->nr_kernels; k++)
			if (!strncmp(whole->kernels[k], img->id, idlen) &&
			    (whole->kernels[k][idlen] == ' ' || whole->kernels[k][idlen] == '\t'))
				break;
		if (k < whole->nr_kernels && !(m.kernels[m.nr_kernels++] = strdup(whole->kernels[k])))
			err = -ENOMEM;
		if (!err)
			err = pack_tarball(dir, img->id, items, from, to, idlen + 1, &m, o, NULL);
		manifest_free(&m);
	}
	return err;
}

static int parse_release_opts(int argc, char **argv, struct release_opts *o, int *st)
{
	static const struct option longopts[] = {
		{ "dataset", required_argument, NULL, 'd' },
		{ "kernels", required_argument, NULL, 'k' },
		{ "groups", required_argument, NULL, 'g' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "level", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 'T' },
		{ "no-images", no_argument, NULL, OPT_NO_IMAGES },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long v;
	int c;

	while ((c = cli_getopt(argc, argv, "d:k:g:o:l:T:", longopts, st)) != -1) {
		switch (c) {
		case CLI_GETOPT_DONE: return -1;
		case 'd': o->dataset = optarg; break;
		case 'k': o->kernels = optarg; break;
		case 'g': o->groups = optarg; break;
		case 'o': o->out = optarg; break;
		case OPT_DATE: o->date = optarg; break;
		case OPT_NO_IMAGES: o->images = false; break;
		case 'l':
		case 'T':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 1 || v > (c == 'l' ? 19 : 256)) {
				*st = cli_usage_err("release", "release: bad %s '%s'",
						    c == 'l' ? "--level (1..19)" : "--threads (1..256)",
						    optarg);
				return -1;
			}
			if (c == 'l')
				o->level = (int)v;
			else
				o->threads = (unsigned)v;
			break;
		}
	}
	if (optind != argc) {
		*st = cli_usage_err("release", "release: no arguments expected");
		return -1;
	}
	return 0;
}

int cmd_release(int argc, char **argv)
{
	struct release_opts o = { "dataset", "kernels.list", NULL, "dist", NULL,
				  RELEASE_LEVEL_DEFAULT, 0, true };
	struct kernels_list kl = { 0 };
	struct pack_list items = { 0 };
	struct manifest m = { 0 };
	char dir[PATH_MAX], text[512], mpath[PATH_MAX + 16];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int st = CLI_OK, err;

	if (parse_release_opts(argc, argv, &o, &st))
		return st;
	if (!o.threads)
		o.threads = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (unsigned)ncpu;
	if (!o.groups && is_file("kernels.groups"))
		o.groups = "kernels.groups";
	err = kernels_list_load(&kl, o.kernels, text, sizeof(text));
	if (err) {
		if (err == -EINVAL)
			cli_err("release: %s:%s", o.kernels, text);
		else
			cli_err("release: %s: %s", o.kernels, strerror(-err));
		st = CLI_BAD;
		goto out;
	}
	m.tool_version = DEPSURF_VERSION;
	m.schema_version = SURFACE_SCHEMA_VERSION;
	m.level = o.level;
	err = read_build_times(&m, o.dataset);
	if (!err)
		err = release_date(&m, &o, &kl);
	if (!err)
		err = read_kernel_lines(&m, o.kernels);
	if (!err)
		err = read_images(&m, o.dataset, &kl);
	if (!err && asprintf(&m.name, "depsurf-dataset-%s-%s", m.date, DEPSURF_VERSION) < 0) {
		m.name = NULL;
		err = -ENOMEM;
	}
	if (!err)
		err = collect_files(&items, &o);
	if (err) {
		if (err == -ENOMEM)
			cli_err("release: %s", strerror(ENOMEM));
		st = CLI_BAD;
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s/%s", o.out, m.name);
	snprintf(mpath, sizeof(mpath), "%s/%s", dir, MANIFEST_NAME);
	err = mkdir_p(dir);
	if (err) {
		cli_err("release: %s: %s", dir, strerror(-err));
		st = CLI_BAD;
		goto out;
	}
	err = pack_tarball(dir, m.name, &items, 0, items.nr, 0, &m, &o, mpath);
	if (!err && o.images) {
		snprintf(dir, sizeof(dir), "%s/%s/images", o.out, m.name);
		err = pack_images(dir, &items, &m, &o);
	}
	if (err)
		st = CLI_BAD;
	else if (json_output)
		st = cli_print_json(json_pack("{s:s, s:s, s:I}", "name", m.name, "manifest", mpath,
					      "files", (json_int_t)m.nr_files)) ? CLI_BAD : CLI_OK;
out:
	pack_list_free(&items);
	manifest_free(&m);
	kernels_list_free(&kl);
	return st;
}
