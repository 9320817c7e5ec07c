#!/usr/bin/env bash
# make bench: depsurf-db over a built dataset (BENCH_DATASET, default
# dataset/, with its depsurf.sqlite): the rewrite after one image's content
# changed (budget 5 s: docs/schema-sqlite.md "Incremental"), on a copy
# whose JSON files are hard links and whose working copy is seeded first.
# One warm-up change loads the image's line store; the measured change is
# the next one. The floor is the VACUUM INTO alone (sqlite3 shell).
set -u
type measure >/dev/null 2>&1 || . "${SRCDIR:-.}/bench/lib.sh"
DS=${BENCH_DATASET:-dataset}
IMG=${BENCH_DB_IMAGE:-debian-6.1.0-47-s390x}
BIN=${BIN:-build/opt/bin}
if [ ! -r "$DS/depsurf.sqlite" ] || [ ! -r "$DS/$IMG/funcs.jsonl" ]; then
	printf '%-28s %8s %10s  %s\n' db skip - "no $DS/depsurf.sqlite or $DS/$IMG (set BENCH_DATASET)"
	exit 0
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/bench-db.XXXXXX")
trap 'rm -rf "$out"' EXIT
mkdir "$out/ds"
for d in "$DS"/*/; do
	[ -r "$d/meta.json" ] || continue
	mkdir "$out/ds/$(basename "$d")" && ln "$d"/*.json* "$out/ds/$(basename "$d")/" 2>/dev/null ||
		cp "$d"/*.json* "$out/ds/$(basename "$d")/"
done
cp "$DS/depsurf.sqlite" "$out/ds/"
db() { "$BIN/depsurf-db" -q --stat-cache "$out/db.stat" --work "$out/db.work" "$out/ds"; }
# change one function's call_sites in a new file (never through the hard link)
bump() {
	f=$out/ds/$IMG/funcs.jsonl
	sed "0,/\"call_sites\":\([0-9]*\),/s//\"call_sites\":$1,/" "$f" >"$f.new" && mv "$f.new" "$f"
}
db >/dev/null 2>&1 && bump 900001 && db >/dev/null 2>&1 && bump 900002 || {
	printf '%-28s %8s %10s  %s\n' db FAIL - "depsurf-db on the copy failed"
	exit 0
}
measure db-incremental "budget 5 s; $IMG changed, 25 images" \
	"$BIN/depsurf-db" -q --stat-cache "$out/db.stat" --work "$out/db.work" "$out/ds"
measure db-unchanged "nothing changed" \
	"$BIN/depsurf-db" -q --stat-cache "$out/db.stat" --work "$out/db.work" "$out/ds"
if command -v sqlite3 >/dev/null; then
	measure floor-vacuum-into "the VACUUM INTO alone" sqlite3 "$out/db.work" \
		"PRAGMA mmap_size = 2147418112; PRAGMA synchronous = OFF; VACUUM INTO '$out/floor.sqlite'"
fi
