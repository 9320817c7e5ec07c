/* CO-RE records of every kind: BPF_CORE_READ chains through pointers, an
 * anonymous union and an array; a field exists guard; type exists and size;
 * an enum value with its exists guard; a ___flavor pair chosen by kernel
 * version; __kconfig and __ksym externs.
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c core.bpf.c -o core.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

extern int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig;
extern bool CONFIG_BPF_LSM __kconfig __weak;
extern const int bpf_prog_active __ksym;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;

struct task_struct___a {
	long state;
} __attribute__((preserve_access_index));
struct task_struct___b {
	unsigned int __state;
} __attribute__((preserve_access_index));

long out[8];

SEC("kprobe/f_kp")
int reads(struct pt_regs *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct sk_buff *skb = (void *)ctx->di;

	out[0] = BPF_CORE_READ(t, real_parent, pid);
	out[1] = (long)BPF_CORE_READ(skb, dev, ifindex);
	out[2] = (long)BPF_CORE_READ(t, children[1].next);
	if (bpf_core_type_exists(struct net_device))
		out[3] = bpf_core_type_size(struct net_device);
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_ringbuf_output))
		out[4] = bpf_core_enum_value(enum bpf_func_id, BPF_FUNC_ringbuf_output);
	out[5] = bpf_core_enum_value(enum bpf_func_id, BPF_FUNC_map_lookup_elem);
	if (LINUX_KERNEL_VERSION >= KERNEL_VERSION(5, 14, 0))
		out[6] = BPF_CORE_READ((struct task_struct___b *)t, __state);
	else
		out[6] = BPF_CORE_READ((struct task_struct___a *)t, state);
	out[7] = CONFIG_HZ + CONFIG_BPF_LSM + (long)&bpf_prog_active;
	return 0;
}

SEC("tp_btf/sched_switch")
int kf(void *ctx)
{
	struct task_struct *t = bpf_task_acquire((void *)bpf_get_current_task());

	out[0] = (long)t;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
