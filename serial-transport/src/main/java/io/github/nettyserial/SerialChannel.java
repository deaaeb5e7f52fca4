package io.github.nettyserial;

import io.github.nettyserial.internal.ModemEventPoller;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialPlatforms;
import io.github.nettyserial.internal.SerialPort;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
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
 * by an RFC 2217 server such as ser2net or a serial device server, over a Netty epoll socket channel on this
 * channel's own loop (no thread is added; on the IOCP loop connect fails with an
 * {@link UnsupportedSerialFeatureException} naming the platform). The settings are sent at connect and the
 * channel becomes active only when the server has answered them all; {@code config()} reports the values the
 * server says are in use, and a different answer or none within the timeout (3 s, system property
 * {@code io.github.nettyserial.rfc2217.timeoutMillis}) goes through {@code UNSUPPORTED_POLICY}. Break, purge,
 * modem lines and events map onto SET-CONTROL, PURGE-DATA and the server's notifications; a write completes
 * when handed to the connection, so {@link #drain} waits for the connection's queue, not the remote UART, and
 * {@link #bytesAvailable} is 0. A lost connection is a {@link SerialDisconnectedException}; an unknown host or
 * a refused connection a {@link SerialPortNotFoundException}. docs/remote.md has the details and the servers'
 * quirks.
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

    /** Runs a configuration change where it belongs; see {@link Reconfiguration}. */
    void runReconfiguration(Supplier<Future<Void>> change) {
        Reconfiguration.run(this, io == null || !open || !isRegistered() || eventLoop().inEventLoop(), change);
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
