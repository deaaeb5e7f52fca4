package io.github.nettyserial;

import io.github.nettyserial.internal.SerialPlatforms;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.ThreadFactory;

/**
 * An event loop group for {@link SerialChannel}s: Netty's epoll loop on Linux, this project's IOCP
 * completion-port loop on Windows. One loop thread serves any number of ports. On Linux a
 * {@code SerialChannel} also runs on any {@code MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory())},
 * sharing loops with socket channels.
 */
public class SerialEventLoopGroup extends MultiThreadIoEventLoopGroup {

    /** A group with Netty's default number of threads (twice the cores). */
    public SerialEventLoopGroup() {
        this(0);
    }

    /** @param nThreads the number of loop threads; 0 for Netty's default */
    public SerialEventLoopGroup(int nThreads) {
        super(nThreads, ioHandlerFactory());
    }

    /**
     * @param nThreads the number of loop threads; 0 for Netty's default
     * @param threadFactory makes the loop threads
     */
    public SerialEventLoopGroup(int nThreads, ThreadFactory threadFactory) {
        super(nThreads, threadFactory, ioHandlerFactory());
    }

    /**
     * The {@link IoHandlerFactory} for this platform, for building a group of one's own.
     *
     * @return epoll's on Linux, the IOCP handler's on Windows
     * @throws UnsupportedOperationException on other platforms, or when the native part cannot be loaded
     *         (the message says which setting to change)
     */
    public static IoHandlerFactory ioHandlerFactory() {
        return SerialPlatforms.host().ioHandlerFactory();
    }
}
