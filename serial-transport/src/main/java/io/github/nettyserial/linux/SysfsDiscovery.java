package io.github.nettyserial.linux;

import io.github.nettyserial.SerialPortInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Lists the serial ports of a Linux system from sysfs, the way pyserial's {@code list_ports_linux} does, so
 * the descriptions and hwids match what {@code python3 -m serial.tools.list_ports -v} prints:
 * <ul>
 *   <li>a port is a {@code /sys/class/tty/NAME} with a {@code device} link (or a {@code /dev} name pyserial
 *       globs for) whose {@code /dev/NAME} exists;</li>
 *   <li>USB ports: {@code usb-serial} drivers (ftdi_sio, pl2303, cp210x...) hang the port below the USB
 *       interface, cdc-acm hangs it on the interface itself; the USB device is the interface's parent;</li>
 *   <li>serial-core ports whose sysfs {@code type} is 0 (PORT_UNKNOWN) are phantoms (the 8250 driver
 *       registers 4 or 32 of them whatever the hardware) and are left out. pyserial drops the {@code platform}
 *       bus instead, which stopped working when kernel 6.5 put every 8250 port on the {@code serial-base} bus
 *       and wrongly hides real platform UARTs.</li>
 * </ul>
 * Nothing is opened. The roots are parameters so tests can run against synthetic trees.
 */
final class SysfsDiscovery {
    /** The /dev names pyserial looks for even without a sysfs device (rfcomm, for one). */
    private static final Pattern PYSERIAL_NAMES =
            Pattern.compile("ttyS\\d+|ttyUSB\\d+|ttyXRUSB\\d+|ttyACM\\d+|ttyAMA\\d+|rfcomm\\d+|ttyAP\\d+");

    private final Path sys;
    private final Path dev;

    /** Reads the real {@code /sys} and {@code /dev}. */
    SysfsDiscovery() {
        this(Path.of("/sys"), Path.of("/dev"));
    }

    /**
     * @param sys where sysfs is mounted ({@code /sys})
     * @param dev the device directory ({@code /dev}); ports are reported as {@code /dev/NAME} whatever it is
     */
    SysfsDiscovery(Path sys, Path dev) {
        this.sys = sys;
        this.dev = dev;
    }

    /** The ports present now, in the lexical order of their names. */
    List<SerialPortInfo> scan() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Path classTty = sys.resolve("class/tty");
        if (Files.isDirectory(classTty)) {
            try (DirectoryStream<Path> ttys = Files.newDirectoryStream(classTty)) {
                for (Path tty : ttys) {
                    if (Files.exists(tty.resolve("device"))) {
                        names.add(tty.getFileName().toString());
                    }
                }
            }
        }
        if (Files.isDirectory(dev)) {
            try (DirectoryStream<Path> nodes = Files.newDirectoryStream(dev)) {
                for (Path node : nodes) {
                    String name = node.getFileName().toString();
                    if (PYSERIAL_NAMES.matcher(name).matches()) {
                        names.add(name);
                    }
                }
            }
        }
        Map<Path, String> byId = byIdLinks();
        List<SerialPortInfo> ports = new ArrayList<>();
        for (String name : names) {
            Path node = dev.resolve(name);
            if (!Files.exists(node)) {
                continue;
            }
            SerialPortInfo info = describe(name, byId.get(node.toRealPath()));
            if (info != null) {
                ports.add(info);
            }
        }
        return ports;
    }

    /** The port's description, or {@code null} if it is a phantom (or vanished while we looked). */
    private SerialPortInfo describe(String name, String byIdPath) throws IOException {
        SerialPortInfo.Builder b = SerialPortInfo.builder("/dev/" + name).byIdPath(byIdPath);
        Path tty = sys.resolve("class/tty").resolve(name);
        Path link = tty.resolve("device");
        if (!Files.exists(link)) {
            return b.build(); // what pyserial reports for a port sysfs knows nothing about: n/a
        }
        String type = readLine(tty.resolve("type"));
        if ("0".equals(type)) {
            return null; // serial-core PORT_UNKNOWN: no UART behind this line
        }
        Path device;
        String subsystem;
        try {
            device = link.toRealPath();
            subsystem = subsystem(device);
            // Since 6.5, serial-core puts a port device and a controller device (bus serial-base) between
            // the tty and the hardware; the hardware is further up.
            while ("serial-base".equals(subsystem) && device.getParent() != null) {
                device = device.getParent();
                subsystem = subsystem(device);
            }
        } catch (IOException gone) {
            return null; // unplugged while we looked
        }
        Path usbInterface = null;
        if ("usb-serial".equals(subsystem)) {
            usbInterface = device.getParent();
        } else if ("usb".equals(subsystem)) {
            usbInterface = device; // cdc-acm: the tty hangs on the interface
        }
        if (usbInterface != null) {
            Path usbDevice = usbInterface.getParent();
            String vid = readLine(usbDevice.resolve("idVendor"));
            String pid = readLine(usbDevice.resolve("idProduct"));
            if (vid == null || pid == null) {
                return null; // unplugged while we looked
            }
            b.usb(Integer.parseInt(vid, 16), Integer.parseInt(pid, 16))
                    .serialNumber(readLine(usbDevice.resolve("serial")))
                    .manufacturer(readLine(usbDevice.resolve("manufacturer")))
                    .product(readLine(usbDevice.resolve("product")))
                    .interfaceName(readLine(usbInterface.resolve("interface")));
            // Multi-port adapters (FT4232H, CP2105) have one interface per port: name the interface then.
            b.location(interfaces(usbDevice) > 1 ? usbInterface.getFileName().toString()
                    : usbDevice.getFileName().toString());
        } else if ("pnp".equals(subsystem)) {
            String id = readLine(device.resolve("id"));
            b.description(name).hwid(id != null ? id : "n/a");
        } else if ("amba".equals(subsystem) || "platform".equals(subsystem)) {
            b.description(name).hwid(device.getFileName().toString());
        }
        return b.build();
    }

    private static int interfaces(Path usbDevice) throws IOException {
        String n = readLine(usbDevice.resolve("bNumInterfaces"));
        try {
            return n == null ? 1 : Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String subsystem(Path device) throws IOException {
        Path link = device.resolve("subsystem");
        return Files.exists(link) ? link.toRealPath().getFileName().toString() : null;
    }

    /** {@code /dev/serial/by-id} links by the real path of the node they point at. */
    private Map<Path, String> byIdLinks() throws IOException {
        Map<Path, String> links = new HashMap<>();
        Path dir = dev.resolve("serial/by-id");
        if (!Files.isDirectory(dir)) {
            return links;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path link : entries) {
                try {
                    links.putIfAbsent(link.toRealPath(), "/dev/serial/by-id/" + link.getFileName());
                } catch (IOException dangling) {
                    // the device went away; udev removes the link shortly
                }
            }
        }
        return links;
    }

    /** The first line of a sysfs attribute, trimmed, or {@code null} if it cannot be read. */
    private static String readLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
