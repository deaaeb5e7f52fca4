package io.github.nettyserial.examples.nmea;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes an {@link NmeaSentence} with its checksum and CR LF, e.g. a {@code $PMTK} command to a receiver. */
@Sharable
public final class NmeaSentenceEncoder extends MessageToByteEncoder<NmeaSentence> {

    public NmeaSentenceEncoder() {
        super(NmeaSentence.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, NmeaSentence s, ByteBuf out) {
        ByteBufUtil.writeAscii(out, s.toString());
        out.writeByte('\r').writeByte('\n');
    }
}
