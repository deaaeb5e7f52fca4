package io.github.nettyserial.linux;

/**
 * ioctl request numbers and bits (asm-generic: identical on x86_64 and aarch64), and the layouts of the
 * kernel structs passed with them. Offsets are in bytes.
 */
final class Ioctl {
    static final long TCGETS2 = 0x802C542AL;
    static final long TCSETS2 = 0x402C542BL;
    static final long TCFLSH = 0x540B;
    static final long TIOCEXCL = 0x540C;
    static final long TIOCNXCL = 0x540D;
    static final long TIOCOUTQ = 0x5411;
    static final long TIOCMGET = 0x5415;
    static final long TIOCMBIS = 0x5416;
    static final long TIOCMBIC = 0x5417;
    static final long FIONREAD = 0x541B;
    static final long TIOCGSERIAL = 0x541E;
    static final long TIOCSSERIAL = 0x541F;
    static final long TIOCSBRK = 0x5427;
    static final long TIOCCBRK = 0x5428;
    static final long TIOCSRS485 = 0x542F;
    static final long TIOCSERGETLSR = 0x5459;
    static final long TIOCGICOUNT = 0x545D;

    static final int TCIFLUSH = 0;
    static final int TCOFLUSH = 1;
    static final int TCIOFLUSH = 2;

    static final int TIOCM_DTR = 0x002;
    static final int TIOCM_RTS = 0x004;
    static final int TIOCM_CTS = 0x020;
    static final int TIOCM_CD = 0x040;
    static final int TIOCM_RI = 0x080;
    static final int TIOCM_DSR = 0x100;

    static final int TIOCSER_TEMT = 0x1;

    /** struct serial_struct (72 bytes on LP64): only {@code flags} is used. */
    static final int SERIAL_STRUCT_SIZE = 72;
    static final int SERIAL_STRUCT_FLAGS = 16;
    static final int ASYNC_LOW_LATENCY = 0x2000;

    /** struct serial_rs485 (32 bytes). */
    static final int RS485_SIZE = 32;
    static final int RS485_FLAGS = 0;
    static final int RS485_DELAY_BEFORE = 4;
    static final int RS485_DELAY_AFTER = 8;
    static final int SER_RS485_ENABLED = 1;
    static final int SER_RS485_RTS_ON_SEND = 1 << 1;
    static final int SER_RS485_RTS_AFTER_SEND = 1 << 2;
    static final int SER_RS485_RX_DURING_TX = 1 << 4;
    static final int SER_RS485_TERMINATE_BUS = 1 << 5;

    /** struct serial_icounter_struct (80 bytes): eleven ints, then reserved. */
    static final int ICOUNT_SIZE = 80;
    static final int ICOUNT_CTS = 0;
    static final int ICOUNT_DSR = 4;
    static final int ICOUNT_RNG = 8;
    static final int ICOUNT_DCD = 12;
    static final int ICOUNT_FRAME = 24;
    static final int ICOUNT_OVERRUN = 28;
    static final int ICOUNT_PARITY = 32;
    static final int ICOUNT_BRK = 36;
    static final int ICOUNT_BUF_OVERRUN = 40;

    private Ioctl() {
    }
}
