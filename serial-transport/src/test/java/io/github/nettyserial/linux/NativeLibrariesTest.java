package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a host whose temporary directory is mounted noexec, Netty and JNA cannot load the native libraries they
 * unpack there. This mounts a real noexec tmpfs (the test runs as root, as CI does), shows that the failure
 * message names the setting to change, and that the documented settings make loading work.
 */
class NativeLibrariesTest {
    private static Path noexec;

    @BeforeAll
    static void mountNoexec() throws Exception {
        noexec = Files.createTempDirectory("netty-serial-noexec");
        run(List.of("mount", "-t", "tmpfs", "-o", "noexec,size=64m", "tmpfs", noexec.toString()),
                "mounting a noexec tmpfs needs root (CI runs as root)");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (noexec != null) {
            run(List.of("umount", noexec.toString()), "umount");
            Files.deleteIfExists(noexec);
        }
    }

    private static String run(List<String> command, String what) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), what);
        assertEquals(0, p.exitValue(), what + ": " + out);
        return out;
    }

    private static Process probe(String... properties) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String p : properties) {
            cmd.add(p);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NativeLoadProbe.class.getName());
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String output(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void nettyOnANoexecTmpdirFailsWithAMessageThatNamesTheSetting() throws Exception {
        Process p = probe("-Djava.io.tmpdir=" + noexec, "-Dio.netty.native.workdir=" + noexec);
        String out = output(p);
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("-Dio.netty.native.workdir="), out);
    }

    @Test
    void jnaOnANoexecTmpdirFailsWithAMessageThatNamesTheSetting(@org.junit.jupiter.api.io.TempDir Path exec) throws Exception {
        // Netty gets a working directory; JNA does not, and must not find a system copy either.
        Process p = probe("-Djava.io.tmpdir=" + noexec, "-Dio.netty.native.workdir=" + exec,
                "-Djna.tmpdir=" + noexec, "-Djna.nosys=true");
        String out = output(p);
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("-Djna.tmpdir="), out);
    }

    @Test
    void theDocumentedSettingsMakeItWork(@org.junit.jupiter.api.io.TempDir Path exec) throws Exception {
        Process p = probe("-Djava.io.tmpdir=" + noexec, "-Dio.netty.native.workdir=" + exec,
                "-Djna.tmpdir=" + exec, "-Djna.nosys=true");
        String out = output(p);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("LOADED"), out);
    }
}
