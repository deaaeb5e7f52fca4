package io.github.nettyserial.benchmarks;

import java.util.List;

/**
 * The application side of a benchmark: one contender (the C floor, SerialChannel, jSerialComm). The device
 * end is always the same {@link PtyDevice}. A contender that cannot run a scenario in its natural style
 * returns null.
 */
interface App extends AutoCloseable {

    String name();

    /** {@code count} sequential round trips of {@code size} bytes on {@code path}, ns each. */
    long[] rtt(String path, int size, int count) throws Exception;

    /** Device to application on port 0: ns from the first to the last byte received by the application. */
    Long read(PtyDevice device, int chunk, long bytes) throws Exception;

    /** Application to device on port 0 in {@code chunk}-byte writes: ns the device saw from first to last byte. */
    Long write(PtyDevice device, int chunk, long bytes) throws Exception;

    /** Both ways at once on port 0: ns until the device has sent and received {@code bytes} each way. */
    Long both(PtyDevice device, int chunk, long bytes) throws Exception;

    /** {@code rounds} times: one round trip on every port at once, ns until all have answered. */
    long[] fanout(List<String> paths, int size, int rounds) throws Exception;

    /**
     * CPU time (user + sys, µs) the contender spent in its last {@link #rtt} run when it runs in a process of
     * its own; NaN for in-JVM contenders, which the harness measures from /proc/self/stat.
     */
    default double lastCpuMicros() {
        return Double.NaN;
    }

    @Override
    default void close() {
    }
}
