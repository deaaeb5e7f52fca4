package io.github.nettyserial.linux;

import io.github.nettyserial.SerialEventLoopGroup;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the transport's pty tests: one single-thread SerialEventLoopGroup per test class. */
abstract class PtyChannelTest {
    static EventLoopGroup group;

    @BeforeAll
    static void startGroup() {
        group = new SerialEventLoopGroup(1);
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A handler that does nothing, shareable between channels. */
    @ChannelHandler.Sharable
    static final class Quiet extends ChannelInboundHandlerAdapter {
    }

    static Bootstrap bootstrap() {
        return PtyChannels.bootstrap(group, new Quiet());
    }
}
