#!/usr/bin/env bash
# depsurf-kfuncs on the kfunc mini kernel (tests/extract/kfuncs/mini-kfuncs.c, built
# and resolved by fixture.sh): the set-selection rule of each kernel era,
# slots sorted away from their symbols, flags decoded and merged over sets,
# the decl tag, prototypes; then hostile inputs.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/kfuncs/fixture.sh"
need gcc
need pahole
need bpftool
need objcopy
need readelf
need jq
EXP=$SRCDIR/tests/extract/kfuncs/expected
K=$BIN/depsurf-kfuncs

# check NAME ELF EXPECTED [ARGS...]: the output is EXPECTED, byte for byte.
check() {
	name=$1 elf=$2 exp=$3
	shift 3
	"$K" "$@" "$elf" -o "$name.jsonl" 2>"$name.err" || { cat "$name.err" >&2; fail "$name: depsurf-kfuncs failed"; }
	diff -u "$exp" "$name.jsonl" || fail "$name: output differs"
}

# 6.9+: set8s flagged BTF_SET8_KFUNCS
mini_kfuncs fix.elf
check flagged fix.elf "$EXP/kfuncs.jsonl"
jq -e . flagged.jsonl >/dev/null || fail "not JSON"
jq -r .name flagged.jsonl | sort -c || fail "not sorted by name"
# 6.0 .. 6.8: every set8 but the fmod_ret ones
mini_kfuncs noflag.elf -DNOFLAG
check noflag noflag.elf "$EXP/kfuncs-noflag.jsonl"
# 5.13 .. 5.19: btf_id_sets named *_kfunc_ids
mini_kfuncs legacy.elf -DLEGACY
check legacy legacy.elf "$EXP/kfuncs-legacy.jsonl"
# big-endian (s390x): the same document
if command -v s390x-linux-gnu-gcc >/dev/null 2>&1; then
	CC=s390x-linux-gnu-gcc mini_kfuncs be.elf
	check be be.elf "$EXP/kfuncs.jsonl"
fi

# --progress counts what was dropped: bpf_fix_missing has a symbol, no id
"$K" --progress fix.elf -o p.jsonl 2>p.err || fail "--progress failed"
grep -q '5 BTF id sets (2 kfunc sets, 5 members), 5 kfuncs, 1 decl-tagged' p.err ||
	{ cat p.err >&2; fail "--progress counts"; }
grep -q '0 ids without a symbol, 1 symbols without an id' p.err || fail "--progress drops"

# --btf: ids and tags still come from the image's .BTF, prototypes from
# the file (here pahole's BTF of the DWARF: same types, no decl tag)
pahole --btf_encode_detached=fix.btf fix.elf >/dev/null || fail "pahole failed"
check btf fix.elf "$EXP/kfuncs.jsonl" --btf fix.btf

# ------------------------------------------------------------ hostile input
# no .BTF_ids (kernels before 5.13): no set members; the tag alone remains,
# and without it (pahole's BTF) the output is empty, not an error
objcopy --remove-section .BTF_ids fix.elf noids.elf
jq -c 'select(.decl_tag)' "$EXP/kfuncs.jsonl" >tag-only.jsonl
check noids noids.elf tag-only.jsonl
objcopy --remove-section .BTF --remove-section .BTF_ids fix.elf old.elf
: >empty.jsonl
check old old.elf empty.jsonl --btf fix.btf

# a corrupt cnt is cut at the set's extent (its symbol's size)
set_off() { # ELF SET: file offset of set symbol SET in .BTF_ids
	local sec addr off a
	read -r sec addr off < <(readelf -SW "$1" |
		sed -n 's/^ *\[ *\([0-9]*\)\] \.BTF_ids *PROGBITS *\([0-9a-f]*\) \([0-9a-f]*\) .*/\1 \2 \3/p')
	a=$(readelf -sW "$1" | awk -v n="$2" '$8 == n { print $2 }')
	echo $((16#$a - 16#$addr + 16#$off))
}
cp fix.elf cnt.elf
wr32 cnt.elf "$(set_off cnt.elf __BTF_ID__set8__fix_kfunc_ids)" 4294967295
check cnt cnt.elf "$EXP/kfuncs.jsonl" --progress
grep -q '1 counts cut' cnt.err || { cat cnt.err >&2; fail "the cut cnt is not counted"; }

# an id that is no FUNC (or outside BTF) is dropped with its symbol
cp fix.elf badid.elf
o=$(set_off badid.elf __BTF_ID__set8__fix_common_ids)
wr32 badid.elf $((o + 8)) 1
jq -c 'if .name == "bpf_fix_release" then .sets = ["fix_kfunc_ids"] | .flags = ["KF_RELEASE"] else . end' \
	"$EXP/kfuncs.jsonl" >badid-exp.jsonl
check badid badid.elf badid-exp.jsonl
wr32 badid.elf $((o + 8)) 4000000000
check badid2 badid.elf badid-exp.jsonl

# a set symbol whose size runs past the section: read to the section end
cp fix.elf size.elf
read -r soff ent < <(readelf -SW size.elf | sed -n 's/^ *\[ *[0-9]*\] \.symtab *SYMTAB *[0-9a-f]* \([0-9a-f]*\) [0-9a-f]* \([0-9a-f]*\) .*/\1 \2/p')
idx=$(readelf -sW size.elf | awk '$8 == "__BTF_ID__set8__fix_kfunc_ids" { sub(":", "", $1); print $1 }')
wr32 size.elf $((16#$soff + idx * 16#$ent + 16)) 2147483647	# st_size (ELF64, low word)
wr32 size.elf "$(set_off size.elf __BTF_ID__set8__fix_kfunc_ids)" 4294967295
"$K" size.elf -o size.jsonl || fail "an oversized set failed"
jq -e . size.jsonl >/dev/null || fail "an oversized set: not JSON"

# what the driver rejects
echo "not an elf" >text.txt
expect_fail "text.txt: not an ELF file" "$K" text.txt -o bad.jsonl
objcopy --strip-all fix.elf stripped.elf
expect_fail "stripped.elf: no .symtab" "$K" stripped.elf -o bad.jsonl
[ ! -e bad.jsonl ] || fail "bad input left bad.jsonl"
exit 0
