package io.github.nettyserial.linux;

import io.github.nettyserial.SerialException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;

/**
 * Kernel uevents on an epoll event loop: the netlink socket is registered like any channel's descriptor, and
 * after each batch of messages that concerns a tty, {@code onChange} runs on that loop. No thread of its own.
 *
 * <p>Messages read {@code ACTION@DEVPATH\0KEY=VALUE\0...}; only {@code SUBSYSTEM=tty} ones matter, since every
 * serial port (8250, usb-serial, cdc-acm, pty excepted) arrives and leaves as a tty class device, and by then
 * sysfs and devtmpfs already show the change.
 */
final class UeventMonitor implements EpollIoHandle {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(UeventMonitor.class);
    /** The kernel caps one uevent at 2 KiB of environment plus the header line. */
    private static final int BUFFER_SIZE = 8192;
    private static final byte[] TTY = "SUBSYSTEM=tty".getBytes(StandardCharsets.US_ASCII);

    private final IoEventLoop loop;
    private final FileDescriptor fd;
    /** One read buffer for the life of the monitor; uevents are rare and small. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final Runnable onChange;
    // Both only touched on the loop.
    private IoRegistration registration;
    private boolean closed;

    private UeventMonitor(IoEventLoop loop, FileDescriptor fd, Runnable onChange) {
        this.loop = loop;
        this.fd = fd;
        this.onChange = onChange;
    }

    /**
     * Opens the uevent socket now (events from this moment on are queued in it) and registers it on
     * {@code loop}; {@code onChange} then runs on the loop after messages about ttys.
     */
    static UeventMonitor open(IoEventLoop loop, Runnable onChange) throws SerialException {
        if (!loop.isCompatible(UeventMonitor.class)) {
            throw new IllegalArgumentException("hotplug events on Linux need an epoll event loop "
                    + "(SerialEventLoopGroup, or MultiThreadIoEventLoopGroup with EpollIoHandler), not " + loop);
        }
        UeventMonitor monitor = new UeventMonitor(loop, UeventSocket.open(), onChange);
        loop.register(monitor).addListener((Future<IoRegistration> f) -> {
            if (f.isSuccess()) {
                monitor.registered(f.getNow());
            } else {
                logger.warn("cannot register the uevent socket; no hotplug events", f.cause());
                monitor.close0();
            }
        });
        return monitor;
    }

    // On the loop: keep the loop's wrapper (cancelling it keeps the loop's count right), then arm at once:
    // since Netty 4.2.13 the descriptor is added to epoll only by the first non-empty submit.
    private void registered(IoRegistration reg) {
        if (closed) {
            reg.cancel();
            return;
        }
        registration = reg;
        reg.submit(EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLERR));
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        int ops = ((EpollIoEvent) event).ops().value();
        boolean relevant = false;
        boolean lost = false;
        for (;;) {
            int n;
            try {
                n = fd.read(buffer, 0, BUFFER_SIZE);
            } catch (IOException e) {
                // ENOBUFS: the socket overflowed and messages were dropped; a rescan covers whatever they said.
                lost = true;
                logger.debug("uevent socket read failed; rescanning", e);
                break;
            }
            if (n <= 0) {
                break; // 0 = EAGAIN (drained)
            }
            relevant |= mentionsTty(n);
        }
        if ((ops & LibC.EPOLLHUP) != 0) {
            logger.warn("uevent socket hung up; no more hotplug events");
            close0();
        }
        if (relevant || lost) {
            onChange.run();
        }
    }

    private boolean mentionsTty(int length) {
        // Keys start after each NUL; look for an exact "SUBSYSTEM=tty\0" without copying the message.
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer.get(i) == 0) {
                if (i - start == TTY.length && matchesAt(start)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private boolean matchesAt(int offset) {
        for (int k = 0; k < TTY.length; k++) {
            if (buffer.get(offset + k) != TTY[k]) {
                return false;
            }
        }
        return true;
    }

    /** Stops the events and closes the socket; idempotent, and safe from any thread. */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            close0();
            return;
        }
        try {
            loop.execute(this::close0);
        } catch (RejectedExecutionException e) {
            close0(); // the loop is gone, and with it the registration
        }
    }

    // On the loop: deregister before closing, so the descriptor number cannot be reused while still registered.
    private void close0() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.cancel();
        }
        try {
            fd.close();
        } catch (IOException e) {
            logger.debug("closing the uevent socket", e);
        }
    }
}
