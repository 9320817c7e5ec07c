#!/usr/bin/env bash
# depsurf diff on real extractor output: the two versions of the mini kernel
# of tests/diff/mini-v.c (the exact build commands are in its header),
# through depsurf-funcs and depsurf-types, then diffed. The changes the
# source makes must be the ones reported, nothing else in those entries, and
# the unchanged function must not be listed.
. "$SRCDIR/tests/include/test-subr.sh"
need gcc
need pahole
need jq

for v in 1 2; do
	gcc -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start -DV=$v \
		-o v$v.elf "$SRCDIR/tests/diff/mini-v.c" || fail "cannot build version $v"
	pahole -J v$v.elf || fail "pahole -J v$v.elf failed"
	mkdir -p ds/mini-v$v
	"$BIN/depsurf-funcs" v$v.elf -o ds/mini-v$v/funcs.jsonl || fail "depsurf-funcs v$v failed"
	"$BIN/depsurf-types" v$v.elf -d ds/mini-v$v || fail "depsurf-types v$v failed"
done

st=0
"$BIN/depsurf" diff -d ds -k funcs,structs,unions,enums mini-v1 mini-v2 >summary.txt || st=$?
assert_eq "exit status (changes + breaking)" 12 "$st"
D=ds/diff/mini-v1__mini-v2.json
[ -f "$D" ] || fail "no $D"

# jq_eq WHAT EXPECTED FILTER
jq_eq() { assert_eq "$1" "$2" "$(jq -c "$3" "$D")"; }
ch() { echo ".kinds.$1.changed_items[] | select(.name == \"$2\") | [.changes[] | [.kind, .what, .old, .new, .consequence]]"; }

jq_eq "funcs added/removed" '[["new_fn"],["gone_fn"]]' '.kinds.funcs | [.added_items, .removed_items]'
jq_eq "changed funcs" '["blk_account_io_start","rq_bytes","submit_rq"]' '[.kinds.funcs.changed_items[].name]'
# made static inline and inlined everywhere: no symbol left (collision follows: a static now)
jq_eq "blk_account_io_start" \
	'[["inline",null,"none","full","error"],["exact_symbol",null,true,false,"error"],["collision",null,"unique_global","unique_static","none"]]' \
	"$(ch funcs blk_account_io_start)"
jq_eq "submit_rq: a parameter inserted first" \
	'[["param_added","q",null,"struct request_queue *","stray_read"]]' "$(ch funcs submit_rq)"
jq_eq "rq_bytes: return type" '[["return_type",null,"int","long int","stray_read"]]' "$(ch funcs rq_bytes)"
jq_eq "struct request" \
	'[["field_removed","rq_disk","struct gendisk *",null,"error"],["field_removed","state","enum req_state",null,"error"],["field_added","__state",null,"enum req_state","none"],["field_type","sector","int","u64","stray_read"],["field_offset","sector",128,64,"stray_read"],["field_offset","len",192,160,"stray_read"],["size",null,32,24,"stray_read"]]' \
	"$(ch structs request)"
jq_eq "enum value moved" '[["value_changed","REQ_DONE",2,3,"stray_read"]]' "$(ch enums req_state)"
jq_eq "funcs counts" '[6,6,1,1,3,{"error":2,"stray_read":2,"missing_invocation":0,"none":1}]' \
	'.kinds.funcs | [.old, .new, .added, .removed, .changed, .consequences]'
jq_eq "only the kinds asked for" '["funcs","structs","unions","enums"]' '.kinds | keys_unsorted'

# the summary names them, worst first
grep -q '^funcs .* +1 .* -1 .* ~3 ' summary.txt || { cat summary.txt >&2; fail "summary line of funcs"; }
grep -q 'blk_account_io_start \[error\]: inline "none" -> "full"' summary.txt ||
	{ cat summary.txt >&2; fail "summary of blk_account_io_start"; }

# an image diffed with itself: nothing, exit 0
"$BIN/depsurf" diff -k funcs,structs,unions,enums -o same.json ds/mini-v1 ds/mini-v1 >/dev/null ||
	fail "diff of an image with itself: exit $?"
assert_eq "self diff" '[0,0,0,0]' "$(jq -c '[.kinds[] | .added + .removed + .changed]' same.json)"
