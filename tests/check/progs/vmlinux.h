/* A minimal vmlinux.h for the test programs: hand-written C definitions of
 * the few kernel types they read, every record CO-RE-relocatable. */
#ifndef __VMLINUX_H__
#define __VMLINUX_H__
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u32 u32;
typedef __u64 u64;
typedef _Bool bool;
enum { false = 0, true = 1 };
enum bpf_map_type { BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_ARRAY = 2 };
typedef __u32 __be32;
typedef __u16 __be16;
typedef __u32 __wsum;

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
struct pt_regs {
	unsigned long di, si, dx, cx, r8, r9, ax, ip, sp;
};
struct gendisk {
	int major;
	int first_minor;
	char disk_name[32];
};
struct request_queue {
	struct gendisk *disk;
};
struct request {
	struct request_queue *q;
	struct gendisk *rq_disk;
	unsigned int __data_len;
	unsigned long long __sector;
};
struct list_head {
	struct list_head *next, *prev;
};
struct task_struct {
	long state;
	unsigned int __state;
	int pid;
	char comm[16];
	struct task_struct *real_parent;
	struct list_head children[2];
};
struct net_device {
	char name[16];
	int ifindex;
};
struct sk_buff {
	union {
		struct {
			struct sk_buff *next;
			struct sk_buff *prev;
			union {
				struct net_device *dev;
				unsigned long dev_scratch;
			};
		};
	};
	unsigned int len;
};
enum bpf_func_id {
	BPF_FUNC_unspec = 0,
	BPF_FUNC_map_lookup_elem = 1,
	BPF_FUNC_ringbuf_output = 130,
};
#pragma clang attribute pop
#endif
