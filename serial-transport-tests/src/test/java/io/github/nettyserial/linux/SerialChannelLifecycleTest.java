package io.github.nettyserial.linux;

import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialEventLoopGroup;

import static io.github.nettyserial.linux.PtyChannels.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Hang-up, close, many ports on one thread, many open/close cycles, and sharing a loop with sockets. */
class SerialChannelLifecycleTest extends PtyChannelTest {
    @Test
    void hangUpFiresDisconnectedThenInactiveAndFailsPendingWrites() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, rec)
                    .option(SerialChannelOption.BAUD_RATE, 115_200), port.address());
            port.hangUp();
            Throwable cause = rec.errors().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            SerialDisconnectedException d = assertInstanceOf(SerialDisconnectedException.class, cause);
            assertEquals(port.path(), d.path());
            assertTrue(ch.closeFuture().await(TIMEOUT.toMillis()));
            PtyChannels.await("channelInactive", () -> rec.isInactive());
            assertFalse(ch.isActive());
            // Writes after the hang-up fail; none is reported written.
            ChannelFuture late = ch.writeAndFlush(Unpooled.copiedBuffer("late", StandardCharsets.US_ASCII)).await();
            assertFalse(late.isSuccess());
        }
    }

    @Test
    void hangUpIsSeenWithAutoReadOff() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, rec)
                    .option(io.netty.channel.ChannelOption.AUTO_READ, false), port.address());
            port.hangUp();
            assertTrue(ch.closeFuture().await(TIMEOUT.toMillis()), "a hang-up closes the channel even when not reading");
            assertInstanceOf(SerialDisconnectedException.class, rec.errors().poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void closeWithPendingWritesFailsThemAndReportsNoneWritten() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, new Quiet()), port.address());
            // The device end reads nothing, so the pty (about 14-20 KiB) fills and writes stay pending.
            List<ChannelFuture> writes = new ArrayList<>();
            ch.eventLoop().submit(() -> {
                for (int i = 0; i < 64; i++) {
                    writes.add(ch.writeAndFlush(Unpooled.directBuffer(4096).writeZero(4096)));
                }
                return null;
            }).sync();
            PtyChannels.await("a write to wait for the device", () -> !ch.isWritable() || writes.stream().anyMatch(f -> !f.isDone()));
            ch.close().sync();
            int succeeded = 0;
            int failed = 0;
            for (ChannelFuture f : writes) {
                f.await();
                if (f.isSuccess()) {
                    succeeded++;
                } else {
                    failed++;
                    assertInstanceOf(ClosedChannelException.class, f.cause());
                }
            }
            assertTrue(failed > 0, "some writes were pending at close");
            // Whatever was reported written really reached the device (FIONREAD shows only part of a pty's
            // buffers, so read everything there is).
            int received = drain(port);
            assertTrue(succeeded * 4096 <= received, succeeded + " writes reported done, device got " + received + " bytes");
        }
    }

    @Test
    void shuttingTheLoopDownClosesItsChannels() throws Exception {
        EventLoopGroup own = new SerialEventLoopGroup(1);
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(own, rec), port.address());
            assertEquals(2, ProcessResources.fdsOn(port.path()));
            // A quiet period, as in real use: with none, Netty's loop may stop before it asks its handles to
            // close (SingleThreadIoEventLoop.run checks isShuttingDown only right after runIo).
            own.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS).sync();
            assertTrue(ch.closeFuture().await(TIMEOUT.toMillis()), "the channel closes with its loop");
            assertFalse(ch.isOpen());
            assertTrue(rec.isInactive(), "channelInactive fired");
            assertEquals(1, ProcessResources.fdsOn(port.path()), "the port's descriptor is closed");
        }
    }

    @Test
    void closeIsIdempotentAndSafeFromManyThreads() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, new Quiet()), port.address());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            AtomicInteger failures = new AtomicInteger();
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        if (!ch.close().await(TIMEOUT.toMillis())) {
                            failures.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        failures.incrementAndGet();
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(0, failures.get());
            assertFalse(ch.isOpen());
            assertEquals(1, ProcessResources.fdsOn(port.path()), "only the virtual port's own descriptor remains");
            assertTrue(ch.close().await().isSuccess());
        }
    }

    @Test
    void tenThousandOpenCloseCyclesLeakNoDescriptorAndNoThread() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            Bootstrap b = PtyChannels.bootstrap(group, new Quiet()).option(SerialChannelOption.BAUD_RATE, 115_200);
            // Warm up, so that lazily created JVM and Netty resources are there before counting.
            for (int i = 0; i < 100; i++) {
                PtyChannels.connect(b, port.address()).close().sync();
            }
            long fds = ProcessResources.openFds();
            long threads = ProcessResources.osThreads();
            for (int i = 0; i < 10_000; i++) {
                PtyChannels.connect(b, port.address()).close().sync();
            }
            // At most as many: other tests' resources in this JVM may close meanwhile (seen once: one fewer),
            // while a leak would add up to 10,000. The port itself is checked exactly below.
            long after = ProcessResources.openFds();
            assertTrue(after <= fds, "open descriptors after 10,000 cycles: " + after + ", before: " + fds);
            assertTrue(ProcessResources.osThreads() <= threads, "threads after 10,000 cycles");
            assertEquals(1, ProcessResources.fdsOn(port.path()));
        }
    }

    @Test
    void twoHundredPortsOnOneThreadAddNoThread() throws Exception {
        EventLoopGroup one = new SerialEventLoopGroup(1);
        List<VirtualSerialPort> ports = new ArrayList<>();
        List<SerialChannel> channels = new ArrayList<>();
        List<RecordingHandler> recorders = new ArrayList<>();
        try {
            // Start the loop thread first, so it is not counted as added by the ports.
            one.submit(() -> { }).sync();
            long threads = ProcessResources.osThreads();
            for (int i = 0; i < 200; i++) {
                VirtualSerialPort port = VirtualSerialPort.open();
                ports.add(port);
                RecordingHandler rec = new RecordingHandler();
                recorders.add(rec);
                channels.add(PtyChannels.connect(PtyChannels.bootstrap(one, rec), port.address()));
            }
            assertTrue(ProcessResources.osThreads() <= threads, "threads after opening 200 ports on one loop");
            // And every one of them works.
            for (int i = 0; i < 200; i++) {
                ports.get(i).deviceOutput().write(("port " + i).getBytes(StandardCharsets.US_ASCII));
            }
            for (int i = 0; i < 200; i++) {
                byte[] want = ("port " + i).getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(want, recorders.get(i).awaitBytes(want.length, TIMEOUT));
                assertTrue(channels.get(i).eventLoop() == channels.get(0).eventLoop());
            }
            assertTrue(ProcessResources.osThreads() <= threads, "threads after 200 ports carried data");
        } finally {
            for (SerialChannel ch : channels) {
                ch.close().sync();
            }
            for (VirtualSerialPort port : ports) {
                port.close();
            }
            one.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void serialAndTcpChannelsShareOneUserMadeEpollLoop() throws Exception {
        // A serial <-> TCP bridge with both channels on one loop of a plain epoll group, as a user would build it.
        EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel serial = PtyChannels.connect(PtyChannels.bootstrap(epoll, new Quiet()), port.address());
            Channel server = new ServerBootstrap().group(epoll).channel(EpollServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel tcp) {
                            assertTrue(tcp instanceof EpollSocketChannel);
                            assertTrue(tcp.eventLoop() == serial.eventLoop());
                            serial.pipeline().addLast(new Forward(tcp));
                            tcp.pipeline().addLast(new Forward(serial));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int tcpPort = ((InetSocketAddress) server.localAddress()).getPort();
            try (Socket client = new Socket("127.0.0.1", tcpPort)) {
                OutputStream toSerial = client.getOutputStream();
                InputStream fromSerial = client.getInputStream();
                PtyChannels.await("the TCP child to be set up", () -> serial.pipeline().get(Forward.class) != null);
                toSerial.write("over tcp".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("over tcp".getBytes(StandardCharsets.US_ASCII), port.readDevice(8, TIMEOUT));
                port.deviceOutput().write("over serial".getBytes(StandardCharsets.US_ASCII));
                byte[] got = fromSerial.readNBytes(11);
                assertArrayEquals("over serial".getBytes(StandardCharsets.US_ASCII), got);
            }
            server.close().sync();
            serial.close().sync();
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Writes what it reads to another channel. */
    private static final class Forward extends ChannelInboundHandlerAdapter {
        private final Channel to;

        Forward(Channel to) {
            this.to = to;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            to.writeAndFlush(msg);
        }
    }

    @Test
    void waterMarksFollowTheDevice() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, new Quiet())
                    .option(io.netty.channel.ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8192, 32768)),
                    port.address());
            byte[] data = new byte[256 * 1024];
            new java.util.Random(7).nextBytes(data);
            AtomicInteger unwritable = new AtomicInteger();
            AtomicInteger writableAgain = new AtomicInteger();
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    (ctx.channel().isWritable() ? writableAgain : unwritable).incrementAndGet();
                }
            });
            // The device does not read yet: the channel must become unwritable and hold the rest.
            ChannelFuture last = null;
            for (int off = 0; off < data.length; off += 4096) {
                last = ch.writeAndFlush(Unpooled.wrappedBuffer(data, off, 4096));
            }
            PtyChannels.await("the channel to become unwritable", () -> !ch.isWritable());
            PtyChannels.await("the writability event", () -> unwritable.get() >= 1);
            assertFalse(last.isDone(), "the last write cannot be done while the device does not read");
            // Now the device reads: everything arrives, in order, and the channel becomes writable again.
            byte[] got = port.readDevice(data.length, TIMEOUT);
            assertArrayEquals(data, got);
            assertTrue(last.await(TIMEOUT.toMillis()) && last.isSuccess());
            PtyChannels.await("writable again", ch::isWritable);
            PtyChannels.await("the writable-again event", () -> writableAgain.get() >= 1);
            ch.close().sync();
        }
    }

    @Test
    void autoReadOffLeavesBytesInTheKernelUntilReadIsCalled() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            RecordingHandler rec = new RecordingHandler();
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, rec)
                    .option(io.netty.channel.ChannelOption.AUTO_READ, false), port.address());
            port.deviceOutput().write("held back".getBytes(StandardCharsets.US_ASCII));
            PtyChannels.await("the bytes to wait in the driver", () -> ch.bytesAvailable().syncUninterruptibly().getNow() == 9);
            assertEquals(0, rec.size(), "nothing is read while autoRead is off and no read is asked");
            ch.read();
            assertArrayEquals("held back".getBytes(StandardCharsets.US_ASCII), rec.awaitBytes(9, TIMEOUT));
            // autoRead on again: bytes flow by themselves.
            ch.config().setAutoRead(true);
            port.deviceOutput().write("!".getBytes(StandardCharsets.US_ASCII));
            rec.awaitBytes(10, TIMEOUT);
            // And off again: the next bytes stay in the kernel.
            ch.config().setAutoRead(false);
            ch.eventLoop().submit(() -> { }).sync();
            port.deviceOutput().write("xy".getBytes(StandardCharsets.US_ASCII));
            PtyChannels.await("two bytes held", () -> ch.bytesAvailable().syncUninterruptibly().getNow() == 2);
            assertEquals(10, rec.size());
            ch.close().sync();
        }
    }

    @Test
    void channelReportsItsAddress() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, new Quiet()), port.address());
            assertEquals(port.address(), ch.remoteAddress());
            assertNotNull(ch.toString());
            assertTrue(ch.toString().contains(port.path()));
            ch.close().sync();
        }
    }

    /** Reads from the device end until nothing more comes for 300 ms. */
    static int drain(VirtualSerialPort port) throws Exception {
        InputStream in = port.deviceInput();
        byte[] buf = new byte[65536];
        int total = 0;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(300)) {
            if (in.available() > 0) {
                total += in.read(buf);
                quietSince = System.nanoTime();
            } else {
                Thread.sleep(5);
            }
        }
        return total;
    }

    static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }
}
