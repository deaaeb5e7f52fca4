package io.github.nettyserial.examples.cli;

import io.github.nettyserial.examples.cli.SendCommand.Eol;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * What {@code serial term} shows for the bytes of one direction: text in the port's encoding, the line ending
 * as a new line and every other control character made visible in caret notation ({@code ESC} as {@code ^[}),
 * so a device cannot move the cursor or clear the user's screen; or, in hex mode, one line of hex per read.
 * Keeps the state that spans reads: a character split between two reads, a CR waiting for its LF.
 * Not thread-safe: one instance per direction, used by one thread at a time.
 */
final class TermText {

    private final boolean hex;
    private final Eol eol;
    private final CharsetDecoder decoder;
    /** Bytes not yet decoded (the start of a character split between reads); kept between calls. */
    private final ByteBuffer undecoded = ByteBuffer.allocate(4096);
    private final CharBuffer decoded = CharBuffer.allocate(4096);
    private final StringBuilder text = new StringBuilder();
    /** In CRLF mode, a CR seen at the end of a read: a new line if an LF follows, ^M otherwise. */
    private boolean pendingCr;

    TermText(Charset charset, Eol eol, boolean hex) {
        this.hex = hex;
        this.eol = eol;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** The screen text for {@code bytes} (not consumed); new lines are {@code \n}. */
    String render(ByteBuf bytes) {
        text.setLength(0);
        if (hex) {
            for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
                text.append(i == bytes.readerIndex() ? "" : " ");
                text.append(Character.forDigit((bytes.getByte(i) >> 4) & 0xF, 16));
                text.append(Character.forDigit(bytes.getByte(i) & 0xF, 16));
            }
            return text.append('\n').toString();
        }
        int from = bytes.readerIndex();
        while (from < bytes.writerIndex()) {
            int n = Math.min(undecoded.remaining(), bytes.writerIndex() - from);
            bytes.getBytes(from, undecoded.limit(undecoded.position() + n));
            undecoded.limit(undecoded.capacity());
            from += n;
            undecoded.flip();
            decoded.clear();
            decoder.decode(undecoded, decoded, false);
            undecoded.compact();
            decoded.flip();
            while (decoded.hasRemaining()) {
                append(decoded.get());
            }
        }
        return text.toString();
    }

    private void append(char c) {
        if (pendingCr) {
            pendingCr = false;
            if (c == '\n') {
                text.append('\n');
                return;
            }
            text.append("^M");
        }
        if (c == '\r' && eol == Eol.CRLF) {
            pendingCr = true;
        } else if ((c == '\r' && eol == Eol.CR) || (c == '\n' && eol == Eol.LF)) {
            text.append('\n');
        } else if (c == '\t') {
            text.append(c);
        } else {
            text.append(visible(c));
        }
    }

    /**
     * A character as it can be shown safely: C0 controls in caret notation ({@code ^@}..{@code ^_}), DEL as
     * {@code ^?}, C1 controls (which some terminals obey too) as {@code <U+0080>}..{@code <U+009F>}; any other
     * character as itself.
     */
    static String visible(char c) {
        if (c < 0x20) {
            return "^" + (char) (c + 0x40);
        } else if (c == 0x7F) {
            return "^?";
        } else if (Character.isISOControl(c)) {
            return String.format("<U+%04X>", (int) c);
        }
        return String.valueOf(c);
    }
}
