#!/usr/bin/env bash
# Integration check of the module surfaces on a real image built with
# MODULES=1 (work/<id>/ with vmlinux and the module store modules/):
#  - the store gives back the modules byte for byte (zstd -t: the frames'
#    checksums) and lists as many as the package has .ko files;
#  - types: struct ext4_inode_info is ext4's, and pahole reading ext4.ko's
#    split BTF (--btf_base vmlinux) gives the same size and the same byte
#    offset for every named member;
#  - tracepoints: ext4:ext4_da_write_begin is ext4's with its record, and for
#    ext4, xfs and jbd2 the events equal the module's __tracepoint_ symbols
#    counted by eu-readelf.
#   IMG_DIR=work/debian-6.1.0-47-amd64 BIN=build/opt/bin tests/integration/modules.sh
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
: "${IMG_DIR:?IMG_DIR must name an image dir with vmlinux and modules/}"
need jq; need zstd; need pahole; need eu-readelf
V=$IMG_DIR/vmlinux S=$IMG_DIR/modules
[ -f "$V" ] || skip "$V missing"
[ -f "$S/modules.list" ] || skip "$S/modules.list missing (built with MODULES=0?)"
grep -q '^fs/ext4/ext4.ko	' "$S/modules.list" || skip "no ext4.ko in this image's store"

n=$(wc -l <"$S/modules.list")
(cd "$S" && cut -f1 modules.list | sed 's/$/.zst/' | xargs zstd -q -t) || fail "a stored module fails its checksum"
"$BIN/depsurf-types" --modules "$S" --modules-report rep.json "$V" -d types || fail "depsurf-types --modules"
assert_eq "modules read" "$n" "$(jq .modules rep.json)"
assert_eq "no module failed" '[]' "$(jq -c .failed rep.json)"

zstd -q -d -c "$S/fs/ext4/ext4.ko.zst" >ext4.ko
line=$(jq -c 'select(.name == "ext4_inode_info")' types/structs.jsonl)
assert_eq "ext4_inode_info's module" ext4 "$(jq -r .module <<<"$line")"
pahole -F btf --btf_base "$V" -C ext4_inode_info ext4.ko >pahole.txt || fail "pahole -C ext4_inode_info"
assert_eq "size" "$(sed -n 's/.*size: \([0-9]*\),.*/\1/p' pahole.txt)" "$(jq .size <<<"$line")"
# top-level named members: "name byte_offset" (pahole's one-tab lines)
awk '/^\t[^\t}\/]/ && /;.*\/\*/ { l = $0; sub(/;.*/, "", l); n = split(l, w, /[ \t*]+/);
	nm = w[n]; sub(/\[.*/, "", nm); sub(/:.*/, "", nm);
	match($0, /\/\* *[0-9]+/); o = substr($0, RSTART + 2, RLENGTH - 2); gsub(/ /, "", o); print nm, o }' \
	pahole.txt >p.txt
jq -r '.members[] | select(.name != "") | "\(.name) \(.offset_bits / 8 | floor)"' <<<"$line" >d.txt
[ "$(wc -l <d.txt)" -gt 30 ] || fail "ext4_inode_info has too few members"
diff p.txt d.txt || fail "ext4_inode_info: member offsets differ from pahole's"

"$BIN/depsurf-tracepoints" --modules "$S" --modules-report tprep.json "$V" -o tp.jsonl ||
	fail "depsurf-tracepoints --modules"
assert_eq "no module failed (tracepoints)" '[]' "$(jq -c .failed tprep.json)"
ev=$(jq -c 'select(.event == "ext4_da_write_begin")' tp.jsonl)
assert_eq "ext4_da_write_begin" '["ext4","ext4"]' "$(jq -c '[.module, .system]' <<<"$ev")"
[ "$(jq '.fields | length' <<<"$ev")" -gt 3 ] || fail "ext4_da_write_begin has no record layout"
for m in fs/ext4/ext4 fs/xfs/xfs fs/jbd2/jbd2; do
	grep -q "^$m.ko	" "$S/modules.list" || continue
	zstd -q -d -c "$S/$m.ko.zst" >mod.ko
	name=${m##*/}
	assert_eq "$name events vs __tracepoint_ symbols" \
		"$(eu-readelf -s mod.ko | awk '$8 ~ /^__tracepoint_/ && $8 !~ /^__tracepoint_ptr_/' | wc -l)" \
		"$(jq -r --arg m "$name" 'select(.module == $m) | .event' tp.jsonl | wc -l)"
done
