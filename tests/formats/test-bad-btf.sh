#!/usr/bin/env bash
# Corrupt BTF (tests/include/btfpatch.py on the mini kernel's .BTF, passed
# with --btf) for every extractor that reads BTF: name offsets outside the
# string section (libbpf 1.1 returns NULL names), type ids past the last
# type, reference cycles (const/volatile, typedefs, type tags, an anonymous
# member holding its own struct). Each must fail in bounded time with one
# line naming the BTF file and "invalid BTF", exit 1, and write nothing —
# never crash (the sanitizer build), hang or print "(null)". (syscalls
# reads BTF only for a table without a size: tests/extract/syscalls/.)
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/types/fixture.sh"
need gcc
need pahole
need objcopy
need python3
PATCH="python3 $SRCDIR/tests/include/btfpatch.py"

mini_kernel gcc k
objcopy --dump-section .BTF=k.btf k

# bad NAME OPS... : every BTF reader fails on NAME.btf with MESSAGE
bad() {
	name=$1 msg=$2; shift 2
	$PATCH k.btf "$name.btf" "$@" || fail "btfpatch $*"
	for tool in types registers lsm_hooks tracepoints funcs; do
		case $tool in types) o=(-d "out-$tool") ;; *) o=(-o "out-$tool") ;; esac
		expect_fail "$name.btf: cannot read BTF: type [" \
			timeout 60 "$BIN/depsurf-$tool" --btf "$name.btf" k "${o[@]}"
		grep -qF "$msg" .err || fail "$tool on $name: $(cat .err)"
		[ ! -e "out-$tool" ] || fail "$tool on $name: output left behind"
	done
}

bad name-struct "name offset outside" name=struct:pt_regs:big
bad name-member "name offset outside" mname=struct:pt_regs:0:big
bad name-enum "name offset outside" mname=enum:*:0:big
bad name-param "name offset outside" mname=func_proto:*:0:big
bad ref "past the last type" type=typedef:u32:99999
bad const-volatile "reference cycle" type=const:*:volatile:* "type=volatile:*:const:*"
bad typedefs "reference cycle" type=typedef:u32:typedef:u64 type=typedef:u64:typedef:u32
bad type-tag "reference cycle" kind=const:*:18 type=const:*:const:*
# an anonymous member holding the struct it is in (registers looks into them)
bad anon-self "reference cycle" mname=struct:pt_regs:0:0 mtype=struct:pt_regs:0:struct:pt_regs

# the untouched BTF still works through --btf
"$BIN/depsurf-types" --btf k.btf k -d good || fail "types on the good BTF"
"$BIN/depsurf-registers" --btf k.btf k -o good.json || fail "registers on the good BTF"
