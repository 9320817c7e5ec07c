#!/bin/sh
# The last words of `make dataset`: one line per selected image, ok or
# failed and why, and a non-zero exit if any failed.
#   tools/summary.sh WORK_DIR DATASET_DIR ID...
# A failed image's reason joins its per-stage files WORK_DIR/<id>/FAILED.*
# (written atomically by dataset.mk), in stage-name order. Its failure
# marker DATASET_DIR/.build/failed/<id> (the reason; the release MANIFEST
# and the CI shard artifacts carry it) is written, and removed once it builds.
# The Ubuntu images (SUMMARY_UBUNTU_IDS) that failed only at fetch are one
# line, not one each: that is an archive this machine cannot reach, and the
# line says how to get them (UBUNTU_DDEBS).
set -u
work=$1 dataset=$2; shift 2
ok=0 failed=0 unreachable=0 first_unreachable=
marks=$dataset/.build/failed

# the reasons of image $1, joined with "; "
reason() {
	r=
	for f in "$work/$1"/FAILED "$work/$1"/FAILED.*; do
		case $f in *.tmp.*) continue ;; esac
		[ -f "$f" ] || continue
		r="${r:+$r; }$(head -n1 "$f")"
	done
	printf '%s' "$r"
}

# did image $1 fail at fetch only?
fetch_only() {
	for f in "$work/$1"/FAILED "$work/$1"/FAILED.*; do
		case $f in *.tmp.*) continue ;; esac
		[ -f "$f" ] || continue
		case ${f##*/} in FAILED.fetch-*) ;; *) return 1 ;; esac
	done
	return 0
}

# shellcheck disable=SC2086 # word splitting: newlines to blanks
ubuntu_ids=" $(echo ${SUMMARY_UBUNTU_IDS:-}) "
is_ubuntu() {
	case $ubuntu_ids in *" $1 "*) return 0 ;; esac
	return 1
}

mark() { # ID REASON
	mkdir -p "$marks" && printf '%s\n' "$2" >"$marks/.$1.tmp.$$" && mv -f "$marks/.$1.tmp.$$" "$marks/$1"
}

echo "dataset: summary"
held=
for id in "$@"; do
	r=$(reason "$id")
	if [ -z "$r" ] && [ -f "$dataset/$id/meta.json" ]; then
		echo "  ok     $id"
		ok=$((ok + 1))
		rm -f "$marks/$id"
		continue
	fi
	[ -n "$r" ] || r="not built (see the make messages above)"
	failed=$((failed + 1))
	mark "$id" "$r"
	if is_ubuntu "$id" && fetch_only "$id"; then
		unreachable=$((unreachable + 1))
		held="$held $id"
		[ -n "$first_unreachable" ] || first_unreachable=$r
		continue
	fi
	echo "  FAILED $id: $r"
done
if [ "$unreachable" -eq 1 ]; then
	echo "  FAILED${held}: $first_unreachable"
elif [ "$unreachable" -gt 1 ]; then
	if [ -n "${UBUNTU_DDEBS:-}" ]; then where="from Launchpad nor from UBUNTU_DDEBS=$UBUNTU_DDEBS"
	else where="from Launchpad (and UBUNTU_DDEBS is not set)"; fi
	echo "  FAILED $unreachable Ubuntu images: their packages could not be downloaded $where;" \
		"set UBUNTU_DDEBS to a reachable Ubuntu ddebs mirror (make dataset UBUNTU_DDEBS=http://HOST/ubuntu)," \
		"or DISTRO=debian to leave them out. The first: $first_unreachable"
fi
echo "dataset: $ok ok, $failed failed"
[ "$failed" -eq 0 ]
