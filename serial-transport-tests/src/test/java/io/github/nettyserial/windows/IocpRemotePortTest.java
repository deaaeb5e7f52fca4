package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.UnsupportedSerialFeatureException;
import io.netty.channel.ChannelFuture;
import org.junit.jupiter.api.Test;

/** An {@code rfc2217://} port on the IOCP loop: refused at connect with a typed error naming the platform. */
class IocpRemotePortTest extends SimulatedPorts {

    @Test
    void remotePortOnTheIocpLoopIsAClearError() throws Exception {
        ChannelFuture f = connect("rfc2217://127.0.0.1:2217", new Object[0]);
        assertFalse(f.isSuccess());
        assertInstanceOf(UnsupportedSerialFeatureException.class, f.cause());
        String message = f.cause().getMessage();
        assertTrue(message.startsWith("rfc2217://127.0.0.1:2217") && message.contains("epoll")
                && message.contains(System.getProperty("os.name")), message);
        assertTrue(f.channel().closeFuture().await(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS),
                "the channel closes after the refusal");
    }
}
