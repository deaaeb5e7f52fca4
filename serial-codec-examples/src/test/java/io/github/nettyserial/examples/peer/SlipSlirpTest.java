package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.examples.slip.SlipFrameDecoder;
import io.github.nettyserial.examples.slip.SlipFrameEncoder;
import io.github.nettyserial.testkit.VirtualSerialPair;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLIP against slirp (Debian's {@code slirp-fullbolt}), a userspace SLIP host that answers ICMP echo: we are
 * 10.0.2.15, slirp is 10.0.2.2. The ping payload holds END and ESC bytes, so both escapes cross the line.
 */
class SlipSlirpTest {

    private static EventLoopGroup group;

    @TempDir
    Path home;

    @BeforeAll
    static void peers() {
        Peer.require("slirp-fullbolt", "slirp");
        group = new SerialEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void pingSlirpOverSlip() throws Exception {
        BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            SerialChannel ch = PeerChannels.open(group, pair.a().path(), 9600,
                    new SlipFrameDecoder(1500), new SlipFrameEncoder(), new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            packets.add(ByteBufUtil.getBytes(msg));
                        }
                    });
            // slirp reads ~/.slirprc: give it an empty home of its own.
            Files.writeString(home.resolve(".slirprc"), "");
            try (Peer slirp = Peer.startWithEnv("slirp", home, "HOME", home.toString(),
                    "slirp-fullbolt", "tty " + pair.b().path(), "nozeros")) {
                byte[] payload = "ping \u00c0 with END \u00db and ESC".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                byte[] reply = null;
                // slirp needs a moment after start before it reads its tty; ask again until it answers.
                for (int attempt = 1; attempt <= 20 && reply == null; attempt++) {
                    ch.writeAndFlush(Unpooled.wrappedBuffer(echoRequest(attempt, payload))).sync();
                    reply = packets.poll(500, TimeUnit.MILLISECONDS);
                }
                assertNotNull(reply, "no answer from slirp\n" + slirp.report());
                assertEquals(0x45, reply[0] & 0xFF, "IPv4");
                assertEquals(1, reply[9], "ICMP");
                assertArrayEquals(new byte[] {10, 0, 2, 2}, Arrays.copyOfRange(reply, 12, 16));
                assertArrayEquals(new byte[] {10, 0, 2, 15}, Arrays.copyOfRange(reply, 16, 20));
                assertEquals(0, reply[20], "echo reply");
                assertEquals(0, checksum(reply, 20, reply.length - 20), "ICMP checksum");
                assertArrayEquals(payload, Arrays.copyOfRange(reply, 28, reply.length));
            } finally {
                ch.close().sync();
            }
        }
    }

    /** An IPv4 ICMP echo request from 10.0.2.15 to 10.0.2.2. */
    static byte[] echoRequest(int seq, byte[] payload) {
        byte[] p = new byte[28 + payload.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[4] = 0x12;
        p[5] = (byte) seq;
        p[8] = 64; // TTL
        p[9] = 1; // ICMP
        System.arraycopy(new byte[] {10, 0, 2, 15, 10, 0, 2, 2}, 0, p, 12, 8);
        int ip = checksum(p, 0, 20);
        p[10] = (byte) (ip >> 8);
        p[11] = (byte) ip;
        p[20] = 8; // echo request
        p[24] = 0x4e; // identifier
        p[25] = 0x53;
        p[27] = (byte) seq;
        System.arraycopy(payload, 0, p, 28, payload.length);
        int icmp = checksum(p, 20, p.length - 20);
        p[22] = (byte) (icmp >> 8);
        p[23] = (byte) icmp;
        return p;
    }

    /** The Internet checksum (RFC 1071); 0 over data that includes a correct checksum. */
    static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xFF;
            int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            sum += hi << 8 | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
