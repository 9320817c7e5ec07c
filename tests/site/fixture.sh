# Sourced by tests/site/test-*.sh after test-subr.sh: the fixture site.
# The two images of tests/check/data (k510, k61: blk_account_io_start fully
# inlined on k61 with its inline callers, ...) copied into $T/ds with
#  - a registers.json each (that of tests/tables' k-a, the same on both,
#    which depsurf diff needs),
#  - functions A_upper and a_lower put first, vfs_fsync appended to funcs.jsonl (last by name): on k510
#    as f_fe is, on k61 as f_kp is (a clone only), so that it changes,
# then the database (depsurf-db), the pair document (depsurf diff), the
# check JSON of biolatency and fsslower compiled here, and the site in
# $T/site (depsurf site).
need clang
need jq
[ -f /usr/include/bpf/bpf_helpers.h ] || skip "libbpf headers (/usr/include/bpf) not installed"

D=$BIN/depsurf
PROGS=$SRCDIR/tests/check/progs
mkdir -p "$T/ds"
cp -r "$SRCDIR/tests/check/data/k510" "$SRCDIR/tests/check/data/k61" \
	"$SRCDIR/tests/check/data/kernels.list" "$T/ds/"
for k in k510 k61; do
	cp "$SRCDIR/tests/tables/data/dataset/k-a/registers.json" "$T/ds/$k/"
done
grep '^{"name":"f_fe"' "$T/ds/k510/funcs.jsonl" | sed 's/"name":"f_fe"/"name":"vfs_fsync"/' \
	>>"$T/ds/k510/funcs.jsonl"
grep '^{"name":"f_kp"' "$T/ds/k61/funcs.jsonl" | sed 's/"name":"f_kp"/"name":"vfs_fsync"/' \
	>>"$T/ds/k61/funcs.jsonl"
# A_upper and a_lower, first by name: two index buckets, A and a, that
# differ by case only (a page name must not)
for k in k510:f_fe k61:f_kp; do
	f=$T/ds/${k%%:*}/funcs.jsonl
	{
		grep "^{\"name\":\"${k#*:}\"" "$f" | sed "s/\"name\":\"${k#*:}\"/\"name\":\"A_upper\"/"
		grep "^{\"name\":\"${k#*:}\"" "$f" | sed "s/\"name\":\"${k#*:}\"/\"name\":\"a_lower\"/"
		cat "$f"
	} >"$f.new" && mv "$f.new" "$f"
done
"$BIN/depsurf-db" -q "$T/ds" || fail "depsurf-db on the fixture"
mkdir -p "$T/ds/diff"
rc=0
"$D" diff -o "$T/ds/diff/k510__k61.json" "$T/ds/k510" "$T/ds/k61" >/dev/null || rc=$?
[ $rc -eq 4 ] || [ $rc -eq 12 ] || fail "depsurf diff on the fixture: exit $rc"
for p in biolatency fsslower; do
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$PROGS" -c "$PROGS/$p.bpf.c" -o "$T/$p.bpf.o" ||
		fail "clang: $p.bpf.c"
	rc=0
	"$D" check --json -d "$T/ds" "$T/$p.bpf.o" >"$T/$p.json" || rc=$?
	[ $rc -le 1 ] || fail "depsurf check $p: exit $rc"
done
"$D" site -d "$T/ds" -c "$T/biolatency.json" -c "$T/fsslower.json" -o "$T/site" 2>"$T/site.err" ||
	{ cat "$T/site.err" >&2; fail "depsurf site on the fixture"; }
