package io.github.nettyserial.examples.slip;

import static io.github.nettyserial.examples.slip.SlipFrameDecoder.END;
import static io.github.nettyserial.examples.slip.SlipFrameDecoder.ESC;
import static io.github.nettyserial.examples.slip.SlipFrameDecoder.ESC_END;
import static io.github.nettyserial.examples.slip.SlipFrameDecoder.ESC_ESC;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes each {@link ByteBuf} as one SLIP packet: END, the escaped bytes, END. The leading END flushes any
 * line noise the receiver has collected, as RFC 1055 recommends.
 */
@Sharable
public final class SlipFrameEncoder extends MessageToByteEncoder<ByteBuf> {

    public SlipFrameEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
        out.ensureWritable(msg.readableBytes() + 2);
        out.writeByte(END);
        for (int i = msg.readerIndex(), end = msg.writerIndex(); i < end; i++) {
            byte b = msg.getByte(i);
            if (b == END) {
                out.writeByte(ESC).writeByte(ESC_END);
            } else if (b == ESC) {
                out.writeByte(ESC).writeByte(ESC_ESC);
            } else {
                out.writeByte(b);
            }
        }
        out.writeByte(END);
        msg.skipBytes(msg.readableBytes());
    }
}
