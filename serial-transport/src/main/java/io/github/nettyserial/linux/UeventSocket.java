package io.github.nettyserial.linux;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.github.nettyserial.SerialException;
import io.netty.channel.unix.FileDescriptor;

/**
 * Opens the kernel's uevent netlink socket: {@code socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT)}
 * bound to multicast group 1, the kernel's own broadcasts. No udev library is involved, so this works
 * where udevd does not run (containers, initramfs, the QEMU rig); where it runs, events may arrive before
 * udev has set permissions or made /dev/serial/by-id links, which a rescan on the next event picks up.
 */
final class UeventSocket {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_KOBJECT_UEVENT = 15;
    /** The kernel's group; udevd re-broadcasts (with its own binary header) on group 2. */
    private static final int KERNEL_GROUP = 1;
    /** struct sockaddr_nl: u16 family, u16 pad, u32 pid, u32 groups. */
    private static final int SOCKADDR_NL_SIZE = 12;

    static {
        Native.register(UeventSocket.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private UeventSocket() {
    }

    private static native int socket(int domain, int type, int protocol);

    private static native int bind(int fd, long address, int length);

    private static native int close(int fd);

    /** Opens and binds a non-blocking uevent socket; the caller owns (and closes) the descriptor. */
    static FileDescriptor open() throws SerialException {
        NativeLibraries.ensureAvailable();
        int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
        if (fd < 0) {
            int errno = Native.getLastError();
            throw new SerialException("netlink:uevent", errno, "cannot open the uevent socket (errno " + errno
                    + "); hotplug events need NETLINK_KOBJECT_UEVENT, which some containers do not provide");
        }
        try (Memory address = new Memory(SOCKADDR_NL_SIZE)) {
            address.clear();
            address.setShort(0, (short) AF_NETLINK);
            address.setInt(8, KERNEL_GROUP); // nl_pid stays 0: the kernel assigns one
            if (bind(fd, Pointer.nativeValue(address), SOCKADDR_NL_SIZE) < 0) {
                int errno = Native.getLastError();
                close(fd);
                throw new SerialException("netlink:uevent", errno, "cannot bind the uevent socket (errno " + errno + ')');
            }
        }
        return new FileDescriptor(fd);
    }

}
