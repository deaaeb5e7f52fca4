package io.github.nettyserial.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The script logic of {@link FakeSerialDevice}, on an in-memory line; see VirtualPortsTest for it on a pty. */
class FakeSerialDeviceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MemoryLine line = new MemoryLine();
    private final FakeSerialDevice device = line.device();

    @AfterEach
    void close() {
        device.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("FakeSerialDevice memory-line")), "the device's thread ended");
    }

    @Test
    void expectThenReply() throws Exception {
        device.expect("AT\r").reply("OK\r\n").expect("ATI\r").reply("FakeModem\r\n").start();
        line.send("AT\r");
        assertEquals("OK\r\n", line.awaitReplies(4, WAIT));
        assertFalse(device.isDone());
        line.send("ATI\r");
        device.awaitDone();
        assertTrue(device.isDone());
        assertEquals("OK\r\nFakeModem\r\n", line.awaitReplies(15, WAIT));
        assertArrayEquals("AT\rATI\r".getBytes(StandardCharsets.US_ASCII), device.received());
    }

    @Test
    void aWrongByteFailsAtOnceWithADiff() {
        device.expect("PING\r\n").reply("PONG\r\n").start();
        line.send("PIXG\r\n");
        AssertionError e = assertThrows(AssertionError.class, device::awaitDone);
        assertEquals("memory-line: step 1 of 2, expect 6 bytes 50 49 4E 47 0D 0A  \"PING\\r\\n\": wrong bytes, "
                + "first difference at byte 2 (expected 6 bytes, received 6)\n"
                + "  expected: 50 49 4E 47 0D 0A  \"PING\\r\\n\"\n"
                + "  received: 50 49 58 47 0D 0A  \"PIXG\\r\\n\"\n"
                + "                  ^^", e.getMessage());
        assertFalse(device.isDone());
    }

    @Test
    void missingBytesFailWhenTheStepTimesOut() {
        device.timeout(Duration.ofMillis(100)).expect("ABC").start();
        line.send("A");
        AssertionError e = assertThrows(AssertionError.class, () -> device.awaitDone(WAIT));
        assertEquals("memory-line: step 1 of 1, expect 3 bytes 41 42 43  \"ABC\": only 1 of 3 bytes came within PT0.1S\n"
                + "  expected: 41 42 43  \"ABC\"\n"
                + "  received: 41  \"A\"", e.getMessage());
    }

    @Test
    void awaitDoneNamesTheStepItIsStuckAt() {
        device.expect("A").receive(2).start();
        line.send("A");
        AssertionError e = assertThrows(AssertionError.class, () -> device.awaitDone(Duration.ofMillis(50)));
        assertTrue(e.getMessage().startsWith("memory-line: the script did not finish within PT0.05S; "
                + "it is at step 2 of 2 (receive 2 bytes)\n  received so far: 41  \"A\""), e.getMessage());
    }

    @Test
    void theDeviceReadsNothingDuringADelayAndCloseInterruptsIt() {
        device.delay(Duration.ofMinutes(5)).expect("A").start();
        line.send("A");
        assertEquals(1, line.unread(), "the device is in its delay and does not read");
        device.close(); // returns only once the thread has ended
        assertEquals(1, line.unread());
    }

    @Test
    void pacedReadingLeavesBytesInTheLine() {
        byte[] bulk = new byte[2000];
        device.readPaced(100).receive(2000).start();
        line.send(bulk);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (device.received().length == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(device.received().length > 0, "the device reads");
        assertTrue(line.unread() > 1000, "at 100 bytes/s most of 2000 bytes wait in the line: " + line.unread());
    }

    @Test
    void afterTheScriptTheDeviceKeepsListening() {
        device.expect("A").start();
        line.send("A");
        device.awaitDone();
        line.send("BC");
        device.assertReceived("ABC");
    }

    @Test
    void assertReceivedShowsADiff() {
        device.start();
        line.send("ABD");
        AssertionError e = assertThrows(AssertionError.class, () -> device.assertReceived("ABC"));
        assertTrue(e.getMessage().startsWith("memory-line: the device did not receive what was expected: "
                + "first difference at byte 2 (expected 3 bytes, received 3)"), e.getMessage());
    }

    @Test
    void hangUpIsTheLastStep() {
        device.expect("bye").hangUp();
        assertThrows(IllegalStateException.class, () -> device.reply("more"));
        device.start();
        line.send("bye");
        device.awaitDone();
        assertTrue(line.hungUp);
    }

    @Test
    void theScriptIsFixedOnceStarted() {
        device.start();
        assertThrows(IllegalStateException.class, () -> device.expect("x"));
        assertThrows(IllegalStateException.class, device::start);
        device.close();
        device.close();
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> device.receive(0));
        assertThrows(IllegalArgumentException.class, () -> device.readPaced(0));
        assertThrows(IllegalArgumentException.class, () -> device.delay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> device.timeout(Duration.ZERO));
        assertThrows(IllegalStateException.class, device::address);
        assertThrows(IllegalStateException.class, device::awaitDone);
    }
}
