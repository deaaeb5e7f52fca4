package io.github.nettyserial.linux;

import io.github.nettyserial.NotASerialPortException;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortAccessDeniedException;
import io.github.nettyserial.SerialPortBusyException;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.UnsupportedSerialFeatureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;

/** The one place where an errno becomes a typed {@link SerialException} on Linux. */
final class LinuxErrors {
    private LinuxErrors() {
    }

    /** An error from {@code open(2)} of the device. */
    static SerialException open(String path, int errno) {
        String what = "cannot open: " + Errno.describe(errno);
        switch (errno) {
            case Errno.ENOENT:
            case Errno.ENOTDIR:
            case Errno.ELOOP:
                return new SerialPortNotFoundException(path, errno, what + "; no such device (unplugged? "
                        + "see SerialPorts.list() for the ports present)");
            case Errno.ENXIO:
            case Errno.ENODEV:
            case Errno.EIO:
                return new SerialPortNotFoundException(path, errno, what
                        + "; the device node exists but no UART answers behind it");
            case Errno.EBUSY:
                return new SerialPortBusyException(path, errno, what
                        + "; another program opened it exclusively (TIOCEXCL)" + LockHolders.describe(path));
            case Errno.EACCES:
            case Errno.EPERM:
            case Errno.EROFS:
                return new SerialPortAccessDeniedException(path, errno, what + "; " + accessAdvice(path));
            case Errno.EISDIR:
                return new NotASerialPortException(path, errno, what + "; it is a directory");
            default:
                return new SerialException(path, errno, what);
        }
    }

    /** An error from an ioctl or other call on the open port. */
    static SerialException call(String path, String operation, int errno) {
        String what = operation + " failed: " + Errno.describe(errno);
        switch (errno) {
            case Errno.EIO:
            case Errno.ENODEV:
            case Errno.ENXIO:
            case Errno.EBADF:
                return new SerialDisconnectedException(path, errno, what + "; the port went away (unplugged or hung up)");
            case Errno.ENOTTY:
                return new UnsupportedSerialFeatureException(path, errno, what + "; the driver does not support it");
            case Errno.EINVAL:
                return new UnsupportedSerialConfigurationException(path, errno, what + "; the driver refused the value");
            default:
                return new SerialException(path, errno, what);
        }
    }

    /** Which group owns the device and how to join it, read from the file's attributes. */
    static String accessAdvice(String path) {
        Path p = Paths.get(path);
        try {
            PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                p = p.toRealPath();
                attrs = Files.readAttributes(p, PosixFileAttributes.class);
            }
            String group = attrs.group().getName();
            boolean groupRw = attrs.permissions().containsAll(
                    List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE));
            String user = System.getProperty("user.name");
            if (groupRw) {
                return "the device " + p + " belongs to group '" + group + "' (" + modeOf(attrs) + ") and user '"
                        + user + "' is not in it: run `sudo usermod -aG " + group + " " + user
                        + "`, then log out and in again (or `newgrp " + group + "`)";
            }
            return "the device " + p + " is owned by " + attrs.owner().getName() + ":" + group + " with mode "
                    + modeOf(attrs) + ", which does not let user '" + user
                    + "' read and write it; a udev rule (MODE=\"0660\", GROUP=\"dialout\") fixes that";
        } catch (IOException | UnsupportedOperationException e) {
            return "the process lacks permission to read and write it";
        }
    }

    private static String modeOf(PosixFileAttributes attrs) {
        return java.nio.file.attribute.PosixFilePermissions.toString(attrs.permissions());
    }
}
