#!/usr/bin/env bash
# The trace events of modules: mod-trace.c (two events of one class, an
# ftrace-internal event, a bare tracepoint) compiled with gcc -c like a .ko
# for each architecture, its split BTF on top of the tracepoints mini kernel
# of the same architecture, read by depsurf-tracepoints --modules through
# the module's relocations: RELA with zero bytes (x86-64, arm64, s390x
# big-endian), REL with the addend in the bytes (arm, 32-bit). Every
# architecture gives the same lines.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
need jq; need zstd; need pahole; need objcopy; need python3; need eu-readelf
SRC=$SRCDIR/tests/extract/modules/mod-trace.c

# store DIR MODULE.ko: a module store holding MODULE as misc/mod-trace.ko
store() {
	mkdir -p "$1/misc"
	zstd -q -f -o "$1/misc/mod-trace.ko.zst" "$2"
	printf 'misc/mod-trace.ko\t%s\t%s\n' "$(stat -c %s "$2")" "$(stat -c %s "$1/misc/mod-trace.ko.zst")" \
		>"$1/modules.list"
}

run_arch() {
	arch=$1 cc=$(fixture_cc "$1")
	build_fixture "$arch" ev-$arch.elf || return $?
	"$cc" -g -O2 -c -o mod-$arch.ko "$SRC" || fail "$arch: cannot compile mod-trace.c"
	pahole -J --btf_base ev-$arch.elf mod-$arch.ko || fail "$arch: pahole --btf_base"
	store st-$arch mod-$arch.ko
	"$BIN/depsurf-tracepoints" --modules st-$arch --modules-report rep-$arch.json \
		ev-$arch.elf -o tp-$arch.jsonl || fail "$arch: depsurf-tracepoints --modules"
	"$BIN/depsurf-tracepoints" ev-$arch.elf -o plain-$arch.jsonl || fail "$arch: plain run"
}

run_arch x86-64 || fail "x86-64 fixture"
T0=tp-x86-64.jsonl
line() { jq -c --arg e "$1" 'select(.event == $e)' $T0; }
assert_eq "modt_io_start" '{"event":"modt_io_start","module":"mod_trace","system":"modt","class":"modt_io","fmt":"\"sector=%llu len=%u err=%d\", REC->sector, REC->len, REC->err","fields":[{"name":"ent","offset_bits":0,"type":"struct trace_entry"},{"name":"sector","offset_bits":64,"type":"u64"},{"name":"len","offset_bits":128,"type":"u32"},{"name":"err","offset_bits":160,"type":"int"},{"name":"__data","offset_bits":192,"type":"char[0]"}],"args":[{"name":"rq","type":"struct modt_req *"},{"name":"err","type":"int"}]}' \
	"$(line modt_io_start)"
assert_eq "same class" 'modt_io' "$(line modt_io_done | jq -r .class)"
assert_eq "internal skipped" '' "$(line modt_internal)"
assert_eq "module events" '["modt_io_done","modt_io_start"]' "$(jq -sc '[.[] | select(.module == "mod_trace") | .event]' $T0)"
# the vmlinux lines are the plain run's, with "module":"vmlinux"
diff <(jq -c 'select(.module == "vmlinux")' $T0) plain-x86-64.jsonl || fail "vmlinux lines differ with --modules"
jq -r '[.event, .system, .class] | join(" ")' $T0 | LC_ALL=C sort -c || fail "not sorted"
# the count check: 3 __tracepoint_ symbols in __tracepoints (eu-readelf
# agrees; the __tracepoint_ptr_ entry is not one), 2 events
assert_eq "eu-readelf __tracepoint_" 4 "$(eu-readelf -s mod-x86-64.ko | awk '$8 ~ /^__tracepoint_/' | wc -l)"
assert_eq "eu-readelf __tracepoint_ without _ptr_" 3 \
	"$(eu-readelf -s mod-x86-64.ko | awk '$8 ~ /^__tracepoint_/ && $8 !~ /^__tracepoint_ptr_/' | wc -l)"
assert_eq "report" '{"surface":"tracepoints","modules":1,"with_events":1,"tracepoints":2,"tracepoint_symbols":3,"symbols_differ":[{"module":"misc/mod-trace.ko","events":2,"tracepoints":3}],"failed":[]}' \
	"$(jq -c . rep-x86-64.json)"

# other architectures: the same module lines
for arch in arm64 s390x arm; do
	need_cross "$(fixture_cc $arch)" || continue
	run_arch $arch || fail "$arch fixture"
	diff <(jq -c 'select(.module != "vmlinux")' $T0) <(jq -c 'select(.module != "vmlinux")' tp-$arch.jsonl) ||
		fail "$arch: module lines differ from x86-64's"
done

# a module whose _ftrace_events lost its relocations: the pointers read
# NULL (RELA bytes are zero), so no event and no failure; the same with a
# non-zero pointer and no relocation fails that module alone, named and
# recorded, and the file is still written
objcopy --remove-relocations=_ftrace_events mod-x86-64.ko bad.ko || fail "objcopy --remove-relocations"
readelf -SW bad.ko | grep -q 'rela_ftrace_events' && fail "fixture: relocations still there"
store st-bad bad.ko
"$BIN/depsurf-tracepoints" --modules st-bad --modules-report rep-bad.json ev-x86-64.elf -o tp-bad.jsonl 2>err ||
	fail "a bad module failed the image"
assert_eq "no module events" 0 "$(jq -sc '[.[] | select(.module != "vmlinux")] | length' tp-bad.jsonl)"
python3 - bad.ko bad2.ko <<'PY'
import sys, subprocess
d = bytearray(open(sys.argv[1], 'rb').read())
out = subprocess.run(['readelf', '-SW', sys.argv[1]], capture_output=True, text=True).stdout
for l in out.splitlines():
    if ' _ftrace_events ' in l:
        off = int(l.split(']')[1].split()[3], 16)
d[off] = 0x40
open(sys.argv[2], 'wb').write(d)
PY
store st-bad2 bad2.ko
"$BIN/depsurf-tracepoints" --modules st-bad2 --modules-report rep-bad2.json ev-x86-64.elf -o tp-bad2.jsonl 2>err ||
	fail "a bad module failed the image"
assert_eq "one line" 1 "$(wc -l <err)"
grep -q 'st-bad2/misc/mod-trace.ko: _ftrace_events\[0\]: entry: ' err || { cat err; fail "not named"; }
assert_eq "recorded" '["misc/mod-trace.ko"]' "$(jq -c '[.failed[].module]' rep-bad2.json)"
expect_fail 'needs --modules' "$BIN/depsurf-tracepoints" --modules-report x.json ev-x86-64.elf -o x.jsonl
[ -z "$not_run" ] || skip "not run for:$not_run"
