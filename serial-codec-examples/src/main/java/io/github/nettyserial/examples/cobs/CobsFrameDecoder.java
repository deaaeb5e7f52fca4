package io.github.nettyserial.examples.cobs;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a stream of COBS frames (Cheshire &amp; Baker), each ended by a {@code 0x00}, and decodes them. A
 * code byte k is followed by k-1 data bytes and stands for an implied {@code 0x00} after them, unless k is
 * {@code 0xFF} or the block ends the frame; both the original form (a trailing {@code 01} after a full
 * 254-byte block) and the shorter one are accepted. Empty frames are dropped. Emits each frame as a
 * {@link ByteBuf} the next handler must release.
 *
 * <p>Errors are fired through {@code exceptionCaught} and decoding goes on after the next {@code 0x00}: a
 * code byte that points past the end of its frame gives a {@link CorruptedFrameException}, a frame longer
 * than {@code maxFrameLength} decoded bytes a {@link TooLongFrameException}. At most the encoded size of
 * {@code maxFrameLength} plus one read are buffered.
 */
public class CobsFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameLength;
    private final int maxEncodedLength;
    private boolean discarding;

    public CobsFrameDecoder(int maxFrameLength) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength: " + maxFrameLength + " (expected > 0)");
        }
        this.maxFrameLength = maxFrameLength;
        this.maxEncodedLength = CobsFrameEncoder.maxEncodedLength(maxFrameLength);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int zero = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
            if (zero < 0) {
                if (in.readableBytes() > maxEncodedLength) {
                    if (!discarding) {
                        discarding = true;
                        ctx.fireExceptionCaught(new TooLongFrameException(
                                "COBS frame longer than " + maxFrameLength + " bytes"));
                    }
                    in.skipBytes(in.readableBytes());
                }
                return;
            }
            int start = in.readerIndex();
            in.readerIndex(zero + 1);
            if (discarding) {
                discarding = false;
                continue;
            }
            if (zero > start) {
                ByteBuf frame = decodeFrame(ctx, in, start, zero);
                if (frame != null) {
                    out.add(frame);
                }
            }
        }
    }

    private ByteBuf decodeFrame(ChannelHandlerContext ctx, ByteBuf in, int start, int end) {
        if (end - start > maxEncodedLength) {
            ctx.fireExceptionCaught(new TooLongFrameException("COBS frame longer than " + maxFrameLength + " bytes"));
            return null;
        }
        ByteBuf frame = ctx.alloc().buffer(end - start);
        int i = start;
        while (i < end) {
            int code = in.getUnsignedByte(i++);
            if (i + code - 1 > end) {
                frame.release();
                ctx.fireExceptionCaught(new CorruptedFrameException("COBS: code byte " + code + " points "
                        + (i + code - 1 - end) + " byte(s) past the end of the frame"));
                return null;
            }
            frame.writeBytes(in, i, code - 1);
            i += code - 1;
            if (code != 0xFF && i < end) {
                frame.writeByte(0);
            }
        }
        if (frame.readableBytes() > maxFrameLength) {
            frame.release();
            ctx.fireExceptionCaught(new TooLongFrameException("COBS frame longer than " + maxFrameLength + " bytes"));
            return null;
        }
        return frame;
    }
}
