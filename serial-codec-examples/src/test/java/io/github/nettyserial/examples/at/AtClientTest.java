package io.github.nettyserial.examples.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.Bytes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AtClientTest {

    private final MockTicker ticker = Ticker.newMockTicker();
    private final AtClient client = new AtClient(Duration.ofSeconds(2), AtClient.DEFAULT_UNSOLICITED);
    private final List<Object> events = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();

    private EmbeddedChannel channel() {
        return EmbeddedChannel.builder().ticker(ticker).handlers(new AtLineDecoder(64), client,
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        events.add(evt);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        errors.add(cause);
                    }
                }).build();
    }

    private static void modem(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private static String sent(EmbeddedChannel ch) {
        return new String(Bytes.outboundBytes(ch), StandardCharsets.ISO_8859_1);
    }

    // Responses as iaxmodem (spandsp's AT interpreter) gives them, echo on.
    @Test
    void okWithEchoAndInformationLines() throws Exception {
        EmbeddedChannel ch = channel();
        Future<AtResponse> at = client.send("AT");
        assertEquals("AT\r", sent(ch));
        modem(ch, "AT\r\r\nOK\r\n");
        assertEquals(new AtResponse("AT", List.of(), "OK"), at.get());
        Future<AtResponse> ati = client.send("ATI");
        modem(ch, "ATI\r\r\nspandsp\r\n\r\nOK\r\n");
        assertEquals(List.of("spandsp"), ati.get().lines());
        ch.finishAndReleaseAll();
    }

    @Test
    void splitResponse() throws Exception {
        EmbeddedChannel ch = channel();
        Future<AtResponse> f = client.send("AT+CSQ");
        for (char c : "\r\n+CSQ: 21,99\r\n\r\nOK".toCharArray()) {
            modem(ch, String.valueOf(c));
        }
        assertFalse(f.isDone());
        modem(ch, "\r\n");
        assertEquals(List.of("+CSQ: 21,99"), f.get().lines());
        ch.finishAndReleaseAll();
    }

    @Test
    void errorsAndCmeErrors() {
        EmbeddedChannel ch = channel();
        Future<AtResponse> a = client.send("AT+FOO");
        Future<AtResponse> b = client.send("AT+CPIN?");
        Future<AtResponse> c = client.send("ATD123");
        assertEquals("AT+FOO\r", sent(ch), "one command at a time");
        modem(ch, "\r\nERROR\r\n");
        assertEquals("ERROR", ((AtCommandException) a.cause()).finalResult());
        assertEquals("AT+CPIN?\r", sent(ch));
        modem(ch, "\r\n+CME ERROR: 10\r\n");
        assertEquals(10, ((AtCommandException) b.cause()).errorCode());
        modem(ch, "\r\nNO CARRIER\r\n");
        assertEquals("NO CARRIER", ((AtCommandException) c.cause()).finalResult());
        assertEquals(-1, ((AtCommandException) c.cause()).errorCode());
        ch.finishAndReleaseAll();
    }

    @Test
    void unsolicitedResultCodesAreEvents() throws Exception {
        EmbeddedChannel ch = channel();
        modem(ch, "\r\nRING\r\n");
        Future<AtResponse> creg = client.send("AT+CREG?");
        modem(ch, "\r\n+CMTI: \"SM\",3\r\n\r\n+CREG: 0,1\r\n\r\nOK\r\n");
        assertEquals(List.of("+CREG: 0,1"), creg.get().lines(), "+CREG answers AT+CREG?");
        modem(ch, "\r\n+CREG: 1\r\n");
        assertEquals(List.of(new AtUnsolicitedEvent("RING"), new AtUnsolicitedEvent("+CMTI: \"SM\",3"),
                new AtUnsolicitedEvent("+CREG: 1")), events);
        ch.finishAndReleaseAll();
    }

    @Test
    void timeoutThenNextCommand() throws Exception {
        EmbeddedChannel ch = channel();
        Future<AtResponse> a = client.send("AT");
        Future<AtResponse> b = client.send("ATE0");
        sent(ch);
        ticker.advance(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        AtCommandException e = assertInstanceOf(AtCommandException.class, a.cause());
        assertNull(e.finalResult());
        assertEquals("ATE0\r", sent(ch));
        modem(ch, "ATE0\r\r\nOK\r\n");
        assertTrue(b.isSuccess());
        ch.finishAndReleaseAll();
    }

    @Test
    void closeFailsPending() {
        EmbeddedChannel ch = channel();
        Future<AtResponse> a = client.send("AT");
        Future<AtResponse> b = client.send("AT");
        ch.close();
        assertInstanceOf(ClosedChannelException.class, a.cause());
        assertInstanceOf(ClosedChannelException.class, b.cause());
        assertThrows(IllegalArgumentException.class, () -> client.send("AT\rATZ"));
        ch.finishAndReleaseAll();
    }

    @Test
    void lineErrorsAndResync() throws Exception {
        EmbeddedChannel ch = channel();
        Future<AtResponse> f = client.send("ATI");
        modem(ch, "x".repeat(100));
        modem(ch, "yyy\r\nbad\u0001line\r\nhello\r\nOK\r\n");
        assertEquals(List.of("hello"), f.get().lines());
        assertInstanceOf(TooLongFrameException.class, errors.get(0));
        assertInstanceOf(CorruptedFrameException.class, errors.get(1));
        assertEquals(2, errors.size());
        ch.finishAndReleaseAll();
    }
}
