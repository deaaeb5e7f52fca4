package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialPortInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linux discovery against synthetic sysfs trees. The expected descriptions and hwids are what pyserial 3.5's
 * list_ports_linux computes for the same tree (its rules: usb-serial's interface is the port's parent,
 * cdc-acm's is the port's device; location names the interface only for multi-interface devices; pnp ports
 * report their PNP id, amba ports their device name).
 */
class SysfsDiscoveryTest {
    @TempDir
    Path tmp;
    private SyntheticSysfs fs;

    @BeforeEach
    void tree() throws Exception {
        fs = new SyntheticSysfs(tmp);
    }

    private Map<String, SerialPortInfo> scan() throws Exception {
        Map<String, SerialPortInfo> byName = new LinkedHashMap<>();
        for (SerialPortInfo p : new SysfsDiscovery(fs.sys, fs.dev).scan()) {
            byName.put(p.name(), p);
        }
        return byName;
    }

    @Test
    void usbSerialSingleInterfaceLikeAnFt232r() throws Exception {
        fs.usbSerial("ttyUSB0", "pci0000:00/0000:00:14.0/usb1/1-1/1-1.2", 0,
                Map.of("idVendor", "0403", "idProduct", "6001", "serial", "A12345BC", "manufacturer", "FTDI",
                        "product", "FT232R USB UART", "bNumInterfaces", " 1"),
                Map.of("bInterfaceNumber", "00"))
          .byId("usb-FTDI_FT232R_USB_UART_A12345BC-if00-port0", "ttyUSB0");

        SerialPortInfo p = scan().get("ttyUSB0");
        assertEquals("/dev/ttyUSB0", p.device());
        assertTrue(p.isUsb());
        assertEquals(0x0403, p.vid());
        assertEquals(0x6001, p.pid());
        assertEquals("A12345BC", p.serialNumber());
        assertEquals("FTDI", p.manufacturer());
        assertEquals("FT232R USB UART", p.product());
        assertNull(p.interfaceName());
        assertEquals("1-1.2", p.location());
        assertEquals("FT232R USB UART", p.description());
        assertEquals("USB VID:PID=0403:6001 SER=A12345BC LOCATION=1-1.2", p.hwid());
        assertEquals("/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A12345BC-if00-port0", p.byIdPath());
    }

    @Test
    void multiInterfaceAdapterNamesTheInterfaceInLocationAndDescription() throws Exception {
        Map<String, String> ft4232 = Map.of("idVendor", "0403", "idProduct", "6011", "serial", "FT4XYZ",
                "manufacturer", "FTDI", "product", "Quad RS232-HS", "bNumInterfaces", " 4");
        fs.usbSerial("ttyUSB1", "pci0000:00/0000:00:14.0/usb1/1-3", 0, ft4232, Map.of("interface", "Port A"))
          .usbSerial("ttyUSB2", "pci0000:00/0000:00:14.0/usb1/1-3", 1, ft4232, Map.of("interface", "Port B"));

        Map<String, SerialPortInfo> ports = scan();
        assertEquals("USB VID:PID=0403:6011 SER=FT4XYZ LOCATION=1-3:1.0", ports.get("ttyUSB1").hwid());
        assertEquals("USB VID:PID=0403:6011 SER=FT4XYZ LOCATION=1-3:1.1", ports.get("ttyUSB2").hwid());
        assertEquals("Quad RS232-HS - Port B", ports.get("ttyUSB2").description());
        assertEquals("Port B", ports.get("ttyUSB2").interfaceName());
        assertNull(ports.get("ttyUSB2").byIdPath());
    }

    @Test
    void cdcAcmHangsOnTheInterfaceItself() throws Exception {
        String usb = "pci0000:00/0000:00:14.0/usb1/1-4";
        fs.device(usb, "usb", Map.of("idVendor", "2341", "idProduct", "0043", "serial", "85736323838351F0A1B2",
                        "manufacturer", "Arduino (www.arduino.cc)", "bNumInterfaces", " 2"))
          .device(usb + "/1-4:1.0", "usb", Map.of("bInterfaceNumber", "00"))
          .tty("ttyACM0", usb + "/1-4:1.0", Map.of(), true);

        SerialPortInfo p = scan().get("ttyACM0");
        assertEquals(0x2341, p.vid());
        assertEquals(0x0043, p.pid());
        // No product string: pyserial falls back to the port name.
        assertEquals("ttyACM0", p.description());
        assertEquals("USB VID:PID=2341:0043 SER=85736323838351F0A1B2 LOCATION=1-4:1.0", p.hwid());
    }

    @Test
    void usbDeviceWithoutSerialLeavesSerOut() throws Exception {
        fs.usbSerial("ttyUSB3", "pci0000:00/0000:00:14.0/usb1/1-5", 0,
                Map.of("idVendor", "1a86", "idProduct", "7523", "product", "USB Serial", "bNumInterfaces", " 1"),
                Map.of());
        SerialPortInfo p = scan().get("ttyUSB3");
        assertNull(p.serialNumber());
        assertEquals("USB VID:PID=1A86:7523 LOCATION=1-5", p.hwid());
    }

    @Test
    void real8250OnPnpIsListedAndPhantomsAreNot() throws Exception {
        fs.device("pnp0/00:05", "pnp", Map.of("id", "PNP0501"))
          .tty("ttyS0", "pnp0/00:05", Map.of("type", "4", "port", "0x3F8"), true)
          .device("platform/serial8250", "platform", Map.of())
          .tty("ttyS1", "platform/serial8250", Map.of("type", "0", "port", "0x2F8"), true)
          .tty("ttyS2", "platform/serial8250", Map.of("type", "0", "port", "0x3E8"), true);

        Map<String, SerialPortInfo> ports = scan();
        assertEquals(List.of("ttyS0"), List.copyOf(ports.keySet()));
        SerialPortInfo s0 = ports.get("ttyS0");
        assertFalse(s0.isUsb());
        assertEquals(-1, s0.vid());
        assertEquals("ttyS0", s0.description());
        assertEquals("PNP0501", s0.hwid());
    }

    /** Kernel 6.5+: a real 8250 on pnp and a phantom, both behind serial-base ctrl and port devices. */
    private void kernel65Machine() throws Exception {
        fs.device("pnp0/00:06", "pnp", Map.of("id", "PNP0501"))
          .device("pnp0/00:06/00:06:0", "serial-base", Map.of())
          .device("pnp0/00:06/00:06:0/00:06:0.0", "serial-base", Map.of())
          .tty("ttyS4", "pnp0/00:06/00:06:0/00:06:0.0", Map.of("type", "4"), true)
          .device("platform/serial8250", "platform", Map.of())
          .device("platform/serial8250/serial8250:0", "serial-base", Map.of())
          .device("platform/serial8250/serial8250:0/serial8250:0.5", "serial-base", Map.of())
          .tty("ttyS5", "platform/serial8250/serial8250:0/serial8250:0.5", Map.of("type", "0"), true);
    }

    @Test
    void serialBaseBusOfKernel65IsLookedThroughAndPhantomsStillFiltered() throws Exception {
        // Since 6.5 every 8250 port hangs off serial-base ctrl and port devices; pyserial then reports n/a
        // and stops hiding phantoms. The type attribute still tells them apart.
        kernel65Machine();

        Map<String, SerialPortInfo> ports = scan();
        assertEquals(List.of("ttyS4"), List.copyOf(ports.keySet()));
        assertEquals("PNP0501", ports.get("ttyS4").hwid());
    }

    @Test
    void platformUartsAreKeptWhenTheyAreReal() throws Exception {
        fs.device("platform/soc/fe201000.serial", "amba", Map.of())
          .tty("ttyAMA0", "platform/soc/fe201000.serial", Map.of("type", "32"), true)
          .device("platform/soc/ff1a0000.serial", "platform", Map.of())
          .tty("ttyS6", "platform/soc/ff1a0000.serial", Map.of("type", "4"), true);

        Map<String, SerialPortInfo> ports = scan();
        assertEquals("fe201000.serial", ports.get("ttyAMA0").hwid());
        assertEquals("ttyAMA0", ports.get("ttyAMA0").description());
        // pyserial hides the whole platform bus; a UART with a known type is real, so it is listed.
        assertEquals("ff1a0000.serial", ports.get("ttyS6").hwid());
    }

    @Test
    void virtualTtysMissingNodesAndBareNodes() throws Exception {
        fs.tty("tty1", null, Map.of(), true)                  // a virtual console: not a serial port
          .tty("rfcomm0", null, Map.of(), true)               // no device link, but a name pyserial lists
          .node("ttyS9")                                      // a node sysfs knows nothing about
          .device("pnp0/00:07", "pnp", Map.of("id", "PNP0501"))
          .tty("ttyS8", "pnp0/00:07", Map.of("type", "4"), false); // no /dev node: cannot be opened

        Map<String, SerialPortInfo> ports = scan();
        assertEquals(List.of("rfcomm0", "ttyS9"), List.copyOf(ports.keySet()));
        assertEquals("n/a", ports.get("rfcomm0").description());
        assertEquals("n/a", ports.get("rfcomm0").hwid());
    }

    @Test
    void emptySystem() throws Exception {
        assertTrue(scan().isEmpty());
    }

    @Test
    void unpluggedDeviceDisappears() throws Exception {
        fs.usbSerial("ttyUSB0", "pci0000:00/0000:00:14.0/usb1/1-1", 0,
                Map.of("idVendor", "0403", "idProduct", "6001", "bNumInterfaces", " 1"), Map.of());
        assertEquals(List.of("ttyUSB0"), List.copyOf(scan().keySet()));
        fs.unplug("ttyUSB0", "pci0000:00/0000:00:14.0/usb1/1-1");
        assertEquals(List.of(), scan().keySet().stream().collect(Collectors.toList()));
    }

    /** A machine where pyserial's rules are right: every port kind it knows, and a phantom on the platform bus. */
    private void classicMachine() throws Exception {
        fs.usbSerial("ttyUSB0", "pci0000:00/0000:00:14.0/usb1/1-1/1-1.2", 0,
                Map.of("idVendor", "0403", "idProduct", "6001", "serial", "A12345BC", "manufacturer", "FTDI",
                        "product", "FT232R USB UART", "bNumInterfaces", " 1"), Map.of())
          .byId("usb-FTDI_FT232R_USB_UART_A12345BC-if00-port0", "ttyUSB0");
        Map<String, String> ft4232 = Map.of("idVendor", "0403", "idProduct", "6011", "serial", "FT4XYZ",
                "product", "Quad RS232-HS", "bNumInterfaces", " 4");
        fs.usbSerial("ttyUSB1", "pci0000:00/0000:00:14.0/usb1/1-3", 0, ft4232, Map.of("interface", "Port A"))
          .usbSerial("ttyUSB10", "pci0000:00/0000:00:14.0/usb1/1-3", 1, ft4232, Map.of("interface", "Port B"))
          .usbSerial("ttyUSB2", "pci0000:00/0000:00:14.0/usb1/1-5", 0,
                Map.of("idVendor", "1a86", "idProduct", "7523", "product", "USB Serial", "bNumInterfaces", " 1"),
                Map.of());
        String acm = "pci0000:00/0000:00:14.0/usb1/1-4";
        fs.device(acm, "usb", Map.of("idVendor", "2341", "idProduct", "0043", "serial", "8573632383835",
                        "manufacturer", "Arduino (www.arduino.cc)", "bNumInterfaces", " 2"))
          .device(acm + "/1-4:1.0", "usb", Map.of())
          .tty("ttyACM0", acm + "/1-4:1.0", Map.of(), true)
          .device("pnp0/00:05", "pnp", Map.of("id", "PNP0501"))
          .tty("ttyS0", "pnp0/00:05", Map.of("type", "4"), true)
          .device("platform/serial8250", "platform", Map.of())
          .tty("ttyS1", "platform/serial8250", Map.of("type", "0"), true)
          .device("platform/soc/fe201000.serial", "amba", Map.of())
          .tty("ttyAMA0", "platform/soc/fe201000.serial", Map.of("type", "32"), true)
          .tty("rfcomm0", null, Map.of(), true)
          .tty("tty1", null, Map.of(), true);
    }

    @Test
    void pyserialPrintsTheSameForTheSameTree() throws Exception {
        classicMachine();
        Map<String, String> pyserial = Pyserial.listPorts(fs);
        assertEquals(8, pyserial.size(), pyserial.toString());
        // Compared as maps: SerialPorts.list() sorts as pyserial does, SysfsDiscovery alone by name.
        assertEquals(new java.util.TreeMap<>(pyserial), new java.util.TreeMap<>(Pyserial.view(
                new SysfsDiscovery(fs.sys, fs.dev).scan())));
    }

    @Test
    void pyserialListsKernel65PhantomsAndLosesThePnpIdWhereWeDoNot() throws Exception {
        kernel65Machine();

        assertEquals(Map.of("/dev/ttyS4", "n/a | n/a", "/dev/ttyS5", "n/a | n/a"), Pyserial.listPorts(fs));
        assertEquals(Map.of("/dev/ttyS4", "ttyS4 | PNP0501"), Pyserial.view(new SysfsDiscovery(fs.sys, fs.dev).scan()));
    }
}
