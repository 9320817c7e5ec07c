#!/usr/bin/env bash
# depsurf-funcs on a real vmlinux: wall time and peak RSS of the whole stage
# (DWARF + symbols + prototypes + JSON), with 2 and 1 walking threads, and
# the floor it is measured against: a bare libdw walk over every DIE, and
# one that reads name/origin/pc/decl line of every subprogram and inlined
# subroutine (bench/dwarf-floor.c). Then the inline shares of the image.
# Budget: ≤ 6 s wall and ≤ 1 GiB peak RSS on 2 cores.
#   BENCH_VMLINUX=/path/to/vmlinux make bench   (or BENCH_IMG=dir with
#   vmlinux and, for images without .BTF, vmlinux.btf)
set -u
cd "$(dirname "$0")/.."
type measure >/dev/null 2>&1 || . bench/lib.sh
BIN=${BIN:-build/opt/bin}
V=${BENCH_VMLINUX:-${BENCH_IMG:-work/debian-6.1.0-47-amd64}/vmlinux}
if [ ! -r "$V" ]; then
	printf '%-28s %8s %10s  %s\n' funcs skip - "no $V (set BENCH_VMLINUX)"
	exit 0
fi
btf=()
[ -r "$(dirname "$V")/vmlinux.btf" ] && btf=(--btf "$(dirname "$V")/vmlinux.btf")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat "$V" >/dev/null	# page cache warm for every line below
measure funcs "budget 6 s, 1 GiB; 2 threads, $(basename "$(dirname "$V")")" \
	"$BIN/depsurf-funcs" "${btf[@]}" "$V" -o "$out/funcs.jsonl"
measure funcs-j1 "1 thread" "$BIN/depsurf-funcs" -j1 "${btf[@]}" "$V" -o "$out/j1.jsonl"
measure floor-all-dies "libdw walk, every DIE" "$BIN/dwarf-floor" all "$V"
measure floor-func-dies "libdw walk, subprogram+inlined attrs" \
	"$BIN/dwarf-floor" funcs "$V"
cmp -s "$out/funcs.jsonl" "$out/j1.jsonl" || echo "funcs: 1 and 2 threads DIFFER"
n=$(wc -l <"$out/funcs.jsonl")
for k in full selective none; do
	c=$(grep -c "\"inline\":\"$k\"" "$out/funcs.jsonl")
	printf '%-28s %8s %10s  %d of %d groups (%s%%)\n' "funcs-inline-$k" - - \
		"$c" "$n" "$(awk -v c="$c" -v n="$n" 'BEGIN { printf "%.1f", 100 * c / n }')"
done
