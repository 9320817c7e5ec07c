#!/usr/bin/env bash
# depsurf-funcs on mini kernels (tests/funcs/fixture/a.c, b.c, common.h)
# compiled here, for x86-64 (DWARF 5 and 4, with gcc's real -mrecord-mcount
# ftrace table) and cross-compiled for 32-bit ARM (Thumb), i386 and
# big-endian s390x. The sources are laid out like a Debian kernel build:
# $T/src/build/linux-1.0/{kernel,include}, compiled from the out-of-tree
# directory debian/build/build_x, so the build prefix must be stripped.
. "$SRCDIR/tests/lib/test-subr.sh"
need gcc
need eu-readelf
FIX=$SRCDIR/tests/funcs/fixture
F=$BIN/depsurf-funcs

S=$T/src/build/linux-1.0
mkdir -p "$S/kernel" "$S/include/fix" "$S/debian/build/build_x"
cp "$FIX/common.h" "$S/include/fix/"
for f in a.c b.c; do
	sed 's,#include "common.h",#include <fix/common.h>,' "$FIX/$f" >"$S/kernel/$f"
done

# build_fixture OUT CC [FLAGS...]: the exact compile command of the fixture.
build_fixture() {
	out=$1 cc=$2
	shift 2
	(cd "$S/debian/build/build_x" &&
	 "$cc" -g -O2 -fno-pie -no-pie -nostdlib -static -I"$S/include" \
		-Wl,-T,"$FIX/fixture.ld" "$@" -o "$out" \
		"$S/kernel/a.c" "$S/kernel/b.c") || fail "cannot build $out with $cc"
}

# line FILE NAME: the group line of NAME.
line() {
	grep -F "{\"name\":\"$2\"," "$1" || fail "$1: no group $2"
}

# has FILE NAME FRAGMENT...: the group's line holds every fragment.
has() {
	file=$1 name=$2
	shift 2
	l=$(line "$file" "$name")
	for frag in "$@"; do
		case $l in
		*"$frag"*) ;;
		*) fail "$file: $name lacks $frag: $l" ;;
		esac
	done
}

lacks() {
	file=$1 name=$2 frag=$3
	case $(line "$file" "$name") in
	*"$frag"*) fail "$file: $name has $frag" ;;
	esac
}

# Every STT_FUNC symbol of the image appears in exactly one group.
check_coverage() {
	img=$1 out=$2
	eu-readelf --symbols=.symtab "$img" | awk '$4 == "FUNC" && $8 != "" { print $8 }' |
		sort >"$T/syms.want"
	grep -o '"symbols":\[.*\]}$' "$out" | grep -o '"name":"[^"]*"' |
		sed 's/"name":"//; s/"$//' | sort >"$T/syms.got"
	diff -u "$T/syms.want" "$T/syms.got" >&2 ||
		fail "$img: symbols and groups differ"
	# inline is full exactly when the group has no symbol
	if grep '"inline":"full"' "$out" | grep -qv '"symbols":\[\]}$'; then
		fail "$out: a full group with symbols"
	fi
	if grep -v '"inline":"full"' "$out" | grep -q '"symbols":\[\]}$'; then
		fail "$out: a group without symbols that is not full"
	fi
}

# Facts every build of the fixture must show, whatever the arch.
check_facts() {
	out=$1
	check_coverage "$2" "$out"
	# fully inlined: no symbol, two inlined sites in a_entry
	has "$out" sq '"inline":"full"' '"exact_symbol":false' \
		'"inline_sites":2,"inline_callers":["kernel/a.c:a_entry"]' \
		'"symbols":[]' '"addr":null'
	# selective: inlined into a_entry, called from b_entry
	has "$out" sel '"inline":"selective"' '"collision":"unique_global"' \
		'"exact_symbol":true' '"traceable":true' \
		'"inline_callers":["kernel/a.c:a_entry"]' \
		'"call_sites":2,"call_callers":["kernel/b.c:b_entry"]' \
		'"file":"kernel/a.c"' '"cu":"kernel/a.c"' \
		'"proto":{"ret":"int","params":[{"name":"x","type":"int"}]'
	has "$out" sink '"inline":"none"'
	# header statics: one def per including unit at one location
	hl=$(grep -n '^static inline int hdr_inline' "$FIX/common.h" | cut -d: -f1)
	has "$out" hdr_inline '"inline":"full"' '"collision":"static_duplicate"' \
		"\"file\":\"include/fix/common.h\",\"line\":$hl,\"cu\":\"kernel/a.c\"" \
		"\"file\":\"include/fix/common.h\",\"line\":$hl,\"cu\":\"kernel/b.c\""
	has "$out" hdr_copy '"inline":"none"' '"collision":"static_duplicate"' \
		'"cu":"kernel/a.c"' '"cu":"kernel/b.c"' '"bind":"local"'
	has "$out" helper '"collision":"static_static"' \
		'"file":"kernel/a.c"' '"file":"kernel/b.c"'
	has "$out" dup '"collision":"static_global"' '"bind":"global"' \
		'"bind":"local"'
	# compiler clones: what gcc made, seen by the tool
	for fn in isra_fn cp_fn part_fn cold_fn; do
		eu-readelf --symbols=.symtab "$2" | awk -v f="$fn" \
			'$4 == "FUNC" && index($8, f ".") == 1 { print $8 }' |
			while read -r clone; do
				has "$out" "$fn" "\"name\":\"$clone\""
				for w in $(echo "${clone#*.}" | tr . ' '); do
					case $w in
					*[!0-9]*) has "$out" "$fn" "\"$w\"" ;;
					esac
				done
			done
	done
	has "$out" isra_fn '"transforms":["isra"]' '"exact_symbol":false' \
		'"name":"isra_fn.isra.0"'
	has "$out" cp_fn '"constprop"' '"exact_symbol":false'
	has "$out" part_fn '"transforms":["part"]' '"name":"part_fn.part.0"'
	# the ftrace table and the kprobe blacklist
	has "$out" notrace_fn '"traceable":false' '"kprobe_blacklisted":false'
	has "$out" kbl_fn '"kprobe_blacklisted":true'
	lacks "$out" sel '"kprobe_blacklisted":true'
	# an assembly function: a symbol, no DWARF
	has "$out" asm_fn '"inline":"none"' '"defs":[]' '"proto":null' \
		'"collision":"unique_global"'
	has "$out" va_fn '{"name":"fmt","type":"const char *"},{"name":"","type":"..."}'
	# sorted by name, bytewise
	cut -d'"' -f4 "$out" >"$T/names"
	LC_ALL=C sort -c "$T/names" || fail "$out: groups not sorted"
	if grep -q "$T" "$out"; then
		fail "$out: holds an absolute build path"
	fi
}

# --- x86-64, DWARF 5, gcc's own ftrace table (IBT: call site at +4)
pg=(-DFIXTURE_PG -pg -mfentry -mrecord-mcount -mnop-mcount -fcf-protection=branch)
build_fixture "$T/vmlinux5" gcc -gdwarf-5 "${pg[@]}"
"$F" "$T/vmlinux5" -o "$T/f5.jsonl" || fail "depsurf-funcs failed"
check_facts "$T/f5.jsonl" "$T/vmlinux5"
has "$T/f5.jsonl" cold_fn '"transforms":["cold"]' '"name":"cold_fn.cold"' \
	'"exact_symbol":true'
has "$T/f5.jsonl" b_entry '"traceable":true'

# --- DWARF 4 (GNU call sites, 1-based file numbers): the same surface
build_fixture "$T/vmlinux4" gcc -gdwarf-4 "${pg[@]}"
"$F" "$T/vmlinux4" -o "$T/f4.jsonl" || fail "depsurf-funcs failed (DWARF 4)"
cmp "$T/f5.jsonl" "$T/f4.jsonl" || {
	diff "$T/f5.jsonl" "$T/f4.jsonl" | head -5 >&2
	fail "DWARF 4 and 5 builds differ"
}

# --- byte-identical runs, one or two threads; every line as jansson
# writes it (parsed and dumped again, tests/util/t-jsonw.c)
"$F" -j1 "$T/vmlinux5" -o "$T/f5b.jsonl" || fail "second run failed"
cmp "$T/f5.jsonl" "$T/f5b.jsonl" || fail "two runs differ"
"$TBIN/util/t-jsonw" "$T/f5.jsonl" >&2 || fail "funcs.jsonl is not jansson's bytes"

# --- cross: 32-bit ARM (Thumb), i386, big-endian s390x
ncross=0
for cc in arm-linux-gnueabihf-gcc i686-linux-gnu-gcc s390x-linux-gnu-gcc; do
	command -v "$cc" >/dev/null 2>&1 || continue
	build_fixture "$T/vm-$cc" "$cc"
	"$F" "$T/vm-$cc" -o "$T/f-$cc.jsonl" || fail "depsurf-funcs failed ($cc)"
	check_facts "$T/f-$cc.jsonl" "$T/vm-$cc"
	has "$T/f-$cc.jsonl" b_entry '"traceable":false'	# not in FTRACE()
	ncross=$((ncross + 1))
done
# --- arm64 relocatable (static PIE, --no-apply-dynamic-relocs like the
# kernel): the table words are 0 in the file, the values in .rela.dyn
if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
	(cd "$S/debian/build/build_x" &&
	 aarch64-linux-gnu-gcc -g -O2 -fpie -static-pie -nostdlib \
		-Wl,--no-apply-dynamic-relocs -I"$S/include" \
		-Wl,-T,"$FIX/fixture.ld" -o "$T/vm-arm64" \
		"$S/kernel/a.c" "$S/kernel/b.c") || fail "cannot build arm64 PIE"
	"$F" --progress "$T/vm-arm64" -o "$T/f-arm64.jsonl" 2>"$T/arm64.err" ||
		fail "depsurf-funcs failed (arm64)"
	grep -q 'ftrace sites (__mcount_loc, via .rela.dyn)' "$T/arm64.err" ||
		fail "arm64: table not read through .rela.dyn: $(cat "$T/arm64.err")"
	check_facts "$T/f-arm64.jsonl" "$T/vm-arm64"
	ncross=$((ncross + 1))
fi
[ "$ncross" -gt 0 ] || skip "no cross compiler"
echo "fixture facts hold for x86-64 (DWARF 4, 5) and $ncross cross builds"
