#!/bin/bash
# kernels.list parsing: the shipped lists are valid, selections work, and
# every malformed line is reported as FILE:LINE: problem with exit 1.
. "$SRCDIR/tests/lib/test-subr.sh"
K=$BIN/depsurf-kernels
S=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

$K "$SRCDIR/kernels.list" >ids || fail "kernels.list does not parse"
assert_eq "paper + debian images" 50 "$(wc -l <ids)"
assert_eq "ubuntu paper set" 25 "$($K --distro=ubuntu "$SRCDIR/kernels.list" | wc -l)"
[ "$($K --distro=debian "$SRCDIR/kernels.list" | wc -l)" -ge 25 ] || fail "debian set < 25"
$K "$SRCDIR/kernels-extended.list" >ext || fail "kernels-extended.list does not parse"
assert_eq "extended set" 16 "$(wc -l <ext)"
assert_eq "arch selection" "ubuntu-5.4.0-24-generic-riscv64" \
	"$($K --distro=ubuntu --arch=riscv64 "$SRCDIR/kernels.list")"
grep -q '^debian-6.1.0-47-amd64$' ids || fail "debian-6.1.0-47-amd64 missing"
# no mirror host of Debian is written into the list
! grep -q 'debian\.org' "$SRCDIR/kernels.list" || fail "a Debian host name is in kernels.list"

good="a debian 6.1.0-1-amd64 amd64 amd64 $S file:///x/a.deb - -"
printf '%s\n' "# comment" "" "$good" >ok.list
assert_eq "good list" a "$($K ok.list)"
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
