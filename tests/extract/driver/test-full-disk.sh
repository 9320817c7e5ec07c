#!/usr/bin/env bash
# A full disk is "No space left on device" on the output, in one line, with
# no temp file left (not "Input/output error", not a crash): every stage
# program writing into a filled tmpfs. Needs root (mount); skipped otherwise.
# (The writers themselves: tests/schema/t-enospc.c, on /dev/full.)
. "$SRCDIR/tests/include/test-subr.sh"
need gcc; need pahole
[ "$(id -u)" = 0 ] || skip "not root: cannot mount a tmpfs"
mkdir full
mount -t tmpfs -o size=64k tmpfs full 2>/dev/null || skip "cannot mount a tmpfs"
trap 'rc=$?; umount "$T/full" 2>/dev/null; if [ $rc -eq 0 ] || [ $rc -eq 77 ]; then rm -rf "$T"; else echo "  kept $T" >&2; fi' EXIT

. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
build_fixture x86-64 vmlinux >/dev/null 2>&1 || fail "tracepoints fixture"
. "$SRCDIR/tests/unpack/mkdeb.sh"
mk_tree root
mk_data_tar root gnu "$T/data.tar"
xz -c data.tar >data.tar.xz
mk_deb good.deb data.tar.xz
printf 'CONFIG_BPF=y\n' >config
dd if=/dev/zero of=full/fill bs=4k 2>/dev/null || :	# until the disk is full

enospc() { # OUTFILE CMD...: fails naming OUTFILE and ENOSPC, leaves nothing
	out=$1; shift
	expect_fail "$out" "$@"
	grep -qF "No space left on device" "$T/.err" || fail "$1: $(cat "$T/.err")"
	! grep -qE 'Input/output error|Sanitizer' "$T/.err" || fail "$1: $(cat "$T/.err")"
	[ "$(ls full)" = fill ] || fail "$1 left: $(ls full | grep -v '^fill$' | tr '\n' ' ')"
}
for t in funcs types tracepoints syscalls; do
	enospc "full/" "$BIN/depsurf-$t" vmlinux -d full
done
enospc full/meta.json "$BIN/depsurf-meta" vmlinux -o full/meta.json
enospc full/config.json "$BIN/depsurf-config" config -o full/config.json
enospc full/vmlinux "$BIN/depsurf-unpack" good.deb "$VMLINUX=full/vmlinux"
echo "a full disk is named"
