package io.github.nettyserial.rig.guest;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;

/**
 * A second, plain descriptor on a guest tty, to look at the driver behind the channel's back: termios as the
 * driver holds it (TCGETS2) and the modem-control register (TIOCMGET/TIOCMBIS/TIOCMBIC, TIOCM_LOOP included).
 * Termios and MCR belong to the port, not to a descriptor, so this sees what the channel set.
 */
final class GuestTty implements AutoCloseable {
    static final int TIOCM_DTR = 0x002;
    static final int TIOCM_RTS = 0x004;
    static final int TIOCM_CTS = 0x020;
    static final int TIOCM_CD = 0x040;
    static final int TIOCM_RI = 0x080;
    static final int TIOCM_DSR = 0x100;
    static final int TIOCM_OUT1 = 0x2000;
    static final int TIOCM_OUT2 = 0x4000;
    static final int TIOCM_LOOP = 0x8000;

    static final int CSIZE = 0x30;
    static final int CS5 = 0x00;
    static final int CS6 = 0x10;
    static final int CS7 = 0x20;
    static final int CS8 = 0x30;
    static final int CSTOPB = 0x40;
    static final int PARENB = 0x100;
    static final int PARODD = 0x200;
    static final int CMSPAR = 0x40000000;
    static final int CRTSCTS = 0x80000000;

    private static final int O_RDWR = 0x2;
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final long TCGETS2 = 0x802C542AL;
    private static final long TIOCMGET = 0x5415;
    private static final long TIOCMBIS = 0x5416;
    private static final long TIOCMBIC = 0x5417;

    interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int open(String path, int flags);

        int ioctl(int fd, long request, Pointer arg);

        int close(int fd);
    }

    private final String path;
    private final int fd;

    GuestTty(String path) throws IOException {
        this.path = path;
        fd = C.INSTANCE.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
            throw new IOException("open " + path + ": errno " + Native.getLastError());
        }
    }

    /** The termios2 the driver holds: c_cflag, c_ispeed, c_ospeed. */
    Termios termios() throws IOException {
        try (Memory t = new Memory(44)) {
            t.clear();
            check(C.INSTANCE.ioctl(fd, TCGETS2, t), "TCGETS2");
            return new Termios(t.getInt(8), t.getInt(36), t.getInt(40));
        }
    }

    int modemBits() throws IOException {
        try (Memory m = new Memory(4)) {
            m.setInt(0, 0);
            check(C.INSTANCE.ioctl(fd, TIOCMGET, m), "TIOCMGET");
            return m.getInt(0);
        }
    }

    void setModemBits(int bits) throws IOException {
        modemBits(TIOCMBIS, bits, "TIOCMBIS");
    }

    void clearModemBits(int bits) throws IOException {
        modemBits(TIOCMBIC, bits, "TIOCMBIC");
    }

    private void modemBits(long request, int bits, String name) throws IOException {
        try (Memory m = new Memory(4)) {
            m.setInt(0, bits);
            check(C.INSTANCE.ioctl(fd, request, m), name);
        }
    }

    private void check(int rc, String what) throws IOException {
        if (rc < 0) {
            throw new IOException(what + " on " + path + ": errno " + Native.getLastError());
        }
    }

    @Override
    public void close() {
        C.INSTANCE.close(fd);
    }

    record Termios(int cflag, int ispeed, int ospeed) {
        int dataBits() {
            switch (cflag & CSIZE) {
                case CS5: return 5;
                case CS6: return 6;
                case CS7: return 7;
                default: return 8;
            }
        }

        @Override
        public String toString() {
            return String.format("cflag=%#x ispeed=%d ospeed=%d", cflag, ispeed, ospeed);
        }
    }
}
