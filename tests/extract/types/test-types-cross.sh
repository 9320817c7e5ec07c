#!/usr/bin/env bash
# The mini kernel cross-compiled for arm64, s390x (64-bit big-endian), arm
# and i686 (32-bit): BTF of the other endianness and pointer size must give
# the layouts the target ABI has, and 64-bit targets the host's exact lines.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/types/fixture.sh"
need gcc
need pahole
need jq

mini_kernel gcc host.elf
"$BIN/depsurf-types" host.elf -d host || fail "host run failed"
# lines that do not depend on the arch (pt_regs and its parts do)
portable() { grep -v -e '^{"name":"pt_regs"' -e '^{"name":"user_pt_regs"' "$1/structs.jsonl"; cat "$1/unions.jsonl" "$1/enums.jsonl"; }
portable host >host.lines

ran=0
for cc in aarch64-linux-gnu-gcc s390x-linux-gnu-gcc arm-linux-gnueabihf-gcc i686-linux-gnu-gcc; do
	command -v $cc >/dev/null 2>&1 || { echo "no $cc, skipped"; continue; }
	ran=$((ran + 1))
	a=${cc%%-*}
	mini_kernel $cc $a.elf
	"$BIN/depsurf-types" $a.elf -d $a || fail "$a: depsurf-types failed"
	S=$a/structs.jsonl
	case $a in
	aarch64 | s390x)
		# 64-bit, either endianness: byte-identical to the host
		portable $a >$a.lines
		diff -u host.lines $a.lines >&2 || fail "$a differs from the host"
		;;
	arm | i686)
		jq_eq "$a pointer size" '[8,[0,32]]' $S 'select(.name == "list_head") | [.size, [.members[].offset_bits]]'
		jq_eq "$a request" '[64,160,544,640]' $S \
			'select(.name == "request") | [.members[] | select(.name == "__data_len" or .name == "fixed" or .name == "ptr_to_array" or .name == "fops") | .offset_bits]'
		jq_eq "$a bitfields" '[[704,1],[705,3],[708,5]]' $S \
			'select(.name == "request") | [.members[] | select(.bitfield_bits > 0) | [.offset_bits, .bitfield_bits]]'
		cmp -s host/enums.jsonl $a/enums.jsonl || fail "$a enums differ from the host"
		;;
	esac
	case $a in
	s390x) eu-readelf -h $a.elf | grep -q "Data:.*big endian" || fail "s390x fixture is not big-endian" ;;
	# long long is 8-aligned in structs on arm (AAPCS), 4-aligned on i386
	arm) jq_eq "arm long long" '[24,[0,64,128,160]]' $S 'select(.name == "layout32") | [.size, [.members[].offset_bits]]' ;;
	i686) jq_eq "i386 long long" '[20,[0,32,96,128]]' $S 'select(.name == "layout32") | [.size, [.members[].offset_bits]]' ;;
	esac
done
[ $ran -gt 0 ] || skip "no cross compiler"
exit 0
