package io.github.nettyserial.testkit;

import io.github.nettyserial.SerialDeviceAddress;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A scripted device at the far end of a {@link VirtualSerialPort}: the code under test opens
 * {@link #address()} with a real {@code SerialChannel}, and the device answers as the script says.
 *
 * <pre>{@code
 * FakeSerialDevice device = FakeSerialDevice.on(port)
 *     .expect("AT\r").reply("OK\r\n")
 *     .expect("ATI\r").delay(Duration.ofMillis(50)).reply("FakeModem 1.0\r\nOK\r\n")
 *     .hangUp()
 *     .start();
 * // ... connect a SerialChannel to device.address() and talk to it ...
 * device.awaitDone();                  // fails with a byte diff if the channel sent something else
 * }</pre>
 *
 * <p>Steps run in order, on one thread per device:
 * <ul>
 *   <li>{@link #expect(byte[])} reads exactly as many bytes as given and fails, with a diff, at the first byte
 *       that differs, or when they do not all arrive within {@link #timeout(Duration) the timeout};</li>
 *   <li>{@link #receive(int)} reads a number of bytes, whatever they are;</li>
 *   <li>{@link #reply(byte[])} writes bytes to the channel;</li>
 *   <li>{@link #delay(Duration)} does nothing for a while: the device reads nothing meanwhile, so what the channel
 *       writes piles up in the kernel;</li>
 *   <li>{@link #readPaced(long)} limits every later read to a number of bytes per second (a slow device, to exercise
 *       the channel's write backpressure); {@link #readUnpaced()} lifts the limit;</li>
 *   <li>{@link #hangUp()} hangs the line up, as an unplugged adapter does: the channel sees the port vanish.</li>
 * </ul>
 * After the last step the device goes on reading, at its pace, until it is closed or hung up, so {@link #received()}
 * and {@link #assertReceived(byte[])} see everything the channel sent.
 *
 * <p>A device that fails stops at once; {@link #awaitDone()} then throws an {@link AssertionError} naming the step,
 * with what was expected and what came. {@link #close()} stops the device's thread and waits for it, so a test leaks
 * no thread; it does not close the port, whose owner does that ({@link VirtualSerialExtension} closes both).
 *
 * <p>The device is test infrastructure, not part of the transport: it blocks a thread of its own, which the
 * transport never does.
 */
public final class FakeSerialDevice implements AutoCloseable {

    /** How long a step waits for bytes, and {@link #awaitDone()} for the script, unless {@link #timeout} says. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #close()} waits for the device's thread to end. */
    private static final long STOP_MILLIS = 5_000;
    /** How long the device sleeps when there is nothing to read. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final String HANG_UP = "hang up";

    private final String name;
    private final SerialDeviceAddress address;
    private final InputStream in;
    private final OutputStream out;
    private final Runnable hangUpAction;
    private final List<Step> steps = new ArrayList<>();
    private final byte[] buf = new byte[8192];
    private final Pacer pacer = new Pacer();

    private volatile Duration timeout = DEFAULT_TIMEOUT;
    private Thread thread;
    private volatile boolean closed;
    /** Written and read only on the device's thread. */
    private boolean hungUp;

    // Guarded by this.
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int current = -1;
    private boolean done;
    private boolean stopped;
    private AssertionError failure;

    /** One step of the script; runs on the device's thread. */
    private record Step(String description, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        void run() throws IOException, InterruptedException;
    }

    /**
     * A device at the far end of {@code port}. Add steps, then {@link #start()} it.
     *
     * @param port the virtual port; the device reads and writes its device end
     * @return a device that has not started yet
     */
    public static FakeSerialDevice on(VirtualSerialPort port) {
        Objects.requireNonNull(port, "port");
        return new FakeSerialDevice(port.path(), port.address(), port.deviceInput(), port.deviceOutput(),
                port::hangUp);
    }

    /**
     * A device on any pair of streams.
     *
     * @param name how messages name the device
     * @param address what {@link #address()} returns, or {@code null}
     * @param in what the code under test sent; {@code available()} must report buffered bytes
     * @param out where replies go
     * @param hangUp what {@link #hangUp()} does
     */
    FakeSerialDevice(String name, SerialDeviceAddress address, InputStream in, OutputStream out, Runnable hangUp) {
        this.name = Objects.requireNonNull(name, "name");
        this.address = address;
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.hangUpAction = Objects.requireNonNull(hangUp, "hangUp");
    }

    /**
     * The address to connect a {@code SerialChannel} to.
     *
     * @return the port's address
     */
    public SerialDeviceAddress address() {
        if (address == null) {
            throw new IllegalStateException(name + " is not on a virtual port and has no address");
        }
        return address;
    }

    // ---- the script ----

    /**
     * Sets how long each step added after this call waits for its bytes, and how long {@link #awaitDone()} and
     * {@link #assertReceived(byte[])} wait. Default {@link #DEFAULT_TIMEOUT}.
     *
     * @param timeout more than zero
     * @return this
     */
    public FakeSerialDevice timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout(" + timeout + "): must be positive");
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * Expects exactly these bytes next.
     *
     * @param bytes what the channel must send
     * @return this
     */
    public FakeSerialDevice expect(byte[] bytes) {
        byte[] expected = bytes.clone();
        Duration stepTimeout = timeout;
        return add("expect " + expected.length + " bytes " + ByteDiff.describe(expected),
                () -> expectBytes(expected, stepTimeout));
    }

    /**
     * Expects exactly these characters next, one byte each (ISO-8859-1).
     *
     * @param text what the channel must send
     * @return this
     */
    public FakeSerialDevice expect(String text) {
        return expect(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads {@code byteCount} bytes, whatever they are (they are kept in {@link #received()}).
     *
     * @param byteCount how many, at least 1
     * @return this
     */
    public FakeSerialDevice receive(int byteCount) {
        if (byteCount < 1) {
            throw new IllegalArgumentException("receive(" + byteCount + "): at least one byte");
        }
        Duration stepTimeout = timeout;
        return add("receive " + byteCount + " bytes", () -> receiveBytes(byteCount, stepTimeout));
    }

    /**
     * Sends bytes to the channel.
     *
     * @param bytes what the device sends
     * @return this
     */
    public FakeSerialDevice reply(byte[] bytes) {
        byte[] reply = bytes.clone();
        return add("reply " + reply.length + " bytes " + ByteDiff.describe(reply), () -> {
            out.write(reply);
            out.flush();
        });
    }

    /**
     * Sends characters to the channel, one byte each (ISO-8859-1).
     *
     * @param text what the device sends
     * @return this
     */
    public FakeSerialDevice reply(String text) {
        return reply(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Waits, reading nothing.
     *
     * @param duration how long
     * @return this
     */
    public FakeSerialDevice delay(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("delay(" + duration + "): must not be negative");
        }
        return add("delay " + duration, () -> TimeUnit.NANOSECONDS.sleep(duration.toNanos()));
    }

    /**
     * From here on, reads at most {@code bytesPerSecond} bytes a second (in bursts of at most a fiftieth of that).
     *
     * @param bytesPerSecond at least 1
     * @return this
     */
    public FakeSerialDevice readPaced(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("readPaced(" + bytesPerSecond + "): at least 1 byte a second");
        }
        return add("read paced at " + bytesPerSecond + " bytes/s", () -> pacer.pace(bytesPerSecond));
    }

    /**
     * From here on, reads as fast as bytes come (the default).
     *
     * @return this
     */
    public FakeSerialDevice readUnpaced() {
        return add("read unpaced", () -> pacer.pace(0));
    }

    /**
     * Hangs up the line, as an unplugged adapter does; the last step of a script.
     *
     * @return this
     */
    public FakeSerialDevice hangUp() {
        return add(HANG_UP, () -> {
            hungUp = true;
            hangUpAction.run();
        });
    }

    private synchronized FakeSerialDevice add(String description, Action action) {
        if (thread != null) {
            throw new IllegalStateException(name + ": the script cannot change once the device has started");
        }
        if (!steps.isEmpty() && steps.get(steps.size() - 1).description().equals(HANG_UP)) {
            throw new IllegalStateException(name + ": nothing can follow hangUp()");
        }
        steps.add(new Step(description, action));
        return this;
    }

    /**
     * Starts the device's thread, which runs the script.
     *
     * @return this
     */
    public synchronized FakeSerialDevice start() {
        if (thread != null) {
            throw new IllegalStateException(name + " has already started");
        }
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        thread = new Thread(this::run, "FakeSerialDevice " + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    // ---- observing ----

    /**
     * Every byte the device has read so far.
     *
     * @return a copy
     */
    public synchronized byte[] received() {
        return received.toByteArray();
    }

    /**
     * Whether every step has run.
     *
     * @return {@code true} once the script is done (and none failed)
     */
    public synchronized boolean isDone() {
        return done;
    }

    /**
     * Waits until every step has run, for as long as {@link #timeout(Duration)} says.
     *
     * @return this
     * @throws AssertionError if a step failed or the time ran out; the message names the step and shows the bytes
     */
    public FakeSerialDevice awaitDone() {
        return awaitDone(timeout);
    }

    /**
     * Waits until every step has run.
     *
     * @param timeout how long to wait
     * @return this
     * @throws AssertionError if a step failed or the time ran out; the message names the step and shows the bytes
     */
    public synchronized FakeSerialDevice awaitDone(Duration timeout) {
        if (thread == null) {
            throw new IllegalStateException(name + " has not been started");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done && failure == null && !stopped && waitUntil(deadline)) {
            // waitUntil waits
        }
        if (failure != null) {
            throw new AssertionError(failure.getMessage(), failure.getCause());
        }
        if (!done) {
            String where = current >= 0 && current < steps.size()
                    ? "at step " + (current + 1) + " of " + steps.size() + " (" + steps.get(current).description() + ")"
                    : "before its first step";
            throw new AssertionError(name + ": the script did not finish within " + timeout + (stopped ? " (closed)" : "")
                    + "; it is " + where + "\n  received so far: " + ByteDiff.describe(received.toByteArray()));
        }
        return this;
    }

    /**
     * Waits until the device has read at least as many bytes as {@code expected} has (within
     * {@link #timeout(Duration)}), then checks that it has read exactly those.
     *
     * @param expected every byte the channel should have sent so far
     * @return this
     * @throws AssertionError with a diff otherwise
     */
    public synchronized FakeSerialDevice assertReceived(byte[] expected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < expected.length && failure == null && !stopped && waitUntil(deadline)) {
            // waitUntil waits
        }
        String diff = ByteDiff.diff(expected, received.toByteArray());
        if (diff != null) {
            throw new AssertionError(name + ": the device did not receive what was expected: " + diff);
        }
        return this;
    }

    /**
     * {@link #assertReceived(byte[])} for characters, one byte each (ISO-8859-1).
     *
     * @param expected every character the channel should have sent so far
     * @return this
     */
    public FakeSerialDevice assertReceived(String expected) {
        return assertReceived(expected.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Waits for a notification or the deadline; false once the deadline has passed. */
    private boolean waitUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** The failure of a step, or {@code null}. */
    synchronized AssertionError failure() {
        return failure;
    }

    /**
     * Stops the device: its thread ends and is waited for. The port stays open. Idempotent.
     *
     * @throws IllegalStateException if the thread does not end within 5 seconds (a write blocked on a port that
     *         nobody reads)
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            throw new IllegalStateException(name + ": the device's thread did not stop within " + STOP_MILLIS + " ms");
        }
    }

    @Override
    public String toString() {
        return "FakeSerialDevice[" + name + ", " + steps.size() + " steps]";
    }

    // ---- the device's thread ----

    private void run() {
        try {
            for (int i = 0; i < steps.size() && !closed; i++) {
                Step step = steps.get(i);
                synchronized (this) {
                    current = i;
                }
                step.action().run();
            }
            synchronized (this) {
                done = !closed;
                notifyAll();
            }
            // Like a real device, keep listening, so received() shows all the channel sent.
            while (!closed && !hungUp) {
                readSome(buf.length, System.nanoTime() + TimeUnit.HOURS.toNanos(1));
            }
        } catch (InterruptedException e) {
            // closed
        } catch (AssertionError e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            // Closing interrupts a blocked write; after the script an I/O error only means the line is gone.
            if (!closed && !isDone()) {
                fail(new AssertionError(where() + ": " + e, e));
            }
        } finally {
            synchronized (this) {
                stopped = true;
                notifyAll();
            }
        }
    }

    private synchronized void fail(AssertionError e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }

    private synchronized String where() {
        return name + ": step " + (current + 1) + " of " + steps.size() + ", " + steps.get(current).description();
    }

    private void expectBytes(byte[] expected, Duration stepTimeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        byte[] got = new byte[expected.length];
        int count = 0;
        while (count < expected.length) {
            int n = readSome(expected.length - count, deadline);
            if (n == 0) {
                byte[] partial = Arrays.copyOf(got, count);
                throw new AssertionError(where() + ": only " + count + " of " + expected.length + " bytes came within "
                        + stepTimeout + "\n  expected: " + ByteDiff.describe(expected)
                        + "\n  received: " + ByteDiff.describe(partial));
            }
            System.arraycopy(buf, 0, got, count, n);
            count += n;
            byte[] soFar = Arrays.copyOf(got, count);
            String diff = ByteDiff.diff(Arrays.copyOf(expected, count), soFar);
            if (diff != null) {
                throw new AssertionError(where() + ": wrong bytes, " + ByteDiff.diff(expected, soFar));
            }
        }
    }

    private void receiveBytes(int byteCount, Duration stepTimeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        int count = 0;
        while (count < byteCount) {
            int n = readSome(byteCount - count, deadline);
            if (n == 0) {
                throw new AssertionError(where() + ": only " + count + " of " + byteCount + " bytes came within "
                        + stepTimeout);
            }
            count += n;
        }
    }

    /**
     * Reads between 1 and {@code max} bytes into {@link #buf} and records them, at the pace set; returns 0 when
     * the deadline passes first. Polls {@code available()} rather than blocking in {@code read}, so that
     * {@link #close()} can always stop the thread with an interrupt.
     */
    private int readSome(int max, long deadline) throws IOException, InterruptedException {
        while (true) {
            if (closed) {
                throw new InterruptedException();
            }
            int allowed = pacer.allowance(Math.min(max, buf.length));
            int available = allowed > 0 ? in.available() : 0;
            if (available > 0) {
                int n = in.read(buf, 0, Math.min(allowed, available));
                if (n < 0) {
                    throw new EOFException("the line was closed");
                }
                pacer.consumed(n);
                synchronized (this) {
                    received.write(buf, 0, n);
                    notifyAll();
                }
                return n;
            }
            long now = System.nanoTime();
            if (deadline - now <= 0) {
                return 0;
            }
            long sleep = allowed > 0 ? IDLE_NANOS : Math.max(IDLE_NANOS, pacer.nanosUntilNextByte());
            TimeUnit.NANOSECONDS.sleep(Math.min(sleep, deadline - now));
        }
    }

    /** A token bucket: at most {@code bytesPerSecond}, in bursts of at most a fiftieth of a second's worth. */
    private static final class Pacer {
        private long bytesPerSecond;
        private double credit;
        private long lastNanos;

        void pace(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
            this.credit = 0;
            this.lastNanos = System.nanoTime();
        }

        int allowance(int max) {
            if (bytesPerSecond == 0) {
                return max;
            }
            long now = System.nanoTime();
            double burst = Math.max(1, bytesPerSecond / 50.0);
            credit = Math.min(burst, credit + (now - lastNanos) * (bytesPerSecond / 1e9));
            lastNanos = now;
            return (int) Math.min(max, Math.floor(credit));
        }

        void consumed(int n) {
            if (bytesPerSecond != 0) {
                credit -= n;
            }
        }

        long nanosUntilNextByte() {
            return (long) Math.ceil((1 - credit) * 1e9 / bytesPerSecond);
        }
    }
}
