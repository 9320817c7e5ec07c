#!/usr/bin/env bash
# depsurf-tracepoints when BTF has no probe FUNCs: the BTF of Debian 11's
# 5.10 (pahole <= 1.21 encoded only __mcount_loc functions, the kernel's
# probes trace_event_raw_event_<class> are notrace) has the btf_trace_<event>
# typedefs, whose prototypes carry no parameter names, and no FUNC to name
# them. The names must then come from the image's DWARF, and for a class
# with neither typedef nor FUNC the types too.
#
# The mini kernel (mini-kernel.c, built by fixture.sh without .BTF) is
# paired with a detached BTF made from the same source compiled with
# -DNO_PROBE_FUNCS, which only declares the probes:
#   $CC -c -g -O2 -fno-eliminate-unused-debug-types -ffreestanding \
#       -fno-stack-protector -DNO_PROBE_FUNCS -o nofunc.o mini-kernel.c
#   pahole --btf_encode_detached=nofunc.btf nofunc.o
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
need jq
need pahole
EXP=$SRCDIR/tests/extract/tracepoints/expected/tracepoints.jsonl

built=0
for arch in x86-64 s390x; do
	cc=$(fixture_cc $arch)
	rc=0; NO_BTF=1 build_fixture $arch k-$arch || rc=$?
	[ $rc -eq 77 ] && { echo "no compiler for $arch"; continue; }
	[ $rc -eq 0 ] || fail "$arch: fixture build failed"
	$cc -c -g -O2 -fno-eliminate-unused-debug-types -ffreestanding \
		-fno-stack-protector -DNO_PROBE_FUNCS -o nofunc-$arch.o \
		"$FIXTURE_SRC" || fail "$arch: -DNO_PROBE_FUNCS build failed"
	pahole --btf_encode_detached=nofunc-$arch.btf nofunc-$arch.o >/dev/null ||
		fail "$arch: pahole failed"
	built=$((built + 1))
	if command -v bpftool >/dev/null; then
		n=$(bpftool btf dump file nofunc-$arch.btf | grep -c "FUNC 'trace_event_raw_event_" || true)
		assert_eq "$arch: probe FUNCs in the BTF" 0 "$n"
		n=$(bpftool btf dump file nofunc-$arch.btf | grep -c "TYPEDEF 'btf_trace_" || true)
		assert_eq "$arch: btf_trace_ typedefs in the BTF" 2 "$n"
	fi
	"$BIN/depsurf-tracepoints" --btf nofunc-$arch.btf k-$arch -o tp-$arch.jsonl
	# the same output as with the full BTF: names (and block_rq's types)
	# from DWARF agree with what the probe FUNCs would have given
	diff -u "$EXP" tp-$arch.jsonl || fail "$arch: DWARF names differ from expected"
	"$BIN/depsurf-tracepoints" --btf nofunc-$arch.btf k-$arch -o tp-$arch.again
	cmp tp-$arch.jsonl tp-$arch.again || fail "$arch: rerun not byte-identical"
done
[ $built -gt 0 ] || skip "no compiler"

f=tp-x86-64.jsonl
[ -e $f ] || f=tp-s390x.jsonl
# typedef types + DWARF names
assert_eq "sample args" "p:struct task_struct * preempt:bool delay:u64" \
	"$(jq -r 'select(.event == "sample_wakeup") | [.args[] | "\(.name):\(.type)"] | join(" ")' $f)"
# no typedef, no FUNC: names and types from DWARF
assert_eq "rq args" "rq:struct request *" \
	"$(jq -r 'select(.event == "block_rq_issue") | [.args[] | "\(.name):\(.type)"] | join(" ")' $f)"

# Without DWARF too: the typedef's types stay, unnamed; no types for
# block_rq (nothing describes its probe); still a clean exit.
if [ -e k-x86-64 ] && command -v strip >/dev/null; then
	strip --strip-debug -o k-nodebug k-x86-64
	"$BIN/depsurf-tracepoints" --btf nofunc-x86-64.btf k-nodebug -o nodebug.jsonl
	assert_eq "no DWARF: sample args" ":struct task_struct * :bool :u64" \
		"$(jq -r 'select(.event == "sample_wakeup") | [.args[] | "\(.name):\(.type)"] | join(" ")' nodebug.jsonl)"
	assert_eq "no DWARF: rq args" "[]" \
		"$(jq -c 'select(.event == "block_rq_issue") | .args' nodebug.jsonl)"
fi
[ -z "$(ls ./*.tmp.* 2>/dev/null)" ] || fail "temporary files left behind"
