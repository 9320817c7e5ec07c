# Sourced by tests/extract/tracepoints/test-*.sh: builds the mini kernel of
# tests/extract/tracepoints/mini-kernel.c for one architecture, the way each arch links
# its vmlinux:
#   x86-64  ET_EXEC, pointers in the section bytes; --emit-relocs adds the
#           static .rela.* sections real x86 images carry (to be ignored)
#   arm     ET_EXEC, 32-bit, Thumb-2 function pointers (bit 0 set)
#   arm64   ET_DYN, -shared --no-apply-dynamic-relocs: pointers live only in
#           .rela.dyn (R_AARCH64_RELATIVE, R_AARCH64_ABS64 against .dynsym)
#   s390x   ET_DYN, big-endian, pointers only in .rela.dyn (R_390_RELATIVE,
#           R_390_64); sys_call_table is a label of ELF size 0
# then adds .BTF with `pahole -J` (unless NO_BTF=1).
#
# build_fixture ARCH OUT [CFLAGS...]: returns 77 when the cross compiler or
# pahole is missing.
FIXTURE_SRC=$SRCDIR/tests/extract/tracepoints/mini-kernel.c
FIXTURE_CFLAGS="-g -O2 -fno-eliminate-unused-debug-types -ffreestanding
	-fno-stack-protector -nostdlib
	-Wl,--defsym=__start_ftrace_events=__start__ftrace_events
	-Wl,--defsym=__stop_ftrace_events=__stop__ftrace_events"

fixture_cc() {
	case $1 in
	x86-64) echo gcc ;;
	arm) echo arm-linux-gnueabihf-gcc ;;
	arm64) echo aarch64-linux-gnu-gcc ;;
	s390x) echo s390x-linux-gnu-gcc ;;
	esac
}

build_fixture() {
	arch=$1 out=$2; shift 2
	cc=$(fixture_cc "$arch")
	command -v "$cc" >/dev/null 2>&1 || return 77
	command -v pahole >/dev/null 2>&1 || return 77
	case $arch in
	x86-64) link="-static -no-pie -Wl,-e,0 -Wl,--emit-relocs" ;;
	arm) link="-static -Wl,-e,0" ;;
	arm64) link="-fPIC -shared -Wl,--no-apply-dynamic-relocs" ;;
	s390x) link="-fPIC -shared" ;;
	esac
	# shellcheck disable=SC2086
	$cc $FIXTURE_CFLAGS $link "$@" -o "$out" "$FIXTURE_SRC" || return 1
	[ "${NO_BTF:-0}" = 1 ] || pahole -J "$out" >/dev/null || return 1
}
