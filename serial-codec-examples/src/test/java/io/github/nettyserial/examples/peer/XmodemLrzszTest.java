package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.examples.testutil.CliRun.Result;
import io.github.nettyserial.examples.xmodem.XmodemFile;
import io.github.nettyserial.examples.xmodem.XmodemMode;
import io.github.nettyserial.examples.xmodem.XmodemReceiver;
import io.github.nettyserial.examples.xmodem.XmodemSender;
import io.github.nettyserial.testkit.VirtualSerialPair;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XMODEM-CRC, XMODEM-1K and YMODEM against lrzsz's sx/rx/sb/rb in both directions, byte for byte. lrzsz
 * runs behind {@code socat PTY EXEC:...} (see src/test/resources/peers/README.md).
 */
class XmodemLrzszTest {

    private static EventLoopGroup group;

    @TempDir
    Path dir;

    @BeforeAll
    static void peers() {
        for (String p : new String[] {"sx", "rx", "sb", "rb"}) {
            Peer.require(p, "lrzsz");
        }
        Peer.require("socat", "socat");
        group = new SerialEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** lrzsz {@code command} in {@code cwd}, its stdio wired to the pty {@code path} by socat. */
    private static Peer lrzsz(String name, Path cwd, String path, String command) throws Exception {
        return Peer.start(name, cwd, "socat", path + ",raw,echo=0", "EXEC:" + command);
    }

    private void sendTo(XmodemMode mode, String receiverCommand, byte[] content, Path received) throws Exception {
        Path rxDir = Files.createDirectories(dir.resolve("rx"));
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            XmodemSender sender = new XmodemSender(mode, "payload.bin", content);
            SerialChannel ch = PeerChannels.open(group, pair.a().path(), 9600, sender);
            try (Peer rx = lrzsz("receiver", rxDir, pair.b().path(), receiverCommand)) {
                assertTrue(sender.result().await(60, TimeUnit.SECONDS), "sender finished\n" + rx.report());
                assertTrue(sender.result().isSuccess(), sender.result().cause() + "\n" + rx.report());
                assertEquals(0, rx.waitFor(Duration.ofSeconds(30)), rx.report());
            } finally {
                ch.close().sync();
            }
        }
        assertArrayEquals(content, Files.readAllBytes(rxDir.resolve(received)));
    }

    private XmodemFile receiveFrom(XmodemMode mode, String senderCommand, byte[] content) throws Exception {
        Path txDir = Files.createDirectories(dir.resolve("tx"));
        Files.write(txDir.resolve("payload.bin"), content);
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            XmodemReceiver receiver = new XmodemReceiver(mode, 1 << 20);
            SerialChannel ch = PeerChannels.open(group, pair.a().path(), 9600, receiver);
            try (Peer tx = lrzsz("sender", txDir, pair.b().path(), senderCommand)) {
                assertTrue(receiver.result().await(60, TimeUnit.SECONDS), "receiver finished\n" + tx.report());
                assertTrue(receiver.result().isSuccess(), receiver.result().cause() + "\n" + tx.report());
                assertEquals(0, tx.waitFor(Duration.ofSeconds(30)), tx.report());
            } finally {
                ch.close().sync();
            }
            List<XmodemFile> files = receiver.result().getNow();
            assertEquals(1, files.size());
            return files.get(0);
        }
    }

    @Test
    void xmodemCrcToRx() throws Exception {
        sendTo(XmodemMode.XMODEM, "rx -c -b out.bin", random(64 * 1024, 1), Path.of("out.bin"));
    }

    @Test
    void xmodem1kToRx() throws Exception {
        sendTo(XmodemMode.XMODEM_1K, "rx -c -b out.bin", random(64 * 1024, 2), Path.of("out.bin"));
    }

    @Test
    void ymodemToRb() throws Exception {
        sendTo(XmodemMode.YMODEM, "rb -b", random(100_000, 3), Path.of("payload.bin"));
    }

    @Test
    void xmodemFromSx() throws Exception {
        byte[] content = random(64 * 1024, 4);
        assertArrayEquals(content, receiveFrom(XmodemMode.XMODEM, "sx -b payload.bin", content).content());
    }

    @Test
    void xmodem1kFromSx() throws Exception {
        byte[] content = random(64 * 1024, 5);
        assertArrayEquals(content, receiveFrom(XmodemMode.XMODEM_1K, "sx -k -b payload.bin", content).content());
    }

    @Test
    void ymodemFromSb() throws Exception {
        byte[] content = random(100_000, 6);
        XmodemFile f = receiveFrom(XmodemMode.YMODEM, "sb -b payload.bin", content);
        assertEquals("payload.bin", f.name());
        assertEquals(100_000, f.declaredSize());
        assertArrayEquals(content, f.content());
    }

    @Test
    void xmodemTailIsPaddedLikeLrzszDoes() throws Exception {
        byte[] content = random(1000, 7);
        byte[] got = receiveFrom(XmodemMode.XMODEM, "sx -b payload.bin", content).content();
        assertEquals(1024, got.length);
        assertArrayEquals(content, java.util.Arrays.copyOf(got, 1000));
    }

    @Test
    void serialXmodemCommandSendsAndReceivesByteIdentical() throws Exception {
        byte[] content = random(32 * 1024, 8);
        Path local = dir.resolve("local.bin");
        Files.write(local, content);
        Path rxDir = Files.createDirectories(dir.resolve("cli-rx"));
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            // Start rx once the tool has the port open, as on a real line: a UART drops what arrives while it
            // is closed, and rx repeats its C only every 10 s.
            CliRun cli = new CliRun("waiting for the receiver", "xmodem", "send", pair.a().path(), local.toString())
                    .awaitReady();
            Result r;
            try (Peer rx = lrzsz("rx", rxDir, pair.b().path(), "rx -c -b out.bin")) {
                r = cli.finish(60);
                assertEquals(0, rx.waitFor(Duration.ofSeconds(30)), rx.report());
            }
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().startsWith("sent " + local + ": 32768 bytes in "), r.out());
        }
        assertArrayEquals(content, Files.readAllBytes(rxDir.resolve("out.bin")));

        Path txDir = Files.createDirectories(dir.resolve("cli-tx"));
        Files.write(txDir.resolve("payload.bin"), content);
        Path back = dir.resolve("back.bin");
        try (VirtualSerialPair pair = VirtualSerialPair.open();
             Peer sx = lrzsz("sx", txDir, pair.b().path(), "sx -b payload.bin")) {
            Result r = CliRun.run("xmodem", "receive", pair.a().path(), back.toString());
            assertEquals(0, r.code(), r + sx.report());
            assertEquals(0, sx.waitFor(Duration.ofSeconds(30)), sx.report());
        }
        assertArrayEquals(content, Files.readAllBytes(back));

        Path ydir = Files.createDirectories(dir.resolve("cli-ymodem"));
        try (VirtualSerialPair pair = VirtualSerialPair.open();
             Peer sb = lrzsz("sb", txDir, pair.b().path(), "sb -b payload.bin")) {
            Result r = CliRun.run("xmodem", "receive", "--mode", "ymodem", pair.a().path(), ydir.toString());
            assertEquals(0, r.code(), r + sb.report());
            assertEquals(0, sb.waitFor(Duration.ofSeconds(30)), sb.report());
        }
        assertArrayEquals(content, Files.readAllBytes(ydir.resolve("payload.bin")));
    }
}
