package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.internal.SerialSettings;
import io.github.nettyserial.windows.sim.SimDevice;
import io.github.nettyserial.windows.sim.SimKernel;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DCB built for every combination of options, over a DCB as a driver reports it. */
class DcbTest {
    private long dcb;

    @BeforeEach
    void allocate() {
        dcb = PlatformDependent.allocateMemory(Dcb.SIZE);
    }

    @AfterEach
    void free() {
        PlatformDependent.freeMemory(dcb);
    }

    /** A driver's DCB with every field we must not touch set to something recognisable. */
    private void driverDcb() {
        for (int i = 0; i < Dcb.SIZE; i++) {
            PlatformDependent.putByte(dcb + i, (byte) (0xA0 + i));
        }
        PlatformDependent.putInt(dcb + Dcb.FLAGS, 0xFFFF8000 | Dcb.F_NULL | Dcb.F_ABORT_ON_ERROR | Dcb.F_DSR_SENSITIVITY);
        PlatformDependent.putShort(dcb + Dcb.W_RESERVED, (short) 0);
    }

    @Test
    void everyCombinationOfOptions() {
        int combos = 0;
        for (int baud : new int[] {50, 9600, 115_200, 250_000, 3_000_000}) {
            for (int bits = 5; bits <= 8; bits++) {
                for (Parity parity : Parity.values()) {
                    for (StopBits stop : StopBits.values()) {
                        for (FlowControl flow : FlowControl.values()) {
                            for (int lines = 0; lines < 4; lines++) {
                                SerialSettings s = SerialSettings.DEFAULT.withBaudRate(baud).withDataBits(bits)
                                        .withParity(parity).withStopBits(stop).withFlowControl(flow)
                                        .withDtr((lines & 1) != 0).withRts((lines & 2) != 0);
                                check(s);
                                combos++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(5 * 4 * 5 * 3 * 4 * 4, combos);
    }

    private void check(SerialSettings s) {
        driverDcb();
        Dcb.overlay(dcb, s);
        String what = s.describe() + " dtr=" + s.dtr() + " rts=" + s.rts();
        assertEquals(28, PlatformDependent.getInt(dcb + Dcb.DCB_LENGTH), what);
        assertEquals(s.baudRate(), Dcb.baudRate(dcb), what);
        assertEquals(s.dataBits(), Dcb.byteSize(dcb), what);
        assertEquals(s.parity().ordinal(), Dcb.parity(dcb), what); // NONE, ODD, EVEN, MARK, SPACE = 0..4
        assertEquals(s.stopBits().ordinal(), Dcb.stopBits(dcb), what); // ONE, ONE_POINT_FIVE, TWO = 0..2
        int f = Dcb.flags(dcb);
        assertEquals(Dcb.F_BINARY, f & Dcb.F_BINARY, what);
        assertEquals(s.parity() != Parity.NONE, (f & Dcb.F_PARITY) != 0, what);
        assertEquals(s.flowControl() == FlowControl.RTS_CTS, (f & Dcb.F_OUTX_CTS_FLOW) != 0, what);
        assertEquals(s.flowControl() == FlowControl.DSR_DTR, (f & Dcb.F_OUTX_DSR_FLOW) != 0, what);
        assertEquals(s.flowControl() == FlowControl.XON_XOFF, (f & Dcb.F_OUTX) != 0, what);
        assertEquals(s.flowControl() == FlowControl.XON_XOFF, (f & Dcb.F_INX) != 0, what);
        int dtr = (f & Dcb.F_DTR_CONTROL_MASK) >>> Dcb.F_DTR_CONTROL_SHIFT;
        int rts = (f & Dcb.F_RTS_CONTROL_MASK) >>> Dcb.F_RTS_CONTROL_SHIFT;
        assertEquals(s.flowControl() == FlowControl.DSR_DTR ? Dcb.DTR_CONTROL_HANDSHAKE
                : s.dtr() ? Dcb.DTR_CONTROL_ENABLE : Dcb.DTR_CONTROL_DISABLE, dtr, what);
        assertEquals(s.flowControl() == FlowControl.RTS_CTS ? Dcb.RTS_CONTROL_HANDSHAKE
                : s.rts() ? Dcb.RTS_CONTROL_ENABLE : Dcb.RTS_CONTROL_DISABLE, rts, what);
        // Never abort on error, no NUL stripping, no error-char replacement, no DSR sensitivity.
        assertEquals(0, f & (Dcb.F_ABORT_ON_ERROR | Dcb.F_NULL | Dcb.F_ERROR_CHAR | Dcb.F_DSR_SENSITIVITY), what);
        // The driver's reserved bits and fields stay.
        assertEquals(0xFFFF8000, f & 0xFFFF8000, what);
        assertEquals(0, PlatformDependent.getShort(dcb + Dcb.W_RESERVED), what);
        for (int off : new int[] {Dcb.XON_LIM, Dcb.XON_LIM + 1, Dcb.XOFF_LIM, Dcb.XOFF_LIM + 1, Dcb.XON_CHAR,
                Dcb.XOFF_CHAR, Dcb.ERROR_CHAR, Dcb.EOF_CHAR, Dcb.EVT_CHAR, Dcb.W_RESERVED1, Dcb.W_RESERVED1 + 1}) {
            assertEquals((byte) (0xA0 + off), PlatformDependent.getByte(dcb + off), what + " byte " + off);
        }
    }

    @Test
    void aZeroedXonXoffPairGetsTheStandardCharacters() {
        driverDcb();
        PlatformDependent.putByte(dcb + Dcb.XON_CHAR, (byte) 0);
        PlatformDependent.putByte(dcb + Dcb.XOFF_CHAR, (byte) 0);
        Dcb.overlay(dcb, SerialSettings.DEFAULT.withFlowControl(FlowControl.XON_XOFF));
        assertEquals(0x11, PlatformDependent.getByte(dcb + Dcb.XON_CHAR));
        assertEquals(0x13, PlatformDependent.getByte(dcb + Dcb.XOFF_CHAR));
    }

    /** Every combination Windows accepts goes through SetCommState; the ones it refuses come back typed. */
    @Test
    void theDriverAcceptsEveryValidCombinationAndRefusesTheRestWith87() throws Exception {
        SimKernel kernel = new SimKernel();
        try {
            SimDevice[] pair = kernel.createPair("COM3", "COM4");
            for (int bits = 5; bits <= 8; bits++) {
                for (StopBits stop : StopBits.values()) {
                    for (Parity parity : Parity.values()) {
                        for (FlowControl flow : FlowControl.values()) {
                            SerialSettings s = SerialSettings.DEFAULT.withBaudRate(57_600).withDataBits(bits)
                                    .withStopBits(stop).withParity(parity).withFlowControl(flow);
                            boolean valid = stop == StopBits.ONE || (stop == StopBits.ONE_POINT_FIVE) == (bits == 5);
                            if (valid) {
                                WindowsSerialPort port = WindowsSerialPort.open(kernel, "COM3", s);
                                assertEquals(bits, pair[0].byteSize());
                                assertEquals(stop.ordinal(), pair[0].stopBits());
                                assertEquals(parity.ordinal(), pair[0].parity());
                                port.close();
                            } else {
                                SerialException e = assertThrows(SerialException.class,
                                        () -> WindowsSerialPort.open(kernel, "COM3", s));
                                assertInstanceOf(UnsupportedSerialConfigurationException.class, e, s.describe());
                                assertEquals(87, e.nativeErrorCode());
                                assertTrue(e.getMessage().contains(s.describe()), e.getMessage());
                            }
                            assertTrue(!pair[0].isOpen(), "closed after " + s.describe());
                        }
                    }
                }
            }
            kernel.assertClean();
            assertEquals(0, kernel.allocatedBytes());
            assertEquals(0, kernel.openHandles());
        } finally {
            kernel.shutdown();
        }
    }
}
