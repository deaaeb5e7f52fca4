package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Runs the JNA layer's own code — {@link JnaWin32} calling the direct-mapped {@link Kernel32} natives
 * through JNA — against a recording stand-in for kernel32 ({@code src/test/c/kernel32_stub.c}, built here
 * with gcc and loaded under the name {@code kernel32}). Every argument must arrive at the C prototype with
 * all its bits, and every returned HANDLE must come back whole: a HANDLE or pointer cut to 32 bits anywhere
 * between the {@link Win32} interface and the native declaration fails here. Linux only: on Windows the
 * name {@code kernel32} is the real one.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "loads a stand-in under the name kernel32; on Windows that is the real DLL")
class JnaWin32CallsTest {

    /** The stand-in's record of the last call. */
    public interface Recorder extends Library {
        String stub_name();

        int stub_count();

        long stub_arg(int i);

        String stub_text();

        long stub_returned_handle();
    }

    private static Recorder recorder;

    @BeforeAll
    static void buildTheStandIn() throws IOException, InterruptedException {
        Path dir = Path.of("target", "kernel32-stub").toAbsolutePath();
        Files.createDirectories(dir);
        Path library = dir.resolve("libkernel32.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o", library.toString(),
                Path.of("src", "test", "c", "kernel32_stub.c").toString()).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), "gcc (installed by ./test-all) failed to build the kernel32 stand-in:\n" + output);
        NativeLibrary.addSearchPath("kernel32", dir.toString());
        recorder = Native.load(library.toString(), Recorder.class);
    }

    /** A 64-bit value whose upper half and bit 31 are set, so a cut or a sign extension changes it. */
    private static long wide(int i) {
        return 0x7FF0_0000_0000_0000L | ((long) (i + 1) << 32) | (0x8000_0000L + 0x10L * i);
    }

    @TestFactory
    List<DynamicTest> everyCallArrivesWithAllItsBits() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Method m : Win32.class.getDeclaredMethods()) {
            if (BindingsTest.PROTOTYPES.containsKey(m.getName())) {
                tests.add(DynamicTest.dynamicTest(m.getName(), () -> callAndCheck(m)));
            }
        }
        assertEquals(BindingsTest.PROTOTYPES.size(), tests.size(), "one call per kernel32 function");
        return tests;
    }

    private static void callAndCheck(Method m) throws Exception {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        long[] expected = new long[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == long.class) {
                args[i] = wide(i);
                expected[i] = wide(i);
            } else if (types[i] == int.class) {
                int v = 0x8000_0000 | (i + 1); // a DWORD with the top bit set, as GENERIC_READ is
                args[i] = v;
                expected[i] = Integer.toUnsignedLong(v);
            } else if (types[i] == boolean.class) {
                args[i] = true;
                expected[i] = 1;
            } else {
                args[i] = "\\\\.\\COM12";
                expected[i] = -1; // a pointer to the copy JNA made: compared as text below
            }
        }
        Object returned = m.invoke(JnaWin32.INSTANCE, args);
        assertEquals(m.getName(), recorder.stub_name(), "the native that ran");
        assertEquals(types.length, recorder.stub_count());
        for (int i = 0; i < types.length; i++) {
            if (expected[i] == -1) {
                assertEquals("\\\\.\\COM12", recorder.stub_text(), m.getName() + " file name");
                assertNotEquals(0, recorder.stub_arg(i));
            } else {
                assertEquals(Long.toHexString(expected[i]), Long.toHexString(recorder.stub_arg(i)),
                        m.getName() + " argument " + i + " (" + types[i] + ")");
            }
        }
        if (m.getReturnType() == long.class) {
            assertEquals(Long.toHexString(recorder.stub_returned_handle()), Long.toHexString((Long) returned),
                    m.getName() + " returns the HANDLE whole");
        } else {
            assertEquals(true, returned, m.getName() + " returns TRUE");
        }
    }

    @Test
    void nativeMemoryComesFromJnaAndGoesBack() {
        long a = JnaWin32.INSTANCE.allocate(64);
        assertTrue(a != 0);
        PlatformDependent.setMemory(a, 64, (byte) 0x5A);
        assertEquals(0x5A, PlatformDependent.getByte(a + 63));
        JnaWin32.INSTANCE.free(a);
    }
}
