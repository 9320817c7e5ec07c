# Sourced by every tests/**/test-*.sh runner (after elfutils' test-subr.sh).
# Gives a private temp dir (kept on failure), LC_ALL=C, and small asserts.
# Exit codes: 0 pass, 77 skip, anything else fail.
set -eu
export LC_ALL=C
: "${BIN:?BIN must point at the built tools (run through make check)}"
: "${SRCDIR:?}"
TBIN=${TBIN:-}
T=$(mktemp -d "${TMPDIR:-/tmp}/depsurf-test.XXXXXX")
trap 'rc=$?; if [ $rc -eq 0 ] || [ $rc -eq 77 ]; then rm -rf "$T"; else echo "  kept $T" >&2; fi' EXIT
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 not installed"; }
# need_cross CC: CC is installed, or the test fails, since tools/deps.sh
# installs every cross compiler. Only on a host that declined them
# (DEPS_CROSS=0, as for tools/deps.sh) is CC added to $not_run and
# need_cross returns 1: the test runs the rest, then skips naming $not_run.
not_run=
need_cross() {
	command -v "$1" >/dev/null 2>&1 && return 0
	[ "${DEPS_CROSS:-1}" = 0 ] ||
		fail "$1 not installed (tools/deps.sh installs it; DEPS_CROSS=0 skips cross builds)"
	not_run="$not_run $1"
	return 1
}

# expect_fail FILE_FRAGMENT CMD...: CMD must exit non-zero with exactly one
# stderr line that mentions FILE_FRAGMENT.
expect_fail() {
	frag=$1; shift
	if "$@" >"$T/.out" 2>"$T/.err"; then
		fail "expected failure: $*"
	fi
	n=$(wc -l <"$T/.err")
	[ "$n" -eq 1 ] || { cat "$T/.err" >&2; fail "expected one error line, got $n: $*"; }
	grep -qF -- "$frag" "$T/.err" || { cat "$T/.err" >&2; fail "error does not name $frag: $*"; }
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}
