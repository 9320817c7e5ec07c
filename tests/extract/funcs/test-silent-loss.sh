#!/usr/bin/env bash
# Sections that a reader needs whole, broken so that a lenient reader would
# drop data silently and still exit 0: a .symtab whose sh_link is not its
# string table (every "symbols" would be empty), an empty .debug_str (every
# DW_FORM_strp name unreadable: every "defs" would be empty). Each must exit
# 1 with one line naming the file and the problem, and write nothing.
# Crafted with tests/include/elfpatch.py on the fixture of fixture.sh.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/funcs/fixture.sh"
need python3
PATCH="python3 $SRCDIR/tests/include/elfpatch.py"

build_fixture "$T/vmlinux" gcc -gdwarf-5
"$F" vmlinux -o ok.jsonl || fail "the good fixture failed"
grep -q '"defs":\[{' ok.jsonl || fail "the good fixture has no defs"

# bad NAME FRAGMENT OPS...
bad() {
	name=$1 frag=$2; shift 2
	cp vmlinux "$name" && $PATCH "$name" "$@" || fail "elfpatch $*"
	expect_fail "$name: $frag" "$F" "$name" -o out.jsonl
	[ ! -e out.jsonl ] || fail "$name: output left behind"
}

shn() { readelf -SW vmlinux | sed -n "s/^ *\[ *\([0-9]*\)\] $1 .*/\1/p"; }
bad link-none "invalid .symtab: its string table (sh_link)" shlink=.symtab:0
bad link-past "invalid .symtab: its string table (sh_link)" shlink=.symtab:999
bad link-self "invalid .symtab: its string table (sh_link)" "shlink=.symtab:$(shn .symtab)"
bad link-progbits "invalid .symtab: its string table (sh_link)" "shlink=.symtab:$(shn .debug_str)"
# a string table, but the wrong (shorter) one: names outside it
bad link-shstrtab "invalid .symtab: its string table (sh_link)" "shlink=.symtab:$(shn .shstrtab)"
bad str-empty "invalid DWARF: a string outside .debug_str" shsize=.debug_str:0
bad str-short "invalid DWARF: a string outside .debug_str" shsize=.debug_str:8
echo "broken sections rejected"
