# Sourced by tests/extract/types/test-*.sh, tests/extract/registers/ and
# tests/emit/meta/: builds the mini kernel for one compiler.
#   mini_kernel CC OUT [CFLAGS...]  → OUT (ELF with DWARF and .BTF from pahole -J)
# Exact commands:
#   $CC -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start \
#       -o OUT mini-kernel.c mini-dup.c
#   pahole -J OUT
FIXDIR=$SRCDIR/tests/extract/types

mini_kernel() {
	cc=$1 out=$2
	shift 2
	"$cc" -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start "$@" \
		-o "$out" "$FIXDIR/mini-kernel.c" "$FIXDIR/mini-dup.c" ||
		fail "$cc could not build the mini kernel"
	pahole -J "$out" || fail "pahole -J $out failed"
}

# jq_eq WHAT EXPECTED FILE FILTER: the (compact) result of FILTER on FILE.
jq_eq() {
	assert_eq "$1" "$2" "$(jq -c "$4" "$3")"
}
