package io.github.nettyserial.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data behind the report's plots, as gnuplot data files in one directory ({@code -Dbenchmark.plots},
 * by default {@code serial-benchmarks/target/plots}); {@code serial-benchmarks/run.sh} draws them with
 * {@code serial-benchmarks/plots.gp} once the run is over.
 */
final class Plots {

    /** Percentiles written per contender: every 0.1 up to 99.9, then every 0.01, then the maximum. */
    private static final double[] PERCENTILES = percentiles();

    private final Path dir;

    Plots() {
        String fallback = Files.isDirectory(Path.of("serial-benchmarks", "target"))
                ? "serial-benchmarks/target/plots" : "target/plots";
        dir = Path.of(System.getProperty("benchmark.plots", fallback));
    }

    void data(String file, String content) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot data " + dir.resolve(file), e);
        }
    }

    /**
     * One gnuplot data block: a title line, then "latency-µs percentile nines" rows, where nines is
     * -log10(1 - percentile/100) (2 at p99, 3 at p99.9), the axis on which a tail can be read.
     */
    static String percentileCurve(String name, long[] sortedNanos) {
        StringBuilder b = new StringBuilder("\"").append(name).append("\"\n");
        for (double p : PERCENTILES) {
            double nines = p >= 100 ? -Math.log10(1.0 / sortedNanos.length) : -Math.log10(1 - p / 100);
            b.append(String.format(Locale.ROOT, "%.2f %.3f %.4f%n",
                    Stats.sortedPercentile(sortedNanos, p) / 1000.0, p, nines));
        }
        return b.append("\n\n").toString();
    }

    private static double[] percentiles() {
        double[] p = new double[999 + 9 + 1];
        int i = 0;
        for (int k = 1; k <= 999; k++) {
            p[i++] = k / 10.0;
        }
        for (int k = 1; k <= 9; k++) {
            p[i++] = 99.9 + k / 100.0;
        }
        p[i] = 100;
        return p;
    }
}
