package io.github.nettyserial.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.at.AtLineDecoder;
import io.github.nettyserial.examples.cobs.CobsFrameDecoder;
import io.github.nettyserial.examples.cobs.CobsFrameEncoder;
import io.github.nettyserial.examples.modbus.ModbusRequest;
import io.github.nettyserial.examples.modbus.ModbusResponse;
import io.github.nettyserial.examples.modbus.ModbusRtuFrame;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameDecoder;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameDecoder.Direction;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameEncoder;
import io.github.nettyserial.examples.nmea.NmeaFixDecoder;
import io.github.nettyserial.examples.nmea.NmeaSentence;
import io.github.nettyserial.examples.nmea.NmeaSentenceDecoder;
import io.github.nettyserial.examples.nmea.NmeaSentenceEncoder;
import io.github.nettyserial.examples.slip.SlipFrameDecoder;
import io.github.nettyserial.examples.slip.SlipFrameEncoder;
import io.github.nettyserial.examples.testutil.Bytes;
import io.github.nettyserial.examples.xmodem.XmodemException;
import io.github.nettyserial.examples.xmodem.XmodemMode;
import io.github.nettyserial.examples.xmodem.XmodemReceiver;
import io.github.nettyserial.examples.xmodem.XmodemSender;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/**
 * Feeds every decoder about three million bytes, half random and half valid frames with random mutations
 * (bit flips, inserted, dropped and repeated bytes, truncation), in random chunks. Asserts that only the
 * documented exceptions come out, that the decoder never buffers more than its bound plus one chunk, that
 * every message is released (paranoid leak detection), and that clean frames between the garbage still get
 * through.
 */
class DecoderFuzzTest {

    private static final int HALF = 1_500_000;
    private static final int MAX_CHUNK = 256;

    private final Random rnd = new Random(0x5e71a1);
    private final MockTicker ticker = Ticker.newMockTicker();
    // Paranoid leak detection records every access and would take minutes here; this allocator counts the
    // memory in use instead, which proves both the bound and that everything was released.
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);

    private EmbeddedChannel channel(ChannelHandler... handlers) {
        EmbeddedChannel ch = EmbeddedChannel.builder().ticker(ticker).handlers(handlers).build();
        ch.config().setAllocator(alloc);
        return ch;
    }

    private long inUse() {
        return alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
    }

    private void finish(EmbeddedChannel ch) {
        ch.finishAndReleaseAll();
        assertEquals(0, inUse(), "every buffer released");
    }

    /** The last handler: counts messages and exceptions, releases what it gets. */
    static final class Terminal extends ChannelInboundHandlerAdapter {
        long messages;
        long exceptions;
        final List<Throwable> unexpected = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            messages++;
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions++;
            if (!(cause instanceof CorruptedFrameException || cause instanceof TooLongFrameException)
                    && unexpected.size() < 5) {
                unexpected.add(cause);
            }
        }
    }

    private byte[] mutate(byte[] frame) {
        if (rnd.nextBoolean()) {
            return frame; // clean
        }
        byte[] f = frame.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> f[rnd.nextInt(f.length)] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> {
                int at = rnd.nextInt(f.length + 1);
                byte[] g = new byte[f.length + 1];
                System.arraycopy(f, 0, g, 0, at);
                g[at] = (byte) rnd.nextInt(256);
                System.arraycopy(f, at, g, at + 1, f.length - at);
                f = g;
            }
            case 2 -> {
                int at = rnd.nextInt(f.length);
                byte[] g = new byte[f.length - 1];
                System.arraycopy(f, 0, g, 0, at);
                System.arraycopy(f, at + 1, g, at, f.length - at - 1);
                f = g;
            }
            case 3 -> f = java.util.Arrays.copyOf(f, rnd.nextInt(f.length));
            default -> {
                byte[] g = new byte[f.length * 2];
                System.arraycopy(f, 0, g, 0, f.length);
                System.arraycopy(f, 0, g, f.length, f.length);
                f = g;
            }
        }
        return f;
    }

    /**
     * Runs the fuzz. {@code frames} makes one valid frame on the wire; {@code buffered} reports what the decoder
     * holds; returns the clean frames sent.
     */
    private long fuzz(EmbeddedChannel ch, Terminal sink, Function<Random, byte[]> frames, IntSupplier buffered,
                      int bound, Runnable tick) {
        byte[] noise = new byte[64 * 1024];
        int sent = 0;
        while (sent < HALF) {
            rnd.nextBytes(noise);
            sent += feed(ch, noise, buffered, bound, tick);
        }
        long cleanFrames = 0;
        sent = 0;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        while (sent < HALF) {
            stream.reset();
            while (stream.size() < 16 * 1024) {
                byte[] f = frames.apply(rnd);
                byte[] m = mutate(f);
                if (m == f) {
                    cleanFrames++;
                }
                stream.writeBytes(m);
            }
            sent += feed(ch, stream.toByteArray(), buffered, bound, tick);
        }
        assertTrue(sink.unexpected.isEmpty(), () -> "undocumented exception: " + sink.unexpected);
        assertTrue(sink.exceptions > 0, "garbage must be reported");
        return cleanFrames;
    }

    private int feed(EmbeddedChannel ch, byte[] bytes, IntSupplier buffered, int bound, Runnable tick) {
        int i = 0;
        while (i < bytes.length) {
            int n = Math.min(bytes.length - i, 1 + rnd.nextInt(MAX_CHUNK));
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, n));
            i += n;
            int held = buffered.getAsInt();
            assertTrue(held <= bound + MAX_CHUNK, "decoder holds " + held + " bytes, bound " + bound);
            long memory = inUse();
            assertTrue(memory <= 4L * (bound + MAX_CHUNK) + 16 * 1024, "allocated " + memory + " bytes, bound " + bound);
            if (rnd.nextInt(8) == 0) {
                tick.run();
            }
        }
        return bytes.length;
    }

    private static final UnpooledByteBufAllocator ENCODE_ALLOC = new UnpooledByteBufAllocator(false, true);

    private static byte[] encode(ChannelHandler encoder, Object msg) {
        EmbeddedChannel enc = new EmbeddedChannel(encoder);
        enc.config().setAllocator(ENCODE_ALLOC);
        enc.writeOutbound(msg);
        byte[] b = Bytes.outboundBytes(enc);
        enc.finishAndReleaseAll();
        return b;
    }

    private static final class ProbedModbus extends ModbusRtuFrameDecoder {
        ProbedModbus(Direction d) {
            super(d, 19_200);
        }

        int buffered() {
            return internalBuffer().readableBytes();
        }
    }

    @Test
    void modbusRequests() {
        modbus(Direction.REQUESTS, r -> {
            int unit = 1 + r.nextInt(247);
            return switch (r.nextInt(4)) {
                case 0 -> ModbusRequest.readHoldingRegisters(unit, r.nextInt(1000), 1 + r.nextInt(125)).toFrame();
                case 1 -> ModbusRequest.writeSingleCoil(unit, r.nextInt(1000), r.nextBoolean()).toFrame();
                case 2 -> ModbusRequest.writeMultipleRegisters(unit, 0, new int[1 + r.nextInt(123)]).toFrame();
                default -> new ModbusRtuFrame(unit, 0x41, new byte[r.nextInt(20)]); // no length rule
            };
        });
    }

    @Test
    void modbusResponses() {
        modbus(Direction.RESPONSES, r -> {
            int unit = 1 + r.nextInt(247);
            return switch (r.nextInt(3)) {
                case 0 -> ModbusResponse.ofRegisters(ModbusRequest.readInputRegisters(unit, 0, 125),
                        new int[125]).toFrame();
                case 1 -> ModbusResponse.ofWrite(ModbusRequest.writeSingleRegister(unit, 3, r.nextInt(65536))).toFrame();
                default -> ModbusRtuFrame.exception(unit, 3, 2);
            };
        });
    }

    private void modbus(Direction direction, Function<Random, ModbusRtuFrame> frames) {
        Terminal sink = new Terminal();
        ProbedModbus decoder = new ProbedModbus(direction);
        EmbeddedChannel ch = channel(decoder, sink);
        ModbusRtuFrameEncoder encoder = new ModbusRtuFrameEncoder();
        long clean = fuzz(ch, sink, r -> encode(encoder, frames.apply(r)), decoder::buffered,
                ModbusRtuFrame.MAX_WIRE_LENGTH, () -> {
                    ticker.advance(3, TimeUnit.MILLISECONDS);
                    ch.runScheduledPendingTasks();
                });
        assertTrue(sink.messages >= clean / 4, sink.messages + " frames decoded of " + clean + " clean ones");
        finish(ch);
    }

    private static final class ProbedNmea extends NmeaSentenceDecoder {
        int buffered() {
            return internalBuffer().readableBytes();
        }
    }

    @Test
    void nmea() {
        Terminal sink = new Terminal();
        ProbedNmea decoder = new ProbedNmea();
        EmbeddedChannel ch = channel(decoder, new NmeaFixDecoder(), sink);
        NmeaSentenceEncoder encoder = new NmeaSentenceEncoder();
        long clean = fuzz(ch, sink, r -> encode(encoder, switch (r.nextInt(3)) {
            case 0 -> NmeaSentence.of("GPGGA", "0307" + (10 + r.nextInt(50)) + ".000", "3747.0873", "S", "17518.8938",
                    "E", "1", "08", "1.1", "59.9", "M", "23.7", "M", "", "0000");
            case 1 -> NmeaSentence.of("GNRMC", "030719.000", "A", "3747.0873", "S", "17518.8938", "E", "0.69",
                    "181.39", "3112" + (10 + r.nextInt(80)), "", "", "A");
            default -> NmeaSentence.of("GPGSV", "3", "1", String.valueOf(r.nextInt(99)));
        }), decoder::buffered, NmeaSentenceDecoder.MAX_STANDARD_LENGTH, () -> { });
        assertTrue(sink.messages >= clean / 2, sink.messages + " sentences decoded of " + clean + " clean ones");
        finish(ch);
    }

    private static final class ProbedSlip extends SlipFrameDecoder {
        ProbedSlip() {
            super(1006);
        }

        int buffered() {
            return internalBuffer().readableBytes();
        }
    }

    @Test
    void slip() {
        Terminal sink = new Terminal();
        ProbedSlip decoder = new ProbedSlip();
        EmbeddedChannel ch = channel(decoder, sink);
        SlipFrameEncoder encoder = new SlipFrameEncoder();
        long clean = fuzz(ch, sink, r -> {
            byte[] p = new byte[1 + r.nextInt(1006)];
            r.nextBytes(p);
            return encode(encoder, Unpooled.wrappedBuffer(p));
        }, decoder::buffered, 2 * 1006, () -> { });
        assertTrue(sink.messages >= clean / 2, sink.messages + " packets decoded of " + clean + " clean ones");
        finish(ch);
    }

    private static final class ProbedCobs extends CobsFrameDecoder {
        ProbedCobs() {
            super(1024);
        }

        int buffered() {
            return internalBuffer().readableBytes();
        }
    }

    @Test
    void cobs() {
        Terminal sink = new Terminal();
        ProbedCobs decoder = new ProbedCobs();
        EmbeddedChannel ch = channel(decoder, sink);
        CobsFrameEncoder encoder = new CobsFrameEncoder();
        long clean = fuzz(ch, sink, r -> {
            byte[] p = new byte[1 + r.nextInt(1024)];
            r.nextBytes(p);
            return encode(encoder, Unpooled.wrappedBuffer(p));
        }, decoder::buffered, 1024 + 1024 / 254 + 1, () -> { });
        assertTrue(sink.messages >= clean / 2, sink.messages + " frames decoded of " + clean + " clean ones");
        finish(ch);
    }

    private static final class ProbedAt extends AtLineDecoder {
        ProbedAt() {
            super(256);
        }

        int buffered() {
            return internalBuffer().readableBytes();
        }
    }

    @Test
    void atLines() {
        Terminal sink = new Terminal();
        ProbedAt decoder = new ProbedAt();
        EmbeddedChannel ch = channel(decoder, sink);
        long clean = fuzz(ch, sink, r -> ("\r\n" + switch (r.nextInt(3)) {
            case 0 -> "OK";
            case 1 -> "+CSQ: " + r.nextInt(32) + ",99";
            default -> "+CME ERROR: " + r.nextInt(100);
        } + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII), decoder::buffered, 256, () -> { });
        assertTrue(sink.messages >= clean / 2, sink.messages + " lines decoded of " + clean + " clean ones");
        finish(ch);
    }

    private static final class ProbedXmodem extends XmodemReceiver {
        ProbedXmodem() {
            super(XmodemMode.YMODEM, 1 << 16);
        }

        int buffered() {
            return internalBuffer().readableBytes();
        }
    }

    /** The receiver fires no exceptions: it fails its result with XmodemException and is replaced. */
    @Test
    void xmodemReceiver() {
        byte[] stream = sessionBytes();
        long bytes = 0;
        int transfers = 0;
        int completed = 0;
        while (bytes < 2 * HALF) {
            Terminal sink = new Terminal();
            ProbedXmodem receiver = new ProbedXmodem();
            EmbeddedChannel ch = channel(receiver, sink);
            byte[] input = rnd.nextInt(3) == 0 ? randomBytes(20_000) : mutate(stream);
            bytes += feed(ch, input, receiver::buffered, 1029, () -> {
                ticker.advance(4, TimeUnit.SECONDS);
                ch.runScheduledPendingTasks();
            });
            for (int i = 0; i < 25 && !receiver.result().isDone(); i++) {
                ticker.advance(10, TimeUnit.SECONDS);
                ch.runScheduledPendingTasks();
            }
            assertTrue(receiver.result().isDone(), "the receiver ends on its own");
            if (receiver.result().isSuccess()) {
                completed++;
            } else {
                assertTrue(receiver.result().cause() instanceof XmodemException, receiver.result().cause().toString());
            }
            assertEquals(0, sink.exceptions, "the receiver reports through its result only");
            transfers++;
            finish(ch);
        }
        assertTrue(transfers > 10);
        assertTrue(completed > 0, "unmutated sessions complete");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** What a YMODEM sender puts on the wire for a 20 kB file, answered by a perfect receiver. */
    private byte[] sessionBytes() {
        XmodemSender sender = new XmodemSender(XmodemMode.YMODEM, "fuzz.bin", randomBytes(20_000));
        EmbeddedChannel tx = new EmbeddedChannel(sender);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {'C'}));
        wire.writeBytes(Bytes.outboundBytes(tx));
        tx.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x06, 'C'}));
        byte[] out;
        while ((out = Bytes.outboundBytes(tx)).length > 0) {
            wire.writeBytes(out);
            tx.writeInbound(Unpooled.wrappedBuffer(out.length == 1 ? new byte[] {0x06, 'C'} : new byte[] {0x06}));
        }
        tx.finishAndReleaseAll();
        return wire.toByteArray();
    }
}
