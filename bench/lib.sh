# Sourced by bench scripts. measure NAME NOTE CMD...: runs CMD under
# /usr/bin/time and prints wall seconds and peak RSS (MiB).
: "${BENCH_CACHE:=${DOWNLOAD_DIR:-download}}"
measure() {
	name=$1 note=$2; shift 2
	tf=$(mktemp)
	if /usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$tf.err"; then
		read -r wall rss <"$tf"
		printf '%-28s %8s %10d  %s\n' "$name" "$wall" $((rss / 1024)) "$note"
	else
		printf '%-28s %8s %10s  %s\n' "$name" FAIL - "$(tail -n1 "$tf.err")"
	fi
	rm -f "$tf" "$tf.err"
}
