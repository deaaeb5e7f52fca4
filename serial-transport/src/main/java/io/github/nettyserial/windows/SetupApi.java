package io.github.nettyserial.windows;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What port discovery reads from Windows, and nothing more: the present devices of three SetupAPI device
 * sets, and the SERIALCOMM registry map. {@link SetupApiJna} reads the real system; tests use fakes.
 */
interface SetupApi {

    /** The SetupAPI device sets discovery walks, in this order. */
    enum DeviceSet {
        /** Devices that expose GUID_DEVINTERFACE_COMPORT {86E0D1E0-8089-11D0-9CE4-08003E301F73}: what mature libraries walk. */
        COMPORT_INTERFACE,
        /** The Ports setup class {4D36E978-E325-11CE-BFC1-08002BE10318}: drivers that register no COMPORT interface (and LPT ports). */
        PORTS_CLASS,
        /** The Modem setup class {4D36E96D-E325-11CE-BFC1-08002BE10318}, as pyserial lists it. */
        MODEM_CLASS
    }

    /**
     * The present devices of {@code set} (SetupDiGetClassDevs with DIGCF_PRESENT), in enumeration order, with
     * the registry values discovery needs.
     *
     * @throws IOException when SetupAPI fails (SetupDiGetClassDevs returns INVALID_HANDLE_VALUE)
     */
    List<PortDevice> presentDevices(DeviceSet set) throws IOException;

    /**
     * {@code HKLM\HARDWARE\DEVICEMAP\SERIALCOMM}: every serial device object the drivers registered
     * ({@code \Device\Serial0}, {@code \Device\VCP0}, {@code \Device\com0com10}) and its port name
     * ({@code COM1}), in registry order. Empty if the key does not exist (no serial driver loaded).
     */
    Map<String, String> serialComm() throws IOException;

    /**
     * One device of a device set.
     *
     * @param portName the {@code PortName} value of the device's hardware key ({@code COM3}), or null
     * @param instanceId the device instance id ({@code USB\VID_0403&PID_6001\A12345BC}), or null
     * @param hardwareId the first of the SPDRP_HARDWAREID strings, or null
     * @param friendlyName SPDRP_FRIENDLYNAME ({@code USB Serial Port (COM3)}), or null
     * @param manufacturer SPDRP_MFG, or null
     * @param locationPaths the first SPDRP_LOCATION_PATHS string
     *                      ({@code PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(2)#USB(1)}), or null
     * @param ancestorIds the instance ids of the device's parents, nearest first (CM_Get_Parent), at most six
     */
    record PortDevice(String portName, String instanceId, String hardwareId, String friendlyName,
                      String manufacturer, String locationPaths, List<String> ancestorIds) {
    }
}
