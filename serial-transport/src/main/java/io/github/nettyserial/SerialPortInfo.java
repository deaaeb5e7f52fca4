package io.github.nettyserial;

import java.util.Objects;

/**
 * What the operating system says about one serial port, as {@link SerialPorts#list()} found it. Nothing here
 * comes from opening the port.
 *
 * <p>The fields follow pyserial's {@code ListPortInfo}, and so do the derived strings: {@link #description()}
 * and {@link #hwid()} read the same as {@code python -m serial.tools.list_ports -v} prints them for the same
 * port, e.g. {@code USB VID:PID=0403:6001 SER=A12345BC LOCATION=1-1}. USB fields are {@code -1} or
 * {@code null} for ports that are not on USB, and {@code null} where the device does not report them.
 *
 * <p>Instances are immutable and compare equal when every field is equal. {@link #builder(String)} makes
 * them, for fakes in tests too.
 */
public final class SerialPortInfo {
    /** What pyserial reports for a field it could not find out. */
    static final String NOT_AVAILABLE = "n/a";

    private final String device;
    private final String name;
    private final String description;
    private final String hwid;
    private final int vid;
    private final int pid;
    private final String serialNumber;
    private final String manufacturer;
    private final String product;
    private final String location;
    private final String interfaceName;
    private final String byIdPath;

    private SerialPortInfo(Builder b) {
        device = b.device;
        name = baseName(b.device);
        vid = b.vid;
        pid = b.pid;
        serialNumber = b.serialNumber;
        manufacturer = b.manufacturer;
        product = b.product;
        location = b.location;
        interfaceName = b.interfaceName;
        byIdPath = b.byIdPath;
        description = b.description != null ? b.description : isUsb() ? usbDescription() : NOT_AVAILABLE;
        hwid = b.hwid != null ? b.hwid : isUsb() ? usbHwid() : NOT_AVAILABLE;
    }

    /** Starts describing the port at {@code device}, e.g. {@code /dev/ttyUSB0} or {@code COM3}. */
    public static Builder builder(String device) {
        return new Builder(device);
    }

    /** The path to open: {@code /dev/ttyUSB0} on Linux, {@code COM3} on Windows. */
    public String device() {
        return device;
    }

    /** The last part of {@link #device()}: {@code ttyUSB0}, {@code COM3}. */
    public String name() {
        return name;
    }

    /**
     * A human-readable name: for USB ports the product (and interface) string, on Windows the device's
     * friendly name, otherwise the port's name or {@code "n/a"}, as pyserial words it.
     */
    public String description() {
        return description;
    }

    /**
     * pyserial's hardware id: {@code USB VID:PID=0403:6001 SER=A12345BC LOCATION=1-1} for USB ports, the
     * PNP id ({@code PNP0501}) for motherboard UARTs, the device name for ARM AMBA UARTs, or {@code "n/a"}.
     */
    public String hwid() {
        return hwid;
    }

    /** Whether the port is a USB device (then {@link #vid()} and {@link #pid()} are set). */
    public boolean isUsb() {
        return vid >= 0;
    }

    /** The USB vendor id (0x0403 for FTDI), or -1 if the port is not on USB. */
    public int vid() {
        return vid;
    }

    /** The USB product id (0x6001 for an FT232R), or -1 if the port is not on USB. */
    public int pid() {
        return pid;
    }

    /** The USB serial number string, or {@code null}. */
    public String serialNumber() {
        return serialNumber;
    }

    /** The USB manufacturer string, or {@code null}. */
    public String manufacturer() {
        return manufacturer;
    }

    /** The USB product string, or {@code null}. */
    public String product() {
        return product;
    }

    /**
     * Where the device is plugged in: on Linux the USB device's sysfs name ({@code 1-1.2}), or its interface
     * ({@code 1-1.2:1.1}) when the device has several; on Windows the hub and port numbers. {@code null} if unknown.
     */
    public String location() {
        return location;
    }

    /** The USB interface string (multi-port adapters name each port), or {@code null}. */
    public String interfaceName() {
        return interfaceName;
    }

    /**
     * A name that stays the same across re-plugging: the {@code /dev/serial/by-id/...} link udev made for
     * this port, or {@code null} when there is none (no udev, or not a USB port).
     */
    public String byIdPath() {
        return byIdPath;
    }

    private String usbDescription() {
        if (interfaceName != null) {
            return product + " - " + interfaceName;
        }
        return product != null ? product : name;
    }

    private String usbHwid() {
        StringBuilder sb = new StringBuilder("USB VID:PID=")
                .append(hex4(vid)).append(':').append(hex4(pid));
        if (serialNumber != null) {
            sb.append(" SER=").append(serialNumber);
        }
        if (location != null) {
            sb.append(" LOCATION=").append(location);
        }
        return sb.toString();
    }

    private static String hex4(int v) {
        String s = Integer.toHexString(v).toUpperCase(java.util.Locale.ROOT);
        return "0000".substring(Math.min(4, s.length())) + s;
    }

    private static String baseName(String device) {
        int cut = Math.max(device.lastIndexOf('/'), device.lastIndexOf('\\'));
        return device.substring(cut + 1);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SerialPortInfo)) {
            return false;
        }
        SerialPortInfo p = (SerialPortInfo) o;
        return vid == p.vid && pid == p.pid && device.equals(p.device) && description.equals(p.description)
                && hwid.equals(p.hwid) && Objects.equals(serialNumber, p.serialNumber)
                && Objects.equals(manufacturer, p.manufacturer) && Objects.equals(product, p.product)
                && Objects.equals(location, p.location) && Objects.equals(interfaceName, p.interfaceName)
                && Objects.equals(byIdPath, p.byIdPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, hwid, serialNumber, location);
    }

    /** {@code device - description [hwid]}. */
    @Override
    public String toString() {
        return device + " - " + description + " [" + hwid + ']';
    }

    /** Collects the fields of a {@link SerialPortInfo}; unset strings are {@code null}, unset ids -1. */
    public static final class Builder {
        private final String device;
        private String description;
        private String hwid;
        private int vid = -1;
        private int pid = -1;
        private String serialNumber;
        private String manufacturer;
        private String product;
        private String location;
        private String interfaceName;
        private String byIdPath;

        private Builder(String device) {
            this.device = Objects.requireNonNull(device, "device");
        }

        /** Sets the description; by default it is derived as pyserial does (see {@link SerialPortInfo#description()}). */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Sets the hardware id; by default USB ports get pyserial's {@code USB VID:PID=...} form, others {@code n/a}. */
        public Builder hwid(String hwid) {
            this.hwid = hwid;
            return this;
        }

        /** Marks the port as a USB device with these vendor and product ids (0..0xFFFF). */
        public Builder usb(int vid, int pid) {
            if (vid < 0 || vid > 0xFFFF || pid < 0 || pid > 0xFFFF) {
                throw new IllegalArgumentException("USB ids out of range: vid=" + vid + " pid=" + pid);
            }
            this.vid = vid;
            this.pid = pid;
            return this;
        }

        /** Sets the USB serial number string. */
        public Builder serialNumber(String serialNumber) {
            this.serialNumber = serialNumber;
            return this;
        }

        /** Sets the USB manufacturer string. */
        public Builder manufacturer(String manufacturer) {
            this.manufacturer = manufacturer;
            return this;
        }

        /** Sets the USB product string. */
        public Builder product(String product) {
            this.product = product;
            return this;
        }

        /** Sets where the device is plugged in. */
        public Builder location(String location) {
            this.location = location;
            return this;
        }

        /** Sets the USB interface string. */
        public Builder interfaceName(String interfaceName) {
            this.interfaceName = interfaceName;
            return this;
        }

        /** Sets the stable {@code /dev/serial/by-id/...} path. */
        public Builder byIdPath(String byIdPath) {
            this.byIdPath = byIdPath;
            return this;
        }

        /** Makes the immutable {@link SerialPortInfo}. */
        public SerialPortInfo build() {
            return new SerialPortInfo(this);
        }
    }
}
