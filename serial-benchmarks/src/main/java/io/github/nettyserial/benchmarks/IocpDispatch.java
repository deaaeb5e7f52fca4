package io.github.nettyserial.benchmarks;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.windows.SimulatedIocp;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 6, a regression guard only: the IOCP loop over serial-transport's simulated Win32 kernel (from its
 * test-jar), two SerialChannels on one loop echoing across a simulated null-modem pair. What it measures is the
 * loop thread's CPU time per completion packet dequeued — Java-side dispatch cost, not Windows.
 */
final class IocpDispatch {

    private IocpDispatch() {
    }

    static Table run(boolean quick) throws Exception {
        Table t = new Table("6. Windows path (regression guard): IOCP loop over the simulated Win32 kernel, "
                + "16-byte ping-pong between COM10 and COM11 on one loop",
                "round trips", "completions dequeued per round trip", "loop CPU µs per completion",
                "wall µs per round trip (p50)");
        SimulatedIocp kernel = new SimulatedIocp("COM10", "COM11");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, kernel.ioHandlerFactory());
        try {
            Bootstrap b = new Bootstrap().group(group).channel(SerialChannel.class);
            Channel echo = b.clone().handler(new ScaleWorker.Echo()).connect(new SerialDeviceAddress("COM11")).sync().channel();
            int count = quick ? 1_000 : 4_000; // the simulated read timeout paces each round trip (~2 ms)
            Pinger warm = new Pinger(count / 4);
            Channel ch = b.clone().handler(warm).connect(new SerialDeviceAddress("COM10")).sync().channel();
            ch.eventLoop().execute(warm::next);
            warm.done.get(60, TimeUnit.SECONDS);
            ch.close().sync();

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long loopThread = group.next().submit(() -> Thread.currentThread().getId()).get();
            Pinger p = new Pinger(count);
            ch = b.clone().handler(p).connect(new SerialDeviceAddress("COM10")).sync().channel();
            long packets0 = kernel.packetsDequeued();
            long cpu0 = threads.getThreadCpuTime(loopThread);
            ch.eventLoop().execute(p::next);
            long[] ns = p.done.get(120, TimeUnit.SECONDS);
            long cpu = threads.getThreadCpuTime(loopThread) - cpu0;
            long packets = kernel.packetsDequeued() - packets0;
            ch.close().sync();
            echo.close().sync();
            t.row(count, Stats.fixed(packets / (double) count, 2), Stats.fixed(cpu / 1000.0 / packets, 2),
                    Stats.micros(Stats.percentile(ns, 50)));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            kernel.close();
        }
        return t;
    }

    /** Loop-confined ping-pong of 16-byte messages. */
    @ChannelHandler.Sharable
    static final class Pinger extends ChannelInboundHandlerAdapter {
        final CompletableFuture<long[]> done = new CompletableFuture<>();
        private final byte[] msg = new byte[16];
        private final long[] ns;
        private Channel channel;
        private int got;
        private int i;
        private long t0;

        Pinger(int count) {
            ns = new long[count];
            Arrays.fill(msg, (byte) 'i');
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            ctx.fireChannelActive();
        }

        void next() {
            t0 = System.nanoTime();
            ByteBuf buf = channel.alloc().directBuffer(msg.length).writeBytes(msg);
            channel.writeAndFlush(buf, channel.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object m) {
            ByteBuf b = (ByteBuf) m;
            got += b.readableBytes();
            b.release();
            if (got >= msg.length) {
                got -= msg.length;
                ns[i++] = System.nanoTime() - t0;
                if (i < ns.length) {
                    next();
                } else {
                    done.complete(ns);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
        }
    }
}
