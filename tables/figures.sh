#!/usr/bin/env bash
# tables/figures.sh DIR: the figures of `make tables` (README "Tables and
# figures") from DIR/inline.json, DIR/transforms.json and DIR/pairs.json:
#   inline.svg/.png      Figure 5: none / selective / full share per image
#   transforms.svg/.png  Figure 6: function symbols by compiler suffix per image
#   pairs.svg/.png       added / removed / changed (% of old) per pair, for
#                        funcs, structs and tracepoints
# jq turns the tables into tab-separated data, gnuplot (GNUPLOT) draws each
# figure into a temp file in DIR, renamed into place once all are drawn.
set -eu
export LC_ALL=C
DIR=$1
GNUPLOT=${GNUPLOT:-gnuplot}
SRC=$(cd "$(dirname "$0")" && pwd)
command -v "$GNUPLOT" >/dev/null || { echo "figures: $GNUPLOT not installed (tools/deps.sh installs gnuplot-nox)" >&2; exit 1; }
T=$(mktemp -d "$DIR/.figures.XXXXXX")
trap 'rm -rf "$T"' EXIT

# shares from the counts, not the rounded columns (the bars then add up to
# 100); the rare suffix kinds summed
jq -r '.rows[] | (if .funcs > 0 then 100 / .funcs else 0 end) as $f |
	[.image, .none * $f, .selective * $f, .full * $f] | @tsv' "$DIR/inline.json" >"$T/inline.tsv"
jq -r '.rows[] | (if .symbols > 0 then 100 / .symbols else 0 end) as $f |
	[.image, .compiler, .cold * $f, .constprop * $f, .isra * $f, .part * $f,
	 (.llvm + .localalias + .lto_priv + .other + .specialized) * $f] | @tsv' \
	"$DIR/transforms.json" >"$T/transforms.tsv"
# a pair's label: GROUP: OLD -> NEW, NEW without the distro prefix OLD has
for k in funcs structs tracepoints; do
	jq -r --arg k "$k" '.rows[] | select(.kind == $k) |
		(.old | capture("^(?<d>[a-z]+-)").d // "") as $d |
		["\(.group): \(.old) -> \(if $d != "" and (.new | startswith($d)) then .new[($d | length):] else .new end)",
		 .added_pct // 0, .removed_pct // 0, .changed_pct // 0] | @tsv' \
		"$DIR/pairs.json" >"$T/pairs-$k.tsv"
done

draw() {	# draw NAME TERM EXT: tables/NAME.gp with data and output in $T
	"$GNUPLOT" -e "dir='$T'; term='$2'; out='$T/$1.$3'" "$SRC/$1.gp"
}
for f in inline transforms pairs; do
	draw "$f" svg svg
	draw "$f" png png
done
for f in inline transforms pairs; do
	mv -f "$T/$f.svg" "$DIR/$f.svg"
	mv -f "$T/$f.png" "$DIR/$f.png"
done
