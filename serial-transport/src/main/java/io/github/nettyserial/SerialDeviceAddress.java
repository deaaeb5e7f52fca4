package io.github.nettyserial;

import java.net.SocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * The address of a serial device: a path such as {@code /dev/ttyUSB0} on Linux or {@code COM12}
 * (or {@code \\.\COM12}) on Windows, or a remote port {@code rfc2217://HOST:PORT} served over TCP by an
 * RFC 2217 (Telnet COM Port Control) server such as ser2net or a device server. Pass it to
 * {@link io.netty.bootstrap.Bootstrap#connect(SocketAddress)}.
 *
 * <p>A remote address is checked here: the scheme, a host name or address ({@code [..]} around an IPv6
 * address), and a TCP port 1..65535; anything else is refused with an {@link IllegalArgumentException}
 * naming the address. The host is resolved at connect. See {@link SerialChannel} for how a remote port
 * behaves.
 */
public final class SerialDeviceAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;
    private static final String RFC2217 = "rfc2217://";

    private final String path;
    private final String host;
    private final int port;

    /**
     * @param path the device path, or {@code rfc2217://HOST:PORT}; must not be empty
     * @throws IllegalArgumentException for an empty path or a malformed remote address
     */
    public SerialDeviceAddress(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("serial device path must not be empty");
        }
        this.path = path;
        if (!path.toLowerCase(Locale.ROOT).startsWith(RFC2217)) {
            host = null;
            port = -1;
            return;
        }
        String rest = path.substring(RFC2217.length());
        int colon;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad(path, "an IPv6 address needs a closing ']'");
            }
            host = rest.substring(1, close);
            colon = close + 1;
            if (colon >= rest.length() || rest.charAt(colon) != ':') {
                throw bad(path, "no TCP port after the host");
            }
        } else {
            colon = rest.lastIndexOf(':');
            if (colon < 0) {
                throw bad(path, "no TCP port after the host");
            }
            host = rest.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw bad(path, "put an IPv6 address in brackets, as rfc2217://[::1]:PORT");
            }
        }
        if (host.isEmpty() || host.indexOf('/') >= 0 || host.indexOf('?') >= 0) {
            throw bad(path, "no valid host");
        }
        String portText = rest.substring(colon + 1);
        int p;
        try {
            p = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw bad(path, "TCP port '" + portText + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            throw bad(path, "TCP port " + p + " is outside 1..65535");
        }
        port = p;
    }

    private static IllegalArgumentException bad(String path, String why) {
        return new IllegalArgumentException("'" + path + "' is not a valid remote serial port address ("
                + RFC2217 + "HOST:PORT): " + why);
    }

    /** The device path as given (for a remote port, the whole {@code rfc2217://HOST:PORT}). */
    public String path() {
        return path;
    }

    /** Whether this is a remote port, {@code rfc2217://HOST:PORT}. */
    public boolean isRemote() {
        return host != null;
    }

    /** The host of a remote port (without brackets), or {@code null} for a local device. */
    public String host() {
        return host;
    }

    /** The TCP port of a remote port, or -1 for a local device. */
    public int port() {
        return port;
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
