package io.github.nettyserial.examples.cobs;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes each {@link ByteBuf} COBS-encoded (the original Cheshire &amp; Baker form, as npm {@code cobs}
 * writes it) and ends it with the {@code 0x00} delimiter.
 */
@Sharable
public final class CobsFrameEncoder extends MessageToByteEncoder<ByteBuf> {

    public CobsFrameEncoder() {
        super(ByteBuf.class);
    }

    /** The longest encoding of {@code length} bytes, without the delimiter. */
    static int maxEncodedLength(int length) {
        return length + length / 254 + 1;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
        out.ensureWritable(maxEncodedLength(msg.readableBytes()) + 1);
        int codeIndex = out.writerIndex();
        out.writeByte(0); // placeholder for the first code byte
        int code = 1;
        for (int i = msg.readerIndex(), end = msg.writerIndex(); i < end; i++) {
            byte b = msg.getByte(i);
            if (b != 0) {
                out.writeByte(b);
                code++;
            }
            if (b == 0 || code == 0xFF) {
                out.setByte(codeIndex, code);
                codeIndex = out.writerIndex();
                out.writeByte(0);
                code = 1;
            }
        }
        out.setByte(codeIndex, code);
        out.writeByte(0);
        msg.skipBytes(msg.readableBytes());
    }
}
