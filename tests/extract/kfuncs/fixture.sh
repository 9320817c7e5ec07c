# Sourced by tests/extract/kfuncs/test-*.sh: builds the kfunc mini kernel of
# tests/extract/kfuncs/mini-kfuncs.c and does to it what the kernel build does after
# linking vmlinux:
#   gcc -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start \
#       [CFLAGS...] -o OUT mini-kfuncs.c
#   pahole -J OUT                       (.BTF)
#   bpf_kfunc DECL_TAG on bpf_fix_tagged appended to .BTF (pahole >= 1.25
#   --btf_features=decl_tag_kfuncs does this in 6.12; pahole 1.24 cannot)
#   resolve_btfids' work, in shell:     (.BTF_ids)
#     every __BTF_ID__func__<fn>__<N> slot gets the id of FUNC <fn> (0 when
#     BTF has none), each set's slots are sorted by id (set8: the id/flags
#     pairs together), cnt is written
#
# mini_kfuncs OUT [CFLAGS...]; the image's byte order is read from its ELF
# header, so a cross compiler's big-endian image works too (CC=...).
KFIXDIR=$SRCDIR/tests/extract/kfuncs

# u32 at file offset OFF of FILE in the image's byte order ($KENDIAN).
rd32() { od -An -tu4 --endian="$KENDIAN" -j "$2" -N 4 "$1" | tr -d ' '; }
wr32() { # FILE OFF VALUE
	local v=$3 a b c d
	a=$((v & 255)) b=$((v >> 8 & 255)) c=$((v >> 16 & 255)) d=$((v >> 24 & 255))
	if [ "$KENDIAN" = big ]; then
		printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $d $c $b $a)"
	else
		printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $a $b $c $d)"
	fi | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# u32 VALUE as 4 bytes on stdout
u32() {
	local t
	t=$(mktemp "$T/u32.XXXXXX")
	: >"$t"
	wr32 "$t" 0 "$1"
	cat "$t"
	rm -f "$t"
}

# Append DECL_TAG "bpf_kfunc" (component_idx -1) on FUNC @2 to the .BTF of @1.
add_kfunc_tag() {
	local elf=$1 fn=$2 id hl tl sl so to
	id=$(bpftool btf dump file "$elf" | sed -n "s/^\[\([0-9]*\)\] FUNC '$fn' .*/\1/p")
	[ -n "$id" ] || fail "no FUNC $fn in $elf"
	objcopy --dump-section .BTF="$T/btf.raw" "$elf" || fail "cannot dump .BTF"
	hl=$(rd32 "$T/btf.raw" 4) to=$(rd32 "$T/btf.raw" 8) tl=$(rd32 "$T/btf.raw" 12)
	so=$(rd32 "$T/btf.raw" 16) sl=$(rd32 "$T/btf.raw" 20)
	{
		head -c 8 "$T/btf.raw"				# magic, version, flags, hdr_len
		u32 0; u32 $((tl + 16)); u32 $((tl + 16)); u32 $((sl + 10))
		dd if="$T/btf.raw" bs=1 skip=$((hl + to)) count="$tl" status=none
		u32 "$sl"; u32 $((17 << 24)); u32 "$id"; u32 4294967295	# BTF_KIND_DECL_TAG
		dd if="$T/btf.raw" bs=1 skip=$((hl + so)) count="$sl" status=none
		printf 'bpf_kfunc\0'
	} >"$T/btf.new"
	[ "$hl" = 24 ] || fail "unexpected BTF header length $hl"
	objcopy --update-section .BTF="$T/btf.new" "$elf" || fail "cannot update .BTF"
}

# resolve_btfids' work on the .BTF_ids of @1 (see above).
resolve_ids() {
	local elf=$1 sec addr off funcs syms
	read -r sec addr off < <(readelf -SW "$elf" |
		sed -n 's/^ *\[ *\([0-9]*\)\] \.BTF_ids *PROGBITS *\([0-9a-f]*\) \([0-9a-f]*\) .*/\1 \2 \3/p')
	[ -n "$sec" ] || fail "no .BTF_ids in $elf"
	bpftool btf dump file "$elf" | sed -n "s/^\[\([0-9]*\)\] FUNC '\([^']*\)' .*/\2 \1/p" >"$T/funcs.txt"
	readelf -sW "$elf" | awk -v s="$sec" '$7 == s && $8 ~ /^__BTF_ID__/ { print $2, $3, $8 }' >"$T/ids.txt"
	while read -r a size name; do
		local hdr slot first n i at fn id
		case $name in
		__BTF_ID__set8__*) hdr=8 slot=8 ;;
		__BTF_ID__set__*) hdr=4 slot=4 ;;
		*) continue ;;
		esac
		first=$((16#$a - 16#$addr + 16#$off + hdr))
		n=$(((size - hdr) / slot))
		: >"$T/pairs.txt"
		for ((i = 0; i < n; i++)); do
			at=$(printf '%016x' $((16#$a + hdr + i * slot)))
			fn=$(awk -v at="$at" '$1 == at && $3 ~ /^__BTF_ID__func__/ { print $3 }' "$T/ids.txt")
			fn=${fn#__BTF_ID__func__}
			fn=${fn%__*}
			id=$(awk -v f="$fn" '$1 == f { print $2; exit }' "$T/funcs.txt")
			if [ $slot = 8 ]; then
				echo "${id:-0} $(rd32 "$elf" $((first + i * slot + 4)))"
			else
				echo "${id:-0} 0"
			fi >>"$T/pairs.txt"
		done
		i=0
		sort -n -k1,1 "$T/pairs.txt" | while read -r id fl; do
			wr32 "$elf" $((first + i * slot)) "$id"
			[ $slot = 4 ] || wr32 "$elf" $((first + i * slot + 4)) "$fl"
			i=$((i + 1))
		done
		wr32 "$elf" $((first - hdr)) "$n"
	done <"$T/ids.txt"
}

mini_kfuncs() {
	local out=$1
	shift
	"${CC:-gcc}" -g -O2 -fno-pie -no-pie -nostdlib -static -Wl,-e,mini_start "$@" \
		-o "$out" "$KFIXDIR/mini-kfuncs.c" || fail "${CC:-gcc} could not build the mini kernel"
	pahole -J "$out" >/dev/null || fail "pahole -J $out failed"
	case $(od -An -tx1 -j 5 -N 1 "$out" | tr -d ' ') in
	02) KENDIAN=big ;;
	*) KENDIAN=little ;;
	esac
	add_kfunc_tag "$out" bpf_fix_tagged
	resolve_ids "$out"
}
