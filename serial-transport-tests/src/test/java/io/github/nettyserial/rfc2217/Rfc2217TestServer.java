package io.github.nettyserial.rfc2217;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal exported by {@link Rfc2217ServerHandler} on 127.0.0.1, everything on one epoll loop thread as
 * {@code serial bridge --rfc2217} runs it. The test plays the device on {@link #device()}.
 */
final class Rfc2217TestServer implements AutoCloseable {
    final EventLoopGroup group = new SerialEventLoopGroup(1);
    final VirtualSerialPort device;
    final SerialChannel port;
    final Channel server;

    Rfc2217TestServer() throws IOException {
        VirtualSerialPort d = VirtualSerialPort.open();
        try {
            device = d;
            port = (SerialChannel) new Bootstrap().group(group).channel(SerialChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(d.address()).syncUninterruptibly().channel();
            server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Rfc2217ServerHandler(port));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            d.close();
            throw e;
        }
    }

    VirtualSerialPort device() {
        return device;
    }

    String url() {
        return "rfc2217://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    int tcpPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        port.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        device.close();
    }
}
