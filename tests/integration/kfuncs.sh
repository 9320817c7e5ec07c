#!/usr/bin/env bash
# depsurf-kfuncs on a real image against other roads to the same answer:
#  - names: the __BTF_ID__func__<fn>__<N> symbols (nm) inside the kfunc
#    sets' address ranges, the sets chosen in shell by the documented rule
#    from the set8 flags words read with od;
#  - decl tags: bpftool's DECL_TAG "bpf_kfunc" FUNCs;
#  - prototypes: parameter names and count from bpftool's raw dump, and the
#    type strings of funcs.jsonl (same printer) when the dataset has it.
#   IMG_DIR=work/debian-6.12.107+deb13-amd64 BIN=build/opt/bin tests/integration/kfuncs.sh
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
: "${IMG_DIR:?IMG_DIR must name an image dir with vmlinux}"
need jq
need bpftool
need nm
need readelf
V=$IMG_DIR/vmlinux
[ -f "$V" ] || skip "$V missing"
BTF_OPT=()
[ -f "$IMG_DIR/vmlinux.btf" ] && BTF_OPT=(--btf "$IMG_DIR/vmlinux.btf")
"$BIN/depsurf-kfuncs" "${BTF_OPT[@]}" "$V" -o kf.jsonl || fail "depsurf-kfuncs failed"
jq -r .name kf.jsonl | sort -c || fail "kfuncs.jsonl not sorted by name"
read -r addr off < <(readelf -SW "$V" |
	sed -n 's/^ *\[ *[0-9]*\] \.BTF_ids *PROGBITS *\([0-9a-f]*\) \([0-9a-f]*\) .*/\1 \2/p')
if [ -z "$addr" ]; then
	assert_eq "no .BTF_ids: only decl-tagged kfuncs" 0 "$(jq 'select(.sets != [])' kf.jsonl | wc -l)"
	echo "no .BTF_ids: $(wc -l <kf.jsonl) kfuncs"
	exit 0
fi
case $(od -An -tx1 -j 5 -N 1 "$V" | tr -d ' ') in 02) endian=big ;; *) endian=little ;; esac

# ---------------------------------------------------- names by symbol road
nm -S "$V" | awk '$4 ~ /^__BTF_ID__/' | LC_ALL=C sort >btfid.txt
flagged=0 any8=0
: >set8.txt
while read -r a size _ name; do
	fl=$(od -An -tu4 --endian=$endian -j $((16#$a - 16#$addr + 16#$off + 4)) -N 4 "$V" | tr -d ' ')
	echo "$a $(printf '%016x' $((16#$a + 16#$size))) ${name#__BTF_ID__set8__} $fl" >>set8.txt
	any8=1
	[ $((fl & 1)) = 1 ] && flagged=1
done < <(awk '$4 ~ /^__BTF_ID__set8__/' btfid.txt)
if [ $flagged = 1 ]; then
	awk '$4 % 2 == 1' set8.txt >ranges.txt
elif [ $any8 = 1 ]; then
	awk '$3 !~ /fmodret/' set8.txt >ranges.txt
else
	awk '$4 ~ /^__BTF_ID__set__.*_kfunc_ids$/ { print $1, $2, substr($4, 16) }' btfid.txt |
		while read -r a size name; do echo "$a $(printf '%016x' $((16#$a + 16#$size))) $name"; done >ranges.txt
fi
awk 'NR == FNR { lo[NR] = $1; hi[NR] = $2; n = NR; next }
	$4 ~ /^__BTF_ID__func__/ { for (i = 1; i <= n; i++) if ($1 >= lo[i] && $1 < hi[i]) {
		s = substr($4, 17); sub(/__[0-9]+$/, "", s); print s; break } }' ranges.txt btfid.txt |
	LC_ALL=C sort -u >names-sym.txt
jq -r 'select(.sets != []) | .name' kf.jsonl >names-ours.txt
awk '{ print $3 }' ranges.txt | LC_ALL=C sort >sets-sym.txt
jq -r '.sets[]' kf.jsonl | LC_ALL=C sort -u >sets-ours.txt
diff -u sets-sym.txt sets-ours.txt || fail "kfunc sets differ from the symbol road"
# a member symbol without a BTF FUNC (id 0) is in the symbol road only
bpftool btf dump file "$V" format raw -j >raw.json 2>/dev/null ||
	bpftool btf dump file "${BTF_OPT[1]}" format raw -j >raw.json || fail "bpftool failed"
jq -r '.types[] | select(.kind == "FUNC") | .name' raw.json | LC_ALL=C sort -u >btf-funcs.txt
LC_ALL=C comm -12 names-sym.txt btf-funcs.txt >names-sym-btf.txt
nodiff=$(LC_ALL=C comm -23 names-sym.txt btf-funcs.txt | wc -l)
diff -u names-sym-btf.txt names-ours.txt || fail "kfunc names differ from the symbol road"

# ------------------------------------------------------------- decl tags
jq -r '(.types | map({key: (.id | tostring), value: .name}) | from_entries) as $n
	| .types[] | select(.kind == "DECL_TAG" and .name == "bpf_kfunc" and .component_idx == -1)
	| $n[.type_id | tostring]' raw.json | LC_ALL=C sort -u >tags-bpftool.txt
jq -r 'select(.decl_tag) | .name' kf.jsonl >tags-ours.txt
diff -u tags-bpftool.txt tags-ours.txt || fail "decl-tagged kfuncs differ from bpftool"

# ------------------------------------------------------------ prototypes
# parameter names from the prototype BTF's FUNC_PROTO (first FUNC of a name)
bpftool btf dump file "${BTF_OPT[1]:-$V}" format raw -j |
	jq -c '(.types | map({key: (.id | tostring), value: .}) | from_entries) as $t
	| [.types[] | select(.kind == "FUNC")] | group_by(.name) | map(min_by(.id))[]
	| {name, params: [$t[.type_id | tostring].params[]? | .name | if . == "(anon)" then "" else . end]}' |
	jq -sc 'map({key: .name, value: .params}) | from_entries' >params.json
bad=$(jq -c --slurpfile p params.json 'select($p[0][.name] != [.proto.params[].name]) | .name' kf.jsonl | wc -l)
assert_eq "prototypes whose parameter names differ from bpftool's" 0 "$bad"
if [ -n "${DS_DIR:-}" ] && [ -f "$DS_DIR/funcs.jsonl" ]; then
	jq -c '{name, proto: .proto}' kf.jsonl >p-ours.txt
	jq -c --slurpfile k <(jq -s 'map(.name)' kf.jsonl) 'select(.name as $n | $k[0] | index($n))
		| {name, proto: {ret: .proto.ret, params: .proto.params}}' "$DS_DIR/funcs.jsonl" >p-funcs.txt
	diff -u p-funcs.txt p-ours.txt || fail "prototypes differ from funcs.jsonl"
fi
echo "$(wc -l <ranges.txt) kfunc sets, $(wc -l <kf.jsonl) kfuncs ($(wc -l <names-ours.txt) in sets," \
	"$(wc -l <tags-ours.txt) decl-tagged), as the symbol road ($nodiff member symbols without a BTF FUNC) and bpftool"
exit 0
