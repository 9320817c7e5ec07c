#!/usr/bin/env bash
# The fetch stage (README "Stages", "kernels.list"): download one package into a flat folder,
# and check a package every time it is used.
#
#   fetch/fetch.sh DIR SHA256 URL [URL...]   make DIR/<file> the package
#   fetch/fetch.sh --sum DIR SHA256 FILE     check DIR/FILE; print its sum
#
# The file is stored as DIR/<last path component of the URL>. A present file
# is checked against SHA256 every time; the verified sum is cached in
# DIR/<file>.verified keyed by size, mtime, ctime and inode, so a warm run
# does not rehash. A present file that does not match is fetched again; an
# interrupted download resumes (DIR/<file>.part) unless SHA256 is "-", and a
# resumed file that does not match is discarded and fetched whole. URLs are
# tried in order with retries; file:// works; a leading ${DEBIAN_MIRROR},
# ${DEBIAN_SECURITY}, ${DEBIAN_SNAPSHOT} or ${UBUNTU_DDEBS} is expanded from
# the environment, and a URL whose variable is empty is skipped. SHA256 "-"
# means unknown: the sum seen is recorded in DIR/<file>.sha256 and later
# runs hold the file to it. A mismatch fails naming the file, the expected
# and the actual sum, and never replaces a good file.
set -u
prog=fetch
case ${1:-} in -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
mode=fetch
[ "${1:-}" = --sum ] && { mode=sum; shift; }
[ $# -ge 3 ] || { echo "usage: fetch/fetch.sh [--sum] DIR SHA256 URL [URL...]" >&2; exit 2; }
dir=$1 want=$2; shift 2
name=${1##*/}
dest=$dir/$name
case $name in ''|.|..|*.part|*.sha256|*.verified|*.tmp.*)
	echo "$prog: $1: not a package file name" >&2; exit 2 ;;
esac

sum_of() { sha256sum <"$1" | cut -d' ' -f1; }
stat_key() { stat -L -c '%s %.9Y %.9Z %i' "$1" 2>/dev/null; }
put() { # FILE TEXT: atomically
	printf '%s\n' "$2" >"$1.tmp.$$" && mv -f "$1.tmp.$$" "$1" || { rm -f "$1.tmp.$$"; return 1; }
}
# A recorded sum (from an earlier "-" fetch) binds like a listed one.
if [ "$want" = - ] && [ -s "$dest.sha256" ]; then
	want=$(cat "$dest.sha256")
fi

# verify: 0 when $dest holds $want (or "-": then its sum is recorded);
# sets $have. The cache line is "SIZE MTIME CTIME INODE SHA256".
verify() {
	local key cached
	have=
	key=$(stat_key "$dest") || return 1
	if [ "$want" != - ] && [ -f "$dest.verified" ]; then
		cached=$(cat "$dest.verified" 2>/dev/null)
		[ "$cached" = "$key $want" ] && { have=$want; return 0; }
	fi
	have=$(sum_of "$dest") || return 1
	# the key again: a file that changed while hashed is not cached
	[ "$(stat_key "$dest")" = "$key" ] || return 1
	if [ "$want" = - ]; then
		want=$have
		put "$dest.sha256" "$have" || return 1
	fi
	[ "$have" = "$want" ] || { rm -f "$dest.verified"; return 1; }
	put "$dest.verified" "$key $have"
}

if [ "$mode" = sum ]; then
	if [ ! -f "$dest" ]; then
		echo "$prog: $dest: missing" >&2; exit 1
	fi
	if ! verify; then
		echo "$prog: $dest: sha256 mismatch: expected $want, got ${have:-(unreadable)}" >&2
		exit 1
	fi
	echo "$have"
	exit 0
fi

mkdir -p "$dir" || exit 1
why=
if [ -f "$dest" ]; then
	verify && exit 0
	why="present but its sha256 is ${have:-(unreadable)}, expected $want"
	echo "$prog: $dest: $why; fetching again" >&2
	why="$why; "
fi

# expand URL: the URL with its ${VAR} base replaced; 1 to skip it
expand() {
	local u=$1 var
	case $u in
	http://*|https://*|file://*) printf '%s' "$u"; return 0 ;;
	'${'*'}'/*) ;;
	*) return 1 ;;
	esac
	var=${u#??}; var=${var%%\}*}
	case $var in DEBIAN_MIRROR|DEBIAN_SECURITY|DEBIAN_SNAPSHOT|UBUNTU_DDEBS) ;; *) return 1 ;; esac
	[ -n "${!var:-}" ] || return 1
	u=${!var}${u#*\}}
	case $u in http://*|https://*|file://*) printf '%s' "$u" ;; *) return 1 ;; esac
}

# A signal (timeout(1), make, a closed terminal) ends the download too, and
# leaves only the .part a later run may resume.
cpid=
on_signal() {
	[ -n "$cpid" ] && kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null
	rm -f "$dest.err" "$dest.sha256.tmp.$$" "$dest.verified.tmp.$$"
	[ "$want" = - ] && rm -f "$dest.part"
	exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# With an unknown sum nothing can tell a good prefix from a stale one.
[ "$want" = - ] && rm -f "$dest.part"
tries=${FETCH_RETRIES:-3}
last_err="no usable URL (mirror variables empty?)"
for url in "$@"; do
	url=$(expand "$url") || continue
	attempt=1
	while [ "$attempt" -le "$tries" ]; do
		echo "$prog: $name: downloading from ${url%/*}/ (attempt $attempt/$tries)" >&2
		progress=--silent
		[ -t 2 ] && progress=--progress-bar
		resume=()
		[ "$want" != - ] && [ -s "$dest.part" ] && resume=(-C -)
		# -C - resumes the .part file of an interrupted run. No URL
		# globbing; only these protocols, also after a redirect; a
		# transfer stalled below 1 kB/s for 5 minutes is cut.
		curl --fail --location --globoff --proto '=http,https,file' \
			--proto-redir '=http,https' $progress --show-error \
			--connect-timeout 20 --speed-limit 1024 --speed-time 300 \
			"${resume[@]}" -o "$dest.part" "$url" 2>"$dest.err" &
		cpid=$!
		wait "$cpid"
		rc=$?
		cpid=
		if [ $rc -eq 0 ]; then
			have=$(sum_of "$dest.part")
			if [ "$want" != - ] && [ "$have" != "$want" ]; then
				rm -f "$dest.part"
				if [ ${#resume[@]} -gt 0 ]; then
					echo "$prog: $dest: resumed download has sha256 $have, expected $want; discarded, fetching whole" >&2
					continue	# the same attempt, from byte 0
				fi
				rm -f "$dest.err"
				echo "$prog: $dest: sha256 mismatch: expected $want, got $have (from $url)" >&2
				exit 1
			fi
			mv -f "$dest.part" "$dest" && rm -f "$dest.err" || exit 1
			[ "$want" = - ] && put "$dest.sha256" "$have"
			key=$(stat_key "$dest") && put "$dest.verified" "$key $have"
			exit 0
		fi
		last_err="$url: $(tail -n1 "$dest.err" | sed 's/^curl: ([0-9]*) //')"
		# A range the server cannot satisfy: the .part is stale, restart.
		grep -qiE 'range|\((33|36)\)' "$dest.err" && rm -f "$dest.part"
		[ "$want" = - ] && rm -f "$dest.part"
		# not found (HTTP 4xx, missing file): retrying this URL cannot help
		case $rc in 22|37) grep -q ' 5[0-9][0-9]' "$dest.err" || break ;; esac
		[ "$attempt" -lt "$tries" ] && sleep "${FETCH_BACKOFF:-2}"
		attempt=$((attempt + 1))
	done
done
rm -f "$dest.err"
echo "$prog: $dest: ${why}download failed: $last_err" >&2
exit 1
