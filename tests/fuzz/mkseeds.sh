#!/usr/bin/env bash
# tests/fuzz/mkseeds.sh DIR: the seed corpora of the fuzz harnesses, made at
# run time into DIR/<harness>/ from the tests' own fixture scripts: tiny
# .deb files (tests/unpack/mkdeb.sh: xz, zstd, gzip, plain; gnu, pax, ustar
# tar), kernels.list lines, a .config, and the mini kernels of
# tests/extract/{types,tracepoints,lsm_hooks,kfuncs,funcs} (gcc + pahole -J; the
# cross-compiled tracepoints fixtures too when the compilers are there).
# A seed that cannot be built is left out (the harness still runs).
set -eu
export LC_ALL=C
: "${SRCDIR:?}"
SEEDS=$1
mkdir -p "$SEEDS"
SEEDS=$(cd "$SEEDS" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/depsurf-seeds.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "mkseeds: $*" >&2; return 1; }
cd "$T"
for h in deb kernels-list kernel-groups kconfig types tracepoints syscalls registers lsm_hooks kfuncs funcs; do
	mkdir -p "$SEEDS/$h"
done

# ---- deb: a tree of tiny files, one package per compression and tar format
. "$SRCDIR/tests/unpack/mkdeb.sh"
d=$T/tree
mkdir -p "$d/boot" "$d/usr/lib/debug/boot" "$d/usr/lib/debug/lib/modules/$REL"
printf 'CONFIG_BPF=y\n# CONFIG_X is not set\n' >"$d/$CONFIG"
printf '\177ELF vmlinux\n' >"$d/$VMLINUX"
ln -s "../lib/modules/$REL/vmlinux" "$d/usr/lib/debug/boot/vmlinux-$REL.lnk"
mkdir -p "$d/usr/lib/debug/${LONG1%/*}"
echo long >"$d/usr/lib/debug/${LONG1%/*}/x"
(cd "$d" && tar --format=gnu --owner=0 --group=0 --numeric-owner --mtime=@1700000000 \
	-cf "$T/gnu.tar" ./boot ./usr)
(cd "$d" && tar --format=pax --owner=0 --group=0 --numeric-owner --mtime=@1700000000 \
	-cf "$T/pax.tar" ./boot ./usr)
(cd "$d" && tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime=@1700000000 \
	-cf "$T/ustar.tar" ./boot "./$VMLINUX")
xz -c gnu.tar >data.tar.xz && mk_deb "$SEEDS/deb/xz.deb" data.tar.xz
command -v zstd >/dev/null && zstd -q -c pax.tar >data.tar.zst && mk_deb "$SEEDS/deb/zst.deb" data.tar.zst
gzip -n -c ustar.tar >data.tar.gz && mk_deb "$SEEDS/deb/gz.deb" data.tar.gz
cp gnu.tar data.tar && mk_deb "$SEEDS/deb/plain.deb" data.tar
xz -F lzma -c pax.tar >data.tar.lzma && mk_deb "$SEEDS/deb/lzma.deb" data.tar.lzma || true

# ---- kernels.list: lines of the real list, and the shapes the parser knows
{ grep -v '^#' "$SRCDIR/kernels.list" | head -n 3; } >"$SEEDS/kernels-list/real" || true
h=$(printf '%064d' 0)
cat >"$SEEDS/kernels-list/synthetic" <<EOT
# comment
debian-6.1.0-47-amd64 debian 6.1.0-47-amd64 amd64 amd64 $h http://a/b/x.deb,file:///d/x.deb - -
ubuntu-5.4.0-26-generic-amd64 ubuntu 5.4.0-26-generic amd64 generic - \${UBUNTU_DDEBS}/x.ddeb $h https://c/y.deb
EOT

# ---- kernels.groups: the real file, and the shapes the parser knows
cp "$SRCDIR/kernels.groups" "$SEEDS/kernel-groups/real"
printf '# c\nregular chain a b c.1+x\narch\tbaseline a c.1+x # x\nregular chain b a\n' \
	>"$SEEDS/kernel-groups/synthetic"

# ---- kconfig
cat >"$SEEDS/kconfig/config" <<'EOT'
#
# Automatically generated file; DO NOT EDIT.
#
CONFIG_BPF=y
CONFIG_MODULES=m
# CONFIG_X is not set
CONFIG_NR_CPUS=8192
CONFIG_PHYS=0x1000000
CONFIG_NEG=-1
CONFIG_LOCALVERSION="-x \"q\" \\"

EOT

# ---- ELF images (embedded .BTF), each given to every extractor harness
elfs=()
if command -v gcc >/dev/null && command -v pahole >/dev/null; then
	. "$SRCDIR/tests/extract/types/fixture.sh"
	mini_kernel gcc types.elf >/dev/null 2>&1 && elfs+=(types.elf)
	. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
	for a in x86-64 arm64 s390x arm; do
		build_fixture $a tp-$a.elf >/dev/null 2>&1 && elfs+=(tp-$a.elf)
	done
	gcc -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start \
		"$SRCDIR/tests/extract/lsm_hooks/mini-lsm.c" -o lsm.elf >/dev/null 2>&1 &&
		pahole -J lsm.elf >/dev/null 2>&1 && elfs+=(lsm.elf)
	# .BTF_ids laid out as resolve_btfids leaves it (tests/extract/kfuncs)
	(fail() { exit 1; }; . "$SRCDIR/tests/extract/kfuncs/fixture.sh"; mini_kfuncs kfuncs.elf) \
		>/dev/null 2>&1 && elfs+=(kfuncs.elf)
	FIX=$SRCDIR/tests/extract/funcs/fixture
	gcc -g -O2 -fno-pie -no-pie -nostdlib -static -I"$FIX" -Wl,-T,"$FIX/fixture.ld" \
		-o funcs.elf "$FIX/a.c" "$FIX/b.c" >/dev/null 2>&1 &&
		pahole -J funcs.elf >/dev/null 2>&1 && elfs+=(funcs.elf)
fi
for e in "${elfs[@]}"; do
	for h in types tracepoints syscalls registers lsm_hooks kfuncs; do
		# the BTF readers: without DWARF (smaller inputs, faster runs)
		strip -g -o "$SEEDS/$h/$e" "$e" 2>/dev/null || cp "$e" "$SEEDS/$h/$e"
	done
	cp "$e" "$SEEDS/funcs/$e"
done
cp "${elfs[0]}" "$SEEDS/types/with-dwarf.elf" 2>/dev/null || true
for h in deb kernels-list kernel-groups kconfig types tracepoints syscalls registers lsm_hooks kfuncs funcs; do
	echo "mkseeds: $h: $(ls "$SEEDS/$h" | wc -l) files, $(du -sk "$SEEDS/$h" | cut -f1) KiB"
done
