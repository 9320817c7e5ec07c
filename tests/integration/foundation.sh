#!/bin/bash
# Foundation on a real image: the unpacked vmlinux equals dpkg-deb + tar,
# a second `make dataset` downloads nothing, and a truncated package fails
# alone with a clear reason while the good image still builds.
set -euo pipefail
: "${IMG_DIR:?}" "${DEB:?}" "${RELEASE:?}" "${KERNELS_LIST:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$SRCDIR"

want=$({ dpkg-deb --fsys-tarfile "$DEB" 2>/dev/null || true; } | tar --occurrence=1 -xO "./usr/lib/debug/boot/vmlinux-$RELEASE" | sha256sum | cut -d' ' -f1)
have=$(sha256sum "$IMG_DIR/vmlinux" | cut -d' ' -f1)
[ "$want" = "$have" ] || fail "vmlinux sha256 $have differs from dpkg-deb+tar's $want"
echo "vmlinux sha256 equals dpkg-deb | tar: $have"

# a package already in DOWNLOAD_DIR is not downloaded again
id=$(basename "$IMG_DIR")
make --no-print-directory dataset KERNELS="$KERNELS_LIST" IMAGES="$id" >"$T/again.log" 2>&1 ||
	fail "second make dataset failed: $(tail -n3 "$T/again.log")"
! grep -q 'downloading' "$T/again.log" || fail "second run downloaded again"

# truncated copy of the real package, with the truncated file's own sum
mkdir "$T/src"
head -c 200000000 "$DEB" >"$T/src/truncated-dbg_1_amd64.deb"
sum=$(sha256sum "$T/src/truncated-dbg_1_amd64.deb" | cut -d' ' -f1)
{ grep -v '^#' "$KERNELS_LIST"
  echo "debian-truncated debian $RELEASE amd64 amd64 $sum file://$T/src/truncated-dbg_1_amd64.deb - -"
} >"$T/two.list"
# the good package is already "downloaded" there: only the copy is fetched
mkdir "$T/dl" && ln -s "$(dirname "$DEB")"/*.deb "$T/dl/"
if make --no-print-directory dataset KERNELS="$T/two.list" DOWNLOAD_DIR="$T/dl" \
	WORK_DIR="$T/work" DATASET_DIR="$T/ds" >"$T/two.log" 2>&1; then
	fail "a run with a truncated package exited 0"
fi
grep -E '^  FAILED debian-truncated: unpack: .*truncated' "$T/two.log" ||
	fail "no clear reason for the truncated package: $(grep -A3 summary "$T/two.log")"
[ ! -e "$T/work/debian-truncated/vmlinux" ] || fail "truncated package left work/<id>/vmlinux"
[ ! -e "$T/ds/debian-truncated" ] || fail "truncated package left dataset/<id>/"
grep -qE "^  ok +$id\$" "$T/two.log" || fail "the good image did not build in the same run"
