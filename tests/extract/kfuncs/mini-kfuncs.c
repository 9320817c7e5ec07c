// SPDX-License-Identifier: MIT
/*
 * Mini kernel for tests/extract/kfuncs/test-kfuncs.sh: a .BTF_ids section laid out
 * the way include/linux/btf_ids.h lays it out, and the functions its sets
 * name. Built (see the test) with
 *   gcc -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start \
 *       [-DNOFLAG | -DLEGACY] -o OUT mini-kfuncs.c
 *   pahole -J OUT
 * then the test does resolve_btfids' job: writes each member's BTF FUNC id
 * (0 when BTF has no such FUNC), sorts each set's slots by id and writes
 * cnt; and appends a "bpf_kfunc" DECL_TAG on bpf_fix_tagged to the .BTF.
 *
 * Sets (default build; 6.9+ layout with BTF_SET8_KFUNCS):
 *   fix_kfunc_ids   set8, KFUNCS: acquire, release, bpf_fix__double (a "__"
 *                   in the name, an unknown flag bit 20), bpf_fix_printk
 *                   (varargs), bpf_fix_missing (not in BTF: id 0)
 *   fix_common_ids  set8, KFUNCS: release again, with other flags
 *   fix_other_ids   set8, no flag: a 6.9+ image leaves it out
 *   fix_fmodret_ids set8, no flag, fmod_ret targets: always left out
 *   fix_deny        btf_id_set (a verifier list): left out
 * -DNOFLAG: no set8 has BTF_SET8_KFUNCS (6.0 .. 6.8): fix_other_ids is in.
 * -DLEGACY: btf_id_sets only (5.13 .. 5.19): fix_check_kfunc_ids and
 *   fix_acquire_kfunc_ids are in, fix_deny is not.
 */
#define __used __attribute__((used, noinline))

struct fix_task {
	int pid;
	struct fix_task *parent;
};
typedef unsigned long size_t;

/* Defined in an order that differs from the sets' order, so that the
 * sorting by id moves slots away from their symbols. */
__used int bpf_fix__double(const char *s, size_t n) { return s[0] + (int)n; }
__used void bpf_fix_release(struct fix_task *t) { t->pid = 0; }
__used int bpf_fix_printk(const char *fmt, ...) { return fmt[0]; }
__used struct fix_task *bpf_fix_acquire(struct fix_task *t, int flags)
{
	return flags ? t->parent : t;
}
__used int bpf_fix_fmodret(int x) { return x + 1; }
__used int bpf_fix_other(void) { return 7; }
__used int fix_deny_target(void) { return 3; }
__used int bpf_fix_tagged(struct fix_task *t) { return t->pid; }

void mini_start(void)
{
	static struct fix_task t;

	bpf_fix__double("a", 1);
	bpf_fix_release(bpf_fix_acquire(&t, 0));
	bpf_fix_printk("x", 1);
	bpf_fix_fmodret(1);
	bpf_fix_other();
	fix_deny_target();
	bpf_fix_tagged(&t);
	for (;;)
		;
}

/* ---- .BTF_ids, after include/linux/btf_ids.h (cnt and ids left 0) ---- */
#define STR(x) #x
#define XSTR(x) STR(x)	/* expanded first: ".long " XSTR(KF_RELEASE) */
#define PUSH ".pushsection .BTF_ids,\"a\"\n"
#define POP ".popsection\n"
#define SET8_START(name, flags) asm(PUSH \
	".local __BTF_ID__set8__" #name "\n" \
	"__BTF_ID__set8__" #name ":\n.zero 4\n.long " XSTR(flags) "\n" POP)
#define SET8_END(name) asm(PUSH \
	".size __BTF_ID__set8__" #name ", . - __BTF_ID__set8__" #name "\n" POP)
#define SET_START(name) asm(PUSH \
	".local __BTF_ID__set__" #name "\n" \
	"__BTF_ID__set__" #name ":\n.zero 4\n" POP)
#define SET_END(name) asm(PUSH \
	".size __BTF_ID__set__" #name ", . - __BTF_ID__set__" #name "\n" POP)
#define SYM(fn, n) "__BTF_ID__func__" #fn "__" #n
#define ID(fn, n) asm(PUSH ".local " SYM(fn, n) "\n" \
	".type " SYM(fn, n) ", STT_OBJECT\n.size " SYM(fn, n) ", 4\n" \
	SYM(fn, n) ":\n.zero 4\n" POP)
#define ID_FLAGS(fn, n, flags) ID(fn, n); asm(PUSH ".long " XSTR(flags) "\n" POP)

/* KF_* of include/linux/btf.h */
#define KF_ACQUIRE (1 << 0)
#define KF_RELEASE (1 << 1)
#define KF_RET_NULL (1 << 2)
#define KF_TRUSTED_ARGS (1 << 4)
#define KF_SLEEPABLE (1 << 5)
#define KF_RCU (1 << 7)

#ifdef NOFLAG
#define KFUNCS 0
#else
#define KFUNCS 1	/* BTF_SET8_KFUNCS */
#endif

#ifndef LEGACY
SET8_START(fix_kfunc_ids, KFUNCS);
ID_FLAGS(bpf_fix_acquire, 11, (KF_ACQUIRE | KF_RET_NULL));
ID_FLAGS(bpf_fix_release, 12, KF_RELEASE);
ID_FLAGS(bpf_fix__double, 13, (KF_SLEEPABLE | (1 << 20)));
ID_FLAGS(bpf_fix_printk, 14, 0);
ID_FLAGS(bpf_fix_missing, 15, KF_RCU);
SET8_END(fix_kfunc_ids);

SET8_START(fix_common_ids, KFUNCS);
ID_FLAGS(bpf_fix_release, 21, KF_TRUSTED_ARGS);
SET8_END(fix_common_ids);

SET8_START(fix_other_ids, 0);
ID_FLAGS(bpf_fix_other, 31, KF_SLEEPABLE);
SET8_END(fix_other_ids);

SET8_START(fix_fmodret_ids, 0);
ID_FLAGS(bpf_fix_fmodret, 41, 0);
SET8_END(fix_fmodret_ids);
#else
SET_START(fix_check_kfunc_ids);
ID(bpf_fix_release, 51);
ID(bpf_fix_acquire, 52);
SET_END(fix_check_kfunc_ids);

SET_START(fix_acquire_kfunc_ids);
ID(bpf_fix_acquire, 53);
SET_END(fix_acquire_kfunc_ids);
#endif

SET_START(fix_deny);
ID(fix_deny_target, 61);
SET_END(fix_deny);
