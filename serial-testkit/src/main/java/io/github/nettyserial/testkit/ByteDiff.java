package io.github.nettyserial.testkit;

/**
 * Formats bytes for assertion messages: hex and quoted text side by side, and for two arrays that differ, both
 * lines with a caret under the first difference. Long arrays are cut to a window around that byte.
 */
final class ByteDiff {
    /** The most bytes shown on one line. */
    private static final int WINDOW = 24;
    /** How many bytes before the first difference stay in view. */
    private static final int LEAD = 8;

    private ByteDiff() {
    }

    /**
     * Where {@code actual} first differs from {@code expected}: an index into both, or the shorter length when
     * one is a prefix of the other, or -1 when they are equal.
     */
    static int firstDifference(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                return i;
            }
        }
        return expected.length == actual.length ? -1 : n;
    }

    /**
     * Two lines, "expected:" and "received:", and a caret line, or {@code null} when the arrays are equal.
     */
    static String diff(byte[] expected, byte[] actual) {
        int at = firstDifference(expected, actual);
        if (at < 0) {
            return null;
        }
        int from = Math.max(0, at - LEAD);
        String exp = line("  expected: ", expected, from);
        String act = line("  received: ", actual, from);
        int caret = "  expected: ".length() + (from > 0 ? 4 : 0) + 3 * (at - from);
        StringBuilder sb = new StringBuilder();
        sb.append("first difference at byte ").append(at)
                .append(" (expected ").append(expected.length).append(" bytes, received ").append(actual.length)
                .append(")\n").append(exp).append('\n').append(act).append('\n');
        sb.append(" ".repeat(caret)).append("^^");
        return sb.toString();
    }

    private static String line(String prefix, byte[] bytes, int from) {
        int to = Math.min(bytes.length, from + WINDOW);
        StringBuilder sb = new StringBuilder(prefix);
        if (from > 0) {
            sb.append("... ");
        }
        sb.append(hex(bytes, from, to));
        if (to < bytes.length) {
            sb.append(" ...");
        }
        sb.append("  ").append(text(bytes, from, to));
        return sb.toString();
    }

    /** Up to {@link #WINDOW} bytes as hex and text, e.g. {@code 41 54 0D  "AT\r"}, or {@code (none)}. */
    static String describe(byte[] bytes) {
        if (bytes.length == 0) {
            return "(none)";
        }
        int to = Math.min(bytes.length, WINDOW);
        return hex(bytes, 0, to) + (to < bytes.length ? " ..." : "") + "  " + text(bytes, 0, to)
                + (to < bytes.length ? " (" + bytes.length + " bytes)" : "");
    }

    private static String hex(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(' ');
            }
            sb.append(Character.toUpperCase(Character.forDigit((bytes[i] >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(bytes[i] & 0xF, 16)));
        }
        return sb.toString();
    }

    private static String text(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        sb.append((char) b);
                    } else {
                        sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
