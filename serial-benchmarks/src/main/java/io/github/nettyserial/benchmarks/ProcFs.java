package io.github.nettyserial.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the scale scenario reads about its own process from /proc. */
final class ProcFs {

    /** USER_HZ: the unit of utime/stime in /proc/PID/stat (100 on every Linux the JDK runs on). */
    static final int TICKS_PER_SECOND = 100;

    private ProcFs() {
    }

    /** user + system CPU time of this process, in clock ticks. */
    static long cpuTicks() throws IOException {
        return ticks(Path.of("/proc/self/stat"));
    }

    /** user + system CPU time of one thread of this process (its task id), in clock ticks. */
    static long threadCpuTicks(String task) throws IOException {
        return ticks(Path.of("/proc/self/task", task, "stat"));
    }

    private static long ticks(Path file) throws IOException {
        String stat = Files.readString(file);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long threads() throws IOException {
        return statusField("Threads:");
    }

    static long rssKib() throws IOException {
        return statusField("VmRSS:");
    }

    private static long statusField(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(name + " not in /proc/self/status");
    }
}
