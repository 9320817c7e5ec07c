#!/usr/bin/env bash
# tests/fuzz/test-regress.sh [HARNESS...]: every saved input of
# tests/fuzz/regress/<harness>/ through $FUZZ_BIN/fuzz-<harness> (libFuzzer
# runs file arguments once each); a crash, leak or timeout fails. Run by
# `make fuzz` (the harnesses are clang -fsanitize=fuzzer binaries, not part
# of `make check`'s gcc build). One line per failing file.
set -u
: "${FUZZ_BIN:?}"
R=$(cd "$(dirname "$0")" && pwd)/regress
[ $# -gt 0 ] || set -- $(ls "$R")
n=0 bad=0
for h in "$@"; do
	[ -d "$R/$h" ] || continue
	for f in "$R/$h"/*; do
		[ -f "$f" ] || continue
		case $f in *.txt|*.md) continue ;; esac
		n=$((n + 1))
		log=$(mktemp)
		if ! "$FUZZ_BIN/fuzz-$h" -rss_limit_mb=2048 -timeout=10 "$f" >"$log" 2>&1; then
			bad=$((bad + 1))
			echo "regress: FAIL fuzz-$h ${f#"$R"/}: $(grep -m1 -E '^SUMMARY|ERROR:|runtime error|ALARM' "$log")"
		fi
		rm -f "$log"
	done
done
echo "regress: $n inputs, $bad failed (harnesses)"
[ $bad -eq 0 ]
