/* One program per section kind, each attaching to a fixture entry.
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c hooks.bpf.c -o hooks.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define PROG(sec, name) SEC(sec) int name(void *ctx) { return 0; }

PROG("kprobe/f_kp", kp)
PROG("kretprobe/f_kp", krp)
PROG("kprobe/f_tp", kp_gone)
PROG("fentry/f_fe", fe)
PROG("fexit/f_fe", fx)
PROG("fmod_ret/f_fe", fm)
PROG("ksyscall/openat", ks)
PROG("kretsyscall/openat", krs)
PROG("tracepoint/sched/sched_switch", tp1)
PROG("tp/sched/sched_switch", tp2)
PROG("raw_tp/sched_switch", rtp1)
PROG("raw_tracepoint/sched_wakeup", rtp2)
PROG("tp_btf/sched_switch", tpb)
PROG("tracepoint/syscalls/sys_enter_read", sysr)
PROG("lsm/file_open", lsm1)
PROG("lsm.s/bprm_check_security", lsm2)
PROG("iter/task", it)
PROG("kprobe", kp_runtime)
PROG("fentry", fe_runtime)
PROG("uprobe//bin/sh:main", up)
PROG("usdt", us)
PROG("perf_event", pe)
PROG("cgroup_skb/ingress", cg)
PROG("xdp", xd)
PROG("tc", tcp)
PROG("socket", so)

char LICENSE[] SEC("license") = "GPL";
