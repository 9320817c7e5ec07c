#!/usr/bin/env bash
# depsurf diff on the hand-written fixture images tests/diff/fixture/{old,new}
# (every change kind and consequence of docs/schema-diff.md; fixture/expected.json was
# checked by hand against that table), then the command's behaviour: where
# it writes, byte-identical runs, --kind, the exit bits, a kind an image
# lacks, and hostile input (each one line naming the file, exit 1, nothing
# written).
. "$SRCDIR/tests/include/test-subr.sh"
need jq
FX=$SRCDIR/tests/diff/fixture
D="$BIN/depsurf"

mkdir ds
cp -r "$FX/old" ds/fx-old
cp -r "$FX/new" ds/fx-new

# --- the document, indented, against the hand-checked one
st=0
"$D" -p diff --json -d ds fx-old fx-new >got.json || st=$?
assert_eq "exit status (changes + breaking)" 12 "$st"
diff -u "$FX/expected.json" got.json >&2 || fail "document differs from tests/diff/fixture/expected.json"
[ ! -e ds/diff ] || fail "--json wrote ds/diff"

# --- written by default to DATASET/diff/<old>__<new>.json: compact, one newline
st=0
"$D" diff -d ds fx-old fx-new >summary.txt || st=$?
assert_eq "exit status" 12 "$st"
OUT=ds/diff/fx-old__fx-new.json
[ -f "$OUT" ] || fail "no $OUT"
jq -c . "$FX/expected.json" | cmp - "$OUT" || fail "$OUT is not the compact document"
assert_eq "one line" 1 "$(wc -l <"$OUT")"
[ -z "$(find ds -name '*.tmp.*')" ] || fail "temp files left"
# the same bytes on a second run, and from folder paths instead of ids
"$D" diff -o again.json "$PWD/ds/fx-old/" ds/fx-new >/dev/null || true
cmp "$OUT" again.json || fail "two runs differ"
grep -q '^funcs  *15  *15  *+1  *-1  *~11  4/4/1/4$' summary.txt ||
	{ cat summary.txt >&2; fail "summary line of funcs"; }
grep -q '^    c_full \[error\]: inline "none" -> "full"; exact_symbol true -> false' summary.txt ||
	{ cat summary.txt >&2; fail "summary item"; }
# -n 1: one item per kind, the worst first, and how many are left out
"$D" diff -n 1 -o /dev/null -d ds fx-old fx-new >short.txt || true
grep -q '^    \.\.\. 10 more' short.txt || { cat short.txt >&2; fail "--limit"; }
assert_eq "worst first" "    c_full [error]" "$(sed -n '/^funcs: /{n;p}' short.txt | cut -d: -f1)"

# --- --kind: only those, in DIFF_KINDS order
"$D" -j diff -k registers,funcs -d ds fx-old fx-new >kinds.json || true
assert_eq "kinds" '["funcs","registers"]' "$(jq -c '.kinds | keys_unsorted' kinds.json)"
assert_eq "same content" "$(jq -c '.kinds.funcs' "$FX/expected.json")" "$(jq -c '.kinds.funcs' kinds.json)"

# --- exit bits: 0 nothing, 4 non-breaking changes only, 12 breaking
"$D" diff -o self.json -d ds fx-old fx-old >/dev/null || fail "self diff: exit $?"
assert_eq "self diff" 0 "$(jq '[.kinds[] | .added + .removed + .changed] | add' self.json)"
cp -r ds/fx-old ds/fx-more
sed -i 's/^  "CONFIG_SAME": "100"$/  "CONFIG_SAME": "100",\n  "CONFIG_ZNEW": "m"/' ds/fx-more/config.json
st=0
"$D" diff -o more.json -d ds fx-old fx-more >/dev/null || st=$?
assert_eq "only an added option" 4 "$st"
assert_eq "added" '["CONFIG_ZNEW"]' "$(jq -c .kinds.config.added_items more.json)"

# --- a kind an image lacks (older datasets have no kfuncs.jsonl) is skipped
cp -r ds/fx-new ds/fx-nokf
rm ds/fx-nokf/kfuncs.jsonl
"$D" diff -o nokf.json -d ds fx-old fx-nokf >/dev/null || true
assert_eq "skipped" '{"skipped":"no kfuncs.jsonl in fx-nokf"}' "$(jq -c .kinds.kfuncs nokf.json)"
assert_eq "others kept" "$(jq -c .kinds.funcs "$FX/expected.json")" "$(jq -c .kinds.funcs nokf.json)"
"$D" diff -o /dev/null -d ds fx-old fx-nokf | grep -q '^kfuncs  *skipped: no kfuncs.jsonl in fx-nokf$' ||
	fail "summary of a skipped kind"

# --- usage errors: exit 2
for args in "fx-old" "-k nope fx-old fx-new" "-n x fx-old fx-new" "-k , fx-old fx-new"; do
	st=0
	# shellcheck disable=SC2086
	"$D" diff -d ds $args >/dev/null 2>&1 || st=$?
	assert_eq "usage: $args" 2 "$st"
done

# --- hostile input: one line naming the file, exit 1, nothing written
rm -rf ds/diff
bad() { # NAME: a copy of fx-new to break
	rm -rf "ds/$1"
	cp -r ds/fx-new "ds/$1"
}
# bad_case WHAT FRAGMENT IMAGE: the diff of fx-old with IMAGE fails naming FRAGMENT
bad_case() {
	expect_fail "$2" "$D" diff -d ds fx-old "$3"
	[ ! -e ds/diff/fx-old__"$3".json ] || fail "$1: output written"
	[ -z "$(find ds -name '*.tmp.*')" ] || fail "$1: temp file left"
}
bad trunc
head -c -40 ds/fx-new/funcs.jsonl >ds/trunc/funcs.jsonl
bad_case "truncated" "ds/trunc/funcs.jsonl:15: no newline at the end" trunc
bad order
{ sed -n 2p ds/fx-new/structs.jsonl; sed 2d ds/fx-new/structs.jsonl; } >ds/order/structs.jsonl
bad_case "out of order" "ds/order/structs.jsonl:2: keys out of order" order
bad nostructs
rm ds/nostructs/structs.jsonl
bad_case "missing file" "ds/nostructs/structs.jsonl: No such file or directory" nostructs
bad badjson
sed -i 's/^{"name":"g_proto","inline":"none",/{"name":"g_proto","inline":none,/' ds/badjson/funcs.jsonl
bad_case "bad JSON before defs" "ds/badjson/funcs.jsonl:8: invalid JSON" badjson
bad shape
sed -i 's/^\({"name":"h_reorder".*"params":\)\[[^]]*\]/\1{}/' ds/shape/funcs.jsonl
bad_case "wrong shape" "ds/shape/funcs.jsonl:9: entry \"h_reorder\" does not follow the schema" shape
bad docjson
echo '{"sys_call_table": [' >ds/docjson/syscalls.json
bad_case "bad syscalls.json" "ds/docjson/syscalls.json:2: invalid JSON" docjson
bad cfg
echo '{"CONFIG_A": 1}' >ds/cfg/config.json
bad_case "bad config value" "ds/cfg/config.json: \"CONFIG_A\" is neither a string nor null" cfg
bad meta
echo '{"schema_version": "2.0"}' >ds/meta/meta.json
bad_case "another schema" "ds/meta/meta.json: schema_version \"2.0\", this depsurf reads 1.0" meta
echo '{"schema_version": "1.3"}' >ds/meta/meta.json
"$D" diff -o /dev/null -d ds fx-old meta >/dev/null || [ $? = 12 ] || fail "schema 1.3 refused"
echo not a dir >ds/afile
bad_case "not a directory" "ds/afile: not a directory" afile
bad_case "no such image" "nothere: no such image folder, nor ds/nothere" nothere
# the old side is named as well
expect_fail "ds/trunc/funcs.jsonl:15" "$D" diff -d ds trunc fx-new
# in JSON mode the error is JSON
st=0
"$D" -j diff -d ds fx-old trunc >err.json 2>/dev/null || st=$?
assert_eq "json error status" 1 "$st"
jq -e '.error | test("trunc/funcs.jsonl")' err.json >/dev/null || fail "no JSON error: $(cat err.json)"

# every file of the new image cut at several places (never at a line end):
# exit 1 with one line naming that file, whatever the place; no crash
for f in funcs.jsonl structs.jsonl unions.jsonl enums.jsonl tracepoints.jsonl \
	lsm_hooks.jsonl kfuncs.jsonl syscalls.json config.json registers.json; do
	size=$(wc -c <ds/fx-new/$f)
	for n in 1 17 $((size / 3)) $((size / 2)) $((size - 2)); do
		[ "$(head -c "$n" ds/fx-new/$f | tail -c 1 | od -An -c | tr -d ' ')" != '\n' ] || continue
		bad cut
		head -c "$n" ds/fx-new/$f >ds/cut/$f
		bad_case "$f cut at $n" "ds/cut/$f" cut
	done
done
