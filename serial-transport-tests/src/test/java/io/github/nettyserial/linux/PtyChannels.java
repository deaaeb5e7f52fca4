package io.github.nettyserial.linux;

import io.github.nettyserial.SerialChannel;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelInitializer;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the transport's pty tests. */
final class PtyChannels {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private PtyChannels() {
    }

    /** A handler that keeps every byte read and every user event and exception seen. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        volatile boolean inactive;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                synchronized (bytes) {
                    byte[] b = new byte[buf.readableBytes()];
                    buf.readBytes(b);
                    bytes.write(b, 0, b.length);
                    bytes.notifyAll();
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
        }

        int size() {
            synchronized (bytes) {
                return bytes.size();
            }
        }

        byte[] awaitBytes(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            synchronized (bytes) {
                while (bytes.size() < n) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        throw new AssertionError("expected " + n + " bytes, got " + bytes.size());
                    }
                    bytes.wait(left);
                }
                return bytes.toByteArray();
            }
        }
    }

    static Bootstrap bootstrap(EventLoopGroup group, ChannelInboundHandlerAdapter handler) {
        return new Bootstrap().group(group).channel(SerialChannel.class).handler(new ChannelInitializer<SerialChannel>() {
            @Override
            protected void initChannel(SerialChannel ch) {
                ch.pipeline().addLast(handler);
            }
        });
    }

    static SerialChannel connect(Bootstrap b, SocketAddress address) {
        Channel ch = b.connect(address).syncUninterruptibly().channel();
        return (SerialChannel) ch;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
