package io.github.nettyserial.rfc2217;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.testkit.RecordingHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our client ({@code SerialChannel} on {@code rfc2217://}) against our server exporting a pty. */
class Rfc2217ServerClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private Rfc2217TestServer server;
    private final EventLoopGroup clientGroup = new SerialEventLoopGroup(1);
    private final RecordingHandler received = new RecordingHandler();
    private SerialChannel client;

    @BeforeEach
    void connect() throws Exception {
        server = new Rfc2217TestServer();
        client = (SerialChannel) new Bootstrap().group(clientGroup).channel(SerialChannel.class).handler(received)
                .option(SerialChannelOption.BAUD_RATE, 57_600)
                .option(SerialChannelOption.STOP_BITS, StopBits.TWO)
                .connect(new SerialDeviceAddress(server.url())).syncUninterruptibly().channel();
    }

    @AfterEach
    void close() {
        client.close().syncUninterruptibly();
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    @Test
    void settingsAtConnectAndAtRuntimeReachThePty() throws Exception {
        assertEquals(57_600, server.device().lineSettings().baudRate());
        assertTrue(server.device().lineSettings().twoStopBits());
        assertEquals(57_600, client.config().getBaudRate());
        client.config().setBaudRate(115_200);
        assertEquals(115_200, server.device().lineSettings().baudRate());
        assertEquals(115_200, client.config().getBaudRate());
        try {
            client.config().setParity(Parity.EVEN);
        } catch (RuntimeException refused) {
            // the client may report the server's different answer as a refusal; either way:
        }
        assertEquals(Parity.NONE, client.config().getParity(), "the client reports what the server has in use");
        assertEquals(Parity.NONE, server.device().lineSettings().parity());
    }

    @Test
    void dataBothWays() throws Exception {
        byte[] data = new byte[64 * 1024];
        new Random(7).nextBytes(data);
        data[0] = (byte) 0xFF;
        data[1] = (byte) 0xFF;
        client.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
        assertArrayEquals(data, server.device().readDevice(data.length, TIMEOUT));
        server.device().deviceOutput().write(data);
        assertArrayEquals(data, received.awaitBytes(data.length, TIMEOUT));
    }

    @Test
    void operationsAreAnswered() throws Exception {
        assertTrue(client.sendBreak(Duration.ofMillis(20)).await(TIMEOUT.toMillis()), "break");
        assertTrue(client.discardInput().await(TIMEOUT.toMillis()), "purge rx");
        assertTrue(client.discardOutput().await(TIMEOUT.toMillis()), "purge tx");
    }

    @Test
    void portUnpluggedDisconnectsTheClient() throws Exception {
        server.device().hangUp();
        Throwable cause = received.awaitError(TIMEOUT);
        assertInstanceOf(SerialDisconnectedException.class, cause, String.valueOf(cause));
        assertTrue(client.closeFuture().await(TIMEOUT.toMillis()), "the client closes");
        assertFalse(client.isActive());
    }
}
