package io.github.nettyserial.examples.xmodem;

import static io.github.nettyserial.examples.xmodem.Xmodem.ACK;
import static io.github.nettyserial.examples.xmodem.Xmodem.CAN;
import static io.github.nettyserial.examples.xmodem.Xmodem.CRC_REQUEST;
import static io.github.nettyserial.examples.xmodem.Xmodem.EOT;
import static io.github.nettyserial.examples.xmodem.Xmodem.MAX_RETRIES;
import static io.github.nettyserial.examples.xmodem.Xmodem.NAK;
import static io.github.nettyserial.examples.xmodem.Xmodem.PAD;
import static io.github.nettyserial.examples.xmodem.Xmodem.SOH;
import static io.github.nettyserial.examples.xmodem.Xmodem.STX;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one file with XMODEM, XMODEM-1K or YMODEM as a state machine on the channel's event loop. Put it in the
 * pipeline when the channel is created (bytes read before it is added would pass it by) and wait for
 * {@link #result()}; the receiver starts the transfer with
 * {@code C} (CRC-16) or NAK (checksum). A block is sent again on NAK or when no answer comes within the
 * response timeout, up to 10 times; two CANs from the receiver cancel. The handler removes itself when
 * the transfer ends; on failure it sends CAN CAN first.
 */
public class XmodemSender extends ChannelInboundHandlerAdapter {

    private enum State { WAIT_START, HEADER, WAIT_DATA_START, DATA, EOT, WAIT_END_START, END, DONE }

    private final XmodemMode mode;
    private final String name;
    private final byte[] content;
    private final long startTimeoutNanos;
    private final long responseTimeoutNanos;
    private final Promise<Void> result = ImmediateEventExecutor.INSTANCE.newPromise();
    private ChannelHandlerContext ctx;
    private State state = State.WAIT_START;
    private boolean crc;
    private int offset;
    private int blockLength;
    private int blockNumber;
    private int retries;
    private int cans;
    private ScheduledFuture<?> timer;
    private XmodemProgress progress = XmodemProgress.NONE;

    /** A sender with a 60 s start timeout and a 10 s response timeout. */
    public XmodemSender(XmodemMode mode, String name, byte[] content) {
        this(mode, name, content, Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    /**
     * @param name the file name YMODEM announces (ignored by XMODEM)
     * @param startTimeout how long to wait for the receiver's first {@code C} or NAK
     * @param responseTimeout how long to wait for the answer to a block before sending it again
     */
    public XmodemSender(XmodemMode mode, String name, byte[] content, Duration startTimeout, Duration responseTimeout) {
        this.mode = mode;
        this.name = name;
        this.content = content.clone();
        this.startTimeoutNanos = startTimeout.toNanos();
        this.responseTimeoutNanos = responseTimeout.toNanos();
        if (mode == XmodemMode.YMODEM && (name == null || name.isEmpty() || name.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("YMODEM needs a file name, got \"" + name + "\"");
        }
    }

    /** Sets what is told of each acknowledged block; call before the transfer starts. */
    public XmodemSender progress(XmodemProgress listener) {
        this.progress = listener == null ? XmodemProgress.NONE : listener;
        return this;
    }

    /** Completes when the receiver has confirmed the end of the transfer, or fails with {@link XmodemException}. */
    public Future<Void> result() {
        return result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm(startTimeoutNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
        result.tryFailure(new XmodemException("transfer handler removed before the end"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail("channel closed during the transfer");
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (in.isReadable() && state != State.DONE) {
                onByte(in.readByte());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onByte(byte b) {
        if (b == CAN) {
            if (++cans >= 2) {
                fail("cancelled by the receiver");
            }
            return;
        }
        cans = 0;
        switch (state) {
            case WAIT_START -> {
                if (b == CRC_REQUEST || b == NAK) {
                    crc = b == CRC_REQUEST;
                    if (mode == XmodemMode.YMODEM) {
                        state = State.HEADER;
                        sendHeader(name);
                    } else {
                        state = State.DATA;
                        blockNumber = 1;
                        sendDataOrEot();
                    }
                }
            }
            case HEADER -> answer(b, () -> {
                state = State.WAIT_DATA_START;
                arm(responseTimeoutNanos);
            }, () -> sendHeader(name));
            case WAIT_DATA_START -> {
                if (b == CRC_REQUEST) {
                    state = State.DATA;
                    blockNumber = 1;
                    sendDataOrEot();
                }
            }
            case DATA -> answer(b, () -> {
                offset += blockLength;
                progress.progress(name, offset, content.length);
                blockNumber++;
                sendDataOrEot();
            }, this::sendBlock);
            case EOT -> answer(b, () -> {
                if (mode == XmodemMode.YMODEM) {
                    state = State.WAIT_END_START;
                    arm(responseTimeoutNanos);
                } else {
                    done();
                }
            }, this::sendEot);
            case WAIT_END_START -> {
                if (b == CRC_REQUEST) {
                    state = State.END;
                    sendHeader("");
                }
            }
            case END -> answer(b, this::done, () -> sendHeader(""));
            default -> {
            }
        }
    }

    /** ACK runs {@code next}; NAK runs {@code again} (counted); other bytes are line noise. */
    private void answer(byte b, Runnable next, Runnable again) {
        if (b == ACK) {
            retries = 0;
            next.run();
        } else if (b == NAK) {
            retry(again);
        }
    }

    private void retry(Runnable again) {
        if (++retries > MAX_RETRIES) {
            fail("no acknowledgement after " + MAX_RETRIES + " retries (state " + state + ", block " + blockNumber + ")");
        } else {
            again.run();
        }
    }

    private void sendDataOrEot() {
        if (offset >= content.length) {
            state = State.EOT;
            sendEot();
            return;
        }
        int remaining = content.length - offset;
        blockLength = mode.blockSize() == 1024 && remaining > 128 ? Math.min(1024, remaining) : Math.min(128, remaining);
        sendBlock();
    }

    private void sendBlock() {
        int size = blockLength > 128 ? 1024 : 128;
        write(block(blockNumber, content, offset, blockLength, size, PAD));
    }

    private void sendEot() {
        ByteBuf eot = ctx.alloc().buffer(1).writeByte(EOT);
        write(eot);
    }

    /** YMODEM block 0: name NUL size NUL; an empty name ends the batch. */
    private void sendHeader(String fileName) {
        byte[] header = fileName.isEmpty() ? new byte[0]
                : (fileName + '\0' + content.length + '\0').getBytes(StandardCharsets.ISO_8859_1);
        write(block(0, header, 0, header.length, header.length > 128 ? 1024 : 128, (byte) 0));
    }

    private ByteBuf block(int number, byte[] src, int from, int length, int size, byte pad) {
        ByteBuf b = ctx.alloc().buffer(size + 5);
        b.writeByte(size == 1024 ? STX : SOH).writeByte(number & 0xFF).writeByte(255 - (number & 0xFF));
        int dataStart = b.writerIndex();
        b.writeBytes(src, from, length);
        for (int i = length; i < size; i++) {
            b.writeByte(pad);
        }
        if (crc) {
            b.writeShort(XmodemCrc.compute(b, dataStart, size));
        } else {
            int sum = 0;
            for (int i = dataStart; i < dataStart + size; i++) {
                sum += b.getByte(i);
            }
            b.writeByte(sum);
        }
        return b;
    }

    private void write(ByteBuf b) {
        ctx.writeAndFlush(b);
        arm(responseTimeoutNanos);
    }

    private void arm(long nanos) {
        cancelTimer();
        timer = ctx.executor().schedule(this::timeout, nanos, TimeUnit.NANOSECONDS);
    }

    private void timeout() {
        timer = null;
        switch (state) {
            case WAIT_START -> fail("no receiver started the transfer within "
                    + TimeUnit.NANOSECONDS.toSeconds(startTimeoutNanos) + " s");
            case HEADER -> retry(() -> sendHeader(name));
            case DATA -> retry(this::sendBlock);
            case EOT -> retry(this::sendEot);
            case END -> retry(() -> sendHeader(""));
            case WAIT_DATA_START, WAIT_END_START -> fail("the receiver did not ask for the next file part");
            default -> {
            }
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void done() {
        state = State.DONE;
        cancelTimer();
        result.trySuccess(null);
        ctx.pipeline().remove(this);
    }

    private void fail(String why) {
        if (state == State.DONE) {
            return;
        }
        boolean started = state != State.WAIT_START;
        state = State.DONE;
        cancelTimer();
        if (started && ctx.channel().isActive()) {
            ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(CAN).writeByte(CAN));
        }
        result.tryFailure(new XmodemException("XMODEM send: " + why));
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }
}
