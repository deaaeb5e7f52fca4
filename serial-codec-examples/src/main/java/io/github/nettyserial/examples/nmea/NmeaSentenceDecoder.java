package io.github.nettyserial.examples.nmea;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits NMEA 0183 text into {@link NmeaSentence}s. A sentence ends at LF (CR LF on the wire; LF alone is
 * accepted, as logs have it); it may be at most {@code maxLength} characters including the start character
 * and CR LF (82 by the standard). Its {@code *hh} checksum is verified when present, and required when the
 * decoder is told so.
 *
 * <p>Errors are fired through {@code exceptionCaught} and decoding goes on with the next line: a line longer
 * than {@code maxLength} gives a {@link TooLongFrameException} and is discarded up to its LF; a bad checksum,
 * a non-printable character, a bad address or text before the start character gives a
 * {@link CorruptedFrameException}. A v4 TAG block ({@code \...\}) before the sentence is skipped. At most
 * {@code maxLength} bytes plus one read are buffered.
 */
public class NmeaSentenceDecoder extends ByteToMessageDecoder {

    /** The longest sentence the standard allows, start character and CR LF included. */
    public static final int MAX_STANDARD_LENGTH = 82;

    private final int maxLength;
    private final boolean requireChecksum;
    private boolean discarding;

    /** A decoder for standard sentences: at most 82 characters, checksum verified when present. */
    public NmeaSentenceDecoder() {
        this(MAX_STANDARD_LENGTH, false);
    }

    /**
     * @param maxLength the longest sentence accepted, CR LF included (some receivers exceed 82)
     * @param requireChecksum whether a sentence without {@code *hh} is an error
     */
    public NmeaSentenceDecoder(int maxLength, boolean requireChecksum) {
        if (maxLength < 8) {
            throw new IllegalArgumentException("maxLength: " + maxLength + " (expected >= 8)");
        }
        this.maxLength = maxLength;
        this.requireChecksum = requireChecksum;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() > maxLength) {
                    if (!discarding) {
                        discarding = true;
                        fail(ctx, new TooLongFrameException(
                                "NMEA sentence longer than " + maxLength + " characters without a line end"));
                    }
                    in.skipBytes(in.readableBytes());
                }
                return;
            }
            int length = lf + 1 - in.readerIndex();
            if (discarding) {
                discarding = false;
                in.skipBytes(length);
                continue;
            }
            if (length > maxLength) {
                in.skipBytes(length);
                fail(ctx, new TooLongFrameException(
                        "NMEA sentence of " + length + " characters (at most " + maxLength + ")"));
                continue;
            }
            int end = lf;
            if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
                end--;
            }
            int lineStart = in.readerIndex();
            in.skipBytes(length);
            if (end > lineStart) {
                NmeaSentence s = parse(ctx, in, lineStart, end);
                if (s != null) {
                    out.add(s);
                }
            }
        }
    }

    private NmeaSentence parse(ChannelHandlerContext ctx, ByteBuf in, int from, int to) {
        if (in.getByte(from) == '\\') {
            int close = in.indexOf(from + 1, to, (byte) '\\');
            if (close < 0) {
                return corrupt(ctx, "unterminated TAG block");
            }
            from = close + 1;
        }
        int start = from;
        while (start < to && in.getByte(start) != '$' && in.getByte(start) != '!') {
            start++;
        }
        if (start == to) {
            return corrupt(ctx, "line without '$' or '!'");
        }
        if (start > from) {
            fail(ctx, new CorruptedFrameException("NMEA: " + (start - from) + " byte(s) of noise before a sentence"));
        }
        char startChar = (char) in.getByte(start);
        int star = -1;
        int checksum = 0;
        for (int i = start + 1; i < to; i++) {
            byte b = in.getByte(i);
            if (b < 0x20 || b > 0x7E) {
                return corrupt(ctx, String.format("non-printable byte 0x%02x", b & 0xFF));
            }
            if (b == '*') {
                star = i;
                break;
            }
            checksum ^= b;
        }
        int bodyEnd = star < 0 ? to : star;
        if (star >= 0) {
            if (to - star != 3) {
                return corrupt(ctx, "checksum must be two hex digits after '*'");
            }
            int expected = hex(in.getByte(star + 1)) << 4 | hex(in.getByte(star + 2));
            if (expected < 0 || expected != checksum) {
                return corrupt(ctx, String.format("checksum %c%c does not match %02X",
                        (char) in.getByte(star + 1), (char) in.getByte(star + 2), checksum));
            }
        } else if (requireChecksum) {
            return corrupt(ctx, "sentence without checksum");
        }
        List<String> fields = new ArrayList<>();
        int fieldStart = start + 1;
        String address = null;
        for (int i = fieldStart; i <= bodyEnd; i++) {
            if (i == bodyEnd || in.getByte(i) == ',') {
                String f = in.toString(fieldStart, i - fieldStart, java.nio.charset.StandardCharsets.US_ASCII);
                if (address == null) {
                    address = f;
                } else {
                    fields.add(f);
                }
                fieldStart = i + 1;
            }
        }
        if (!validAddress(address)) {
            return corrupt(ctx, "bad address \"" + address + "\"");
        }
        try {
            return new NmeaSentence(startChar, address, fields);
        } catch (IllegalArgumentException e) {
            return corrupt(ctx, e.getMessage());
        }
    }

    private static boolean validAddress(String a) {
        if (a == null || a.length() < 2 || a.length() > 10) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return a.charAt(0) == 'P' || a.length() == 5;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -0x1000;
    }

    private static NmeaSentence corrupt(ChannelHandlerContext ctx, String why) {
        fail(ctx, new CorruptedFrameException("NMEA: " + why));
        return null;
    }

    private static void fail(ChannelHandlerContext ctx, Exception e) {
        ctx.fireExceptionCaught(e);
    }
}
