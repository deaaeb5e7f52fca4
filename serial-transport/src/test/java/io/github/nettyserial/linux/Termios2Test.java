package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.internal.SerialSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The termios2 layout and the mapping of settings onto its flags (kernel uapi values). */
class Termios2Test {

    @Test
    void layoutMatchesTheKernelStruct() {
        assertEquals(44, Termios2.SIZE);
        assertEquals(8, Termios2.C_CFLAG);
        assertEquals(17, Termios2.C_CC);
        assertEquals(19, Termios2.NCCS);
        assertEquals(36, Termios2.C_ISPEED);
        assertEquals(40, Termios2.C_OSPEED);
        assertEquals(0x802C542AL, Ioctl.TCGETS2, "_IOR('T', 0x2A, 44 bytes)");
        assertEquals(0x402C542BL, Ioctl.TCSETS2, "_IOW('T', 0x2B, 44 bytes)");
        assertEquals(80, Ioctl.ICOUNT_SIZE);
        assertEquals(32, Ioctl.RS485_SIZE);
        assertEquals(72, Ioctl.SERIAL_STRUCT_SIZE);
    }

    @Test
    void roundTripsThroughNativeMemory() {
        Termios2 t = new Termios2();
        t.iflag = 0x11;
        t.oflag = 0x22;
        t.cflag = 0x80001cb2;
        t.lflag = 0x44;
        t.cc[Termios2.VMIN] = 1;
        t.ispeed = 250_000;
        t.ospeed = 250_000;
        ByteBuffer buf = ByteBuffer.allocateDirect(Termios2.SIZE);
        t.write(buf);
        assertEquals(0x80001cb2, buf.order(ByteOrder.nativeOrder()).getInt(8));
        assertEquals(250_000, buf.getInt(40));
        Termios2 back = Termios2.read(buf);
        assertEquals(t.toString(), back.toString());
        assertEquals(1, back.cc[Termios2.VMIN]);
    }

    private static Termios2 raw(SerialSettings s) {
        Termios2 t = new Termios2();
        // Start from a cooked terminal with everything on, as the kernel hands one out.
        t.iflag = ~0;
        t.oflag = ~0;
        t.lflag = ~0;
        t.cflag = 0xD | Termios2.CS7 | Termios2.PARENB | Termios2.HUPCL;
        t.applyRaw(s, s.stopBits(), s.flowControl());
        return t;
    }

    @Test
    void rawModeWithVminOne() {
        Termios2 t = raw(SerialSettings.DEFAULT);
        assertTrue(t.isRaw());
        assertEquals(1, t.cc[Termios2.VMIN], "VMIN=0 would make an empty read look like EOF");
        assertEquals(0, t.cc[Termios2.VTIME]);
        assertEquals(0, t.lflag & (Termios2.ICANON | Termios2.ECHO | Termios2.ISIG | Termios2.IEXTEN));
        assertEquals(0, t.iflag & (Termios2.ICRNL | Termios2.IXON | Termios2.ISTRIP | Termios2.BRKINT));
        assertEquals(Termios2.CREAD | Termios2.CLOCAL, t.cflag & (Termios2.CREAD | Termios2.CLOCAL));
        assertEquals(0xD, t.cflag & Termios2.CBAUD, "a standard rate as its Bnnn constant (B9600)");
        assertEquals(0xD, (t.cflag & Termios2.CIBAUD) >>> Termios2.IBSHIFT, "the input rate too");
        assertEquals(9600, t.ispeed);
        assertEquals(9600, t.ospeed);
        assertEquals(8, t.dataBits());
        assertEquals(Parity.NONE, t.parity());
    }

    @Test
    void standardRatesUseTheirBnnnConstantAndOthersBother() {
        int[][] standard = {{50, 0x1}, {9600, 0xD}, {38400, 0xF}, {57600, 0x1001}, {115200, 0x1002},
            {921600, 0x1007}, {4000000, 0x100F}};
        for (int[] rate : standard) {
            Termios2 t = raw(SerialSettings.DEFAULT.withBaudRate(rate[0]));
            assertEquals(rate[1], t.cflag & Termios2.CBAUD, "B" + rate[0]);
            assertEquals(rate[0], t.baudRate(), "read back from the Bnnn code");
            t.ospeed = 0; // as a program that only sets the code leaves it
            assertEquals(rate[0], t.baudRate(), "read back from the code alone");
        }
        for (int custom : new int[] {250_000, 31_250, 74_880, 9601}) {
            Termios2 t = raw(SerialSettings.DEFAULT.withBaudRate(custom));
            assertEquals(Termios2.BOTHER, t.cflag & Termios2.CBAUD, custom + " through BOTHER");
            assertEquals(custom, t.ospeed);
            assertEquals(custom, t.baudRate());
        }
    }

    @Test
    void everyFrameFormat() {
        for (int bits = 5; bits <= 8; bits++) {
            for (Parity p : Parity.values()) {
                for (StopBits sb : new StopBits[] {StopBits.ONE, StopBits.TWO}) {
                    Termios2 t = raw(SerialSettings.DEFAULT.withDataBits(bits).withParity(p).withStopBits(sb));
                    assertEquals(bits, t.dataBits());
                    assertEquals(p, t.parity());
                    assertEquals(sb == StopBits.TWO, t.twoStopBits());
                    assertEquals(p != Parity.NONE, (t.iflag & Termios2.INPCK) != 0, "parity checking on input");
                }
            }
        }
        assertEquals(Termios2.PARENB | Termios2.PARODD | Termios2.CMSPAR,
                raw(SerialSettings.DEFAULT.withParity(Parity.MARK)).cflag & (Termios2.PARENB | Termios2.PARODD | Termios2.CMSPAR));
        assertEquals(Termios2.PARENB | Termios2.CMSPAR,
                raw(SerialSettings.DEFAULT.withParity(Parity.SPACE)).cflag & (Termios2.PARENB | Termios2.PARODD | Termios2.CMSPAR));
    }

    @Test
    void flowControlAndDtr() {
        Termios2 rtsCts = raw(SerialSettings.DEFAULT.withFlowControl(FlowControl.RTS_CTS));
        assertTrue(rtsCts.rtsCts());
        assertFalse(rtsCts.xonXoff());
        Termios2 xon = raw(SerialSettings.DEFAULT.withFlowControl(FlowControl.XON_XOFF));
        assertTrue(xon.xonXoff());
        assertEquals(0x11, xon.cc[Termios2.VSTART]);
        assertEquals(0x13, xon.cc[Termios2.VSTOP]);
        assertFalse(xon.rtsCts());
        // DTR held low by the user: HUPCL off, so closing the port does not toggle it (no board reset).
        assertEquals(0, raw(SerialSettings.DEFAULT.withDtr(false)).cflag & Termios2.HUPCL);
    }

    @Test
    void anyPositiveRate() {
        for (int rate : new int[] {1, 50, 300, 9600, 12_345, 31_250, 250_000, 1_000_000, 4_000_000, 12_000_000}) {
            Termios2 t = raw(SerialSettings.DEFAULT.withBaudRate(rate));
            assertEquals(rate, t.baudRate());
            assertEquals(rate, t.ispeed);
        }
    }
}
