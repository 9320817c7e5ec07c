#!/usr/bin/env bash
# The extractor driver, through every stage program of schema/surfaces.def
# (and depsurf-btf, depsurf-meta): --help, usage errors (exit 2), bad input
# (exit 1, one line naming the file), atomic outputs (nothing left behind),
# -o / -d / --<stem> outputs, and the mini kernel accepted by each.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
need gcc
need pahole
# the mini kernel every extractor accepts (as tests/dataset builds it): trace
# events, a sys_call_table, x86-64's struct pt_regs; .BTF from pahole -J
cat >regs.c <<'C'
#undef pt_regs
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx,
		si, di, orig_ax, ip, cs, flags, sp, ss;
};
struct pt_regs fixture_regs;
C
build_fixture x86-64 mini.elf -Dpt_regs=fixture_pt_regs regs.c || fail "mini kernel build failed"
printf 'CONFIG_A=y\n' >config
names=$(sed -n 's/^SURFACE(\([a-z0-9_]*\), *\([a-z]*\),.*/\1:\2/p' "$SRCDIR/schema/surfaces.def")
[ -n "$names" ] || fail "no surface in schema/surfaces.def"
for entry in $names btf:vmlinux meta:vmlinux; do
	name=${entry%%:*} input=${entry#*:}
	tool=$BIN/depsurf-$name
	[ -x "$tool" ] || fail "surface $name has no tool $tool"
	in=mini.elf
	[ "$input" = config ] && in=config
	"$tool" --help >help.txt || fail "$name: --help failed"
	head -1 help.txt | grep -q "^Usage: depsurf-$name \[options\] " || fail "$name: --help: $(head -1 help.txt)"
	grep -q -- "--help" help.txt || fail "$name: --help does not list --help"
	set +e
	"$tool" >/dev/null 2>&1; assert_eq "$name without arguments" 2 $?
	"$tool" --no-such-option "$in" -d out >/dev/null 2>&1; assert_eq "$name bad option" 2 $?
	set -e
	echo "not an elf" >text.txt
	[ "$input" = vmlinux ] && expect_fail "text.txt: not an ELF file" "$tool" text.txt -d bad-$name
	expect_fail "nodir/x: cannot create" "$tool" "$in" -d nodir/x
	mkdir -p ro && chmod 500 ro
	if ! touch ro/probe 2>/dev/null; then	# root ignores the mode
		expect_fail "ro/" "$tool" "$in" -d ro
	fi
	rm -f ro/probe
	"$tool" "$in" -d "out-$name" || fail "$name: the mini kernel failed"
	[ -z "$(find . -name '*.tmp.*')" ] || fail "$name: temp files left: $(find . -name '*.tmp.*')"
	n=$(ls "out-$name" | wc -l)
	[ "$n" -ge 1 ] || fail "$name: -d wrote nothing"
	case $name in btf|meta) continue ;; esac
	# `depsurf extract NAME` is the same descriptor: the same bytes
	"$BIN/depsurf" extract "$name" "$in" -d "cli-$name" || fail "depsurf extract $name failed"
	diff -r "out-$name" "cli-$name" || fail "depsurf extract $name differs from depsurf-$name"
	"$BIN/depsurf" extract "$name" --help | head -1 | grep -q "^Usage: depsurf extract $name " ||
		fail "depsurf extract $name --help"
done
# one output of several: --enums alone writes only that file
"$BIN/depsurf-types" mini.elf --enums only.jsonl || fail "--enums failed"
cmp -s only.jsonl out-types/enums.jsonl || fail "--enums differs from -d"
# -o - is standard output, the same bytes
"$BIN/depsurf-lsm_hooks" mini.elf -o - >stdout.jsonl || fail "-o - failed"
cmp -s stdout.jsonl out-lsm_hooks/lsm_hooks.jsonl || fail "-o - differs from -d"
[ ! -e ./- ] || fail "-o - wrote a file named -"
# -o is for one-file surfaces only
set +e
"$BIN/depsurf-types" mini.elf -o x.jsonl >/dev/null 2>&1; assert_eq "types -o" 2 $?
set -e
exit 0
