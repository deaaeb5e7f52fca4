package io.github.nettyserial.windows;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.util.internal.PlatformDependent;

/**
 * The Win32 DCB (28 bytes) as offsets into native memory, and how {@link SerialSettings} overlay it.
 * jna-platform's {@code WinBase.DCB} declares its characters as Java {@code char} and so has the wrong
 * size and offsets; this layout is the one kernel32 expects, checked by a unit test.
 *
 * <p>{@link #overlay} changes only what the settings decide and keeps everything else the driver reported
 * through {@code GetCommState} (reserved words, queue limits, special characters).
 */
final class Dcb {
    private Dcb() {
    }

    static final int SIZE = 28;

    static final int DCB_LENGTH = 0;
    static final int BAUD_RATE = 4;
    static final int FLAGS = 8;
    static final int W_RESERVED = 12;
    static final int XON_LIM = 14;
    static final int XOFF_LIM = 16;
    static final int BYTE_SIZE = 18;
    static final int PARITY = 19;
    static final int STOP_BITS = 20;
    static final int XON_CHAR = 21;
    static final int XOFF_CHAR = 22;
    static final int ERROR_CHAR = 23;
    static final int EOF_CHAR = 24;
    static final int EVT_CHAR = 25;
    static final int W_RESERVED1 = 26;

    // The bitfield DWORD at FLAGS.
    static final int F_BINARY = 0x1;
    static final int F_PARITY = 0x2;
    static final int F_OUTX_CTS_FLOW = 0x4;
    static final int F_OUTX_DSR_FLOW = 0x8;
    static final int F_DTR_CONTROL_MASK = 0x30;
    static final int F_DTR_CONTROL_SHIFT = 4;
    static final int F_DSR_SENSITIVITY = 0x40;
    static final int F_TX_CONTINUE_ON_XOFF = 0x80;
    static final int F_OUTX = 0x100;
    static final int F_INX = 0x200;
    static final int F_ERROR_CHAR = 0x400;
    static final int F_NULL = 0x800;
    static final int F_RTS_CONTROL_MASK = 0x3000;
    static final int F_RTS_CONTROL_SHIFT = 12;
    static final int F_ABORT_ON_ERROR = 0x4000;

    static final int DTR_CONTROL_DISABLE = 0;
    static final int DTR_CONTROL_ENABLE = 1;
    static final int DTR_CONTROL_HANDSHAKE = 2;
    static final int RTS_CONTROL_DISABLE = 0;
    static final int RTS_CONTROL_ENABLE = 1;
    static final int RTS_CONTROL_HANDSHAKE = 2;

    static final byte XON = 0x11;
    static final byte XOFF = 0x13;

    /** Every flag this class decides; other bits (fDummy2) stay as the driver has them. */
    private static final int OWNED_FLAGS = F_BINARY | F_PARITY | F_OUTX_CTS_FLOW | F_OUTX_DSR_FLOW
            | F_DTR_CONTROL_MASK | F_DSR_SENSITIVITY | F_TX_CONTINUE_ON_XOFF | F_OUTX | F_INX | F_ERROR_CHAR
            | F_NULL | F_RTS_CONTROL_MASK | F_ABORT_ON_ERROR;

    /** The DCB flags for {@code s}: binary mode, no abort on error, the parity and flow-control bits, DTR and RTS. */
    static int flags(SerialSettings s, int driverFlags) {
        FlowControl flow = s.flowControl();
        int f = driverFlags & ~OWNED_FLAGS;
        f |= F_BINARY;
        if (s.parity() != Parity.NONE) {
            f |= F_PARITY;
        }
        int dtr = s.dtr() ? DTR_CONTROL_ENABLE : DTR_CONTROL_DISABLE;
        int rts = s.rts() ? RTS_CONTROL_ENABLE : RTS_CONTROL_DISABLE;
        switch (flow) {
            case RTS_CTS:
                f |= F_OUTX_CTS_FLOW;
                rts = RTS_CONTROL_HANDSHAKE;
                break;
            case DSR_DTR:
                f |= F_OUTX_DSR_FLOW;
                dtr = DTR_CONTROL_HANDSHAKE;
                break;
            case XON_XOFF:
                f |= F_OUTX | F_INX;
                break;
            default:
                break;
        }
        f |= dtr << F_DTR_CONTROL_SHIFT;
        f |= rts << F_RTS_CONTROL_SHIFT;
        return f;
    }

    static int parityCode(Parity p) {
        switch (p) {
            case ODD:
                return 1;
            case EVEN:
                return 2;
            case MARK:
                return 3;
            case SPACE:
                return 4;
            default:
                return 0;
        }
    }

    static int stopBitsCode(StopBits s) {
        switch (s) {
            case ONE_POINT_FIVE:
                return 1;
            case TWO:
                return 2;
            default:
                return 0;
        }
    }

    /** Writes {@code s} over the DCB at {@code address}, which holds what {@code GetCommState} returned. */
    static void overlay(long address, SerialSettings s) {
        PlatformDependent.putInt(address + DCB_LENGTH, SIZE);
        PlatformDependent.putInt(address + BAUD_RATE, s.baudRate());
        PlatformDependent.putInt(address + FLAGS, flags(s, PlatformDependent.getInt(address + FLAGS)));
        PlatformDependent.putByte(address + BYTE_SIZE, (byte) s.dataBits());
        PlatformDependent.putByte(address + PARITY, (byte) parityCode(s.parity()));
        PlatformDependent.putByte(address + STOP_BITS, (byte) stopBitsCode(s.stopBits()));
        // SetCommState refuses XonChar == XoffChar (a zeroed DCB from some drivers): use the standard pair.
        if (PlatformDependent.getByte(address + XON_CHAR) == PlatformDependent.getByte(address + XOFF_CHAR)) {
            PlatformDependent.putByte(address + XON_CHAR, XON);
            PlatformDependent.putByte(address + XOFF_CHAR, XOFF);
        }
    }

    static int baudRate(long address) {
        return PlatformDependent.getInt(address + BAUD_RATE);
    }

    static int byteSize(long address) {
        return PlatformDependent.getByte(address + BYTE_SIZE) & 0xff;
    }

    static int parity(long address) {
        return PlatformDependent.getByte(address + PARITY) & 0xff;
    }

    static int stopBits(long address) {
        return PlatformDependent.getByte(address + STOP_BITS) & 0xff;
    }

    static int flags(long address) {
        return PlatformDependent.getInt(address + FLAGS);
    }
}
