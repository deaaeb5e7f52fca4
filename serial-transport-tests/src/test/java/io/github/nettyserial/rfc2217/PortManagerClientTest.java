package io.github.nettyserial.rfc2217;

import static io.github.nettyserial.linux.PtyChannels.TIMEOUT;
import static io.github.nettyserial.linux.PtyChannels.bootstrap;
import static io.github.nettyserial.rfc2217.RemoteChannels.connect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client against pyserial's RFC 2217 server ({@code serial.rfc2217.PortManager}, Debian's python3-serial
 * under /usr/bin/python3) serving a pty: every setting is answered (DTR/RTS too, the script makes the pty's
 * missing modem ioctls harmless), so the default {@code UNSUPPORTED_POLICY=RAISE} connects.
 */
class PortManagerClientTest {

    @Test
    void settingsAndEveryByteValueThroughPyserialsServer(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("rfc2217_portmanager.py");
        try (var in = getClass().getResourceAsStream("/peers/rfc2217_portmanager.py")) {
            Files.copy(in, script);
        }
        EventLoopGroup group = new SerialEventLoopGroup(1);
        Process server = null;
        try (VirtualSerialPort device = VirtualSerialPort.open()) {
            server = new ProcessBuilder("/usr/bin/python3", script.toString(), device.path())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("READY "), "PortManager server did not start: " + ready);
            String address = "rfc2217://127.0.0.1:" + ready.substring(6).trim();

            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = connect(bootstrap(group, rec).option(SerialChannelOption.BAUD_RATE, 38_400), address);
            assertEquals(38_400, device.lineSettings().baudRate(), "applied by pyserial before the channel was active");
            assertEquals(38_400, ch.config().getBaudRate());

            byte[] all = new byte[512];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            ch.writeAndFlush(Unpooled.wrappedBuffer(all)).sync();
            assertArrayEquals(all, device.readDevice(all.length, TIMEOUT), "client -> PortManager -> pty");
            device.deviceOutput().write(all);
            assertArrayEquals(all, rec.awaitBytes(all.length, TIMEOUT), "pty -> PortManager -> client");

            ch.config().setBaudRate(115_200);
            assertEquals(115_200, ch.config().getBaudRate());
            assertEquals(115_200, device.lineSettings().baudRate());
            ch.config().setDtr(false);
            assertEquals(false, ch.config().isDtr(), "PortManager answered DTR off");
            ch.close().sync();
        } finally {
            if (server != null) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
