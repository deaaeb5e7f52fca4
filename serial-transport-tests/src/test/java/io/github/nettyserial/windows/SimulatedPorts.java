package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.windows.sim.SimKernel;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the tests that run SerialChannel on an {@link IocpIoHandler} loop over the simulated kernel, with
 * the connected pair COM10/COM11. After each test everything must be back: no operation in flight, no
 * handle open, no native memory and no direct buffer left, and no misuse seen by the kernel.
 */
@Timeout(60)
abstract class SimulatedPorts {
    static final long TIMEOUT_SECONDS = 20;

    SimKernel kernel;
    TrackingAllocator alloc;
    EventLoopGroup group;
    final List<Channel> channels = new ArrayList<>();
    /** What a test deliberately leaves with the kernel (a driver that never completes): operations, bytes, buffers. */
    int keptOperations;
    long keptBytes;
    int keptBuffers;

    SimKernel newKernel() {
        return new SimKernel();
    }

    @BeforeEach
    void startLoop() {
        kernel = newKernel();
        kernel.createPair("COM10", "COM11");
        alloc = new TrackingAllocator(kernel);
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(kernel));
    }

    @AfterEach
    void everythingReturned() throws Exception {
        try {
            for (Channel ch : channels) {
                ch.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            kernel.assertClean();
            assertEquals(keptOperations, kernel.liveOperations(), "operations whose packet was never dequeued");
            assertEquals(0, kernel.openHandles(), "handles left open");
            assertEquals(keptBytes, kernel.allocatedBytes(), "native memory not freed");
            assertEquals(keptBuffers, alloc.live(), "direct buffers not released");
        } finally {
            kernel.shutdown();
        }
    }

    /** Opens {@code port} with the tracking allocator and the given options; handlers go into the pipeline. */
    SerialChannel open(String port, Object[] options, ChannelHandler... handlers) throws InterruptedException {
        ChannelFuture f = connect(port, options, handlers);
        f.sync();
        return (SerialChannel) f.channel();
    }

    SerialChannel open(String port, ChannelHandler... handlers) throws InterruptedException {
        return open(port, new Object[0], handlers);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    ChannelFuture connect(String port, Object[] options, ChannelHandler... handlers) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(SerialChannel.class)
                .option(ChannelOption.ALLOCATOR, alloc)
                .handler(new io.netty.channel.ChannelInitializer<SerialChannel>() {
                    @Override
                    protected void initChannel(SerialChannel ch) {
                        ch.pipeline().addLast(handlers);
                    }
                });
        for (int i = 0; i < options.length; i += 2) {
            b.option((ChannelOption) options[i], options[i + 1]);
        }
        ChannelFuture f = b.connect(new SerialDeviceAddress(port));
        f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        channels.add(f.channel());
        return f;
    }

    static Object[] opts(Object... pairs) {
        return pairs;
    }

    void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; kernel: "
                        + (kernel == null ? "-" : kernel.describe()));
            }
            Thread.sleep(2);
        }
    }

    /** Collects what the channel reads, its user events, exceptions and end. */
    final class Collector extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        /** For each user event, in order, how many bytes had been read before it. */
        final List<Integer> bytesBeforeEvent = new ArrayList<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        final CountDownLatch inactive = new CountDownLatch(1);
        volatile boolean pooledDirect = true;
        volatile int reads;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (!buf.isDirect() || !buf.alloc().isDirectBufferPooled()) {
                    pooledDirect = false;
                }
                byte[] b = new byte[buf.readableBytes()];
                buf.readBytes(b);
                synchronized (bytes) {
                    bytes.write(b, 0, b.length);
                }
                reads++;
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            synchronized (bytes) {
                bytesBeforeEvent.add(bytes.size());
            }
            events.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive.countDown();
        }

        int size() {
            synchronized (bytes) {
                return bytes.size();
            }
        }

        byte[] bytes() {
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }

        byte[] await(int n) throws InterruptedException {
            SimulatedPorts.this.await(() -> size() >= n, n + " bytes (have " + size() + ")");
            return bytes();
        }
    }

    /** Writes back everything it reads. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }
}
