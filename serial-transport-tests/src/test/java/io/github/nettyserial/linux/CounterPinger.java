package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Round trips of one byte whose value is the round's number: sends it, expects it echoed, sends the next.
 * {@link #done} completes with the number of rounds, or fails on a wrong byte or an exception. Also the
 * checks the busy-poll suites share.
 */
public final class CounterPinger extends ChannelInboundHandlerAdapter {
    public final CompletableFuture<Integer> done = new CompletableFuture<>();
    private final int rounds;
    private ChannelHandlerContext ctx;
    private int round;

    public CounterPinger(int rounds) {
        this.rounds = rounds;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Sends the next byte; call on the channel's loop to start. */
    public void send() {
        ctx.writeAndFlush(ctx.alloc().directBuffer(1).writeByte(round));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            while (buf.isReadable()) {
                int b = buf.readUnsignedByte();
                if (b != (round & 0xFF)) {
                    done.completeExceptionally(new AssertionError("round " + round + " got " + b));
                    return;
                }
                round++;
            }
        } finally {
            buf.release();
        }
        if (round == rounds) {
            done.complete(round);
        } else {
            send();
        }
    }

    /** Starts a thread that plays the device at {@code device}: echoes this pinger's bytes, one at a time. */
    public Thread echoFrom(VirtualSerialPort device) {
        Thread echo = new Thread(() -> {
            try {
                InputStream in = device.deviceInput();
                OutputStream out = device.deviceOutput();
                for (int i = 0; i < rounds; i++) {
                    out.write(in.read());
                    out.flush();
                }
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }, "echoing device");
        echo.start();
        return echo;
    }

    /**
     * Runs 100 empty tasks on {@code loop} from this thread, one after the other, then 100 timers of 1 ms, and
     * fails if either took a quarter of the time that waiting out a busy-poll budget of {@code budgetNanos}
     * each would take: a task from another thread and a timer that falls due must end the poll.
     */
    public static void assertTasksAndTimersDoNotWaitOutTheBudget(EventLoop loop, long budgetNanos)
            throws InterruptedException {
        loop.submit(() -> { }).sync();
        int count = 100;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            loop.submit(() -> { }).sync();
        }
        long tasks = (System.nanoTime() - start) / budgetNanos;
        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            loop.schedule(() -> { }, 1, TimeUnit.MILLISECONDS).sync();
        }
        long timers = (System.nanoTime() - start - TimeUnit.MILLISECONDS.toNanos(count)) / budgetNanos;
        String budget = " busy-poll budgets of " + budgetNanos / 1_000_000 + " ms: they waited for the poll to end";
        assertTrue(tasks < count / 4, count + " tasks from another thread took " + tasks + budget);
        assertTrue(timers < count / 4, count + " timers took " + timers + budget + " (beyond their own 1 ms)");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        done.completeExceptionally(cause);
    }
}
