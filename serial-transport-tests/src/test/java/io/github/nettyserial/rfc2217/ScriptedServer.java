package io.github.nettyserial.rfc2217;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A scripted RFC 2217 server for the quirks real servers have: it speaks Telnet with the library's own
 * decoder and encoder, agrees to BINARY and COM-PORT-OPTION, and answers each SET command as its knobs say
 * (a different baud rate, a Cisco one-byte rate, no answer to SET-CONTROL). It records the data and the
 * commands it receives. Runs on its own one-thread epoll group.
 */
final class ScriptedServer implements AutoCloseable {
    /** The answer payload (after the code) to SET-BAUDRATE of a rate, or null for no answer. */
    volatile IntFunction<byte[]> baudAnswer = ScriptedServer::sameRate;
    volatile boolean answerControl = true;
    /** How long the server waits after accepting before it greets (and agrees to COM-PORT-OPTION). */
    volatile long greetingDelayMillis;

    final List<TelnetCommand> commands = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;

    ScriptedServer() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childOption(io.netty.channel.ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast(new TelnetDecoder(), new Session());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String address() {
        return "rfc2217://127.0.0.1:" + port();
    }

    static byte[] sameRate(int rate) {
        return new byte[] {(byte) (rate >>> 24), (byte) (rate >>> 16), (byte) (rate >>> 8), (byte) rate};
    }

    int connections() {
        return clients.size();
    }

    /** Data received so far (unescaped). */
    byte[] data() {
        synchronized (data) {
            return data.toByteArray();
        }
    }

    /** COM-PORT-OPTION commands received with this code. */
    long count(int code, int value) {
        return commands.stream().filter(c -> c.isSubnegotiation(Telnet.COM_PORT_OPTION)
                && c.payloadByte(0) == code && (value < 0 || c.payloadByte(1) == value)).count();
    }

    /** Sends raw bytes (already Telnet-encoded, or deliberately not) to every client. */
    void sendRaw(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        clients.writeAndFlush(Unpooled.wrappedBuffer(b)).syncUninterruptibly();
    }

    /** Sends a COM-PORT-OPTION command to every client. */
    void sendComPort(int code, int... values) {
        for (Channel c : clients) {
            c.writeAndFlush(TelnetEncoder.comPort(c.alloc(), code, values)).syncUninterruptibly();
        }
    }

    /** Drops every client connection. */
    void disconnectAll() {
        clients.close().syncUninterruptibly();
    }

    private final class Session extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // DO BINARY, WILL BINARY, DO COM-PORT-OPTION, as ser2net greets.
            ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) 255,
                (byte) 253, 0, (byte) 255, (byte) 251, 0, (byte) 255, (byte) 253, 44})),
                    greetingDelayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                ByteBuf b = (ByteBuf) msg;
                synchronized (data) {
                    data.writeBytes(ByteBufUtil.getBytes(b));
                }
                b.release();
                return;
            }
            TelnetCommand c = (TelnetCommand) msg;
            commands.add(c);
            if (!c.isSubnegotiation(Telnet.COM_PORT_OPTION)) {
                return;
            }
            int code = c.payloadByte(0);
            byte[] answer;
            if (code == ComPort.SET_BAUDRATE) {
                answer = baudAnswer.apply(ComPort.baudRate(c.payload(), 1));
            } else if (code == ComPort.SET_CONTROL && !answerControl) {
                answer = null;
            } else if (code >= ComPort.SET_DATASIZE && code <= ComPort.SET_CONTROL) {
                answer = new byte[] {(byte) c.payloadByte(1)};
            } else {
                answer = null;
            }
            if (answer != null) {
                byte[] payload = new byte[answer.length + 1];
                payload[0] = (byte) (code + ComPort.SERVER_OFFSET);
                System.arraycopy(answer, 0, payload, 1, answer.length);
                ctx.writeAndFlush(TelnetEncoder.subnegotiation(ctx.alloc(), Telnet.COM_PORT_OPTION, payload));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.close().sync();
        clients.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
