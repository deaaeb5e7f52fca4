package io.github.nettyserial.linux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;

/**
 * Round trips of one byte whose value is the round's number: sends it, expects it echoed, sends the next.
 * {@link #done} completes with the number of rounds, or fails on a wrong byte or an exception.
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        done.completeExceptionally(cause);
    }
}
