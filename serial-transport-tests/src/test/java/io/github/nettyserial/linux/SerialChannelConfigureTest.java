package io.github.nettyserial.linux;

import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.Rs485Config;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.UnsupportedPolicy;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.UnsupportedSerialFeatureException;

import static io.github.nettyserial.linux.PtyChannels.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.testkit.LineSettings;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Line settings at connect and at runtime, read back from the device side of a pty; what a pty cannot do
 * goes through UNSUPPORTED_POLICY; the operations that are not options.
 */
class SerialChannelConfigureTest extends PtyChannelTest {
    private static SerialChannel open(VirtualSerialPort port, Object... optionsAndValues) {
        io.netty.bootstrap.Bootstrap b = PtyChannels.bootstrap(group, new Quiet());
        for (int i = 0; i < optionsAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            io.netty.channel.ChannelOption<Object> o = (io.netty.channel.ChannelOption<Object>) optionsAndValues[i];
            b.option(o, optionsAndValues[i + 1]);
        }
        return PtyChannels.connect(b, port.address());
    }

    @Test
    void settingsAtConnectReachTheLine() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = open(port, SerialChannelOption.BAUD_RATE, 250_000,
                    SerialChannelOption.STOP_BITS, StopBits.TWO, SerialChannelOption.FLOW_CONTROL, FlowControl.RTS_CTS);
            LineSettings line = port.lineSettings();
            assertEquals(250_000, line.baudRate(), "a non-standard rate through BOTHER");
            assertEquals(8, line.dataBits());
            assertEquals(Parity.NONE, line.parity());
            assertTrue(line.twoStopBits());
            assertTrue(line.rtsCts());
            assertTrue(line.raw(), "raw mode with VMIN=1, VTIME=0");
            ch.close().sync();
        }
    }

    @Test
    void runtimeChangesApplyAtOnceFromAnyThread() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = open(port);
            assertEquals(9600, port.lineSettings().baudRate());
            ch.config().setBaudRate(115_200);
            assertEquals(115_200, port.lineSettings().baudRate());
            ch.config().setOption(SerialChannelOption.BAUD_RATE, 31_250); // MIDI: a custom rate
            assertEquals(31_250, port.lineSettings().baudRate());
            ch.config().setFlowControl(FlowControl.XON_XOFF);
            assertTrue(port.lineSettings().xonXoff());
            assertFalse(port.lineSettings().rtsCts());
            ch.config().setFlowControl(FlowControl.NONE);
            assertFalse(port.lineSettings().xonXoff());
            ch.config().setStopBits(StopBits.TWO);
            assertTrue(port.lineSettings().twoStopBits());
            // From the loop thread too.
            ch.eventLoop().submit(() -> ch.config().setBaudRate(57_600)).sync();
            assertEquals(57_600, port.lineSettings().baudRate());
            assertEquals(57_600, ch.config().getBaudRate());
            // Data still flows after all that.
            ch.writeAndFlush(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII)).sync();
            assertArrayEquals("ok".getBytes(StandardCharsets.US_ASCII), port.readDevice(2, TIMEOUT));
            ch.close().sync();
        }
    }

    @Test
    void changesFromTheLoopAndFromOtherThreadsAtOnceDoNotDeadlock() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = open(port);
            // A handler on the loop changes settings while another thread does too.
            io.netty.util.concurrent.Future<?> onLoop = ch.eventLoop().submit(() -> {
                for (int i = 0; i < 200; i++) {
                    ch.config().setStopBits(i % 2 == 0 ? StopBits.TWO : StopBits.ONE);
                }
            });
            for (int i = 0; i < 200; i++) {
                ch.config().setBaudRate(i % 2 == 0 ? 19_200 : 38_400);
                ch.eventLoop().execute(() -> ch.config().setFlowControl(FlowControl.XON_XOFF));
            }
            assertTrue(onLoop.await(TIMEOUT.toMillis()), "the loop finished its changes");
            onLoop.sync();
            ch.config().setBaudRate(4_800);
            assertEquals(4_800, port.lineSettings().baudRate());
            assertEquals(ch.config().getStopBits() == StopBits.TWO, port.lineSettings().twoStopBits());
            ch.close().sync();
        }
    }

    @Test
    void aRefusedChangeKeepsTheOldSettingsAndThrowsTheTypedError() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = open(port, SerialChannelOption.BAUD_RATE, 19_200);
            // A pty clears PARENB: the read-back differs, so under RAISE the change is refused as a whole.
            ChannelException e = assertThrows(ChannelException.class, () -> ch.config().setParity(Parity.EVEN));
            UnsupportedSerialConfigurationException u = assertInstanceOf(UnsupportedSerialConfigurationException.class, e.getCause());
            assertEquals(port.path(), u.path());
            assertTrue(u.getMessage().contains("PARITY=EVEN"), u.getMessage());
            assertEquals(Parity.NONE, ch.config().getParity(), "the config keeps the old value");
            LineSettings line = port.lineSettings();
            assertEquals(19_200, line.baudRate(), "the line keeps the old rate");
            assertEquals(Parity.NONE, line.parity());
            assertTrue(line.raw());
            // Seven data bits: a pty forces CS8 back.
            assertThrows(ChannelException.class, () -> ch.config().setDataBits(7));
            assertEquals(8, ch.config().getDataBits());
            assertEquals(8, port.lineSettings().dataBits());
            assertTrue(ch.isActive(), "a refused setting does not close the channel");
            ch.close().sync();
        }
    }

    @Test
    void warnAndIgnoreCarryOnWithWhatThePortDoes() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = open(port, SerialChannelOption.UNSUPPORTED_POLICY, UnsupportedPolicy.WARN,
                    SerialChannelOption.PARITY, Parity.ODD, SerialChannelOption.FLOW_CONTROL, FlowControl.DSR_DTR,
                    SerialChannelOption.STOP_BITS, StopBits.ONE_POINT_FIVE);
            assertTrue(ch.isActive());
            assertEquals(Parity.NONE, port.lineSettings().parity(), "the pty carries no parity");
            assertTrue(port.lineSettings().twoStopBits(), "1.5 stop bits with 8 data bits become 2");
            assertFalse(port.lineSettings().rtsCts(), "no DSR/DTR flow control on Linux; none instead");
            ch.config().setUnsupportedPolicy(UnsupportedPolicy.IGNORE);
            ch.config().setDataBits(7);
            assertEquals(8, port.lineSettings().dataBits());
            ch.close().sync();
        }
    }

    @Test
    void unsupportedFeaturesOfAPtyGoThroughThePolicy() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            // A pty has no modem lines, no serial_struct, no RS-485: each is refused under RAISE at connect.
            Object[][] cases = {
                {SerialChannelOption.DTR, false},
                {SerialChannelOption.RTS, false},
                {SerialChannelOption.MODEM_EVENTS, true},
                {SerialChannelOption.LOW_LATENCY, true},
                {SerialChannelOption.RS485, Rs485Config.builder().build()},
                {SerialChannelOption.STOP_BITS, StopBits.ONE_POINT_FIVE},
                {SerialChannelOption.FLOW_CONTROL, FlowControl.DSR_DTR},
            };
            for (Object[] c : cases) {
                @SuppressWarnings("unchecked")
                io.netty.channel.ChannelOption<Object> o = (io.netty.channel.ChannelOption<Object>) c[0];
                long fds = ProcessResources.fdsOn(port.path());
                ChannelFuture f = PtyChannels.bootstrap(group, new Quiet()).option(o, c[1]).connect(port.address()).await();
                assertFalse(f.isSuccess(), o.name() + "=" + c[1] + " should be refused on a pty");
                SerialException e = assertInstanceOf(SerialException.class, f.cause());
                assertTrue(e instanceof UnsupportedSerialFeatureException || e instanceof UnsupportedSerialConfigurationException,
                        o.name() + ": " + e);
                String name = o.name().substring(o.name().indexOf('#') + 1);
                assertTrue(e.getMessage().contains(name), e.getMessage());
                PtyChannels.await("channel closed", () -> !f.channel().isOpen());
                assertEquals(fds, ProcessResources.fdsOn(port.path()), "fd left behind by " + name);
            }
            // Asserting lines that do not exist is harmless: the default DTR=RTS=true opens fine.
            open(port).close().sync();
        }
    }

    @Test
    void operationsOnAPty() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, rec)
                    .option(io.netty.channel.ChannelOption.AUTO_READ, false), port.address());
            // bytesAvailable / discardInput
            port.deviceOutput().write(new byte[100]);
            PtyChannels.await("100 bytes waiting", () -> ch.bytesAvailable().syncUninterruptibly().getNow() == 100);
            ch.discardInput().sync();
            assertEquals(0, ch.bytesAvailable().sync().getNow());
            // bytesQueued (a pty's driver queue is always empty) / discardOutput / drain
            assertEquals(0, ch.bytesQueued().sync().getNow());
            ch.discardOutput().sync();
            ch.write(Unpooled.copiedBuffer("drained", StandardCharsets.US_ASCII));
            ch.drain().sync();
            assertEquals(0, ch.eventLoop().submit(() -> ch.unsafe().outboundBuffer().totalPendingWriteBytes()).get(),
                    "drain completes once the bytes have left the channel (a pty has no transmitter to wait for)");
            assertArrayEquals("drained".getBytes(StandardCharsets.US_ASCII), port.readDevice(7, TIMEOUT));
            // sendBreak: a pty accepts and ignores it
            ch.sendBreak(Duration.ofMillis(5)).sync();
            assertInstanceOf(IllegalArgumentException.class, ch.sendBreak(Duration.ZERO).await().cause());
            // modemLines: a pty has none
            ExecutionException e = assertThrows(ExecutionException.class, () -> ch.modemLines().get());
            UnsupportedSerialFeatureException u = assertInstanceOf(UnsupportedSerialFeatureException.class, e.getCause());
            assertEquals(25, u.nativeErrorCode());
            ch.close().sync();
            // After close every operation fails instead of touching a closed descriptor.
            assertFalse(ch.drain().await().isSuccess());
            assertFalse(ch.bytesAvailable().await().isSuccess());
            assertEquals(0, rec.size());
        }
    }

    @Test
    void operationsBeforeConnectFail() throws Exception {
        SerialChannel ch = new SerialChannel();
        assertInstanceOf(java.nio.channels.NotYetConnectedException.class, ch.bytesQueued().await().cause());
        group.register(ch).sync();
        assertInstanceOf(java.nio.channels.NotYetConnectedException.class, ch.drain().await().cause());
        ch.close().sync();
    }
}
