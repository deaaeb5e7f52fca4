package io.github.nettyserial.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The floor: the same scenarios done by a small C program with epoll (ptybench app-*). */
final class CFloorApp implements App {

    @Override
    public String name() {
        return "C floor (epoll)";
    }

    private double lastCpuMicros = Double.NaN;

    @Override
    public long[] rtt(String path, int size, int count) throws Exception {
        long[] r = numbers(PtyBench.start("app-rtt", path, Integer.toString(size), Integer.toString(count)));
        lastCpuMicros = r[r.length - 1]; // the "CPU usec" line
        return java.util.Arrays.copyOf(r, r.length - 1);
    }

    @Override
    public double lastCpuMicros() {
        return lastCpuMicros;
    }

    @Override
    public Long read(PtyDevice device, int chunk, long bytes) throws Exception {
        Process p = PtyBench.start("app-read", device.path(0), Long.toString(bytes));
        BufferedReader out = reader(p);
        expect(out, "READY");
        device.send("source " + chunk + " " + bytes);
        long ns = Long.parseLong(expect(out, "NS").substring(3));
        device.answerNumber("SOURCE");
        p.waitFor();
        return ns;
    }

    @Override
    public Long write(PtyDevice device, int chunk, long bytes) throws Exception {
        device.call("sink " + bytes);
        Process p = PtyBench.start("app-write", device.path(0), Integer.toString(chunk), Long.toString(bytes));
        expect(reader(p), "DONE");
        p.waitFor();
        return device.answerNumber("SINK");
    }

    @Override
    public Long both(PtyDevice device, int chunk, long bytes) throws Exception {
        Process p = PtyBench.start("app-both", device.path(0), Integer.toString(chunk), Long.toString(bytes));
        BufferedReader out = reader(p);
        expect(out, "READY");
        device.send("both " + chunk + " " + bytes);
        p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        expect(out, "DONE");
        p.waitFor();
        return device.answerNumber("BOTH");
    }

    @Override
    public long[] fanout(List<String> paths, int size, int rounds) throws Exception {
        List<String> args = new ArrayList<>(List.of("app-fanout", Integer.toString(size), Integer.toString(rounds)));
        args.addAll(paths);
        return numbers(PtyBench.start(args.toArray(new String[0])));
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static String expect(BufferedReader out, String prefix) throws IOException {
        String line = out.readLine();
        if (line == null || !line.startsWith(prefix)) {
            throw new IOException("ptybench: expected " + prefix + ", got " + line);
        }
        return line;
    }

    private static long[] numbers(Process p) throws Exception {
        List<String> lines = reader(p).lines().map(l -> l.startsWith("CPU ") ? l.substring(4) : l).toList();
        if (p.waitFor() != 0) {
            throw new IOException("ptybench exited with " + p.exitValue());
        }
        return lines.stream().mapToLong(Long::parseLong).toArray();
    }
}
