package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.rfc2217.Rfc2217ServerHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serial bridge PORT --listen [HOST:]PORT}: raw TCP to serial and back, like ser2net's raw mode. On
 * Linux the serial channel and the sockets share one epoll loop thread. One TCP client at a time: a new
 * client replaces the old one, which is closed. Bytes that arrive on the port while no client is connected are dropped.
 * Backpressure crosses the bridge: a side that cannot keep up stops reads on the other side. With
 * {@code --rfc2217} it is an RFC 2217 server instead ({@link Rfc2217ServerHandler}), with the same one-client rule.
 */
@Command(name = "bridge", description = "Bridge a port to TCP (raw bytes, or RFC 2217 with --rfc2217; one client at a time: a new one replaces the old).")
final class BridgeCommand extends PortCommand {

    @Option(names = "--listen", required = true, paramLabel = "[HOST:]PORT",
            description = "Where to listen; the host defaults to 127.0.0.1.")
    String listen;

    @Option(names = "--rfc2217", description = "Serve RFC 2217 (Telnet COM Port Control) instead of raw bytes: "
            + "a client such as pyserial's rfc2217:// or a SerialChannel on rfc2217://HOST:PORT sets the line "
            + "and hears the modem lines. One client at a time here too.")
    boolean rfc2217;

    @Mixin
    RunTime runTime;

    private volatile Channel client;
    private SerialChannel serial;

    @Override
    void validate() throws Errors.CliException {
        parse(listen);
        runTime.validate();
    }

    @Override
    int run(EventLoopGroup group) throws Exception {
        InetSocketAddress address = parse(listen);
        boolean shared = Epoll.isAvailable();
        EventLoopGroup tcpGroup = shared ? group : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Class<? extends ServerChannel> serverClass = shared ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            CountDownLatch closed = new CountDownLatch(1);
            serial = open(group, rfc2217 ? new ChannelInboundHandlerAdapter() : new SerialSide());
            if (rfc2217) {
                notifyModemLines(serial);
            }
            serial.closeFuture().addListener(f -> closed.countDown());
            ChannelFuture bound = new ServerBootstrap().group(tcpGroup).channel(serverClass)
                    .childHandler(rfc2217 ? new Rfc2217Clients(serial) : new TcpSide()).bind(address).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                serial.close().syncUninterruptibly();
                throw new Errors.CliException("cannot listen on " + hostPort(address), bound.cause());
            }
            Channel server = bound.channel();
            out().println("bridging " + port + " (" + line.describe() + ") <-> " + (rfc2217 ? "rfc2217://" : "tcp://")
                    + hostPort((InetSocketAddress) server.localAddress()));
            out().flush();
            runTime.await(closed);
            server.close().syncUninterruptibly();
            Channel c = client;
            if (c != null) {
                c.close().syncUninterruptibly();
            }
            boolean portGone = !serial.isOpen();
            serial.close().syncUninterruptibly();
            if (portGone && !runTime.limited()) {
                throw new Errors.CliException(port + " closed");
            }
        } finally {
            if (!shared) {
                Ports.shutdown(tcpGroup);
            }
        }
        return 0;
    }

    static InetSocketAddress parse(String listen) throws Errors.UsageException {
        int colon = listen.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : listen.substring(0, colon);
        try {
            int p = Integer.parseInt(listen.substring(colon + 1));
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, p);
        } catch (NumberFormatException e) {
            throw new Errors.UsageException("--listen", "'" + listen + "'", "[HOST:]PORT, the port 0..65535");
        }
    }

    /** RFC 2217 clients hear modem-line changes only while the port samples them; a pty has no lines. */
    private void notifyModemLines(SerialChannel serial) {
        try {
            serial.config().setModemEvents(true);
        } catch (RuntimeException e) {
            status("rfc2217: no modem-state notifications: " + e.getMessage());
        }
    }

    /** Each RFC 2217 connection gets its own server handler; a new one takes the port over. */
    private static final class Rfc2217Clients extends ChannelInitializer<Channel> {
        private final SerialChannel serial;

        Rfc2217Clients(SerialChannel serial) {
            this.serial = serial;
        }

        @Override
        protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new Rfc2217ServerHandler(serial));
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return (a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString()) + ":" + a.getPort();
    }

    /** Serial to the client. */
    private final class SerialSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel c = client;
            if (c != null && c.isActive()) {
                c.writeAndFlush(msg);
                if (!c.isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Channel c = client;
            if (c != null) {
                c.config().setAutoRead(ctx.channel().isWritable());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            status("serial bridge: " + Errors.describe(cause));
            ctx.close();
        }
    }

    /** The client to serial: one instance serves every connection, the one in {@link #client} is bridged. */
    @Sharable
    private final class TcpSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel old = client;
            client = ctx.channel();
            if (old != null) {
                old.close();
            }
            status("client " + ctx.channel().remoteAddress() + " connected"
                    + (old != null ? " (replaces " + old.remoteAddress() + ")" : ""));
            serial.config().setAutoRead(true);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (client == ctx.channel()) {
                client = null;
                serial.config().setAutoRead(true);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (client != ctx.channel() || !(msg instanceof ByteBuf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            serial.writeAndFlush(msg);
            if (!serial.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            serial.config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
