package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortInfo;
import io.github.nettyserial.windows.SetupApi.DeviceSet;
import io.github.nettyserial.windows.SetupApi.PortDevice;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Windows discovery logic on a fake SetupAPI. The expected strings are what pyserial 3.5's list_ports_windows
 * makes of the same instance ids, location paths and friendly names.
 */
class SetupApiDiscoveryTest {

    /** A SetupAPI whose device sets hold the given devices; a null list means the set fails to open. */
    private static SetupApi fake(Map<DeviceSet, List<PortDevice>> sets, Map<String, String> serialComm) {
        return new SetupApi() {
            @Override
            public List<PortDevice> presentDevices(DeviceSet set) throws IOException {
                if (!sets.containsKey(set)) {
                    return List.of();
                }
                List<PortDevice> devices = sets.get(set);
                if (devices == null) {
                    throw new SerialException("SetupAPI", 13, "SetupDiGetClassDevs(" + set + ") failed (fake)");
                }
                return devices;
            }

            @Override
            public Map<String, String> serialComm() throws IOException {
                if (serialComm == null) {
                    throw new SerialException("HKLM\\HARDWARE\\DEVICEMAP\\SERIALCOMM", 5, "RegOpenKeyEx failed (fake)");
                }
                return serialComm;
            }
        };
    }

    private static Map<String, SerialPortInfo> scan(SetupApi api) throws Exception {
        return new SetupApiDiscovery(api).scan().stream()
                .collect(Collectors.toMap(SerialPortInfo::device, p -> p, (a, b) -> a, LinkedHashMap::new));
    }

    /** The devices in the Ports class only, as drivers without the COMPORT interface are. */
    private static Map<String, SerialPortInfo> scan(List<PortDevice> devices, Map<String, String> serialComm)
            throws Exception {
        return scan(fake(Map.of(DeviceSet.PORTS_CLASS, devices), serialComm));
    }

    private static PortDevice device(String port, String instanceId, String friendly, String mfg, String location,
                                     String... ancestors) {
        return new PortDevice(port, instanceId, null, friendly, mfg, location, List.of(ancestors));
    }

    @Test
    void ftdiVcpDriverIdCarriesVidPidAndSerial() throws Exception {
        SerialPortInfo p = scan(List.of(device("COM3", "FTDIBUS\\VID_0403+PID_6001+A12345BCA\\0000",
                "USB Serial Port (COM3)", "FTDI", null)), Map.of()).get("COM3");
        assertEquals(0x0403, p.vid());
        assertEquals(0x6001, p.pid());
        assertEquals("A12345BCA", p.serialNumber());
        assertEquals("USB VID:PID=0403:6001 SER=A12345BCA", p.hwid());
        assertEquals("USB Serial Port (COM3)", p.description());
        assertEquals("FTDI", p.manufacturer());
        assertEquals("COM3", p.name());
    }

    @Test
    void usbCdcWithLocationPath() throws Exception {
        SerialPortInfo p = scan(List.of(device("COM7", "USB\\VID_2341&PID_0043\\85736323838351F0A1B2",
                "Arduino Uno (COM7)", "Arduino LLC (www.arduino.cc)",
                "PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(2)#USB(1)")), Map.of()).get("COM7");
        assertEquals("1-2.1", p.location());
        assertEquals("USB VID:PID=2341:0043 SER=85736323838351F0A1B2 LOCATION=1-2.1", p.hwid());
    }

    @Test
    void compositeDeviceTakesTheSerialFromItsParentAndNamesTheInterface() throws Exception {
        SerialPortInfo p = scan(List.of(device("COM12", "USB\\VID_10C4&PID_EA71&MI_01\\6&2E4E2A6&0&0001",
                "Silicon Labs Dual CP2105 USB to UART Bridge: Standard COM Port (COM12)", "Silicon Labs",
                "PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(3)#USBMI(1)",
                "USB\\VID_10C4&PID_EA71\\00FE1A2B", "USB\\ROOT_HUB30\\4&1A2B3C&0&0")), Map.of()).get("COM12");
        assertEquals("00FE1A2B", p.serialNumber());
        assertEquals("1-3:x.1", p.location());
        assertEquals("USB VID:PID=10C4:EA71 SER=00FE1A2B LOCATION=1-3:x.1", p.hwid());
    }

    @Test
    void compositeDeviceWhoseParentIsAnotherDeviceHasAnEmptySerial() throws Exception {
        // pyserial returns '' (not None) here, so its hwid carries an empty SER=.
        SerialPortInfo p = scan(List.of(device("COM4", "USB\\VID_1234&PID_0001&MI_00\\7&1&0&0000",
                null, null, null, "USB\\VID_05E3&PID_0608\\5&2A&0&1")), Map.of()).get("COM4");
        assertEquals("", p.serialNumber());
        assertEquals("USB VID:PID=1234:0001 SER=", p.hwid());
        assertEquals("n/a", p.description());
    }

    @Test
    void motherboardPortKeepsItsInstanceIdAsHwid() throws Exception {
        SerialPortInfo p = scan(List.of(device("COM1", "ACPI\\PNP0501\\1", "Communications Port (COM1)",
                "(Standard port types)", null)), Map.of()).get("COM1");
        assertFalse(p.isUsb());
        assertEquals("ACPI\\PNP0501\\1", p.hwid());
        assertEquals("Communications Port (COM1)", p.description());
    }

    @Test
    void fallsBackToTheHardwareIdWithoutAnInstanceId() throws Exception {
        PortDevice d = new PortDevice("COM2", null, "ACPI\\PNP0501", null, null, null, List.of());
        assertEquals("ACPI\\PNP0501", scan(List.of(d), Map.of()).get("COM2").hwid());
    }

    @Test
    void parallelPortsAndNamelessDevicesAreLeftOut() throws Exception {
        Map<String, SerialPortInfo> ports = scan(List.of(
                device("LPT1", "ACPI\\PNP0401\\0", "Printer Port (LPT1)", null, null),
                device(null, "ROOT\\PORTS\\0000", null, null, null)), Map.of());
        assertEquals(List.of(), List.copyOf(ports.keySet()));
    }

    @Test
    void serialCommAddsPortsSetupApiDoesNotKnow() throws Exception {
        Map<String, String> serialComm = new LinkedHashMap<>();
        serialComm.put("\\Device\\Serial0", "COM1");
        serialComm.put("\\Device\\com0com10", "CNCA0");
        Map<String, SerialPortInfo> ports = scan(List.of(device("COM1", "ACPI\\PNP0501\\1",
                "Communications Port (COM1)", null, null)), serialComm);
        assertEquals(List.of("COM1", "CNCA0"), List.copyOf(ports.keySet()));
        assertEquals("Communications Port (COM1)", ports.get("COM1").description());
        SerialPortInfo virtual = ports.get("CNCA0");
        assertEquals("\\Device\\com0com10", virtual.description());
        assertEquals("n/a", virtual.hwid());
        assertNull(virtual.serialNumber());
    }

    @Test
    void aPortInBothSetupClassesIsListedOnce() throws Exception {
        PortDevice modem = device("COM5", "USB\\VID_1519&PID_0020&MI_00\\6&1&0&0000", "Modem (COM5)", null, null,
                "USB\\VID_1519&PID_0020\\SN1");
        Map<String, SerialPortInfo> ports = scan(List.of(modem, modem), Map.of("\\Device\\Modem0", "COM5"));
        assertEquals(1, ports.size());
        assertEquals("SN1", ports.get("COM5").serialNumber());
    }

    @Test
    void comPortInterfaceFirstThenPortsClassDevicesWithoutIt() throws Exception {
        PortDevice usb = device("COM7", "USB\\VID_2341&PID_0043\\85736323838351F0A1B2", "Arduino Uno (COM7)", null, null);
        PortDevice legacy = device("COM1", "ACPI\\PNP0501\\1", "Communications Port (COM1)", null, null);
        PortDevice modem = device("COM9", "USB\\VID_1519&PID_0020&MI_00\\6&1&0&0000", "Modem (COM9)", null, null,
                "USB\\VID_1519&PID_0020\\SN9");
        Map<DeviceSet, List<PortDevice>> sets = new HashMap<>();
        sets.put(DeviceSet.COMPORT_INTERFACE, List.of(usb));
        sets.put(DeviceSet.PORTS_CLASS, List.of(legacy, usb)); // the Arduino is in both
        sets.put(DeviceSet.MODEM_CLASS, List.of(modem));
        Map<String, SerialPortInfo> ports = scan(fake(sets, Map.of("\\Device\\Serial0", "COM1")));
        assertEquals(List.of("COM7", "COM1", "COM9"), List.copyOf(ports.keySet()));
        assertEquals(0x2341, ports.get("COM7").vid());
        assertEquals("SN9", ports.get("COM9").serialNumber());
    }

    @Test
    void whenSetupApiFailsSerialCommIsTheAnswer() throws Exception {
        Map<DeviceSet, List<PortDevice>> broken = new HashMap<>();
        for (DeviceSet set : DeviceSet.values()) {
            broken.put(set, null);
        }
        Map<String, String> serialComm = new LinkedHashMap<>();
        serialComm.put("\\Device\\VCP0", "COM5");
        serialComm.put("\\Device\\Serial0", "COM1");
        Map<String, SerialPortInfo> ports = scan(fake(broken, serialComm));
        assertEquals(List.of("COM5", "COM1"), List.copyOf(ports.keySet()));
        assertEquals("\\Device\\VCP0", ports.get("COM5").description());
    }

    @Test
    void oneBrokenSetDoesNotHideTheOthers() throws Exception {
        Map<DeviceSet, List<PortDevice>> sets = new HashMap<>();
        sets.put(DeviceSet.COMPORT_INTERFACE, null);
        sets.put(DeviceSet.PORTS_CLASS, List.of(device("COM3", "FTDIBUS\\VID_0403+PID_6001+A1\\0000", "USB Serial Port (COM3)",
                "FTDI", null)));
        assertEquals(List.of("COM3"), List.copyOf(scan(fake(sets, Map.of())).keySet()));
    }

    @Test
    void whenSetupApiAndTheRegistryBothFailTheErrorSaysSo() {
        Map<DeviceSet, List<PortDevice>> broken = new HashMap<>();
        for (DeviceSet set : DeviceSet.values()) {
            broken.put(set, null);
        }
        IOException e = assertThrows(IOException.class, () -> scan(fake(broken, null)));
        assertTrue(e.getMessage().contains("SERIALCOMM"), e.getMessage());
        assertEquals(1, e.getSuppressed().length, "the SetupAPI failure rides along");
        assertTrue(e.getSuppressed()[0].getMessage().contains("SetupDiGetClassDevs"), e.getSuppressed()[0].getMessage());
    }
}
