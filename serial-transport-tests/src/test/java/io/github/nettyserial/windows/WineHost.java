package io.github.nettyserial.windows;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Wine process the Wine-backed tests run their Win32 calls in, one per test JVM: compiles
 * {@code src/test/c/win32host.c} with mingw-w64 into {@code target/wine/} (only when the source is newer),
 * creates a fresh Wine prefix under {@code target/wine/prefix} (the slow first wineboot happens once per
 * run), maps the shared region and starts the helper under the Wine loader. COM ports are symlinks in the
 * prefix's {@code dosdevices}, made with {@link #linkComPort}.
 *
 * <p>Without Wine or mingw-w64 the tests fail with a message naming what is missing; they never skip.
 * {@code -Dnettyserial.wine.loader=PATH} and {@code -Dnettyserial.wine.mingw=COMMAND} name other ones.
 */
final class WineHost {
    static final String LOADER_PROPERTY = "nettyserial.wine.loader";
    static final String MINGW_PROPERTY = "nettyserial.wine.mingw";
    static final String DEFAULT_LOADER = "/usr/lib/wine/wine64";
    static final String DEFAULT_MINGW = "x86_64-w64-mingw32-gcc";
    private static final long REGION_SIZE = 64L << 20;
    private static final long START_SECONDS = 180;
    /** A line of wineserver's object-table dump: "0x55d0c3a1b2c0:1: ..." or an indented handle row. */
    private static final java.util.regex.Pattern OBJECT_DUMP =
            java.util.regex.Pattern.compile("0x[0-9a-f]+:[0-9]+: |    [0-9a-f]{4}: 0x");

    private static WineHost shared;
    private static RuntimeException sharedFailure;

    private final Path prefix;
    private final SharedRegion region;
    private final Process process;
    private final int tcpPort;

    private WineHost(Path prefix, SharedRegion region, Process process, int tcpPort) {
        this.prefix = prefix;
        this.region = region;
        this.process = process;
        this.tcpPort = tcpPort;
    }

    /** The run's Wine host, started on first use; every later caller gets it, or the same failure. */
    static synchronized WineHost get() {
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            try {
                shared = start(System.getProperty(LOADER_PROPERTY, DEFAULT_LOADER),
                        System.getProperty(MINGW_PROPERTY, DEFAULT_MINGW), Path.of("target", "wine"));
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** The memory shared with the Wine process. */
    SharedRegion region() {
        return region;
    }

    /** A fresh Win32 on this host for one test. */
    WineWin32 newWin32() {
        if (!process.isAlive()) {
            throw new IllegalStateException("win32host.exe under Wine has exited with " + process.exitValue()
                    + "; see target/wine/wine-stderr.log");
        }
        return new WineWin32(region, tcpPort);
    }

    /** Makes {@code COMn} (as Wine sees it) the device at {@code devicePath}, e.g. a pty's {@code /dev/pts/7}. */
    void linkComPort(int n, String devicePath) throws IOException {
        Path link = prefix.resolve("dosdevices").resolve("com" + n);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(devicePath));
    }

    /** Removes {@code COMn}. */
    void unlinkComPort(int n) throws IOException {
        Files.deleteIfExists(prefix.resolve("dosdevices").resolve("com" + n));
    }

    /**
     * Starts a host: fails with a message naming what is missing (the loader, the compiler) or what broke.
     *
     * @param loader the Wine loader ({@code /usr/lib/wine/wine64})
     * @param mingw the mingw-w64 C compiler command
     * @param dir the scratch directory (target/wine)
     */
    static WineHost start(String loader, String mingw, Path dir) {
        if (!Files.isExecutable(Path.of(loader))) {
            throw new IllegalStateException("The Wine loader " + loader + " is missing (or not executable): the "
                    + "Wine-backed Windows tests need Debian's wine64 package (./test-all installs it), or -D"
                    + LOADER_PROPERTY + "=PATH naming another loader");
        }
        String compiler = findOnPath(mingw);
        if (compiler == null) {
            throw new IllegalStateException("The mingw-w64 C compiler " + mingw + " is missing: the Wine-backed "
                    + "Windows tests compile their Win32 helper with it; install Debian's mingw-w64 package "
                    + "(./test-all installs it), or -D" + MINGW_PROPERTY + "=COMMAND naming another");
        }
        try {
            Files.createDirectories(dir);
            Path exe = compile(compiler, Path.of("src", "test", "c", "win32host.c"), dir.resolve("win32host.exe"));
            Path prefix = dir.resolve("prefix");
            deleteTree(prefix);
            Files.createDirectories(prefix);
            Path file = Path.of("/dev/shm", "netty-serial-wine-" + ProcessHandle.current().pid() + "-"
                    + System.nanoTime());
            SharedRegion region = new SharedRegion(file, REGION_SIZE);
            try {
                ProcessBuilder pb = new ProcessBuilder(loader, exe.toAbsolutePath().toString(),
                        "Z:" + file.toString().replace('/', '\\'), Long.toString(REGION_SIZE));
                pb.environment().put("WINEPREFIX", prefix.toAbsolutePath().toString());
                pb.environment().put("WINEDEBUG", "-all");
                // No Mono or Gecko: nothing here needs .NET or HTML, and wineboot skips their set-up.
                pb.environment().put("WINEDLLOVERRIDES", "mscoree,mshtml=");
                Process process = pb.start();
                keepStderr(process, dir.resolve("wine-stderr.log"));
                String ready = readyLine(process, dir);
                String[] words = ready.split(" ");
                region.wineBase(Long.parseUnsignedLong(words[2], 16));
                WineHost host = new WineHost(prefix, region, process, Integer.parseInt(words[1]));
                // The prefix is some 700 MB of Wine's files: gone with the run that made it.
                Runtime.getRuntime().addShutdownHook(new Thread(host::stop, "wine-host-stop"));
                return host;
            } finally {
                // Both processes have it mapped now (or never will): no file to leave behind.
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Starting win32host.exe under Wine failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Wine", e);
        }
    }

    /**
     * Copies Wine's stderr into {@code log}, without the object tables wineserver dumps (tens of MB) when
     * a pty it serves is hung up.
     */
    private static void keepStderr(Process process, Path log) throws IOException {
        java.io.Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8)); out) {
                for (String line; (line = in.readLine()) != null;) {
                    if (!OBJECT_DUMP.matcher(line).lookingAt()) {
                        out.write(line);
                        out.write('\n');
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the helper is gone
            }
        }, "wine-stderr");
        t.setDaemon(true);
        t.start();
    }

    private static String readyLine(Process process, Path dir) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String ready;
        try {
            ready = line.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("win32host.exe printed nothing within " + START_SECONDS + " s; "
                    + tail(dir.resolve("wine-stderr.log")));
        }
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("win32host.exe did not start: " + ready + "; " + tail(dir.resolve("wine-stderr.log")));
        }
        return ready;
    }

    private static Path compile(String compiler, Path source, Path exe) throws IOException, InterruptedException {
        if (!Files.exists(source)) {
            throw new IOException(source.toAbsolutePath() + " is missing");
        }
        if (Files.exists(exe) && Files.getLastModifiedTime(exe).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return exe;
        }
        Path tmp = exe.resolveSibling(exe.getFileName() + ".tmp");
        Process cc = new ProcessBuilder(compiler, "-O1", "-Wall", "-Werror", "-o", tmp.toString(), source.toString(),
                "-lws2_32").redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cc.waitFor() != 0) {
            throw new IOException(compiler + " could not compile " + source + ":\n" + output);
        }
        Files.move(tmp, exe, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return exe;
    }

    private static String findOnPath(String command) {
        if (command.contains("/")) {
            return Files.isExecutable(Path.of(command)) ? command : null;
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Deletes a directory tree without following symlinks (a prefix links z: to /). */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "Wine's stderr (" + log + "): " + String.join("\n", lines.subList(Math.max(0, lines.size() - 15),
                    lines.size()));
        } catch (IOException e) {
            return "no stderr log";
        }
    }

    private void stop() {
        try {
            process.getOutputStream().close(); // the helper exits when its stdin closes
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            deleteTree(prefix);
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
