package io.github.nettyserial.examples.modbus;

import static io.github.nettyserial.examples.testutil.Bytes.buf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.modbus.ModbusRtuFrameDecoder.Direction;
import io.github.nettyserial.examples.testutil.Bytes;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModbusRtuMasterSlaveTest {

    private final MockTicker ticker = Ticker.newMockTicker();
    private final ModbusRtuMaster master = new ModbusRtuMaster(19_200, Duration.ofMillis(500));

    private EmbeddedChannel masterChannel() {
        return EmbeddedChannel.builder().ticker(ticker).handlers(
                new ModbusRtuFrameDecoder(Direction.RESPONSES, 19_200), new ModbusRtuFrameEncoder(), master).build();
    }

    private static InMemoryModbusDataModel model() {
        InMemoryModbusDataModel m = new InMemoryModbusDataModel(16, 16, 10, 10);
        for (int i = 0; i < 10; i++) {
            m.setHoldingRegister(i, 100 + i);
            m.setInputRegister(i, 200 + i);
        }
        for (int i = 0; i < 16; i++) {
            m.setCoil(i, i % 2 == 0);
            m.setDiscreteInput(i, true);
        }
        return m;
    }

    private EmbeddedChannel slaveChannel(InMemoryModbusDataModel model) {
        return EmbeddedChannel.builder().ticker(ticker).handlers(
                new ModbusRtuFrameDecoder(Direction.REQUESTS, 19_200), new ModbusRtuFrameEncoder(),
                new ModbusRtuSlave(1, model)).build();
    }

    private void advanceMillis(EmbeddedChannel ch, long ms) {
        ticker.advance(ms, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void readHoldingRegisters() throws Exception {
        EmbeddedChannel ch = masterChannel();
        Future<ModbusResponse> f = master.send(ModbusRequest.readHoldingRegisters(1, 0, 2));
        assertEquals("010300000002c40b", Bytes.outbound(ch));
        ch.writeInbound(buf("01 03 04 00 64 00 65 7b c7"));
        assertTrue(f.isSuccess());
        assertArrayEquals(new int[] {100, 101}, f.get().registers());
        ch.finishAndReleaseAll();
    }

    @Test
    void exceptionResponse() {
        EmbeddedChannel ch = masterChannel();
        Future<ModbusResponse> f = master.send(ModbusRequest.readHoldingRegisters(1, 0x1000, 1));
        assertEquals("010310000001 80ca".replace(" ", ""), Bytes.outbound(ch));
        ch.writeInbound(buf("01 83 02 c0 f1"));
        ModbusExceptionResponse e = assertInstanceOf(ModbusExceptionResponse.class, f.cause());
        assertEquals(ModbusFunction.ILLEGAL_DATA_ADDRESS, e.code());
        ch.finishAndReleaseAll();
    }

    @Test
    void timeoutThenNextRequestGoesOut() {
        EmbeddedChannel ch = masterChannel();
        Future<ModbusResponse> first = master.send(ModbusRequest.readHoldingRegisters(2, 0, 1));
        Future<ModbusResponse> second = master.send(ModbusRequest.readHoldingRegisters(1, 0, 2));
        Bytes.outbound(ch);
        advanceMillis(ch, 499);
        assertFalse(first.isDone());
        assertTrue(Bytes.outbound(ch).isEmpty(), "one request outstanding at a time");
        advanceMillis(ch, 1);
        assertInstanceOf(ModbusTimeoutException.class, first.cause());
        assertTrue(Bytes.outbound(ch).isEmpty(), "t3.5 gap before the next request");
        advanceMillis(ch, 3);
        assertEquals("010300000002c40b", Bytes.outbound(ch));
        ch.writeInbound(buf("01 03 04 00 64 00 65 7b c7"));
        assertTrue(second.isSuccess());
        ch.finishAndReleaseAll();
    }

    @Test
    void lateResponseAfterTimeoutIsDropped() {
        EmbeddedChannel ch = masterChannel();
        Future<ModbusResponse> f = master.send(ModbusRequest.readHoldingRegisters(1, 0, 2));
        Bytes.outbound(ch);
        advanceMillis(ch, 600);
        assertInstanceOf(ModbusTimeoutException.class, f.cause());
        ch.writeInbound(buf("01 03 04 00 64 00 65 7b c7"));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void responseThatDoesNotFitTheRequest() {
        EmbeddedChannel ch = masterChannel();
        Future<ModbusResponse> f = master.send(ModbusRequest.readHoldingRegisters(1, 0, 3));
        Bytes.outbound(ch);
        ch.writeInbound(buf("01 03 04 00 64 00 65 7b c7")); // two registers, three asked
        assertInstanceOf(ModbusException.class, f.cause());
        ch.finishAndReleaseAll();
    }

    @Test
    void writesAndCoils() throws Exception {
        EmbeddedChannel ch = masterChannel();
        Future<ModbusResponse> w = master.send(ModbusRequest.writeMultipleRegisters(1, 0, 1, 2));
        assertEquals("0110000000020400010002 23ae".replace(" ", ""), Bytes.outbound(ch));
        ch.writeInbound(buf("01 10 00 00 00 02 41 c8"));
        assertTrue(w.isSuccess());
        advanceMillis(ch, 3);
        Future<ModbusResponse> single = master.send(ModbusRequest.writeSingleRegister(1, 3, 0x1092));
        assertEquals("010600031092f5a7", Bytes.outbound(ch));
        ch.writeInbound(buf("01 06 00 03 10 92 f5 a7"));
        assertArrayEquals(new int[] {0x1092}, single.get().registers());
        advanceMillis(ch, 3);
        Future<ModbusResponse> coils = master.send(ModbusRequest.readCoils(1, 0, 8));
        Bytes.outbound(ch);
        ModbusResponse r = ModbusResponse.ofBits(ModbusRequest.readCoils(1, 0, 8),
                true, false, true, false, true, false, true, false);
        ch.writeOneInbound(Unpooled.EMPTY_BUFFER);
        EmbeddedChannel enc = new EmbeddedChannel(new ModbusRtuFrameEncoder());
        enc.writeOutbound(r.toFrame());
        ch.writeInbound(Unpooled.wrappedBuffer(Bytes.outboundBytes(enc)));
        assertArrayEquals(new boolean[] {true, false, true, false, true, false, true, false}, coils.get().bits());
        enc.finishAndReleaseAll();
        ch.finishAndReleaseAll();
    }

    @Test
    void broadcastCompletesWithoutResponse() {
        EmbeddedChannel ch = masterChannel();
        Future<ModbusResponse> f = master.send(ModbusRequest.writeSingleRegister(0, 1, 7));
        Bytes.outbound(ch);
        assertFalse(f.isDone());
        advanceMillis(ch, 100);
        assertTrue(f.isSuccess());
        assertNull(f.getNow());
        ch.finishAndReleaseAll();
    }

    @Test
    void closeFailsPendingRequests() {
        EmbeddedChannel ch = masterChannel();
        Future<ModbusResponse> a = master.send(ModbusRequest.readHoldingRegisters(1, 0, 1));
        Future<ModbusResponse> b = master.send(ModbusRequest.readHoldingRegisters(1, 0, 1));
        ch.close();
        assertInstanceOf(ClosedChannelException.class, a.cause());
        assertInstanceOf(ClosedChannelException.class, b.cause());
        Future<ModbusResponse> c = master.send(ModbusRequest.readHoldingRegisters(1, 0, 1));
        assertInstanceOf(ClosedChannelException.class, c.cause());
        ch.finishAndReleaseAll();
    }

    @Test
    void requestLimitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ModbusRequest.readHoldingRegisters(1, 0, 126));
        assertThrows(IllegalArgumentException.class, () -> ModbusRequest.readHoldingRegisters(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ModbusRequest.readCoils(1, 0, 2001));
        assertThrows(IllegalArgumentException.class, () -> ModbusRequest.writeSingleRegister(1, 0, 65536));
        assertThrows(IllegalArgumentException.class, () -> ModbusRequest.readInputRegisters(248, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ModbusRequest.readInputRegisters(1, 65535, 2));
    }

    // The slave's answers are the ones pymodbus 3.0 and libmodbus 3.1.6 put on the wire for the same requests.
    @Test
    void slaveAnswersLikeRealSlaves() {
        EmbeddedChannel ch = slaveChannel(model());
        ch.writeInbound(buf("01 03 00 00 00 02 c4 0b"));
        assertEquals("01030400640065 7bc7".replace(" ", ""), Bytes.outbound(ch));
        ch.writeInbound(buf("01 03 00 00 00 0a c5 cd"));
        assertEquals("010314006400650066006700680069006a006b006c006d63d1", Bytes.outbound(ch));
        ch.writeInbound(buf("01 06 00 03 10 92 f5 a7"));
        assertEquals("010600031092f5a7", Bytes.outbound(ch));
        ch.writeInbound(buf("01 03 00 64 00 01 c5 d5"));
        assertEquals("018302c0f1", Bytes.outbound(ch));
        ch.writeInbound(buf("01 10 00 00 00 02 04 00 01 00 02 23 ae"));
        assertEquals("011000000002 41c8".replace(" ", ""), Bytes.outbound(ch));
        ch.writeInbound(buf("01 41 c0 10"));
        assertTrue(Bytes.outbound(ch).isEmpty());
        ticker.advance(3, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks(); // unknown function: framed by the silence, answered with exception 01
        assertEquals("01c101b050", Bytes.outbound(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void slaveCoilsInputsAndLimits() {
        InMemoryModbusDataModel model = model();
        EmbeddedChannel slave = slaveChannel(model);
        EmbeddedChannel masterSide = masterChannel();
        ModbusRequest[] requests = {
            ModbusRequest.readCoils(1, 0, 10), ModbusRequest.readDiscreteInputs(1, 3, 9),
            ModbusRequest.readInputRegisters(1, 0, 2), ModbusRequest.writeSingleCoil(1, 1, true),
            ModbusRequest.writeMultipleCoils(1, 8, true, true, false, true, true, true, true, true),
            ModbusRequest.readCoils(1, 0, 16), ModbusRequest.readCoils(1, 10, 7),
        };
        Future<?>[] results = new Future<?>[requests.length];
        for (int i = 0; i < requests.length; i++) {
            results[i] = master.send(requests[i]);
            slave.writeInbound(Unpooled.wrappedBuffer(Bytes.outboundBytes(masterSide)));
            masterSide.writeInbound(Unpooled.wrappedBuffer(Bytes.outboundBytes(slave)));
            advanceMillis(masterSide, 3);
        }
        assertArrayEquals(new boolean[] {true, false, true, false, true, false, true, false, true, false},
                ((ModbusResponse) results[0].getNow()).bits());
        assertEquals(9, ((ModbusResponse) results[1].getNow()).bits().length);
        assertArrayEquals(new int[] {200, 201}, ((ModbusResponse) results[2].getNow()).registers());
        assertTrue(results[3].isSuccess(), String.valueOf(results[3].cause()));
        assertTrue(results[4].isSuccess());
        assertArrayEquals(new boolean[] {true, true, true, false, true, false, true, false,
            true, true, false, true, true, true, true, true}, ((ModbusResponse) results[5].getNow()).bits());
        assertEquals(ModbusFunction.ILLEGAL_DATA_ADDRESS, ((ModbusExceptionResponse) results[6].cause()).code());
        slave.finishAndReleaseAll();
        masterSide.finishAndReleaseAll();
    }

    @Test
    void slaveIgnoresOtherUnitsAndAppliesBroadcasts() {
        InMemoryModbusDataModel model = model();
        EmbeddedChannel ch = slaveChannel(model);
        ch.writeInbound(Unpooled.wrappedBuffer(encode(ModbusRequest.readHoldingRegisters(2, 0, 1).toFrame())));
        ch.writeInbound(Unpooled.wrappedBuffer(encode(ModbusRequest.writeSingleRegister(0, 1, 7).toFrame())));
        assertTrue(Bytes.outbound(ch).isEmpty());
        assertEquals(7, model.holdingRegister(1));
        // malformed: FC16 whose byte count disagrees with the quantity -> exception 03
        ch.writeInbound(Unpooled.wrappedBuffer(encode(new ModbusRtuFrame(1, 16, Bytes.hex("00 00 00 03 04 00 01 00 02")))));
        assertEquals("019003 0c01".replace(" ", ""), Bytes.outbound(ch));
        ch.finishAndReleaseAll();
    }

    private static byte[] encode(ModbusRtuFrame f) {
        EmbeddedChannel enc = new EmbeddedChannel(new ModbusRtuFrameEncoder());
        enc.writeOutbound(f);
        byte[] b = Bytes.outboundBytes(enc);
        enc.finishAndReleaseAll();
        return b;
    }
}
