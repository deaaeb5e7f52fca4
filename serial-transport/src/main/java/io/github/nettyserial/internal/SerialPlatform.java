package io.github.nettyserial.internal;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortInfo;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import java.io.IOException;
import java.util.List;

/**
 * What one platform backend provides: its event loop, opening a port on that loop, and discovery. Linux
 * ({@code linux.LinuxPlatform}, Netty's epoll loop) and Windows ({@code windows.WindowsPlatform}, the IOCP
 * loop) implement it; {@link SerialPlatforms} is the one place that chooses. An implementation touches no
 * native code until one of its methods is called, so both can be loaded on either system.
 */
public interface SerialPlatform {

    /** The {@link io.netty.channel.IoHandler} factory of this platform's loop. */
    IoHandlerFactory ioHandlerFactory();

    /** Whether channels registered on {@code loop} can use this backend. */
    boolean isCompatible(IoEventLoop loop);

    /**
     * Opens the port at {@code path} and applies {@code settings} before any byte can be sent (DTR and RTS
     * included). On failure nothing stays open and a typed {@link SerialException} is thrown.
     */
    SerialIo open(SerialChannelContext channel, IoEventLoop loop, String path, SerialSettings settings)
            throws SerialException;

    /** The serial ports present now, in any order. Blocking I/O: never call it on a loop that carries channels. */
    List<SerialPortInfo> scan() throws IOException;

    /**
     * Starts telling {@code rescan} when ports may have come or gone (kernel uevents on Linux, a timer on
     * Windows), on {@code loop}. Closing the result stops it.
     */
    AutoCloseable watch(EventLoop loop, Runnable rescan, long pollMillis) throws IOException;

    /** A one-thread daemon group for watches that name no loop of their own. */
    EventLoopGroup newWatchGroup();
}
