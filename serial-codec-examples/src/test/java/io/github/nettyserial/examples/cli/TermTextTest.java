package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nettyserial.examples.cli.SendCommand.Eol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code serial term} shows for the bytes of one direction, read by read. */
class TermTextTest {

    private static String render(TermText text, int... bytes) {
        ByteBuf buf = Unpooled.buffer(bytes.length);
        for (int b : bytes) {
            buf.writeByte(b);
        }
        try {
            return text.render(buf);
        } finally {
            buf.release();
        }
    }

    private static TermText text(Eol eol) {
        return new TermText(StandardCharsets.UTF_8, eol, false);
    }

    @Test
    void controlCharactersAreShownInCaretNotation() {
        TermText t = text(Eol.CRLF);
        assertEquals("^[[2J^@^G\t^?x", render(t, 0x1b, '[', '2', 'J', 0, 7, '\t', 0x7f, 'x'));
        assertEquals("<U+009B>", render(t, 0xc2, 0x9b), "a C1 control (CSI) is shown too");
    }

    @Test
    void aCharacterSplitBetweenReadsIsKeptWhole() {
        TermText t = text(Eol.CRLF);
        assertEquals("h", render(t, 'h', 0xc3));
        assertEquals("\u00e9llo", render(t, 0xa9, 'l', 'l', 'o'));
        assertEquals("\ufffd!", render(t, 0xff, '!'), "a byte that is not UTF-8 shows as the replacement character");
    }

    @Test
    void theLineEndingIsANewLineAndAnyOtherCrOrLfIsShown() {
        TermText crlf = text(Eol.CRLF);
        assertEquals("a", render(crlf, 'a', '\r'));
        assertEquals("\nb^Jc^M", render(crlf, '\n', 'b', '\n', 'c', '\r', '\r'));
        assertEquals("^Md", render(crlf, 'd'), "a CR that no LF follows");
        assertEquals("a\nb^J", render(text(Eol.CR), 'a', '\r', 'b', '\n'));
        assertEquals("a^Mb\n", render(text(Eol.LF), 'a', '\r', 'b', '\n'));
        assertEquals("^M^J", render(text(Eol.NONE), '\r', '\n'));
    }

    @Test
    void hexIsOneLinePerRead() {
        TermText t = new TermText(StandardCharsets.UTF_8, Eol.CRLF, true);
        assertEquals("68 c3 a9 1b 0d 0a\n", render(t, 'h', 0xc3, 0xa9, 0x1b, '\r', '\n'));
    }

    @Test
    void anotherEncoding() {
        assertEquals("h\u00e9", render(new TermText(Charset.forName("ISO-8859-1"), Eol.CRLF, false), 'h', 0xe9));
    }
}
