package io.github.nettyserial.examples.cli;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * Received bytes as text a terminal can show safely: decoded with a charset (a character split across two
 * reads is kept until its last byte comes; bad bytes become U+FFFD), and, unless raw, every control
 * character made visible as {@link TermText#visible} shows it ({@code ESC} is {@code ^[}, a lone {@code CR} is
 * {@code ^M}) so a device cannot move the cursor or clear the user's screen. Line feeds, CR LF and tabs stay
 * as they are.
 * Keeps state between reads: one instance per stream.
 */
final class PrintableText {

    private final CharsetDecoder decoder;
    private final boolean raw;
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private boolean pendingCr;

    PrintableText(Charset charset, boolean raw) {
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.raw = raw;
    }

    /** The text of {@code bytes} (not consumed); what an incomplete character needs is held for the next call. */
    String decode(ByteBuf bytes) {
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + bytes.readableBytes());
        in.put(pending);
        bytes.getBytes(bytes.readerIndex(), in);
        in.flip();
        CharBuffer chars = CharBuffer.allocate((int) (in.remaining() * (double) decoder.maxCharsPerByte()) + 1);
        decoder.decode(in, chars, false);
        pending = in.slice();
        chars.flip();
        return raw ? chars.toString() : visible(chars);
    }

    private String visible(CharSequence chars) {
        StringBuilder sb = new StringBuilder(chars.length() + 8);
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (pendingCr) {
                pendingCr = false;
                sb.append(c == '\n' ? "" : "^M");
            }
            if (c == '\r') {
                pendingCr = true; // CR LF is a line end, a lone CR is shown
            } else if (c == '\n' || c == '\t') {
                sb.append(c);
            } else {
                sb.append(TermText.visible(c)); // the same rendering as serial term's
            }
        }
        return sb.toString();
    }
}
