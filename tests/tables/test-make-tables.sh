#!/usr/bin/env bash
# make -f tables.mk (what `make tables` runs) on the fixture dataset of
# tests/tables/data/: the tables and figures of `make -j1` and `make -j2`
# are byte-identical, the skipped pairs are listed, a second run redoes
# nothing, a newer pair document redoes the tables, and a bad groups file
# stops the run with its message. The pairs whose documents are in the
# fixture are not diffed again (they are newer than the images and the
# tool); the one without a document (flavor k-b -> k-c) is made by
# `depsurf diff` when this depsurf has it.
. "$SRCDIR/tests/include/test-subr.sh"
need jq
need gnuplot
need make

D=$SRCDIR/tests/tables/data
cp "$D/kernels.list" .
if "$BIN/depsurf" diff --help >/dev/null 2>&1; then
	cp "$D/kernels.groups" groups
else
	grep -v '^flavor' "$D/kernels.groups" >groups
fi
for d in ds1 ds2; do
	cp -r "$D/dataset" $d
	touch $d/diff/*.json	# newer than the tool: not diffed again
done
mk() {	# mk DATASET MAKE-ARGS...
	local ds=$1; shift
	# not the jobserver of a `make -jN check` around the test: its
	# "-jN forced in submake" warning would be stderr output
	env -u MAKEFLAGS -u MFLAGS make --no-print-directory -C "$SRCDIR" -f tables.mk all BIN="$BIN" \
		DATASET_DIR="$T/$ds" KERNELS="$T/kernels.list" KERNEL_GROUPS="$T/groups" "$@"
}
mk ds1 -j1 >out1 2>err1 || { cat out1 err1; fail "make -j1 failed"; }
mk ds2 -j2 >out2 2>err2 || { cat out2 err2; fail "make -j2 failed"; }
diff -r ds1 ds2 || fail "make -j1 and make -j2 differ"
for f in inline transforms pairs; do
	head -c 8 ds1/tables/$f.png | od -An -c | grep -q 'P   N   G' || fail "$f.png is not a PNG"
	grep -q '<svg' ds1/tables/$f.svg || fail "$f.svg is not SVG"
done
grep -qxF '  skipped regular k-b -> k-d: image k-d not in the dataset' out1 || { cat out1; fail "skipped pair not listed"; }
grep -q '^tables: .* pairs diffed, [0-9]* skipped' out1 || { cat out1; fail "summary line"; }
grep -q '^\[tables\]' err1 && grep -q '^\[figures\]' err1 || { cat err1; fail "tables and figures not made"; }
grep -q '^\[diff\] k-a -> k-b' err1 && fail "an up-to-date pair was diffed again"
[ -z "$(find ds1 -name '.figures.*' -o -name '*.tmp.*')" ] || fail "temp files left"

# incremental: nothing to redo; a newer pair document redoes the tables
mk ds1 -j2 >out3 2>err3 || fail "second run failed"
[ ! -s err3 ] || { cat err3; fail "a second run redid something"; }
grep -qxF '  skipped regular k-b -> k-d: image k-d not in the dataset' out3 || fail "the skipped pairs are listed on every run"
touch ds1/diff/k-a__k-c.json
mk ds1 >out4 2>err4 || fail "third run failed"
grep -q '^\[tables\]' err4 || { cat err4; fail "a newer pair document did not redo the tables"; }
diff -r ds1/tables ds2/tables || fail "tables changed on a rerun"

# a bad groups file: its message, and a failed make
printf 'regular chain k-a k-b;rm\n' >>groups
if mk ds1 >out5 2>err5; then fail "make passed with a bad groups file"; fi
grep -qF "groups:$(wc -l <groups): id: character ';' not allowed" err5 || { cat err5; fail "the groups error is not shown"; }
exit 0
