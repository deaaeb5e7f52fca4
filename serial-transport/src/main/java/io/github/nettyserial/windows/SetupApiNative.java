package io.github.nettyserial.windows;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.WString;

/**
 * setupapi, cfgmgr32 and advapi32 calls for port discovery, by JNA direct mapping with {@code long} handles
 * and pointers (a HANDLE or HKEY is pointer-sized: never an {@code int}). Only {@link SetupApiJna} touches
 * this class, only on Windows.
 */
final class SetupApiNative {
    static final long INVALID_HANDLE_VALUE = -1L;
    static final int DIGCF_PRESENT = 0x2;
    static final int DIGCF_DEVICEINTERFACE = 0x10;
    static final int DICS_FLAG_GLOBAL = 1;
    static final int DIREG_DEV = 1;
    static final int KEY_READ = 0x20019;
    static final int SPDRP_HARDWAREID = 0x1;
    static final int SPDRP_MFG = 0xB;
    static final int SPDRP_FRIENDLYNAME = 0xC;
    static final int SPDRP_LOCATION_PATHS = 0x23;
    static final int ERROR_SUCCESS = 0;
    static final int ERROR_NO_MORE_ITEMS = 259;
    static final int CR_SUCCESS = 0;
    /** (HKEY) (ULONG_PTR) (LONG) 0x80000002: sign-extended on 64-bit. */
    static final long HKEY_LOCAL_MACHINE = 0xFFFFFFFF80000002L;
    /** SP_DEVINFO_DATA on 64-bit Windows: DWORD cbSize, GUID ClassGuid, DWORD DevInst, ULONG_PTR Reserved. */
    static final int SP_DEVINFO_DATA_SIZE = 32;
    static final int SP_DEVINFO_DATA_DEVINST = 20;

    static final class SetupApiDll {
        static {
            Native.register(SetupApiDll.class, NativeLibrary.getInstance("setupapi"));
        }

        private SetupApiDll() {
        }

        static native long SetupDiGetClassDevsW(long classGuid, long enumerator, long hwndParent, int flags);

        static native boolean SetupDiEnumDeviceInfo(long deviceInfoSet, int memberIndex, long deviceInfoData);

        static native long SetupDiOpenDevRegKey(long deviceInfoSet, long deviceInfoData, int scope, int hwProfile,
                                                int keyType, int samDesired);

        static native boolean SetupDiGetDeviceInstanceIdW(long deviceInfoSet, long deviceInfoData, long buffer,
                                                          int bufferChars, long requiredChars);

        static native boolean SetupDiGetDeviceRegistryPropertyW(long deviceInfoSet, long deviceInfoData, int property,
                                                                long regDataType, long buffer, int bufferBytes,
                                                                long requiredBytes);

        static native boolean SetupDiDestroyDeviceInfoList(long deviceInfoSet);
    }

    static final class CfgMgr32 {
        static {
            Native.register(CfgMgr32.class, NativeLibrary.getInstance("cfgmgr32"));
        }

        private CfgMgr32() {
        }

        static native int CM_Get_Parent(long parentDevInst, int devInst, int flags);

        static native int CM_Get_Device_IDW(int devInst, long buffer, int bufferChars, int flags);
    }

    static final class Advapi32 {
        static {
            Native.register(Advapi32.class, NativeLibrary.getInstance("advapi32"));
        }

        private Advapi32() {
        }

        static native int RegOpenKeyExW(long key, WString subKey, int options, int samDesired, long result);

        static native int RegQueryValueExW(long key, WString valueName, long reserved, long type, long data,
                                           long dataBytes);

        static native int RegEnumValueW(long key, int index, long valueName, long valueNameChars, long reserved,
                                        long type, long data, long dataBytes);

        static native int RegCloseKey(long key);
    }

    private SetupApiNative() {
    }
}
