// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: formats/krel.h on the input as a relocatable object
 * (a module .ko): every _ftrace_events slot followed through its
 * relocation, the pointers and strings of the record it reaches, the
 * symbols there, as depsurf-tracepoints --modules reads them.
 */
#include "formats/krel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A few pointer hops from @at, reading what a trace_event_call holds. */
static void walk(const struct krel *kr, struct krel_loc at, int depth)
{
	static const uint64_t offs[] = { 0, 8, 16, 24, 48, 56, 80 };
	struct krel_loc to;
	const char *s;
	uint64_t v;
	size_t i;

	krel_read_uint(kr, at, 4, &v);
	krel_sym_at(kr, at, "event_");
	if (!krel_read_str(kr, at, &s))
		(void)strlen(s);
	for (i = 0; depth < 3 && i < sizeof(offs) / sizeof(offs[0]); i++) {
		struct krel_loc p = { at.shndx, at.off + offs[i] };

		if (!krel_read_ptr(kr, p, &to) && to.shndx)
			walk(kr, to, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	struct krel *kr = NULL;
	struct krel_loc start, at, call;
	uint64_t len, i;
	Elf *elf;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	elf_version(EV_CURRENT);
	elf = elf_memory(buf, size);
	if (elf && !krel_open(elf, &kr)) {
		krel_count_prefix(kr, "__tracepoint_", "__tracepoints");
		if (!krel_section(kr, "_ftrace_events", &start, &len)) {
			for (i = 0; i < len && i < 64 * 8; i += krel_ptr_size(kr)) {
				at = start;
				at.off += i;
				if (!krel_read_ptr(kr, at, &call) && call.shndx)
					walk(kr, call, 0);
			}
		}
	}
	krel_free(kr);
	elf_end(elf);
	free(buf);
	return 0;
}
