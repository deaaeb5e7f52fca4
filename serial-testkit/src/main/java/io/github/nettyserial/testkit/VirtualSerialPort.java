package io.github.nettyserial.testkit;

import io.github.nettyserial.SerialDeviceAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A serial port with no hardware: a Linux pseudo-terminal. {@link #address()} is the port a
 * {@code SerialChannel} connects to; {@link #deviceInput()} and {@link #deviceOutput()} are the device's
 * end of the wire, for a test to play the device; {@link #hangUp()} pulls the plug.
 *
 * <pre>{@code
 * try (VirtualSerialPort port = VirtualSerialPort.open()) {
 *     Channel ch = bootstrap.connect(port.address()).sync().channel();
 *     ch.writeAndFlush(Unpooled.copiedBuffer("AT\r", US_ASCII));
 *     byte[] got = port.readDevice(3, Duration.ofSeconds(5));
 *     port.deviceOutput().write("OK\r\n".getBytes(US_ASCII));
 * }
 * }</pre>
 *
 * A pseudo-terminal has no baud-rate timing, no parity, and no modem lines: see {@code docs/testing.md} for
 * what it can and cannot show. The streams are thread-safe for one reader and one writer; reads block until
 * bytes come, the port hangs up, or it is closed.
 */
public final class VirtualSerialPort implements AutoCloseable {
    private final Pty pty;
    private final SerialDeviceAddress address;
    private final InputStream in = new DeviceInput();
    private final OutputStream out = new DeviceOutput();
    /** FIONREAD's result, reused: a fake device polls it often. */
    private final ByteBuffer available = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
    private volatile boolean hungUp;
    private volatile boolean closed;

    private VirtualSerialPort(Pty pty) {
        this.pty = pty;
        this.address = new SerialDeviceAddress(pty.slavePath);
    }

    /**
     * Creates a new pseudo-terminal.
     *
     * @return the port, to be closed by the caller
     * @throws IOException if the system has no pseudo-terminals left
     */
    public static VirtualSerialPort open() throws IOException {
        return new VirtualSerialPort(Pty.open());
    }

    /** The address a {@code SerialChannel} connects to, such as {@code /dev/pts/7}. */
    public SerialDeviceAddress address() {
        return address;
    }

    /** The device path, such as {@code /dev/pts/7}. */
    public String path() {
        return address.path();
    }

    /** The bytes the channel writes, as the device receives them. Returns -1 after a hang-up or close. */
    public InputStream deviceInput() {
        return in;
    }

    /** Bytes written here arrive at the channel. Blocks while the line's buffer is full (about 14-20 KiB). */
    public OutputStream deviceOutput() {
        return out;
    }

    /**
     * Reads exactly {@code n} bytes from the device end.
     *
     * @throws TimeoutException if they do not all arrive within {@code timeout}; the message shows what did
     */
    public byte[] readDevice(int n, Duration timeout) throws IOException, TimeoutException {
        ByteArrayOutputStream got = new ByteArrayOutputStream(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(1, Math.min(n, 65536)));
        while (got.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(path() + ": expected " + n + " bytes within " + timeout + ", got "
                        + got.size() + ": " + ByteDiff.describe(got.toByteArray()));
            }
            buf.clear().limit(Math.min(buf.capacity(), n - got.size()));
            int r = readOnce(buf, (int) Math.max(1, Math.min(100, left / 1_000_000)));
            if (r < 0) {
                throw new IOException(path() + ": hung up after " + got.size() + " of " + n + " bytes");
            }
            for (int i = 0; i < r; i++) {
                got.write(buf.get(i));
            }
        }
        return got.toByteArray();
    }

    /** Bytes the channel has written that the device end has not read yet. */
    public int deviceAvailable() throws IOException {
        synchronized (available) {
            if (PtyLibC.ioctl(pty.master, PtyLibC.FIONREAD, available) != 0) {
                throw new IOException(path() + ": FIONREAD failed: errno " + PtyLibC.errno());
            }
            return available.getInt(0);
        }
    }

    /**
     * The line settings as the device end sees them.
     *
     * @throws IOException if the port is closed
     */
    public LineSettings lineSettings() throws IOException {
        if (closed || hungUp) {
            throw new IOException(path() + " is closed");
        }
        return LineSettings.fromTermios2(pty.termios2());
    }

    /**
     * Pulls the plug: closes the device end. The channel sees a hang-up ({@code SerialDisconnectedException},
     * then inactive), as when a USB adapter is unplugged.
     */
    public void hangUp() {
        synchronized (this) {
            if (hungUp || closed) {
                return;
            }
            hungUp = true;
        }
        pty.closeMaster();
    }

    /** Whether {@link #hangUp()} or {@link #close()} was called. */
    public boolean isHungUp() {
        return hungUp || closed;
    }

    /** Closes both ends. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (!hungUp) {
            pty.closeMaster();
        }
        pty.closeSlave();
    }

    /** One read of what is there, waiting up to {@code waitMillis} for something; -1 at hang-up or close. */
    int readOnce(ByteBuffer buf, int waitMillis) throws IOException {
        if (isHungUp()) {
            return -1;
        }
        long n = PtyLibC.read(pty.master, buf, buf.remaining());
        if (n > 0) {
            return (int) n;
        }
        int errno = PtyLibC.errno();
        if (n == 0 || errno == PtyLibC.EIO) {
            return isHungUp() ? -1 : 0;
        }
        if (errno != PtyLibC.EAGAIN && errno != PtyLibC.EINTR) {
            if (isHungUp()) {
                return -1;
            }
            throw new IOException(path() + ": device read failed: errno " + errno);
        }
        Pty.poll(pty.master, PtyLibC.POLLIN, waitMillis);
        return 0;
    }

    /** Writes all of {@code buf}, waiting while the line is full. */
    void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (isHungUp()) {
                throw new IOException(path() + " is hung up");
            }
            long n = PtyLibC.write(pty.master, buf, buf.remaining());
            if (n > 0) {
                buf.position(buf.position() + (int) n);
                continue;
            }
            int errno = PtyLibC.errno();
            if (errno != PtyLibC.EAGAIN && errno != PtyLibC.EINTR) {
                throw new IOException(path() + ": device write failed: errno " + errno);
            }
            Pty.poll(pty.master, PtyLibC.POLLOUT, 50);
            if (Thread.interrupted()) {
                throw new InterruptedIOException(path() + ": interrupted while the line was full");
            }
        }
    }

    int master() {
        return pty.master;
    }

    private final class DeviceInput extends InputStream {
        private final ByteBuffer one = ByteBuffer.allocateDirect(1);
        private final ByteBuffer chunk = ByteBuffer.allocateDirect(8192);

        @Override
        public int read() throws IOException {
            synchronized (one) {
                one.clear();
                int n;
                while ((n = readOnce(one, 100)) == 0) {
                    checkInterrupt();
                }
                return n < 0 ? -1 : one.get(0) & 0xFF;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            synchronized (chunk) {
                chunk.clear().limit(Math.min(len, chunk.capacity()));
                int n;
                while ((n = readOnce(chunk, 100)) == 0) {
                    checkInterrupt();
                }
                if (n < 0) {
                    return -1;
                }
                for (int i = 0; i < n; i++) {
                    b[off + i] = chunk.get(i);
                }
                return n;
            }
        }

        @Override
        public int available() throws IOException {
            return isHungUp() ? 0 : deviceAvailable();
        }

        private void checkInterrupt() throws InterruptedIOException {
            if (Thread.interrupted()) {
                throw new InterruptedIOException(path() + ": interrupted while waiting for bytes");
            }
        }
    }

    private final class DeviceOutput extends OutputStream {
        private final ByteBuffer chunk = ByteBuffer.allocateDirect(8192);

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (chunk) {
                while (len > 0) {
                    int n = Math.min(len, chunk.capacity());
                    chunk.clear();
                    chunk.put(b, off, n).flip();
                    writeFully(chunk);
                    off += n;
                    len -= n;
                }
            }
        }
    }
}
