#!/usr/bin/env bash
# depsurf-funcs on the mini kernel of tests/extract/funcs/fixture.sh compiled for
# x86-64: DWARF 5 and 4, with gcc's real -mrecord-mcount ftrace table; two
# runs and both JSON writers byte-identical. The cross builds are in
# test-funcs-cross.sh.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/funcs/fixture.sh"

# --- x86-64, DWARF 5, gcc's own ftrace table (IBT: call site at +4)
pg=(-DFIXTURE_PG -pg -mfentry -mrecord-mcount -mnop-mcount -fcf-protection=branch)
build_fixture "$T/vmlinux5" gcc -gdwarf-5 "${pg[@]}"
"$F" "$T/vmlinux5" -o "$T/f5.jsonl" || fail "depsurf-funcs failed"
check_facts "$T/f5.jsonl" "$T/vmlinux5"
has "$T/f5.jsonl" cold_fn '"transforms":["cold"]' '"name":"cold_fn.cold"' \
	'"exact_symbol":true'
has "$T/f5.jsonl" b_entry '"traceable":true'

# --- DWARF 4 (GNU call sites, 1-based file numbers): the same surface
build_fixture "$T/vmlinux4" gcc -gdwarf-4 "${pg[@]}"
"$F" "$T/vmlinux4" -o "$T/f4.jsonl" || fail "depsurf-funcs failed (DWARF 4)"
cmp "$T/f5.jsonl" "$T/f4.jsonl" || {
	diff "$T/f5.jsonl" "$T/f4.jsonl" | head -5 >&2
	fail "DWARF 4 and 5 builds differ"
}

# --- byte-identical runs, one or two threads
"$F" -j1 "$T/vmlinux5" -o "$T/f5b.jsonl" || fail "second run failed"
cmp "$T/f5.jsonl" "$T/f5b.jsonl" || fail "two runs differ"
# every line as jansson writes it (parsed and dumped again, tests/util/t-jsonw.c)
"$TBIN/util/t-jsonw" "$T/f5.jsonl" >&2 || fail "funcs.jsonl is not jansson's bytes"
echo "fixture facts hold for x86-64 (DWARF 4, 5)"
