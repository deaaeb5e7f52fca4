package io.github.nettyserial.linux;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.internal.SerialSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's {@code struct termios2} (44 bytes), as read and written with {@code TCGETS2}/{@code TCSETS2},
 * and the mapping of line settings onto its flags. A standard rate is written as its {@code Bnnn} constant
 * (with {@code c_ispeed}/{@code c_ospeed} set too), as pyserial and the C library do, so that {@code stty} and
 * every {@code tcgetattr()} caller see it: written as {@code BOTHER} they would read "0 baud", and a program
 * that writes back what it read would hang the line up. Only other rates go through {@code BOTHER}.
 */
final class Termios2 {
    static final int SIZE = 44;
    static final int C_IFLAG = 0;
    static final int C_OFLAG = 4;
    static final int C_CFLAG = 8;
    static final int C_LFLAG = 12;
    static final int C_LINE = 16;
    static final int C_CC = 17;
    static final int NCCS = 19;
    static final int C_ISPEED = 36;
    static final int C_OSPEED = 40;

    // c_iflag
    static final int IGNBRK = 0x1;
    static final int BRKINT = 0x2;
    static final int IGNPAR = 0x4;
    static final int PARMRK = 0x8;
    static final int INPCK = 0x10;
    static final int ISTRIP = 0x20;
    static final int INLCR = 0x40;
    static final int IGNCR = 0x80;
    static final int ICRNL = 0x100;
    static final int IXON = 0x400;
    static final int IXANY = 0x800;
    static final int IXOFF = 0x1000;
    // c_oflag
    static final int OPOST = 0x1;
    // c_lflag
    static final int ISIG = 0x1;
    static final int ICANON = 0x2;
    static final int ECHO = 0x8;
    static final int ECHONL = 0x40;
    static final int IEXTEN = 0x8000;
    // c_cflag
    static final int CBAUD = 0x100F;
    static final int BOTHER = 0x1000;
    static final int CIBAUD = 0x100F0000;
    static final int IBSHIFT = 16;
    static final int CSIZE = 0x30;
    static final int CS5 = 0x00;
    static final int CS6 = 0x10;
    static final int CS7 = 0x20;
    static final int CS8 = 0x30;
    static final int CSTOPB = 0x40;
    static final int CREAD = 0x80;
    static final int PARENB = 0x100;
    static final int PARODD = 0x200;
    static final int HUPCL = 0x400;
    static final int CLOCAL = 0x800;
    static final int CMSPAR = 0x40000000;
    static final int CRTSCTS = 0x80000000;
    /** The standard rates, indexed by their Bnnn code: 0..15 for B0..B38400, 16.. for 0x1001.. (B57600..). */
    private static final int[] STANDARD_RATES = {
        0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400,
        -1, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000,
        3000000, 3500000, 4000000,
    };
    // c_cc indices
    static final int VTIME = 5;
    static final int VMIN = 6;
    static final int VSTART = 8;
    static final int VSTOP = 9;

    int iflag;
    int oflag;
    int cflag;
    int lflag;
    byte line;
    final byte[] cc = new byte[NCCS];
    int ispeed;
    int ospeed;

    /** Reads a struct from {@code buf} at its position (native byte order). */
    static Termios2 read(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        int base = b.position();
        Termios2 t = new Termios2();
        t.iflag = b.getInt(base + C_IFLAG);
        t.oflag = b.getInt(base + C_OFLAG);
        t.cflag = b.getInt(base + C_CFLAG);
        t.lflag = b.getInt(base + C_LFLAG);
        t.line = b.get(base + C_LINE);
        for (int i = 0; i < NCCS; i++) {
            t.cc[i] = b.get(base + C_CC + i);
        }
        t.ispeed = b.getInt(base + C_ISPEED);
        t.ospeed = b.getInt(base + C_OSPEED);
        return t;
    }

    /** Writes this struct into {@code buf} at its position (native byte order). */
    void write(ByteBuffer buf) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        int base = b.position();
        b.putInt(base + C_IFLAG, iflag);
        b.putInt(base + C_OFLAG, oflag);
        b.putInt(base + C_CFLAG, cflag);
        b.putInt(base + C_LFLAG, lflag);
        b.put(base + C_LINE, line);
        for (int i = 0; i < NCCS; i++) {
            b.put(base + C_CC + i, cc[i]);
        }
        b.putInt(base + C_ISPEED, ispeed);
        b.putInt(base + C_OSPEED, ospeed);
    }

    Termios2 copy() {
        Termios2 t = new Termios2();
        t.iflag = iflag;
        t.oflag = oflag;
        t.cflag = cflag;
        t.lflag = lflag;
        t.line = line;
        System.arraycopy(cc, 0, t.cc, 0, NCCS);
        t.ispeed = ispeed;
        t.ospeed = ospeed;
        return t;
    }

    /**
     * Raw mode (as cfmakeraw, plus CREAD|CLOCAL) with VMIN=1, VTIME=0 — with VMIN=0 an empty non-blocking
     * read returns 0, which would look like a hang-up — and {@code settings} on top. {@code stopBits} and
     * {@code flow} are the values to apply after the unsupported-policy has had its say.
     */
    void applyRaw(SerialSettings settings, StopBits stopBits, FlowControl flow) {
        iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF | IXANY | INPCK | IGNPAR);
        oflag &= ~OPOST;
        lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        cflag &= ~(CSIZE | PARENB | PARODD | CMSPAR | CSTOPB | CRTSCTS | CBAUD | CIBAUD);
        int code = rateCode(settings.baudRate());
        cflag |= CREAD | CLOCAL | code | (code << IBSHIFT);
        cc[VMIN] = 1;
        cc[VTIME] = 0;
        ispeed = settings.baudRate();
        ospeed = settings.baudRate();

        cflag |= csize(settings.dataBits());
        switch (settings.parity()) {
            case ODD: cflag |= PARENB | PARODD; break;
            case EVEN: cflag |= PARENB; break;
            case MARK: cflag |= PARENB | PARODD | CMSPAR; break;
            case SPACE: cflag |= PARENB | CMSPAR; break;
            default: break;
        }
        if (settings.parity() != Parity.NONE) {
            // Check incoming parity; bad characters arrive as they are and are counted by the driver.
            iflag |= INPCK;
        }
        if (stopBits != StopBits.ONE) {
            cflag |= CSTOPB;
        }
        if (flow == FlowControl.RTS_CTS) {
            cflag |= CRTSCTS;
        } else if (flow == FlowControl.XON_XOFF) {
            iflag |= IXON | IXOFF;
            cc[VSTART] = 0x11;
            cc[VSTOP] = 0x13;
        }
        // Keep DTR where the user put it when the port closes, instead of dropping it (no reset on close).
        if (!settings.dtr()) {
            cflag &= ~HUPCL;
        }
    }

    /** The Bnnn code of a standard rate, or {@code BOTHER} for any other. */
    static int rateCode(int baudRate) {
        for (int i = 1; i < STANDARD_RATES.length; i++) {
            if (STANDARD_RATES[i] == baudRate) {
                return i < 16 ? i : BOTHER | (i - 16);
            }
        }
        return BOTHER;
    }

    static int csize(int dataBits) {
        switch (dataBits) {
            case 5: return CS5;
            case 6: return CS6;
            case 7: return CS7;
            default: return CS8;
        }
    }

    /** Data bits as set in c_cflag. */
    int dataBits() {
        switch (cflag & CSIZE) {
            case CS5: return 5;
            case CS6: return 6;
            case CS7: return 7;
            default: return 8;
        }
    }

    /** Parity as set in c_cflag. */
    Parity parity() {
        if ((cflag & PARENB) == 0) {
            return Parity.NONE;
        }
        boolean odd = (cflag & PARODD) != 0;
        if ((cflag & CMSPAR) != 0) {
            return odd ? Parity.MARK : Parity.SPACE;
        }
        return odd ? Parity.ODD : Parity.EVEN;
    }

    /** Whether two stop bits (CSTOPB) are set. */
    boolean twoStopBits() {
        return (cflag & CSTOPB) != 0;
    }

    /** Whether RTS/CTS flow control (CRTSCTS) is set. */
    boolean rtsCts() {
        return (cflag & CRTSCTS) != 0;
    }

    /** Whether XON/XOFF flow control (IXON and IXOFF) is set. */
    boolean xonXoff() {
        return (iflag & (IXON | IXOFF)) == (IXON | IXOFF);
    }

    /** The output speed in bits per second: from the Bnnn code, or {@code c_ospeed} under {@code BOTHER}. */
    int baudRate() {
        int code = cflag & CBAUD;
        if (code == BOTHER) {
            return ospeed;
        }
        int index = (code & BOTHER) != 0 ? 16 + (code & ~BOTHER) : code;
        return index < STANDARD_RATES.length && STANDARD_RATES[index] >= 0 ? STANDARD_RATES[index] : ospeed;
    }

    /** Whether the struct is in raw mode with VMIN=1, VTIME=0. */
    boolean isRaw() {
        return (lflag & (ICANON | ECHO | ISIG)) == 0 && (oflag & OPOST) == 0 && cc[VMIN] == 1 && cc[VTIME] == 0;
    }

    @Override
    public String toString() {
        return String.format("termios2[iflag=%#x oflag=%#x cflag=%#x lflag=%#x ispeed=%d ospeed=%d]",
                iflag, oflag, cflag, lflag, ispeed, ospeed);
    }
}
