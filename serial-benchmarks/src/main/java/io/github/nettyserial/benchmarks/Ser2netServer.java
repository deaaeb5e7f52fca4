package io.github.nettyserial.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One ser2net (Debian's, v4) exporting each device path with RFC 2217 ({@code accepter: telnet(rfc2217)}) on its
 * own port of 127.0.0.1, from a generated YAML file, in the foreground. The RFC 2217 contenders all talk to it.
 */
final class Ser2netServer implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final List<Integer> ports;

    Ser2netServer(List<String> devices) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("rfc2217-bench");
        ports = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        int base = freePortRange(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            int port = base + i;
            ports.add(port);
            yaml.append("connection: &c").append(i).append('\n')
                    .append("  accepter: telnet(rfc2217),tcp,127.0.0.1,").append(port).append('\n')
                    .append("  connector: serialdev,").append(devices.get(i)).append(",115200n81,local\n")
                    .append("  options:\n    kickolduser: true\n    chardelay: false\n");
        }
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, yaml);
        // -n: foreground; -u: no UUCP lock files; its own pid file.
        process = new ProcessBuilder("ser2net", "-n", "-u", "-c", config.toString(), "-P", dir.resolve("pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listening(ports.get(ports.size() - 1))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("ser2net did not start (is the ser2net package installed?)");
            }
            Thread.sleep(20);
        }
    }

    /** The pid, for its CPU time in /proc. */
    long pid() {
        return process.pid();
    }

    String url(int i) {
        return "rfc2217://127.0.0.1:" + ports.get(i);
    }

    int port(int i) {
        return ports.get(i);
    }

    /** A run of {@code n} consecutive free ports (checked one by one; ser2net binds them right after). */
    private static int freePortRange(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0)) {
                base = s.getLocalPort();
            }
            if (base + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                    free = s.getLocalPort() == p;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no run of " + n + " free TCP ports");
    }

    /** Listening, read from /proc/net/tcp: a probe connection would make ser2net open the device. */
    private static boolean listening(int port) throws IOException {
        String hex = String.format(Locale.ROOT, ":%04X", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(hex) && f[3].equals("0A")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
