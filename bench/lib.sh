# Sourced by bench scripts. measure NAME NOTE CMD...: runs CMD under
# /usr/bin/time and prints wall seconds and peak RSS (MiB).
#
# BENCH_OLD_BIN=DIR (a previous build's bin/, e.g. a worktree of the last
# release): a CMD that runs one of $BIN's tools is also run with DIR's tool
# of the same name, the two alternating, and both lines are printed
# ("NAME" and "NAME@old") so a change is measured side by side on one
# machine in one run. BENCH_RUNS=N (default 1, or 3 with BENCH_OLD_BIN):
# the median wall time and peak RSS of N runs.
: "${BENCH_CACHE:=${DOWNLOAD_DIR:-download}}"

# One run of CMD: "wall rss_kib" on stdout, or the last error line and 1.
run_once() {
	tf=$(mktemp)
	if /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$tf.err"; then
		cat "$tf"
		rm -f "$tf" "$tf.err"
		return 0
	fi
	tail -n1 "$tf.err"
	rm -f "$tf" "$tf.err"
	return 1
}

median() { sort -n | awk 'NF { v[++n] = $1 } END { print v[int((n + 1) / 2)] }'; }

print_row() {	# NAME NOTE WALLS RSSES
	printf '%-28s %8s %10d  %s\n' "$1" "$(echo "$3" | median)" \
		$(( $(echo "$4" | median) / 1024 )) "$2"
}

measure() {
	name=$1 note=$2; shift 2
	old=()
	if [ -n "${BENCH_OLD_BIN:-}" ] && [ "${1#"$BIN"/}" != "$1" ] &&
	   [ -x "$BENCH_OLD_BIN/${1#"$BIN"/}" ]; then
		old=("$BENCH_OLD_BIN/${1#"$BIN"/}" "${@:2}")
	fi
	runs=${BENCH_RUNS:-$([ ${#old[@]} -gt 0 ] && echo 3 || echo 1)}
	walls="" rsses="" owalls="" orsses=""
	for _ in $(seq "$runs"); do
		if ! r=$(run_once "$@"); then
			printf '%-28s %8s %10s  %s\n' "$name" FAIL - "$r"
			return 0
		fi
		walls+="${r% *}"$'\n' rsses+="${r#* }"$'\n'
		if [ ${#old[@]} -gt 0 ] && r=$(run_once "${old[@]}"); then
			owalls+="${r% *}"$'\n' orsses+="${r#* }"$'\n'
		fi
	done
	print_row "$name" "$note" "$walls" "$rsses"
	[ -n "$owalls" ] && print_row "$name@old" "the same, $BENCH_OLD_BIN" "$owalls" "$orsses"
	return 0
}
