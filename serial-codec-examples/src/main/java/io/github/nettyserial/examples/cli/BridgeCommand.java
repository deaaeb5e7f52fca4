package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code serial bridge PORT --listen [HOST:]PORT}: raw TCP to serial and back, like ser2net's raw mode. On
 * Linux the serial channel and the sockets share one epoll loop thread. One TCP client at a time: a new
 * client replaces the old one. Bytes that arrive on the port while no client is connected are dropped.
 * Backpressure crosses the bridge: a side that cannot keep up stops reads on the other side.
 */
@Command(name = "bridge", description = "Bridge a port to TCP (raw bytes, one client at a time).")
final class BridgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PORT")
    String port;

    @Mixin
    PortOptions line;

    @Option(names = "--listen", required = true, paramLabel = "[HOST:]PORT",
            description = "Where to listen; the host defaults to 127.0.0.1.")
    String listen;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    double duration;

    private volatile Channel client;
    private SerialChannel serial;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = parse(listen);
        EventLoopGroup group = Ports.newGroup();
        boolean shared = Epoll.isAvailable();
        EventLoopGroup tcpGroup = shared ? group : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Class<? extends ServerChannel> serverClass = shared ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            CountDownLatch closed = new CountDownLatch(1);
            serial = Ports.open(group, port, line, new SerialSide());
            serial.closeFuture().addListener(f -> closed.countDown());
            Channel server = new ServerBootstrap().group(tcpGroup).channel(serverClass)
                    .childHandler(new TcpSide()).bind(address).sync().channel();
            spec.commandLine().getOut().println("bridging " + port + " (" + line.describe() + ") <-> tcp://"
                    + hostPort((InetSocketAddress) server.localAddress()));
            spec.commandLine().getOut().flush();
            if (duration > 0) {
                closed.await((long) (duration * 1000), TimeUnit.MILLISECONDS);
            } else {
                closed.await();
            }
            server.close().syncUninterruptibly();
            Channel c = client;
            if (c != null) {
                c.close().syncUninterruptibly();
            }
            boolean portGone = !serial.isOpen();
            serial.close().syncUninterruptibly();
            if (portGone && duration <= 0) {
                throw new Errors.CliException(port + " closed");
            }
        } finally {
            if (!shared) {
                Ports.shutdown(tcpGroup);
            }
            Ports.shutdown(group);
        }
        return 0;
    }

    static InetSocketAddress parse(String listen) throws Errors.CliException {
        int colon = listen.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : listen.substring(0, colon);
        try {
            int p = Integer.parseInt(listen.substring(colon + 1));
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, p);
        } catch (NumberFormatException e) {
            throw new Errors.CliException("--listen: '" + listen + "' is not [HOST:]PORT");
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
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
            spec.commandLine().getErr().println("serial bridge: " + Errors.describe(cause));
            ctx.close();
        }
    }

    /** The client to serial. */
    private final class TcpSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel old = client;
            client = ctx.channel();
            if (old != null) {
                old.close();
            }
            spec.commandLine().getErr().println("client " + ctx.channel().remoteAddress() + " connected");
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
