package io.github.nettyserial.benchmarks;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Allocation on SerialChannel's write and read paths, for JMH's GC profiler ({@code -prof gc}): each operation
 * writes one message from the benchmark thread and waits until the device end's echo has been read and
 * released. {@code gc.alloc.rate.norm} is then the heap bytes per message written and read, beyond the pooled
 * buffers themselves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AllocBenchmark {

    @Param({"64"})
    public int size;

    private PtyDevice device;
    private EventLoopGroup group;
    private Channel channel;
    private final Receiver receiver = new Receiver();
    private byte[] message;

    /** Counts echoed bytes and wakes the benchmark thread; allocates nothing itself. */
    static final class Receiver extends ChannelInboundHandlerAdapter {
        volatile long received;
        volatile Thread waiter;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            received += b.readableBytes();
            b.release();
            LockSupport.unpark(waiter);
        }
    }

    @Setup(Level.Trial)
    public void open() throws Exception {
        device = new PtyDevice(1);
        device.call("echo");
        group = new SerialEventLoopGroup(1);
        channel = new Bootstrap().group(group).channel(SerialChannel.class).handler(receiver)
                .connect(new SerialDeviceAddress(device.path(0))).sync().channel();
        message = NettySerialApp.payload(size, 'a');
        receiver.waiter = Thread.currentThread();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        channel.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        device.close();
    }

    @Benchmark
    public long roundTrip() {
        Receiver r = receiver;
        r.waiter = Thread.currentThread();
        long target = r.received + size;
        ByteBuf b = channel.alloc().directBuffer(size);
        b.writeBytes(message);
        channel.writeAndFlush(b, channel.voidPromise());
        while (r.received < target) {
            LockSupport.parkNanos(r, 1_000_000);
        }
        return target;
    }
}
