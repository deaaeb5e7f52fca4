package io.github.nettyserial.rfc2217;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * pyserial's {@code rfc2217://} client (Debian's python3-serial under /usr/bin/python3), driven one command at a
 * time through {@code peers/pyserial_rfc2217_client.py}. Each command answers "OK [value]" or "ERR message".
 */
final class PyserialRfc2217Client implements AutoCloseable {
    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;

    private PyserialRfc2217Client(Process process) {
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static PyserialRfc2217Client start(Path dir) throws IOException {
        Path script = dir.resolve("pyserial_rfc2217_client.py");
        if (!Files.exists(script)) {
            try (InputStream s = PyserialRfc2217Client.class.getResourceAsStream("/peers/pyserial_rfc2217_client.py")) {
                Files.copy(s, script);
            }
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true).start();
        PyserialRfc2217Client c = new PyserialRfc2217Client(p);
        String ready = c.out.readLine();
        if (!"READY".equals(ready)) {
            c.close();
            throw new IllegalStateException("pyserial client did not start (is python3-serial installed?): " + ready);
        }
        return c;
    }

    /** Sends one command and returns its answer line. */
    String call(String command) throws IOException {
        in.println(command);
        String line = out.readLine();
        if (line == null) {
            throw new IOException("pyserial client ended during '" + command + "'");
        }
        return line;
    }

    /** Sends one command that must succeed; returns its value. */
    String ok(String command) throws IOException {
        String line = call(command);
        if (!line.startsWith("OK")) {
            throw new AssertionError("pyserial '" + command + "' failed: " + line);
        }
        return line.substring(2).trim();
    }

    void write(byte[] data) throws IOException {
        ok("write " + HexFormat.of().formatHex(data));
    }

    byte[] read(int n) throws IOException {
        return HexFormat.of().parseHex(ok("read " + n));
    }

    /** Ends the script (end of its input) and closes every pipe now, not when a cleaner gets to them. */
    @Override
    public void close() {
        in.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
            process.getErrorStream().close();
        } catch (IOException ignored) {
            // already closed with the process
        }
    }
}
