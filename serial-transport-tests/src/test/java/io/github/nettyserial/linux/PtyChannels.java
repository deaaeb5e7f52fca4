package io.github.nettyserial.linux;

import io.github.nettyserial.SerialChannel;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelInitializer;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Helpers shared by the transport's pty tests (and the RFC 2217 client suites). */
public final class PtyChannels {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PtyChannels() {
    }

    public static Bootstrap bootstrap(EventLoopGroup group, ChannelHandler handler) {
        return new Bootstrap().group(group).channel(SerialChannel.class).handler(new ChannelInitializer<SerialChannel>() {
            @Override
            protected void initChannel(SerialChannel ch) {
                ch.pipeline().addLast(handler);
            }
        });
    }

    public static SerialChannel connect(Bootstrap b, SocketAddress address) {
        Channel ch = b.connect(address).syncUninterruptibly().channel();
        return (SerialChannel) ch;
    }

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
