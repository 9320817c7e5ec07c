#!/usr/bin/env bash
# tests/fuzz/test-regress-tools.sh: the saved inputs of tests/fuzz/regress/
# through the tools themselves ($BIN: the SAN=1 build of `make check`):
# depsurf-<name> on the ELF inputs of an extractor harness, depsurf-unpack
# on the deb inputs, depsurf-config on the kconfig ones, depsurf-kernels --mk
# on the kernels-list ones, depsurf check (on the tests/check dataset) on the
# bpfobj ones. A bad input may fail (exit 1 with one line on stderr; for
# depsurf check, whose bad object is exit 2, 2 too); a sanitizer report, a signal, another
# status, or more than 30 s fails the test. One line per failing file.
set -u
: "${BIN:?}"
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
R=$(cd "$(dirname "$0")" && pwd)/regress
T=$(mktemp -d "${TMPDIR:-/tmp}/depsurf-regress.XXXXXX")
trap 'rm -rf "$T"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
n=0 bad=0
for dir in "$R"/*/; do
	h=$(basename "$dir")
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		case $f in *.txt|*.md) continue ;; esac
		case $h in
		deb) cmd=("$BIN/depsurf-unpack" --threads 1 "$f"
			"usr/lib/debug/boot/vmlinux-*|usr/lib/debug/lib/modules/*/vmlinux=$T/vmlinux"
			"boot/config-*=$T/config") ;;
		kconfig) cmd=("$BIN/depsurf-config" "$f" -o "$T/config.json") ;;
		kernels-list) cmd=("$BIN/depsurf-kernels" --mk "$f" -o "$T/kernels.mk") ;;
		bpfobj) cmd=("$BIN/depsurf" check -d "$SRCDIR/tests/check/data" "$f") ;;
		*) cmd=("$BIN/depsurf-$h" "$f" -d "$T/out") ;;
		esac
		n=$((n + 1))
		rm -rf "$T/out" "$T/vmlinux" "$T/config"
		timeout 30 "${cmd[@]}" >"$T/stdout" 2>"$T/stderr"
		rc=$?
		lines=$(wc -l <"$T/stderr")
		bad_rc=1
		[ "$h" = bpfobj ] && bad_rc=2
		if { [ $rc -ne 0 ] && [ $rc -ne 1 ] && [ $rc -ne $bad_rc ]; } ||
			grep -qE 'Sanitizer|runtime error' "$T/stderr" ||
			{ [ $rc -eq $bad_rc ] && [ "$lines" -ne 1 ]; }; then
			bad=$((bad + 1))
			why=$(grep -m1 -E '^SUMMARY|ERROR:|runtime error' "$T/stderr")
			[ $rc -eq 124 ] && why="timeout (30 s)"
			echo "regress-tools: FAIL $(basename "${cmd[0]}") ${f#"$R"/}: rc $rc: ${why:-$(head -c 200 "$T/stderr")}"
		fi
	done
done
echo "regress-tools: $n inputs, $bad failed (stage programs)"
[ $bad -eq 0 ]
