package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.examples.testutil.CliRun.Result;
import io.github.nettyserial.testkit.VirtualSerialPort;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** {@code serial monitor} against a device on a pty: what reaches the user's terminal. */
class MonitorCommandTest {

    @Test
    void utf8TextWithControlBytesMadeVisible() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            byte[] sent = "héllo \u001b[2J\u0007 done\r\n".getBytes(StandardCharsets.UTF_8);
            CliRun monitor = new CliRun("monitoring", "monitor", port.path(), "--bytes", String.valueOf(sent.length),
                    "--duration", "20").awaitReady();
            // the é split across two writes: the decoder must wait for its second byte
            port.deviceOutput().write(sent, 0, 2);
            port.deviceOutput().flush();
            Thread.sleep(50);
            port.deviceOutput().write(sent, 2, sent.length - 2);
            port.deviceOutput().flush();
            Result r = monitor.finish(30);
            assertEquals(0, r.code(), r.toString());
            assertEquals("héllo ^[[2J^G done\n", r.out());
            assertTrue(r.out().chars().noneMatch(c -> c == 0x1b), "ESC reached the terminal raw");
        }
    }

    @Test
    void rawPassesControlBytes() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            CliRun monitor = new CliRun("monitoring", "monitor", port.path(), "--raw", "--bytes", "5",
                    "--duration", "20").awaitReady();
            port.deviceOutput().write("\u001b[2Jx".getBytes(StandardCharsets.US_ASCII));
            port.deviceOutput().flush();
            assertEquals("\u001b[2Jx", monitor.finish(30).out());
        }
    }

    @Test
    void bytesLimitPrintsAtMostThatMany() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            CliRun monitor = new CliRun("monitoring", "monitor", port.path(), "--bytes", "5", "--duration", "20")
                    .awaitReady();
            port.deviceOutput().write("0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII));
            port.deviceOutput().flush();
            Result r = monitor.finish(30);
            assertEquals(0, r.code(), r.toString());
            assertEquals("01234", r.out());

            CliRun hex = new CliRun("monitoring", "monitor", port.path(), "--hex", "--bytes", "3", "--duration", "20")
                    .awaitReady();
            port.deviceOutput().write(new byte[] {1, 2, 3, 4, 5, 6});
            port.deviceOutput().flush();
            assertEquals("01 02 03\n", hex.finish(30).out());
        }
    }

    /** {@code serial monitor PORT | head -1}: when the reader of stdout goes away, the monitor ends. */
    @Test
    void endsWhenStdoutIsClosed() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            Pipe pipe = Pipe.open();
            OutputStream stdout = Channels.newOutputStream(pipe.sink());
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> SerialTool.execute(
                    new String[] {"monitor", port.path()}, new PrintWriter(stdout, true), new PrintWriter(err, true)));
            // The reader takes one line and closes its end, as head does.
            byte[] line = new byte[6];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int got = 0;
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(line);
            while (got < line.length && System.nanoTime() < deadline) {
                port.deviceOutput().write("line1\n".getBytes(StandardCharsets.US_ASCII));
                port.deviceOutput().flush();
                pipe.source().configureBlocking(false);
                got += Math.max(0, pipe.source().read(buf));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            assertEquals("line1\n", new String(line, StandardCharsets.US_ASCII));
            pipe.source().close();
            // The device goes on talking; the next write to the closed pipe must end the monitor.
            while (!exit.isDone() && System.nanoTime() < deadline) {
                port.deviceOutput().write("more\n".getBytes(StandardCharsets.US_ASCII));
                port.deviceOutput().flush();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            assertTrue(exit.isDone(), "the monitor still runs after its stdout was closed\n" + err);
            assertEquals(0, exit.get(), err.toString());
        }
    }
}
