package io.github.nettyserial.rfc2217;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bootstrap and wait helpers for the RFC 2217 client suites. */
final class RemoteChannels {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RemoteChannels() {
    }

    static Bootstrap bootstrap(EventLoopGroup group, ChannelHandler handler) {
        return new Bootstrap().group(group).channel(SerialChannel.class).handler(new ChannelInitializer<SerialChannel>() {
            @Override
            protected void initChannel(SerialChannel ch) {
                ch.pipeline().addLast(handler);
            }
        });
    }

    static SerialChannel connect(Bootstrap b, String address) {
        return (SerialChannel) b.connect(new SerialDeviceAddress(address)).syncUninterruptibly().channel();
    }

    /** Connects and returns the failure, which must come. */
    static Throwable connectFailure(Bootstrap b, String address) {
        ChannelFuture f = b.connect(new SerialDeviceAddress(address)).awaitUninterruptibly();
        if (f.isSuccess()) {
            f.channel().close().syncUninterruptibly();
            throw new AssertionError("connect to " + address + " succeeded, a failure was expected");
        }
        return f.cause();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** Runs {@code body} with the reply timeout set to {@code millis}. */
    static void withTimeout(long millis, ThrowingRunnable body) throws Exception {
        String key = "io.github.nettyserial.rfc2217.timeoutMillis";
        String old = System.getProperty(key);
        System.setProperty(key, String.valueOf(millis));
        try {
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
