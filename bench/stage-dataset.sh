#!/usr/bin/env bash
# make bench: the commands over a built dataset (BENCH_DATASET, default
# dataset/): one pairwise diff of two 6.1-size images (budget 2 s, 1 GiB;
# the floor is reading both funcs.jsonl once: cat), every table and figure
# of `make tables` from existing pair documents (budget 60 s on 2 cores for
# 25 images), the issue's status matrix, one database query over every image
# (budget 50 ms) and 1,000 from one process (budget 1 s). Each output is also
# run twice and compared byte for byte.
set -u
type measure >/dev/null 2>&1 || . "${SRCDIR:-.}/bench/lib.sh"
DS=${BENCH_DATASET:-dataset}
OLD=${BENCH_DIFF_OLD:-debian-6.1.0-47-amd64}
NEW=${BENCH_DIFF_NEW:-debian-6.1.0-47-arm64}
BIN=${BIN:-build/opt/bin}
D=$BIN/depsurf
if [ ! -r "$DS/$OLD/funcs.jsonl" ] || [ ! -r "$DS/$NEW/funcs.jsonl" ]; then
	printf '%-28s %8s %10s  %s\n' dataset skip - "no $DS/$OLD or $DS/$NEW (set BENCH_DATASET)"
	exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=$(find "$DS" -mindepth 2 -maxdepth 2 -name meta.json | wc -l)

same() {	# NAME FILE1 FILE2
	cmp -s "$2" "$3" && r=identical || r=DIFFER
	printf '%-28s %8s %10s  %s\n' "$1" "$r" - "two runs, byte for byte"
}

# diff exits 4 (changes) or 12 (breaking changes) when it worked
diff_ok() { st=0; "$@" || st=$?; [ $st = 0 ] || [ $st = 4 ] || [ $st = 12 ]; }
export -f diff_ok
measure diff "budget 2 s, 1 GiB; $OLD -> $NEW" bash -c 'diff_ok "$@"' bash \
	"$D" diff -o "$out/d1.json" "$DS/$OLD" "$DS/$NEW"
diff_ok "$D" diff -o "$out/d2.json" "$DS/$OLD" "$DS/$NEW" >/dev/null
same diff-reproducible "$out/d1.json" "$out/d2.json"
measure floor-cat-funcs "reading both funcs.jsonl" sh -c 'cat "$1" "$2" >/dev/null' sh \
	"$DS/$OLD/funcs.jsonl" "$DS/$NEW/funcs.jsonl"

if [ -d "$DS/diff" ] && command -v gnuplot >/dev/null; then
	measure tables "budget 60 s; $n images, $(ls "$DS"/diff/*.json 2>/dev/null | wc -l) pairs" \
		"$D" tables -d "$DS" -o "$out/t1"
	"$D" tables -d "$DS" -o "$out/t2" >/dev/null 2>&1
	measure figures "gnuplot: inline, transforms, pairs" tables/figures.sh "$out/t1"
	tables/figures.sh "$out/t2" >/dev/null 2>&1
	(cd "$out/t1" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$out/t1.sum"
	(cd "$out/t2" && find . -type f | LC_ALL=C sort | xargs sha256sum) >"$out/t2.sum"
	same tables-reproducible "$out/t1.sum" "$out/t2.sum"
else
	printf '%-28s %8s %10s  %s\n' tables skip - "no $DS/diff (make tables) or no gnuplot"
fi

measure matrix "4 deps x $n images" "$D" matrix -d "$DS" func:blk_account_io_start \
	field:request::rq_disk tracepoint:block_rq_issue field:task_struct::state
if [ -r "$DS/depsurf.sqlite" ]; then
	measure query "budget 50 ms; func over $n images" "$D" query --dataset "$DS" func vfs_fsync
	"$D" sql --dataset "$DS" "SELECT DISTINCT name FROM functions ORDER BY name LIMIT 1000" |
		tail -n +2 >"$out/names"
	measure query-1000 "budget 1 s; 1,000 names from one process" \
		sh -c '"$1" query --dataset "$2" func - <"$3"' sh "$D" "$DS" "$out/names"
fi
