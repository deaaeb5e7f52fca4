package io.github.nettyserial.internal;

import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.UnsupportedSerialFeatureException;
import io.github.nettyserial.linux.LinuxPlatform;
import io.github.nettyserial.remote.Rfc2217Opener;
import io.github.nettyserial.windows.WindowsPlatform;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import java.util.Locale;

/**
 * The one place a platform backend is chosen: by the operating system for loops and discovery, by the loop
 * for a channel (the Windows backend also runs on Linux over a simulated kernel, in tests), and by the address
 * for a remote port.
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

    /**
     * Opens {@code address} for a channel on {@code loop}: a local device through the loop's platform, an
     * {@code rfc2217://} port through the RFC 2217 client, whose TCP connection needs Netty's epoll loop.
     *
     * @throws UnsupportedSerialFeatureException for a remote port on a loop without TCP channels (IOCP)
     */
    public static SerialIo open(SerialChannelContext channel, IoEventLoop loop, SerialDeviceAddress address,
                                SerialSettings settings) throws SerialException {
        if (address.isRemote()) {
            if (!LINUX.isCompatible(loop)) {
                throw new UnsupportedSerialFeatureException(address.path(), SerialException.NO_NATIVE_ERROR,
                        "RFC 2217 ports run on Netty's epoll loop (Linux); this loop (" + loop.getClass().getSimpleName()
                                + " on " + System.getProperty("os.name") + ") has no TCP channels");
            }
            return Rfc2217Opener.open(channel, loop, address, settings);
        }
        return forLoop(loop).open(channel, loop, address.path(), settings);
    }
}
