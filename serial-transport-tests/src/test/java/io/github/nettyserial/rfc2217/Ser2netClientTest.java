package io.github.nettyserial.rfc2217;

import static io.github.nettyserial.linux.PtyChannels.TIMEOUT;
import static io.github.nettyserial.linux.PtyChannels.await;
import static io.github.nettyserial.linux.PtyChannels.bootstrap;
import static io.github.nettyserial.rfc2217.RemoteChannels.connect;
import static io.github.nettyserial.rfc2217.RemoteChannels.connectFailure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.UnsupportedPolicy;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client against a real ser2net (Debian's v4, {@code accepter: telnet(rfc2217)}) whose device is a pty
 * played by the test. A pty has no modem lines, so ser2net never answers SET-CONTROL DTR/RTS: the suite runs
 * under {@code UNSUPPORTED_POLICY=WARN} with a short reply timeout, and one test shows the RAISE refusal.
 */
class Ser2netClientTest {
    private static final String TIMEOUT_PROPERTY = "io.github.nettyserial.rfc2217.timeoutMillis";

    @TempDir
    static Path dir;
    private static EventLoopGroup group;
    private static VirtualSerialPort device;
    private static Ser2net ser2net;
    private SerialChannel ch;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty(TIMEOUT_PROPERTY, "500");
        group = new SerialEventLoopGroup(1);
        device = VirtualSerialPort.open();
        ser2net = Ser2net.serve(device.path(), dir);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty(TIMEOUT_PROPERTY);
        if (ser2net != null) {
            ser2net.close();
        }
        device.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @BeforeEach
    void drainDevice() throws IOException {
        while (device.deviceAvailable() > 0) {
            device.deviceInput().read(new byte[device.deviceAvailable()]);
        }
    }

    @AfterEach
    void closeChannel() {
        if (ch != null) {
            ch.close().syncUninterruptibly();
        }
    }

    private static Bootstrap warn(RecordingHandler rec) {
        return bootstrap(group, rec).option(SerialChannelOption.UNSUPPORTED_POLICY, UnsupportedPolicy.WARN);
    }

    private static byte[] everyByteValueTwice() {
        byte[] b = new byte[512];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void everyByteValueBothWays() throws Exception {
        RecordingHandler rec = new RecordingHandler();
        ch = connect(warn(rec), ser2net.address());
        byte[] all = everyByteValueTwice();
        ch.writeAndFlush(Unpooled.wrappedBuffer(all)).sync();
        assertArrayEquals(all, device.readDevice(all.length, TIMEOUT), "client -> ser2net -> pty");
        device.deviceOutput().write(all);
        assertArrayEquals(all, rec.awaitBytes(all.length, TIMEOUT), "pty -> ser2net -> client");
    }

    @Test
    void oneMebibyteByteIdenticalBothWays() throws Exception {
        RecordingHandler rec = new RecordingHandler();
        ch = connect(warn(rec), ser2net.address());
        byte[] data = new byte[1 << 20];
        new Random(2217).nextBytes(data);
        ch.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertArrayEquals(data, device.readDevice(data.length, TIMEOUT.multipliedBy(3)), "client -> pty");

        Thread writer = new Thread(() -> {
            try {
                device.deviceOutput().write(data);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        assertArrayEquals(data, rec.awaitBytes(data.length, TIMEOUT.multipliedBy(3)), "pty -> client");
        writer.join();
    }

    @Test
    void runtimeBaudChangeReachesThePty() throws Exception {
        ch = connect(warn(new RecordingHandler()).option(SerialChannelOption.BAUD_RATE, 19_200), ser2net.address());
        assertEquals(19_200, device.lineSettings().baudRate(), "set at connect, before active");
        assertEquals(19_200, ch.config().getBaudRate());
        ch.config().setBaudRate(57_600);
        assertEquals(57_600, ch.config().getBaudRate(), "ser2net's answer");
        assertEquals(57_600, device.lineSettings().baudRate(), "termios of ser2net's pty");
        Process stty = new ProcessBuilder("stty", "-F", device.path(), "speed").redirectErrorStream(true).start();
        assertEquals("57600", new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        assertEquals(0, stty.waitFor());
    }

    @Test
    void modemLinesComeFromSer2netsNotification() throws Exception {
        ch = connect(warn(new RecordingHandler()), ser2net.address());
        // ser2net reports the modem state as soon as COM-PORT-OPTION is agreed; a pty has no lines, so all off.
        await("ser2net's NOTIFY-MODEMSTATE", () -> ch.modemLines().awaitUninterruptibly().isSuccess());
        ModemLines lines = ch.modemLines().sync().getNow();
        assertFalse(lines.cts() || lines.dsr() || lines.ri() || lines.dcd(), lines.toString());
    }

    @Test
    void underRaiseThePtysMissingDtrIsAnError() throws Exception {
        Throwable t = connectFailure(bootstrap(group, new RecordingHandler()), ser2net.address());
        assertInstanceOf(UnsupportedSerialConfigurationException.class, t);
        assertTrue(t.getMessage().startsWith(ser2net.address()) && t.getMessage().contains("DTR=on"), t.getMessage());
    }

    @Test
    void ser2netKilledIsADisconnect() throws Exception {
        Path own2 = java.nio.file.Files.createDirectories(dir.resolve("killed"));
        try (VirtualSerialPort own = VirtualSerialPort.open(); Ser2net doomed = Ser2net.serve(own.path(), own2)) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel c = connect(warn(rec), doomed.address());
            doomed.kill();
            Throwable t = rec.awaitError(TIMEOUT);
            assertInstanceOf(SerialDisconnectedException.class, t);
            assertEquals(doomed.address(), ((SerialException) t).path());
            await("inactive", () -> !c.isActive() && !c.isOpen());
            assertFalse(c.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1})).awaitUninterruptibly().isSuccess());
        }
    }
}
