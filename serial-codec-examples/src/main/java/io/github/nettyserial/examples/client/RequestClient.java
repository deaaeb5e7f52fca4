package io.github.nettyserial.examples.client;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client handler whose requests go out one at a time, each answered (or timed out) before the next leaves,
 * as {@code AtClient} and {@code ModbusRtuMaster} do: the queue, the request in flight and its timer, the gap
 * between exchanges, and failing every request when the channel closes or the handler is removed.
 * {@link #submit} may be called from any thread; everything else runs on the channel's event loop. A request
 * whose future was cancelled before it left is skipped. A subclass {@linkplain #write writes} a request and
 * recognises its answer in {@code channelRead}, then {@linkplain #complete completes} it.
 *
 * @param <Q> the request
 * @param <R> its answer
 */
public abstract class RequestClient<Q, R> extends ChannelDuplexHandler {

    private final long gapNanos;
    private final ArrayDeque<Pending<Q, R>> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Pending<Q, R> inFlight;
    private ScheduledFuture<?> timer;
    private boolean inGap;

    /** @param gapNanos the silence after an answer before the next request goes out (0: none) */
    protected RequestClient(long gapNanos) {
        this.gapNanos = gapNanos;
    }

    /**
     * Writes {@code p}'s request, which is now in flight, and usually {@linkplain #schedule arms} its timeout.
     */
    protected abstract void write(ChannelHandlerContext ctx, Pending<Q, R> p);

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failAll(new ClosedChannelException());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failAll(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    /** Queues {@code request}; the future completes with its answer. */
    protected Future<R> submit(Q request) {
        ChannelHandlerContext ctx = this.ctx;
        if (ctx == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not in a pipeline");
        }
        Pending<Q, R> p = new Pending<>(request, ctx.executor().newPromise());
        if (ctx.executor().inEventLoop()) {
            enqueue(p);
        } else {
            ctx.executor().execute(() -> enqueue(p));
        }
        return p.promise;
    }

    /** The request on the wire, or null. */
    protected Pending<Q, R> inFlight() {
        return inFlight;
    }

    /** Runs {@code action} after {@code nanos} if {@code p} is still in flight then; one timer at a time. */
    protected void schedule(Pending<Q, R> p, Runnable action, long nanos) {
        if (inFlight != p) {
            return;
        }
        cancelTimer();
        timer = ctx.executor().schedule(() -> {
            if (inFlight == p) {
                timer = null;
                action.run();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** Completes {@code p} (if still in flight) with {@code answer}, or fails it with {@code cause}; the next goes. */
    protected void complete(Pending<Q, R> p, R answer, Throwable cause) {
        if (p == null || inFlight != p) {
            return;
        }
        inFlight = null;
        cancelTimer();
        if (cause != null) {
            p.promise.tryFailure(cause);
        } else {
            p.promise.trySuccess(answer);
        }
        if (gapNanos > 0) {
            inGap = true;
            ctx.executor().schedule(() -> {
                inGap = false;
                sendNext();
            }, gapNanos, TimeUnit.NANOSECONDS);
        } else {
            sendNext();
        }
    }

    /** Fails every request, the one in flight too (the channel closed, or the handler was removed). */
    protected void failAll(Throwable cause) {
        cancelTimer();
        Pending<Q, R> p = inFlight;
        inFlight = null;
        if (p != null) {
            p.promise.tryFailure(cause);
        }
        while ((p = queue.poll()) != null) {
            p.promise.tryFailure(cause);
        }
    }

    private void enqueue(Pending<Q, R> p) {
        if (!ctx.channel().isActive()) {
            p.promise.tryFailure(new ClosedChannelException());
            return;
        }
        queue.add(p);
        sendNext();
    }

    private void sendNext() {
        while (inFlight == null && !inGap && !queue.isEmpty()) {
            Pending<Q, R> p = queue.poll();
            if (p.promise.setUncancellable()) {
                inFlight = p;
                write(ctx, p);
            }
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** A request and the promise of its answer. */
    public static final class Pending<Q, R> {
        private final Q request;
        private final Promise<R> promise;

        Pending(Q request, Promise<R> promise) {
            this.request = request;
            this.promise = promise;
        }

        public Q request() {
            return request;
        }
    }
}
