// SPDX-License-Identifier: MIT
/* Opening a depsurf database for reading (db/dsdb.h). */
#include "db/dsdb.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int64_t dsdb_image_key(const char *id)
{
	uint32_t h = 2166136261u;
	const unsigned char *p;

	for (p = (const unsigned char *)id; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return (int64_t)(h & 0x7fffffffu);
}

void dsdb_advice(const char *path, char *buf, size_t n)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(len ? len : 1), path);
	snprintf(buf, n, "run: make db DATASET_DIR=%s (or depsurf-db %s)", dir, dir);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int dsdb_check_file(const char *path, char *msg, size_t msgsz)
{
	unsigned char h[100];
	struct stat st;
	uint64_t page, pages;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0) {
		err = -errno;
		snprintf(msg, msgsz, "%s", strerror(errno));
		return err;
	}
	if (fstat(fd, &st)) {
		err = -errno;
		snprintf(msg, msgsz, "%s", strerror(errno));
		goto out;
	}
	n = pread(fd, h, sizeof(h), 0);
	if (n < 0) {
		err = -errno;
		snprintf(msg, msgsz, "%s", strerror(errno));
		goto out;
	}
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16)) {
		err = -EBADMSG;
		snprintf(msg, msgsz, "not an SQLite database%s", n < (ssize_t)sizeof(h) ? " (truncated)" : "");
		goto out;
	}
	page = (uint64_t)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	pages = be32(h + 28);
	if (page < 512 || (page & (page - 1)) || !pages ||
	    page * pages != (uint64_t)st.st_size) {
		err = -EBADMSG;
		snprintf(msg, msgsz, "corrupt database: %llu bytes, its header says %llu",
			 (unsigned long long)st.st_size, (unsigned long long)(page * pages));
	}
out:
	close(fd);
	return err;
}

static int pragma_int(sqlite3 *db, const char *sql, int64_t *v)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

int dsdb_open_ro(const char *path, sqlite3 **out, char *msg, size_t msgsz)
{
	char why[300], adv[PATH_MAX + 64];
	sqlite3 *db = NULL;
	int64_t ver = -1, app = -1;
	int err;

	*out = NULL;
	dsdb_advice(path, adv, sizeof(adv));
	err = dsdb_check_file(path, why, sizeof(why));
	if (err == -ENOENT) {
		snprintf(msg, msgsz, "%s: no such database; %s", path, adv);
		return -1;
	}
	if (err) {
		snprintf(msg, msgsz, "%s: %s; %s", path, why, adv);
		return -1;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		snprintf(msg, msgsz, "%s: %s; %s", path, db ? sqlite3_errmsg(db) : "out of memory",
			 adv);
		goto fail;
	}
	if (pragma_int(db, "PRAGMA application_id", &app) != SQLITE_OK ||
	    pragma_int(db, "PRAGMA user_version", &ver) != SQLITE_OK) {
		snprintf(msg, msgsz, "%s: %s; %s", path, sqlite3_errmsg(db), adv);
		goto fail;
	}
	if (app != DSDB_APP_ID) {
		snprintf(msg, msgsz, "%s: not a depsurf database; %s", path, adv);
		goto fail;
	}
	if (ver != DSDB_VERSION) {
		snprintf(msg, msgsz, "%s: database schema version %lld, this depsurf reads %d; %s",
			 path, (long long)ver, DSDB_VERSION, adv);
		goto fail;
	}
	/*
	 * Read through a mapping (no copy of each 64 KiB page per read) and a
	 * page cache larger than the default 2 MB (31 such pages): a query over
	 * 25 images seeks in ~200 pages.
	 */
	if (sqlite3_exec(db, "PRAGMA query_only = 1; PRAGMA mmap_size = 2147418112;"
			     "PRAGMA cache_size = -65536", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(msg, msgsz, "%s: %s; %s", path, sqlite3_errmsg(db), adv);
		goto fail;
	}
	*out = db;
	return 0;
fail:
	sqlite3_close(db);
	return -1;
}
