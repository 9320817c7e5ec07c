// SPDX-License-Identifier: MIT
/*
 * release/tarw.c read back by release/reltar.c (unpack/'s zstd and tar
 * readers): a short name, a name split into ustar prefix and name, a path
 * too long for both (a pax header), an empty file; the names and bytes come
 * back, the compressed sum of both sides agrees, and the same entries
 * written with 1 and 2 workers are the same bytes. Then the paths a MANIFEST
 * may hold.
 */
#include "release/manifest.h"
#include "release/reltar.h"
#include "release/tarw.h"
#include "tests/include/test.h"

#include <stdlib.h>
#include <unistd.h>

#define N 4

static char names[N][600];
static const char *const datas[N] = { "hello\n", "split", "", "a long one" };

static void make_names(void)
{
	char dir[151], longer[301];

	memset(dir, 'd', 150);
	dir[150] = 0;
	memset(longer, 'p', 300);
	longer[300] = 0;
	snprintf(names[0], sizeof(names[0]), "r/a.txt");
	snprintf(names[1], sizeof(names[1]), "r/%s/%.90s", dir, longer);	/* 243 bytes */
	snprintf(names[2], sizeof(names[2]), "r/empty");
	snprintf(names[3], sizeof(names[3]), "r/%s/%s", dir, longer);	/* 453: pax */
}

/* The archive as a file; its compressed sum in @sha. */
static char *write_archive(unsigned workers, char sha[SHA256_HEX_LEN + 1])
{
	char *path = strdup("/tmp/t-tarw.XXXXXX");
	struct tarw *w = NULL;
	uint64_t size = 0;
	FILE *f;
	int fd = mkstemp(path), i;

	CHECK(fd >= 0);
	f = fdopen(fd, "wb");
	CHECK(f != NULL);
	CHECK_EQ(tarw_open(&w, f, 3, workers, 1765152000), 0);
	for (i = 0; i < N; i++)
		CHECK_EQ(tarw_add_mem(w, names[i], datas[i], strlen(datas[i])), 0);
	CHECK_EQ(tarw_finish(w, sha, &size), 0);
	CHECK(size > 0);
	tarw_free(w);
	CHECK_EQ(fclose(f), 0);
	return path;
}

static void read_archive(const char *path, const char *sha)
{
	char got_sha[SHA256_HEX_LEN + 1];
	struct reltar r;
	struct tar_entry e;
	const void *p;
	char buf[64];
	ssize_t n;
	int i = 0, ret;

	CHECK_EQ(reltar_open(&r, path), 0);
	while ((ret = reltar_next(&r, &e)) == 1) {
		size_t len = 0;

		CHECK_MSG(i < N, "entry %d past the end: %s", i, e.name);
		if (i >= N)
			break;
		CHECK_STR(e.name, names[i]);
		CHECK_EQ(e.type, '0');
		CHECK_EQ(e.size, strlen(datas[i]));
		while ((n = reltar_data(&r, &p)) > 0 && len + (size_t)n < sizeof(buf)) {
			memcpy(buf + len, p, (size_t)n);
			len += (size_t)n;
		}
		buf[len] = 0;
		CHECK_STR(buf, datas[i]);
		i++;
	}
	CHECK_EQ(ret, 0);
	CHECK_EQ(i, N);
	CHECK_EQ(reltar_finish(&r, got_sha), 0);
	CHECK_STR(got_sha, sha);
	reltar_close(&r);
}

static bool same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca, cb;
	bool same = fa && fb;

	while (same) {
		ca = fgetc(fa);
		cb = fgetc(fb);
		same = ca == cb;
		if (ca == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

static void paths(void)
{
	static const char *const good[] = { "a", "a/b", "debian-6.1.0-47-amd64/funcs.jsonl", ".x/y" };
	static const char *const bad[] = { "", "/a", "a//b", "./a", "a/.", "a/..", "../a",
					   "a/../b", "a/", "a\nb", "a\\b" };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK_MSG(manifest_path_ok(good[i]), "refused: '%s'", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_MSG(!manifest_path_ok(bad[i]), "accepted: '%s'", bad[i]);
}

int main(void)
{
	char sha1[SHA256_HEX_LEN + 1], sha2[SHA256_HEX_LEN + 1], file_sha[SHA256_HEX_LEN + 1];
	unsigned long long size;
	char *one, *two;

	make_names();
	one = write_archive(1, sha1);
	two = write_archive(2, sha2);
	read_archive(one, sha1);
	CHECK_EQ(sha256_file(one, file_sha, &size), 0);
	CHECK_STR(file_sha, sha1);
	CHECK_STR(sha1, sha2);
	CHECK(same_bytes(one, two));
	unlink(one);
	unlink(two);
	free(one);
	free(two);
	paths();
	return test_exit();
}
