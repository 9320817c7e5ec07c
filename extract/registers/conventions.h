/* SPDX-License-Identifier: MIT */
/*
 * Where a kprobe finds function arguments and the return value in struct
 * pt_regs, per architecture: the PT_REGS_PARMn / PT_REGS_RC /
 * PT_REGS_PARMn_SYSCALL registers of libbpf's bpf_tracing.h (libbpf 1.3+),
 * except i386, where the kernel is built with -mregparm=3 (ax dx cx, as the
 * kernel's own regs_get_kernel_argument() reads them; libbpf's vmlinux.h
 * mode uses the x86-64 names there). Names are pt_regs member paths as C
 * spells them: "di", "regs[0]", "gprs[2]".
 */
#ifndef DEPSURF_REG_CONVENTIONS_H
#define DEPSURF_REG_CONVENTIONS_H

#define REGCONV_MAX_ARGS 8

enum regconv_wrapper {
	WRAPPER_NEVER,		/* the arch never wraps syscalls */
	WRAPPER_PREFIX,		/* wrapped iff a "<prefix>sys_*" symbol exists */
	WRAPPER_NOT_ALIAS,	/* wrapped iff sys_X is not an alias of __se_sys_X */
};

struct regconv {
	const char *arch;				/* kimage_arch() spelling */
	const char *args[REGCONV_MAX_ARGS + 1];		/* NULL-terminated */
	const char *ret;
	const char *syscall_args[7];			/* NULL-terminated */
	enum regconv_wrapper wrapper;
	const char *wrapper_prefix;			/* for WRAPPER_PREFIX */
};

/* The convention of @arch, or NULL when depsurf does not know it. */
const struct regconv *regconv_find(const char *arch);

#endif
