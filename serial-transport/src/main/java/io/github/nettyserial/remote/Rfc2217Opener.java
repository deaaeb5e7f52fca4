package io.github.nettyserial.remote;

import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.channel.IoEventLoop;

/**
 * Opens an {@code rfc2217://HOST:PORT} port for a {@link io.github.nettyserial.SerialChannel}; chosen by
 * {@link io.github.nettyserial.internal.SerialPlatforms}. Nothing happens on the network until the channel
 * registers the result with its loop.
 */
public final class Rfc2217Opener {
    /**
     * System property: how long to wait, in milliseconds, for the server to agree to COM-PORT-OPTION and to
     * answer each settings change (default 3000). Read at each connect.
     */
    public static final String TIMEOUT_PROPERTY = "io.github.nettyserial.rfc2217.timeoutMillis";
    static final long DEFAULT_TIMEOUT_MILLIS = 3000;

    private Rfc2217Opener() {
    }

    /** A client for {@code address} whose connection is made on {@code loop} when it is registered. */
    public static SerialIo open(SerialChannelContext channel, IoEventLoop loop, SerialDeviceAddress address,
                                SerialSettings settings) {
        long timeout = Long.getLong(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT_MILLIS);
        if (timeout <= 0) {
            throw new IllegalArgumentException("-D" + TIMEOUT_PROPERTY + "=" + timeout + " refused: it must be positive");
        }
        return new Rfc2217SerialIo(channel, address, settings, timeout);
    }
}
