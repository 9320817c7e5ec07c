#!/usr/bin/env bash
# depsurf-unpack --modules: every usr/lib/debug/lib/modules/*/kernel/**.ko
# of data.tar lands in the store (DIR/<path>.ko.zst, byte-identical after
# `zstd -d`, and the index DIR/modules.list) in the pass that writes the
# vmlinux; nothing else does; a rerun replaces the store; hostile names and
# repeated members fail with one line and leave no store behind.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/modules/fixture.sh"
need xz; need zstd; need ar
U=$BIN/depsurf-unpack
VM="usr/lib/debug/boot/vmlinux-*"
mod_build
mod_package pkg.deb

"$U" --modules store pkg.deb "$VM=vmlinux" 2>err || { cat err; fail "unpack --modules"; }
[ -s err ] && { cat err; fail "unexpected stderr"; }
cmp vmlinux mini.elf || fail "vmlinux differs"
printf 'drivers/mod-b.ko\t%s\nfs/mod-a/mod-a.ko\t%s\n' "$(stat -c %s mod-b.ko)" "$(stat -c %s mod-a.ko)" >want
cut -f1,2 store/modules.list | diff - want || fail "index"
for m in drivers/mod-b fs/mod-a/mod-a; do
	zstd -q -d -c store/$m.ko.zst | cmp - ${m##*/}.ko || fail "$m: stored bytes differ"
	assert_eq "$m stored size" "$(stat -c %s store/$m.ko.zst)" \
		"$(awk -F'\t' -v p=$m.ko '$1 == p { print $3 }' store/modules.list)"
done
assert_eq "store files" "drivers/mod-b.ko.zst fs/mod-a/mod-a.ko.zst modules.list" \
	"$(cd store && find . -type f | sed 's|^\./||' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"

# without --modules: the same vmlinux and no store; --modules alone: the store
"$U" pkg.deb "$VM=plain" || fail "plain unpack"
cmp plain mini.elf || fail "plain vmlinux differs"
"$U" --modules only pkg.deb || fail "--modules without members"
diff store/modules.list only/modules.list || fail "--modules alone: another index"
# a rerun replaces the store; no temporary or old directory stays
echo stale >store/stale
"$U" --modules store --modules-level 5 pkg.deb || fail "rerun"
[ ! -e store/stale ] || fail "old store kept"
ls -d store.* 2>/dev/null && fail "temporary store left"
zstd -q -d -c store/drivers/mod-b.ko.zst | cmp - mod-b.ko || fail "level 5 bytes"

# hostile names: a ".." component in the module path, a repeated member
mkdir -p evil && cp mod-a.ko evil/x.ko
(cd evil && tar --format=gnu -cf ../evil.tar \
	--transform "s|^x.ko|usr/lib/debug/lib/modules/$MOD_REL/kernel/a/../../../../escape.ko|" x.ko)
tar -tf evil.tar | grep -q 'kernel/a/\.\./' || fail "fixture: tar did not keep the .. component"
xz -c evil.tar >data.tar.xz && mk_deb evil.deb data.tar.xz
expect_fail 'would leave the module store' "$U" --modules estore evil.deb
ls -d estore* 2>/dev/null && fail "store left after a hostile name"
[ ! -e "usr/lib/debug/lib/modules/escape.ko" ] && [ ! -e escape.ko ] || fail "escaped"

cp data.tar twice.tar
tar --format=gnu -rf twice.tar -C pkgroot "./$MOD_KDIR/drivers/mod-b.ko"
xz -c twice.tar >data.tar.xz && mk_deb twice.deb data.tar.xz
expect_fail 'is in data.tar twice' "$U" --modules tstore twice.deb "$VM=tv"
ls -d tstore* tv* 2>/dev/null && fail "output left after a repeated module"

# a compressed module is refused, not skipped
mkdir -p cz && xz -c mod-a.ko >cz/x.ko.xz
(cd cz && tar --format=gnu -cf ../cz.tar --transform "s|^x.ko.xz|usr/lib/debug/lib/modules/$MOD_REL/kernel/x.ko.xz|" x.ko.xz)
xz -c cz.tar >data.tar.xz && mk_deb cz.deb data.tar.xz
expect_fail "module usr/lib/debug/lib/modules/$MOD_REL/kernel/x.ko.xz is compressed" "$U" --modules czstore cz.deb
ls -d czstore* 2>/dev/null && fail "store left after a compressed module"
"$U" cz.deb "usr/lib/debug/lib/modules/*/kernel/x.ko.xz=czplain" || fail "without --modules it is a member like any other"

expect_fail 'bad --modules-level' "$U" --modules s --modules-level 0 pkg.deb
exit 0
