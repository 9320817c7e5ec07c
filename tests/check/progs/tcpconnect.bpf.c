/* TCP connects in the style of libbpf-tools tcpconnect: kprobe and
 * kretprobe on tcp_v4_connect and tcp_v6_connect, the addresses and port
 * read from sock::__sk_common (sock_common::skc_daddr and skc_dport sit in
 * anonymous structs of anonymous unions; the IPv6 ones are arrays of the
 * named union in6_addr::in6_u).
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c tcpconnect.bpf.c -o tcpconnect.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, u32);
	__type(value, struct sock *);
} sockets SEC(".maps");

struct event {
	__u32 saddr_v4, daddr_v4;
	__u32 saddr_v6[4], daddr_v6[4];
	__u16 dport, family;
} ev;

static __always_inline int enter_tcp_connect(struct sock *sk)
{
	u32 tid = bpf_get_current_pid_tgid();

	bpf_map_update_elem(&sockets, &tid, &sk, 0);
	return 0;
}

static __always_inline int exit_tcp_connect(int ret, int ip_ver)
{
	u32 tid = bpf_get_current_pid_tgid();
	struct sock **skpp = bpf_map_lookup_elem(&sockets, &tid);
	struct sock *sk;

	if (!skpp)
		return 0;
	sk = *skpp;
	if (!ret) {
		ev.dport = BPF_CORE_READ(sk, __sk_common.skc_dport);
		ev.family = BPF_CORE_READ(sk, __sk_common.skc_family);
		if (ip_ver == 4) {
			ev.saddr_v4 = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
			ev.daddr_v4 = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		} else {
			BPF_CORE_READ_INTO(&ev.saddr_v6, sk,
					   __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32);
			BPF_CORE_READ_INTO(&ev.daddr_v6, sk,
					   __sk_common.skc_v6_daddr.in6_u.u6_addr32);
		}
	}
	bpf_map_delete_elem(&sockets, &tid);
	return 0;
}

SEC("kprobe/tcp_v4_connect")
int BPF_KPROBE(tcp_v4_connect, struct sock *sk) { return enter_tcp_connect(sk); }

SEC("kretprobe/tcp_v4_connect")
int BPF_KRETPROBE(tcp_v4_connect_ret, int ret) { return exit_tcp_connect(ret, 4); }

SEC("kprobe/tcp_v6_connect")
int BPF_KPROBE(tcp_v6_connect, struct sock *sk) { return enter_tcp_connect(sk); }

SEC("kretprobe/tcp_v6_connect")
int BPF_KRETPROBE(tcp_v6_connect_ret, int ret) { return exit_tcp_connect(ret, 6); }

char LICENSE[] SEC("license") = "GPL";
