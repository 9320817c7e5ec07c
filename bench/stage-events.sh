#!/usr/bin/env bash
# make bench: depsurf-tracepoints and depsurf-syscalls on one image
# (BENCH_IMG: a directory with vmlinux, and vmlinux.btf when the image has
# no .BTF). Budget: both together ≤ 5 s wall, also on 5.10 amd64, whose
# BTF lacks the probe FUNCs (arg names then come from a DWARF scan). Floors:
# reading the symbol table (eu-readelf -s) and the BTF (bpftool btf dump),
# which any reader of this data pays.
set -u
type measure >/dev/null 2>&1 || . "${SRCDIR:-.}/bench/lib.sh"
IMG=${BENCH_IMG:-work/debian-6.1.0-47-amd64}
V=$IMG/vmlinux
if [ ! -r "$V" ]; then
	printf '%-28s %8s %10s  %s\n' events skip - "no $V (set BENCH_IMG)"
	exit 0
fi
BIN=${BIN:-build/opt/bin}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
btf=()
[ -r "$IMG/vmlinux.btf" ] && btf=(--btf "$IMG/vmlinux.btf")

measure tracepoints "$(basename "$IMG")" "$BIN/depsurf-tracepoints" "${btf[@]}" "$V" -o "$out/tp.jsonl"
measure syscalls "$(basename "$IMG")" "$BIN/depsurf-syscalls" "$V" -o "$out/sc.json"
measure events-both "budget 5 s" sh -c '"$1"/depsurf-tracepoints "$2" -o "$3/tp.jsonl" ${4:+--btf "$4"} &&
	"$1"/depsurf-syscalls "$2" -o "$3/sc.json"' sh "$BIN" "$V" "$out" "${btf[1]:-}"
measure floor-eu-readelf-s "symtab only" sh -c 'eu-readelf -s "$1" >/dev/null' sh "$V"
if [ ${#btf[@]} -eq 0 ] && command -v bpftool >/dev/null; then
	measure floor-bpftool-btf "BTF only" sh -c 'bpftool btf dump file "$1" >/dev/null' sh "$V"
fi
printf '%-28s %8s %10s  %s\n' events-counts - - \
	"$(wc -l <"$out/tp.jsonl") tracepoints, $(grep -c '"nr"' "$out/sc.json") syscall slots"
