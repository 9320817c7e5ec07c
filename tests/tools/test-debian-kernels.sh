#!/bin/bash
# tools/debian-kernels.sh checks the archive the way apt does before it
# writes a package sum into a list line: a locally built archive (file://
# URLs) signed at test time with a throw-away key. A good archive gives the
# line; a tampered Packages.xz, a changed InRelease (bad signature), a key
# outside the keyring and the real Debian keyring (which does not hold the
# test key) are each refused with one message naming the file.
. "$SRCDIR/tests/include/test-subr.sh"
need gpg
need gpgv
need xz
export GNUPGHOME=$T/gnupg
mkdir -m 700 "$GNUPGHOME"
trap 'rc=$?; gpgconf --kill gpg-agent 2>/dev/null || true; if [ $rc -eq 0 ] || [ $rc -eq 77 ]; then rm -rf "$T"; else echo "  kept $T" >&2; fi; exit $rc' EXIT
gpg --batch --quiet --passphrase '' --quick-gen-key 'depsurf test <test@invalid>' ed25519 sign never 2>/dev/null ||
	fail "gpg cannot make a test key"
gpg --batch --quiet --passphrase '' --quick-gen-key 'other <other@invalid>' ed25519 sign never 2>/dev/null
gpg --batch --export 'depsurf test' >test-keyring.gpg
gpg --batch --export 'other' >other-keyring.gpg

A=archive
P=$A/dists/bookworm/main/binary-amd64
mkdir -p "$P"
D1=1111111111111111111111111111111111111111111111111111111111111111
D2=2222222222222222222222222222222222222222222222222222222222222222
cat >Packages <<EOF2
Package: linux-image-6.1.0-99-amd64-dbg
Version: 6.1.170-9
Filename: pool/main/l/linux/linux-image-6.1.0-99-amd64-dbg_6.1.170-9_amd64.deb
Size: 987654321
SHA256: $D1

Package: linux-image-6.1.0-99-amd64-unsigned
Version: 6.1.170-9
Filename: pool/main/l/linux/linux-image-6.1.0-99-amd64-unsigned_6.1.170-9_amd64.deb
Size: 65432100
SHA256: $D2
EOF2
xz -c Packages >"$P/Packages.xz"
sign() { # KEY [HEADER]: a Release for the current Packages.xz, clear-signed by KEY
	printf 'Origin: Debian\nSuite: bookworm\nDate: %s\n%sSHA256:\n %s %s main/binary-amd64/Packages.xz\n' \
		"$(date -u -R)" "${2:+$2$'\n'}" "$(sha256sum <"$P/Packages.xz" | cut -d' ' -f1)" "$(stat -c %s "$P/Packages.xz")" >Release
	gpg --batch --quiet --yes --local-user "$1" --clearsign -o "$A/dists/bookworm/InRelease" Release
}
sign 'depsurf test'
echo 'bookworm amd64 amd64 newest' >sel.txt
run() { DEBIAN_MIRROR=file://$T/$A DEBIAN_SECURITY=file://$T/$A "$SRCDIR/tools/debian-kernels.sh" sel.txt; }

DEBIAN_KEYRING=$T/test-keyring.gpg run >out 2>err || { cat err; fail "a good archive was refused"; }
line=$(grep -v '^#' out)
set -- $line
assert_eq "id" debian-6.1.0-99-amd64 "$1"
assert_eq "package sum" "$D1" "$6"
assert_eq "package URL" '${DEBIAN_MIRROR}/pool/main/l/linux/linux-image-6.1.0-99-amd64-dbg_6.1.170-9_amd64.deb' "${7%%,*}"
assert_eq "config sum" "$D2" "$8"
# the line is valid kernels.list text
"$BIN/depsurf-kernels" out >/dev/null || fail "the generated line does not parse"
# DEBIAN_SIZES: the index's Size: of both packages, which --sizes reads
DEBIAN_SIZES=$T/sizes DEBIAN_KEYRING=$T/test-keyring.gpg run >/dev/null 2>&1 || fail "run with DEBIAN_SIZES"
printf '%s\n' 'linux-image-6.1.0-99-amd64-dbg_6.1.170-9_amd64.deb 987654321' \
	'linux-image-6.1.0-99-amd64-unsigned_6.1.170-9_amd64.deb 65432100' | diff -u - sizes >&2 ||
	fail "DEBIAN_SIZES"
"$BIN/depsurf-kernels" --sizes sizes --shard 1/1 out >/dev/null || fail "the sizes do not parse"

# a tampered Packages.xz (a sum changed) under the same signed InRelease
sed "s/$D1/$D2/" Packages | xz -c >"$P/Packages.xz"
DEBIAN_KEYRING=$T/test-keyring.gpg expect_fail "binary-amd64/Packages.xz: sha256 " run
grep -q 'the signed InRelease lists' "$T/.err" || fail "tampered index: $(cat "$T/.err")"
grep -q "$D2 debian\|$D2 \${" "$T/.out" && fail "a sum of a tampered index was written"
xz -c Packages >"$P/Packages.xz"

# a changed InRelease: its signature no longer matches
sed -i 's/^Suite: bookworm/Suite: bookwork/' "$A/dists/bookworm/InRelease"
DEBIAN_KEYRING=$T/test-keyring.gpg expect_fail "dists/bookworm/InRelease: no good signature by a key of $T/test-keyring.gpg (BADSIG)" run
# signed, but by a key the keyring does not hold
sign other
DEBIAN_KEYRING=$T/test-keyring.gpg expect_fail "dists/bookworm/InRelease: no good signature" run
# the default keyring is Debian's: it does not trust the test key
sign 'depsurf test'
if [ -r /usr/share/keyrings/debian-archive-keyring.gpg ]; then
	expect_fail "no good signature by a key of /usr/share/keyrings/debian-archive-keyring.gpg" run
fi
# past its Valid-Until: refused, unless told (a frozen mirror)
sign 'depsurf test' 'Valid-Until: Sat, 01 Jan 2000 00:00:00 UTC'
DEBIAN_KEYRING=$T/test-keyring.gpg expect_fail "dists/bookworm/InRelease: expired (Valid-Until: Sat, 01 Jan 2000" run
DEBIAN_CHECK_VALID_UNTIL=no DEBIAN_KEYRING=$T/test-keyring.gpg run >/dev/null 2>&1 || fail "DEBIAN_CHECK_VALID_UNTIL=no"
# no keyring at all: refused, naming it
DEBIAN_KEYRING=$T/none.gpg expect_fail "$T/none.gpg: no archive keyring" run
