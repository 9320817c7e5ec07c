#!/usr/bin/env bash
# Integration check of depsurf-unpack on a real Debian -dbg package:
# the vmlinux it writes must be byte-identical (sha256) to what
# dpkg-deb --fsys-tarfile | tar gives, and to $IMG_DIR/vmlinux when given.
#   DEB      the linux-image-<release>-dbg .deb (or .ddeb)   (required, else skip)
#   IMG_DIR  optional dir with a reference vmlinux
#   BIN      dir of the built tools
set -u
: "${BIN:?}"
[ -n "${DEB:-}" ] && [ -f "$DEB" ] || { echo "SKIP: set DEB to a -dbg package" >&2; exit 77; }
out=$(mktemp -d "${TMPDIR:-/tmp}/unpack-int.XXXXXX")
trap 'rm -rf "$out"' EXIT
vml='usr/lib/debug/boot/vmlinux-*'
"$BIN/depsurf-unpack" "$DEB" "$vml=$out/vmlinux" || exit 1
got=$(sha256sum <"$out/vmlinux" | cut -c1-64)
if command -v dpkg-deb >/dev/null 2>&1; then
	want=$(dpkg-deb --fsys-tarfile "$DEB" 2>/dev/null |
		tar --wildcards --occurrence=1 -xO "./$vml" | sha256sum | cut -c1-64)
	[ "$got" = "$want" ] || { echo "FAIL: vmlinux sha256 $got, dpkg-deb|tar $want" >&2; exit 1; }
fi
if [ -n "${IMG_DIR:-}" ] && [ -f "$IMG_DIR/vmlinux" ]; then
	want=$(sha256sum <"$IMG_DIR/vmlinux" | cut -c1-64)
	[ "$got" = "$want" ] || { echo "FAIL: vmlinux sha256 $got, $IMG_DIR/vmlinux $want" >&2; exit 1; }
fi
echo "unpack: vmlinux $got OK"
