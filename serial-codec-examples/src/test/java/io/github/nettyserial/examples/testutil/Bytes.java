package io.github.nettyserial.examples.testutil;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;

/** Hex helpers for tests. */
public final class Bytes {

    private Bytes() {
    }

    /** Bytes from hex with optional spaces, e.g. {@code "01 03 00 00"}. */
    public static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
    }

    public static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(hex(hex));
    }

    public static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    /** Everything written to {@code ch} so far, as hex; releases the buffers. */
    public static String outbound(EmbeddedChannel ch) {
        return ByteBufUtil.hexDump(outboundBytes(ch));
    }

    /** Everything written to {@code ch} so far; releases the buffers. */
    public static byte[] outboundBytes(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            try {
                out.writeBytes(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }
        return out.toByteArray();
    }

    /** Content of a ByteBuf message, released. */
    public static byte[] take(ByteBuf b) {
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
