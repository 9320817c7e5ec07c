#!/bin/sh
# Prints the Debian archive bases this machine's apt sources use, so that no
# mirror host name is ever written into the repository:
#   tools/apt-mirror.sh mirror     base of the main archive   (…/debian)
#   tools/apt-mirror.sh security   base of the security archive (…/debian-security)
#   tools/apt-mirror.sh snapshot   root of the snapshot archive (…/archive), from
#                                  the snapshot URL apt sources carry as a comment
# Prints nothing when the sources name no such archive.
set -u
what=${1:-mirror}
files=$(ls /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null)
[ -n "$files" ] || exit 0
# One URL per line, from deb822 "URIs:" fields, one-line "deb URL suite"
# entries and "# URL" comments (Debian's cloud images note the snapshot there).
urls=$(sed -n -e 's/^URIs:[[:space:]]*//p' \
	-e 's/^deb\(-src\)\?[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\3/p' \
	-e 's/^#[[:space:]]*\(https\?:\/\/[^[:space:]]*\).*/\1/p' $files 2>/dev/null |
	tr ' ' '\n' | sed 's:/*$::' | grep -E '^(https?|file):')
case $what in
mirror)
	printf '%s\n' "$urls" | grep -v '/archive/' | grep -E '/debian$' | head -n 1 ;;
security)
	printf '%s\n' "$urls" | grep -v '/archive/' | grep -E '/debian-security$' | head -n 1 ;;
snapshot)
	printf '%s\n' "$urls" | sed -n 's:^\(.*/archive\)/debian\(-security\)\?/[0-9]\{8\}T[0-9]\{6\}Z$:\1:p' | head -n 1 ;;
*)
	echo "usage: $0 mirror|security|snapshot" >&2; exit 2 ;;
esac
