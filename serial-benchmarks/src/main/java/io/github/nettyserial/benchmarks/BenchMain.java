package io.github.nettyserial.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs every scenario, contenders side by side and alternating round by round, and prints one Markdown
 * report (also written to {@code serial-benchmarks/target/performance-latest.md}). Start it with
 * {@code serial-benchmarks/run.sh}; {@code --quick} runs a short smoke pass, {@code --only rtt,bulk,...}
 * a subset (rtt, bulk, fanout, scale, iocp, alloc, rfc2217).
 */
public final class BenchMain {
    /** Scenario 1's busy-polling SerialChannel: long enough to cover a pty echo on a loaded machine. */
    private static final Duration BUSY_POLL = Duration.ofMillis(1);

    private final boolean quick;
    private final Set<String> only;
    private final StringBuilder report = new StringBuilder();
    private final List<String> failures = new ArrayList<>();
    private final Plots plots = new Plots();

    private BenchMain(boolean quick, Set<String> only) {
        this.quick = quick;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<String> only = new HashSet<>(List.of("rtt", "bulk", "fanout", "scale", "iocp", "alloc", "rfc2217"));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                quick = true;
            } else if (args[i].equals("--only")) {
                only = new HashSet<>(Arrays.asList(args[++i].split(",")));
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + " (--quick, --only rtt,bulk,fanout,scale,iocp,alloc,rfc2217)");
            }
        }
        new BenchMain(quick, only).run();
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        PtyBench.binary();
        report.append("## netty-serial benchmark run, ").append(Instant.now()).append(quick ? " (--quick)" : "")
                .append("\n\n").append(machine());
        List<App> apps = List.of(new CFloorApp(), new NettySerialApp(), new JscBlockingApp(), new JscListenerApp());
        NettySerialApp busyPolling = new NettySerialApp(BUSY_POLL);
        try {
            if (only.contains("rtt")) {
                // Busy polling trades CPU for latency: it is measured where latency is the question.
                List<App> withBusyPoll = new ArrayList<>(apps);
                withBusyPoll.add(busyPolling);
                rtt(withBusyPoll);
            }
            if (only.contains("bulk")) {
                bulk(apps);
            }
            if (only.contains("fanout")) {
                fanout(apps);
            }
            if (only.contains("scale")) {
                scale();
            }
            if (only.contains("iocp")) {
                section(IocpDispatch.run(quick));
            }
            if (only.contains("alloc")) {
                section(AllocRun.run(quick, (NettySerialApp) apps.get(1)));
            }
            if (only.contains("rfc2217")) {
                section(Rfc2217Bench.run(quick, (NettySerialApp) apps.get(1)));
            }
        } finally {
            for (App a : apps) {
                a.close();
            }
            busyPolling.close();
        }
        if (!failures.isEmpty()) {
            report.append("\n### Contender failures\n\n");
            failures.forEach(f -> report.append("- ").append(f).append('\n'));
        }
        report.append(String.format(Locale.ROOT, "%nLoad average at the end: %s; total time %.0f s.%n",
                Files.readString(Path.of("/proc/loadavg")).trim(), (System.nanoTime() - start) / 1e9));
        System.out.println(report);
        String fallback = Files.isDirectory(Path.of("serial-benchmarks", "target"))
                ? "serial-benchmarks/target/performance-latest.md" : "target/performance-latest.md";
        Path out = Path.of(System.getProperty("benchmark.report", fallback));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.err.println("report written to " + out.toAbsolutePath());
    }

    private void section(Object table) {
        report.append(table);
        System.err.println(table); // progress for the impatient; stdout gets the whole report at the end
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        return String.format(Locale.ROOT, "Machine: %d CPUs (%s), Linux %s, %s %s, load average at start %s. "
                        + "Netty leak detection: %s.%n",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Files.readString(Path.of("/proc/loadavg")).trim(), leakDetection());
    }

    /** Passed on to forked JVMs (scale workers, JMH) so every contender runs with the same setting. */
    static String leakDetection() {
        return System.getProperty("io.netty.leakDetection.level", "simple (Netty's default)").split(" ")[0];
    }

    /** Rotates the contender order each round so none always runs first (or right after the noisy one). */
    private static <T> List<T> rotated(List<T> list, int round) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.rotate(r, -(round % list.size()));
        return r;
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private <T> T attempt(App app, String scenario, Call<T> call) {
        long t0 = System.nanoTime();
        try {
            T result = call.call();
            System.err.printf(Locale.ROOT, "  %-22s %-16s %6.2f s%n", app.name(), scenario, (System.nanoTime() - t0) / 1e9);
            return result;
        } catch (Throwable t) {
            String f = app.name() + " in " + scenario + ": " + t;
            if (!failures.contains(f)) {
                failures.add(f);
            }
            System.err.println("FAILED " + f);
            return null;
        }
    }

    // ------------------------------------------------------------------ 1. round-trip latency

    private void rtt(List<App> apps) throws Exception {
        // Many short rounds rather than a few long ones: a burst of load from another process lasts seconds, and
        // short alternating rounds spread it over every contender instead of landing on whichever ran then.
        int rounds = quick ? 2 : 20;
        int perRound = quick ? 2_000 : 5_000;
        int warmupRounds = quick ? 1 : 12;
        Table t = new Table(String.format(Locale.ROOT,
                "1. Round-trip latency over a pty (µs; %d rounds × %d round trips per contender, alternating, after "
                        + "%d unrecorded rounds of the same; the device end echoes)", rounds, perRound, warmupRounds),
                "size", "contender", "p50", "p90", "p99", "p99.9", "p50 / C floor", "p99 / C floor",
                "p50 / jSerialComm blocking", "p99 / jSerialComm blocking", "p99 of each round: median (min–max)",
                "app CPU µs per round trip",
                "loop-thread bytes allocated per round trip");
        try (PtyDevice device = new PtyDevice(1)) {
            String path = device.path(0);
            for (int size : new int[] {1, 64}) {
                Map<App, long[]> samples = new LinkedHashMap<>();
                Map<App, Double> cpuMicros = new LinkedHashMap<>();
                Map<App, List<Double>> roundP99 = new LinkedHashMap<>();
                apps.forEach(a -> samples.put(a, new long[0]));
                // The warm-up is made of whole rounds, alternating like the measured ones: every contender opens
                // and closes its port as often as it will when measured, so the JIT has compiled (and, after the
                // traps a fresh port's first events hit, recompiled) the same code before anything is recorded.
                for (int round = -warmupRounds; round < rounds; round++) {
                    for (App app : rotated(new ArrayList<>(samples.keySet()), round + warmupRounds)) {
                        device.call("flush");
                        device.call("echo");
                        // Collect the harness's own garbage now, so no pause lands inside a contender's round.
                        System.gc();
                        long ticks = ProcFs.cpuTicks();
                        long[] s = attempt(app, round < 0 ? "rtt warm-up" : "rtt", () -> app.rtt(path, size, perRound));
                        double cpu = Double.isNaN(app.lastCpuMicros())
                                ? (ProcFs.cpuTicks() - ticks) * 1e6 / ProcFs.TICKS_PER_SECOND : app.lastCpuMicros();
                        if (s == null) {
                            samples.remove(app);
                        } else if (round >= 0) {
                            samples.put(app, Stats.concat(samples.get(app), s));
                            cpuMicros.merge(app, cpu, Double::sum);
                            roundP99.computeIfAbsent(app, a -> new ArrayList<>()).add((double) Stats.percentile(s, 99));
                        }
                    }
                }
                long[] floor = sorted(samples.get(apps.get(0)));
                long[] jsc = sorted(samples.get(apps.get(2)));
                StringBuilder curves = new StringBuilder();
                for (App app : apps) {
                    long[] sorted = sorted(samples.get(app));
                    if (sorted.length == 0) {
                        t.row(size, app.name(), "failed", "", "", "", "", "", "", "", "", "", "");
                        continue;
                    }
                    long p50 = Stats.sortedPercentile(sorted, 50);
                    long p99 = Stats.sortedPercentile(sorted, 99);
                    String alloc = app instanceof NettySerialApp n && n.allocPerRoundTrip >= 0
                            ? Stats.fixed(n.allocPerRoundTrip, 1) : "";
                    t.row(size, app.name(), Stats.micros(p50), Stats.micros(Stats.sortedPercentile(sorted, 90)),
                            Stats.micros(p99), Stats.micros(Stats.sortedPercentile(sorted, 99.9)),
                            ratioOf(p50, floor, 50), ratioOf(p99, floor, 99), ratioOf(p50, jsc, 50), ratioOf(p99, jsc, 99),
                            spread(roundP99.get(app)),
                            Stats.fixed(cpuMicros.get(app) / sorted.length, 1), alloc);
                    curves.append(Plots.percentileCurve(app.name(), sorted));
                }
                plots.data("rtt-" + size + ".dat", curves.toString());
            }
        }
        section(t);
    }

    /** "median (min–max)" of per-round values in ns, shown in µs: how much a percentile moved from round to round. */
    private static String spread(List<Double> nanos) {
        double[] v = nanos.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", Stats.median(v) / 1000, v[0] / 1000, v[v.length - 1] / 1000);
    }

    private static long[] sorted(long[] samples) {
        long[] s = samples == null ? new long[0] : samples.clone();
        Arrays.sort(s);
        return s;
    }

    /** value / the same percentile of a reference contender's sorted samples ("-" if it has none). */
    private static String ratioOf(long value, long[] reference, double percentile) {
        return reference.length == 0 ? "-" : Stats.ratio(value, Stats.sortedPercentile(reference, percentile));
    }

    private static long p50(Map<App, long[]> samples, App app) {
        long[] s = samples.get(app);
        return s == null || s.length == 0 ? -1 : Stats.percentile(s, 50);
    }

    // ------------------------------------------------------------------ 2. bulk throughput

    private void bulk(List<App> apps) throws Exception {
        int rounds = quick ? 1 : 3;
        long bytes = quick ? 8L << 20 : 32L << 20;
        List<App> contenders = List.of(apps.get(0), apps.get(1), apps.get(2));
        Table t = new Table(String.format(Locale.ROOT,
                "2. Bulk throughput over a pty (MB/s = 10^6 B/s, median of %d alternating runs of %d MiB each way)",
                rounds, bytes >> 20),
                "direction", "write size", "contender", "MB/s", "vs C floor", "reads (SerialChannel)",
                "loop-thread bytes allocated per read / write");
        try (PtyDevice device = new PtyDevice(1)) {
            for (String dir : new String[] {"device → app", "app → device", "both ways"}) {
                for (int chunk : new int[] {4096, 65536}) {
                    Map<App, List<Double>> mbps = new LinkedHashMap<>();
                    contenders.forEach(a -> mbps.put(a, new ArrayList<>()));
                    String reads = "";
                    String alloc = "";
                    for (int round = 0; round < rounds; round++) {
                        for (App app : rotated(contenders, round)) {
                            device.call("flush");
                            Long ns = attempt(app, "bulk " + dir, () -> switch (dir) {
                                case "device → app" -> app.read(device, chunk, bytes);
                                case "app → device" -> app.write(device, chunk, bytes);
                                default -> app.both(device, chunk, bytes);
                            });
                            if (ns != null && ns > 0) {
                                long moved = dir.equals("both ways") ? 2 * bytes : bytes;
                                mbps.get(app).add(moved * 1000.0 / ns);
                            }
                            if (app instanceof NettySerialApp n && ns != null) {
                                if (dir.equals("device → app")) {
                                    reads = String.format(Locale.ROOT, "%d (%.0f B each)", n.readsInLastRead,
                                            bytes / (double) Math.max(1, n.readsInLastRead));
                                    alloc = Stats.fixed(n.allocPerRead, 1) + " per read";
                                } else if (dir.equals("app → device")) {
                                    alloc = Stats.fixed(n.allocPerWrite, 1) + " per write";
                                }
                            }
                        }
                    }
                    double floor = median(mbps.get(contenders.get(0)));
                    for (App app : contenders) {
                        double m = median(mbps.get(app));
                        boolean netty = app instanceof NettySerialApp;
                        t.row(dir, chunk, app.name(), Stats.fixed(m, 1), Stats.ratio(m, floor),
                                netty ? reads : "", netty ? alloc : "");
                    }
                }
            }
        }
        section(t);
    }

    private static double median(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    // ------------------------------------------------------------------ 5. fan-out

    private void fanout(List<App> apps) throws Exception {
        int rounds = quick ? 2 : 5;
        int perRound = quick ? 20 : 60;
        List<App> contenders = List.of(apps.get(0), apps.get(1), apps.get(3));
        Table t = new Table(String.format(Locale.ROOT,
                "5. Fan-out: one 16-byte round trip on each of N ports at once, time until all answered "
                        + "(µs; %d alternating rounds × %d)", rounds, perRound),
                "N", "contender", "p50", "p99", "p50 / C floor", "p50 / jSerialComm listener");
        for (int n : new int[] {8, 32, 128}) {
            try (PtyDevice device = new PtyDevice(n)) {
                Map<App, long[]> samples = new LinkedHashMap<>();
                for (App app : contenders) {
                    device.call("flush");
                    device.call("echo");
                    if (attempt(app, "fan-out warm-up", () -> app.fanout(device.paths(), 16, perRound)) != null) {
                        samples.put(app, new long[0]);
                    }
                }
                for (int round = 0; round < rounds; round++) {
                    for (App app : rotated(new ArrayList<>(samples.keySet()), round)) {
                        device.call("flush");
                        device.call("echo");
                        long[] s = attempt(app, "fan-out", () -> app.fanout(device.paths(), 16, perRound));
                        if (s != null) {
                            samples.put(app, Stats.concat(samples.get(app), s));
                        }
                    }
                }
                long floor = p50(samples, contenders.get(0));
                long jsc = p50(samples, contenders.get(2));
                for (App app : contenders) {
                    long[] s = samples.get(app);
                    if (s == null || s.length == 0) {
                        t.row(n, app.name(), "failed", "", "", "");
                        continue;
                    }
                    long p50 = Stats.percentile(s, 50);
                    t.row(n, app.name(), Stats.micros(p50), Stats.micros(Stats.percentile(s, 99)),
                            Stats.ratio(p50, floor), Stats.ratio(p50, jsc));
                }
            }
        }
        section(t);
    }

    // ------------------------------------------------------------------ 3. scale

    /**
     * The three contenders run at once, each in a process of its own on its own N of the device's 3N ports,
     * and the device pings one contender's ports at a time, rotating: the machine's noise falls on all alike.
     */
    /** Scale warm-up: ping a contender until a ping's JIT compilation time is at most this, for at most 6 pings. */
    private static final long SCALE_JIT_QUIET_MILLIS = 50;
    private static final int SCALE_WARMUP_MAX_PINGS = 6;

    private void scale() throws Exception {
        int idleMillis = quick ? 1000 : 3000;
        int pingMillis = quick ? 1000 : 2000;
        int rounds = quick ? 1 : 3;
        int[] ns = quick ? new int[] {1, 16, 256} : new int[] {1, 16, 256, 1000};
        Table t = new Table(String.format(Locale.ROOT,
                "3. Scale: N ports open and echoing per contender, all three contenders at once, each in a process "
                        + "of its own on its own N pseudo-terminals (the JVMs with -Xms256m -Xmx256m "
                        + "-XX:+AlwaysPreTouch). After a warm-up: idle CPU over %d ms, then %d rotating rounds in "
                        + "which the device pings all N ports of one contender at once (16 bytes, closed loop) for "
                        + "%d ms. Warm-up: %d ms pings until the JIT compiles for at most %d ms in one (at most %d). "
                        + "CPU = user+sys of the process (10 ms ticks)", idleMillis, rounds, pingMillis, pingMillis,
                        SCALE_JIT_QUIET_MILLIS, SCALE_WARMUP_MAX_PINGS),
                "N", "contender", "threads (process)", "RSS per port (KiB)", "open time (ms)",
                "warm-up pings / JIT ms while measured",
                "round trips/s", "CPU µs per round trip", "idle CPU % (process)", "RT/s vs C floor",
                "CPU/RT vs C floor", "RT/s vs jSerialComm", "CPU/RT vs jSerialComm");
        List<String> names = List.of("c", "netty", "jsc");
        StringBuilder curve = new StringBuilder("# N  C-RT/s C-CPU/RT  netty-RT/s netty-CPU/RT  jsc-RT/s jsc-CPU/RT\n");
        for (int n : ns) {
            try (PtyDevice device = new PtyDevice(names.size() * n)) {
                List<ScaleProc> procs = new ArrayList<>();
                try {
                    for (int c = 0; c < names.size(); c++) {
                        procs.add(new ScaleProc(names.get(c), device.paths().subList(c * n, (c + 1) * n), c * n));
                    }
                    for (ScaleProc p : procs) {
                        p.opened();
                    }
                    for (ScaleProc p : procs) {
                        // Warm-up: ping until the JIT has (nearly) nothing left to compile. On the loaded machine
                        // one 2 s ping was not enough: C2 still took a third of a CPU in the next one.
                        long jit;
                        do {
                            jit = p.ping(device, pingMillis, false);
                            p.warmupPings++;
                        } while (jit > SCALE_JIT_QUIET_MILLIS && p.warmupPings < SCALE_WARMUP_MAX_PINGS);
                    }
                    for (ScaleProc p : procs) {
                        p.in.println("idle " + idleMillis); // all idle at the same time
                    }
                    for (ScaleProc p : procs) {
                        String[] idle = expect(p.out, "IDLE");
                        p.idleTicks = Long.parseLong(idle[1]);
                        p.idleLoopTicks = Long.parseLong(idle[2]);
                    }
                    for (int round = 0; round < rounds; round++) {
                        for (ScaleProc p : rotated(procs, round)) {
                            p.ping(device, pingMillis, true);
                        }
                    }
                } catch (Exception e) {
                    failures.add("scale N=" + n + ": " + e);
                    System.err.println("FAILED scale N=" + n + ": " + e);
                } finally {
                    for (ScaleProc p : procs) {
                        p.close();
                    }
                }
                ScaleProc floor = procs.size() > 0 && procs.get(0).rts > 0 ? procs.get(0) : null;
                ScaleProc jsc = procs.size() > 2 && procs.get(2).rts > 0 ? procs.get(2) : null;
                curve.append(n);
                for (ScaleProc p : procs) {
                    curve.append(p.rts == 0 ? "  NaN NaN" : String.format(Locale.ROOT, "  %.0f %.2f", p.rtPerSecond(), p.cpuPerRt()));
                    if (p.rts == 0) {
                        t.row(n, p.label(), "failed", "", "", "", "", "", "", "", "", "", "");
                        continue;
                    }
                    t.row(n, p.label(), p.threads, Stats.fixed(p.rssPerPort, 1), p.openMillis,
                            p.warmupPings + " / " + (p.name.equals("c") ? "-" : Long.toString(p.measuredJitMillis)),
                            Stats.fixed(p.rtPerSecond(), 0),
                            Stats.fixed(p.cpuPerRt(), 1), Stats.fixed(p.idlePercent(idleMillis), 2)
                                    + (p.idleLoopTicks < 0 ? "" : " (loop thread " + Stats.fixed(
                                    p.idleLoopTicks * 100.0 * 1000 / ProcFs.TICKS_PER_SECOND / idleMillis, 2) + ")"),
                            floor == null ? "-" : Stats.ratio(p.rtPerSecond(), floor.rtPerSecond()),
                            floor == null ? "-" : Stats.ratio(p.cpuPerRt(), floor.cpuPerRt()),
                            jsc == null ? "-" : Stats.ratio(p.rtPerSecond(), jsc.rtPerSecond()),
                            jsc == null ? "-" : Stats.ratio(p.cpuPerRt(), jsc.cpuPerRt()));
                }
                curve.append('\n');
            }
        }
        plots.data("scale.dat", curve.toString());
        section(t);
    }

    /** A scale contender's process (a {@link ScaleWorker} JVM, or the C floor's {@code ptybench app-echo}) and what was measured of it. */
    private static final class ScaleProc implements AutoCloseable {
        final String name;
        final int first;
        final int count;
        final Process process;
        final BufferedReader out;
        final PrintWriter in;
        final Path list;
        long threads;
        double rssPerPort;
        long openMillis;
        long idleTicks;
        long idleLoopTicks = -1;
        long rts;
        long nanos;
        long cpuTicks;
        int warmupPings;
        long measuredJitMillis;

        ScaleProc(String name, List<String> paths, int first) throws Exception {
            this.name = name;
            this.first = first;
            this.count = paths.size();
            list = Files.createTempFile("ptybench-paths", ".txt");
            Files.write(list, paths);
            List<String> cmd = name.equals("c") ? List.of(PtyBench.binary().toString(), "app-echo", list.toString())
                    : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-D" + PtyBench.BINARY_PROPERTY + "=" + PtyBench.binary(),
                    "-Dio.netty.leakDetection.level=" + leakDetection(),
                    "-cp", System.getProperty("java.class.path"), ScaleWorker.class.getName(), name, list.toString());
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        }

        void opened() throws IOException {
            String[] base = expect(out, "BASE");
            String[] open = expect(out, "OPEN");
            threads = Long.parseLong(open[1]);
            rssPerPort = (Long.parseLong(open[2]) - Long.parseLong(base[2])) / (double) count;
            openMillis = Long.parseLong(open[3]);
        }

        /** Pings all of this contender's ports for {@code millis}; returns the JIT's compilation ms meanwhile (0 for C). */
        long ping(PtyDevice device, int millis, boolean measured) throws IOException {
            in.println("go");
            expect(out, "OK");
            String[] ping = device.call("ping 16 " + millis + " " + first + " " + (first + count)).split(" ");
            in.println("stop");
            String[] cpu = expect(out, "CPU");
            threads = Math.max(threads, Long.parseLong(cpu[2]));
            long jitMillis = cpu.length > 3 ? Long.parseLong(cpu[3]) : 0;
            if (measured) {
                rts += Long.parseLong(ping[1]);
                nanos += Long.parseLong(ping[2]);
                cpuTicks += Long.parseLong(cpu[1]);
                measuredJitMillis += jitMillis;
            }
            return jitMillis;
        }

        String label() {
            return switch (name) {
                case "c" -> "C floor (epoll), 1 thread";
                case "netty" -> "SerialChannel, 1 loop thread";
                default -> "jSerialComm, listener per port";
            };
        }

        double rtPerSecond() {
            return rts * 1e9 / nanos;
        }

        double cpuPerRt() {
            return cpuTicks * 1e6 / ProcFs.TICKS_PER_SECOND / rts;
        }

        double idlePercent(int idleMillis) {
            return idleTicks * 100.0 * 1000 / ProcFs.TICKS_PER_SECOND / idleMillis;
        }

        @Override
        public void close() throws IOException {
            in.println("quit");
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(list);
        }
    }

    private static String[] expect(BufferedReader out, String keyword) throws IOException {
        String line = out.readLine();
        if (line == null || !line.startsWith(keyword + " ") && !line.equals(keyword)) {
            throw new IOException("scale worker: expected " + keyword + ", got " + line);
        }
        return line.split(" ");
    }
}
