package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/** Opening ports for the commands. */
final class Ports {

    private Ports() {
    }

    /** One loop thread serves every channel of a command. */
    static EventLoopGroup newGroup() {
        return new SerialEventLoopGroup(1);
    }

    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Opens {@code device} with the line options and {@code handler}; throws the port's error if it cannot. */
    static SerialChannel open(EventLoopGroup group, String device, PortOptions options, ChannelHandler handler)
            throws Exception {
        Bootstrap b = new Bootstrap().group(group).channel(SerialChannel.class).handler(handler);
        options.apply(b);
        ChannelFuture f = b.connect(new SerialDeviceAddress(device)).awaitUninterruptibly();
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            throw cause instanceof Exception e ? e : new RuntimeException(cause);
        }
        return (SerialChannel) f.channel();
    }
}
