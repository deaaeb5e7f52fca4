package io.github.nettyserial.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannelConfig;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialLineErrorEvent;
import io.github.nettyserial.testkit.EmbeddedSerialChannel.LineChange;
import io.github.nettyserial.testkit.EmbeddedSerialChannel.OutputLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedSerialChannelTest {

    /** Records the user events it sees and passes everything on. */
    static final class EventRecorder extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    private EmbeddedSerialChannel ch;

    @AfterEach
    void finish() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void configIsASerialConfigWithTheDefaults() {
        ch = new EmbeddedSerialChannel();
        SerialChannelConfig config = ch.config();
        assertEquals(9600, config.getBaudRate());
        assertEquals(9600, config.getOption(SerialChannelOption.BAUD_RATE));
        assertTrue(config.setOption(SerialChannelOption.PARITY, Parity.EVEN));
        assertEquals(Parity.EVEN, config.getParity());
        assertThrows(IllegalArgumentException.class, () -> config.setBaudRate(0));
        assertTrue(ch.isActive());
        assertEquals(EmbeddedSerialChannel.DEFAULT_ADDRESS, ch.remoteAddress());
    }

    @Test
    void handlersSeeTheSerialConfigWhenAdded() {
        List<Object> seen = new ArrayList<>();
        ch = new EmbeddedSerialChannel(new SerialDeviceAddress("/dev/ttyFAKE0"), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                seen.add(ctx.channel().config());
                seen.add(ctx.channel().remoteAddress());
            }
        });
        assertInstanceOf(SerialChannelConfig.class, seen.get(0));
        assertEquals(new SerialDeviceAddress("/dev/ttyFAKE0"), seen.get(1));
    }

    @Test
    void receiveDeliversADirectBufferAndReadOutboundBytesConcatenates() {
        ch = new EmbeddedSerialChannel();
        assertTrue(ch.receive("AT\r".getBytes(US_ASCII)));
        ByteBuf in = ch.readInbound();
        try {
            assertTrue(in.isDirect());
            assertEquals("AT\r", in.toString(US_ASCII));
        } finally {
            in.release();
        }
        ch.writeOutbound(Unpooled.copiedBuffer("OK", US_ASCII), Unpooled.copiedBuffer("\r\n", US_ASCII));
        assertArrayEquals("OK\r\n".getBytes(US_ASCII), ch.readOutboundBytes());
        assertArrayEquals(new byte[0], ch.readOutboundBytes());
    }

    @Test
    void readOutboundBytesRefusesSomethingThatIsNotABuffer() {
        ch = new EmbeddedSerialChannel();
        ch.writeOutbound("a string");
        IllegalStateException e = assertThrows(IllegalStateException.class, ch::readOutboundBytes);
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void modemEventsFireOnlyWhileTheOptionIsOn() {
        EventRecorder recorder = new EventRecorder();
        ch = new EmbeddedSerialChannel(recorder);
        ch.setCts(true);
        assertTrue(recorder.events.isEmpty(), "MODEM_EVENTS is off by default");
        assertEquals(new ModemLines(true, false, false, false, true, true), ch.modemLines().getNow());

        ch.config().setModemEvents(true);
        ch.setDcd(true).setCts(true);
        assertEquals(1, recorder.events.size(), "setting a line to its current level is not a change");
        ModemLinesChangedEvent event = (ModemLinesChangedEvent) recorder.events.get(0);
        assertEquals(new ModemLines(true, false, false, false, true, true), event.previous());
        assertEquals(new ModemLines(true, false, false, true, true, true), event.current());
        assertEquals(1, event.dcdChanges());
        assertEquals(0, event.ctsChanges());
    }

    @Test
    void aRingCountsAnEdgeWithoutChangingTheLevel() {
        EventRecorder recorder = new EventRecorder();
        ch = new EmbeddedSerialChannel(recorder);
        ch.config().setModemEvents(true);
        ch.ring();
        ModemLinesChangedEvent event = (ModemLinesChangedEvent) recorder.events.get(0);
        assertEquals(event.previous(), event.current());
        assertFalse(event.current().ri());
        assertEquals(1, event.riChanges());
    }

    @Test
    void lineErrorsAndBreakFireSerialLineErrorEvents() {
        EventRecorder recorder = new EventRecorder();
        ch = new EmbeddedSerialChannel(recorder);
        ch.framingError();
        assertTrue(recorder.events.isEmpty());
        ch.config().setOption(SerialChannelOption.MODEM_EVENTS, true);
        ch.framingError().parityError().receiveBreak().lineErrors(0, 0, 2, 3, 0);
        assertEquals(4, recorder.events.size());
        SerialLineErrorEvent framing = (SerialLineErrorEvent) recorder.events.get(0);
        assertEquals(1, framing.framingErrors());
        assertEquals(1, ((SerialLineErrorEvent) recorder.events.get(1)).parityErrors());
        assertEquals(1, ((SerialLineErrorEvent) recorder.events.get(2)).breaks());
        SerialLineErrorEvent overruns = (SerialLineErrorEvent) recorder.events.get(3);
        assertEquals(2, overruns.overruns());
        assertEquals(3, overruns.bufferOverruns());
        assertThrows(IllegalArgumentException.class, () -> ch.lineErrors(-1, 0, 0, 0, 0));
    }

    @Test
    void eventsAreNotFiredOnAClosedChannel() {
        EventRecorder recorder = new EventRecorder();
        ch = new EmbeddedSerialChannel(recorder);
        ch.config().setModemEvents(true);
        ch.close();
        ch.setDsr(true).parityError();
        assertTrue(recorder.events.isEmpty());
    }

    @Test
    void outputLineChangesAreRecordedWithTheirVirtualTime() {
        // A handler that resets the device on connect: DTR off for 100 ms, then on (the Arduino pulse).
        ch = new EmbeddedSerialChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                SerialChannelConfig config = (SerialChannelConfig) ctx.channel().config();
                config.setDtr(false);
                ctx.executor().schedule(() -> config.setOption(SerialChannelOption.DTR, true),
                        100, TimeUnit.MILLISECONDS);
                config.setRts(true); // already on: not a change
            }
        });
        assertEquals(List.of(new LineChange(OutputLine.DTR, false, Duration.ZERO)), ch.outputLineChanges());
        ch.elapse(Duration.ofMillis(99));
        assertEquals(1, ch.outputLineChanges().size());
        ch.elapse(Duration.ofMillis(1));
        assertEquals(List.of(new LineChange(OutputLine.DTR, false, Duration.ZERO),
                new LineChange(OutputLine.DTR, true, Duration.ofMillis(100))), ch.outputLineChanges());
        assertTrue(ch.modemLines().getNow().dtr());
    }

    @Test
    void elapseRunsEachTaskAtItsOwnDeadline() {
        ch = new EmbeddedSerialChannel();
        List<Duration> ticks = new ArrayList<>();
        ch.eventLoop().scheduleAtFixedRate(() -> ticks.add(ch.now()), 10, 10, TimeUnit.MILLISECONDS);
        ch.eventLoop().schedule(() -> {
            ticks.add(Duration.ofSeconds(-1)); // marks where the one-shot task ran
        }, 25, TimeUnit.MILLISECONDS);
        ch.elapse(Duration.ofMillis(35));
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(-1),
                Duration.ofMillis(30)), ticks);
        assertEquals(Duration.ofMillis(35), ch.now());
        assertThrows(IllegalArgumentException.class, () -> ch.elapse(Duration.ofMillis(-1)));
    }

    @Test
    void timeStandsStillUntilElapseIsCalled() {
        ch = new EmbeddedSerialChannel();
        boolean[] ran = {false};
        ch.eventLoop().schedule(() -> {
            ran[0] = true;
        }, 1, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        assertFalse(ran[0]);
        assertEquals(Duration.ZERO, ch.now());
        ch.elapse(Duration.ofMillis(1));
        assertTrue(ran[0]);
    }

    @Test
    void elapseRethrowsWhatAHandlerThrewFromATimer() {
        ch = new EmbeddedSerialChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.executor().schedule(() -> ctx.fireExceptionCaught(new IllegalStateException("t3.5 expired")),
                        2, TimeUnit.MILLISECONDS);
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ch.elapse(Duration.ofMillis(5)));
        assertEquals("t3.5 expired", e.getMessage());
    }

    @Test
    void sendBreakIsRecordedAndEndsInVirtualTime() {
        ch = new EmbeddedSerialChannel();
        ChannelFuture brk = ch.sendBreak(Duration.ofMillis(250));
        assertEquals(List.of(Duration.ofMillis(250)), ch.breaksSent());
        ch.elapse(Duration.ofMillis(249));
        assertFalse(brk.isDone());
        ch.elapse(Duration.ofMillis(1));
        assertTrue(brk.isSuccess());
        assertInstanceOf(IllegalArgumentException.class, ch.sendBreak(Duration.ZERO).cause());
    }

    @Test
    void drainFlushesAndCompletes() {
        ch = new EmbeddedSerialChannel();
        ch.write(Unpooled.copiedBuffer("x", US_ASCII));
        assertNull(ch.readOutbound());
        assertTrue(ch.drain().isSuccess());
        assertArrayEquals(new byte[] {'x'}, ch.readOutboundBytes());
        ch.close();
        assertFalse(ch.drain().isSuccess());
        assertSame(ch.config(), ch.config());
    }
}
