package io.github.nettyserial.rfc2217;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelnetDecoderTest {
    private static final int IAC = 255;

    /** Data with escaped 0xFF, every kind of command, and a payload holding an escaped 0xFF. */
    private static final int[] STREAM = {
        'a', IAC, IAC, 'b', IAC, Telnet.WILL, Telnet.BINARY, 0, IAC, Telnet.DO, Telnet.COM_PORT_OPTION,
        IAC, Telnet.SB, 44, 101, 0, 1, IAC, IAC, 0, IAC, Telnet.SE, 'c', IAC, Telnet.NOP, IAC, IAC, IAC, IAC, 'd'};

    /** What STREAM means: data runs (byte[]) and commands, in order. */
    private static List<Object> expected() {
        List<Object> e = new ArrayList<>();
        e.add(new byte[] {'a', (byte) 0xFF, 'b'});
        e.add(TelnetCommand.negotiation(Telnet.WILL, Telnet.BINARY));
        e.add(new byte[] {0});
        e.add(TelnetCommand.negotiation(Telnet.DO, Telnet.COM_PORT_OPTION));
        e.add(TelnetCommand.subnegotiation(44, new byte[] {101, 0, 1, (byte) 0xFF, 0}));
        e.add(new byte[] {'c'});
        e.add(TelnetCommand.plain(Telnet.NOP));
        e.add(new byte[] {(byte) 0xFF, (byte) 0xFF, 'd'});
        return e;
    }

    private static ByteBuf direct(int[] bytes, int from, int to) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(to - from);
        for (int i = from; i < to; i++) {
            b.writeByte(bytes[i]);
        }
        return b;
    }

    /** Feeds the pieces, merges adjacent data runs, releases every buffer. */
    private static List<Object> decode(int[] stream, int... cuts) {
        TelnetDecoder decoder = new TelnetDecoder();
        List<Object> raw = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : stream.length;
            decoder.decode(direct(stream, from, to), raw);
            from = to;
        }
        List<Object> merged = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Object o : raw) {
            if (o instanceof ByteBuf) {
                ByteBuf b = (ByteBuf) o;
                assertEquals(true, b.isReadable(), "an empty data buffer was handed on");
                data.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            } else {
                if (data.size() > 0) {
                    merged.add(data.toByteArray());
                    data.reset();
                }
                merged.add(o);
            }
        }
        if (data.size() > 0) {
            merged.add(data.toByteArray());
        }
        return merged;
    }

    private static void assertSameContent(List<Object> want, List<Object> got, String where) {
        assertEquals(want.size(), got.size(), where + ": " + got);
        for (int i = 0; i < want.size(); i++) {
            if (want.get(i) instanceof byte[]) {
                assertArrayEquals((byte[]) want.get(i), (byte[]) got.get(i), where + " item " + i);
            } else {
                assertEquals(want.get(i), got.get(i), where + " item " + i);
            }
        }
    }

    @Test
    void wholeStream() {
        assertSameContent(expected(), decode(STREAM), "in one buffer");
    }

    @Test
    void splitAtEveryBoundary() {
        for (int cut = 1; cut < STREAM.length; cut++) {
            assertSameContent(expected(), decode(STREAM, cut), "cut at " + cut);
        }
    }

    @Test
    void splitAtEveryPairOfBoundaries() {
        for (int a = 1; a < STREAM.length; a++) {
            for (int b = a; b < STREAM.length; b++) {
                assertSameContent(expected(), decode(STREAM, a, b), "cuts at " + a + ", " + b);
            }
        }
    }

    @Test
    void oneByteAtATime() {
        int[] cuts = new int[STREAM.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertSameContent(expected(), decode(STREAM, cuts), "byte by byte");
    }

    @Test
    void plainDataPassesTheSameBuffer() {
        ByteBuf in = direct(new int[] {1, 2, 3}, 0, 3);
        List<Object> out = new ArrayList<>();
        new TelnetDecoder().decode(in, out);
        assertEquals(1, out.size());
        assertSame(in, out.get(0), "data without IAC must not be copied or sliced");
        in.release();
    }

    @Test
    void everyByteValueRoundTripsThroughEncoderAndDecoder() {
        ByteBuf data = PooledByteBufAllocator.DEFAULT.directBuffer(512);
        for (int rep = 0; rep < 2; rep++) {
            for (int v = 0; v < 256; v++) {
                data.writeByte(v);
            }
        }
        byte[] original = ByteBufUtil.getBytes(data);
        ByteBuf escaped = TelnetEncoder.escape(PooledByteBufAllocator.DEFAULT, data);
        assertEquals(514, escaped.readableBytes(), "each 0xFF doubled once");
        int[] wire = new int[escaped.readableBytes()];
        for (int i = 0; i < wire.length; i++) {
            wire[i] = escaped.getUnsignedByte(escaped.readerIndex() + i);
        }
        escaped.release();
        for (int cut = 1; cut < wire.length; cut += 7) {
            List<Object> got = decode(wire, cut);
            assertEquals(1, got.size());
            assertArrayEquals(original, (byte[]) got.get(0), "cut at " + cut);
        }
    }

    @Test
    void unescapedIacInsidePayloadEndsTheSubnegotiation() {
        // A server that does not escape 0xFF in a payload: IAC WILL ends the SB, then is a negotiation.
        int[] stream = {IAC, Telnet.SB, 44, 107, IAC, Telnet.WILL, 3, 'x'};
        List<Object> got = decode(stream);
        assertEquals(TelnetCommand.subnegotiation(44, new byte[] {107}), got.get(0));
        assertEquals(TelnetCommand.negotiation(Telnet.WILL, 3), got.get(1));
        assertArrayEquals(new byte[] {'x'}, (byte[]) got.get(2));
    }

    @Test
    void worksAsAHandler() {
        EmbeddedChannel ch = new EmbeddedChannel(new TelnetDecoder());
        ch.writeInbound(direct(new int[] {'h', IAC, Telnet.DO, 0, 'i'}, 0, 5));
        ByteBuf h = ch.readInbound();
        assertEquals('h', h.readByte());
        h.release();
        assertEquals(TelnetCommand.negotiation(Telnet.DO, 0), ch.readInbound());
        ByteBuf i = ch.readInbound();
        assertEquals('i', i.readByte());
        i.release();
        ch.finishAndReleaseAll();
    }
}
