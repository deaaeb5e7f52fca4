package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.NotASerialPortException;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortAccessDeniedException;
import io.github.nettyserial.SerialPortBusyException;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.UnsupportedSerialFeatureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The errno table: each errno becomes its typed exception, carrying the path and the code. */
class LinuxErrorsTest {

    @Test
    void openErrors() {
        assertOpen(Errno.ENOENT, SerialPortNotFoundException.class);
        assertOpen(Errno.ENXIO, SerialPortNotFoundException.class);
        assertOpen(Errno.ENODEV, SerialPortNotFoundException.class);
        assertOpen(Errno.EIO, SerialPortNotFoundException.class);
        assertOpen(Errno.EBUSY, SerialPortBusyException.class);
        assertOpen(Errno.EACCES, SerialPortAccessDeniedException.class);
        assertOpen(Errno.EPERM, SerialPortAccessDeniedException.class);
        assertOpen(Errno.EISDIR, NotASerialPortException.class);
        assertOpen(99, SerialException.class);
    }

    private static void assertOpen(int errno, Class<? extends SerialException> type) {
        SerialException e = LinuxErrors.open("/dev/ttyX", errno);
        assertInstanceOf(type, e);
        assertEquals(errno, e.nativeErrorCode());
        assertEquals("/dev/ttyX", e.path());
        assertTrue(e.getMessage().startsWith("/dev/ttyX: "), e.getMessage());
    }

    @Test
    void callErrors() {
        assertInstanceOf(SerialDisconnectedException.class, LinuxErrors.call("/dev/ttyX", "TIOCMGET", Errno.EIO));
        assertInstanceOf(SerialDisconnectedException.class, LinuxErrors.call("/dev/ttyX", "read", Errno.ENODEV));
        assertInstanceOf(UnsupportedSerialFeatureException.class, LinuxErrors.call("/dev/ttyX", "TIOCMGET", Errno.ENOTTY));
        assertInstanceOf(UnsupportedSerialConfigurationException.class, LinuxErrors.call("/dev/ttyX", "TCSETS2", Errno.EINVAL));
        assertTrue(LinuxErrors.call("/dev/ttyX", "TCSETS2", Errno.EINVAL).getMessage().contains("TCSETS2"));
    }

    @Test
    void accessDeniedNamesTheGroupAndHowToJoinIt(@TempDir Path dir) throws Exception {
        Path dev = Files.createFile(dir.resolve("ttyFAKE"));
        Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-rw----"));
        String group = Files.readAttributes(dev, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
        String msg = LinuxErrors.open(dev.toString(), Errno.EACCES).getMessage();
        assertTrue(msg.contains("group '" + group + "'"), msg);
        assertTrue(msg.contains("usermod -aG " + group), msg);
        Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-------"));
        msg = LinuxErrors.open(dev.toString(), Errno.EACCES).getMessage();
        assertTrue(msg.contains("udev rule"), msg);
    }
}
