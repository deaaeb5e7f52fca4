package io.github.nettyserial.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of a pipeline under test: keeps every byte read (releasing each buffer), every user event,
 * every exception and whether the channel went inactive, and lets the test wait for them. One per channel.
 *
 * <pre>{@code
 * RecordingHandler rec = new RecordingHandler();
 * ... .handler(rec).connect(port.address()) ...
 * assertArrayEquals(expected, rec.awaitBytes(expected.length, Duration.ofSeconds(10)));
 * }</pre>
 */
public class RecordingHandler extends ChannelInboundHandlerAdapter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private volatile boolean inactive;

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
        ctx.fireChannelInactive();
    }

    /** The number of bytes read so far. */
    public int size() {
        synchronized (bytes) {
            return bytes.size();
        }
    }

    /** Every byte read so far. */
    public byte[] bytes() {
        synchronized (bytes) {
            return bytes.toByteArray();
        }
    }

    /**
     * Waits until at least {@code n} bytes have been read.
     *
     * @return every byte read so far
     * @throws AssertionError if fewer arrive within {@code timeout}
     */
    public byte[] awaitBytes(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (bytes) {
            while (bytes.size() < n) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " bytes within " + timeout + ", got " + bytes.size());
                }
                bytes.wait(left);
            }
            return bytes.toByteArray();
        }
    }

    /** The user events seen, oldest first; take them from the queue as they are checked. */
    public BlockingQueue<Object> events() {
        return events;
    }

    /** The exceptions seen, oldest first. */
    public BlockingQueue<Throwable> errors() {
        return errors;
    }

    /**
     * Takes the next exception that reached this handler.
     *
     * @throws AssertionError if none comes within {@code timeout}
     */
    public Throwable awaitError(Duration timeout) throws InterruptedException {
        Throwable t = errors.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (t == null) {
            throw new AssertionError("no exception reached the pipeline within " + timeout);
        }
        return t;
    }

    /** Whether the channel has gone inactive. */
    public boolean isInactive() {
        return inactive;
    }
}
