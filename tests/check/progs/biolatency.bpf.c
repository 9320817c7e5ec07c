/* Block I/O latency in the style of libbpf-tools biolatency/biotop: a kprobe
 * on blk_account_io_start, request::rq_disk read under
 * bpf_core_field_exists with request_queue::disk as the fallback, and the
 * block_rq_issue tracepoint.
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c biolatency.bpf.c -o biolatency.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u64);
	__type(value, u64);
} start SEC(".maps");

static __always_inline struct gendisk *get_disk(void *request)
{
	struct request *r = request;

	if (bpf_core_field_exists(r->rq_disk))
		return BPF_CORE_READ(r, rq_disk);
	return BPF_CORE_READ(r, q, disk);
}

SEC("kprobe/blk_account_io_start")
int BPF_KPROBE(account_start, struct request *rq)
{
	u64 key = (u64)rq, ts = bpf_ktime_get_ns();
	struct gendisk *disk = get_disk(rq);

	if (BPF_CORE_READ(disk, major) == 0)
		return 0;
	bpf_map_update_elem(&start, &key, &ts, 0);
	return 0;
}

SEC("tracepoint/block/block_rq_issue")
int rq_issue(void *ctx)
{
	u64 key = 0, ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &key, &ts, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
