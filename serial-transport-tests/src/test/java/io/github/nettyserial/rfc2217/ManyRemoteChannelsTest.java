package io.github.nettyserial.rfc2217;

import static io.github.nettyserial.linux.PtyChannels.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** 500 RFC 2217 channels on one loop thread: the process gains no thread for them. */
class ManyRemoteChannelsTest {
    private static final int CHANNELS = 500;

    @Test
    void fiveHundredChannelsOnOneLoopThread() throws Exception {
        // The test is about threads, not speed: on a loaded machine 500 handshakes may take a while.
        RemoteChannels.withTimeout(60_000, this::fiveHundred);
    }

    private void fiveHundred() throws Exception {
        EventLoopGroup group = new SerialEventLoopGroup(1);
        try (ScriptedServer server = new ScriptedServer()) {
            Bootstrap b = new Bootstrap().group(group).channel(SerialChannel.class)
                    .handler(new io.netty.channel.ChannelInboundHandlerAdapter() {
                        @Override
                        public boolean isSharable() {
                            return true;
                        }
                    });
            SerialDeviceAddress address = new SerialDeviceAddress(server.address());
            // Start the loop thread (and the server's) before counting.
            b.connect(address).sync().channel().close().sync();
            Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();

            List<ChannelFuture> connects = new ArrayList<>();
            for (int i = 0; i < CHANNELS; i++) {
                connects.add(b.connect(address));
            }
            Set<Thread> loopThreads = new HashSet<>();
            for (ChannelFuture f : connects) {
                assertTrue(f.await(120, TimeUnit.SECONDS) && f.isSuccess(), () -> "connect failed: " + f.cause());
                SerialChannel ch = (SerialChannel) f.channel();
                ch.eventLoop().submit(() -> loopThreads.add(Thread.currentThread())).sync();
                ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF}));
            }
            await("every channel's byte at the server", () -> server.data().length == CHANNELS);
            assertEquals(1, loopThreads.size(), "all channels on one loop thread");
            assertEquals(CHANNELS, server.connections(), "one TCP connection per channel");
            // Java threads, not /proc/self/task: the JVM adds compiler and GC threads of its own under load.
            List<String> added = Thread.getAllStackTraces().keySet().stream().filter(t -> !threadsBefore.contains(t))
                    .map(Thread::getName).collect(Collectors.toList());
            assertEquals(List.of(), added, "no thread per port");
            for (ChannelFuture f : connects) {
                f.channel().close();
            }
            for (ChannelFuture f : connects) {
                f.channel().closeFuture().sync();
            }
            await("every connection closed", () -> server.connections() == 0);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
