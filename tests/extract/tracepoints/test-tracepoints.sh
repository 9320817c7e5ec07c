#!/usr/bin/env bash
# depsurf-tracepoints on the mini kernel (mini-kernel.c, built by
# fixture.sh) for x86-64, arm (32-bit), arm64 and s390x (big-endian,
# pointers only in relocations): the same events, fields and args on every
# arch (expected/tracepoints.jsonl); the same output when the trace structs
# are laid out and the flags numbered differently (-DLAYOUT2); --btf with a
# detached BTF for an image without .BTF; byte-identical reruns.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
need jq
need pahole
EXP=$SRCDIR/tests/extract/tracepoints/expected/tracepoints.jsonl

built=0
for arch in x86-64 arm arm64 s390x; do
	rc=0; build_fixture $arch k-$arch || rc=$?
	[ $rc -eq 77 ] && { echo "no compiler for $arch"; continue; }
	[ $rc -eq 0 ] || fail "$arch: fixture build failed"
	built=$((built + 1))
	"$BIN/depsurf-tracepoints" k-$arch -o tp-$arch.jsonl
	diff -u "$EXP" tp-$arch.jsonl || fail "$arch: tracepoints differ from expected"
	"$BIN/depsurf-tracepoints" k-$arch -o tp-$arch.again
	cmp tp-$arch.jsonl tp-$arch.again || fail "$arch: rerun not byte-identical"
done
[ $built -gt 0 ] || skip "no compiler"

# The facts behind the expected file, spelled out:
f=tp-x86-64.jsonl
assert_eq "events" "block_rq_issue sample_switch sample_wakeup" "$(jq -r .event $f | tr '\n' ' ' | sed 's/ $//')"
# tracepoint name wins over the event_rq_issue symbol; system from the class
assert_eq "rq system/class" "block block_rq" "$(jq -r 'select(.event == "block_rq_issue") | "\(.system) \(.class)"' $f)"
# args: btf_trace_ typedef types + names from the class's probe FUNC
assert_eq "sample args" "p:struct task_struct * preempt:bool delay:u64" \
	"$(jq -r 'select(.event == "sample_wakeup") | [.args[] | "\(.name):\(.type)"] | join(" ")' $f)"
# no btf_trace_block_rq_issue: args from trace_event_raw_event_block_rq
assert_eq "rq args" "rq:struct request *" \
	"$(jq -r 'select(.event == "block_rq_issue") | [.args[] | "\(.name):\(.type)"] | join(" ")' $f)"
assert_eq "sample fields" "ent@0 comm@64 pid@192 prio@224 delay@256 __data@320" \
	"$(jq -r 'select(.event == "sample_wakeup") | [.fields[] | "\(.name)@\(.offset_bits)"] | join(" ")' $f)"
assert_eq "fmt" '"comm=%s pid=%d prio=%d delay=%llu", REC->comm, REC->pid, REC->prio, REC->delay' \
	"$(jq -r 'select(.event == "sample_switch") | .fmt' $f)"

# Layout and flag values come from BTF: reorder/renumber, same output.
for arch in x86-64 s390x; do
	rc=0; build_fixture $arch k2-$arch -DLAYOUT2 || rc=$?
	[ $rc -eq 77 ] && continue
	[ $rc -eq 0 ] || fail "$arch: LAYOUT2 build failed"
	"$BIN/depsurf-tracepoints" k2-$arch -o tp2-$arch.jsonl
	diff -u "$EXP" tp2-$arch.jsonl || fail "$arch LAYOUT2: output depends on hard-coded layout"
done

# An image without .BTF: a clear error, and --btf with a detached BTF.
for arch in arm s390x; do
	rc=0; NO_BTF=1 build_fixture $arch nobtf-$arch || rc=$?
	[ $rc -eq 77 ] && continue
	[ $rc -eq 0 ] || fail "$arch: fixture build failed"
	expect_fail "nobtf-$arch: no .BTF section" \
		"$BIN/depsurf-tracepoints" nobtf-$arch -o out.jsonl
	[ ! -e out.jsonl ] || fail "output left behind"
	pahole --btf_encode_detached=nobtf-$arch.btf nobtf-$arch >/dev/null
	"$BIN/depsurf-tracepoints" --btf nobtf-$arch.btf nobtf-$arch -o tp-$arch-detached.jsonl
	diff -u "$EXP" tp-$arch-detached.jsonl || fail "$arch: --btf output differs"
done
[ -z "$(ls ./*.tmp.* 2>/dev/null)" ] || fail "temporary files left behind"
