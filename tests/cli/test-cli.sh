#!/usr/bin/env bash
# The depsurf command: dispatch (unique prefixes, ambiguous and unknown
# commands, help at every level, exit 0/1/2), JSON errors, and `surfaces`
# on a fixture dataset made here: two images of tiny surface files with a
# hand-written meta.json, then bad files (out of order, not JSON, counts
# that disagree with meta.json, no final newline).
. "$SRCDIR/tests/include/test-subr.sh"
need jq
D=$BIN/depsurf

# status WANT CMD...: CMD exits with WANT (stdout in out, stderr in err).
status() {
	want=$1; shift
	set +e; "$@" >out 2>err; rc=$?; set -e
	[ "$rc" -eq "$want" ] || { cat out err >&2; fail "exit $rc, expected $want: $*"; }
}

# ---------------------------------------------------------------- dispatch
status 0 "$D" --help
grep -q '^Usage: depsurf \[OPTIONS\] COMMAND' out || fail "--help"
cp out help.txt
status 0 "$D" -h; cmp -s out help.txt || fail "-h differs from --help"
status 0 "$D" help; cmp -s out help.txt || fail "help differs from --help"
status 0 "$D" he; cmp -s out help.txt || fail "prefix 'he' is not help"
status 2 "$D"
cmp -s err help.txt || fail "no command: help on stderr expected"
status 0 "$D" surfaces --help; cp out surfaces-help.txt
grep -q '^Usage: depsurf surfaces' out || fail "surfaces --help"
status 0 "$D" surf -h; cmp -s out surfaces-help.txt || fail "surf -h"
status 0 "$D" help surf; cmp -s out surfaces-help.txt || fail "help surf"
status 0 "$D" -j surfaces --help; cmp -s out surfaces-help.txt || fail "-j surfaces --help"
status 2 "$D" frob
assert_eq "unknown command" "depsurf: unknown command 'frob'
Try 'depsurf --help'." "$(cat err)"
[ ! -s out ] || fail "unknown command wrote to stdout"
status 2 "$D" ""
# every command, in the order of --help (so adding one does not touch this line)
cmds=$("$D" --help | sed -n '/^Commands/,/^$/s/^  \([a-z][a-z-]*\) .*/'"'"'\1'"'"'/p' | paste -sd, | sed 's/,/, /g')
case $cmds in "'surfaces', 'extract', 'query', "*"'version', 'help'") ;; *) fail "commands of --help: $cmds" ;; esac
assert_eq "ambiguous prefix" "depsurf: ambiguous command '': could be $cmds" "$(head -1 err)"
status 2 "$D" help frob
status 2 "$D" help surfaces version
status 2 "$D" --frob
grep -q "unknown option '--frob'" err || fail "unknown global option"
status 2 "$D" surfaces --frob
assert_eq "unknown command option" "depsurf: surfaces: unknown option '--frob'
Try 'depsurf surfaces --help'." "$(cat err)"
status 2 "$D" version extra
status 2 "$D" -V surfaces

# --json: errors are JSON on stdout, nothing on stderr
status 2 "$D" --json frob
assert_eq "json unknown command" '"unknown command '"'frob'"'"' "$(jq .error out)"
[ ! -s err ] || fail "json error wrote to stderr"
status 2 "$D" -p ""
jq -e '.error | startswith("ambiguous command")' out >/dev/null || fail "json ambiguous"
[ "$(wc -l <out)" -gt 1 ] || fail "--pretty error not indented"
status 2 "$D" surfaces -j --frob
jq -e '.error == "surfaces: unknown option '"'--frob'"'"' out >/dev/null || fail "json option error"

# version
status 0 "$D" version; cp out version.txt
v=$(sed -n 's/#define DEPSURF_VERSION "\(.*\)"/\1/p' "$SRCDIR/util/version.h")
assert_eq "version" "depsurf $v" "$(head -1 out)"
status 0 "$D" -V; cmp -s out version.txt || fail "-V differs from version"
status 0 "$D" vers; cmp -s out version.txt || fail "prefix vers"
# 'ver' is verify or version: ambiguous, named as such
status 2 "$D" ver
grep -q "ambiguous command 'ver': could be 'verify', 'version'" err || fail "ambiguous ver"
status 0 "$D" -j version
jq -e --arg v "$v" '.version == $v and .schema_version == "1.0"' out >/dev/null || fail "json version"

# ---------------------------------------------------------------- surfaces
mkdir -p ds/img-1 ds/img-2 ds/empty
echo "not an image" >ds/README.md
cat >ds/img-1/funcs.jsonl <<'EOS'
{"name":"a_func","inline":"none"}
{"name":"b_func","inline":"full"}
{"name":"c_func","inline":"none"}
EOS
cat >ds/img-1/tracepoints.jsonl <<'EOS'
{"event":"sched_switch","system":"sched","class":"sched_switch"}
{"event":"x","system":"a","class":"x"}
{"event":"x","system":"b","class":"x"}
EOS
printf '{\n  "CONFIG_A": "y",\n  "CONFIG_B": null\n}\n' >ds/img-1/config.json
printf '{\n  "sys_call_table": [\n    {"nr":0}, {"nr":1}\n  ],\n  "compat_sys_call_table": [\n    {"nr":0}\n  ]\n}\n' >ds/img-1/syscalls.json
cat >ds/img-1/meta.json <<'EOS'
{
  "schema_version": "1.0",
  "id": "test-1.0-amd64",
  "counts": {"config": 2, "funcs": 3, "syscalls": {"sys_call_table": 2, "compat_sys_call_table": 1}, "tracepoints": 3}
}
EOS
printf '{"name":"only"}\n' >ds/img-2/structs.jsonl

status 0 "$D" surfaces ds/img-1
cat >expected <<'EOS'
image   test-1.0-amd64
schema  1.0
dir     ds/img-1
FILE                  ENTRIES
config.json                 2
funcs.jsonl                 3
meta.json                   1
syscalls.json               3  sys_call_table 2, compat_sys_call_table 1
tracepoints.jsonl           3
EOS
diff -u expected out || fail "surfaces of one image"
status 0 "$D" surf ds/img-1; diff -u expected out || fail "prefix surf"
status 0 "$D" surfaces ds
cat >expected <<'EOS'
IMAGE           SCHEMA    CONFIG     FUNCS   STRUCTS  SYSCALLS  TRACEPOINTS
test-1.0-amd64  1.0            2         3         -         3            3
img-2           -              -         -         1         -            -
EOS
diff -u expected out || fail "surfaces of a dataset root"
status 0 "$D" surfaces ds/img-1 ds/
[ "$(grep -c '^image ' out)" -eq 1 ] && [ "$(grep -c '^IMAGE ' out)" -eq 1 ] || fail "image then root"
status 0 "$D" -j surfaces ds
jq -e 'length == 2 and .[0].id == "test-1.0-amd64" and .[0].schema_version == "1.0"
	and .[1].id == "img-2" and .[1].schema_version == null' out >/dev/null || fail "json ids"
jq -e '.[0].surfaces | map({(.file): .entries}) | add ==
	{"config.json":2,"funcs.jsonl":3,"meta.json":1,
	 "syscalls.json":{"sys_call_table":2,"compat_sys_call_table":1},"tracepoints.jsonl":3}' out >/dev/null ||
	fail "json entries"
jq -e '[.[].surfaces[] | select(.error)] | length == 0' out >/dev/null || fail "json errors on good data"
status 0 "$D" surfaces -p ds/img-1; jq -e '.[0].dir == "ds/img-1"' out >/dev/null || fail "-p after the command"
ln -s ds dataset
status 0 "$D" surfaces dataset; cp out dataset.txt
status 0 "$D" surfaces; cmp -s out dataset.txt || fail "DIR defaults to dataset"
rm dataset

# bad files: named with the line, the rest still listed, exit 1
cp -r ds bad
printf '{"name":"b"}\n{"name":"a"}\n' >bad/img-2/structs.jsonl
status 1 "$D" surfaces bad
assert_eq "out of order" 'depsurf: bad/img-2/structs.jsonl:2: keys out of order: "a" after "b"' "$(cat err)"
grep -q '^img-2  *-  .*ERROR' out || fail "ERROR cell"
grep -q '^test-1.0-amd64 .* 3  *3$' out || fail "good image not listed"
printf '{"event":"x","system":"b","class":"x"}\n{"event":"x","system":"a","class":"x"}\n' >bad/img-2/tracepoints.jsonl
status 1 "$D" surfaces bad/img-2
grep -q 'tracepoints.jsonl:2: keys out of order: "x/a/x" after "x/b/x"' err || fail "compound key order"
echo '{"name":"d_func","x":}' >>bad/img-1/funcs.jsonl
status 1 "$D" -j surfaces --full bad/img-1
jq -e '.[0].surfaces[] | select(.file == "funcs.jsonl") | .error | test("^bad/img-1/funcs.jsonl:4: invalid JSON")' out >/dev/null ||
	fail "json error of a bad line"
[ ! -s err ] || fail "json mode wrote to stderr"
# without --full the key, order and line shape are checked, the rest not
status 1 "$D" surfaces bad/img-1
assert_eq "keys-only count" "depsurf: bad/img-1/funcs.jsonl: 4 entries, but meta.json counts 3" "$(cat err)"
echo '{"name":"e_func"' >>bad/img-1/funcs.jsonl
status 1 "$D" surfaces bad/img-1
grep -q "funcs.jsonl:5: invalid JSON: the line does not end with '}'" err || fail "keys-only line shape"
status 2 "$D" surfaces --full --from-meta bad/img-1
# with --from-meta the recorded count is taken and the file is not read
status 0 "$D" surfaces --from-meta bad/img-1
grep -q '^funcs.jsonl  *3$' out || fail "--from-meta count"
printf '{"name":"a"}\n{"name":"b"}' >bad/img-1/funcs.jsonl
status 1 "$D" surfaces bad/img-1
grep -q 'funcs.jsonl:2: no newline at the end' err || fail "truncated file"
printf '{"name":"a"}\n' >bad/img-1/funcs.jsonl
status 1 "$D" surfaces bad/img-1
assert_eq "count mismatch" "depsurf: bad/img-1/funcs.jsonl: 1 entries, but meta.json counts 3" "$(cat err)"
sed -i 's/"schema_version": "1.0"/"schema_version": "2.0"/' bad/img-1/meta.json
status 1 "$D" surfaces bad/img-1
grep -q '^depsurf: bad/img-1/meta.json: schema_version 2.0; this depsurf reads schema 1.0$' err ||
	fail "schema version"
echo '{' >bad/img-1/meta.json
status 1 "$D" surfaces bad/img-1
grep -q '^depsurf: bad/img-1/meta.json:2: invalid JSON' err || fail "bad meta.json"
grep -q '^image   img-1$' out || fail "id from the folder name without meta.json"
status 1 "$D" surfaces nowhere ds/img-1
assert_eq "missing dir" "depsurf: nowhere: No such file or directory" "$(cat err)"
grep -q '^image   test-1.0-amd64' out || fail "later DIR not listed after a bad one"
status 1 "$D" -j surfaces nowhere
jq -e '.[0].error == "nowhere: No such file or directory"' out >/dev/null || fail "json missing dir"
status 1 "$D" surfaces ds/empty
grep -q 'ds/empty: no surface files and no image folders' err || fail "empty dir"
exit 0
