package io.github.nettyserial.remote;

import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.UnsupportedSerialFeatureException;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialPort;
import io.github.nettyserial.internal.SerialSettings;
import io.github.nettyserial.rfc2217.Telnet;
import io.github.nettyserial.rfc2217.TelnetCommand;
import io.github.nettyserial.rfc2217.TelnetDecoder;
import io.github.nettyserial.rfc2217.TelnetEncoder;
import io.github.nettyserial.rfc2217.TelnetNegotiator;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * The data path of a remote port: one TCP connection (an {@link EpollSocketChannel} on the serial channel's
 * own loop, so no thread is added) whose bytes are Telnet-decoded, data handed to the serial channel's
 * pipeline as the pooled buffers it was read into and commands to {@link Rfc2217Port}. Writes are escaped
 * (no copy without 0xFF) and passed to the connection while it is writable and the server has not sent
 * FLOWCONTROL-SUSPEND. At connect, BINARY is negotiated both ways and COM-PORT-OPTION offered; once the
 * server agrees, every line setting is sent, and the channel becomes active only when the server has
 * answered them all.
 */
final class Rfc2217SerialIo implements SerialIo {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(Rfc2217SerialIo.class);

    private final SerialChannelContext ctx;
    private final SerialDeviceAddress address;
    private final String path;
    private final Rfc2217Port port;
    private final TelnetNegotiator telnet = new TelnetNegotiator()
            .acceptLocally(Telnet.BINARY, Telnet.SGA, Telnet.COM_PORT_OPTION)
            .acceptRemotely(Telnet.BINARY, Telnet.SGA, Telnet.COM_PORT_OPTION);
    private Channel tcp;
    private Promise<SerialSettings> registered;
    private ScheduledFuture<?> negotiationTimer;
    private boolean settingsSent;
    private boolean active;
    private boolean suspended;
    private boolean closed;
    private Throwable failure;
    private long droppedBeforeActive;

    Rfc2217SerialIo(SerialChannelContext ctx, SerialDeviceAddress address, SerialSettings wanted, long timeoutMillis) {
        this.ctx = ctx;
        this.address = address;
        this.path = address.path();
        this.port = new Rfc2217Port(path, ctx.channel(), wanted, timeoutMillis);
    }

    @Override
    public SerialPort port() {
        return port;
    }

    @Override
    public Future<SerialSettings> register(IoEventLoop loop) {
        if (tcp != null || registered != null) {
            // Registered again after deregister(): the connection lives on its loop and cannot move.
            if (tcp != null && tcp.eventLoop() == loop && active) {
                return loop.newSucceededFuture(port.settingsInEffect());
            }
            return loop.newFailedFuture(new UnsupportedSerialFeatureException(path, SerialException.NO_NATIVE_ERROR,
                    "an RFC 2217 channel cannot move to another event loop"));
        }
        registered = loop.newPromise();
        String host = address.host();
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            connect(loop, new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), address.port()));
        } else if ("localhost".equalsIgnoreCase(host)) {
            connect(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), address.port()));
        } else {
            // Name lookups block: do them on Netty's shared global thread, never on the loop.
            GlobalEventExecutor.INSTANCE.execute(() -> {
                try {
                    InetAddress resolved = InetAddress.getByName(host);
                    loop.execute(() -> connect(loop, new InetSocketAddress(resolved, address.port())));
                } catch (UnknownHostException e) {
                    loop.execute(() -> fail(new SerialPortNotFoundException(path, SerialException.NO_NATIVE_ERROR,
                            "unknown host '" + host + "'", e)));
                }
            });
        }
        return registered;
    }

    private void connect(IoEventLoop loop, InetSocketAddress server) {
        if (closed) {
            fail(new ClosedChannelException());
            return;
        }
        ChannelConfig config = ctx.channel().config();
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.getConnectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOCATOR, config.getAllocator())
                .option(ChannelOption.RCVBUF_ALLOCATOR, config.getRecvByteBufAllocator())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, config.getWriteBufferWaterMark())
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new TelnetDecoder(), new Handler());
                    }
                })
                .connect(server);
        tcp = connected.channel();
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                fail(connectFailure(server, f.cause()));
                return;
            }
            if (closed) {
                tcp.close();
                return;
            }
            port.connected(tcp);
            negotiate(telnet.offer(Telnet.BINARY));
            negotiate(telnet.ask(Telnet.BINARY));
            negotiate(telnet.offer(Telnet.COM_PORT_OPTION));
            tcp.flush();
            negotiationTimer = loop.schedule(() -> fail(new UnsupportedSerialFeatureException(path,
                    SerialException.NO_NATIVE_ERROR, "the server at " + server + " did not agree to COM-PORT-OPTION "
                    + "within " + port.timeoutMillis() + " ms: not an RFC 2217 server, or RFC 2217 is off "
                    + "(ser2net: accepter telnet(rfc2217))")), port.timeoutMillis(), TimeUnit.MILLISECONDS);
            tcp.read();
        });
    }

    private SerialException connectFailure(InetSocketAddress server, Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return new SerialException(path, SerialException.NO_NATIVE_ERROR,
                    "no TCP connection to " + server + " within the connect timeout", cause);
        }
        if (cause instanceof ConnectException) {
            return new SerialPortNotFoundException(path, SerialException.NO_NATIVE_ERROR,
                    "connection refused by " + server + " (no server listening there)", cause);
        }
        return new SerialException(path, SerialException.NO_NATIVE_ERROR,
                "cannot connect to " + server + ": " + cause.getMessage(), cause);
    }

    private void negotiate(TelnetCommand command) {
        if (command != null) {
            tcp.write(TelnetEncoder.encode(tcp.alloc(), command), tcp.voidPromise());
        }
    }

    /** The server agreed to COM-PORT-OPTION: send every setting; active once all are answered. */
    private void sendSettings() {
        settingsSent = true;
        if (negotiationTimer != null) {
            negotiationTimer.cancel(false); // from here the settings change has its own timeout
        }
        port.applyAtConnect().addListener(f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
                return;
            }
            if (closed || registered.isDone()) {
                return;
            }
            active = true;
            if (droppedBeforeActive > 0) {
                logger.debug("{}: dropped {} bytes received before the settings were in effect", path,
                        droppedBeforeActive);
            }
            registered.trySuccess((SerialSettings) f.getNow());
        });
    }

    /** The connection could not be set up: fail the connect and leave nothing open. */
    private void fail(Throwable cause) {
        if (registered != null && registered.tryFailure(cause)) {
            failure = cause;
            if (negotiationTimer != null) {
                negotiationTimer.cancel(false);
            }
            if (tcp != null) {
                tcp.close();
            }
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            if (msg instanceof ByteBuf) {
                if (active && !closed) {
                    ctx.readPending(false);
                    ctx.channel().pipeline().fireChannelRead(msg);
                } else {
                    // Bytes from before the settings were in effect (or after close) are not the user's.
                    droppedBeforeActive += ((ByteBuf) msg).readableBytes();
                    ReferenceCountUtil.release(msg);
                }
                return;
            }
            TelnetCommand command = (TelnetCommand) msg;
            if (command.isSubnegotiation(Telnet.COM_PORT_OPTION)) {
                int flow = port.received(command);
                if (flow != 0) {
                    suspend(flow == 1);
                }
                return;
            }
            if (command.command() >= Telnet.WILL && command.command() <= Telnet.DONT) {
                negotiated(command);
            }
        }

        private void negotiated(TelnetCommand command) {
            TelnetCommand answer = telnet.receive(command);
            if (answer != null) {
                tcp.writeAndFlush(TelnetEncoder.encode(tcp.alloc(), answer), tcp.voidPromise());
            }
            if (command.option() != Telnet.COM_PORT_OPTION || active) {
                return;
            }
            if (telnet.isLocal(Telnet.COM_PORT_OPTION) && !settingsSent) {
                sendSettings();
            } else if (command.command() == Telnet.DONT) {
                // (WONT 44 only says the server does not enable the option on its own side, which it need not.)
                if (!telnet.isLocal(Telnet.COM_PORT_OPTION) && !telnet.isLocalPending(Telnet.COM_PORT_OPTION)) {
                    fail(new UnsupportedSerialFeatureException(path, SerialException.NO_NATIVE_ERROR,
                            "the server refused COM-PORT-OPTION (" + command + "): RFC 2217 is off there "
                                    + "(ser2net: accepter telnet(rfc2217))"));
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext c) {
            if (active && !closed) {
                // The serial pipeline's read() (auto-read, or the user's) asks the connection for more.
                ctx.channel().pipeline().fireChannelReadComplete();
            } else if (!closed) {
                c.read();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext c) {
            if (c.channel().isWritable() && active && !closed && !suspended) {
                ctx.flushNow();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            logger.debug("{}: connection error", path, cause);
            c.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) {
            if (closed) {
                return;
            }
            String why = "the connection to the RFC 2217 server was lost"
                    + (failure != null && failure.getMessage() != null ? " (" + failure.getMessage() + ")" : "");
            SerialDisconnectedException lost = new SerialDisconnectedException(path, SerialException.NO_NATIVE_ERROR,
                    why, failure);
            port.failWaiting(lost);
            if (!active) {
                fail(lost);
            } else if (c.channel().eventLoop().isShuttingDown()) {
                ctx.closeNow();
            } else {
                ctx.portFailed(lost);
            }
        }
    }

    private void suspend(boolean on) {
        suspended = on;
        if (!on && active && !closed) {
            ctx.flushNow();
        }
    }

    @Override
    public void deregister() {
        // The connection stays on its loop; reads stop because nothing asks for them.
    }

    @Override
    public void beginRead() {
        if (tcp != null && active && !closed) {
            tcp.read();
        }
    }

    @Override
    public void autoReadCleared() {
        // The connection reads only when asked (AUTO_READ off), so there is nothing to stop.
    }

    @Override
    public void write(ChannelOutboundBuffer in) {
        boolean wrote = false;
        while (!suspended && tcp.isWritable()) {
            Object msg = in.current();
            if (msg == null) {
                break;
            }
            ByteBuf buf = (ByteBuf) msg;
            if (buf.isReadable()) {
                // The connection takes its own reference; the outbound buffer releases ours on remove().
                tcp.write(TelnetEncoder.escape(tcp.alloc(), buf.retain()), tcp.voidPromise());
                wrote = true;
            }
            in.remove();
        }
        if (wrote) {
            tcp.flush();
        }
    }

    /** The server's NOTIFY-MODEMSTATE and NOTIFY-LINESTATE become the events (see {@link Rfc2217Port}). */
    @Override
    public boolean firesModemEvents() {
        return true;
    }

    @Override
    public boolean writePending() {
        return suspended || (tcp != null && !tcp.isWritable());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        fail(new ClosedChannelException());
        port.close();
        if (tcp != null) {
            tcp.close();
        }
    }
}
