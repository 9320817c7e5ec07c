#!/usr/bin/env bash
# make bench: `depsurf check` of 20 BPF objects against every image of a
# built dataset (BENCH_DATASET, default dataset/; budget 2 s wall for 20
# objects x 25 images). The objects are the programs of tests/check/progs
# compiled here (clang -target bpf, libbpf's headers) at -O2 and, for the
# count, again with -mcpu=v3 (other instructions, the same dependencies);
# the images are read once for the union of their dependencies, by one
# thread per CPU, the functions from DS/depsurf.sqlite when it is there
# (make db) and newer than the funcs.jsonl files, else (and with --no-db,
# measured too) from those. Also one object alone, the CPU time of the 20 (the wall
# time on a loaded machine is mostly waiting), the --summary of all, and a
# byte-for-byte second run.
set -u
type measure >/dev/null 2>&1 || . "${SRCDIR:-.}/bench/lib.sh"
DS=${BENCH_DATASET:-dataset}
BIN=${BIN:-build/opt/bin}
D=$BIN/depsurf
PROGS=${SRCDIR:-.}/tests/check/progs
n=$(find "$DS" -mindepth 2 -maxdepth 2 -name meta.json 2>/dev/null | wc -l)
if [ "$n" -eq 0 ]; then
	printf '%-28s %8s %10s  %s\n' check skip - "no image in $DS (set BENCH_DATASET)"
	exit 0
fi
if ! command -v clang >/dev/null || [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
	printf '%-28s %8s %10s  %s\n' check skip - "no clang or no libbpf headers"
	exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

objs=()
for flags in "" "-mcpu=v3"; do
	for src in "$PROGS"/*.bpf.c; do
		[ ${#objs[@]} -lt 20 ] || break
		p=$(basename "$src" .bpf.c)${flags:+-v3}
		clang -g -O2 $flags -target bpf -D__TARGET_ARCH_x86 -I"$PROGS" -c "$src" \
			-o "$out/$p.bpf.o" || { echo "bench/stage-check.sh: clang $src failed" >&2; exit 1; }
		objs+=("$out/$p.bpf.o")
	done
done

# check exits 1 when some dependency is an error somewhere: that is a result
check_ok() { st=0; "$@" >/dev/null || st=$?; [ $st = 0 ] || [ $st = 1 ]; }
export -f check_ok
measure check-one "1 object x $n images" bash -c 'check_ok "$@"' bash \
	"$D" check -d "$DS" "${objs[0]}"
measure check-20 "budget 2 s; ${#objs[@]} objects x $n images" bash -c 'check_ok "$@"' bash \
	"$D" check -d "$DS" "${objs[@]}"
# wall time on a shared machine is mostly waiting for a CPU: the CPU time and the load too
"$D" check -d "$DS" "${objs[0]}" >/dev/null 2>&1	# warm the page cache
/usr/bin/time -f '%U %S' -o "$out/cpu" "$D" check -d "$DS" "${objs[@]}" >/dev/null 2>&1
printf '%-28s %8s %10s  %s\n' check-20-cpu "$(tail -n1 "$out/cpu" | awk '{ printf "%.2f", $1 + $2 }')" - \
	"user+sys seconds (threads add up); load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) CPUs"
measure check-20-files "the same, --no-db: every funcs.jsonl (2 GB)" bash -c 'check_ok "$@"' bash \
	"$D" check --no-db -d "$DS" "${objs[@]}"
measure check-20-summary "${#objs[@]} objects, --summary" bash -c 'check_ok "$@"' bash \
	"$D" check -d "$DS" --summary "${objs[@]}"
"$D" --json check -d "$DS" "${objs[@]}" >"$out/a.json" 2>/dev/null
"$D" --json check -d "$DS" "${objs[@]}" >"$out/b.json" 2>/dev/null
cmp -s "$out/a.json" "$out/b.json" && r=identical || r=DIFFER
printf '%-28s %8s %10s  %s\n' check-reproducible "$r" - "two runs, byte for byte"
printf '%-28s %8s %10s  %s\n' check-deps - - \
	"$(jq '[.objects[].deps[].dep] | unique | length' "$out/a.json") distinct dependencies in ${#objs[@]} objects"
