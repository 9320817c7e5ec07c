#!/usr/bin/env bash
# depsurf-unpack on tiny packages built here: xz (single- and multi-block),
# zstd (.ddeb), gzip, lzma and plain data.tar; GNU, pax and ustar long
# names; members in the middle of the archive; several members in one pass.
# Every output must equal the fixture's source file.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/unpack/mkdeb.sh"
need ar; need xz; need zstd; need gzip
U=$BIN/depsurf-unpack

mk_tree root
for fmt in gnu pax ustar; do
	mk_data_tar root "$fmt" "$T/data-$fmt.tar"
done
# the long-name forms really are in the fixtures
grep -q '././@LongLink' data-gnu.tar || fail "gnu tar has no ././@LongLink"
grep -aq "path=./$LONG1" data-pax.tar || fail "pax tar has no path= record"
! grep -aq 'path=' data-ustar.tar || fail "ustar tar has a pax header"

# check_pkg PKG: extract the vmlinux (glob), config (exact, "./" form) and
# the long members; compare each with its source
check_pkg() {
	pkg=$1 long1=${2:-yes}
	rm -rf out && mkdir out
	set -- "usr/lib/debug/boot/vmlinux-*=out/vmlinux" "./$CONFIG=out/config" \
		"$LONG2=out/long2"
	[ "$long1" = yes ] && set -- "$@" "$LONG1=out/long1"
	rc=0
	"$U" "$pkg" "$@" 2>out/err || rc=$?
	[ $rc -eq 0 ] || { cat out/err >&2; fail "$pkg: exit $rc"; }
	[ -s out/err ] && { cat out/err >&2; fail "$pkg: unexpected stderr"; }
	cmp out/vmlinux "root/$VMLINUX" || fail "$pkg: vmlinux differs"
	cmp out/config "root/$CONFIG" || fail "$pkg: config differs"
	cmp out/long2 "root/$LONG2" || fail "$pkg: long2 differs"
	[ "$long1" = yes ] && { cmp out/long1 "root/$LONG1" || fail "$pkg: long1 differs"; }
	ls out | grep -q tmp && fail "$pkg: temp file left"
	return 0
}

xz -c data-gnu.tar >data.tar.xz
mk_deb gnu-xz.deb data.tar.xz
check_pkg gnu-xz.deb

xz -c data-pax.tar >data.tar.xz
mk_deb pax-xz.deb data.tar.xz
check_pkg pax-xz.deb

xz -c data-ustar.tar >data.tar.xz
mk_deb ustar-xz.deb data.tar.xz
check_pkg ustar-xz.deb no

# multi-block xz (what Debian ships), decoded by the threaded decoder
xz -T2 --block-size=65536 -c data-gnu.tar >data.tar.xz
blocks=$(xz --robot -l data.tar.xz | awk '$1 == "totals" { print $3 }')
[ "$blocks" -gt 4 ] || fail "multi-block fixture has $blocks blocks"
mk_deb multi-xz.deb data.tar.xz
check_pkg multi-xz.deb
"$U" --threads 1 multi-xz.deb "$VMLINUX=one" && cmp one "root/$VMLINUX" ||
	fail "--threads 1 output differs"

# two xz streams one after the other
{ head -c 100000 data-gnu.tar | xz -c; tail -c +100001 data-gnu.tar | xz -c; } >data.tar.xz
mk_deb streams.deb data.tar.xz
check_pkg streams.deb

# Ubuntu .ddeb with zstd (>= 21.10)
zstd -q -c data-pax.tar >data.tar.zst
mk_deb linux-image-unsigned-$REL-generic-dbgsym_${REL}_amd64.ddeb data.tar.zst
check_pkg linux-image-unsigned-$REL-generic-dbgsym_${REL}_amd64.ddeb
# several zstd frames in a row
{ head -c 100000 data-pax.tar | zstd -q -c; tail -c +100001 data-pax.tar | zstd -q -c; } >data.tar.zst
mk_deb frames.ddeb data.tar.zst
check_pkg frames.ddeb

gzip -n -c data-gnu.tar >data.tar.gz
mk_deb gz.deb data.tar.gz
check_pkg gz.deb

xz --format=lzma -c data-gnu.tar >data.tar.lzma
mk_deb lzma.deb data.tar.lzma
check_pkg lzma.deb

cp data-pax.tar data.tar
mk_deb plain.deb data.tar
check_pkg plain.deb

# the same member to two outputs; read from a pipe (no size known up front)
"$U" gnu-xz.deb "$CONFIG=c1" "boot/config-*=c2" || fail "two outputs"
cmp c1 "root/$CONFIG" && cmp c2 "root/$CONFIG" || fail "two outputs differ"
"$U" /dev/stdin "$VMLINUX=piped" <gnu-xz.deb || fail "pipe input"
cmp piped "root/$VMLINUX" || fail "pipe output differs"

# a package built by dpkg-deb itself, when there is one
if command -v dpkg-deb >/dev/null 2>&1; then
	mkdir -p root/DEBIAN
	printf 'Package: t\nVersion: 1\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' \
		>root/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz -b root dpkg.deb >/dev/null
	rm -rf root/DEBIAN
	check_pkg dpkg.deb
fi

# --progress: quiet for the first second, then a line per second (bytes
# read; no percent from a pipe), then a summary
"$U" --progress gnu-xz.deb "$CONFIG=p" 2>err || fail "--progress"
grep -q "^depsurf-unpack: gnu-xz.deb: 1 member(s) written; read .* MiB of the package, 4 tar entries$" err ||
	{ cat err >&2; fail "no summary line"; }
[ "$(wc -l <err)" -eq 1 ] || { cat err >&2; fail "progress lines in a short run"; }
{ head -c 2000 gnu-xz.deb; sleep 1.3; tail -c +2001 gnu-xz.deb; } |
	"$U" --progress /dev/stdin "$CONFIG=p" 2>err || fail "--progress from a pipe"
grep -q "^depsurf-unpack: /dev/stdin: [0-9.]* MiB$" err || { cat err >&2; fail "no progress line"; }

"$U" --help | grep -q 'MEMBER=OUTFILE' || fail "--help"
exit 0

# Debian 14 layout: the vmlinux is usr/lib/debug/lib/modules/R/vmlinux and
# boot/vmlinux-R a symlink to it, later in the archive. Alternatives joined
# by '|' skip the link and take the file, in either archive order; without
# alternatives the link is still reported.
mkdir -p d14/usr/lib/debug/lib/modules/9.9 d14/usr/lib/debug/boot
head -c 70000 /dev/urandom >d14/usr/lib/debug/lib/modules/9.9/vmlinux
ln -s ../lib/modules/9.9/vmlinux d14/usr/lib/debug/boot/vmlinux-9.9
alt='usr/lib/debug/boot/vmlinux-9.9|usr/lib/debug/lib/modules/9.9/vmlinux'
for order in file-first link-first; do
	if [ $order = file-first ]; then
		list="./usr/lib/debug/lib/modules/9.9/vmlinux ./usr/lib/debug/boot/vmlinux-9.9"
	else
		list="./usr/lib/debug/boot/vmlinux-9.9 ./usr/lib/debug/lib/modules/9.9/vmlinux"
	fi
	# shellcheck disable=SC2086
	tar -C d14 --format=gnu --no-recursion -cf d14.tar $list
	xz -c d14.tar >data.tar.xz
	mk_deb "d14-$order.deb" data.tar.xz
	"$U" "d14-$order.deb" "$alt=d14.out" || fail "$order: alternatives failed"
	cmp d14.out d14/usr/lib/debug/lib/modules/9.9/vmlinux || fail "$order: wrong member"
	rm -f d14.out
done
expect_fail "member ./usr/lib/debug/boot/vmlinux-9.9 is a symbolic link" \
	"$U" d14-link-first.deb "usr/lib/debug/boot/vmlinux-9.9=d14.out"
[ ! -e d14.out ] || fail "link left an output"
