package io.github.nettyserial;

import io.github.nettyserial.internal.BusyPollingIoHandler;
import io.github.nettyserial.internal.SerialPlatforms;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * An event loop group for {@link SerialChannel}s: Netty's epoll loop on Linux, this project's IOCP
 * completion-port loop on Windows. One loop thread serves any number of ports. On Linux a
 * {@code SerialChannel} also runs on any {@code MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory())},
 * sharing loops with socket channels.
 *
 * <h2>Busy polling</h2>
 * A loop normally sleeps in the kernel until a port is ready. With a busy-poll budget it first polls its
 * ports without blocking for up to that long, yielding the CPU between polls, and sleeps only when nothing
 * came. A device that answers within the budget is then read by a thread that never slept, which saves the
 * wake-up of an idle CPU: on the project's 2-vCPU build machine it cut the median 1-byte round trip over a
 * pseudo-terminal from about 41 to 25 µs (see {@code docs/performance.md}). The price is CPU: the loop
 * thread stays runnable for the budget after every burst of work (about 30 µs of CPU per round trip
 * instead of 17 in that benchmark), and an idle loop polls for one budget each second, when Netty wakes it
 * for its housekeeping. A task handed over from another thread, or a timer that falls due, ends the
 * polling at once. Worth it for fast request/response devices on a machine with a core to spare; useless
 * for a real UART at 115,200 baud, where one byte takes 87 µs on the wire. The loops' handler then wraps the
 * platform's, so {@code isIoType(EpollIoHandler.class)} is false for them; {@code isCompatible} is unchanged.
 */
public class SerialEventLoopGroup extends MultiThreadIoEventLoopGroup {

    /** The longest busy-poll budget accepted: beyond it a loop would hardly ever sleep. */
    public static final Duration MAX_BUSY_POLL = Duration.ofMillis(100);

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
     * A group whose loops busy-poll (see above) before they sleep.
     *
     * @param nThreads the number of loop threads; 0 for Netty's default
     * @param busyPoll how long a loop polls without blocking before it sleeps: {@link Duration#ZERO} (never,
     *        as the other constructors) up to {@link #MAX_BUSY_POLL}; tens of µs to a millisecond is the
     *        useful range
     * @throws IllegalArgumentException if {@code busyPoll} is negative or over {@link #MAX_BUSY_POLL}
     */
    public SerialEventLoopGroup(int nThreads, Duration busyPoll) {
        super(nThreads, ioHandlerFactory(busyPoll));
    }

    /**
     * The {@link IoHandlerFactory} for this platform, for building a group of one's own.
     *
     * @return epoll's on Linux, the IOCP handler's on Windows
     * @throws UnsupportedOperationException on other platforms, or when the native part cannot be loaded
     *         (the message says which setting to change)
     */
    public static IoHandlerFactory ioHandlerFactory() {
        return ioHandlerFactory(Duration.ZERO);
    }

    /**
     * The {@link IoHandlerFactory} for this platform with a busy-poll budget (see above).
     *
     * @param busyPoll how long a loop polls without blocking before it sleeps, {@link Duration#ZERO} to
     *        {@link #MAX_BUSY_POLL}
     * @return epoll's on Linux, the IOCP handler's on Windows
     * @throws IllegalArgumentException if {@code busyPoll} is negative or over {@link #MAX_BUSY_POLL}
     * @throws UnsupportedOperationException on other platforms, or when the native part cannot be loaded
     */
    public static IoHandlerFactory ioHandlerFactory(Duration busyPoll) {
        if (busyPoll == null) {
            throw new NullPointerException("busyPoll");
        }
        if (busyPoll.isNegative() || busyPoll.compareTo(MAX_BUSY_POLL) > 0) {
            throw new IllegalArgumentException("busyPoll must be between 0 and " + MAX_BUSY_POLL.toMillis()
                    + " ms, not " + busyPoll.toNanos() / 1000 + " µs (" + busyPoll + ")");
        }
        return BusyPollingIoHandler.wrap(SerialPlatforms.host().ioHandlerFactory(), busyPoll.toNanos());
    }
}
