package io.github.nettyserial.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.windows.SetupApiNative.Advapi32;
import io.github.nettyserial.windows.SetupApiNative.CfgMgr32;
import io.github.nettyserial.windows.SetupApiNative.SetupApiDll;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link SetupApi} on the real system. Windows only: loading it elsewhere fails to link. */
final class SetupApiJna implements SetupApi {
    private static final String GUID_DEVINTERFACE_COMPORT = "86e0d1e0-8089-11d0-9ce4-08003e301f73";
    private static final String GUID_DEVCLASS_PORTS = "4d36e978-e325-11ce-bfc1-08002be10318";
    private static final String GUID_DEVCLASS_MODEM = "4d36e96d-e325-11ce-bfc1-08002be10318";
    private static final int MAX_ANCESTORS = 6;
    /** Chars for ids, names and paths; Windows caps device instance ids at 200 (MAX_DEVICE_ID_LEN). */
    private static final int CHARS = 1024;

    @Override
    public List<PortDevice> presentDevices(DeviceSet which) throws IOException {
        String classGuid;
        int flags = SetupApiNative.DIGCF_PRESENT;
        switch (which) {
            case COMPORT_INTERFACE:
                classGuid = GUID_DEVINTERFACE_COMPORT;
                flags |= SetupApiNative.DIGCF_DEVICEINTERFACE;
                break;
            case PORTS_CLASS:
                classGuid = GUID_DEVCLASS_PORTS;
                break;
            default:
                classGuid = GUID_DEVCLASS_MODEM;
                break;
        }
        List<PortDevice> devices = new ArrayList<>();
        try (Memory guid = new Memory(16);
             Memory info = new Memory(SetupApiNative.SP_DEVINFO_DATA_SIZE);
             Memory text = new Memory(CHARS * 2L);
             Memory size = new Memory(8)) {
            writeGuid(guid, classGuid);
            long set = SetupApiDll.SetupDiGetClassDevsW(Pointer.nativeValue(guid), 0, 0, flags);
            if (set == SetupApiNative.INVALID_HANDLE_VALUE) {
                throw error("SetupDiGetClassDevs(" + which + ")");
            }
            try {
                for (int i = 0; ; i++) {
                    info.clear();
                    info.setInt(0, SetupApiNative.SP_DEVINFO_DATA_SIZE);
                    if (!SetupApiDll.SetupDiEnumDeviceInfo(set, i, Pointer.nativeValue(info))) {
                        break; // ERROR_NO_MORE_ITEMS
                    }
                    devices.add(read(set, info, text, size));
                }
            } finally {
                SetupApiDll.SetupDiDestroyDeviceInfoList(set);
            }
        }
        return devices;
    }

    private static PortDevice read(long set, Memory info, Memory text, Memory size) {
        long infoAddress = Pointer.nativeValue(info);
        String portName = null;
        long key = SetupApiDll.SetupDiOpenDevRegKey(set, infoAddress, SetupApiNative.DICS_FLAG_GLOBAL, 0,
                SetupApiNative.DIREG_DEV, SetupApiNative.KEY_READ);
        if (key != SetupApiNative.INVALID_HANDLE_VALUE && key != 0) {
            try {
                portName = queryString(key, "PortName", text, size);
            } finally {
                Advapi32.RegCloseKey(key);
            }
        }
        String instanceId = null;
        text.clear();
        if (SetupApiDll.SetupDiGetDeviceInstanceIdW(set, infoAddress, Pointer.nativeValue(text), CHARS - 1, 0)) {
            instanceId = text.getWideString(0);
        }
        List<String> ancestors = new ArrayList<>();
        int devInst = info.getInt(SetupApiNative.SP_DEVINFO_DATA_DEVINST);
        for (int depth = 0; depth < MAX_ANCESTORS; depth++) {
            size.clear();
            if (CfgMgr32.CM_Get_Parent(Pointer.nativeValue(size), devInst, 0) != SetupApiNative.CR_SUCCESS) {
                break;
            }
            devInst = size.getInt(0);
            text.clear();
            if (CfgMgr32.CM_Get_Device_IDW(devInst, Pointer.nativeValue(text), CHARS - 1, 0) != SetupApiNative.CR_SUCCESS) {
                break;
            }
            ancestors.add(text.getWideString(0));
        }
        return new PortDevice(portName, instanceId,
                property(set, infoAddress, SetupApiNative.SPDRP_HARDWAREID, text),
                property(set, infoAddress, SetupApiNative.SPDRP_FRIENDLYNAME, text),
                property(set, infoAddress, SetupApiNative.SPDRP_MFG, text),
                property(set, infoAddress, SetupApiNative.SPDRP_LOCATION_PATHS, text),
                List.copyOf(ancestors));
    }

    /** A REG_SZ, or the first string of a REG_MULTI_SZ, device property; null if the device has none. */
    private static String property(long set, long info, int property, Memory text) {
        text.clear();
        if (!SetupApiDll.SetupDiGetDeviceRegistryPropertyW(set, info, property, 0, Pointer.nativeValue(text),
                (int) text.size() - 2, 0)) {
            return null;
        }
        return text.getWideString(0);
    }

    private static String queryString(long key, String value, Memory text, Memory size) {
        text.clear();
        size.setInt(0, (int) text.size() - 2);
        int rc = Advapi32.RegQueryValueExW(key, new WString(value), 0, 0, Pointer.nativeValue(text),
                Pointer.nativeValue(size));
        return rc == SetupApiNative.ERROR_SUCCESS ? text.getWideString(0) : null;
    }

    @Override
    public Map<String, String> serialComm() throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        try (Memory keyOut = new Memory(8);
             Memory name = new Memory(CHARS * 2L);
             Memory nameChars = new Memory(4);
             Memory data = new Memory(CHARS * 2L);
             Memory dataBytes = new Memory(4)) {
            keyOut.clear();
            int rc = Advapi32.RegOpenKeyExW(SetupApiNative.HKEY_LOCAL_MACHINE,
                    new WString("HARDWARE\\DEVICEMAP\\SERIALCOMM"), 0, SetupApiNative.KEY_READ,
                    Pointer.nativeValue(keyOut));
            if (rc != SetupApiNative.ERROR_SUCCESS) {
                return map; // ERROR_FILE_NOT_FOUND: no serial driver has registered a port
            }
            long key = keyOut.getLong(0);
            try {
                for (int i = 0; ; i++) {
                    name.clear();
                    data.clear();
                    nameChars.setInt(0, CHARS - 1);
                    dataBytes.setInt(0, (int) data.size() - 2);
                    rc = Advapi32.RegEnumValueW(key, i, Pointer.nativeValue(name), Pointer.nativeValue(nameChars), 0,
                            0, Pointer.nativeValue(data), Pointer.nativeValue(dataBytes));
                    if (rc == SetupApiNative.ERROR_NO_MORE_ITEMS) {
                        break;
                    }
                    if (rc != SetupApiNative.ERROR_SUCCESS) {
                        throw new SerialException("HKLM\\HARDWARE\\DEVICEMAP\\SERIALCOMM", rc, "RegEnumValue failed");
                    }
                    map.put(name.getWideString(0), data.getWideString(0));
                }
            } finally {
                Advapi32.RegCloseKey(key);
            }
        }
        return map;
    }

    /** GUID text to its in-memory layout: Data1 (LE u32), Data2, Data3 (LE u16), Data4 (8 bytes as written). */
    private static void writeGuid(Memory m, String guid) {
        String hex = guid.replace("-", "");
        m.setInt(0, (int) Long.parseLong(hex.substring(0, 8), 16));
        m.setShort(4, (short) Integer.parseInt(hex.substring(8, 12), 16));
        m.setShort(6, (short) Integer.parseInt(hex.substring(12, 16), 16));
        for (int i = 0; i < 8; i++) {
            m.setByte(8 + i, (byte) Integer.parseInt(hex.substring(16 + 2 * i, 18 + 2 * i), 16));
        }
    }

    private static SerialException error(String call) {
        int code = Native.getLastError();
        return new SerialException("SetupAPI", code, call + " failed with Win32 error " + code);
    }
}
