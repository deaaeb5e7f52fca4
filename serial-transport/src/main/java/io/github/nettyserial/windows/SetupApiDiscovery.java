package io.github.nettyserial.windows;

import io.github.nettyserial.SerialPortInfo;
import java.io.IOException;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists the serial ports of a Windows system: the present devices that expose GUID_DEVINTERFACE_COMPORT,
 * then those of the Ports class (drivers that register no such interface) and of the Modem class, each
 * device once, described the way pyserial's {@code list_ports_windows} does: the port name from the
 * device's hardware registry key ({@code PortName}), vid/pid/serial parsed from the instance id
 * ({@code USB\...} or the FTDI driver's {@code FTDIBUS\...}), the serial taken from the parent device for
 * composite (MI_xx) devices, the location built from the location path, the friendly name as the
 * description, and the same {@code hwid}.
 *
 * <p>Then ports that only {@code HKLM\HARDWARE\DEVICEMAP\SERIALCOMM} knows are added: virtual ports such as
 * com0com's (setup class CNCPorts) and legacy drivers appear only there. When SetupAPI fails altogether, that
 * registry map alone is the answer. Nothing is opened.
 */
final class SetupApiDiscovery {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(SetupApiDiscovery.class);
    private static final Pattern USB_ID =
            Pattern.compile("VID_([0-9a-f]{4})(&PID_([0-9a-f]{4}))?(&MI_(\\d{2}))?(\\\\(.*))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern FTDIBUS_ID =
            Pattern.compile("VID_([0-9a-f]{4})\\+PID_([0-9a-f]{4})(\\+(\\w+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOCATION_PART = Pattern.compile("USBROOT\\((\\w+)\\)|#USB\\((\\w+)\\)");
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    /** pyserial's MAX_USB_DEVICE_TREE_TRAVERSAL_DEPTH, plus the first step. */
    private static final int MAX_ANCESTORS = 6;

    private final SetupApi api;

    /** Discovery over {@code api}: the real system ({@link #system()}) or a fake in tests. */
    SetupApiDiscovery(SetupApi api) {
        this.api = api;
    }

    /** Discovery on this Windows system (SetupAPI through JNA); only call it on Windows. */
    static SetupApiDiscovery system() {
        return new SetupApiDiscovery(new SetupApiJna());
    }

    /**
     * The ports present now: SetupAPI's in enumeration order, then those only SERIALCOMM knows.
     *
     * @throws IOException when neither SetupAPI nor the registry can be read
     */
    List<SerialPortInfo> scan() throws IOException {
        Map<String, SerialPortInfo> ports = new LinkedHashMap<>();
        Set<String> instances = new HashSet<>();
        IOException setupApiFailure = null;
        int setsRead = 0;
        for (SetupApi.DeviceSet set : SetupApi.DeviceSet.values()) {
            List<SetupApi.PortDevice> devices;
            try {
                devices = api.presentDevices(set);
            } catch (IOException e) {
                logger.debug("SetupAPI device set {} unreadable", set, e);
                if (setupApiFailure == null) {
                    setupApiFailure = e;
                }
                continue;
            }
            setsRead++;
            for (SetupApi.PortDevice d : devices) {
                String name = d.portName();
                // The Ports class holds parallel ports too; a device in two sets is listed once.
                if (name == null || name.isEmpty() || name.startsWith("LPT")
                        || (d.instanceId() != null && !instances.add(d.instanceId().toUpperCase(Locale.ROOT)))) {
                    continue;
                }
                ports.putIfAbsent(name.toUpperCase(Locale.ROOT), describe(d));
            }
        }
        Map<String, String> serialComm;
        try {
            serialComm = api.serialComm();
        } catch (IOException e) {
            if (setsRead == 0) {
                e.addSuppressed(setupApiFailure);
                throw e;
            }
            logger.debug("HKLM\\HARDWARE\\DEVICEMAP\\SERIALCOMM unreadable", e);
            serialComm = Map.of();
        }
        if (setsRead == 0) {
            logger.debug("SetupAPI failed; the ports come from HKLM\\HARDWARE\\DEVICEMAP\\SERIALCOMM alone",
                    setupApiFailure);
        }
        for (Map.Entry<String, String> e : serialComm.entrySet()) {
            String name = e.getValue();
            if (name != null && !name.isEmpty() && !ports.containsKey(name.toUpperCase(Locale.ROOT))) {
                ports.put(name.toUpperCase(Locale.ROOT),
                        SerialPortInfo.builder(name).description(e.getKey()).build());
            }
        }
        return new ArrayList<>(ports.values());
    }

    static SerialPortInfo describe(SetupApi.PortDevice d) {
        SerialPortInfo.Builder b = SerialPortInfo.builder(d.portName());
        String id = d.instanceId() != null ? d.instanceId() : d.hardwareId() != null ? d.hardwareId() : "";
        if (id.startsWith("USB")) {
            Matcher m = USB_ID.matcher(id);
            Integer interfaceNumber = null;
            if (m.find()) {
                int vid = Integer.parseInt(m.group(1), 16);
                int pid = m.group(3) != null ? Integer.parseInt(m.group(3), 16) : 0;
                b.usb(vid, pid);
                if (m.group(5) != null) {
                    interfaceNumber = Integer.parseInt(m.group(5));
                }
                // A composite device's instance id ends in an ephemeral id, not the serial: ask the parents.
                String serial = m.group(7);
                b.serialNumber(serial != null && WORD.matcher(serial).matches()
                        ? serial : parentSerial(d.ancestorIds(), vid, m.group(3) != null ? pid : -1));
            } else {
                b.usb(0, 0);
            }
            b.location(location(d.locationPaths(), interfaceNumber));
        } else if (id.startsWith("FTDIBUS")) {
            Matcher m = FTDIBUS_ID.matcher(id);
            if (m.find()) {
                b.usb(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16));
                b.serialNumber(m.group(4));
            } else {
                b.usb(0, 0);
            }
            // The FTDI driver hides the USB location.
        } else {
            b.hwid(id.isEmpty() ? "n/a" : id);
        }
        // Without a friendly name pyserial leaves "n/a"; the USB form would be Linux's, not Windows'.
        b.description(d.friendlyName() != null ? d.friendlyName() : "n/a");
        b.manufacturer(d.manufacturer());
        return b.build();
    }

    /** pyserial's get_parent_serial_number: the nearest parent with the same vid/pid and a word-like serial. */
    private static String parentSerial(List<String> ancestors, int childVid, int childPid) {
        String last = null;
        int depth = 0;
        for (String parent : ancestors) {
            if (depth++ >= MAX_ANCESTORS) {
                break;
            }
            Matcher m = USB_ID.matcher(parent);
            if (!m.find()) {
                break;
            }
            int vid = Integer.parseInt(m.group(1), 16);
            Integer pid = m.group(3) != null ? Integer.parseInt(m.group(3), 16) : null;
            String serial = m.group(7);
            String found = serial;
            if (serial != null && !WORD.matcher(serial).matches()) {
                serial = null;
            }
            if (vid == 0 || pid == null || pid == 0) {
                last = found;
                continue;
            }
            if (pid != childPid || vid != childVid) {
                break;
            }
            if (serial == null || serial.isEmpty()) {
                last = found;
                continue;
            }
            return serial;
        }
        return last == null ? "" : last;
    }

    /**
     * pyserial's location from {@code ...#USBROOT(0)#USB(2)#USB(1)}: {@code 1-2.1}, plus {@code :x.N} for
     * interface N of a composite device.
     */
    private static String location(String locationPaths, Integer interfaceNumber) {
        if (locationPaths == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        int parts = 0;
        Matcher m = LOCATION_PART.matcher(locationPaths);
        while (m.find()) {
            if (m.group(1) != null) {
                sb.append(Integer.parseInt(m.group(1)) + 1);
            } else {
                sb.append(parts > 1 ? '.' : '-').append(m.group(2));
                parts++;
            }
            parts++;
        }
        if (interfaceNumber != null) {
            sb.append(":x.").append(interfaceNumber);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
