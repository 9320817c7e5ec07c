#!/usr/bin/env bash
# depsurf-syscalls on the mini kernel for x86-64, arm, arm64 and s390x:
# names with the ABI prefix stripped, the table's own prefix chosen among
# aliases, sys_ni_syscall and weak COND_SYSCALL stubs unavailable, s390x's
# size-0 tables sized by the next symbol and cut at unlabelled data, and
# pointers read through relocations where the bytes hold nothing; the file
# written one slot per line (expected/syscalls-x86-64.json).
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/tracepoints/fixture.sh"
need jq

# expected slots, "nr name entry available" per line, for prefix P
slots() {
	p=$1
	cat <<EOT
0 read ${p}read true
1 write ${p}write true
2 ni_syscall ${p}ni_syscall false
3 newstat ${p}newstat true
4 lookup_dcookie ${p}lookup_dcookie false
5 getpid ${p}getpid true
EOT
}
table() { jq -r --arg t "$2" '.[$t][] | "\(.nr) \(.name) \(.entry) \(.available)"' "$1"; }

built=0
for arch in x86-64 arm arm64 s390x; do
	rc=0; NO_BTF=1 build_fixture $arch k-$arch || rc=$?
	[ $rc -eq 77 ] && { echo "no compiler for $arch"; continue; }
	[ $rc -eq 0 ] || fail "$arch: fixture build failed"
	built=$((built + 1))
	"$BIN/depsurf-syscalls" k-$arch -o sc-$arch.json
	case $arch in
	x86-64) p=__x64_sys_ ;;
	arm) p=sys_ ;;
	arm64) p=__arm64_sys_ ;;
	s390x) p=__s390x_sys_ ;;
	esac
	diff -u <(slots $p) <(table sc-$arch.json sys_call_table) ||
		fail "$arch: sys_call_table"
	"$BIN/depsurf-syscalls" k-$arch -o sc-$arch.again
	cmp sc-$arch.json sc-$arch.again || fail "$arch: rerun not byte-identical"
	# one line per slot: "{", per table its key line, slots and "]", "}"
	n=$(jq '[.[] | length] | add + 2 * length + 2' sc-$arch.json)
	assert_eq "$arch: lines (one per slot)" "$n" "$(wc -l <sc-$arch.json)"
done
[ $built -gt 0 ] || skip "no compiler"

# the whole file, bytes as documented in docs/schema-syscalls.md
if [ -e sc-x86-64.json ]; then
	diff -u "$SRCDIR/tests/extract/syscalls/expected/syscalls-x86-64.json" sc-x86-64.json ||
		fail "x86-64: syscalls.json differs from expected"
fi

if [ -e sc-s390x.json ]; then
	assert_eq "s390x tables" "sys_call_table sys_call_table_emu" \
		"$(jq -r 'keys | join(" ")' sc-s390x.json)"
	# 5 slots up to the string that follows the size-0 label
	diff -u - <(table sc-s390x.json sys_call_table_emu) <<EOT || fail "s390x: sys_call_table_emu"
0 read __s390_sys_read true
1 write __s390_sys_write true
2 ni_syscall __s390_sys_ni_syscall false
3 newstat __s390_compat_sys_newstat true
4 getpid __s390_sys_getpid true
EOT
fi

# Pointers only in relocations: the table's bytes are all zero.
for arch in arm64 s390x; do
	[ -e k-$arch ] || continue
	case $arch in arm64) pfx=aarch64-linux-gnu ;; s390x) pfx=s390x-linux-gnu ;; esac
	relocs=$(eu-readelf -r k-$arch | grep -cE '(AARCH64|390)_RELATIVE') || true
	[ "$relocs" -gt 10 ] || fail "$arch: expected RELATIVE relocations, got $relocs"
	eu-readelf -r k-$arch | grep -qE 'AARCH64_ABS64|390_64' || fail "$arch: no symbol relocations"
	if command -v $pfx-objcopy >/dev/null; then
		$pfx-objcopy -O binary --only-section=.data.rel.ro k-$arch relro.bin
		nz=$(head -c 48 relro.bin | tr -d '\0' | wc -c)
		assert_eq "$arch: table bytes (values only in .rela.dyn)" 0 "$nz"
	fi
done
