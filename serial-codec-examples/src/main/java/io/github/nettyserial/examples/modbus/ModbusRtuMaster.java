package io.github.nettyserial.examples.modbus;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The master (client) side of a Modbus RTU bus: {@link #send(ModbusRequest)} queues a request and returns the
 * future of its response. One request is outstanding on the bus at a time; the next one goes out t3.5 after
 * the previous exchange ended. A request fails with {@link ModbusExceptionResponse} when the slave answers
 * with an exception, {@link ModbusTimeoutException} when no valid response arrives within the response timeout
 * (counted from the moment the request left), {@link ModbusException} when the response does not fit the
 * request, and {@link ClosedChannelException} when the channel closes first. Broadcasts (unit 0) complete with
 * {@code null} after a turnaround delay of 100 ms, as slaves do not answer them.
 *
 * <p>Place it after a {@link ModbusRtuFrameDecoder} for {@code RESPONSES} and a {@link ModbusRtuFrameEncoder};
 * one instance per channel.
 */
public class ModbusRtuMaster extends ChannelDuplexHandler {

    private static final InternalLogger logger = InternalLoggerFactory.getInstance(ModbusRtuMaster.class);
    private static final long BROADCAST_TURNAROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long responseTimeoutNanos;
    private final long interFrameNanos;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Pending inFlight;
    private ScheduledFuture<?> timer;
    private boolean inGap;

    /**
     * @param baudRate the line speed, for the t3.5 gap between exchanges
     * @param responseTimeout how long to wait for a response once the request is written
     */
    public ModbusRtuMaster(int baudRate, Duration responseTimeout) {
        if (responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("responseTimeout: " + responseTimeout + " (expected > 0)");
        }
        this.responseTimeoutNanos = responseTimeout.toNanos();
        this.interFrameNanos = ModbusRtuFrameDecoder.silenceNanos(baudRate);
    }

    /** Queues {@code request}; may be called from any thread once the handler is in a pipeline. */
    public Future<ModbusResponse> send(ModbusRequest request) {
        ChannelHandlerContext ctx = this.ctx;
        if (ctx == null) {
            throw new IllegalStateException("ModbusRtuMaster is not in a pipeline");
        }
        Promise<ModbusResponse> promise = ctx.executor().newPromise();
        if (ctx.executor().inEventLoop()) {
            enqueue(new Pending(request, promise));
        } else {
            ctx.executor().execute(() -> enqueue(new Pending(request, promise)));
        }
        return promise;
    }

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

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ModbusRtuFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Pending p = inFlight;
        if (p == null || p.request.isBroadcast()) {
            logger.debug("{} dropping a frame nobody waits for: {}", ctx.channel(), frame);
            return;
        }
        try {
            finish(ModbusResponse.fromFrame(p.request, frame), null);
        } catch (ModbusException e) {
            finish(null, e);
        }
    }

    private void enqueue(Pending p) {
        if (!ctx.channel().isActive()) {
            p.promise.tryFailure(new ClosedChannelException());
            return;
        }
        queue.add(p);
        sendNext();
    }

    private void sendNext() {
        while (inFlight == null && !inGap && !queue.isEmpty()) {
            Pending p = queue.poll();
            if (!p.promise.setUncancellable()) {
                continue;
            }
            inFlight = p;
            ctx.writeAndFlush(p.request.toFrame()).addListener(f -> {
                if (inFlight != p) {
                    return;
                }
                if (!f.isSuccess()) {
                    finish(null, f.cause());
                } else if (p.request.isBroadcast()) {
                    timer = ctx.executor().schedule(() -> finish(null, null), BROADCAST_TURNAROUND_NANOS,
                            TimeUnit.NANOSECONDS);
                } else {
                    timer = ctx.executor().schedule(() -> finish(null, new ModbusTimeoutException(
                            "no response from unit " + p.request.unit() + " within "
                                    + TimeUnit.NANOSECONDS.toMillis(responseTimeoutNanos) + " ms to " + p.request)),
                            responseTimeoutNanos, TimeUnit.NANOSECONDS);
                }
            });
        }
    }

    private void finish(ModbusResponse response, Throwable cause) {
        Pending p = inFlight;
        if (p == null) {
            return;
        }
        inFlight = null;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (cause != null) {
            p.promise.tryFailure(cause);
        } else {
            p.promise.trySuccess(response);
        }
        // The bus must be silent for t3.5 before the next request.
        inGap = true;
        ctx.executor().schedule(() -> {
            inGap = false;
            sendNext();
        }, interFrameNanos, TimeUnit.NANOSECONDS);
    }

    private void failAll(Throwable cause) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (inFlight != null) {
            inFlight.promise.tryFailure(cause);
            inFlight = null;
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.promise.tryFailure(cause);
        }
    }

    private record Pending(ModbusRequest request, Promise<ModbusResponse> promise) {
    }
}
