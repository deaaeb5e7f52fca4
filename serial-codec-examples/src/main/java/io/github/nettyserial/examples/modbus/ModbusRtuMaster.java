package io.github.nettyserial.examples.modbus;

import io.github.nettyserial.examples.client.RequestClient;
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
public class ModbusRtuMaster extends RequestClient<ModbusRequest, ModbusResponse> {

    private static final InternalLogger logger = InternalLoggerFactory.getInstance(ModbusRtuMaster.class);
    private static final long BROADCAST_TURNAROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long responseTimeoutNanos;

    /**
     * @param baudRate the line speed, for the t3.5 gap between exchanges
     * @param responseTimeout how long to wait for a response once the request is written
     */
    public ModbusRtuMaster(int baudRate, Duration responseTimeout) {
        super(ModbusRtuFrameDecoder.silenceNanos(baudRate)); // the bus is silent for t3.5 between exchanges
        if (responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("responseTimeout: " + responseTimeout + " (expected > 0)");
        }
        this.responseTimeoutNanos = responseTimeout.toNanos();
    }

    /** Queues {@code request}; may be called from any thread once the handler is in a pipeline. */
    public Future<ModbusResponse> send(ModbusRequest request) {
        return submit(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ModbusRtuFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Pending<ModbusRequest, ModbusResponse> p = inFlight();
        if (p == null || p.request().isBroadcast()) {
            logger.debug("{} dropping a frame nobody waits for: {}", ctx.channel(), frame);
            return;
        }
        try {
            complete(p, ModbusResponse.fromFrame(p.request(), frame), null);
        } catch (ModbusException e) {
            complete(p, null, e);
        }
    }

    /** The request is now in flight: write it; once it has left, the response timeout (or turnaround) runs. */
    @Override
    protected void write(ChannelHandlerContext ctx, Pending<ModbusRequest, ModbusResponse> p) {
        ModbusRequest request = p.request();
        ctx.writeAndFlush(request.toFrame()).addListener(f -> {
            if (!f.isSuccess()) {
                complete(p, null, f.cause());
            } else if (request.isBroadcast()) {
                schedule(p, () -> complete(p, null, null), BROADCAST_TURNAROUND_NANOS);
            } else {
                schedule(p, () -> complete(p, null, new ModbusTimeoutException(
                        "no response from unit " + request.unit() + " within "
                                + TimeUnit.NANOSECONDS.toMillis(responseTimeoutNanos) + " ms to " + request)),
                        responseTimeoutNanos);
            }
        });
    }
}
