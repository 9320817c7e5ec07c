#!/usr/bin/env bash
# depsurf tables on the fixture dataset of tests/tables/data/: three tiny
# images (funcs.jsonl lines of the writer's shape and of others, which take
# the jansson road: an escaped name, another key order, look-alike
# '"symbols":[' text inside strings) and two hand-written pair documents.
# The expected tables in data/expected/ were worked out by hand from those
# files (docs/schema-tables.md says how each column is computed). Then:
# byte-identical across runs and thread counts, --pairs, and hostile inputs,
# each one error line naming the file, exit 1, and nothing written.
. "$SRCDIR/tests/include/test-subr.sh"
need jq

D=$SRCDIR/tests/tables/data
cp -r "$D/dataset" ds
cp "$D/kernels.list" "$D/kernels.groups" .
tables() { "$BIN/depsurf" tables -d ds -g kernels.groups -k kernels.list "$@"; }

tables -o out >report.txt || fail "depsurf tables failed"
for f in "$D"/expected/*; do
	diff -u "$f" "out/${f##*/}" || fail "${f##*/} differs from the hand-checked table"
done
grep -qxF 'tables: written to out: 3 pairs, 2 skipped' report.txt || { cat report.txt; fail "summary line"; }
grep -qxF '  skipped regular k-b -> k-d: image k-d not in the dataset' report.txt || fail "skip line"
# the three formats carry the same rows
for t in pairs change_kinds consequences arch_flavor collisions inline transforms skipped; do
	for e in csv md json; do [ -s "out/$t.$e" ] || fail "out/$t.$e missing or empty"; done
	csv=$(($(wc -l <"out/$t.csv") - 1))
	md=$(($(wc -l <"out/$t.md") - 4))
	js=$(jq '.rows | length' "out/$t.json")
	[ "$csv" = "$md" ] && [ "$csv" = "$js" ] || fail "$t: $csv CSV rows, $md Markdown rows, $js JSON rows"
	jq -e --arg t "$t" '.schema_version == "1.0" and .table == $t' "out/$t.json" >/dev/null ||
		fail "$t.json: schema_version or table name"
done
# a numeric column is a JSON number, text a string, no value null
assert_eq "pairs.json unions" 'null 0' "$(jq -r '[.rows[] | select(.kind == "unions")][0] | "\(.added_pct) \(.added)"' out/pairs.json)"
assert_eq "pairs.json skipped kind" 'k-b has no kfuncs.jsonl null' \
	"$(jq -r '[.rows[] | select(.kind == "kfuncs")][0] | "\(.skipped) \(.old_count)"' out/pairs.json)"
[ -z "$(ls -A out | grep -v -E '^[a-z_]+\.(csv|md|json)$')" ] || fail "stray files in out: $(ls -A out)"

# deterministic: again, and with one thread
tables -o out2 --threads 1 >/dev/null || fail "second run"
diff -r out out2 >/dev/null || fail "output differs between runs / thread counts"

# two roads, one answer: with every funcs.jsonl line reordered (inline
# first), no line has the writer's shape and all go through jansson
cp -r ds ds-slow
for f in ds-slow/*/funcs.jsonl; do jq -c '{inline, name} + .' "$f" >"$f.new" && mv "$f.new" "$f"; done
grep -q '^{"name"' ds-slow/*/funcs.jsonl && fail "jq left a line in the writer's shape"
"$BIN/depsurf" tables -d ds-slow -g kernels.groups -k kernels.list -o out-slow >/dev/null || fail "slow road"
for t in collisions inline transforms; do
	diff -u "out/$t.csv" "out-slow/$t.csv" || fail "$t: the scanner and jansson disagree"
done

# --pairs: the distinct pairs whose images are both there (k-d is not)
assert_eq "--pairs" "k-a__k-b k-a__k-c k-b__k-c" "$(tables --pairs | tr '\n' ' ' | sed 's/ $//')"
assert_eq "--pairs --json" '["k-a__k-b","k-a__k-c","k-b__k-c"]' "$("$BIN/depsurf" --json tables --pairs -d ds -g kernels.groups -k kernels.list)"
[ ! -e ds/tables ] || fail "--pairs wrote something"

# hostile inputs: one line naming the file, exit 1, the previous tables untouched
bad() {	# bad FRAGMENT SETUP-COMMAND...: break a fresh copy, expect the error
	local frag=$1; shift
	rm -rf ds && cp -r "$D/dataset" ds && cp "$D/kernels.groups" kernels.groups
	cp -r out prev
	"$@"; echo "case: $frag" >&2
	expect_fail "$frag" tables -o prev
	diff -r out prev >/dev/null || fail "a failed run changed the tables ($frag)"
	[ -z "$(find prev ds -name '*.tmp.*')" ] || fail "temp files left ($frag)"
	rm -rf prev
}
P=ds/diff/k-a__k-b.json
bad "k-a__k-b.json:1: invalid JSON" truncate -s 200 $P
bad "k-a__k-b.json: kinds.funcs: counts do not add up" sed -i 's/"funcs":{"old":6,"new":3,"added":1/"funcs":{"old":6,"new":3,"added":2/' $P
bad "k-a__k-b.json: kinds.structs.consequences: 5 items, but 6" sed -i 's/"error":1,"stray_read":3/"error":0,"stray_read":3/' $P
bad "k-a__k-b.json: old and new are not k-a and k-b" sed -i 's/"new":"k-b"/"new":"k-c"/' $P
bad "k-a__k-b.json: kinds.registers: missing" sed -i 's/,"registers":{[^}]*}[^}]*}[^}]*}//' $P
bad "k-a__k-b.json: kinds.funcs.change_kinds.inline: not a count" sed -i 's/"inline":1/"inline":-1/' $P
bad "k-a__k-b.json: schema_version 2.0" sed -i 's/"1.0"/"2.0"/' $P
bad "k-a/funcs.jsonl:6: no newline at the end" truncate -s -1 ds/k-a/funcs.jsonl
bad "k-b/funcs.jsonl:2: names out of order" sed -i '1{h;d};2{G}' ds/k-b/funcs.jsonl
bad "k-b/funcs.jsonl:3: inline: not none, selective or full" sed -i '3s/"inline":"none"/"inline":"some"/' ds/k-b/funcs.jsonl
bad "k-c/funcs.jsonl:1: transforms: a kind" sed -i 's/"llvm"/"frob"/' ds/k-c/funcs.jsonl
bad "k-b/funcs.jsonl:2: invalid JSON" sed -i '2s/.*/{"name":"b_fn",/' ds/k-b/funcs.jsonl
bad "k-b/funcs.jsonl:2: symbols: missing" sed -i '2s/,"symbols":\[\]//' ds/k-b/funcs.jsonl
bad "k-c/meta.json" sh -c 'echo "{" >ds/k-c/meta.json'
bad "k-a/registers.json" sh -c 'echo "[1]" >ds/k-a/registers.json'
bad "k-c/syscalls.json: sys_call_table: not an array" sh -c 'echo "{\"sys_call_table\":1}" >ds/k-c/syscalls.json'
bad "kernels.groups:2: id: 'k-z' is not an image of kernels.list" sh -c 'printf "# x\nlts chain k-a k-z\n" >kernels.groups'
bad "kernels.groups:1: id: character '\$'" sh -c 'printf "lts chain k-a \$(k-b)\n" >kernels.groups'
expect_fail "nope.groups: No such file" "$BIN/depsurf" tables -d ds -g nope.groups -k kernels.list
expect_fail "data/kernels.groups:2: expected 9 columns" "$BIN/depsurf" tables -d ds -g "$D/kernels.groups" -k "$D/kernels.groups"
# usage errors: exit 2, the problem first
for args in "--threads 0" "--threads 2x" "extra"; do
	rc=0; "$BIN/depsurf" tables $args 2>err >/dev/null || rc=$?
	assert_eq "exit status of tables $args" 2 "$rc"
	head -1 err | grep -q "^depsurf: tables: " || fail "tables $args: $(head -1 err)"
done
expect_fail "nodir: No such file or directory" "$BIN/depsurf" tables -d nodir -g kernels.groups -k kernels.list
expect_fail "kernels.list: Not a directory" "$BIN/depsurf" tables --pairs -d kernels.list -g kernels.groups -k kernels.list
# an output folder that cannot be made
cp "$D/kernels.groups" kernels.groups
expect_fail "kernels.list/x: Not a directory" tables -o kernels.list/x
exit 0
