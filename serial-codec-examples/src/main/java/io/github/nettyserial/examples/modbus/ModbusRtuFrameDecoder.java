package io.github.nettyserial.examples.modbus;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Splits a Modbus RTU byte stream into {@link ModbusRtuFrame}s.
 *
 * <p>A frame ends where its function code says it ends (fixed lengths, or a byte count inside the frame) and
 * its CRC matches; a frame whose function code gives no length ends at the t3.5 silence: 3.5 character times
 * without a byte (1.75 ms above 19200 baud). The silence is measured with a timer on the channel's event
 * loop, so {@code EmbeddedChannel}'s virtual time drives it in tests. Whatever is still buffered when the
 * silence comes is one frame candidate: it is emitted if its CRC matches and dropped otherwise.
 *
 * <p>Bytes that cannot start a valid frame (reserved address, function code 0, bad CRC) are skipped one at a
 * time until a valid frame starts, so the decoder resynchronises on the next good frame even when frames are
 * merged. Each run of skipped bytes is reported once as a {@link CorruptedFrameException} through
 * {@code exceptionCaught}; decoding goes on. No more than {@value ModbusRtuFrame#MAX_WIRE_LENGTH} bytes plus
 * one read are ever buffered.
 *
 * <p>USB adapters deliver bytes in bursts (an FTDI chip waits up to 16 ms by default); with them pass a
 * longer silence to {@link #ModbusRtuFrameDecoder(Direction, long)} or turn on
 * {@code SerialChannelOption.LOW_LATENCY}.
 */
public class ModbusRtuFrameDecoder extends ByteToMessageDecoder {

    /** What this side of the bus receives, which decides how a function code gives the frame length. */
    public enum Direction {
        /** A slave: receives requests. */
        REQUESTS,
        /** A master: receives responses. */
        RESPONSES
    }

    private static final int NEED_MORE = 0;
    private static final int UNKNOWN = -1;
    private static final int INVALID = -2;
    private static final int MAX_UNIT = 247;

    private final Direction direction;
    private final long silenceNanos;
    private long lastReadNanos;
    private ScheduledFuture<?> silenceTimer;
    private int skipped;

    /** A decoder whose end-of-frame silence is t3.5 at {@code baudRate}. */
    public ModbusRtuFrameDecoder(Direction direction, int baudRate) {
        this(direction, silenceNanos(baudRate));
    }

    /** A decoder with an explicit end-of-frame silence in nanoseconds. */
    public ModbusRtuFrameDecoder(Direction direction, long silenceNanos) {
        if (silenceNanos <= 0) {
            throw new IllegalArgumentException("silenceNanos: " + silenceNanos + " (expected > 0)");
        }
        this.direction = direction;
        this.silenceNanos = silenceNanos;
    }

    /**
     * t3.5 at {@code baudRate}: 3.5 characters of 11 bits, or a fixed 1.75 ms above 19200 baud as the
     * Modbus serial-line specification says.
     */
    public static long silenceNanos(int baudRate) {
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baudRate: " + baudRate + " (expected > 0)");
        }
        if (baudRate > 19_200) {
            return 1_750_000L;
        }
        return (long) Math.ceil(3.5 * 11 * 1_000_000_000.0 / baudRate);
    }

    /** The end-of-frame silence in nanoseconds. */
    public long silenceNanos() {
        return silenceNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf) {
            lastReadNanos = ctx.executor().ticker().nanoTime();
        }
        super.channelRead(ctx, msg);
        if (silenceTimer == null && internalBuffer().isReadable() && !ctx.isRemoved()) {
            armTimer(ctx, silenceNanos);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decodeByLength(ctx, in, out);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (silenceTimer != null) {
            silenceTimer.cancel(false);
            silenceTimer = null;
        }
    }

    private void armTimer(ChannelHandlerContext ctx, long delayNanos) {
        silenceTimer = ctx.executor().schedule(() -> silenceCheck(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void silenceCheck(ChannelHandlerContext ctx) {
        silenceTimer = null;
        if (ctx.isRemoved()) {
            return;
        }
        long idle = ctx.executor().ticker().nanoTime() - lastReadNanos;
        if (idle < silenceNanos) {
            armTimer(ctx, silenceNanos - idle);
            return;
        }
        ByteBuf in = internalBuffer();
        if (!in.isReadable()) {
            return;
        }
        List<Object> out = new ArrayList<>(2);
        while (in.isReadable()) {
            decodeByLength(ctx, in, out);
            int n = in.readableBytes();
            if (n == 0) {
                break;
            }
            // The silence ends the frame: what is left is one candidate, whatever its function code.
            if (n >= ModbusRtuFrame.MIN_WIRE_LENGTH && n <= ModbusRtuFrame.MAX_WIRE_LENGTH
                    && in.getUnsignedByte(in.readerIndex()) <= MAX_UNIT
                    && ModbusCrc.matches(in, in.readerIndex(), n)) {
                reportSkipped(ctx);
                out.add(readFrame(in, n));
                break;
            }
            in.skipBytes(1);
            skipped++;
        }
        reportSkipped(ctx);
        for (Object frame : out) {
            ctx.fireChannelRead(frame);
        }
        if (!out.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
    }

    private void decodeByLength(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 2) {
            int start = in.readerIndex();
            int length = frameLength(in, start);
            if (length == NEED_MORE) {
                return;
            }
            if (length == UNKNOWN) {
                // No length rule: a frame that is complete further on ends this one (or shows it is garbage).
                int next = nextFrame(in, start + 1);
                if (next < 0) {
                    if (in.readableBytes() <= ModbusRtuFrame.MAX_WIRE_LENGTH) {
                        return; // the silence will end it
                    }
                } else {
                    int n = next - start;
                    if (n >= ModbusRtuFrame.MIN_WIRE_LENGTH && ModbusCrc.matches(in, start, n)) {
                        reportSkipped(ctx);
                        out.add(readFrame(in, n));
                    } else {
                        in.skipBytes(n);
                        skipped += n;
                    }
                    continue;
                }
            } else if (length != INVALID && length <= ModbusRtuFrame.MAX_WIRE_LENGTH) {
                if (in.readableBytes() < length) {
                    return;
                }
                if (ModbusCrc.matches(in, start, length)) {
                    reportSkipped(ctx);
                    out.add(readFrame(in, length));
                    continue;
                }
            }
            in.skipBytes(1);
            skipped++;
        }
    }

    /** The index of the first complete frame with a length rule and a good CRC from {@code from}, or -1. */
    private int nextFrame(ByteBuf in, int from) {
        int end = in.writerIndex();
        for (int i = from; i + ModbusRtuFrame.MIN_WIRE_LENGTH <= end; i++) {
            int length = frameLength(in, i, end - i);
            if (length > 0 && length <= ModbusRtuFrame.MAX_WIRE_LENGTH && i + length <= end
                    && ModbusCrc.matches(in, i, length)) {
                return i;
            }
        }
        return -1;
    }

    /** The wire length of the frame at {@code start}, or NEED_MORE, UNKNOWN (ends at the silence) or INVALID. */
    private int frameLength(ByteBuf in, int start) {
        return frameLength(in, start, in.writerIndex() - start);
    }

    private int frameLength(ByteBuf in, int start, int readable) {
        int unit = in.getUnsignedByte(start);
        int function = in.getUnsignedByte(start + 1);
        if (unit > MAX_UNIT || (function & 0x7F) == 0) {
            return INVALID;
        }
        if (direction == Direction.RESPONSES) {
            if ((function & 0x80) != 0) {
                return 5; // address, function | 0x80, exception code, CRC
            }
            switch (function) {
                case ModbusFunction.READ_COILS, ModbusFunction.READ_DISCRETE_INPUTS,
                        ModbusFunction.READ_HOLDING_REGISTERS, ModbusFunction.READ_INPUT_REGISTERS:
                    return readable < 3 ? NEED_MORE : 5 + in.getUnsignedByte(start + 2);
                case ModbusFunction.WRITE_SINGLE_COIL, ModbusFunction.WRITE_SINGLE_REGISTER,
                        ModbusFunction.WRITE_MULTIPLE_COILS, ModbusFunction.WRITE_MULTIPLE_REGISTERS:
                    return 8;
                default:
                    return UNKNOWN;
            }
        }
        if ((function & 0x80) != 0) {
            return INVALID; // requests never have bit 7 set
        }
        switch (function) {
            case ModbusFunction.READ_COILS, ModbusFunction.READ_DISCRETE_INPUTS,
                    ModbusFunction.READ_HOLDING_REGISTERS, ModbusFunction.READ_INPUT_REGISTERS,
                    ModbusFunction.WRITE_SINGLE_COIL, ModbusFunction.WRITE_SINGLE_REGISTER:
                return 8;
            case ModbusFunction.WRITE_MULTIPLE_COILS, ModbusFunction.WRITE_MULTIPLE_REGISTERS:
                return readable < 7 ? NEED_MORE : 9 + in.getUnsignedByte(start + 6);
            default:
                return UNKNOWN;
        }
    }

    private static ModbusRtuFrame readFrame(ByteBuf in, int length) {
        int unit = in.readUnsignedByte();
        int function = in.readUnsignedByte();
        byte[] data = new byte[length - 4];
        in.readBytes(data);
        in.skipBytes(2);
        return new ModbusRtuFrame(unit, function, data);
    }

    private void reportSkipped(ChannelHandlerContext ctx) {
        if (skipped > 0) {
            int n = skipped;
            skipped = 0;
            ctx.fireExceptionCaught(new CorruptedFrameException(
                    "Modbus RTU: dropped " + n + " byte(s) that do not form a valid frame (CRC, length or address)"));
        }
    }
}
