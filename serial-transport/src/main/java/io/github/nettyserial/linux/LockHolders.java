package io.github.nettyserial.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Names the processes holding a {@code flock} on a device, from {@code /proc/locks}, so that "port busy"
 * says who has it. Best effort: an empty string when nothing can be found.
 */
final class LockHolders {
    private LockHolders() {
    }

    static String describe(String device) {
        try {
            Object ino = Files.getAttribute(Paths.get(device).toRealPath(), "unix:ino");
            StringBuilder holders = new StringBuilder();
            List<String> locks = Files.readAllLines(Paths.get("/proc/locks"));
            for (String line : locks) {
                // "1: FLOCK  ADVISORY  WRITE 1234 00:05:87 0 EOF"
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || !"FLOCK".equals(f[1])) {
                    continue;
                }
                String[] id = f[5].split(":");
                if (id.length == 3 && id[2].equals(String.valueOf(ino))) {
                    String pid = f[4];
                    holders.append(holders.length() == 0 ? "" : ", ").append("pid ").append(pid)
                            .append(commandOf(pid));
                }
            }
            return holders.length() == 0 ? "" : " (held by " + holders + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String commandOf(String pid) {
        try {
            Path comm = Paths.get("/proc", pid, "comm");
            return " " + Files.readString(comm).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
