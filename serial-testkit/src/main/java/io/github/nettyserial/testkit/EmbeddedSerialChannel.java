package io.github.nettyserial.testkit;

import io.github.nettyserial.DefaultSerialChannelConfig;
import io.github.nettyserial.ModemLines;
import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelConfig;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialLineErrorEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EmbeddedChannel} that looks like a serial port to the handlers in its pipeline, for testing a
 * protocol with no port at all. Its {@link #config()} is a {@link SerialChannelConfig}, and the test plays the
 * part of the line:
 *
 * <ul>
 *   <li><b>bytes</b>: {@link #writeInbound(Object...)} (or {@link #receive(byte[])}) delivers what the device
 *       sent; {@link #readOutbound()} (or {@link #readOutboundBytes()}) returns what the handlers wrote;</li>
 *   <li><b>input modem lines</b>: {@link #setCts}, {@link #setDsr}, {@link #setDcd}, {@link #setRi} and
 *       {@link #ring()} change CTS, DSR, DCD and RI;</li>
 *   <li><b>line errors and break</b>: {@link #lineErrors}, {@link #framingError()}, {@link #parityError()},
 *       {@link #receiveBreak()};</li>
 *   <li><b>output modem lines</b>: every DTR or RTS change a handler makes through the config (typed setter or
 *       {@code setOption}) is recorded with its virtual time in {@link #outputLineChanges()};</li>
 *   <li><b>time</b>: the clock is virtual and stands still; {@link #elapse(Duration)} lets virtual time pass and
 *       runs each task scheduled on {@code ch.eventLoop()} / {@code ctx.executor()} at its deadline, so timers
 *       (a Modbus t3.5 gap, a response timeout) are tested exactly and without sleeping.</li>
 * </ul>
 *
 * <p>Events follow the real {@link SerialChannel}: a {@link ModemLinesChangedEvent} or {@link SerialLineErrorEvent}
 * is fired through the pipeline as a user event only while {@link SerialChannelOption#MODEM_EVENTS} is on and the
 * channel is active; with it off the line state still changes (and {@link #modemLines()} shows it) but nothing is
 * fired. A modem-line event fires only for input lines, with transition counts, and its snapshots carry the DTR and
 * RTS levels from the config. Unlike the real channel, which samples the driver every few milliseconds, each call
 * here fires its event at once, on the calling thread (which is this channel's event loop), so a test never waits.
 *
 * <p>{@link #sendBreak(Duration)}, {@link #drain()} and {@link #modemLines()} have the signatures of
 * {@link SerialChannel}'s; breaks sent are recorded in {@link #breaksSent()}. This is not a {@link SerialChannel}:
 * a handler that casts {@code ctx.channel()} to {@code SerialChannel} cannot run here.
 *
 * <pre>{@code
 * EmbeddedSerialChannel ch = new EmbeddedSerialChannel(new MyFramer());
 * ch.receive(new byte[] {1, 3, 0, 0});
 * ch.elapse(Duration.ofMillis(4));            // the inter-frame gap passes
 * MyFrame frame = ch.readInbound();
 * }</pre>
 *
 * <p>Like any {@link EmbeddedChannel}, call {@link #finishAndReleaseAll()} (or {@link #finish()}) at the end of a
 * test; nothing here owns a thread or a file descriptor.
 */
public class EmbeddedSerialChannel extends EmbeddedChannel {

    /** The address reported when none is given. */
    public static final SerialDeviceAddress DEFAULT_ADDRESS = new SerialDeviceAddress("embedded-serial");

    /** An output modem line a handler can set through the config. */
    public enum OutputLine {
        /** Data terminal ready ({@link SerialChannelOption#DTR}). */
        DTR,
        /** Request to send ({@link SerialChannelOption#RTS}). */
        RTS
    }

    /**
     * One change of an output line, made by a handler through the config.
     *
     * @param line the line
     * @param asserted its new level
     * @param at the virtual time of the change, measured from the creation of the channel
     */
    public record LineChange(OutputLine line, boolean asserted, Duration at) {
        /**
         * @param line the line
         * @param asserted its new level
         * @param at the virtual time of the change, measured from the creation of the channel
         */
        public LineChange {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(at, "at");
        }
    }

    private final RecordingConfig config;
    private final MockTicker ticker;
    private final SerialDeviceAddress address;
    private final long createdNanos;
    private final List<LineChange> outputChanges = new ArrayList<>();
    private final List<Duration> breaksSent = new ArrayList<>();
    private boolean cts;
    private boolean dsr;
    private boolean ri;
    private boolean dcd;

    /**
     * A channel at {@link #DEFAULT_ADDRESS}, registered and active, with {@code handlers} in its pipeline.
     *
     * @param handlers the handlers under test
     */
    public EmbeddedSerialChannel(ChannelHandler... handlers) {
        this(DEFAULT_ADDRESS, handlers);
    }

    /**
     * A channel at {@code address}, registered and active, with {@code handlers} in its pipeline.
     *
     * @param address what {@link #remoteAddress()} reports
     * @param handlers the handlers under test
     */
    public EmbeddedSerialChannel(SerialDeviceAddress address, ChannelHandler... handlers) {
        this(address, Ticker.newMockTicker(), handlers);
    }

    private EmbeddedSerialChannel(SerialDeviceAddress address, MockTicker ticker, ChannelHandler... handlers) {
        // Registration waits until the serial config exists: handlers may read it in handlerAdded/channelActive.
        // A mock ticker, not the default freezable one, because that one can only be frozen after registration,
        // and handlers schedule their first timers during it.
        super(EmbeddedChannel.builder().register(false).ticker(ticker).handlers(handlers));
        this.address = Objects.requireNonNull(address, "address");
        this.ticker = ticker;
        this.config = new RecordingConfig(this);
        this.createdNanos = ticker.nanoTime();
        try {
            register();
        } catch (Exception e) {
            throw new IllegalStateException("EmbeddedSerialChannel " + address + ": registration failed", e);
        }
    }

    @Override
    public SerialChannelConfig config() {
        return config;
    }

    @Override
    public SerialDeviceAddress remoteAddress() {
        return (SerialDeviceAddress) super.remoteAddress();
    }

    @Override
    public SerialDeviceAddress localAddress() {
        return (SerialDeviceAddress) super.localAddress();
    }

    @Override
    protected SocketAddress localAddress0() {
        return address;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return address;
    }

    // ---- bytes ----

    /**
     * Bytes arriving from the device in one read, as a pooled direct buffer like the real channel's.
     *
     * @param bytes the bytes
     * @return whether something reached the end of the pipeline (see {@link #writeInbound(Object...)})
     */
    public boolean receive(byte[] bytes) {
        ByteBuf buf = config.getAllocator().directBuffer(bytes.length);
        buf.writeBytes(bytes);
        return writeInbound(buf);
    }

    /**
     * Takes every {@link ByteBuf} the handlers have written so far, releases them, and returns their bytes
     * concatenated: what went out on the line.
     *
     * @return the bytes, possibly none
     * @throws IllegalStateException if a handler wrote something other than a {@link ByteBuf} (it is released)
     */
    public byte[] readOutboundBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object msg; (msg = readOutbound()) != null; ) {
            try {
                if (!(msg instanceof ByteBuf)) {
                    throw new IllegalStateException(
                            "a handler wrote " + msg.getClass().getName() + " where a serial port takes ByteBuf: " + msg);
                }
                ByteBuf buf = (ByteBuf) msg;
                byte[] bytes = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), bytes);
                out.writeBytes(bytes);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return out.toByteArray();
    }

    // ---- virtual time ----

    /**
     * Lets {@code duration} of virtual time pass. Pending tasks run first; then every task scheduled on this
     * channel's event loop that falls due within {@code duration} runs in deadline order, with the clock set to
     * its deadline (so a task that reschedules itself, or schedules another, runs again within the same call when
     * that is due too). Exceptions that reached the end of the pipeline are rethrown, as {@link #checkException()}
     * does.
     *
     * @param duration how much time passes; zero runs only what is due now
     * @return this
     */
    public EmbeddedSerialChannel elapse(Duration duration) {
        long remaining = duration.toNanos();
        if (remaining < 0) {
            throw new IllegalArgumentException("elapse(" + duration + "): time does not run backwards");
        }
        runPendingTasks();
        for (long next = runScheduledPendingTasks(); next >= 0 && next <= remaining;
                next = runScheduledPendingTasks()) {
            advanceTimeBy(next, TimeUnit.NANOSECONDS);
            remaining -= next;
            runPendingTasks();
        }
        advanceTimeBy(remaining, TimeUnit.NANOSECONDS);
        runPendingTasks();
        checkException();
        return this;
    }

    /**
     * Moves the virtual clock forward without running anything; {@link #elapse(Duration)} is usually what a test
     * wants.
     *
     * @param amount how much
     * @param unit its unit
     */
    @Override
    public void advanceTimeBy(long amount, TimeUnit unit) {
        ticker.advance(amount, unit);
    }

    /** Does nothing: the clock of this channel is always frozen; only {@link #elapse} and advanceTimeBy move it. */
    @Override
    public void freezeTime() {
    }

    /**
     * Not supported: this channel runs on virtual time only.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void unfreezeTime() {
        throw new UnsupportedOperationException("an EmbeddedSerialChannel runs on virtual time only; use elapse(Duration)");
    }

    /**
     * The virtual time since this channel was created.
     *
     * @return the time
     */
    public Duration now() {
        return Duration.ofNanos(ticker.nanoTime() - createdNanos);
    }

    // ---- input modem lines ----

    /**
     * Sets CTS (clear to send), an input: with {@code MODEM_EVENTS} on, a change fires a
     * {@link ModemLinesChangedEvent} with one CTS transition; setting the level it has already changes nothing.
     *
     * @param level the new level
     * @return this
     */
    public EmbeddedSerialChannel setCts(boolean level) {
        if (level != cts) {
            ModemLines before = lines();
            cts = level;
            fireLines(before, 1, 0, 0, 0);
        }
        return this;
    }

    /**
     * Sets DSR (data set ready), an input, as {@link #setCts} does CTS.
     *
     * @param level the new level
     * @return this
     */
    public EmbeddedSerialChannel setDsr(boolean level) {
        if (level != dsr) {
            ModemLines before = lines();
            dsr = level;
            fireLines(before, 0, 1, 0, 0);
        }
        return this;
    }

    /**
     * Sets RI (ring indicator), an input, as {@link #setCts} does CTS.
     *
     * @param level the new level
     * @return this
     */
    public EmbeddedSerialChannel setRi(boolean level) {
        if (level != ri) {
            ModemLines before = lines();
            ri = level;
            fireLines(before, 0, 0, 1, 0);
        }
        return this;
    }

    /**
     * Sets DCD (data carrier detect), an input, as {@link #setCts} does CTS.
     *
     * @param level the new level
     * @return this
     */
    public EmbeddedSerialChannel setDcd(boolean level) {
        if (level != dcd) {
            ModemLines before = lines();
            dcd = level;
            fireLines(before, 0, 0, 0, 1);
        }
        return this;
    }

    /**
     * A ring: a pulse on RI too short for a level sample to see. As on a UART whose driver counts ring edges, the
     * event has {@code riChanges() == 1} and the same levels before and after.
     *
     * @return this
     */
    public EmbeddedSerialChannel ring() {
        fireLines(lines(), 0, 0, 1, 0);
        return this;
    }

    private void fireLines(ModemLines before, int ctsChanges, int dsrChanges, int riChanges, int dcdChanges) {
        fireIfEnabled(new ModemLinesChangedEvent(before, lines(), ctsChanges, dsrChanges, riChanges, dcdChanges));
    }

    private ModemLines lines() {
        return new ModemLines(cts, dsr, ri, dcd, config.isDtr(), config.isRts());
    }

    // ---- line errors ----

    /**
     * Line errors counted by the "driver" since the previous event, fired as one {@link SerialLineErrorEvent}.
     *
     * @param framingErrors framing errors
     * @param parityErrors parity errors
     * @param overruns hardware overruns
     * @param bufferOverruns driver buffer overruns
     * @param breaks breaks received
     * @return this
     */
    public EmbeddedSerialChannel lineErrors(int framingErrors, int parityErrors, int overruns, int bufferOverruns,
                                            int breaks) {
        if ((framingErrors | parityErrors | overruns | bufferOverruns | breaks) < 0) {
            throw new IllegalArgumentException("line error counts must not be negative");
        }
        fireIfEnabled(new SerialLineErrorEvent(framingErrors, parityErrors, overruns, bufferOverruns, breaks));
        return this;
    }

    /**
     * One framing error.
     *
     * @return this
     */
    public EmbeddedSerialChannel framingError() {
        return lineErrors(1, 0, 0, 0, 0);
    }

    /**
     * One parity error.
     *
     * @return this
     */
    public EmbeddedSerialChannel parityError() {
        return lineErrors(0, 1, 0, 0, 0);
    }

    /**
     * One break received from the device. Only the event: if the handler under test also expects the NUL byte a
     * POSIX tty in raw mode delivers for a break, {@link #receive(byte[])} it as well.
     *
     * @return this
     */
    public EmbeddedSerialChannel receiveBreak() {
        return lineErrors(0, 0, 0, 0, 1);
    }

    private void fireIfEnabled(Object event) {
        if (config.isModemEvents() && isActive()) {
            pipeline().fireUserEventTriggered(event);
            runPendingTasks();
            checkException();
        }
    }

    // ---- recorded output ----

    /**
     * Every change of DTR or RTS made through the config since creation, oldest first. Setting a line to the
     * level it already has is not a change.
     *
     * @return an unmodifiable snapshot
     */
    public List<LineChange> outputLineChanges() {
        return Collections.unmodifiableList(new ArrayList<>(outputChanges));
    }

    /**
     * The durations of the breaks sent with {@link #sendBreak(Duration)}, oldest first.
     *
     * @return an unmodifiable snapshot
     */
    public List<Duration> breaksSent() {
        return Collections.unmodifiableList(new ArrayList<>(breaksSent));
    }

    // ---- SerialChannel's operations ----

    /**
     * Like {@link SerialChannel#sendBreak(Duration)}: records the break and completes once {@code duration} of
     * virtual time has passed (see {@link #elapse(Duration)}).
     *
     * @param duration how long, more than zero
     * @return completes when the break has ended
     */
    public ChannelFuture sendBreak(Duration duration) {
        ChannelPromise promise = newPromise();
        if (duration == null || duration.isNegative() || duration.isZero()) {
            return promise.setFailure(new IllegalArgumentException(
                    "sendBreak(" + duration + ") on " + address + ": the duration must be positive"));
        }
        breaksSent.add(duration);
        eventLoop().schedule(() -> {
            promise.trySuccess();
        }, duration.toNanos(), TimeUnit.NANOSECONDS);
        return promise;
    }

    /**
     * Like {@link SerialChannel#drain()}: flushes; everything flushed is on the "line" (in the outbound queue) at
     * once, so the future is already complete.
     *
     * @return a completed future
     */
    public ChannelFuture drain() {
        flush();
        return isOpen() ? newSucceededFuture() : newFailedFuture(new ClosedChannelException());
    }

    /**
     * Like {@link SerialChannel#modemLines()}: the input lines as the test set them, DTR and RTS from the config.
     *
     * @return a completed future
     */
    public Future<ModemLines> modemLines() {
        return eventLoop().newSucceededFuture(lines());
    }

    @Override
    public String toString() {
        return "[id: 0x" + id().asShortText() + ", " + address + " (embedded)" + (isOpen() ? "" : " (closed)") + ']';
    }

    private void outputChanged(OutputLine line, boolean asserted) {
        outputChanges.add(new LineChange(line, asserted, now()));
    }

    /** The serial config, plus a record of the output lines a handler sets. */
    private final class RecordingConfig extends DefaultSerialChannelConfig {
        RecordingConfig(Channel channel) {
            super(channel);
        }

        @Override
        public SerialChannelConfig setDtr(boolean dtr) {
            boolean before = isDtr();
            super.setDtr(dtr);
            if (before != dtr) {
                outputChanged(OutputLine.DTR, dtr);
            }
            return this;
        }

        @Override
        public SerialChannelConfig setRts(boolean rts) {
            boolean before = isRts();
            super.setRts(rts);
            if (before != rts) {
                outputChanged(OutputLine.RTS, rts);
            }
            return this;
        }
    }
}
