package io.github.nettyserial.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One pseudo-terminal: the master (the device end, non-blocking) and the slave path that a
 * {@code SerialChannel} opens. A slave descriptor is held open, in raw mode, for the pty's whole life, so
 * the master never sees EIO while no channel has the port open, and bytes written by the device before the
 * channel opens are neither echoed nor translated.
 */
final class Pty {
    final int master;
    final String slavePath;
    private final int heldSlave;

    private Pty(int master, String slavePath, int heldSlave) {
        this.master = master;
        this.slavePath = slavePath;
        this.heldSlave = heldSlave;
    }

    static Pty open() throws IOException {
        int master = PtyLibC.posix_openpt(PtyLibC.O_RDWR | PtyLibC.O_NOCTTY | PtyLibC.O_NONBLOCK | PtyLibC.O_CLOEXEC);
        if (master < 0) {
            throw new IOException("posix_openpt failed: errno " + PtyLibC.errno());
        }
        int slave = -1;
        try {
            if (PtyLibC.grantpt(master) != 0 || PtyLibC.unlockpt(master) != 0) {
                throw new IOException("grantpt/unlockpt failed: errno " + PtyLibC.errno());
            }
            byte[] name = new byte[128];
            if (PtyLibC.ptsname_r(master, name, name.length) != 0) {
                throw new IOException("ptsname_r failed: errno " + PtyLibC.errno());
            }
            int len = 0;
            while (len < name.length && name[len] != 0) {
                len++;
            }
            String path = new String(name, 0, len, StandardCharsets.US_ASCII);
            slave = PtyLibC.open(path, PtyLibC.O_RDWR | PtyLibC.O_NOCTTY | PtyLibC.O_NONBLOCK | PtyLibC.O_CLOEXEC);
            if (slave < 0) {
                throw new IOException("open " + path + " failed: errno " + PtyLibC.errno());
            }
            makeRaw(slave);
            return new Pty(master, path, slave);
        } catch (IOException | RuntimeException e) {
            if (slave >= 0) {
                PtyLibC.close(slave);
            }
            PtyLibC.close(master);
            throw e;
        }
    }

    private static void makeRaw(int fd) throws IOException {
        ByteBuffer t = ByteBuffer.allocateDirect(PtyLibC.GLIBC_TERMIOS_SIZE);
        if (PtyLibC.tcgetattr(fd, t) != 0) {
            throw new IOException("tcgetattr failed: errno " + PtyLibC.errno());
        }
        PtyLibC.cfmakeraw(t);
        if (PtyLibC.tcsetattr(fd, PtyLibC.TCSANOW, t) != 0) {
            throw new IOException("tcsetattr failed: errno " + PtyLibC.errno());
        }
    }

    /** The kernel termios2 of the line, read through the master (which reports the slave's settings). */
    ByteBuffer termios2() throws IOException {
        ByteBuffer t = ByteBuffer.allocateDirect(44).order(ByteOrder.nativeOrder());
        if (PtyLibC.ioctl(master, PtyLibC.TCGETS2, t) != 0) {
            throw new IOException("TCGETS2 on the master failed: errno " + PtyLibC.errno());
        }
        return t;
    }

    void closeMaster() {
        PtyLibC.close(master);
    }

    void closeSlave() {
        PtyLibC.close(heldSlave);
    }

    /**
     * Waits until {@code fd} is ready for {@code events} or {@code timeoutMillis} passes.
     *
     * @return the revents, 0 on timeout
     */
    static int poll(int fd, short events, int timeoutMillis) throws IOException {
        ByteBuffer pfd = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        pfd.putInt(0, fd).putShort(4, events).putShort(6, (short) 0);
        int n = PtyLibC.poll(pfd, 1, timeoutMillis);
        if (n < 0) {
            int errno = PtyLibC.errno();
            if (errno == PtyLibC.EINTR) {
                return 0;
            }
            throw new IOException("poll failed: errno " + errno);
        }
        return n == 0 ? 0 : pfd.getShort(6);
    }
}
