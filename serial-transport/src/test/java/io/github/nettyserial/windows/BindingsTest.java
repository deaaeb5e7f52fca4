package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import io.github.nettyserial.internal.SerialPlatform;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The build check the seed bug asks for: every kernel32 binding is checked against its C prototype, so a
 * HANDLE, pointer or ULONG_PTR declared as {@code int} (the 64-bit truncation behind "[Error 6] The handle
 * is invalid") fails the build; and the bindings are direct-mapped static natives without JNA Structures,
 * interface mapping or {@code LastErrorException}.
 */
class BindingsTest {

    /** The Win32 prototypes (from the Windows SDK headers), in the order of the arguments. */
    static final Map<String, String> PROTOTYPES = new LinkedHashMap<>();

    static {
        PROTOTYPES.put("CreateFileW", "HANDLE(LPCWSTR,DWORD,DWORD,LPSECURITY_ATTRIBUTES,DWORD,DWORD,HANDLE)");
        PROTOTYPES.put("CloseHandle", "BOOL(HANDLE)");
        PROTOTYPES.put("CreateIoCompletionPort", "HANDLE(HANDLE,HANDLE,ULONG_PTR,DWORD)");
        PROTOTYPES.put("GetQueuedCompletionStatusEx", "BOOL(HANDLE,LPOVERLAPPED_ENTRY,ULONG,PULONG,DWORD,BOOL)");
        PROTOTYPES.put("PostQueuedCompletionStatus", "BOOL(HANDLE,DWORD,ULONG_PTR,LPOVERLAPPED)");
        PROTOTYPES.put("ReadFile", "BOOL(HANDLE,LPVOID,DWORD,LPDWORD,LPOVERLAPPED)");
        PROTOTYPES.put("WriteFile", "BOOL(HANDLE,LPCVOID,DWORD,LPDWORD,LPOVERLAPPED)");
        PROTOTYPES.put("CancelIoEx", "BOOL(HANDLE,LPOVERLAPPED)");
        PROTOTYPES.put("GetOverlappedResult", "BOOL(HANDLE,LPOVERLAPPED,LPDWORD,BOOL)");
        PROTOTYPES.put("GetCommState", "BOOL(HANDLE,LPDCB)");
        PROTOTYPES.put("SetCommState", "BOOL(HANDLE,LPDCB)");
        PROTOTYPES.put("SetCommTimeouts", "BOOL(HANDLE,LPCOMMTIMEOUTS)");
        PROTOTYPES.put("SetCommMask", "BOOL(HANDLE,DWORD)");
        PROTOTYPES.put("WaitCommEvent", "BOOL(HANDLE,LPDWORD,LPOVERLAPPED)");
        PROTOTYPES.put("ClearCommError", "BOOL(HANDLE,LPDWORD,LPCOMSTAT)");
        PROTOTYPES.put("PurgeComm", "BOOL(HANDLE,DWORD)");
        PROTOTYPES.put("EscapeCommFunction", "BOOL(HANDLE,DWORD)");
        PROTOTYPES.put("SetCommBreak", "BOOL(HANDLE)");
        PROTOTYPES.put("ClearCommBreak", "BOOL(HANDLE)");
        PROTOTYPES.put("GetCommModemStatus", "BOOL(HANDLE,LPDWORD)");
    }

    /** setupapi, cfgmgr32 and advapi32, as discovery binds them in {@link SetupApiNative}. */
    static final Map<String, String> SETUPAPI_PROTOTYPES = new LinkedHashMap<>();

    static {
        SETUPAPI_PROTOTYPES.put("SetupDiGetClassDevsW", "HDEVINFO(LPGUID,PCWSTR,HWND,DWORD)");
        SETUPAPI_PROTOTYPES.put("SetupDiEnumDeviceInfo", "BOOL(HDEVINFO,DWORD,PSP_DEVINFO_DATA)");
        SETUPAPI_PROTOTYPES.put("SetupDiOpenDevRegKey", "HKEY(HDEVINFO,PSP_DEVINFO_DATA,DWORD,DWORD,DWORD,REGSAM)");
        SETUPAPI_PROTOTYPES.put("SetupDiGetDeviceInstanceIdW", "BOOL(HDEVINFO,PSP_DEVINFO_DATA,PWSTR,DWORD,PDWORD)");
        SETUPAPI_PROTOTYPES.put("SetupDiGetDeviceRegistryPropertyW",
                "BOOL(HDEVINFO,PSP_DEVINFO_DATA,DWORD,PDWORD,PBYTE,DWORD,PDWORD)");
        SETUPAPI_PROTOTYPES.put("SetupDiDestroyDeviceInfoList", "BOOL(HDEVINFO)");
        SETUPAPI_PROTOTYPES.put("CM_Get_Parent", "CONFIGRET(PDEVINST,DEVINST,ULONG)");
        SETUPAPI_PROTOTYPES.put("CM_Get_Device_IDW", "CONFIGRET(DEVINST,PWSTR,ULONG,ULONG)");
        SETUPAPI_PROTOTYPES.put("RegOpenKeyExW", "LSTATUS(HKEY,LPCWSTR,DWORD,REGSAM,PHKEY)");
        SETUPAPI_PROTOTYPES.put("RegQueryValueExW", "LSTATUS(HKEY,LPCWSTR,LPDWORD,LPDWORD,LPBYTE,LPDWORD)");
        SETUPAPI_PROTOTYPES.put("RegEnumValueW", "LSTATUS(HKEY,DWORD,LPWSTR,LPDWORD,LPDWORD,LPDWORD,LPBYTE,LPDWORD)");
        SETUPAPI_PROTOTYPES.put("RegCloseKey", "LSTATUS(HKEY)");
    }

    /** The only Java type a C type may be bound to. */
    private static Class<?> javaTypeOf(String c, boolean nativeSide) {
        switch (c) {
            case "DWORD":
            case "ULONG":
            case "DEVINST":
            case "REGSAM":
            case "CONFIGRET":
            case "LSTATUS":
                return int.class;
            case "BOOL":
                return boolean.class;
            case "LPCWSTR":
                return nativeSide ? WString.class : String.class;
            default:
                // HANDLE, HKEY, HDEVINFO, HWND, ULONG_PTR and every LP*/P* pointer: pointer-sized, so long on x64.
                assertTrue(c.startsWith("H") || c.equals("ULONG_PTR") || c.startsWith("LP") || c.startsWith("P"),
                        "unknown C type " + c);
                return long.class;
        }
    }

    private static void checkAgainstPrototypes(Class<?> type, boolean nativeSide) {
        assertEquals(PROTOTYPES.size(), checkAgainst(PROTOTYPES, type, nativeSide),
                type.getSimpleName() + " binds every function of the table");
    }

    /** Checks the methods of {@code type} that the table names; returns how many it found. */
    private static int checkAgainst(Map<String, String> prototypes, Class<?> type, boolean nativeSide) {
        List<String> problems = new ArrayList<>();
        int bound = 0;
        for (Method m : type.getDeclaredMethods()) {
            String prototype = prototypes.get(m.getName());
            if (prototype == null) {
                continue;
            }
            bound++;
            String ret = prototype.substring(0, prototype.indexOf('('));
            String[] args = prototype.substring(prototype.indexOf('(') + 1, prototype.length() - 1).split(",");
            if (m.getReturnType() != javaTypeOf(ret, nativeSide)) {
                problems.add(m.getName() + " returns " + m.getReturnType() + " for C " + ret);
            }
            Class<?>[] params = m.getParameterTypes();
            if (params.length != args.length) {
                problems.add(m.getName() + " has " + params.length + " parameters, C has " + args.length);
                continue;
            }
            for (int i = 0; i < params.length; i++) {
                Class<?> want = javaTypeOf(args[i], nativeSide);
                if (params[i] != want) {
                    problems.add(m.getName() + " parameter " + i + " (" + args[i] + ") is " + params[i] + ", must be "
                            + want);
                }
            }
            if (m.getExceptionTypes().length != 0) {
                problems.add(m.getName() + " declares exceptions (LastErrorException?)");
            }
        }
        assertTrue(problems.isEmpty(), type.getSimpleName() + ": " + problems);
        return bound;
    }

    @Test
    void discoveryNativesMatchTheirPrototypesWithLongHandles() {
        int bound = 0;
        for (Class<?> dll : SetupApiNative.class.getDeclaredClasses()) {
            bound += checkAgainst(SETUPAPI_PROTOTYPES, dll, true);
            for (Method m : dll.getDeclaredMethods()) {
                int mod = m.getModifiers();
                if (Modifier.isNative(mod)) {
                    assertTrue(Modifier.isStatic(mod), m + " is a static native (direct mapping)");
                    assertTrue(SETUPAPI_PROTOTYPES.containsKey(m.getName()), m + " has a prototype in the table");
                }
            }
        }
        assertEquals(SETUPAPI_PROTOTYPES.size(), bound, "every discovery function is bound once");
        assertEquals(-1L, SetupApiNative.INVALID_HANDLE_VALUE, "INVALID_HANDLE_VALUE is a 64-bit -1");
        assertEquals(0xFFFFFFFF80000002L, SetupApiNative.HKEY_LOCAL_MACHINE, "HKEY_LOCAL_MACHINE sign-extended");
    }

    @Test
    void kernel32NativesMatchTheirPrototypesWithLongHandles() {
        checkAgainstPrototypes(Kernel32.class, true);
    }

    @Test
    void win32InterfaceMatchesThePrototypesWithLongHandles() {
        checkAgainstPrototypes(Win32.class, false);
    }

    @Test
    void noIntHandleAnywhereInTheBindings() {
        // Belt and braces over the table: in either binding, a parameter that is a HANDLE/pointer by C type is
        // already checked; here any int-returning method would be a handle-returning one in disguise.
        for (Class<?> type : new Class<?>[] {Kernel32.class, Win32.class}) {
            for (Method m : type.getDeclaredMethods()) {
                if (PROTOTYPES.containsKey(m.getName())) {
                    assertFalse(m.getReturnType() == int.class, m + " returns int");
                }
            }
        }
        assertEquals(-1L, Win32.INVALID_HANDLE_VALUE, "INVALID_HANDLE_VALUE is a 64-bit -1");
    }

    @Test
    void hotPathIsDirectMapped() throws Exception {
        assertFalse(Library.class.isAssignableFrom(Kernel32.class), "no interface mapping");
        for (Method m : Kernel32.class.getDeclaredMethods()) {
            int mod = m.getModifiers();
            assertTrue(Modifier.isStatic(mod) && Modifier.isNative(mod), m + " is a static native (direct mapping)");
        }
        String source = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(
                "src/main/java/io/github/nettyserial/windows/Kernel32.java")));
        assertTrue(source.contains("Native.register("), "Kernel32 registers its natives (direct mapping)");
    }

    @Test
    void noJnaStructureInTheBackend() throws Exception {
        for (String name : List.of("Kernel32", "JnaWin32", "Win32", "Dcb", "Win32Structs", "IocpIoHandler",
                "IocpSerialIo", "WindowsSerialPort", "WindowsPlatform", "Win32Errors", "IocpIoEvent")) {
            Class<?> c = Class.forName("io.github.nettyserial.windows." + name, false, getClass().getClassLoader());
            assertFalse(Structure.class.isAssignableFrom(c), name + " is a JNA Structure");
            for (Class<?> inner : c.getDeclaredClasses()) {
                assertFalse(Structure.class.isAssignableFrom(inner), inner + " is a JNA Structure");
            }
        }
    }

    @Test
    void backendLoadsOnLinuxWithoutKernel32() throws Exception {
        assertEquals(8, Native.POINTER_SIZE, "layouts are checked for 64-bit");
        SerialPlatform backend = new WindowsPlatform();
        assertNotNull(backend);
        if (!com.sun.jna.Platform.isWindows()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    IocpIoHandler::newFactory);
            assertTrue(e.getMessage().contains("Windows"), e.getMessage());
        }
    }
}
