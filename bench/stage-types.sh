#!/usr/bin/env bash
# The btf, types, registers, lsm_hooks, config and meta stages on one real
# image; the pahole
# fallback (BTF from DWARF) for comparison. Floors: depsurf-types must stay
# well under 5 s on 6.1 amd64 (it reads a ~4 MB .BTF); pahole is what an
# image without .BTF costs on top.
#   BENCH_VMLINUX=path/to/vmlinux [BENCH_CONFIG=path/to/config] [BENCH_PAHOLE=0]
. bench/lib.sh
V=${BENCH_VMLINUX:-work/debian-6.1.0-47-amd64/vmlinux}
C=${BENCH_CONFIG:-$(dirname "$V")/config}
if [ ! -f "$V" ]; then
	printf '%-28s %8s %10s  %s\n' types skip - "no $V (set BENCH_VMLINUX)"
	exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if eu-readelf -S "$V" 2>/dev/null | grep -q ' \.BTF '; then
	measure depsurf-btf "embedded .BTF kept (has ENUM64)" "$BIN/depsurf-btf" "$V" -d "$out/b"
	measure floor-btf-recipe "what it replaces: objcopy + bpftool | grep ENUM64" sh -c \
		'objcopy -O binary --only-section=.BTF "$1" "$2" && bpftool btf dump file "$2" | grep -c "^\[[0-9]*\] ENUM64 "' \
		sh "$V" "$out/recipe.btf"
	measure depsurf-types "embedded .BTF" "$BIN/depsurf-types" "$V" -d "$out"
	measure depsurf-registers "" "$BIN/depsurf-registers" "$V" -o "$out/registers.json"
	measure depsurf-lsm_hooks "" "$BIN/depsurf-lsm_hooks" "$V" -o "$out/lsm_hooks.jsonl"
	btf=
else
	btf=$out/vmlinux.btf
fi
if [ "${BENCH_PAHOLE:-1}" = 1 ] && command -v pahole >/dev/null 2>&1; then
	measure "pahole (BTF from DWARF)" "pahole $(pahole --version), the flags of dataset.mk" \
		pahole --btf_gen_floats --lang_exclude=rust --btf_encode_detached="$out/vmlinux.btf" "$V"
	measure "depsurf-types --btf" "pahole BTF" "$BIN/depsurf-types" --btf "$out/vmlinux.btf" "$V" -d "$out/p"
	[ -n "$btf" ] && measure depsurf-registers "--btf" "$BIN/depsurf-registers" --btf "$btf" "$V" -o "$out/registers.json"
fi
[ -f "$C" ] && measure depsurf-config "" "$BIN/depsurf-config" "$C" -o "$out/config.json"
measure depsurf-meta "" "$BIN/depsurf-meta" --dataset-dir "$out" "$V" -o "$out/meta.json"
exit 0
