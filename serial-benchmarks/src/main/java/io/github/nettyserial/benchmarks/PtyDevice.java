package io.github.nettyserial.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The device end shared by every contender: a {@code ptybench device N} process owning N pseudo-terminal
 * masters, each with a slave path a contender opens as its "serial port". The process echoes, pings, sources
 * or sinks on command, so all contenders face exactly the same peer.
 */
public final class PtyDevice implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final List<String> paths;

    public PtyDevice(int ports) throws IOException, InterruptedException {
        process = PtyBench.start("device", Integer.toString(ports));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        in = process.getOutputStream();
        String first = out.readLine();
        if (first == null || !first.startsWith("PTS ")) {
            throw new IOException("ptybench device " + ports + " did not start: " + first);
        }
        paths = Arrays.asList(first.substring(4).split(" "));
    }

    /** The slave paths: what a contender opens. */
    public List<String> paths() {
        return paths;
    }

    public String path(int i) {
        return paths.get(i);
    }

    /** Sends a command and returns its one-line answer (which may come only when the work is done). */
    public String call(String command) throws IOException {
        send(command);
        return answer();
    }

    /** Sends a command without waiting for its answer. */
    public void send(String command) throws IOException {
        in.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** The next answer line; fails if the device died. */
    public String answer() throws IOException {
        String line = out.readLine();
        if (line == null || line.startsWith("ERR")) {
            throw new IOException("ptybench device answered " + line);
        }
        return line;
    }

    /** The number after the keyword of the next answer ("SINK 123" gives 123). */
    public long answerNumber(String keyword) throws IOException {
        String line = answer();
        String[] f = line.split(" ");
        if (!f[0].equals(keyword)) {
            throw new IOException("expected " + keyword + " from the device, got " + line);
        }
        return Long.parseLong(f[1]);
    }

    @Override
    public void close() {
        try {
            send("quit");
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
