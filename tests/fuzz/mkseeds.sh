#!/usr/bin/env bash
# tests/fuzz/mkseeds.sh DIR: the seed corpora of the fuzz harnesses, made at
# run time into DIR/<harness>/ from the tests' own fixture scripts: tiny
# .deb files (tests/unpack/mkdeb.sh: xz, zstd, gzip, plain; gnu, pax, ustar
# tar), kernels.list lines, a .config, and the mini kernels of
# tests/extract/{types,tracepoints,lsm_hooks,kfuncs,funcs} (gcc + pahole -J; the
# cross-compiled tracepoints fixtures too when the compilers are there), and the
# BPF programs of tests/check/progs (clang -target bpf, libbpf's headers).
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
for h in deb kernels-list kernel-groups kconfig krel types tracepoints syscalls registers lsm_hooks kfuncs funcs diff surface-reader bpfobj; do
	mkdir -p "$SEEDS/$h"
done

# ---- deb: a tree of tiny files, one package per compression and tar format
. "$SRCDIR/tests/unpack/mkdeb.sh"
d=$T/tree
mkdir -p "$d/boot" "$d/usr/lib/debug/boot" "$d/usr/lib/debug/lib/modules/$REL"
printf 'CONFIG_BPF=y\n# CONFIG_X is not set\n' >"$d/$CONFIG"
printf '\177ELF vmlinux\n' >"$d/$VMLINUX"
mkdir -p "$d/usr/lib/debug/lib/modules/$REL/kernel/fs"	# a module: the --modules sink
printf '\177ELF module\n' >"$d/usr/lib/debug/lib/modules/$REL/kernel/fs/x.ko"
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

# ---- diff: a kind byte (diff/diff.h order), the old entry, '\n', the new one
F='{"name":"f","inline":"none","collision":"unique_global","transforms":[],"exact_symbol":true,"traceable":true,"kprobe_blacklisted":false,"proto":{"ret":"int","params":[{"name":"a","type":"int"},{"name":"b","type":"char *"}],"source":"btf"}}'
G='{"name":"f","inline":"full","collision":"static_static","transforms":["isra"],"exact_symbol":false,"traceable":false,"kprobe_blacklisted":true,"proto":{"ret":"long","params":[{"name":"b","type":"char *"},{"name":"x","type":"int"},{"name":"a","type":"u64"}],"source":"dwarf"}}'
S='{"name":"s","size":16,"members":[{"name":"a","offset_bits":0,"bitfield_bits":0,"type":"int"},{"name":"","offset_bits":64,"bitfield_bits":0,"type":"union {int x; long y;}"}]}'
T='{"name":"s","size":24,"members":[{"name":"b","offset_bits":0,"bitfield_bits":3,"type":"int"},{"name":"","offset_bits":64,"bitfield_bits":0,"type":"union {int x;}"},{"name":"a","offset_bits":128,"bitfield_bits":0,"type":"long"}]}'
E='{"name":"e","size":4,"values":[{"name":"A","value":0},{"name":"B","value":1}]}'
E2='{"name":"e","size":8,"values":[{"name":"A","value":2},{"name":"C","value":"18446744073709551615"}]}'
P='{"event":"ev","system":"sys","class":"c","fmt":"\"x=%d\"","fields":[{"name":"ent","offset_bits":0,"type":"struct trace_entry"},{"name":"x","offset_bits":64,"type":"int"}],"args":[{"name":"p","type":"struct task_struct *"}]}'
Q='{"event":"ev","system":"sys2","class":"c2","fmt":"\"y\"","fields":[{"name":"x","offset_bits":96,"type":"long"}],"args":[]}'
Y='{"sys_call_table":[{"nr":0,"name":"read","entry":"__x64_sys_read","available":true}],"ia32_sys_call_table":[{"nr":3,"name":"read","entry":"__ia32_sys_read","available":true}]}'
Z='{"sys_call_table":[{"nr":1,"name":"read","entry":"__se_sys_read","available":false}]}'
C='{"CONFIG_A":"y","CONFIG_B":null}'
C2='{"CONFIG_A":"m"}'
R='{"arch":"x86_64","pt_regs":{"size":16,"members":[{"name":"di","offset_bits":0,"bitfield_bits":0,"type":"long"}]},"params":["di","si"],"ret":"ax","syscall_wrapper":true}'
R2='{"arch":"x86_64","pt_regs":{"size":8,"members":[]},"params":["si"],"ret":null,"syscall_wrapper":false}'
L='{"name":"h","proto":{"ret":"int","params":[{"name":"a","type":"int"}]},"bpf_lsm":true}'
K='{"name":"k","proto":{"ret":"void","params":[]},"sets":["s"],"flags":["KF_RELEASE"],"decl_tag":false}'
K2='{"name":"k","proto":{"ret":"int","params":[{"name":"p","type":"int *"}]},"sets":["s","t"],"flags":[],"decl_tag":true}'
i=0
seed() {	# KIND OLD NEW
	printf "\\x$(printf %02x "$1")%s\n%s" "$2" "$3" >"$SEEDS/diff/seed$i"
	i=$((i + 1))
}
seed 0 "$F" "$G"; seed 1 "$S" "$T"; seed 2 "$T" "$S"; seed 3 "$E" "$E2"; seed 4 "$P" "$Q"
seed 5 "$Y" "$Z"; seed 6 "$C" "$C2"; seed 7 "$L" "$F"; seed 8 "$K" "$K2"; seed 9 "$R" "$R2"
seed 0 null "$F"; seed 1 "$S" null
# ---- surface-reader: a mode byte, then a surface file
printf '\000%s\n%s\n' "$F" "${G/\"name\":\"f\"/\"name\":\"g\"}" >"$SEEDS/surface-reader/funcs"
printf '\002%s\n' "${F%\}},\"defs\":[],\"symbols\":[]}" >"$SEEDS/surface-reader/funcs-lazy"
printf '\003%s\n%s\n' "$P" "${Q/\"system\":\"sys2\"/\"system\":\"tz\"}" >"$SEEDS/surface-reader/tracepoints"
printf '\004%s\n' "$Y" >"$SEEDS/surface-reader/doc"

# ---- krel: the trace-event module of tests/extract/modules, gcc -c (ET_REL,
# RELA) and the cross compilers' (arm: REL), without DWARF
for cc in gcc aarch64-linux-gnu-gcc s390x-linux-gnu-gcc arm-linux-gnueabihf-gcc; do
	command -v $cc >/dev/null 2>&1 || continue
	$cc -O2 -c -o "$SEEDS/krel/mod-trace-${cc%%-*}.ko" "$SRCDIR/tests/extract/modules/mod-trace.c" ||
		fail "krel seed with $cc" || true
done

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

# ---- bpfobj: the BPF programs of tests/check (hooks, CO-RE field, type and
# enum records, flavors, guards, __kconfig/__ksym externs), as tests/check
# compiles them; without -g too (no .BTF.ext line info: smaller inputs)
if command -v clang >/dev/null && [ -f /usr/include/bpf/bpf_helpers.h ]; then
	P=$SRCDIR/tests/check/progs
	for p in "$P"/*.bpf.c; do
		b=$(basename "$p" .bpf.c)
		clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$P" -c "$p" \
			-o "$SEEDS/bpfobj/$b.bpf.o" >/dev/null 2>&1 || continue
		llvm-strip -g -o "$SEEDS/bpfobj/$b-nodebug.bpf.o" "$SEEDS/bpfobj/$b.bpf.o" \
			>/dev/null 2>&1 || true
	done
fi
for h in deb kernels-list kernel-groups kconfig krel types tracepoints syscalls registers lsm_hooks kfuncs funcs diff surface-reader bpfobj; do
	echo "mkseeds: $h: $(ls "$SEEDS/$h" | wc -l) files, $(du -sk "$SEEDS/$h" | cut -f1) KiB"
done
