package io.github.nettyserial.rfc2217;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * ser2net (Debian's, v4) serving one device with RFC 2217 on a free port of 127.0.0.1, in the foreground
 * with a generated YAML configuration; {@link #close()} kills it. Fails if ser2net is not installed.
 */
final class Ser2net implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private Ser2net(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Ser2net serve(String device, Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, String.join("\n",
                "connection: &remote",
                "  accepter: telnet(rfc2217),tcp,127.0.0.1," + port,
                "  connector: serialdev," + device + ",9600n81,local",
                "  options:",
                "    kickolduser: true",
                ""), StandardCharsets.UTF_8);
        Path log = dir.resolve("ser2net.log");
        // -n foreground, -u no UUCP lock files, -d debug to stdout; its own pid file.
        Process p = new ProcessBuilder("ser2net", "-n", "-u", "-d", "-c", config.toString(),
                "-P", dir.resolve("ser2net.pid").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Ser2net s = new Ser2net(p, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                s.close();
                throw new IOException("ser2net did not listen on 127.0.0.1:" + port + ": " + Files.readString(log));
            }
            Thread.sleep(10);
        }
        return s;
    }

    /** Whether something listens on {@code port} (read from /proc, so no probe connection opens the device). */
    private static boolean listening(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X ", port);
        List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp"));
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && (f[1] + " ").endsWith(hexPort) && f[3].equals("0A")) {
                return true;
            }
        }
        return false;
    }

    String address() {
        return "rfc2217://127.0.0.1:" + port;
    }

    /** Kills ser2net at once (SIGKILL), as a crash or a pulled network cable would end it. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
