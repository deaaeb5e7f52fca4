package io.github.nettyserial.rfc2217;

import static io.github.nettyserial.linux.PtyChannels.TIMEOUT;
import static io.github.nettyserial.linux.PtyChannels.await;
import static io.github.nettyserial.linux.PtyChannels.bootstrap;
import static io.github.nettyserial.rfc2217.RemoteChannels.connect;
import static io.github.nettyserial.rfc2217.RemoteChannels.connectFailure;
import static io.github.nettyserial.rfc2217.RemoteChannels.withTimeout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialLineErrorEvent;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.UnsupportedPolicy;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.UnsupportedSerialFeatureException;
import io.github.nettyserial.testkit.RecordingHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted server that behaves as real servers have been seen to: answering with
 * another value than asked, a one-byte (Cisco IOS) baud rate, no answer to SET-CONTROL, data with 0xFF not
 * escaped, notifications, flow-control suspend, a dropped connection. The channel reports what the server
 * did, times out cleanly and never hangs.
 */
class Rfc2217QuirksTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = new SerialEventLoopGroup(1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void settingsReachTheServerBeforeActive() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = connect(bootstrap(group, rec).option(SerialChannelOption.BAUD_RATE, 115_200)
                    .option(SerialChannelOption.PARITY, Parity.EVEN), server.address());
            assertTrue(ch.isActive());
            assertEquals(1, server.count(ComPort.SET_BAUDRATE, -1));
            assertEquals(1, server.count(ComPort.SET_PARITY, ComPort.PARITY_EVEN));
            assertEquals(1, server.count(ComPort.SET_CONTROL, ComPort.CONTROL_DTR_ON));
            assertEquals(1, server.count(ComPort.SET_MODEMSTATE_MASK, 255), "delta bits included in the mask");
            assertTrue(server.commands.contains(TelnetCommand.negotiation(Telnet.WILL, Telnet.BINARY)));
            assertTrue(server.commands.contains(TelnetCommand.negotiation(Telnet.DO, Telnet.BINARY)));
            assertEquals(115_200, ch.config().getBaudRate());
            assertEquals(Parity.EVEN, ch.config().getParity());
            ch.close().sync();
        }
    }

    @Test
    void aChangeWhileConnectingGoesOutWithTheOthers() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.greetingDelayMillis = 300;
            ChannelFuture f = bootstrap(group, new RecordingHandler()).connect(new SerialDeviceAddress(server.address()));
            await("the TCP connection", () -> server.connections() == 1);
            SerialChannel ch = (SerialChannel) f.channel();
            ch.config().setBaudRate(57_600);
            f.sync();
            assertEquals(57_600, ch.config().getBaudRate());
            TelnetCommand[] bauds = server.commands.stream().filter(c -> c.isSubnegotiation(Telnet.COM_PORT_OPTION)
                    && c.payloadByte(0) == ComPort.SET_BAUDRATE).toArray(TelnetCommand[]::new);
            assertEquals(1, bauds.length, "one SET-BAUDRATE");
            assertEquals(57_600, ComPort.baudRate(bauds[0].payload(), 1), "with the newest rate");
            ch.close().sync();
        }
    }

    @Test
    void aDifferentBaudAnswerIsWhatConfigReports() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.baudAnswer = rate -> ScriptedServer.sameRate(rate == 115_200 ? 57_600 : rate);
            SerialChannel ch = connect(bootstrap(group, new RecordingHandler())
                    .option(SerialChannelOption.UNSUPPORTED_POLICY, UnsupportedPolicy.WARN), server.address());
            ch.config().setBaudRate(115_200);
            assertEquals(57_600, ch.config().getBaudRate(), "the server's value, not the request");
            ch.close().sync();
        }
    }

    @Test
    void underRaiseADifferentAnswerIsARefusal() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.baudAnswer = rate -> ScriptedServer.sameRate(rate == 115_200 ? 57_600 : rate);
            Throwable t = connectFailure(bootstrap(group, new RecordingHandler())
                    .option(SerialChannelOption.BAUD_RATE, 115_200), server.address());
            assertInstanceOf(UnsupportedSerialConfigurationException.class, t);
            assertTrue(t.getMessage().contains(server.address()) && t.getMessage().contains("SET-BAUDRATE 115200")
                    && t.getMessage().contains("57600"), t.getMessage());
            await("the refused connection to close", () -> server.connections() == 0);

            SerialChannel ch = connect(bootstrap(group, new RecordingHandler()), server.address());
            ChannelException e = assertThrows(ChannelException.class, () -> ch.config().setBaudRate(115_200));
            assertInstanceOf(UnsupportedSerialConfigurationException.class, e.getCause());
            assertEquals(9600, ch.config().getBaudRate(), "the old rate stays");
            assertTrue(ch.isActive());
            ch.close().sync();
        }
    }

    @Test
    void ciscoOneByteBaudAnswers() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.baudAnswer = rate -> new byte[] {(byte) (rate == 115_200 ? 14 : 8)};
            SerialChannel ch = connect(bootstrap(group, new RecordingHandler()), server.address());
            assertEquals(9600, ch.config().getBaudRate());
            ch.config().setBaudRate(115_200);
            assertEquals(115_200, ch.config().getBaudRate());
            ch.close().sync();
        }
    }

    @Test
    void noAnswerToSetControlTimesOutCleanly() throws Exception {
        withTimeout(300, () -> {
            try (ScriptedServer server = new ScriptedServer()) {
                server.answerControl = false;
                Throwable t = connectFailure(bootstrap(group, new RecordingHandler()), server.address());
                assertInstanceOf(UnsupportedSerialConfigurationException.class, t);
                assertTrue(t.getMessage().contains("did not answer SET-CONTROL 8 (DTR=on) within 300 ms"), t.getMessage());
                await("the connection to close", () -> server.connections() == 0);

                // WARN carries on; config keeps the request where the server said nothing (no earlier value).
                SerialChannel ch = connect(bootstrap(group, new RecordingHandler())
                        .option(SerialChannelOption.UNSUPPORTED_POLICY, UnsupportedPolicy.WARN), server.address());
                assertTrue(ch.isActive());
                ch.config().setUnsupportedPolicy(UnsupportedPolicy.RAISE);
                ChannelException e = assertThrows(ChannelException.class, () -> ch.config().setDtr(false));
                assertTrue(e.getCause().getMessage().contains("DTR=off"), e.getCause().getMessage());
                assertTrue(ch.config().isDtr(), "unchanged after the refusal");
                ch.close().sync();
            }
        });
    }

    @Test
    void unescapedIacFromTheServerNeverHangs() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = connect(bootstrap(group, rec), server.address());
            // 0xFF not doubled: FF 02 reads as a Telnet command (as RFC 854 says); the data around it arrives.
            server.sendRaw(0x01, 0xFF, 0x02, 0x03);
            server.sendRaw(0x04, 0xFF, 0xFF, 0x05);
            assertArrayEquals(new byte[] {1, 3, 4, (byte) 0xFF, 5}, rec.awaitBytes(5, TIMEOUT));
            assertTrue(ch.isActive());
            ch.close().sync();
        }
    }

    @Test
    void notificationsBecomeEventsAndModemLines() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = connect(bootstrap(group, rec).option(SerialChannelOption.MODEM_EVENTS, true),
                    server.address());
            assertInstanceOf(UnsupportedSerialFeatureException.class,
                    ch.modemLines().await().cause(), "nothing reported yet");
            server.sendComPort(ComPort.NOTIFY_MODEMSTATE + ComPort.SERVER_OFFSET, ComPort.MODEMSTATE_DSR);
            await("the first modem state", () -> {
                Future<ModemLines> lines = ch.modemLines().awaitUninterruptibly();
                return lines.isSuccess() && lines.getNow().dsr();
            });
            server.sendComPort(ComPort.NOTIFY_MODEMSTATE + ComPort.SERVER_OFFSET,
                    ComPort.MODEMSTATE_DSR | ComPort.MODEMSTATE_CTS | ComPort.MODEMSTATE_DELTA_CTS);
            ModemLinesChangedEvent e = (ModemLinesChangedEvent) rec.events().poll(10, TimeUnit.SECONDS);
            assertEquals(1, e.ctsChanges());
            assertEquals(0, e.dsrChanges());
            assertTrue(e.current().cts() && !e.previous().cts());
            ModemLines lines = ch.modemLines().sync().getNow();
            assertTrue(lines.cts() && lines.dsr() && lines.dtr() && lines.rts() && !lines.dcd());
            server.sendComPort(ComPort.NOTIFY_LINESTATE + ComPort.SERVER_OFFSET,
                    ComPort.LINESTATE_FRAMING_ERROR | ComPort.LINESTATE_BREAK);
            SerialLineErrorEvent l = (SerialLineErrorEvent) rec.events().poll(10, TimeUnit.SECONDS);
            assertEquals(1, l.framingErrors());
            assertEquals(1, l.breaks());
            ch.close().sync();
        }
    }

    /**
     * Sends FLOWCONTROL-SUSPEND and waits until the channel has processed it: a modem-state notification sent
     * after it on the same connection has arrived.
     */
    private static void suspend(ScriptedServer server, SerialChannel ch) throws InterruptedException {
        server.sendComPort(ComPort.FLOWCONTROL_SUSPEND + ComPort.SERVER_OFFSET);
        server.sendComPort(ComPort.NOTIFY_MODEMSTATE + ComPort.SERVER_OFFSET, ComPort.MODEMSTATE_RI);
        await("the suspension processed", () -> {
            Future<ModemLines> lines = ch.modemLines().awaitUninterruptibly();
            return lines.isSuccess() && lines.getNow().ri();
        });
    }

    @Test
    void breakPurgeAndFlowControlSuspend() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            SerialChannel ch = connect(bootstrap(group, new RecordingHandler()), server.address());
            ch.sendBreak(Duration.ofMillis(20)).sync();
            await("break off", () -> server.count(ComPort.SET_CONTROL, ComPort.CONTROL_BREAK_OFF) == 1);
            assertEquals(1, server.count(ComPort.SET_CONTROL, ComPort.CONTROL_BREAK_ON));
            ch.discardInput().sync();
            ch.discardOutput().sync();
            await("purges", () -> server.count(ComPort.PURGE_DATA, ComPort.PURGE_RX) == 1
                    && server.count(ComPort.PURGE_DATA, ComPort.PURGE_TX) == 1);

            suspend(server, ch);
            int before = server.data().length;
            ChannelFuture held = ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 7}));
            Thread.sleep(50);
            assertFalse(held.isDone(), "held while the server suspended the flow");
            server.sendComPort(ComPort.FLOWCONTROL_RESUME + ComPort.SERVER_OFFSET);
            held.sync();
            await("data after resume", () -> server.data().length >= before + 2);
            byte[] got = server.data();
            assertEquals((byte) 0xFF, got[got.length - 2]);
            assertEquals(7, got[got.length - 1]);
            ch.close().sync();
        }
    }

    @Test
    void aDroppedConnectionIsADisconnect() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = connect(bootstrap(group, rec), server.address());
            suspend(server, ch);
            ChannelFuture pending = ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
            server.disconnectAll();
            Throwable t = rec.awaitError(TIMEOUT);
            assertInstanceOf(SerialDisconnectedException.class, t);
            assertEquals(server.address(), ((SerialException) t).path());
            assertFalse(pending.awaitUninterruptibly().isSuccess(), "the pending write fails");
            await("inactive", () -> !ch.isActive() && !ch.isOpen());
        }
    }

    @Test
    void badAddressesGiveTypedErrors() throws Exception {
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> new SerialDeviceAddress("rfc2217://localhost"));
        assertTrue(noPort.getMessage().contains("rfc2217://localhost"), noPort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SerialDeviceAddress("rfc2217://host:99999"));
        assertThrows(IllegalArgumentException.class, () -> new SerialDeviceAddress("rfc2217://:80"));
        SerialDeviceAddress v6 = new SerialDeviceAddress("rfc2217://[::1]:2217");
        assertEquals("::1", v6.host());
        assertEquals(2217, v6.port());
        assertFalse(new SerialDeviceAddress("/dev/ttyS0").isRemote());

        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        group.submit(() -> { }).sync(); // the loop thread and its epoll fds exist before counting
        long fdsBefore = openFds();
        Throwable refused = connectFailure(bootstrap(group, new RecordingHandler()), "rfc2217://127.0.0.1:" + free);
        assertInstanceOf(SerialPortNotFoundException.class, refused);
        assertTrue(refused.getMessage().startsWith("rfc2217://127.0.0.1:" + free), refused.getMessage());

        Throwable unknown = connectFailure(bootstrap(group, new RecordingHandler()), "rfc2217://no-such-host.invalid:2217");
        assertInstanceOf(SerialPortNotFoundException.class, unknown);
        assertTrue(unknown.getMessage().contains("unknown host"), unknown.getMessage());
        await("no descriptor left open by the failed connects", () -> openFds() == fdsBefore);
    }

    private static long openFds() {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aServerWithoutRfc2217TimesOut() throws Exception {
        withTimeout(300, () -> {
            try (ServerSocket raw = new ServerSocket(0)) {
                Thread acceptor = new Thread(() -> {
                    try (Socket s = raw.accept()) {
                        s.getInputStream().read(new byte[64]); // read the offers, answer nothing
                        Thread.sleep(5_000);
                    } catch (Exception ignored) {
                        // closed by the client
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
                Throwable t = connectFailure(bootstrap(group, new RecordingHandler()),
                        "rfc2217://127.0.0.1:" + raw.getLocalPort());
                assertInstanceOf(UnsupportedSerialFeatureException.class, t);
                assertTrue(t.getMessage().contains("COM-PORT-OPTION"), t.getMessage());
            }
        });
    }
}
