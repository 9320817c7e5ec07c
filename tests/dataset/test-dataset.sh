#!/bin/bash
# `make dataset` end to end on tiny fixture packages (file:// URLs): a good
# image is published with its meta.json; a truncated package and a package
# without a vmlinux fail alone, with a reason, leaving neither work/<id>/vmlinux
# nor dataset/<id>/; a second run redoes nothing; the .ddeb/zstd road works.
. "$SRCDIR/tests/include/test-subr.sh"
need dpkg-deb; need jq; need gcc; need pahole
for t in unpack btf meta $(sed -n 's/^SURFACE(\([a-z0-9_]*\),.*/\1/p' "$SRCDIR/schema/surfaces.def"); do
	[ -x "$BIN/depsurf-$t" ] || fail "depsurf-$t not built"
done

# The "vmlinux": the events mini kernel (trace events, a sys_call_table),
# with x86-64's struct pt_regs for registers.json; .BTF from pahole -J.
mkdir -p root/usr/lib/debug/boot root/boot
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
cat >regs.c <<'C'
#undef pt_regs
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx,
		si, di, orig_ax, ip, cs, flags, sp, ss;
};
struct pt_regs fixture_regs;
C
build_fixture x86-64 root/usr/lib/debug/boot/vmlinux-1.0-test -Dpt_regs=fixture_pt_regs regs.c ||
	fail "mini kernel build failed"
printf 'CONFIG_BPF=y\n# CONFIG_X is not set\n' >root/boot/config-1.0-test

mkpkg() { # NAME COMPRESSION DIR...
	local name=$1 comp=$2; shift 2
	mkdir -p "pkg-$name/DEBIAN"
	cp -a "$@" "pkg-$name/"
	printf 'Package: %s\nVersion: 1\nArchitecture: amd64\nMaintainer: t <t@t>\nDescription: t\n' "${name%%_*}" >"pkg-$name/DEBIAN/control"
	dpkg-deb -Z"$comp" --root-owner-group -b "pkg-$name" "src/$name" >/dev/null
}
# two modules (tests/extract/modules) with split BTF on top of that vmlinux
MODSRC=$SRCDIR/tests/extract/modules
KD=root/usr/lib/debug/lib/modules/1.0-test/kernel
mkdir -p $KD/fs $KD/drivers
for m in a b; do
	gcc -g -O2 -c -o mod-$m.ko "$MODSRC/mod-$m.c" || fail "cannot compile mod-$m.c"
	pahole -J --btf_base root/usr/lib/debug/boot/vmlinux-1.0-test mod-$m.ko || fail "pahole mod-$m.ko"
done
cp mod-a.ko $KD/fs/mod-a.ko
cp mod-b.ko $KD/drivers/mod-b.ko
mkdir src
mkdir -p dbg/usr && cp -a root/usr/. dbg/usr/
mkdir -p img/boot && cp -a root/boot/. img/boot/
mkpkg good-dbg_1_amd64.deb xz dbg/usr
mkpkg good-img_1_amd64.deb xz img/boot
mkpkg ubu-dbgsym_1_amd64.ddeb zstd dbg/usr
mkdir -p empty/usr/share/doc && echo x >empty/usr/share/doc/x
mkpkg novmlinux-dbg_1_amd64.deb xz empty/usr
head -c 3000 src/good-dbg_1_amd64.deb >src/cut-dbg_1_amd64.deb
sum() { sha256sum "src/$1" | cut -d' ' -f1; }
u=file://$T/src
cat >k.list <<L
good debian 1.0-test amd64 test $(sum good-dbg_1_amd64.deb) $u/good-dbg_1_amd64.deb $(sum good-img_1_amd64.deb) $u/good-img_1_amd64.deb
ubu ubuntu 1.0-test amd64 test - $u/ubu-dbgsym_1_amd64.ddeb - $u/good-img_1_amd64.deb
cut debian 1.0-test amd64 test $(sum cut-dbg_1_amd64.deb) $u/cut-dbg_1_amd64.deb - -
novm debian 1.0-test amd64 test $(sum novmlinux-dbg_1_amd64.deb) $u/novmlinux-dbg_1_amd64.deb - -
L
M="make -C $SRCDIR --no-print-directory $(case $BIN in */san/bin) echo SAN=1 ;; esac) KERNELS=$T/k.list DOWNLOAD_DIR=$T/dl WORK_DIR=$T/work DATASET_DIR=$T/ds"
$M -j2 dataset >run1.log 2>&1 && fail "a run with bad images exited 0"
grep -q '^  ok     good$' run1.log || { cat run1.log; fail "good image not ok"; }
grep -q '^  ok     ubu$' run1.log || { cat run1.log; fail ".ddeb/zstd image not ok"; }
grep -qE '^  FAILED cut: unpack: .*cut-dbg_1_amd64.deb: .*truncated' run1.log || { cat run1.log; fail "no reason for the truncated package"; }
grep -qE '^  FAILED novm: unpack: .*novmlinux-dbg_1_amd64.deb: .*vmlinux-1.0-test' run1.log || { cat run1.log; fail "no reason for the package without vmlinux"; }
grep -q '^dataset: 2 ok, 2 failed$' run1.log || fail "summary count"
for id in cut novm; do
	[ ! -e "work/$id/vmlinux" ] || fail "$id left work/$id/vmlinux"
	[ ! -e "ds/$id" ] || fail "$id left ds/$id"
done
cmp -s work/good/vmlinux root/usr/lib/debug/boot/vmlinux-1.0-test || fail "unpacked vmlinux differs"
[ -s ds/good/meta.json ] || fail "no meta.json published"
grep -q '"distro": *"debian"' ds/good/meta.json || fail "meta.json lacks the distro"
# MODULES=1 (the default): the module store, module types, meta.json's record
assert_eq "module store" "drivers/mod-b.ko fs/mod-a.ko" "$(cut -f1 work/good/modules/modules.list | tr '\n' ' ' | sed 's/ $//')"
assert_eq "module type" 'mod_a' "$(jq -r 'select(.name == "moda_state") | .module' ds/good/structs.jsonl)"
# 4 structs: this vmlinux has no layout32, so mod_b's is a module type here
assert_eq "meta.json modules" '[2,2,4,[]]' "$(jq -c '.modules.types | [.modules, .with_btf, .structs, .failed]' ds/good/meta.json)"
assert_eq "meta.json module tracepoints" '[2,0,0,[]]' "$(jq -c '.modules.tracepoints | [.modules, .with_events, .tracepoints, .failed]' ds/good/meta.json)"
# the database carries the module of every type and event
"$BIN/depsurf-db" -q -o mods.sqlite ds/ || fail "depsurf-db"
assert_eq "db module" 'mod_a|vmlinux' "$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("|".join(db.execute("SELECT module FROM structs WHERE name = ? AND image = (SELECT image FROM images WHERE id = ?)", (n, "good")).fetchone()[0] for n in ("moda_state", "list_head")))' mods.sqlite)"
# depsurf query says where a module's type lives
"$BIN/depsurf" query --db mods.sqlite --images good struct moda_state >q.txt || fail "query struct"
grep -q 'present   struct, 48 bytes, 3 members (in module mod_a, loaded on demand)$' q.txt || { cat q.txt; fail "query: module not said"; }
"$BIN/depsurf" query --db mods.sqlite --images good struct list_head >q.txt || fail "query struct"
grep -q 'module' q.txt && { cat q.txt; fail "query: a vmlinux type named a module"; }
assert_eq "recorded sum of the '-' package" "$(sum ubu-dbgsym_1_amd64.ddeb)" "$(cat dl/ubu-dbgsym_1_amd64.ddeb.sha256)"

# a second run of the good images redoes nothing and downloads nothing
cp -a ds ds.before
$M dataset IMAGES="good ubu" >run2.log 2>&1 || { cat run2.log; fail "second run failed"; }
! grep -qE '^\[(good|ubu)\] ' run2.log || fail "second run redid a stage: $(grep -E '^\[' run2.log | head -3)"
# (.build/ is the runs' record, with their times: docs/release.md)
diff -r -x .build ds.before ds >/dev/null || fail "second run changed the dataset"
[ -f ds/.build/run-all ] && grep -q '^end 20[0-9-]*T[0-9:]*Z$' ds/.build/run-all || fail "no build record"

# reproducible: a fresh serial build (-j1, other work and dataset dirs)
# publishes byte-identical files to the parallel one
M1="make -C $SRCDIR --no-print-directory $(case $BIN in */san/bin) echo SAN=1 ;; esac) KERNELS=$T/k.list DOWNLOAD_DIR=$T/dl WORK_DIR=$T/work1 DATASET_DIR=$T/ds1"
$M1 -j1 dataset IMAGES="good ubu" >run3.log 2>&1 || { cat run3.log; fail "serial run failed"; }
diff -r -x .build ds ds1 >/dev/null || fail "make -j1 and make -j2 datasets differ"

# MODULES=0: the vmlinux-only build, no store, the vmlinux's lines alone
$M -j2 dataset IMAGES=good MODULES=0 WORK_DIR=$T/work0 DATASET_DIR=$T/ds0 >run0.log 2>&1 || { cat run0.log; fail "MODULES=0 run failed"; }
[ ! -e work0/good/modules ] || fail "MODULES=0 made a module store"
assert_eq "MODULES=0 meta.json" 'null' "$(jq -c .modules ds0/good/meta.json)"
diff <(jq -c 'select(.module == "vmlinux")' ds/good/structs.jsonl) ds0/good/structs.jsonl ||
	fail "MODULES=0 structs are not the vmlinux lines of MODULES=1"

# meta.json records the sum of the bytes checked before unpacking (for a
# '-' package too: the sum of the file, not a column of the list)
grep -q "\"sha256\": *\"$(sum good-dbg_1_amd64.deb)\"" ds/good/meta.json || fail "meta.json: not the package's sum"
grep -q "\"sha256\": *\"$(sum ubu-dbgsym_1_amd64.ddeb)\"" ds/ubu/meta.json || fail "meta.json of a '-' package: not its sum"

# A package in DOWNLOAD_DIR with one byte changed after the vmlinux was built
# (a byte of an ar header's date: the package still unpacks): it is never
# used. With its source still there it is fetched again and the dataset is
# rebuilt from the good bytes; with no source left the image fails naming
# the expected and the actual sum, and nothing is published from it.
corrupt() { printf '9' | dd of="$1" bs=1 seek=24 conv=notrunc 2>/dev/null; touch "$1"; }
G=$(sum good-dbg_1_amd64.deb)
corrupt dl/good-dbg_1_amd64.deb
Bad=$(sha256sum dl/good-dbg_1_amd64.deb | cut -d' ' -f1)
[ "$Bad" != "$G" ] || fail "corrupt() changed nothing"
$M dataset IMAGES=good >run4.log 2>&1 || { cat run4.log; fail "a changed package was not fetched again"; }
grep -qF "present but its sha256 is $Bad, expected $G; fetching again" run4.log || { cat run4.log; fail "refetch not reported with both sums"; }
cmp -s dl/good-dbg_1_amd64.deb src/good-dbg_1_amd64.deb || fail "the changed package was kept"
grep -q "\"sha256\": *\"$G\"" ds/good/meta.json || fail "meta.json after a refetch"
mv src/good-dbg_1_amd64.deb src/good-dbg_1_amd64.deb.away
corrupt dl/good-dbg_1_amd64.deb
M5="make -C $SRCDIR --no-print-directory $(case $BIN in */san/bin) echo SAN=1 ;; esac) KERNELS=$T/k.list DOWNLOAD_DIR=$T/dl WORK_DIR=$T/work5 DATASET_DIR=$T/ds5"
$M5 dataset IMAGES="good ubu" >run5.log 2>&1 && fail "a changed package with no source was accepted"
grep -qE "^  FAILED good: fetch: .*dl/good-dbg_1_amd64.deb: present but its sha256 is $Bad, expected $G; download failed" run5.log ||
	{ cat run5.log; fail "no reason naming both sums"; }
grep -q '^  ok     ubu$' run5.log || { cat run5.log; fail "the other image did not build"; }
[ ! -e ds5/good ] && [ ! -e work5/good/vmlinux ] || fail "something was built from a changed package"
mv src/good-dbg_1_amd64.deb.away src/good-dbg_1_amd64.deb

# The bytes change between the check and the read: a depsurf-unpack that
# first changes one byte of the package it is given (as a writer racing the
# stage would), then runs the real one. The fetch and the check before
# unpacking both saw the good file; the unpack stage must fail naming both
# sums, leave no vmlinux and publish nothing (before the fix, meta.json
# claimed the checked sum for bytes it never had).
mkdir racebin
for f in "$BIN"/*; do ln -s "$f" racebin/; done
rm racebin/depsurf-unpack
cat >racebin/depsurf-unpack <<SH
#!/bin/sh
for a; do
	case \$a in *-dbg_*.deb) printf 9 | dd of="\$a" bs=1 seek=24 conv=notrunc 2>/dev/null ;; esac
done
exec $BIN/depsurf-unpack "\$@"
SH
chmod +x racebin/depsurf-unpack
cp src/good-dbg_1_amd64.deb dl/
make -C "$SRCDIR" -f dataset.mk --no-print-directory BIN="$T/racebin" KERNELS="$T/k.list" \
	DOWNLOAD_DIR="$T/dl" WORK_DIR="$T/work7" DATASET_DIR="$T/ds7" -k images IMAGES=good >run7.log 2>&1 &&
	{ cat run7.log; fail "a package changed after its check was unpacked"; }
"$SRCDIR/tools/summary.sh" work7 ds7 good >sum7.log || :
grep -qE "^  FAILED good: unpack: .*dl/good-dbg_1_amd64.deb: sha256 mismatch: expected $G, got $Bad$" sum7.log ||
	{ cat run7.log sum7.log; fail "no unpack failure naming both sums"; }
[ ! -e ds7/good ] || fail "published from bytes that are not the package"
[ ! -e work7/good/vmlinux ] && [ ! -e work7/good/package.sha256 ] || fail "unpack left its outputs"
[ -z "$(find work7 -name '*.tmp.*')" ] || fail "temp files left: $(find work7 -name '*.tmp.*')"

# A stage that hangs (a depsurf-config that sleeps, for image "hang") is cut
# by STAGE_TIMEOUT: that image is FAILED with the reason, the other builds.
# Temp files an interrupted run left (OUTPUT.tmp.*) are removed by the
# stage that owns them.
mkdir fakebin
for f in "$BIN"/*; do ln -s "$f" fakebin/; done
rm fakebin/depsurf-config
printf '#!/bin/sh\ncase "$*" in */hang/*) exec sleep 300 ;; esac\nexec %s/depsurf-config "$@"\n' "$BIN" >fakebin/depsurf-config
chmod +x fakebin/depsurf-config
{ grep '^good ' k.list; grep '^good ' k.list | sed 's/^good /hang /'; } >k6.list
mkdir -p work6/good/out
touch work6/good/vmlinux.tmp.AbC123 work6/good/out/funcs.jsonl.tmp.XyZ789
start=$(date +%s)
make -C "$SRCDIR" -f dataset.mk --no-print-directory BIN="$T/fakebin" KERNELS="$T/k6.list" \
	DOWNLOAD_DIR="$T/dl" WORK_DIR="$T/work6" DATASET_DIR="$T/ds6" STAGE_TIMEOUT=3 \
	-k -j2 images >run6.log 2>&1 && { cat run6.log; fail "a hanging stage did not fail"; }
secs=$(( $(date +%s) - start ))
[ "$secs" -lt 120 ] || fail "the hang was not cut (${secs}s)"
"$SRCDIR/tools/summary.sh" work6 ds6 good hang >sum6.log && fail "summary: exit 0 with a failed image"
grep -q '^  ok     good$' sum6.log || { cat run6.log sum6.log; fail "the other image did not build"; }
grep -q '^  FAILED hang: config: timed out after 3 (STAGE_TIMEOUT)$' sum6.log || { cat run6.log sum6.log; fail "no timeout reason"; }
[ ! -e ds6/hang ] || fail "the hung image was published"
left=$(find work6 -name '*.tmp.*')
[ -z "$left" ] || fail "temp files left: $left"

# Two packages of one image that both fail to download (the debug package and
# the config package, fetched in parallel): one summary line with both
# reasons whole, each from its own file (they used to share work/<id>/FAILED
# and garble it). Three Ubuntu images whose packages cannot be fetched: one
# line saying so and naming UBUNTU_DDEBS, not three. Markers in
# DATASET_DIR/.build/failed/ for the release MANIFEST.
g=$u/gone
{ grep '^good ' k.list
  echo "both debian 1.0-test amd64 test - $g/both-dbg_1_amd64.deb - $g/both-img_1_amd64.deb"
  for i in 1 2 3; do echo "ub$i ubuntu 1.0-test amd64 test - $g/ub$i-dbgsym_1_amd64.ddeb - -"; done
} >k7.list
M7="make -C $SRCDIR --no-print-directory $(case $BIN in */san/bin) echo SAN=1 ;; esac) KERNELS=$T/k7.list DOWNLOAD_DIR=$T/dl WORK_DIR=$T/work7 DATASET_DIR=$T/ds7"
$M7 -j2 dataset FETCH_TIMEOUT=60 >run7.log 2>&1 && { cat run7.log; fail "failing fetches exited 0"; }
sed -n '/^dataset: summary/,/^dataset: [0-9]/p' run7.log >sum7.log
grep -q "^  FAILED both: fetch: .*both-dbg_1_amd64.deb: .*download failed: .*; fetch: .*both-img_1_amd64.deb: .*download failed: " sum7.log ||
	{ cat sum7.log; fail "the two fetch failures of one image are not one clean line"; }
[ "$(grep -c ' ub[123]' sum7.log)" = 0 ] || { cat sum7.log; fail "one line per unreachable Ubuntu image"; }
grep -q '^  FAILED 3 Ubuntu images: their packages could not be downloaded .*UBUNTU_DDEBS' sum7.log ||
	{ cat sum7.log; fail "no single line for the unreachable Ubuntu images"; }
grep -q '^dataset: 1 ok, 4 failed$' sum7.log || { cat sum7.log; fail "counts"; }
assert_eq "summary lines" 5 "$(wc -l <sum7.log)"
for id in both ub1 ub2 ub3; do
	[ -s "ds7/.build/failed/$id" ] || fail "no failure marker for $id"
done
grep -q '^fetch: .*both-dbg.*; fetch: .*both-img' ds7/.build/failed/both || fail "marker: $(cat ds7/.build/failed/both)"
[ ! -e ds7/.build/failed/good ] || fail "a marker for the good image"

# SHARD=I/N: shards of the selection are disjoint, their union is the
# selection, every runner computes the same ones; package sizes
# (kernels.sizes beside the list) balance them: the one heavy image alone
mkdir sh
for i in 1 2 3 4 5 6; do echo "s$i debian 1.0-test amd64 test - $u/s$i-dbg_1_amd64.deb - -"; done >sh/kernels.list
printf '%s\n' 's1-dbg_1_amd64.deb 100' 's2-dbg_1_amd64.deb 100' 's3-dbg_1_amd64.deb 600' \
	's4-dbg_1_amd64.deb 100' 's5-dbg_1_amd64.deb 100' 's6-dbg_1_amd64.deb 200' >sh/kernels.sizes
K="$BIN/depsurf-kernels --sizes sh/kernels.sizes"
assert_eq "shard 1/2" "s3" "$($K --shard 1/2 sh/kernels.list | tr '\n' ' ' | sed 's/ $//')"
assert_eq "shard 2/2" "s1 s2 s4 s5 s6" "$($K --shard 2/2 sh/kernels.list | tr '\n' ' ' | sed 's/ $//')"
for n in 1 2 3 5 8; do
	for i in $(seq 1 $n); do $K --shard $i/$n sh/kernels.list; done | sort >union
	"$BIN/depsurf-kernels" sh/kernels.list | sort | diff -u - union >&2 || fail "shards of $n: not a partition"
done
# without sizes every image weighs the same: round robin in list order
assert_eq "unsized 1/3" "s1 s4" "$("$BIN/depsurf-kernels" --shard 1/3 sh/kernels.list | tr '\n' ' ' | sed 's/ $//')"
expect_fail "--shard" "$BIN/depsurf-kernels" --shard 3/2 sh/kernels.list
echo 's1-dbg_1_amd64.deb lots' >sh/bad.sizes
expect_fail "sh/bad.sizes:1: 'lots' is not a size" "$BIN/depsurf-kernels" --sizes sh/bad.sizes --shard 1/2 sh/kernels.list
# make dataset SHARD=: the two shards of "good ubu" build one image each and
# leave the database to the join; a shard with no image is no error
$M dataset IMAGES="good ubu" SHARD=1/2 DATASET_DIR=$T/dsa WORK_DIR=$T/worka >runa.log 2>&1 || { cat runa.log; fail "shard 1/2"; }
$M dataset IMAGES="good ubu" SHARD=2/2 DATASET_DIR=$T/dsb WORK_DIR=$T/workb >runb.log 2>&1 || { cat runb.log; fail "shard 2/2"; }
assert_eq "shards" "good ubu" "$(ls dsa dsb | grep -E '^(good|ubu)$' | sort | tr '\n' ' ' | sed 's/ $//')"
[ ! -e dsa/depsurf.sqlite ] && [ ! -e dsb/depsurf.sqlite ] || fail "a shard built the database"
[ -f dsa/.build/run-shard-1-of-2 ] && [ -f dsb/.build/run-shard-2-of-2 ] || fail "no shard records"
$M dataset IMAGES=good SHARD=2/2 DATASET_DIR=$T/dsc WORK_DIR=$T/workc >runc.log 2>&1 || { cat runc.log; fail "an empty shard failed"; }
grep -q "shard 2/2 of the selection has no image" runc.log || fail "empty shard: $(cat runc.log)"
