package io.github.nettyserial;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * The address of a serial device: a path such as {@code /dev/ttyUSB0} on Linux or {@code COM12}
 * (or {@code \\.\COM12}) on Windows. Pass it to {@link io.netty.bootstrap.Bootstrap#connect(SocketAddress)}.
 */
public final class SerialDeviceAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * @param path the device path; must not be empty
     */
    public SerialDeviceAddress(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("serial device path must not be empty");
        }
        this.path = path;
    }

    /** The device path as given. */
    public String path() {
        return path;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerialDeviceAddress && ((SerialDeviceAddress) o).path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }
}
