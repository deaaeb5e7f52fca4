package io.github.nettyserial.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles and medians (nearest rank), and the number formats of the table. */
final class Stats {

    private Stats() {
    }

    /** Nearest-rank percentile of unsorted samples, p in (0, 100]. */
    static long percentile(long[] samples, double p) {
        long[] s = samples.clone();
        Arrays.sort(s);
        return sortedPercentile(s, p);
    }

    static long sortedPercentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    static String ratio(double value, double base) {
        return base <= 0 || Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2fx", value / base);
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
