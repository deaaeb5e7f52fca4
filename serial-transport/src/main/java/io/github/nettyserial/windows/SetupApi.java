package io.github.nettyserial.windows;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What port discovery reads from Windows, and nothing more: the present devices of the Ports and Modem
 * setup classes, and the SERIALCOMM registry map. {@link SetupApiJna} reads the real system; tests use fakes.
 * Internal: public only so the discovery tests can supply a fake.
 */
public interface SetupApi {

    /**
     * The present devices of the Ports and Modem setup classes (SetupDiGetClassDevs with DIGCF_PRESENT), in
     * enumeration order, with the registry values discovery needs.
     */
    List<PortDevice> presentPortDevices() throws IOException;

    /**
     * {@code HKLM\HARDWARE\DEVICEMAP\SERIALCOMM}: every serial device object the drivers registered
     * ({@code \Device\Serial0}, {@code \Device\VCP0}, {@code \Device\com0com10}) and its port name
     * ({@code COM1}), in registry order. Empty if the key does not exist (no serial driver loaded).
     */
    Map<String, String> serialComm() throws IOException;

    /**
     * One device of the Ports or Modem class.
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
