package io.github.nettyserial.linux;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialPortAccessDeniedException;
import io.github.nettyserial.SerialPortBusyException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.testkit.VirtualSerialPort;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors only an unprivileged opener meets, for real: a child JVM runs as {@code nobody} (through
 * util-linux's {@code setpriv}; the test runs as root, as CI does) and opens ports this JVM prepared.
 * EACCES must name the device's group and how to join it; a port held with TIOCEXCL must be refused with
 * EBUSY (root would bypass TIOCEXCL, which is why the exclusive lock is also an flock).
 */
class NonRootOpenerTest extends PtyChannelTest {
    @TempDir
    static Path classpathCopy;
    private static String classpath;

    /** The child runs as nobody, who cannot read /root/.m2: copy the classpath somewhere readable. */
    @BeforeAll
    static void copyClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Paths.get(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = classpathCopy.resolve(i++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                try (Stream<Path> tree = Files.walk(from)) {
                    for (Path p : (Iterable<Path>) tree::iterator) {
                        Path target = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        try (Stream<Path> tree = Files.walk(classpathCopy)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        classpath = String.join(File.pathSeparator, entries);
    }

    private static String openAsNobody(String device) throws Exception {
        List<String> cmd = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=/tmp", "-cp", classpath, OpenProbe.class.getName(), device);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe finished");
        assertEquals(0, p.exitValue(), "setpriv and the probe ran as nobody (the test must run as root): " + out);
        return out.lines().filter(l -> !l.startsWith("WARNING") && !l.isBlank()).reduce((a, b) -> b).orElse(out);
    }

    @Test
    void permissionDeniedNamesTheGroupAndHowToJoinIt() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            Path dev = Paths.get(port.path());
            // As a USB adapter's node is on Debian: root:dialout, rw for owner and group only.
            Files.setAttribute(dev, "posix:group",
                    dev.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("dialout"));
            Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-rw----"));
            String group = "dialout";
            String out = openAsNobody(port.path());
            assertTrue(out.startsWith("SerialPortAccessDeniedException 13 " + port.path()), out);
            assertTrue(out.contains("belongs to group '" + group + "'"), out);
            assertTrue(out.contains("usermod -aG " + group + " nobody"), out);
        }
    }

    @Test
    void anExclusiveHolderRefusesOthersWithEbusy() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            Files.setPosixFilePermissions(Paths.get(port.path()), PosixFilePermissions.fromString("rw-rw-rw-"));
            assertEquals("OPENED", openAsNobody(port.path()), "nobody may open it while no one holds it");
            SerialChannel holder = PtyChannels.connect(bootstrap(), port.address()); // EXCLUSIVE is the default
            String out = openAsNobody(port.path());
            assertTrue(out.startsWith("SerialPortBusyException 16 " + port.path()), out);
            assertTrue(out.contains("TIOCEXCL"), out);
            holder.close().sync();
            assertEquals("OPENED", openAsNobody(port.path()), "released at close");
        }
    }
}
