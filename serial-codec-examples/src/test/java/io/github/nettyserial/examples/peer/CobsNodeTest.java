package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.examples.cobs.CobsFrameDecoder;
import io.github.nettyserial.examples.cobs.CobsFrameEncoder;
import io.github.nettyserial.testkit.VirtualSerialPair;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * COBS against npm's {@code cobs} 0.2.1 (no COBS implementation is packaged for Debian): a node echo peer
 * decodes what our encoder wrote and encodes it back for our decoder. The module is looked up in
 * {@code -Dpeers.nodePath} (default {@code ~/.cache/netty-serial-peers/node_modules}); install it with
 * {@code npm install --prefix ~/.cache/netty-serial-peers cobs@0.2.1}.
 */
class CobsNodeTest {

    private static EventLoopGroup group;
    private static String nodePath;

    @BeforeAll
    static void peers() throws Exception {
        Peer.require("node", "nodejs");
        Peer.require("stty", "coreutils");
        nodePath = System.getProperty("peers.nodePath",
                Path.of(System.getProperty("user.home"), ".cache", "netty-serial-peers", "node_modules").toString());
        ProcessBuilder p = new ProcessBuilder("node", "-e", "require('cobs')").redirectErrorStream(true);
        p.environment().put("NODE_PATH", nodePath);
        Process check = p.start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            fail("npm module 'cobs' is missing in " + nodePath + ": npm install --prefix "
                    + Path.of(nodePath).getParent() + " cobs@0.2.1\n" + out);
        }
        group = new SerialEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void framesEchoedByNpmCobs() throws Exception {
        BlockingQueue<byte[]> echoed = new LinkedBlockingQueue<>();
        try (VirtualSerialPair pair = VirtualSerialPair.open();
             Peer echo = Peer.startWithEnv("cobs-echo", null, "NODE_PATH", nodePath, "node",
                     Peer.script("cobs_echo.js"), pair.b().path())) {
            echo.awaitLine("READY", Duration.ofSeconds(20));
            SerialChannel ch = PeerChannels.open(group, pair.a().path(), 9600,
                    new CobsFrameDecoder(4096), new CobsFrameEncoder(), new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            echoed.add(ByteBufUtil.getBytes(msg));
                        }
                    });
            try {
                Random rnd = new Random(1997);
                byte[][] frames = new byte[40][];
                for (int i = 0; i < frames.length; i++) {
                    frames[i] = new byte[i < 4 ? new int[] {1, 253, 254, 255}[i] : 1 + rnd.nextInt(3000)];
                    rnd.nextBytes(frames[i]);
                    if (i < 4 || i % 5 == 0) { // runs without zeros: full 254-byte blocks
                        Arrays.fill(frames[i], (byte) 0x55);
                    } else if (i % 7 == 0) {
                        Arrays.fill(frames[i], (byte) 0); // all zeros
                    }
                    ch.writeAndFlush(Unpooled.wrappedBuffer(frames[i]));
                }
                for (int i = 0; i < frames.length; i++) {
                    byte[] got = echoed.poll(10, TimeUnit.SECONDS);
                    assertNotNull(got, "frame " + i + " not echoed\n" + echo.report());
                    assertArrayEquals(frames[i], got, "frame " + i);
                }
                assertEquals(frames.length, echo.lines().stream().filter(l -> l.startsWith("frame ")).count());
            } finally {
                ch.close().sync();
            }
        }
    }
}
