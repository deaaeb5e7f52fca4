package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real peer program run by a test: its stdout is collected line by line, stderr goes to a log shown on
 * failure. {@link #close()} ends it and its children (socat's EXEC child) by their own PIDs.
 */
final class Peer implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3"; // Debian's, which sees python3-pymodbus and python3-serial

    private final String name;
    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();

    private Peer(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "peer-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in {@code dir} (or the current directory). */
    static Peer start(String name, Path dir, String... command) throws IOException {
        return startWithEnv(name, dir, null, null, command);
    }

    /** Starts {@code command} in {@code dir} (or the current directory), with {@code var=value} if not null. */
    static Peer startWithEnv(String name, Path dir, String var, String value, String... command) throws IOException {
        Path log = Files.createTempFile("peer-" + name, ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        if (var != null) {
            pb.environment().put(var, value);
        }
        return new Peer(name, pb.start(), log);
    }

    /** A script from src/test/resources/peers. */
    static String script(String file) {
        try {
            return Path.of(Peer.class.getResource("/peers/" + file).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails (never skips) when a peer program is not installed, naming the Debian package. */
    static void require(String program, String aptPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        if (Files.isExecutable(Path.of("/usr/sbin", program))) {
            return;
        }
        fail("peer program '" + program + "' is missing: apt-get install -y " + aptPackage);
    }

    /** Fails when Debian's python lacks a module. */
    static void requirePython(String module, String aptPackage) throws Exception {
        require("python3", "python3");
        Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("python module '" + module + "' is missing for " + PYTHON + ": apt-get install -y " + aptPackage
                    + "\n" + out);
        }
    }

    /** Waits until {@code file} exists (a peer creates it), watching its directory. */
    static boolean awaitFile(Path file, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (java.nio.file.WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            while (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.nio.file.WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
            return true;
        }
    }

    /** Waits for a stdout line starting with {@code prefix}; fails with the peer's output if none comes. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail(name + " printed no line starting with '" + prefix + "'\n" + report());
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }
    }


    /** Waits for the exit and returns the exit code; fails on a timeout. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            fail(name + " did not finish within " + timeout + "\n" + report());
        }
        return process.exitValue();
    }

    /** Everything the peer printed, for failure messages. */
    String report() {
        StringBuilder sb = new StringBuilder("--- ").append(name).append(" stdout:\n");
        synchronized (lines) {
            lines.forEach(l -> sb.append(l).append('\n'));
        }
        sb.append("--- stderr:\n");
        try {
            sb.append(Files.readString(stderr));
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(stderr);
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }
}
