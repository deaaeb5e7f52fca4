package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.nettyserial.SerialPortInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Debian's pyserial ({@code /usr/bin/python3 -m serial.tools.list_ports -v}, package python3-serial) on a
 * synthetic tree: in a private mount namespace (unshare -m, root) where the tree's sys and dev are bind-mounted
 * over /sys and /dev, so pyserial reads exactly what our discovery reads.
 */
final class Pyserial {
    private Pyserial() {
    }

    /** {@code device -> "description | hwid"} as pyserial prints them for {@code fs}. */
    static Map<String, String> listPorts(SyntheticSysfs fs) throws IOException, InterruptedException {
        String script = "mount --bind '" + fs.sys + "' /sys && mount --bind '" + fs.dev + "' /dev"
                + " && exec /usr/bin/python3 -m serial.tools.list_ports -v";
        Process p = new ProcessBuilder("unshare", "--mount", "sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            fail("running pyserial on the synthetic tree needs root (unshare, mount) and python3-serial: " + out);
        }
        Map<String, String> ports = new LinkedHashMap<>();
        String device = null;
        String desc = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("    desc: ")) {
                desc = line.substring("    desc: ".length());
            } else if (line.startsWith("    hwid: ")) {
                ports.put(device, desc + " | " + line.substring("    hwid: ".length()));
            } else if (line.startsWith("/dev/")) {
                device = line.trim();
            }
        }
        return ports;
    }

    /** The same view of our list. */
    static Map<String, String> view(List<SerialPortInfo> ports) {
        Map<String, String> view = new LinkedHashMap<>();
        for (SerialPortInfo p : ports) {
            view.put(p.device(), p.description() + " | " + p.hwid());
        }
        return view;
    }
}
