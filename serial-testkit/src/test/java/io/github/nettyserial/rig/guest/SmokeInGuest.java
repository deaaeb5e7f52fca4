package io.github.nettyserial.rig.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The guest itself: the host JDK runs on the guest kernel, and the rig's UART is there. */
public class SmokeInGuest {

    @Test
    void runsOnTheGuestKernelWithTheRigUart() throws Exception {
        assertEquals("17", System.getProperty("java.specification.version"));
        String version = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        assertTrue(Files.isDirectory(Path.of("/sys/class/tty/ttyS1")), "no ttyS1 in guest kernel " + version);
        assertEquals("4", Files.readString(Path.of("/sys/class/tty/ttyS1/type")).trim(), "ttyS1 is a 16550A");
    }
}
