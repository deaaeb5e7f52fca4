package io.github.nettyserial.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The few libc calls the Linux backend needs, bound with JNA direct mapping (no reflection per call).
 * Terminal settings go through raw {@code ioctl(TCGETS2/TCSETS2)} with the kernel's struct, never through
 * glibc's termios functions (whose struct and speed constants differ, and changed in glibc 2.42). The error
 * of a failed call is {@link Native#getLastError()}.
 */
final class LibC {
    static final int O_RDWR = 0x2;
    static final int O_NOCTTY = 0x100;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static final int LOCK_SH = 1;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;

    /** epoll's hang-up flag; Netty's {@code EpollIoOps} has no constant for it. */
    static final int EPOLLHUP = 0x10;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    static native int open(String path, int flags);

    /** {@code ioctl} whose argument is a pointer (passed as an address) or an integer. */
    static native int ioctl(int fd, long request, long arg);

    static native int flock(int fd, int operation);

    static int errno() {
        return Native.getLastError();
    }
}
