#!/usr/bin/env bash
# Integration check of depsurf-types on a real image: EVERY named
# struct and union must have the size, member names, bit offsets and
# bitfield sizes that bpftool reports for the same BTF; every member type
# that bpftool's raw dump resolves to a plain spelling (named type, pointer,
# qualifier, array of those) must print the same; every named enum and
# every anonymous enumerator must have bpftool's values.
#   IMG_DIR=/work/cache/img/debian-6.1.0-47-amd64 BIN=build/opt/bin tests/integration/types.sh
# An image without .BTF goes through the pahole path (BTF from its DWARF).
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
: "${IMG_DIR:?IMG_DIR must name an image dir with vmlinux}"
need jq
need bpftool
V=$IMG_DIR/vmlinux
[ -f "$V" ] || skip "$V missing"

if eu-readelf -S "$V" 2>/dev/null | grep -q ' \.BTF '; then
	BTF=$V
	"$BIN/depsurf-types" "$V" -d "$T" || fail "depsurf-types failed"
elif [ -f "$IMG_DIR/vmlinux.btf" ]; then
	BTF=$IMG_DIR/vmlinux.btf	# made by the dataset build with pahole
	"$BIN/depsurf-types" --btf "$BTF" "$V" -d "$T" || fail "depsurf-types --btf failed"
else
	need pahole
	pahole --btf_gen_floats --lang_exclude=rust --btf_encode_detached="$T/vmlinux.btf" "$V" \
		>/dev/null || fail "pahole failed"
	BTF=$T/vmlinux.btf
	"$BIN/depsurf-types" --btf "$BTF" "$V" -d "$T" || fail "depsurf-types --btf failed"
fi
bpftool btf dump file "$BTF" format raw -j >"$T/raw.json" || fail "bpftool failed"

# 1. layouts: "KIND name size member@offset:bits,..." for both sides
jq -r '.types[] | select((.kind == "STRUCT" or .kind == "UNION") and .name != "(anon)")
	| "\(.kind) \(.name) \(.size) " + ([.members[] |
	  "\(if .name == "(anon)" then "" else .name end)@\(.bits_offset):\(.bitfield_size // 0)"]
	  | join(","))' "$T/raw.json" | sort -u >"$T/bpftool.lines"
for k in STRUCT:structs UNION:unions; do
	jq -r --arg k "${k%%:*}" '"\($k) \(.name) \(.size) " + ([.members[] |
		"\(.name)@\(.offset_bits):\(.bitfield_bits)"] | join(","))' "$T/${k#*:}.jsonl"
done | sort >"$T/ours.lines"
cut -d' ' -f1,2 "$T/bpftool.lines" | sort -u >"$T/bpftool.names"
cut -d' ' -f1,2 "$T/ours.lines" >"$T/ours.names"
# each file's own order (ours.names went through sort): bytewise by name
for f in structs unions enums; do
	jq -r .name "$T/$f.jsonl" >"$T/$f.order"
	sort -c "$T/$f.order" 2>"$T/$f.order.err" || fail "$f.jsonl not sorted by name: $(cat "$T/$f.order.err")"
done
[ "$(sort -u "$T/ours.names" | wc -l)" = "$(wc -l <"$T/ours.names")" ] || fail "a name is written twice"
if ! cmp -s "$T/bpftool.names" "$T/ours.names"; then
	diff "$T/bpftool.names" "$T/ours.names" | head >&2
	fail "struct/union name sets differ"
fi
comm -23 "$T/ours.lines" "$T/bpftool.lines" >"$T/bad.lines"
[ -s "$T/bad.lines" ] && { head -c 2000 "$T/bad.lines" >&2; fail "$(wc -l <"$T/bad.lines") layouts differ from bpftool"; }
echo "layouts: $(grep -c '^STRUCT' "$T/ours.lines") structs, $(grep -c '^UNION' "$T/ours.lines") unions identical to bpftool"

# 2. member types, for names bpftool has once, where the raw dump gives a
# plain spelling (independent of normalize/ctype.c)
jq -r '
  (reduce .types[] as $x ({}; .[$x.id | tostring] = $x)) as $m
  | def named($x): ($x.name != "(anon)");
    def spell($id):
      if $id == 0 then "void" else $m[$id | tostring] as $x
      | if ($x.kind == "STRUCT" or $x.kind == "UNION") and named($x) then "\($x.kind | ascii_downcase) \($x.name)"
        elif ($x.kind == "ENUM" or $x.kind == "ENUM64") and named($x) then "enum \($x.name)"
        elif $x.kind == "FWD" then "\($x.fwd_kind) \($x.name)"
        elif $x.kind == "INT" or $x.kind == "TYPEDEF" or $x.kind == "FLOAT" then $x.name
        elif $x.kind == "TYPE_TAG" then spell($x.type_id)
        elif $x.kind == "PTR" then
          ($m[$x.type_id | tostring].kind // "VOID") as $tk
          | if $tk == "ARRAY" or $tk == "FUNC_PROTO" or $tk == "CONST" or $tk == "VOLATILE" and false then null
            else spell($x.type_id) as $s | if $s == null then null elif ($s | endswith("*")) then $s + "*" else $s + " *" end end
        elif ($x.kind == "CONST" or $x.kind == "VOLATILE") then
          ($m[$x.type_id | tostring].kind // "VOID") as $tk
          | if $tk == "PTR" or $tk == "ARRAY" or $tk == "CONST" or $tk == "VOLATILE" then null
            else spell($x.type_id) as $s | if $s == null then null else "\($x.kind | ascii_downcase) " + $s end end
        elif $x.kind == "ARRAY" then
          ($m[$x.type_id | tostring].kind // "VOID") as $tk
          | if $tk == "ARRAY" then null
            else spell($x.type_id) as $s | if $s == null or ($s | test("[(]")) then null else $s + "[\($x.nr_elems)]" end end
        else null end end;
  [.types[] | select((.kind == "STRUCT" or .kind == "UNION") and named(.))] | group_by([.kind, .name])[]
  | select(length == 1) | .[0] as $s | $s.members | to_entries[]
  | spell(.value.type_id) as $sp | select($sp != null)
  | "\($s.kind) \($s.name) \(.key) \($sp)"' "$T/raw.json" | sort >"$T/bpftool.types"
for k in STRUCT:structs UNION:unions; do
	jq -r --arg k "${k%%:*}" '.name as $n | .members | to_entries[] | "\($k) \($n) \(.key) \(.value.type)"' "$T/${k#*:}.jsonl"
done | sort >"$T/ours.types"
comm -23 "$T/bpftool.types" "$T/ours.types" >"$T/bad.types"
[ -s "$T/bad.types" ] && { head -20 "$T/bad.types" >&2; fail "$(wc -l <"$T/bad.types") member types differ"; }
echo "member types: $(wc -l <"$T/bpftool.types") of $(wc -l <"$T/ours.types") checked, identical"

# 3. enums: named ones bpftool has once; all anonymous enumerators. From
# bpftool's text dump: its JSON sign-extends unsigned 32-bit values (v7.1).
bpftool btf dump file "$BTF" format raw | awk '
	/^\[[0-9]+\] / { inenum = ($2 == "ENUM" || $2 == "ENUM64"); name = $3; gsub("\047", "", name); next }
	inenum && /^\t\047/ { v = $0; sub(/^\t\047/, "", v); n = v; sub(/\047.*/, "", n)
		sub(/.* val=/, "", v); sub(/ULL$/, "", v); print name, n, v }' | sort -u >"$T/bpftool.enums"
# (awk, not jq: jq 1.6 rounds integers above 2^53)
awk '{ n = $0; sub(/^\{"name":"/, "", n); sub(/".*/, "", n); rest = $0; sub(/"values":\[/, "", rest)
	while (match(rest, /\{"name":"[^"]*","value":"?-?[0-9]+"?\}/)) {
		e = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
		k = e; sub(/^\{"name":"/, "", k); sub(/".*/, "", k)
		v = e; sub(/.*"value":"?/, "", v); sub(/"?\}$/, "", v); print n, k, v } }' \
	"$T/enums.jsonl" | sort >"$T/ours.enums"
comm -23 "$T/ours.enums" "$T/bpftool.enums" >"$T/bad.enums"
[ -s "$T/bad.enums" ] && { head -20 "$T/bad.enums" >&2; fail "$(wc -l <"$T/bad.enums") enumerators differ"; }
comm -13 "$T/ours.enums" "$T/bpftool.enums" | grep -v '^(anon) ' >"$T/miss.enums" || true
# a name with two enum definitions keeps one: only those may be missing
while read -r n _; do
	grep -q "^{\"name\":\"$n\",.*\"duplicates\":" "$T/enums.jsonl" || fail "enum $n lost values"
done <"$T/miss.enums"
echo "enums: $(wc -l <"$T/ours.enums") enumerators identical to bpftool"

# 4. facts eBPF tools rely on
member_of() { jq -r --arg s "$1" 'select(.name == $s) | .members[].name' "$T/structs.jsonl" | grep -qx "$2"; }
# task_struct.state became __state in 5.14
member_of task_struct __state || member_of task_struct state || fail "task_struct has no (__)state"
member_of request __data_len || fail "request has no __data_len"
exit 0
