package io.github.nettyserial.internal;

import io.github.nettyserial.SerialException;
import io.netty.channel.IoEventLoop;

/**
 * One platform's way of opening ports for one kind of {@link io.netty.channel.IoHandler}: Linux on epoll,
 * Windows on IOCP. {@link SerialBackends} picks the one a channel's loop is compatible with.
 */
public interface SerialBackend {

    /** Whether channels registered on {@code loop} can use this backend. */
    boolean isCompatible(IoEventLoop loop);

    /**
     * Opens the port at {@code path} and applies {@code settings} before any byte can be sent (DTR and RTS
     * included). On failure nothing stays open and a typed {@link SerialException} is thrown.
     */
    SerialIo open(SerialChannelContext channel, IoEventLoop loop, String path, SerialSettings settings)
            throws SerialException;
}
