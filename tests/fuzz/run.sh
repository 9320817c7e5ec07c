#!/usr/bin/env bash
# tests/fuzz/run.sh HARNESS...: the `make fuzz` runner. Makes the seed corpora
# (mkseeds.sh) into $FUZZ_BIN/corpus/<harness>/, runs each harness
# $FUZZ_BIN/fuzz-<harness> for $FUZZ_SECONDS with -rss_limit_mb=2048
# -timeout=10 (FUZZ_JOBS at once, default 1), a crash/leak/timeout/OOM input
# saved under $FUZZ_BIN/findings/<harness>/; prints per harness the
# executions and the final cov:/ft: of libFuzzer; then the regression inputs
# of tests/fuzz/regress/ (test-regress.sh, test-regress-tools.sh).
# Exit 1 on any finding or failed regression input.
set -u
export LC_ALL=C
: "${SRCDIR:?}" "${FUZZ_BIN:?}" "${BIN:?}"
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_JOBS=${FUZZ_JOBS:-1}
FUZZ_FLAGS=${FUZZ_FLAGS:-}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
cd "$SRCDIR"
"$SRCDIR/tests/fuzz/mkseeds.sh" "$FUZZ_BIN/corpus" >"$FUZZ_BIN/seeds.log" 2>&1 ||
	{ cat "$FUZZ_BIN/seeds.log" >&2; echo "fuzz: seeds failed" >&2; exit 1; }

# run_one HARNESS: log in $FUZZ_BIN/logs/HARNESS.log, exit status of libFuzzer
run_one() {
	h=$1
	mkdir -p "$FUZZ_BIN/logs" "$FUZZ_BIN/findings/$h"
	# shellcheck disable=SC2086
	"$FUZZ_BIN/fuzz-$h" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$FUZZ_BIN/findings/$h/" $FUZZ_FLAGS \
		"$FUZZ_BIN/corpus/$h" >"$FUZZ_BIN/logs/$h.log" 2>&1
}

# report HARNESS RC: one line; 1 on a finding
report() {
	h=$1 rc=$2 log=$FUZZ_BIN/logs/$1.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -n1)
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
	found=$(find "$FUZZ_BIN/findings/$h" -type f | wc -l)
	if [ "$rc" -eq 0 ] && [ "$found" -eq 0 ]; then
		printf 'fuzz: %-13s ok      %10s execs  cov: %-6s ft: %s\n' "$h" "${execs:-?}" "$cov" "$ft"
		return 0
	fi
	printf 'fuzz: %-13s FINDING %10s execs  cov: %-6s ft: %s  (rc %s, %s)\n' "$h" \
		"${execs:-?}" "$cov" "$ft" "$rc" "$(find "$FUZZ_BIN/findings/$h" -type f | head -n1)"
	grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|ALARM|out-of-memory' "$log" | sed 's/^/    /'
	grep -m3 -E '^ +#[0-9]+ 0x' "$log" | sed 's/^/    /'
	return 1
}

bad=0
harnesses=("$@")
i=0
while [ $i -lt ${#harnesses[@]} ]; do
	pids=() names=()
	for ((j = 0; j < FUZZ_JOBS && i < ${#harnesses[@]}; j++, i++)); do
		h=${harnesses[$i]}
		rm -rf "$FUZZ_BIN/findings/$h"
		run_one "$h" & pids+=($!) names+=("$h")
	done
	for ((j = 0; j < ${#pids[@]}; j++)); do
		wait "${pids[$j]}"; rc=$?
		report "${names[$j]}" $rc || bad=1
	done
done

FUZZ_BIN=$FUZZ_BIN bash "$SRCDIR/tests/fuzz/test-regress.sh" "${harnesses[@]}" || bad=1
BIN=$BIN bash "$SRCDIR/tests/fuzz/test-regress-tools.sh" || bad=1
[ $bad -eq 0 ] || { echo "fuzz: FAILED (logs in $FUZZ_BIN/logs/)" >&2; exit 1; }
echo "fuzz: ok"
