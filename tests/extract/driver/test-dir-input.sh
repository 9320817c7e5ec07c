#!/usr/bin/env bash
# A directory given where a file is read is "Is a directory", in one line
# naming it, for every program that reads a file: not "Input/output error"
# nor "not an ELF file" (libelf and libbpf take a directory for a bad file).
# No output is left behind. (--btf DIR and depsurf-config DIR:
# tests/image/test-bad-elf.sh; depsurf-funcs DIR: tests/extract/funcs/test-badinput.sh.)
. "$SRCDIR/tests/include/test-subr.sh"
mkdir adir out
isdir() {	# CMD...
	expect_fail "adir: Is a directory" "$@"
	! grep -qE 'Input/output error|not an ELF|Sanitizer' "$T/.err" || fail "$(cat "$T/.err")"
	[ -z "$(ls out 2>/dev/null)" ] || fail "$1 left: $(ls out)"
}
for t in funcs types tracepoints syscalls registers lsm_hooks kfuncs; do
	isdir "$BIN/depsurf-$t" adir -d out
done
isdir "$BIN/depsurf-btf" adir -d out
isdir "$BIN/depsurf-meta" adir -o out/meta.json
isdir "$BIN/depsurf-config" adir -o out/config.json
isdir "$BIN/depsurf-unpack" adir "boot/config-*=out/config"
isdir "$BIN/depsurf-unpack" --sha256 "$(printf '%064d' 0)" adir "boot/config-*=out/config"
isdir "$BIN/depsurf-kernels" adir
# depsurf check: a bad object is exit 2
set +e
"$BIN/depsurf" check -d "$SRCDIR/tests/check/data" adir >/dev/null 2>err
rc=$?
set -e
[ $rc -eq 2 ] || fail "depsurf check adir: exit $rc"
assert_eq "depsurf check adir" "depsurf: adir: Is a directory" "$(cat err)"
echo "a directory is named as one"
