package io.github.nettyserial.linux;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortInfo;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialPlatform;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Linux: ttys on Netty's epoll loop (any {@code IoEventLoop} built on {@code EpollIoHandler}), discovery
 * from sysfs, hotplug from kernel uevents.
 */
public final class LinuxPlatform implements SerialPlatform {
    /** System property: {@code poll} makes watches rescan on a timer (containers without uevents). */
    static final String WATCH_MODE = "io.github.nettyserial.portWatch";
    /** System property: where sysfs is mounted, {@code /sys} by default. */
    static final String SYSFS_ROOT = "io.github.nettyserial.sysfsRoot";
    /** System property: the device directory, {@code /dev} by default; ports are still named /dev/NAME. */
    static final String DEV_ROOT = "io.github.nettyserial.devRoot";

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        NativeLibraries.ensureAvailable();
        return EpollIoHandler.newFactory();
    }

    @Override
    public boolean isCompatible(IoEventLoop loop) {
        return loop.isCompatible(EpollSerialIo.Handle.class);
    }

    @Override
    public SerialIo open(SerialChannelContext channel, IoEventLoop loop, String path, SerialSettings settings)
            throws SerialException {
        NativeLibraries.ensureAvailable();
        return new EpollSerialIo(channel, LinuxSerialPort.open(path, settings));
    }

    @Override
    public List<SerialPortInfo> scan() throws IOException {
        // Other roots: for tests against synthetic trees, and for containers that mount the host's elsewhere.
        return new SysfsDiscovery(Path.of(System.getProperty(SYSFS_ROOT, "/sys")),
                Path.of(System.getProperty(DEV_ROOT, "/dev"))).scan();
    }

    @Override
    public AutoCloseable watch(EventLoop loop, Runnable rescan, long pollMillis) throws IOException {
        if ("poll".equals(System.getProperty(WATCH_MODE))) {
            ScheduledFuture<?> timer = loop.scheduleWithFixedDelay(rescan, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
            return () -> timer.cancel(false);
        }
        if (!(loop instanceof IoEventLoop) || !((IoEventLoop) loop).isCompatible(UeventMonitor.class)) {
            throw new IllegalArgumentException("hotplug events on Linux need an epoll IoEventLoop, not " + loop
                    + " (or -D" + WATCH_MODE + "=poll to rescan on a timer on any loop)");
        }
        return UeventMonitor.open((IoEventLoop) loop, rescan);
    }

    @Override
    public EventLoopGroup newWatchGroup() {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("serial-port-watch", true),
                EpollIoHandler.newFactory());
    }
}
