#!/bin/sh
# The last words of `make dataset`: one line per selected image, ok or
# failed and why, and a non-zero exit if any failed.
#   tools/summary.sh WORK_DIR DATASET_DIR ID...
set -u
work=$1 dataset=$2; shift 2
ok=0 failed=0
echo "dataset: summary"
for id in "$@"; do
	if [ -f "$work/$id/FAILED" ]; then
		echo "  FAILED $id: $(cat "$work/$id/FAILED")"
		failed=$((failed + 1))
	elif [ -f "$dataset/$id/meta.json" ]; then
		echo "  ok     $id"
		ok=$((ok + 1))
	else
		echo "  FAILED $id: not built (see the make messages above)"
		failed=$((failed + 1))
	fi
done
echo "dataset: $ok ok, $failed failed"
[ "$failed" -eq 0 ]
