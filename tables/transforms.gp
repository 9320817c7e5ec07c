# Figure 6: function symbols carrying each compiler suffix, per image, with
# its compiler (tables/figures.sh sets dir, term and out). Rows of
# dir/transforms.tsv: image, compiler, cold %, constprop %, isra %, part %, other %.
n = system(sprintf("wc -l < '%s/transforms.tsv'", dir)) + 0
w = n * 44 + 260
if (w < 900) w = 900
if (term eq 'svg') set terminal svg size w,900 font 'Sans,13' background '#ffffff'
if (term eq 'png') set terminal pngcairo size w,900 font 'Sans,11' background '#ffffff'
set output out
set datafile separator "\t"
set title 'Compiler transformations: share of function symbols with each suffix (a symbol may have several)'
set ylabel 'function symbols (%)'
set yrange [0:*]
set grid ytics
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.75
set xtics rotate by 90 right nomirror noenhanced
# the key above the plot: below, it runs into the long rotated labels
set key outside top center horizontal maxrows 1 noenhanced
set bmargin 27
set rmargin 4
if (n == 0) {
	set label 'no images in the dataset' at graph 0.5, 0.5 center
	unset xtics; unset ytics; unset border; unset grid
	set yrange [0:1]
	plot NaN notitle
} else {
	plot dir.'/transforms.tsv' using 3:xtic(sprintf('%s (%s)', strcol(1), strcol(2))) title '.cold' lc rgb '#4c72b0', \
	     '' using 4 title '.constprop' lc rgb '#dd8452', \
	     '' using 5 title '.isra' lc rgb '#55a868', \
	     '' using 6 title '.part' lc rgb '#c44e52', \
	     '' using 7 title 'other (.llvm, .lto_priv, .localalias, ...)' lc rgb '#8172b3'
}
