#!/bin/bash
# kernels.list parsing: the shipped lists are valid, selections work, and
# every malformed line is reported as FILE:LINE: problem with exit 1.
. "$SRCDIR/tests/include/test-subr.sh"
K=$BIN/depsurf-kernels
S=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

# ids LIST [COLUMN VALUE]...: the ids of the image lines of LIST, in list
# order, whose COLUMNs (2 distro, 4 arch) hold VALUE — awk's reading of the
# file, independent of the tool's parser.
ids() {
	awk -v sel="${*:2}" 'BEGIN { n = split(sel, s, " ") }
		/^[ \t]*(#|$)/ { next }
		{ for (i = 1; i < n; i += 2) if ($(s[i]) != s[i + 1]) next; print $1 }' "$1"
}
for L in kernels.list kernels-extended.list; do
	list=$SRCDIR/$L
	$K "$list" >all || fail "$L does not parse"
	ids "$list" >want
	[ -s want ] || fail "$L: awk finds no image line"
	diff -u want all >&2 || fail "$L: ids differ from the list's first column"
	# ids are unique and usable as directory names
	[ "$(sort -u all | wc -l)" = "$(wc -l <all)" ] || fail "$L: an id is listed twice"
	! grep -v '^[A-Za-z0-9][A-Za-z0-9._+-]*$' all || fail "$L: an id that is no plain file name"
	# every selection the tool offers: each distro, each arch, each pair
	awk '!/^[ \t]*(#|$)/ { print $2, $4 }' "$list" | sort -u >pairs
	for d in $(cut -d' ' -f1 pairs | sort -u); do
		$K --distro="$d" "$list" >got || fail "$L: --distro=$d failed"
		ids "$list" 2 "$d" | diff -u - got >&2 || fail "$L: --distro=$d"
	done
	for a in $(cut -d' ' -f2 pairs | sort -u); do
		$K --arch="$a" "$list" >got || fail "$L: --arch=$a failed"
		ids "$list" 4 "$a" | diff -u - got >&2 || fail "$L: --arch=$a"
	done
	while read -r d a; do
		$K --distro="$d" --arch="$a" "$list" >got || fail "$L: --distro=$d --arch=$a failed"
		ids "$list" 2 "$d" 4 "$a" | diff -u - got >&2 || fail "$L: --distro=$d --arch=$a"
	done <pairs
	# --images: the first and last id, in that order
	first=$(head -n1 want) last=$(tail -n1 want)
	assert_eq "$L: --images" "$(printf '%s\n' "$first" "$last" | awk '!seen[$0]++')" \
		"$($K --images="$first $last" "$list")"
	# no mirror host of Debian is written into a list (DEBIAN_MIRROR & co.)
	! grep -q 'debian\.org' "$list" || fail "a Debian host name is in $L"
done
# the image README.md and tests/integration/*.sh name as their example
ids "$SRCDIR/kernels.list" | grep -qx 'debian-6.1.0-47-amd64' || fail "debian-6.1.0-47-amd64 missing"

good="a debian 6.1.0-1-amd64 amd64 amd64 $S file:///x/a.deb - -"
printf '%s\n' "# comment" "" "$good" >ok.list
assert_eq "good list" a "$($K ok.list)"
assert_eq "an arch no line has" "" "$($K --arch=riscv64 ok.list)"
$K --mk ok.list -o ok.mk
grep -qx 'KL.a.urls_file = a.deb' ok.mk || fail "mk fragment lacks urls_file"
expect_fail "ok.list: no image 'b'" $K --images="a b" ok.list

# bad LINE_CONTENT EXPECTED_MESSAGE_FRAGMENT: the bad line is line 3
bad() {
	printf '%s\n' "# header" "$good" "$1" >bad.list
	expect_fail "bad.list:3: $2" $K bad.list
}
bad "b debian 6.1 amd64 amd64 $S file:///x/b.deb -" "expected 9 columns"
bad "b debian 6.1 amd64 amd64 $S file:///x/b.deb - - extra" "expected 9 columns"
bad "a debian 6.1 amd64 amd64 $S file:///x/b.deb - -" "duplicate image id 'a' (first on line 2)"
bad "b debian 6.1 sparc amd64 $S file:///x/b.deb - -" "unknown architecture 'sparc'"
bad "b debian 6.1 amd64 amd64 abc file:///x/b.deb - -" "sha256 must be 64 lowercase hex digits"
bad "b debian 6.1 amd64 amd64 $S ftp://x/b.deb - -" "package URLs: not a URL: ftp://x/b.deb"
bad "b debian 6.1 amd64 amd64 $S file:///x/b.deb,file:///y/c.deb - -" "the URLs of one package must end in the same file name"
bad "../b debian 6.1 amd64 amd64 $S file:///x/b.deb - -" "invalid image id"
bad "b debian 6.1 amd64 amd64 - - - -" "no package URL"
bad "b debian 6.1 amd64 amd64 - file:///x/b.deb $S -" "config sha256 given without a config URL"
expect_fail "nonexistent.list: No such file" $K nonexistent.list
