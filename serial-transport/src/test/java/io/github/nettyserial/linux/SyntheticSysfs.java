package io.github.nettyserial.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sysfs and /dev tree in a temporary directory, shaped like the kernel's: devices under sys/devices with
 * relative {@code subsystem} links into sys/bus, tty class devices under their parent's {@code tty/} directory
 * with a {@code device} link up to it, sys/class/tty links to those, and /dev nodes as plain files.
 */
final class SyntheticSysfs {
    final Path sys;
    final Path dev;

    SyntheticSysfs(Path root) throws IOException {
        sys = Files.createDirectories(root.resolve("sys"));
        dev = Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(sys.resolve("class/tty"));
    }

    /** A device directory {@code sys/devices/PATH} on bus {@code subsystem}, with attribute files. */
    SyntheticSysfs device(String path, String subsystem, Map<String, String> attributes) throws IOException {
        Path dir = Files.createDirectories(sys.resolve("devices").resolve(path));
        Path bus = Files.createDirectories(sys.resolve("bus").resolve(subsystem));
        if (!Files.exists(dir.resolve("subsystem"), LinkOption.NOFOLLOW_LINKS)) {
            link(dir.resolve("subsystem"), bus);
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            Files.writeString(dir.resolve(a.getKey()), a.getValue() + "\n", StandardCharsets.UTF_8);
        }
        return this;
    }

    /**
     * A tty class device {@code name} below the device at {@code parent} (null: a virtual tty with no device
     * link), with attribute files (serial-core ports have {@code type}), and its /dev node if {@code node}.
     */
    SyntheticSysfs tty(String name, String parent, Map<String, String> attributes, boolean node) throws IOException {
        Path dir;
        if (parent == null) {
            dir = Files.createDirectories(sys.resolve("devices/virtual/tty").resolve(name));
        } else {
            Path parentDir = sys.resolve("devices").resolve(parent);
            dir = Files.createDirectories(parentDir.resolve("tty").resolve(name));
            link(dir.resolve("device"), parentDir);
        }
        link(dir.resolve("subsystem"), Files.createDirectories(sys.resolve("class/tty")));
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            Files.writeString(dir.resolve(a.getKey()), a.getValue() + "\n", StandardCharsets.UTF_8);
        }
        link(sys.resolve("class/tty").resolve(name), dir);
        if (node) {
            Files.writeString(dev.resolve(name), "");
        }
        return this;
    }

    /** A /dev node with no sysfs entry at all. */
    SyntheticSysfs node(String name) throws IOException {
        Files.writeString(dev.resolve(name), "");
        return this;
    }

    /** A udev-style {@code /dev/serial/by-id/LINK -> ../../NAME}. */
    SyntheticSysfs byId(String link, String name) throws IOException {
        Path dir = Files.createDirectories(dev.resolve("serial/by-id"));
        Files.createSymbolicLink(dir.resolve(link), Path.of("../..", name));
        return this;
    }

    /** What the kernel does on unplug: the class link, the device directories and the node go. */
    SyntheticSysfs unplug(String name, String deviceRoot) throws IOException {
        Files.deleteIfExists(sys.resolve("class/tty").resolve(name));
        Files.deleteIfExists(dev.resolve(name));
        deleteTree(sys.resolve("devices").resolve(deviceRoot));
        return this;
    }

    private static void link(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, link.getParent().relativize(target));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** An FTDI-style usb-serial port: USB device {@code usbPath}, interface {@code :1.N}, port device below. */
    SyntheticSysfs usbSerial(String tty, String usbPath, int interfaceNumber, Map<String, String> usbDevice,
                             Map<String, String> usbInterface) throws IOException {
        String iface = usbPath + "/" + usbPath.substring(usbPath.lastIndexOf('/') + 1) + ":1." + interfaceNumber;
        device(usbPath, "usb", usbDevice);
        device(iface, "usb", usbInterface);
        device(iface + "/" + tty, "usb-serial", Map.of("port_number", "0"));
        return tty(tty, iface + "/" + tty, Map.of(), true);
    }
}
