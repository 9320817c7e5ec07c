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
