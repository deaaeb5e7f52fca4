package io.github.nettyserial.examples.slip;

import static io.github.nettyserial.examples.testutil.Bytes.buf;
import static io.github.nettyserial.examples.testutil.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.Bytes;
import io.github.nettyserial.examples.testutil.ExceptionCollector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlipCodecTest {

    private final ExceptionCollector sink = new ExceptionCollector(true);

    private String packet(int i) {
        return hex(Bytes.take((ByteBuf) sink.messages.get(i)));
    }

    @Test
    void encodesWithEscapes() {
        EmbeddedChannel ch = new EmbeddedChannel(new SlipFrameEncoder());
        ch.writeOutbound(buf("01 c0 02 db 03"));
        assertEquals("c001dbdc02dbdd03c0", Bytes.outbound(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void decodesSplitMergedAndEmpty() {
        EmbeddedChannel ch = new EmbeddedChannel(new SlipFrameDecoder(), sink);
        byte[] wire = hex("c0 01 db dc 02 db dd 03 c0 c0 c0 aa bb c0 cc c0");
        for (byte b : wire) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(3, sink.messages.size());
        assertEquals("01c002db03", packet(0));
        assertEquals("aabb", packet(1));
        assertEquals("cc", packet(2));
        assertTrue(sink.exceptions.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void badEscapeThenResync() {
        EmbeddedChannel ch = new EmbeddedChannel(new SlipFrameDecoder(), sink);
        ch.writeInbound(buf("c0 01 db 05 02 c0 11 22 db c0 33 c0"));
        assertEquals(1, sink.messages.size());
        assertEquals("33", packet(0));
        assertEquals(2, sink.exceptions.size());
        sink.exceptions.forEach(e -> assertInstanceOf(CorruptedFrameException.class, e));
        ch.finishAndReleaseAll();
    }

    @Test
    void tooLongThenResync() {
        EmbeddedChannel ch = new EmbeddedChannel(new SlipFrameDecoder(16), sink);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[17]), buf("c0 01 c0"));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[40]));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[40]), buf("c0 02 c0"));
        ch.writeInbound(buf("db dc ".repeat(17) + "c0"));
        assertEquals(2, sink.messages.size());
        assertEquals("01", packet(0));
        assertEquals("02", packet(1));
        assertEquals(3, sink.exceptions.size());
        sink.exceptions.forEach(e -> assertInstanceOf(TooLongFrameException.class, e));
        ch.finishAndReleaseAll();
    }

    @Test
    void roundTripRandomPackets() {
        EmbeddedChannel enc = new EmbeddedChannel(new SlipFrameEncoder());
        EmbeddedChannel dec = new EmbeddedChannel(new SlipFrameDecoder(1500), sink);
        Random rnd = new Random(1055);
        byte[][] packets = new byte[50][];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = new byte[1 + rnd.nextInt(1500)];
            rnd.nextBytes(packets[i]);
            enc.writeOutbound(Unpooled.wrappedBuffer(packets[i]));
        }
        dec.writeInbound(Unpooled.wrappedBuffer(Bytes.outboundBytes(enc)));
        assertEquals(packets.length, sink.messages.size());
        for (int i = 0; i < packets.length; i++) {
            assertEquals(hex(packets[i]), packet(i));
        }
        enc.finishAndReleaseAll();
        dec.finishAndReleaseAll();
    }
}
