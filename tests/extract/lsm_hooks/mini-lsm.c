/*
 * The LSM shapes depsurf-lsm_hooks reads (include/linux/lsm_hooks.h):
 * the hook table (security_hook_heads before 6.9, lsm_static_calls_table
 * after: -DSTATIC_CALLS), union security_list_options and bpf_lsm_<hook>.
 * task_alloc has no bpf_lsm_ function: its prototype comes from the union,
 * with unnamed parameters; lsm_func_addr is in the union but not a hook.
 *
 *   gcc -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start \
 *       [-DSTATIC_CALLS] -o OUT mini-lsm.c && pahole -J OUT
 */
struct hlist_head { void *first; };
struct static_call_key;
struct lsm_static_call { struct static_call_key *key; void *trampoline; };
struct file;
struct inode;

#ifdef STATIC_CALLS
struct lsm_static_calls_table {
	struct lsm_static_call task_alloc[2];
	struct lsm_static_call file_open[2];
	struct lsm_static_call inode_free_security[2];
};
struct lsm_static_calls_table static_calls_table;
#else
struct security_hook_heads {
	struct hlist_head task_alloc;
	struct hlist_head file_open;
	struct hlist_head inode_free_security;
};
struct security_hook_heads security_hook_heads;
#endif

union security_list_options {
	int (*task_alloc)(void *task, unsigned long clone_flags);
	int (*file_open)(struct file *file);
	void (*inode_free_security)(struct inode *inode);
	void *lsm_func_addr;
};
union security_list_options lsm_options;

__attribute__((noinline)) int bpf_lsm_file_open(struct file *file)
{
	return file != 0;
}

__attribute__((noinline)) void bpf_lsm_inode_free_security(struct inode *inode)
{
	__asm__ volatile("" : : "r"(inode));
}

void mini_start(void)
{
	bpf_lsm_file_open(0);
	bpf_lsm_inode_free_security(0);
	for (;;)
		;
}
