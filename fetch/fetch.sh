#!/usr/bin/env bash
# The fetch stage (SPEC §3, §8): download one package into a flat folder.
#
#   fetch/fetch.sh DIR SHA256 URL [URL...]
#
# The file is stored as DIR/<last path component of the URL>. A present file
# whose sha256 matches is never fetched again; an interrupted download
# resumes (DIR/<file>.part); URLs are tried in order with retries; file://
# works. SHA256 "-" means unknown: the sum seen is recorded in
# DIR/<file>.sha256 and later runs hold the file to it. A checksum mismatch
# fails naming the file, the expected and the actual sum, and never replaces
# a good file. URLs whose ${VAR} base was left empty are skipped.
set -u
prog=fetch
case ${1:-} in -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
[ $# -ge 3 ] || { echo "usage: fetch/fetch.sh DIR SHA256 URL [URL...]" >&2; exit 2; }
dir=$1 want=$2; shift 2
name=${1##*/}
dest=$dir/$name
mkdir -p "$dir" || exit 1

sum_of() { sha256sum "$1" | cut -d' ' -f1; }
record() { echo "$1" >"$dest.sha256.tmp" && mv "$dest.sha256.tmp" "$dest.sha256"; }

# A recorded sum (from an earlier "-" fetch) binds like a listed one.
if [ "$want" = - ] && [ -s "$dest.sha256" ]; then
	want=$(cat "$dest.sha256")
fi
if [ -f "$dest" ]; then
	have=$(sum_of "$dest")
	if [ "$want" = - ]; then
		record "$have"
		exit 0
	fi
	[ "$have" = "$want" ] && exit 0
	echo "$prog: $dest: present but its sha256 is $have, expected $want; fetching again" >&2
fi

tries=${FETCH_RETRIES:-3}
last_err="no usable URL (mirror variables empty?)"
for url in "$@"; do
	case $url in
	http://*|https://*|file://*) ;;
	*) continue ;;
	esac
	for attempt in $(seq 1 "$tries"); do
		echo "$prog: $name: downloading from ${url%/*}/ (attempt $attempt/$tries)" >&2
		progress=--silent
		[ -t 2 ] && progress=--progress-bar
		# -C - resumes the .part file of an interrupted run.
		curl --fail --location $progress --show-error \
			--connect-timeout 20 -C - -o "$dest.part" "$url" 2>"$dest.err"
		rc=$?
		if [ $rc -eq 0 ]; then
			have=$(sum_of "$dest.part")
			if [ "$want" != - ] && [ "$have" != "$want" ]; then
				rm -f "$dest.part" "$dest.err"
				echo "$prog: $dest: sha256 mismatch: expected $want, got $have (from $url)" >&2
				exit 1
			fi
			mv "$dest.part" "$dest" && rm -f "$dest.err"
			[ "$want" = - ] && record "$have"
			exit 0
		fi
		last_err="$url: $(tail -n1 "$dest.err" | sed 's/^curl: ([0-9]*) //')"
		# A range the server cannot satisfy: the .part is stale, restart.
		grep -qiE 'range|\((33|36)\)' "$dest.err" && rm -f "$dest.part"
		# not found (HTTP 4xx, missing file): retrying this URL cannot help
		case $rc in 22|37) grep -q ' 5[0-9][0-9]' "$dest.err" || break ;; esac
		[ "$attempt" -lt "$tries" ] && sleep "${FETCH_BACKOFF:-2}"
	done
done
rm -f "$dest.err"
echo "$prog: $dest: download failed: $last_err" >&2
exit 1
