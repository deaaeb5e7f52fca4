package io.github.nettyserial.testkit;

/** Hex dumps for failure messages. */
final class Hex {
    private Hex() {
    }

    static String dump(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (int i = 0; i < bytes.length && i < 256; i++) {
            sb.append(String.format("%02x ", bytes[i] & 0xFF));
        }
        if (bytes.length > 256) {
            sb.append("... (").append(bytes.length).append(" bytes)");
        }
        return sb.toString().trim();
    }
}
