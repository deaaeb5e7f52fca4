package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.examples.testutil.CliRun.Result;
import io.github.nettyserial.testkit.VirtualSerialPair;
import org.junit.jupiter.api.Test;

/** The tool on virtual serial pairs: demo, send and monitor, and how it reports errors. */
class SerialToolTest {

    static Result run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void demoRunsWithoutADevice() {
        Result r = run("demo", "--rounds", "3");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("serial demo: Modbus RTU master on /dev/pts/"), r.out());
        assertTrue(r.out().contains("read-holding 0..9"), r.out());
        assertTrue(r.out().contains("-> [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]"), r.out());
        assertTrue(r.out().contains("read-holding 3") && r.out().contains("-> [4242]"), r.out());
        assertTrue(r.out().contains("illegal data address (exception 2)"), r.out());
        assertTrue(r.out().contains("24 round trips: min "), r.out());
    }

    @Test
    void sendArrivesAtMonitor() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            // The monitor opens its port first; bytes sent before that would be discarded at its open.
            CliRun monitor = new CliRun("monitoring", "monitor", pair.b().path(), "--hex", "--bytes", "7",
                    "--duration", "20").awaitReady();
            Result sent = run("send", pair.a().path(), "hello", "--eol", "crlf", "--baud", "115200");
            assertEquals(0, sent.code(), sent.toString());
            assertEquals("sent 7 bytes to " + pair.a().path() + "\n", sent.err());
            Result seen = monitor.finish(30);
            assertEquals(0, seen.code(), seen.toString());
            assertEquals("68656c6c6f0d0a", seen.out().replaceAll("\\s", ""));
        }
    }

    @Test
    void sendHex() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            assertEquals(0, run("send", pair.a().path(), "--hex", "01 03 00 00 00 0a c5 cd").code());
            Result bad = run("send", pair.a().path(), "--hex", "01 0");
            assertEquals(2, bad.code());
            assertTrue(bad.err().startsWith("serial send: DATA: \"01 0\" (expected hex bytes"), bad.err());
        }
    }

    @Test
    void errorsAreOneLineWithoutStackTrace() {
        Result missing = run("monitor", "/dev/does-not-exist");
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("serial monitor: /dev/does-not-exist"), missing.err());

        Result debug = run("monitor", "/dev/does-not-exist", "--debug");
        assertEquals(1, debug.code());
        assertTrue(debug.err().lines().count() > 3, "--debug adds the stack trace");
        assertTrue(debug.err().contains("\tat "), debug.err());

        Result notSerial = run("send", "/dev/null", "x");
        assertEquals(1, notSerial.code());
        assertEquals(1, notSerial.err().lines().count(), notSerial.err());
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        assertEquals(2, run("monitor", "/dev/null", "--parity", "sometimes").code());
        assertEquals(2, run("monitor", "/dev/null", "--stop-bits", "3").code());
        assertEquals(2, run("monitor", "/dev/null", "--flow", "carrier-pigeon").code());
        assertEquals(2, run("modbus", "/dev/null", "read-everything").code());
        assertEquals(2, run("frobnicate").code());
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            Result bits = run("monitor", pair.a().path(), "--data-bits", "9", "--duration", "1");
            assertEquals(2, bits.code());
            assertEquals("serial monitor: --data-bits: 9 (expected 5, 6, 7 or 8)", bits.err().lines().findFirst().get());
        }
    }

    @Test
    void helpAndList() {
        Result help = run("--help");
        assertEquals(0, help.code());
        for (String c : new String[] {"list", "monitor", "send", "bridge", "modbus", "nmea", "xmodem", "demo"}) {
            assertTrue(help.out().contains(c), c);
        }
        Result list = run("list", "-v");
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.err().matches("(?s).*\\d+ ports? found\\n"), list.err());
    }
}
