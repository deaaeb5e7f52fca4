package io.github.nettyserial.rig.guest;

import static io.github.nettyserial.rig.guest.GuestTty.CMSPAR;
import static io.github.nettyserial.rig.guest.GuestTty.CSTOPB;
import static io.github.nettyserial.rig.guest.GuestTty.PARENB;
import static io.github.nettyserial.rig.guest.GuestTty.PARODD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SerialChannel on QEMU's 16550A (guest ttyS1) and the real 8250 driver, with the UART's loopback bit
 * (MCR LOOP) set through a second descriptor: RTS drives CTS, DTR drives DSR, OUT1 drives RI, OUT2 drives
 * DCD, and TX feeds RX. QEMU raises no modem-status interrupts in loop mode and does not pace by baud rate,
 * so modem-change events and timing are not tested here.
 */
public class Uart8250InGuest {
    private static final String PORT = "/dev/ttyS1";
    private static EventLoopGroup group;
    private static GuestTty tty;

    @BeforeAll
    static void loopback() throws Exception {
        assertEquals("4", Files.readString(Path.of("/sys/class/tty/ttyS1/type")).trim(), "ttyS1 is a 16550A");
        group = GuestChannel.newGroup();
        tty = new GuestTty(PORT);
        tty.setModemBits(GuestTty.TIOCM_LOOP);
        assertTrue((tty.modemBits() & GuestTty.TIOCM_LOOP) != 0, "the 8250 driver keeps TIOCM_LOOP");
    }

    @AfterAll
    static void restore() throws Exception {
        if (tty != null) {
            tty.clearModemBits(GuestTty.TIOCM_LOOP);
            tty.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static GuestChannel open(Map<ChannelOption<?>, Object> options) throws InterruptedException {
        return GuestChannel.connect(group, PORT, options);
    }

    private static ModemLines lines(GuestChannel c) throws Exception {
        return c.channel.modemLines().get(GuestChannel.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void dtrAndRtsAppliedAtConnectComeBackAsDsrAndCts() throws Exception {
        try (GuestChannel c = open(Map.of(SerialChannelOption.DTR, true, SerialChannelOption.RTS, false))) {
            ModemLines m = lines(c);
            assertTrue(m.dtr(), m.toString());
            assertFalse(m.rts(), m.toString());
            assertTrue(m.dsr(), "DTR loops to DSR: " + m);
            assertFalse(m.cts(), "RTS loops to CTS: " + m);
        }
        try (GuestChannel c = open(Map.of(SerialChannelOption.DTR, false, SerialChannelOption.RTS, true))) {
            ModemLines m = lines(c);
            assertFalse(m.dsr(), m.toString());
            assertTrue(m.cts(), m.toString());
        }
    }

    @Test
    void dtrAndRtsSetAtRuntimeComeBackAsDsrAndCts() throws Exception {
        try (GuestChannel c = open(Map.of(SerialChannelOption.DTR, false, SerialChannelOption.RTS, false))) {
            assertLines(c, false, false);
            c.channel.config().setOption(SerialChannelOption.RTS, true);
            assertLines(c, false, true);
            c.channel.config().setOption(SerialChannelOption.DTR, true);
            assertLines(c, true, true);
            c.channel.config().setOption(SerialChannelOption.RTS, false);
            assertLines(c, true, false);
            // The driver's register agrees with what the channel reports.
            int bits = tty.modemBits();
            assertEquals(GuestTty.TIOCM_DTR | GuestTty.TIOCM_DSR, bits & (GuestTty.TIOCM_DTR | GuestTty.TIOCM_DSR
                    | GuestTty.TIOCM_RTS | GuestTty.TIOCM_CTS), String.format("TIOCMGET %#x", bits));
        }
    }

    /** DTR and RTS as the channel set them, and DSR and CTS following them through the loop. */
    private static void assertLines(GuestChannel c, boolean dtr, boolean rts) throws Exception {
        ModemLines m = lines(c);
        String what = "DTR=" + dtr + " RTS=" + rts + " gave " + m;
        assertEquals(dtr, m.dtr(), what);
        assertEquals(rts, m.rts(), what);
        assertEquals(dtr, m.dsr(), what);
        assertEquals(rts, m.cts(), what);
    }

    @Test
    void ringIndicatorAndCarrierAreRead() throws Exception {
        // The 8250 driver raises OUT2 itself (PC UARTs gate their interrupt with it); put it back after.
        boolean out2 = (tty.modemBits() & GuestTty.TIOCM_OUT2) != 0;
        try (GuestChannel c = open(Map.of())) {
            tty.clearModemBits(GuestTty.TIOCM_OUT1 | GuestTty.TIOCM_OUT2);
            ModemLines m = lines(c);
            assertFalse(m.ri() || m.dcd(), m.toString());
            tty.setModemBits(GuestTty.TIOCM_OUT1);
            m = lines(c);
            assertTrue(m.ri(), "OUT1 loops to RI: " + m);
            assertFalse(m.dcd(), m.toString());
            tty.clearModemBits(GuestTty.TIOCM_OUT1);
            tty.setModemBits(GuestTty.TIOCM_OUT2);
            m = lines(c);
            assertFalse(m.ri(), m.toString());
            assertTrue(m.dcd(), "OUT2 loops to DCD: " + m);
        } finally {
            tty.clearModemBits(GuestTty.TIOCM_OUT1);
            if (out2) {
                tty.setModemBits(GuestTty.TIOCM_OUT2);
            } else {
                tty.clearModemBits(GuestTty.TIOCM_OUT2);
            }
        }
    }

    @Test
    void everyFrameFormatIsHeldByTheDriver() throws Exception {
        try (GuestChannel c = open(Map.of())) {
            for (int bits = 5; bits <= 8; bits++) {
                for (Parity parity : Parity.values()) {
                    for (StopBits stop : new StopBits[] {StopBits.ONE, StopBits.TWO}) {
                        c.channel.config().setOption(SerialChannelOption.DATA_BITS, bits);
                        c.channel.config().setOption(SerialChannelOption.PARITY, parity);
                        c.channel.config().setOption(SerialChannelOption.STOP_BITS, stop);
                        GuestTty.Termios t = tty.termios();
                        String what = bits + "/" + parity + "/" + stop + ": " + t;
                        assertEquals(bits, t.dataBits(), what);
                        assertEquals(expectedParityBits(parity), t.cflag() & (PARENB | PARODD | CMSPAR), what);
                        assertEquals(stop == StopBits.TWO, (t.cflag() & CSTOPB) != 0, what);
                    }
                }
            }
        }
    }

    private static int expectedParityBits(Parity p) {
        switch (p) {
            case NONE: return 0;
            case EVEN: return PARENB;
            case ODD: return PARENB | PARODD;
            case MARK: return PARENB | PARODD | CMSPAR;
            case SPACE: return PARENB | CMSPAR;
            default: throw new AssertionError(p);
        }
    }

    @Test
    void standardRatesAreHeldAndAnUnreachableOneIsRefusedKeepingTheOld() throws Exception {
        try (GuestChannel c = open(Map.of(SerialChannelOption.BAUD_RATE, 57_600))) {
            assertEquals(57_600, tty.termios().ospeed());
            c.channel.config().setOption(SerialChannelOption.BAUD_RATE, 9_600);
            assertEquals(9_600, tty.termios().ospeed());
            c.channel.config().setOption(SerialChannelOption.BAUD_RATE, 115_200);
            assertEquals(115_200, tty.termios().ospeed());
            // baud_base is 115200: the 8250 cannot make 250000 and the driver says so only on read-back.
            ChannelException e = assertThrows(ChannelException.class,
                    () -> c.channel.config().setOption(SerialChannelOption.BAUD_RATE, 250_000));
            assertInstanceOf(UnsupportedSerialConfigurationException.class, e.getCause(), e.toString());
            assertEquals(115_200, tty.termios().ospeed(), "the old rate stays");
            assertEquals(115_200, c.channel.config().getOption(SerialChannelOption.BAUD_RATE));
        }
    }

    @Test
    void dataLoopsBackThroughTheUart() throws Exception {
        try (GuestChannel c = open(Map.of(SerialChannelOption.BAUD_RATE, 115_200))) {
            byte[] data = new byte[2048];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 7 + 1);
            }
            // In chunks the size of a FIFO burst or two: QEMU's loopback does not pace, and an unread 16550
            // receiver overruns like a real one.
            for (int off = 0; off < data.length; off += 256) {
                c.channel.writeAndFlush(Unpooled.wrappedBuffer(data, off, 256)).sync();
                c.awaitReceived(off + 256);
            }
            assertArrayEquals(data, c.awaitReceived(data.length));
            assertTrue(c.exceptions.isEmpty(), c.exceptions.toString());
        }
    }

    @Test
    void bytesAvailableAndDiscardInputOnTheDriversQueue() throws Exception {
        try (GuestChannel c = open(Map.of(ChannelOption.AUTO_READ, false))) {
            c.channel.writeAndFlush(Unpooled.wrappedBuffer("0123456789".getBytes())).sync();
            long deadline = System.nanoTime() + GuestChannel.PATIENCE.toNanos();
            int available;
            while ((available = c.channel.bytesAvailable().get()) < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10); // the driver's queue has no event to wait on without reading
            }
            assertEquals(10, available);
            c.channel.discardInput().sync();
            assertEquals(0, c.channel.bytesAvailable().get());
        }
    }

    @Test
    void breakAndDrainCompleteOnTheDriver() throws Exception {
        try (GuestChannel c = open(Map.of(SerialChannelOption.BAUD_RATE, 115_200))) {
            // The 8250 does TIOCSBRK/TIOCCBRK (QEMU does not loop a break back, so only completion is seen).
            ChannelFuture brk = c.channel.sendBreak(java.time.Duration.ofMillis(50));
            assertTrue(brk.await(GuestChannel.PATIENCE.toMillis()), "sendBreak never completed");
            assertTrue(brk.isSuccess(), () -> "sendBreak failed: " + brk.cause());
            c.channel.write(Unpooled.wrappedBuffer(new byte[200]));
            // drain() flushes, then waits for the driver's queue and the transmitter (LSR TEMT) to be empty.
            ChannelFuture drained = c.channel.drain();
            assertTrue(drained.await(GuestChannel.PATIENCE.toMillis()), "drain never completed");
            assertTrue(drained.isSuccess(), () -> "drain failed: " + drained.cause());
            assertEquals(0, c.channel.bytesQueued().get());
            c.awaitReceived(200);
        }
    }

    @Test
    void aSecondExclusiveOpenerIsRefusedEvenAsRoot() throws Exception {
        // Root bypasses TIOCEXCL; the advisory lock the channel also takes still refuses a second channel.
        try (GuestChannel first = open(Map.of(SerialChannelOption.EXCLUSIVE, true))) {
            Throwable e = assertThrows(Throwable.class, () -> open(Map.of(SerialChannelOption.EXCLUSIVE, true)));
            assertInstanceOf(io.github.nettyserial.SerialPortBusyException.class, e, e.toString());
            assertTrue(first.channel.isActive());
        }
    }
}
