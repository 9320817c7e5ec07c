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
typedef __u32 __portpair;
typedef __u64 __addrpair;
typedef long long loff_t;
typedef unsigned int gfp_t;

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
	unsigned int cmd_flags;
	struct gendisk *rq_disk;
	unsigned int __data_len;
	unsigned long long __sector;
};
struct list_head {
	struct list_head *next, *prev;
};
struct ns_common {
	unsigned int inum;
};
struct pid_namespace {
	struct ns_common ns;
};
struct nsproxy {
	struct pid_namespace *pid_ns_for_children;
};
struct task_struct {
	long state;
	unsigned int __state;
	int pid;
	int tgid;
	char comm[16];
	struct task_struct *real_parent;
	struct list_head children[2];
	struct nsproxy *nsproxy;
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
	/* struct_group(headers, ...): the members twice, anonymously and as "headers" */
	union {
		struct {
			__u8 pkt_type;
			__be16 protocol;
		};
		struct {
			__u8 pkt_type;
			__be16 protocol;
		} headers;
	};
};
/* page cache */
struct page {
	unsigned long flags;
};
struct folio {
	union {
		struct {
			unsigned long flags;
		};
		struct page page;
	};
};
/* files */
struct qstr {
	union {
		struct {
			__u32 hash;
			__u32 len;
		};
		__u64 hash_len;
	};
	const unsigned char *name;
};
struct dentry {
	struct qstr d_name;
};
struct path {
	void *mnt;
	struct dentry *dentry;
};
struct file {
	struct path f_path;
};
struct inode {
	unsigned long i_ino;
};
struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
};
/* sockets */
struct in6_addr {
	union {
		__u8 u6_addr8[16];
		__be16 u6_addr16[8];
		__be32 u6_addr32[4];
	} in6_u;
};
struct sock_common {
	union {
		__addrpair skc_addrpair;
		struct {
			__be32 skc_daddr;
			__be32 skc_rcv_saddr;
		};
	};
	union {
		__portpair skc_portpair;
		struct {
			__be16 skc_dport;
			__u16 skc_num;
		};
	};
	unsigned short skc_family;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
};
struct sock {
	struct sock_common __sk_common;
};
enum bpf_func_id {
	BPF_FUNC_unspec = 0,
	BPF_FUNC_map_lookup_elem = 1,
	BPF_FUNC_ringbuf_output = 130,
};
#pragma clang attribute pop
#endif
