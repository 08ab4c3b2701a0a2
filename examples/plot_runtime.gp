# Cumulative runtime per scheme, from `sgc simulate --csv` tables (column 1: round,
# column 3: elapsed seconds at the end of the round).
#
#   gnuplot -e "files='none.csv gc.csv sr-sgc.csv m-sgc.csv'; out='runtime.png'" plot_runtime.gp
#
# Each file is one curve, titled by its name without the directory and .csv.
if (!exists("files")) files = 'none.csv gc.csv sr-sgc.csv m-sgc.csv'
if (!exists("out")) out = 'runtime.png'
if (!exists("title")) title = 'Trace replay: cumulative runtime'

set terminal pngcairo size 900,560 noenhanced
set output out
set datafile separator ','
set title title
set xlabel 'round'
set ylabel 'elapsed (s)'
set key top left
set grid

strip(f) = (strstrt(f, '.csv') > 0 ? f[1:strstrt(f, '.csv') - 1] : f)
# every ::1 skips the header line.
plot for [f in files] f every ::1 using 1:3 with lines linewidth 2 title strip(system('basename '.f))
