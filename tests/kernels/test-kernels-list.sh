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
grep -qx 'KL.a.urls_file := a.deb' ok.mk || fail "mk fragment lacks urls_file"
grep -qx 'KL.pkg.a.deb.ids := a' ok.mk || fail "mk fragment lacks the package's images"
# a ${VAR} base reaches Make escaped: Make must not expand it
printf '%s\n' "m debian 6.1 amd64 f $S \${DEBIAN_MIRROR}/pool/m.deb - -" >var.list
$K --mk -o var.mk var.list || fail "a \${DEBIAN_MIRROR} URL is refused"
printf '.PHONY: show\nshow:\ninclude var.mk\nDEBIAN_MIRROR := EXPANDED\nshow:\n\t@printf "%%s\\n" '"'"'$(KL.m.urls)'"'"'\n' >var.Makefile
assert_eq "URL through Make" '${DEBIAN_MIRROR}/pool/m.deb' "$(make -s -f var.Makefile)"
expect_fail "ok.list: no image 'b'" $K --images="a b" ok.list

# bad LINE_CONTENT EXPECTED_MESSAGE_FRAGMENT: the bad line is line 3
bad() {
	printf '%s\n' "# header" "$good" "$1" >bad.list
	expect_fail "bad.list:3: $2" $K bad.list
}
bad "b debian 6.1 amd64 amd64 $S file:///x/b.deb -" "expected 9 columns"
bad "b debian 6.1 amd64 amd64 $S file:///x/b.deb - - extra" "expected 9 columns"
bad "a debian 6.1 amd64 amd64 $S file:///x/b.deb - -" "id: duplicate image id 'a' (first on line 2)"
bad "b debian 6.1 sparc amd64 $S file:///x/b.deb - -" "arch: unknown architecture 'sparc'"
bad "b debian 6.1 amd64 amd64 abc file:///x/b.deb - -" "sha256: must be 64 lowercase hex digits"
bad "b debian 6.1 amd64 amd64 $S ftp://x/b.deb - -" "urls: not a URL (http://, https://, file:// or \${VAR}/): 'ftp://x/b.deb'"
bad "b debian 6.1 amd64 amd64 $S file:///x/b.deb,file:///y/c.deb - -" "urls: the URLs of one package must end in the same file name"
bad "../b debian 6.1 amd64 amd64 $S file:///x/b.deb - -" "id: character '/' not allowed"
bad ".b debian 6.1 amd64 amd64 $S file:///x/b.deb - -" "id: must start with a letter or digit"
bad "b debian 6.1 amd64 amd64 - - - -" "urls: no package URL"
bad "b debian 6.1 amd64 amd64 - file:///x/b.deb $S -" "config_sha256: given without a config URL"
bad "b debian 6.1 amd64 amd64 - \${HOME}/b.deb - -" "urls: a URL may start with \${DEBIAN_MIRROR}/"
bad "b debian 6.1 amd64 amd64 - file:///x/../etc/b.deb - -" "urls: a '.' or '..' path segment"
bad "b debian 6.1 amd64 amd64 - file:///x/b.tar - -" "urls: the package file name must start with a letter or digit and end in .deb"
# two lines naming one package file: one package (a '-' takes the known sum)
printf '%s\n' "$good" "b debian 6.1 amd64 amd64 - file:///y/a.deb - -" >share.list
$K --mk -o share.mk share.list || fail "a shared package file is refused"
grep -qx "KL.pkg.a.deb.sha256 := $S" share.mk || fail "shared package: not the known sum"
grep -qx 'KL.pkg.a.deb.ids := a b' share.mk || fail "shared package: not one package of both images"
grep -qx 'KL.pkg.a.deb.urls := file:///x/a.deb file:///y/a.deb' share.mk || fail "shared package: URLs"
bad "b debian 6.1 amd64 amd64 0000000000000000000000000000000000000000000000000000000000000000 file:///y/a.deb - -" \
	"urls: package a.deb has sha256 0000000000000000000000000000000000000000000000000000000000000000 here but $S on line 2"
expect_fail "nonexistent.list: No such file" $K nonexistent.list
# a NUL byte stops the list with its line, never drops the rest silently
printf '%s\n' "$good" >nul.list; printf '#\0\nb debian 6.1 amd64 amd64 - file:///x/b.deb - -\n' >>nul.list
expect_fail "nul.list:2: a NUL byte" $K nul.list

# Injections (issue: command execution through kernels.list). Each is
# refused with its line and column, and no command runs: not through the
# tool, not through Make reading a fragment, not through `make dataset`.
P=$T/PWNED
ff=$(printf '\f')
inj() { # COLUMN LINE
	printf '%s\n' "# header" "$good" "$2" >inj.list
	rm -f "$P"
	expect_fail "inj.list:3: $1: " $K inj.list
	$K --mk -o inj.mk inj.list 2>/dev/null && fail "--mk wrote a fragment for: $2"
	[ ! -e inj.mk ] || fail "a fragment was left for: $2"
	[ ! -e "$P" ] || fail "a command ran: $2"
}
inj urls "b debian 6.1 amd64 amd64 - file:///x/\`touch${ff}$P\`b.deb - -"
inj urls "b debian 6.1 amd64 amd64 - file:///x/\`touch$ff$P\`/b.deb - -"
inj urls "b debian 6.1 amd64 amd64 - file:///x/b.deb;touch${ff}$P;/b.deb - -"
inj urls "b debian 6.1 amd64 amd64 - file:///x/\$(touch${ff}$P)/b.deb - -"
inj release "b debian 6.1'\$(touch${ff}$P)' amd64 amd64 - file:///x/b.deb - -"
inj release "b debian \$(shell${ff}touch${ff}$P) amd64 amd64 - file:///x/b.deb - -"
inj distro "b debian\$(shell${ff}touch${ff}$P) 6.1 amd64 amd64 - file:///x/b.deb - -"
inj flavor "b debian 6.1 amd64 a\`touch${ff}$P\` - file:///x/b.deb - -"
inj urls "b debian 6.1 amd64 amd64 - file:///x/b:c.deb - -"
inj urls "b debian 6.1 amd64 amd64 - file:///x/b%.deb - -"
inj urls "b debian 6.1 amd64 amd64 - file:///x/b\\.deb - -"
inj release "b debian 6.1$(printf '\v')x amd64 amd64 - file:///x/b.deb - -"
