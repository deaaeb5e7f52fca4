package io.github.nettyserial.linux;

import static io.github.nettyserial.linux.PtyChannels.TIMEOUT;
import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialEventLoopGroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.testkit.VirtualSerialPair;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real external program on the device end: pyserial (Debian's python3-serial, under /usr/bin/python3)
 * echoes 256 KiB of random bytes back to a SerialChannel across a virtual pair. Fails if pyserial is missing.
 */
class PyserialPeerTest {

    @Test
    void pyserialEchoesEveryByte(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("pyserial_echo.py");
        try (var in = getClass().getResourceAsStream("/peers/pyserial_echo.py")) {
            Files.copy(in, script);
        }
        byte[] data = new byte[256 * 1024];
        new Random(42).nextBytes(data);
        EventLoopGroup group = new SerialEventLoopGroup(1);
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            Process peer = new ProcessBuilder("/usr/bin/python3", script.toString(), pair.b().path(),
                    String.valueOf(data.length)).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine(), "pyserial peer did not start (is python3-serial installed?)");
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, rec)
                    .option(SerialChannelOption.BAUD_RATE, 115_200), pair.a());
            ch.writeAndFlush(Unpooled.wrappedBuffer(data)).sync();
            assertArrayEquals(data, rec.awaitBytes(data.length, TIMEOUT));
            assertTrue(peer.waitFor(30, TimeUnit.SECONDS));
            assertEquals("DONE " + data.length, out.readLine());
            assertEquals(0, peer.exitValue());
            // pyserial set 115200 on its end; ours reads back what we asked.
            assertEquals(115_200, pair.lineSettingsA().baudRate());
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
