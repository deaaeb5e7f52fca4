package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.windows.sim.SimDevice;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What real Windows drivers do that a kind kernel would not: serial.sys's STATUS_TIMEOUT reads,
 * cancellation that completes later, reads that complete empty, and drivers that never complete their
 * I/O after a yank.
 */
class IocpCompletionQuirksTest extends SimulatedPorts {

    @Test
    void aReadEndedByStatusTimeoutDeliversItsBytes() throws Exception {
        Collector a = new Collector();
        SerialChannel ch = open("COM10", a);
        // The (1,0,0) interval timer ends the read: serial.sys says STATUS_TIMEOUT (0x102), a success.
        kernel.device("COM10").receive("timed out".getBytes(StandardCharsets.US_ASCII));
        assertEquals("timed out", new String(a.await(9), StandardCharsets.US_ASCII));
        assertTrue(a.errors().isEmpty(), "no error: " + a.errors());
        assertTrue(ch.isActive());
        kernel.device("COM10").receive((byte) '!');
        assertEquals("timed out!", new String(a.await(10), StandardCharsets.US_ASCII), "the read was re-armed");
    }

    @Test
    void closeWithIoPendingWaitsForTheCancelledPacketsThatComeLater() throws Exception {
        SerialChannel chA = open("COM10");
        open("COM11", opts(ChannelOption.AUTO_READ, false));
        ChannelFuture write = chA.writeAndFlush(chA.alloc().directBuffer(64 * 1024).writeZero(64 * 1024));
        await(() -> kernel.device("COM11").rxQueued() == 4096, "the write is stuck in flight");
        kernel.holdCancellations();
        chA.close().sync();
        chA.eventLoop().submit(() -> { }).sync();
        // CancelIoEx has returned, its packets have not come: nothing may be closed or freed yet.
        assertTrue(kernel.device("COM10").isOpen(), "CloseHandle waits for the cancelled operations' packets");
        kernel.assertClean();
        assertTrue(kernel.liveOperations() >= 3, kernel.describe());
        kernel.releaseCancellations();
        await(() -> !kernel.device("COM10").isOpen(), "COM10 closed once its packets came");
        assertTrue(write.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(!write.isSuccess());
    }

    @Test
    void emptyReadCompletionsDoNotSpinTheLoop() throws Exception {
        Collector a = new Collector();
        open("COM10", a);
        SimDevice com10 = kernel.device("COM10");
        await(() -> kernel.liveOperations() == 2, "the read and the wait in flight");
        long reads = kernel.readFileCalls();
        long idle = kernel.waitsTimedOut();
        com10.zeroByteReads(true);
        await(() -> kernel.readFileCalls() - reads >= 10, "ten re-arms");
        com10.zeroByteReads(false);
        long rearms = kernel.readFileCalls() - reads;
        long waited = kernel.waitsTimedOut() - idle;
        // A spinning loop re-arms from the completion at once: a packet is always ready, it never waits (0
        // here). Backing off (1, 2, 4 .. 64 ms) the loop blocks and times out before each later re-arm; a
        // busy machine may swallow the shortest back-offs, not the 16 ms and longer ones.
        assertTrue(waited >= 4, rearms + " re-arms but the loop timed out waiting only " + waited + " times");
        com10.receive((byte) 'x', (byte) 'y');
        assertEquals("xy", new String(a.await(2), StandardCharsets.US_ASCII), "reads go on once data comes");
    }

    @Test
    void aYankWhoseIoNeverCompletesStillClosesAndNothingIsFreedUnderTheKernel() throws Exception {
        assertInstanceOf(JdkLoggerFactory.class, InternalLoggerFactory.getDefaultFactory(),
                "this test reads the warning through java.util.logging");
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(IocpSerialIo.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            Collector a = new Collector();
            SerialChannel chA = open("COM10", a);
            open("COM11", opts(ChannelOption.AUTO_READ, false));
            chA.writeAndFlush(chA.alloc().directBuffer(64 * 1024).writeZero(64 * 1024));
            await(() -> kernel.device("COM11").rxQueued() == 4096, "a write stuck in flight");
            await(() -> kernel.liveOperations() == 4, "COM10's read, write and wait, and COM11's wait");
            kernel.device("COM10").unplugNeverCompleting(Win32.ERROR_BAD_COMMAND);
            assertTrue(chA.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            await(() -> !kernel.device("COM10").isOpen(), "COM10's handle closed though its I/O never completed");
            kernel.assertClean(); // nothing the three operations point into was freed or released
            assertEquals(4, kernel.liveOperations());
            // Kept for good: the block of OVERLAPPEDs and the event DWORD, the read buffer, the write's message.
            keptOperations = 3;
            keptBytes = 3 * 32 + 8;
            keptBuffers = 2;
            assertEquals(1, warnings.size(), "logged once: " + warnings.size());
            String message = warnings.get(0).getMessage();
            assertTrue(message.contains("COM10") || String.valueOf(warnings.get(0).getParameters()[0]).contains("COM10"),
                    message);
        } finally {
            logger.removeHandler(handler);
        }
    }
}
