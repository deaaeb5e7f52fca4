package io.github.nettyserial;

import io.github.nettyserial.internal.SerialPlatform;
import io.github.nettyserial.internal.SerialPlatforms;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Finds serial ports, and watches them come and go.
 *
 * <pre>{@code
 * for (SerialPortInfo p : SerialPorts.list()) {
 *     if (p.vid() == 0x0403 && p.pid() == 0x6001) {
 *         connect(p.device());                      // an FTDI FT232R
 *     }
 * }
 * try (SerialPortWatch watch = SerialPorts.watch(event -> System.out.println(event))) {
 *     ...                                           // ARRIVED /dev/ttyUSB0 - FT232R USB UART [USB VID:PID=0403:6001 ...]
 * }
 * }</pre>
 *
 * <p>Linux reads sysfs ({@code /sys/class/tty}) and watches kernel uevents on a netlink socket registered with
 * an epoll event loop. Windows reads SetupAPI's Ports class merged with {@code HKLM\HARDWARE\DEVICEMAP\SERIALCOMM},
 * and a watch rescans on a timer. No port is ever opened to find out what it is. See docs/discovery.md.
 */
public final class SerialPorts {
    /** System property: how often a polling watch rescans, in milliseconds (Windows, or {@code portWatch=poll}). */
    static final String RESCAN_MILLIS = "io.github.nettyserial.portRescanMillis";

    private SerialPorts() {
    }

    /**
     * The serial ports present now, sorted by device name in natural order ({@code ttyS2} before
     * {@code ttyS10}, {@code COM2} before {@code COM10}).
     *
     * @throws IOException if the system's device list cannot be read
     * @throws UnsupportedOperationException on an operating system other than Linux and Windows
     */
    public static List<SerialPortInfo> list() throws IOException {
        return sorted(SerialPlatforms.host().scan());
    }

    /** Sorts as pyserial does: {@code ttyS2} before {@code ttyS10}, {@code COM2} before {@code COM10}. */
    static List<SerialPortInfo> sorted(List<SerialPortInfo> ports) {
        List<SerialPortInfo> list = new ArrayList<>(ports);
        list.sort((a, b) -> naturalCompare(a.device(), b.device()));
        return List.copyOf(list);
    }

    /** Compares runs of digits as numbers and everything else as characters. */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && isDigit(b.charAt(j))) {
                    j++;
                }
                int c = new BigInteger(a.substring(si, i)).compareTo(new BigInteger(b.substring(sj, j)));
                if (c != 0) {
                    return c;
                }
            } else if (ca != cb) {
                return Character.compare(ca, cb);
            } else {
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Watches for ports arriving and going away, on one daemon thread shared by every watch started this
     * way; the thread ends when the last of these watches is closed. Equivalent to
     * {@link #watch(EventLoopGroup, SerialPortListener)} with that shared loop.
     */
    public static SerialPortWatch watch(SerialPortListener listener) throws IOException {
        EventLoopGroup group = SharedWatchGroup.acquire();
        try {
            return watch(group, listener, SharedWatchGroup::release);
        } catch (IOException | RuntimeException e) {
            SharedWatchGroup.release();
            throw e;
        }
    }

    /**
     * Watches for ports arriving and going away; {@code listener} is called on {@code group.next()}.
     *
     * <p>On Linux the loop must be an epoll loop: a {@link SerialEventLoopGroup}, or any
     * {@code MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory())}, so the watch can share the loop of
     * the channels it serves. The kernel's uevent socket is registered on it; each batch of tty events
     * triggers a sysfs rescan and the differences are delivered. On Windows any event loop will do; the
     * watch rescans SetupAPI every second (system property {@code io.github.nettyserial.portRescanMillis}).
     * Where a Linux container gets no uevents, {@code -Dio.github.nettyserial.portWatch=poll} makes the
     * watch rescan sysfs on that timer instead, on any event loop. Rescans themselves (blocking reads of
     * sysfs or SetupAPI) run on Netty's global executor, never on the loop.
     *
     * <p>The ports present when the watch starts are not delivered as events; read them from
     * {@link SerialPortWatch#ports()}.
     *
     * @throws IOException if the event source cannot be opened (no netlink uevents in some containers)
     * @throws IllegalArgumentException on Linux, if the group's loops are not epoll loops
     */
    public static SerialPortWatch watch(EventLoopGroup group, SerialPortListener listener) throws IOException {
        return watch(group, listener, () -> { });
    }

    private static SerialPortWatch watch(EventLoopGroup group, SerialPortListener listener, Runnable onClose)
            throws IOException {
        Objects.requireNonNull(listener, "listener");
        SerialPlatform platform = SerialPlatforms.host();
        EventLoop loop = group.next();
        DefaultSerialPortWatch watch = new DefaultSerialPortWatch(platform::scan, listener, loop,
                GlobalEventExecutor.INSTANCE, onClose);
        try {
            // The source is open (and queueing events) before the first scan, so nothing falls between them.
            watch.source(platform.watch(loop, watch::rescan, Long.getLong(RESCAN_MILLIS, 1000)));
            watch.initialize();
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        return watch;
    }

    /** The loop shared by watches that do not name one: made on first use, shut down with the last watch. */
    private static final class SharedWatchGroup {
        private static EventLoopGroup group;
        private static int users;

        static synchronized EventLoopGroup acquire() {
            if (users++ == 0) {
                group = SerialPlatforms.host().newWatchGroup();
            }
            return group;
        }

        static synchronized void release() {
            if (--users == 0) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                group = null;
            }
        }
    }
}
