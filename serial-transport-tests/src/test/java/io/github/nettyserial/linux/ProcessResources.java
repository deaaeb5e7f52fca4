package io.github.nettyserial.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** What this JVM holds open, read from /proc, to prove that nothing leaks. */
final class ProcessResources {
    private ProcessResources() {
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Open descriptors that point at {@code device}. */
    static long fdsOn(String device) throws IOException {
        long n = 0;
        try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(device)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    static int threads() {
        return Thread.getAllStackTraces().size();
    }

    static long osThreads() throws IOException {
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
            return tasks.count();
        }
    }
}
