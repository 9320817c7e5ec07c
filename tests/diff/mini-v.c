// SPDX-License-Identifier: MIT
/*
 * Two versions of one "mini kernel" for tests/diff/test-diff-mini.sh: built
 * with -DV=1 and -DV=2 by the same command,
 *   gcc -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start \
 *       -DV=N -o vN.elf mini-v.c
 *   pahole -J vN.elf
 * then extracted (depsurf-funcs, depsurf-types) and diffed. What version 2
 * changes, and what the diff must say:
 *   struct request: rq_disk removed; sector int → u64 (the fields after it
 *     move); state renamed __state (removed + added)
 *   blk_account_io_start: a noinline global in 1, a static inline in 2
 *     (every call inlined: inline none → full, no symbol)
 *   submit_rq: a parameter inserted first (param_added, stray_read)
 *   rq_bytes: return type int → long
 *   enum req_state: REQ_DONE moves (value_changed)
 *   gone_fn: only in 1 (removed); new_fn: only in 2 (added)
 */
typedef unsigned long long u64;

struct gendisk {
	int major;
};
struct request_queue {
	int depth;
};

enum req_state { REQ_IDLE, REQ_IN_FLIGHT, REQ_DONE = V == 1 ? 2 : 3 };

struct request {
	struct request_queue *q;
#if V == 1
	struct gendisk *rq_disk;
	int sector;
	enum req_state state;
#else
	u64 sector;
	enum req_state __state;
#endif
	unsigned int len;
};

volatile int sink;
struct request the_rq;
struct request_queue the_q;

#if V == 1
__attribute__((noinline)) void blk_account_io_start(struct request *rq)
{
	sink += rq->len;
}
#else
static inline void blk_account_io_start(struct request *rq)
{
	sink += rq->len;
}
#endif

#if V == 1
__attribute__((noinline)) int submit_rq(struct request *rq, int flags)
{
	blk_account_io_start(rq);
	return flags + (int)rq->len;
}
#else
__attribute__((noinline)) int submit_rq(struct request_queue *q, struct request *rq, int flags)
{
	blk_account_io_start(rq);
	return flags + (int)rq->len + q->depth;
}
#endif

#if V == 1
__attribute__((noinline)) int rq_bytes(const struct request *rq)
#else
__attribute__((noinline)) long rq_bytes(const struct request *rq)
#endif
{
	return rq->len * 512;
}

#if V == 1
__attribute__((noinline)) void gone_fn(void)
{
	sink = 1;
}
#else
__attribute__((noinline)) void new_fn(void)
{
	sink = 2;
}
#endif

/* unchanged between the versions: not in the diff */
__attribute__((noinline)) int same_fn(int x)
{
	return x + sink;
}

void mini_start(void)
{
	the_rq.q = &the_q;
#if V == 1
	the_rq.state = REQ_DONE;
	submit_rq(&the_rq, 1);
	gone_fn();
#else
	the_rq.__state = REQ_DONE;
	submit_rq(&the_q, &the_rq, 1);
	blk_account_io_start(&the_rq);
	new_fn();
#endif
	sink += (int)rq_bytes(&the_rq) + same_fn(2);
	for (;;)
		;
}
