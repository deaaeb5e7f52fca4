package io.github.nettyserial.examples.cobs;

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

class CobsCodecTest {

    private final ExceptionCollector sink = new ExceptionCollector(true);

    private static String encode(String hexData) {
        EmbeddedChannel ch = new EmbeddedChannel(new CobsFrameEncoder());
        ch.writeOutbound(buf(hexData));
        String out = Bytes.outbound(ch);
        ch.finishAndReleaseAll();
        return out;
    }

    private String frame(int i) {
        return hex(Bytes.take((ByteBuf) sink.messages.get(i)));
    }

    // Vectors from npm cobs 0.2.1 (the original Cheshire & Baker form), plus the 00 delimiter.
    @Test
    void encoderMatchesKnownVectors() {
        assertEquals("0100", encode(""));
        assertEquals("010100", encode("00"));
        assertEquals("01010100", encode("00 00"));
        assertEquals("031122023300", encode("11 22 00 33"));
        assertEquals("021101010100", encode("11 00 00 00"));
        StringBuilder run = new StringBuilder();
        for (int i = 1; i <= 254; i++) {
            run.append(String.format("%02x", i));
        }
        assertEquals("ff" + run + "0100", encode(run.toString()));
    }

    @Test
    void decoderAcceptsBothForms() {
        EmbeddedChannel ch = new EmbeddedChannel(new CobsFrameDecoder(1000), sink);
        StringBuilder run = new StringBuilder();
        for (int i = 1; i <= 254; i++) {
            run.append(String.format("%02x", i));
        }
        ch.writeInbound(buf("ff" + run + "01 00 ff" + run + "00 03 11 22 02 33 00 00 01 01 00"));
        assertEquals(4, sink.messages.size());
        assertEquals(run.toString(), frame(0));
        assertEquals(run.toString(), frame(1));
        assertEquals("11220033", frame(2));
        assertEquals("00", frame(3));
        assertTrue(sink.exceptions.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void splitFrames() {
        EmbeddedChannel ch = new EmbeddedChannel(new CobsFrameDecoder(1000), sink);
        for (byte b : Bytes.hex("03 11 22 02 33 00 02 11 01 01 01 00")) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals("11220033", frame(0));
        assertEquals("11000000", frame(1));
        ch.finishAndReleaseAll();
    }

    @Test
    void codePastTheEndThenResync() {
        EmbeddedChannel ch = new EmbeddedChannel(new CobsFrameDecoder(1000), sink);
        ch.writeInbound(buf("05 11 22 00 02 44 00"));
        assertEquals(1, sink.messages.size());
        assertEquals("44", frame(0));
        assertInstanceOf(CorruptedFrameException.class, sink.exceptions.get(0));
        ch.finishAndReleaseAll();
    }

    @Test
    void tooLongThenResync() {
        EmbeddedChannel ch = new EmbeddedChannel(new CobsFrameDecoder(8), sink);
        ch.writeInbound(buf("0a 01 02 03 04 05 06 07 08 09 00 02 55 00"));
        ch.writeInbound(buf("ff ff ff ff ff ff ff ff ff ff ff ff"));
        ch.writeInbound(buf("ff 00 02 66 00"));
        assertEquals(2, sink.messages.size());
        assertEquals("55", frame(0));
        assertEquals("66", frame(1));
        assertEquals(2, sink.exceptions.size());
        sink.exceptions.forEach(e -> assertInstanceOf(TooLongFrameException.class, e));
        ch.finishAndReleaseAll();
    }

    @Test
    void roundTripRandomFrames() {
        EmbeddedChannel enc = new EmbeddedChannel(new CobsFrameEncoder());
        EmbeddedChannel dec = new EmbeddedChannel(new CobsFrameDecoder(2000), sink);
        Random rnd = new Random(1999);
        byte[][] frames = new byte[60][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new byte[1 + rnd.nextInt(2000)];
            rnd.nextBytes(frames[i]);
            if (i % 3 == 0) {
                java.util.Arrays.fill(frames[i], (byte) 0x7f); // long zero-free runs
            }
            enc.writeOutbound(Unpooled.wrappedBuffer(frames[i]));
        }
        dec.writeInbound(Unpooled.wrappedBuffer(Bytes.outboundBytes(enc)));
        assertEquals(frames.length, sink.messages.size());
        for (int i = 0; i < frames.length; i++) {
            assertEquals(hex(frames[i]), frame(i));
        }
        assertTrue(sink.exceptions.isEmpty());
        enc.finishAndReleaseAll();
        dec.finishAndReleaseAll();
    }
}
