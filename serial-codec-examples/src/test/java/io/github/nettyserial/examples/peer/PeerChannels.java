package io.github.nettyserial.examples.peer;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDeviceAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;

/** Opens the SerialChannel a peer test talks through. */
final class PeerChannels {

    private PeerChannels() {
    }

    /** A channel on {@code path} at {@code baud} 8N1 with {@code handlers}, connected. */
    static SerialChannel open(EventLoopGroup group, String path, int baud, ChannelHandler... handlers)
            throws InterruptedException {
        return (SerialChannel) new Bootstrap().group(group).channel(SerialChannel.class)
                .option(SerialChannelOption.BAUD_RATE, baud)
                .handler(new ChannelInitializer<SerialChannel>() {
                    @Override
                    protected void initChannel(SerialChannel c) {
                        c.pipeline().addLast(handlers);
                    }
                })
                .connect(new SerialDeviceAddress(path)).sync().channel();
    }
}
