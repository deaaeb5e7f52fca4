package io.github.nettyserial.benchmarks;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SerialChannel on one epoll event-loop thread. Every scenario runs entirely on the loop (the next message is
 * written from channelRead), which is how a Netty application drives a port.
 */
final class NettySerialApp implements App {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final EventLoopGroup group;
    private final String name;

    /** Heap bytes the loop thread allocated per round trip / read / write in the last run, -1 if not measured. */
    double allocPerRoundTrip = -1;
    double allocPerRead = -1;
    double allocPerWrite = -1;
    /** Reads (channelRead calls) in the last bulk read, to show how the transport batches. */
    long readsInLastRead;

    /** SerialChannel on a loop that sleeps as soon as nothing is ready (the default). */
    NettySerialApp() {
        this(new SerialEventLoopGroup(1), "SerialChannel (epoll)");
    }

    /** SerialChannel on a loop that busy-polls for {@code busyPoll} before it sleeps. */
    NettySerialApp(Duration busyPoll) {
        this(new SerialEventLoopGroup(1, busyPoll), "SerialChannel, busy-poll "
                + (busyPoll.toNanos() % 1_000_000 == 0 ? busyPoll.toMillis() + " ms" : busyPoll.toNanos() / 1000 + " µs"));
    }

    private NettySerialApp(EventLoopGroup group, String name) {
        this.group = group;
        this.name = name;
    }

    static long allocatedByThisThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    @Override
    public String name() {
        return name;
    }

    Channel open(String path, ChannelHandler handler) throws InterruptedException {
        return new Bootstrap().group(group).channel(SerialChannel.class).handler(handler)
                .connect(new SerialDeviceAddress(path)).sync().channel();
    }

    static byte[] payload(int size, char c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /** Base for the handlers: a result future, failed by any exception in the pipeline. */
    abstract static class Run<T> extends ChannelInboundHandlerAdapter {
        final CompletableFuture<T> done = new CompletableFuture<>();
        ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new IllegalStateException("channel closed during the run"));
        }

        void send(byte[] data, int length) {
            ByteBuf b = ctx.alloc().directBuffer(length);
            b.writeBytes(data, 0, length);
            ctx.write(b, ctx.voidPromise());
        }
    }

    final class Pinger extends Run<long[]> {
        private final byte[] msg;
        private final long[] ns;
        private int got;
        private int i;
        private long t0;
        private long alloc0;

        Pinger(int size, int count) {
            msg = payload(size, 'p');
            ns = new long[count];
        }

        void start() {
            alloc0 = allocatedByThisThread();
            next();
        }

        private void next() {
            t0 = System.nanoTime();
            send(msg, msg.length);
            ctx.flush();
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
                    allocPerRoundTrip = (allocatedByThisThread() - alloc0) / (double) ns.length;
                    done.complete(ns);
                }
            }
        }
    }

    @Override
    public long[] rtt(String path, int size, int count) throws Exception {
        Pinger p = new Pinger(size, count);
        Channel ch = open(path, p);
        try {
            ch.eventLoop().execute(p::start);
            return p.done.get();
        } finally {
            ch.close().sync();
        }
    }

    /**
     * Counts what arrives; optionally writes {@code toSend} bytes in {@code chunk} writes at the same time. In a
     * one-way run everything the loop thread allocates once a quarter of the bytes have moved, to the end, is
     * that path's steady-state cost: connecting, the first reads and the JIT's warm-up are left out.
     */
    final class Bulk extends Run<Long> {
        private final long toReceive;
        private final byte[] data;
        private long toSend;
        private long received;
        private long first;
        private long reads;
        private long writes;
        private final long totalSend;
        private boolean measuring;
        private long alloc0 = -1;
        private long count0;

        Bulk(long toReceive, int chunk, long toSend) {
            this.toReceive = toReceive;
            this.data = payload(chunk, 'w');
            this.toSend = toSend;
            this.totalSend = toSend;
        }

        /** Allocation is measured in this run (one-way runs only). */
        void mark() {
            measuring = true;
            allocPerRead = -1;
            allocPerWrite = -1;
        }

        private void startCounting(long count) {
            boolean quarter = toReceive > 0 ? received >= toReceive / 4 : totalSend - toSend >= totalSend / 4;
            if (measuring && alloc0 < 0 && quarter) {
                alloc0 = allocatedByThisThread();
                count0 = count;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object m) {
            ByteBuf b = (ByteBuf) m;
            if (first == 0) {
                first = System.nanoTime();
            }
            received += b.readableBytes();
            reads++;
            b.release();
            startCounting(reads);
            maybeDone();
        }

        void pump() {
            while (toSend > 0 && ctx.channel().isWritable()) {
                int n = (int) Math.min(data.length, toSend);
                send(data, n);
                toSend -= n;
                writes++;
                startCounting(writes);
            }
            ctx.flush();
            maybeDone();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump();
            }
        }

        private void maybeDone() {
            if (received < toReceive || toSend > 0 || done.isDone()) {
                return;
            }
            readsInLastRead = reads;
            if (alloc0 >= 0) {
                double total = allocatedByThisThread() - alloc0;
                if (writes == 0 && reads > count0) {
                    allocPerRead = total / (reads - count0);
                } else if (reads == 0 && writes > count0) {
                    allocPerWrite = total / (writes - count0);
                }
            }
            done.complete(received == 0 ? 0 : System.nanoTime() - first);
        }
    }

    @Override
    public Long read(PtyDevice device, int chunk, long bytes) throws Exception {
        Bulk b = new Bulk(bytes, chunk, 0);
        Channel ch = open(device.path(0), b);
        try {
            ch.eventLoop().execute(b::mark);
            device.send("source " + chunk + " " + bytes);
            long ns = b.done.get();
            device.answerNumber("SOURCE");
            return ns;
        } finally {
            ch.close().sync();
        }
    }

    @Override
    public Long write(PtyDevice device, int chunk, long bytes) throws Exception {
        Bulk b = new Bulk(0, chunk, bytes);
        Channel ch = open(device.path(0), b);
        try {
            device.call("sink " + bytes);
            ch.eventLoop().execute(() -> {
                b.mark();
                b.pump();
            });
            b.done.get();
            return device.answerNumber("SINK");
        } finally {
            ch.close().sync();
        }
    }

    @Override
    public Long both(PtyDevice device, int chunk, long bytes) throws Exception {
        Bulk b = new Bulk(bytes, chunk, bytes);
        Channel ch = open(device.path(0), b);
        try {
            device.send("both " + chunk + " " + bytes);
            ch.eventLoop().execute(b::pump);
            b.done.get();
            return device.answerNumber("BOTH");
        } finally {
            ch.close().sync();
        }
    }

    /** Shared by the channels of a fan-out; touched only on the one loop thread. */
    static final class FanOut {
        final byte[] msg;
        final long[] ns;
        final List<Channel> channels = new ArrayList<>();
        final CompletableFuture<long[]> done = new CompletableFuture<>();
        int remaining;
        int round;
        long t0;

        FanOut(int size, int rounds) {
            msg = payload(size, 'f');
            ns = new long[rounds];
        }

        void startRound() {
            remaining = channels.size();
            t0 = System.nanoTime();
            for (Channel ch : channels) {
                ByteBuf b = ch.alloc().directBuffer(msg.length);
                b.writeBytes(msg);
                ch.writeAndFlush(b, ch.voidPromise());
            }
        }

        void answered() {
            if (--remaining == 0) {
                ns[round++] = System.nanoTime() - t0;
                if (round < ns.length) {
                    startRound();
                } else {
                    done.complete(ns);
                }
            }
        }
    }

    static final class FanHandler extends Run<Void> {
        private final FanOut fan;
        private int got;

        FanHandler(FanOut fan) {
            this.fan = fan;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object m) {
            ByteBuf b = (ByteBuf) m;
            got += b.readableBytes();
            b.release();
            if (got >= fan.msg.length) {
                got -= fan.msg.length;
                fan.answered();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fan.done.completeExceptionally(cause);
        }
    }

    @Override
    public long[] fanout(List<String> paths, int size, int rounds) throws Exception {
        FanOut fan = new FanOut(size, rounds);
        try {
            for (String path : paths) {
                fan.channels.add(open(path, new FanHandler(fan)));
            }
            fan.channels.get(0).eventLoop().execute(fan::startRound);
            return fan.done.get();
        } finally {
            for (Channel ch : fan.channels) {
                ch.close().sync();
            }
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
