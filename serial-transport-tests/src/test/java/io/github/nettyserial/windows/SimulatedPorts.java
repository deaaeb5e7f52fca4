package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.internal.BusyPollingIoHandler;
import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.windows.sim.SimKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the tests that run SerialChannel on an {@link IocpIoHandler} loop over the simulated kernel, with
 * the connected pair COM10/COM11. After each test everything must be back: no operation in flight, no
 * handle open, no native memory and no direct buffer left, and no misuse seen by the kernel.
 */
@Timeout(60)
abstract class SimulatedPorts extends IocpChannels {

    SimKernel kernel;
    TrackingAllocator alloc;
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
        group = new MultiThreadIoEventLoopGroup(1, BusyPollingIoHandler.wrap(IocpIoHandler.newFactory(kernel), busyPollNanos()));
    }

    @AfterEach
    void everythingReturned() throws Exception {
        try {
            closeChannelsAndLoop();
            kernel.assertClean();
            assertEquals(keptOperations, kernel.liveOperations(), "operations whose packet was never dequeued");
            assertEquals(0, kernel.openHandles(), "handles left open");
            assertEquals(keptBytes, kernel.allocatedBytes(), "native memory not freed");
            assertEquals(keptBuffers, alloc.live(), "direct buffers not released");
        } finally {
            kernel.shutdown();
        }
    }

    @Override
    ByteBufAllocator allocator() {
        return alloc;
    }

    @Override
    String describeKernel() {
        return "kernel: " + (kernel == null ? "-" : kernel.describe());
    }

    /**
     * The testkit's recording handler, plus what these tests check on top: that reads come in pooled direct
     * buffers, how many reads there were, and how many bytes had been read before each user event.
     */
    final class Collector extends RecordingHandler {
        volatile boolean pooledDirect = true;
        volatile int reads;
        /** For each user event, in order, how many bytes had been read before it. */
        final List<Integer> bytesBeforeEvent = new CopyOnWriteArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (!buf.isDirect() || !buf.alloc().isDirectBufferPooled()) {
                pooledDirect = false;
            }
            reads++;
            super.channelRead(ctx, msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            bytesBeforeEvent.add(size()); // on the loop, as channelRead: no byte can slip in between
            super.userEventTriggered(ctx, evt);
        }

        byte[] await(int n) throws InterruptedException {
            SimulatedPorts.this.await(() -> size() >= n, n + " bytes (have " + size() + ")");
            return bytes();
        }

        void awaitInactive() throws InterruptedException {
            SimulatedPorts.this.await(this::isInactive, "channelInactive");
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
