#!/usr/bin/env bash
# Regenerates the Debian lines of kernels.list from the archive's Packages
# indexes, so the list follows Debian's pool as it moves:
#   tools/debian-kernels.sh [SELECTIONS] > debian.lines
# SELECTIONS defaults to tools/debian-set.txt (its header explains the
# format). Archive bases come from DEBIAN_MIRROR / DEBIAN_SECURITY (default:
# this machine's apt sources); the URLs written out stay relative to the
# variables ${DEBIAN_MIRROR}, ${DEBIAN_SECURITY} and ${DEBIAN_SNAPSHOT}, so no
# host name lands in the repository. Each line also carries a snapshot URL
# pinned to today's date, where the file is known to exist.
# Set PACKAGES_CACHE=DIR to reuse downloaded indexes; DEBIAN_SIZES=FILE
# appends "FILE BYTES" for each package (the index's Size:) to FILE, the
# kernels.sizes that make dataset SHARD=I/N balances by.
#
# The indexes are checked the way apt checks them, whatever the transport
# (the mirror is often plain http): dists/<suite>/InRelease must carry a good
# signature by a key of the Debian archive keyring (DEBIAN_KEYRING, default
# /usr/share/keyrings/debian-archive-keyring.gpg; gpgv), be within its
# Valid-Until (DEBIAN_CHECK_VALID_UNTIL=no skips that, as apt's
# Check-Valid-Until=no does for a frozen mirror), and only its signed text
# is read; Packages.xz must have the
# size and sha256 that text lists; only then are the package sums of the
# Packages index written into list lines. Cached indexes are checked again
# on every run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sel=${1:-$here/debian-set.txt}
: "${DEBIAN_MIRROR:=$("$here/apt-mirror.sh" mirror)}"
: "${DEBIAN_SECURITY:=$("$here/apt-mirror.sh" security)}"
[ -n "$DEBIAN_MIRROR" ] || { echo "debian-kernels: no Debian mirror in apt sources; set DEBIAN_MIRROR" >&2; exit 1; }
keyring=${DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
[ -r "$keyring" ] || { echo "debian-kernels: $keyring: no archive keyring (apt-get install debian-archive-keyring, or set DEBIAN_KEYRING)" >&2; exit 1; }
command -v gpgv >/dev/null || { echo "debian-kernels: gpgv not installed (apt-get install gpgv)" >&2; exit 1; }
stamp=$(date -u +%Y%m%dT000000Z)
cache=${PACKAGES_CACHE:-$(mktemp -d)}
[ -n "${PACKAGES_CACHE:-}" ] || trap 'rm -rf "$cache"' EXIT
mkdir -p "$cache"

die() { echo "debian-kernels: $*" >&2; exit 1; }
get() { # URL FILE
	curl -fsS --retry 3 --proto '=http,https,file' -o "$2.tmp" "$1" 2>"$cache/curl.err" ||
		{ rm -f "$2.tmp"; die "$1: download failed: $(sed 's/^curl: ([0-9]*) //' "$cache/curl.err" | tail -n1)"; }
	mv "$2.tmp" "$2"
}

# release SUITE BASE: $cache/<suite>.Release, the signed text of the suite's
# InRelease once its signature checks out against $keyring (as apt: a
# GOODSIG and VALIDSIG by a key of the keyring, no BADSIG; an expired key
# or signature is no good one), and its Valid-Until, if any, is not past.
release() {
	local suite=$1 base=$2 in=$cache/$1.InRelease out=$cache/$1.Release status until
	[ -s "$in" ] || get "$base/dists/$suite/InRelease" "$in"
	status=$(gpgv --status-fd 1 --keyring "$keyring" --output "$out.tmp" "$in" 2>"$cache/gpgv.err") || true
	if ! grep -q '^\[GNUPG:\] GOODSIG ' <<<"$status" || ! grep -q '^\[GNUPG:\] VALIDSIG ' <<<"$status" ||
	   grep -qE '^\[GNUPG:\] (BADSIG|EXPKEYSIG|EXPSIG|REVKEYSIG) ' <<<"$status"; then
		rm -f "$out.tmp"
		die "$base/dists/$suite/InRelease: no good signature by a key of $keyring ($(grep -oE '(BADSIG|EXPKEYSIG|EXPSIG|REVKEYSIG|ERRSIG|NO_PUBKEY|NODATA)' <<<"$status" | sort -u | tr '\n' ' ' | sed 's/ $//'))"
	fi
	mv "$out.tmp" "$out"
	until=$(sed -n 's/^Valid-Until: //p' "$out")
	if [ -n "$until" ] && [ "${DEBIAN_CHECK_VALID_UNTIL:-yes}" != no ] &&
	   [ "$(date -u -d "$until" +%s 2>/dev/null || echo 0)" -lt "$(date -u +%s)" ]; then
		die "$base/dists/$suite/InRelease: expired (Valid-Until: $until; a frozen mirror: DEBIAN_CHECK_VALID_UNTIL=no, as apt's Check-Valid-Until)"
	fi
	echo "$out"
}

# index SUITE ARCH → path of the uncompressed Packages file, whose
# Packages.xz has the size and sha256 the signed Release lists
index() {
	local suite=$1 arch=$2 base=$DEBIAN_MIRROR f xz rel want size have
	case $suite in *-security) base=$DEBIAN_SECURITY ;; esac
	rel=$(release "$suite" "$base") || exit 1
	f=$cache/${suite}_$arch.Packages
	xz=$f.xz
	read -r want size < <(awk -v p="main/binary-$arch/Packages.xz" '
		/^[^ ]/ { sec = $1 }
		sec == "SHA256:" && $3 == p { print $1, $2; exit }' "$rel") || true
	[ -n "${want:-}" ] || die "$base/dists/$suite/InRelease: lists no sha256 of main/binary-$arch/Packages.xz"
	[ -s "$xz" ] && [ "$(sha256sum <"$xz" | cut -d' ' -f1)" = "$want" ] || get "$base/dists/$suite/main/binary-$arch/Packages.xz" "$xz"
	have=$(sha256sum <"$xz" | cut -d' ' -f1)
	if [ "$have" != "$want" ] || [ "$(stat -c %s "$xz")" != "$size" ]; then
		rm -f "$xz" "$f"
		die "$base/dists/$suite/main/binary-$arch/Packages.xz: sha256 $have, size $(stat -c %s "$xz" 2>/dev/null || echo ?); the signed InRelease lists $want, size $size"
	fi
	xz -dc "$xz" >"$f.tmp" || { rm -f "$f.tmp"; die "$xz: not xz data"; }
	mv "$f.tmp" "$f"
	echo "$f"
}

echo "# --- Debian set: generated by tools/debian-kernels.sh on ${stamp%T*} from tools/debian-set.txt"
while read -r suite arch flavor pick; do
	case $suite in ''|'#'*) continue ;; esac
	f=$(index "$suite" "$arch") || exit 1
	case $suite in
	*-security) var=DEBIAN_SECURITY snap=debian-security ;;
	*) var=DEBIAN_MIRROR snap=debian ;;
	esac
	# Every "<release>-dbg" of this flavor: release, version, filename, sha256
	# of the dbg package and of the package holding the config.
	awk -v flavor="$flavor" -v pick="$pick" '
	/^Package: /   { pkg = $2 }
	/^Version: /   { ver[pkg] = $2 }
	/^Filename: /  { file[pkg] = $2 }
	/^SHA256: /    { sum[pkg] = $2 }
	/^Size: /      { size[pkg] = $2 }
	END {
		n = 0
		for (p in file) {
			if (p !~ /^linux-image-[0-9].*-dbg$/) continue
			rel = substr(p, 13, length(p) - 16)
			if (!match(rel, /^[0-9]+\.[0-9]+(\.[0-9]+)?(\+deb[0-9]+(\.[0-9]+)?|-0\.deb[0-9]+\.[0-9]+|-[0-9]+)-/)) continue
			if (substr(rel, RLENGTH + 1) != flavor) continue
			# the config: -unsigned image where images are signed;
			# linux-base-<rel> from Debian 14 on; else the image
			cfg = "linux-image-" rel "-unsigned"
			if (!(cfg in file)) cfg = "linux-base-" rel
			if (!(cfg in file)) cfg = "linux-image-" rel
			if (!(cfg in file)) continue
			line[++n] = ver[p] "\t" rel "\t" file[p] "\t" sum[p] "\t" file[cfg] "\t" sum[cfg] \
				"\t" size[p] "\t" size[cfg]
		}
		for (i = 1; i <= n; i++) print line[i]
	}' "$f" | sort -V -r -t $'\t' -k1,1 >"$cache/cand"
	case $pick in
	newest) row=$(sed -n 1p "$cache/cand") ;;
	second) row=$(sed -n 2p "$cache/cand") ;;
	*) row=$(awk -F'\t' -v p="$pick" 'index($2, p) == 1 { print; exit }' "$cache/cand") ;;
	esac
	if [ -z "$row" ]; then
		echo "debian-kernels: $suite/$arch: no -dbg package of flavor $flavor ($pick)" >&2
		exit 1
	fi
	IFS=$'\t' read -r _ rel file sum cfile csum size csize <<<"$row"
	# the package sizes, for make dataset SHARD=I/N (kernels.sizes)
	if [ -n "${DEBIAN_SIZES:-}" ]; then
		printf '%s %s\n%s %s\n' "${file##*/}" "$size" "${cfile##*/}" "$csize" >>"$DEBIAN_SIZES"
	fi
	id=debian-$rel
	case $rel in *-"$arch") ;; *) id=$id-$arch ;; esac
	printf '%s debian %s %s %s %s ${%s}/%s,${DEBIAN_SNAPSHOT}/%s/%s/%s %s ${%s}/%s,${DEBIAN_SNAPSHOT}/%s/%s/%s\n' \
		"$id" "$rel" "$arch" "$flavor" \
		"$sum" "$var" "$file" "$snap" "$stamp" "$file" \
		"$csum" "$var" "$cfile" "$snap" "$stamp" "$cfile"
done <"$sel"
