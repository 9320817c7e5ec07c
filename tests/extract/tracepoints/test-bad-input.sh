#!/usr/bin/env bash
# Bad input for depsurf-tracepoints and depsurf-syscalls: each gives exactly
# one stderr line naming the file and the problem, a non-zero exit, and no
# output file (not even a temporary one).
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
need eu-readelf
TP=$BIN/depsurf-tracepoints SC=$BIN/depsurf-syscalls

rc=0; build_fixture x86-64 k || rc=$?
[ $rc -eq 77 ] && skip "no gcc/pahole"
[ $rc -eq 0 ] || fail "fixture build failed"

no_output() {
	[ -z "$(ls out.* 2>/dev/null)" ] || fail "output left behind: $(ls out.*)"
}
both_fail() {	# both_fail FRAGMENT FILE
	expect_fail "$1" "$TP" "$2" -o out.jsonl; no_output
	expect_fail "$1" "$SC" "$2" -o out.json; no_output
}

both_fail "missing: No such file or directory" missing
echo "not a kernel" >text
both_fail "text: not an ELF file" text
head -c 4000 k >trunc
both_fail "trunc: truncated or corrupt ELF file" trunc
cp k stripped && strip --strip-all stripped
both_fail "stripped: no .symtab section" stripped

# no _ftrace_events bounds / no syscall table symbol
objcopy --redefine-sym __start_ftrace_events=x_start --redefine-sym __stop_ftrace_events=x_stop k noevents
expect_fail "noevents: no _ftrace_events section" "$TP" noevents -o out.jsonl; no_output
"$SC" noevents -o sc.json || fail "syscalls must not need _ftrace_events"
objcopy --redefine-sym sys_call_table=some_table k notable
expect_fail "notable: no syscall table symbol" "$SC" notable -o out.json; no_output

# poke FILE ADDR HEX8: overwrite the 8 bytes at virtual address ADDR
poke() {
	eu-readelf -S "$1" | sed -n 's/^\[ *[0-9]*\] //p' |
	while read -r name type addr off size _; do
		[ "$type" = PROGBITS ] || continue
		if [ $(($2)) -ge $((0x$addr)) ] && [ $(($2)) -lt $((0x$addr + 0x$size)) ]; then
			printf "$3" | dd of="$1" bs=1 seek=$((0x$off + $2 - 0x$addr)) conv=notrunc status=none
			echo "$name"
		fi
	done | grep -q . || fail "no section holds $2 in $1"
}
sym_addr() { eu-readelf -s "$1" | awk -v s="$2" '$8 == s {print "0x" $2; exit}'; }
# an _ftrace_events entry pointing outside the image
cp k badptr && poke badptr "$(sym_addr k __start_ftrace_events)" '\x00\x00\xad\xde\x00\x00\x00\x00'
expect_fail "badptr: _ftrace_events[0]: trace_event_call at 0xdead0000" "$TP" badptr -o out.jsonl; no_output
grep -q "address outside the image" .err || fail "badptr: $(cat .err)"
# a syscall slot pointing at no symbol
cp k badslot && poke badslot "$(sym_addr k sys_call_table)" '\x01\x00\x00\x00\x00\x00\x00\x00'
expect_fail "badslot: sys_call_table[0]: no symbol at 0x1" "$SC" badslot -o out.json; no_output
# a print_fmt pointer into .bss-free nowhere: a string outside the file
cp k badstr
ev=$(sym_addr k event_sample_wakeup)
fmt_off=$(bpftool btf dump file k 2>/dev/null | awk "/STRUCT 'trace_event_call'/{on=1; next} on && /^\[/{exit} on && /'print_fmt'/ {sub(/bits_offset=/, \"\", \$3); print \$3 / 8}")
poke badstr $((ev + fmt_off)) '\x10\x00\x00\x00\x00\x00\x00\x00'
expect_fail "badstr: _ftrace_events" "$TP" badstr -o out.jsonl; no_output
grep -q "print_fmt string at 0x10: address outside" .err || fail "badstr: $(cat .err)"

# no .BTF, --btf that is not BTF, an unwritable output
NO_BTF=1 build_fixture x86-64 nobtf
expect_fail "nobtf: no .BTF section" "$TP" nobtf -o out.jsonl; no_output
expect_fail "text: cannot read BTF" "$TP" --btf text nobtf -o out.jsonl; no_output
expect_fail "nodir/out.jsonl" "$TP" k -o nodir/out.jsonl
expect_fail "nodir/out.json" "$SC" k -o nodir/out.json

# usage errors exit 2
set +e
"$TP" k >/dev/null 2>&1; assert_eq "tracepoints without -o" 2 $?
"$SC" >/dev/null 2>&1; assert_eq "syscalls without input" 2 $?
set -e
"$TP" --help | grep -q "^Usage: depsurf-tracepoints" || fail "--help"
"$SC" --help | grep -q "^Usage: depsurf-syscalls" || fail "--help"
