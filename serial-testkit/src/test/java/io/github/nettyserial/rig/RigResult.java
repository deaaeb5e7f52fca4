package io.github.nettyserial.rig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One test that ran inside the guest, as {@code GuestLauncher} wrote it to {@code results.tsv}:
 * {@code STATUS \t name \t millis \t base64(stack trace or skip reason)}.
 */
record RigResult(String status, String name, long millis, String detail) {

    static RigResult parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 4) {
            throw new IllegalArgumentException("malformed rig result line: " + line);
        }
        return new RigResult(f[0], f[1], Long.parseLong(f[2]),
                new String(Base64.getDecoder().decode(f[3]), StandardCharsets.UTF_8));
    }

    boolean successful() {
        return "SUCCESSFUL".equals(status);
    }
}
