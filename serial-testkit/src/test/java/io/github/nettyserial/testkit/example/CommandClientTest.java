package io.github.nettyserial.testkit.example;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.nettyserial.testkit.EmbeddedSerialChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example protocol test: CommandClient on an EmbeddedSerialChannel, as a user would write it. */
class CommandClientTest {
    private final CommandClient client = new CommandClient(Duration.ofMillis(500));
    private final EmbeddedSerialChannel ch = new EmbeddedSerialChannel(
            new LineBasedFrameDecoder(256), new StringDecoder(US_ASCII), client);

    @AfterEach
    void finish() {
        ch.finishAndReleaseAll();
    }

    @Test
    void aReplyCompletesTheRequest() {
        Future<String> reply = client.request("ATI");
        assertArrayEquals("ATI\r".getBytes(US_ASCII), ch.readOutboundBytes());

        ch.receive("FakeModem 1.0\r\n".getBytes(US_ASCII));

        assertEquals("FakeModem 1.0", reply.getNow());
    }

    @Test
    void noReplyFailsTheRequestAfterExactlyTheTimeout() {
        Future<String> reply = client.request("ATI");

        ch.elapse(Duration.ofMillis(499));
        assertFalse(reply.isDone());
        ch.elapse(Duration.ofMillis(1));

        assertInstanceOf(TimeoutException.class, reply.cause());
        assertEquals("no reply to ATI within PT0.5S", reply.cause().getMessage());
    }

    @Test
    void aReplyInTimeCancelsTheTimer() {
        Future<String> reply = client.request("ATI");
        ch.elapse(Duration.ofMillis(300));
        ch.receive("OK\r\n".getBytes(US_ASCII));
        ch.elapse(Duration.ofSeconds(1));
        assertEquals("OK", reply.getNow());
    }

    @Test
    void losingTheCarrierFailsThePendingRequest() {
        ch.config().setModemEvents(true);
        ch.setDcd(true);
        Future<String> reply = client.request("ATDT5551234");

        ch.setDcd(false);

        assertEquals("carrier lost", reply.cause().getMessage());
    }

    @Test
    void aFramingErrorFailsTheRequest() {
        ch.config().setModemEvents(true);
        Future<String> reply = client.request("ATI");

        ch.framingError();

        assertInstanceOf(IOException.class, reply.cause());
    }

    @Test
    void oneRequestAtATime() {
        Future<String> first = client.request("AT");
        Future<String> second = client.request("ATI");
        assertInstanceOf(IllegalStateException.class, second.cause());
        assertFalse(first.isDone());
    }

    @Test
    void closingTheChannelFailsThePendingRequest() {
        Future<String> reply = client.request("ATI");
        ch.close();
        assertInstanceOf(ClosedChannelException.class, reply.cause());
    }
}
