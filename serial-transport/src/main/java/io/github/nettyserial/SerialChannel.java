package io.github.nettyserial;

import io.github.nettyserial.internal.ModemEventPoller;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialPlatforms;
import io.github.nettyserial.internal.SerialPort;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.StringUtil;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A serial port as a Netty {@link io.netty.channel.Channel}. Use it with a {@link SerialEventLoopGroup},
 * or on Linux with any {@code MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory())}, and connect it to a
 * {@link SerialDeviceAddress}:
 *
 * <pre>{@code
 * Channel ch = new Bootstrap()
 *     .group(new SerialEventLoopGroup())
 *     .channel(SerialChannel.class)
 *     .option(SerialChannelOption.BAUD_RATE, 115_200)
 *     .handler(new MyHandler())
 *     .connect(new SerialDeviceAddress("/dev/ttyUSB0"))
 *     .sync().channel();
 * }</pre>
 *
 * <p>Reads arrive as pooled direct {@link ByteBuf}s; writes take {@link ByteBuf}s (heap buffers are copied to
 * direct memory once). The port is opened at {@code connect}, with every option applied (DTR and RTS
 * included) before the first byte can pass. Operations that are not options — break, drain, discard, modem
 * lines, queue sizes — run on the channel's event loop and return futures; none blocks the loop.
 *
 * <p>When the port goes away while open (a USB adapter unplugged, a hang-up), a
 * {@link SerialDisconnectedException} is fired through {@code exceptionCaught}, pending writes fail with it,
 * and the channel closes.
 *
 * <h2>Remote ports (RFC 2217)</h2>
 * Connected to {@code new SerialDeviceAddress("rfc2217://HOST:PORT")}, the same channel reaches a port served
 * by an RFC 2217 (Telnet COM Port Control) server such as ser2net ({@code accepter: telnet(rfc2217),tcp,...})
 * or a serial device server. Its TCP connection is a Netty epoll socket channel on this channel's own loop: no
 * thread is added. On the IOCP loop (Windows) connect fails with an {@link UnsupportedSerialFeatureException}
 * naming the platform. How it differs from a local port:
 * <ul>
 * <li>At connect, BINARY is negotiated both ways and COM-PORT-OPTION offered; once the server agrees, baud rate,
 * data bits, parity, stop bits, flow control, DTR and RTS are sent, and the channel becomes active (the first
 * byte passes) only when the server has answered them all. Changes at runtime are sent the same way.
 * {@code config()} reports the value each answer says is in use. An answer that differs from the request, or no
 * answer within the timeout, is an {@link UnsupportedSerialConfigurationException} naming the address and the
 * command under {@code UNSUPPORTED_POLICY=RAISE} (a runtime change is then put back); under {@code WARN} or
 * {@code IGNORE} the channel carries on with the server's value (or, without an answer, the previous one).
 * {@code LOW_LATENCY} and {@code RS485} are not available remotely; {@code EXCLUSIVE} is the server's business.
 * Bytes the server sends before the settings are answered are dropped.</li>
 * <li>The timeout for the server's agreement and for each settings change is 3 s, or the system property
 * {@code io.github.nettyserial.rfc2217.timeoutMillis}, read at each connect. The TCP connect itself uses
 * {@code CONNECT_TIMEOUT_MILLIS}.</li>
 * <li>{@link #sendBreak} sends SET-CONTROL break on, then off; {@link #discardInput}/{@link #discardOutput} send
 * PURGE-DATA (the server's receive/transmit buffer). {@link #modemLines} gives the inputs of the last
 * NOTIFY-MODEMSTATE (it fails until the server sent one) with DTR and RTS as last answered. With
 * {@code MODEM_EVENTS} on, {@link ModemLinesChangedEvent}s and {@link SerialLineErrorEvent}s are fired as the
 * server's notifications arrive (the modem-state mask asks for every bit, delta bits included).</li>
 * <li>FLOWCONTROL-SUSPEND from the server holds writes in the channel until FLOWCONTROL-RESUME, as does a full
 * TCP connection; the channel's writability follows. A write completes when it is handed to the connection
 * (with 0xFF doubled, the only copy, and only when the data holds 0xFF). {@link #drain} waits for the
 * connection's queue, not for the remote UART; {@link #bytesAvailable} is 0.</li>
 * <li>The connection closing or failing is a {@link SerialDisconnectedException}, as for an unplug. Bad
 * addresses give typed errors naming the address: a malformed one an {@link IllegalArgumentException} from
 * {@link SerialDeviceAddress}, an unknown host or a refused connection a {@link SerialPortNotFoundException}, a
 * server that does not speak RFC 2217 an {@link UnsupportedSerialFeatureException}; nothing stays open.</li>
 * </ul>
 */
public class SerialChannel extends AbstractChannel {

    private static final ChannelMetadata METADATA = new ChannelMetadata(false);
    /** How often the modem lines and counters are polled while MODEM_EVENTS is on (Linux has no event for them). */
    private static final long MODEM_POLL_MILLIS =
            Long.getLong("io.github.nettyserial.modemPollMillis", 10);

    private final DefaultSerialChannelConfig config;
    private final Context context = new Context();

    private volatile SerialDeviceAddress remoteAddress;
    private volatile SerialIo io;
    private volatile boolean open = true;
    private volatile boolean active;
    private boolean registered;
    private boolean readPending;
    private ModemEventPoller modemPoller;

    /** Creates an unconnected channel; Bootstrap calls this. */
    public SerialChannel() {
        super(null);
        config = new DefaultSerialChannelConfig(this);
    }

    @Override
    public SerialChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && active;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
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
        return remoteAddress;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remoteAddress;
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return SerialPlatforms.forLoop(loop) != null;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new SerialUnsafe();
    }

    // Bootstrap registers before it connects; the port does not exist yet, so registration of the
    // port's I/O happens in connect. Only a re-registration (after deregister) registers here.
    @Override
    protected void doRegister(ChannelPromise promise) {
        SerialIo io = this.io;
        if (io == null || !open) {
            promise.setSuccess();
            return;
        }
        io.register((IoEventLoop) eventLoop()).addListener(f -> {
            if (f.isSuccess()) {
                registered = true;
                promise.setSuccess();
            } else {
                promise.setFailure(f.cause());
            }
        });
    }

    @Override
    protected void doDeregister() {
        SerialIo io = this.io;
        if (io != null && registered) {
            registered = false;
            io.deregister();
        }
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a serial port cannot be bound; connect it to a SerialDeviceAddress");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        open = false;
        active = false;
        stopModemPoller();
        SerialIo io = this.io;
        if (io != null) {
            registered = false;
            io.close();
        }
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        SerialIo io = this.io;
        if (io != null && active) {
            io.beginRead();
        }
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        io.write(in);
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            ByteBuf buf = (ByteBuf) msg;
            if (buf.isDirect()) {
                return buf;
            }
            // The only copy a write ever makes: heap bytes into one pooled direct buffer, at the edge.
            ByteBuf direct = alloc().directBuffer(buf.readableBytes());
            direct.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
            ReferenceCountUtil.safeRelease(buf);
            return direct;
        }
        throw new UnsupportedOperationException(
                "unsupported message type: " + StringUtil.simpleClassName(msg) + " (a SerialChannel writes ByteBuf)");
    }

    void autoReadCleared() {
        SerialIo io = this.io;
        if (io == null) {
            return;
        }
        if (eventLoop().inEventLoop()) {
            readPending = false;
            io.autoReadCleared();
        } else if (isRegistered()) {
            eventLoop().execute(() -> {
                if (!config.isAutoRead()) {
                    readPending = false;
                    io.autoReadCleared();
                }
            });
        }
    }

    /**
     * Runs a configuration change where it belongs. Before connect, and on the channel's own loop, it runs at
     * once. From a thread of another event loop it is handed to this channel's loop and the caller goes on:
     * waiting there could deadlock two loops that reconfigure each other's channels, so a refusal is fired
     * through {@code exceptionCaught} instead of thrown. Any other thread waits for the outcome, and a
     * refusal is thrown to it as before.
     *
     * @param change applies the change and says when it is done (at once for a local port)
     */
    void runReconfiguration(Supplier<Future<Void>> change) {
        if (io == null || !open || !isRegistered() || eventLoop().inEventLoop()) {
            Future<Void> done = change.get();
            if (done.isDone()) {
                rethrow(done);
            } else {
                done.addListener(this::reportIfFailed);
            }
            return;
        }
        if (ThreadExecutorMap.currentExecutor() != null) {
            eventLoop().execute(() -> change.get().addListener(this::reportIfFailed));
            return;
        }
        Promise<Void> outcome = ImmediateEventExecutor.INSTANCE.newPromise();
        eventLoop().execute(() -> {
            try {
                change.get().addListener(f -> copy(f, outcome));
            } catch (Throwable t) {
                outcome.tryFailure(t);
            }
        });
        rethrow(outcome.awaitUninterruptibly());
    }

    private static void copy(Future<?> from, Promise<Void> to) {
        if (from.isSuccess()) {
            to.trySuccess(null);
        } else {
            to.tryFailure(from.cause());
        }
    }

    private static void rethrow(Future<?> done) {
        Throwable cause = done.cause();
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        if (cause != null) {
            throw new ChannelException(cause.getMessage(), cause);
        }
    }

    private void reportIfFailed(Future<?> done) {
        if (!done.isSuccess() && isOpen()) {
            pipeline().fireExceptionCaught(done.cause());
        }
    }

    /**
     * Applies new line settings to the open port, all or nothing. Call on the loop.
     *
     * @return the settings in effect, or {@code null} before connect (nothing to apply)
     */
    Future<SerialSettings> applySettings(SerialSettings previous, SerialSettings next) {
        SerialIo io = this.io;
        if (io == null || !open) {
            return null;
        }
        Future<SerialSettings> applied = io.port().apply(previous, next);
        applied.addListener(f -> {
            if (f.isSuccess() && active) {
                modemEventsChanged(((SerialSettings) f.getNow()).modemEvents(), io);
            }
        });
        return applied;
    }

    private void modemEventsChanged(boolean on, SerialIo io) {
        if (on) {
            startModemPoller(io);
        } else {
            stopModemPoller();
        }
    }

    private void startModemPoller(SerialIo io) {
        if (modemPoller == null && !io.firesModemEvents()) {
            modemPoller = new ModemEventPoller(this, io.port(), MODEM_POLL_MILLIS);
            modemPoller.start();
        }
    }

    private void stopModemPoller() {
        ModemEventPoller poller = modemPoller;
        if (poller != null) {
            modemPoller = null;
            poller.stop();
        }
    }

    // ---- operations that are not options ----

    /**
     * Holds the transmit line in the break condition for {@code duration}, then releases it.
     *
     * @param duration how long, more than zero
     * @return completes when the break has ended
     */
    public ChannelFuture sendBreak(Duration duration) {
        ChannelPromise promise = newPromise();
        if (duration == null || duration.isNegative() || duration.isZero()) {
            return promise.setFailure(new IllegalArgumentException(
                    "sendBreak(" + duration + ") on " + remoteAddress + ": the duration must be positive"));
        }
        onLoop(promise, port -> {
            port.setBreak(true);
            eventLoop().schedule(() -> {
                try {
                    port.setBreak(false);
                    promise.trySuccess();
                } catch (SerialException e) {
                    promise.tryFailure(e);
                }
            }, duration.toNanos(), TimeUnit.NANOSECONDS);
        });
        return promise;
    }

    /**
     * Puts the transmit line in the break condition, or takes it out, until told otherwise: for a peer that times
     * the break itself, as an RFC 2217 client does with SET-CONTROL break on/off. Most code wants
     * {@link #sendBreak(Duration)}.
     *
     * @param on {@code true} to start the break, {@code false} to end it
     * @return completes when the line is in the requested state
     */
    public ChannelFuture setBreak(boolean on) {
        ChannelPromise promise = newPromise();
        onLoop(promise, port -> {
            port.setBreak(on);
            promise.trySuccess();
        });
        return promise;
    }

    /**
     * Flushes, then completes when every byte written before this call has left the UART: the channel's
     * outbound buffer, the driver's queue and the transmitter are all empty. Polls on the event loop's
     * scheduler; never blocks it.
     *
     * @return completes when the output has drained, or fails if the channel closes first
     */
    public ChannelFuture drain() {
        ChannelPromise promise = newPromise();
        flush();
        onLoop(promise, port -> checkDrained(port, promise));
        return promise;
    }

    private void checkDrained(SerialPort port, ChannelPromise promise) {
        if (!isOpen()) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        try {
            ChannelOutboundBuffer out = unsafe().outboundBuffer();
            boolean channelEmpty = out == null || out.isEmpty() || out.totalPendingWriteBytes() == 0;
            if (channelEmpty && !io.writePending() && port.outputDrained()) {
                promise.trySuccess();
                return;
            }
            long pending = port.bytesQueued() + (out == null ? 0 : out.totalPendingWriteBytes());
            // Wait about as long as the pending bytes take on the line (10 bits a byte), 1..50 ms.
            long micros = pending * 10_000_000L / Math.max(1, config.getBaudRate());
            long delay = Math.max(1_000, Math.min(50_000, micros));
            eventLoop().schedule(() -> checkDrained(port, promise), delay, TimeUnit.MICROSECONDS);
        } catch (SerialException e) {
            promise.tryFailure(e);
        }
    }

    /**
     * Discards what the driver has received and not yet been read.
     *
     * @return completes when done
     */
    public ChannelFuture discardInput() {
        ChannelPromise promise = newPromise();
        onLoop(promise, port -> {
            port.discard(true, false);
            promise.trySuccess();
        });
        return promise;
    }

    /**
     * Discards what the driver holds to send and has not sent yet. Messages still in the channel's outbound
     * buffer (not yet handed to the driver) are not affected.
     *
     * @return completes when done
     */
    public ChannelFuture discardOutput() {
        ChannelPromise promise = newPromise();
        onLoop(promise, port -> {
            port.discard(false, true);
            promise.trySuccess();
        });
        return promise;
    }

    /**
     * Reads the modem lines.
     *
     * @return the lines; fails with {@link UnsupportedSerialFeatureException} where the port has none
     */
    public Future<ModemLines> modemLines() {
        Promise<ModemLines> promise = newOperationPromise();
        onLoop(promise, port -> promise.trySuccess(port.modemLines()));
        return promise;
    }

    /**
     * Bytes received by the driver and not yet read by the channel.
     *
     * @return the count
     */
    public Future<Integer> bytesAvailable() {
        Promise<Integer> promise = newOperationPromise();
        onLoop(promise, port -> promise.trySuccess(port.bytesAvailable()));
        return promise;
    }

    /**
     * Bytes handed to the driver and not yet sent on the line (not counting the channel's outbound buffer,
     * see {@link io.netty.channel.Channel#bytesBeforeWritable()} for that).
     *
     * @return the count
     */
    public Future<Integer> bytesQueued() {
        Promise<Integer> promise = newOperationPromise();
        onLoop(promise, port -> promise.trySuccess(port.bytesQueued()));
        return promise;
    }

    private <T> Promise<T> newOperationPromise() {
        // Before registration there is no loop to notify on; the promise fails at once in onLoop anyway.
        return isRegistered() ? eventLoop().newPromise() : ImmediateEventExecutor.INSTANCE.newPromise();
    }

    private interface PortOp {
        void run(SerialPort port) throws Exception;
    }

    private void onLoop(Promise<?> promise, PortOp op) {
        if (!isRegistered()) {
            promise.setFailure(new NotYetConnectedException());
            return;
        }
        Runnable task = () -> {
            SerialIo io = this.io;
            if (io == null) {
                promise.tryFailure(isOpen() ? new NotYetConnectedException() : new ClosedChannelException());
                return;
            }
            if (!isOpen()) {
                promise.tryFailure(new ClosedChannelException());
                return;
            }
            try {
                op.run(io.port());
            } catch (Throwable t) {
                promise.tryFailure(t);
            }
        };
        if (eventLoop().inEventLoop()) {
            task.run();
        } else {
            eventLoop().execute(task);
        }
    }

    @Override
    public String toString() {
        return "[id: 0x" + id().asShortText() + ", " + (remoteAddress == null ? "unconnected" : remoteAddress)
                + (isActive() ? "" : isOpen() ? " (inactive)" : " (closed)") + ']';
    }

    private final class SerialUnsafe extends AbstractUnsafe {

        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            if (io != null) {
                promise.setFailure(active ? new AlreadyConnectedException() : new ConnectionPendingException());
                return;
            }
            if (!(remote instanceof SerialDeviceAddress)) {
                promise.setFailure(new IllegalArgumentException("a SerialChannel connects to a SerialDeviceAddress, not "
                        + (remote == null ? "null" : remote.getClass().getName() + " " + remote)));
                return;
            }
            SerialDeviceAddress address = (SerialDeviceAddress) remote;
            String path = address.path();
            SerialIo opened;
            try {
                IllegalArgumentException refused = config.firstRefusedOption();
                if (refused != null) {
                    throw new UnsupportedSerialConfigurationException(path, SerialException.NO_NATIVE_ERROR,
                            "not opened because an option value was refused: " + refused.getMessage(), refused);
                }
                opened = SerialPlatforms.open(context, (IoEventLoop) eventLoop(), address, config.settings());
            } catch (Throwable t) {
                promise.setFailure(t);
                close(voidPromise());
                return;
            }
            remoteAddress = address;
            io = opened;
            opened.register((IoEventLoop) eventLoop()).addListener(f -> {
                if (!f.isSuccess()) {
                    promise.tryFailure(f.cause());
                    close(voidPromise());
                    return;
                }
                registered = true;
                SerialSettings inEffect = (SerialSettings) f.getNow();
                config.connected(inEffect);
                active = true;
                if (!promise.trySuccess()) {
                    close(voidPromise());
                    return;
                }
                pipeline().fireChannelActive();
                if (inEffect.modemEvents() && isOpen()) {
                    startModemPoller(opened);
                }
            });
        }

        @Override
        protected void flush0() {
            // While the driver is full (EPOLLOUT armed, or a write in flight), the loop writes when it has room.
            SerialIo io = SerialChannel.this.io;
            if (io != null && io.writePending()) {
                return;
            }
            super.flush0();
        }

        void forceFlush() {
            super.flush0();
        }

        void closeAfterFailure(Throwable cause) {
            ClosedChannelException closed = new ClosedChannelException();
            closed.initCause(cause);
            close(voidPromise(), cause, closed);
        }
    }

    private final class Context implements SerialChannelContext {
        @Override
        public SerialChannel channel() {
            return SerialChannel.this;
        }

        @Override
        public RecvByteBufAllocator.Handle recvHandle() {
            return unsafe().recvBufAllocHandle();
        }

        @Override
        public boolean readPending() {
            return readPending;
        }

        @Override
        public void readPending(boolean pending) {
            readPending = pending;
        }

        @Override
        public ChannelOutboundBuffer outboundBuffer() {
            return unsafe().outboundBuffer();
        }

        @Override
        public void flushNow() {
            ((SerialUnsafe) unsafe()).forceFlush();
        }

        @Override
        public void portFailed(Throwable cause) {
            if (!open) {
                return;
            }
            pipeline().fireExceptionCaught(cause);
            ((SerialUnsafe) unsafe()).closeAfterFailure(cause);
        }

        @Override
        public void closeNow() {
            unsafe().close(voidPromise());
        }
    }
}
