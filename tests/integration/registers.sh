#!/usr/bin/env bash
# depsurf-registers on a real image: the pt_regs layout equals bpftool's,
# args/ret follow libbpf for the image's arch, syscall_wrapper agrees with
# the symbol table (eu-readelf).
#   IMG_DIR=/work/cache/img/debian-6.1.0-47-amd64 BIN=build/opt/bin tests/integration/registers.sh
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
: "${IMG_DIR:?IMG_DIR must name an image dir with vmlinux}"
need jq
need bpftool
V=$IMG_DIR/vmlinux
[ -f "$V" ] || skip "$V missing"
if eu-readelf -S "$V" | grep -q ' \.BTF '; then
	BTF=$V
	"$BIN/depsurf-registers" "$V" -o regs.json || fail "depsurf-registers failed"
elif [ -f "$IMG_DIR/vmlinux.btf" ]; then
	BTF=$IMG_DIR/vmlinux.btf	# made by the dataset build with pahole
	"$BIN/depsurf-registers" --btf "$BTF" "$V" -o regs.json || fail "depsurf-registers failed"
else
	need pahole
	pahole --btf_gen_floats --lang_exclude=rust --btf_encode_detached=vmlinux.btf "$V" || fail "pahole failed"
	BTF=vmlinux.btf
	"$BIN/depsurf-registers" --btf "$BTF" "$V" -o regs.json || fail "depsurf-registers failed"
fi
arch=$(jq -r .arch regs.json)
case $arch in
x86_64) want='["di","si","dx","cx","r8","r9"] "ax" __x64_sys_' ;;
i386) want='["ax","dx","cx"] "ax" __ia32_sys_' ;;
aarch64) want='["regs[0]","regs[1]","regs[2]","regs[3]","regs[4]","regs[5]","regs[6]","regs[7]"] "regs[0]" __arm64_sys_' ;;
arm) want='["uregs[0]","uregs[1]","uregs[2]","uregs[3]","uregs[4]","uregs[5]","uregs[6]"] "uregs[0]" -' ;;
s390x) want='["gprs[2]","gprs[3]","gprs[4]","gprs[5]","gprs[6]"] "gprs[2]" __s390x_sys_' ;;
ppc64le) want='["gpr[3]","gpr[4]","gpr[5]","gpr[6]","gpr[7]","gpr[8]","gpr[9]","gpr[10]"] "gpr[3]" -' ;;
riscv64) want='["a0","a1","a2","a3","a4","a5","a6","a7"] "a0" __riscv_sys_' ;;
*) fail "unexpected arch $arch" ;;
esac
read -r args ret prefix <<<"$want"
assert_eq "$arch args" "$args" "$(jq -c .args regs.json)"
assert_eq "$arch ret" "$ret" "$(jq -c .ret regs.json)"
if [ "$prefix" != - ]; then
	if eu-readelf -s "$V" | grep -q " FUNC .* $prefix"; then w=true; else w=false; fi
	assert_eq "$arch syscall_wrapper" $w "$(jq .syscall_wrapper regs.json)"
fi
# pt_regs layout vs bpftool (the largest struct pt_regs)
bpftool btf dump file "$BTF" format raw -j | jq -c '[.types[] | select(.kind == "STRUCT" and .name == "pt_regs")]
	| max_by(.vlen) | [.size, [.members[] | [(if .name == "(anon)" then "" else .name end), .bits_offset]]]' >bpftool.pt
jq -c '[.pt_regs.size, [.pt_regs.members[] | [.name, .offset_bits]]]' regs.json >ours.pt
cmp -s bpftool.pt ours.pt || { cat bpftool.pt ours.pt >&2; fail "pt_regs layout differs from bpftool"; }
echo "$arch: args $args ret $ret syscall_wrapper $(jq .syscall_wrapper regs.json), pt_regs $(jq .pt_regs.size regs.json) bytes as bpftool"
exit 0
