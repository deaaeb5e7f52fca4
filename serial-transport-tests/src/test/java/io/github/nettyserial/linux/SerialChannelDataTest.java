package io.github.nettyserial.linux;

import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.SerialChannel;

import static io.github.nettyserial.linux.PtyChannels.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.testkit.VirtualSerialPair;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bytes in both directions over pseudo-terminals: echo, and 1 MiB of random data each way. */
class SerialChannelDataTest extends PtyChannelTest {
    @Test
    void channelToDeviceAndBack() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, rec), port.address());
            ch.writeAndFlush(Unpooled.copiedBuffer("hello device", StandardCharsets.US_ASCII)).sync();
            assertArrayEquals("hello device".getBytes(StandardCharsets.US_ASCII), port.readDevice(12, TIMEOUT));
            port.deviceOutput().write("hello channel".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("hello channel".getBytes(StandardCharsets.US_ASCII), rec.awaitBytes(13, TIMEOUT));
            ch.close().sync();
            PtyChannels.await("channelInactive", () -> rec.isInactive());
            assertTrue(!ch.isOpen());
        }
    }

    @Test
    void emptyBuffersAreWrittenAsNothing() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = PtyChannels.connect(bootstrap(), port.address());
            // Alone, and gathered with others: each completes and nothing else is disturbed.
            assertTrue(ch.writeAndFlush(Unpooled.EMPTY_BUFFER).await(TIMEOUT.toMillis()));
            ch.write(Unpooled.directBuffer(0));
            ch.write(Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII));
            ch.write(Unpooled.EMPTY_BUFFER);
            assertTrue(ch.writeAndFlush(Unpooled.copiedBuffer("b", StandardCharsets.US_ASCII)).sync().isSuccess());
            assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII), port.readDevice(2, TIMEOUT));
            ch.close().sync();
        }
    }

    @Test
    void oneMebibyteEachWayBetweenTwoChannels() throws Exception {
        byte[] ab = new byte[1 << 20];
        byte[] ba = new byte[1 << 20];
        new Random(1).nextBytes(ab);
        new Random(2).nextBytes(ba);
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            RecordingHandler recA = new RecordingHandler();
            RecordingHandler recB = new RecordingHandler();
            SerialChannel a = PtyChannels.connect(PtyChannels.bootstrap(group, recA), pair.a());
            SerialChannel b = PtyChannels.connect(PtyChannels.bootstrap(group, recB), pair.b());
            // Heap buffers on purpose: the channel copies them to direct memory once.
            a.writeAndFlush(Unpooled.wrappedBuffer(ab));
            b.writeAndFlush(Unpooled.wrappedBuffer(ba));
            assertArrayEquals(ab, recB.awaitBytes(ab.length, TIMEOUT));
            assertArrayEquals(ba, recA.awaitBytes(ba.length, TIMEOUT));
            a.close().sync();
            b.close().sync();
        }
    }
}
