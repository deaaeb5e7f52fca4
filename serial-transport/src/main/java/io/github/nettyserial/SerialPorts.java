package io.github.nettyserial;

import io.github.nettyserial.linux.SysfsDiscovery;
import io.github.nettyserial.linux.UeventMonitor;
import io.github.nettyserial.windows.SetupApiDiscovery;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    /** System property: {@code poll} makes watches rescan on a timer even on Linux (containers without uevents). */
    static final String WATCH_MODE = "io.github.nettyserial.portWatch";
    /** System property: how often a polling watch rescans, in milliseconds (Windows, or {@code portWatch=poll}). */
    static final String RESCAN_MILLIS = "io.github.nettyserial.portRescanMillis";

    /** System property: where sysfs is mounted, {@code /sys} by default (Linux). */
    static final String SYSFS_ROOT = "io.github.nettyserial.sysfsRoot";
    /** System property: the device directory, {@code /dev} by default (Linux); ports are still named /dev/NAME. */
    static final String DEV_ROOT = "io.github.nettyserial.devRoot";

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
        return scanner().scan();
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
     * way. Equivalent to {@link #watch(EventLoopGroup, SerialPortListener)} with that shared loop.
     */
    public static SerialPortWatch watch(SerialPortListener listener) throws IOException {
        return watch(DefaultLoop.GROUP, listener);
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
     * watch rescan sysfs on that timer instead, on any event loop.
     *
     * <p>The ports present when the watch starts are not delivered as events; read them from
     * {@link SerialPortWatch#ports()}.
     *
     * @throws IOException if the event source cannot be opened (no netlink uevents in some containers)
     * @throws IllegalArgumentException on Linux, if the group's loops are not epoll loops
     */
    public static SerialPortWatch watch(EventLoopGroup group, SerialPortListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        EventLoop loop = group.next();
        DefaultSerialPortWatch watch = new DefaultSerialPortWatch(scanner(), listener);
        if (isLinux() && !"poll".equals(System.getProperty(WATCH_MODE))) {
            if (!(loop instanceof IoEventLoop)) {
                throw new IllegalArgumentException("hotplug events on Linux need an epoll IoEventLoop, not " + loop);
            }
            // The socket is open (and queueing events) before the first scan, so nothing falls between them.
            watch.source(UeventMonitor.open((IoEventLoop) loop, watch::rescan));
        } else {
            long period = Long.getLong(RESCAN_MILLIS, 1000);
            ScheduledFuture<?> timer = loop.scheduleWithFixedDelay(watch::rescan, period, period, TimeUnit.MILLISECONDS);
            watch.source(() -> timer.cancel(false));
        }
        try {
            if (loop.inEventLoop()) {
                watch.initialize();
            } else {
                loop.submit(() -> {
                    watch.initialize();
                    return null;
                }).syncUninterruptibly();
            }
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        return watch;
    }

    private static DefaultSerialPortWatch.Scanner scanner() {
        if (isLinux()) {
            // Other roots: for tests against synthetic trees, and for containers that mount the host's elsewhere.
            SysfsDiscovery sysfs = new SysfsDiscovery(Path.of(System.getProperty(SYSFS_ROOT, "/sys")),
                    Path.of(System.getProperty(DEV_ROOT, "/dev")));
            return () -> sorted(sysfs.scan());
        }
        if (isWindows()) {
            return WindowsScanner.INSTANCE;
        }
        throw new UnsupportedOperationException("serial port discovery supports Linux and Windows, not "
                + System.getProperty("os.name"));
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** Loaded only on Windows, where the JNA SetupAPI binding can link. */
    private static final class WindowsScanner {
        private static final SetupApiDiscovery DISCOVERY = SetupApiDiscovery.system();
        static final DefaultSerialPortWatch.Scanner INSTANCE = () -> sorted(DISCOVERY.scan());
    }

    /** The loop shared by watches that do not name one: created on first use, daemon, one thread. */
    private static final class DefaultLoop {
        static final EventLoopGroup GROUP = isLinux()
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("serial-port-watch", true),
                        EpollIoHandler.newFactory())
                : new DefaultEventLoopGroup(1, new DefaultThreadFactory("serial-port-watch", true));
    }
}
