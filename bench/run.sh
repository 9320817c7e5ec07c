#!/usr/bin/env bash
# make bench: runs every bench/stage-*.sh. Each measures one stage on a real
# image (BENCH_DEB / BENCH_VMLINUX, see README "Benchmarks") and prints
# "stage  wall_s  peak_rss_MiB  note" lines; a stage without its input skips.
set -u
cd "$(dirname "$0")/.."
export BIN SRCDIR
. bench/lib.sh
printf '%-28s %8s %10s  %s\n' stage wall_s rss_MiB note
rc=0
for b in bench/stage-*.sh; do
	[ -e "$b" ] || continue
	bash "$b" || rc=1
done
exit $rc
