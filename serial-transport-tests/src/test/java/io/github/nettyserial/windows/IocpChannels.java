package io.github.nettyserial.windows;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the channel suites on an IOCP loop share, whichever kernel is under them (simulated or Wine's):
 * opening channels with the kernel's allocator and options, and bounded waits that say what the kernel had
 * in flight when they time out.
 */
abstract class IocpChannels {
    static final long TIMEOUT_SECONDS = 30;

    EventLoopGroup group;
    final List<Channel> channels = new ArrayList<>();

    /** The channels' allocator: one whose buffers the kernel under test can reach and watch. */
    abstract ByteBufAllocator allocator();

    /** What the kernel has in flight, for failure messages. */
    abstract String describeKernel();

    /** The loop's busy-poll budget; 0 (block at once) unless a suite says otherwise. */
    long busyPollNanos() {
        return 0;
    }

    /** Opens {@code port} with {@link #allocator()} and the given options; handlers go into the pipeline. */
    SerialChannel open(String port, Object[] options, ChannelHandler... handlers) throws InterruptedException {
        ChannelFuture f = connect(port, options, handlers);
        f.sync();
        return (SerialChannel) f.channel();
    }

    SerialChannel open(String port, ChannelHandler... handlers) throws InterruptedException {
        return open(port, new Object[0], handlers);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    ChannelFuture connect(String port, Object[] options, ChannelHandler... handlers) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(SerialChannel.class)
                .option(ChannelOption.ALLOCATOR, allocator())
                .handler(new ChannelInitializer<SerialChannel>() {
                    @Override
                    protected void initChannel(SerialChannel ch) {
                        ch.pipeline().addLast(handlers);
                    }
                });
        for (int i = 0; i < options.length; i += 2) {
            b.option((ChannelOption) options[i], options[i + 1]);
        }
        ChannelFuture f = b.connect(new SerialDeviceAddress(port));
        f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        channels.add(f.channel());
        return f;
    }

    static Object[] opts(Object... pairs) {
        return pairs;
    }

    void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + describeKernel());
            }
            Thread.sleep(2);
        }
    }

    /** Closes what the test opened and shuts the loop down, before the kernel's checks. */
    void closeChannelsAndLoop() throws InterruptedException {
        for (Channel ch : channels) {
            ch.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
