#!/usr/bin/env bash
# depsurf release and depsurf verify on a fixture dataset (three images of
# tests/matrix/data, a database, a diff, a table with a long name, a
# recorded failure and build times): the tarball's bytes do not depend on
# the worker threads, file mtimes or a rerun; tar, zstd and sha256sum agree
# with it and with its MANIFEST; verify passes on the tarball, an unpacked
# copy and a per-image tarball, and names the one altered, missing or extra
# file; a truncated or corrupt tarball, a wrong .sha256 or a hostile
# MANIFEST fail with one line; query and check --release read the tarball
# and leave no temp file.
. "$SRCDIR/tests/include/test-subr.sh"
need tar
need zstd
need jq
need sha256sum
D=$BIN/depsurf
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"

mkdir ds
for id in k510 k61 k612; do cp -r "$SRCDIR/tests/matrix/data/$id" ds/; done
cp "$SRCDIR/tests/matrix/data/kernels.list" "$SRCDIR/tests/matrix/data/kernels.groups" .
"$BIN/depsurf-db" -q ds || fail "depsurf-db"
mkdir -p ds/diff ds/tables ds/.build/failed ds/.k72.tmp
echo '{"old":"k510","new":"k61"}' >ds/diff/k510__k61.json
long=tables/$(printf 'a%.0s' $(seq 1 120)).csv	# > 100 bytes: ustar prefix split
echo "x,y" >"ds/$long"
# > 255 bytes and no split fits: a pax header
pax=tables/$(printf 'b%.0s' $(seq 1 200))/$(printf 'c%.0s' $(seq 1 120)).csv
mkdir -p "ds/${pax%/*}" && echo "z" >"ds/$pax"
echo "half-published" >ds/.k72.tmp/meta.json
echo "fetch: curl: (6) Could not resolve host: example.invalid" >ds/.build/failed/k72
printf 'start 2026-12-07T22:00:00Z\nend 2026-12-07T23:10:00Z\n' >ds/.build/run-shard-1-of-2
printf 'start 2026-12-07T22:01:00Z\nend 2026-12-07T23:30:00Z\n' >ds/.build/run-shard-2-of-2

rel() { "$D" release -d ds -k kernels.list -g kernels.groups "$@"; }
rel -o out1 -T 1 >log1 || fail "release"
NAME=depsurf-dataset-20261207-$("$D" -j version | jq -r .version)
R=out1/$NAME
TB=$R/$NAME.tar.zst
[ -f "$TB" ] && [ -f "$R/MANIFEST" ] && [ -f "$TB.sha256" ] || fail "release files missing: $(find out1)"
for id in k510 k61 k612; do
	[ -f "$R/images/$id.tar.zst" ] && [ -f "$R/images/$id.tar.zst.sha256" ] || fail "no $id.tar.zst"
done
[ ! -e "$R/images/k72.tar.zst" ] || fail "a tarball for the failed image"

# ---------------------------------------------------------------- determinism
rel -o out2 -T 3 >/dev/null || fail "release -T 3"
cmp "$TB" "out2/$NAME/$NAME.tar.zst" || fail "bytes depend on the worker threads"
find ds -exec touch -d '2001-02-03 04:05' {} +
rel -o out3 >/dev/null || fail "release after touch"
cmp "$TB" "out3/$NAME/$NAME.tar.zst" || fail "bytes depend on the files' mtimes"
cmp "$R/images/k61.tar.zst" "out3/$NAME/images/k61.tar.zst" || fail "per-image bytes differ"

# ---------------------------------------------------------------- oracles
zstd -tq "$TB" || fail "zstd -t"
(cd "$R" && sha256sum -c --quiet "$NAME.tar.zst.sha256") || fail ".sha256 does not match"
tar --zstd -tvf "$TB" >listing || fail "tar cannot list it"
awk '{print $2}' listing | sort -u >owners
assert_eq "owners" "0/0" "$(cat owners)"
awk '{print $1}' listing | sort -u >modes
assert_eq "modes" "-rw-r--r--" "$(cat modes)"
awk '{print $4}' listing | sort -u >dates
assert_eq "mtime" "2026-12-07" "$(cat dates)"
tar --zstd -tf "$TB" >names
head -n -1 names >sorted.in
LC_ALL=C sort -c sorted.in || fail "entries not sorted"
assert_eq "last entry" "$NAME/MANIFEST" "$(tail -1 names)"
grep -qxF "$NAME/$long" names || fail "long name lost: $(grep tables names)"
grep -qxF "$NAME/$pax" names || fail "pax name lost: $(grep tables names)"
! grep -q '\.build\|\.k72' names || fail "dot names packed"
grep -qxF "$NAME/kernels.list" names || fail "no kernels.list"
mkdir x && tar --zstd -xf "$TB" -C x || fail "tar -x"
cmp "x/$NAME/MANIFEST" "$R/MANIFEST" || fail "the MANIFEST beside differs from the member"
M=$R/MANIFEST
jq -r '.files[] | "\(.sha256)  \(.path)"' "$M" >sums
(cd "x/$NAME" && sha256sum -c --quiet ../../sums) || fail "MANIFEST sums disagree with sha256sum"
assert_eq "files" "$(($(wc -l <names) - 1))" "$(jq '.files | length' "$M")"
jq -e '.images == [{"id":"k510","status":"ok"},{"id":"k61","status":"ok"},{"id":"k612","status":"ok"},
	{"id":"k72","status":"failed","reason":"fetch: curl: (6) Could not resolve host: example.invalid"}]' "$M" \
	>/dev/null || fail "images: $(jq -c .images "$M")"
jq -e '.build == {"start":"2026-12-07T22:00:00Z","end":"2026-12-07T23:30:00Z"}' "$M" >/dev/null ||
	fail "build: $(jq -c .build "$M")"
jq -e '(.kernels | length) == 4 and (.kernels[0] | startswith("k510 debian"))' "$M" >/dev/null ||
	fail "kernels: $(jq -c .kernels "$M")"
jq -e '.date == "20261207" and .schema_version == "1.0" and .compression.level == 9' "$M" \
	>/dev/null || fail "versions: $(jq -c 'del(.files)' "$M")"

# ---------------------------------------------------------------- verify
"$D" verify "$TB" >out || fail "verify of the tarball: $(cat out)"
grep -q ": ok, " out || fail "verify: $(cat out)"
"$D" verify "x/$NAME" >out || fail "verify of the unpacked copy: $(cat out)"
"$D" verify "$R/images/k61.tar.zst" >out || fail "verify of k61.tar.zst"
"$D" -j verify "$TB" | jq -e '.ok and .problems == []' >/dev/null || fail "verify --json"

# one flipped byte: that file, and only it, is named
cp -r "x/$NAME" y
printf 'Z' | dd of=y/k61/funcs.jsonl bs=1 seek=5 conv=notrunc 2>/dev/null
set +e; "$D" verify y >out 2>err; rc=$?; set -e
assert_eq "exit after a flipped byte" 1 "$rc"
assert_eq "lines" 2 "$(wc -l <out)"
grep -q "^y: altered: k61/funcs.jsonl: sha256 " out || fail "flipped byte not named: $(cat out)"
# missing, extra, a size change; --json names them too
rm y/k612/meta.json; echo extra >y/k510/extra.txt; echo more >>y/diff/k510__k61.json
set +e; "$D" verify y >out; rc=$?; set -e
assert_eq "exit" 1 "$rc"
grep -qx "y: missing: k612/meta.json" out || fail "missing: $(cat out)"
grep -qx "y: extra: k510/extra.txt" out || fail "extra: $(cat out)"
grep -q "^y: altered: diff/k510__k61.json: [0-9]* bytes, MANIFEST says" out || fail "size: $(cat out)"
grep -qx "y: 4 of $(jq '.files | length' "$M") files do not match the MANIFEST" out || fail "$(tail -1 out)"
set +e; "$D" -j verify y >out; set -e
jq -e '[.problems[].problem] == ["altered","extra","altered","missing"]' out >/dev/null ||
	fail "json problems: $(cat out)"
# make verify
make -s -C "$SRCDIR" verify BIN="$BIN" BINDIR="$BIN" RELEASE="$T/x/$NAME" >out 2>&1 || fail "make verify: $(cat out)"

# a truncated tarball: one line
head -c 3000 "$TB" >trunc.tar.zst
expect_fail "trunc.tar.zst: truncated" "$D" verify trunc.tar.zst
: >empty.tar.zst
expect_fail "empty.tar.zst" "$D" verify empty.tar.zst
# corrupt bytes: the frame checksum (or the decoder) catches them (one byte
# may land where the decoder ignores it: zstd -t passes such a file too)
cp "$TB" bad.tar.zst
head -c 64 /dev/zero | tr '\0' U |
	dd of=bad.tar.zst bs=1 seek=$(($(stat -c %s "$TB") / 2)) conv=notrunc 2>/dev/null
! zstd -tq bad.tar.zst 2>/dev/null || fail "the corruption is not one (zstd -t passes)"
expect_fail "bad.tar.zst" "$D" verify bad.tar.zst
# a .sha256 beside that names another sum
cp "$TB" other.tar.zst
cp "$R/images/k61.tar.zst.sha256" other.tar.zst.sha256
expect_fail "other.tar.zst.sha256" "$D" verify other.tar.zst
# hostile manifests
echo '{"manifest_version":1' >m1
expect_fail "m1" "$D" verify -m m1 "$TB"
jq -c '.files[0].path = "../etc/passwd"' "$M" >m2
expect_fail "m2" "$D" verify -m m2 "$TB"
jq -c '.files |= reverse' "$M" >m3
expect_fail "m3" "$D" verify -m m3 "$TB"
mkdir notrel
expect_fail "notrel/MANIFEST" "$D" verify notrel

# ---------------------------------------------------------------- reading a release
"$D" query -d ds struct task_struct >want || fail "query -d"
"$D" query --release "$TB" struct task_struct >got || fail "query --release"
cmp want got || fail "query --release differs from query -d"
expect_fail "trunc.tar.zst" "$D" query --release trunc.tar.zst struct task_struct
if command -v clang >/dev/null 2>&1; then
	P=$SRCDIR/tests/check/progs
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$P" -c "$P/biolatency.bpf.c" -o bio.o ||
		fail "clang"
	set +e
	"$D" check -d ds -k kernels.list bio.o >want; a=$?
	"$D" check --release "$TB" bio.o >got; b=$?
	"$D" check --release "$TB" -i k61,k510 bio.o >got2
	"$D" check -d ds -i k61,k510 bio.o >want2
	set -e
	assert_eq "check --release status" "$a" "$b"
	cmp want got || fail "check --release differs: $(diff want got)"
	cmp want2 got2 || fail "check --release -i differs"
fi
assert_eq "temp files left" "" "$(ls -A "$TMPDIR")"

# killed while it copies out (the tarball a pipe that stalls half-way):
# query's temp file and check's temp folder are removed by the signal
# handlers. A 60 KB member makes half the stream long enough to stall in.
half() { # FIFO: half of $TB into FIFO, then hold it open
	{ head -c $(($(stat -c %s "$TB") / 2)) "$TB"; sleep 30; } >"$1" &
	feeder=$!
}
killed_leaves_nothing() { # WHAT CMD...
	local what=$1 pid i
	shift
	rm -f pipe && mkfifo pipe && half pipe
	"$@" >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 1 100); do [ -n "$(ls -A "$TMPDIR")" ] && break; sleep 0.1; done
	[ -n "$(ls -A "$TMPDIR")" ] || fail "$what: made no temp file while reading"
	sleep 0.3
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
	kill "$feeder" 2>/dev/null || true
	wait "$feeder" 2>/dev/null || true
	assert_eq "$what: temp files after SIGTERM" "" "$(ls -A "$TMPDIR")"
}
killed_leaves_nothing "query --release" "$D" query --release pipe struct task_struct
if [ -f bio.o ]; then
	killed_leaves_nothing "check --release" "$D" check --release pipe bio.o
fi

# ---------------------------------------------------------------- the date
rm -rf ds/.build
expect_fail "bad date" "$D" release -d ds -k kernels.list --date 2026-12-07 -o out4
touch -d '2025-03-04 12:00 UTC' ds/k61/meta.json
"$D" release -d ds -k kernels.list -o out5 --no-images >/dev/null || fail "release without a record"
[ -f "out5/depsurf-dataset-20250304-${NAME##*-}/MANIFEST" ] || fail "date from meta.json: $(ls out5)"
jq -e '.build == {"start":null,"end":null}' out5/*/MANIFEST >/dev/null || fail "null build times"
# no record of k72's failure now: missing, not failed
jq -e '.images[3] == {"id":"k72","status":"missing","reason":"not built (no dataset folder, no failure recorded)"}' \
	out5/*/MANIFEST >/dev/null || fail "missing image: $(jq -c '.images[3]' out5/*/MANIFEST)"
ln -s k61 ds/k99
expect_fail "ds/k99" "$D" release -d ds -k kernels.list -o out6
