// SPDX-License-Identifier: MIT
/*
 * A "mini kernel" for the type and register tests: struct/union/enum shapes
 * a real vmlinux has, a struct pt_regs like each architecture's, and the
 * syscall entry symbols that tell whether syscalls are wrapped. Compiled at
 * test time (see test-types.sh), for the host and cross targets:
 *   $CC -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start \
 *       -o mini.elf mini-kernel.c mini-dup.c
 * then `pahole -J mini.elf` adds .BTF.
 */
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;

struct sk_buff;
struct file_operations {
	long (*read)(struct sk_buff *, char *, unsigned long);
	int (*open)(void);
};

enum req_state { REQ_IDLE, REQ_IN_FLIGHT = 4, REQ_DONE };
enum signed_state { ST_INVALID = -1, ST_OK = 0, ST_MIN = -2147483647 - 1 };
enum wide64 { W_SMALL = 1, W_BIG = 0xfffffffffffffff0ULL, W_TOP = 0x8000000000000000ULL };
enum wide_neg { WN_NEG = -5000000000LL, WN_POS = 5000000000LL };
enum { ANON_A = 1, ANON_B = 2 };
enum { ANON_C = 3, ANON_A_DUP = 1 };

struct list_head {
	struct list_head *next, *prev;
};

struct request {
	struct list_head queuelist;
	u32 __data_len;
	volatile int refcount;
	const char *name;
	char *const fixed;
	const volatile unsigned long cv;
	char comm[16];
	int grid[2][3];
	int (*ptr_to_array)[4];
	void (*callbacks[2])(struct request *, int);
	const struct file_operations *fops;
	enum req_state state;
	unsigned int flag_a : 1;
	unsigned int flag_b : 3;
	int signed_bits : 5;
	union {
		u64 sector;
		struct {
			u32 lo;
			u32 hi;
		};
	};
	struct {
		short x, y;
	} point;
	enum { INLINE_X, INLINE_Y } inline_enum;
	s64 wide;
	char tail[];
};

struct layout32 {
	char c;
	long long ll;
	void *p;
	long l;
};

union key {
	u64 id;
	char bytes[8];
	struct list_head *head;
};

/* ---- struct pt_regs as each architecture's kernel declares it ---- */
#if defined(__x86_64__)
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di;
	unsigned long orig_ax, ip, cs, flags, sp, ss;
};
#define SYS_PREFIX __x64_sys_
#elif defined(__i386__)
struct pt_regs {
	unsigned long bx, cx, dx, si, di, bp, ax;
	unsigned short ds, __dsh, es, __esh, fs, __fsh, gs, __gsh;
	unsigned long orig_ax, ip;
	unsigned short cs, __csh;
	unsigned long flags, sp;
	unsigned short ss, __ssh;
};
#define SYS_PREFIX __ia32_sys_
#elif defined(__aarch64__)
struct user_pt_regs {
	u64 regs[31];
	u64 sp, pc, pstate;
};
struct pt_regs {
	union {
		struct user_pt_regs user_regs;
		struct {
			u64 regs[31];
			u64 sp, pc, pstate;
		};
	};
	u64 orig_x0;
	int syscallno;
	u32 unused2;
	u64 sdei_ttbr1, pmr_save, stackframe[2], lockdep_hardirqs, exit_rcu;
};
#define SYS_PREFIX __arm64_sys_
#elif defined(__arm__)
struct pt_regs {
	unsigned long uregs[18];
};
#elif defined(__s390x__)
typedef struct {
	unsigned long mask, addr;
} psw_t;
typedef struct {
	unsigned long args[1];
	psw_t psw;
	unsigned long gprs[16];
} user_pt_regs;
struct pt_regs {
	union {
		user_pt_regs user_regs;
		struct {
			unsigned long args[1];
			psw_t psw;
			unsigned long gprs[16];
		};
	};
	unsigned long orig_gpr2;
	unsigned int int_code, int_parm;
	unsigned long int_parm_long, flags, cr1, last_break;
};
#define SYS_PREFIX __s390x_sys_
#endif

/* Defined differently in mini-dup.c: two BTF types share the name. */
struct dup_thing {
	int a;
};
/* An empty stub here, the real definition in mini-dup.c. */
struct stubbed {
};
struct sk_buff *fwd_only;	/* struct sk_buff stays a forward declaration */
struct dup_thing dup1;
struct stubbed stub1;

/* Globals keep every type in DWARF (and so in BTF). */
struct request req;
struct layout32 l32;
union key key;
struct pt_regs regs;
enum signed_state sstate;
enum wide64 w64;
enum wide_neg wneg;
int anon_use = ANON_A + ANON_C;

/* ---- syscall entry points ---- */
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#if defined(SYS_PREFIX) && !defined(NO_WRAPPER)
long CAT(SYS_PREFIX, read)(const struct pt_regs *r)
{
	return r != 0;
}
#else
/* pre-4.17 style, and arm: sys_read is an alias of the real body */
long __se_sys_read(long fd, long buf, long count)
{
	return fd + buf + count;
}
long sys_read(long fd, long buf, long count) __attribute__((alias("__se_sys_read")));
#endif

void mini_start(void)
{
}
