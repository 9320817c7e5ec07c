#!/usr/bin/env bash
# The two type printers agree: every function of tests/extract/funcs/fixture/protos.c
# (pointers, arrays, function pointers, qualifiers, varargs, anonymous
# types, typedefs...) gets the same prototype from BTF (pahole -J) and from
# DWARF (normalize/ctype_dwarf.c), and a funcs.jsonl made with BTF equals one
# made from DWARF alone, but for the "source" of each prototype.
. "$SRCDIR/tests/include/test-subr.sh"
need gcc
need pahole
F=$BIN/depsurf-funcs

cp "$SRCDIR/tests/extract/funcs/fixture/protos.c" .
gcc -g -O2 -Wall -o protos protos.c || fail "cannot build protos.c"
cp protos protos.btf
pahole -J protos.btf || fail "pahole -J failed"
nfuncs=$(grep -c '^api ' protos.c)

"$F" --compare-protos protos.btf >cmp.out 2>cmp.err || {
	cat cmp.out cmp.err >&2
	fail "BTF and DWARF prototypes differ"
}
n=$(sed -n 's/.*: \([0-9]*\) prototypes in both BTF and DWARF, 0 differ$/\1/p' cmp.err)
[ -n "$n" ] && [ "$n" -ge "$nfuncs" ] ||
	fail "compared ${n:-no} prototypes, expected at least $nfuncs: $(cat cmp.err)"

"$F" protos.btf -o btf.jsonl || fail "depsurf-funcs failed (BTF)"
"$F" protos -o dwarf.jsonl || fail "depsurf-funcs failed (DWARF)"
[ "$(grep -c '"source":"btf"' btf.jsonl)" -ge "$nfuncs" ] ||
	fail "prototypes did not come from BTF"
grep -q '"source":"btf"' dwarf.jsonl && fail "BTF used without .BTF"
sed 's/"source":"btf"/"source":"dwarf"/' btf.jsonl | cmp - dwarf.jsonl ||
	fail "BTF and DWARF surfaces differ"

# a detached raw BTF file (pahole --btf_encode_detached) serves too
pahole --btf_encode_detached=raw.btf protos || fail "pahole detached failed"
"$F" --btf raw.btf protos -o raw.jsonl || fail "depsurf-funcs --btf failed"
cmp btf.jsonl raw.jsonl || fail "--btf raw.btf differs from .BTF"

# spot checks of the spelling rules
has() { grep -F "{\"name\":\"$1\"," btf.jsonl | grep -qF -- "$2" || fail "$1 lacks $2"; }
has f_fnptr '{"name":"pp","type":"int (*(*)(int))(const char *, ...)"}'
has f_fnptr '{"name":"cb","type":"void (*)(struct sk_buff *)"}'
has f_array '{"name":"m","type":"int (*)[3]"}'
# pahole flattens multi-dimensional arrays; the DWARF printer does too
has f_matrix '{"name":"m","type":"int (*)[42]"},{"name":"s","type":"struct {char name[32];} *"}'
has f_ptr '{"name":"t","type":"char *const"},{"name":"v","type":"const char *const *"}'
has f_anon '{"name":"anon_param","type":"struct {int q;} *"}'
has f_typedef '"ret":"u64","params":[{"name":"a","type":"u32"}'
has f_varargs '{"name":"","type":"..."}'
has f_void '"ret":"void","params":[]'
echo "$n prototypes agree"
