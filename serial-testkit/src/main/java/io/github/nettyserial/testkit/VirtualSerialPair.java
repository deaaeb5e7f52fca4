package io.github.nettyserial.testkit;

import io.github.nettyserial.SerialDeviceAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Two virtual serial ports wired to each other like a null-modem cable: what a channel writes to
 * {@link #a()} arrives at the channel on {@link #b()}, and back. Both ends are pseudo-terminals that a
 * {@code SerialChannel} (or pyserial, or any serial program) opens. One small bridge thread per pair moves
 * the bytes; it honours backpressure (a side that stops reading makes the other side's writes wait).
 */
public final class VirtualSerialPair implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    private final VirtualSerialPort a;
    private final VirtualSerialPort b;
    private final int[] wake = new int[2];
    private final Thread bridge;
    private volatile boolean closed;

    private VirtualSerialPair(VirtualSerialPort a, VirtualSerialPort b) throws IOException {
        this.a = a;
        this.b = b;
        if (PtyLibC.pipe2(wake, PtyLibC.O_NONBLOCK | PtyLibC.O_CLOEXEC) != 0) {
            throw new IOException("pipe2 failed: errno " + PtyLibC.errno());
        }
        bridge = new Thread(this::run, "virtual-serial-pair " + a.path() + "<->" + b.path());
        bridge.setDaemon(true);
        bridge.start();
    }

    /**
     * Creates two connected virtual ports.
     *
     * @return the pair, to be closed by the caller
     */
    public static VirtualSerialPair open() throws IOException {
        VirtualSerialPort a = VirtualSerialPort.open();
        try {
            VirtualSerialPort b = VirtualSerialPort.open();
            try {
                return new VirtualSerialPair(a, b);
            } catch (IOException | RuntimeException e) {
                b.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** One end. */
    public SerialDeviceAddress a() {
        return a.address();
    }

    /** The other end. */
    public SerialDeviceAddress b() {
        return b.address();
    }

    /** Line settings of end A as its device side sees them. */
    public LineSettings lineSettingsA() throws IOException {
        return a.lineSettings();
    }

    /** Line settings of end B as its device side sees them. */
    public LineSettings lineSettingsB() throws IOException {
        return b.lineSettings();
    }

    /** Stops the bridge and closes both ports; channels on them see a hang-up. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        PtyLibC.write(wake[1], one, 1);
        try {
            bridge.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        a.close();
        b.close();
        PtyLibC.close(wake[0]);
        PtyLibC.close(wake[1]);
    }

    private void run() {
        Direction ab = new Direction(a, b);
        Direction ba = new Direction(b, a);
        ByteBuffer fds = ByteBuffer.allocateDirect(5 * 8).order(ByteOrder.nativeOrder());
        try {
            while (!closed) {
                fds.clear();
                // Read a side only when there is room to keep what it sends; wait for room on the other side
                // while bytes are held: that is how backpressure crosses the bridge.
                put(fds, 0, wake[0], PtyLibC.POLLIN);
                put(fds, 1, a.master(), ab.pending.hasRemaining() ? 0 : PtyLibC.POLLIN);
                put(fds, 2, b.master(), ba.pending.hasRemaining() ? 0 : PtyLibC.POLLIN);
                put(fds, 3, b.master(), ab.pending.hasRemaining() ? PtyLibC.POLLOUT : 0);
                put(fds, 4, a.master(), ba.pending.hasRemaining() ? PtyLibC.POLLOUT : 0);
                if (PtyLibC.poll(fds, 5, 1000) < 0 && PtyLibC.errno() != PtyLibC.EINTR) {
                    return;
                }
                if (closed) {
                    return;
                }
                if (!ab.pump() | !ba.pump()) {
                    return;
                }
            }
        } catch (IOException e) {
            // A port was hung up or closed: the bridge ends; channels see the hang-up on their side.
        }
    }

    private static void put(ByteBuffer fds, int i, int fd, short events) {
        fds.putInt(i * 8, events == 0 ? -1 : fd).putShort(i * 8 + 4, events).putShort(i * 8 + 6, (short) 0);
    }

    /** Bytes from one master to the other, with what is read but not yet written held in {@code pending}. */
    private static final class Direction {
        final VirtualSerialPort from;
        final VirtualSerialPort to;
        final ByteBuffer pending = ByteBuffer.allocateDirect(BUFFER).limit(0);

        Direction(VirtualSerialPort from, VirtualSerialPort to) {
            this.from = from;
            this.to = to;
        }

        /** Moves what it can without waiting; false once a side is gone. */
        boolean pump() throws IOException {
            if (!pending.hasRemaining()) {
                pending.clear();
                int n = from.readOnce(pending, 0);
                if (n < 0) {
                    return false;
                }
                pending.limit(n).position(0);
            }
            while (pending.hasRemaining()) {
                long w = PtyLibC.write(to.master(), pending, pending.remaining());
                if (w <= 0) {
                    int errno = PtyLibC.errno();
                    if (errno == PtyLibC.EAGAIN || errno == PtyLibC.EINTR) {
                        return true;
                    }
                    return false;
                }
                pending.position(pending.position() + (int) w);
            }
            return true;
        }
    }
}
