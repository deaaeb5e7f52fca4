# Draws the benchmark report's plots from the data files BenchMain writes (see Plots.java).
#   gnuplot -e "dir='serial-benchmarks/target/plots'" serial-benchmarks/plots.gp
# run.sh calls it after a run; every plot whose data file is missing (a scenario not run) is skipped.
if (!exists("dir")) dir = "serial-benchmarks/target/plots"

set terminal pngcairo size 1200,460 font "DejaVu Sans,10" noenhanced
set grid lc rgb "#dddddd"
set key left top box opaque
set style line 1 lc rgb "#000000" lw 2
set style line 2 lc rgb "#d62728" lw 2
set style line 3 lc rgb "#1f77b4" lw 2
set style line 4 lc rgb "#7f7f7f" lw 2 dt 2
set style line 5 lc rgb "#2ca02c" lw 2

exists_file(f) = system("test -s '".f."' && echo 1 || echo 0") + 0

# ---- 1. round-trip latency: distribution (left) and tail on a percentile axis in nines (right)
do for [size in "1 64"] {
  f = dir."/rtt-".size.".dat"
  if (exists_file(f)) {
    set output dir."/rtt-".size.".png"
    set multiplot layout 1,2 title "Round trip of ".size." byte".(size eq "1" ? "" : "s")." over a pty (all rounds pooled)"
    set title "Cumulative distribution"
    set logscale x
    set xrange [10:*]
    set xlabel "round-trip time (µs, log scale)"
    set ylabel "share of round trips (%)"
    set yrange [0:100]
    set key right bottom
    plot for [i=0:4] f index i using 1:2 with lines ls i+1 title columnheader(1)
    set title "Tail: latency at each percentile"
    set xlabel "percentile"
    set ylabel "round-trip time (µs, log scale)"
    unset logscale x
    set logscale y
    set xrange [0.3:*]
    set yrange [*:*]
    set xtics ("p50" 0.30103, "p90" 1, "p99" 2, "p99.9" 3, "p99.99" 4)
    set key left top
    plot for [i=0:4] f index i using 3:1 with lines ls i+1 title columnheader(1)
    unset multiplot
    unset logscale
    set xtics autofreq
    set autoscale
  }
}

# ---- 3. scale: round trips/s (left) and CPU per round trip (right) against the number of ports
f = dir."/scale.dat"
if (exists_file(f)) {
  set output dir."/scale.png"
  set multiplot layout 1,2 title "N ports echoing, pinged all at once (16 bytes, closed loop)"
  set logscale x
  set xrange [0.7:1500]
  set xtics (1, 16, 256, 1000)
  set xlabel "ports (N, log scale)"
  set key right bottom
  set title "Aggregate round trips per second"
  set ylabel "round trips / s"
  set yrange [0:*]
  plot f using 1:2 with linespoints ls 1 pt 7 title "C floor (epoll), 1 thread", \
       f using 1:4 with linespoints ls 2 pt 7 title "SerialChannel, 1 loop thread", \
       f using 1:6 with linespoints ls 3 pt 7 title "jSerialComm, listener per port"
  set title "CPU per round trip (whole process)"
  set ylabel "CPU µs per round trip (log scale)"
  set logscale y
  set yrange [*:*]
  set key right top
  plot f using 1:3 with linespoints ls 1 pt 7 title "C floor (epoll), 1 thread", \
       f using 1:5 with linespoints ls 2 pt 7 title "SerialChannel, 1 loop thread", \
       f using 1:7 with linespoints ls 3 pt 7 title "jSerialComm, listener per port"
  unset multiplot
}
