/* task_struct::state or __state as libbpf-tools reads it: two flavors, the
 * new field tested with bpf_core_field_exists, the old one as the fallback.
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c taskflavor.bpf.c -o taskflavor.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___o {
	volatile long int state;
} __attribute__((preserve_access_index));
struct task_struct___x {
	unsigned int __state;
} __attribute__((preserve_access_index));

static __always_inline __s64 get_task_state(void *task)
{
	struct task_struct___x *t = task;

	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((struct task_struct___o *)task, state);
}

long out;

SEC("tp_btf/sched_switch")
int state(void *ctx)
{
	out = get_task_state((void *)bpf_get_current_task());
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
