package io.github.nettyserial.examples.at;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits modem output into lines: a line ends at CR or LF, so {@code <CR><LF>OK<CR><LF>} and an echoed
 * {@code AT<CR>} both give one line; empty lines are dropped. Emits each line as a {@link String}
 * (ISO-8859-1). Errors are fired through {@code exceptionCaught} and decoding goes on with the next line:
 * a line longer than {@code maxLineLength} gives a {@link TooLongFrameException}, a line with a control
 * character other than TAB a {@link CorruptedFrameException}.
 */
public class AtLineDecoder extends ByteToMessageDecoder {

    private final int maxLineLength;
    private boolean discarding;

    public AtLineDecoder() {
        this(1024);
    }

    public AtLineDecoder(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected > 0)");
        }
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int eol = in.forEachByte(b -> b != '\r' && b != '\n');
            if (eol < 0) {
                if (in.readableBytes() > maxLineLength) {
                    if (!discarding) {
                        discarding = true;
                        ctx.fireExceptionCaught(new TooLongFrameException("AT line longer than " + maxLineLength));
                    }
                    in.skipBytes(in.readableBytes());
                }
                return;
            }
            int start = in.readerIndex();
            int length = eol - start;
            in.readerIndex(eol + 1);
            if (discarding) {
                discarding = false;
                continue;
            }
            if (length == 0) {
                continue;
            }
            if (length > maxLineLength) {
                ctx.fireExceptionCaught(new TooLongFrameException("AT line of " + length + " bytes (at most "
                        + maxLineLength + ")"));
                continue;
            }
            int bad = in.forEachByte(start, length, b -> b >= 0x20 || b < 0 || b == '\t');
            if (bad >= 0) {
                ctx.fireExceptionCaught(new CorruptedFrameException(String.format(
                        "AT line with control character 0x%02x", in.getByte(bad) & 0xFF)));
                continue;
            }
            out.add(in.toString(start, length, StandardCharsets.ISO_8859_1));
        }
    }
}
