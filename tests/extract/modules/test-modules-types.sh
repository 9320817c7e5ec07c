#!/usr/bin/env bash
# The types of modules: a package with a vmlinux and two modules compiled
# here (fixture.sh) goes through depsurf-unpack --modules and
# depsurf-types --modules. Each module type is listed once, with the module
# that defines it; a name the vmlinux has stays the vmlinux's; the
# vmlinux-only output is unchanged by --modules but for the added lines; a
# bad module fails alone, recorded in the report.
. "$SRCDIR/tests/include/test-subr.sh"
. "$SRCDIR/tests/extract/modules/fixture.sh"
need jq; need xz; need zstd; need ar; need objcopy
mod_build
mod_package pkg.deb

"$BIN/depsurf-unpack" --modules store pkg.deb "usr/lib/debug/boot/vmlinux-*=vmlinux" ||
	fail "unpack --modules"
"$BIN/depsurf-types" --modules store --modules-report rep.json vmlinux -d out ||
	fail "depsurf-types --modules"
"$BIN/depsurf-types" vmlinux -d plain || fail "depsurf-types"

S=out/structs.jsonl E=out/enums.jsonl
line() { jq -c --arg n "$2" 'select(.name == $n)' "$1"; }
assert_eq "moda_state" '{"name":"moda_state","module":"mod_a","size":48,"members":[{"name":"node","offset_bits":0,"bitfield_bits":0,"type":"struct list_head"},{"name":"count","offset_bits":128,"bitfield_bits":0,"type":"unsigned int"},{"name":"hdr","offset_bits":192,"bitfield_bits":0,"type":"struct shared_hdr"}]}' \
	"$(line $S moda_state)"
assert_eq "modb_only bitfields" '["mod_b",[[0,0],[64,0],[128,1],[129,4]]]' \
	"$(line $S modb_only | jq -c '[.module, [.members[] | [.offset_bits, .bitfield_bits]]]')"
# in both split BTFs; mod_a depends on mod_b, so mod_b defines it (the
# module name order alone would say mod_a)
assert_eq "shared_hdr once, from mod_b" 'mod_b' "$(line $S shared_hdr | jq -r .module)"
assert_eq "shared_hdr lines" 1 "$(grep -c '"name":"shared_hdr"' $S)"
assert_eq "module enum" '{"name":"moda_mode","module":"mod_a","size":4,"values":[{"name":"MODA_OFF","value":0},{"name":"MODA_ON","value":3}]}' \
	"$(line $E moda_mode)"
# mod_b's own layout32 is named like the vmlinux's: the vmlinux's stays
assert_eq "layout32 is the vmlinux's" '["vmlinux",32]' "$(line $S layout32 | jq -c '[.module, .size]')"
assert_eq "list_head is the vmlinux's" 'vmlinux' "$(line $S list_head | jq -r .module)"
# the vmlinux lines are those of the plain run; the rest are the modules'
for f in structs unions enums; do
	diff <(jq -c 'select(.module == "vmlinux")' out/$f.jsonl) plain/$f.jsonl ||
		fail "$f: vmlinux lines differ with --modules"
	jq -r .name out/$f.jsonl | LC_ALL=C sort -c || fail "$f: not sorted by name"
done
assert_eq "module structs" '["moda_state","modb_only","shared_hdr"]' \
	"$(jq -sc '[.[] | select(.module != "vmlinux") | .name] | sort' $S)"
assert_eq "report" '{"surface":"types","modules":2,"with_btf":2,"without_btf":0,"structs":3,"unions":0,"enums":1,"failed":[]}' \
	"$(jq -c . rep.json)"

# meta.json carries the report, per surface
"$BIN/depsurf-meta" --modules-report rep.json vmlinux -o meta.json || fail "meta --modules-report"
assert_eq "meta modules" '{"types":{"modules":2,"with_btf":2,"without_btf":0,"structs":3,"unions":0,"enums":1,"failed":[]}}' \
	"$(jq -c .modules meta.json)"
expect_fail 'twice' "$BIN/depsurf-meta" --modules-report rep.json --modules-report rep.json vmlinux -o m2.json
echo '[1]' >notrep.json
expect_fail 'notrep.json: not a module report' "$BIN/depsurf-meta" --modules-report notrep.json vmlinux -o m2.json

# the layout agrees with pahole reading the module's split BTF itself
pahole -F btf --btf_base vmlinux -C modb_only mod-b.ko >pahole.txt || fail "pahole -C modb_only"
grep -q 'size: 24' pahole.txt || fail "pahole: modb_only is not 24 bytes"
assert_eq "pahole offsets" "0 8 16 16" "$(awk '/\/\*/ && /;/ { sub(/.*\/\* */, ""); print $1+0 }' pahole.txt | tr '\n' ' ' | sed 's/ $//')"

# a bad module fails alone: one line naming it, recorded; the image still writes
cp -r store bad
head -c 100 /dev/urandom >junk.btf
objcopy --update-section .BTF=junk.btf mod-b.ko mod-b-bad.ko
zstd -q -f -o bad/drivers/mod-b.ko.zst mod-b-bad.ko
awk -v s=$(stat -c %s mod-b-bad.ko) -F'\t' 'BEGIN { OFS = "\t" } $1 == "drivers/mod-b.ko" { $2 = s } 1' \
	store/modules.list >bad/modules.list
"$BIN/depsurf-types" --modules bad --modules-report badrep.json vmlinux -d badout 2>err ||
	fail "a bad module failed the image"
assert_eq "one line" 1 "$(wc -l <err)"
grep -q 'bad/drivers/mod-b.ko: cannot read its .BTF' err || { cat err; fail "the line does not name the module"; }
assert_eq "recorded" '[["drivers/mod-b.ko",true]]' \
	"$(jq -c '[.failed[] | [.module, (.error | test("BTF"))]]' badrep.json)"
assert_eq "mod_a still read" 'mod_a' "$(line badout/structs.jsonl moda_state | jq -r .module)"
# a module whose bytes are not those the index says: also that module only
printf 'garbage' | zstd -q -f -o bad/drivers/mod-b.ko.zst
"$BIN/depsurf-types" --modules bad vmlinux -d badout2 2>err || fail "a bad frame failed the image"
grep -q 'mod-b.ko: cannot read the module' err || { cat err; fail "bad frame not named"; }

# a vmlinux without .BTF (its types from --btf): the modules' split BTF has
# nothing to be read against; each module says so, the image still writes
objcopy --remove-section .BTF vmlinux nobtf.elf
pahole --btf_encode_detached=nobtf.btf vmlinux || fail "pahole --btf_encode_detached"
"$BIN/depsurf-types" --btf nobtf.btf --modules store --modules-report nb.json nobtf.elf -d nbout 2>err ||
	fail "no vmlinux .BTF failed the image"
assert_eq "two lines" 2 "$(wc -l <err)"
assert_eq "both recorded" '["drivers/mod-b.ko","fs/mod-a/mod-a.ko"]' "$(jq -c '[.failed[].module]' nb.json)"
assert_eq "no module types" '[]' "$(jq -sc '[.[] | select(.module != "vmlinux")]' nbout/structs.jsonl)"

# a malformed index is the store's fault: the stage fails, nothing written
printf 'fs/../x.ko\t1\t1\n' >bad/modules.list
expect_fail 'modules.list line 1' "$BIN/depsurf-types" --modules bad vmlinux -d none
[ ! -e none/structs.jsonl ] || fail "output written after a bad index"
expect_fail 'needs --modules' "$BIN/depsurf-types" --modules-report x.json vmlinux -d none
