# Figure 5: the inline classes of every image's functions (tables/figures.sh
# sets dir, term and out). Rows of dir/inline.tsv: image, none %, selective %, full %.
n = system(sprintf("wc -l < '%s/inline.tsv'", dir)) + 0
w = n * 44 + 260
if (w < 900) w = 900
if (term eq 'svg') set terminal svg size w,830 font 'Sans,13' background '#ffffff'
if (term eq 'png') set terminal pngcairo size w,830 font 'Sans,11' background '#ffffff'
set output out
set datafile separator "\t"
set title 'Inlining of functions per image (share of the function groups of funcs.jsonl)'
set ylabel 'functions (%)'
set yrange [0:100]
set ytics 10
set grid ytics
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.75
set xtics rotate by 90 right nomirror noenhanced
set key outside bottom center horizontal maxrows 1 noenhanced
set bmargin 23
set rmargin 4
if (n == 0) {
	set label 'no images in the dataset' at graph 0.5, 0.5 center
	unset xtics; unset ytics; unset border; unset grid
	plot NaN notitle
} else {
	plot dir.'/inline.tsv' using 2:xtic(1) title 'none (not inlined)' lc rgb '#4c72b0', \
	     '' using 3 title 'selective (some calls inlined)' lc rgb '#dd8452', \
	     '' using 4 title 'full (every call inlined)' lc rgb '#c44e52'
}
