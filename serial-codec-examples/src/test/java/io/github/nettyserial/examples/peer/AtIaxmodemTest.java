package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.examples.at.AtClient;
import io.github.nettyserial.examples.at.AtCommandException;
import io.github.nettyserial.examples.at.AtLineDecoder;
import io.github.nettyserial.examples.at.AtResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AT client against iaxmodem, a software modem whose AT interpreter is spandsp's. iaxmodem makes its own
 * pseudo-terminal and reads its configuration only from /etc/iaxmodem/NAME, so the test writes one there for
 * the run (root, as in CI) and removes it. No call is dialled.
 */
class AtIaxmodemTest {

    private static EventLoopGroup group;

    @TempDir
    Path dir;

    @BeforeAll
    static void peers() {
        Peer.require("iaxmodem", "iaxmodem");
        group = new SerialEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void commandsAgainstASoftwareModem() throws Exception {
        String name = "netty-serial-test-" + ProcessHandle.current().pid();
        Path config = Path.of("/etc/iaxmodem", name);
        Path tty = dir.resolve("ttyIAX");
        int udpPort;
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            udpPort = s.getLocalPort();
        }
        try {
            Files.createDirectories(config.getParent());
            Files.writeString(config, String.join("\n", "device " + tty, "owner root:root", "mode 660",
                    "port " + udpPort, "refresh 0", "server 127.0.0.1", "peername iaxmodem", "secret password",
                    "cidname Test", "cidnumber 1", "codec slinear", ""));
        } catch (java.io.IOException e) {
            fail("iaxmodem reads its configuration only from /etc/iaxmodem, which is not writable: " + e);
        }
        AtClient client = new AtClient(Duration.ofSeconds(3), AtClient.DEFAULT_UNSOLICITED);
        try (Peer modem = Peer.start("iaxmodem", dir, "iaxmodem", name)) {
            assertTrue(Peer.awaitFile(tty, Duration.ofSeconds(20)), "iaxmodem made no pty\n" + modem.report());
            SerialChannel ch = PeerChannels.open(group, tty.toString(), 9600, new AtLineDecoder(), client);
            try {
                assertEquals(new AtResponse("AT", List.of(), "OK"), client.send("AT").get(), modem.report());
                assertEquals(List.of("spandsp"), client.send("ATI").get().lines());
                assertEquals(List.of("0,1,1.0"), client.send("AT+FCLASS=?").get().lines());
                assertEquals(List.of("000"), client.send("ATS0?").get().lines());
                Future<AtResponse> bad = client.send("ATX9").await();
                assertEquals("ERROR", assertInstanceOf(AtCommandException.class, bad.cause()).finalResult());
                client.send("ATE0").get();
                assertEquals(new AtResponse("AT", List.of(), "OK"), client.send("AT").get());
            } finally {
                ch.close().sync();
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }
}
