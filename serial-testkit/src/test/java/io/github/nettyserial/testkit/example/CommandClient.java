package io.github.nettyserial.testkit.example;

import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.SerialLineErrorEvent;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An example protocol handler, the kind the testkit is for: a command client for a modem-like device that answers
 * each command line ({@code "ATI\r"}) with one reply line. One request at a time; a request fails when no reply
 * comes within the timeout, when the carrier (DCD) drops, when the line reports errors (the reply may be corrupt), or
 * when the channel closes. It sits after a {@code LineBasedFrameDecoder} and a {@code StringDecoder}.
 *
 * <p>Tested without hardware in {@link CommandClientTest} (an {@code EmbeddedSerialChannel}) and over a virtual port
 * with a fake device in {@link CommandClientOnVirtualPortTest}.
 */
public final class CommandClient extends ChannelInboundHandlerAdapter {
    private final Duration timeout;
    private ChannelHandlerContext ctx;
    private Promise<String> pending;
    private String pendingCommand;
    private ScheduledFuture<?> timer;

    /** @param timeout how long to wait for a reply */
    public CommandClient(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Sends {@code command} and a carriage return; from any thread.
     *
     * @param command the command, such as {@code "ATI"}
     * @return the reply line, or the reason there is none
     */
    public Future<String> request(String command) {
        Promise<String> promise = ctx.executor().newPromise();
        if (ctx.executor().inEventLoop()) {
            send(command, promise);
        } else {
            ctx.executor().execute(() -> send(command, promise));
        }
        return promise;
    }

    private void send(String command, Promise<String> promise) {
        if (pending != null) {
            promise.setFailure(new IllegalStateException(command + ": " + pendingCommand + " is still waiting"));
            return;
        }
        pending = promise;
        pendingCommand = command;
        timer = ctx.executor().schedule(() -> fail(new TimeoutException("no reply to " + command + " within " + timeout)),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), command + "\r")).addListener(f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String line = (String) msg;
        Promise<String> promise = pending;
        clear();
        if (promise != null) {
            promise.trySuccess(line);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ModemLinesChangedEvent e && e.previous().dcd() && !e.current().dcd()) {
            fail(new IOException("carrier lost"));
        } else if (evt instanceof SerialLineErrorEvent e) {
            fail(new IOException("line error, the reply cannot be trusted: " + e));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    private void fail(Throwable cause) {
        Promise<String> promise = pending;
        clear();
        if (promise != null) {
            promise.tryFailure(cause);
        }
    }

    private void clear() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        pending = null;
        pendingCommand = null;
    }
}
