#!/usr/bin/env bash
# depsurf-unpack on the real -dbg package, glob form: the vmlinux must equal
# $IMG_DIR/vmlinux (which foundation.sh compares with dpkg-deb | tar), and
# the same package read from a pipe (no size known up front) must give it too.
#   DEB  the -dbg .deb   IMG_DIR  work/<id>   BIN  optimized tools
set -euo pipefail
: "${BIN:?}" "${IMG_DIR:?}" "${DEB:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$BIN/depsurf-unpack" /dev/stdin "usr/lib/debug/boot/vmlinux-*=$T/vmlinux" <"$DEB" ||
	fail "depsurf-unpack from a pipe failed"
cmp -s "$T/vmlinux" "$IMG_DIR/vmlinux" || fail "piped glob extraction differs from $IMG_DIR/vmlinux"
echo "unpack: glob + pipe vmlinux equals $IMG_DIR/vmlinux"
