// SPDX-License-Identifier: MIT
/* Unit test of the syscall-name normalization (normalize/syscall_name.c). */
#include "normalize/syscall_name.h"
#include "tests/include/test.h"

#include <stdio.h>
#include <string.h>

static void check(const char *sym, const char *want)
{
	size_t len;
	const char *got = syscall_name(sym, &len);

	CHECK_MSG(len == strlen(want) && !strncmp(got, want, len),
		  "%s: expected '%s', got '%.*s'", sym, want, (int)len, got);
}

static void check_ni(const char *sym, int want)
{
	CHECK_MSG(syscall_is_ni(sym) == !!want, "syscall_is_ni(%s) != %d", sym, want);
}

int main(void)
{
	const char *const *p;
	size_t i, j, n;

	check("__x64_sys_read", "read");
	check("__x64_sys_newstat", "newstat");
	check("__ia32_sys_read", "read");
	check("__ia32_compat_sys_sigaction", "sigaction");
	check("__x32_compat_sys_ioctl", "ioctl");
	check("__arm64_sys_openat", "openat");
	check("__arm64_compat_sys_aarch32_mmap2", "aarch32_mmap2");
	check("__arm64_sys_arm64_personality", "arm64_personality");
	check("__s390x_sys_write", "write");
	check("__s390_compat_sys_readv", "readv");
	check("__s390_sys_fork", "fork");
	check("__riscv_sys_clone", "clone");
	check("__powerpc_sys_read", "read");
	check("__se_sys_write", "write");
	check("compat_sys_ioctl", "ioctl");
	check("sys_read", "read");
	check("SyS_read", "read");
	check("sys_sigreturn_wrapper", "sigreturn");
	check("sys_arm_fadvise64_64", "arm_fadvise64_64");
	check("ppc_select", "select");
	check("ppc64_personality", "personality");
	check("sys_ni_syscall", "ni_syscall");
	check("do_something", "do_something");
	check("sys_", "sys_");			/* nothing left: keep as is */
	check("_wrapper", "_wrapper");

	check_ni("sys_ni_syscall", 1);
	check_ni("__x64_sys_ni_syscall", 1);
	check_ni("__arm64_sys_ni_syscall", 1);
	check_ni("__arm64_compat_sys_ni_syscall", 1);
	check_ni("__s390_sys_ni_syscall", 1);
	check_ni("__x64_sys_read", 0);
	check_ni("ni_syscall_x", 0);

	/* A prefix that starts a later one would shadow it. */
	p = syscall_name_prefixes(&n);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			CHECK_MSG(strncmp(p[j], p[i], strlen(p[i])),
				  "prefix %s shadows %s", p[i], p[j]);
	return test_exit();
}
