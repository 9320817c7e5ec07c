// SPDX-License-Identifier: MIT
/* Unit test of normalize/srcpath.h on the paths real images carry. */
#include "normalize/srcpath.h"
#include "tests/include/test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check2(const char *dir, const char *name, const char *comp_dir,
		   const char *want)
{
	char *got = srcpath_normalize2(dir, name, comp_dir);

	CHECK_MSG(test_str_eq(got, want), "(%s, %s, %s): expected '%s', got '%s'",
		  dir ? dir : "NULL", name, comp_dir ? comp_dir : "NULL",
		  want, got ? got : "(null)");
	free(got);
}

static void check(const char *path, const char *comp_dir, const char *want)
{
	check2(NULL, path, comp_dir, want);
}

int main(void)
{
	const char *deb = "debian/build/build_amd64_none_amd64";
	const char *deb_abs =
		"/build/reproducible-path/linux-6.1.170/debian/build/build_amd64_none_amd64";
	const char *ubu = "/build/linux-Vk0tC7/linux-5.4.0";

	/* Debian 6.1: relative (prefix-mapped) sources */
	check("arch/x86/kernel/head64.c", deb, "arch/x86/kernel/head64.c");
	check2("include/linux", "fs.h", deb, "include/linux/fs.h");
	check2("arch/x86/kernel/../include/asm/trace/.", "irq_vectors.h", deb,
	       "arch/x86/include/asm/trace/irq_vectors.h");
	check2("net/ipv4/../core", "sock.c", deb, "net/core/sock.c");
	check2(deb, "<built-in>", deb, "<built-in>");
	check2(deb, ".vmlinux.export.c", deb, ".vmlinux.export.c");
	check2("./arch/x86/include/generated/asm", "syscalls_64.h", deb,
	       "arch/x86/include/generated/asm/syscalls_64.h");
	/* Debian 6.1: assembly units keep absolute paths */
	check("/build/reproducible-path/linux-6.1.170/arch/x86/kernel/head_64.S",
	      deb_abs, "arch/x86/kernel/head_64.S");
	check("/build/reproducible-path/linux-6.1.170/arch/x86/kernel/../../x86/xen/xen-head.S",
	      deb_abs, "arch/x86/xen/xen-head.S");
	check2(deb_abs, "include/generated/autoconf.h", deb_abs,
	       "include/generated/autoconf.h");
	check("/build/reproducible-path/linux-6.1.170/debian/build/build_amd64_none_amd64/include/generated/asm-offsets.h",
	      NULL, "include/generated/asm-offsets.h");
	/* Ubuntu: absolute build paths, two linux-* levels */
	check("/build/linux-Vk0tC7/linux-5.4.0/include/linux/fs.h", ubu,
	      "include/linux/fs.h");
	check("/build/linux-Vk0tC7/linux-5.4.0/kernel/sched/core.c", NULL,
	      "kernel/sched/core.c");
	check("/build/linux-hwe-5.15-abc/mm/slub.c", NULL, "mm/slub.c");
	check("/build/linux-Vk0tC7/linux-5.4.0/debian/build/build-generic/include/generated/autoconf.h",
	      NULL, "include/generated/autoconf.h");
	/* relative to an out-of-tree comp_dir */
	check("../../../include/linux/fs.h",
	      "/build/linux-x/linux-5.4.0/debian/build/build-generic",
	      "include/linux/fs.h");
	check("./kernel/fork.c", NULL, "kernel/fork.c");
	/* left alone */
	check("/usr/lib/gcc/x86_64-linux-gnu/12/include/stdarg.h", deb,
	      "/usr/lib/gcc/x86_64-linux-gnu/12/include/stdarg.h");
	check("<built-in>", NULL, "<built-in>");
	check("a//b/./c", NULL, "a/b/c");
	check("../x.c", NULL, "../x.c");
	check("/../x.c", NULL, "/x.c");
	check("/", NULL, "/");
	check(".", NULL, ".");
	/* a directory named linux-* inside the tree is not a build root */
	check("drivers/gpu/linux-thing/x.c", NULL, "drivers/gpu/linux-thing/x.c");
	check2(NULL, "/abs/name.c", "ignored", "/abs/name.c");
	return test_exit();
}
