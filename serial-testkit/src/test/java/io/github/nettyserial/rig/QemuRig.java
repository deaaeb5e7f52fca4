package io.github.nettyserial.rig;

import io.github.nettyserial.rig.guest.GuestLauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Host side of the QEMU rig: builds the initramfs (rig/build-initramfs.sh), boots one machine with rig/qemu.sh,
 * runs the given JUnit classes inside the guest on this JVM's own classpath (the project and ~/.m2 are shared
 * over 9p at the same paths), carries out the guest's QEMU monitor requests, and collects the guest's results.
 */
final class QemuRig {
    /** Debian packages the rig needs on the host (the guest sees the host's /usr). */
    static final String APT_PACKAGES = "qemu-system-x86 linux-image-amd64 busybox-static cpio python3-serial";

    private static final Pattern MONITOR_REQUEST = Pattern.compile("RIG-MONITOR (\\d+) (.+)");
    private static final Pattern ANSI = Pattern.compile("\u001b(\\[[0-9;?]*[A-Za-z]|c)");

    private final String machine;
    private final Path moduleDir;
    private final Path runDir;

    private QemuRig(String machine) {
        this.machine = machine;
        moduleDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        runDir = moduleDir.resolve("target/rig/" + machine);
    }

    /** The rig for machine {@code uart} (a 16550A on ttyS1) or {@code ftdi} (plus an FT232 on xHCI). */
    static QemuRig machine(String machine) {
        return new QemuRig(machine);
    }

    /** Boots the machine, runs {@code guestTests} inside it, and returns what happened; never throws for guest trouble. */
    RigRun run(Duration timeout, Class<?>... guestTests) throws IOException, InterruptedException {
        long start = System.nanoTime();
        String missing = missingHostPieces();
        if (missing != null) {
            return RigRun.notStarted(machine, missing);
        }
        Path initramfs = initramfs();
        prepareRunDir(guestTests);
        Path monitorDir = Files.createTempDirectory("rig-monitor");
        Path monitorSocket = monitorDir.resolve("sock");
        List<String> cmd = new ArrayList<>(List.of("bash", moduleDir.resolve("rig/qemu.sh").toString(),
                "--machine", machine, "--initrd", initramfs.toString(), "--run", runDir.toString(),
                "--monitor", monitorSocket.toString(),
                "--cpus", System.getProperty("rig.cpus", "1"), "--memory", System.getProperty("rig.memoryMb", "1024")));
        if (Boolean.getBoolean("rig.kernelLog")) {
            cmd.add("--kernel-log");
        }
        for (Path share : shares()) {
            cmd.add("--share");
            cmd.add(share + ":ro");
        }
        Process qemu = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder console = new StringBuilder();
        Thread reader = new Thread(() -> readConsole(qemu, console, monitorSocket), "rig-console-" + machine);
        reader.setDaemon(true);
        reader.start();
        boolean exited = false;
        try {
            exited = qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            // Also when this test is interrupted: a VM must not outlive the build.
            if (!exited) {
                qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            deleteQuietly(monitorSocket);
            deleteQuietly(monitorDir);
        }
        List<RigResult> results = new ArrayList<>();
        Path resultsFile = runDir.resolve("results.tsv");
        if (Files.exists(resultsFile)) {
            for (String line : Files.readAllLines(resultsFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    results.add(RigResult.parse(line));
                }
            }
        }
        String text;
        synchronized (console) {
            text = console.toString();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new RigRun(machine, text, results, elapsed, exited ? qemu.exitValue() : -1, !exited, null);
    }

    private static String missingHostPieces() {
        List<String> missing = new ArrayList<>();
        if (!onPath("qemu-system-x86_64")) {
            missing.add("qemu-system-x86_64");
        }
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            missing.add("/bin/busybox");
        }
        if (!onPath("cpio")) {
            missing.add("cpio");
        }
        try (Stream<Path> boot = Files.list(Path.of("/boot"))) {
            if (boot.noneMatch(p -> p.getFileName().toString().startsWith("vmlinuz-"))) {
                missing.add("/boot/vmlinuz-*");
            }
        } catch (IOException e) {
            missing.add("/boot");
        }
        return missing.isEmpty() ? null
                : "the QEMU rig needs " + missing + " on the host: apt-get install -y " + APT_PACKAGES;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Builds target/rig/initramfs.gz unless it is newer than the scripts that make it. */
    private Path initramfs() throws IOException, InterruptedException {
        Path out = moduleDir.resolve("target/rig/initramfs.gz");
        Path script = moduleDir.resolve("rig/build-initramfs.sh");
        FileTime newestInput = Stream.of(script, moduleDir.resolve("rig/init.sh"))
                .map(QemuRig::modified).max(Comparator.naturalOrder()).orElseThrow();
        if (Files.exists(out) && modified(out).compareTo(newestInput) > 0) {
            return out;
        }
        Process p = new ProcessBuilder("bash", script.toString(), out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("rig/build-initramfs.sh failed: " + output);
        }
        return out;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void prepareRunDir(Class<?>... guestTests) throws IOException {
        if (Files.exists(runDir)) {
            try (Stream<Path> old = Files.walk(runDir)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(runDir);
        String javaHome = System.getProperty("java.home");
        List<String> javaArgs = List.of(
                // C1 only: under TCG every JIT cycle is emulated, and these runs are short.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
                "-Djava.io.tmpdir=/tmp", "-Djna.tmpdir=/tmp",
                "-Drig.run=" + runDir, "-Drig.machine=" + machine,
                "-Dio.netty.leakDetection.level=paranoid",
                // The guest has no network interface to take a machine id from; say one instead of a warning.
                "-Dio.netty.machineId=02:00:00:00:00:01",
                "-cp", String.join(":", guestClasspath()));
        Files.write(runDir.resolve("java.args"), javaArgs, StandardCharsets.UTF_8);
        String classes = Stream.of(guestTests).map(Class::getName).collect(Collectors.joining(" "));
        String script = "#!/bin/sh\n"
                + "# Written by QemuRig: runs the guest tests on the host's JDK, inside the guest.\n"
                + "export HOME=/root PATH=/usr/local/bin:/usr/bin:/usr/sbin\n"
                + "cd " + runDir + "\n"
                + javaHome + "/bin/java @" + runDir.resolve("java.args") + ' '
                + GuestLauncher.class.getName() + ' ' + classes + '\n'
                + "echo \"RIG: java exit $?\"\n";
        Files.writeString(runDir.resolve("guest.sh"), script, StandardCharsets.UTF_8);
    }

    /** This JVM's test classpath; the guest sees the same paths. */
    private static List<String> classpath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(":")) {
            if (!e.isEmpty() && !e.contains("surefire")) {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        return entries;
    }

    /**
     * The guest's classpath: jars as they are, class directories copied into the run directory first, so a
     * rebuild on the host while the guest runs (another build in the same tree) cannot pull classes away.
     */
    private List<String> guestClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String e : classpath()) {
            Path p = Path.of(e);
            if (!Files.isDirectory(p)) {
                entries.add(e);
                continue;
            }
            Path copy = runDir.resolve("classes-" + n++);
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path f : (Iterable<Path>) walk::iterator) {
                    Path target = copy.resolve(p.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
            entries.add(copy.toString());
        }
        return entries;
    }

    /** Directories to share read-only at the same path: the JDK if outside /usr, and every classpath root. */
    private Set<Path> shares() {
        Path projectRoot = moduleDir.getParent();
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Set<Path> shares = new LinkedHashSet<>();
        shares.add(projectRoot);
        Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath();
        if (!javaHome.startsWith("/usr")) {
            shares.add(javaHome);
        }
        for (String e : classpath()) {
            Path p = Path.of(e);
            if (p.startsWith(projectRoot) || p.startsWith("/usr") || shares.stream().anyMatch(p::startsWith)) {
                continue;
            }
            shares.add(p.startsWith(m2) ? m2 : (Files.isDirectory(p) ? p : p.getParent()));
        }
        for (Path s : shares) {
            if (s.toString().contains(" ") || s.toString().contains(",")) {
                throw new IllegalStateException("the QEMU rig cannot share a path with spaces or commas: " + s);
            }
        }
        return shares;
    }

    private void readConsole(Process qemu, StringBuilder console, Path monitorSocket) {
        QemuMonitor monitor = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(runDir.resolve("console.log"), StandardCharsets.UTF_8)) {
            long t0 = System.nanoTime();
            String raw;
            while ((raw = in.readLine()) != null) {
                String line = ANSI.matcher(raw).replaceAll("").replace("\r", "");
                String stamped = String.format("[%6.2f] %s%n", (System.nanoTime() - t0) / 1e9, line);
                synchronized (console) {
                    console.append(stamped);
                }
                log.write(stamped);
                log.flush();
                Matcher m = MONITOR_REQUEST.matcher(line.trim());
                if (m.matches()) {
                    String reply;
                    try {
                        if (monitor == null) {
                            monitor = new QemuMonitor(monitorSocket);
                        }
                        reply = monitor.execute(m.group(2));
                    } catch (IOException e) {
                        reply = "RIG-MONITOR-ERROR " + e;
                    }
                    Path ack = runDir.resolve("monitor-" + m.group(1) + ".ack");
                    Path tmp = runDir.resolve("monitor-" + m.group(1) + ".tmp");
                    Files.writeString(tmp, reply, StandardCharsets.UTF_8);
                    Files.move(tmp, ack);
                    String note = String.format("[%6.2f] HOST: monitor '%s' -> '%s'%n",
                            (System.nanoTime() - t0) / 1e9, m.group(2), reply);
                    synchronized (console) {
                        console.append(note);
                    }
                    log.write(note);
                }
            }
        } catch (IOException e) {
            synchronized (console) {
                console.append("HOST: console reader failed: ").append(e).append('\n');
            }
        } finally {
            if (monitor != null) {
                try {
                    monitor.close();
                } catch (IOException ignored) {
                    // the VM is gone
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
