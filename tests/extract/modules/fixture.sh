# Sourced by tests/extract/modules/test-*.sh and tests/unpack/test-unpack-modules.sh:
# a debug package with a vmlinux and two modules, all compiled at test time.
#
#   mod_build            mini.elf (the types mini kernel, .BTF by pahole -J),
#                        mod-a.ko and mod-b.ko (gcc -c: ET_REL objects like
#                        .ko files, with .modinfo; split .BTF on top of
#                        mini.elf by `pahole -J --btf_base mini.elf`)
#   mod_package OUT.deb  usr/lib/debug/boot/vmlinux-$MOD_REL and the modules
#                        under usr/lib/debug/lib/modules/$MOD_REL/kernel/
#                        (fs/mod-a/mod-a.ko, drivers/mod-b.ko), with other
#                        files before, between and after them
MODDIR=$SRCDIR/tests/extract/modules
MOD_REL=1.2.3-mod
MOD_KDIR=usr/lib/debug/lib/modules/$MOD_REL/kernel

. "$SRCDIR/tests/extract/types/fixture.sh"
. "$SRCDIR/tests/unpack/mkdeb.sh"

mod_build() {
	need pahole; need gcc
	mini_kernel gcc mini.elf
	for m in a b; do
		gcc -g -O2 -c -o mod-$m.ko "$MODDIR/mod-$m.c" || fail "cannot compile mod-$m.c"
		pahole -J --btf_base mini.elf mod-$m.ko || fail "pahole -J --btf_base on mod-$m.ko failed"
	done
	return 0
}

mod_package() {
	out=$1 r=pkgroot
	rm -rf $r
	mkdir -p $r/usr/lib/debug/boot $r/$MOD_KDIR/fs/mod-a $r/$MOD_KDIR/drivers \
		$r/usr/share/doc/linux-image-$MOD_REL
	cp mini.elf $r/usr/lib/debug/boot/vmlinux-$MOD_REL
	cp mod-a.ko $r/$MOD_KDIR/fs/mod-a/mod-a.ko
	cp mod-b.ko $r/$MOD_KDIR/drivers/mod-b.ko
	echo "not a module" >$r/$MOD_KDIR/drivers/README
	echo "changelog" >$r/usr/share/doc/linux-image-$MOD_REL/changelog
	(cd $r && tar --format=gnu --owner=0 --group=0 --numeric-owner --mtime=@1700000000 \
		-cf ../data.tar ./usr/lib/debug/boot "./$MOD_KDIR/fs/mod-a/mod-a.ko" \
		"./$MOD_KDIR/drivers/README" "./$MOD_KDIR/drivers/mod-b.ko" ./usr/share/doc)
	xz -c data.tar >data.tar.xz
	mk_deb "$out" data.tar.xz
}
