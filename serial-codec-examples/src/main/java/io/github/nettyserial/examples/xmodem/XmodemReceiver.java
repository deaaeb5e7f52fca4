package io.github.nettyserial.examples.xmodem;

import static io.github.nettyserial.examples.xmodem.Xmodem.ACK;
import static io.github.nettyserial.examples.xmodem.Xmodem.CAN;
import static io.github.nettyserial.examples.xmodem.Xmodem.CRC_REQUEST;
import static io.github.nettyserial.examples.xmodem.Xmodem.EOT;
import static io.github.nettyserial.examples.xmodem.Xmodem.MAX_RETRIES;
import static io.github.nettyserial.examples.xmodem.Xmodem.NAK;
import static io.github.nettyserial.examples.xmodem.Xmodem.SOH;
import static io.github.nettyserial.examples.xmodem.Xmodem.STX;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Receives files with XMODEM-CRC, XMODEM-1K or YMODEM (CRC-16 only) as a state machine on the channel's event
 * loop. Put it in the pipeline when the channel is created, or later: once the channel is active it asks for the
 * transfer with {@code C} every 3 s until the start timeout (60 s by default), checks each block (number, complement, CRC), ACKs good and duplicate blocks, NAKs bad ones and
 * silences longer than the block timeout (up to 10 times in a row), and completes {@link #result()} with
 * the files received: one for XMODEM, every file of the batch for YMODEM. Files are kept in memory, up to
 * {@code maxFileSize} bytes each. On failure it sends CAN CAN; it removes itself when the transfer ends.
 */
public class XmodemReceiver extends ByteToMessageDecoder {

    private static final long START_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    private final XmodemMode mode;
    private final int maxFileSize;
    private final long blockTimeoutNanos;
    private final long startTimeoutNanos;
    private final Promise<List<XmodemFile>> result = ImmediateEventExecutor.INSTANCE.newPromise();
    private final List<XmodemFile> files = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private boolean started;   // a block has arrived
    private boolean done;
    private boolean headerExpected;
    private int expected = 1;
    private int errors;
    private int startTries;
    private long startWaitedNanos;
    private XmodemProgress progress = XmodemProgress.NONE;
    private int cans;
    private String fileName;
    private long fileSize = -1;
    private ByteArrayOutputStream data = new ByteArrayOutputStream();
    private ScheduledFuture<?> timer;

    /** A receiver for files of up to {@code maxFileSize} bytes, with a 10 s block timeout. */
    public XmodemReceiver(XmodemMode mode, int maxFileSize) {
        this(mode, maxFileSize, Duration.ofSeconds(10));
    }

    public XmodemReceiver(XmodemMode mode, int maxFileSize, Duration blockTimeout) {
        this(mode, maxFileSize, blockTimeout, DEFAULT_START_TIMEOUT);
    }

    /**
     * @param blockTimeout how long a silence within the transfer may last before a NAK
     * @param startTimeout how long to ask for the transfer (every 3 s) before giving up
     */
    public XmodemReceiver(XmodemMode mode, int maxFileSize, Duration blockTimeout, Duration startTimeout) {
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException("maxFileSize: " + maxFileSize + " (expected > 0)");
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout: " + startTimeout + " (expected > 0)");
        }
        this.mode = mode;
        this.maxFileSize = maxFileSize;
        this.blockTimeoutNanos = blockTimeout.toNanos();
        this.startTimeoutNanos = startTimeout.toNanos();
        this.headerExpected = mode == XmodemMode.YMODEM;
    }

    /** Sets what is told of each accepted block; call before the transfer starts. */
    public XmodemReceiver progress(XmodemProgress listener) {
        this.progress = listener == null ? XmodemProgress.NONE : listener;
        return this;
    }

    /** The files received, or an {@link XmodemException}. */
    public Future<List<XmodemFile>> result() {
        return result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            askToStart();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (startTries == 0 && !done) {
            askToStart();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail("channel closed during the transfer");
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
        result.tryFailure(new XmodemException("transfer handler removed before the end"));
    }

    private void askToStart() {
        if (startWaitedNanos >= startTimeoutNanos) {
            fail("no sender answered within " + TimeUnit.NANOSECONDS.toMillis(startTimeoutNanos) / 1000.0 + " s ("
                    + startTries + " requests to start)");
            return;
        }
        startTries++;
        send(CRC_REQUEST);
        long interval = Math.min(START_INTERVAL_NANOS, startTimeoutNanos - startWaitedNanos);
        startWaitedNanos += interval;
        arm(interval);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!done) {
            arm(started ? blockTimeoutNanos : START_INTERVAL_NANOS);
        }
        while (in.isReadable() && !done) {
            byte b = in.getByte(in.readerIndex());
            if (b == SOH || b == STX) {
                int size = b == SOH ? 128 : 1024;
                if (in.readableBytes() < size + 5) {
                    return;
                }
                block(in, size);
                continue;
            }
            in.skipBytes(1);
            if (b == CAN) {
                if (++cans >= 2) {
                    fail("cancelled by the sender");
                }
                continue;
            }
            cans = 0;
            if (b == EOT && !headerExpected) {
                endOfFile();
            }
            // anything else is line noise between blocks
        }
    }

    private void block(ByteBuf in, int size) {
        int start = in.readerIndex();
        int number = in.getUnsignedByte(start + 1);
        boolean ok = number + in.getUnsignedByte(start + 2) == 255
                && XmodemCrc.compute(in, start + 3, size) == in.getUnsignedShort(start + 3 + size);
        if (!ok) {
            in.skipBytes(in.readableBytes()); // purge: the sender repeats the whole block after our NAK
            error("bad block (number or CRC)");
            return;
        }
        started = true;
        cans = 0;
        errors = 0;
        if (headerExpected) {
            if (number != 0) {
                in.skipBytes(size + 5);
                fail("expected the YMODEM header block 0, got block " + number);
                return;
            }
            header(in, start + 3, size);
            in.skipBytes(size + 5);
            return;
        }
        if (number == (expected & 0xFF)) {
            if (data.size() >= maxFileSize) {
                in.skipBytes(size + 5);
                fail("file larger than " + maxFileSize + " bytes");
                return;
            }
            byte[] chunk = new byte[size];
            in.getBytes(start + 3, chunk);
            data.write(chunk, 0, size);
            progress.progress(fileName, fileSize >= 0 ? Math.min(data.size(), fileSize) : data.size(), fileSize);
            expected++;
            send(ACK);
        } else if (number == ((expected - 1) & 0xFF)) {
            send(ACK); // our ACK was lost: the sender repeated the block
        } else {
            in.skipBytes(size + 5);
            fail("block " + number + " out of sequence (expected " + (expected & 0xFF) + ")");
            return;
        }
        in.skipBytes(size + 5);
    }

    private void header(ByteBuf in, int from, int size) {
        int nul = in.indexOf(from, from + size, (byte) 0);
        if (nul == from || nul < 0) { // empty name: end of the batch
            send(ACK);
            finish();
            return;
        }
        fileName = in.toString(from, nul - from, StandardCharsets.ISO_8859_1);
        int i = nul + 1;
        long length = 0;
        boolean digits = false;
        for (; i < from + size; i++) {
            byte c = in.getByte(i);
            if (c < '0' || c > '9') {
                break;
            }
            length = length * 10 + (c - '0');
            digits = true;
        }
        fileSize = digits ? length : -1;
        if (fileSize > maxFileSize) {
            fail("file \"" + fileName + "\" of " + fileSize + " bytes exceeds " + maxFileSize);
            return;
        }
        headerExpected = false;
        expected = 1;
        send(ACK);
        send(CRC_REQUEST);
    }

    private void endOfFile() {
        send(ACK);
        byte[] content = data.toByteArray();
        if (fileSize >= 0 && content.length > fileSize) {
            content = java.util.Arrays.copyOf(content, (int) fileSize);
        }
        files.add(new XmodemFile(fileName, fileSize, content));
        if (mode != XmodemMode.YMODEM) {
            finish();
            return;
        }
        data = new ByteArrayOutputStream();
        fileName = null;
        fileSize = -1;
        headerExpected = true;
        send(CRC_REQUEST);
    }

    private void error(String why) {
        if (++errors > MAX_RETRIES) {
            fail(why + ", " + MAX_RETRIES + " times in a row");
        } else {
            send(NAK);
        }
    }

    private void arm(long nanos) {
        cancelTimer();
        timer = ctx.executor().schedule(this::timeout, nanos, TimeUnit.NANOSECONDS);
    }

    private void timeout() {
        timer = null;
        if (done) {
            return;
        }
        internalBuffer().skipBytes(internalBuffer().readableBytes());
        if (!started) {
            askToStart();
            return;
        }
        if (headerExpected) {
            if (++errors > MAX_RETRIES) {
                fail("no YMODEM header block after " + MAX_RETRIES + " requests");
            } else {
                send(CRC_REQUEST);
            }
        } else {
            error("no block within " + TimeUnit.NANOSECONDS.toMillis(blockTimeoutNanos) + " ms");
        }
        if (!done) {
            arm(blockTimeoutNanos);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void send(byte b) {
        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(b));
    }

    private void finish() {
        done = true;
        cancelTimer();
        result.trySuccess(List.copyOf(files));
        ctx.pipeline().remove(this);
    }

    private void fail(String why) {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(CAN).writeByte(CAN));
        }
        result.tryFailure(new XmodemException("XMODEM receive: " + why));
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }
}
