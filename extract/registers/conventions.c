// SPDX-License-Identifier: MIT
#include "extract/registers/conventions.h"

#include <string.h>

static const struct regconv conventions[] = {
	{ "x86_64", { "di", "si", "dx", "cx", "r8", "r9" }, "ax",
	  { "di", "si", "dx", "r10", "r8", "r9" }, WRAPPER_PREFIX, "__x64_sys_" },
	{ "i386", { "ax", "dx", "cx" }, "ax",
	  { "bx", "cx", "dx", "si", "di", "bp" }, WRAPPER_PREFIX, "__ia32_sys_" },
	{ "aarch64", { "regs[0]", "regs[1]", "regs[2]", "regs[3]", "regs[4]", "regs[5]",
		       "regs[6]", "regs[7]" }, "regs[0]",
	  { "orig_x0", "regs[1]", "regs[2]", "regs[3]", "regs[4]", "regs[5]" },
	  WRAPPER_PREFIX, "__arm64_sys_" },
	{ "arm", { "uregs[0]", "uregs[1]", "uregs[2]", "uregs[3]", "uregs[4]", "uregs[5]",
		   "uregs[6]" }, "uregs[0]",
	  { "uregs[0]", "uregs[1]", "uregs[2]", "uregs[3]", "uregs[4]", "uregs[5]" },
	  WRAPPER_NEVER, NULL },
	{ "s390x", { "gprs[2]", "gprs[3]", "gprs[4]", "gprs[5]", "gprs[6]" }, "gprs[2]",
	  { "orig_gpr2", "gprs[3]", "gprs[4]", "gprs[5]", "gprs[6]", "gprs[7]" },
	  WRAPPER_PREFIX, "__s390x_sys_" },
	{ "ppc64le", { "gpr[3]", "gpr[4]", "gpr[5]", "gpr[6]", "gpr[7]", "gpr[8]", "gpr[9]",
		       "gpr[10]" }, "gpr[3]",
	  { "orig_gpr3", "gpr[4]", "gpr[5]", "gpr[6]", "gpr[7]", "gpr[8]" },
	  WRAPPER_NOT_ALIAS, NULL },
	{ "ppc64", { "gpr[3]", "gpr[4]", "gpr[5]", "gpr[6]", "gpr[7]", "gpr[8]", "gpr[9]",
		     "gpr[10]" }, "gpr[3]",
	  { "orig_gpr3", "gpr[4]", "gpr[5]", "gpr[6]", "gpr[7]", "gpr[8]" },
	  WRAPPER_NOT_ALIAS, NULL },
	{ "riscv64", { "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7" }, "a0",
	  { "orig_a0", "a1", "a2", "a3", "a4", "a5" }, WRAPPER_PREFIX, "__riscv_sys_" },
	{ "loongarch64", { "regs[4]", "regs[5]", "regs[6]", "regs[7]", "regs[8]", "regs[9]",
			   "regs[10]", "regs[11]" }, "regs[4]",
	  { "orig_a0", "regs[5]", "regs[6]", "regs[7]", "regs[8]", "regs[9]" },
	  WRAPPER_NEVER, NULL },
	{ "mips64el", { "regs[4]", "regs[5]", "regs[6]", "regs[7]", "regs[8]", "regs[9]",
			"regs[10]", "regs[11]" }, "regs[2]",
	  { "regs[4]", "regs[5]", "regs[6]", "regs[7]", "regs[8]", "regs[9]" },
	  WRAPPER_NEVER, NULL },
};

const struct regconv *regconv_find(const char *arch)
{
	size_t i;

	for (i = 0; arch && i < sizeof(conventions) / sizeof(conventions[0]); i++)
		if (!strcmp(conventions[i].arch, arch))
			return &conventions[i];
	return NULL;
}
