#!/usr/bin/env bash
# modules (MODULES=1): one pass over the -dbg package that writes the vmlinux
# and the module store, side by side with the floor it must stay within
# 1.5x of (decompressing the whole data.tar: `xz -T0 -dc` of the member), and
# the vmlinux-only unpack (MODULES=0); then the module passes of types and
# tracepoints over that store. Budgets (issue 10): unpack with modules
# <= 1.5x the floor, peak RSS <= 2 GiB. Skips when the package is absent.
#   BENCH_DEB   the -dbg .deb (default: download/linux-image-6.1.0-47-amd64-dbg_...)
set -u
command -v measure >/dev/null 2>&1 || . "${SRCDIR:-.}/bench/lib.sh"
deb=${BENCH_DEB:-download/linux-image-6.1.0-47-amd64-dbg_6.1.170-3_amd64.deb}
B=${BIN:-build/opt/bin}
if [ ! -f "$deb" ]; then
	printf '%-28s %8s %10s  %s\n' modules skip - "no $deb (set BENCH_DEB)"
	exit 0
fi
member=$(ar t "$deb" | grep '^data\.tar\.xz$') ||
	{ printf '%-28s %8s %10s  %s\n' modules skip - "no data.tar.xz in $deb"; exit 0; }
out=$(mktemp -d "${TMPDIR:-/tmp}/bench-modules.XXXXXX")
trap 'rm -rf "$out"' EXIT
vml='usr/lib/debug/boot/vmlinux-*|usr/lib/debug/lib/modules/*/vmlinux'

floor=$(run_once sh -c 'ar p "$1" "$2" | xz -T0 -dc >/dev/null' sh "$deb" "$member") ||
	{ printf '%-28s %8s %10s  %s\n' modules-floor FAIL - "$floor"; exit 1; }
print_row modules-floor "ar p | xz -T0 -dc, the whole data.tar" "${floor% *}" "${floor#* }"
mods=$(run_once "$B/depsurf-unpack" --modules "$out/modules" "$deb" "$vml=$out/vmlinux") ||
	{ printf '%-28s %8s %10s  %s\n' unpack-modules FAIL - "$mods"; exit 1; }
n=$(wc -l <"$out/modules/modules.list")
mib=$(( $(du -sk "$out/modules" | cut -f1) / 1024 ))
print_row unpack-modules "vmlinux + $n modules, store $mib MiB" "${mods% *}" "${mods#* }"
measure unpack-vmlinux-only "MODULES=0" "$B/depsurf-unpack" "$deb" "$vml=$out/vmlinux0"
ratio=$(awk -v a="${mods% *}" -v b="${floor% *}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
verdict=$(awk -v r="$ratio" -v m="${mods#* }" 'BEGIN { print ((r <= 1.5 && m <= 2 * 1048576) ? "ok" : "OVER") }')
printf '%-28s %8s %10s  %s\n' unpack-modules-budget "$ratio" - \
	"x the floor (budget 1.5, RSS 2 GiB): $verdict"
measure types-modules "types --modules" "$B/depsurf-types" --modules "$out/modules" \
	"$out/vmlinux" -d "$out/types"
measure tracepoints-modules "tracepoints --modules" "$B/depsurf-tracepoints" \
	--modules "$out/modules" "$out/vmlinux" -o "$out/tracepoints.jsonl"
[ "$verdict" = ok ]
