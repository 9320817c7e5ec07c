#!/usr/bin/env bash
# Spans taken from symbols are capped by the section that holds them:
# depsurf-syscalls with a sys_call_table st_size of 2^40 (was a calloc of
# 3 * 2^40 bytes: an abort) or of 16 GiB, and depsurf-tracepoints with
# __start/__stop_ftrace_events around a 1 TiB NOBITS section (was a walk
# over 2^37 zero slots). Each fails at once with one line naming the span.
# ELF edits: tests/include/elfpatch.py.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
need python3
PATCH="python3 $SRCDIR/tests/include/elfpatch.py"
TP=$BIN/depsurf-tracepoints SC=$BIN/depsurf-syscalls

rc=0; build_fixture x86-64 k || rc=$?
[ $rc -eq 77 ] && skip "no gcc/pahole"
[ $rc -eq 0 ] || fail "fixture build failed"
"$SC" k -o good.json || fail "syscalls on the fixture"

for size in 0x10000000000 0x400000000; do
	cp k sc-$size && $PATCH sc-$size symsize=sys_call_table:$size
	expect_fail "sys_call_table: $((size)) bytes at" timeout 60 "$SC" sc-$size -o out.json
	grep -qF "not inside the file bytes of one section" .err || fail "$size: $(cat .err)"
done

# a 1 TiB .bss, with the _ftrace_events bounds around it
cp k nobits
$PATCH nobits shsize=.bss:0x10000000000 symvalue=__start_ftrace_events:.bss \
	symvalue=__stop_ftrace_events:.bss+0x10000000000
expect_fail "__start_ftrace_events..__stop_ftrace_events" timeout 60 "$TP" nobits -o out.jsonl
grep -qF "is not inside the file bytes of one section" .err || fail "nobits: $(cat .err)"
[ ! -e out.jsonl ] || fail "output left behind"
