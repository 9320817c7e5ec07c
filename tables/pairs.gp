# Per-pair changes: added, removed and changed entries as a share of the old
# image's count, for funcs, structs and tracepoints, one panel each
# (tables/figures.sh sets dir, term and out). Rows of dir/pairs-KIND.tsv:
# group, old, new, added %, removed %, changed %.
n = system(sprintf("wc -l < '%s/pairs-funcs.tsv'", dir)) + 0
w = n * 40 + 320
if (w < 1000) w = 1000
if (term eq 'svg') set terminal svg size w,1500 font 'Sans,13' background '#ffffff'
if (term eq 'png') set terminal pngcairo size w,1500 font 'Sans,11' background '#ffffff'
set output out
set datafile separator "\t"
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.75
set grid ytics
set yrange [0:*]
set key inside left top vertical noenhanced opaque
set lmargin 10
set rmargin 4
if (n == 0) {
	set title 'Changes per pair: no pair documents in the dataset'
	set label 'no pairs' at graph 0.5, 0.5 center
	set yrange [0:1]
	plot NaN notitle
	exit
}
set multiplot layout 3,1 title 'Changes per pair (each bar: GROUP: old -> new), as a share of the old image''s entries' noenhanced
do for [k in 'funcs structs tracepoints'] {
	set title k noenhanced
	set ylabel sprintf('%s (%% of old)', k)
	if (k eq 'tracepoints') {
		set xtics rotate by -45 left nomirror noenhanced
		set bmargin 22
	} else {
		set xtics format '' nomirror
		unset xtics
		set bmargin 1
	}
	f = sprintf('%s/pairs-%s.tsv', dir, k)
	if (k eq 'tracepoints') {
		plot f using 4:xtic(sprintf('%s: %s -> %s', strcol(1), strcol(2), strcol(3))) title 'added' lc rgb '#55a868', \
		     '' using 5 title 'removed' lc rgb '#c44e52', \
		     '' using 6 title 'changed' lc rgb '#dd8452'
	} else {
		plot f using 4 title 'added' lc rgb '#55a868', \
		     '' using 5 title 'removed' lc rgb '#c44e52', \
		     '' using 6 title 'changed' lc rgb '#dd8452'
	}
}
unset multiplot
