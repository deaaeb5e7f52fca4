package io.github.nettyserial.rfc2217;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.linux.PtyChannels;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;

/** What the RFC 2217 client suites need beyond {@link PtyChannels}: string addresses, failures, timeouts. */
final class RemoteChannels {
    private RemoteChannels() {
    }

    static SerialChannel connect(Bootstrap b, String address) {
        return PtyChannels.connect(b, new SerialDeviceAddress(address));
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
