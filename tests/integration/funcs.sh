#!/usr/bin/env bash
# depsurf-funcs on a real image, checked against eu-readelf:
#   IMG_DIR=/path/with/vmlinux[+config, vmlinux.btf] BIN=build/opt/bin \
#     tests/integration/funcs.sh
#  - two runs give byte-identical funcs.jsonl;
#  - every STT_FUNC symbol of .symtab (but __pfx_/__cfi_ padding) is in
#    exactly one group; inline is "full" exactly when a group has no symbol;
#  - every NOKPROBE_SYMBOL(fn) of the image (its _kbl_addr_fn symbol) marks
#    fn's group kprobe_blacklisted;
#  - BTF and DWARF prototypes agree (--compare-protos; the image's .BTF, or
#    IMG_DIR/vmlinux.btf);
#  - file paths are source-relative;
#  - the dataset's funcs.jsonl (DS_DIR, from `make dataset`) is this one;
#  - known facts: vfs_fsync is selective with inline callers;
#    blk_account_io_start is full on 6.1 and none on 5.10 (DepSurf paper).
set -eu
export LC_ALL=C
: "${IMG_DIR:?IMG_DIR must name a directory with a vmlinux}"
BIN=${BIN:-build/opt/bin}
V=$IMG_DIR/vmlinux
F=$BIN/depsurf-funcs
T=$(mktemp -d "${TMPDIR:-/tmp}/depsurf-int-funcs.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -r "$V" ] || { echo "SKIP: no $V"; exit 77; }
btf=()
[ -r "$IMG_DIR/vmlinux.btf" ] && btf=(--btf "$IMG_DIR/vmlinux.btf")

/usr/bin/time -f '%e %M' -o "$T/time" "$F" "${btf[@]}" "$V" -o "$T/a.jsonl" ||
	fail "depsurf-funcs failed"
read -r wall rss <"$T/time"
"$F" -j1 "${btf[@]}" "$V" -o "$T/b.jsonl" || fail "second run failed"
cmp -s "$T/a.jsonl" "$T/b.jsonl" || fail "two runs differ"
out=$T/a.jsonl
groups=$(wc -l <"$out")

# symbol coverage: the multiset of names equals eu-readelf's
eu-readelf --symbols=.symtab "$V" | awk '$4 == "FUNC" && $8 != "" && $8 !~ /^__(pfx|cfi)_/ { print $8 }' |
	sort >"$T/want"
grep -o '"symbols":\[.*\]}$' "$out" | grep -o '"name":"[^"]*"' |
	sed 's/"name":"//; s/"$//' | sort >"$T/got"
if ! cmp -s "$T/want" "$T/got"; then
	diff "$T/want" "$T/got" | head >&2
	fail "function symbols and groups differ"
fi
nsyms=$(wc -l <"$T/want")
grep '"inline":"full"' "$out" | grep -qv '"symbols":\[\]}$' &&
	fail "a full group has symbols"
grep -v '"inline":"full"' "$out" | grep -q '"symbols":\[\]}$' &&
	fail "a group without symbols is not full"

# the kprobe blacklist, from the _kbl_addr_<fn> symbols
nkbl=0
for fn in $(eu-readelf --symbols=.symtab "$V" | awk '$8 ~ /^_kbl_addr_/ { sub(/^_kbl_addr_/, "", $8); print $8 }' | sort -u); do
	l=$(grep -F "{\"name\":\"$fn\"," "$out" || true)
	case $l in
	'') continue ;;	# an assembly label (STT_NOTYPE), not a function
	*'"exact_symbol":true'*'"kprobe_blacklisted":true'*) nkbl=$((nkbl + 1)) ;;
	*'"exact_symbol":true'*) fail "$fn: NOKPROBE_SYMBOL but not kprobe_blacklisted" ;;
	esac
done

# prototypes
"$F" --compare-protos "${btf[@]}" "$V" >"$T/cmp" 2>"$T/cmp.err" || {
	head -20 "$T/cmp" >&2
	fail "$(cat "$T/cmp.err")"
}

# paths
grep -q '"file":"/build/\|"cu":"/build/\|debian/build/' "$out" &&
	fail "build prefixes left in paths: $(grep -o '"file":"/build/[^"]*"' "$out" | head -1)"

if [ -n "${DS_DIR:-}" ] && [ -r "$DS_DIR/funcs.jsonl" ]; then
	cmp -s "$out" "$DS_DIR/funcs.jsonl" || fail "$DS_DIR/funcs.jsonl differs"
fi

# facts
line() { grep -F "{\"name\":\"$1\"," "$out" || fail "no group $1"; }
case $(line vfs_fsync) in
*'"inline":"selective"'*'"inline_callers":["'*) ;;
*) fail "vfs_fsync is not selective with inline callers: $(line vfs_fsync | cut -c1-300)" ;;
esac
release=$(sed -n 's/^# Linux\/[^ ]* \([0-9]*\.[0-9]*\)[^ ]* Kernel Configuration.*/\1/p' \
	"$IMG_DIR/config" 2>/dev/null | head -1)
bias=$(line blk_account_io_start | sed 's/.*"inline":"\([a-z]*\)".*/\1/')
case $release in
6.1) [ "$bias" = full ] || fail "blk_account_io_start is $bias on 6.1, expected full" ;;
5.10) [ "$bias" = none ] || fail "blk_account_io_start is $bias on 5.10, expected none" ;;
esac

full=$(grep -c '"inline":"full"' "$out" || true)
sel=$(grep -c '"inline":"selective"' "$out" || true)
none=$(grep -c '"inline":"none"' "$out" || true)
pct() { awk -v a="$1" -v b="$groups" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
echo "funcs: $(basename "$IMG_DIR") ${release:-?}: ${wall}s ${rss}KB, $groups groups, $nsyms symbols covered," \
	"full $full ($(pct "$full")) selective $sel ($(pct "$sel")) none $none ($(pct "$none")),"
echo "funcs:   blk_account_io_start $bias, $nkbl NOKPROBE functions flagged, $(sed 's/^depsurf-funcs: //' "$T/cmp.err")"
