/* File-system slowness in the style of libbpf-tools fsslower (ext4slower):
 * kprobes and kretprobes on ext4's file operations (read_iter, write_iter,
 * open, fsync), with fentry/fexit twins, and the file name read through
 * kiocb::ki_filp, file::f_path, path::dentry, dentry::d_name, qstr::name.
 * ext4 is a module on Debian: its functions are not in vmlinux.
 * clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c fsslower.bpf.c -o fsslower.bpf.o */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

struct data {
	u64 ts;
	loff_t start;
	struct file *fp;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, u32);
	__type(value, struct data);
} starts SEC(".maps");

char name[32];
long slow;

static __always_inline int probe_entry(struct file *fp, loff_t start)
{
	u32 tid = bpf_get_current_pid_tgid();
	struct data d = { .ts = bpf_ktime_get_ns(), .start = start, .fp = fp };

	if (!fp)
		return 0;
	bpf_map_update_elem(&starts, &tid, &d, 0);
	return 0;
}

static __always_inline int probe_exit(void)
{
	u32 tid = bpf_get_current_pid_tgid();
	struct data *d = bpf_map_lookup_elem(&starts, &tid);
	struct dentry *dentry;
	const unsigned char *file_name;
	struct file *fp;

	if (!d)
		return 0;
	fp = d->fp;
	dentry = BPF_CORE_READ(fp, f_path.dentry);
	file_name = BPF_CORE_READ(dentry, d_name.name);
	bpf_probe_read_kernel_str(name, sizeof(name), file_name);
	slow += bpf_ktime_get_ns() - d->ts;
	bpf_map_delete_elem(&starts, &tid);
	return 0;
}

SEC("kprobe/ext4_file_read_iter")
int BPF_KPROBE(file_read_entry, struct kiocb *iocb)
{
	return probe_entry(BPF_CORE_READ(iocb, ki_filp), BPF_CORE_READ(iocb, ki_pos));
}

SEC("kretprobe/ext4_file_read_iter")
int BPF_KRETPROBE(file_read_exit) { return probe_exit(); }

SEC("kprobe/ext4_file_write_iter")
int BPF_KPROBE(file_write_entry, struct kiocb *iocb)
{
	return probe_entry(BPF_CORE_READ(iocb, ki_filp), BPF_CORE_READ(iocb, ki_pos));
}

SEC("kretprobe/ext4_file_write_iter")
int BPF_KRETPROBE(file_write_exit) { return probe_exit(); }

SEC("kprobe/ext4_file_open")
int BPF_KPROBE(file_open_entry, struct inode *inode, struct file *file)
{
	return probe_entry(file, 0);
}

SEC("kretprobe/ext4_file_open")
int BPF_KRETPROBE(file_open_exit) { return probe_exit(); }

SEC("kprobe/ext4_sync_file")
int BPF_KPROBE(file_sync_entry, struct file *file, loff_t start, loff_t end)
{
	return probe_entry(file, start);
}

SEC("kretprobe/ext4_sync_file")
int BPF_KRETPROBE(file_sync_exit) { return probe_exit(); }

SEC("fentry/ext4_file_read_iter")
int BPF_PROG(file_read_fentry, struct kiocb *iocb)
{
	return probe_entry(iocb->ki_filp, iocb->ki_pos);
}

SEC("fexit/ext4_file_read_iter")
int BPF_PROG(file_read_fexit) { return probe_exit(); }

char LICENSE[] SEC("license") = "GPL";
