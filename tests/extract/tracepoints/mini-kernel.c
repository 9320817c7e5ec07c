// SPDX-License-Identifier: MIT
/*
 * Mini kernel for tests/extract/tracepoints/test-events.sh: the trace-event and syscall
 * data that depsurf-tracepoints and depsurf-syscalls read out of a vmlinux.
 *
 *  - a `_ftrace_events` section of `struct trace_event_call *`, bounded by
 *    __start_ftrace_events/__stop_ftrace_events (the kernel's linker script
 *    names them; here `--defsym` maps them onto ld's __start__ftrace_events);
 *  - trace_event_call / trace_event_class / tracepoint records with a
 *    realistic subset of the kernel's layout, event_class_* objects and
 *    print_fmt strings, record structs trace_event_raw_<class>, probe
 *    functions trace_event_raw_event_<class> and btf_trace_<event> typedefs;
 *  - events that must be skipped: an ftrace-internal one (IGNORE_ENABLE, no
 *    TRACEPOINT flag) and a syscall-style one (TRACEPOINT|IGNORE_ENABLE);
 *  - one event whose `event_<sym>` differs from its tracepoint's name (the
 *    tracepoint's name wins), one class without btf_trace_ typedefs (args
 *    from the probe FUNC);
 *  - a syscall table with sys_ni_syscall slots, an alias of ni_syscall that
 *    sorts first (the table's own prefix must win) and a weak COND_SYSCALL
 *    stub; on s390x the tables are assembler labels of ELF size 0 followed
 *    by unlabelled data, as in arch/s390/kernel/entry.S.
 *
 * -DNO_PROBE_FUNCS: see the probe functions below.
 *
 * -DLAYOUT2 pads and reorders the trace structs and renumbers the flags:
 * the output must not change, since every offset and flag value is read
 * from the image's BTF.
 *
 * Compile commands: see test-events.sh. Record structs use fixed-size types
 * only, so the expected tracepoints output is the same on every arch.
 */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int pid_t;
typedef _Bool bool;

#define __used __attribute__((used))

struct list_head { struct list_head *next, *prev; };
struct hlist_node { struct hlist_node *next, **pprev; };

#ifndef LAYOUT2
enum {
	TRACE_EVENT_FL_FILTERED = 1,
	TRACE_EVENT_FL_CAP_ANY = 2,
	TRACE_EVENT_FL_NO_SET_FILTER = 4,
	TRACE_EVENT_FL_IGNORE_ENABLE = 8,
	TRACE_EVENT_FL_TRACEPOINT = 16,
};
#else
enum {
	TRACE_EVENT_FL_FILTERED_BIT = 0,
	TRACE_EVENT_FL_CAP_ANY_BIT = 1,
	TRACE_EVENT_FL_IGNORE_ENABLE_BIT = 2,
	TRACE_EVENT_FL_KPROBE_BIT = 3,
	TRACE_EVENT_FL_TRACEPOINT_BIT = 6,
};
enum {
	TRACE_EVENT_FL_FILTERED = 1 << TRACE_EVENT_FL_FILTERED_BIT,
	TRACE_EVENT_FL_CAP_ANY = 1 << TRACE_EVENT_FL_CAP_ANY_BIT,
	TRACE_EVENT_FL_IGNORE_ENABLE = 1 << TRACE_EVENT_FL_IGNORE_ENABLE_BIT,
	TRACE_EVENT_FL_KPROBE = 1 << TRACE_EVENT_FL_KPROBE_BIT,
	TRACE_EVENT_FL_TRACEPOINT = 1 << TRACE_EVENT_FL_TRACEPOINT_BIT,
};
#endif

struct static_key { int enabled; };
struct tracepoint {
#ifdef LAYOUT2
	void *iterator;
	struct static_key key;
#endif
	const char *name;
#ifndef LAYOUT2
	struct static_key key;
	void *iterator;
#endif
	void *funcs;
};

struct trace_event {
	struct hlist_node node;
	struct list_head list;
	int type;
	void *funcs;
};

struct trace_event_call;
struct trace_event_class {
#ifdef LAYOUT2
	int (*reg)(struct trace_event_call *, int, void *);
	void *perf_probe;
#endif
	const char *system;
	void *probe;
#ifndef LAYOUT2
	void *perf_probe;
	int (*reg)(struct trace_event_call *, int, void *);
#endif
	void *fields_array;
};

struct trace_event_call {
	struct list_head list;
#ifdef LAYOUT2
	int flags;
	char *print_fmt;
	struct trace_event event;
#endif
	struct trace_event_class *class;
	union {
		const char *name;
		struct tracepoint *tp;
	};
#ifndef LAYOUT2
	struct trace_event event;
	char *print_fmt;
#endif
	void *filter;
	void *data;
#ifndef LAYOUT2
	int flags;
#endif
	int perf_refcount;
};

/* ------------------------------------------------------ record structs */
struct trace_entry {
	u16 type;
	u8 flags;
	u8 preempt_count;
	pid_t pid;
};

struct task_struct { pid_t pid; int prio; char comm[16]; };
struct request { u64 sector; u32 nr_sector; u32 dev; };

struct trace_event_raw_sample {
	struct trace_entry ent;
	char comm[16];
	pid_t pid;
	int prio;
	u64 delay;
	char __data[0];
};

struct trace_event_raw_block_rq {
	struct trace_entry ent;
	u32 dev;
	u32 nr_sector;
	u64 sector;
	u32 __data_loc_cmd;
	char __data[0];
};

struct trace_event_raw_sys_enter {
	struct trace_entry ent;
	int nr;
	char __data[0];
};

/*
 * Probe functions: the first parameter is the tracepoint's __data.
 * -DNO_PROBE_FUNCS only declares them: an object whose BTF has no FUNC for
 * them, as pahole <= 1.21 made it for kernels (it encoded only functions in
 * __mcount_loc, and the kernel's probes are notrace), to pass as --btf with
 * the full image; the names must then come from the image's DWARF.
 */
#ifndef NO_PROBE_FUNCS
static volatile u64 sink;

static __used void trace_event_raw_event_sample(void *__data,
						struct task_struct *p,
						bool preempt, u64 delay)
{
	struct trace_event_raw_sample rec = { .pid = p->pid, .prio = p->prio,
					      .delay = delay };
	sink = rec.pid + preempt + (u64)(unsigned long)__data;
}

static __used void trace_event_raw_event_block_rq(void *__data,
						  struct request *rq)
{
	struct trace_event_raw_block_rq rec = { .sector = rq->sector };
	sink = rec.sector + (u64)(unsigned long)__data;
}

static __used void trace_event_raw_event_sys_enter(void *__data, long id)
{
	struct trace_event_raw_sys_enter rec = { .nr = (int)id };
	sink = (u64)rec.nr + (u64)(unsigned long)__data;
}
#else
extern void trace_event_raw_event_sample(void *, struct task_struct *, bool, u64);
extern void trace_event_raw_event_block_rq(void *, struct request *);
extern void trace_event_raw_event_sys_enter(void *, long);
#endif

/* BTF_TRACE typedefs (kernels >= 5.5): no parameter names in BTF. */
typedef void (*btf_trace_sample_wakeup)(void *, struct task_struct *, bool, u64);
typedef void (*btf_trace_sample_switch)(void *, struct task_struct *, bool, u64);
__used btf_trace_sample_wakeup keep_btf_trace_sample_wakeup;
__used btf_trace_sample_switch keep_btf_trace_sample_switch;

/* ------------------------------------------------------- the events */
#define TP(n)							\
	static const char __tpstrtab_##n[] = #n;		\
	struct tracepoint __tracepoint_##n = { .name = __tpstrtab_##n }

TP(sample_wakeup);
TP(sample_switch);
TP(block_rq_issue);
TP(sys_enter_read);

static __used struct trace_event_class event_class_sample = {
	.system = "sched",
	.probe = trace_event_raw_event_sample,
};
static __used struct trace_event_class event_class_block_rq = {
	.system = "block",
	.probe = trace_event_raw_event_block_rq,
};
static __used struct trace_event_class event_class_sys_enter = {
	.system = "raw_syscalls",
	.probe = trace_event_raw_event_sys_enter,
};
static __used struct trace_event_class event_class_ftrace_function = {
	.system = "ftrace",
};

static char print_fmt_sample[] =
	"\"comm=%s pid=%d prio=%d delay=%llu\", REC->comm, REC->pid, REC->prio, REC->delay";
static char print_fmt_block_rq[] =
	"\"%d,%d %llu + %u [%s]\", ((unsigned int) ((REC->dev) >> 20)), "
	"((unsigned int) ((REC->dev) & ((1U << 20) - 1))), REC->sector, "
	"REC->nr_sector, __get_str(cmd)";
static char print_fmt_sys_enter[] = "\"NR %ld\", REC->nr";
static char print_fmt_function[] = "\" %ps <-- %ps\", (void *)REC->ip";

#define EVENT(sym, cls, tpname, fl)					\
	static __used struct trace_event_call event_##sym = {		\
		.class = &event_class_##cls,				\
		.tp = &__tracepoint_##tpname,				\
		.print_fmt = print_fmt_##cls,				\
		.flags = (fl),						\
	};								\
	static __used __attribute__((section("_ftrace_events")))	\
	struct trace_event_call *__event_##sym = &event_##sym

EVENT(sample_wakeup, sample, sample_wakeup, TRACE_EVENT_FL_TRACEPOINT);
/* the symbol says rq_issue, the tracepoint block_rq_issue: the latter wins */
EVENT(rq_issue, block_rq, block_rq_issue, TRACE_EVENT_FL_TRACEPOINT);
EVENT(sys_enter_read, sys_enter, sys_enter_read,
      TRACE_EVENT_FL_TRACEPOINT | TRACE_EVENT_FL_IGNORE_ENABLE);
EVENT(sample_switch, sample, sample_switch,
      TRACE_EVENT_FL_TRACEPOINT | TRACE_EVENT_FL_CAP_ANY);

/* ftrace's own events: a plain name, no tracepoint */
static __used struct trace_event_call event_function = {
	.class = &event_class_ftrace_function,
	.name = "function",
	.print_fmt = print_fmt_function,
	.flags = TRACE_EVENT_FL_IGNORE_ENABLE,
};
static __used __attribute__((section("_ftrace_events")))
struct trace_event_call *__event_function = &event_function;

/* ------------------------------------------------------- syscalls */
struct pt_regs { unsigned long regs[8]; };
typedef long (*sys_call_ptr_t)(const struct pt_regs *);

#if defined(__x86_64__)
#define SYS(n) __x64_sys_##n
#define ALIAS_NI __ia32_sys_ni_syscall
#elif defined(__aarch64__)
#define SYS(n) __arm64_sys_##n
#define ALIAS_NI __arm64_compat_sys_ni_syscall
#elif defined(__s390x__)
#define SYS(n) __s390x_sys_##n
#define ALIAS_NI __s390_sys_ni_syscall
#else
#define SYS(n) sys_##n
#define ALIAS_NI compat_sys_ni_syscall
#endif

#define SYSCALL(n, v)							\
	__attribute__((noinline)) long SYS(n)(const struct pt_regs *r)	\
	{ return (long)r->regs[0] + (v); }

SYSCALL(read, 100)
SYSCALL(write, 101)
SYSCALL(newstat, 102)
SYSCALL(getpid, 103)
long SYS(ni_syscall)(const struct pt_regs *r) { return -38 + 0 * (long)r; }
/* an alias that sorts before SYS(ni_syscall) */
long ALIAS_NI(const struct pt_regs *r) __attribute__((alias(
#if defined(__x86_64__)
	"__x64_sys_ni_syscall"
#elif defined(__aarch64__)
	"__arm64_sys_ni_syscall"
#elif defined(__s390x__)
	"__s390x_sys_ni_syscall"
#else
	"sys_ni_syscall"
#endif
	)));
/* COND_SYSCALL(lookup_dcookie): a weak stub nothing overrides */
__attribute__((weak, noinline)) long SYS(lookup_dcookie)(const struct pt_regs *r)
{
	return -38 + 0 * (long)r->regs[1];
}

#if defined(__s390x__)
/* __s390_sys_* : the 31-bit emulation entries (aliases, as in the kernel) */
long __s390_sys_read(const struct pt_regs *) __attribute__((alias("__s390x_sys_read")));
long __s390_sys_write(const struct pt_regs *) __attribute__((alias("__s390x_sys_write")));
long __s390_sys_getpid(const struct pt_regs *) __attribute__((alias("__s390x_sys_getpid")));
long __s390_compat_sys_newstat(const struct pt_regs *r) { return 7 + (long)r->regs[2]; }

/* arch/s390/kernel/entry.S: labels without .size, then other data */
__asm__(".section .data.rel.ro,\"aw\"\n"
	".balign 8\n"
	".globl sys_call_table\n"
	"sys_call_table:\n"
	".quad __s390x_sys_read, __s390x_sys_write, __s390x_sys_ni_syscall\n"
	".quad __s390x_sys_newstat, __s390x_sys_lookup_dcookie, __s390x_sys_getpid\n"
	".globl sys_call_table_emu\n"
	"sys_call_table_emu:\n"
	".quad __s390_sys_read, __s390_sys_write, __s390_sys_ni_syscall\n"
	".quad __s390_compat_sys_newstat, __s390_sys_getpid\n"
	".asciz \"unlabelled data after the table\"\n"
	".balign 8\n"
	".globl after_tables\n"
	"after_tables: .quad 0\n"
	".previous\n");
#else
const sys_call_ptr_t sys_call_table[] = {
	SYS(read), SYS(write), SYS(ni_syscall), SYS(newstat),
	SYS(lookup_dcookie), SYS(getpid),
};
#endif
