#!/usr/bin/env bash
# Two roads to "changed since the previous image": the matrix's changes of
# every dependency of the fixture (tests/matrix/data) against the document
# `depsurf diff` writes for each consecutive pair of its images. An entry
# the diff lists as changed must carry exactly its changes in the matrix
# cell; one it lists as added or removed a single "added"/"removed" change;
# any other must be unchanged. Fields are left out: the diff has no
# per-field items (the matrix cuts the struct down to the member).
. "$SRCDIR/tests/include/test-subr.sh"
need jq

D=$BIN/depsurf
DATA=$SRCDIR/tests/matrix/data
KINDS=funcs,structs,unions,enums,tracepoints,syscalls,config,lsm_hooks,kfuncs
DEPS="func:blk_start func:f_bl func:f_clone func:f_coll func:f_gone func:nosuch struct:request
union:u enum:e tracepoint:rq_issue syscall:read syscall:gone_call lsm:file_open
kfunc:bpf_task_acquire config:CONFIG_BPF_LSM config:CONFIG_HZ"
imgs=(k510 k61 k612 k72)

# shellcheck disable=SC2086
"$D" --json matrix -d "$DATA" -i "$(IFS=,; echo "${imgs[*]}")" $DEPS >matrix.json ||
	fail "depsurf matrix failed"
checked=0 changed=0
for ((i = 1; i < ${#imgs[@]}; i++)); do
	old=${imgs[i - 1]} new=${imgs[i]}
	rc=0
	"$D" --json diff -d "$DATA" -k "$KINDS" "$old" "$new" >diff.json || rc=$?
	[ $rc -eq 4 ] || [ $rc -eq 12 ] || fail "depsurf diff $old $new: exit $rc"
	for dep in $DEPS; do
		kind=${dep%%:*} name=${dep#*:}
		case $kind in
		func) k=funcs ;; struct) k=structs ;; union) k=unions ;; enum) k=enums ;;
		tracepoint) k=tracepoints ;; syscall) k=syscalls ;; lsm) k=lsm_hooks ;;
		kfunc) k=kfuncs ;; config) k=config ;;
		esac
		# the diff's verdict on NAME as the matrix would write it
		want=$(jq -c --arg k "$k" --arg n "$name" '.kinds[$k] as $d |
			if ($d.added_items | index($n)) then "added"
			elif ($d.removed_items | index($n)) then "removed"
			else ([$d.changed_items[] | select(.name == $n) | .changes][0] // []) end' diff.json)
		got=$(jq -c --arg dep "$dep" --argjson i "$i" '.deps[] | select(.dep == $dep) |
			.cells[$i] | if .changed and (.changes | length) == 1 and
			(.changes[0].kind == "added" or .changes[0].kind == "removed")
			then .changes[0].kind else .changes end' matrix.json)
		[ "$got" = "$want" ] || fail "$dep $old→$new: matrix $got, diff $want"
		checked=$((checked + 1))
		[ "$got" = "[]" ] || changed=$((changed + 1))
	done
done
# the comparison saw both verdicts, or it proves nothing
[ $changed -ge 10 ] && [ $((checked - changed)) -ge 10 ] ||
	fail "only $changed of $checked cells changed"
echo "$checked cells, $changed changed, agree with depsurf diff"
exit 0
