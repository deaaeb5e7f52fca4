package io.github.nettyserial.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ByteDiffTest {

    @Test
    void equalArraysHaveNoDiff() {
        assertNull(ByteDiff.diff(new byte[] {1, 2}, new byte[] {1, 2}));
        assertEquals(-1, ByteDiff.firstDifference(new byte[0], new byte[0]));
    }

    @Test
    void aPrefixDiffersAtItsEnd() {
        assertEquals(2, ByteDiff.firstDifference(new byte[] {1, 2}, new byte[] {1, 2, 3}));
        assertEquals("first difference at byte 2 (expected 2 bytes, received 3)\n"
                + "  expected: 01 02  \"\\x01\\x02\"\n"
                + "  received: 01 02 03  \"\\x01\\x02\\x03\"\n"
                + "                  ^^", ByteDiff.diff(new byte[] {1, 2}, new byte[] {1, 2, 3}));
    }

    @Test
    void longArraysAreShownAroundTheDifference() {
        byte[] expected = new byte[100];
        byte[] actual = new byte[100];
        actual[50] = (byte) 0xFF;
        String diff = ByteDiff.diff(expected, actual);
        String[] lines = diff.split("\n");
        assertEquals("first difference at byte 50 (expected 100 bytes, received 100)", lines[0]);
        // 8 bytes before the difference stay in view, behind "... "
        assertEquals("  received: ... 00 00 00 00 00 00 00 00 FF 00", lines[2].substring(0, 45));
        assertEquals(lines[3].length() - 2, lines[2].indexOf("FF"));
    }

    @Test
    void describeEscapesAndCuts() {
        assertEquals("(none)", ByteDiff.describe(new byte[0]));
        assertEquals("22 5C 0D 0A 09 7F  \"\\\"\\\\\\r\\n\\t\\x7f\"", ByteDiff.describe(new byte[] {'"', '\\', '\r', '\n', '\t', 0x7F}));
        String cut = ByteDiff.describe(new byte[30]);
        assertEquals(true, cut.endsWith(" (30 bytes)"), cut);
    }
}
