/* Readahead efficiency in the style of libbpf-tools readahead: fentry/fexit
 * on the readahead entry (page_cache_ra_order on 6.x, do_page_cache_ra on
 * 5.10, __do_page_cache_readahead before), page allocations seen at the
 * exit of filemap_alloc_folio / __page_cache_alloc and first accesses at
 * folio_mark_accessed / mark_page_accessed; the kprobe programs are the
 * alternative user space loads where fentry cannot attach.
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c readahead.bpf.c -o readahead.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u32);
	__type(value, u64);
} in_readahead SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct page *);
	__type(value, u64);
} birth SEC(".maps");

long unused, used;

static __always_inline int ra_enter(void)
{
	u32 pid = bpf_get_current_pid_tgid();
	u64 one = 1;

	bpf_map_update_elem(&in_readahead, &pid, &one, 0);
	return 0;
}

static __always_inline int ra_exit(void)
{
	u32 pid = bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&in_readahead, &pid);
	return 0;
}

static __always_inline int alloc_done(struct page *page)
{
	u32 pid = bpf_get_current_pid_tgid();
	u64 ts;

	if (!bpf_map_lookup_elem(&in_readahead, &pid) || !page)
		return 0;
	ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&birth, &page, &ts, 0);
	__sync_fetch_and_add(&unused, 1);
	return 0;
}

static __always_inline int accessed(struct page *page)
{
	if (!bpf_map_lookup_elem(&birth, &page))
		return 0;
	__sync_fetch_and_add(&used, 1);
	bpf_map_delete_elem(&birth, &page);
	return 0;
}

SEC("fentry/page_cache_ra_order")
int BPF_PROG(ra_order) { return ra_enter(); }

SEC("fexit/page_cache_ra_order")
int BPF_PROG(ra_order_ret) { return ra_exit(); }

SEC("fentry/do_page_cache_ra")
int BPF_PROG(do_ra) { return ra_enter(); }

SEC("fexit/do_page_cache_ra")
int BPF_PROG(do_ra_ret) { return ra_exit(); }

SEC("fexit/filemap_alloc_folio")
int BPF_PROG(alloc_folio_ret, gfp_t gfp, unsigned int order, struct folio *ret)
{
	return alloc_done(&ret->page);
}

SEC("fentry/folio_mark_accessed")
int BPF_PROG(folio_accessed, struct folio *folio)
{
	return accessed(&folio->page);
}

/* the kprobe alternative */
SEC("kprobe/page_cache_ra_order")
int BPF_KPROBE(kp_ra_order) { return ra_enter(); }

SEC("kretprobe/page_cache_ra_order")
int BPF_KRETPROBE(kp_ra_order_ret) { return ra_exit(); }

SEC("kprobe/__do_page_cache_readahead")
int BPF_KPROBE(kp_do_ra) { return ra_enter(); }

SEC("kretprobe/__do_page_cache_readahead")
int BPF_KRETPROBE(kp_do_ra_ret) { return ra_exit(); }

SEC("kretprobe/__page_cache_alloc")
int BPF_KRETPROBE(kp_alloc_ret, struct page *ret) { return alloc_done(ret); }

SEC("kprobe/mark_page_accessed")
int BPF_KPROBE(kp_accessed, struct page *page) { return accessed(page); }

char LICENSE[] SEC("license") = "GPL";
