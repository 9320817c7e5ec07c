#!/usr/bin/env bash
# depsurf-meta on a real image: build-id and .comment as eu-readelf reads
# them, the first CU's DWARF version among dwarf_versions, arch check.
#   IMG_DIR=/work/cache/img/debian-6.1.0-47-amd64 BIN=build/opt/bin tests/integration/meta.sh
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
: "${IMG_DIR:?IMG_DIR must name an image dir with vmlinux}"
need jq
need eu-readelf
V=$IMG_DIR/vmlinux
[ -f "$V" ] || skip "$V missing"
id=$(basename "$IMG_DIR")
mkdir ds
[ -f "$IMG_DIR/config" ] && "$BIN/depsurf-config" "$IMG_DIR/config" -o ds/config.json
"$BIN/depsurf-meta" --dataset-dir ds "$V" -o ds/meta.json || fail "depsurf-meta failed"
M=ds/meta.json
assert_eq "build-id" "$(eu-readelf -n "$V" | sed -n 's/.*Build ID: //p' | head -1)" "$(jq -r .build_id $M)"
assert_eq "compiler" "$(eu-readelf --string-dump=.comment "$V" | sed -n 's/^ *\[ *[0-9a-f]*\] *//p' | head -1)" \
	"$(jq -r '.compiler[0]' $M)"
# the first CU header: unit_length (4 bytes, 32-bit DWARF), then version (2)
off=$(eu-readelf -S "$V" | awk '$2 == ".debug_info" { print $5 }')
if [ -n "$off" ]; then
	read -r b0 b1 <<<"$(od -An -tu1 -j $((0x$off + 4)) -N2 "$V")"
	if eu-readelf -h "$V" | grep -q 'big endian'; then ver=$((b0 * 256 + b1)); else ver=$((b1 * 256 + b0)); fi
	# the first CU's version is one of the set (dwarf_version is the most used)
	jq -e --argjson v "$ver" '(.dwarf_versions | index($v)) != null and
		(.dwarf_version as $d | .dwarf_versions | index($d)) != null' $M >/dev/null ||
		fail "first CU has DWARF $ver, meta says $(jq -c '[.dwarf_version, .dwarf_versions]' $M)"
fi
case $(eu-readelf -h "$V" | sed -n 's/ *Machine: *//p') in
*X86-64*) deb=amd64 ;; *AArch64*) deb=arm64 ;; *ARM*) deb=armhf ;; *S390*) deb=s390x ;;
*80386*) deb=i386 ;; *PowerPC64*) deb=ppc64el ;; *RISC-V*) deb=riscv64 ;; *) deb= ;;
esac
if [ -n "$deb" ]; then
	printf '%s debian 1 %s x - file:///x.deb - -\n' "$id" "$deb" >k.list
	"$BIN/depsurf-meta" --kernels k.list --id "$id" "$V" -o arch.json || fail "arch $deb rejected"
	assert_eq "arch from the list" "$deb" "$(jq -r .arch arch.json)"
fi
jq -c '{build_id, elf, compiler, dwarf_version, dwarf_versions, btf_source, counts}' $M
exit 0
