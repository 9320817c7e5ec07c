#!/usr/bin/env bash
# depsurf-registers on the mini kernel built for each arch: libbpf's
# PT_REGS_PARMn/PT_REGS_RC members, their offsets in that arch's pt_regs,
# and the syscall wrapper derived from the symbols.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/types/fixture.sh"
need gcc
need pahole
need jq

# expect ARCH_ELF CC ARCH ARGS RET OFFSETS(args...,ret) WRAPPER
check_arch() {
	cc=$1 arch=$2 args=$3 ret=$4 offs=$5 wrapped=$6
	command -v "$cc" >/dev/null 2>&1 || { echo "no $cc, skipped"; return 0; }
	mini_kernel "$cc" "$arch.elf"
	"$BIN/depsurf-registers" "$arch.elf" -o "$arch.json" || fail "$arch: depsurf-registers failed"
	jq_eq "$arch arch" "\"$arch\"" "$arch.json" .arch
	jq_eq "$arch args" "$args" "$arch.json" .args
	jq_eq "$arch ret" "\"$ret\"" "$arch.json" .ret
	jq_eq "$arch offsets" "$offs" "$arch.json" '[.offsets[.args[]], .offsets[.ret]]'
	jq_eq "$arch wrapper" "$wrapped" "$arch.json" .syscall_wrapper
	jq_eq "$arch keys" '["arch","pt_regs","args","ret","syscall_wrapper","syscall_args","offsets"]' \
		"$arch.json" keys_unsorted
}

check_arch gcc x86_64 '["di","si","dx","cx","r8","r9"]' ax '[112,104,96,88,72,64,80]' true
jq_eq "x86_64 syscall args" '["di","si","dx","r10","r8","r9"]' x86_64.json .syscall_args
jq_eq "x86_64 pt_regs" '[168,21,"long unsigned int"]' x86_64.json '[.pt_regs.size, (.pt_regs.members | length), .pt_regs.members[0].type]'
check_arch aarch64-linux-gnu-gcc aarch64 \
	'["regs[0]","regs[1]","regs[2]","regs[3]","regs[4]","regs[5]","regs[6]","regs[7]"]' \
	'regs[0]' '[0,8,16,24,32,40,48,56,0]' true
[ -e aarch64.json ] && jq_eq "arm64 orig_x0" '["orig_x0",272]' aarch64.json '[.syscall_args[0], .offsets.orig_x0]'
check_arch arm-linux-gnueabihf-gcc arm \
	'["uregs[0]","uregs[1]","uregs[2]","uregs[3]","uregs[4]","uregs[5]","uregs[6]"]' \
	'uregs[0]' '[0,4,8,12,16,20,24,0]' false
check_arch s390x-linux-gnu-gcc s390x '["gprs[2]","gprs[3]","gprs[4]","gprs[5]","gprs[6]"]' \
	'gprs[2]' '[40,48,56,64,72,40]' true
check_arch i686-linux-gnu-gcc i386 '["ax","dx","cx"]' ax '[24,8,4,24]' true

# before syscall wrappers (x86 < 4.17): sys_read is an alias, no __x64_sys_
mini_kernel gcc nowrap.elf -DNO_WRAPPER
"$BIN/depsurf-registers" nowrap.elf -o nowrap.json || fail "nowrap failed"
jq_eq "no wrapper" false nowrap.json .syscall_wrapper
# the pahole path gives the same document
objcopy --remove-section .BTF x86_64.elf nobtf.elf
expect_fail "pahole --btf_encode_detached" "$BIN/depsurf-registers" nobtf.elf -o nob.json
pahole --btf_encode_detached=nobtf.btf nobtf.elf || fail "pahole failed"
"$BIN/depsurf-registers" --btf nobtf.btf nobtf.elf -o nob.json || fail "--btf failed"
cmp -s x86_64.json nob.json || fail "pahole path differs"

# bad inputs
echo 'int x;' >nopt.c
gcc -g -c -o nopt.o nopt.c && pahole -J nopt.o
expect_fail "nopt.o: no struct pt_regs" "$BIN/depsurf-registers" nopt.o -o bad.json
cp x86_64.elf sparc.elf
printf '\002\000' | dd of=sparc.elf bs=1 seek=18 conv=notrunc status=none	# e_machine = EM_SPARC
expect_fail "sparc.elf: no register convention known" "$BIN/depsurf-registers" sparc.elf -o bad.json
echo "not an elf" >text.txt
expect_fail "text.txt: not an ELF file" "$BIN/depsurf-registers" text.txt -o bad.json
objcopy --strip-all x86_64.elf stripped.elf
expect_fail "stripped.elf: no .symtab" "$BIN/depsurf-registers" stripped.elf -o bad.json
[ ! -e bad.json ] || fail "bad input left bad.json"
exit 0
