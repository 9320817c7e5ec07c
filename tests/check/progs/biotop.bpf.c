/* Block-I/O top in the style of libbpf-tools biotop: the issuing process at
 * blk_account_io_start, the request's disk, size and direction at
 * blk_mq_start_request, the completion at blk_account_io_done (kprobes),
 * and the block_io_start/block_io_done tracepoints that user space loads
 * instead where the kernel has them (6.5 on). The disk is
 * request::rq_disk under bpf_core_field_exists, else request_queue::disk.
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c biotop.bpf.c -o biotop.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define REQ_OP_MASK 0xff
#define REQ_OP_WRITE 1

struct start_req {
	u64 ts;
	u64 data_len;
};

struct info {
	u32 major, minor, rwflag, pid;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct request *);
	__type(value, struct start_req);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct request *);
	__type(value, struct info);
} infobyreq SEC(".maps");

u64 bytes, us;

static __always_inline struct gendisk *get_disk(void *request)
{
	struct request *r = request;

	if (bpf_core_field_exists(r->rq_disk))
		return BPF_CORE_READ(r, rq_disk);
	return BPF_CORE_READ(r, q, disk);
}

static __always_inline int trace_start(struct request *req)
{
	struct info info = { .pid = bpf_get_current_pid_tgid() >> 32 };

	bpf_map_update_elem(&infobyreq, &req, &info, 0);
	return 0;
}

static __always_inline int trace_issue(struct request *req)
{
	struct start_req s = { .ts = bpf_ktime_get_ns() };
	struct gendisk *disk = get_disk(req);
	struct info *info = bpf_map_lookup_elem(&infobyreq, &req);

	s.data_len = BPF_CORE_READ(req, __data_len);
	if (info) {
		info->major = BPF_CORE_READ(disk, major);
		info->minor = BPF_CORE_READ(disk, first_minor);
		info->rwflag = (BPF_CORE_READ(req, cmd_flags) & REQ_OP_MASK) == REQ_OP_WRITE;
	}
	bpf_map_update_elem(&start, &req, &s, 0);
	return 0;
}

static __always_inline int trace_done(struct request *req)
{
	struct start_req *s = bpf_map_lookup_elem(&start, &req);

	if (!s)
		return 0;
	bytes += s->data_len;
	us += (bpf_ktime_get_ns() - s->ts) / 1000;
	bpf_map_delete_elem(&start, &req);
	bpf_map_delete_elem(&infobyreq, &req);
	return 0;
}

SEC("kprobe/blk_account_io_start")
int BPF_KPROBE(blk_account_io_start, struct request *req) { return trace_start(req); }

SEC("kprobe/blk_mq_start_request")
int BPF_KPROBE(blk_mq_start_request, struct request *req) { return trace_issue(req); }

SEC("kprobe/blk_account_io_done")
int BPF_KPROBE(blk_account_io_done, struct request *req) { return trace_done(req); }

SEC("tp_btf/block_io_start")
int BPF_PROG(block_io_start, struct request *req) { return trace_start(req); }

SEC("tp_btf/block_io_done")
int BPF_PROG(block_io_done, struct request *req) { return trace_done(req); }

char LICENSE[] SEC("license") = "GPL";
