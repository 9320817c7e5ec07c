#!/usr/bin/env bash
# depsurf-config on a real config: one key per CONFIG_ line (set or "is not
# set"), values as written.
#   IMG_DIR=/work/cache/img/debian-6.1.0-47-amd64 BIN=build/opt/bin tests/integration/config.sh
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRCDIR/tests/include/test-subr.sh"
: "${IMG_DIR:?IMG_DIR must name an image dir with config}"
need jq
C=$IMG_DIR/config
[ -f "$C" ] || skip "$C missing"
"$BIN/depsurf-config" "$C" -o config.json || fail "depsurf-config failed"
lines=$(grep -c -E '^CONFIG_|^# CONFIG_[A-Za-z0-9_]+ is not set$' "$C")
assert_eq "keys" "$lines" "$(jq length config.json)"
assert_eq "all CONFIG_ mentions" "$(grep -c CONFIG_ "$C")" "$(jq length config.json)"
assert_eq "set" "$(grep -c '^CONFIG_' "$C")" "$(jq '[.[] | select(. != null)] | length' config.json)"
# every unquoted assignment round-trips textually
grep '^CONFIG_[A-Za-z0-9_]*=[^"]' "$C" | sort >plain.want
jq -r 'to_entries[] | select(.value != null and (.value | test("^[^\"]") ) ) | "\(.key)=\(.value)"' config.json |
	grep -v '=$' | sort >plain.got || true
comm -23 plain.want plain.got >plain.bad
[ -s plain.bad ] && { head plain.bad >&2; fail "values differ"; }
echo "config: $(jq length config.json) options ($(grep -c '^CONFIG_' "$C") set, $(jq '[.[] | select(. == null)] | length' config.json) not set)"
exit 0
