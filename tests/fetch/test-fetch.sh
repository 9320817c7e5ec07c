#!/bin/bash
# fetch stage: URL order, checksum, resume, never replacing a good file.
. "$SRCDIR/tests/include/test-subr.sh"
need curl
F=$SRCDIR/fetch/fetch.sh
export FETCH_BACKOFF=0
head -c 300000 /dev/urandom >pkg.deb
S=$(sha256sum pkg.deb | cut -d' ' -f1)

# first URL missing, second good; an empty-mirror URL is skipped
$F d "$S" /pool/pkg.deb "file://$T/nope/pkg.deb" "file://$T/pkg.deb" 2>log || fail "fetch failed"
cmp -s d/pkg.deb pkg.deb || fail "content differs"
# present with a matching sum: no download at all
$F d "$S" "file://$T/gone/pkg.deb" 2>log || fail "re-fetch of a present file"
[ ! -s log ] || fail "present file was downloaded again: $(cat log)"

# checksum mismatch: one line naming file, expected and actual; nothing left
W=0000000000000000000000000000000000000000000000000000000000000000
# (the exit status is the fetch script's own: no pipeline in between)
if "$F" d2 "$W" "file://$T/pkg.deb" >/dev/null 2>err; then
	fail "sha256 mismatch accepted (exit 0)"
fi
grep -v ': downloading from ' err >err.rest || true
assert_eq "mismatch message" \
	"fetch: d2/pkg.deb: sha256 mismatch: expected $W, got $S (from file://$T/pkg.deb)" \
	"$(cat err.rest)"
[ ! -e d2/pkg.deb ] && [ ! -e d2/pkg.deb.part ] || fail "mismatching file left in place"
# a good file is never replaced by a mismatching download
$F d "$W" "file://$T/pkg.deb" 2>/dev/null && fail "mismatch accepted"
cmp -s d/pkg.deb pkg.deb || fail "good file was replaced"

# unknown sum: recorded, and binding afterwards
$F d3 - "file://$T/pkg.deb" 2>/dev/null || fail "fetch with unknown sum"
assert_eq "recorded sum" "$S" "$(cat d3/pkg.deb.sha256)"

# resume an interrupted download
mkdir d4 && head -c 1000 pkg.deb >d4/pkg.deb.part
$F d4 "$S" "file://$T/pkg.deb" 2>/dev/null || fail "resume failed"
cmp -s d4/pkg.deb pkg.deb || fail "resumed file differs"

# every URL failing
$F d5 "$S" "file://$T/a/pkg.deb" "file://$T/b/pkg.deb" 2>err && fail "missing file fetched"
tail -n1 err | grep -q "d5/pkg.deb: download failed: file://$T/b/pkg.deb" || fail "bad failure message: $(tail -n1 err)"
[ ! -e d5/pkg.deb ] || fail "failed download left a file"

# --- a package is checked every time it is used
# a present file with one byte changed (size and mtime kept) is caught and
# fetched again; the message names the expected and the actual sum
cp pkg.deb bad.deb && printf 'X' | dd of=bad.deb bs=1 seek=5000 conv=notrunc 2>/dev/null
B=$(sha256sum bad.deb | cut -d' ' -f1)
cp bad.deb d/pkg.deb && touch -r pkg.deb d/pkg.deb
$F d "$S" "file://$T/pkg.deb" 2>log || fail "refetch of a changed file failed"
grep -qF "fetch: d/pkg.deb: present but its sha256 is $B, expected $S; fetching again" log ||
	fail "changed file not named with both sums: $(cat log)"
cmp -s d/pkg.deb pkg.deb || fail "changed file was kept"
# ... and with no good source left, it fails naming both sums
cp bad.deb d/pkg.deb
$F d "$S" "file://$T/gone/pkg.deb" 2>err && fail "a changed file was accepted"
tail -n1 err | grep -qF "d/pkg.deb: present but its sha256 is $B, expected $S; download failed" ||
	fail "bad failure message: $(tail -n1 err)"
# --sum: the check before use, with the sum on stdout
cp pkg.deb d/pkg.deb
assert_eq "--sum" "$S" "$($F --sum d "$S" pkg.deb)"
cp bad.deb d/pkg.deb
expect_fail "fetch: d/pkg.deb: sha256 mismatch: expected $S, got $B" $F --sum d "$S" pkg.deb
# a warm check does not rehash (sha256sum is not run), a touched file is rehashed
cp pkg.deb d/pkg.deb
$F --sum d "$S" pkg.deb >/dev/null || fail "--sum of a good file"
mkdir stub && printf '#!/bin/sh\ntouch %s/HASHED\nexec /usr/bin/sha256sum "$@"\n' "$T" >stub/sha256sum && chmod +x stub/sha256sum
PATH=$T/stub:$PATH $F --sum d "$S" pkg.deb >/dev/null || fail "warm --sum"
PATH=$T/stub:$PATH $F d "$S" "file://$T/gone/pkg.deb" 2>/dev/null || fail "warm fetch"
[ ! -e HASHED ] || fail "a warm check rehashed the package"
touch d/pkg.deb
PATH=$T/stub:$PATH $F --sum d "$S" pkg.deb >/dev/null || fail "--sum after touch"
[ -e HASHED ] || fail "a touched package was not rehashed"

# a resumed download that does not match is discarded and fetched whole
mkdir d6 && head -c 1000 /dev/urandom >d6/pkg.deb.part
$F d6 "$S" "file://$T/pkg.deb" 2>log || fail "a bad resume was not fetched whole: $(cat log)"
grep -q 'resumed download has sha256 .*discarded, fetching whole' log || fail "bad resume not reported"
cmp -s d6/pkg.deb pkg.deb || fail "bad resume: file differs"
# with sha256 "-" a .part is never resumed (nothing could tell it is stale)
mkdir d7 && head -c 1000 /dev/urandom >d7/pkg.deb.part
$F d7 - "file://$T/pkg.deb" 2>/dev/null || fail "fetch with unknown sum and a stale .part"
cmp -s d7/pkg.deb pkg.deb || fail "a stale .part was spliced into an unknown-sum package"
assert_eq "recorded sum after a stale .part" "$S" "$(cat d7/pkg.deb.sha256)"
# a URL's ${VAR} base comes from the environment; unknown or empty: skipped
mkdir -p mirror/pool && cp pkg.deb mirror/pool/
DEBIAN_MIRROR=file://$T/mirror $F d8 "$S" '${DEBIAN_MIRROR}/pool/pkg.deb' 2>/dev/null || fail "\${DEBIAN_MIRROR} URL"
cmp -s d8/pkg.deb pkg.deb || fail "\${DEBIAN_MIRROR} URL: content"
HOME=file://$T/mirror $F d9 "$S" '${HOME}/pool/pkg.deb' 2>err && fail "a \${HOME} URL was used"
DEBIAN_MIRROR= $F d9 "$S" '${DEBIAN_MIRROR}/pool/pkg.deb' 2>err && fail "an empty \${DEBIAN_MIRROR} URL was used"
grep -q 'no usable URL' err || fail "empty mirror: $(cat err)"

# fetch killed mid-download (SIGTERM: timeout, make): curl ends with it and
# nothing but the resumable .part is left
mkfifo slow.deb
$F d10 "$S" "file://$T/slow.deb" 2>/dev/null &
fpid=$!
for _ in $(seq 50); do [ -e d10/slow.deb.err ] && break; sleep 0.1; done
sleep 0.3
kill -TERM "$fpid"
wait "$fpid" && fail "a killed fetch exited 0"
# with curl gone the fifo has no reader: opening it to write blocks
if timeout 2 sh -c "echo x >'$T/slow.deb'"; then fail "curl outlived the killed fetch"; fi
left=$(cd d10 && ls | grep -v '^slow.deb.part$' || true)
[ -z "$left" ] || fail "a killed fetch left: $left"
