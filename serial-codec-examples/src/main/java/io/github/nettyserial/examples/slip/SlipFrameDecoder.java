package io.github.nettyserial.examples.slip;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a SLIP (RFC 1055) byte stream into packets: each packet ends with END ({@code 0xC0}); inside it
 * {@code DB DC} stands for {@code C0} and {@code DB DD} for {@code DB}. Empty packets (as a sender's leading
 * END makes) are dropped. Emits each packet as a {@link ByteBuf} the next handler must release.
 *
 * <p>Errors are fired through {@code exceptionCaught} and decoding goes on after the next END: an ESC
 * followed by anything but {@code DC}/{@code DD} gives a {@link CorruptedFrameException}, a packet longer
 * than {@code maxPacketLength} a {@link TooLongFrameException}. At most twice {@code maxPacketLength} (the
 * escaped size) plus one read are buffered.
 */
public class SlipFrameDecoder extends ByteToMessageDecoder {

    static final byte END = (byte) 0xC0;
    static final byte ESC = (byte) 0xDB;
    static final byte ESC_END = (byte) 0xDC;
    static final byte ESC_ESC = (byte) 0xDD;

    private final int maxPacketLength;
    private boolean discarding;

    /** A decoder for packets of up to 1006 bytes, the size RFC 1055 suggests. */
    public SlipFrameDecoder() {
        this(1006);
    }

    public SlipFrameDecoder(int maxPacketLength) {
        if (maxPacketLength < 1) {
            throw new IllegalArgumentException("maxPacketLength: " + maxPacketLength + " (expected > 0)");
        }
        this.maxPacketLength = maxPacketLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int end = in.indexOf(in.readerIndex(), in.writerIndex(), END);
            if (end < 0) {
                if (in.readableBytes() > 2 * maxPacketLength) {
                    if (!discarding) {
                        discarding = true;
                        ctx.fireExceptionCaught(new TooLongFrameException(
                                "SLIP packet longer than " + maxPacketLength + " bytes"));
                    }
                    in.skipBytes(in.readableBytes());
                }
                return;
            }
            int start = in.readerIndex();
            in.readerIndex(end + 1);
            if (discarding) {
                discarding = false;
                continue;
            }
            if (end > start) {
                ByteBuf packet = unescape(ctx, in, start, end);
                if (packet != null) {
                    out.add(packet);
                }
            }
        }
    }

    private ByteBuf unescape(ChannelHandlerContext ctx, ByteBuf in, int start, int end) {
        ByteBuf packet = ctx.alloc().buffer(Math.min(end - start, maxPacketLength));
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if (b == ESC) {
                byte next = i + 1 < end ? in.getByte(++i) : END;
                if (next == ESC_END) {
                    b = END;
                } else if (next == ESC_ESC) {
                    b = ESC;
                } else {
                    packet.release();
                    ctx.fireExceptionCaught(new CorruptedFrameException(String.format(
                            "SLIP: ESC followed by 0x%02x (expected 0xdc or 0xdd)", next & 0xFF)));
                    return null;
                }
            }
            if (packet.writerIndex() == maxPacketLength) {
                packet.release();
                ctx.fireExceptionCaught(new TooLongFrameException("SLIP packet longer than " + maxPacketLength + " bytes"));
                return null;
            }
            packet.writeByte(b);
        }
        return packet;
    }
}
