// SPDX-License-Identifier: MIT
/*
 * Module "mod_trace" of the module fixture (fixture.sh): trace events as
 * TRACE_EVENT()/DEFINE_EVENT() leave them in a .ko, on top of the
 * tracepoints mini kernel (tests/extract/tracepoints/mini-kernel.c, whose
 * record layouts these copy): a `_ftrace_events` section of pointers that
 * only relocations fill (gcc -c: ET_REL, RELA bytes are zero), the
 * trace_event_call/class and tracepoint records they point to, one class
 * with two events, an ftrace-internal event to skip, a bare tracepoint
 * without an event (a DECLARE_TRACE: one more __tracepoint_ symbol than
 * events) and a __tracepoint_ptr_ entry (not a tracepoint). Compiled at test time:
 *   gcc -g -O2 -c -o mod-trace.ko mod-trace.c
 *   pahole -J --btf_base VMLINUX mod-trace.ko
 */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int pid_t;

#define __used __attribute__((used))

static const char modinfo_name[] __used __attribute__((section(".modinfo"))) = "name=mod_trace";

struct list_head { struct list_head *next, *prev; };
struct hlist_node { struct hlist_node *next, **pprev; };
enum { TRACE_EVENT_FL_IGNORE_ENABLE = 8, TRACE_EVENT_FL_TRACEPOINT = 16 };
struct static_key { int enabled; };
struct tracepoint { const char *name; struct static_key key; void *iterator; void *funcs; };
struct trace_event { struct hlist_node node; struct list_head list; int type; void *funcs; };
struct trace_event_call;
struct trace_event_class {
	const char *system;
	void *probe;
	void *perf_probe;
	int (*reg)(struct trace_event_call *, int, void *);
	void *fields_array;
};
struct trace_event_call {
	struct list_head list;
	struct trace_event_class *class;
	union {
		const char *name;
		struct tracepoint *tp;
	};
	struct trace_event event;
	char *print_fmt;
	void *filter;
	void *data;
	int flags;
	int perf_refcount;
};
struct trace_entry { u16 type; u8 flags; u8 preempt_count; pid_t pid; };

/* the class's record and probe; the module's own */
struct modt_req { u64 sector; u32 len; };
struct trace_event_raw_modt_io {
	struct trace_entry ent;
	u64 sector;
	u32 len;
	int err;
	char __data[0];
};

static volatile u64 sink;

static __used void trace_event_raw_event_modt_io(void *__data, struct modt_req *rq, int err)
{
	struct trace_event_raw_modt_io rec = { .sector = rq->sector, .len = rq->len, .err = err };

	sink = rec.sector + rec.len + (u64)(unsigned long)__data;
}

typedef void (*btf_trace_modt_io_start)(void *, struct modt_req *, int);
typedef void (*btf_trace_modt_io_done)(void *, struct modt_req *, int);
__used btf_trace_modt_io_start keep_btf_trace_modt_io_start;
__used btf_trace_modt_io_done keep_btf_trace_modt_io_done;

/* tracepoints as DEFINE_TRACE() lays them out: name strings in their section */
#define TP(n)									\
	static const char __tpstrtab_##n[]					\
		__attribute__((section("__tracepoints_strings"))) = #n;		\
	struct tracepoint __tracepoint_##n					\
		__attribute__((section("__tracepoints"))) = { .name = __tpstrtab_##n }

TP(modt_io_start);
TP(modt_io_done);
TP(modt_bare);		/* no event: a bare tracepoint */

/* what architectures without PREL32 relocations add (s390x): a pointer
 * per tracepoint, named like one, that is not one */
static struct tracepoint *const __tracepoint_ptr_modt_io_start __used
	__attribute__((section("__tracepoints_ptrs"))) = &__tracepoint_modt_io_start;

static __used struct trace_event_class event_class_modt_io = {
	.system = "modt",
	.probe = trace_event_raw_event_modt_io,
};
static __used struct trace_event_class event_class_modt_internal = { .system = "ftrace" };

static char print_fmt_modt_io[] = "\"sector=%llu len=%u err=%d\", REC->sector, REC->len, REC->err";

#define EVENT(n, cls, fl)						\
	static __used struct trace_event_call event_##n = {		\
		.class = &event_class_##cls,				\
		.tp = &__tracepoint_##n,				\
		.print_fmt = print_fmt_##cls,				\
		.flags = (fl),						\
	};								\
	static __used __attribute__((section("_ftrace_events")))	\
	struct trace_event_call *__event_##n = &event_##n

EVENT(modt_io_start, modt_io, TRACE_EVENT_FL_TRACEPOINT);
EVENT(modt_io_done, modt_io, TRACE_EVENT_FL_TRACEPOINT);

/* not a tracepoint: skipped, as the vmlinux's ftrace events are */
static __used struct trace_event_call event_modt_internal = {
	.class = &event_class_modt_internal,
	.name = "modt_internal",
	.print_fmt = print_fmt_modt_io,
	.flags = TRACE_EVENT_FL_IGNORE_ENABLE,
};
static __used __attribute__((section("_ftrace_events")))
struct trace_event_call *__event_modt_internal = &event_modt_internal;
