/* SPDX-License-Identifier: MIT */
/*
 * Syscall names from syscall-table entry symbols (docs/schema-syscalls.md):
 * the ABI wrapper prefix is stripped, giving the name the kernel itself uses
 * for the syscall (SYSCALL_DEFINE name, the `syscalls:sys_enter_<name>`
 * event): __x64_sys_read → read, __ia32_compat_sys_sigaction → sigaction,
 * __arm64_sys_ni_syscall → ni_syscall, ppc_select → select,
 * sys_sigreturn_wrapper → sigreturn. It is not always the uapi __NR_ name
 * (x86-64 `stat` is served by sys_newstat → "newstat"); see
 * docs/schema-syscalls.md.
 */
#ifndef DEPSURF_SYSCALL_NAME_H
#define DEPSURF_SYSCALL_NAME_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The syscall name of entry symbol @sym: a pointer into @sym and its length
 * in *@len (the suffix "_wrapper" is not counted).
 */
const char *syscall_name(const char *sym, size_t *len);

/* The prefix table, in match order (for the unit test). */
const char *const *syscall_name_prefixes(size_t *n);

/* Whether @sym is the "not implemented" entry (sys_ni_syscall, any ABI). */
bool syscall_is_ni(const char *sym);

#endif
