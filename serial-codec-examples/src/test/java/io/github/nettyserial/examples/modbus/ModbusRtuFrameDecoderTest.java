package io.github.nettyserial.examples.modbus;

import static io.github.nettyserial.examples.testutil.Bytes.buf;
import static io.github.nettyserial.examples.testutil.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.modbus.ModbusRtuFrameDecoder.Direction;
import io.github.nettyserial.examples.testutil.Bytes;
import io.github.nettyserial.examples.testutil.ExceptionCollector;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModbusRtuFrameDecoderTest {

    private final MockTicker ticker = Ticker.newMockTicker();
    private final ExceptionCollector sink = new ExceptionCollector(true);

    private EmbeddedChannel channel(Direction direction, int baud) {
        return EmbeddedChannel.builder().ticker(ticker)
                .handlers(new ModbusRtuFrameDecoder(direction, baud), new ModbusRtuFrameEncoder(), sink).build();
    }

    private void advanceMicros(EmbeddedChannel ch, long micros) {
        ticker.advance(micros, TimeUnit.MICROSECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void crcCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x4B37, ModbusCrc.compute(check, 0, check.length));
        assertEquals(0x4B37, ModbusCrc.compute(Unpooled.wrappedBuffer(check), 0, check.length));
    }

    @Test
    void t35FromBaudRate() {
        assertEquals(4_010_417, ModbusRtuFrameDecoder.silenceNanos(9600));
        assertEquals(2_005_209, ModbusRtuFrameDecoder.silenceNanos(19_200));
        assertEquals(1_750_000, ModbusRtuFrameDecoder.silenceNanos(19_201));
        assertEquals(1_750_000, ModbusRtuFrameDecoder.silenceNanos(115_200));
    }

    @Test
    void encodesTheWireVectorOfRealSlaves() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 19_200);
        ch.writeOutbound(ModbusRequest.readHoldingRegisters(1, 0, 2).toFrame());
        assertEquals("010300000002c40b", Bytes.outbound(ch));
        ch.writeOutbound(ModbusRequest.writeMultipleRegisters(1, 0, 1, 2).toFrame());
        assertEquals("01100000000204000100 0223ae".replace(" ", ""), Bytes.outbound(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void decodesResponseByLength() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 19_200);
        ch.writeInbound(buf("01 03 04 00 64 00 65 7b c7"));
        ModbusRtuFrame f = (ModbusRtuFrame) sink.messages.remove(0);
        assertEquals(1, f.unit());
        assertEquals(3, f.function());
        assertEquals("0400640065", hex(f.data()));
        assertTrue(sink.exceptions.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void splitFrameByteByByte() {
        EmbeddedChannel ch = channel(Direction.REQUESTS, 115_200);
        for (byte b : hex("01 10 00 00 00 02 04 00 01 00 02 23 ae")) {
            assertTrue(sink.messages.isEmpty());
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            advanceMicros(ch, 500); // under t3.5: still the same frame
        }
        assertEquals(1, sink.messages.size());
        assertEquals(new ModbusRtuFrame(1, 16, hex("00 00 00 02 04 00 01 00 02")), sink.messages.get(0));
        assertTrue(sink.exceptions.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void mergedFrames() {
        EmbeddedChannel ch = channel(Direction.REQUESTS, 19_200);
        ch.writeInbound(buf("01 03 00 00 00 02 c4 0b 01 06 00 03 10 92 f5 a7 01 03 00 00 00 0a c5 cd"));
        assertEquals(3, sink.messages.size());
        assertEquals(6, ((ModbusRtuFrame) sink.messages.get(1)).function());
        assertTrue(sink.exceptions.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void garbageBeforeAFrameIsReportedOnceAndSkipped() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 19_200);
        ch.writeInbound(buf("ff 00 13 37 01 03 04 00 64 00 65 7b c7"));
        assertEquals(1, sink.messages.size());
        assertEquals(1, sink.exceptions.size());
        assertInstanceOf(CorruptedFrameException.class, sink.exceptions.get(0));
        ch.finishAndReleaseAll();
    }

    @Test
    void badCrcThenResyncOnNextGoodFrame() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 19_200);
        ch.writeInbound(buf("01 03 04 00 64 00 65 7b c8"));
        assertTrue(sink.messages.isEmpty());
        advanceMicros(ch, 3_000); // the silence ends the broken frame
        assertEquals(1, sink.exceptions.size());
        assertInstanceOf(CorruptedFrameException.class, sink.exceptions.get(0));
        ch.writeInbound(buf("01 83 02 c0 f1"));
        assertEquals(1, sink.messages.size());
        assertTrue(((ModbusRtuFrame) sink.messages.get(0)).isException());
        ch.finishAndReleaseAll();
    }

    @Test
    void badCrcMergedWithGoodFrame() {
        EmbeddedChannel ch = channel(Direction.REQUESTS, 19_200);
        ch.writeInbound(buf("01 03 00 00 00 02 c4 0c 01 03 00 00 00 02 c4 0b"));
        assertEquals(1, sink.messages.size());
        assertEquals(1, sink.exceptions.size());
        ch.finishAndReleaseAll();
    }

    @Test
    void unknownFunctionEndsAtT35() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 9600); // t3.5 = 4.01 ms
        // FC 0x11 (report server id) has no length rule here: only the silence ends it.
        ch.writeInbound(buf("01 11 09 50 79 6d 6f 64 62 75 73 ff 8d dc"));
        advanceMicros(ch, 4_000);
        assertTrue(sink.messages.isEmpty(), "t3.5 has not passed yet");
        advanceMicros(ch, 11);
        assertEquals(1, sink.messages.size());
        assertEquals(0x11, ((ModbusRtuFrame) sink.messages.get(0)).function());
        assertTrue(sink.exceptions.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void bytesWithinT35ExtendTheFrame() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 9600);
        ch.writeInbound(buf("01 11 09 50 79 6d 6f"));
        advanceMicros(ch, 3_000);
        ch.writeInbound(buf("64 62 75 73 ff 8d dc"));
        advanceMicros(ch, 3_000); // 6 ms after the first byte, 3 ms after the last: not yet
        assertTrue(sink.messages.isEmpty());
        advanceMicros(ch, 1_100);
        assertEquals(1, sink.messages.size());
        ch.finishAndReleaseAll();
    }

    @Test
    void incompleteFrameEndedBySilenceIsDropped() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 19_200);
        ch.writeInbound(buf("01 03 04 00 64"));
        advanceMicros(ch, 2_100);
        assertEquals(1, sink.exceptions.size());
        assertInstanceOf(CorruptedFrameException.class, sink.exceptions.get(0));
        assertTrue(sink.messages.isEmpty());
        ch.writeInbound(buf("01 03 04 00 64 00 65 7b c7"));
        assertEquals(1, sink.messages.size());
        ch.finishAndReleaseAll();
    }

    @Test
    void gapInsideAFrameSplitsIt() {
        EmbeddedChannel ch = channel(Direction.REQUESTS, 19_200);
        ch.writeInbound(buf("01 03 00 00"));
        advanceMicros(ch, 2_100); // t3.5 passed: the first half is a broken frame
        ch.writeInbound(buf("00 02 c4 0b"));
        advanceMicros(ch, 2_100);
        assertTrue(sink.messages.isEmpty());
        assertEquals(2, sink.exceptions.size());
        ch.finishAndReleaseAll();
    }

    @Test
    void reservedAddressIsGarbage() {
        EmbeddedChannel ch = channel(Direction.REQUESTS, 19_200);
        ModbusRtuFrame f = new ModbusRtuFrame(250, 3, hex("00 00 00 01"));
        ch.writeOutbound(f);
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.outboundBytes(ch)));
        advanceMicros(ch, 2_100);
        assertTrue(sink.messages.isEmpty());
        assertEquals(1, sink.exceptions.size());
        ch.finishAndReleaseAll();
    }

    @Test
    void unknownFunctionRunningPast256BytesIsGarbage() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 19_200);
        byte[] run = new byte[300];
        java.util.Arrays.fill(run, (byte) 0x41); // unit 0x41, function 0x41: no length rule, never a silence
        ch.writeInbound(Unpooled.wrappedBuffer(run));
        assertTrue(sink.messages.isEmpty());
        ch.writeInbound(buf("01 03 04 00 64 00 65 7b c7"));
        assertEquals(1, sink.messages.size(), "the frame after the run still decodes");
        assertInstanceOf(CorruptedFrameException.class, sink.exceptions.get(0));
        ch.finishAndReleaseAll();
    }

    @Test
    void timerStopsWhenRemoved() {
        EmbeddedChannel ch = channel(Direction.RESPONSES, 19_200);
        ch.writeInbound(buf("01 03"));
        ch.pipeline().remove(ModbusRtuFrameDecoder.class);
        advanceMicros(ch, 10_000);
        assertTrue(sink.exceptions.isEmpty());
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }
}
