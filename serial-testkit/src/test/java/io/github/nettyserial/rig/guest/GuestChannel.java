package io.github.nettyserial.rig.guest;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** A SerialChannel on a guest device with a handler that records what arrives, every exception and inactivity. */
final class GuestChannel implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(30);

    final SerialChannel channel;
    final List<Throwable> exceptions = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> inactive = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private GuestChannel(SerialChannel channel) {
        this.channel = channel;
    }

    static GuestChannel connect(EventLoopGroup group, String path, Map<ChannelOption<?>, Object> options)
            throws InterruptedException {
        GuestChannel[] self = new GuestChannel[1];
        Bootstrap b = new Bootstrap().group(group).channel(SerialChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        try {
                            synchronized (self[0].received) {
                                byte[] bytes = new byte[buf.readableBytes()];
                                buf.readBytes(bytes);
                                self[0].received.writeBytes(bytes);
                                self[0].received.notifyAll();
                            }
                        } finally {
                            ReferenceCountUtil.release(msg);
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        self[0].exceptions.add(cause);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        self[0].inactive.complete(null);
                    }
                });
        for (Map.Entry<ChannelOption<?>, Object> o : options.entrySet()) {
            @SuppressWarnings("unchecked")
            ChannelOption<Object> option = (ChannelOption<Object>) o.getKey();
            b.option(option, o.getValue());
        }
        // The handler needs `self` before the first byte can arrive: register, then connect.
        SerialChannel ch = (SerialChannel) b.register().sync().channel();
        self[0] = new GuestChannel(ch);
        ch.connect(new SerialDeviceAddress(path)).sync();
        return self[0];
    }

    static EventLoopGroup newGroup() {
        return new SerialEventLoopGroup(1);
    }

    /** Waits until at least {@code n} bytes have arrived; returns all that arrived. */
    byte[] awaitReceived(int n) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (received) {
            while (received.size() < n) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("received " + received.size() + " of " + n + " bytes within " + PATIENCE);
                }
                received.wait(left);
            }
            return received.toByteArray();
        }
    }

    void clearReceived() {
        synchronized (received) {
            received.reset();
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
