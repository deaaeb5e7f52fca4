package io.github.nettyserial.rig;

import io.github.nettyserial.rig.guest.FtdiInGuest;
import io.github.nettyserial.rig.guest.SmokeInGuest;
import io.github.nettyserial.rig.guest.Uart8250InGuest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Boots each QEMU rig machine once and reports every test that ran inside it as a test of its own. Runs only
 * with {@code mvn -Prig}; a machine that cannot boot is a failure with the guest console, never a skip.
 */
@Tag("rig")
class QemuRigTest {
    /** {@code -Drig.machines=ftdi} boots only that machine (while working on it); both by default. */
    private static final String MACHINES = System.getProperty("rig.machines", "uart,ftdi");

    private static Stream<DynamicTest> run(String machine, int expected, Class<?>... guestTests) throws Exception {
        if (!List.of(MACHINES.split(",")).contains(machine)) {
            // Not a skip: the choice is visible as a passing test that names it.
            return Stream.of(DynamicTest.dynamicTest(machine + ": not selected by -Drig.machines=" + MACHINES, () -> { }));
        }
        return QemuRig.machine(machine).run(Duration.ofMinutes(5), guestTests).asDynamicTests(expected);
    }

    /** A 16550A on the real 8250 driver, looped back in the UART. */
    @TestFactory
    Stream<DynamicTest> uart8250() throws Exception {
        return run("uart", 10, SmokeInGuest.class, Uart8250InGuest.class);
    }

    /** An FT232 on xHCI with the real ftdi_sio driver: discovery against pyserial, latency timer, unplug. */
    @TestFactory
    Stream<DynamicTest> ftdi() throws Exception {
        return run("ftdi", 5, FtdiInGuest.class);
    }
}
