package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.SerialPortBusyException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The channel scenarios on the real kernel32, over a com0com null-modem pair. Not named {@code *Test}, so
 * the default suite (which has no Windows machine) does not pick it up; on Windows run it by name:
 * {@code mvnw.cmd -pl serial-transport,serial-transport-tests -am verify -Dtest=Com0comRig
 * -Dsurefire.failIfNoSpecifiedTests=false} (set-up in docs/windows.md). The ports
 * are {@code -Dnettyserial.com0com.a} and {@code -Dnettyserial.com0com.b}, by default COM10 and COM11
 * (COM10 and up need the {@code \\.\} prefix the backend adds).
 */
@EnabledOnOs(value = OS.WINDOWS, disabledReason = "needs Windows kernel32 and a com0com pair")
class Com0comRig {
    private static final String A = System.getProperty("nettyserial.com0com.a", "COM10");
    private static final String B = System.getProperty("nettyserial.com0com.b", "COM11");

    private EventLoopGroup group;

    @BeforeEach
    void start() {
        group = new SerialEventLoopGroup(1);
    }

    @AfterEach
    void stop() throws InterruptedException {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    private SerialChannel open(String port, Sink sink, boolean autoRead) throws InterruptedException {
        return (SerialChannel) new Bootstrap().group(group).channel(SerialChannel.class)
                .option(SerialChannelOption.BAUD_RATE, 115_200)
                .option(ChannelOption.AUTO_READ, autoRead)
                .handler(sink == null ? new ChannelInboundHandlerAdapter() : sink)
                .connect(new SerialDeviceAddress(port)).sync().channel();
    }

    static final class Sink extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b).release();
            bytes.write(b, 0, b.length);
            notifyAll();
        }

        synchronized byte[] await(int n) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 60_000;
            while (bytes.size() < n && System.currentTimeMillis() < deadline) {
                wait(100);
            }
            return bytes.toByteArray();
        }
    }

    @Test
    void oneMebibyteThroughThePair() throws Exception {
        Sink sink = new Sink();
        SerialChannel a = open(A, null, true);
        open(B, sink, true);
        byte[] data = new byte[1 << 20];
        new Random(5).nextBytes(data);
        for (int off = 0; off < data.length; off += 65_536) {
            a.write(a.alloc().directBuffer(65_536).writeBytes(data, off, 65_536));
        }
        a.flush();
        assertArrayEquals(data, sink.await(data.length));
    }

    @Test
    void modemLinesFollowTheOtherEnd() throws Exception {
        SerialChannel a = open(A, null, true);
        SerialChannel b = open(B, null, true);
        a.config().setOption(SerialChannelOption.RTS, false);
        ModemLines lines = b.modemLines().get(10, TimeUnit.SECONDS);
        assertFalse(lines.cts());
        a.config().setOption(SerialChannelOption.RTS, true);
        assertTrue(b.modemLines().get(10, TimeUnit.SECONDS).cts());
    }

    @Test
    void closeWithReadWriteAndWaitInFlightThenReopen() throws Exception {
        SerialChannel a = open(A, null, true);
        open(B, null, false);
        ChannelFuture write = a.writeAndFlush(a.alloc().directBuffer(1 << 20).writeZero(1 << 20));
        a.close().sync();
        assertTrue(write.await(10, TimeUnit.SECONDS));
        // The handle is really closed: the port opens again at once.
        open(A, null, true).close().sync();
    }

    @Test
    void secondOpenIsBusy() throws Exception {
        open(A, null, true);
        ChannelFuture second = new Bootstrap().group(group).channel(SerialChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(new SerialDeviceAddress(A)).await();
        SerialPortBusyException e = assertInstanceOf(SerialPortBusyException.class, second.cause());
        assertEquals(5, e.nativeErrorCode());
    }
}
