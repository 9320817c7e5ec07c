#!/usr/bin/env bash
# The DWARF type printer (normalize/ctype_dwarf.c) on reference cycles: a
# parameter type whose chain of qualifiers, atomics, pointers and typedefs
# (cyc.s.in, hand-written DWARF) refers back into itself must fail in
# bounded time with one line naming the image and "invalid DWARF: type
# reference cycle", exit 1 and write nothing; the same chain ending in int
# prints. depsurf-funcs prints DWARF prototypes when there is no BTF.
. "$SRCDIR/tests/include/test-subr.sh"
need gcc

# img NAME FIRST LAST: the image with x's type FIRST, the chain ending in LAST
img() {
	sed "s/@FIRST@/$2/; s/@LAST@/$3/" "$SRCDIR/tests/normalize/cyc.s.in" >"$1.s"
	gcc -nostdlib -static -no-pie -o "$1" "$1.s" || fail "cannot build $1"
}

img good .Lconst .Lt2
"$BIN/depsurf-funcs" good -o good.jsonl || fail "the valid chain failed"
grep -qF '"params":[{"name":"x","type":"const t2 *const volatile"}]' good.jsonl ||
	fail "the valid chain: $(cat good.jsonl)"

# the cycle closed at each kind of DIE the printer loops over
for first in .Lconst .Lvol .Latomic .Lptr .Lconst2 .Latomic2; do
	for last in .Lconst .Lvol .Latomic .Lptr .Lconst2 .Latomic2; do
		n=cyc$first$last
		img "$n" "$first" "$last"
		expect_fail "$n: prototypes: invalid DWARF: type reference cycle" \
			timeout 60 "$BIN/depsurf-funcs" "$n" -o out.jsonl
		[ ! -e out.jsonl ] || fail "$n: output left behind"
	done
done
echo "DWARF cycles rejected"
