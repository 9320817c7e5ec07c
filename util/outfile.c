// SPDX-License-Identifier: MIT
#include "util/outfile.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The registry of open temp paths. A slot is FREE, CLAIMED (being filled or
 * emptied) or LIVE; the signal handler reads LIVE slots only, and a slot's
 * path is copied in, so nothing the handler reads is ever freed.
 */
enum { SLOT_FREE, SLOT_CLAIMED, SLOT_LIVE };
static struct {
	atomic_int state;
	char path[OUTFILE_PATH_MAX];
} registry[OUTFILE_MAX_OPEN];
static atomic_int handlers_installed;
static atomic_int guarded_child;	/* a pid killed with the same signal, or 0 */
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* Only async-signal-safe calls: kill, unlink, sigaction, sigprocmask, raise. */
static void on_fatal_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	int saved = errno;
	sigset_t set;
	size_t i;

	pid_t child = (pid_t)atomic_load(&guarded_child);

	/* first the child, so that it stops writing what is unlinked next */
	if (child > 0)
		kill(child, sig);
	for (i = 0; i < OUTFILE_MAX_OPEN; i++)
		if (atomic_load(&registry[i].state) == SLOT_LIVE)
			unlink(registry[i].path);
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);		/* dies with the signal, as without the handler */
	errno = saved;
}

static void install_handlers(void)
{
	struct sigaction sa = { .sa_handler = on_fatal_signal }, old;
	size_t i;

	if (atomic_exchange(&handlers_installed, 1))
		return;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++)
		sigaddset(&sa.sa_mask, cleanup_signals[i]);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++) {
		/* a signal the caller ignores (nohup) stays ignored */
		if (sigaction(cleanup_signals[i], NULL, &old) || old.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}

/* Slot + 1 holding @path, or 0 when it is too long or the registry full. */
static int registry_add(const char *path)
{
	size_t i, n = strlen(path);
	int expect;

	if (n >= OUTFILE_PATH_MAX)
		return 0;
	for (i = 0; i < OUTFILE_MAX_OPEN; i++) {
		expect = SLOT_FREE;
		if (atomic_compare_exchange_strong(&registry[i].state, &expect, SLOT_CLAIMED)) {
			memcpy(registry[i].path, path, n + 1);
			atomic_store(&registry[i].state, SLOT_LIVE);
			return (int)i + 1;
		}
	}
	return 0;
}

static void registry_del(struct outfile *out)
{
	if (out->slot > 0 && out->slot <= OUTFILE_MAX_OPEN) {
		atomic_store(&registry[out->slot - 1].state, SLOT_CLAIMED);
		registry[out->slot - 1].path[0] = '\0';
		atomic_store(&registry[out->slot - 1].state, SLOT_FREE);
	}
	out->slot = 0;
}

int outfile_guard_path(const char *path)
{
	install_handlers();
	return registry_add(path);
}

void outfile_unguard_path(int slot)
{
	struct outfile o = { .slot = slot };

	registry_del(&o);
}

void outfile_guard_child(pid_t pid)
{
	if (pid > 0)
		install_handlers();
	atomic_store(&guarded_child, pid > 0 ? (int)pid : 0);
}

size_t outfile_registered(const char **paths, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < OUTFILE_MAX_OPEN; i++)
		if (atomic_load(&registry[i].state) == SLOT_LIVE) {
			if (n < max)
				paths[n] = registry[i].path;
			n++;
		}
	return n;
}

static void outfile_release(struct outfile *out)
{
	registry_del(out);
	free(out->path);
	free(out->tmp_path);
	out->path = NULL;
	out->tmp_path = NULL;
	out->f = NULL;
}

int outfile_open(struct outfile *out, const char *path)
{
	sigset_t block, saved;
	int fd, err = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->path = strdup(path);
	if (!out->path || asprintf(&out->tmp_path, "%s.tmp.XXXXXX", path) < 0) {
		out->tmp_path = NULL;
		err = -ENOMEM;
		goto fail;
	}
	/* the signals wait until the new file is registered */
	install_handlers();
	sigemptyset(&block);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]); i++)
		sigaddset(&block, cleanup_signals[i]);
	pthread_sigmask(SIG_BLOCK, &block, &saved);
	fd = mkstemp(out->tmp_path);
	if (fd >= 0)
		out->slot = registry_add(out->tmp_path);
	else
		err = -errno;
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (fd < 0)
		goto fail;
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
