#!/usr/bin/env bash
# depsurf-types on the host-compiled mini kernel: struct/union/enum shapes,
# the pahole path (same fixture with .BTF removed), determinism, bad input.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/types/fixture.sh"
need gcc
need pahole
need jq
need objcopy

mini_kernel gcc mini.elf
"$BIN/depsurf-types" mini.elf -d out || fail "depsurf-types failed"
S=out/structs.jsonl U=out/unions.jsonl E=out/enums.jsonl

# sorted by name, one line per name; FWD-only struct sk_buff is not listed
assert_eq "struct names" "dup_thing file_operations layout32 list_head pt_regs request stubbed" \
	"$(jq -r .name $S | tr '\n' ' ' | sed 's/ $//')"
assert_eq "union names" "key" "$(jq -r .name $U)"
assert_eq "enum names" "(anon) req_state signed_state wide64 wide_neg" \
	"$(jq -r .name $E | tr '\n' ' ' | sed 's/ $//')"

R='select(.name == "request")'
m() { jq -c "$R | .members[] | select(.name == \"$1\") | [.offset_bits, .bitfield_bits, .type]" $S; }
jq_eq "request size" 152 $S "$R | .size"
assert_eq "__data_len" '[128,0,"u32"]' "$(m __data_len)"
assert_eq "volatile" '[160,0,"volatile int"]' "$(m refcount)"
assert_eq "const char *" '[192,0,"const char *"]' "$(m name)"
assert_eq "const pointer" '[256,0,"char *const"]' "$(m fixed)"
assert_eq "const volatile" '[320,0,"const volatile long unsigned int"]' "$(m cv)"
assert_eq "array" '[384,0,"char[16]"]' "$(m comm)"
# pahole flattens multi-dimensional arrays in BTF: int[2][3] is int[6]
assert_eq "2-D array" '[512,0,"int[6]"]' "$(m grid)"
assert_eq "pointer to array" '[704,0,"int (*)[4]"]' "$(m ptr_to_array)"
assert_eq "array of func ptrs" '[768,0,"void (*[2])(struct request *, int)"]' "$(m callbacks)"
assert_eq "const struct ptr" '[896,0,"const struct file_operations *"]' "$(m fops)"
assert_eq "enum member" '[960,0,"enum req_state"]' "$(m state)"
assert_eq "bitfield a" '[992,1,"unsigned int"]' "$(m flag_a)"
assert_eq "bitfield b" '[993,3,"unsigned int"]' "$(m flag_b)"
assert_eq "signed bitfield" '[996,5,"int"]' "$(m signed_bits)"
assert_eq "anonymous union member" '[1024,0,"union {u64 sector; struct {u32 lo; u32 hi;};}"]' "$(m '')"
assert_eq "named anonymous-type member" '[1088,0,"struct {short int x; short int y;}"]' "$(m point)"
assert_eq "inline enum" '[1120,0,"enum {INLINE_X, INLINE_Y}"]' "$(m inline_enum)"
assert_eq "flexible array" '[1216,0,"char[0]"]' "$(m tail)"
jq_eq "func ptr member" '"long int (*)(struct sk_buff *, char *, long unsigned int)"' $S \
	'select(.name == "file_operations") | .members[0].type'
jq_eq "union" '[[0,"u64"],[0,"char[8]"],[0,"struct list_head *"]]' $U '[.members[] | [.offset_bits, .type]]'
jq_eq "key order" '["name","module","size","members"]' $U 'keys_unsorted'
for f in $S $U $E; do
	assert_eq "$f: every type is the vmlinux's" '["vmlinux"]' "$(jq -sc '[.[].module] | unique' $f)"
done

# same name twice: most members wins, counted; empty stub dropped silently
jq_eq "duplicate" '[16,["a","b"],1]' $S 'select(.name == "dup_thing") | [.size, [.members[].name], .duplicates]'
jq_eq "stub" '[4,null]' $S 'select(.name == "stubbed") | [.size, .duplicates]'

# enums: kflag-signed values negative, unsigned 64-bit above 2^63-1 as strings
jq_eq "signed enum" '[-1,0,-2147483648]' $E 'select(.name == "signed_state") | [.values[].value]'
jq_eq "enum64" '[8,[1,"18446744073709551600","9223372036854775808"]]' $E 'select(.name == "wide64") | [.size, [.values[].value]]'
jq_eq "negative enum64" '[-5000000000,5000000000]' $E 'select(.name == "wide_neg") | [.values[].value]'
jq_eq "declaration order" '["REQ_IDLE","REQ_IN_FLIGHT","REQ_DONE"]' $E 'select(.name == "req_state") | [.values[].name]'
jq_eq "anonymous enums merged" '[["ANON_A",1],["ANON_A_DUP",1],["ANON_B",2],["ANON_C",3],["INLINE_X",0],["INLINE_Y",1]]' \
	$E 'select(.name == "(anon)") | [.values[] | [.name, .value]]'

# byte-identical on a second run
"$BIN/depsurf-types" mini.elf -d again || fail "second run failed"
for f in structs unions enums; do cmp -s out/$f.jsonl again/$f.jsonl || fail "$f.jsonl differs between runs"; done
# per-file outputs
"$BIN/depsurf-types" mini.elf --enums only-enums.jsonl || fail "--enums failed"
cmp -s only-enums.jsonl $E || fail "--enums output differs"

# the pahole path: .BTF removed, BTF regenerated from DWARF, same surface
objcopy --remove-section .BTF mini.elf nobtf.elf
expect_fail "pahole --btf_encode_detached" "$BIN/depsurf-types" nobtf.elf -d nob
[ ! -e nob/structs.jsonl ] || fail "output left after failure"
pahole --btf_gen_floats --lang_exclude=rust --btf_encode_detached=nobtf.btf nobtf.elf ||
	fail "pahole --btf_encode_detached failed"
"$BIN/depsurf-types" --btf nobtf.btf nobtf.elf -d nob || fail "--btf failed"
for f in structs unions enums; do cmp -s out/$f.jsonl nob/$f.jsonl || fail "$f.jsonl differs through pahole"; done

# bad inputs: one line naming the file, non-zero exit, nothing left
mkdir bad
echo "not an elf" >text.txt
expect_fail "text.txt: not an ELF file" "$BIN/depsurf-types" text.txt -d bad
gcc -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start -o nodebug.elf \
	"$FIXDIR/mini-kernel.c" "$FIXDIR/mini-dup.c"
expect_fail "nodebug.elf: no .BTF section and no DWARF" "$BIN/depsurf-types" nodebug.elf -d bad
head -c $(($(stat -c %s mini.elf) / 2)) mini.elf >trunc.elf
expect_fail "trunc.elf: truncated or corrupt" "$BIN/depsurf-types" trunc.elf -d bad
expect_fail "missing.elf: No such file" "$BIN/depsurf-types" missing.elf -d bad
expect_fail "text.txt: cannot read BTF" "$BIN/depsurf-types" --btf text.txt mini.elf -d bad
expect_fail "nodir/sub: cannot create" "$BIN/depsurf-types" mini.elf -d nodir/sub
[ -z "$(ls bad)" ] || fail "bad input left files: $(ls bad)"
exit 0
