package io.github.nettyserial.rig.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test running inside the rig guest can ask of the rig: where the shared run directory is, and
 * QEMU monitor commands (unplug, replug), which the host executes and acknowledges through that directory.
 */
public final class RigGuest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private RigGuest() {
    }

    /** The run directory shared with the host (read-write, uncached); set by the rig's guest.sh. */
    public static Path runDir() {
        String dir = System.getProperty("rig.run");
        if (dir == null) {
            throw new IllegalStateException("not inside the QEMU rig: -Drig.run is not set (run it with mvn -Prig)");
        }
        return Path.of(dir);
    }

    /**
     * Has the host send {@code command} to the QEMU monitor and waits until it was executed.
     *
     * @return the monitor's reply (empty when the command succeeded silently)
     */
    public static String monitor(String command) throws IOException, InterruptedException {
        int seq = SEQUENCE.incrementAndGet();
        Path ack = runDir().resolve("monitor-" + seq + ".ack");
        // The host watches the guest console for this line; see QemuRig.
        System.out.println("RIG-MONITOR " + seq + ' ' + command);
        System.out.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(ack)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the host did not acknowledge monitor command '" + command + "' within 60 s");
            }
            Thread.sleep(50);
        }
        return Files.readString(ack, StandardCharsets.UTF_8).trim();
    }
}
