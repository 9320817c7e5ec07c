// SPDX-License-Identifier: MIT
/*
 * Unit test of util/outfile.c: commit and abort leave only the final file
 * (or nothing), the registry empties, and SIGINT, SIGTERM or SIGHUP during
 * a write remove the temp file and still kill the process with the signal;
 * a signal the caller ignores stays ignored.
 */
#include "util/outfile.h"
#include "tests/include/test.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/t-outfile.XXXXXX";

/* Entries of dir whose name holds ".tmp." */
static int temps(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	closedir(d);
	return n;
}

/* A child writes two outputs, then gets @sig (@ignored: set to SIG_IGN
 * before the first outfile_open of the process installs the handlers).
 * Returns its wait status. */
static int child_signalled(int sig, int ignored)
{
	struct outfile a, b;
	char pa[256], pb[256];
	int status;
	pid_t pid;

	snprintf(pa, sizeof(pa), "%s/a", dir);
	snprintf(pb, sizeof(pb), "%s/b", dir);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (ignored)
			signal(sig, SIG_IGN);
		if (outfile_open(&a, pa) || outfile_open(&b, pb))
			_exit(3);
		fputs("partial", a.f);
		fflush(a.f);
		kill(getpid(), sig);
		/* only when ignored: the outputs are still ours to finish */
		if (outfile_commit(&a) || outfile_commit(&b))
			_exit(4);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

int main(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct outfile o;
	char path[256];
	const char *reg[4];
	struct stat st;
	size_t i;
	int status;

	if (!mkdtemp(dir)) {
		perror(dir);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/out", dir);

	/* first, before this process opens any: an ignored SIGHUP (nohup) */
	status = child_signalled(SIGHUP, 1);
	CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "an ignored SIGHUP: child status %#x", status);
	CHECK_EQ(temps(), 0);
	/* the runner may have started us with SIGINT ignored (a background job) */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);

	CHECK_EQ(outfile_open(&o, path), 0);
	CHECK_EQ(outfile_registered(reg, 4), 1);
	CHECK(o.tmp_path && !strcmp(reg[0], o.tmp_path));
	CHECK_EQ(temps(), 1);
	fputs("x\n", o.f);
	CHECK_EQ(outfile_commit(&o), 0);
	CHECK_EQ(outfile_registered(reg, 4), 0);
	CHECK_EQ(temps(), 0);
	CHECK(stat(path, &st) == 0 && st.st_size == 2);

	CHECK_EQ(outfile_open(&o, path), 0);
	outfile_abort(&o);
	CHECK_EQ(outfile_registered(reg, 4), 0);
	CHECK_EQ(temps(), 0);
	outfile_abort(&o);		/* twice is fine */

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		status = child_signalled(sigs[i], 0);
		CHECK_MSG(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i],
			  "signal %d: child status %#x, not killed by the signal", sigs[i], status);
		CHECK_MSG(temps() == 0, "signal %d: %d temp file(s) left", sigs[i], temps());
		CHECK(access(path, F_OK) == 0);	/* the earlier committed output stays */
	}
	snprintf(path, sizeof(path), "%s/a", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/b", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/out", dir);
	unlink(path);
	rmdir(dir);
	return test_exit();
}
