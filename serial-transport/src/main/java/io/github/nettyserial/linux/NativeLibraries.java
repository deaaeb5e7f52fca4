package io.github.nettyserial.linux;

import com.sun.jna.Native;
import io.netty.channel.epoll.Epoll;

/**
 * Loads the two native parts the Linux backend stands on — Netty's epoll library and JNA's dispatch
 * library — once, and turns a failure into a message that says which setting to change. Both unpack a
 * shared library into a temporary directory; on hosts whose {@code /tmp} is mounted {@code noexec} that
 * fails, and the JVM's own error does not say why.
 */
final class NativeLibraries {
    private static final Throwable FAILURE = load();

    private NativeLibraries() {
    }

    private static Throwable load() {
        try {
            Epoll.ensureAvailability();
        } catch (Throwable t) {
            return new UnsupportedOperationException("netty-serial cannot load Netty's native epoll library ("
                    + t + "). It unpacks into java.io.tmpdir; if that directory is mounted noexec, start the JVM "
                    + "with -Dio.netty.native.workdir=<a directory that allows exec> (or -Djava.io.tmpdir=...).", t);
        }
        try {
            Native.getLastError();
            // Initialise the direct-mapped class so JNA's dispatch library is loaded now, not on the first open.
            LibC.errno();
        } catch (Throwable t) {
            return new UnsupportedOperationException("netty-serial cannot load JNA's native library (" + t
                    + "). JNA unpacks libjnidispatch into a temporary directory; if it is mounted noexec, start the "
                    + "JVM with -Djna.tmpdir=<a directory that allows exec>, or install libjnidispatch and point "
                    + "-Djna.boot.library.path at it (with -Djna.nounpack=true).", t);
        }
        return null;
    }

    /**
     * Throws if the native libraries could not be loaded.
     *
     * @throws UnsupportedOperationException with a message that names the setting to change
     */
    static void ensureAvailable() {
        if (FAILURE != null) {
            throw (UnsupportedOperationException) FAILURE;
        }
    }
}
