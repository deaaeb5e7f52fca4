package io.github.nettyserial.benchmarks;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Scenario 4's allocation half: JMH with the GC profiler, next to the loop-thread counts of the other runs. */
final class AllocRun {

    private AllocRun() {
    }

    static Table run(boolean quick, NettySerialApp measured) throws Exception {
        Options opts = new OptionsBuilder()
                .include(AllocBenchmark.class.getName() + ".roundTrip")
                .addProfiler(GCProfiler.class)
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                // Replaces (not appends to) the harness JVM's options, whose -Xms would clash.
                .jvmArgs("-Xms256m", "-Xmx256m", "-D" + PtyBench.BINARY_PROPERTY + "=" + PtyBench.binary(),
                        "-Dio.netty.leakDetection.level=" + BenchMain.leakDetection())
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        Table t = new Table("4. Allocation (heap bytes; pooled ByteBufs are not counted: their memory is recycled)",
                "path", "measured by", "bytes", "target");
        for (RunResult r : results) {
            Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
            t.row("64-byte write + echoed read, from a non-loop thread", "JMH -prof gc (gc.alloc.rate.norm, B/op)",
                    norm == null ? "-" : String.format(Locale.ROOT, "%.1f ± %.1f", norm.getScore(), norm.getScoreError()),
                    "");
            t.row("  time per op (µs)", "JMH avgt", String.format(Locale.ROOT, "%.1f", r.getPrimaryResult().getScore()), "");
        }
        t.row("round trip (64 B write + read, on the loop, after scenario 1's warm-up)",
                "ThreadMXBean, loop thread, per round trip", Stats.fixed(measured.allocPerRoundTrip, 1), "0");
        // Steady state: the last of a few runs, once the JIT has compiled (and escape-analysed) the path.
        long bytes = quick ? 4L << 20 : 16L << 20;
        try (PtyDevice device = new PtyDevice(1)) {
            for (int chunk : new int[] {4096, 65536}) {
                for (int i = 0; i < 4; i++) {
                    device.call("flush");
                    measured.read(device, chunk, bytes);
                }
                t.row("read, device writing " + chunk + " B chunks (" + measured.readsInLastRead + " reads)",
                        "ThreadMXBean, loop thread, per channelRead", Stats.fixed(measured.allocPerRead, 2), "0");
            }
            for (int chunk : new int[] {4096, 65536}) {
                for (int i = 0; i < 4; i++) {
                    device.call("flush");
                    measured.write(device, chunk, bytes);
                }
                t.row("write of " + chunk + " B buffers from the loop (kernel queue full: EPOLLOUT)",
                        "ThreadMXBean, loop thread, per write", Stats.fixed(measured.allocPerWrite, 2), "0");
            }
        }
        return t;
    }
}
