#!/usr/bin/env bash
# depsurf check on BPF programs compiled here (tests/check/progs/*.bpf.c with
# clang -target bpf and libbpf's headers) against the two-image fixture
# dataset tests/check/data (k510: request::rq_disk, task_struct::state; k61:
# request_queue::disk, __state, a fully inlined blk_account_io_start, a
# transformed f_kp, an untraceable f_fe, ...): text against
# tests/check/expected/, JSON checked field by field, the exit statuses;
# then hostile objects (not ELF, truncated, not BPF, no BTF, .BTF.ext with
# bad offsets and counts): one error line naming the file, exit 2.
. "$SRCDIR/tests/include/test-subr.sh"
need clang
need jq
need python3
need readelf
[ -f /usr/include/bpf/bpf_helpers.h ] || skip "libbpf headers (/usr/include/bpf) not installed"

D=$BIN/depsurf
DATA=$SRCDIR/tests/check/data
EXP=$SRCDIR/tests/check/expected
PROGS=$SRCDIR/tests/check/progs
PATCH=$SRCDIR/tests/include/elfpatch.py

# status WANT CMD...: CMD exits WANT; stdout in out, stderr in err
status() {
	local want=$1 rc=0
	shift
	"$@" >out 2>err || rc=$?
	[ "$rc" -eq "$want" ] || { cat err >&2; fail "exit $rc, expected $want: $*"; }
}

ALL="biolatency hooks core taskstate taskflavor runqlat readahead fsslower tcpconnect biotop weak"
for p in $ALL; do
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$PROGS" -c "$PROGS/$p.bpf.c" -o $p.bpf.o ||
		fail "clang: $p.bpf.c"
done

# ---------------------------------------------------------------- text
for p in $ALL; do
	want=1
	[ $p = taskflavor ] || [ $p = weak ] && want=0
	status $want "$D" check -d "$DATA" $p.bpf.o
	diff -u "$EXP/$p.txt" out || fail "$p: text output"
	[ ! -s err ] || fail "$p: wrote to stderr"
done

# what the expected files were made to show
grep -q '^field:request::rq_disk  *ok  *absent (guarded)$' "$EXP/biolatency.txt" ||
	fail "biolatency: rq_disk absent on k61 but guarded"
grep -q '^field:request_queue::disk  *absent (fallback)  *ok$' "$EXP/biolatency.txt" ||
	fail "biolatency: request_queue::disk is rq_disk's fallback"
grep -q '^  k61 func:blk_account_io_start: attach fails: fully inlined, no symbol; way out: attach to the callers it is inlined into: blk_mq_submit_bio, blk_execute_rq$' \
	"$EXP/biolatency.txt" || fail "biolatency: the inline callers as the way out"
grep -q '^  k510: ok, 1 handled$' "$EXP/biolatency.txt" || fail "biolatency: ok on k510"
grep -q '^field:task_struct::state  *ok  *absent ERROR$' "$EXP/taskstate.txt" ||
	fail "taskstate: unguarded state is an error on k61"
grep -q '^  k61: ok, 1 handled$' "$EXP/taskflavor.txt" || fail "taskflavor: ok on k61"
grep -q '^  k510: ok, 1 handled$' "$EXP/taskflavor.txt" || fail "taskflavor: ok on k510"
for hook in kprobe/f_kp kretprobe/f_kp fentry/f_fe fexit/f_fe fmod_ret/f_fe ksyscall/openat \
	kretsyscall/openat tracepoint/sched/sched_switch tp/sched/sched_switch raw_tp/sched_switch \
	raw_tracepoint/sched_wakeup tp_btf/sched_switch lsm/file_open lsm.s/bprm_check_security \
	iter/task; do
	grep -qE "^  $hook +[a-z]+:" "$EXP/hooks.txt" || fail "hooks: $hook has no dependency"
done
grep -qE '^  tracepoint/syscalls/sys_enter_read +syscall:read$' "$EXP/hooks.txt" ||
	fail "hooks: sys_enter_read is syscall read"
for sec in kprobe fentry; do
	grep -qE "^  $sec +attach target set at run time$" "$EXP/hooks.txt" || fail "hooks: bare $sec"
done
for sec in uprobe//bin/sh:main usdt perf_event cgroup_skb/ingress xdp tc socket; do
	grep -qE "^  $sec +does not depend on kernel internals$" "$EXP/hooks.txt" || fail "hooks: $sec"
done
grep -q 'k61 func:f_kp: attach fails: only a clone symbol; way out: attach to the clone f_kp.isra.0$' \
	"$EXP/hooks.txt" || fail "hooks: the clone symbol as the way out"
grep -q 'k61 func:f_tp: attach fails: no such function; way out: tracepoint f_tp exists$' \
	"$EXP/hooks.txt" || fail "hooks: a same-named tracepoint as the way out"
grep -q 'k61 tracepoint:sched_wakeup: attach fails: no such tracepoint; way out: function sched_wakeup exists$' \
	"$EXP/hooks.txt" || fail "hooks: a same-named function as the way out"
grep -q 'k61 func:f_fe: attach fails: no ftrace site' "$EXP/hooks.txt" ||
	fail "hooks: fentry on an untraceable function"
grep -qE '^  field:sk_buff::dev +field_byte_offset$' "$EXP/core.txt" ||
	fail "core: a member through anonymous unions"
grep -qE '^  field:task_struct::children +field_byte_offset$' "$EXP/core.txt" &&
grep -qE '^  field:list_head::next +field_byte_offset$' "$EXP/core.txt" ||
	fail "core: a member through an array"
grep -qE '^enum:bpf_func_id::BPF_FUNC_ringbuf_output +absent \(guarded\) +ok$' "$EXP/core.txt" ||
	fail "core: a guarded enum value"
grep -qE '^field:task_struct::state +ok +absent \(flavor\)$' "$EXP/core.txt" ||
	fail "core: a flavor pair"
grep -qE '^kfunc:bpf_task_acquire +absent ERROR +ok$' "$EXP/core.txt" || fail "core: __ksym kfunc"
grep -q '^  kconfig LINUX_KERNEL_VERSION: ' "$EXP/core.txt" || fail "core: LINUX_KERNEL_VERSION"

# the real-world-style programs (libbpf-tools' runqlat, readahead, fsslower, tcpconnect, biotop)
grep -qE '^  field:task_struct::__state +field_byte_offset,field_exists  guarded  flavors task_struct___x$' \
	"$EXP/runqlat.txt" &&
grep -qE '^  field:task_struct::state +field_byte_offset  fallback of field:task_struct::__state  flavors task_struct___o$' \
	"$EXP/runqlat.txt" || fail "runqlat: the ___x/___o state fallback"
grep -qE '^field:task_struct::__state +absent \(guarded\) +ok$' "$EXP/runqlat.txt" &&
grep -qE '^field:task_struct::state +ok +absent \(fallback\)$' "$EXP/runqlat.txt" ||
	fail "runqlat: state and __state handled on both images"
grep -qE '^  field:ns_common::inum +field_byte_offset$' "$EXP/runqlat.txt" ||
	fail "runqlat: nsproxy chain through a struct member"
for hook in tp_btf/sched_wakeup tp_btf/sched_wakeup_new tp_btf/sched_switch raw_tp/sched_switch; do
	grep -qE "^  $hook +tracepoint:" "$EXP/runqlat.txt" || fail "runqlat: $hook"
done
# fentry and its kprobe alternative on one function: the strictest hook counts
grep -qE '^  func:page_cache_ra_order +fentry$' "$EXP/readahead.txt" &&
grep -qE '^  func:__do_page_cache_readahead +kprobe$' "$EXP/readahead.txt" &&
grep -qE '^  field:folio::page +field_byte_offset$' "$EXP/readahead.txt" ||
	fail "readahead: hooks and folio::page (a member beside an anonymous struct)"
for f in kiocb::ki_filp file::f_path path::dentry dentry::d_name qstr::name; do
	grep -qE "^  field:$f +field_byte_offset$" "$EXP/fsslower.txt" || fail "fsslower: $f"
done
grep -q '^  k61 func:ext4_file_read_iter: attach fails: no such function$' "$EXP/fsslower.txt" ||
	fail "fsslower: absent ext4 function"
for f in sock::__sk_common sock_common::skc_daddr sock_common::skc_dport \
	sock_common::skc_v6_daddr in6_addr::in6_u; do
	grep -qE "^  field:$f +field_byte_offset$" "$EXP/tcpconnect.txt" || fail "tcpconnect: $f"
done
grep -q '^  CO-RE field_byte_offset \[[0-9]*\] "0:0:3:0:2" in kretprobe/tcp_v6_connect: member of an anonymous type (the named members before it are checked)$' \
	"$EXP/tcpconnect.txt" || fail "tcpconnect: in6_u.u6_addr32 noted"
grep -qE '^field:sock_common::skc_daddr +ok +ok$' "$EXP/tcpconnect.txt" ||
	fail "tcpconnect: skc_daddr in an anonymous struct of an anonymous union"
grep -qE '^field:request::rq_disk +ok +absent \(guarded\)$' "$EXP/biotop.txt" &&
grep -qE '^field:request_queue::disk +absent \(fallback\) +ok$' "$EXP/biotop.txt" ||
	fail "biotop: rq_disk guarded, request_queue::disk its fallback"
# weak externs: absence handled; a struct_group member
grep -qE '^  config:CONFIG_DEPSURF_NO_SUCH_OPTION +__kconfig  __weak$' "$EXP/weak.txt" &&
grep -qE '^  kfunc:bpf_task_acquire +__ksym  __weak$' "$EXP/weak.txt" ||
	fail "weak: __weak externs"
grep -qE '^config:CONFIG_DEPSURF_NO_SUCH_OPTION +absent \(weak\) +absent \(weak\)$' "$EXP/weak.txt" &&
grep -qE '^kfunc:bpf_task_acquire +absent \(weak\) +ok$' "$EXP/weak.txt" ||
	fail "weak: absent weak externs are handled"
grep -q '^  ksym bpf_prog_active: a kernel variable (weak)' "$EXP/weak.txt" || fail "weak: ksym variable"
grep -qE '^field:sk_buff::protocol +ok +ok$' "$EXP/weak.txt" ||
	fail "weak: sk_buff::protocol inside struct_group(headers) on k61"
# without __weak the same option is an error
sed 's/ __weak;/;/' "$PROGS/weak.bpf.c" >strong.bpf.c
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$PROGS" -c strong.bpf.c -o strong.bpf.o ||
	fail "clang: strong.bpf.c"
status 1 "$D" check -d "$DATA" strong.bpf.o
grep -qE '^config:CONFIG_DEPSURF_NO_SUCH_OPTION +absent ERROR +absent ERROR$' out &&
grep -qE '^kfunc:bpf_task_acquire +absent ERROR +ok$' out || fail "strong externs: absence is an error"
# struct_group: the member's type and width from the anonymous copy, not "headers"
status 0 "$D" --json check -d "$DATA" -i k61 -a k510 weak.bpf.o
jq -e '.objects[0].deps[] | select(.dep == "config:CONFIG_DEPSURF_NO_SUCH_OPTION") | .weak' out \
	>/dev/null || fail "json: weak"
jq -e '.objects[0].matrix[] | select(.dep == "field:sk_buff::protocol") | .cells[1] |
	.level == "ok" and .changed == null' out >/dev/null ||
	fail "struct_group: moved into the group, same type: no error against k510"

# many objects at once (the images are read once for all): as one at a time
for p in $ALL; do
	"$D" check -d "$DATA" $p.bpf.o || true
	echo
done | sed '$d' >one-by-one
# shellcheck disable=SC2086
"$D" check -d "$DATA" $(for p in $ALL; do echo $p.bpf.o; done) >together || true
cmp -s one-by-one together || { diff -u one-by-one together | head -20 >&2; fail "batch differs"; }

# ---------------------------------------------------------------- the database
# DIR/depsurf.sqlite stands in for funcs.jsonl when it is newer: the same answers
cp -r "$DATA" ds
"$BIN/depsurf-db" -q ds || fail "depsurf-db on the fixture"
for p in $ALL; do
	for a in "" "-a k510"; do
		# shellcheck disable=SC2086
		"$D" --json check -d ds $a $p.bpf.o >db.json || true
		# shellcheck disable=SC2086
		"$D" --json check --no-db -d ds $a $p.bpf.o >files.json || true
		cmp -s db.json files.json || { diff db.json files.json | head >&2; fail "$p $a: database and funcs.jsonl differ"; }
	done
done
# it is read: a funcs.jsonl edited after it but dated before it still gets the database's answer
sed -i 's/"transforms":\["isra"\],"exact_symbol":false/"transforms":[],"exact_symbol":true/' ds/k61/funcs.jsonl
touch -d 2000-01-01 ds/k61/funcs.jsonl
status 1 "$D" check -d ds -i k61 core.bpf.o
grep -qE '^func:f_kp +transformed ERROR$' out || fail "the database was not read"
status 0 "$D" check --no-db -d ds -i k61 core.bpf.o
grep -qE '^func:f_kp +untraceable$' out || fail "--no-db read the database"
# a funcs.jsonl newer than the database: the files, not the stale database
touch ds/k61/funcs.jsonl
status 0 "$D" check -d ds -i k61 core.bpf.o
grep -qE '^func:f_kp +untraceable$' out || fail "a stale database was read"
# a database that is not one: the files
rm ds/depsurf.sqlite && echo 'not sqlite' >ds/depsurf.sqlite
status 0 "$D" check -d ds -i k61 core.bpf.o
grep -qE '^func:f_kp +untraceable$' out && [ ! -s err ] || fail "a broken database is not ignored"

# ---------------------------------------------------------------- JSON
status 1 "$D" --pretty check -d "$DATA" biolatency.bpf.o taskflavor.bpf.o
cp out both.json
jq -e '.objects | length == 2' both.json >/dev/null || fail "json: two objects"
jq -e '.objects[0].matrix[] | select(.dep == "func:blk_account_io_start") | .cells[1] ==
	{"image":"k61","status":["full_inline"],"level":"error",
	 "consequence":"attach fails: fully inlined, no symbol","handled_by":null,
	 "way_out":"attach to the callers it is inlined into: blk_mq_submit_bio, blk_execute_rq",
	 "changed":null}' both.json >/dev/null || fail "json: the inlined function's cell"
jq -e '.objects[0].deps[] | select(.dep == "field:request::rq_disk") |
	.guarded and .relocations == ["field_byte_offset","field_exists"] and
	.programs == ["kprobe/blk_account_io_start"]' both.json >/dev/null || fail "json: a guarded dep"
jq -e '[.objects[1].verdicts[] | .ok] == [true,true]' both.json >/dev/null || fail "json: verdicts"
status 1 "$D" --json check -d "$DATA" biolatency.bpf.o taskflavor.bpf.o
jq -S . out >a.json && jq -S . both.json >b.json && cmp -s a.json b.json ||
	fail "--json and --pretty differ"
"$D" --json check -d "$DATA" biolatency.bpf.o taskflavor.bpf.o >run2 || true
cmp -s out run2 || fail "two runs differ"

# ---------------------------------------------------------------- options
status 0 "$D" check -d "$DATA" -i k61 taskflavor.bpf.o
grep -q '^  k61: ok' out && ! grep -q k510 out || fail "--images"
# --against: k61's field entries against k510's (CO-RE relocates offsets, not types)
status 1 "$D" check -d "$DATA" --images k61 --against k510 core.bpf.o
head -1 out | grep -q . || fail "--against: no output"
grep -qE '^Status:$' out && sed -n '/^DEPENDENCY/p' out | grep -q 'k510  *k61' ||
	fail "--against: the reference image is the first column"
# k61's task_struct::pid became a long int (an error), net_device::ifindex moved (CO-RE copes)
grep -qx '  k61 field:task_struct::pid: changed: reads may be wrong \[since k510: field_type pid (stray_read)\]' out ||
	fail "--against: a field type change"
grep -qE '^field:net_device::ifindex +ok +ok$' out || fail "--against: an offset change is no error"
status 1 "$D" --json check -d "$DATA" -i k61 -a k510 core.bpf.o
jq -e '.objects[0].matrix[] | select(.dep == "field:task_struct::pid") | .cells[1] |
	.level == "error" and .changed == "field_type pid (stray_read)"' out >/dev/null ||
	fail "--against: json"
# without --against the same cell is ok
status 1 "$D" check -d "$DATA" -i k61 core.bpf.o
grep -qE '^field:task_struct::pid +ok$' out || fail "a type change is no error without --against"
status 2 "$D" check -d "$DATA"
status 2 "$D" check -d "$DATA" --images k61 --group g taskflavor.bpf.o
status 0 "$D" check --help
grep -q '^Usage: depsurf check' out || fail "check --help"
grep -q '^  check ' <("$D" --help) || fail "depsurf --help lists check"

# ---------------------------------------------------------------- --summary
status 1 "$D" check -d "$DATA" --summary biolatency.bpf.o hooks.bpf.o core.bpf.o taskstate.bpf.o \
	taskflavor.bpf.o
diff -u "$EXP/summary.csv" out || fail "--summary: CSV"
# biolatency: 7 deps (1 func, 5 fields, 1 tracepoint); absent somewhere: rq_disk, disk;
# changed: blk_account_io_start, rq_disk, disk; fully inlined: 1; an error: 1 (the function)
grep -qx 'biolatency.bpf.o,7,1,0,0,5,0,1,0,0,0,0,2,3,1,0,0,0,1' "$EXP/summary.csv" ||
	fail "--summary: biolatency's line"
grep -qx 'taskflavor.bpf.o,3,0,0,0,2,0,1,0,0,0,0,2,2,0,0,0,0,0' "$EXP/summary.csv" ||
	fail "--summary: taskflavor has no error"
status 1 "$D" check -d "$DATA" -s -m biolatency.bpf.o taskflavor.bpf.o
diff -u "$EXP/summary.md" out || fail "--summary --markdown"
status 1 "$D" --json check -d "$DATA" -s biolatency.bpf.o taskflavor.bpf.o
jq -e '.programs[0] | .deps == 7 and .kinds.field == 5 and .issues.full == 1 and
	.issues.absent == 2 and .errors == 1' out >/dev/null || fail "--summary --json"
# --by-kind (Table 8): unique dependencies; task_struct::state is one, handled in
# taskflavor and an error in taskstate: an error in some program
status 1 "$D" check -d "$DATA" --by-kind taskflavor.bpf.o taskstate.bpf.o
[ "$(cat out)" = 'kind,programs,deps,absent,changed,full,selective,transformed,duplicate,errors
field,2,2,2,2,0,0,0,0,1
tracepoint,2,1,0,0,0,0,0,0,0' ] || { cat out >&2; fail "--by-kind: CSV"; }
status 1 "$D" check -d "$DATA" --by-kind --markdown biolatency.bpf.o taskflavor.bpf.o
grep -qx '| func | 1 | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 1 |' out &&
grep -qx '| field | 2 | 7 | 4 | 4 | 0 | 0 | 0 | 0 | 0 |' out || fail "--by-kind --markdown"
status 1 "$D" --json check -d "$DATA" --by-kind biolatency.bpf.o taskflavor.bpf.o
jq -e '.kinds[] | select(.kind == "field") | .programs == 2 and .deps == 7 and
	.issues.absent == 4 and .errors == 0' out >/dev/null || fail "--by-kind --json"
status 2 "$D" check -d "$DATA" --markdown taskflavor.bpf.o
status 2 "$D" --json check -d "$DATA" -s -m taskflavor.bpf.o
cp taskflavor.bpf.o 'a,"b.o'
status 0 "$D" check -d "$DATA" -s 'a,"b.o'
[ "$(sed -n 2p out | cut -c1-9)" = '"a,""b.o"' ] || fail "--summary: CSV quoting"

# ---------------------------------------------------------------- hostile input
echo 'not an object' >notelf.o
expect_fail notelf.o "$D" check -d "$DATA" notelf.o
gcc -c -x c - -o host.o <<<'int x;' 2>/dev/null || cc -c -x c - -o host.o <<<'int x;'
expect_fail host.o "$D" check -d "$DATA" host.o
grep -q 'not a BPF object' "$T/.err" || fail "host.o: not called 'not a BPF object'"
clang -O2 -target bpf -I"$PROGS" -c "$PROGS/hooks.bpf.c" -o nobtf.o
expect_fail nobtf.o "$D" check -d "$DATA" nobtf.o
grep -q 'no BTF' "$T/.err" || fail "nobtf.o: not called 'no BTF'"
size=$(wc -c <biolatency.bpf.o)
for n in 0 64 1000 $((size / 2)) $((size - 1)); do
	head -c $n biolatency.bpf.o >trunc.o
	expect_fail trunc.o "$D" check -d "$DATA" trunc.o
	[ "$(cat "$T/.out")" = "" ] || fail "truncated at $n: output on stdout"
done
expect_fail nosuch.o "$D" check -d "$DATA" nosuch.o
# .BTF.ext: header at 0, CO-RE part at hdr_len + core_relo_off
core=$(python3 - biolatency.bpf.o <<'PY'
import struct, subprocess, sys
out = subprocess.run(["readelf", "-SW", sys.argv[1]], capture_output=True, text=True).stdout
for line in out.splitlines():
    f = line.replace("[ ", "[").split()
    if len(f) > 5 and f[1] == ".BTF.ext":
        off = int(f[4], 16)
b = open(sys.argv[1], "rb").read()[off:]
hdr, core = struct.unpack_from("<I", b, 4)[0], struct.unpack_from("<I", b, 24)[0]
print(hdr + core)
PY
)
[ -n "$core" ] || fail "no CO-RE part in biolatency.bpf.o"
rec=$((core + 12))	# the first record, after rec_size, sec_name_off, num_info
le() { printf '%08x' "$1" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/'; }
n=0
for op in 0:0000 4:$(le 65535) 24:$(le 16777216) 28:$(le 4294967295) \
	$core:$(le 0) $core:$(le 4096) $((core + 4)):$(le 4000000000) \
	$((core + 8)):$(le 4294967295) $rec:$(le 3) $((rec + 4)):$(le 99999) \
	$((rec + 8)):$(le 4000000000) $((rec + 12)):$(le 77) $rec:$(le 1048576); do
	cp biolatency.bpf.o bad$n.o
	python3 "$PATCH" bad$n.o "bytes=.BTF.ext:${op%%:*}:${op#*:}"
	expect_fail bad$n.o "$D" check -d "$DATA" bad$n.o
	grep -q 'BTF' "$T/.err" || { cat "$T/.err" >&2; fail "bad$n.o ($op): not about .BTF.ext"; }
	n=$((n + 1))
done
# a bad object among good ones: the others are checked, exit 2
status 2 "$D" check -d "$DATA" taskflavor.bpf.o notelf.o
grep -q '^  k61: ok' out || fail "a bad object stopped the batch"
[ "$(wc -l <err)" -eq 1 ] || fail "a bad object: not one error line"
status 2 "$D" --json check -d "$DATA" notelf.o
jq -e '.objects[0] == {"file":"notelf.o","error":"not an ELF file"}' out >/dev/null ||
	fail "json: a bad object"
