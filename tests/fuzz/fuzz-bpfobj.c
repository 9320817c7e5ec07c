// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the BPF object reader of `depsurf check` on a hostile
 * object: bpfobj_open() (ELF, program sections, .BTF, the .BTF.ext CO-RE
 * records, externs), every record's access string through core_resolve(),
 * then the dependency set of the whole object (check_set_build()).
 */
#include "check/bpfobj.h"
#include "check/core.h"
#include "check/deps.h"
#include "tests/fuzz/fuzz-util.h"

#include <bpf/libbpf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpfobj o = { 0 };
	struct check_set s = { 0 };
	const char *why = NULL;
	char path[64];
	size_t i;
	int fd;

	(void)fuzz_devnull();	/* messages silenced, libbpf's too */
	libbpf_set_print(NULL);
	fd = fuzz_memfd(data, size, path, sizeof(path));
	if (fd < 0)
		return 0;
	if (bpfobj_open(path, &o, &why) == 0) {
		for (i = 0; i < o.nrelos; i++) {
			struct core_access a = { 0 };

			(void)core_resolve(&o, &o.relos[i], &a, &why);
			core_access_free(&a);
		}
		(void)check_set_build(&o, &s, &why);
		check_set_free(&s);
	}
	bpfobj_close(&o);
	close(fd);
	return 0;
}
