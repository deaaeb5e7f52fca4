package io.github.nettyserial.testkit;

import io.github.nettyserial.Parity;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The line settings of a virtual port as the device end sees them (the kernel's termios of the line), so a
 * test can check what a {@code SerialChannel} configured. A pseudo-terminal stores the baud rate but always
 * carries 8 data bits and no parity.
 *
 * @param baudRate the output speed
 * @param dataBits data bits
 * @param parity parity
 * @param twoStopBits whether CSTOPB is set
 * @param rtsCts whether CRTSCTS is set
 * @param xonXoff whether IXON and IXOFF are set
 * @param raw whether the line is in raw mode with VMIN=1, VTIME=0
 */
public record LineSettings(int baudRate, int dataBits, Parity parity, boolean twoStopBits, boolean rtsCts,
                           boolean xonXoff, boolean raw) {

    // The kernel's struct termios2 (asm-generic), decoded here on its own rather than with the transport's
    // code, so that a test compares the transport against an independent reading of the line.
    private static final int CBAUD = 0x100F;
    private static final int BOTHER = 0x1000;
    private static final int[] LOW_RATES = {0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600,
        19200, 38400};
    private static final int[] HIGH_RATES = {0, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000,
        1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000};

    /** Decodes a {@code struct termios2} (44 bytes, native order) as {@code TCGETS2} returned it. */
    static LineSettings fromTermios2(ByteBuffer termios2) {
        ByteBuffer b = termios2.duplicate().order(ByteOrder.nativeOrder());
        int base = b.position();
        int iflag = b.getInt(base);
        int oflag = b.getInt(base + 4);
        int cflag = b.getInt(base + 8);
        int lflag = b.getInt(base + 12);
        int vtime = b.get(base + 17 + 5);
        int vmin = b.get(base + 17 + 6);
        int ospeed = b.getInt(base + 40);
        int code = cflag & CBAUD;
        int baud = code == BOTHER ? ospeed : (code & BOTHER) != 0 ? HIGH_RATES[code & 0xF] : LOW_RATES[code];
        int dataBits = 5 + ((cflag & 0x30) >> 4);
        Parity parity = (cflag & 0x100) == 0 ? Parity.NONE
                : (cflag & 0x40000000) != 0 ? ((cflag & 0x200) != 0 ? Parity.MARK : Parity.SPACE)
                : (cflag & 0x200) != 0 ? Parity.ODD : Parity.EVEN;
        boolean raw = (lflag & (0x2 | 0x8 | 0x1)) == 0 && (oflag & 0x1) == 0 && vmin == 1 && vtime == 0;
        return new LineSettings(baud, dataBits, parity, (cflag & 0x40) != 0, (cflag & 0x80000000) != 0,
                (iflag & 0x1400) == 0x1400, raw);
    }
}
