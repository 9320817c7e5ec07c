# Sourced by tests/extract/funcs/test-funcs*.sh: the mini kernel of fixture/a.c,
# b.c and common.h laid out like a Debian kernel build,
# $T/src/build/linux-1.0/{kernel,include}, compiled from the out-of-tree
# directory debian/build/build_x (so the build prefix must be stripped), and
# the facts every build of it must show, whatever the arch.
need gcc
need eu-readelf
FIX=$SRCDIR/tests/extract/funcs/fixture
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
