package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.examples.testutil.CliRun.Result;
import io.github.nettyserial.examples.testutil.TestClassPath;
import io.github.nettyserial.testkit.VirtualSerialPair;
import io.github.nettyserial.testkit.VirtualSerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serial xmodem}: its timeout, its checks before a transfer, its progress display. */
class XmodemCommandTest {

    /** --timeout is the receiver's start timeout too: one C a 3 s, and with 1 s only the first goes out. */
    @Test
    void receiveTimeoutIsHonoured(@TempDir Path dir) throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open()) {
            CliRun rx = new CliRun("asking the sender", "xmodem", "receive", device.path(),
                    dir.resolve("in.bin").toString(), "--timeout", "1");
            Result r = rx.awaitReady().finish(30); // the bug: 20 requests, 60 s and more
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("no sender answered within 1.0 s (1 requests to start)"), r.err());
            byte[] seen = device.readDevice(device.deviceAvailable(), java.time.Duration.ofSeconds(1));
            assertEquals("C\u0018\u0018", new String(seen, java.nio.charset.StandardCharsets.ISO_8859_1),
                    "one C, then CAN CAN");
        }
    }

    /** The sender must not be told "received" for a file we then cannot write: nothing is sent to the port. */
    @Test
    void receiveChecksTheTargetBeforeTheTransfer(@TempDir Path dir) throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open()) {
            Path target = dir.resolve("no-such-dir").resolve("in.bin");
            Result r = CliRun.run("xmodem", "receive", device.path(), target.toString(), "--timeout", "1");
            assertEquals(1, r.code(), r.toString());
            assertEquals("serial xmodem receive: " + target + ": the directory " + target.getParent()
                    + " does not exist\n", r.err());
            assertEquals(0, device.deviceAvailable(), "the receiver asked the sender to start");

            Result intoDir = CliRun.run("xmodem", "receive", device.path(), dir.toString(), "--timeout", "1");
            assertEquals(1, intoDir.code(), intoDir.toString());
            assertTrue(intoDir.err().contains("is a directory (only ymodem carries file names)"), intoDir.err());
            assertEquals(0, device.deviceAvailable());
        }
    }

    @Test
    void sendOfAMissingFileSaysWhy(@TempDir Path dir) throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open()) {
            Path missing = dir.resolve("missing.bin");
            Result r = CliRun.run("xmodem", "send", device.path(), missing.toString());
            assertEquals(1, r.code(), r.toString());
            assertEquals("serial xmodem send: cannot read FILE: " + missing + ": no such file or directory\n", r.err());
        }
    }

    /** YMODEM both ways through the tool, each side with its progress display forced on. */
    @Test
    void progressShowsBytesRateAndTimeLeft(@TempDir Path dir) throws Exception {
        byte[] content = new byte[20_000];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("data.bin"), content);
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            CliRun tx = new CliRun("waiting for the receiver", "xmodem", "send", pair.a().path(), file.toString(),
                    "--mode", "ymodem", "--baud", "115200", "--progress", "--timeout", "30").awaitReady();
            Result rx = CliRun.run("xmodem", "receive", pair.b().path(), inbox.toString(), "--mode", "ymodem",
                    "--baud", "115200", "--progress", "--timeout", "30");
            Result sent = tx.finish(60);
            assertEquals(0, rx.code(), rx.toString());
            assertEquals(0, sent.code(), sent.toString());
            assertArrayEquals(content, Files.readAllBytes(inbox.resolve("data.bin")));
            for (Result r : new Result[] {rx, sent}) {
                assertTrue(r.err().matches("(?s).*\rdata\\.bin 20\\.0 kB / 20\\.0 kB \\(100 %\\), [0-9.]+ kB/s, 0:00 left *\n.*"),
                        r.err());
            }
        }
    }

    /** Not forced: a sender whose stderr is a terminal (here a pty) shows its progress, one under Maven does not. */
    @Test
    void progressIsShownWhenStderrIsATerminal(@TempDir Path dir) throws Exception {
        assertEquals(false, TransferProgress.stderrIsTerminal(), "the tests' stderr is a pipe to Maven");
        byte[] content = new byte[3000];
        new Random(11).nextBytes(content);
        Path file = Files.write(dir.resolve("small.bin"), content);
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        try (VirtualSerialPair pair = VirtualSerialPair.open(); VirtualSerialPort terminal = VirtualSerialPort.open()) {
            Process sender = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", TestClassPath.get(), SerialTool.class.getName(), "xmodem", "send", pair.a().path(),
                    file.toString(), "--mode", "ymodem", "--timeout", "60")
                    .redirectError(new java.io.File(terminal.path())).redirectOutput(dir.resolve("out").toFile())
                    .start();
            try {
                Result rx = CliRun.run("xmodem", "receive", pair.b().path(), inbox.toString(), "--mode", "ymodem",
                        "--timeout", "60");
                assertEquals(0, rx.code(), rx.toString());
                assertTrue(sender.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(0, sender.exitValue());
            } finally {
                sender.destroyForcibly();
            }
            assertArrayEquals(content, Files.readAllBytes(inbox.resolve("small.bin")));
            String screen = new String(terminal.readDevice(terminal.deviceAvailable(), java.time.Duration.ofSeconds(5)),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(screen.contains("\rsmall.bin 3.0 kB / 3.0 kB (100 %), ") && screen.contains(" left"), screen);
        }
    }

    @Test
    void progressLine() {
        assertEquals("fw.bin 5.0 kB / 20.0 kB (25 %), 1.0 kB/s, 0:15 left", TransferProgress.line("fw.bin", 5000, 20000, 5));
        assertEquals("2.0 kB, 1.0 kB/s", TransferProgress.line(null, 2000, -1, 2));
    }
}
