#!/usr/bin/env bash
# depsurf-meta on the mini kernel: identity from options, ELF facts checked
# against eu-readelf, counts of whatever surfaces exist, bad input.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/types/fixture.sh"
need gcc
need pahole
need jq
need eu-readelf

mini_kernel gcc mini.elf -Wl,--build-id=sha1
# identity from the image's line of a kernels.list; --sha256 overrides the list's
cat >kernels.list <<'EOF_LIST'
# id distro release arch flavor sha256 urls config_sha256 config_urls
test-1.0-amd64 debian 1.0-amd64 amd64 amd64 - https://example.org/p.deb - -
test-1.0-arm64 debian 1.0-arm64 arm64 arm64 - https://example.org/q.deb - -
EOF_LIST
ID=(--kernels kernels.list --id test-1.0-amd64 --sha256 0123abcd)
mkdir ds
"$BIN/depsurf-meta" "${ID[@]}" --dataset-dir ds mini.elf -o ds/meta.json || fail "meta failed"
M=ds/meta.json
jq_eq "key order" '["schema_version","tool_version","id","distro","release","arch","flavor","package","build_id","elf","compiler","dwarf_version","dwarf_versions","btf_source","counts","modules"]' $M keys_unsorted
jq_eq "vmlinux-only build" 'null' $M .modules
jq_eq "identity" '["1.0","test-1.0-amd64","debian","1.0-amd64","amd64","amd64"]' $M '[.schema_version,.id,.distro,.release,.arch,.flavor]'
jq_eq "package" '{"url":"https://example.org/p.deb","sha256":"0123abcd"}' $M .package
jq_eq "tool version" "\"$(sed -n 's/#define DEPSURF_VERSION "\(.*\)"/\1/p' "$SRCDIR/util/version.h")\"" $M .tool_version
bid=$(eu-readelf -n mini.elf | sed -n 's/.*Build ID: //p')
[ -n "$bid" ] || fail "fixture has no build-id"
jq_eq "build-id" "\"$bid\"" $M .build_id
jq_eq "elf" '{"class":"ELF64","endianness":"little","machine":"x86_64","e_machine":62}' $M .elf
comment=$(eu-readelf --string-dump=.comment mini.elf | sed -n 's/^ *\[ *[0-9a-f]*\] *//p' | head -1)
jq_eq "compiler" "$(jq -cn --arg c "$comment" '[$c]')" $M .compiler
jq_eq "dwarf" '[5,[5]]' $M '[.dwarf_version, .dwarf_versions]'
jq_eq "btf source" '"embedded"' $M .btf_source
jq_eq "no surfaces yet" '{}' $M .counts

# surfaces appear: counted by name (jsonl lines; json entries / per table)
"$BIN/depsurf-types" mini.elf -d ds || fail "types failed"
printf 'CONFIG_A=y\n# CONFIG_B is not set\n' >config
"$BIN/depsurf-config" config -o ds/config.json || fail "config failed"
"$BIN/depsurf-registers" mini.elf -o ds/registers.json || fail "registers failed"
echo '{"x64":[{"nr":0},{"nr":1}],"ia32":[{"nr":0}]}' >ds/syscalls.json
"$BIN/depsurf-meta" "${ID[@]}" --dataset-dir ds mini.elf -o ds/meta.json || fail "meta failed"
jq_eq "counts" '{"config":2,"enums":5,"structs":7,"syscalls":{"x64":2,"ia32":1},"unions":1}' $M .counts
cp $M first.json
"$BIN/depsurf-meta" "${ID[@]}" --dataset-dir ds mini.elf -o ds/meta.json
cmp -s first.json $M || fail "meta.json not deterministic"

# 32-bit big-endian facts come from the header
if command -v s390x-linux-gnu-gcc >/dev/null 2>&1; then
	mini_kernel s390x-linux-gnu-gcc s390x.elf
	"$BIN/depsurf-meta" s390x.elf -o s390x.json || fail "s390x meta failed"
	jq_eq "s390x elf" '{"class":"ELF64","endianness":"big","machine":"s390x","e_machine":22}' s390x.json .elf
fi
if command -v arm-linux-gnueabihf-gcc >/dev/null 2>&1; then
	mini_kernel arm-linux-gnueabihf-gcc arm.elf
	"$BIN/depsurf-meta" arm.elf -o arm.json || fail "arm meta failed"
	jq_eq "arm elf" '["ELF32","little","arm"]' arm.json '[.elf.class, .elf.endianness, .elf.machine]'
fi

# BTF source: pahole for a .BTF-less image; embedded must be true
objcopy --remove-section .BTF mini.elf nobtf.elf
"$BIN/depsurf-meta" --btf-source pahole nobtf.elf -o p.json || fail "pahole source failed"
jq_eq "pahole source" '["pahole",null]' p.json '[.btf_source, .id]'
expect_fail "nobtf.elf: --btf-source embedded, but" "$BIN/depsurf-meta" --btf-source embedded nobtf.elf -o bad.json
expect_fail "must be embedded or pahole" "$BIN/depsurf-meta" --btf-source magic mini.elf -o bad.json
expect_fail "mini.elf: ELF machine x86_64 (e_machine 62) is not arch arm64 of test-1.0-arm64" "$BIN/depsurf-meta" --kernels kernels.list --id test-1.0-arm64 mini.elf -o bad.json
expect_fail "kernels.list: no image 'nope'" "$BIN/depsurf-meta" --kernels kernels.list --id nope mini.elf -o bad.json
expect_fail "--kernels and --id go together" "$BIN/depsurf-meta" --id test-1.0-amd64 mini.elf -o bad.json
"$BIN/depsurf-meta" --kernels kernels.list --id test-1.0-arm64 --btf-source magic mini.elf -o x.json 2>/dev/null && fail "bad --btf-source accepted"
"$BIN/depsurf-meta" --kernels kernels.list --id test-1.0-amd64 mini.elf -o nosum.json || fail "meta without --sha256 failed"
jq_eq "listed sha256 '-' is null" '{"url":"https://example.org/p.deb","sha256":null}' nosum.json .package
echo '{"broken":' >ds/broken.json
expect_fail "ds/broken.json: cannot count: invalid JSON" "$BIN/depsurf-meta" --dataset-dir ds mini.elf -o bad.json
expect_fail "nowhere: cannot count" "$BIN/depsurf-meta" --dataset-dir nowhere mini.elf -o bad.json
echo "not an elf" >text.txt
expect_fail "text.txt: not an ELF file" "$BIN/depsurf-meta" text.txt -o bad.json
head -c 1000 mini.elf >trunc.elf
expect_fail "trunc.elf: truncated or corrupt" "$BIN/depsurf-meta" trunc.elf -o bad.json
[ ! -e bad.json ] || fail "bad input left bad.json"
exit 0
