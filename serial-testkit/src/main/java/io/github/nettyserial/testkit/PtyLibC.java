package io.github.nettyserial.testkit;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;

/** The libc calls behind pseudo-terminals, bound with JNA direct mapping. */
final class PtyLibC {
    static final int O_RDWR = 0x2;
    static final int O_NOCTTY = 0x100;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final int TCSANOW = 0;
    static final long TCGETS2 = 0x802C542AL;
    static final long FIONREAD = 0x541B;
    /** glibc's struct termios is 60 bytes; a little room to spare. */
    static final int GLIBC_TERMIOS_SIZE = 64;

    static {
        Native.register(PtyLibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private PtyLibC() {
    }

    static native int posix_openpt(int flags);

    static native int grantpt(int fd);

    static native int unlockpt(int fd);

    static native int ptsname_r(int fd, byte[] buf, long len);

    static native int open(String path, int flags);

    static native int close(int fd);

    static native long read(int fd, ByteBuffer buf, long count);

    static native long write(int fd, ByteBuffer buf, long count);

    static native int poll(ByteBuffer fds, long nfds, int timeoutMillis);

    static native int pipe2(int[] fds, int flags);

    static native int tcgetattr(int fd, ByteBuffer termios);

    static native int tcsetattr(int fd, int action, ByteBuffer termios);

    static native void cfmakeraw(ByteBuffer termios);

    static native int ioctl(int fd, long request, ByteBuffer arg);

    static int errno() {
        return Native.getLastError();
    }
}
