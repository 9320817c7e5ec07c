# Per-pair changes: added, removed and changed entries as a share of the old
# image's count, for funcs, structs and tracepoints, one panel each
# (tables/figures.sh sets dir, term and out). Rows of dir/pairs-KIND.tsv:
# label (GROUP: old -> new), added %, removed %, changed %.
n = system(sprintf("wc -l < '%s/pairs-funcs.tsv'", dir)) + 0
w = n * 40 + 320
if (w < 1000) w = 1000
if (term eq 'svg') set terminal svg size w,(n ? 1800 : 400) font 'Sans,13' background '#ffffff'
if (term eq 'png') set terminal pngcairo size w,(n ? 1800 : 400) font 'Sans,11' background '#ffffff'
set output out
set datafile separator "\t"
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.75
set grid ytics
set yrange [0:*]
if (n == 0) {
	set title 'Changes per pair: no pair documents in the dataset'
	set label 'no pairs' at graph 0.5, 0.5 center
	unset xtics; unset ytics; unset border; unset grid
	set yrange [0:1]
	plot NaN notitle
	exit
}
# three panels of equal height above the pair labels (screen coordinates:
# a layout would shrink the last panel by the labels' margin)
set multiplot title 'Changes per pair (each bar: GROUP: old -> new), as a share of the old image''s entries' noenhanced
set lmargin at screen 0.08
set rmargin at screen 0.97
top = 0.93
h = 0.16
gap = 0.035
i = 0
do for [k in 'funcs structs tracepoints'] {
	set tmargin at screen top - i * (h + gap)
	set bmargin at screen top - i * (h + gap) - h
	set title k noenhanced offset 0,-0.5
	set ylabel sprintf('%s (%% of old)', k)
	if (i == 0) {
		set key inside right top horizontal reverse Left noenhanced opaque
	} else {
		unset key
	}
	f = sprintf('%s/pairs-%s.tsv', dir, k)
	if (k eq 'tracepoints') {
		set xtics rotate by 90 right nomirror noenhanced
		plot f using 2:xtic(1) title 'added' lc rgb '#55a868', \
		     '' using 3 title 'removed' lc rgb '#c44e52', \
		     '' using 4 title 'changed' lc rgb '#dd8452'
	} else {
		set xtics format ''
		unset xtics
		plot f using 2 title 'added' lc rgb '#55a868', \
		     '' using 3 title 'removed' lc rgb '#c44e52', \
		     '' using 4 title 'changed' lc rgb '#dd8452'
	}
	i = i + 1
}
unset multiplot
