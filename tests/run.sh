#!/usr/bin/env bash
# Runs every test-*.sh under tests/ (tests/<source dir>/…, mirroring the
# sources; not tests/integration/, which needs a real image, nor the helpers
# of tests/include/) and the C unit-test driver of every t-*.c under tests/,
# built by the Makefile as $TBIN/<same path> — or only the tests named on the
# command line. Prints one line per test and a summary. Not tests/fuzz/
# either: its runners need the clang fuzz build (`make fuzz`).
# Verdict of a test's exit status, here and for `make integration` (which
# runs tests/integration/*.sh through this script): 0 pass, 77 skip,
# anything else fail. Exit 0 when nothing failed.
# TESTS_VERBOSE=1 also prints the output of passing and skipped tests.
set -u
TBIN=${TBIN:-}
cd "$(dirname "$0")/.."
export BIN TBIN SRCDIR
pass=0 fail=0 skipped=0 failed=()
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	mapfile -t tests < <(find tests -path tests/integration -prune -o -path tests/include -prune \
		-o -path tests/fuzz -prune -o -type f -name 'test-*.sh' -print | LC_ALL=C sort)
	# drivers from their sources, so a stale binary of a moved or deleted
	# t-*.c is never run and one that was not built fails
	mapfile -t -O ${#tests[@]} tests < <(find tests -type f -name 't-*.c' | LC_ALL=C sort |
		sed "s|^tests/|$TBIN/|; s|\\.c\$||")
fi
for t in "${tests[@]}"; do
	name=$t; [ -n "$TBIN" ] && name=${t#"$TBIN"/}
	start=$(date +%s)
	if [[ $t == *.sh ]]; then bash "$t" >"/tmp/depsurf-test-$$.log" 2>&1; else "$t" >"/tmp/depsurf-test-$$.log" 2>&1; fi
	rc=$?
	secs=$(( $(date +%s) - start ))
	case $rc in
	0) pass=$((pass + 1)); echo "PASS $name (${secs}s)"
	   [ "${TESTS_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "/tmp/depsurf-test-$$.log" ;;
	77) skipped=$((skipped + 1)); echo "SKIP $name: $(tail -n1 /tmp/depsurf-test-$$.log)"
	   [ "${TESTS_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "/tmp/depsurf-test-$$.log" ;;
	*) fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name (rc $rc)"; sed 's/^/    /' "/tmp/depsurf-test-$$.log" | tail -n 40 ;;
	esac
done
rm -f "/tmp/depsurf-test-$$.log"
echo "tests: $pass passed, $fail failed, $skipped skipped"
[ $fail -eq 0 ]
