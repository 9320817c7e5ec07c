#!/usr/bin/env bash
# Inputs image/kimage.c must name for what they are: an e_shstrndx that
# names no string table is a corrupt ELF file (libelf takes it as given, and
# every section would look missing: "no DWARF", "no .symtab"); a directory
# given as --btf or as depsurf-config's input "Is a directory".
. "$SRCDIR/tests/include/test-subr.sh"
need gcc; need python3
PATCH="python3 $SRCDIR/tests/include/elfpatch.py"

cat >k.c <<'C'
int g(int x) { return x + 1; }
void _start(void) { for (;;) g(1); }
C
gcc -g -O2 -nostdlib -static -no-pie -o vmlinux k.c || fail "cannot build"
"$BIN/depsurf-funcs" vmlinux -o ok.jsonl || fail "a good image failed"
text=$(readelf -SW vmlinux | sed -n 's/^ *\[ *\([0-9]*\)\] \.text .*/\1/p')
for v in 0 "$text" 999; do
	cp vmlinux "shstrndx-$v" && $PATCH "shstrndx-$v" "shstrndx=$v" || fail "elfpatch"
	for tool in funcs tracepoints syscalls registers; do
		expect_fail "shstrndx-$v: corrupt ELF file: e_shstrndx is not a string table" \
			"$BIN/depsurf-$tool" "shstrndx-$v" -o out
		[ ! -e out ] || fail "$tool: output left behind"
	done
	for tool in types lsm_hooks kfuncs btf; do
		expect_fail "shstrndx-$v: corrupt ELF file: e_shstrndx is not a string table" \
			"$BIN/depsurf-$tool" "shstrndx-$v" -d out
		[ ! -e out ] || [ -z "$(ls out)" ] || fail "$tool: output left behind"
	done
	expect_fail "shstrndx-$v: corrupt ELF file: e_shstrndx is not a string table" \
		"$BIN/depsurf-meta" "shstrndx-$v" -o meta.json
	[ ! -e meta.json ] || fail "meta: output left behind"
done

mkdir adir
for tool in funcs tracepoints registers; do
	expect_fail "adir: cannot read BTF: Is a directory" \
		"$BIN/depsurf-$tool" --btf adir vmlinux -o out
done
expect_fail "adir: cannot read BTF: Is a directory" "$BIN/depsurf-types" --btf adir vmlinux -d out
expect_fail "adir: Is a directory" "$BIN/depsurf-config" adir -o out.json
[ ! -e out.json ] || fail "config: output left behind"
echo "bad ELF inputs named"
