/* An unguarded read of task_struct::state (renamed __state in 5.14).
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c taskstate.bpf.c -o taskstate.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

long out;

SEC("tp_btf/sched_switch")
int state(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();

	out = BPF_CORE_READ(t, state);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
