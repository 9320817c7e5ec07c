#!/usr/bin/env bash
# depsurf-lsm_hooks on a mini kernel with each hook table layout: the hook
# names (table members, sorted), prototypes from bpf_lsm_<hook> or the
# union, and an image without LSM hooks.
. "$SRCDIR/tests/include/test-subr.sh"
need gcc
need pahole
need jq
FIX=$SRCDIR/tests/extract/lsm_hooks/mini-lsm.c

build() {
	gcc -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start "$@" &&
		pahole -J "${@: -1}" || fail "could not build the fixture"
}

expected='{"name":"file_open","proto":{"ret":"int","params":[{"name":"file","type":"struct file *"}]},"proto_source":"bpf_lsm","bpf_lsm":true}
{"name":"inode_free_security","proto":{"ret":"void","params":[{"name":"inode","type":"struct inode *"}]},"proto_source":"bpf_lsm","bpf_lsm":true}
{"name":"task_alloc","proto":{"ret":"int","params":[{"name":"","type":"void *"},{"name":"","type":"long unsigned int"}]},"proto_source":"security_list_options","bpf_lsm":false}'

for layout in heads static; do
	flags=()
	[ $layout = static ] && flags=(-DSTATIC_CALLS)
	build "${flags[@]}" "$FIX" -o $layout.elf
	"$BIN/depsurf-lsm_hooks" $layout.elf -o $layout.jsonl || fail "$layout: depsurf-lsm_hooks failed"
	assert_eq "$layout hooks" "$expected" "$(cat $layout.jsonl)"
done

# no hook table (CONFIG_SECURITY=n): no hooks, not an error
printf 'void mini_start(void) { for (;;); }\n' >none.c
build none.c -o none.elf
"$BIN/depsurf-lsm_hooks" none.elf -o none.jsonl || fail "no table: failed"
[ ! -s none.jsonl ] || fail "no table: $(cat none.jsonl)"

# without BTF: one line naming the image
objcopy --remove-section .BTF heads.elf nobtf.elf
expect_fail "nobtf.elf: no .BTF section" "$BIN/depsurf-lsm_hooks" nobtf.elf -o x.jsonl
[ ! -e x.jsonl ] || fail "output left behind"
exit 0
