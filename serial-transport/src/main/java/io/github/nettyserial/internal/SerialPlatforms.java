package io.github.nettyserial.internal;

import io.github.nettyserial.linux.LinuxPlatform;
import io.github.nettyserial.windows.WindowsPlatform;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import java.util.Locale;

/**
 * The one place a platform backend is chosen: by the operating system for loops and discovery, by the loop
 * for a channel (the Windows backend also runs on Linux over a simulated kernel, in tests).
 */
public final class SerialPlatforms {
    private static final SerialPlatform LINUX = new LinuxPlatform();
    private static final SerialPlatform WINDOWS = new WindowsPlatform();

    private SerialPlatforms() {
    }

    /**
     * This system's platform.
     *
     * @throws UnsupportedOperationException on a system other than Linux and Windows
     */
    public static SerialPlatform host() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return LINUX;
        }
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        throw new UnsupportedOperationException("netty-serial runs on Linux and Windows, not "
                + System.getProperty("os.name"));
    }

    /** The backend for channels on {@code loop}, or {@code null} if none fits it. */
    public static SerialPlatform forLoop(EventLoop loop) {
        if (!(loop instanceof IoEventLoop)) {
            return null;
        }
        IoEventLoop ioLoop = (IoEventLoop) loop;
        if (LINUX.isCompatible(ioLoop)) {
            return LINUX;
        }
        return WINDOWS.isCompatible(ioLoop) ? WINDOWS : null;
    }
}
