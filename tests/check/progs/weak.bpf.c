/* Optional externs and a struct_group member: a __weak __kconfig option
 * that no image sets (libbpf gives 0), a __weak __ksym kfunc tested with
 * bpf_ksym_exists()'s test (absent on k510: handled), a __weak kernel
 * variable, a strong __kconfig option for contrast, and sk_buff::protocol,
 * which 5.10 declares directly and 6.1 inside struct_group(headers) (an
 * anonymous union of an anonymous struct and the named struct "headers").
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c weak.bpf.c -o weak.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

extern bool CONFIG_DEPSURF_NO_SUCH_OPTION __kconfig __weak;
extern int CONFIG_HZ __kconfig;
extern const int bpf_prog_active __ksym __weak;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;

long out[4];

SEC("kprobe/f_fe")
int BPF_KPROBE(group, struct sk_buff *skb)
{
	out[0] = BPF_CORE_READ(skb, protocol);
	out[1] = CONFIG_DEPSURF_NO_SUCH_OPTION + CONFIG_HZ;
	out[2] = (long)&bpf_prog_active;
	return 0;
}

SEC("tp_btf/sched_switch")
int kf(void *ctx)
{
	/* bpf_ksym_exists(): libbpf leaves a missing weak kfunc NULL */
	if (bpf_task_acquire)
		out[3] = (long)bpf_task_acquire((void *)bpf_get_current_task());
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
