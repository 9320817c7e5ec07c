#!/usr/bin/env bash
# depsurf matrix on the hand-made dataset of tests/matrix/data/ (four images
# in kernels.list order and one it does not list, with every status, changes
# of every kind of entry and a config value going y → m → unset → unknown):
# text, Markdown and JSON against tests/matrix/expected/, --sticky, the
# column order (kernels.list, --kernels, sorted, --images, --group of
# kernels.groups), colour only on a
# terminal; then hostile inputs: a truncated, disordered or garbled jsonl, a
# missing file, bad specs and options, each one error line naming the file
# or the spec with exit 1 or 2 and nothing on stdout.
. "$SRCDIR/tests/include/test-subr.sh"

D=$BIN/depsurf
DATA=$SRCDIR/tests/matrix/data
EXP=$SRCDIR/tests/matrix/expected
DEPS="func:blk_start func:f_bl func:f_clone func:f_coll func:f_gone func:nosuch struct:request
field:request::rq_disk field:request::sector field:wrap::inner field:wrap::alt field:u::x union:u enum:e tracepoint:rq_issue
tracepoint:block/rq_issue tracepoint:dup_ev tracepoint:b/dup_ev tracepoint:c/dup_ev syscall:read
syscall:gone_call lsm:file_open kfunc:bpf_task_acquire config:CONFIG_BPF_LSM config:CONFIG_HZ"

# status WANT CMD...: CMD exits WANT; stdout in out, stderr in err
status() {
	local want=$1 rc=0
	shift
	"$@" >out 2>err || rc=$?
	[ "$rc" -eq "$want" ] || { cat err >&2; fail "exit $rc, expected $want: $*"; }
}

# ---------------------------------------------------------------- renderings
# shellcheck disable=SC2086
{
	status 0 env NO_COLOR=1 "$D" matrix -d "$DATA" $DEPS
	diff -u "$EXP/matrix.txt" out || fail "text output"
	[ ! -s err ] || fail "text output wrote to stderr"
	status 0 "$D" matrix -d "$DATA" --sticky $DEPS
	diff -u "$EXP/matrix-sticky.txt" out || fail "text output, --sticky"
	status 0 "$D" matrix -d "$DATA" --markdown $DEPS
	diff -u "$EXP/matrix.md" out || fail "Markdown output"
	status 0 "$D" matrix -d "$DATA" -s -m $DEPS
	diff -u "$EXP/matrix-sticky.md" out || fail "Markdown output, --sticky"
	status 0 "$D" -p matrix -d "$DATA" $DEPS
	diff -u "$EXP/matrix.json" out || fail "JSON output"
	cp out pretty.json
	status 0 "$D" matrix -d "$DATA" -s -p -i k510,k61,k612 func:f_coll
	diff -u "$EXP/matrix-sticky.json" out || fail "JSON output, --sticky"
	# compact JSON is the same document; two runs are byte-identical
	status 0 "$D" matrix --json -d "$DATA" $DEPS
	[ "$(wc -l <out)" -eq 1 ] || fail "--json is not one line"
	jq -S . out >a.json && jq -S . pretty.json >b.json && cmp -s a.json b.json ||
		fail "--json and --pretty differ"
	cp out run1
	"$D" matrix --json -d "$DATA" $DEPS >run2 && cmp -s run1 run2 || fail "two runs differ"
}

# the expected files hold what the fixture was made to show (not just a snapshot)
grep -q '^| `func:blk_start` | ✓ | FΔ | USΔ | USΔ | ∅ |$' "$EXP/matrix.md" || fail "md: blk_start row"
grep -q '^| `func:blk_start` | ✓ | FΔ | USΔ | US | ∅ |$' "$EXP/matrix.md" && fail "md: not sticky"
table=$(sed '/^$/q' "$EXP/matrix.md")
for sym in F S T D C U; do
	grep -qE "\| [A-Z]*$sym[A-Z]*(Δ)? \|" <<<"$table" || fail "md: status $sym never shown"
done
for sym in ✓ ∅ Δ; do
	grep -qF "| $sym |" <<<"$table" || fail "md: symbol $sym never alone in a cell"
done
grep -q '^| `config:CONFIG_BPF_LSM` | y | m Δ | unset Δ | ∅ | ∅ |$' "$EXP/matrix.md" ||
	fail "md: config row (y, m, unset; k72 does not know the option)"
grep -q '^| `field:request::sector` | ✓ | Δ | ✓ | ✓ | ∅ |$' "$EXP/matrix.md" ||
	fail "md: a field changes only with its own offset, not with its struct"
jq -e '.deps[] | select(.dep == "field:request::sector") | .cells[1].changes ==
	[{"kind":"field_offset","what":"sector","old":64,"new":0,"consequence":"stray_read"}]' \
	pretty.json >/dev/null || fail "json: the field's change"
jq -e '[.deps[] | select(.dep == "func:blk_start") | .cells[] | .status] ==
	[["ok"],["full_inline"],["not_traceable","selective_inline"],["not_traceable","selective_inline"],["absent"]]' \
	pretty.json >/dev/null || fail "json: statuses, worst first"
# a member of an anonymous union's struct: its type from the inline type, the union's offset
jq -e '[.deps[] | select(.dep == "field:wrap::inner") | .cells[] | .member] ==
	[{"name":"inner","offset_bits":0,"bitfield_bits":0,"type":"int","in_anonymous":true},
	 {"name":"inner","offset_bits":0,"bitfield_bits":0,"type":"int","in_anonymous":true},
	 {"name":"inner","offset_bits":64,"bitfield_bits":0,"type":"int","in_anonymous":true},
	 {"name":"inner","offset_bits":64,"bitfield_bits":0,"type":"unsigned int","in_anonymous":true},
	 null]' \
	pretty.json >/dev/null || fail "json: a field of an anonymous member"
grep -q '^| `field:wrap::inner` | ✓ | ✓ | Δ | Δ | ∅ |$' "$EXP/matrix.md" ||
	fail "md: field of an anonymous member (moved, then retyped)"
jq -e '.deps[] | select(.dep == "tracepoint:b/dup_ev") | .system == "b"' pretty.json >/dev/null ||
	fail "json: tracepoint system"

# the syscall events are their syscalls
status 0 "$D" matrix -m -d "$DATA" tracepoint:syscalls/sys_enter_gone_call
grep -q '^| `tracepoint:syscalls/sys_enter_gone_call` | ✓ | ∅ | ∅ | ∅ | ∅ |$' out ||
	{ cat out >&2; fail "tracepoint:syscalls/sys_enter_X is not syscall:X"; }

# ---------------------------------------------------------------- columns
head1() { "$D" matrix "$@" func:blk_start | head -1 | tr -s ' '; }
assert_eq "kernels.list order" "DEPENDENCY k510 k61 k612 k72 extra" "$(head1 -d "$DATA")"
mkdir ds
for i in k510 k61 k612 k72 extra; do cp -r "$DATA/$i" ds/; done
assert_eq "sorted without kernels.list" "DEPENDENCY extra k510 k61 k612 k72" "$(head1 -d ds)"
{ grep '^k72 ' "$DATA/kernels.list"; grep '^k510 ' "$DATA/kernels.list"; } >kl
assert_eq "--kernels" "DEPENDENCY k72 k510 extra k61 k612" "$(head1 -d ds -k kl)"
cp kl kernels.list	# DIR/../kernels.list: the repository layout (dataset/ beside kernels.list)
assert_eq "DIR/../kernels.list" "DEPENDENCY k72 k510 extra k61 k612" "$(head1 -d ds)"
rm kernels.list
assert_eq "--images" "DEPENDENCY k72 k510" "$(head1 -d ds -i k72,k510)"
# --group: its lines in order, each image once, those the dataset lacks left out
assert_eq "--group" "DEPENDENCY k72 k510 k61 k612" "$(head1 -d "$DATA" --group g)"
assert_eq "--groups" "DEPENDENCY k72 k510 k61 k612" "$(head1 -d ds -g "$DATA/kernels.groups" --group g)"
cp "$DATA/kernels.groups" .	# DIR/../kernels.groups
assert_eq "DIR/../kernels.groups" "DEPENDENCY k72 k510 k61 k612" "$(head1 -d ds --group g)"
rm kernels.groups

# colour on a terminal only, and never with NO_COLOR
status 0 "$D" matrix -d ds func:blk_start
! grep -q $'\033' out || fail "colour without a terminal"
if command -v script >/dev/null 2>&1; then
	script -qec "$D matrix -d ds func:blk_start" /dev/null >tty.out </dev/null || true
	grep -q $'\033\\[31mfull' tty.out || fail "no colour on a terminal"
	NO_COLOR=1 script -qec "$D matrix -d ds func:blk_start" /dev/null >tty.out </dev/null || true
	grep -q 'full' tty.out && ! grep -q $'\033\\[3' tty.out || fail "colour with NO_COLOR"
fi

# ---------------------------------------------------------------- usage errors (2)
for spec in frob:x func: func:a-b "func" field:request field:request:: field:::x \
	tracepoint:a/ tracepoint:/b config:HZ config:CONFIG_ enum:'(x)' 'struct:a b'; do
	status 2 "$D" matrix -d ds func:blk_start "$spec"
	grep -qF "'$spec'" err || { cat err >&2; fail "bad spec $spec not named"; }
	[ ! -s out ] || fail "bad spec $spec wrote to stdout"
done
status 2 "$D" matrix -d ds
grep -q 'no dependency' err || fail "no DEP"
status 2 "$D" matrix -d ds --json --markdown func:x
status 2 "$D" matrix -d ds -i ../k61 func:x
status 2 "$D" matrix -d ds --frob func:x
status 2 "$D" matrix -d "$DATA" --group g -i k61 func:x
status 2 "$D" matrix -d "$DATA" --group nosuch func:x
grep -q "no group 'nosuch'" err || fail "unknown group not named"
status 2 "$D" --json matrix -d ds frob:x
jq -e '.error | contains("frob:x")' out >/dev/null || fail "json usage error"

# ---------------------------------------------------------------- bad input (1)
# bad CMD... FRAGMENT: exit 1, one stderr line naming FRAGMENT, nothing on stdout
bad() {
	local frag=$1
	shift
	expect_fail "$frag" "$D" matrix "$@"
	[ ! -s "$T/.out" ] || fail "output despite the error: $*"
	status 1 "$D" matrix "$@"
}
bad "ds/nope: no such image folder" -d ds -i k61,nope func:blk_start
bad "empty: No such file or directory" -d empty func:blk_start
mkdir empty
bad "empty: no image folder" -d empty func:blk_start
printf 'k61 debian\n' >badkl
bad "badkl:1: " -d ds -k badkl func:blk_start
bad "nokl: No such file" -d ds -k nokl func:blk_start
bad "data: no image of group 'none'" -d "$DATA" --group none func:blk_start
bad "ds/kernels.groups: no such file" -d ds --group g func:blk_start
printf 'g chain k61\n' >badkg
bad "badkg:1: " -d ds --groups badkg --group g func:blk_start

cp -r ds hostile
# truncated: the last line cut; its lines before are fine, the wanted one too
head -c -5 ds/k61/funcs.jsonl >hostile/k61/funcs.jsonl
bad "hostile/k61/funcs.jsonl:4: no newline" -d hostile func:blk_start
# a wanted line that is not JSON (keys-only reading passes it, the parse does not)
cp ds/k61/funcs.jsonl hostile/k61/funcs.jsonl
sed -i 's/^{"name":"blk_start",.*/{"name":"blk_start",garbage}/' hostile/k61/funcs.jsonl
bad "hostile/k61/funcs.jsonl:1: invalid JSON" -d hostile func:blk_start
# a line of another name with garbage is not parsed, and not the matrix's business
status 0 "$D" matrix -d hostile func:f_bl
# a wanted line of the wrong shape
sed -i 's/^{"name":"blk_start",garbage}/{"name":"blk_start","inline":7}/' hostile/k61/funcs.jsonl
bad "hostile/k61/funcs.jsonl: func:blk_start: the entry does not have the shape" -d hostile func:blk_start
cp ds/k61/funcs.jsonl hostile/k61/funcs.jsonl
# out of order
sort -r ds/k612/structs.jsonl ds/k612/structs.jsonl >hostile/k612/structs.jsonl
bad "hostile/k612/structs.jsonl:2: repeated key" -d hostile field:request::sector
cp ds/k612/structs.jsonl hostile/k612/structs.jsonl
# a missing surface file, a document that is not JSON
rm hostile/k72/kfuncs.jsonl
bad "hostile/k72/kfuncs.jsonl: No such file" -d hostile kfunc:bpf_task_acquire
status 0 "$D" matrix -d hostile func:blk_start
printf '{"CONFIG_HZ": "1",' >hostile/k510/config.json
bad "hostile/k510/config.json:1: invalid JSON" -d hostile config:CONFIG_HZ
printf '{"sys_call_table": [{"nr": 0, "name": "read"}]}\n' >hostile/k510/syscalls.json
bad "hostile/k510/syscalls.json" -d hostile syscall:read
# a full standard output is an error, not a silent loss
if [ -w /dev/full ]; then
	rc=0
	"$D" matrix -d ds -m func:blk_start >/dev/full 2>err || rc=$?
	[ $rc -eq 1 ] && grep -q 'standard output' err || fail "/dev/full: exit $rc"
fi
# in JSON mode the error is JSON, on stdout
rc=0
"$D" --json matrix -d hostile config:CONFIG_HZ >out 2>err || rc=$?
[ $rc -eq 1 ] || fail "json bad input: exit $rc"
jq -e '.error | contains("hostile/k510/config.json")' out >/dev/null || fail "json bad input"
exit 0
