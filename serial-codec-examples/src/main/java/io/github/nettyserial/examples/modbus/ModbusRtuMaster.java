package io.github.nettyserial.examples.modbus;

import io.github.nettyserial.examples.client.RequestQueue;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
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
    // The bus must be silent for t3.5 between exchanges.
    private final RequestQueue<ModbusRequest, ModbusResponse> queue;
    private ChannelHandlerContext ctx;

    /**
     * @param baudRate the line speed, for the t3.5 gap between exchanges
     * @param responseTimeout how long to wait for a response once the request is written
     */
    public ModbusRtuMaster(int baudRate, Duration responseTimeout) {
        if (responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("responseTimeout: " + responseTimeout + " (expected > 0)");
        }
        this.responseTimeoutNanos = responseTimeout.toNanos();
        this.queue = new RequestQueue<>("ModbusRtuMaster", ModbusRtuFrameDecoder.silenceNanos(baudRate), this::write);
    }

    /** Queues {@code request}; may be called from any thread once the handler is in a pipeline. */
    public Future<ModbusResponse> send(ModbusRequest request) {
        return queue.submit(request);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        queue.attach(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        queue.failAll(new ClosedChannelException());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        queue.failAll(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ModbusRtuFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        RequestQueue.Pending<ModbusRequest, ModbusResponse> p = queue.inFlight();
        if (p == null || p.request().isBroadcast()) {
            logger.debug("{} dropping a frame nobody waits for: {}", ctx.channel(), frame);
            return;
        }
        try {
            queue.complete(p, ModbusResponse.fromFrame(p.request(), frame), null);
        } catch (ModbusException e) {
            queue.complete(p, null, e);
        }
    }

    /** The request is now in flight: write it; once it has left, the response timeout (or turnaround) runs. */
    private void write(RequestQueue.Pending<ModbusRequest, ModbusResponse> p) {
        ModbusRequest request = p.request();
        ctx.writeAndFlush(request.toFrame()).addListener(f -> {
            if (!f.isSuccess()) {
                queue.complete(p, null, f.cause());
            } else if (request.isBroadcast()) {
                queue.schedule(p, () -> queue.complete(p, null, null), BROADCAST_TURNAROUND_NANOS);
            } else {
                queue.schedule(p, () -> queue.complete(p, null, new ModbusTimeoutException(
                        "no response from unit " + request.unit() + " within "
                                + TimeUnit.NANOSECONDS.toMillis(responseTimeoutNanos) + " ms to " + request)),
                        responseTimeoutNanos);
            }
        });
    }
}
