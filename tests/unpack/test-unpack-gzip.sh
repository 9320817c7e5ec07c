#!/usr/bin/env bash
# A data.tar.gz of several gzip members one after another (RFC 1952 2.2: a
# gzip file is a series of members; `gzip -d` and dpkg read them all) must
# unpack whole, not stop silently after the first member. Built with
# dpkg-deb -Zgzip, then its data.tar split at a point inside the vmlinux and
# recompressed as two members (and as three, one empty).
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/unpack/mkdeb.sh"
need ar; need gzip; need dpkg-deb
U=$BIN/depsurf-unpack

mk_tree pkg
mkdir -p pkg/DEBIAN
printf 'Package: linux-image-%s-dbg\nVersion: %s\nArchitecture: all\nMaintainer: t <t@t>\nDescription: t\n' \
	"$REL" "$REL" >pkg/DEBIAN/control
dpkg-deb --root-owner-group -Zgzip --build pkg one.deb >/dev/null || fail "dpkg-deb"
"$U" one.deb "$VMLINUX=ok" && cmp ok "pkg/$VMLINUX" || fail "one.deb does not unpack"
rm -f ok
ar p one.deb data.tar.gz | gzip -dc >data.tar
off=$(grep -abo "vmlinux-$REL" data.tar | head -n1 | cut -d: -f1)
cut=$((off + 512 + 4096))	# inside the vmlinux's data
head -c "$cut" data.tar | gzip -n >two.gz
tail -c +$((cut + 1)) data.tar | gzip -n >>two.gz
gzip -dc two.gz | cmp - data.tar || fail "two.gz is not the data.tar"
mk_deb two.deb data.tar.gz two.gz
"$U" two.deb "$VMLINUX=out.v" "$CONFIG=out.c" || fail "two gzip members"
cmp out.v "pkg/$VMLINUX" || fail "two gzip members: the vmlinux differs"
cmp out.c "pkg/$CONFIG" || fail "two gzip members: the config differs"
rm -f out.v out.c
# a member cut exactly at a tar header: the wanted member in the second
hdr=$(( (off / 512) * 512 ))
{ head -c "$hdr" data.tar | gzip -n; : | gzip -n; tail -c +$((hdr + 1)) data.tar | gzip -n; } >three.gz
mk_deb three.deb data.tar.gz three.gz
"$U" three.deb "$VMLINUX=out.v" || fail "three gzip members"
cmp out.v "pkg/$VMLINUX" || fail "three gzip members: the vmlinux differs"
rm -f out.v
# garbage after the last member is an error, not ignored
{ cat two.gz; echo garbage; } >junk.gz
mk_deb junk.deb data.tar.gz junk.gz
expect_fail "junk.deb: gzip: corrupt data" "$U" junk.deb "$VMLINUX=out.v"
no_output out.
# a second member cut short is truncated data
{ cat two.gz; head -c 30 two.gz; } >cut.gz
mk_deb cut.deb data.tar.gz cut.gz
expect_fail "cut.deb: gzip: truncated data" "$U" cut.deb "$VMLINUX=out.v"
no_output out.
echo "gzip members read in sequence"
