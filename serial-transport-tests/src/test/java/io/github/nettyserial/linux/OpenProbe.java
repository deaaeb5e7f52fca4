package io.github.nettyserial.linux;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.SerialException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/** Run in a child JVM by {@link NonRootOpenerTest}: connects to a port and prints what happened. */
public final class OpenProbe {
    private OpenProbe() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new SerialEventLoopGroup(1);
        try {
            ChannelFuture f = new Bootstrap().group(group).channel(SerialChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new SerialDeviceAddress(args[0])).await();
            if (f.isSuccess()) {
                System.out.println("OPENED");
                f.channel().close().sync();
            } else {
                SerialException e = (SerialException) f.cause();
                System.out.println(e.getClass().getSimpleName() + " " + e.nativeErrorCode() + " " + e.getMessage());
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
