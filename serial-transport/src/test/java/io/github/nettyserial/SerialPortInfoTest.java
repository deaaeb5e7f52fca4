package io.github.nettyserial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The derived fields follow pyserial's list_ports_common: usb_description() and usb_info(). */
class SerialPortInfoTest {

    @Test
    void usbHwidIsUpperCaseZeroPaddedHex() {
        SerialPortInfo p = SerialPortInfo.builder("/dev/ttyUSB0").usb(0x10c4, 0xea60).build();
        assertEquals("USB VID:PID=10C4:EA60", p.hwid());
        assertEquals("USB VID:PID=0001:00AB", SerialPortInfo.builder("x").usb(1, 0xab).build().hwid());
    }

    @Test
    void usbDescriptionPrefersInterfaceThenProductThenName() {
        assertEquals("Dual RS232 - Port B", SerialPortInfo.builder("/dev/ttyUSB1").usb(1, 2)
                .product("Dual RS232").interfaceName("Port B").build().description());
        assertEquals("Dual RS232", SerialPortInfo.builder("/dev/ttyUSB1").usb(1, 2)
                .product("Dual RS232").build().description());
        assertEquals("ttyUSB1", SerialPortInfo.builder("/dev/ttyUSB1").usb(1, 2).build().description());
    }

    @Test
    void nonUsbPortsDefaultToNotAvailable() {
        SerialPortInfo p = SerialPortInfo.builder("COM1").build();
        assertEquals("COM1", p.name());
        assertEquals("n/a", p.description());
        assertEquals("n/a", p.hwid());
        assertEquals(-1, p.vid());
        assertEquals(-1, p.pid());
        assertEquals("COM1 - n/a [n/a]", p.toString());
    }

    @Test
    void equalityCoversEveryField() {
        SerialPortInfo a = SerialPortInfo.builder("/dev/ttyUSB0").usb(0x403, 0x6001).serialNumber("A").build();
        assertEquals(a, SerialPortInfo.builder("/dev/ttyUSB0").usb(0x403, 0x6001).serialNumber("A").build());
        assertNotEquals(a, SerialPortInfo.builder("/dev/ttyUSB0").usb(0x403, 0x6001).serialNumber("B").build());
        assertNotEquals(a, SerialPortInfo.builder("/dev/ttyUSB0").usb(0x403, 0x6001).serialNumber("A")
                .location("1-2").build());
    }

    @Test
    void usbIdsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SerialPortInfo.builder("x").usb(0x10000, 1));
        assertEquals("USB ids out of range: vid=65536 pid=1", e.getMessage());
    }
}
