#!/bin/sh
# The dataset build's record of one run, for the release MANIFEST (depsurf
# release reads DATASET_DIR/.build/run-*: the earliest start, the latest end).
#   tools/build-record.sh DATASET_DIR SHARD START
# SHARD is "" for a whole run (run-all) or I/N (run-shard-I-of-N); START
# the run's start, ISO 8601 UTC; the end is now. A whole run drops every
# other record; a shard drops run-all and the records of another N, so the
# records always describe the runs that built the dataset as it is.
set -eu
dir=$1/.build shard=$2 start=$3
mkdir -p "$dir"
if [ -z "$shard" ]; then
	tag=all
	for f in "$dir"/run-*; do [ "$f" = "$dir/run-all" ] || rm -f "$f"; done
else
	n=${shard#*/}
	tag="shard-${shard%/*}-of-$n"
	rm -f "$dir/run-all"
	for f in "$dir"/run-shard-*; do
		case $f in *"-of-$n") ;; *) rm -f "$f" ;; esac
	done
fi
printf 'start %s\nend %s\n' "$start" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$dir/.run-$tag.tmp.$$"
mv -f "$dir/.run-$tag.tmp.$$" "$dir/run-$tag"
