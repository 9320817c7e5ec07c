// SPDX-License-Identifier: MIT
#include "normalize/syscall_name.h"

#include <string.h>

/*
 * Wrapper prefixes, by ABI. The first match wins, so a prefix that begins
 * another one must come after it (checked by tests/normalize/t-syscall-name).
 */
static const char *const prefixes[] = {
	/* x86: 4.17+ pt_regs wrappers, older ones, 3.x/4.x SyS_ aliases */
	"__x64_compat_sys_", "__x64_sys_",
	"__ia32_compat_sys_", "__ia32_sys_",
	"__x32_compat_sys_", "__x32_sys_",
	/* arm64 4.19+ */
	"__arm64_compat_sys_", "__arm64_sys_",
	/* s390 5.x+: __s390x_ native, __s390_ compat (31-bit emulation) */
	"__s390x_compat_sys_", "__s390x_sys_",
	"__s390_compat_sys_", "__s390_sys_",
	/* riscv 6.x, powerpc 6.1+ */
	"__riscv_compat_sys_", "__riscv_sys_",
	"__powerpc_compat_sys_", "__powerpc_sys_",
	/* generic SYSCALL_DEFINE layers */
	"__se_compat_sys_", "__se_sys_", "__do_compat_sys_", "__do_sys_",
	"compat_sys_", "sys32_", "sys_", "SyS_",
	/* powerpc asm/C entry points without a sys_ prefix */
	"ppc64_", "ppc32_", "ppc_",
};

#define WRAPPER_SUFFIX "_wrapper"	/* arm: sys_sigreturn_wrapper */

const char *syscall_name(const char *sym, size_t *len)
{
	size_t i, n, sl = strlen(WRAPPER_SUFFIX);

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t pl = strlen(prefixes[i]);

		if (!strncmp(sym, prefixes[i], pl) && sym[pl]) {
			sym += pl;
			break;
		}
	}
	n = strlen(sym);
	if (n > sl && !strcmp(sym + n - sl, WRAPPER_SUFFIX))
		n -= sl;
	*len = n;
	return sym;
}

bool syscall_is_ni(const char *sym)
{
	size_t len;
	const char *name = syscall_name(sym, &len);

	return len == strlen("ni_syscall") && !strncmp(name, "ni_syscall", len);
}

const char *const *syscall_name_prefixes(size_t *n)
{
	*n = sizeof(prefixes) / sizeof(prefixes[0]);
	return prefixes;
}
