package io.github.nettyserial.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C side of the benchmarks ({@code ptybench.c}, shipped as a resource): compiled once per JVM with the
 * machine's gcc, into a temporary directory, because the floor must be measured with this machine's compiler
 * and kernel, never taken from a table.
 */
public final class PtyBench {

    /** Set by the harness for forked JVMs (JMH, scale workers) so they reuse one binary. */
    static final String BINARY_PROPERTY = "ptybench.binary";

    private static Path binary;

    private PtyBench() {
    }

    /** The compiled binary, building it on first use. */
    public static synchronized Path binary() throws IOException, InterruptedException {
        if (binary != null) {
            return binary;
        }
        String given = System.getProperty(BINARY_PROPERTY);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return binary = Path.of(given);
        }
        Path dir = Files.createTempDirectory("ptybench");
        Path src = dir.resolve("ptybench.c");
        Path bin = dir.resolve("ptybench");
        // Deleted in reverse order of registration when this JVM exits: binary, source, directory.
        dir.toFile().deleteOnExit();
        src.toFile().deleteOnExit();
        bin.toFile().deleteOnExit();
        try (InputStream in = PtyBench.class.getResourceAsStream("ptybench.c")) {
            if (in == null) {
                throw new IOException("ptybench.c is not on the class path next to " + PtyBench.class.getName());
            }
            Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
        }
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", bin.toString(), src.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("gcc failed to build the C floor (apt package gcc): " + output);
        }
        return binary = bin;
    }

    /** Starts {@code ptybench args...}; stderr goes to ours. */
    static Process start(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
